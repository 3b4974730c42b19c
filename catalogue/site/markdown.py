"""publiccode.yml Markdown, rendered and sanitised for the site.

``longDescription`` (and any other Markdown a page shows) is rendered with
markdown-it-py (CommonMark plus tables and strikethrough) and then cleaned by ``nh3``
(the ammonia sanitiser) with an allow-list: no scripts, styles, event handlers or
forms; links only to http(s) URLs (paths in the repository become links to its web
view); images only from the repository's own raw-file route
(``catalogue.site.media.RepositoryFiles``), lazy-loaded. Headings are moved down two
levels, so a ``# Title`` in a description never competes with the page's own ``h1``/
``h2``. Texts shown where no markup belongs (an index row, a feed summary, search
metadata) go through :func:`inline_text`: the words, without the Markdown.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from catalogue.site.media import RepositoryFiles
from catalogue.site.safetext import clean_text

#: Elements a rendered description may keep (everything else: its text only).
ALLOWED_TAGS: frozenset[str] = frozenset({
    "p", "br", "hr", "strong", "em", "b", "i", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr",
    "th", "td", "dl", "dt", "dd", "sub", "sup", "kbd", "abbr",
})
#: Attributes per element (``lang`` on any); no ``style``, ``class``, ``id`` or ``on*``.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "abbr": {"title"},
    "th": {"scope"},
}
#: Elements removed with their content.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})
#: Heading levels: ``#`` becomes ``h3`` and so on (never above ``h6``).
HEADING_SHIFT = 2

_parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_inline_parser = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"])
# Every link and image is parsed as one, whatever its URL, so that a refused URL
# (``javascript:``) loses its markup instead of showing as raw Markdown; the URL itself
# is judged by the sanitiser's attribute filter below.
_parser.validateLink = _inline_parser.validateLink = lambda url: True  # type: ignore[method-assign]
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")
_EMPTY_LINK = re.compile(r"<a(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, int(token.tag[1]) + HEADING_SHIFT)
            token.tag = f"h{level}"


def render_markdown(text: str | None, files: RepositoryFiles) -> Markup | None:
    """Render ``text`` (Markdown, may hold HTML) to safe HTML for a page, or ``None``
    when it has no content. ``files`` decides which images and relative links may
    appear (see the module docstring). Control characters are dropped first."""
    if not text or not text.strip():
        return None
    return _render(clean_text(text), files)


@lru_cache(maxsize=4096)
def _render(text: str, files: RepositoryFiles) -> Markup | None:
    tokens = _parser.parse(text)
    _shift_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})

    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return files.image_url(value)
        if element == "a" and attribute == "href":
            return files.link_url(value)
        return value

    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={key: set(value) for key, value in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https"},
        attribute_filter=attribute_filter,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"img": {"loading": "lazy"}},
        strip_comments=True,
    )
    cleaned = _IMG_WITHOUT_SRC.sub("", cleaned)
    cleaned = _IMG_WITHOUT_ALT.sub('<img alt=""', cleaned)
    cleaned = _EMPTY_LINK.sub(r"\1", cleaned).strip()
    return Markup(cleaned) if cleaned else None


def inline_text(text: str | None) -> str | None:
    """The words of a one-line Markdown text (a ``shortDescription``, a feature, a
    forge description): emphasis, code and link markup removed (a link keeps its
    text, an image its alternative text), HTML tags removed (a ``script`` or ``style``
    with its content), whitespace collapsed, control characters dropped: text only,
    for pages, feeds and the search index alike. Block syntax (``1.``, ``#``) is not
    read, so a description starting with a number stays as written. ``None`` for no
    text."""
    if text is None:
        return None
    return _inline_text(clean_text(text))


@lru_cache(maxsize=16384)
def _inline_text(text: str) -> str | None:
    if "<" in text:
        text = html.unescape(nh3.clean(text, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT)))
    parts: list[str] = []
    for block in _inline_parser.parseInline(text):
        for token in block.children or ():
            if token.type in ("text", "code_inline", "html_inline", "image"):
                parts.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    words = " ".join("".join(parts).split())
    return words or None
