"""Requests per repository per forge type, full crawl and no-change recrawl, on ../shared/forge.

    .venv/bin/python bench/harvest_forges.py [--shared-forge ../shared/forge] [--repos 1500]
                                             [--forgejo-share 0.2] [--latency-ms 0]

Generates the shared forge's dataset with ``make_dataset.py --forgejo-share`` (GitHub,
gitlab.com and a self-hosted GitLab, and a Forgejo instance standing for
code.overheid.nl), points our crawl at it with the configuration ``seeds_to_config.py``
writes (Forgejo included), and prints, per forge type, the requests that reached the
forge per repository of that forge (route names ``gh.*``/``raw.*``, ``gl.*``, ``fj.*``),
for (a) a full crawl into a fresh store and (b) a recrawl with nothing changed, with the
routes of the Forgejo requests.

Targets (issue 8): Forgejo recrawl <= 0.03 requests per Forgejo repository; GitHub and
GitLab together no worse than 0.045 (full) and 0.011 (recrawl) per repository on the
1,500-repository dataset. ``--without-forgejo`` crawls the same dataset without the
Forgejo accounts, to compare with a catalogue that has no Forgejo forge.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harvest_forges import SharedForge  # noqa: E402
from harvest import crawl  # noqa: E402

#: Forgejo per Forgejo repository; GitHub and GitLab together per repository of both (the
#: way the figures of today, 0.045 and 0.011 on the 1,500-repository dataset, were taken).
TARGETS = {"forgejo": {"recrawl": 0.03}, "github+gitlab": {"full": 0.045, "recrawl": 0.011}}


def forge_of(route: str) -> str:
    """The forge type of a shared-forge route name."""
    if route.startswith("fj."):
        return "forgejo"
    if route.startswith("gl."):
        return "gitlab"
    if route.startswith(("gh.", "raw")):
        return "github"
    return "other"


def per_forge(by_route: Counter) -> Counter:
    totals: Counter = Counter()
    for route, count in by_route.items():
        totals[forge_of(route)] += count
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared-forge", default=str(Path(__file__).resolve().parents[1] / ".." / "shared" / "forge"))
    parser.add_argument("--repos", type=int, default=1500)
    parser.add_argument("--forgejo-share", type=float, default=0.2)
    parser.add_argument("--latency-ms", type=float, default=0)
    parser.add_argument("--without-forgejo", action="store_true",
                        help="same dataset, configuration without the Forgejo accounts (to compare with a "
                             "catalogue that has no Forgejo forge)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-forges-") as tmp:
        directory = Path(tmp)
        forge = SharedForge(Path(args.shared_forge).resolve(), args.repos, args.latency_ms, directory / "forge",
                            forgejo_share=args.forgejo_share, forgejo_config=not args.without_forgejo)
        try:
            db = directory / "store"
            db.mkdir()
            runs = {}
            for label in ("full", "recrawl"):
                report, counts, seconds = crawl(forge, db)
                runs[label] = (per_forge(counts.by_route), counts, report, seconds)
        finally:
            forge.stop()
    repos = forge.repos_by_forge
    print(f"dataset: {dict(repos)} repositories ({forge.total_repos} in all), latency {args.latency_ms} ms")
    failed = False
    for forge_type in ("github", "gitlab", "github+gitlab", "forgejo"):
        figures = []
        for label in ("full", "recrawl"):
            requests = sum(runs[label][0][part] for part in forge_type.split("+"))
            count = sum(repos[part] for part in forge_type.split("+"))
            ratio = requests / count if count else 0.0
            target = TARGETS.get(forge_type, {}).get(label)
            verdict = "" if target is None else (" ok" if ratio <= target else f" OVER {target}")
            failed |= target is not None and ratio > target
            figures.append(f"{label} {requests} requests = {ratio:.4f}/repo{verdict}")
        print(f"{forge_type:14} " + "; ".join(figures))
    for label in ("full", "recrawl"):
        _, counts, report, seconds = runs[label]
        forgejo_routes = {r: n for r, n in sorted(counts.by_route.items()) if r.startswith("fj.")}
        print(f"{label}: seen {report['seen']}, errors {report['errors']}, {seconds:.1f} s; Forgejo routes "
              f"{forgejo_routes}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
