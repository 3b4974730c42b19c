"""Benchmark of the static site: build 10,000 synthetic repositories, then search them.

Run outside the test suite::

    .venv/bin/python bench/site.py [--repositories 10000] [--out /tmp/site-bench]

Prints the build time (target < 60 s), the size of the index page (target < 500 KB), the
size of the Pagefind search bundle, the time to the first search result in headless
Chromium (target < 300 ms; cold: from opening the page, and warm: from typing into a
loaded page) and the peak memory (this process and, separately, its children: Pagefind).
Needs Debian's ``chromium`` for the search timing (skipped with a note without it).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "site"))

from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from catalogue.records import CodeHosting, CrawlRecord, Publisher, Release  # noqa: E402
from catalogue.site import build_site  # noqa: E402
from sitefactory import NOW, make_entry, make_publiccode, utc  # noqa: E402

WORDS = ("zaak", "melding", "kaart", "subsidie", "burger", "belasting", "afval", "parkeren",
         "vergunning", "archief", "portaal", "formulier", "api", "data", "register", "wonen")
SYLLABLES = ("ka", "ver", "lo", "min", "tra", "bel", "do", "zen", "ri", "pol", "mar", "te", "sun", "gra", "vi", "ol")
#: A vocabulary of about 4,000 made-up words, so words are about as selective as in real
#: descriptions (the 16 real words above each occur in a few hundred repositories).
VOCABULARY = tuple(a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES)
LANGUAGES = ("Python", "Java", "TypeScript", "PHP", "C#", "Go", "Ruby", "JavaScript")
LICENCES = ("EUPL-1.2", "MIT", "Apache-2.0", "AGPL-3.0-only", None)


def synthetic(count: int, seed: int = 5):
    """Return ``(publishers, entries)``: ``count`` repositories over ``count // 60``
    publishers, a third with a publiccode.yml, with varied activity, forks and labels."""
    rng = random.Random(seed)
    publishers = tuple(
        Publisher(f"org-{n}", f"Gemeente {n:03d}", (CodeHosting(f"https://github.com/org-{n}"),))
        for n in range(max(1, count // 60))
    )
    entries = []
    for n in range(count):
        publisher = publishers[n % len(publishers)]
        words = rng.sample(WORDS, 3) if n % 5 == 0 else rng.sample(VOCABULARY, 3)
        name = f"{words[0]}-{words[1]}-{n}"
        last = NOW - timedelta(days=rng.randint(0, 2000))
        has_pc = n % 3 == 0
        entries.append(
            make_entry(
                name,
                owner=publisher.id,
                forge_id=str(n + 1),
                publisher_id=publisher.id,
                short_description=f"Software voor {words[0]} en {words[1]} ({words[2]})",
                long_description=" ".join(rng.choices(VOCABULARY, k=40)),
                primary_language=rng.choice(LANGUAGES),
                languages=tuple(rng.sample(LANGUAGES, 2)),
                license_spdx=rng.choice(LICENCES),
                stars=rng.randint(0, 500),
                archived=n % 17 == 0,
                is_fork=n % 23 == 0,
                good_first_issues=rng.choice((0, 0, 0, 1, 4)),
                help_wanted_issues=rng.choice((0, 0, 2)),
                last_commit_at=last,
                pushed_at=last,
                latest_release=Release("v1.0", None, last - timedelta(days=30)) if n % 4 else None,
                publiccode=make_publiccode(url=f"https://github.com/{publisher.id}/{name}") if has_pc else None,
            )
        )
    return publishers, tuple(entries)


def first_result_ms(site: Path, term: str) -> tuple[float, float] | None:
    """Time to the first search result in headless Chromium, in ms: ``(cold, warm)``.
    ``None`` when Chromium or Playwright is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).is_file():
        return None
    # the first result, or the "nothing found" message when there is none
    wait = "document.querySelectorAll('#result-list li').length > 0 || document.getElementById('search-status').textContent.length > 0"
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        start = time.perf_counter()  # cold: open the page, type as soon as the box appears
        page.goto(base + "index.html")
        page.wait_for_selector("html[data-search-ready]", state="attached")
        page.locator("#q").fill(term)
        page.wait_for_function(wait, polling="raf")
        cold = (time.perf_counter() - start) * 1000
        page.goto(base + "index.html")
        page.wait_for_selector("html[data-search-ready]", state="attached")
        warm = page.evaluate(
            """async (term) => {
                const box = document.getElementById('q'); const list = document.getElementById('result-list');
                const t0 = performance.now(); box.value = term; box.dispatchEvent(new Event('input'));
                const status = document.getElementById('search-status');
                while (!list.children.length && !status.textContent) await new Promise(requestAnimationFrame);
                return performance.now() - t0; }""",
            term,
        )
        browser.close()
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repositories", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/catalogue-site-bench"))
    args = parser.parse_args()
    publishers, entries = synthetic(args.repositories)
    crawl = CrawlRecord(1, utc(2026, 6, 14, 3), utc(2026, 6, 14, 4), repositories_seen=len(entries))
    start = time.perf_counter()
    report = build_site(entries, publishers, crawl, args.out, now=NOW, base_url="https://example.org/")
    build_seconds = time.perf_counter() - start
    index_kb = (args.out / "index.html").stat().st_size / 1024
    bundle = [p for p in (args.out / "pagefind").rglob("*") if p.is_file()]
    bundle_mb = sum(p.stat().st_size for p in bundle) / 1024 / 1024
    site_mb = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file()) / 1024 / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"repositories           {len(entries):>10,}")
    print(f"files written          {len(report.files):>10,}  ({report.pages:,} HTML/feed pages, {site_mb:,.0f} MB)")
    print(f"build time             {build_seconds:>10.1f} s   (target < 60 s)")
    print(f"index page             {index_kb:>10.1f} KB  (target < 500 KB)")
    print(f"search bundle          {bundle_mb:>10.1f} MB  ({len(bundle):,} files, loaded in chunks)")
    print(f"peak memory            {own:>10.0f} MB  (build), {children:.0f} MB (Pagefind)")
    for term, kind in (("kaart", "a common word"), ("melding", "a word in thousands of pages"),
                       ("Zaakafhandeling", "a word no page has")):
        timing = first_result_ms(args.out, term)
        if timing is None:
            print("first search result    (no Chromium/Playwright: not measured)")
            break
        print(f"first result '{term}'  {timing[1]:>8.0f} ms warm, {timing[0]:.0f} ms cold  ({kind}; target < 300 ms)")


if __name__ == "__main__":
    main()
