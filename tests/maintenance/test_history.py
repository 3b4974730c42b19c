"""Status over time from observations, with fixed crawl times; one run through a real
SQLite store for the thin reader."""

from __future__ import annotations

from dataclasses import replace

import pytest

from catalogue.db import open_store
from catalogue.db.store import RepositoryObservation
from catalogue.history import stored_trend, trend
from catalogue.maintenance import MaintenanceRules
from maintenancefactory import NOW, entry, utc

CRAWLS = {1: utc(2023, 1, 10, 2), 2: utc(2024, 3, 10, 2), 3: utc(2026, 2, 10, 2)}


def observation(crawl_id: int, last_commit_at=None, archived: bool = False, pushed_at=None) -> RepositoryObservation:
    return RepositoryObservation(crawl_id, pushed_at, last_commit_at, archived, None)


def test_quiet_repository_decays_at_exact_threshold_moments():
    result = trend([observation(1, last_commit_at=utc(2023, 1, 5, 9, 30))], CRAWLS, NOW)
    assert [(p.at, p.status, p.crawl_id) for p in result.points] == [
        (utc(2023, 1, 10, 2), "maintained", 1),
        (utc(2024, 1, 5, 9, 30, 1), "low-activity", None),
        (utc(2025, 1, 5, 9, 30, 1), "unmaintained", None),
        (NOW, "unmaintained", None),
    ]
    assert [(e.kind, e.at.date().isoformat()) for e in result.events] == [
        ("became-low-activity", "2024-01-05"),
        ("became-unmaintained", "2025-01-05"),
    ]
    assert result.events[1].reason.render() == "Became unmaintained on 2025-01-05."
    assert (result.events[1].before, result.events[1].after) == ("low-activity", "unmaintained")


def test_one_second_either_side_of_the_crossing():
    result = trend([observation(1, last_commit_at=utc(2023, 1, 5, 9, 30))], CRAWLS, NOW)
    crossing = result.events[1].at
    rules = MaintenanceRules()
    assert crossing == utc(2025, 1, 5, 9, 30, 1)
    # the same rule at the moments around it
    short = trend([observation(1, last_commit_at=utc(2023, 1, 5, 9, 30))], CRAWLS, utc(2025, 1, 5, 9, 30), rules)
    assert short.points[-1].status == "low-activity"


def test_became_active_again_when_a_crawl_sees_a_new_commit():
    observations = [
        observation(1, last_commit_at=utc(2020, 1, 1)),
        observation(3, last_commit_at=utc(2026, 2, 1)),
    ]
    result = trend(observations, CRAWLS, NOW)
    assert [p.status for p in result.points] == ["unmaintained", "maintained", "maintained"]
    [event] = result.events
    assert event.kind == "became-active-again" and event.at == CRAWLS[3]
    assert event.reason.render() == "Became active again on 2026-02-10."


def test_archiving_is_an_event_and_unarchiving_with_old_commits_is_not_active():
    observations = [
        observation(1, last_commit_at=utc(2023, 1, 1)),
        observation(2, last_commit_at=utc(2023, 1, 1), archived=True),
        observation(3, last_commit_at=utc(2023, 1, 1)),
    ]
    result = trend(observations, CRAWLS, NOW)
    assert [e.kind for e in result.events] == ["became-low-activity", "became-archived", "became-unmaintained"]
    assert result.events[1].at == CRAWLS[2]
    assert result.events[2].at == CRAWLS[3]


def test_first_commit_of_an_empty_repository_is_a_plain_change():
    result = trend([observation(1), observation(2, last_commit_at=utc(2024, 3, 1))], CRAWLS, utc(2024, 4, 1))
    assert [e.kind for e in result.events] == ["status-changed"]
    assert (result.events[0].before, result.events[0].after) == ("unknown", "maintained")


def test_order_of_input_does_not_matter_and_future_crawls_are_ignored():
    observations = [observation(3, last_commit_at=utc(2026, 2, 1)), observation(1, last_commit_at=utc(2020, 1, 1))]
    assert trend(observations, CRAWLS, NOW) == trend(list(reversed(observations)), CRAWLS, NOW)
    early = trend(observations, CRAWLS, utc(2023, 6, 1))
    assert [p.crawl_id for p in early.points] == [1, None] and early.events == ()


def test_no_observations_no_trend_and_unknown_crawl_fails():
    assert trend([], CRAWLS, NOW).points == ()
    with pytest.raises(KeyError):
        trend([observation(9)], CRAWLS, NOW)


def test_thresholds_are_shared_with_the_rule():
    rules = MaintenanceRules(maintained_months=1, low_activity_months=2)
    result = trend([observation(1, last_commit_at=utc(2023, 1, 5))], CRAWLS, utc(2023, 6, 1), rules)
    assert [e.at.date().isoformat() for e in result.events] == ["2023-02-05", "2023-03-05"]


def test_stored_trend_reads_a_store(store_url):
    store = open_store(store_url)  # SQLite, then PostgreSQL
    try:
        first = store.begin_crawl(utc(2023, 1, 10, 2))
        e = entry(last_commit_at=utc(2023, 1, 5, 9, 30), pushed_at=utc(2023, 1, 5, 9, 30))
        store.upsert_entries([e], first)
        second = store.begin_crawl(utc(2026, 2, 10, 2))
        newer = replace(e.source, last_commit_at=utc(2026, 2, 1), pushed_at=utc(2026, 2, 1), fetched_at=utc(2026, 2, 10, 3))
        store.upsert_entries([replace(e, source=newer)], second)
        result = stored_trend(store, "github.com", "1", NOW)
    finally:
        store.close()
    assert [p.crawl_id for p in result.points if p.crawl_id] == [first, second]
    assert [e.kind for e in result.events] == ["became-low-activity", "became-unmaintained", "became-active-again"]
