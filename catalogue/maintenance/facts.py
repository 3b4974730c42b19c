"""The facts the rule reads, taken from a catalogue entry."""

from __future__ import annotations

from typing import Any, Mapping

from catalogue.records import CatalogueEntry
from catalogue.maintenance.dates import read_date
from catalogue.maintenance.model import DEFAULT_RULES, MaintenanceFacts, MaintenanceRules


def facts_from_entry(entry: CatalogueEntry, rules: MaintenanceRules = DEFAULT_RULES) -> MaintenanceFacts:
    """Take the rule's facts from ``entry``: the forge's from ``entry.source``, the
    declared ones from ``entry.publiccode.data`` (publiccode.yml spec keys
    ``maintenance.type``, ``maintenance.contractors[].until``, ``developmentStatus``,
    ``releaseDate``; wrong types count as not declared). ``rules`` names the
    placeholder release dates."""
    source = entry.source
    data: Mapping[str, Any] = {}
    if entry.publiccode is not None and isinstance(entry.publiccode.data, Mapping):
        data = entry.publiccode.data
    maintenance = data.get("maintenance")
    maintenance = maintenance if isinstance(maintenance, Mapping) else {}
    contractors = maintenance.get("contractors")
    ends = tuple(
        read_date(item.get("until")) if isinstance(item, Mapping) else None
        for item in (contractors if isinstance(contractors, list) else ())
    )
    release_date = read_date(data.get("releaseDate"))
    if release_date in rules.placeholder_release_dates:
        release_date = None
    return MaintenanceFacts(
        archived=source.archived,
        last_commit_at=source.last_commit_at,
        pushed_at=source.pushed_at,
        latest_release=source.latest_release,
        commits_last_90_days=source.commits_last_90_days,
        commits_last_365_days=source.commits_last_365_days,
        open_issues=source.open_issues,
        has_publiccode=entry.publiccode is not None,
        maintenance_type=_declared(maintenance.get("type")),
        development_status=_declared(data.get("developmentStatus")),
        contract_ends=ends,
        release_date=release_date,
    )


def _declared(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
