"""View models: what templates see, built from ``StoredEntry`` and ``Publisher``.

Plain frozen dataclasses of strings, numbers, dates and tuples; no ORM objects and no
record types travel into templates. The parsed publiccode.yml has its own view models
in ``catalogue.site.publiccode_views`` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from catalogue.export import fork_type
from catalogue.forges import forge_unit
from catalogue.maintenance import Maintenance, Reason, assess_maintenance
from catalogue.records import Publisher, StoredEntry
from catalogue.site.markdown import inline_text
from catalogue.site.media import repository_files
from catalogue.site.publiccode_views import (  # noqa: F401  (re-exported)
    EPOCH_DATES,
    KEY_FIELDS,
    ContactView,
    ContractorView,
    DependencyView,
    DescriptionView,
    ImageView,
    FieldView,
    MessageView,
    PubliccodeView,
    flatten,
    lookup,
    primary_language,
    publiccode_view,
    release_date,
    text,
    texts,
)
from catalogue.site.trends import TrendView
from catalogue.timeutil import parse_time

#: Order of repositories on a publisher page: the problems to fix first.
PUBLICCODE_STATE_ORDER: tuple[str, ...] = ("errors", "unreadable", "warnings", "missing", "valid")

#: Fork kinds that are kept out of the main index by default (still on the publisher
#: and status pages, and in search when the visitor asks for them).
HIDDEN_FORK_TYPES: frozenset[str] = frozenset({"TECHNICAL_FORK"})


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
class SummaryView:
    """A one-line description for a page: plain ``text`` and the ``language`` it is in
    (``None`` when unknown, e.g. the forge's description)."""

    text: str
    language: str | None


@dataclass(frozen=True)
class AvailabilityView:
    """Why a repository cannot be used as listed: ``state`` is ``blocked`` (refused for
    legal reasons, HTTP 451 or a takedown), ``disabled``, ``refused`` (another refusal),
    ``no-repository`` (the project has no repository, or it is switched off), ``empty``
    (no commits) or ``gone`` (no longer listed by its account); ``reason`` is the forge's
    words (or ``None``), ``since`` the date it was last seen as it was or the date the
    forge said so."""

    state: str
    reason: str | None
    since: datetime | None


@dataclass(frozen=True)
class RelatedView:
    """Another repository of the catalogue related to this one: ``kind`` is
    ``variant`` (its publiccode.yml ``isBasedOn`` names this one), ``fork`` (a fork on
    the forge of this one), ``based-on`` (this one's ``isBasedOn`` or forge parent)."""

    kind: str
    name: str
    path: str
    publisher_name: str


@dataclass(frozen=True)
class RepositoryView:
    """Everything a repository page or index row shows. ``path`` is its page (root-relative).

    ``fork_type`` is one of ``catalogue.export``'s ``forkType`` values or ``None``;
    ``hidden_fork`` is true for the kinds in :data:`HIDDEN_FORK_TYPES`. ``last_activity_at``
    is the last commit, else the last push (``None`` when the forge told neither).
    ``last_change_at`` is the latest of first seen, last activity and latest release: the
    time the Atom feeds use. ``publiccode_text`` is the file as written (``None`` when
    missing or not UTF-8). ``good_first_issues`` / ``help_wanted_issues`` are open issue
    counts with those labels (``None`` when the forge did not tell). ``reasons`` are the
    status's reasons without the ``contradictions`` (declarations the activity disagrees
    with), which the page shows apart. ``trend`` is the status over time (``None``
    without history).
    """

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
    good_first_issues: int | None
    help_wanted_issues: int | None
    commits_last_90_days: int | None
    commits_last_365_days: int | None
    archived: bool
    is_fork: bool
    fork_parent_url: str | None
    fork_type: str | None
    hidden_fork: bool
    is_empty: bool
    has_repository: bool
    created_at: datetime | None
    pushed_at: datetime | None
    last_commit_at: datetime | None
    last_activity_at: datetime | None
    last_change_at: datetime
    latest_release: ReleaseView | None
    problems: tuple[ProblemView, ...]
    first_seen_at: datetime
    previous_urls: tuple[str, ...]
    gone: bool
    status: str
    reasons: tuple[Reason, ...]
    contradictions: tuple[Reason, ...]
    publiccode_file_url: str | None
    publiccode_state: str
    publiccode_text: str | None
    publiccode: PubliccodeView | None
    trend: TrendView | None = None
    description_language: str | None = None
    availability: tuple[AvailabilityView, ...] = ()
    related: tuple[RelatedView, ...] = ()
    earlier_names: tuple[str, ...] = ()
    raw_origin: str | None = None
    gone_at: datetime | None = None
    """When ``gone``: the start of the crawl whose complete listing no longer had it."""
    is_mirror: bool = False  # a pull mirror; mirror_of_url: its origin, when the forge names it
    mirror_of_url: str | None = None

    def summary(self, language: str) -> SummaryView | None:
        """The one-line description for a page in ``language``: publiccode.yml's
        ``shortDescription`` in that language when there is one, else the catalogue's
        description with the language it is in (``None`` when there is none)."""
        own = self.publiccode.description(language) if self.publiccode else None
        if own is not None and own.short_description:
            return SummaryView(own.short_description, own.language)
        if self.short_description:
            return SummaryView(self.short_description, self.description_language)
        return None

    def description(self, language: str) -> DescriptionView | None:
        """publiccode.yml's description block for ``language``; else the block the
        catalogue chose (``description_language``), else the first; ``None`` without
        publiccode.yml descriptions."""
        if not self.publiccode or not self.publiccode.descriptions:
            return None
        chosen = self.publiccode.description(language)
        if chosen is None and self.description_language:
            chosen = self.publiccode.description(self.description_language)
        return chosen or self.publiccode.descriptions[0]

    @property
    def issues_url(self) -> str:
        """The forge's issue list of the repository (``catalogue.forges.base.Forge.issues_url``)."""
        return forge_unit(self.forge_type).issues_url(self.url)

    @property
    def releases_url(self) -> str:
        """The forge's release list of the repository."""
        return forge_unit(self.forge_type).releases_url(self.url)

    @property
    def badge_path(self) -> str:
        """Root-relative path of the repository's SVG status badge (next to its page)."""
        return self.path.rsplit("/", 1)[0] + "/badge.svg"


@dataclass(frozen=True)
class AccountView:
    """A ``codeHosting`` entry: URL and whether it names an account (``group``).

    ``error`` is set when the latest crawl could not list the account (a 5xx, a deleted
    or renamed account): its repositories are then shown as of ``last_confirmed`` (UTC,
    ``None`` when never listed), the last time a crawl saw them.
    """

    url: str
    group: bool
    error: str | None = None
    last_confirmed: datetime | None = None


@dataclass(frozen=True)
class StatusGroup:
    """The repositories of one maintenance ``status``, for a publisher page."""

    status: str
    repositories: tuple[RepositoryView, ...]


@dataclass(frozen=True)
class PublisherView:
    """A publisher page: its accounts, repositories (problems first) and the same
    repositories grouped by status (``by_status``, in the order of the status pages).
    ``feed_path`` is its Atom feed (root-relative)."""

    id: str
    name: str
    path: str
    feed_path: str
    organisation_uri: str | None
    accounts: tuple[AccountView, ...]
    repositories: tuple[RepositoryView, ...]
    by_status: tuple[StatusGroup, ...]
    problem_count: int


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def publiccode_state(stored: StoredEntry) -> str:
    """Return one of :data:`PUBLICCODE_STATE_ORDER` for the entry's publiccode.yml."""
    document = stored.entry.publiccode
    if document is None:
        return "unreadable" if stored.entry.source.publiccode is not None else "missing"
    if not document.valid or any(m.severity == "error" for m in document.messages):
        return "errors"
    return "warnings" if document.messages else "valid"


_LEGAL = ("legal", "dmca", "451", "takedown", "unavailable for legal reasons")


def availability(stored: StoredEntry) -> tuple[AvailabilityView, ...]:
    """What keeps the repository from being used as listed (see :class:`AvailabilityView`),
    from the forge's refusals (``problems`` of kind ``access``), ``has_repository``,
    ``is_empty`` and ``gone``; empty when it is available."""
    source = stored.entry.source
    found: list[AvailabilityView] = []
    for problem in source.problems:
        if problem.kind != "access":
            continue
        words = problem.message.lower()
        if problem.status == 451 or any(w in words for w in _LEGAL):
            state = "blocked"
        elif "disabled" in words or "blocked" in words:
            state = "disabled"
        else:
            continue  # a README or file that could not be read: a harvest problem, not the repository
        found.append(AvailabilityView(state, inline_text(problem.message), source.fetched_at))
    if not source.has_repository:
        found.append(AvailabilityView("no-repository", None, source.fetched_at))
    elif source.is_empty:
        found.append(AvailabilityView("empty", None, source.fetched_at))
    if stored.gone:
        found.append(AvailabilityView("gone", None, stored.last_crawled_at))
    return tuple(found)


def earlier_names(stored: StoredEntry) -> tuple[str, ...]:
    """The repository's earlier names (``owner/name`` of its previous URLs, oldest
    first as stored), without its current one."""
    current = stored.entry.source.full_name.casefold()
    names = []
    for url in stored.previous_urls:
        path = url.split("://", 1)[-1].split("/", 1)[-1].strip("/")
        if path and path.casefold() != current and path not in names:
            names.append(path)
    return tuple(names)


def repository_view(
    stored: StoredEntry, path: str, publisher_name: str, now: datetime, trend: TrendView | None = None
) -> RepositoryView:
    """Build the view of one stored entry; ``path`` is its page, ``now`` fixes the status,
    ``trend`` is its status over time (``catalogue.site.trends.trend_view``)."""
    entry = stored.entry
    source = entry.source
    maintenance: Maintenance = assess_maintenance(entry, now)
    release = source.latest_release
    activity = source.last_commit_at or source.pushed_at
    moments = [_utc(stored.first_seen_at)]
    moments += [_utc(m) for m in (activity, release.published_at if release else None) if m is not None]
    kind = fork_type(stored)
    contradictions = tuple(c.reason for c in getattr(maintenance, "contradictions", ()))
    files = repository_files(source)
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
        short_description=inline_text(entry.short_description),
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
        good_first_issues=source.good_first_issues,
        help_wanted_issues=source.help_wanted_issues,
        commits_last_90_days=source.commits_last_90_days,
        commits_last_365_days=source.commits_last_365_days,
        archived=source.archived,
        is_fork=source.is_fork,
        fork_parent_url=source.fork_parent_url,
        fork_type=kind,
        hidden_fork=kind in HIDDEN_FORK_TYPES,
        is_empty=source.is_empty,
        has_repository=source.has_repository,
        created_at=source.created_at,
        pushed_at=source.pushed_at,
        last_commit_at=source.last_commit_at,
        last_activity_at=activity,
        last_change_at=max(moments),
        latest_release=ReleaseView(release.tag_name, release.name, release.published_at) if release else None,
        problems=tuple(ProblemView(p.kind, p.message, p.url, p.status) for p in source.problems),
        first_seen_at=stored.first_seen_at,
        previous_urls=tuple(stored.previous_urls),
        gone=stored.gone,
        status=maintenance.status,
        reasons=tuple(r for r in maintenance.explained if r not in contradictions),
        contradictions=contradictions,
        publiccode_file_url=source.publiccode.url if source.publiccode else None,
        publiccode_state=publiccode_state(stored),
        publiccode_text=source.publiccode.text if source.publiccode else None,
        publiccode=publiccode_view(entry.publiccode, files) if entry.publiccode else None,
        trend=trend,
        description_language=entry.description_language,
        availability=availability(stored),
        earlier_names=earlier_names(stored),
        raw_origin=files.raw_origin,
        gone_at=stored.gone_at,
        is_mirror=source.is_mirror,
        mirror_of_url=source.mirror_of_url,
    )


