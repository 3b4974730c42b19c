"""Upserts: idempotent, identity by (host, forge_id), renames, batches, history."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from catalogue.db import KnownState, Store, UpsertCounts
from catalogue.db.models import Observation, Repository
from catalogue.db.store import BATCH_SIZE
from catalogue.errors import StoreError

from .factory import T0, full_entry, make_entry


def _count(store: Store, model: type) -> int:
    with store._sessions() as session:  # test-only peek at the tables
        return session.scalar(select(func.count()).select_from(model))


def test_upserting_the_same_entry_twice_changes_nothing(store: Store) -> None:
    entry = full_entry()
    first = store.begin_crawl(T0)
    assert store.upsert_entries([entry], first) == UpsertCounts(created=1)
    before = store.entry("gitlab.com", "4242")

    second = store.begin_crawl(T0 + timedelta(days=1))
    assert store.upsert_entries([entry], second) == UpsertCounts(unchanged=1)
    assert store.upsert_entry(entry, second) is False

    after = store.entry("gitlab.com", "4242")
    assert _count(store, Repository) == 1
    assert after.entry == before.entry
    assert after.first_seen_at == T0
    assert after.last_crawled_at == T0 + timedelta(days=1)
    assert _count(store, Observation) == 1


def test_a_newer_fetch_of_the_same_facts_is_unchanged(store: Store) -> None:
    entry = make_entry(1)
    crawl = store.begin_crawl(T0)
    store.upsert_entry(entry, crawl)
    refetched = replace(entry, source=replace(entry.source, fetched_at=T0 + timedelta(hours=3)))

    assert store.upsert_entries([refetched], crawl) == UpsertCounts(unchanged=1)
    assert store.entry("github.com", "1001").entry == refetched


def test_a_changed_field_is_counted_and_stored(store: Store) -> None:
    crawl = store.begin_crawl(T0)
    store.upsert_entry(make_entry(1), crawl)
    starred = make_entry(1, stars=99)

    assert store.upsert_entries([starred], crawl) == UpsertCounts(changed=1)
    assert store.entry("github.com", "1001").entry.source.stars == 99


def test_rename_keeps_the_row_and_the_previous_url(store: Store) -> None:
    old = make_entry(1)
    first = store.begin_crawl(T0)
    store.upsert_entry(old, first)
    later = T0 + timedelta(days=30)
    second = store.begin_crawl(later)
    moved = make_entry(1, url="https://github.com/overheid/new-name", full_name="overheid/new-name",
                       name="new-name", account_url="https://github.com/overheid")

    assert store.upsert_entries([moved], second) == UpsertCounts(changed=1)

    [stored] = store.entries()
    assert stored.entry == moved
    assert stored.previous_urls == ("https://github.com/minbzk/repo-1",)
    assert stored.first_seen_at == T0
    assert stored.last_crawled_at == later
    assert _count(store, Repository) == 1


def test_renaming_back_and_forth_lists_each_previous_url_once(store: Store) -> None:
    names = ["a", "b", "a", "c"]
    for day, name in enumerate(names):
        crawl = store.begin_crawl(T0 + timedelta(days=day))
        store.upsert_entry(make_entry(1, url=f"https://github.com/minbzk/{name}"), crawl)

    stored = store.entry("github.com", "1001")
    assert stored.entry.source.url == "https://github.com/minbzk/c"
    assert stored.previous_urls == ("https://github.com/minbzk/b", "https://github.com/minbzk/a")


def test_same_forge_id_on_another_host_is_another_repository(store: Store) -> None:
    crawl = store.begin_crawl(T0)
    counts = store.upsert_entries(
        [make_entry(1), make_entry(1, host="gitlab.com", url="https://gitlab.com/minbzk/repo-1")],
        crawl,
    )
    assert counts == UpsertCounts(created=2)
    assert _count(store, Repository) == 2


def test_many_entries_in_several_batches_with_duplicates(store: Store) -> None:
    total = BATCH_SIZE * 2 + 17
    crawl = store.begin_crawl(T0)
    entries = [make_entry(n) for n in range(total)]
    # Duplicates in one batch and across batches: the later one wins.
    entries.insert(5, make_entry(6, stars=1))
    entries.append(make_entry(3, stars=5))

    counts = store.upsert_entries(iter(entries), crawl)

    assert counts.created == total
    assert counts.changed == 1  # repo 3 again, in a later batch, with stars
    assert _count(store, Repository) == total
    assert store.entry("github.com", "1006").entry.source.stars is None
    assert store.entry("github.com", "1003").entry.source.stars == 5
    assert len(store.entries()) == total


def test_observations_are_written_only_when_tracked_fields_change(store: Store) -> None:
    entry = make_entry(1)
    crawls = [store.begin_crawl(T0 + timedelta(days=d)) for d in range(4)]
    store.upsert_entry(entry, crawls[0])
    store.upsert_entry(make_entry(1, stars=3), crawls[1])  # changed, but not tracked
    store.upsert_entry(make_entry(1, stars=3, archived=True), crawls[2])
    store.upsert_entry(make_entry(1, stars=3, archived=True), crawls[3])

    history = store.observations("github.com", "1001")
    assert [o.crawl_id for o in history] == [crawls[0], crawls[2]]
    assert [o.archived for o in history] == [False, True]
    assert history[0].pushed_at == entry.source.pushed_at
    assert history[0].publiccode_valid is None


def test_publiccode_validity_change_is_observed_and_document_replaced(store: Store) -> None:
    entry = full_entry()
    first = store.begin_crawl(T0)
    store.upsert_entry(entry, first)
    fixed = replace(entry, publiccode=replace(entry.publiccode, valid=True, messages=()))
    second = store.begin_crawl(T0 + timedelta(days=1))
    store.upsert_entry(fixed, second)

    assert store.entry("gitlab.com", "4242").entry == fixed
    assert [o.publiccode_valid for o in store.observations("gitlab.com", "4242")] == [False, True]
    without = replace(entry, publiccode=None)
    store.upsert_entry(without, second)
    assert store.entry("gitlab.com", "4242").entry.publiccode is None


def test_known_state_and_touch(store: Store) -> None:
    first = store.begin_crawl(T0)
    store.upsert_entries([make_entry(1), full_entry()], first)

    github = store.known_state("github.com")
    assert github == {
        "1001": KnownState("https://github.com/minbzk/repo-1", make_entry(1).source.pushed_at, None,
                           make_entry(1).source.updated_at, False)
    }
    gitlab = store.known_state("gitlab.com")["4242"]
    assert gitlab.publiccode_blob_id == "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"

    second = store.begin_crawl(T0 + timedelta(days=2))
    assert store.touch("github.com", {"1001", "9999"}, second) == 1
    stored = store.entry("github.com", "1001")
    assert stored.last_crawled_at == T0 + timedelta(days=2)
    assert stored.entry == make_entry(1)
    assert store.entry("gitlab.com", "4242").last_crawled_at == T0


def test_unknown_crawl_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no crawl 42"):
        store.upsert_entries([make_entry(1)], 42)


def test_observations_keep_every_fact_the_maintenance_rule_reads(store: Store) -> None:
    from catalogue.history import facts_from_observation

    first = store.begin_crawl(T0)
    store.upsert_entry(make_entry(1), first)
    second = store.begin_crawl(T0 + timedelta(days=1))
    moved = make_entry(1)
    moved = replace(moved, source=replace(moved.source, commits_last_90_days=42))
    store.upsert_entry(moved, second)
    history = store.observations("github.com", "1001")
    assert [o.crawl_id for o in history] == [first, second]  # a rule fact moved: a new row
    facts = facts_from_observation(history[-1])
    assert facts.commits_last_90_days == 42
    assert facts.pushed_at == moved.source.pushed_at


def test_a_nul_character_from_a_forge_does_not_fail_the_batch(store: Store) -> None:
    crawl = store.begin_crawl(T0)
    odd = make_entry(1)
    odd = replace(odd, short_description="melden\x00van", source=replace(odd.source, description="a\x00b"))
    counts = store.upsert_entries([odd, make_entry(2)], crawl)
    assert counts.created == 2  # the other entry of the batch is stored too
    stored = store.entry("github.com", "1001").entry
    assert stored.short_description == "melden\ufffdvan" and stored.source.description == "a\ufffdb"
