"""Run a crawl: every spider in one Scrapy process, one crawl record in the store.

The Twisted reactor cannot be started twice in one Python process, so the Scrapy
process runs in a forked child; the parent checks the configuration before, and
records the crawl's end, counts and errors after. Nothing but JSON-compatible figures
comes back from the child.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import sys
import resource
import shutil
import signal
import time
from pathlib import Path
from queue import Empty
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Sequence

import socket
from urllib.parse import urlsplit

from catalogue.config import Settings
from catalogue.db import open_store
from catalogue.db.lock import crawl_lock
from catalogue.harvest.cache import cache_dir
from catalogue.harvest.items import AccountListing
from catalogue.harvest.logformat import formatter
from catalogue.harvest.outcome import FAILED, ErrorLog, exit_status, host_outcome, record_errors
from catalogue.harvest.report import crawl_report, unconfirmed_accounts, write_report
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
    failed_hosts: tuple[str, ...] = ()
    """Forge hosts whose crawler could not start or got no answer at all."""
    stopped: bool = False
    """True when the crawl was stopped (SIGTERM, SIGINT) before its end."""
    hosts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per forge host: ``requests``, ``responses``, ``finish_reason`` and its stats."""
    report_path: Path | None = None
    """The JSON crawl report written next to the crawl record (``OUTPUT/crawls/``)."""

    @property
    def exit_code(self) -> int:
        """0 ok, 1 finished with errors, 2 failed or stopped (``catalogue.harvest.outcome``)."""
        return exit_status(self.errors, self.failed_hosts, self.stopped)

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
                 overrides, job_dir: str | None, parent_pid: int | None = None) -> None:
    die_with_parent(parent_pid)
    try:
        from scrapy import signals
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
                "HTTPCACHE_DIR": str(cache_dir(settings.output).resolve()),
                **(overrides or {}),
            },
            priority="cmdline",
        )
        # One root handler at LOG_LEVEL in the chosen format (one event per line), in
        # place of Scrapy's own; the parent's handlers (inherited by the fork) would
        # print everything a second time.
        for handler in list(logging.root.handlers):
            logging.root.removeHandler(handler)
        root_handler = logging.StreamHandler()
        root_handler.setFormatter(formatter(base.get("CATALOGUE_LOG_FORMAT") or "text"))
        root_handler.setLevel(base.get("LOG_LEVEL"))
        logging.root.addHandler(root_handler)
        logging.root.setLevel(base.get("LOG_LEVEL"))
        process = _crawler_process(base)
        crawlers = []
        failed: list[str] = []
        listed: list[str] = []
        handlers: list = []
        # One crawler per forge host: each has its own downloader and concurrency, so a
        # rate-limit pause of one forge never holds up another.
        for host, forge_type in sorted(hosts.items()):
            spider_class = load_object(forge_unit(forge_type).spider)
            if job_dir:  # each crawler keeps its own queue on disk
                folder = str(Path(job_dir) / host.replace(":", "_"))
                spider_class = type(spider_class.__name__, (spider_class,),
                                    {"custom_settings": {**spider_class.custom_settings, "JOBDIR": folder}})
            crawler = process.create_crawler(spider_class)
            handler = _note_listing(listed)
            handlers.append(handler)  # Scrapy's signals hold their receivers weakly
            crawler.signals.connect(handler, signal=signals.item_scraped)
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
        spider_errors: list[str] = []
        per_host: dict[str, dict[str, Any]] = {}
        for host, crawler in zip(sorted(hosts), crawlers):
            crawler_stats = _stats_of(crawler)
            numbers = {key: value for key, value in crawler_stats.items()
                       if isinstance(value, (int, float)) and not isinstance(value, bool)}
            for key, value in numbers.items():
                if key.startswith("log_count/"):
                    # Each crawler's LogCounterHandler sees the whole process's log: the
                    # process's count is the largest, not the sum.
                    stats[key] = max(stats.get(key, 0), value)
                else:
                    stats[key] = stats.get(key, 0) + value
            spider_errors.extend(getattr(crawler.spider, "crawl_errors", []))
            outcome = host_outcome(host, crawler_stats)
            per_host[host] = {"requests": outcome.requests, "responses": outcome.responses, "usable": outcome.usable,
                              "finish_reason": outcome.finish_reason, "unreachable": outcome.unreachable,
                              "stopped": outcome.stopped, "stats": numbers}
        failed_hosts = [message.split(":", 1)[0] for message in failed]
        failed_hosts += [host for host, outcome in per_host.items() if outcome["unreachable"]]
        errors = record_errors(spider_errors, ErrorLog._installed, failed)
        stats["memory/peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        queue.put({"stats": stats, "errors": errors, "hosts": per_host, "failed_hosts": sorted(set(failed_hosts)),
                   "stopped": any(outcome["stopped"] for outcome in per_host.values()),
                   "listed_accounts": listed})
    except CatalogueError as exc:
        queue.put({"fatal": str(exc)})
    except Exception as exc:  # reported in the parent as one line, logged in full here
        logging.getLogger(__name__).exception("crawl failed")
        queue.put({"fatal": f"crawl failed: {type(exc).__name__}: {exc}"})


def _note_listing(listed: list[str]):
    """An ``item_scraped`` handler that notes the account URL of every complete listing."""
    def note(item, response=None, spider=None):
        if isinstance(item, AccountListing):
            listed.append(item.account_url)
    return note


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


