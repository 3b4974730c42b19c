"""Hand-made records and an HTML reader for the site, export and maintenance tests.

A module with a unique name (not ``conftest``) so test modules can import it."""

from __future__ import annotations

from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from catalogue.records import (
    CatalogueEntry,
    PubliccodeDocument,
    PubliccodeFile,
    Release,
    SourceRepository,
    StoredEntry,
    ValidationMessage,
)

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC datetime, for brevity."""
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


def make_entry(
    name: str = "signalen",
    *,
    owner: str = "example-gemeente",
    host: str = "github.com",
    forge_id: str | None = None,
    publisher_id: str = "gemeente-voorbeeld",
    publiccode: PubliccodeDocument | None = None,
    entry_name: str | None = None,
    short_description: str | None = "Meldingen openbare ruimte",
    long_description: str | None = None,
    gone: bool = False,
    previous_urls: tuple[str, ...] = (),
    publiccode_file: PubliccodeFile | None = None,
    **source_fields: Any,
) -> StoredEntry:
    """Build a ``StoredEntry`` with sensible defaults; ``source_fields`` override
    ``SourceRepository`` fields; ``publiccode_file`` is the file as harvested."""
    full_name = source_fields.pop("full_name", f"{owner}/{name}")
    url = source_fields.pop("url", f"https://{host}/{full_name}")
    fields: dict[str, Any] = dict(
        host=host,
        forge_type="gitlab" if "gitlab" in host else "github",
        forge_id=forge_id or str(abs(hash((host, full_name))) % 10**8),
        full_name=full_name,
        url=url,
        name=name,
        fetched_at=utc(2026, 6, 14, 3),
        publisher_id=publisher_id,
        account_url=f"https://{host}/{owner}",
        description=short_description,
        default_branch="main",
        license_spdx="EUPL-1.2",
        primary_language="Python",
        languages=("Python", "JavaScript"),
        topics=("meldingen", "gemeente"),
        stars=42,
        forks=7,
        open_issues=3,
        open_pull_requests=2,
        created_at=utc(2019, 3, 1, 9, 30),
        pushed_at=utc(2026, 5, 30, 8),
        last_commit_at=utc(2026, 5, 29, 16, 45),
        latest_release=Release("v2.3.0", "Release 2.3", utc(2026, 4, 1)),
    )
    if publiccode_file is not None:
        fields["publiccode"] = publiccode_file
    fields.update(source_fields)
    source = SourceRepository(**fields)
    entry = CatalogueEntry(
        source=source,
        name=entry_name or name,
        short_description=short_description,
        long_description=long_description,
        publiccode=publiccode,
    )
    return StoredEntry(
        entry=entry,
        first_seen_at=utc(2025, 1, 10),
        last_crawled_at=utc(2026, 6, 14, 3),
        previous_urls=previous_urls,
        gone=gone,
    )


def make_publiccode(
    *,
    release_date: Any = "2026-04-01",
    messages: tuple[ValidationMessage, ...] = (),
    valid: bool | None = None,
    url: str = "https://github.com/example-gemeente/signalen",
    extra: dict[str, Any] | None = None,
    nl: dict[str, Any] | None = None,
) -> PubliccodeDocument:
    """Build a parsed publiccode.yml document (spec 0.4 keys)."""
    data: dict[str, Any] = {
        "publiccodeYmlVersion": "0.4",
        "name": "Signalen",
        "url": url,
        "softwareVersion": "2.3.0",
        "releaseDate": release_date,
        "platforms": ["web"],
        "categories": ["it-development", "collaboration"],
        "developmentStatus": "stable",
        "softwareType": "standalone/web",
        "description": {
            "nl": {
                "shortDescription": "Meldingen openbare ruimte",
                "longDescription": "Signalen verwerkt meldingen over de openbare ruimte.",
                "features": ["Meldingen ontvangen", "Meldingen routeren"],
            },
            "en": {
                "shortDescription": "Public space reports",
                "longDescription": "Signalen handles reports about public space.",
                "features": ["Receive reports"],
            },
        },
        "legal": {"license": "MPL-2.0", "mainCopyrightOwner": "Gemeente Voorbeeld"},
        "maintenance": {
            "type": "contract",
            "contractors": [{"name": "Voorbeeld B.V.", "until": "2027-01-01"}],
        },
        "localisation": {"localisationReady": True, "availableLanguages": ["nl", "en"]},
    }
    if nl is not None:
        data["nl"] = nl
    data.update(extra or {})
    if valid is None:
        valid = not any(m.severity == "error" for m in messages)
    return PubliccodeDocument(
        path="publiccode.yml",
        version="0.4",
        valid=valid,
        data=data,
        messages=messages,
        url="https://github.com/example-gemeente/signalen/blob/main/publiccode.yml",
        nl=nl,
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in ("script", "style"):
            self._skip += 1
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


class Html:
    """A parsed page: ``text`` (visible text, whitespace collapsed), ``links`` (href/src
    values), ``tags`` ((name, attributes) in document order), ``raw`` (the source)."""

    def __init__(self, raw: str) -> None:
        collector = _Collector()
        collector.feed(raw)
        collector.close()
        self.raw = raw
        self.text = " ".join(" ".join(collector.text).split())
        self.links = collector.links
        self.tags = collector.tags

    def find_all(self, tag: str) -> list[dict[str, str | None]]:
        """Attributes of every ``tag`` element."""
        return [attrs for name, attrs in self.tags if name == tag]


def read_page(root: Path, relative: str) -> Html:
    """Parse the page ``relative`` under ``root``."""
    return Html((root / relative).read_text(encoding="utf-8"))
