"""What a notify issue says about each message: the stable id, the exact line on the
repository's forge, extra and before-1.0 marks (GitHub and GitLab)."""

from __future__ import annotations

from dataclasses import replace

from catalogue.notify.render import render_issue
from catalogue.publiccode import parse_publiccode
from tests.publiccode.test_reading import MINIMAL

TEXT = MINIMAL.replace("  localisationReady: true\n  availableLanguages: [en]",
                       "  localisationReady: yes\n  availableLanguages: [en_GB]").replace(
    "legal:\n", "legal:\n  repoOwner: Gemeente\n")


def rows(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.startswith(("| error", "| warning"))]


def issue_for(world, suffix: str):
    stored = next(e for e in world.entries() if e.entry.source.url.endswith(suffix))
    doc = parse_publiccode(TEXT, path="publiccode.yml")
    entry = replace(stored.entry, publiccode=doc)
    return entry, doc, render_issue(entry, [m for m in doc.messages if m.line], "Gemeente Voorbeeld")


def test_each_row_has_the_stable_id_and_the_exact_line_on_github(world):
    entry, doc, issue = issue_for(world, "/app0")
    (wrong,) = [m for m in doc.messages if m.id == "wrong-type"]
    (row,) = [r for r in rows(issue.body) if "`wrong-type`" in r]
    assert row.startswith(f"| error | `localisation.localisationReady` | "
                          f"[{wrong.line}](https://github.com/gemeente/app0/blob/main/publiccode.yml#L{wrong.line}) |")
    assert "true or false was expected; found &#39;yes&#39;, a YAML 1.1 boolean" in row  # quotes escaped
    (deprecated,) = [r for r in rows(issue.body) if "`deprecated-use-organisation-name`" in r]
    assert "Fix this before publiccode.yml 1.0, which removes it." in deprecated
    extra = [r for r in rows(issue.body) if r.startswith(("| error (extra)", "| warning (extra)"))]
    assert {r.rsplit("| `", 1)[1].rstrip("` |") for r in extra} == {"unread-section", "language-underscore"}
    assert "Messages marked *extra*" in issue.body


def test_gitlab_rows_link_the_line_on_gitlab(world):
    entry, doc, issue = issue_for(world, "gitlab.com/provincie/kaart")
    (wrong,) = [m for m in doc.messages if m.id == "wrong-type"]
    (row,) = [r for r in rows(issue.body) if "`wrong-type`" in r]
    assert f"(https://gitlab.com/provincie/kaart/-/blob/main/publiccode.yml#L{wrong.line})" in row


def test_an_issue_without_extra_messages_has_no_extra_note(world):
    stored = next(e for e in world.entries() if e.entry.source.url.endswith("/app0"))
    doc = parse_publiccode(MINIMAL.replace("platforms: [web]\n", ""), path="publiccode.yml")
    issue = render_issue(replace(stored.entry, publiccode=doc), list(doc.messages), "Gemeente")
    assert [r.rsplit("| `", 1)[1] for r in rows(issue.body)] == ["required-items` |"]
    assert "extra" not in issue.body