def die_with_parent(parent_pid: int | None) -> None:
    """Make this (forked) process die when its parent dies, even by SIGKILL.

    Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` (prctl(2)), through ctypes; elsewhere
    nothing is set and the parent's signal handlers stop the child. A parent that died
    before the call (``getppid()`` changed) ends the child at once. The child stays in
    its parent's process group, so ``kill -- -PGID`` (and systemd's control group)
    reach both.
    """
    if parent_pid is None:
        return
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            logger.warning("cannot ask to die with the parent process (prctl unavailable)")
    if os.getppid() != parent_pid:
        os._exit(FAILED)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
    workers: int = 0,
) -> CrawlSummary:
    """Crawl every publisher account and store what was found.

    ``scrapy_settings`` override Scrapy's (tests set ``CATALOGUE_WAIT_SCALE`` to 0).
    ``full`` fetches every repository again, changed or not; ``job_dir`` keeps the
    crawl's state on disk (Scrapy's JOBDIR, one folder per forge host), so that a crawl
    stopped with SIGTERM resumes where it stopped when run again with the same folder.
    ``demo`` marks the crawl record as a crawl of demonstration data (``catalogue/demo``
    in its stats), so that a site built later from that database says so.

    The crawl holds the catalogue's crawl lock (``catalogue.db.lock``) from before the
    store is opened until its record is finished; the forked Scrapy process dies with
    this one. Raises UnknownHostError or ForgeUnreachableError before the crawl starts,
    CrawlLockedError when another crawl holds the lock (``settings.crawl_lock`` is
    ``refuse``), CatalogueError when the crawl process failed as a whole. Errors of
    single accounts or repositories do not raise: they are in the summary, the crawl
    record and the crawl report (``OUTPUT/crawls/crawl-ID.json``); ``exit_code`` says
    0 / 1 / 2. ``workers`` (or a ``redis_url`` in the settings) makes it a distributed
    crawl of that many processes (``catalogue.harvest.distributed.run_distributed_crawl``).
    """
    used = forges_in_use(settings, publishers)
    with crawl_lock(settings.db, settings.crawl_lock):
        if workers or settings.redis_url:  # distributed crawl: catalogue.harvest.distributed, docs/scale.md
            from catalogue.harvest.distributed import run_distributed_crawl
            return run_distributed_crawl(settings, publishers, workers=workers or 1, now=now,
                                         check_forges=check_forges, scrapy_settings=scrapy_settings, full=full,
                                         demo=demo, job_dir=job_dir)
        return _locked_crawl(settings, publishers, used, now=now, check_forges=check_forges,
                             scrapy_settings=scrapy_settings, full=full, job_dir=job_dir, demo=demo)


def _locked_crawl(settings: Settings, publishers: Sequence[Publisher], used: dict[str, str], *, now, check_forges,
                  scrapy_settings, full, job_dir, demo) -> CrawlSummary:
    started = time.monotonic()
    now = now or utcnow()
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
        args=(queue, settings, tuple(publishers), now, crawl_id, used, overrides, str(job_dir) if job_dir else None,
              os.getpid()),
    )
    received: list[int] = []

    def forward(signum, frame):
        # SIGTERM / SIGINT to this process stop the crawl the way Scrapy stops:
        # gracefully, keeping the job folder's state (a second one forces the stop).
        received.append(signum)
        if child.pid:
            os.kill(child.pid, signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        child.start()
        result = _wait_for_result(queue, child)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        child.join()
    if "fatal" in result:
        raise CatalogueError(result["fatal"])
    stats, errors = result["stats"], result["errors"]
    stopped = bool(result.get("stopped")) or bool(received)
    if demo:
        stats["catalogue/demo"] = 1
    if stopped:
        stats["catalogue/stopped"] = 1
    failed_accounts = unconfirmed_accounts(publishers, used, result.get("listed_accounts", ()), errors)
    stats["catalogue/accounts/failed"] = len(failed_accounts)
    store = open_store(settings.db)
    try:
        for url, account in failed_accounts.items():
            # What the catalogue still shows of the account: its repositories of the last
            # good crawl, with the time they were last confirmed.
            last_confirmed, count = store.account_confirmation(account["host"], url)
            account["last_confirmed"] = format_time(last_confirmed) if last_confirmed else None
            account["repositories"] = count
        dropped, listed_before = store.drop_figures(crawl_id)
        stats["catalogue/repositories/dropped"] = dropped
        stats["catalogue/repositories/listed_before"] = listed_before
        requests_made = int(stats.get("downloader/request_count", 0))
        store.finish_crawl(crawl_id, utcnow(), requests=requests_made, errors=errors,
                           stats={**stats, "catalogue/failed_accounts": failed_accounts})
        summary = CrawlSummary(
            crawl_id=crawl_id,
            repositories_seen=int(stats.get("catalogue/repositories/seen", 0)),
            repositories_created=int(stats.get("catalogue/repositories/created", 0)),
            repositories_changed=int(stats.get("catalogue/repositories/changed", 0)),
            requests=requests_made,
            errors=tuple(errors),
            seconds=round(time.monotonic() - started, 2),
            stats=stats,
            failed_hosts=tuple(result.get("failed_hosts", ())),
            stopped=stopped,
            hosts=result.get("hosts", {}),
        )
        report = crawl_report(summary, store, failed_accounts, received)
    finally:
        store.close()
    path = write_report(settings.output, report)
    return replace(summary, report_path=path)


def _crawler_process(settings) -> Any:
    """A ``CrawlerProcess`` that leaves the root logger to us (our one-line or JSON
    format): Scrapy 2.19 takes that as the ``LOG_INSTALL_ROOT_HANDLER`` setting and warns
    about the older ``install_root_handler`` argument, whose warning would be a plain-text
    line in a JSON log; older Scrapy knows only the argument."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import default_settings

    if hasattr(default_settings, "LOG_INSTALL_ROOT_HANDLER"):
        settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
        return CrawlerProcess(settings)
    return CrawlerProcess(settings, install_root_handler=False)
