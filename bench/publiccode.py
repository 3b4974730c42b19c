"""Benchmark: publiccode.yml files validated per second over the real corpus.

Run: ``.venv/bin/python bench/publiccode.py [ROUNDS]`` (outside the test suite).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from catalogue.publiccode import parse_publiccode

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "publiccode" / "corpus"


def main(rounds: int = 20) -> None:
    """Validate every corpus file ``rounds`` times per rule set and print files per
    second: the total, and the median of the rounds (steadier on a shared machine)."""
    import yaml

    files = [p.read_bytes() for p in sorted(CORPUS.glob("*.yml"))]
    print(f"YAML parser: {'libyaml (C)' if getattr(yaml, '__with_libyaml__', False) else 'pure Python'}")
    for standard in ("0", "1.0-rc"):
        for content in files:  # warm caches (SPDX licence list, language registry, iPA codes)
            parse_publiccode(content, standard=standard)
        per_round = []
        start = time.perf_counter()
        for _ in range(rounds):
            begin = time.perf_counter()
            for content in files:
                parse_publiccode(content, standard=standard)
            per_round.append(len(files) / (time.perf_counter() - begin))
        elapsed = time.perf_counter() - start
        n = rounds * len(files)
        print(f"--standard {standard}: {n} files in {elapsed:.2f} s: {n / elapsed:.0f} files/second, "
              f"median of rounds {statistics.median(per_round):.0f} ({len(files)} corpus files x {rounds} rounds)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
