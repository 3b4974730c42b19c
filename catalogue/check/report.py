"""The report of ``catalogue check``: what the listing would show and what to fix.

``CheckReport.exit_code``: 0 when the repository has a publiccode.yml without errors
(warnings allowed), 1 when the file has errors or is missing. (2, for an unknown
repository, an unreachable forge or wrong usage, is the CLI's ``CatalogueError`` path.)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from catalogue.maintenance import Maintenance
from catalogue.records import CatalogueEntry, Publisher

#: Where maintainers learn how to write a publiccode.yml.
PUBLICCODE_STANDARD = "https://yml.publiccode.tools/"

MISSING_HINT = (
    "add a publiccode.yml at the root of the default branch (the standard: "
    f"{PUBLICCODE_STANDARD}); check it before you push with 'catalogue validate publiccode.yml'"
)


@dataclass(frozen=True)
class CheckReport:
    """One repository, normalised and judged.

    ``publisher`` is the publisher whose ``codeHosting`` covers it (``None``: the crawl
    would not harvest it); ``used_graphql`` tells which answer shape was mapped.
    """

    entry: CatalogueEntry
    publisher: Publisher | None
    maintenance: Maintenance
    used_graphql: bool = False

    @property
    def verdict(self) -> str:
        """``valid``, ``invalid`` or ``missing``."""
        document = self.entry.publiccode
        if document is None:
            return "missing"
        return "valid" if document.valid else "invalid"

    @property
    def exit_code(self) -> int:
        """0 valid publiccode.yml, 1 invalid or missing."""
        return 0 if self.verdict == "valid" else 1

    def as_json(self) -> dict[str, Any]:
        """The report for machines: listing fields, status, verdict and every message."""
        source = self.entry.source
        document = self.entry.publiccode
        return {
            "url": source.url,
            "host": source.host,
            "forge_id": source.forge_id,
            "listed": self.publisher is not None,
            "publisher": {"id": self.publisher.id, "name": self.publisher.name} if self.publisher else None,
            "name": self.entry.name,
            "short_description": self.entry.short_description,
            "long_description": self.entry.long_description,
            "description_language": self.entry.description_language,
            "license": source.license_spdx,
            "default_branch": source.default_branch,
            "maintenance": {"status": self.maintenance.status, "reasons": list(self.maintenance.reasons)},
            "publiccode": {
                "verdict": self.verdict,
                "path": document.path if document else None,
                "url": document.url if document else None,
                "version": document.version if document else None,
                "messages": [asdict(m) for m in document.messages] if document else [],
                "hint": MISSING_HINT if document is None else None,
            },
            "problems": [asdict(p) for p in source.problems],
        }

    def render_text(self) -> list[str]:
        """Lines for a terminal: the listing, then each message the way compilers print them."""
        source = self.entry.source
        document = self.entry.publiccode
        lines = [source.url]

        def field(label: str, value: Any) -> None:
            lines.append(f"  {label + ':':<19} {value if value not in (None, '') else '-'}")

        field("name", self.entry.name)
        field("short description", self.entry.short_description)
        long = self.entry.long_description
        field("long description", (long[:200].rstrip() + "…") if long and len(long) > 200 else long)
        field("licence", source.license_spdx)
        field("status", f"{self.maintenance.status} ({self.maintenance.reasons[0]})"
              if self.maintenance.reasons else self.maintenance.status)
        field("publisher", f"{self.publisher.name}" if self.publisher
              else "none: no publisher in the publishers list covers this repository, so no crawl lists it")
        for problem in source.problems:
            lines.append(f"  harvest problem:    {problem.kind}: {problem.message}")
        if document is None:
            field("publiccode.yml", "missing")
            lines.append(f"  hint: {MISSING_HINT}")
            return lines
        errors = sum(m.severity == "error" for m in document.messages)
        warnings = len(document.messages) - errors
        field(document.path, f"{self.verdict} ({errors} error(s), {warnings} warning(s))")
        for message in document.messages:
            where = f"{document.path}:{message.line}:{message.column or 1}" if message.line else document.path
            key = f"{message.path}: " if message.path else ""
            lines.append(f"{where}: {message.severity}: {key}{message.message}")
            if message.hint:
                lines.append(f"    hint: {message.hint}")
        return lines
