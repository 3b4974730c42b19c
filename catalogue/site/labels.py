"""Translatable labels for the site's coded values (statuses, severities, problem kinds).

The values come from the records and from ``catalogue.maintenance``; a value without a
label (the status is an open set) is shown as written.
"""

from __future__ import annotations

from catalogue.maintenance import N_

STATUS_LABELS: dict[str, str] = {
    "actively-maintained": N_("Actively maintained"),
    "maintained": N_("Maintained"),
    "active": N_("Active"),
    "low-activity": N_("Low activity"),
    "stale": N_("Stale"),
    "unmaintained": N_("Unmaintained"),
    "declared-unmaintained": N_("Declared unmaintained"),
    "obsolete": N_("Obsolete"),
    "archived": N_("Archived"),
    "unknown": N_("Unknown"),
}

#: The order statuses are listed in (best first); a status not here comes after them.
STATUS_ORDER: tuple[str, ...] = tuple(STATUS_LABELS)

#: The colour family of a status badge: ``good``, ``fair``, ``poor``, ``closed``;
#: anything else (an unknown status) is ``neutral``.
STATUS_TONES: dict[str, str] = {
    "actively-maintained": "good",
    "maintained": "good",
    "active": "good",
    "low-activity": "fair",
    "stale": "poor",
    "unmaintained": "poor",
    "declared-unmaintained": "poor",
    "obsolete": "closed",
    "archived": "closed",
}


def status_tone(status: str) -> str:
    """Return the colour family of ``status`` (see :data:`STATUS_TONES`), ``neutral`` when unknown."""
    return STATUS_TONES.get(status, "neutral")


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

#: Search filter "kind": what a repository is, fork-wise (``None``: an original).
KIND_LABELS: dict[str, str] = {
    "ORIGINAL": N_("Original"),
    "TECHNICAL_FORK": N_("Technical fork"),
    "VARIANT_FORK": N_("Variant"),
    "GIT_FORK": N_("Fork on the forge"),
    "URL_MISTAKE": N_("publiccode.yml url points elsewhere"),
}

#: Search filter "where to help".
HELP_LABELS: dict[str, str] = {
    "good_first_issue": N_("Has good first issues"),
    "help_wanted": N_("Has help wanted issues"),
}

PUBLICCODE_STATE_LABELS: dict[str, str] = {
    "errors": N_("Errors in publiccode.yml"),
    "warnings": N_("Warnings in publiccode.yml"),
    "unreadable": N_("publiccode.yml could not be read"),
    "missing": N_("No publiccode.yml"),
    "valid": N_("Valid publiccode.yml"),
}
