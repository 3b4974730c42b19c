"""Benchmark: publiccode.yml files validated per second over the real corpus.

Run: ``.venv/bin/python bench/publiccode.py [ROUNDS]`` (outside the test suite).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from catalogue.publiccode import parse_publiccode

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "publiccode" / "corpus"


def main(rounds: int = 20) -> None:
    """Validate every corpus file ``rounds`` times and print files per second."""
    files = [p.read_bytes() for p in sorted(CORPUS.glob("*.yml"))]
    parse_publiccode(files[0])  # warm caches (SPDX licence list, language registry)
    start = time.perf_counter()
    for _ in range(rounds):
        for content in files:
            parse_publiccode(content)
    elapsed = time.perf_counter() - start
    n = rounds * len(files)
    print(f"{n} files in {elapsed:.2f} s: {n / elapsed:.0f} files/second "
          f"({len(files)} corpus files x {rounds} rounds)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
