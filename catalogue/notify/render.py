"""The issue's title and Markdown body, rendered by a Jinja2 template.

Every value comes from strangers (publiccode.yml text, repository names), so each
``{{ }}`` is escaped for Markdown: HTML special characters become entities, ``|`` is
escaped so a table cell stays one cell, line breaks become spaces. ``StrictUndefined``
makes a missing value an error rather than an empty cell.

The hidden ``MARKER`` (an HTML comment) identifies the catalogue's issue, so later runs
update it instead of opening another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from catalogue.forges import forge_unit
from catalogue.records import CatalogueEntry, ValidationMessage

MARKER = "<!-- developer.overheid.nl catalogue: publiccode.yml problems -->"
CATALOGUE_NAME = "developer.overheid.nl catalogue"
TEMPLATES = Path(__file__).parent / "templates"


def markdown_escape(value: Any) -> str:
    """Text safe in a Markdown table cell; ``Markup`` values pass unchanged."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    text = str(escape(str(value)))
    return " ".join(text.replace("|", "\\|").split())


_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False, finalize=markdown_escape,
                   undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class IssueText:
    """What the issue says: ``title`` and Markdown ``body`` (with ``MARKER``)."""

    title: str
    body: str


def line_link(entry: CatalogueEntry, line: int | None) -> str | None:
    """Web URL of ``line`` of the publiccode.yml on the default branch.

    GitHub: ``{repo}/blob/{branch}/{path}#L12``; GitLab: ``{project}/-/blob/{branch}/{path}#L12``.
    ``None`` without a line or a default branch.
    """
    source, document = entry.source, entry.publiccode
    if line is None or document is None or not source.default_branch:
        return None
    return forge_unit(source.forge_type).blob_url(source.url, source.default_branch, document.path, line)


def message_marks(message: ValidationMessage) -> dict[str, Any]:
    """What the issue shows beside a message's text: its stable ``id`` (the same as in
    ``catalogue validate --format json`` and on the site; ``-`` for messages stored before
    ids), ``extra`` (reported beyond the reference validator, in a section it leaves
    unread) and ``before_1_0`` (publiccode.yml 1.0 removes what it is about)."""
    return {"id": message.id or "-", "extra": message.extra, "before_1_0": message.before_1_0}


def problem_title(count: int) -> str:
    """``publiccode.yml: 3 problems found by the developer.overheid.nl catalogue``."""
    return f"publiccode.yml: {count} problem{'s' if count != 1 else ''} found by the {CATALOGUE_NAME}"


def render_issue(entry: CatalogueEntry, messages: Sequence[ValidationMessage], publisher_name: str) -> IssueText:
    """The issue for ``messages`` (the problems to report) of ``entry``'s publiccode.yml."""
    document = entry.publiccode
    rows = [{"severity": m.severity, "path": m.path or "(file)", "line": m.line, "link": line_link(entry, m.line),
             "message": m.message, "hint": m.hint or "", **message_marks(m)} for m in messages]
    body = _env.get_template("issue.md.j2").render(
        marker=Markup(MARKER), rows=rows, count=len(rows), file=document.path if document else "publiccode.yml",
        file_url=document.url if document else None, url=entry.source.url, publisher=publisher_name,
        errors=sum(m.severity == "error" for m in messages), warnings=sum(m.severity == "warning" for m in messages),
    )
    return IssueText(title=problem_title(len(rows)), body=body)


def fixed_comment() -> str:
    """The comment left when the catalogue closes its issue."""
    return (f"The {CATALOGUE_NAME} read the publiccode.yml again and found no more problems. "
            "Thank you! Closing this issue.")
