"""Harvest benchmark: requests, wall time and memory of our crawl against a naive baseline.

    .venv/bin/python bench/harvest.py [--repos 10000] [--latency-ms 50] [--sample 1000]
                                      [--shared-forge ../shared/forge] [--scaling] [--quick]

Starts a forge emulator with a generated dataset and a fixed latency (the project's own
``TestForge`` over ``catalogue.testforge.dataset``, in a process of its own; with
``--shared-forge PATH`` the independent emulator there, its rate limits raised), then
measures in one run:

(a) our full crawl (``run_crawl`` into a fresh SQLite store);
(b) a recrawl with nothing changed;
(c) a recrawl after 5 % of the repositories changed (push + publiccode.yml edit), and
    whether exactly the changed repositories were fetched again;
(d) the naive PyGithub/python-gitlab baseline on a ``--sample`` of the same dataset
    (whole accounts in a seeded random order), its time per repository scaled to the
    full size;
(e) with ``--scaling``: our full crawl on 3 x ``--repos`` against ``--repos``.

Requests are counted at the forge: every request that reaches it, API and raw files,
304s included ("counted" = against the rate limit, so without 304s and raw files).
Memory is the peak RSS of the Scrapy process the crawl forks (``RUSAGE_CHILDREN`` of a
worker that runs nothing but ``run_crawl``). "Refetched" (c): a repository named by a
REST or raw request, or (own forge) one whose details a GraphQL answer resolved (fields
in ``DETAIL_FIELDS``: file text, languages, releases, issues, licence, topics, stars;
a listing of names, push times and object ids is not a refetch); on the shared forge,
any repository in its ``by_repo`` or ``graphql_by_repo``.

Targets (issue 4; 10,000 repositories, 50 ms): full crawl <= 0.05 requests/repository,
unchanged recrawl <= 0.02, 5 % recrawl exactly the changed ones, >= 20 x faster than the
baseline, peak memory < 300 MB, 30k/10k time <= 3.6.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harvest_baseline import TOKEN, account_urls, run_baseline  # noqa: E402
from _harvest_forges import Counts, OwnForge, SharedForge  # noqa: E402

SCRAPY = {"LOG_LEVEL": "ERROR"}
TARGETS = {"full": 0.05, "unchanged": 0.02}


@dataclass
class Run:
    """One measured run."""

    label: str
    repos: int
    counts: Counts
    seconds: float
    peak_mb: float | None
    note: str = ""

    @property
    def per_repo(self) -> float:
        return self.counts.total / self.repos if self.repos else 0.0


# -- one crawl in a worker process -------------------------------------------------------------


def _crawl_worker(conn: Any, forges: dict, publishers_path: str, db_dir: str) -> None:
    from catalogue.config import load_settings, with_forges
    from catalogue.harvest.runner import run_crawl
    from catalogue.publishers import load_publishers

    try:
        settings = load_settings(environ={}, publishers=publishers_path, db=f"sqlite:///{db_dir}/catalogue.sqlite",
                                 output=f"{db_dir}/site")
        settings = with_forges(settings, forges, token=TOKEN)
        summary = run_crawl(settings, load_publishers(Path(publishers_path)), scrapy_settings=SCRAPY)
        child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        conn.send({"seconds": summary.seconds, "peak_kb": child_kb, "seen": summary.repositories_seen,
                   "errors": len(summary.errors), "scrapy_requests": summary.requests})
    except Exception as exc:  # reported by the bench, not raised across the fork
        conn.send({"fatal": f"{type(exc).__name__}: {exc}"})


def crawl(forge: Any, db_dir: Path) -> tuple[dict[str, Any], Counts, float]:
    """One ``run_crawl`` in a forked worker: its report, the forge's counts and the wall time."""
    forge.reset()
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()
    started = time.monotonic()
    worker = context.Process(target=_crawl_worker, args=(child, forge.forges, str(forge.publishers_path),
                                                         str(db_dir)))
    worker.start()
    report = parent.recv()
    worker.join()
    seconds = time.monotonic() - started
    if "fatal" in report:
        raise SystemExit(f"crawl failed: {report['fatal']}")
    return report, forge.counts(), seconds


def measured(label: str, forge: Any, db_dir: Path) -> Run:
    report, counts, seconds = crawl(forge, db_dir)
    note = f"seen {report['seen']}, errors {report['errors']}, repositories refetched {len(counts.refetched)}"
    return Run(label, forge.total_repos, counts, seconds, report["peak_kb"] / 1024, note)


# -- the runs ---------------------------------------------------------------------------------


