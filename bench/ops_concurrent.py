"""Reliability: two crawls at once on one catalogue (issue 10, 13.6).

    .venv/bin/python bench/ops_concurrent.py [--repos 600] [--trials 3] [--latency-ms 10]

For each trial, two ``catalogue crawl`` start 0.2 s apart on the same SQLite catalogue:
on a new database and on an existing one, with ``crawl_lock = "refuse"`` (the second
must exit 2 with one line) and ``"wait"`` (both must finish, one after the other).
A catalogue counts as corrupted when ``PRAGMA integrity_check`` fails, a finished crawl
record counts other than every repository, the catalogue differs from a clean crawl's,
or either crawl printed a traceback, "UNIQUE constraint failed" or "already exists".

Target: 0 corrupted catalogues.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from _ops import OwnForge, catalogue, fingerprint, integrity_ok, write_config

BAD = ("Traceback", "UNIQUE constraint failed", "already exists")


def finished_counts(database: Path) -> list[int]:
    connection = sqlite3.connect(database, timeout=30)
    try:
        return [row[0] for row in connection.execute(
            "SELECT repositories_seen FROM crawls WHERE finished_at IS NOT NULL ORDER BY id")]
    finally:
        connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=600)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=10)
    options = parser.parse_args()
    corrupted = runs = 0
    outcomes: dict[str, list[tuple[int, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="ops-concurrent-") as scratch:
        root = Path(scratch)
        forge = OwnForge(options.repos, options.latency_ms, root / "forge")
        try:
            reference_out = root / "reference"
            config = write_config(root, forge)
            catalogue(["crawl"], config, forge, reference_out).communicate(timeout=1800)
            reference = fingerprint(reference_out / "catalogue.sqlite")
            for mode in ("refuse", "wait"):
                (root / mode).mkdir()
                config = write_config(root / mode, forge, extra=f'crawl_lock = "{mode}"')
                for trial in range(options.trials):
                    for existing in (False, True):
                        out = root / mode / f"trial-{trial}"
                        if not existing:
                            out = out.with_name(out.name + "-new")
                        first = catalogue(["crawl"], config, forge, out)
                        time.sleep(0.2)
                        second = catalogue(["crawl"], config, forge, out)
                        results = [process.communicate(timeout=1800) for process in (first, second)]
                        codes = (first.returncode, second.returncode)
                        text = "".join(err.decode() for _, err in results)
                        database = out / "catalogue.sqlite"
                        counts = finished_counts(database)
                        bad = (not integrity_ok(database) or any(word in text for word in BAD)
                               or any(count != reference[0] for count in counts[-2:])
                               or fingerprint(database) != reference)
                        expected = (0, 0) if mode == "wait" else (0, 2)
                        bad = bad or tuple(sorted(codes)) != expected
                        corrupted += bad
                        runs += 1
                        outcomes.setdefault(f"{mode}, {'existing' if existing else 'new'} database", []).append(codes)
                        # the existing-database trial reuses this trial's catalogue
                        if not existing:
                            import shutil

                            shutil.copytree(out, out.with_name(f"trial-{trial}"))
        finally:
            forge.stop()
    for label, codes in outcomes.items():
        print(f"{label}: exit statuses {codes}")
    print(f"catalogues: {runs}, corrupted: {corrupted}")
    print("target met" if corrupted == 0 else "TARGET NOT MET")
    return 0 if corrupted == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
