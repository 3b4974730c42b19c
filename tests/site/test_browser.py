"""The built site in headless Chromium: search, filters, sorting, language switch,
keyboard use, axe-core (WCAG 2.1 AA) on every page type, and screenshots.

The site is served from 127.0.0.1 by a local ``http.server``; nothing touches the
internet. Screenshots (desktop and phone) go to ``output/screenshots/``; regenerate them
with ``.venv/bin/python -m pytest tests/site/test_browser.py -k screenshot``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser import AXE, ROOT, ready, rich_catalogue, serve, unavailable
from catalogue.db.store import RepositoryObservation
from catalogue.history import crawl_times, trend
from catalogue.records import CrawlRecord
from catalogue.site import build_site
from sitefactory import NOW, utc

SCREENSHOTS = ROOT / "output" / "screenshots"
SIGNALEN = "repos/github.com/example-gemeente/signalen/index.html"
FORK = "repos/github.com/example-gemeente/signalen-fork/index.html"
SCRIPTS = "repos/github.com/example-gemeente/scripts/index.html"

#: One page of every template, both languages for the main ones.
PAGE_TYPES = {
    "index": "index.html",
    "repository": SIGNALEN,
    "repository-trend": SCRIPTS,
    "technical-fork": FORK,
    "publisher": "publishers/gemeente-voorbeeld/index.html",
    "publishers": "publishers/index.html",
    "statuses": "status/index.html",
    "status": "status/archived/index.html",
    "forks": "forks/index.html",
    "about": "about/index.html",
    "en-index": "en/index.html",
    "en-repository": "en/" + SIGNALEN,
    "en-repository-trend": "en/" + SCRIPTS,
    "en-publisher": "en/publishers/gemeente-voorbeeld/index.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    publishers, entries = rich_catalogue()
    crawls = [
        CrawlRecord(id=1, started_at=utc(2024, 6, 1, 3), finished_at=utc(2024, 6, 1, 3, 20)),
        CrawlRecord(id=2, started_at=utc(2024, 12, 1, 3), finished_at=utc(2024, 12, 1, 3, 20)),
        CrawlRecord(id=3, started_at=utc(2026, 6, 14, 3), finished_at=utc(2026, 6, 14, 3, 20),
                    repositories_seen=len(entries)),
    ]
    # scripts: low activity at the first crawls, unmaintained from 2 January 2025 (worsened
    # since the previous crawl); signalen: archived for a while, then active again.
    trends = {
        ("github.com", "3"): trend([RepositoryObservation(1, utc(2023, 1, 2), utc(2023, 1, 2), False, None)],
                                   crawl_times(crawls), NOW),
        ("github.com", "1"): trend([RepositoryObservation(1, utc(2024, 5, 1), utc(2024, 5, 1), False, True),
                                    RepositoryObservation(2, utc(2024, 5, 1), utc(2024, 5, 1), True, True),
                                    RepositoryObservation(3, utc(2026, 6, 13), utc(2026, 6, 13), False, True)],
                                   crawl_times(crawls), NOW),
    }
    out = tmp_path_factory.mktemp("browser-site")
    build_site(entries, publishers, crawls[-1], out, now=NOW, base_url="https://catalogus.example.nl/",
               per_page=4, crawls=crawls, trends=trends)
    return out


@pytest.fixture(scope="module")
def base(site) -> str:
    with serve(site) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], errors



def result_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#result-list h3").all_inner_texts()]


def filter_box(page, group: str, value: str):
    """The checkbox of ``value`` in the filter group whose summary starts with ``group``."""
    details = page.locator("details.filter", has=page.locator("summary", has_text=group))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details.get_by_label(re.compile(rf"^{re.escape(value)} \(\d+\)$"))


def test_search_as_you_type_over_names_descriptions_and_publiccode(page, base):
    ready(page, base + "index.html")
    assert page.locator("#static-list").is_visible()
    page.locator("#q").press_sequentially("kaarten", delay=20)
    # wait for the last query's answer, not an earlier prefix's (a loaded machine is slow)
    page.wait_for_function("() => [...document.querySelectorAll('#result-list h3')].map(h => h.textContent.trim()).join() === 'kaart-viewer'")
    assert result_titles(page) == ["kaart-viewer"]
    assert page.locator("#static-list").is_hidden()
    assert "1 repository gevonden" in page.locator("#search-status").inner_text()
    # a word that only occurs in the publiccode.yml file as written
    page.locator("#q").fill("zeldzaamwoord")
    page.wait_for_function("() => [...document.querySelectorAll('#result-list h3')].map(h => h.textContent).join() === 'signalen'")
    # the result links to the repository page, relative to the site
    page.locator("#result-list a").first.click()
    assert page.url == base + SIGNALEN
    # clearing the query brings the static list back
    page.go_back()
    page.wait_for_selector("html[data-search-ready]", state="attached")
    page.locator("#q").fill("")
    page.locator("#q").dispatch_event("input")
    page.wait_for_selector("#static-list", state="visible")


def test_filters_with_counts_forks_hidden_and_sorting(page, base):
    ready(page, base + "index.html")
    publisher = filter_box(page, "Organisatie", "Ministerie van X")
    assert publisher.is_visible()
    assert page.get_by_label("Ministerie van X (2)").count() == 1
    publisher.check()
    page.wait_for_function("() => document.querySelector('#search-status').textContent.includes('2 repositories')")
    assert sorted(result_titles(page)) == ["kaart-viewer", "oude-tool"]
    publisher.uncheck()
    # "where to help"
    filter_box(page, "Waar helpen", "Heeft issues voor nieuwkomers").check()
    page.wait_for_function("() => document.querySelector('#search-status').textContent.includes('1 repository')")
    assert result_titles(page) == ["signalen"]
    page.get_by_role("button", name="Alle filters wissen").click()
    # technical forks are hidden until asked for
    page.locator("#sort").select_option("stars:desc")
    page.wait_for_function("() => document.querySelectorAll('#result-list li').length === 6")
    assert "signalen-fork" not in result_titles(page)
    assert result_titles(page)[:3] == ["signalen", "kaart-viewer", "Zaakafhandeling"]
    page.locator("#show-forks").check()
    page.wait_for_function("() => document.querySelectorAll('#result-list li').length === 7")
    assert "signalen-fork" in result_titles(page)
    # the maintenance status filter has the Dutch labels and counts
    assert filter_box(page, "Onderhoudsstatus", "Gearchiveerd").is_visible()


def test_language_switch_keeps_the_page_and_search_speaks_english(page, base):
    page.goto(base + SIGNALEN)
    page.get_by_role("link", name="English").click()
    assert page.url == base + "en/" + SIGNALEN
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "signalen"
    assert "Public space reports" in page.locator(".lead").inner_text()  # the English description
    page.get_by_role("link", name="All software").first.click()
    page.wait_for_selector("html[data-search-ready]", state="attached")
    page.locator("#q").fill("reports")
    page.wait_for_function("() => document.querySelectorAll('#result-list li').length > 0")
    assert "signalen" in result_titles(page)
    assert "repository found" in page.locator("#search-status").inner_text() or \
        "repositories found" in page.locator("#search-status").inner_text()
    assert filter_box(page, "Maintenance status", "Archived").is_visible()
    page.get_by_role("link", name="Nederlands").click()
    assert page.url == base + "index.html"


def test_keyboard_reaches_search_filters_and_links_with_visible_focus(page, base):
    ready(page, base + "index.html")
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const e = document.activeElement; const s = getComputedStyle(e);
            return {id: e.id, tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40),
                    outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow};
        }""")
        reached.append(info)
        assert info["outline"] != "none 0px" or info["shadow"] != "none", info
    ids = [r["id"] for r in reached]
    texts = [r["text"] for r in reached]
    assert texts[0] == "Naar de inhoud"  # the skip link comes first
    assert ids.index("q") < ids.index("sort") < ids.index("show-forks")
    assert any(r["tag"] == "SUMMARY" for r in reached)  # the filter groups
    # Enter on the skip link moves focus to the content
    page.keyboard.press("Shift+Tab")
    page.goto(base + "index.html")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # a filter can be opened and checked with the keyboard alone
    ready(page, base + "index.html")
    page.locator("details.filter summary").first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_function("() => document.querySelectorAll('#result-list li').length > 0")


