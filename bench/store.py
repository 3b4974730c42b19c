"""Upsert throughput of the store for 10,000 and 30,000 synthetic entries.

    .venv/bin/python bench/store.py [--url sqlite:///bench.sqlite] [--sizes 10000,30000]

Each size runs on a fresh database (a temporary SQLite file by default; with ``--url``
the database must be empty and is left filled): a first crawl that creates every entry,
a second that sees them unchanged, and a third in which one in ten changed. Linear cost
means the 30k/10k time ratio is about 3 (quadratic would be about 9).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from catalogue.db import open_store
from catalogue.records import (
    CatalogueEntry,
    PubliccodeDocument,
    PubliccodeFile,
    Release,
    SourceRepository,
    ValidationMessage,
)

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def synthetic_entry(number: int) -> CatalogueEntry:
    """A realistic-sized entry; one in four has a publiccode.yml."""
    account = f"org-{number % 300}"
    source = SourceRepository(
        host="github.com",
        forge_type="github",
        forge_id=str(number),
        full_name=f"{account}/repo-{number}",
        url=f"https://github.com/{account}/repo-{number}",
        name=f"repo-{number}",
        fetched_at=T0,
        publisher_id=account,
        account_url=f"https://github.com/{account}",
        description="Een voorbeeldrepository " * 3,
        license_spdx="EUPL-1.2",
        primary_language="Python",
        languages=("Python", "Shell"),
        topics=("overheid", "open-source"),
        stars=number % 50,
        forks=number % 7,
        open_issues=number % 11,
        pushed_at=T0 - timedelta(hours=number),
        last_commit_at=T0 - timedelta(hours=number),
        latest_release=Release("v1.0.0", published_at=T0),
        readme_excerpt="Dit is de eerste alinea van de README. " * 5,
    )
    document = None
    if number % 4 == 0:
        source = replace(source, publiccode=PubliccodeFile("publiccode.yml", "name: x\n",
                                                           blob_id=f"{number:040x}"))
        document = PubliccodeDocument(
            path="publiccode.yml",
            version="0.4",
            valid=False,
            data={"name": f"Product {number}", "description": {"nl": {"shortDescription": "x"}}},
            messages=(ValidationMessage("error", "legal.license", "missing"),),
        )
    return CatalogueEntry(source=source, name=source.name, short_description="Voorbeeld",
                          publiccode=document)


def run(url: str, size: int) -> dict[str, float]:
    """Seconds per phase (create, unchanged, 10% changed) for ``size`` entries at ``url``."""
    entries = [synthetic_entry(n) for n in range(size)]
    store = open_store(url)
    timings = {}
    try:
        for day, (phase, batch) in enumerate([
            ("create", entries),
            ("unchanged", entries),
            ("10% changed", [replace(e, name=e.name + "!") if i % 10 == 0 else e
                             for i, e in enumerate(entries)]),
        ]):
            crawl = store.begin_crawl(T0 + timedelta(days=day))
            start = time.perf_counter()
            counts = store.upsert_entries(batch, crawl)
            timings[phase] = time.perf_counter() - start
            assert counts.total == size, counts
            store.finish_crawl(crawl, T0 + timedelta(days=day), requests=0, errors=[], stats={})
    finally:
        store.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    """Print entries per second per phase and size, and the time ratio of the sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--sizes", default="10000,30000")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            url = args.url or f"sqlite:///{Path(tmp) / f'bench-{size}.sqlite'}"
            results[size] = run(url, size)
            line = ", ".join(f"{phase} {size / seconds:,.0f}/s ({seconds:.2f} s)"
                             for phase, seconds in results[size].items())
            print(f"{size:>6} entries: {line}")
    if len(sizes) == 2:
        small, large = (sum(results[s].values()) for s in sizes)
        print(f"time ratio {sizes[1]}/{sizes[0]}: {large / small:.2f} "
              f"(linear: {sizes[1] / sizes[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
