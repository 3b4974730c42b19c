"""View models: what templates see, built from ``StoredEntry`` and ``Publisher``.

Plain frozen dataclasses of strings, numbers, dates and tuples; no ORM objects and no
record types travel into templates. Values from publiccode.yml are written by
strangers and can be of any YAML type, so they are reduced to text here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping

from catalogue.export import fork_type
from catalogue.maintenance import Maintenance, Reason, assess_maintenance
from catalogue.records import PubliccodeDocument, Publisher, StoredEntry

#: ``releaseDate`` values that mean "not declared" (a zero Unix time written by tools).
EPOCH_DATES = frozenset({date(1970, 1, 1)})

#: Order of repositories on a publisher page: the problems to fix first.
PUBLICCODE_STATE_ORDER: tuple[str, ...] = ("errors", "unreadable", "warnings", "missing", "valid")

#: publiccode.yml keys shown as "key facts", in this order (dotted key paths).
KEY_FIELDS: tuple[str, ...] = (
    "softwareType",
    "developmentStatus",
    "maintenance.type",
    "legal.license",
    "legal.mainCopyrightOwner",
    "legal.repoOwner",
    "platforms",
    "categories",
    "url",
    "landingURL",
    "isBasedOn",
    "roadmap",
    "localisation.availableLanguages",
    "usedBy",
)


@dataclass(frozen=True)
class MessageView:
    """One validation message: ``severity`` (``error``/``warning``), ``path`` (key path),
    ``message``, 1-based ``line``/``column`` (or ``None``) and a ``hint``."""

    severity: str
    path: str
    message: str
    line: int | None
    column: int | None
    hint: str | None


@dataclass(frozen=True)
class DescriptionView:
    """The ``description.{language}`` block of publiccode.yml, as text."""

    language: str
    short_description: str | None
    long_description: str | None
    features: tuple[str, ...]


@dataclass(frozen=True)
class FieldView:
    """A key fact: the dotted publiccode key and its value(s) as text."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ContractorView:
    """A ``maintenance.contractors`` item: name, ``until`` as written, website."""

    name: str | None
    until: str | None
    website: str | None


@dataclass(frozen=True)
class PubliccodeView:
    """The parsed publiccode.yml of one repository.

    ``release_date`` is ``None`` when not declared, unreadable, or the epoch
    (1970-01-01, see :data:`EPOCH_DATES`); ``release_date_text`` keeps what was written
    when it could not be read as a date.
    """

    path: str
    url: str | None
    version: str | None
    valid: bool
    name: str | None
    software_version: str | None
    release_date: date | None
    release_date_text: str | None
    descriptions: tuple[DescriptionView, ...]
    fields: tuple[FieldView, ...]
    contractors: tuple[ContractorView, ...]
    messages: tuple[MessageView, ...]
    error_count: int
    warning_count: int
    nl: tuple[FieldView, ...] | None


@dataclass(frozen=True)
class ReleaseView:
    """The forge's latest release."""

    tag_name: str
    name: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class ProblemView:
    """A harvest problem: ``kind`` (``access``/``not_found``/``server``/``decode``), text."""

    kind: str
    message: str
    url: str | None
    status: int | None


@dataclass(frozen=True)
class RepositoryView:
    """Everything a repository page or index row shows. ``path`` is its page (root-relative)."""

    key: str
    path: str
    name: str
    url: str
    host: str
    full_name: str
    forge_type: str
    publisher_id: str
    publisher_name: str
    short_description: str | None
    long_description: str | None
    homepage: str | None
    default_branch: str | None
    license: str | None
    primary_language: str | None
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    stars: int | None
    forks: int | None
    open_issues: int | None
    open_pull_requests: int | None
    archived: bool
    is_fork: bool
    fork_parent_url: str | None
    fork_type: str | None
    is_empty: bool
    has_repository: bool
    created_at: datetime | None
    pushed_at: datetime | None
    last_commit_at: datetime | None
    latest_release: ReleaseView | None
    problems: tuple[ProblemView, ...]
    first_seen_at: datetime
    last_crawled_at: datetime
    previous_urls: tuple[str, ...]
    gone: bool
    status: str
    reasons: tuple[Reason, ...]
    publiccode_file_url: str | None
    publiccode_state: str
    publiccode: PubliccodeView | None


@dataclass(frozen=True)
class AccountView:
    """A ``codeHosting`` entry: URL and whether it names an account (``group``)."""

    url: str
    group: bool


@dataclass(frozen=True)
class PublisherView:
    """A publisher page: its accounts and repositories (problems first)."""

    id: str
    name: str
    path: str
    organisation_uri: str | None
    accounts: tuple[AccountView, ...]
    repositories: tuple[RepositoryView, ...]
    problem_count: int


def text(value: Any) -> str | None:
    """Reduce a YAML value to display text: ``None`` stays ``None``, scalars become
    strings, dates ISO 8601, containers compact JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def texts(value: Any) -> tuple[str, ...]:
    """Reduce a YAML value to a tuple of texts: a list item by item, a scalar as one."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(t for t in (text(item) for item in value) if t is not None)
    single = text(value)
    return (single,) if single is not None else ()


def lookup(data: Mapping[str, Any], dotted: str) -> Any:
    """Return ``data``'s value at a dotted key path, or ``None`` when any step is missing."""
    current: Any = data
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def flatten(data: Any, prefix: str = "") -> tuple[FieldView, ...]:
    """Flatten nested mappings into dotted keys; lists of scalars stay one field."""
    if isinstance(data, Mapping):
        rows: list[FieldView] = []
        for key in sorted(data, key=str):
            rows.extend(flatten(data[key], f"{prefix}.{key}" if prefix else str(key)))
        return tuple(rows)
    return (FieldView(prefix, texts(data)),)


