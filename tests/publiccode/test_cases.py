"""The shared cases about publiccode.yml (tests/data/publiccode/cases/Bnn/expected.md).

Note on the version warning: these inputs declare "0.4.0", which the reference
validator accepts with one warning on publiccodeYmlVersion ("not the latest version").
Where a case counts warnings, it counts those of the keys it is about; the version
warning is checked separately.
"""

from __future__ import annotations

import json
from pathlib import Path

from catalogue.publiccode import parse_publiccode, select_description

CASES = Path(__file__).resolve().parents[1] / "data" / "publiccode" / "cases"


def load(case: str, name: str = "input.yml", **kw):
    return parse_publiccode((CASES / case / name).read_bytes(), **kw)


def errors(doc):
    return [m for m in doc.messages if m.severity == "error"]


def warnings(doc, path=None):
    return [m for m in doc.messages if m.severity == "warning" and (path is None or m.path == path)]


def version_warning_only(doc, *allowed):
    others = [m for m in warnings(doc) if m.path not in ("publiccodeYmlVersion", *allowed)]
    assert others == []
    assert [m.path for m in warnings(doc, "publiccodeYmlVersion")] == ["publiccodeYmlVersion"]


def test_b01_bom_with_and_without_document_start():
    a, b = load("B01"), load("B01", "input-no-docstart.yml")
    for doc in (a, b):
        assert errors(doc) == []
        assert not any("unknown" in m.message for m in doc.messages)
        assert doc.version == "0.4.0"
        assert doc.data["name"] == "Afvalkalender Súdwest-Fryslân"
        assert "\ufeff" not in json.dumps(doc.data, ensure_ascii=False)
    assert a.data == b.data
    # the '---' line is line 1: the version is on line 2 with '---', line 1 without
    assert warnings(a, "publiccodeYmlVersion")[0].line == 2
    assert warnings(b, "publiccodeYmlVersion")[0].line == 1


def test_b01_bom_as_text_input():
    text = (CASES / "B01" / "input.yml").read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    doc = parse_publiccode(text)
    assert doc.valid and doc.data["name"] == "Afvalkalender Súdwest-Fryslân"


def test_b03_unquoted_version_numbers_and_dates():
    doc = load("B03")
    assert errors(doc) == []
    assert doc.version == "0.4"
    assert not any("unsupported" in m.message for m in doc.messages)
    assert doc.data["softwareVersion"] == "1.10"
    assert doc.data["releaseDate"] == "2024-03-01"
    assert doc.data["publiccodeYmlVersion"] == "0.4"
    for key in ("publiccodeYmlVersion", "softwareVersion", "releaseDate"):
        assert len(warnings(doc, key)) <= 1
    assert "quotes" in warnings(doc, "publiccodeYmlVersion")[0].hint
    json.dumps(doc.data)


def test_b05_duplicate_key_one_error_naming_both_lines():
    doc = load("B05")
    errs = errors(doc)
    assert len(errs) == 1
    assert errs[0].path == "name"
    assert "line 2" in errs[0].message and "line 19" in errs[0].message
    assert errs[0].line == 19
    assert doc.valid is False and doc.data["name"] == "Voorbeeldapp"


def test_b07_empty_optional_list():
    doc = load("B07")
    assert errors(doc) == []
    assert doc.data["dependsOn"]["open"] == []
    version_warning_only(doc, "dependsOn.open")
    assert len([m for m in warnings(doc) if m.path != "publiccodeYmlVersion"]) <= 1


def test_b09_language_tags():
    doc = load("B09")
    by_path = {}
    for m in doc.messages:
        by_path.setdefault(m.path, []).append(m)
    base = "localisation.availableLanguages"
    assert f"{base}[0]" not in by_path
    assert [m.severity for m in by_path[f"{base}[1]"]] == ["warning"]
    assert "'en'" in by_path[f"{base}[1]"][0].message
    assert [m.severity for m in by_path[f"{base}[2]"]] == ["error"]
    assert "el" in by_path[f"{base}[2]"][0].hint
    assert [m.severity for m in by_path[f"{base}[3]"]] == ["error"]
    assert "pt-BR" in by_path[f"{base}[3]"][0].hint
    assert doc.data["localisation"]["availableLanguages"] == ["nl", "en", "gr", "pt_BR"]


def test_b28_internal_without_contacts_and_epoch_release_date():
    doc = load("B28")
    errs = errors(doc)
    assert [(m.path, m.severity) for m in errs] == [("maintenance.contacts", "error")]
    assert "internal" in errs[0].message
    assert doc.data["releaseDate"] == "1970-01-01"
    assert doc.data["name"] == "Voorbeeldapp"


def test_b29_url_of_another_repository():
    doc = load("B29", repository_url="https://github.com/example-city/meldingen-frontend")
    assert errors(doc) == []
    url_warnings = warnings(doc, "url")
    assert len(url_warnings) == 1
    assert "https://github.com/example-community/meldingen-frontend" in url_warnings[0].message
    assert "https://github.com/example-city/meldingen-frontend" in url_warnings[0].message
    version_warning_only(doc, "url")
    assert doc.data["url"] == "https://github.com/example-community/meldingen-frontend"


def test_b29_same_repository_spelled_differently_gives_no_warning():
    for hosted in ("http://GitHub.com/Example-Community/meldingen-frontend.git/",
                   "https://github.com/example-community/meldingen-frontend/"):
        doc = load("B29", repository_url=hosted)
        assert warnings(doc, "url") == []


def test_select_description_prefers_dutch():
    doc = load("B29")
    lang, short, long = select_description(doc.data)
    assert lang == "nl" and short == "Voorbeeldapplicatie voor een testgeval."
    assert long.startswith("Dit is een voorbeeldapplicatie")
