"""Every status and every threshold boundary, against NOW = 2026-06-15 12:00 UTC."""

from __future__ import annotations

from datetime import timedelta

import pytest

from catalogue.maintenance import STATUSES, MaintenanceRules, assess_maintenance, rule_sentences
from maintenancefactory import NOW, entry, publiccode, release, utc

TWELVE_MONTHS_AGO = utc(2025, 6, 15, 12)
TWENTY_FOUR_MONTHS_AGO = utc(2024, 6, 15, 12)
DAY = timedelta(days=1)


def status(document=None, **fields) -> str:
    return assess_maintenance(entry(document, **fields), NOW).status


def test_archived_wins_over_everything():
    result = assess_maintenance(
        entry(publiccode(developmentStatus="obsolete", maintenance={"type": "none"}),
              archived=True, last_commit_at=utc(2026, 6, 1), commits_last_90_days=50),
        NOW,
    )
    assert result.status == "archived"
    assert result.used_evidence == ("archived",)
    assert result.reasons[0] == "Archived: the forge marks the repository as archived (read-only)."
    assert "The forge marks this repository as archived." in result.reasons


def test_obsolete_wins_over_declared_none_and_activity():
    document = publiccode(developmentStatus="obsolete", maintenance={"type": "none"})
    result = assess_maintenance(entry(document, last_commit_at=utc(2020, 1, 1)), NOW)
    assert result.status == "obsolete"
    assert result.used_evidence == ("developmentStatus",)
    assert "Declared development status: obsolete." in result.reasons


def test_declared_unmaintained():
    result = assess_maintenance(entry(publiccode(maintenance={"type": "none"}), last_commit_at=utc(2020, 1, 1)), NOW)
    assert result.status == "declared-unmaintained"
    assert result.used_evidence == ("maintenance.type",)
    assert "Declared maintenance: none." in result.reasons
    assert result.contradictions == ()


def test_unknown_for_an_empty_repository():
    result = assess_maintenance(entry(is_empty=True), NOW)
    assert result.status == "unknown"
    assert result.used_evidence == ("last_commit_at", "pushed_at", "latest_release")
    assert "The forge gave no date of a commit or push (for example an empty repository)." in result.reasons
    assert {e.fact for e in result.evidence if e.value is None} >= {"last_commit_at", "pushed_at", "latest_release"}


def test_actively_maintained_needs_the_commit_count():
    result = assess_maintenance(entry(last_commit_at=utc(2026, 6, 10), commits_last_90_days=13), NOW)
    assert result.status == "actively-maintained"
    assert result.used_evidence == ("last_commit_at", "commits_last_90_days")
    assert "Commits on the default branch in the last 90 days: 13." in result.reasons
    assert status(last_commit_at=utc(2026, 6, 10), commits_last_90_days=12) == "maintained"


def test_without_counts_the_best_is_maintained_and_it_says_so():
    result = assess_maintenance(entry(last_commit_at=utc(2026, 6, 10)), NOW)
    assert result.status == "maintained"
    assert result.used_evidence == ("last_commit_at",)
    assert "The forge gave no commit counts, so activity is judged by dates alone." in result.reasons


def test_maintained_low_activity_unmaintained():
    assert status(last_commit_at=utc(2026, 1, 1)) == "maintained"
    assert status(last_commit_at=utc(2025, 1, 1)) == "low-activity"
    assert status(last_commit_at=utc(2023, 1, 1)) == "unmaintained"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (TWELVE_MONTHS_AGO + DAY, "maintained"),
        (TWELVE_MONTHS_AGO, "maintained"),
        (TWELVE_MONTHS_AGO - timedelta(seconds=1), "low-activity"),
        (TWELVE_MONTHS_AGO - DAY, "low-activity"),
        (TWENTY_FOUR_MONTHS_AGO + DAY, "low-activity"),
        (TWENTY_FOUR_MONTHS_AGO, "low-activity"),
        (TWENTY_FOUR_MONTHS_AGO - timedelta(seconds=1), "unmaintained"),
        (TWENTY_FOUR_MONTHS_AGO - DAY, "unmaintained"),
    ],
)
def test_month_boundaries_one_day_either_side(moment, expected):
    assert status(last_commit_at=moment) == expected


