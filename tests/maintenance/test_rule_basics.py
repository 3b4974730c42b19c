"""The first maintenance rule against fixed dates."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from catalogue.maintenance import (
    MaintenanceRules,
    Reason,
    assess_maintenance,
    months_before,
    whole_months_between,
)
from sitefactory import NOW, make_entry, utc


def status(**fields) -> str:
    return assess_maintenance(make_entry(**fields).entry, NOW).status


def test_archived_wins_over_recent_commit():
    result = assess_maintenance(make_entry(archived=True).entry, NOW)
    assert result.status == "archived"
    assert result.reasons == ("The forge marks this repository as archived.",)
    assert [e.fact for e in result.evidence] == ["archived"]


def test_boundary_at_twelve_months():
    # NOW is 2026-06-15 12:00 UTC; twelve months before is 2025-06-15 12:00 UTC.
    assert status(last_commit_at=utc(2025, 6, 15, 12, 0)) == "active"
    assert status(last_commit_at=datetime(2025, 6, 15, 11, 59, 59, tzinfo=timezone.utc)) == "stale"
    assert status(last_commit_at=utc(2025, 6, 16)) == "active"
    assert status(last_commit_at=utc(2025, 6, 14)) == "stale"


def test_reasons_name_the_date_and_the_limit():
    result = assess_maintenance(make_entry(last_commit_at=utc(2024, 4, 2)).entry, NOW)
    assert result.status == "stale"
    assert result.reasons == (
        "Last commit on the default branch: 2024-04-02 (26 months ago).",
        "That is longer ago than 12 months.",
    )
    assert result.evidence[0].fact == "last_commit_at"
    assert result.evidence[0].value == utc(2024, 4, 2)


def test_falls_back_to_last_push_and_says_so():
    result = assess_maintenance(make_entry(last_commit_at=None, pushed_at=utc(2026, 1, 20)).entry, NOW)
    assert result.status == "active"
    assert result.reasons[0] == "The forge gave no last commit; last push: 2026-01-20 (4 months ago)."
    assert result.evidence[0].fact == "pushed_at"


def test_unknown_without_any_date():
    result = assess_maintenance(make_entry(last_commit_at=None, pushed_at=None, is_empty=True).entry, NOW)
    assert result.status == "unknown"
    assert result.evidence == ()
    assert "empty repository" in result.reasons[0]


def test_threshold_is_data():
    entry = make_entry(last_commit_at=utc(2026, 1, 1)).entry
    assert assess_maintenance(entry, NOW, MaintenanceRules(active_months=3)).status == "stale"
    assert assess_maintenance(entry, NOW, MaintenanceRules(active_months=6)).status == "active"


def test_naive_now_is_read_as_utc_and_result_is_deterministic():
    entry = make_entry(last_commit_at=utc(2025, 6, 15, 12)).entry
    naive = datetime(2026, 6, 15, 12, 0)
    assert assess_maintenance(entry, naive) == assess_maintenance(entry, NOW)


def test_months_before_clamps_to_month_end():
    assert months_before(utc(2026, 3, 31), 1) == utc(2026, 2, 28)
    assert months_before(utc(2024, 3, 31), 1) == utc(2024, 2, 29)
    assert months_before(utc(2026, 1, 15), 12) == utc(2025, 1, 15)
    with pytest.raises(ValueError):
        months_before(NOW, -1)


def test_whole_months_between():
    assert whole_months_between(utc(2026, 5, 16), NOW) == 0
    assert whole_months_between(utc(2026, 5, 15, 12), NOW) == 1
    assert whole_months_between(utc(2025, 6, 15, 12), NOW) == 12
    assert whole_months_between(utc(2027, 1, 1), NOW) == 0


def test_reason_renders_with_a_translator_and_formatter():
    reason = Reason("Seen %(date)s", {"date": utc(2026, 1, 2).date()})
    assert reason.render() == "Seen 2026-01-02"
    assert reason.render(lambda s: "Gezien %(date)s", lambda v: "2 januari 2026") == "Gezien 2 januari 2026"
