"""Fixtures for the site, export and maintenance tests (records in ``sitefactory``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.records import CodeHosting, CrawlRecord, HarvestProblem, Publisher, StoredEntry, ValidationMessage
from sitefactory import NOW, make_entry, make_publiccode, utc

from browser import browser  # noqa: F401 - the Chromium fixture of the browser tests


@pytest.fixture
def publishers() -> tuple[Publisher, ...]:
    """Two publishers, one with two accounts."""
    return (
        Publisher(
            id="gemeente-voorbeeld",
            name="Gemeente Voorbeeld",
            code_hosting=(
                CodeHosting("https://github.com/example-gemeente"),
                CodeHosting("https://gitlab.com/voorbeeld/tools/single", group=False),
            ),
            organisation_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm9999",
        ),
        Publisher(id="ministerie-x", name="Ministerie van X", code_hosting=(CodeHosting("https://gitlab.com/min-x"),)),
    )


@pytest.fixture
def crawl() -> CrawlRecord:
    """A finished crawl."""
    return CrawlRecord(
        id=1, started_at=utc(2026, 6, 14, 3), finished_at=utc(2026, 6, 14, 3, 20), repositories_seen=4
    )


@pytest.fixture
def entries() -> tuple[StoredEntry, ...]:
    """A small catalogue: one with a valid publiccode, one with errors, one without,
    one archived GitLab project in a subgroup, one empty repository."""
    error = ValidationMessage(
        "error", "description.nl.shortDescription", "too long", 12, 5, "Keep it under 150 characters."
    )
    warning = ValidationMessage("warning", "legal.repoOwner", "deprecated key", 20, 3, None)
    return (
        make_entry(
            "signalen",
            forge_id="101",
            publiccode=make_publiccode(nl={"countryExtensionVersion": "1.0", "commonground": {"layerType": "interaction"}}),
            problems=(HarvestProblem("access", "README not readable", status=403),),
        ),
        make_entry(
            "zaken",
            forge_id="102",
            entry_name="Zaakafhandeling",
            publiccode=make_publiccode(
                messages=(warning, error), url="https://github.com/example-gemeente/zaken"
            ),
        ),
        make_entry("scripts", forge_id="103", short_description=None, license_spdx=None, last_commit_at=utc(2024, 1, 2)),
        make_entry(
            "oude-tool",
            host="gitlab.com",
            owner="min-x/sub",
            forge_id="201",
            publisher_id="ministerie-x",
            archived=True,
        ),
        make_entry(
            "leeg",
            forge_id="104",
            is_empty=True,
            pushed_at=None,
            last_commit_at=None,
            latest_release=None,
            languages=(),
            primary_language=None,
        ),
    )


@pytest.fixture
def built(tmp_path: Path, entries, publishers, crawl):
    """The site built from :func:`entries` into a temporary directory, with its report."""
    from catalogue.site import build_site

    out = tmp_path / "site"
    report = build_site(entries, publishers, crawl, out, now=NOW, demo_note="Contactgegevens zijn verzonnen.")
    return out, report
