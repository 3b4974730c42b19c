"""Every message has a stable id, kept in the store and the JSON output."""

from __future__ import annotations

import ast
from pathlib import Path

from catalogue.db.codec import _document_from_row, document_row
from catalogue.publiccode import messages, parse_publiccode

from .test_messages import _all_messages
from .test_reading import MINIMAL

PACKAGE = Path(__file__).resolve().parents[2] / "catalogue" / "publiccode"


def test_every_message_produced_has_an_id():
    produced = list(_all_messages())
    for standard in ("1.0-rc",):
        for path in sorted((PACKAGE.parents[1] / "tests" / "data" / "publiccode").rglob("*.yml")):
            produced.extend(parse_publiccode(path.read_bytes(), standard=standard).messages)
    missing = sorted({m.template for m in produced if m.id is None})
    assert missing == []
    assert len({m.id for m in produced}) > 40


def test_every_message_template_in_the_code_has_an_id():
    # Message templates are the first N_() argument of error/warning/deprecated/_add/Problem calls.
    names = {"error", "warning", "deprecated", "_add", "Problem"}
    found = set()
    for source in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) in names:
                for arg in node.args:
                    if isinstance(arg, ast.Call) and getattr(arg.func, "id", None) == "N_":
                        found.add(ast.literal_eval(arg.args[0]))
                        break
    assert len(found) > 50
    hints = {t for t in found if t[:1].isupper() and t.endswith(".") and t not in messages.MESSAGE_IDS}
    assert sorted(t for t in found - hints if t not in messages.MESSAGE_IDS) == []


def test_ids_are_stable():
    # Published ids: the JSON output, the site and notify refer to them.
    assert messages.message_id("%(name)s is a required field") == "required"
    assert messages.message_id('unknown field "%(key)s"') == "unknown-field"
    assert messages.message_id("wrong type for this field") == "wrong-type"
    doc = parse_publiccode(MINIMAL.replace("platforms: [web]", "platforms: web"))
    assert sorted(m.id for m in doc.messages) == ["unread-section-key", "wrong-type"]


def test_ids_and_marks_are_stored_and_read_back():
    doc = parse_publiccode(MINIMAL.replace("legal:\n", "legal:\n  repoOwner: X\n"))
    row = document_row(doc)
    (stored,) = row["messages"]
    assert stored["id"] == "deprecated-use-organisation-name" and stored["before_1_0"] is True
    assert stored["extra"] is False
    assert _document_from_row(row).messages == doc.messages