def publisher_view(
    publisher: Publisher,
    path: str,
    feed_path: str,
    repositories: tuple[RepositoryView, ...],
    status_order: tuple[str, ...] = (),
    failed_accounts: Mapping[str, Mapping[str, Any]] | None = None,
) -> PublisherView:
    """Build a publisher page: repositories ordered by :data:`PUBLICCODE_STATE_ORDER`,
    then name; ``problem_count`` counts those with errors, warnings or an unreadable file.
    ``by_status`` groups them by status: statuses in ``status_order`` first, in that
    order, then any other status alphabetically (the status is an open set).
    ``failed_accounts`` (the latest crawl record's ``catalogue/failed_accounts``:
    ``{account URL: {"error", "last_confirmed"}}``) marks the accounts it could not list."""
    ordered = tuple(
        sorted(
            repositories,
            key=lambda r: (PUBLICCODE_STATE_ORDER.index(r.publiccode_state), r.name.casefold(), r.url),
        )
    )
    groups: dict[str, list[RepositoryView]] = {}
    for repository in sorted(repositories, key=lambda r: (r.name.casefold(), r.url)):
        groups.setdefault(repository.status, []).append(repository)
    rank = {status: index for index, status in enumerate(status_order)}
    by_status = tuple(
        StatusGroup(status, tuple(groups[status]))
        for status in sorted(groups, key=lambda s: (rank.get(s, len(rank)), s))
    )
    return PublisherView(
        id=publisher.id,
        name=publisher.name,
        path=path,
        feed_path=feed_path,
        organisation_uri=publisher.organisation_uri,
        accounts=tuple(_account_view(h.url, h.group, failed_accounts or {}) for h in publisher.code_hosting),
        repositories=ordered,
        by_status=by_status,
        problem_count=sum(1 for r in ordered if r.publiccode_state in ("errors", "warnings", "unreadable")),
    )


def _account_view(url: str, group: bool, failed: Mapping[str, Mapping[str, Any]]) -> AccountView:
    key = url.rstrip("/").lower()
    failure = next((value for name, value in failed.items() if name.rstrip("/").lower() == key), None)
    if failure is None:
        return AccountView(url, group)
    return AccountView(url, group, error=str(failure.get("error") or ""),
                       last_confirmed=parse_time(failure.get("last_confirmed")))
