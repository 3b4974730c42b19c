"""Build catalogue entries for the store's tests: a minimal one and one with every field."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from catalogue.records import (
    CatalogueEntry,
    HarvestProblem,
    PubliccodeDocument,
    PubliccodeFile,
    Release,
    SourceRepository,
    ValidationMessage,
)

T0 = datetime(2024, 3, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)
"""A fixed UTC time (with microseconds, so the round trip is checked to the microsecond)."""


def make_entry(number: int = 1, *, host: str = "github.com", account: str = "minbzk",
               **source_changes: object) -> CatalogueEntry:
    """A small entry for repository ``number`` of ``account``; ``source_changes``
    replace ``SourceRepository`` fields."""
    name = f"repo-{number}"
    source = SourceRepository(
        host=host,
        forge_type="github" if host == "github.com" else "gitlab",
        forge_id=str(1000 + number),
        full_name=f"{account}/{name}",
        url=f"https://{host}/{account}/{name}",
        name=name,
        fetched_at=T0,
        publisher_id="bzk",
        account_url=f"https://{host}/{account}",
        pushed_at=T0 - timedelta(days=number % 400),
        updated_at=T0 - timedelta(days=number % 300),
    )
    if source_changes:
        source = replace(source, **source_changes)
    return CatalogueEntry(source=source, name=source.name)


def full_entry() -> CatalogueEntry:
    """An entry with every field set, a publiccode.yml document and its messages."""
    amsterdam = timezone(timedelta(hours=2))
    source = SourceRepository(
        host="gitlab.com",
        forge_type="gitlab",
        forge_id="4242",
        full_name="commonground/components/zaken-api",
        url="https://gitlab.com/commonground/components/zaken-api",
        name="zaken-api",
        fetched_at=T0,
        publisher_id="vng",
        account_url="https://gitlab.com/commonground",
        description="API voor zaken",
        homepage="https://zaken.example.nl",
        default_branch="main",
        license_spdx="EUPL-1.2",
        primary_language="Python",
        languages=("Python", "HTML", "Shell"),
        topics=("zgw", "common-ground"),
        stars=12,
        forks=3,
        open_issues=4,
        open_pull_requests=1,
        good_first_issues=2,
        help_wanted_issues=0,
        archived=True,
        is_fork=True,
        fork_parent_url="https://gitlab.com/vng/zaken-api",
        is_empty=False,
        has_repository=True,
        created_at=datetime(2019, 5, 6, 7, 8, 9, tzinfo=timezone.utc),
        # Given in +02:00: the store returns the same instant in UTC.
        pushed_at=datetime(2024, 2, 28, 10, 0, 0, 5, tzinfo=amsterdam),
        updated_at=datetime(2024, 2, 29, 11, 0, 0, tzinfo=amsterdam),
        last_commit_at=datetime(2024, 2, 27, 9, 30, tzinfo=timezone.utc),
        commits_last_90_days=17,
        commits_last_365_days=120,
        latest_release=Release(
            tag_name="v1.2.0",
            name="Lente",
            published_at=datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc),
        ),
        publiccode=PubliccodeFile(
            path="publiccode.yaml",
            text="publiccodeYmlVersion: '0.4'\nname: Zaken API\n",
            url="https://gitlab.com/commonground/components/zaken-api/-/blob/main/publiccode.yaml",
            blob_id="3b18e512dba79e4c8300dd08aeb37f8e728b8dad",
            raw=b"publiccodeYmlVersion: '0.4'\nname: Zaken API\n\xff",
        ),
        readme_excerpt="De Zaken API ondersteunt zaakgericht werken. \u00e9\u00e8 \u2603",
        problems=(
            HarvestProblem(kind="access", message="403 on languages", url="https://x/y", status=403),
            HarvestProblem(kind="decode", message="bad JSON"),
        ),
    )
    document = PubliccodeDocument(
        path="publiccode.yaml",
        version="0.4",
        valid=False,
        data={
            "publiccodeYmlVersion": "0.4",
            "name": "Zaken API",
            "platforms": ["web"],
            "description": {"nl": {"shortDescription": "Zaken", "features": ["a", "b"]}},
            "maintenance": {"type": "community", "contacts": [{"name": "Jan"}]},
            "legal": {"license": "EUPL-1.2"},
            "softwareVersion": "1.2.0",
            "usedBy": [],
        },
        messages=(
            ValidationMessage(
                severity="error",
                path="description.nl.longDescription",
                message="missing",
                line=None,
                column=None,
                hint="Add a long description of at least 150 characters.",
            ),
            ValidationMessage(severity="warning", path="platforms[0]", message="odd", line=3,
                              column=5),
        ),
        url="https://gitlab.com/commonground/components/zaken-api/-/raw/main/publiccode.yaml",
        nl={"countryExtensionVersion": "1.0", "commonground": {"layerType": "interface"}},
    )
    return CatalogueEntry(
        source=source,
        name="Zaken API",
        short_description="Zaken",
        long_description="Een lange beschrijving van de Zaken API.",
        description_language="nl",
        publiccode=document,
    )
