"""write_export: JSON and CSV fields and values."""

from __future__ import annotations

import csv
import io
import json

import pytest

from catalogue.export import CSV_COLUMNS, comparable_url, fork_type, iso_utc, write_export
from sitefactory import NOW, make_entry, make_publiccode, utc

REGISTER_FIELDS = {
    "url", "name", "shortDescription", "organisation", "forkType", "archived", "publicCodeUrl",
    "createdAt", "lastActivityAt", "lastCrawledAt",
}
OUR_FIELDS = {
    "publisherId", "longDescription", "license", "languages", "stars", "isFork", "gone", "publicCode", "maintenance",
    "isMirror", "mirrorOf",
    "dependsOn", "supports",
}


def test_gone_flag_for_repositories_no_longer_listed(publishers):
    from sitefactory import make_entry
    listed, gone = make_entry("hier", forge_id="1"), make_entry("weg", forge_id="2", gone=True)
    _, document, _ = export_json((listed, gone), publishers)
    assert {r["name"]: r["gone"] for r in document["repositories"]} == {"hier": False, "weg": True}
    out = io.StringIO()
    write_export((listed, gone), publishers, now=NOW, fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["gone"] for row in rows] == ["false", "true"]


def export_json(entries, publishers):
    out = io.StringIO()
    count = write_export(entries, publishers, now=NOW, fmt="json", out=out)
    return count, json.loads(out.getvalue()), out.getvalue()


def test_json_shape_and_values(entries, publishers):
    count, document, _ = export_json(entries, publishers)
    assert count == 5
    assert document["generatedAt"] == "2026-06-15T12:00:00Z"
    rows = document["repositories"]
    assert [r["url"] for r in rows] == sorted(r["url"] for r in rows)
    for row in rows:
        assert set(row) == REGISTER_FIELDS | OUR_FIELDS
    signalen = next(r for r in rows if r["url"].endswith("/signalen"))
    assert signalen["name"] == "signalen"
    assert signalen["shortDescription"] == "Meldingen openbare ruimte"
    assert signalen["organisation"] == {
        "uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm9999",
        "label": "Gemeente Voorbeeld",
    }
    assert signalen["createdAt"] == "2019-03-01T09:30:00Z"
    assert signalen["lastActivityAt"] == "2026-05-29T16:45:00Z"
    assert signalen["lastCrawledAt"] == "2026-06-14T03:00:00Z"
    assert signalen["publicCodeUrl"] == "https://github.com/example-gemeente/signalen/blob/main/publiccode.yml"
    assert signalen["license"] == "EUPL-1.2"
    assert signalen["languages"] == ["Python", "JavaScript"]
    assert signalen["stars"] == 42
    assert signalen["isFork"] is False and signalen["forkType"] is None
    assert signalen["publicCode"]["publiccodeYmlVersion"] == "0.4"
    assert signalen["publicCode"]["legal"]["license"] == "MPL-2.0"
    assert signalen["maintenance"]["status"] == "maintained"
    assert signalen["maintenance"]["reasons"][0].startswith("Maintained: the last activity")
    archived = next(r for r in rows if r["url"].endswith("/oude-tool"))
    assert archived["archived"] is True and archived["maintenance"]["status"] == "archived"
    assert archived["organisation"]["uri"] is None
    scripts = next(r for r in rows if r["url"].endswith("/scripts"))
    assert scripts["publicCode"] is None and scripts["publicCodeUrl"] is None
    assert scripts["shortDescription"] is None and scripts["license"] is None


def test_json_is_deterministic(entries, publishers):
    assert export_json(entries, publishers)[2] == export_json(tuple(reversed(entries)), publishers)[2]


def test_unknown_publisher_is_labelled_with_its_id(publishers):
    _, document, _ = export_json((make_entry(publisher_id="verdwenen"),), publishers)
    assert document["repositories"][0]["organisation"] == {"uri": None, "label": "verdwenen"}


def test_csv_columns_and_cells(entries, publishers):
    out = io.StringIO(newline="")
    assert write_export(entries, publishers, now=NOW, fmt="csv", out=out) == 5
    assert "\r\n" in out.getvalue()
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [r["url"] for r in rows] == sorted(r["url"] for r in rows)
    signalen = next(r for r in rows if r["url"].endswith("/signalen"))
    assert signalen["languages"] == "Python;JavaScript"
    assert signalen["archived"] == "false"
    assert signalen["organisation.label"] == "Gemeente Voorbeeld"
    assert signalen["maintenance.status"] == "maintained"
    assert signalen["maintenance.reasons"].startswith("Maintained: the last activity")
    assert json.loads(signalen["publicCode"])["name"] == "Signalen"
    scripts = next(r for r in rows if r["url"].endswith("/scripts"))
    assert scripts["publicCode"] == "" and scripts["license"] == "" and scripts["maintenance.status"] == "maintained"


def test_unknown_format_is_refused(entries, publishers):
    with pytest.raises(ValueError, match="xml"):
        write_export(entries, publishers, now=NOW, fmt="xml", out=io.StringIO())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "publiccode_extra", "expected"),
    [
        ({}, None, None),
        ({"is_fork": True}, None, "GIT_FORK"),
        ({"is_fork": True}, {"url": "https://github.com/upstream/signalen"}, "TECHNICAL_FORK"),
        ({}, {"url": "https://github.com/someone-else/signalen"}, "URL_MISTAKE"),
        ({"is_fork": True}, {"isBasedOn": ["https://github.com/upstream/signalen"]}, "VARIANT_FORK"),
        ({}, {"url": "https://GitHub.com/example-gemeente/signalen.git/"}, None),
    ],
)
def test_fork_type(fields, publiccode_extra, expected):
    publiccode = make_publiccode(extra=publiccode_extra) if publiccode_extra is not None else None
    assert fork_type(make_entry(publiccode=publiccode, **fields)) == expected


def test_fork_type_accepts_a_previous_url():
    document = make_publiccode(extra={"url": "https://github.com/old-owner/signalen"})
    stored = make_entry(publiccode=document, previous_urls=("https://github.com/old-owner/signalen",))
    assert fork_type(stored) is None


def test_time_and_url_helpers():
    assert iso_utc(utc(2026, 1, 2, 3, 4)) == "2026-01-02T03:04:00Z"
    assert iso_utc(None) is None
    assert comparable_url("https://www.GitHub.com/A/B.git/") == "github.com/a/b"
