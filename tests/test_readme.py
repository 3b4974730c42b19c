"""The README's first paragraph: bounded before parsing, whatever the README."""

from __future__ import annotations

from catalogue import readme
from catalogue.readme import MAX_EXCERPT, MAX_README, first_paragraph


def test_first_paragraph_skips_headings_and_badges():
    text = "# Tool\n\n![badge](b.svg)\n\nDe README vertelt wat **tool** twee doet.\n"
    assert first_paragraph(text) == "De README vertelt wat tool twee doet."


def test_a_huge_readme_is_cut_at_a_line_end_before_it_is_parsed(monkeypatch):
    parsed: list[int] = []
    parse = readme._parser.parse
    monkeypatch.setattr(readme._parser, "parse", lambda text: parsed.append(len(text)) or parse(text))
    huge = "Dit is de eerste alinea.\n\n" + "regel\n" * 10_000_000  # 60 MB
    assert first_paragraph(huge) == "Dit is de eerste alinea."
    assert parsed == [99_997]  # 26 + 6 x 16,662 - 1: whole lines only, the last newline dropped
    assert parsed[0] <= MAX_README


def test_a_paragraph_past_the_bound_is_not_read():
    late = "```\n" + "x\n" * (MAX_README // 2) + "```\n\nLate paragraph with words.\n"
    assert first_paragraph(late) is None
    assert first_paragraph("```\nx\n```\n\nLate paragraph with words.\n") == "Late paragraph with words."


def test_a_long_paragraph_is_cut_on_a_word_boundary():
    long = first_paragraph("woord " * 100_000)
    assert long == ("woord " * 83).strip() + "…"
    assert len(long) <= MAX_EXCERPT + 1
