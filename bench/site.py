"""Benchmark of the static site: build 10,000 synthetic repositories, rebuild, search.

Run outside the test suite::

    .venv/bin/python bench/site.py [--repositories 10000] [--out /tmp/catalogue-site-bench] [--runs 3]

Each build runs in a process of its own (so its peak memory is its own) and prints:

* full build (an empty output directory; target at most 20 s at 10,000 repositories);
* rebuild with the same input (target at most 2 s, writing nothing);
* rebuild after a crawl that changed nothing: every repository crawled again an hour
  later, the build an hour later (the repository pages show the crawl time, so they
  are written; nothing else is);
* rebuild after 5 % of the repositories changed (a new description): pages rendered and
  written, which should be proportional to the changed pages;
* peak memory of the build (the process and its forked renderers) and of the search
  indexer alone (targets: under 300 MB each).

Then, in Debian's headless Chromium driven by Playwright (skipped with a note without
them), the time to the first search result for a common word, a rare word and a word
no page has: warm (typing into a loaded page; target 100 ms) and cold (opening the
page, then typing; target 600 ms), and the bytes fetched before the first result
(target 1.5 MB). Timings are medians of ``--runs`` runs (browser: at least 5); the
machine may be shared, so compare medians and ratios, not single runs.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import replace
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
LICENCES = ("EUPL-1.2", "MIT", "Apache-2.0", "AGPL-3.0-only", "EUPL-1.2 OR MIT", None)
#: The words searched: a common one, a rare one (in a handful of repositories) and none.
TERMS = (("melding", "common word"), ("uniekwoord", "rare word"), ("zaakafhandelingx", "no match"))


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
                short_description=f"Software voor {words[0]} en {words[1]} ({words[2]})"
                + (" uniekwoord" if n % 1000 == 7 else ""),  # a rare word: in 1 of 1,000
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


def variant(entries, *, crawled_hours: int = 0, changed: int = 0):
    """The catalogue after a later crawl: ``crawled_hours`` later (same facts), and with
    version ``changed`` of the description of every 20th repository (5 %)."""
    result = []
    for n, stored in enumerate(entries):
        if crawled_hours:
            source = replace(stored.entry.source, fetched_at=stored.entry.source.fetched_at + timedelta(hours=crawled_hours))
            stored = replace(stored, last_crawled_at=stored.last_crawled_at + timedelta(hours=crawled_hours),
                             entry=replace(stored.entry, source=source))
        if changed and n % 20 == 0:
            text = f"{stored.entry.short_description} (versie {changed})"
            stored = replace(stored, entry=replace(stored.entry, short_description=text))
        result.append(stored)
    return tuple(result)


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and its finished children, in s."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def phase(args: argparse.Namespace) -> None:
    """One build (or the indexer alone) in this process; print its figures as JSON."""
    publishers, entries = synthetic(args.repositories)
    hours = args.crawled_hours
    entries = variant(entries, crawled_hours=hours, changed=args.changed)
    crawl = CrawlRecord(1, utc(2026, 6, 14, 3) + timedelta(hours=hours), utc(2026, 6, 14, 4) + timedelta(hours=hours),
                        repositories_seen=len(entries))
    now = NOW + timedelta(hours=hours)
    if args.phase == "index":
        from catalogue.site.pages import plan_pages
        from catalogue.site.search import build_index, term_shards

        pages = plan_pages(entries, publishers, crawl, now=now)
        views = sorted((p.context["repository"] for p in pages if p.template == "repository.html"),
                       key=lambda r: (r.name.casefold(), r.url, r.key))
        del pages
        before = peak_mb()[0]
        start = time.perf_counter()
        shards = term_shards(views)
        size = sum(len(c) for c in shards.values())
        for language in ("nl", "en"):
            size += sum(len(c) for c in build_index(views, language, shards).values())
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "peak_mb": peak_mb()[0], "before_mb": before, "bytes": size}))
        return
    start, cpu = time.perf_counter(), cpu_seconds()
    report = build_site(entries, publishers, crawl, args.out, now=now, base_url="https://example.org/")
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    own, children = peak_mb()
    print(json.dumps({"seconds": seconds, "cpu": cpu, "written": len(report.written), "rendered": report.rendered,
                      "files": len(report.files), "pages": report.pages, "peak_mb": own, "children_mb": children}))


def run_phase(args: argparse.Namespace, name: str, **options: int) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--repositories", str(args.repositories),
               "--out", str(args.out)]
    for key, value in options.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    shown = ", ".join(f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
                      for key, value in figures.items())
    print(f"  {name} {options or ''}: {shown}", flush=True)  # each run as it ends
    return figures


def search_timings(site: Path, runs: int) -> dict[str, dict[str, float]] | None:
    """Median times to the first search result in headless Chromium, in ms, and the
    bytes fetched before it (cold), per term; ``None`` without Chromium or Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).is_file():
        return None
    # the first result, or the "nothing found" message when there is none
    wait = ("document.querySelectorAll('#result-list li').length > 0 || "
            "(document.getElementById('search-status').textContent.length > 0 && "
            "!document.getElementById('search-results').hidden)")
    figures: dict[str, dict[str, float]] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for term, _ in TERMS:
            cold, warm, fetched = [], [], []
            for _ in range(runs):
                # an empty cache: cold. bypass_csp: the page's CSP would refuse this
                # script's own wait_for_function (eval); search.js is tested under the
                # CSP in tests/site/test_search_browser.py
                context = browser.new_context(bypass_csp=True)
                page = context.new_page()
                sizes: list[int] = []
                page.on("requestfinished", lambda request, sizes=sizes: sizes.append(request.sizes()["responseBodySize"]))
                start = time.perf_counter()
                page.goto(base + "index.html")
                page.wait_for_selector("html[data-search-ready]", state="attached")
                page.locator("#q").fill(term)
                page.wait_for_function(wait, polling="raf")
                cold.append((time.perf_counter() - start) * 1000)
                fetched.append(sum(sizes))
                page.goto(base + "index.html")  # warm: the index is in the cache, the page loaded
                page.wait_for_selector("html[data-search-ready]", state="attached")
                warm.append(page.evaluate(
                    """async (term) => {
                        const box = document.getElementById('q'); const list = document.getElementById('result-list');
                        const status = document.getElementById('search-status');
                        const results = document.getElementById('search-results');
                        const t0 = performance.now(); box.value = term; box.dispatchEvent(new Event('input'));
                        while (!list.children.length && !(status.textContent && !results.hidden))
                            await new Promise(requestAnimationFrame);
                        return performance.now() - t0; }""",
                    term,
                ))
                context.close()
            figures[term] = {"cold": statistics.median(cold), "warm": statistics.median(warm),
                             "bytes": statistics.median(fetched)}
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repositories", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/catalogue-site-bench/site"))
    parser.add_argument("--runs", type=int, default=3, help="runs of each rebuild (medians)")
    parser.add_argument("--phase", choices=("build", "index"), help=argparse.SUPPRESS)
    parser.add_argument("--crawled-hours", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--changed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--no-browser", action="store_true", help="skip the search timings")
    args = parser.parse_args()
    if args.phase:
        phase(args)
        return
    args.out = args.out.resolve()
    if args.out.exists():
        shutil.rmtree(args.out)
    print(f"repositories           {args.repositories:>10,}   (medians of {args.runs} runs; the machine may be shared)",
          flush=True)
    full = [run_phase(args, "build")]
    for _ in range(args.runs - 1):
        shutil.rmtree(args.out)
        full.append(run_phase(args, "build"))
    same = [run_phase(args, "build") for _ in range(args.runs)]
    crawled = [run_phase(args, "build", crawled_hours=hours) for hours in range(1, args.runs + 1)]
    hours = args.runs
    changed = [run_phase(args, "build", crawled_hours=hours, changed=version) for version in range(1, args.runs + 1)]
    index = [run_phase(args, "index") for _ in range(args.runs)]

    def median(rows: list[dict], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    pages = full[0]["pages"]
    print(f"files in the site      {full[0]['files']:>10,}  ({pages:,} HTML and feed pages in two languages)")
    def timing(rows: list[dict]) -> str:
        return f"{median(rows, 'seconds'):>10.2f} s   ({median(rows, 'cpu'):.2f} s CPU, renderers included)"

    print(f"full build             {timing(full)}  target at most 20 s")
    print(f"same input again       {timing(same)}  {median(same, 'written'):.0f} files written,"
          f" {median(same, 'rendered'):.0f} pages rendered; target at most 2 s, nothing written")
    print(f"crawl changed nothing  {timing(crawled)}  {median(crawled, 'written'):,.0f} files written,"
          f" {median(crawled, 'rendered'):,.0f} pages rendered (the repository pages show the crawl time)")
    print(f"5 % changed            {timing(changed)}  {median(changed, 'written'):,.0f} files written,"
          f" {median(changed, 'rendered'):,.0f} of {pages:,} pages rendered")
    build_peak = max(max(row["peak_mb"], row["children_mb"]) for row in full + same + crawled + changed)
    print(f"peak memory, build     {build_peak:>10.0f} MB  (the build process or one of its renderers; target < 300 MB)")
    print(f"search indexer         {median(index, 'seconds'):>10.1f} s   ({median(index, 'bytes') / 1024 / 1024:.1f} MB of index,"
          f" peak {max(row['peak_mb'] for row in index):.0f} MB with the page plan;"
          f" {max(row['peak_mb'] for row in index) - min(row['before_mb'] for row in index):.0f} MB for the index itself)")
    bundle = [p for p in (args.out / "search").rglob("*") if p.is_file()]
    facets = (args.out / "search" / "nl" / "facets.json").stat().st_size / 1024
    print(f"search index           {sum(p.stat().st_size for p in bundle) / 1024 / 1024:>10.1f} MB"
          f"  ({len(bundle):,} files; facets.json {facets:.0f} KB per language)")
    if args.no_browser:
        return
    timings = search_timings(args.out, max(5, args.runs))
    if timings is None:
        print("first search result    (no Chromium/Playwright: not measured)")
        return
    for term, kind in TERMS:
        t = timings[term]
        print(f"first result {term!r:18} {t['warm']:>6.0f} ms warm, {t['cold']:>5.0f} ms cold, "
              f"{t['bytes'] / 1024 / 1024:.2f} MB fetched before it  ({kind}; targets 100 ms, 600 ms, 1.5 MB)")


if __name__ == "__main__":
    main()