def release_date(value: Any) -> tuple[date | None, str | None]:
    """Read ``releaseDate``: ``(date, None)`` when a real date, ``(None, None)`` when
    missing or the epoch, ``(None, written_text)`` when not a date."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            return None, text(value)
    return (None, None) if value in EPOCH_DATES else (value, None)


def publiccode_view(document: PubliccodeDocument) -> PubliccodeView:
    """Build the view of a parsed publiccode.yml (messages: errors first, then by place)."""
    data = document.data if isinstance(document.data, Mapping) else {}
    descriptions = []
    blocks = data.get("description")
    if isinstance(blocks, Mapping):
        for language in sorted(blocks, key=str):
            block = blocks[language]
            if not isinstance(block, Mapping):
                continue
            descriptions.append(
                DescriptionView(
                    language=str(language),
                    short_description=text(block.get("shortDescription")),
                    long_description=text(block.get("longDescription")),
                    features=texts(block.get("features")),
                )
            )
    fields = tuple(
        FieldView(key, texts(lookup(data, key))) for key in KEY_FIELDS if lookup(data, key) is not None
    )
    contractors = []
    raw_contractors = lookup(data, "maintenance.contractors")
    if isinstance(raw_contractors, list):
        for item in raw_contractors:
            if isinstance(item, Mapping):
                contractors.append(
                    ContractorView(text(item.get("name")), text(item.get("until")), text(item.get("website")))
                )
    messages = tuple(
        MessageView(m.severity, m.path, m.message, m.line, m.column, m.hint)
        for m in sorted(
            document.messages,
            key=lambda m: (m.severity != "error", m.line or 0, m.column or 0, m.path, m.message),
        )
    )
    released, released_text = release_date(data.get("releaseDate"))
    nl = document.nl if document.nl is not None else data.get("nl")
    return PubliccodeView(
        path=document.path,
        url=document.url,
        version=document.version,
        valid=document.valid,
        name=text(data.get("name")),
        software_version=text(data.get("softwareVersion")),
        release_date=released,
        release_date_text=released_text,
        descriptions=tuple(descriptions),
        fields=fields,
        contractors=tuple(contractors),
        messages=messages,
        error_count=sum(1 for m in messages if m.severity == "error"),
        warning_count=sum(1 for m in messages if m.severity != "error"),
        nl=flatten(nl) if isinstance(nl, Mapping) and nl else None,
    )


def publiccode_state(stored: StoredEntry) -> str:
    """Return one of :data:`PUBLICCODE_STATE_ORDER` for the entry's publiccode.yml."""
    document = stored.entry.publiccode
    if document is None:
        return "unreadable" if stored.entry.source.publiccode is not None else "missing"
    if not document.valid or any(m.severity == "error" for m in document.messages):
        return "errors"
    return "warnings" if document.messages else "valid"


def repository_view(
    stored: StoredEntry, path: str, publisher_name: str, now: datetime
) -> RepositoryView:
    """Build the view of one stored entry; ``path`` is its page, ``now`` fixes the status."""
    entry = stored.entry
    source = entry.source
    maintenance: Maintenance = assess_maintenance(entry, now)
    release = source.latest_release
    return RepositoryView(
        key=f"{source.host}/{source.forge_id}",
        path=path,
        name=entry.name,
        url=source.url,
        host=source.host,
        full_name=source.full_name,
        forge_type=source.forge_type,
        publisher_id=source.publisher_id,
        publisher_name=publisher_name,
        short_description=entry.short_description,
        long_description=entry.long_description,
        homepage=source.homepage,
        default_branch=source.default_branch,
        license=source.license_spdx,
        primary_language=source.primary_language,
        languages=tuple(source.languages),
        topics=tuple(source.topics),
        stars=source.stars,
        forks=source.forks,
        open_issues=source.open_issues,
        open_pull_requests=source.open_pull_requests,
        archived=source.archived,
        is_fork=source.is_fork,
        fork_parent_url=source.fork_parent_url,
        fork_type=fork_type(stored),
        is_empty=source.is_empty,
        has_repository=source.has_repository,
        created_at=source.created_at,
        pushed_at=source.pushed_at,
        last_commit_at=source.last_commit_at,
        latest_release=ReleaseView(release.tag_name, release.name, release.published_at) if release else None,
        problems=tuple(ProblemView(p.kind, p.message, p.url, p.status) for p in source.problems),
        first_seen_at=stored.first_seen_at,
        last_crawled_at=stored.last_crawled_at,
        previous_urls=tuple(stored.previous_urls),
        gone=stored.gone,
        status=maintenance.status,
        reasons=maintenance.explained,
        publiccode_file_url=source.publiccode.url if source.publiccode else None,
        publiccode_state=publiccode_state(stored),
        publiccode=publiccode_view(entry.publiccode) if entry.publiccode else None,
    )


def publisher_view(
    publisher: Publisher, path: str, repositories: tuple[RepositoryView, ...]
) -> PublisherView:
    """Build a publisher page: repositories ordered by :data:`PUBLICCODE_STATE_ORDER`,
    then name; ``problem_count`` counts those with errors, warnings or an unreadable file."""
    ordered = tuple(
        sorted(
            repositories,
            key=lambda r: (PUBLICCODE_STATE_ORDER.index(r.publiccode_state), r.name.casefold(), r.url),
        )
    )
    return PublisherView(
        id=publisher.id,
        name=publisher.name,
        path=path,
        organisation_uri=publisher.organisation_uri,
        accounts=tuple(AccountView(h.url, h.group) for h in publisher.code_hosting),
        repositories=ordered,
        problem_count=sum(1 for r in ordered if r.publiccode_state in ("errors", "warnings", "unreadable")),
    )
