"""Safe reading: encodings, syntax errors, aliases, size, types kept as written."""

from __future__ import annotations

import json

from catalogue.publiccode import parse_publiccode
from catalogue.publiccode.reader import MAX_BYTES

MINIMAL = """publiccodeYmlVersion: "0"
name: Medusa
url: "https://github.com/example/medusa"
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  en:
    shortDescription: A short description.
    longDescription: "%s"
    features: [one]
legal:
  license: EUPL-1.2
maintenance:
  type: community
  contacts:
    - name: Jane
      email: jane@example.org
localisation:
  localisationReady: true
  availableLanguages: [en]
""" % ("x" * 160)


def only(doc, severity="error"):
    return [(m.path, m.line) for m in doc.messages if m.severity == severity]


def test_minimal_current_file_is_valid_without_messages():
    doc = parse_publiccode(MINIMAL)
    assert doc.valid and doc.messages == () and doc.version == "0"
    assert doc.data["localisation"]["localisationReady"] is True


def test_latin1_bytes_are_refused_clearly():
    doc = parse_publiccode(MINIMAL.replace("Medusa", "Médusa").encode("latin-1"))
    assert not doc.valid and doc.data == {}
    (m,) = doc.messages
    assert "UTF-8" in m.message and m.line == 2 and m.column == 8 and "Latin-1" in m.hint


def test_utf16_is_refused_clearly():
    doc = parse_publiccode(MINIMAL.encode("utf-16"))
    assert not doc.valid and "UTF-16" in doc.messages[0].message


def test_tab_indentation_gives_line_and_column():
    doc = parse_publiccode(MINIMAL.replace("  en:\n", "\ten:\n"))
    assert not doc.valid and doc.data == {}
    syntax = [m for m in doc.messages if m.severity == "error"]
    assert len(syntax) == 1 and syntax[0].line == 8 and syntax[0].column == 1
    assert any(m.severity == "warning" and "TAB" in m.message for m in doc.messages)


def test_alias_bomb_is_stopped():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, " \
                f"*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, " \
                f"*{chr(96 + i)}, *{chr(96 + i)}]\n"
    doc = parse_publiccode(bomb)
    assert not doc.valid and "alias" in doc.messages[-1].hint


def test_size_limit():
    doc = parse_publiccode(b"#" * (MAX_BYTES + 1))
    assert not doc.valid and [m.message for m in doc.messages] == [
        "refused: too large (1048577 bytes; at most 1048576 bytes are read)"]


def test_yaml11_booleans_are_wrong_type():
    doc = parse_publiccode(MINIMAL.replace("localisationReady: true", "localisationReady: yes"))
    assert ("localisation.localisationReady", 20) in only(doc)
    assert doc.data["localisation"]["localisationReady"] == "yes"


def test_numbers_are_kept_as_written_and_data_is_json():
    doc = parse_publiccode(MINIMAL + "softwareVersion: 1.10\nreleaseDate: 2024-03-01\n")
    assert doc.data["softwareVersion"] == "1.10"
    assert json.loads(json.dumps(doc.data)) == doc.data


def test_multiple_documents_and_non_mapping():
    assert not parse_publiccode(MINIMAL + "---\nname: x\n").valid
    doc = parse_publiccode("- a\n- b\n")
    assert not doc.valid and doc.messages[0].line == 1


def test_empty_file_needs_a_version():
    doc = parse_publiccode("")
    assert [(m.path, m.severity) for m in doc.messages] == [("publiccodeYmlVersion", "error")]
