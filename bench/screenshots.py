"""Screenshots of the site for review: one command, PNGs under ``output/screenshots/``.

    .venv/bin/python bench/screenshots.py

Builds the showcase catalogue of the browser tests (``tests/site/showcase.py``: a
repository page with logo, screenshots, rendered Markdown, contractors and dependencies),
serves it on 127.0.0.1 and photographs it in headless Chromium (``/usr/bin/chromium`` or
``$CHROMIUM``): the repository page at desktop (1280 px) and phone (390 px) width, in
Dutch and English, and the index at phone width. The repository's raw files are answered
with local stand-in images, since nothing here touches the internet. Prints the paths.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "output" / "screenshots"
REPOSITORY = "repos/github.com/example-gemeente/signalen/index.html"
SHOTS = (
    ("repository-desktop", REPOSITORY, {"width": 1280, "height": 900}),
    ("repository-phone", REPOSITORY, {"width": 390, "height": 844}),
    ("repository-desktop-en", "en/" + REPOSITORY, {"width": 1280, "height": 900}),
    ("repository-phone-first-screen", REPOSITORY, {"width": 390, "height": 844}),
    ("index-phone", "index.html", {"width": 390, "height": 844}),
    ("index-phone-en", "en/index.html", {"width": 390, "height": 844}),
    ("index-desktop-static", "page/2/index.html", {"width": 1280, "height": 900}),
)


def main() -> int:
    """Build, serve and photograph the showcase site; print each PNG's path."""
    sys.path.insert(0, str(ROOT / "tests" / "site"))  # the browser tests' helpers
    from browser import CHROMIUM, CHROMIUM_ARGS, serve
    from playwright.sync_api import sync_playwright
    from showcase import OPERATOR, route_forge_images, showcase_catalogue
    from sitefactory import NOW, utc

    from catalogue.records import CrawlRecord
    from catalogue.site import build_site

    publishers, entries = showcase_catalogue()
    crawl = CrawlRecord(id=1, started_at=utc(2026, 6, 14, 3), finished_at=utc(2026, 6, 14, 3, 20),
                        repositories_seen=len(entries))
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        build_site(entries, publishers, crawl, site, now=NOW, base_url="https://catalogus.example.nl/",
                   per_page=4, operator=OPERATOR, demo=True)
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name, path, viewport in SHOTS:
                    context = browser.new_context(viewport=viewport, device_scale_factor=1)
                    route_forge_images(context)
                    page = context.new_page()
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    for image in page.locator("img[loading=lazy]").all():  # load the lazy images
                        image.scroll_into_view_if_needed()
                    page.evaluate("window.scrollTo(0, 0)")
                    page.wait_for_load_state("networkidle")
                    target = OUT / f"{name}.png"
                    page.screenshot(path=str(target), full_page="first-screen" not in name)
                    width = page.evaluate("document.documentElement.scrollWidth")
                    print(f"{target.relative_to(ROOT)}  ({viewport['width']} px wide, page {width} px)")
                    context.close()
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
