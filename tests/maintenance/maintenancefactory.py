"""Hand-made entries for the maintenance tests, against one fixed "now".

A module with a unique name (not ``conftest``) so test modules can import it."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from catalogue.records import CatalogueEntry, PubliccodeDocument, Release, SourceRepository

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=timezone.utc)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A UTC datetime, for brevity."""
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


def publiccode(**data: Any) -> PubliccodeDocument:
    """A parsed publiccode.yml holding ``data`` (keys as in the spec)."""
    return PubliccodeDocument(path="publiccode.yml", version="0.4.0", valid=True, data=data)


def entry(document: PubliccodeDocument | None = None, **source_fields: Any) -> CatalogueEntry:
    """An entry with no activity facts unless ``source_fields`` give them."""
    fields: dict[str, Any] = dict(
        host="github.com",
        forge_type="github",
        forge_id="1",
        full_name="gemeente/app",
        url="https://github.com/gemeente/app",
        name="app",
        fetched_at=utc(2026, 6, 14, 3),
        publisher_id="gemeente",
        account_url="https://github.com/gemeente",
    )
    fields.update(source_fields)
    return CatalogueEntry(source=SourceRepository(**fields), name=fields["name"], publiccode=document)


def release(published_at: datetime | None, tag: str = "v1.0.0") -> Release:
    """A forge release."""
    return Release(tag, None, published_at)
