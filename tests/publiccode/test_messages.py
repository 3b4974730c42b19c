"""Every message and hint is a translatable template with params; stored and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.db.codec import _document_from_row, document_row
from catalogue.publiccode import parse_publiccode
from catalogue.records import ValidationMessage
from catalogue.site.i18n import load_translations

from .test_reading import MINIMAL

DATA = Path(__file__).resolve().parents[1] / "data" / "publiccode"
FILES = sorted(DATA.rglob("*.yml")) + sorted(DATA.rglob("*.yaml"))


def _all_messages():
    for path in FILES:
        yield from parse_publiccode(path.read_bytes()).messages
    for content in (b"", b"- a list\n", b"a: [\n", "a: 1\n".encode("utf-16"), b"\xff\xfe\x00",
                    b"x: 1\nx: 2\n", b"a:\tb\n", MINIMAL.replace('"0"', "0.4")):
        yield from parse_publiccode(content).messages


def test_every_message_has_its_template_and_renders_from_it():
    messages = list(_all_messages())
    assert len(messages) > 300
    for m in messages:
        assert m.template and m.hint_template, m
        assert m.message == (m.template % m.params if m.params else m.template), m
        assert m.hint == (m.hint_template % m.params if m.params else m.hint_template), m
        assert all(isinstance(v, str) for v in m.params.values()), m


def test_every_template_has_a_dutch_translation_that_fits_its_params():
    dutch = load_translations("nl")
    for m in _all_messages():
        for template in (m.template, m.hint_template):
            translated = dutch.gettext(template)
            assert translated != template, template
            rendered = translated % m.params if m.params else translated
            for key, value in m.params.items():
                if f"%({key})s" in template:
                    assert value in rendered, (template, key)


def test_the_older_version_warning_says_what_happens_and_how_to_update():
    doc = parse_publiccode(MINIMAL.replace('publiccodeYmlVersion: "0"', 'publiccodeYmlVersion: "0.4"'))
    (m,) = [m for m in doc.messages if m.path == "publiccodeYmlVersion"]
    assert m.severity == "warning" and doc.valid
    assert m.message == ("This file declares version 0.4 of the publiccode.yml standard, an older version. "
                         "It is read as the current version (0); that usually works, but check it.")
    assert 'then set publiccodeYmlVersion: "0".' in m.hint and "changes" in m.hint
    assert "not the latest version" not in m.message


def test_messages_are_stored_with_their_templates_and_old_rows_still_read():
    doc = parse_publiccode(MINIMAL.replace('"0"', '"0.4"') + "inputTypes:\n  - text/plain\n")
    row = document_row(doc)
    assert all("template" in m and "params" in m for m in row["messages"])
    assert _document_from_row(row).messages == doc.messages
    old = dict(row, messages=[{"severity": "warning", "path": "legal.repoOwner", "message": "deprecated",
                               "line": 3, "column": 1, "hint": "Move it."}])
    (m,) = _document_from_row(old).messages
    assert m == ValidationMessage("warning", "legal.repoOwner", "deprecated", 3, 1, "Move it.")
    assert m.template is None and m.hint_template is None and m.params == {}


@pytest.mark.parametrize("hashable", [ValidationMessage("error", "name", "x", template="x", params={"a": "b"})])
def test_messages_stay_hashable(hashable):
    assert hash(hashable) == hash(ValidationMessage("error", "name", "x", template="x", params={"c": "d"}))
