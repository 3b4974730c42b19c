"""The shared request queue of a distributed crawl: scrapy-redis, and what it lacks.

scrapy-redis gives the shared queue (a Redis sorted set of pickled requests, by
priority), the shared duplicate filter and its scheduler. Its queue's ``pop`` removes a
request from Redis, so a worker that dies (SIGKILL, a lost machine) loses every request
it had popped and not finished. Here a pop moves the request, in one Lua script, into the
worker's in-flight hash; the worker acknowledges it (deletes it there) once it is
finished: its callback's new requests are in the queue, its items are in the database
(the store pipeline is flushed first) and the ids it put into batches are in Redis. A
worker whose heartbeat key has expired is dead: any other worker, or the coordinator,
puts its in-flight requests back into the queue (``requeue_dead``).

Batches (``ForgeSpider.add_to_batch``: many repositories in one request) are Redis lists
shared by every worker of a crawl, so batches stay full whatever the number of workers.
"""

from __future__ import annotations

import json
import logging
import pickle
import time
from dataclasses import dataclass

from scrapy import Request

logger = logging.getLogger(__name__)

STATS_SECONDS = 1.0  # how often a crawler writes its stats to Redis
FLUSH_SECONDS = 1.0  # how often, at most, a checkpoint writes the store pipeline's buffer

# KEYS: in-flight hash, queue. Puts every request of the hash back into the queue.
_REQUEUE = """
local all = redis.call('HGETALL', KEYS[1])
for i = 2, #all, 2 do
  local value = all[i]
  local cut = string.find(value, '\\n', 1, true)
  redis.call('ZADD', KEYS[2], tonumber(string.sub(value, 1, cut - 1)), string.sub(value, cut + 1))
end
redis.call('DEL', KEYS[1])
return #all / 2
"""

# KEYS: batch list. ARGV: size, partial (1: take fewer than size too). Takes the first
# ``size`` items, only when there are that many (or any, for a partial batch).
_TAKE = """
local n = redis.call('LLEN', KEYS[1])
local size = tonumber(ARGV[1])
if n == 0 or (n < size and ARGV[2] ~= '1') then return {} end
local taken = redis.call('LRANGE', KEYS[1], 0, size - 1)
redis.call('LTRIM', KEYS[1], size, -1)
return taken
"""


@dataclass(frozen=True)
class Keys:
    """The Redis keys of one distributed crawl, all under ``prefix`` (default
    ``catalogue``; tests use one of their own). ``host`` is a forge's web host."""

    prefix: str

    def crawl(self) -> str:
        return f"{self.prefix}:crawl"  # hash: crawl_id, now, full, hosts, state, database

    def workers(self) -> str:
        return f"{self.prefix}:workers"  # hash: worker id -> JSON (machine, pid, started)

    def alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"  # string with a time to live: the heartbeat

    def sequence(self, name: str) -> str:
        return f"{self.prefix}:seq:{name}"

    def queue(self, host: str) -> str:
        return f"{self.prefix}:{host}:requests"  # scrapy-redis priority queue (sorted set)

    def dupefilter(self) -> str:
        return f"{self.prefix}:%(spider)s:dupefilter"  # scrapy-redis fingerprints (set)

    def inflight(self, host: str, worker: str) -> str:
        return f"{self.prefix}:{host}:inflight:{worker}"

    def inflight_hashes(self, host: str) -> str:
        return f"{self.prefix}:{host}:inflight-hashes"  # set: the in-flight hashes of every worker

    def batch(self, host: str, kind: str) -> str:
        return f"{self.prefix}:{host}:batch:{kind}"

    def batch_kinds(self, host: str) -> str:
        return f"{self.prefix}:{host}:batch-kinds"

    def seeded(self, host: str) -> str:
        return f"{self.prefix}:{host}:seeded"

    def stats(self, worker: str) -> str:
        return f"{self.prefix}:stats:{worker}"  # hash: host -> JSON of that crawler's stats

    def errors(self) -> str:
        return f"{self.prefix}:errors"

    def requeued(self) -> str:
        return f"{self.prefix}:requeued"

    def pause(self, host: str, token_id: str) -> str:
        return f"{self.prefix}:pause:{host}:{token_id}"


def requeue(server, keys: Keys, host: str, worker: str) -> int:
    """Put every in-flight request of ``worker`` for ``host`` back into the queue; the count."""
    moved = int(server.register_script(_REQUEUE)(keys=[keys.inflight(host, worker), keys.queue(host)]) or 0)
    if moved:
        server.incrby(keys.requeued(), moved)
        logger.warning("worker %s is gone: %d of its requests to %s are back in the queue", worker, moved, host)
    return moved


def crawl_hosts(server, keys: Keys) -> list[str]:
    """The forge hosts of the crawl under ``keys`` (from ``<prefix>:crawl``)."""
    raw = server.hget(keys.crawl(), "hosts")
    return sorted(json.loads(raw)) if raw else []


