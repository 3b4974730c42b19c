"""Version matrix: the real corpus under the default rules and under ``--standard 1.0-rc``.

Run: ``.venv/bin/python bench/publiccode_versions.py [DIR]`` (outside the test suite;
default DIR: ``tests/data/publiccode/corpus``). Prints, per declared
``publiccodeYmlVersion`` and in total, how many files are valid under each rule set, and
the most common reasons (message ids of errors, counted once per file) that make files
invalid under each.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

from catalogue.publiccode import parse_publiccode

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "publiccode" / "corpus"
STANDARDS = ("0", "1.0-rc")


def matrix(files: list[Path]) -> tuple[dict, dict]:
    """``(rows, reasons)``: ``rows[version][standard]`` = (valid, total);
    ``reasons[standard]`` = Counter of error ids (once per file)."""
    rows: dict[str, dict[str, list[int]]] = defaultdict(lambda: {s: [0, 0] for s in STANDARDS})
    reasons: dict[str, Counter] = {s: Counter() for s in STANDARDS}
    for path in files:
        content = path.read_bytes()
        for standard in STANDARDS:
            doc = parse_publiccode(content, standard=standard)
            version = doc.version if doc.version is not None else "(none)"
            cell = rows[version][standard]
            cell[0] += doc.valid
            cell[1] += 1
            reasons[standard].update({m.id or m.template for m in doc.messages if m.severity == "error"})
    return rows, reasons


def main(directory: Path = CORPUS) -> None:
    """Print the matrix for every ``*.yml``/``*.yaml`` in ``directory``."""
    files = sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])
    rows, reasons = matrix(files)
    print(f"{len(files)} files in {directory}")
    print(f"{'version':<10} {'files':>5} {'valid (0)':>10} {'valid (1.0-rc)':>15}")
    totals = {s: 0 for s in STANDARDS}
    for version in sorted(rows):
        cells = rows[version]
        n = cells["0"][1]
        print(f"{version:<10} {n:>5} {cells['0'][0]:>10} {cells['1.0-rc'][0]:>15}")
        for s in STANDARDS:
            totals[s] += cells[s][0]
    print(f"{'total':<10} {len(files):>5} {totals['0']:>10} {totals['1.0-rc']:>15}")
    for standard in STANDARDS:
        print(f"\nmost common errors under {standard} (files):")
        for reason, count in reasons[standard].most_common(10):
            print(f"  {count:>4}  {reason}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)
