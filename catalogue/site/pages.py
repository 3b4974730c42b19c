"""Phase one of the build: every page of the site as a path, a template and a context.

Nothing is written here (see ``catalogue.site.writer``). Paths are root-relative and
language-neutral; the writer puts each language under its own prefix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Sequence

from catalogue.maintenance import DEFAULT_RULES, RULE_TEXT
from catalogue.records import CrawlRecord, Publisher, StoredEntry
from catalogue.site import paths
from catalogue.site.views import RepositoryView, publisher_view, repository_view

#: Repositories per index page.
PER_PAGE = 50


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


@dataclass(frozen=True)
class RuleView:
    """The maintenance rule in words: ``(status, message id)`` pairs and the threshold."""

    sentences: tuple[tuple[str, str], ...]
    active_months: int


def plan_pages(
    entries: Sequence[StoredEntry],
    publishers: Sequence[Publisher],
    crawl: CrawlRecord | None,
    *,
    now: datetime,
    per_page: int = PER_PAGE,
) -> tuple[Page, ...]:
    """Build every page context: index pages, repository pages, publisher pages and the
    list of publishers, and the about page. Deterministic: the same input gives the same
    pages in the same order. Raises ``ValueError`` when ``per_page`` < 1.
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
    repositories = sorted(
        (
            repository_view(
                stored, repo_paths[index], known[stored.entry.source.publisher_id].name, now
            )
            for index, stored in numbered
        ),
        key=lambda r: (r.name.casefold(), r.url, r.key),
    )

    by_publisher: dict[str, list[RepositoryView]] = {}
    for repository in repositories:
        by_publisher.setdefault(repository.publisher_id, []).append(repository)
    publisher_views = tuple(
        publisher_view(p, publisher_paths[p.id], tuple(by_publisher.get(p.id, ())))
        for p in ordered_publishers
    )
    publisher_paths_by_id = {view.id: view.path for view in publisher_views}
    crawl_view = (
        CrawlView(crawl.started_at, crawl.finished_at, crawl.repositories_seen, len(crawl.errors))
        if crawl
        else None
    )
    rules = RuleView(RULE_TEXT, DEFAULT_RULES.active_months)
    shared = {
        "now": now,
        "crawl": crawl_view,
        "rules": rules,
        "repository_total": len(repositories),
        "publisher_paths": publisher_paths_by_id,
    }

    pages: list[Page] = []
    pages.extend(_index_pages(repositories, per_page, shared))
    for repository in repositories:
        pages.append(Page(repository.path, "repository.html", {**shared, "repository": repository}))
    pages.append(Page(paths.PUBLISHERS, "publishers.html", {**shared, "publishers": publisher_views}))
    for view in publisher_views:
        pages.append(Page(view.path, "publisher.html", {**shared, "publisher": view}))
    pages.append(Page(paths.ABOUT, "about.html", shared))
    return tuple(pages)


def _index_pages(
    repositories: list[RepositoryView], per_page: int, shared: Mapping[str, Any]
) -> list[Page]:
    total = len(repositories)
    count = max(1, -(-total // per_page))
    links = tuple(PageLink(n, paths.index_page(n)) for n in range(1, count + 1))
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
            previous=paths.index_page(number - 1) if number > 1 else None,
            next=paths.index_page(number + 1) if number < count else None,
        )
        result.append(
            Page(
                paths.index_page(number),
                "index.html",
                {**shared, "repositories": chunk, "pagination": pagination},
            )
        )
    return result
