"""Search in headless Chromium: the state in the URL and the back button, result pages,
facet counts that match the results, and search under a strict Content-Security-Policy.

The site is served from 127.0.0.1 by a local ``http.server``; nothing touches the
internet (see ``browser.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from browser import ready, rich_catalogue, serve
from catalogue.site import build_site
from sitefactory import NOW, make_entry

#: Stricter than the pages' own policy: no WebAssembly either (the index is JSON).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    publishers, entries = rich_catalogue()
    extra = [make_entry(f"extra-{n:02d}", forge_id=str(900 + n), short_description="Hulpmiddel voor registers",
                        stars=n, primary_language="Go", languages=("Go",)) for n in range(40)]
    out = tmp_path_factory.mktemp("search-browser-site")
    build_site([*entries, *extra], publishers, None, out, now=NOW, per_page=4)
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
    opened.on("console", lambda message: errors.append(message.text)
              if "Content Security Policy" in message.text else None)
    yield opened
    context.close()
    assert errors == [], errors



def titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#result-list h3").all_inner_texts()]


def state(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def found(page) -> int:
    """The number of results the status line announces (0 for none)."""
    text = page.locator("#search-status").inner_text()
    if "Geen repositories" in text:
        return 0
    return int(re.search(r"(\d+) repositor", text).group(1))


def settle(page) -> None:
    """Wait until what the page shows belongs to the state in its URL. The location is
    read in the page (Playwright's ``page.url`` follows history changes a little late),
    and the wait is a locator: the pages' CSP refuses the eval behind
    ``wait_for_function``."""
    shown = page.evaluate("() => location.pathname + location.search + location.hash")
    quoted = shown.replace("\\", "\\\\").replace('"', '\\"')
    page.locator(f'#finder[data-shown="{quoted}"]').wait_for(state="attached")


def url_has(page, key: str, count: int | None = None) -> None:
    """Wait until the URL has parameter ``key`` (``count`` times; 0: not at all)."""
    if count is None:
        page.wait_for_url(lambda url: key in parse_qs(urlsplit(url).query))
    else:
        page.wait_for_url(lambda url: len(parse_qs(urlsplit(url).query).get(key, [])) == count)


def group(page, name: str):
    details = page.locator("details.filter", has=page.locator("summary", has_text=name))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return details


def counts(page, name: str) -> dict[str, int]:
    """The values of a filter group with the counts it shows."""
    result = {}
    for text in group(page, name).locator("label").all_inner_texts():
        value, number = re.fullmatch(r"(.*) \((\d+)\)", text.strip()).groups()
        result[value] = int(number)
    return result


def test_the_search_state_is_in_the_url_and_the_back_button_works(page, base):
    ready(page, base + "index.html")
    page.locator("#q").press_sequentially("signalen", delay=20)
    url_has(page, "q")
    settle(page)
    assert titles(page)[0] == "signalen"
    assert "signalen-fork" not in titles(page)  # the technical fork is hidden
    chosen = next(value for value, count in counts(page, "Onderhoudsstatus").items() if count)
    box = group(page, "Onderhoudsstatus").get_by_label(re.compile(rf"^{re.escape(chosen)} \("))
    box.check()
    url_has(page, "status")
    assert state(page) == {"q": ["signalen"], "status": [chosen]}
    page.locator("#sort").select_option("stars:desc")
    url_has(page, "sort")
    # back: the sort order goes, then the filter, then the query (typing made one entry)
    page.go_back()
    url_has(page, "sort", 0)
    assert page.locator("#sort").input_value() == ""
    page.go_back()
    url_has(page, "status", 0)
    settle(page)
    assert not box.is_checked()
    assert page.locator("#q").input_value() == "signalen"
    page.go_back()
    page.wait_for_url(lambda url: not urlsplit(url).query)
    page.wait_for_selector("#static-list", state="visible")
    assert page.locator("#q").input_value() == ""
    page.go_forward()
    url_has(page, "q")
    settle(page)
    assert page.locator("#q").input_value() == "signalen" and titles(page)[0] == "signalen"


def test_a_shared_url_opens_the_same_search(page, base):
    ready(page, base + "index.html?q=extra&language=Go&sort=stars%3Adesc&page=2")
    settle(page)
    assert page.locator("#q").input_value() == "extra"
    assert page.locator("#sort").input_value() == "stars:desc"
    assert group(page, "Programmeertaal").get_by_label(re.compile(r"^Go \(")).is_checked()
    assert found(page) == 40
    # page 2 of the results, by stars: extra-19 .. extra-00
    assert titles(page) == [f"extra-{n:02d}" for n in range(19, -1, -1)]
    assert "Resultatenpagina 2 van 2" in page.locator("#result-pages").inner_text()
    page.get_by_role("link", name="Vorige resultaten").click()
    url_has(page, "page", 0)
    assert titles(page)[0] == "extra-39"
    page.go_back()
    url_has(page, "page", 1)
    settle(page)
    assert titles(page)[0] == "extra-19"


def test_facet_counts_are_the_results_if_a_value_is_added(page, base):
    ready(page, base + "index.html")
    page.locator("#q").fill("gemeente")
    settle(page)
    total = found(page)
    statuses = counts(page, "Onderhoudsstatus")
    assert len(statuses) >= 3
    for value, count in statuses.items():  # nothing chosen: ticking a value gives its count
        box = group(page, "Onderhoudsstatus").get_by_label(re.compile(rf"^{re.escape(value)} \("))
        box.check()
        url_has(page, "status")
        settle(page)
        assert found(page) == count, value
        box.uncheck()
        url_has(page, "status", 0)
        settle(page)
        assert found(page) == total
    # one value chosen: each other value's count is the number of results once it is added
    first, *others = [value for value, count in statuses.items() if count]
    group(page, "Onderhoudsstatus").get_by_label(re.compile(rf"^{re.escape(first)} \(")).check()
    url_has(page, "status")
    settle(page)
    chosen_results = found(page)
    shown = counts(page, "Onderhoudsstatus")
    assert shown[first] == chosen_results
    for value in others:
        assert shown[value] > chosen_results  # OR within a facet: adding widens
        box = group(page, "Onderhoudsstatus").get_by_label(re.compile(rf"^{re.escape(value)} \("))
        box.check()
        url_has(page, "status", 2)
        settle(page)
        assert found(page) == shown[value], value
        box.uncheck()
        url_has(page, "status", 1)
        settle(page)
    # AND across facets: the language counts describe the chosen status's results
    languages = counts(page, "Programmeertaal")
    assert max(languages.values()) <= chosen_results


def test_text_search_finds_languages_and_publishers_as_the_filters_count(page, base):
    ready(page, base + "index.html")
    go_count = counts(page, "Programmeertaal")["Go"]
    page.locator("#q").fill("go")
    settle(page)
    assert found(page) >= go_count == 40
    page.locator("#q").fill("ministerie")
    settle(page)
    assert found(page) == counts(page, "Organisatie")["Ministerie van X"] == 2


def test_search_works_under_a_strict_content_security_policy(page, base):
    def with_policy(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CSP}
        route.fulfill(status=response.status, headers=headers, body=response.body())

    page.route("**/*", with_policy)
    page.goto(base + "index.html")
    page.locator("html[data-search-ready]").wait_for(state="attached")
    page.locator("#q").fill("kaart")
    page.locator("#result-list h3", has_text="kaart-viewer").wait_for()
    group(page, "Onderhoudsstatus").locator("input").first.check()
    page.wait_for_url(re.compile(r"status="))
    page.locator("#result-list h3").first.wait_for()
    page.unroute_all(behavior="ignoreErrors")
    # the page fixture fails the test on any CSP violation reported in the console; the
    # pages' own policy (a meta tag) applies in every test of this module
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "'unsafe-eval'" not in policy