def test_commit_count_boundary_is_inclusive():
    rules = MaintenanceRules(active_commits_90_days=5)
    at = utc(2026, 6, 1)
    assert assess_maintenance(entry(last_commit_at=at, commits_last_90_days=5), NOW, rules).status == "actively-maintained"
    assert assess_maintenance(entry(last_commit_at=at, commits_last_90_days=4), NOW, rules).status == "maintained"


def test_an_old_commit_with_a_big_count_is_not_active():
    # counts come from the forge at fetch time; a stale last commit still decides
    assert status(last_commit_at=utc(2025, 1, 1), commits_last_90_days=40) == "low-activity"


def test_last_push_is_used_when_the_forge_gives_no_commit():
    result = assess_maintenance(entry(pushed_at=utc(2026, 1, 20)), NOW)
    assert result.status == "maintained"
    assert result.used_evidence == ("pushed_at",)
    assert "The forge gave no last commit; last push: 2026-01-20 (4 months ago)." in result.reasons


def test_a_push_does_not_override_a_known_last_commit():
    assert status(last_commit_at=utc(2023, 1, 1), pushed_at=utc(2026, 6, 1)) == "unmaintained"


def test_a_newer_release_counts_as_activity():
    result = assess_maintenance(
        entry(last_commit_at=utc(2023, 1, 1), latest_release=release(utc(2025, 12, 1), "v3.1")), NOW
    )
    assert result.status == "maintained"
    assert result.used_evidence == ("latest_release",)
    assert "Latest release on the forge: v3.1, 2025-12-01 (6 months ago)." in result.reasons


def test_release_alone_decides_and_an_undated_release_does_not():
    assert status(latest_release=release(utc(2025, 1, 1))) == "low-activity"
    result = assess_maintenance(entry(latest_release=release(None, "v0.1")), NOW)
    assert result.status == "unknown"
    assert "Latest release on the forge: v0.1 (no date given)." in result.reasons


def test_ages_in_words():
    def first_activity(moment):
        return next(r for r in assess_maintenance(entry(last_commit_at=moment), NOW).reasons if r.startswith("Last commit"))

    assert first_activity(utc(2026, 6, 1)) == "Last commit on the default branch: 2026-06-01 (less than a month ago)."
    assert first_activity(utc(2026, 5, 1)) == "Last commit on the default branch: 2026-05-01 (1 month ago)."
    assert first_activity(utc(2025, 4, 2)) == "Last commit on the default branch: 2025-04-02 (14 months ago)."


def test_a_commit_in_the_future_is_recent_not_negative():
    result = assess_maintenance(entry(last_commit_at=utc(2026, 7, 1)), NOW)
    assert result.status == "maintained"
    assert "(less than a month ago)" in result.reasons[2]


def test_thresholds_are_data():
    rules = MaintenanceRules(maintained_months=3, low_activity_months=6)
    e = entry(last_commit_at=utc(2026, 1, 1))
    assert assess_maintenance(e, NOW, rules).status == "low-activity"
    assert assess_maintenance(e, NOW, MaintenanceRules(maintained_months=2, low_activity_months=4)).status == "unmaintained"
    assert assess_maintenance(e, NOW, rules).reasons[0] == "Low activity: the last activity more than 3 but at most 6 months ago."
    assert assess_maintenance(e, NOW, rules).rules == rules


def test_rules_reject_nonsense():
    with pytest.raises(ValueError):
        MaintenanceRules(maintained_months=24, low_activity_months=12)
    with pytest.raises(ValueError):
        MaintenanceRules(active_commits_90_days=-1)


def test_rule_sentences_cover_every_status_in_order():
    sentences = rule_sentences(MaintenanceRules(maintained_months=6, low_activity_months=18, active_commits_90_days=4))
    assert tuple(s for s, _ in sentences) == STATUSES
    rendered = dict((s, r.render()) for s, r in sentences)
    assert rendered["actively-maintained"].startswith("Actively maintained: at least 4 commits")
    assert rendered["unmaintained"] == "Unmaintained: the last activity more than 18 months ago."


def test_status_ids_are_stable_lower_case_with_hyphens():
    assert STATUSES == (
        "archived", "obsolete", "declared-unmaintained", "unknown",
        "actively-maintained", "maintained", "low-activity", "unmaintained",
    )
