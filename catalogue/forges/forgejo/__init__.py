"""Forgejo and Gitea (code.overheid.nl, Codeberg, self-hosted): API v1 paths and pure mappers.

Forgejo's API is Gitea's API v1 (``{instance}/api/v1``; forgejo.org/docs "API usage",
the swagger at ``/api/swagger``; field names from ``modules/structs``):

* an organisation's or user's repositories: ``GET /users/{login}/repos`` (organisations
  are users too, so one route lists both, without a 404 to tell them apart first),
  ``page`` and ``limit``, ordered by id. The server caps ``limit`` at its
  ``MAX_RESPONSE_ITEMS`` (50 by default, often less): the next page comes from the
  ``Link`` header, else from ``X-Total-Count`` and the number of items actually
  received, never from the page size asked for;
* every organisation of an instance: ``GET /orgs`` (same paging);
* per repository: the root directory (``GET /repos/{o}/{r}/contents?ref=``: which of
  publiccode.yml / publiccode.yaml / README exist, with their blob shas), the file
  itself (``/contents/{path}``, base64), the newest commit
  (``/commits?sha={branch}&limit=1``), the latest release (``/releases/latest``, only
  when ``release_counter`` says there is one) and the languages (``/languages``, only
  when a primary ``language`` is set).

The listing's repository object already carries description, website, topics, primary
language, archived, fork with its full ``parent``, ``mirror`` with ``original_url``,
``template``, ``empty``, stars, forks, open issues (``open_issues_count``, issues only)
and open pull requests (``open_pr_counter``) apart, created and updated times, and
Gitea >= 1.23's ``licenses`` (Forgejo has no licence field).

Forgejo has no push time: ``updated_at`` moves on every push and settings change, so it
stands for both in the incremental check. A pull mirror's ``updated_at`` moves on its
syncs; its activity is its newest commit (``last_commit_at``), never ``mirror_updated``.

The mappers take decoded JSON and return records; they do no I/O.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Mapping, Sequence
from urllib.parse import quote

from catalogue.forges.base import PUBLICCODE_PATHS, Listed
from catalogue.records import HarvestProblem, PubliccodeFile, Release, SourceRepository
from catalogue.timeutil import parse_time
from catalogue.urls import canonical_repository_url

API_PREFIX = "/api/v1"
PAGE_SIZE = 50  # asked for; Forgejo's default MAX_RESPONSE_ITEMS, which servers may lower
README_NAMES = ("readme.md", "readme.markdown", "readme")  # looked for in this order, any case
ZERO_TIME = "0001-01-01T00:00:00Z"  # Go's zero time.Time: "never"


def repo_path(full_name: str) -> str:
    """``/repos/{owner}/{name}`` with both parts escaped."""
    owner, _, name = full_name.partition("/")
    return f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}"


def owner_repos_path(login: str, page: int = 1, limit: int = PAGE_SIZE) -> str:
    """The listing of an organisation's or a user's repositories."""
    return f"/users/{quote(login, safe='')}/repos?limit={limit}&page={page}"


def search_path(page: int = 1, limit: int = PAGE_SIZE) -> str:
    """Every repository of the instance the caller may see, by id (``/repos/search``;
    the answer is ``{"ok": true, "data": [...]}``)."""
    return f"/repos/search?limit={limit}&page={page}&sort=id&order=asc"


def orgs_path(page: int = 1, limit: int = PAGE_SIZE) -> str:
    """The listing of every (visible) organisation of the instance."""
    return f"/orgs?limit={limit}&page={page}"


def ref_query(branch: str) -> str:
    """``?ref=`` for ``branch``, escaped."""
    return f"?ref={quote(branch, safe='')}"


def _time(value: Any) -> datetime | None:
    if not value or str(value).startswith("0001-01-01"):
        return None
    return parse_time(value)


def listed(repo: Mapping[str, Any]) -> Listed:
    """The listing mapper: id and ``updated_at`` (push and update time at once, see the
    module docstring)."""
    updated = _time(repo.get("updated_at"))
    return Listed(forge_id=str(repo["id"]), pushed_at=updated, updated_at=updated)


def readable_listing_entry(repo: Any) -> bool:
    """True when a listing entry has what the mappers need (id, ``full_name``)."""
    return isinstance(repo, Mapping) and repo.get("id") is not None and "/" in str(repo.get("full_name") or "")


def has_content(repo: Mapping[str, Any]) -> bool:
    """False for an empty repository (no commits: no files, no commits to ask)."""
    return not repo.get("empty") and bool(repo.get("default_branch"))


def root_files(listing: Any) -> dict[str, tuple[str, str | None]]:
    """``{lower-case name: (name, blob sha)}`` of the files of a root ``/contents`` answer
    (a list of ContentsResponse; an empty repository answers ``[]``). Directories and
    anything that is not a file are left out."""
    found: dict[str, tuple[str, str | None]] = {}
    for item in listing if isinstance(listing, list) else ():
        if isinstance(item, Mapping) and item.get("type") == "file" and isinstance(item.get("name"), str):
            found[item["name"].lower()] = (item["name"], item.get("sha"))
    return found


def publiccode_name(files: Mapping[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """The publiccode.yml (else .yaml) of a ``root_files`` result: ``(name, sha)``."""
    for path in PUBLICCODE_PATHS:
        if path in files:
            return files[path]
    return None


def readme_name(files: Mapping[str, tuple[str, str | None]]) -> str | None:
    """The README of a ``root_files`` result (README.md first), or ``None``."""
    for name in README_NAMES:
        if name in files:
            return files[name][0]
    return None


def decode_contents(answer: Mapping[str, Any]) -> bytes | None:
    """The bytes of a ``/contents/{path}`` answer (``encoding: base64``), ``None`` when the
    answer carries none (a file over the API's blob limit)."""
    if answer.get("encoding") != "base64" or not isinstance(answer.get("content"), str):
        return None
    try:
        return base64.b64decode(answer["content"])
    except (binascii.Error, ValueError):
        return None


def last_commit_date(commits: Any) -> datetime | None:
    """The committer date of the newest commit of ``/commits?limit=1``."""
    if not isinstance(commits, list) or not commits or not isinstance(commits[0], Mapping):
        return None
    first = commits[0]
    commit = first.get("commit") or {}
    when = (commit.get("committer") or {}).get("date") or (commit.get("author") or {}).get("date")
    return _time(when or first.get("created"))


def latest_release(answer: Any) -> Release | None:
    """The release of ``/releases/latest`` (newest, neither draft nor pre-release)."""
    if not isinstance(answer, Mapping) or not answer.get("tag_name") or answer.get("draft"):
        return None
    return Release(tag_name=str(answer["tag_name"]), name=answer.get("name") or None,
                   published_at=_time(answer.get("published_at") or answer.get("created_at")))


def languages_by_size(answer: Any) -> tuple[str, ...]:
    """Language names of ``/languages`` (``{name: bytes}``), largest first."""
    if not isinstance(answer, Mapping):
        return ()
    sizes = [(name, size) for name, size in answer.items() if isinstance(size, (int, float))]
    return tuple(name for name, _ in sorted(sizes, key=lambda item: (-item[1], item[0])))


def spdx_from_licenses(licenses: Any) -> str | None:
    """Gitea >= 1.23's ``licenses`` (SPDX ids detected in the repository): the id when
    there is exactly one; several (parts under different licences) or none give ``None``."""
    if isinstance(licenses, list) and len(licenses) == 1 and isinstance(licenses[0], str) and licenses[0]:
        return licenses[0]
    return None


def origin_url(repo: Mapping[str, Any]) -> str | None:
    """The canonical URL of a pull mirror's origin (``original_url``), ``None`` when the
    forge does not tell it or it is not an http(s) URL (a mirror of an SSH remote)."""
    value = repo.get("original_url")
    if not repo.get("mirror") or not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return None
    try:
        return canonical_repository_url(value)
    except ValueError:
        return None


def map_repository(
    repo: Mapping[str, Any],
    *,
    host: str,
    publisher_id: str,
    account_url: str,
    fetched_at: datetime,
    publiccode: PubliccodeFile | None = None,
    last_commit_at: datetime | None = None,
    release: Release | None = None,
    languages: Sequence[str] | None = None,
    readme_excerpt: str | None = None,
    problems: Sequence[HarvestProblem] = (),
) -> SourceRepository:
    """Map a repository object plus the answers of its per-repository requests.

    The URL is rebuilt on ``host`` from ``full_name`` (an instance may report another
    web root behind a proxy). ``languages`` ``None``: not asked, the primary language
    alone. An empty repository has no last commit and no publiccode.yml: a state.
    """
    full_name = str(repo["full_name"])
    parent = repo.get("parent") if isinstance(repo.get("parent"), Mapping) else None
    parent_url = None
    if parent and (parent.get("html_url") or parent.get("full_name")):
        parent_url = canonical_repository_url(parent.get("html_url") or f"https://{host}/{parent['full_name']}")
    primary = repo.get("language") or None
    langs = tuple(languages) if languages is not None else ((primary,) if primary else ())
    return SourceRepository(
        host=host,
        forge_type="forgejo",
        forge_id=str(repo["id"]),
        full_name=full_name,
        url=canonical_repository_url(f"https://{host}/{full_name}"),
        name=str(repo.get("name") or full_name.rsplit("/", 1)[-1]),
        fetched_at=fetched_at,
        publisher_id=publisher_id,
        account_url=account_url,
        description=(repo.get("description") or "").strip() or None,
        homepage=(repo.get("website") or "").strip() or None,
        default_branch=repo.get("default_branch") if has_content(repo) else None,
        license_spdx=spdx_from_licenses(repo.get("licenses")),
        primary_language=langs[0] if langs else None,
        languages=langs,
        topics=tuple(t for t in repo.get("topics") or () if isinstance(t, str)),
        stars=repo.get("stars_count"),
        forks=repo.get("forks_count"),
        open_issues=repo.get("open_issues_count"),  # issues only: pull requests are counted apart
        open_pull_requests=repo.get("open_pr_counter"),
        archived=bool(repo.get("archived")),
        is_fork=bool(repo.get("fork")),
        fork_parent_url=parent_url,
        is_empty=bool(repo.get("empty")),
        is_mirror=bool(repo.get("mirror")),
        mirror_of_url=origin_url(repo),
        is_template=bool(repo.get("template")),
        created_at=_time(repo.get("created_at")),
        pushed_at=_time(repo.get("updated_at")),
        updated_at=_time(repo.get("updated_at")),
        last_commit_at=last_commit_at,
        latest_release=release,
        publiccode=publiccode,
        readme_excerpt=readme_excerpt,
        problems=tuple(problems),
    )
