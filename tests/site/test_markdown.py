"""Markdown of publiccode.yml rendered and sanitised (catalogue.site.markdown), with
hostile input, and the repository's own files (catalogue.site.media)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sitefactory import make_entry

from catalogue.site.markdown import inline_text, render_markdown
from catalogue.site.media import repository_files

GITHUB = repository_files(make_entry().entry.source)
GITLAB = repository_files(make_entry("kaart", host="gitlab.com", owner="min-x/sub").entry.source)
RAW = "https://raw.githubusercontent.com/example-gemeente/signalen/main/"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_markdown_is_rendered_not_shown_raw():
    html = render_markdown("**Open Zaak** voor [zaakgericht werken](https://example.org/zaak)\n\n- een\n- twee", GITHUB)
    assert "<strong>Open Zaak</strong>" in html
    assert '<a href="https://example.org/zaak" rel="noopener noreferrer nofollow">zaakgericht werken</a>' in html
    assert "<li>een</li>" in html and "<li>twee</li>" in html
    assert "**" not in html and "](" not in html


def test_javascript_and_data_links_never_become_links():
    html = render_markdown(
        "[a](javascript:alert(1)) <a href=\"javascript:alert(2)\">b</a> <a href='data:text/html,x'>c</a>"
        " <a href='JaVaScRiPt:alert(3)'>d</a>", GITHUB)
    assert "javascript:" not in html.lower() and "data:" not in html
    assert [attrs for tag, attrs in tags(html) if tag == "a"] == []
    assert html == "<p>a b c d</p>"  # the words stay, without raw Markdown


def test_raw_html_scripts_styles_and_event_handlers_are_removed():
    html = render_markdown(
        "<script>alert(1)</script><style>body{display:none}</style>"
        "<b onclick=\"steal()\" style=\"color:red\" class=\"x\" id=\"y\">bold</b>"
        "<iframe src=\"https://evil.example\"></iframe><form action=\"https://evil.example\"><input></form>"
        "<p onmouseover=alert(1)>text</p><img src=\"docs/a.png\" onerror=\"alert(1)\">", GITHUB)
    assert "alert" not in html and "steal" not in html and "display:none" not in html
    for tag, attrs in tags(html):
        assert tag not in ("script", "style", "iframe", "form", "input")
        assert not any(name.startswith("on") or name in ("style", "class", "id") for name in attrs), (tag, attrs)
    assert "<b>bold</b>" in html and "<p>text</p>" in html


def test_images_only_from_the_repositorys_own_raw_files():
    html = render_markdown(
        "![shot](docs/shot.png) ![other host](https://evil.example/track.png) "
        "![protocol-relative](//evil.example/x.png) ![other repo](https://raw.githubusercontent.com/someone/else/main/x.png) "
        "![up](../../../etc/passwd.png) ![blob](https://github.com/example-gemeente/signalen/blob/v2/img/logo.png) "
        "![js](javascript:alert(1)) ![data](data:image/png;base64,AAAA) "
        "<img src=\"https://evil.example/raw.png\" alt=\"raw html\">", GITHUB)
    sources = [attrs["src"] for tag, attrs in tags(html) if tag == "img"]
    assert sources == [RAW + "docs/shot.png", "https://raw.githubusercontent.com/example-gemeente/signalen/v2/img/logo.png"]
    for tag, attrs in tags(html):
        if tag == "img":
            assert attrs["loading"] == "lazy" and attrs.get("alt") is not None


def test_relative_links_point_to_the_repository_and_never_leave_it():
    html = render_markdown("[docs](docs/README.md) [up](../../other) [anchor](#x)", GITLAB)
    hrefs = [attrs.get("href") for tag, attrs in tags(html) if tag == "a"]
    assert hrefs == ["https://gitlab.com/min-x/sub/kaart/-/blob/main/docs/README.md"]
    assert "up" in html and "anchor" in html


def test_headings_move_below_the_pages_own():
    html = render_markdown("# Title\n\n## Part\n\n###### deep", GITHUB)
    assert "<h3>Title</h3>" in html and "<h4>Part</h4>" in html and "<h6>deep</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_control_characters_are_dropped():
    assert render_markdown("\x1b[31mred\x00 text\x7f", GITHUB) == "<p>[31mred text</p>"


@pytest.mark.parametrize("empty", [None, "", "   \n"])
def test_nothing_renders_as_none(empty):
    assert render_markdown(empty, GITHUB) is None


def test_inline_text_keeps_the_words_only():
    assert inline_text("**Open Zaak**: [zaken](https://x.example) met `code` ![logo](x.png)") == "Open Zaak: zaken met code logo"
    assert inline_text("1. Eerste regel") == "1. Eerste regel"
    assert inline_text("# Niet een kop") == "# Niet een kop"
    assert inline_text("a\x1bb") == "ab"
    assert inline_text('<b onclick="x()">vet</b> en <script>alert(1)</script>a < b &amp; c') == "vet en a < b & c"
    assert inline_text(None) is None


def test_image_urls_of_logos_and_screenshots():
    assert GITHUB.image_url("img/logo.svg") == RAW + "img/logo.svg"
    assert GITHUB.image_url("/img/logo.svg") == RAW + "img/logo.svg"
    assert GITHUB.image_url("./img/my logo.svg") == RAW + "img/my%20logo.svg"
    assert GITHUB.image_url("https://example.org/logo.svg") is None
    assert GITHUB.image_url("javascript:alert(1)") is None
    assert GITHUB.image_url("data:image/png;base64,AAAA") is None
    assert GITHUB.image_url("../x.png") is None
    assert GITHUB.image_url("https://raw.githubusercontent.com/example-gemeente/signalen/main/../../x/y.png") is None
    assert GITLAB.image_url("logo.png") == "https://gitlab.com/min-x/sub/kaart/-/raw/main/logo.png"
    assert GITLAB.image_url("https://gitlab.com/min-x/sub/kaart/-/blob/main/logo.png") == (
        "https://gitlab.com/min-x/sub/kaart/-/raw/main/logo.png")
    assert GITLAB.image_url("https://gitlab.com/min-x/other/-/raw/main/logo.png") is None
    assert GITHUB.raw_origin == "https://raw.githubusercontent.com"
    no_branch = repository_files(make_entry(default_branch=None).entry.source)
    assert no_branch.image_url("logo.png") is None
