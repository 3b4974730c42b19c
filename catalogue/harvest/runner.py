"""Run a crawl: every spider in one Scrapy process, one crawl record in the store.

The Twisted reactor cannot be started twice in one Python process, so the Scrapy
process runs in a forked child; the parent checks the configuration before, and
records the crawl's end, counts and errors after. Nothing but JSON-compatible figures
comes back from the child.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Sequence

import requests

from catalogue.config import Settings
from catalogue.db import open_store
from catalogue.errors import CatalogueError, ForgeUnreachableError
from catalogue.records import Publisher
from catalogue.timeutil import format_time, utcnow
from catalogue.urls import url_host

logger = logging.getLogger(__name__)

SPIDERS = {"github": "spiders.github.GitHubSpider", "gitlab": "spiders.gitlab.GitLabSpider"}


@dataclass(frozen=True)
class CrawlSummary:
    """What one crawl did: its record id, counts, requests, errors, wall time (seconds)."""

    crawl_id: int
    repositories_seen: int
    repositories_created: int
    repositories_changed: int
    requests: int
    errors: tuple[str, ...]
    seconds: float
    stats: dict[str, Any] = field(default_factory=dict)


def forges_in_use(settings: Settings, publishers: Sequence[Publisher]) -> dict[str, str]:
    """``{host: forge type}`` of every codeHosting URL.

    Raises UnknownHostError for a host that no forge table configures, before any
    request is sent.
    """
    used = {}
    for publisher in publishers:
        for entry in publisher.code_hosting:
            host = url_host(entry.url)
            used[host] = settings.forge_for(host).type
    return used


def check_reachable(settings: Settings, hosts: Sequence[str], timeout: float = 10.0) -> None:
    """Raise ForgeUnreachableError naming the first forge whose API does not answer at all.

    Any HTTP answer, even an error status, counts as reachable; only connection
    failures and timeouts do not. No token is sent.
    """
    for host in hosts:
        forge = settings.forge_for(host)
        try:
            requests.get(forge.rest_url, timeout=timeout, allow_redirects=False)
        except requests.RequestException as exc:
            reason = type(exc).__name__
            raise ForgeUnreachableError(f"forge {host} does not answer at {forge.api_url} ({reason})") from None


def _crawl_child(queue, settings: Settings, publishers, now: datetime, crawl_id: int, spider_names, overrides) -> None:
    try:
        from scrapy.crawler import CrawlerProcess
        from scrapy.utils.misc import load_object
        from scrapy.utils.project import get_project_settings

        scrapy_settings = get_project_settings()
        scrapy_settings.setmodule("catalogue.harvest.settings", priority="project")
        scrapy_settings.update(
            {
                "CATALOGUE_SETTINGS": settings,
                "CATALOGUE_PUBLISHERS": tuple(publishers),
                "CATALOGUE_NOW": format_time(now),
                "CATALOGUE_CRAWL_ID": crawl_id,
                **(overrides or {}),
            },
            priority="cmdline",
        )
        # Scrapy installs its own root handler at LOG_LEVEL; the parent's handlers
        # (inherited by the fork) would print everything a second time.
        for handler in list(logging.root.handlers):
            logging.root.removeHandler(handler)
        process = CrawlerProcess(scrapy_settings)
        crawlers = []
        for name in spider_names:
            crawler = process.create_crawler(load_object(SPIDERS[name]))
            crawlers.append(crawler)
            process.crawl(crawler)
        process.start()
        stats: dict[str, Any] = {}
        errors: list[str] = []
        for crawler in crawlers:
            for key, value in crawler.stats.get_stats().items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    stats[key] = stats.get(key, 0) + value
            errors.extend(getattr(crawler.spider, "crawl_errors", []))
        queue.put({"stats": stats, "errors": errors})
    except CatalogueError as exc:
        queue.put({"fatal": str(exc)})
    except Exception as exc:  # reported in the parent as one line, logged in full here
        logging.getLogger(__name__).exception("crawl failed")
        queue.put({"fatal": f"crawl failed: {type(exc).__name__}: {exc}"})


def run_crawl(
    settings: Settings,
    publishers: Sequence[Publisher],
    *,
    now: datetime | None = None,
    check_forges: bool = True,
    scrapy_settings: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl every publisher account and store what was found.

    ``scrapy_settings`` override Scrapy's (tests set ``CATALOGUE_WAIT_SCALE`` to 0).
    Raises UnknownHostError or ForgeUnreachableError before the crawl starts;
    CatalogueError when the crawl process failed as a whole. Errors of single
    accounts or repositories do not raise: they are in the summary and the crawl record.
    """
    started = time.monotonic()
    now = now or utcnow()
    used = forges_in_use(settings, publishers)
    if check_forges:
        check_reachable(settings, sorted(used))
    spider_names = [name for name in SPIDERS if name in set(used.values())]
    store = open_store(settings.db)
    try:
        crawl_id = store.begin_crawl(now)
    finally:
        store.close()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(
        target=_crawl_child, args=(queue, settings, tuple(publishers), now, crawl_id, spider_names, scrapy_settings)
    )
    child.start()
    result = queue.get()
    child.join()
    if "fatal" in result:
        raise CatalogueError(result["fatal"])
    stats, errors = result["stats"], result["errors"]
    store = open_store(settings.db)
    try:
        requests_made = int(stats.get("downloader/request_count", 0))
        store.finish_crawl(crawl_id, utcnow(), requests=requests_made, errors=errors, stats=stats)
    finally:
        store.close()
    return CrawlSummary(
        crawl_id=crawl_id,
        repositories_seen=int(stats.get("catalogue/repositories/seen", 0)),
        repositories_created=int(stats.get("catalogue/repositories/created", 0)),
        repositories_changed=int(stats.get("catalogue/repositories/changed", 0)),
        requests=requests_made,
        errors=tuple(errors),
        seconds=round(time.monotonic() - started, 2),
        stats=stats,
    )
