"""Entries come back from the store exactly as they went in, with UTC times."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import datetime, timedelta, timezone

import pytest

from catalogue.db import Store

from .factory import T0, full_entry, make_entry


def _datetimes(value: object) -> list[datetime]:
    """Every datetime inside a (nested) dataclass."""
    if isinstance(value, datetime):
        return [value]
    if is_dataclass(value):
        return [d for f in fields(value) for d in _datetimes(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [d for item in value for d in _datetimes(item)]
    return []


def test_full_entry_round_trip(store: Store) -> None:
    entry = full_entry()
    crawl = store.begin_crawl(T0)
    assert store.upsert_entry(entry, crawl) is True

    [stored] = store.entries()
    assert stored.entry == entry
    assert stored.entry.publiccode is not None
    assert stored.entry.publiccode.messages == entry.publiccode.messages
    assert stored.entry.source.publiccode.raw.endswith(b"\xff")
    assert stored.first_seen_at == T0
    assert stored.last_crawled_at == T0
    assert stored.previous_urls == ()
    assert stored.gone is False
    assert store.entry("gitlab.com", "4242") == stored


def test_minimal_entry_round_trip_keeps_nones_and_empty_tuples(store: Store) -> None:
    entry = make_entry(7, pushed_at=None)
    crawl = store.begin_crawl(T0)
    store.upsert_entry(entry, crawl)

    stored = store.entry("github.com", "1007")
    assert stored is not None
    assert stored.entry == entry
    assert stored.entry.source.languages == ()
    assert stored.entry.source.publiccode is None
    assert stored.entry.publiccode is None


def test_times_come_back_in_utc(store: Store) -> None:
    entry = full_entry()
    given_pushed_at = entry.source.pushed_at
    assert given_pushed_at.utcoffset() == timedelta(hours=2)
    crawl = store.begin_crawl(datetime(2024, 3, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))))
    store.upsert_entry(entry, crawl)
    store.finish_crawl(crawl, T0 + timedelta(hours=1), requests=1, errors=[], stats={})

    [stored] = store.entries()
    times = _datetimes(stored)
    assert len(times) == 8  # fetched, created, pushed, updated, last commit, release, first/last seen
    assert all(t.tzinfo is timezone.utc for t in times), times
    assert stored.entry.source.pushed_at == given_pushed_at
    record = store.last_crawl()
    assert record.started_at == datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
    assert record.started_at.tzinfo is timezone.utc
    assert record.finished_at.tzinfo is timezone.utc


def test_entries_are_sorted_by_canonical_url(store: Store) -> None:
    crawl = store.begin_crawl(T0)
    store.upsert_entries([make_entry(n) for n in (3, 1, 2)], crawl)
    store.upsert_entry(make_entry(9, host="gitlab.com", account="vng"), crawl)

    urls = [stored.entry.source.url for stored in store.entries()]
    assert urls == sorted(urls)
    assert urls[0] == "https://github.com/minbzk/repo-1"
    assert urls[-1] == "https://gitlab.com/vng/repo-9"


def test_unknown_repository_is_none(store: Store) -> None:
    assert store.entry("github.com", "404") is None


def test_naive_times_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        store.begin_crawl(datetime(2024, 3, 1, 12, 0))
    assert store.crawls() == []
