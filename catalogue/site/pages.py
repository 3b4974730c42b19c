"""Phase one of the build: every page of the site as a path, a template and a context.

Nothing is written here (see ``catalogue.site.writer``). Paths are root-relative and
language-neutral; the writer puts each language under its own prefix. Pages:

* the index (paginated; technical forks left out, they have their own list),
* one page per repository, per publisher (and the list of publishers),
* one paginated list per maintenance status (and the list of statuses),
* the about page, and the Atom feeds (all software, one per publisher).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any, Callable, Mapping, Sequence

from catalogue.config import OperatorSettings
from catalogue.history import Trend
from catalogue.maintenance import DEFAULT_RULES, Reason, rule_sentences
from catalogue.records import CrawlRecord, Publisher, StoredEntry
from catalogue.site import paths
from catalogue.site.labels import STATUS_ORDER
from catalogue.site.trends import crawl_interval, previous_crawl_start, trend_view
from catalogue.site.views import RelatedView, RepositoryView, publisher_view, repository_view

#: Repositories per index page.
PER_PAGE = 50
#: The accessibility statement (toegankelijkheidsverklaring), in each language.
ACCESSIBILITY = "toegankelijkheid/index.html"
#: Entries per Atom feed (the most recently changed first).
FEED_ENTRIES = 50


@dataclass(frozen=True)
class Page:
    """One page to write: root-relative ``path``, ``template`` name, template ``context``."""

    path: str
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class PageLink:
    """A numbered link in the index's pagination."""

    number: int
    path: str


