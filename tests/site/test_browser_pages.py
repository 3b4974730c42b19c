"""The repository page, house style, phone layout, CSP and accessibility of every page
type in headless Chromium (both languages, desktop and phone widths).

Served from 127.0.0.1; requests for the repositories' raw files (logos, screenshots) are
answered locally (``showcase.route_forge_images``), every other request to another host
fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import AXE, serve, unavailable
from showcase import OPERATOR, route_forge_images, showcase_catalogue
from sitefactory import NOW, utc

from catalogue.records import CrawlRecord
from catalogue.site import build_site

SIGNALEN = "repos/github.com/example-gemeente/signalen/index.html"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: One page of every template (the Dutch path; English under en/).
PAGE_TYPES = {
    "index": "index.html",
    "index-page-2": "page/2/index.html",
    "repository": SIGNALEN,
    "repository-empty": "repos/github.com/example-gemeente/leeg/index.html",
    "repository-blocked": "repos/github.com/example-gemeente/geblokkeerd/index.html",
    "technical-fork": "repos/github.com/example-gemeente/signalen-fork/index.html",
    "publisher": "publishers/gemeente-voorbeeld/index.html",
    "publishers": "publishers/index.html",
    "statuses": "status/index.html",
    "status": "status/archived/index.html",
    "forks": "forks/index.html",
    "about": "about/index.html",
    "accessibility": "toegankelijkheid/index.html",
    "redirect": "repos/github.com/example-gemeente/meldingen/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    publishers, entries = showcase_catalogue()
    crawl = CrawlRecord(id=1, started_at=utc(2026, 6, 14, 3), finished_at=utc(2026, 6, 14, 3, 20),
                        repositories_seen=len(entries))
    out = tmp_path_factory.mktemp("browser-pages")
    build_site(entries, publishers, crawl, out, now=NOW, base_url="https://catalogus.example.nl/", per_page=4,
               operator=OPERATOR)
    return out


@pytest.fixture(scope="module")
def base(site) -> str:
    with serve(site) as url:
        yield url


def open_page(browser, base: str, path: str, viewport: dict, locale: str = "nl-NL"):
    """A new page at ``viewport`` with forge images answered locally; returns
    ``(context, page, problems)`` where problems collects CSP violations, script errors
    and requests to hosts other than the site and the raw-file host."""
    context = browser.new_context(viewport=viewport, locale=locale)
    route_forge_images(context)
    problems: list[str] = []

    def check_request(request) -> None:
        if not request.url.startswith((base, "https://raw.githubusercontent.com/", "data:")):
            problems.append(f"request to another host: {request.url}")

    context.on("request", check_request)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))")
    page.goto(base + path)
    return context, page, problems


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("prefix", ["", "en/"], ids=["nl", "en"])
@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_axe_finds_no_wcag_21_aa_violations(browser, base, name, prefix, viewport):
    if not AXE.is_file():
        unavailable(f"axe-core not found at {AXE} (npm install --prefix .venv/axe axe-core@4)")
    context, page, problems = open_page(browser, base, prefix + PAGE_TYPES[name], viewport)
    try:
        if name == "redirect":  # the meta refresh has taken the browser to the new page
            page.wait_for_url("**/signalen/index.html")
        page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the CSP refuses inline scripts
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
        )
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert violations == [], json.dumps(violations, indent=1)
        assert len(result["passes"]) > 10  # axe really ran
        # axe is added as a script tag by the test, which the page's CSP refuses: ignore that one
        assert [p for p in problems if "CSP violation" not in p and "axe" not in p] == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"sideways scrolling: {width} px"
    finally:
        context.close()


def test_phone_index_shows_cards_with_status_and_licence(browser, base):
    context, page, problems = open_page(browser, base, "index.html", PHONE)
    try:
        assert page.locator("table.repositories").is_hidden()
        cards = page.locator(".repository-card")
        assert cards.count() == 4
        for index in range(cards.count()):
            card = cards.nth(index)
            for part in (".status", ".card-licence"):
                box = card.locator(part).bounding_box()
                assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (index, part, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # the header, menu and demo banner take at most a fifth of the first screen
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= PHONE["height"] / 5, header
        assert problems == []
    finally:
        context.close()
    desktop, page, problems = open_page(browser, base, "index.html", DESKTOP)
    try:
        assert page.locator("table.repositories").is_visible() and page.locator(".repository-card").first.is_hidden()
    finally:
        desktop.close()


def test_repository_page_for_the_visitor(browser, base):
    context, page, problems = open_page(browser, base, SIGNALEN, DESKTOP)
    try:
        logo = page.locator("img.repo-logo")
        assert logo.get_attribute("src") == "https://raw.githubusercontent.com/example-gemeente/signalen/main/docs/logo.svg"
        assert logo.get_attribute("loading") == "lazy" and logo.get_attribute("alt") == "Logo van signalen"
        shots = page.locator(".screenshots img")
        assert shots.count() == 2
        shots.first.scroll_into_view_if_needed()
        page.wait_for_function("() => document.querySelector('.screenshots img').naturalWidth > 0")
        assert page.locator(".rich-text strong").first.inner_text() == "Signalen"
        assert page.locator(".rich-text h4").inner_text() == "Voor wie"
        assert problems == []
    finally:
        context.close()


def test_language_switch_and_english_descriptions(browser, base):
    context, page, problems = open_page(browser, base, SIGNALEN, DESKTOP)
    try:
        page.get_by_role("link", name="English").click()
        page.wait_for_url(base + "en/" + SIGNALEN)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator(".lead").inner_text() == "Handle reports about public space"
        assert page.locator(".description").get_attribute("lang") is None
        assert page.locator("#what-heading").inner_text() == "What it does"
        page.get_by_role("link", name="Nederlands").click()
        page.wait_for_url(base + SIGNALEN)
        assert page.locator("#what-heading").inner_text() == "Wat het doet"
        assert problems == []
    finally:
        context.close()


def test_accessibility_statement_is_in_the_footer_of_every_page(browser, base):
    context, page, problems = open_page(browser, base, "about/index.html", PHONE)
    try:
        page.get_by_role("link", name="Toegankelijkheidsverklaring").click()
        page.wait_for_url(base + "toegankelijkheid/index.html")
        assert page.locator("h1").inner_text() == "Toegankelijkheidsverklaring"
        assert "WCAG 2.1" in page.locator("main").inner_text()
        assert page.locator("footer a[href^='mailto:catalogus@example.nl']").count() == 1
        assert page.locator("footer a", has_text="Privacyverklaring").get_attribute("href") == "https://www.example.nl/privacy"
        assert problems == []
    finally:
        context.close()


def test_renamed_repository_page_leads_to_the_new_one(browser, base):
    context, page, problems = open_page(browser, base, PAGE_TYPES["redirect"], DESKTOP)
    try:
        page.wait_for_url(base + SIGNALEN)
        assert "example-gemeente/meldingen" in page.locator(".earlier-names").inner_text()
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("prefix, word", [("", "gemeente"), ("en/", "reports")])
def test_search_works_under_the_content_security_policy(browser, base, prefix, word):
    context, page, problems = open_page(browser, base, prefix + "index.html", DESKTOP)
    try:
        policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
        assert "unsafe-inline" not in policy and "script-src 'self'" in policy
        page.wait_for_selector("html[data-search-ready]", state="attached", timeout=10_000)
        page.locator("#q").fill(word)
        page.wait_for_function("() => document.querySelectorAll('#result-list li').length > 0")
        assert page.locator("#result-list li").count() >= 1
        page.locator("details.filter summary").first.click()
        assert problems == [], problems
    finally:
        context.close()
