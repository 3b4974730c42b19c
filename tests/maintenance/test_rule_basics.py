"""Date arithmetic and reason rendering that the rule relies on."""

from __future__ import annotations

import pytest

from catalogue.maintenance import Reason, months_before, read_date, whole_months_between
from maintenancefactory import NOW, utc


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


def test_nested_reason_is_translated_with_the_same_functions():
    reason = Reason("Last commit (%(age)s).", {"age": Reason("%(months)s months ago", {"months": 3})})
    dutch = {"Last commit (%(age)s).": "Laatste commit (%(age)s).", "%(months)s months ago": "%(months)s maanden geleden"}
    assert reason.render() == "Last commit (3 months ago)."
    assert reason.render(dutch.__getitem__, lambda v: f"<{v}>") == "Laatste commit (<3> maanden geleden)."


def test_read_date_accepts_strings_and_dates_only():
    assert read_date("2024-03-01") == utc(2024, 3, 1).date()
    assert read_date(" 2024-03-01 ") == utc(2024, 3, 1).date()
    assert read_date(utc(2024, 3, 1)) == utc(2024, 3, 1).date()
    assert read_date("1 maart 2024") is None
    assert read_date(20240301) is None
    assert read_date(None) is None