def test_without_http_the_static_list_stays_and_says_why(page, site):
    page.goto((site / "index.html").as_uri())
    page.wait_for_selector(".notice", timeout=10_000)
    assert page.locator("#finder").is_hidden()
    assert page.locator("#static-list").is_visible()
    assert page.locator("#static-list tbody tr").count() == 4  # per_page
    page.get_by_role("link", name="Volgende pagina").click()
    assert page.url.endswith("page/2/index.html")


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_axe_finds_no_wcag_21_aa_violations(browser, base, name):
    if not AXE.is_file():
        unavailable(f"axe-core not found at {AXE} (npm install --prefix .venv/axe axe-core@4)")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        url = base + PAGE_TYPES[name]
        if name in ("index", "en-index"):
            ready(page, url)
            # also check the enhanced state: results and an open filter group
            page.locator("#q").fill("signalen" if name == "index" else "reports")
            page.wait_for_function("() => document.querySelectorAll('#result-list li').length > 0")
            page.locator("details.filter summary").first.click()
        else:
            page.goto(url)
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
    finally:
        context.close()


@pytest.mark.parametrize(
    "name, viewport",
    [("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})],
)
def test_screenshot(browser, base, name, viewport):
    context = browser.new_context(viewport=viewport, device_scale_factor=1 if name == "desktop" else 2)
    page = context.new_page()
    try:
        ready(page, base + "index.html")
        page.locator("#q").fill("gemeente")
        page.wait_for_function("() => document.querySelectorAll('#result-list li').length > 0")
        if name == "desktop":
            page.locator("details.filter summary").first.click()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"index-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        # no horizontal scrolling on the page itself (tables scroll in their own region)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], width
    finally:
        context.close()