def requeue_dead(server, keys: Keys) -> int:
    """Requeue the in-flight requests (of every host of the crawl) of each registered
    worker whose heartbeat expired, and forget those workers; the number put back."""
    moved = 0
    hosts = crawl_hosts(server, keys)
    for raw in server.hkeys(keys.workers()):
        worker = raw.decode() if isinstance(raw, bytes) else raw
        if server.exists(keys.alive(worker)):
            continue
        for host in hosts:
            moved += requeue(server, keys, host, worker)
        server.hdel(keys.workers(), worker)
    return moved


def take_batch(server, keys: Keys, host: str, kind: str, size: int, *, partial: bool) -> list:
    """Take ``size`` items of a shared batch list (fewer only when ``partial``): the
    items, unpickled, or ``[]`` when there are not enough."""
    taken = server.register_script(_TAKE)(keys=[keys.batch(host, kind)], args=[size, "1" if partial else "0"])
    return [pickle.loads(item) for item in taken]


def add_to_batch(server, keys: Keys, host: str, kind: str, items: list) -> None:
    """Append ``items`` (picklable) to the shared batch list of ``(host, kind)``."""
    if items:
        server.sadd(keys.batch_kinds(host), kind)
        server.rpush(keys.batch(host, kind), *(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL) for item in items))


def pending_work(server, keys: Keys, host: str) -> dict[str, int]:
    """What is left of a host's crawl: ``{"queued", "in_flight", "batched"}`` counts
    (requests in the queue, requests popped by any worker, live or dead, and not yet
    finished, items waiting in batches)."""
    hashes = list(server.smembers(keys.inflight_hashes(host)))
    kinds = [k.decode() if isinstance(k, bytes) else k for k in server.smembers(keys.batch_kinds(host))]
    pipe = server.pipeline(transaction=False)
    pipe.zcard(keys.queue(host))
    for name in hashes:
        pipe.hlen(name)
    for kind in kinds:
        pipe.llen(keys.batch(host, kind))
    counts = pipe.execute()
    return {"queued": counts[0], "in_flight": sum(counts[1:1 + len(hashes)]),
            "batched": sum(counts[1 + len(hashes):])}


class WorkerLedger:
    """One crawler's record of the requests it popped, for one forge host.

    ``checkpoint`` acknowledges those the engine has finished with (Scrapy keeps a
    request in its slot's ``inprogress`` set from the download until its callback's
    output, items included, was handled) once the store pipeline's buffer is empty, so
    that their items are in the database: at once when nothing waits there, else after
    a flush, at most once a second (a database write per finished request would slow
    the crawl down). It also writes the crawler's stats to Redis.
    """

    def __init__(self, server, keys: Keys, worker: str, host: str, crawler) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self.host = host
        self.crawler = crawler
        self.inflight_key = keys.inflight(host, worker)
        self.tracked: dict[int, Request] = {}
        self._stats_saved = 0.0
        self._flushed = time.monotonic()

    def popped(self, ident: int, request: Request) -> None:
        self.tracked[ident] = request

    def _in_progress(self) -> set:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)  # Scrapy >= 2.13: _slot
        return getattr(slot, "inprogress", set()) if slot is not None else set()

    def _store_pipelines(self) -> list:
        scraper = getattr(self.crawler.engine, "scraper", None)
        return [pipeline for pipeline in getattr(getattr(scraper, "itemproc", None), "middlewares", ())
                if getattr(pipeline, "_flush", None) is not None and getattr(pipeline, "store", None) is not None]

    def _stored(self, force: bool) -> bool:
        """True when no item waits in a store pipeline's buffer: at once when they are
        empty, else after a flush (at most every ``FLUSH_SECONDS``, unless ``force``)."""
        pipelines = self._store_pipelines()
        if all(not getattr(p, "buffer", None) for p in pipelines):
            return True
        if not force and time.monotonic() - self._flushed < FLUSH_SECONDS:
            return False
        for pipeline in pipelines:
            pipeline._flush()
        self._flushed = time.monotonic()
        return True

    def checkpoint(self, *, everything: bool = False) -> int:
        """Acknowledge the finished requests (``everything``: all, when the crawler
        closes) once their items are stored; returns how many. Never raises: a failed
        checkpoint is logged and retried at the next one."""
        try:
            busy = set() if everything else self._in_progress()
            done = [ident for ident, request in self.tracked.items() if request not in busy]
            acked = 0
            if done and self._stored(force=everything):
                self.server.hdel(self.inflight_key, *done)
                for ident in done:
                    del self.tracked[ident]
                acked = len(done)
            if everything or time.monotonic() - self._stats_saved >= STATS_SECONDS:
                self.save_stats()
            return acked
        except Exception:  # a passing Redis or database fault: try again next time
            logger.exception("checkpoint of %s failed", self.host)
            return 0

    def save_stats(self) -> None:
        """Write this crawler's numeric stats to ``<prefix>:stats:<worker>`` (field: host)."""
        self._stats_saved = time.monotonic()
        stats = {key: value for key, value in self.crawler.stats.get_stats().items()
                 if isinstance(value, (int, float)) and not isinstance(value, bool)}
        self.server.hset(self.keys.stats(self.worker), self.host, json.dumps(stats))
