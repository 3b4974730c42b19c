"""Benchmark: publiccode.yml files validated per second over the real corpus.

Run: ``.venv/bin/python bench/publiccode.py [ROUNDS]`` (outside the test suite);
``bench/publiccode.py --compare [ROUNDS]`` compares libyaml with the pure-Python parser.
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


def compare_parsers(rounds: int = 10) -> None:
    """Alternate rounds with libyaml and with PyYAML's pure-Python parser (the same
    checks) and print both medians and their ratio, which the machine's load affects
    less than the absolute figures."""
    from catalogue.publiccode import reader

    files = [p.read_bytes() for p in sorted(CORPUS.glob("*.yml"))]
    c_parser = reader.CParser
    rates: dict[str, list[float]] = {"libyaml": [], "pure Python": []}
    for content in files:
        parse_publiccode(content)
    for _ in range(rounds):
        for name, events in (("libyaml", c_parser), ("pure Python", None)):
            reader.CParser = events  # the bounded loader's events: libyaml's or its own
            begin = time.perf_counter()
            for content in files:
                parse_publiccode(content)
            rates[name].append(len(files) / (time.perf_counter() - begin))
    reader.CParser = c_parser
    fast, slow = (statistics.median(rates[k]) for k in ("libyaml", "pure Python"))
    print(f"median files/second: libyaml {fast:.0f}, pure Python {slow:.0f}, ratio {fast / slow:.1f}x "
          f"({rounds} alternating rounds of {len(files)} files)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--compare"]:
        compare_parsers(int(sys.argv[2]) if len(sys.argv) > 2 else 10)
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
