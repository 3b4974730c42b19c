"""Compare catalogue.publiccode with the reference validator's expected outcomes.

Used by ``tests/publiccode/test_reference_agreement.py`` and runnable as a script:
``python -m tests.publiccode.agreement`` prints the agreement figures.
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from catalogue.publiccode import parse_publiccode
from catalogue.publiccode.files import local_reader

DATA = Path(__file__).resolve().parents[1] / "data" / "publiccode" / "parser-testdata"
_NETWORK = ("not reachable", "HTTP GET failed", "oEmbed")


@dataclass
class Row:
    """One EXPECTED.tsv row with our outcome."""

    file: str
    expected_valid: bool
    network: bool
    expected: set[tuple[str, str]]
    ours: set[tuple[str, str]]
    our_valid: bool


def normalise_key(key: str) -> str:
    """The reference writes non-alphabetic map keys as ``description[en-US]``; we dot them."""
    return re.sub(r"\[([^\]0-9][^\]]*)\]", r".\1", key)


def repository_files(yml: Path) -> frozenset[str]:
    """Paths relative to the YAML file's directory (the reference's base for relative files)."""
    base = yml.parent
    return frozenset(
        os.path.relpath(os.path.join(d, f), base).replace(os.sep, "/")
        for d, _, files in os.walk(base) for f in files)


def rows() -> list[Row]:
    """Run our parser over every EXPECTED.tsv row."""
    out = []
    with open(DATA / "EXPECTED.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            yml = DATA / r["file"]
            doc = parse_publiccode(yml.read_bytes(), path=r["file"], repository_files=repository_files(yml),
                                   read_file=local_reader(str(yml)))
            msgs = json.loads(r["expected_messages"] or "[]")
            # Network checks are off in the catalogue: their expected messages are dropped.
            # Messages marked extra (what the reference leaves unread) are not its.
            expected = {(m["severity"], normalise_key(m["key"])) for m in msgs
                        if not any(n in m["message"] for n in _NETWORK)}
            network = r["network_dependent_messages"] == "yes"
            expected_valid = r["expected"] != "invalid"
            if network and not any(m["severity"] == "error" for m in msgs
                                   if not any(n in m["message"] for n in _NETWORK)):
                expected_valid = True  # e.g. logo_missing_url: valid with the network off upstream
            out.append(Row(r["file"], expected_valid, network, expected,
                           {(m.severity, m.path) for m in doc.messages if not m.extra}, doc.valid))
    return out


def main() -> None:
    """Print verdict and message-set agreement, and every disagreement."""
    all_rows = rows()
    verdict = sum(r.expected_valid == r.our_valid for r in all_rows)
    msgset = sum(r.expected == r.ours for r in all_rows)
    n = len(all_rows)
    print(f"verdict agreement: {verdict}/{n} = {100 * verdict / n:.1f}%")
    print(f"message-set agreement: {msgset}/{n} = {100 * msgset / n:.1f}%")
    for r in all_rows:
        if r.expected != r.ours or r.expected_valid != r.our_valid:
            print(f"- {r.file}: expected valid={r.expected_valid} ours={r.our_valid}")
            print(f"    missing: {sorted(r.expected - r.ours)}  extra: {sorted(r.ours - r.expected)}")


if __name__ == "__main__":
    main()
