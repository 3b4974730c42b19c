"""StorePipeline: a batch the database refuses is split, and only the guilty entry fails,
counted and named (issue 13.1: SQLite's "string or blob too big" used to keep the failed
batch and retry it with every later item)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import event

from catalogue.db import open_store
from catalogue.harvest import pipelines
from catalogue.harvest.pipelines import StorePipeline
from tests.db.factory import T0, make_entry

LIMIT = 20_000  # bytes SQLite accepts in one value, in this test


class Spider:
    def __init__(self) -> None:
        self.crawl_errors: list[str] = []

    def record_error(self, message: str) -> None:
        self.crawl_errors.append(message)


@pytest.fixture
def limited_store(monkeypatch):
    """``open_store`` whose SQLite connections refuse values over ``LIMIT`` bytes."""

    def open_limited(url):
        store = open_store(url)
        engine = store._engine
        event.listen(engine, "connect", lambda dbapi, _: dbapi.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LIMIT))
        engine.dispose()
        return store

    monkeypatch.setattr(pipelines, "open_store", open_limited)


def run_pipeline(db_url: str, entries) -> tuple[Spider, dict]:
    crawler = get_crawler()
    crawler.stats.open_spider(None)
    pipeline = StorePipeline(db_url, None, crawler.stats, T0)
    spider = Spider()
    pipeline.open_spider(spider)
    for entry in entries:
        pipeline.process_item(entry, spider)
    pipeline.close_spider(spider)
    return spider, crawler.stats.get_stats()


@pytest.mark.parametrize("guilty", [[0], [7], [3, 250], [399]])
def test_only_the_guilty_entries_of_a_refused_batch_fail(tmp_path, limited_store, guilty):
    db_url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    entries = [make_entry(i) for i in range(400)]  # two batches of BATCH_SIZE (200)
    for i in guilty:
        entries[i] = replace(entries[i], source=replace(entries[i].source, description="x" * (LIMIT + 1)))
    spider, stats = run_pipeline(db_url, entries)
    store = open_store(db_url)
    try:
        stored = {s.entry.source.url for s in store.entries()}
        (crawl,) = store.crawls()
    finally:
        store.close()
    assert stored == {e.source.url for i, e in enumerate(entries) if i not in guilty}
    assert stats["catalogue/errors/store"] == len(guilty)
    assert stats["catalogue/repositories/created"] == 400 - len(guilty)
    assert len(spider.crawl_errors) == len(guilty)
    for message, i in zip(spider.crawl_errors, guilty):
        assert message.startswith(f"{entries[i].source.url}: could not be stored: ")
        assert "too big" in message
    assert list(crawl.errors) == spider.crawl_errors


def test_a_batch_without_fault_is_written_in_one_go(tmp_path, limited_store):
    db_url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    spider, stats = run_pipeline(db_url, [make_entry(i) for i in range(10)])
    assert spider.crawl_errors == [] and "catalogue/errors/store" not in stats
    assert stats["catalogue/repositories/created"] == 10
