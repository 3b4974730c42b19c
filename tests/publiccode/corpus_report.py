"""Run catalogue.publiccode over the real-file corpus and report what it finds.

``python -m tests.publiccode.corpus_report`` prints how many files are valid, the
agreement with MANIFEST.tsv's expected verdicts and the ten most common problems.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from catalogue.publiccode import parse_publiccode

CORPUS = Path(__file__).resolve().parents[1] / "data" / "publiccode" / "corpus"


def results():
    """``[(file, expected_valid, document)]`` for every MANIFEST.tsv row."""
    out = []
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            doc = parse_publiccode((CORPUS / r["file"]).read_bytes(), path=r["source_path"],
                                   repository_url=r["source_repo"])
            out.append((r["file"], r["expected"] == "valid", doc))
    return out


def problem_kind(path: str, message: str) -> str:
    """A message reduced to its kind: list indexes and language keys generalised."""
    path = re.sub(r"\[\d+\]", "[]", path)
    path = re.sub(r"^description\.[^.]+", "description.<lang>", path)
    message = re.sub(r"\[\d+\]", "[]", message)
    message = re.sub(r"'[^']*'|\"[^\"]*\"|https?://\S+|\(.*\)", "…", message)
    return f"{path}: {message}"


def main() -> None:
    """Print the figures."""
    res = results()
    valid = sum(doc.valid for _, _, doc in res)
    agree = sum(exp == doc.valid for _, exp, doc in res)
    print(f"files: {len(res)}, valid: {valid}, verdict agrees with MANIFEST.tsv: {agree}/{len(res)}")
    for f, exp, doc in res:
        if exp != doc.valid:
            print(f"  disagree: {f} expected valid={exp}; ours: "
                  + "; ".join(f"{m.path}: {m.message}" for m in doc.messages if m.severity == "error"))
    counts = Counter()
    for _, _, doc in res:
        counts.update({(m.severity, problem_kind(m.path, m.message)) for m in doc.messages})
    print("ten most common problems (files):")
    for (sev, kind), n in counts.most_common(10):
        print(f"  {n:3d}  {sev}: {kind}")


if __name__ == "__main__":
    main()
