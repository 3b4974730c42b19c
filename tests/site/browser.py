"""Helpers for the browser tests: a rich little catalogue, a local HTTP server for a
built site, and headless Debian Chromium driven by Playwright.

CI sets ``CI=true``: a missing Chromium, Playwright or axe-core then fails the tests
instead of skipping them.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from catalogue.records import CodeHosting, Publisher, PubliccodeFile, ValidationMessage
from sitefactory import make_entry, make_publiccode, utc

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(os.environ.get("AXE_CORE", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when ``CI=true`` (CI must run every browser test)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


def rich_catalogue():
    """Publishers and entries covering every filter: statuses, forks of each kind,
    help-wanted counts, several languages, licences and publiccode states."""
    publishers = (
        Publisher("gemeente-voorbeeld", "Gemeente Voorbeeld", (CodeHosting("https://github.com/example-gemeente"),),
                  organisation_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm9999"),
        Publisher("ministerie-x", "Ministerie van X", (CodeHosting("https://gitlab.com/min-x"),)),
    )
    error = ValidationMessage("error", "description.nl.shortDescription", "too long", 12, 5,
                              "Keep it under 150 characters.")
    text = "publiccodeYmlVersion: '0.4'\nname: Signalen\n# zeldzaamwoord for the search test\n"
    signalen_file = PubliccodeFile("publiccode.yml", text, url="https://github.com/example-gemeente/signalen/blob/main/publiccode.yml")
    entries = [
        make_entry("signalen", forge_id="1", stars=120, good_first_issues=3, help_wanted_issues=1,
                   publiccode=make_publiccode(), publiccode_file=signalen_file),
        make_entry("zaken", forge_id="2", entry_name="Zaakafhandeling", stars=5, primary_language="Java",
                   languages=("Java",), license_spdx="EUPL-1.2", good_first_issues=0, help_wanted_issues=0,
                   short_description="Zaken afhandelen voor gemeenten",
                   publiccode=make_publiccode(messages=(error,), url="https://github.com/example-gemeente/zaken")),
        make_entry("scripts", forge_id="3", short_description="Beheerscripts", license_spdx=None, stars=1,
                   last_commit_at=utc(2023, 1, 2), pushed_at=utc(2023, 1, 2)),
        make_entry("oude-tool", host="gitlab.com", owner="min-x/sub", forge_id="201", publisher_id="ministerie-x",
                   archived=True, short_description="Een oud hulpmiddel", primary_language="PHP", languages=("PHP",),
                   stars=0),
        make_entry("kaart-viewer", host="gitlab.com", owner="min-x", forge_id="202", publisher_id="ministerie-x",
                   short_description="Kaarten bekijken in de browser", primary_language="TypeScript",
                   languages=("TypeScript", "CSS"), license_spdx="MIT", stars=33, help_wanted_issues=4,
                   publiccode=make_publiccode(url="https://gitlab.com/min-x/kaart-viewer",
                                              extra={"isBasedOn": ["https://github.com/openlayers/ol"],
                                                     "platforms": ["web", "linux"], "developmentStatus": "beta",
                                                     "categories": ["geographic-information-systems"]})),
        make_entry("signalen-fork", forge_id="4", is_fork=True, stars=0,
                   fork_parent_url="https://github.com/example-gemeente/signalen",
                   short_description="Technische kopie van Signalen", publiccode=make_publiccode()),
        make_entry("leeg", forge_id="5", is_empty=True, pushed_at=None, last_commit_at=None, latest_release=None,
                   languages=(), primary_language=None, short_description=None, stars=None),
    ]
    return publishers, tuple(entries)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) while the block runs; yields the
    base URL (``http://127.0.0.1:PORT/``)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """Launch Debian's headless Chromium through Playwright; yields the browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the 'playwright' package is not installed")
    if not Path(CHROMIUM).is_file():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (skipped without one, except under CI)."""
    with chromium() as launched:
        yield launched


def ready(page, url: str) -> None:
    """Open ``url`` and wait until the search script has loaded the search index."""
    page.goto(url)
    page.wait_for_selector("html[data-search-ready]", state="attached", timeout=10_000)
