"""The record types that cross the boundaries of the data flow.

harvest -> ``SourceRepository`` (what the forge said, with provenance)
normalise -> ``CatalogueEntry`` (one model for every forge)
store -> ``StoredEntry`` (an entry plus what the store remembers across crawls)
render -> view models built from ``StoredEntry`` (see ``catalogue.site``)

All records are plain frozen dataclasses. Raw forge JSON never travels past the
forge's own mapper (``catalogue.forges.<type>``).
Times are timezone-aware ``datetime`` objects in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Mapping

ForgeType = str  # a registered forge type: catalogue.forges.registry.forge_types()
Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class CodeHosting:
    """One entry of a publisher's ``codeHosting`` list (developer.overheid.nl seed format).

    ``url`` names a GitHub organisation or user, a GitLab group (with its subgroups) or
    user, or a single repository. ``group`` is true when the URL names an account
    (the default), false when it names one repository.
    """

    url: str
    group: bool = True


@dataclass(frozen=True)
class Publisher:
    """A government organisation and its code-hosting accounts.

    ``id`` is the publisher's stable key, ``organisation_uri`` its TOOI /
    organisaties.overheid.nl URI where known. ``notify`` is the opt-in for issues
    opened by ``catalogue notify``.
    """

    id: str
    name: str
    code_hosting: tuple[CodeHosting, ...]
    organisation_uri: str | None = None
    notify: bool = False


@dataclass(frozen=True)
class Release:
    """A forge release: tag, optional title, publication time (UTC)."""

    tag_name: str
    name: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class PubliccodeFile:
    """A ``publiccode.yml`` (or ``.yaml``) found at the root of the default branch.

    ``path`` is the file name in the repository, ``text`` its content decoded as
    UTF-8 (``None`` when the bytes were not valid UTF-8; ``raw`` then keeps them),
    ``blob_id`` the forge's blob id (git object id) when known, ``url`` its web URL.
    ``refused`` is set when the file passed a bound of ``catalogue.publiccode.bounds``
    (``"too large"``, ``"too deep"``, ``"too many aliases"``, ...): its content is then
    not kept (``text`` and ``raw`` are ``None``); ``size`` is its size in bytes, when
    known, for a refused file.
    """

    path: str
    text: str | None
    url: str | None = None
    blob_id: str | None = None
    raw: bytes | None = None
    size: int | None = None
    refused: str | None = None


@dataclass(frozen=True)
class HarvestProblem:
    """Something the harvest could not read for one repository.

    ``kind`` is one of ``access`` (403/451: the forge refused), ``not_found``,
    ``server`` (5xx after retries), ``decode`` (an answer we could not read).
    The repository itself stays in the catalogue.
    """

    kind: str
    message: str
    url: str | None = None
    status: int | None = None


@dataclass(frozen=True)
class SourceRepository:
    """One repository as a forge described it, with provenance.

    Identity is ``(host, forge_id)``: ``host`` is the lower-case web host the
    publishers' URLs use (``github.com``, ``gitlab.com``, a self-hosted GitLab's host)
    and ``forge_id`` the forge's own repository id (GitHub ``databaseId``, GitLab
    project ``id``) as a string. ``url`` is the canonical web URL (see
    ``catalogue.urls.canonical_repository_url``). Counts are ``None`` when the forge
    did not tell. ``open_issues`` never includes pull requests. ``pushed_at`` is the
    last push (GitLab: last activity), ``updated_at`` the last change of the repository
    object itself (GitHub ``updatedAt``: stars, description, settings), which
    incremental crawls compare to decide what to fetch again. ``is_mirror``: a pull
    mirror (Forgejo ``mirror``, GitLab ``mirror``), with ``mirror_of_url`` the canonical
    URL of its origin when the forge tells it; ``is_template``: a template repository.
    """

    host: str
    forge_type: ForgeType
    forge_id: str
    full_name: str
    url: str
    name: str
    fetched_at: datetime
    publisher_id: str
    account_url: str
    description: str | None = None
    homepage: str | None = None
    default_branch: str | None = None
    license_spdx: str | None = None
    primary_language: str | None = None
    languages: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    stars: int | None = None
    forks: int | None = None
    open_issues: int | None = None
    open_pull_requests: int | None = None
    good_first_issues: int | None = None
    help_wanted_issues: int | None = None
    archived: bool = False
    is_fork: bool = False
    fork_parent_url: str | None = None
    is_empty: bool = False
    has_repository: bool = True
    is_mirror: bool = False
    mirror_of_url: str | None = None
    is_template: bool = False
    created_at: datetime | None = None
    pushed_at: datetime | None = None
    updated_at: datetime | None = None
    last_commit_at: datetime | None = None
    commits_last_90_days: int | None = None
    commits_last_365_days: int | None = None
    latest_release: Release | None = None
    publiccode: PubliccodeFile | None = None
    readme_excerpt: str | None = None
    problems: tuple[HarvestProblem, ...] = ()


@dataclass(frozen=True)
class ValidationMessage:
    """One problem found in a ``publiccode.yml``.

    ``path`` is the key path in the spec's dotted notation
    (``description.nl.shortDescription``, list items as ``platforms[1]``; ``""`` for
    the whole file), ``line``/``column`` are 1-based positions in the file (``None``
    when the problem has no place, such as a missing key at top level),
    ``hint`` a plain-language sentence that says how to fix it.

    ``message`` and ``hint`` are English text. For translation, ``template`` and
    ``hint_template`` are their gettext message ids (English, with ``%(name)s``
    placeholders) and ``params`` the placeholder values, so that
    ``message == template % params`` (without ``%`` when ``params`` is empty); a
    translated page shows ``gettext(template) % params``. All three are optional:
    messages stored before they existed have ``None`` and ``{}`` and are shown as
    ``message``/``hint``. ``params`` takes no part in hashing.

    ``id`` is the message's stable id (``"wrong-type"``, ``"required"``...; see
    ``catalogue.publiccode.messages``), the same in every language and wording, used by
    the JSON output, the site and ``catalogue notify``; ``None`` for messages stored
    before ids existed. ``extra`` marks what the catalogue reports beyond the reference
    validator in a section the reference leaves unread (never decisive for the
    verdict). ``before_1_0`` marks what the publiccode.yml 1.0 release candidate removes
    (a deprecated key, a YAML 1.1 form): fix it before 1.0.
    """

    severity: Severity
    path: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    template: str | None = None
    hint_template: str | None = None
    params: Mapping[str, str] = field(default_factory=dict, hash=False)
    id: str | None = None
    extra: bool = False
    before_1_0: bool = False


@dataclass(frozen=True)
class PubliccodeDocument:
    """The parsed ``publiccode.yml`` of a repository, with its validation messages.

    ``data`` is the JSON-compatible document (keys as in the spec, scalars kept as
    written where the spec wants strings), ``version`` the declared
    ``publiccodeYmlVersion`` as written, ``valid`` false when any message is an error.
    ``nl`` holds the Dutch ``nl:`` (Common Ground / OpenCatalogi) section when present.
    """

    path: str
    version: str | None
    valid: bool
    data: Mapping[str, Any]
    messages: tuple[ValidationMessage, ...] = ()
    url: str | None = None
    nl: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class CatalogueEntry:
    """One repository, normalised: one model for every forge.

    ``name`` is publiccode's ``name`` when present, else the repository name;
    ``short_description`` / ``long_description`` come from publiccode.yml in Dutch,
    else English, else its first language, else the forge's description, else the
    README's first paragraph; ``description_language`` tells which (``None`` when from
    the forge or README).
    """

    source: SourceRepository
    name: str
    short_description: str | None = None
    long_description: str | None = None
    description_language: str | None = None
    publiccode: PubliccodeDocument | None = None


@dataclass(frozen=True)
class StoredEntry:
    """A catalogue entry as the store keeps it across crawls.

    ``first_seen_at`` / ``last_crawled_at`` are the first and the latest crawl that saw
    the repository; ``previous_urls`` the canonical URLs it had before a rename or
    transfer; ``gone`` is true when the latest complete crawl of its account no longer
    listed it (kept, never deleted).
    """

    entry: CatalogueEntry
    first_seen_at: datetime
    last_crawled_at: datetime
    previous_urls: tuple[str, ...] = ()
    gone: bool = False
    gone_at: datetime | None = None
    """When ``gone``: the start of the crawl that marked it gone (UTC)."""


@dataclass(frozen=True)
class CrawlRecord:
    """One crawl: start and end (UTC), counts and errors (a short list of messages)."""

    id: int
    started_at: datetime
    finished_at: datetime | None
    repositories_seen: int = 0
    repositories_changed: int = 0
    requests: int = 0
    errors: tuple[str, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=dict)
