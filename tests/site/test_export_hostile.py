"""The export stays well-formed and harmless whatever the text (issues 9 and 13.8):
control characters are replaced in JSON and CSV, and CSV cells a spreadsheet would run
as a formula are neutralised (OWASP, "CSV Injection")."""

from __future__ import annotations

import csv
import io
import json

import pytest

from catalogue.export import neutralise_formula, write_export
from catalogue.plaintext import without_control_characters
from sitefactory import NOW, make_entry, make_publiccode

ATTACK = "-2+3+cmd|' /C calc'!A0"


def export(entries, publishers, fmt):
    out = io.StringIO(newline="")
    write_export(entries, publishers, now=NOW, fmt=fmt, out=out)
    return out.getvalue()


@pytest.mark.parametrize("cell, expected", [
    (ATTACK, "'" + ATTACK),
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("Meldingen = fijn", "Meldingen = fijn"),
    ("", ""),
    ("https://github.com/a/b", "https://github.com/a/b"),
])
def test_neutralise_formula(cell, expected):
    assert neutralise_formula(cell) == expected


def test_formula_cells_are_neutralised_in_the_csv(publishers):
    entry = make_entry("app", entry_name="=1+2", short_description=ATTACK, long_description="@cmd",
                       languages=("-x", "Python"))
    rows = list(csv.DictReader(io.StringIO(export((entry,), publishers, "csv"), newline="")))
    (row,) = rows
    assert (row["name"], row["shortDescription"], row["longDescription"]) == ("'=1+2", "'" + ATTACK, "'@cmd")
    assert row["languages"] == "'-x;Python"
    assert row["url"] == "https://github.com/example-gemeente/app"
    # JSON is data, not a spreadsheet: the texts stay as written there.
    (record,) = json.loads(export((entry,), publishers, "json"))["repositories"]
    assert record["shortDescription"] == ATTACK


def test_control_characters_are_replaced_in_json_and_csv(publishers):
    text = "Rood \x1b[31malarm\x1b[0m\x00 en \x85 \ud800 klaar\tmet\nregels"
    document = make_publiccode(extra={"name": "Naam\x07"})
    entry = make_entry("app", short_description=text, publiccode=document)
    expected = "Rood [31malarm[0m en  \ufffd klaar\tmet\nregels"
    raw_json = export((entry,), publishers, "json")
    (record,) = json.loads(raw_json)["repositories"]
    assert record["shortDescription"] == expected
    assert record["publicCode"]["name"] == "Naam"
    assert "\\u001b" not in raw_json and "\\u0000" not in raw_json
    raw_csv = export((entry,), publishers, "csv")
    raw_csv.encode("utf-8")  # no lone surrogate left
    (row,) = csv.DictReader(io.StringIO(raw_csv, newline=""))
    assert row["shortDescription"] == expected
    assert json.loads(row["publicCode"])["name"] == "Naam"


def test_without_control_characters_keeps_ordinary_text_as_the_site_does():
    from catalogue.site.safetext import clean_text

    assert without_control_characters("Súdwest-Fryslân\t\r\n€ 😀") == "Súdwest-Fryslân\t\r\n€ 😀"
    assert without_control_characters("a\x7fb\x9fc\ufffe\x1b\ud800") == "abc\ufffd\ufffd"
    for text in ("a\x00b\x1b[0m\x85\ud800\uffff\tc", "plain"):
        assert without_control_characters(text) == clean_text(text)
