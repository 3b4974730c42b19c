"""The first paragraph of a README, as a last-resort description.

Parsed with markdown-it-py (CommonMark), so headings, badges, HTML blocks and code are
skipped by structure rather than by guesswork.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

MAX_EXCERPT = 500  # characters; a description, not the README

#: Characters of a README read at most, before parsing: a stranger's file may be of any
#: size, and the first paragraph with words in it comes long before this.
MAX_README = 100_000

_parser = MarkdownIt("commonmark")


def _plain_text(children) -> str:
    parts: list[str] = []
    for token in children or ():
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def first_paragraph(markdown: str | None) -> str | None:
    """The text of the first paragraph of ``markdown`` that has words in it.

    Image-only paragraphs (badges) and link-only lines without text are skipped; the
    result has inline markup removed and whitespace collapsed, cut at
    ``MAX_EXCERPT`` characters on a word boundary. ``None`` when there is none. Only
    the first ``MAX_README`` characters are parsed (cut at a line end).
    """
    if not markdown:
        return None
    if len(markdown) > MAX_README:
        markdown = markdown[:MAX_README].rsplit("\n", 1)[0]
    tokens = _parser.parse(markdown)
    for index, token in enumerate(tokens):
        if token.type != "paragraph_open" or index + 1 >= len(tokens):
            continue
        text = _plain_text(tokens[index + 1].children)
        if sum(ch.isalpha() for ch in text) < 3:
            continue
        if len(text) > MAX_EXCERPT:
            text = text[:MAX_EXCERPT].rsplit(" ", 1)[0] + "…"
        return text
    return None
