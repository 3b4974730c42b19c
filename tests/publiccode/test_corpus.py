"""The real-file corpus (tests/data/publiccode/corpus, MANIFEST.tsv)."""

from __future__ import annotations

import json

from .corpus_report import results


def test_verdicts_match_manifest_and_documents_serialise():
    res = results()
    assert len(res) == 77
    disagree = [f for f, expected, doc in res if expected != doc.valid]
    assert disagree == []
    for _, _, doc in res:
        json.dumps(doc.data)
        for m in doc.messages:
            assert m.severity in ("error", "warning") and m.hint


def test_names_are_read_even_from_rejected_files():
    res = results()
    rejected = [doc for _, _, doc in res if not doc.valid and isinstance(doc.data, dict) and doc.data]
    assert rejected
    assert all(isinstance(doc.data.get("name"), str) for doc in rejected if "name" in doc.data)
    assert any(any(m.message.startswith("unsupported version") for m in doc.messages)
               and doc.data.get("name") for doc in rejected)


def test_dutch_nl_section_is_kept_but_is_an_unknown_field_as_for_the_reference():
    res = results()
    with_nl = [doc for f, _, doc in res if doc.nl is not None]
    assert with_nl
    for doc in with_nl:
        (m,) = [m for m in doc.messages if m.path in ("nl", "NL")]
        assert m.severity == "error" and m.id == "country-section-unknown"
        assert m.message.startswith('unknown field "nl"') or m.message.startswith('unknown field "NL"')
        assert isinstance(doc.nl, dict) and doc.nl
    assert sum("commonground" in doc.nl for doc in with_nl) >= 7
