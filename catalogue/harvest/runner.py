"""Run a crawl: every spider in one Scrapy process, one crawl record in the store.

The Twisted reactor cannot be started twice in one Python process, so the Scrapy
process runs in a forked child; the parent checks the configuration before, and
records the crawl's end, counts and errors after. Nothing but JSON-compatible figures
comes back from the child.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import shutil
import signal
import time
from pathlib import Path
from queue import Empty
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Sequence

import socket
from urllib.parse import urlsplit

from catalogue.config import Settings
from catalogue.db import open_store
from catalogue.errors import CatalogueError, ForgeUnreachableError, PublishersError, UnknownHostError
from catalogue.forges import forge_unit
from catalogue.records import Publisher
from catalogue.timeutil import format_time, utcnow
from catalogue.urls import hosting_target, url_host

logger = logging.getLogger(__name__)



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

    @property
    def budgets(self) -> dict[str, int]:
        """Rate-limit budget left at the end, per forge host (``host`` for REST,
        ``host/graphql`` for GitHub's GraphQL points), as the forges' answers said."""
        prefix = "catalogue/budget/"
        return {key[len(prefix):]: int(value) for key, value in sorted(self.stats.items()) if key.startswith(prefix)}


def forges_in_use(settings: Settings, publishers: Sequence[Publisher]) -> dict[str, str]:
    """``{host: forge type}`` of every codeHosting URL.

    Raises UnknownHostError for a host that no forge table configures, PublishersError
    for a URL of a form its forge does not know, before any request is sent.
    """
    used = {}
    for publisher in publishers:
        for entry in publisher.code_hosting:
            host = url_host(entry.url)
            where = f"{settings.publishers}: " if settings.publishers else "publishers: "
            try:
                used[host] = settings.forge_for(host).type
            except UnknownHostError as exc:
                raise UnknownHostError(f"{where}publisher {publisher.id!r}, {entry.url}: {exc}") from None
            try:  # a form the forge does not know (Forge.hosting_target)
                hosting_target(entry.url, group=entry.group, forge_type=used[host])
            except ValueError as exc:
                raise PublishersError(f"{where}publisher {publisher.id!r}: {exc}") from None
    return used


def check_reachable(settings: Settings, hosts: Sequence[str], timeout: float = 10.0) -> None:
    """Raise ForgeUnreachableError naming the first forge whose API host does not accept
    a connection (refused, unknown name, timeout).

    Only a TCP connection is opened: no request reaches the forge, so the check costs
    no rate-limit budget.
    """
    for host in hosts:
        forge = settings.forge_for(host)
        parts = urlsplit(forge.api_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        try:
            with socket.create_connection((parts.hostname, port), timeout=timeout):
                pass
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise ForgeUnreachableError(f"forge {host} does not answer at {forge.api_url} ({reason})") from None


def _crawl_child(queue, settings: Settings, publishers, now: datetime, crawl_id: int, hosts: dict[str, str],
                 overrides, job_dir: str | None) -> None:
    try:
        from scrapy.crawler import CrawlerProcess
        from scrapy.utils.misc import load_object
        from scrapy.utils.project import get_project_settings

        base = get_project_settings()
        base.setmodule("catalogue.harvest.settings", priority="project")
        base.update(
            {
                "CATALOGUE_SETTINGS": settings,
                "CATALOGUE_PUBLISHERS": tuple(publishers),
                "CATALOGUE_NOW": format_time(now),
                "CATALOGUE_CRAWL_ID": crawl_id,
                "HTTPCACHE_DIR": str(Path(settings.output) / "cache" / "http"),
                **(overrides or {}),
            },
            priority="cmdline",
        )
        # Scrapy installs its own root handler at LOG_LEVEL; the parent's handlers
        # (inherited by the fork) would print everything a second time.
        for handler in list(logging.root.handlers):
            logging.root.removeHandler(handler)
        process = CrawlerProcess(base)
        crawlers = []
        failed: list[str] = []
        # One crawler per forge host: each has its own downloader and concurrency, so a
        # rate-limit pause of one forge never holds up another.
        for host, forge_type in sorted(hosts.items()):
            spider_class = load_object(forge_unit(forge_type).spider)
            if job_dir:  # each crawler keeps its own queue on disk
                folder = str(Path(job_dir) / host.replace(":", "_"))
                spider_class = type(spider_class.__name__, (spider_class,),
                                    {"custom_settings": {**spider_class.custom_settings, "JOBDIR": folder}})
            crawler = process.create_crawler(spider_class)
            crawlers.append(crawler)
            started = process.crawl(crawler, host=host)
            # A crawler that cannot start (an error while building the spider) would
            # otherwise only be logged: it is a crawl error, named by its host.
            started.addErrback(lambda failure, host=host: failed.append(
                f"{host}: the crawl could not start: {failure.getErrorMessage()}"))
        process.start()
        for crawler in crawlers:
            folder = crawler.settings.get("JOBDIR")
            if folder and _stats_of(crawler).get("finish_reason") == "finished":
                shutil.rmtree(folder, ignore_errors=True)  # done: nothing left to resume
        stats: dict[str, Any] = {}
        errors: list[str] = list(failed)
        for crawler in crawlers:
            for key, value in _stats_of(crawler).items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    stats[key] = stats.get(key, 0) + value
            errors.extend(getattr(crawler.spider, "crawl_errors", []))
        stats["memory/peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        queue.put({"stats": stats, "errors": errors})
    except CatalogueError as exc:
        queue.put({"fatal": str(exc)})
    except Exception as exc:  # reported in the parent as one line, logged in full here
        logging.getLogger(__name__).exception("crawl failed")
        queue.put({"fatal": f"crawl failed: {type(exc).__name__}: {exc}"})


def _stats_of(crawler) -> dict[str, Any]:
    """A crawler's stats; empty for a crawler that never started (Scrapy sets them then)."""
    try:
        return crawler.stats.get_stats()
    except RuntimeError:
        return {}


def _wait_for_result(queue, child) -> dict:
    """The child's result; a child that died without one (SIGKILL) is a failed crawl."""
    while True:
        try:
            return queue.get(timeout=1.0)
        except Empty:
            if not child.is_alive():
                return {"fatal": f"the crawl process ended without a result (exit code {child.exitcode})"}


def run_crawl(
    settings: Settings,
    publishers: Sequence[Publisher],
    *,
    now: datetime | None = None,
    check_forges: bool = True,
    scrapy_settings: dict[str, Any] | None = None,
    full: bool = False,
    job_dir: str | Path | None = None,
    demo: bool = False,
) -> CrawlSummary:
    """Crawl every publisher account and store what was found.

    ``scrapy_settings`` override Scrapy's (tests set ``CATALOGUE_WAIT_SCALE`` to 0).
    ``full`` fetches every repository again, changed or not; ``job_dir`` keeps the
    crawl's state on disk (Scrapy's JOBDIR, one folder per forge host), so that a crawl
    stopped with SIGTERM resumes where it stopped when run again with the same folder.
    ``demo`` marks the crawl record as a crawl of demonstration data (``catalogue/demo``
    in its stats), so that a site built later from that database says so.
    Raises UnknownHostError or ForgeUnreachableError before the crawl starts;
    CatalogueError when the crawl process failed as a whole. Errors of single
    accounts or repositories do not raise: they are in the summary and the crawl record.
    """
    started = time.monotonic()
    now = now or utcnow()
    used = forges_in_use(settings, publishers)
    store = open_store(settings.db)  # a wrong database URL fails here, before any request
    try:
        if check_forges:
            check_reachable(settings, sorted(used))
        crawl_id = store.begin_crawl(now)
    finally:
        store.close()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    overrides = {**(scrapy_settings or {}), "CATALOGUE_FULL": full}
    child = context.Process(
        target=_crawl_child,
        args=(queue, settings, tuple(publishers), now, crawl_id, used, overrides, str(job_dir) if job_dir else None),
    )
    child.start()
    # SIGTERM / SIGINT to this process stop the crawl the way Scrapy stops: gracefully,
    # keeping the job folder's state.
    previous = {sig: signal.signal(sig, lambda signum, frame: os.kill(child.pid, signum))
                for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        result = _wait_for_result(queue, child)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        child.join()
    if "fatal" in result:
        raise CatalogueError(result["fatal"])
    stats, errors = result["stats"], result["errors"]
    if demo:
        stats["catalogue/demo"] = 1
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
