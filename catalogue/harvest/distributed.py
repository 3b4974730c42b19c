"""A distributed crawl: several crawler processes, one Redis queue, one PostgreSQL catalogue.

``catalogue crawl --workers N`` (``run_distributed_crawl``) is the coordinator: it opens
the crawl record, writes the crawl's facts to Redis (``<prefix>:crawl``), starts N worker
processes on this machine and, when they are done and no other worker is left, records
the crawl's end, counts and errors from what every worker wrote to Redis.
``catalogue worker`` (``run_worker``) starts one more worker, on any machine that reaches
the same Redis and database, into the running crawl. ``catalogue status``
(``crawl_status``) shows queue, workers, repositories done and errors.

Each worker runs the ordinary crawl process (``catalogue.harvest.runner``) with the
scrapy-redis scheduler and duplicate filter, the queue of ``redis_queue`` (nothing
popped is lost when a worker dies), the spiders of ``workers`` (shared batches, first
requests once, close when every worker is done) and shared rate-limit pauses. Several
tokens per forge host (``[tokens]`` in the configuration) are given to the workers in
turn. The design and its limits: docs/scale.md.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
import warnings
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from queue import Empty
from typing import Any

from catalogue.config import Settings
from catalogue.db import open_store
from catalogue.errors import CatalogueError, ConfigError
from catalogue.harvest.redis_queue import Keys, pending_work, requeue, requeue_dead
from catalogue.records import Publisher
from catalogue.timeutil import format_time, parse_time, utcnow

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "catalogue"
HEARTBEAT_TTL = 15.0  # seconds without a heartbeat after which a worker is dead
WAIT_POLL = 1.0


def connect(redis_url: str):
    """A Redis client for ``redis_url``; raises CatalogueError (URL without password)
    when the client is not installed or the server does not answer."""
    try:
        import redis
        import scrapy_redis  # noqa: F401  (the workers' scheduler)
    except ImportError:
        raise ConfigError("a distributed crawl needs scrapy-redis: pip install -e '.[distributed]'") from None
    client = redis.Redis.from_url(redis_url)
    try:
        client.ping()
    except redis.RedisError as exc:
        shown = redis_url.split("@")[-1]
        raise CatalogueError(f"Redis at {shown} does not answer: {exc}") from None
    return client


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def scrapy_settings_for(redis_url: str, prefix: str, worker: str) -> dict[str, Any]:
    """The Scrapy settings a worker adds: scrapy-redis scheduler and duplicate filter
    (``<prefix>:<spider>:dupefilter``), the in-flight queue (``<prefix>:<host>:requests``,
    one per forge host of the crawl), shared rate-limit pauses."""
    from catalogue.harvest import settings as base

    middlewares = dict(base.DOWNLOADER_MIDDLEWARES)
    middlewares.pop("catalogue.harvest.middlewares.RateLimitMiddleware", None)
    middlewares["catalogue.harvest.workers.SharedRateLimitMiddleware"] = 540
    keys = Keys(prefix)
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "SCHEDULER_QUEUE_CLASS": "catalogue.harvest.workers.InflightPriorityQueue",
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter(),
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # one worker closing must never empty the shared queue
        "REDIS_URL": redis_url,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "CATALOGUE_REDIS": redis_url,
        "CATALOGUE_REDIS_PREFIX": prefix,
        "CATALOGUE_WORKER": worker,
    }


def with_worker_tokens(settings: Settings, index: int) -> Settings:
    """``settings`` with, for each host of ``settings.token_pools``, token number
    ``index`` (modulo the pool's size): tokens spread evenly over the workers."""
    forges = dict(settings.forges)
    for host, pool in settings.token_pools.items():
        if host in forges and pool:
            forges[host] = replace(forges[host], token=pool[index % len(pool)])
    return replace(settings, forges=forges)


class Heartbeat(threading.Thread):
    """Registers a worker (``<prefix>:workers``) and keeps its ``alive`` key fresh from a
    thread of its own, so that a busy reactor never looks dead; ``stop`` unregisters."""

    def __init__(self, server, keys: Keys, worker: str, ttl: float) -> None:
        super().__init__(daemon=True, name=f"heartbeat {worker}")
        self.server, self.keys, self.worker, self.ttl = server, keys, worker, ttl
        self._stopped = threading.Event()
        info = {"machine": socket.gethostname(), "pid": os.getpid(), "started": time.time()}
        server.hset(keys.workers(), worker, json.dumps(info))
        self._beat()

    def _beat(self) -> None:
        self.server.set(self.keys.alive(self.worker), "1", px=int(self.ttl * 1000))

    def run(self) -> None:
        while not self._stopped.wait(self.ttl / 3):
            try:
                self._beat()
            except Exception:  # a passing fault: the next beat tries again
                logger.warning("heartbeat of %s failed", self.worker, exc_info=True)

    def stop(self, hosts: Sequence[str]) -> None:
        self._stopped.set()
        for host in hosts:  # anything left in flight (a stopped worker) goes back
            requeue(self.server, self.keys, host, self.worker)
        self.server.delete(self.keys.alive(self.worker))
        self.server.hdel(self.keys.workers(), self.worker)


def _worker_process(result_queue, settings: Settings, publishers, crawl: dict, overrides: dict, redis_url: str,
                    prefix: str, ttl: float) -> None:
    """One worker (in a forked child): the runner's crawl process on the shared queue."""
    from scrapy.core.engine import ExecutionEngine
    from scrapy.utils.misc import load_object

    from catalogue.harvest import runner
    from catalogue.harvest.workers import distributed_spider

    # Poll the shared queue every second when idle (Scrapy's default is 5 s).
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = 1.0
    # scrapy-redis 0.9 still passes ``spider=`` to the stats (harmless; Scrapy warns each time).
    warnings.filterwarnings("ignore", message="Passing a 'spider' argument to StatsCollector")
    server = connect(redis_url)
    keys = Keys(prefix)
    index = int(server.incr(keys.sequence("worker"))) - 1
    worker = f"{socket.gethostname()}-{os.getpid()}-{index}"
    heartbeat = Heartbeat(server, keys, worker, ttl)
    heartbeat.start()
    # This child only: the forge units' spiders become workers' spiders (Scrapy's
    # load_object, which the runner applies to ``unit.spider``, takes a class as well).
    unit_of = runner.forge_unit

    class WorkerUnit:
        def __init__(self, forge_type: str) -> None:
            self._unit = unit_of(forge_type)
            self.spider = distributed_spider(load_object(self._unit.spider))

        def __getattr__(self, name: str) -> Any:
            return getattr(self._unit, name)

    runner.forge_unit = WorkerUnit  # type: ignore[assignment]
    hosts = json.loads(crawl["hosts"])
    try:
        runner._crawl_child(result_queue, with_worker_tokens(settings, index), publishers, parse_time(crawl["now"]) or utcnow(),
                            int(crawl["crawl_id"]), hosts,
                            {**overrides, "CATALOGUE_FULL": crawl["full"] == "1",
                             **scrapy_settings_for(redis_url, prefix, worker)}, None)
    finally:
        heartbeat.stop(sorted(hosts))


def _read_crawl(server, keys: Keys) -> dict[str, str]:
    return {_text(k): _text(v) for k, v in server.hgetall(keys.crawl()).items()}


def _clear(server, keys: Keys) -> None:
    names = list(server.scan_iter(match=f"{keys.prefix}:*", count=1000))
    for start in range(0, len(names), 500):
        server.delete(*names[start:start + 500])


def _start_workers(count: int, settings, publishers, crawl, overrides, redis_url, prefix, ttl):
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    children = [context.Process(target=_worker_process, args=(results, settings, tuple(publishers), crawl, overrides,
                                                              redis_url, prefix, ttl)) for _ in range(count)]
    for child in children:
        child.start()
    return results, children


def _wait_workers(results, children) -> list[dict]:
    """Every child's result; a child that died without one (SIGKILL) gives ``{}``."""
    got: list[dict] = []
    while len(got) < len(children):
        try:
            got.append(results.get(timeout=1.0))
        except Empty:
            if not any(child.is_alive() for child in children):
                break
    for child in children:
        child.join()
    return got


def _forward_signals(children):
    def forward(signum, frame):
        for child in children:
            if child.is_alive():
                os.kill(child.pid, signum)
    return {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}


def collect_stats(server, keys: Keys) -> tuple[dict[str, Any], dict[str, int]]:
    """Every worker's stats summed (``catalogue/budget/*``: the least left; ``memory/*``:
    the largest), and each worker's peak memory in bytes."""
    total: dict[str, Any] = {}
    memory: dict[str, int] = {}
    for name in server.scan_iter(match=keys.stats("*"), count=1000):
        worker = _text(name).rsplit(":", 1)[-1]
        for raw in server.hvals(name):
            for key, value in json.loads(raw).items():
                if key.startswith("catalogue/budget/"):
                    total[key] = min(total.get(key, value), value)
                elif key.startswith("memory/"):
                    total[key] = max(total.get(key, value), value)
                else:
                    total[key] = total.get(key, 0) + value
                if key == "memory/peak_rss_bytes":
                    memory[worker] = max(memory.get(worker, 0), int(value))
    return total, memory


def run_distributed_crawl(settings: Settings, publishers: Sequence[Publisher], *, workers: int = 1,
                          now: datetime | None = None, check_forges: bool = True,
                          scrapy_settings: dict[str, Any] | None = None, full: bool = False, demo: bool = False,
                          job_dir: Any = None, prefix: str | None = None, ttl: float | None = None):
    """Crawl every publisher account with ``workers`` local processes (and any started
    with ``run_worker``) sharing the Redis at ``settings.redis_url``; returns the
    runner's ``CrawlSummary`` (counts summed over workers, ``stats`` with each worker's
    peak memory as ``memory/peak_rss_bytes/<worker>``).

    ``prefix`` (default: the Scrapy setting ``CATALOGUE_REDIS_PREFIX``, else
    ``catalogue``) names the crawl's keys; ``ttl`` (``CATALOGUE_WORKER_TTL``, else 15 s)
    is how long a silent worker counts as alive.
    Raises ConfigError without a Redis URL or with a SQLite database (one file cannot
    take the writes of several processes), CatalogueError when another crawl under the
    same ``prefix`` still has live workers; UnknownHostError / ForgeUnreachableError as
    ``run_crawl``. Work that no worker finished (every worker died) is named in the
    crawl's errors; the next crawl takes it up.
    """
    from catalogue.harvest.runner import CrawlSummary, check_reachable, forges_in_use

    scrapy_settings = scrapy_settings or {}
    prefix = prefix or scrapy_settings.get("CATALOGUE_REDIS_PREFIX") or DEFAULT_PREFIX
    ttl = ttl or float(scrapy_settings.get("CATALOGUE_WORKER_TTL") or HEARTBEAT_TTL)
    if job_dir:
        raise ConfigError("--job-dir is for a single crawl process; a distributed crawl keeps its queue in Redis")
    if not settings.redis_url:
        raise ConfigError("a distributed crawl needs a Redis URL: --redis, CATALOGUE_REDIS or redis_url in the "
                          "configuration file")
    if settings.db.startswith("sqlite"):
        raise ConfigError(f"a distributed crawl writes to one database server: give a PostgreSQL --db "
                          f"(not {settings.db.split('?')[0]}: a SQLite file is for one process)")
    started = time.monotonic()
    now = now or utcnow()
    used = forges_in_use(settings, publishers)
    server = connect(settings.redis_url)
    keys = Keys(prefix)
    existing = _read_crawl(server, keys)
    if existing.get("state") == "running":
        requeue_dead(server, keys)
        if server.hlen(keys.workers()):
            raise CatalogueError(f"crawl {existing.get('crawl_id')} is still running on this Redis (prefix "
                                 f"{prefix!r}): see 'catalogue status'")
    store = open_store(settings.db)
    try:
        if check_forges:
            check_reachable(settings, sorted(used))
        crawl_id = store.begin_crawl(now)
        shown_db = store.url
    finally:
        store.close()
    _clear(server, keys)  # a crawl that stopped half-way is taken up by this one's listings
    crawl = {"crawl_id": str(crawl_id), "now": format_time(now), "full": "1" if full else "0",
             "hosts": json.dumps(used), "state": "running", "started": repr(time.time()), "database": shown_db}
    server.hset(keys.crawl(), mapping=crawl)
    results, children = _start_workers(max(workers, 1), settings, publishers, crawl, scrapy_settings or {},
                                       settings.redis_url, prefix, ttl)
    previous = _forward_signals(children)
    try:
        got = _wait_workers(results, children)
        while True:  # workers started elsewhere may still be at work
            requeue_dead(server, keys)
            if not server.hlen(keys.workers()):
                break
            time.sleep(WAIT_POLL)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    fatal = [result["fatal"] for result in got if "fatal" in result]
    if fatal and len(fatal) == len(children) and not any("stats" in result for result in got):
        server.hset(keys.crawl(), "state", "failed")
        raise CatalogueError(fatal[0])
    stats, memory = collect_stats(server, keys)
    for worker, peak in memory.items():
        stats[f"memory/peak_rss_bytes/{worker}"] = peak
    stats["catalogue/workers"] = int(server.get(keys.sequence("worker")) or 0)
    stats["catalogue/requeued"] = int(server.get(keys.requeued()) or 0)
    errors = [_text(e) for e in server.lrange(keys.errors(), 0, -1)]
    errors += [e for result in got for e in result.get("errors", []) if e not in errors] + fatal
    for host in sorted(used):
        left = pending_work(server, keys, host)
        if any(left.values()):
            errors.append(f"{host}: {left['queued'] + left['in_flight']} requests and {left['batched']} batched "
                          "repositories were left when every worker had stopped; the next crawl takes them up")
    if demo:
        stats["catalogue/demo"] = 1
    requests_made = int(stats.get("downloader/request_count", 0))
    store = open_store(settings.db)
    try:
        store.finish_crawl(crawl_id, utcnow(), requests=requests_made, errors=errors, stats=stats)
    finally:
        store.close()
    server.hset(keys.crawl(), "state", "done")
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


def run_worker(settings: Settings, publishers: Sequence[Publisher], *, prefix: str = DEFAULT_PREFIX,
               scrapy_settings: dict[str, Any] | None = None, ttl: float = HEARTBEAT_TTL) -> dict[str, Any]:
    """Join the crawl running on ``settings.redis_url`` with one worker process here;
    returns its result (``stats``, ``errors``) when the crawl is done.

    Raises ConfigError without a Redis URL; CatalogueError when no crawl is running
    under ``prefix`` or this worker's database is not the crawl's.
    """
    from catalogue.harvest.runner import forges_in_use

    if not settings.redis_url:
        raise ConfigError("catalogue worker needs --redis URL (or CATALOGUE_REDIS, or redis_url in the configuration)")
    server = connect(settings.redis_url)
    keys = Keys(prefix)
    crawl = _read_crawl(server, keys)
    if crawl.get("state") != "running":
        raise CatalogueError(f"no distributed crawl is running on this Redis (prefix {prefix!r}): start one with "
                             "'catalogue crawl --workers N'")
    store = open_store(settings.db)
    try:
        shown = store.url
    finally:
        store.close()
    if crawl.get("database") and shown != crawl["database"]:
        raise CatalogueError(f"this worker's database {shown} is not the crawl's ({crawl['database']}): give its --db")
    forges_in_use(settings, publishers)  # every host of the crawl must be configured here too
    results, children = _start_workers(1, settings, publishers, crawl, scrapy_settings or {}, settings.redis_url,
                                       prefix, ttl)
    previous = _forward_signals(children)
    try:
        got = _wait_workers(results, children)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    result = got[0] if got else {"fatal": "the worker process ended without a result"}
    if "fatal" in result:
        raise CatalogueError(result["fatal"])
    return result


def crawl_status(redis_url: str, prefix: str = DEFAULT_PREFIX) -> dict[str, Any]:
    """The state of the distributed crawl under ``prefix``: ``{"crawl_id", "state",
    "started_at", "hosts": {host: {"queued", "in_flight", "batched"}}, "workers":
    [{"id", "alive", "machine", "pid"}], "repositories_done", "requests", "errors",
    "requeued", "last_errors"}``; ``{"state": "none"}`` when there is none."""
    server = connect(redis_url)
    keys = Keys(prefix)
    crawl = _read_crawl(server, keys)
    if not crawl:
        return {"state": "none"}
    hosts = sorted(json.loads(crawl.get("hosts", "{}")))
    workers = []
    for worker, info in sorted(server.hgetall(keys.workers()).items()):
        worker, info = _text(worker), json.loads(info)
        workers.append({"id": worker, "alive": bool(server.exists(keys.alive(worker))),
                        "machine": info.get("machine"), "pid": info.get("pid")})
    stats, _ = collect_stats(server, keys)
    return {
        "crawl_id": int(crawl["crawl_id"]),
        "state": crawl.get("state"),
        "started_at": crawl.get("now"),
        "hosts": {host: pending_work(server, keys, host) for host in hosts},
        "workers": workers,
        "repositories_done": int(stats.get("catalogue/repositories/seen", 0)),
        "requests": int(stats.get("downloader/request_count", 0)),
        "errors": int(server.llen(keys.errors())),
        "requeued": int(server.get(keys.requeued()) or 0),
        "last_errors": [_text(e) for e in server.lrange(keys.errors(), -5, -1)],
    }
