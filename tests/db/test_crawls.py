"""Crawl records and gone marking: a crawl never loses what an earlier one found."""

from __future__ import annotations

from datetime import timedelta

import pytest

from catalogue.db import Store
from catalogue.errors import StoreError
from catalogue.records import CrawlRecord

from .factory import T0, make_entry


def test_crawl_records_start_end_counts_errors_and_stats(store: Store) -> None:
    assert store.crawls() == []
    assert store.last_crawl() is None

    first = store.begin_crawl(T0)
    store.upsert_entries([make_entry(n) for n in range(5)], first)
    store.finish_crawl(first, T0 + timedelta(minutes=7), requests=40,
                       errors=["github.com/x: 403"], stats={"items": 5, "by_host": {"a": 1}})
    second = store.begin_crawl(T0 + timedelta(days=1))
    store.upsert_entries([make_entry(n, stars=n) for n in range(3)], second)

    assert store.last_crawl() == CrawlRecord(
        id=second, started_at=T0 + timedelta(days=1), finished_at=None
    )
    store.finish_crawl(second, T0 + timedelta(days=1, minutes=2), requests=3, errors=[],
                       stats={})
    records = store.crawls()
    assert records == [
        CrawlRecord(
            id=first,
            started_at=T0,
            finished_at=T0 + timedelta(minutes=7),
            repositories_seen=5,
            repositories_changed=5,
            requests=40,
            errors=("github.com/x: 403",),
            stats={"items": 5, "by_host": {"a": 1}},
        ),
        CrawlRecord(
            id=second,
            started_at=T0 + timedelta(days=1),
            finished_at=T0 + timedelta(days=1, minutes=2),
            repositories_seen=3,
            # repo 0 got stars=0 (was None): every one of the three changed.
            repositories_changed=3,
            requests=3,
        ),
    ]


def test_finish_counts_unchanged_and_touched_as_seen_not_changed(store: Store) -> None:
    first = store.begin_crawl(T0)
    store.upsert_entries([make_entry(n) for n in range(4)], first)
    second = store.begin_crawl(T0 + timedelta(days=1))
    store.upsert_entries([make_entry(0), make_entry(1, stars=8)], second)
    store.touch("github.com", ["1002"], second)
    store.finish_crawl(second, T0 + timedelta(days=1), requests=0, errors=[], stats={})

    record = store.last_crawl()
    assert (record.repositories_seen, record.repositories_changed) == (3, 1)


def test_repositories_not_listed_anymore_are_marked_gone_not_removed(store: Store) -> None:
    first = store.begin_crawl(T0)
    store.upsert_entries([make_entry(n) for n in range(3)], first)
    store.upsert_entry(make_entry(9, account="other"), first)
    second = store.begin_crawl(T0 + timedelta(days=1))
    store.upsert_entries([make_entry(0), make_entry(2)], second)

    marked = store.mark_gone("github.com", "https://github.com/minbzk", {"1000", "1002"}, second)

    assert marked == 1
    gone = {s.entry.source.forge_id: s.gone for s in store.entries()}
    assert gone == {"1000": False, "1001": True, "1002": False, "1009": False}
    assert store.entry("github.com", "1001").entry == make_entry(1)
    store.finish_crawl(second, T0 + timedelta(days=1), requests=0, errors=[], stats={})
    assert store.last_crawl().repositories_changed == 1
    # Marking again marks nothing new.
    assert store.mark_gone("github.com", "https://github.com/minbzk", {"1000", "1002"}, second) == 0


def test_a_gone_repository_that_reappears_is_back(store: Store) -> None:
    first = store.begin_crawl(T0)
    store.upsert_entries([make_entry(1), make_entry(2)], first)
    store.mark_gone("github.com", "https://github.com/minbzk", set(), first)
    assert all(s.gone for s in store.entries())

    second = store.begin_crawl(T0 + timedelta(days=1))
    counts = store.upsert_entries([make_entry(1)], second)
    assert store.touch("github.com", ["1002"], second) == 1

    assert (counts.changed, counts.unchanged) == (1, 0)
    assert not any(s.gone for s in store.entries())
    store.finish_crawl(second, T0 + timedelta(days=1), requests=0, errors=[], stats={})
    assert store.last_crawl().repositories_changed == 2


def test_finishing_an_unknown_crawl_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no crawl 7"):
        store.finish_crawl(7, T0, requests=0, errors=[], stats={})
