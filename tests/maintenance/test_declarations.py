"""Declarations in publiccode.yml: contracts, release dates (case B28), contradictions,
missing data and determinism."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from catalogue.maintenance import CONTRADICTIONS, MaintenanceRules, assess_maintenance, facts_from_entry
from maintenancefactory import NOW, entry, publiccode, utc

B28 = Path(__file__).resolve().parents[1] / "data" / "publiccode" / "cases" / "B28" / "input.yml"


def contract(*untils: object, type_: str = "contract"):
    return publiccode(maintenance={"type": type_, "contractors": [{"name": "Leverancier B.V.", "until": u} for u in untils]})


def ids(result) -> list[str]:
    return [c.id for c in result.contradictions]


def test_b28_epoch_release_date_is_no_release_date():
    data = yaml.safe_load(B28.read_text(encoding="utf-8"))
    assert data["releaseDate"] == "1970-01-01"
    result = assess_maintenance(entry(publiccode(**data), last_commit_at=utc(2026, 6, 1)), NOW)
    assert "No release date declared." in result.reasons
    assert not any("1970" in reason for reason in result.reasons)
    [declared] = [e for e in result.evidence if e.fact == "releaseDate"]
    assert declared.value is None
    assert result.status == "maintained"
    assert "Declared maintenance: internal." in result.reasons


def test_real_release_date_is_shown_and_placeholders_are_data():
    document = publiccode(releaseDate="2024-03-01")
    assert "Declared release date: 2024-03-01." in assess_maintenance(entry(document), NOW).reasons
    rules = MaintenanceRules(placeholder_release_dates=frozenset({utc(2024, 3, 1).date()}))
    assert "No release date declared." in assess_maintenance(entry(document), NOW, rules).reasons


def test_unreadable_release_date_is_not_declared():
    assert facts_from_entry(entry(publiccode(releaseDate="maart 2024"))).release_date is None


def test_running_contract_boundary_is_the_until_day():
    today = "2026-06-15"
    yesterday = "2026-06-14"
    running = assess_maintenance(entry(contract(today), last_commit_at=utc(2026, 6, 1)), NOW)
    assert "Maintenance contract until 2026-06-15." in running.reasons
    assert ids(running) == []
    ended = assess_maintenance(entry(contract(yesterday), last_commit_at=utc(2026, 6, 1)), NOW)
    assert "Contract ended 2026-06-14." in ended.reasons
    assert ids(ended) == ["contract-ended-but-active"]


def test_the_latest_of_several_contracts_counts():
    result = assess_maintenance(entry(contract("2023-05-01", "2027-01-01"), last_commit_at=utc(2026, 6, 1)), NOW)
    assert "Maintenance contract until 2027-01-01." in result.reasons
    result = assess_maintenance(entry(contract("2023-05-01", "2022-01-01"), last_commit_at=utc(2020, 1, 1)), NOW)
    assert "Contract ended 2023-05-01." in result.reasons
    # an ended contract promises nothing, so inactivity is no contradiction
    assert result.status == "unmaintained" and ids(result) == []


def test_contract_without_readable_end_is_said_and_counts_as_running():
    result = assess_maintenance(entry(contract("soon"), last_commit_at=utc(2020, 1, 1)), NOW)
    assert "The maintenance contract has no readable end date." in result.reasons
    assert ids(result) == ["declared-maintained-but-inactive"]


def test_declared_internal_but_no_commit_for_three_years():
    result = assess_maintenance(entry(publiccode(maintenance={"type": "internal"}), last_commit_at=utc(2023, 6, 1)), NOW)
    assert result.status == "unmaintained"
    assert ids(result) == ["declared-maintained-but-inactive"]
    assert result.reasons[-1] == (
        "Contradiction: declared maintenance internal, but the last activity is more than 24 months ago."
    )
    assert result.explained[-1] == result.contradictions[0].reason


def test_low_activity_with_a_declaration_is_not_yet_a_contradiction():
    result = assess_maintenance(entry(publiccode(maintenance={"type": "community"}), last_commit_at=utc(2025, 1, 1)), NOW)
    assert result.status == "low-activity" and ids(result) == []


def test_declared_obsolete_but_active():
    result = assess_maintenance(entry(publiccode(developmentStatus="obsolete"), last_commit_at=utc(2026, 6, 1)), NOW)
    assert result.status == "obsolete"
    assert ids(result) == ["declared-obsolete-but-active"]
    assert result.reasons[-1] == "Contradiction: declared obsolete, but the last activity is at most 12 months ago."


def test_declared_none_but_active():
    result = assess_maintenance(entry(publiccode(maintenance={"type": "none"}), last_commit_at=utc(2026, 6, 1)), NOW)
    assert result.status == "declared-unmaintained"
    assert ids(result) == ["declared-unmaintained-but-active"]


def test_declared_maintained_but_archived():
    result = assess_maintenance(entry(publiccode(maintenance={"type": "internal"}), archived=True), NOW)
    assert ids(result) == ["declared-maintained-but-archived"]
    # archiving obsolete software agrees with the declaration
    quiet = assess_maintenance(entry(publiccode(developmentStatus="obsolete"), archived=True, last_commit_at=utc(2026, 6, 1)), NOW)
    assert ids(quiet) == []


def test_every_contradiction_sentence_formats():
    params = {"type": "internal", "max": 24, "limit": 12, "date": "2023-05-01"}
    for message in CONTRADICTIONS.values():
        assert "%(" not in message % params


def test_declared_values_are_matched_case_insensitively_and_shown_as_written():
    result = assess_maintenance(entry(publiccode(maintenance={"type": "None "})), NOW)
    assert result.status == "declared-unmaintained"
    assert "Declared maintenance: None." in result.reasons


def test_missing_data():
    no_file = assess_maintenance(entry(last_commit_at=utc(2026, 6, 1)), NOW)
    assert "There is no publiccode.yml, so nothing is declared about maintenance." in no_file.reasons
    no_type = assess_maintenance(entry(publiccode(name="x"), last_commit_at=utc(2026, 6, 1)), NOW)
    assert "publiccode.yml declares no maintenance type." in no_type.reasons
    wrong_types = entry(publiccode(maintenance="internal", developmentStatus=3, releaseDate=None), last_commit_at=utc(2026, 6, 1))
    facts = facts_from_entry(wrong_types)
    assert (facts.maintenance_type, facts.development_status, facts.release_date) == (None, None, None)
    assert assess_maintenance(wrong_types, NOW).status == "maintained"
    assert not any(r.startswith("Open issues") for r in no_file.reasons)
    assert "Open issues: 0." in assess_maintenance(entry(open_issues=0), NOW).reasons


def test_every_used_fact_is_in_the_evidence():
    cases = [
        entry(archived=True),
        entry(publiccode(developmentStatus="obsolete")),
        entry(publiccode(maintenance={"type": "none"})),
        entry(),
        entry(last_commit_at=utc(2026, 6, 1), commits_last_90_days=30),
        entry(pushed_at=utc(2025, 1, 1)),
    ]
    for case in cases:
        result = assess_maintenance(case, NOW)
        assert set(result.used_evidence) <= {e.fact for e in result.evidence}, result.status


def test_deterministic_and_naive_now_is_utc():
    e = entry(contract("2026-01-01"), last_commit_at=utc(2025, 6, 15, 12), commits_last_90_days=2, open_issues=4)
    first = assess_maintenance(e, NOW)
    assert all(assess_maintenance(e, NOW) == first for _ in range(3))
    assert assess_maintenance(e, datetime(2026, 6, 15, 12, 0)) == first
