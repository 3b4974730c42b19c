"""Property-based tests: no input crashes the parser; messages point at existing lines."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from catalogue.publiccode import parse_publiccode

from .test_reading import MINIMAL

_LINES = MINIMAL.splitlines(keepends=True)
_BREAKS = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")


def _check(content):
    doc = parse_publiccode(content)
    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    text = text.lstrip("\ufeff")
    # Lines as YAML counts them: CR LF, CR, LF and the Unicode breaks NEL, LS, PS
    # (YAML 1.1 "b-break", what PyYAML's reader counts), so "\r!" has two lines.
    n_lines = len(_BREAKS.split(text))
    for m in doc.messages:
        assert m.severity in ("error", "warning")
        if m.line is not None:
            assert 1 <= m.line <= n_lines, (m, n_lines)
            assert m.column is None or m.column >= 1
    assert doc.valid == (not any(m.severity == "error" for m in doc.messages))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data):
    _check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}&*!|>#%@`,?~0123456789\ufeffé")), max_size=200))
def test_yaml_like_text_never_crashes(text):
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, len(_LINES) - 1), max_size=6),
       st.lists(st.tuples(st.integers(0, len(_LINES) - 1), st.sampled_from(
           ["", "  x: 1\n", "- a\n", "bad\tline\n", "key: [\n", "name: other\n", "  - {a: b}\n"])), max_size=4))
def test_mutated_valid_files_never_crash(drop, inserts):
    lines = [line for i, line in enumerate(_LINES) if i not in set(drop)]
    for pos, extra in inserts:
        lines.insert(min(pos, len(lines)), extra)
    _check("".join(lines))
