"""One worker of a distributed crawl: the forge spiders on the shared Redis queue.

``distributed_spider(spider_class)`` makes any ``ForgeSpider`` a worker's spider. It uses
only what the base spider exposes (``start``, ``add_to_batch``/``batch_requests``,
``record_error``, ``crawl_errors``, ``only_host``, ``crawler``), so the forge spiders need
nothing of their own:

- the first requests of a host are made once per crawl, by the first worker to start;
- batches are shared Redis lists (``catalogue.harvest.redis_queue``), full across workers;
- crawl errors go to a Redis list the coordinator reads into the crawl record;
- a worker closes only when nothing is queued, in flight or batched for its host, on
  any worker; the last partial batches are asked then, as in a single process.

``SharedRateLimitMiddleware`` shares rate-limit pauses: a pause of a token is written to
Redis and every worker using that token waits until it ends.
"""

from __future__ import annotations

import hashlib
import logging
import resource
import time
from typing import TYPE_CHECKING, Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.queue import PriorityQueue

from catalogue.harvest.middlewares import RateLimitMiddleware
from catalogue.harvest.redis_queue import (
    Keys,
    WorkerLedger,
    add_to_batch,
    pending_work,
    requeue_dead,
    take_batch,
)

logger = logging.getLogger(__name__)

INFLIGHT = "catalogue_inflight"  # request.meta key: the id of the request in the in-flight hash

# KEYS: queue, in-flight hash, id counter, set of the host's in-flight hashes. Moves the
# first request into the hash, as "score\n<pickled request>", and answers {id, request}.
_POP = """
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #first == 0 then return false end
redis.call('ZREM', KEYS[1], first[1])
local id = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[2], id, first[2] .. '\\n' .. first[1])
redis.call('SADD', KEYS[4], KEYS[2])
return {id, first[1]}
"""


CHECKPOINT_SECONDS = 0.1  # how often a worker acknowledges finished requests
REAP_SECONDS = 5.0  # how often it looks for dead workers
ALL = 1_000_000  # "every item left" of a batch list


if TYPE_CHECKING:  # the mixin always comes before a ForgeSpider
    from spiders.base import ForgeSpider as _SpiderBase
else:
    _SpiderBase = object


class DistributedSpider(_SpiderBase):
    """Mixin put before a ``ForgeSpider`` subclass by ``distributed_spider``.

    Reads the Scrapy settings ``CATALOGUE_REDIS`` (the server client is made here),
    ``CATALOGUE_REDIS_PREFIX`` and ``CATALOGUE_WORKER`` (this worker's id).
    """

    redis: Any
    forge_host: str
    keys: Keys
    worker: str
    ledger: WorkerLedger
    _last_reap: float
    _checkpoints: Any

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        import redis

        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.redis = redis.Redis.from_url(settings.get("CATALOGUE_REDIS"))
        spider.keys = Keys(settings.get("CATALOGUE_REDIS_PREFIX"))
        spider.worker = settings.get("CATALOGUE_WORKER")
        spider.forge_host = spider.only_host or ""  # a worker's crawler always has its host
        spider.ledger = WorkerLedger(spider.redis, spider.keys, spider.worker, spider.forge_host, crawler)
        spider._last_reap = 0.0
        crawler.signals.connect(spider._distributed_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider._distributed_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._distributed_closed, signal=signals.spider_closed)
        return spider

    def _distributed_opened(self, spider=None) -> None:
        from twisted.internet import task

        self._checkpoints = task.LoopingCall(self._checkpoint)
        self._checkpoints.start(CHECKPOINT_SECONDS, now=False)

    def _checkpoint(self) -> None:
        self.ledger.checkpoint()
        if time.monotonic() - self._last_reap > REAP_SECONDS:
            self._last_reap = time.monotonic()
            requeue_dead(self.redis, self.keys)

    def _distributed_closed(self, spider=None, reason=None) -> None:
        if getattr(self, "_checkpoints", None) is not None and self._checkpoints.running:
            self._checkpoints.stop()
        # The store pipeline closes (and flushes) before this signal: all is stored.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
        self.crawler.stats.max_value("memory/peak_rss_bytes", peak)
        # Stopped (not finished): what is still in flight is put back into the queue
        # by the worker's Heartbeat.stop, for another worker or the next crawl.
        self.ledger.checkpoint(everything=reason == "finished")

    async def start(self):
        """The host's first requests, made by the first worker of the crawl only."""
        flag = self.keys.seeded(self.forge_host)
        if not self.redis.set(flag, f"{self.worker} seeding", nx=True):
            logger.debug("%s: joined the crawl; its first requests were made by another worker", self.forge_host)
            return
        async for request in super().start():
            yield request
        self.redis.set(flag, f"{self.worker} done")

    def _still_seeding(self) -> bool:
        """True while another live worker is still making the host's first requests."""
        value = self.redis.get(self.keys.seeded(self.forge_host))
        if value is None:
            return False
        owner, _, state = value.decode().rpartition(" ")
        return state == "seeding" and owner != self.worker and bool(self.redis.exists(self.keys.alive(owner)))

    def add_to_batch(self, forge_host: str, kind: str, items: list, size: int):
        """Shared batches: the items go to a Redis list; each full batch is taken by one
        worker and asked (``batch_requests``)."""
        add_to_batch(self.redis, self.keys, forge_host, kind, items)
        while True:
            batch = take_batch(self.redis, self.keys, forge_host, kind, size, partial=False)
            if not batch:
                return
            yield from self.batch_requests(forge_host, kind, batch)

    def record_error(self, message: str) -> None:
        super().record_error(message)
        self.redis.rpush(self.keys.errors(), message)

    def _distributed_idle(self, spider=None) -> None:
        """Close only when the host's crawl is done on every worker; ask the last partial
        batches when nothing else is left anywhere."""
        self.ledger.checkpoint()
        requeue_dead(self.redis, self.keys)
        left = pending_work(self.redis, self.keys, self.forge_host)
        if left["queued"] or left["in_flight"] or self._still_seeding():
            raise DontCloseSpider("other workers are still busy")
        if left["batched"]:
            # As the base spider does at idle: everything left of a kind, in one call
            # (``batch_requests`` splits it into requests of the right size).
            asked = 0
            for kind in sorted(k.decode() for k in self.redis.smembers(self.keys.batch_kinds(self.forge_host))):
                batch = take_batch(self.redis, self.keys, self.forge_host, kind, ALL, partial=True)
                for request in self.batch_requests(self.forge_host, kind, batch) if batch else ():
                    self.crawler.engine.crawl(request)
                    asked += 1
            if asked:
                raise DontCloseSpider("partial batches were asked")


class InflightPriorityQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop keeps the request in the worker's
    in-flight hash until ``WorkerLedger.checkpoint`` acknowledges it.

    Built by the scrapy-redis scheduler (``SCHEDULER_QUEUE_CLASS``) for a spider of
    ``DistributedSpider``; the key is that spider's forge host's, whatever the setting.
    """

    def __init__(self, server, spider, key, serializer=None) -> None:
        ledger: WorkerLedger = spider.ledger
        super().__init__(server, spider, ledger.keys.queue(ledger.host), serializer)
        self.ledger = ledger
        self._pop = server.register_script(_POP)

    def push(self, request: Request) -> None:
        # A retry or a replacement carries its original's id: the original stays in the
        # in-flight hash until it is acknowledged; the new one is a request of its own.
        request.meta.pop(INFLIGHT, None)
        super().push(request)

    def pop(self, timeout: int = 0) -> Request | None:
        keys = self.ledger.keys
        answer = self._pop(keys=[self.key, self.ledger.inflight_key, keys.sequence("inflight"),
                                 keys.inflight_hashes(self.ledger.host)])
        if not answer:
            return None
        ident, data = int(answer[0]), answer[1]
        request = self._decode_request(data)
        request.meta[INFLIGHT] = ident
        self.ledger.popped(ident, request)
        return request


def distributed_spider(spider_class: type) -> type:
    """``spider_class`` (a ``ForgeSpider``) as a worker's spider, same name."""
    return type(spider_class.__name__, (DistributedSpider, spider_class), {})


def token_id(token: Any) -> str:
    """A short id of a token (12 hex digits of its SHA-256) naming its shared pause in
    Redis; the token itself is never written. ``anonymous`` for no token."""
    if token is None:
        return "anonymous"
    return hashlib.sha256(token.reveal().encode()).hexdigest()[:12]


class SharedRateLimitMiddleware(RateLimitMiddleware):
    """``RateLimitMiddleware`` whose pauses are shared through Redis by every worker that
    uses the same token of a forge host (``catalogue.harvest.ratelimit`` reads them off
    the answers; here they are stored as ``<prefix>:pause:<host>:<token id>`` = epoch
    seconds, expiring when the pause ends)."""

    LOOK_EVERY = 0.5  # seconds between two looks at Redis for one host

    def __init__(self, stats, wait_scale: float, server, keys: Keys, tokens: dict[str, str]) -> None:
        super().__init__(stats, wait_scale)
        self.server = server
        self.keys = keys
        self.tokens = tokens  # forge host -> token id
        self._looked: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler):
        import redis

        from catalogue.harvest.context import catalogue_settings

        forges = catalogue_settings(crawler).forges
        return cls(crawler.stats, crawler.settings.getfloat("CATALOGUE_WAIT_SCALE", 1.0),
                   redis.Redis.from_url(crawler.settings.get("CATALOGUE_REDIS")),
                   Keys(crawler.settings.get("CATALOGUE_REDIS_PREFIX")),
                   {host: token_id(forge.token) for host, forge in forges.items()})

    def _key(self, host: str) -> str:
        return self.keys.pause(host, self.tokens.get(host, "anonymous"))

    async def process_request(self, request, spider=None):
        host = self._host(request)
        now = time.monotonic()
        if now - self._looked.get(host, 0.0) >= self.LOOK_EVERY:
            self._looked[host] = now
            shared = self.server.get(self._key(host))
            if shared is not None and float(shared) > self.paused_until.get(host, 0.0):
                self.paused_until[host] = float(shared)
                self.stats.inc_value("catalogue/rate_limit/shared_waits")
        return await super().process_request(request, spider)

    def _pause(self, host: str, wait: float, what: str = "rate limit") -> None:
        super()._pause(host, wait, what)
        until = self.paused_until[host]
        ttl_ms = max(int((until - time.time()) * 1000) + 1000, 1000)
        self.server.set(self._key(host), repr(until), px=ttl_ms)

