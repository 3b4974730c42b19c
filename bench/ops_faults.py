"""Reliability: a crawl through a faulty forge ends with the catalogue of a clean one (issue 10 "faults").

    .venv/bin/python bench/ops_faults.py [--repos 1500] [--errors 0.05] [--hangs 0.01] [--resets 0.01]
        [--truncated 0.01] [--truncate-mode both] [--hang-seconds 3] [--latency-ms 5] [--seed 7]

Crawls a generated test-forge dataset twice, each time on a new database: once without
faults (the reference), once with random faults on shares of all requests
(``TestForge.chaos``): 5xx answers, hangs of ``--hang-seconds`` before the answer,
connection resets without an answer and bodies cut off after half their
``Content-Length``. Then it compares the two catalogues: the ``catalogue export`` JSON
rows without ``lastCrawledAt`` (by ``url``) and the store's fingerprint (identity,
content hash, gone flag). Prints repositories in each, rows that differ, requests the
forge saw, faults it gave, retries (Scrapy's ``retry/count``), exit codes and wall time.

Targets: both crawls exit 0, 0 rows differ, the store fingerprints are equal.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from _ops import OwnForge, catalogue, fingerprint, write_config

RETRIES = re.compile(r"'retry/count': (\d+)")
GIVE_UPS = re.compile(r"'retry/max_reached': (\d+)")
REASONS = re.compile(r"'retry/reason_count/([^']+)': (\d+)")


def crawl(config: Path, forge: OwnForge, out: Path, log_path: Path) -> dict[str, Any]:
    """One ``catalogue crawl -v`` on ``out``; its exit code, wall time, retries and the
    requests and faults the forge counted."""
    forge.reset()
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = catalogue(["crawl", "--verbose"], config, forge, out, log=log)
        process.wait(timeout=3600)
    seconds = time.monotonic() - started
    text = log_path.read_text(encoding="utf-8", errors="replace")
    reasons: dict[str, int] = {}
    for reason, count in REASONS.findall(text):
        reasons[reason.rsplit(".", 1)[-1]] = reasons.get(reason.rsplit(".", 1)[-1], 0) + int(count)
    return {"exit": process.returncode, "seconds": seconds, "retries": sum(map(int, RETRIES.findall(text))),
            "give_ups": sum(map(int, GIVE_UPS.findall(text))), "reasons": reasons,
            "requests": forge.counts().total, "faults": forge.faults()}


def export_rows(config: Path, forge: OwnForge, out: Path) -> dict[str, dict[str, Any]]:
    """The ``catalogue export`` JSON rows by ``url``, ``lastCrawledAt`` left out."""
    process = catalogue(["export"], config, forge, out, output_option=False)
    stdout, stderr = process.communicate(timeout=600)
    if process.returncode != 0:
        raise RuntimeError(f"export failed ({process.returncode}): {stderr.decode()[-800:]}")
    document = json.loads(stdout)
    rows = document if isinstance(document, list) else document.get("repositories", document.get("items", []))
    return {row["url"]: {k: v for k, v in row.items() if k != "lastCrawledAt"} for row in rows}


def differing(reference: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]]) -> list[str]:
    """URLs whose rows differ, or that only one side has."""
    return sorted(url for url in reference.keys() | other.keys() if reference.get(url) != other.get(url))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=1500)
    parser.add_argument("--errors", type=float, default=0.05, help="share of 5xx answers")
    parser.add_argument("--hangs", type=float, default=0.01, help="share of answers delayed by --hang-seconds")
    parser.add_argument("--resets", type=float, default=0.01, help="share of connections reset without an answer")
    parser.add_argument("--truncated", type=float, default=0.01, help="share of bodies cut off halfway")
    parser.add_argument("--truncate-mode", choices=["early_close", "short", "both"], default="both",
                        help="early_close: full Content-Length, connection closed; short: the Content-Length "
                             "of the half sent (JSON that does not parse)")
    parser.add_argument("--hang-seconds", type=float, default=3.0)
    parser.add_argument("--latency-ms", type=float, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--api", choices=["graphql", "rest"], default="rest",
                        help="rest (default): a request per repository and file, so many more faults; "
                             "graphql: batched listings")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ops-faults-") as scratch:
        root = Path(scratch)
        forge = OwnForge(options.repos, options.latency_ms, root / "forge")
        try:
            config = write_config(root, forge, graphql=options.api == "graphql")
            clean_out, faulty_out = root / "clean", root / "faulty"
            clean = crawl(config, forge, clean_out, root / "clean.log")
            forge.chaos(errors=options.errors, hangs=options.hangs, resets=options.resets,
                        truncated=options.truncated, hang_seconds=options.hang_seconds, seed=options.seed,
                        truncate_mode=options.truncate_mode)
            faulty = crawl(config, forge, faulty_out, root / "faulty.log")
            forge.chaos()
            reference_rows, faulty_rows = export_rows(config, forge, clean_out), export_rows(config, forge, faulty_out)
            reference_print = fingerprint(clean_out / "catalogue.sqlite")
            faulty_print = fingerprint(faulty_out / "catalogue.sqlite")
            if faulty["exit"] != 0:
                print((root / "faulty.log").read_text(encoding="utf-8", errors="replace")[-3000:])
        finally:
            forge.stop()
    rows = differing(reference_rows, faulty_rows)
    print(f"faults: {options.errors:.0%} 5xx, {options.hangs:.0%} hangs of {options.hang_seconds:g} s, "
          f"{options.resets:.0%} connection resets, {options.truncated:.0%} cut-off bodies ({options.truncate_mode}) "
          f"({options.repos} repositories, {options.api}, {options.latency_ms:g} ms latency, seed {options.seed})")
    for name, run, count in (("clean", clean, len(reference_rows)), ("faulty", faulty, len(faulty_rows))):
        print(f"{name} crawl: exit {run['exit']}, {count} repositories, {run['requests']} requests, "
              f"{run['faults']} faults, {run['retries']} retries {run['reasons'] or ''}, {run['give_ups']} given up, "
              f"{run['seconds']:.1f} s")
    print(f"rows that differ: {len(rows)}" + (f" (first: {', '.join(rows[:5])})" if rows else ""))
    print(f"store fingerprints equal: {reference_print == faulty_print}")
    ok = clean["exit"] == 0 and faulty["exit"] == 0 and not rows and reference_print == faulty_print
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