def start_forge(args: argparse.Namespace, repos: int, directory: Path) -> Any:
    if args.shared_forge:
        return SharedForge(Path(args.shared_forge).resolve(), repos, args.latency_ms, directory)
    return OwnForge(repos, args.latency_ms, directory)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from catalogue.publishers import load_publishers

    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="bench-harvest-") as tmp:
        tmp_path = Path(tmp)
        print(f"starting forge ({'shared' if args.shared_forge else 'own'}), {args.repos} repositories, "
              f"{args.latency_ms} ms latency ...", flush=True)
        forge = start_forge(args, args.repos, tmp_path / "forge")
        try:
            db = tmp_path / "store"
            db.mkdir()
            runs.append(measured("(a) full crawl", forge, db))
            print_run(runs[-1])
            runs.append(measured("(b) recrawl, nothing changed", forge, db))
            print_run(runs[-1])
            changed = forge.mutate(share=0.05, seed=3, what=("push", "publiccode"))
            run = measured("(c) recrawl, 5 % changed", forge, db)
            hit, missed = changed & run.counts.refetched, changed - run.counts.refetched
            extra = run.counts.refetched - changed
            run.note += (f"; changed {len(changed)}: refetched {len(hit)}, missed {len(missed)}; "
                         f"unchanged refetched {len(extra)}")
            runs.append(run)
            print_run(run)
            urls = account_urls(load_publishers(forge.publishers_path), seed=5)
            forge.reset()
            peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            base = run_baseline(forge.forges, urls, args.sample)
            counts = forge.counts()
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            baseline = Run("(d) naive baseline", base.repositories, counts, base.seconds,
                           max(peak, peak_before) / 1024,
                           f"{base.repositories} repositories sampled, {base.seconds:.1f} s; "
                           f"scaled to {forge.total_repos}")
            baseline_full_s = base.seconds / max(1, base.repositories) * forge.total_repos
            runs.append(baseline)
            print_run(baseline, scaled_s=baseline_full_s)
        finally:
            forge.stop()
        scaling = None
        if args.scaling:
            big = args.repos * 3
            print(f"scaling: starting forge with {big} repositories ...", flush=True)
            forge = start_forge(args, big, tmp_path / "forge-big")
            try:
                db = tmp_path / "store-big"
                db.mkdir()
                scaling = measured(f"(e) full crawl, {big}", forge, db)
                print_run(scaling)
            finally:
                forge.stop()
    print_table(args, runs, baseline_full_s, scaling)
    return 0


# -- output -------------------------------------------------------------------------------------


def print_run(run: Run, scaled_s: float | None = None) -> None:
    extra = f", scaled {scaled_s:.0f} s" if scaled_s is not None else ""
    print(f"  {run.label}: {run.counts.total} requests ({run.counts.counted} counted, {run.counts.not_modified} "
          f"304), {run.seconds:.1f} s{extra}; {run.note}", flush=True)
    routes = ", ".join(f"{route} {count}" for route, count in run.counts.by_route.most_common(8))
    print(f"      by route: {routes}", flush=True)


def print_table(args: argparse.Namespace, runs: list[Run], baseline_s: float, scaling: Run | None) -> None:
    full, unchanged, changed, baseline = runs
    print()
    print(f"forge: {'shared (' + args.shared_forge + ')' if args.shared_forge else 'own TestForge'}; "
          f"{full.repos} repositories; latency {args.latency_ms} ms")
    header = f"{'run':34} {'requests':>9} {'req/repo':>9} {'counted':>8} {'304':>6} {'wall s':>8} " \
             f"{'peak MB':>8} {'vs baseline':>12}"
    print(header)
    print("-" * len(header))
    for run in (full, unchanged, changed):
        ratio = baseline_s / run.seconds if run.seconds else float("inf")
        print(f"{run.label:34} {run.counts.total:>9} {run.per_repo:>9.4f} {run.counts.counted:>8} "
              f"{run.counts.not_modified:>6} {run.seconds:>8.1f} {run.peak_mb:>8.0f} {ratio:>11.1f}x")
    print(f"{'(d) naive baseline (scaled)':34} {'':>9} {baseline.per_repo:>9.4f} {'':>8} {'':>6} "
          f"{baseline_s:>8.1f} {baseline.peak_mb:>8.0f} {'1.0x':>12}")
    print(f"    baseline sample: {baseline.repos} repositories, {baseline.counts.total} requests, "
          f"{baseline.seconds:.1f} s (peak MB is the bench process's own)")
    print(f"    (c) {changed.note}")
    if args.shared_forge:
        print("    (shared forge: 'refetched' = named by a REST/raw request or resolved by any GraphQL query, so a "
              "light GraphQL listing counts as a refetch; the own forge tells listings from detail queries)")
    if scaling is not None:
        ratio = scaling.seconds / full.seconds if full.seconds else float("inf")
        print(f"{scaling.label:34} {scaling.counts.total:>9} {scaling.per_repo:>9.4f} {scaling.counts.counted:>8} "
              f"{scaling.counts.not_modified:>6} {scaling.seconds:>8.1f} {scaling.peak_mb:>8.0f}")
        print(f"    time ratio {scaling.repos}/{full.repos}: {ratio:.2f} (target <= 3.6)")
    print()
    print("targets:")
    check("full crawl <= 0.05 requests/repository", full.per_repo <= TARGETS["full"])
    check("unchanged recrawl <= 0.02 requests/repository (304s counted)", unchanged.per_repo <= TARGETS["unchanged"])
    refetched_ok = "missed 0;" in changed.note and changed.note.endswith("unchanged refetched 0")
    check("5 % recrawl fetches exactly the changed repositories", refetched_ok)
    check("wall time >= 20x shorter than the baseline", full.seconds * 20 <= baseline_s)
    check("peak memory < 300 MB", max(r.peak_mb for r in (full, unchanged, changed)) < 300)
    if scaling is not None:
        check("30k/10k time <= 3.6", scaling.seconds <= 3.6 * full.seconds)


def check(text: str, ok: bool) -> None:
    print(f"  [{'ok' if ok else 'MISSED'}] {text}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=10_000, help="repositories in the dataset (10000)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="forge latency per answer (50)")
    parser.add_argument("--sample", type=int, default=1000, help="repositories the baseline crawls (1000)")
    parser.add_argument("--shared-forge", metavar="PATH", help="use the independent emulator in PATH (../shared/forge)")
    parser.add_argument("--scaling", action="store_true", help="also crawl 3 x --repos and compare times")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1000 repositories, baseline sample 100")
    args = parser.parse_args(argv)
    if args.quick:
        args.repos, args.sample = min(args.repos, 1000), min(args.sample, 100)
    return args


if __name__ == "__main__":
    sys.exit(main())
