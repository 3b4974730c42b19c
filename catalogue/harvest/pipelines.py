"""Item pipelines: thin shells over ``catalogue.normalise`` and ``catalogue.db``.

``NormalisePipeline`` turns each ``SourceRepository`` into a ``CatalogueEntry``;
``StorePipeline`` upserts entries in batches (one transaction per batch) and marks
repositories that a completely listed account no longer lists as gone. A batch the
database refuses is split in halves until only the entries that fail on their own are
left: each of them fails alone, counted (``catalogue/errors/store``) and named in the
crawl's errors, and every other entry of the batch is stored.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from catalogue.db import Store, open_store
from catalogue.harvest.context import catalogue_settings, crawl_now, crawl_publishers
from catalogue.harvest.items import AccountListing, SeenUnchanged
from catalogue.harvest.outcome import ErrorLog, record_errors
from catalogue.normalise import normalise
from catalogue.records import CatalogueEntry, HarvestProblem, SourceRepository

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


class NormalisePipeline:
    """SourceRepository -> CatalogueEntry. A repository whose normalising fails is kept,
    with the failure recorded on it as a problem and counted."""

    def __init__(self, publishers, stats) -> None:
        self.publishers = {publisher.id: publisher for publisher in publishers}
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawl_publishers(crawler), crawler.stats)

    def process_item(self, item, spider=None):
        if not isinstance(item, SourceRepository):
            return item
        publisher = self.publishers.get(item.publisher_id)
        try:
            return normalise(item, publisher)
        except Exception as exc:  # one bad repository never ends a crawl
            logger.exception("normalising %s failed", item.url)
            self.stats.inc_value("catalogue/errors/normalise")
            problem = HarvestProblem(kind="decode", message=f"could not normalise: {exc}", url=item.url)
            source = replace(item, problems=item.problems + (problem,))
            return CatalogueEntry(source=source, name=item.name, short_description=item.description)


class StorePipeline:
    """Upsert entries into the store, in batches; record gone repositories.

    The crawl record is the runner's (``CATALOGUE_CRAWL_ID``) when ``catalogue crawl``
    runs several spiders in one process; a lone ``scrapy crawl`` records its own.
    """

    def __init__(self, db_url: str, crawl_id: int | None, stats, now, crawler=None) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.crawl_id = crawl_id
        self.owns_crawl = crawl_id is None
        self.stats = stats
        self.now = now
        self.store: Store | None = None  # opened by open_spider()
        self.spider = None
        self.buffer: list[CatalogueEntry] = []
        self.seen: set[tuple[str, str]] = set()
        self.failed: list[str] = []  # "url: error" of entries the database refused

    @classmethod
    def from_crawler(cls, crawler):
        crawl_id = crawler.settings.get("CATALOGUE_CRAWL_ID")
        return cls(catalogue_settings(crawler).db, crawl_id, crawler.stats, crawl_now(crawler), crawler)

    def open_spider(self, spider=None):
        self.spider = spider if spider is not None else getattr(self.crawler, "spider", None)
        self.store = open_store(self.db_url)
        if self.crawl_id is None:
            self.crawl_id = self.store.begin_crawl(self.now)
        self._reattribute()

    def _reattribute(self) -> None:
        """Follow the publishers file for repositories an incremental crawl will not fetch
        again: each listed account's repositories belong to the publisher it names now."""
        targets = getattr(self.spider, "targets", None)
        if targets is None or self.store is None:
            return
        by_host: dict[str, dict[str, str]] = {}
        for target in targets():
            by_host.setdefault(target.forge.host, {})[target.hosting.url] = target.publisher.id
        for host, accounts in by_host.items():
            moved = self.store.reattribute(host, accounts)
            if moved:
                self.stats.inc_value("catalogue/repositories/reattributed", moved)

    def _flush(self) -> None:
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        self._store(batch)

    def _store(self, batch: list[CatalogueEntry]) -> None:
        """Upsert ``batch``; when the database refuses it, store each half on its own,
        down to single entries, so that only the guilty entries fail (about
        2 log2(len(batch)) extra transactions per guilty entry)."""
        if self.store is None or self.crawl_id is None:
            raise RuntimeError("StorePipeline: open_spider() opens the store before any item is stored")
        try:
            counts = self.store.upsert_entries(batch, self.crawl_id)
        except Exception as exc:  # a database error on one repository never ends a crawl
            if len(batch) > 1:
                middle = len(batch) // 2
                self._store(batch[:middle])
                self._store(batch[middle:])
            else:
                self._store_failed(batch[0], exc)
            return
        self.stats.inc_value("catalogue/repositories/created", counts.created)
        self.stats.inc_value("catalogue/repositories/changed", counts.changed)
        self.stats.inc_value("catalogue/repositories/unchanged", counts.unchanged)

    def _store_failed(self, entry: CatalogueEntry, exc: Exception) -> None:
        detail = " ".join(str(exc).split())[:300]
        message = f"{entry.source.url}: could not be stored: {type(exc).__name__}: {detail}"
        self.failed.append(message)
        self.stats.inc_value("catalogue/errors/store")
        record = getattr(self.spider, "record_error", None)
        if record is not None:
            record(message)  # logged, counted in catalogue/errors and kept for the crawl record
        else:
            logger.error("%s", message)

    def process_item(self, item, spider=None):
        if isinstance(item, SeenUnchanged):
            self.store.touch(item.host, item.forge_ids, self.crawl_id)
            self.stats.inc_value("catalogue/repositories/seen", len(item.forge_ids))
            self.stats.inc_value("catalogue/repositories/not_refetched", len(item.forge_ids))
            return item
        if isinstance(item, AccountListing):
            self._flush()
            self.store.mark_gone(item.host, item.account_url, set(item.forge_ids), self.crawl_id)
            return item
        if not isinstance(item, CatalogueEntry):
            return item
        key = (item.source.host, item.source.forge_id)
        if key in self.seen:  # listed twice (an account and a single-repository URL): once is enough
            self.stats.inc_value("catalogue/repositories/duplicates")
            return item
        self.seen.add(key)
        self.stats.inc_value("catalogue/repositories/seen")
        if item.source.problems:
            self.stats.inc_value("catalogue/repositories/with_problems")
        self.buffer.append(item)
        if len(self.buffer) >= BATCH_SIZE:
            self._flush()
        return item

    def close_spider(self, spider=None):
        try:
            self._flush()
            if self.owns_crawl:
                stats = self.stats.get_stats()
                # Scrapy 2.13+ calls close_spider() without the spider: take the crawler's.
                spider = spider or getattr(self.crawler, "spider", None)
                self.store.finish_crawl(
                    self.crawl_id,
                    crawl_now_end(),
                    requests=int(stats.get("downloader/request_count", 0)),
                    # Every error the crawl logged, not only the spider's own (entries the
                    # database refused are recorded by the spider, or else logged).
                    errors=record_errors(getattr(spider, "crawl_errors", []), ErrorLog._installed),
                    stats=json_safe_stats(stats),
                )
        finally:
            self.store.close()


def crawl_now_end():
    """End time of a crawl (the clock; separate so that tests may fix it)."""
    from catalogue.timeutil import utcnow

    return utcnow()


def json_safe_stats(stats: dict) -> dict:
    """Scrapy's stats with values made JSON-compatible (datetimes as ISO strings)."""
    safe = {}
    for key, value in stats.items():
        if isinstance(value, (int, float, str, bool)) or value is None:
            safe[key] = value
        else:
            safe[key] = str(value)
    return safe
