"""The C parser (libyaml) gives the same nodes and places as PyYAML's pure-Python one,
and the bounded loader fed with its events the same messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from catalogue.publiccode import parse_publiccode, reader

DATA = Path(__file__).resolve().parents[1] / "data" / "publiccode"


def tree(node, out):
    style = bool(node.style) if isinstance(node, yaml.ScalarNode) else None
    out.append((type(node).__name__, node.start_mark.line, node.start_mark.column,
                node.value if isinstance(node, yaml.ScalarNode) else None, style))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            tree(key, out)
            tree(value, out)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            tree(item, out)
    return out


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
def test_same_nodes_and_marks_on_every_test_file():
    assert reader.CParser is not None
    compared = 0
    for path in sorted(DATA.rglob("*.y*ml")):
        try:
            text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
        results = []
        for loader in (yaml.SafeLoader, yaml.CSafeLoader):
            try:
                results.append(tree(yaml.compose(text, Loader=loader), []))
            except yaml.YAMLError as exc:
                results.append(type(exc).__name__)
        assert results[0] == results[1], path
        compared += 1
    assert compared > 150


def _summary(doc):
    # A syntax error's explanation is the parser's own text (a param); the rest must agree.
    return [(m.severity, m.path, m.line, m.column, m.id, m.message if m.id != "yaml-syntax" else "")
            for m in doc.messages]


def test_messages_are_the_same_with_either_parser(monkeypatch):
    files = sorted((DATA / "corpus").glob("*.yml"))
    fast = [_summary(parse_publiccode(p.read_bytes())) for p in files]
    monkeypatch.setattr(reader, "CParser", None)  # the bounded loader's own pure-Python events
    assert [_summary(parse_publiccode(p.read_bytes())) for p in files] == fast
