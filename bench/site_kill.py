"""Benchmark of atomic publishing: builds SIGKILLed at random moments leave the old site whole.

Run outside the test suite::

    .venv/bin/python bench/site_kill.py [--repositories 2000] [--kills 10] [--out /tmp/catalogue-site-kill]

Builds the site, then again and again a version in which every description changed
(so every page is written anew), each in a child process killed with SIGKILL at a
random moment of its run. After each kill it compares the live site with what it was
before: files missing, files changed (a new page mixed into the old site), files added,
and whether every file of the search index still parses. A child that finished before
its kill must have published the new site whole. At the end one build runs to
completion and must remove the leftover of the killed ones. Prints the figures; the
target is 0 for every failure count.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bench_site", HERE / "site.py")
bench_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_site)  # type: ignore[union-attr]

from catalogue.site import build_site  # noqa: E402


def catalogue(count: int, version: int):
    """The synthetic catalogue, every description marked with ``version`` (0: as made)."""
    publishers, entries = bench_site.synthetic(count)
    if version:
        entries = tuple(replace(s, entry=replace(s.entry, short_description=f"{s.entry.short_description} v{version}"))
                        for s in entries)
    return publishers, entries


def build(count: int, version: int, out: Path) -> None:
    publishers, entries = catalogue(count, version)
    build_site(entries, publishers, None, out, now=bench_site.NOW)


def snapshot(site: Path) -> dict[str, str]:
    """``{path: sha256}`` of every file under ``site`` (the manifest included)."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def index_broken(site: Path) -> int:
    """The number of search index files that are missing or do not parse."""
    broken = 0
    for language in ("nl", "en"):
        base = site / "search" / language
        try:
            facets = json.loads((base / "facets.json").read_text("utf-8"))
        except (OSError, ValueError):
            broken += 1
            continue
        names = [f"terms/{shard}.json" for shard in facets["shards"]]
        names += [f"docs/{n}.json" for n in range(-(-facets["count"] // facets["chunk"]))]
        for name in names:
            try:
                json.loads((base / name).read_text("utf-8"))
            except (OSError, ValueError):
                broken += 1
    return broken


def child_command(args: argparse.Namespace, version: int) -> list[str]:
    return [sys.executable, __file__, "--child", str(version), "--repositories", str(args.repositories),
            "--out", str(args.out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repositories", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("/tmp/catalogue-site-kill/site"))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        build(args.repositories, args.child, args.out)
        return
    rng = random.Random(args.seed)
    args.out = args.out.resolve()
    staging = args.out.parent / f".{args.out.name}.staging"
    for leftover in (args.out, staging):
        if leftover.exists():
            shutil.rmtree(leftover)
    build(args.repositories, 0, args.out)
    start = time.perf_counter()
    subprocess.run(child_command(args, 1), check=True)  # how long a build that writes everything takes
    duration = time.perf_counter() - start
    live = snapshot(args.out)
    killed = completed = missing = changed = added = broken = whole_failures = 0
    version = 1
    for _ in range(args.kills):
        version += 1
        child = subprocess.Popen(child_command(args, version))
        time.sleep(rng.uniform(0.05, 0.95) * duration)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            killed += 1
        else:
            completed += 1
        now = snapshot(args.out)
        broken += index_broken(args.out)
        if child.returncode == 0:  # it published before the kill: the new site, whole
            manifest = (args.out / ".catalogue-site-files").read_text("utf-8").splitlines()
            listed = {line.split("\t")[0] for line in manifest if line and not line.startswith("#")}
            if not listed <= set(now) or f" v{version}" not in (args.out / "index.html").read_text("utf-8"):
                whole_failures += 1
            live = now
            continue
        missing += len(set(live) - set(now))
        added += len(set(now) - set(live))
        changed += sum(1 for name in set(live) & set(now) if live[name] != now[name])
    start = time.perf_counter()
    build(args.repositories, version + 1, args.out)
    recovery = time.perf_counter() - start
    print(f"repositories                  {args.repositories:>8,}  ({len(live):,} files in the site)")
    print(f"builds started                {args.kills:>8}  (every page written anew; an uninterrupted one takes {duration:.1f} s)")
    print(f"killed with SIGKILL midway    {killed:>8}")
    print(f"finished before the kill      {completed:>8}  (new site published; not whole: {whole_failures})")
    print(f"old files missing after kills {missing:>8}  (target 0)")
    print(f"old files changed after kills {changed:>8}  (target 0: no new page mixed into the old site)")
    print(f"files added after kills       {added:>8}  (target 0)")
    print(f"search index files broken     {broken:>8}  (target 0; checked after every kill)")
    print(f"next build                    {recovery:>8.1f} s  (published whole; leftover staging removed: {not staging.exists()})")


if __name__ == "__main__":
    main()