@dataclass(frozen=True)
class Pagination:
    """Where an index page sits: ``number`` of ``count`` pages, items ``first``..``last``
    (1-based) of ``total``, links to every page and to the previous and next one."""

    number: int
    count: int
    first: int
    last: int
    total: int
    pages: tuple[PageLink, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class CrawlView:
    """The latest crawl, for the about page and the footer."""

    started_at: datetime
    finished_at: datetime | None
    repositories_seen: int
    error_count: int
    repositories_changed: int = 0
    requests: int = 0
    failed_accounts: int = 0
    """Accounts the crawl could not list (their repositories shown as last confirmed)."""

    @property
    def minutes(self) -> int | None:
        """How long the crawl took, in whole minutes (at least 1), or ``None`` unfinished."""
        if self.finished_at is None:
            return None
        return max(1, round((self.finished_at - self.started_at).total_seconds() / 60))


@dataclass(frozen=True)
class RuleView:
    """The maintenance rule in words: ``(status, sentence)`` pairs in the order the rule
    checks them (``catalogue.maintenance.rule_sentences``)."""

    sentences: tuple[tuple[str, Reason], ...]


@dataclass(frozen=True)
class StatusCount:
    """A maintenance status with its list page and number of repositories."""

    status: str
    path: str
    count: int


@dataclass(frozen=True)
class FeedView:
    """An Atom feed: its ``path``, the page it describes (``alternate``), an optional
    publisher ``name``, its ``updated`` time and entries (newest change first)."""

    path: str
    alternate: str
    name: str | None
    updated: datetime
    entries: tuple[RepositoryView, ...]


def status_order(statuses: Sequence[str]) -> tuple[str, ...]:
    """Order statuses as :data:`STATUS_ORDER`, unknown ones after, alphabetically."""
    rank = {status: index for index, status in enumerate(STATUS_ORDER)}
    return tuple(sorted(set(statuses), key=lambda s: (rank.get(s, len(rank)), s)))


def plan_pages(
    entries: Sequence[StoredEntry],
    publishers: Sequence[Publisher],
    crawl: CrawlRecord | None,
    *,
    now: datetime,
    per_page: int = PER_PAGE,
    crawl_interval_days: int | None = 1,
    crawls: Sequence[CrawlRecord] = (),
    trends: Mapping[tuple[str, str], Trend] | None = None,
    operator: OperatorSettings | None = None,
) -> tuple[Page, ...]:
    """Build every page context (see the module docstring). Deterministic: the same input
    gives the same pages in the same order. ``crawls`` (every crawl record) tell the about
    page how often the crawl runs (``catalogue.site.trends.crawl_interval``); with fewer
    than two, ``crawl_interval_days`` is said instead (``None``: not scheduled).
    ``trends`` maps ``(host, forge_id)`` to the repository's status over time
    (``catalogue.history.trend``), shown on its page; compared with the status at the
    start of the previous crawl (from ``crawls``) it marks the repositories whose status
    worsened on their publisher's page. ``operator`` (``catalogue.config.OperatorSettings``,
    the ``[site]`` table) is every page's ``operator``: footer contact and privacy links,
    the about page's "how to get listed" and the accessibility statement page
    (:data:`ACCESSIBILITY`). A renamed repository's old page becomes a redirect
    (:func:`redirect_pages`). Raises ``ValueError`` when ``per_page`` < 1.
    """
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    known = {publisher.id: publisher for publisher in publishers}
    for stored in entries:  # a publisher no longer in the list still gets a page
        pid = stored.entry.source.publisher_id
        known.setdefault(pid, Publisher(id=pid, name=pid, code_hosting=()))
    ordered_publishers = sorted(known.values(), key=lambda p: (p.name.casefold(), p.id))
    publisher_paths = paths.unique_paths(
        (p.id, paths.publisher_dir(p.id)) for p in sorted(known.values(), key=lambda p: p.id)
    )
    repositories = with_related(_repositories(entries, known, now, trends or {}, previous_crawl_start(crawls)))
    statuses = status_order([r.status for r in repositories])

    by_publisher: dict[str, list[RepositoryView]] = {}
    for repository in repositories:
        by_publisher.setdefault(repository.publisher_id, []).append(repository)
    failed_accounts = (crawl.stats.get("catalogue/failed_accounts") or {}) if crawl else {}
    publisher_views = tuple(
        publisher_view(
            p, publisher_paths[p.id], paths.publisher_feed(p.id), tuple(by_publisher.get(p.id, ())), statuses,
            failed_accounts,
        )
        for p in ordered_publishers
    )
    crawl_view = (
        CrawlView(crawl.started_at, crawl.finished_at, crawl.repositories_seen, len(crawl.errors),
                  repositories_changed=crawl.repositories_changed, requests=crawl.requests,
                  failed_accounts=len(failed_accounts))
        if crawl
        else None
    )
    status_counts = tuple(
        StatusCount(s, paths.status_page(s), sum(1 for r in repositories if r.status == s)) for s in statuses
    )
    # What changes with every crawl (the build and crawl times) is only in the context of
    # the pages that show it: a page's fingerprint is its context, so a crawl that
    # changed nothing leaves every other page as it was.
    per_crawl = {
        "now": now,
        "crawl": crawl_view,
        "crawl_interval_days": crawl_interval_days,
        "crawl_interval": crawl_interval(crawls),
    }
    shared = {
        "rules": RuleView(rule_sentences(DEFAULT_RULES)),
        "repository_total": len(repositories),
        "publisher_paths": {view.id: view.path for view in publisher_views},
        "status_counts": status_counts,
        "feed_path": paths.FEED_ALL,
        "operator": operator or OperatorSettings(),
        "accessibility_path": ACCESSIBILITY,
    }

    listed = [r for r in repositories if not r.hidden_fork]
    forks = [r for r in repositories if r.hidden_fork]
    pages: list[Page] = []
    index_pages = paginate(listed, per_page, paths.index_page, "index.html", {**shared, "hidden_fork_count": len(forks)})
    index_pages[0] = replace(index_pages[0], context={**index_pages[0].context, **per_crawl})
    pages.extend(index_pages)
    for repository in repositories:
        pages.append(Page(repository.path, "repository.html", {**shared, "repository": repository}))
    pages.append(Page(paths.PUBLISHERS, "publishers.html", {**shared, "publishers": publisher_views}))
    for view in publisher_views:
        pages.append(Page(view.path, "publisher.html", {**shared, "publisher": view}))
    pages.append(Page(paths.STATUSES, "statuses.html", shared))
    for count in status_counts:
        chosen = [r for r in repositories if r.status == count.status]
        pages.extend(
            paginate(
                chosen,
                per_page,
                partial(paths.status_page, count.status),
                "status.html",
                {**shared, "status": count.status},
            )
        )
    pages.extend(redirect_pages(entries, repositories, {page.path for page in pages}, shared))
    pages.append(Page(paths.FORKS, "forks.html", {**shared, "repositories": tuple(forks)}))
    pages.append(Page(paths.ABOUT, "about.html", {**shared, **per_crawl}))
    pages.append(Page(ACCESSIBILITY, "accessibility.html", shared))
    pages.append(Page(paths.FEED_ALL, "feed.xml", {**shared, "feed": feed(paths.FEED_ALL, paths.INDEX, None, repositories, now)}))
    for view in publisher_views:
        pages.append(
            Page(
                view.feed_path,
                "feed.xml",
                {**shared, "feed": feed(view.feed_path, view.path, view.name, view.repositories, now)},
            )
        )
    return tuple(pages)


def _repositories(
    entries: Sequence[StoredEntry],
    known: Mapping[str, Publisher],
    now: datetime,
    trends: Mapping[tuple[str, str], Trend],
    previous_crawl_at: datetime | None,
) -> list[RepositoryView]:
    numbered = list(enumerate(entries))
    candidates = sorted(
        (
            paths.repository_dir(s.entry.source.host, s.entry.source.full_name),
            s.entry.source.host,
            s.entry.source.forge_id,
            index,
        )
        for index, s in numbered
    )
    repo_paths = paths.unique_paths((c[3], c[0]) for c in candidates)
    return sorted(
        (
            repository_view(
                stored,
                repo_paths[index],
                known[stored.entry.source.publisher_id].name,
                now,
                trend_view(trends.get((stored.entry.source.host, stored.entry.source.forge_id)), previous_crawl_at),
            )
            for index, stored in numbered
        ),
        key=lambda r: (r.name.casefold(), r.url, r.key),
    )


def _url_key(url: str) -> str:
    return url.strip().rstrip("/").removesuffix(".git").casefold()


def with_related(repositories: Sequence[RepositoryView]) -> list[RepositoryView]:
    """``repositories`` with :class:`RelatedView` lists filled in: for each, the
    catalogue's repositories it is based on (publiccode.yml ``isBasedOn`` or the
    forge's fork parent), its variants (whose ``isBasedOn`` names it) and its forks on
    the forge (whose parent it is). URLs compare without case, trailing ``/`` or ``.git``."""
    by_url = {_url_key(r.url): r for r in repositories}
    related: dict[str, list[RelatedView]] = {r.key: [] for r in repositories}

    def add(owner: RepositoryView, kind: str, other: RepositoryView) -> None:
        item = RelatedView(kind, other.name, other.path, other.publisher_name)
        if other.key != owner.key and item not in related[owner.key]:
            related[owner.key].append(item)

    for r in repositories:
        based_on = list(r.publiccode.is_based_on) if r.publiccode else []
        for url in based_on:
            parent = by_url.get(_url_key(url))
            if parent is not None:
                add(r, "based-on", parent)
                add(parent, "variant", r)
        if r.fork_parent_url:
            parent = by_url.get(_url_key(r.fork_parent_url))
            if parent is not None:
                add(r, "based-on", parent)
                add(parent, "fork", r)
    return [replace(r, related=tuple(related[r.key])) if related[r.key] else r for r in repositories]


def redirect_pages(
    entries: Sequence[StoredEntry],
    repositories: Sequence[RepositoryView],
    taken: set[str],
    shared: Mapping[str, Any],
) -> list[Page]:
    """A static redirect page (``redirect.html``: a meta refresh and a canonical link to
    the new page) at the old page path of every earlier URL of a renamed or moved
    repository, unless another page lives there now. Pages are ordered by path."""
    by_key = {r.key: r for r in repositories}
    found: dict[str, RepositoryView] = {}
    for stored in entries:
        source = stored.entry.source
        current = by_key.get(f"{source.host}/{source.forge_id}")
        if current is None:
            continue
        for url in stored.previous_urls:
            rest = url.split("://", 1)[-1]
            host, _, full_name = rest.partition("/")
            if not host or not full_name.strip("/"):
                continue
            old = paths.repository_dir(host, full_name.strip("/")) + "/" + paths.INDEX
            if old not in taken and old != current.path:
                found.setdefault(old, current)
    return [
        Page(old, "redirect.html", {**shared, "repository": target, "old_path": old})
        for old, target in sorted(found.items())
    ]


def feed(
    path: str, alternate: str, name: str | None, repositories: Sequence[RepositoryView], now: datetime
) -> FeedView:
    """Build an Atom feed of the :data:`FEED_ENTRIES` most recently changed repositories
    (``last_change_at``, newest first; ties by key). ``updated`` is the newest entry's
    time, or ``now`` for an empty feed."""
    chosen = tuple(sorted(repositories, key=lambda r: (-r.last_change_at.timestamp(), r.key))[:FEED_ENTRIES])
    updated = chosen[0].last_change_at if chosen else now
    return FeedView(path, alternate, name, updated, chosen)


def paginate(
    repositories: Sequence[RepositoryView],
    per_page: int,
    page_path: Callable[[int], str],
    template: str,
    shared: Mapping[str, Any],
) -> list[Page]:
    """Split ``repositories`` into pages of ``per_page``; ``page_path(n)`` names page ``n``.

    Always at least one page (an empty list gets one empty page). Each context has
    ``repositories`` (this page's) and ``pagination`` (a :class:`Pagination`).
    """
    total = len(repositories)
    count = max(1, -(-total // per_page))
    links = tuple(PageLink(n, page_path(n)) for n in range(1, count + 1))
    result = []
    for number in range(1, count + 1):
        start = (number - 1) * per_page
        chunk = tuple(repositories[start:start + per_page])
        pagination = Pagination(
            number=number,
            count=count,
            first=start + 1 if chunk else 0,
            last=start + len(chunk),
            total=total,
            pages=links,
            previous=page_path(number - 1) if number > 1 else None,
            next=page_path(number + 1) if number < count else None,
        )
        result.append(Page(page_path(number), template, {**shared, "repositories": chunk, "pagination": pagination}))
    return result
