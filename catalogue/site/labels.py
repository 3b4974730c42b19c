"""Translatable labels for the site's coded values (statuses, severities, problem kinds).

The values come from the records and from ``catalogue.maintenance``; a value without a
label (the status is an open set) is shown as written.
"""

from __future__ import annotations

from catalogue.maintenance import N_

STATUS_LABELS: dict[str, str] = {
    "archived": N_("Archived"),
    "active": N_("Active"),
    "stale": N_("Stale"),
    "unknown": N_("Unknown"),
}

SEVERITY_LABELS: dict[str, str] = {
    "error": N_("Error"),
    "warning": N_("Warning"),
}

PROBLEM_KIND_LABELS: dict[str, str] = {
    "access": N_("The forge refused access"),
    "not_found": N_("Not found"),
    "server": N_("Server error at the forge"),
    "decode": N_("An answer could not be read"),
}

FORK_TYPE_LABELS: dict[str, str] = {
    "TECHNICAL_FORK": N_("Technical fork (publiccode.yml points to the original)"),
    "VARIANT_FORK": N_("Variant (publiccode.yml declares isBasedOn)"),
    "GIT_FORK": N_("Fork on the forge"),
    "URL_MISTAKE": N_("publiccode.yml url points to another repository"),
}

PUBLICCODE_STATE_LABELS: dict[str, str] = {
    "errors": N_("Errors in publiccode.yml"),
    "warnings": N_("Warnings in publiccode.yml"),
    "unreadable": N_("publiccode.yml could not be read"),
    "missing": N_("No publiccode.yml"),
    "valid": N_("Valid publiccode.yml"),
}
