"""Agreement with italia/publiccode-parser-go's own test files (EXPECTED.tsv).

Compared: the verdict (valid or not) and the set of (severity, key path) messages.
Key paths are compared in dotted form (the reference writes ``description[en-US]``).

Rows whose expected messages need the network (``network_dependent_messages=yes``:
"not reachable", "HTTP GET failed", oEmbed checks) are compared without those messages,
because the catalogue never checks the network; ``logo_missing_url.yml`` is then valid,
as upstream's own no-network test (TestRelativePathsOrURLsNoNetworkRemoteChecks) says.

``invalid/no-network/logo_invalid_png.yml`` points to a 0-byte ``.png``: the reference
decodes the image; ours checks the image's signature where it can read the repository's
files (``read_file``: a local checkout, as here and in ``catalogue validate PATH``).
"""

from __future__ import annotations

from .agreement import rows

KNOWN: set[str] = set()


def test_every_row_agrees():
    all_rows = rows()
    assert len(all_rows) == 92
    bad = [(r.file, sorted(r.expected ^ r.ours), r.expected_valid, r.our_valid)
           for r in all_rows
           if (r.expected != r.ours or r.expected_valid != r.our_valid) and r.file not in KNOWN]
    assert bad == []


def test_agreement_figures():
    all_rows = rows()
    verdict = sum(r.expected_valid == r.our_valid for r in all_rows) / len(all_rows)
    msgset = sum(r.expected == r.ours for r in all_rows) / len(all_rows)
    assert verdict == 1 and msgset == 1
