"""GitLab (gitlab.com and self-hosted instances): REST v4 paths and pure mappers.

A group is listed once with ``GET /groups/{path}/projects?include_subgroups=true``
(docs.gitlab.com/api/groups/#list-projects), which already contains the projects of
every subgroup, so subgroups are never walked again (case B15). A user namespace is
listed with ``GET /users/{username}/projects``.

The mapper takes the project entity plus the answers of its per-project requests and
returns a ``SourceRepository``; it does no I/O.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, Mapping, Sequence
from urllib.parse import quote

from catalogue.forges.base import Listed
from catalogue.publiccode.bounds import judge_fetched
from catalogue.records import HarvestProblem, PubliccodeFile, Release, SourceRepository
from catalogue.timeutil import parse_time
from catalogue.urls import canonical_repository_url

PUBLICCODE_PATHS = ("publiccode.yml", "publiccode.yaml")
MAX_PAGE_SIZE = 100  # GitLab's limit on per_page


def encode_path(path: str) -> str:
    """URL-encode a namespace or project path for ``/groups/:id`` / ``/projects/:id``."""
    return quote(path, safe="")


def group_projects_path(group: str, page_size: int = MAX_PAGE_SIZE) -> str:
    """REST path listing all projects of a group and of its subgroups, by id (stable
    pages), with their licence (``license=true``), so no project needs asking again."""
    return (
        f"/groups/{encode_path(group)}/projects?include_subgroups=true&per_page={page_size}"
        "&order_by=id&sort=asc&with_shared=false&license=true"
    )


def top_level_groups_path(page_size: int = MAX_PAGE_SIZE) -> str:
    """REST path listing the instance's public top-level groups, by id (a whole instance:
    each is then listed with its subgroups, so every project comes once)."""
    return f"/groups?top_level_only=true&all_available=true&per_page={page_size}&order_by=id&sort=asc"


def user_projects_path(username: str, page_size: int = MAX_PAGE_SIZE) -> str:
    """REST path listing the projects of a user namespace, with their licence."""
    return f"/users/{encode_path(username)}/projects?per_page={page_size}&order_by=id&sort=asc&license=true"


def file_raw_path(project_id: str | int, path: str, ref: str) -> str:
    """REST path of a file's raw bytes on a branch (``/repository/files/:path/raw``)."""
    return f"/projects/{project_id}/repository/files/{encode_path(path)}/raw?ref={quote(ref, safe='')}"


@lru_cache(maxsize=1)
def _spdx_symbols() -> dict[str, str]:
    from license_expression import get_spdx_licensing

    licensing = get_spdx_licensing()
    table: dict[str, str] = {}
    for symbol in licensing.known_symbols.values():
        table[symbol.key.lower()] = symbol.key
    for symbol in licensing.known_symbols.values():
        # Deprecated SPDX ids (``AGPL-3.0``, ``GPL-3.0``) are aliases here; keep their own
        # spelling rather than guess "-only" or "-or-later": GitHub reports them so too.
        for alias in getattr(symbol, "aliases", ()) or ():
            table.setdefault(alias.lower(), alias)
    return table


def spdx_from_gitlab_license(license_info: Mapping[str, Any] | None) -> str | None:
    """SPDX id of a project's ``license`` (``GET /projects/:id?license=true``).

    GitLab identifies licences with licensee, whose keys are lower-case SPDX ids
    (``eupl-1.2``, ``apache-2.0``, the deprecated ``agpl-3.0``); they are mapped to the
    SPDX spelling (``EUPL-1.2``, ``Apache-2.0``, ``AGPL-3.0``: the same id GitHub gives
    for the same licence file). ``other`` and unknown keys give ``None``.
    """
    if not license_info:
        return None
    key = str(license_info.get("key") or "").lower()
    if not key or key in ("other", "no-license"):
        return None
    return _spdx_symbols().get(key)


def last_commit_date(commits: Sequence[Mapping[str, Any]] | None) -> datetime | None:
    """``committed_date`` of the newest commit of ``GET .../repository/commits?per_page=1``."""
    if not commits:
        return None
    first = commits[0]
    return parse_time(first.get("committed_date") or first.get("created_at"))


def latest_release(releases: Sequence[Mapping[str, Any]] | None) -> Release | None:
    """The newest release of ``GET .../releases`` (newest first, upcoming ones skipped)."""
    for item in releases or ():
        if item.get("upcoming_release") or not item.get("tag_name"):
            continue
        return Release(
            tag_name=item["tag_name"],
            name=item.get("name") or None,
            published_at=parse_time(item.get("released_at") or item.get("created_at")),
        )
    return None


def languages_by_share(languages: Mapping[str, Any] | None) -> tuple[str, ...]:
    """Language names of ``GET .../languages`` (``{name: percent}``), largest first."""
    if not languages:
        return ()
    return tuple(name for name, _ in sorted(languages.items(), key=lambda item: (-float(item[1] or 0), item[0])))


def has_repository(project: Mapping[str, Any]) -> bool:
    """False when the project has no repository (repository feature disabled).

    Such projects have no ``default_branch`` key at all, and their repository
    endpoints answer 403 (case B18).
    """
    if project.get("repository_access_level") == "disabled":
        return False
    return "default_branch" in project


def listed_from_rest(project: Mapping[str, Any]) -> Listed:
    """The listing mapper of a REST project entity (last activity stands for the push)."""
    return Listed(forge_id=str(project["id"]), pushed_at=parse_time(project.get("last_activity_at")),
                  updated_at=parse_time(project.get("updated_at")))


def listed_from_graphql(node: Mapping[str, Any]) -> Listed:
    """The listing mapper of a ``namespaces_query`` project node."""
    return Listed(forge_id=project_id(node["id"]), pushed_at=parse_time(node.get("lastActivityAt")),
                  updated_at=parse_time(node.get("updatedAt")))


def map_rest_project(
    project: Mapping[str, Any],
    *,
    host: str,
    publisher_id: str,
    account_url: str,
    fetched_at: datetime,
    license_info: Mapping[str, Any] | None = None,
    publiccode: PubliccodeFile | None = None,
    last_commit_at: datetime | None = None,
    release: Release | None = None,
    languages: Sequence[str] = (),
    readme_excerpt: str | None = None,
    problems: Sequence[HarvestProblem] = (),
    good_first_issues: int | None = None,
    help_wanted_issues: int | None = None,
) -> SourceRepository:
    """Map a GitLab project entity plus the answers of its per-project requests.

    The repository URL is rebuilt on ``host`` from ``path_with_namespace``: an instance
    may report ``http://`` web URLs (case B13), and the scheme is not part of identity.
    An empty project (``empty_repo``) or one without repository has no last commit and
    no publiccode.yml; that is a state, not an error.
    """
    path = project.get("path_with_namespace") or canonical_repository_url(project["web_url"]).split("/", 3)[3]
    url = canonical_repository_url(f"https://{host}/{path}")
    forked = project.get("forked_from_project") or {}
    repository = has_repository(project)
    topics = project.get("topics") or project.get("tag_list") or ()
    primary = languages[0] if languages else None
    return SourceRepository(
        host=host,
        forge_type="gitlab",
        forge_id=str(project["id"]),
        full_name=path,
        url=url,
        name=project.get("name") or path.rsplit("/", 1)[-1],
        fetched_at=fetched_at,
        publisher_id=publisher_id,
        account_url=account_url,
        description=(project.get("description") or "").strip() or None,
        homepage=None,
        default_branch=project.get("default_branch") if repository and not project.get("empty_repo") else None,
        license_spdx=spdx_from_gitlab_license(license_info or project.get("license")),
        primary_language=primary,
        languages=tuple(languages),
        topics=tuple(topics),
        stars=project.get("star_count"),
        forks=project.get("forks_count"),
        # GitLab counts issues only; merge requests are separate.
        open_issues=project.get("open_issues_count"),
        open_pull_requests=None,
        good_first_issues=good_first_issues,
        help_wanted_issues=help_wanted_issues,
        archived=bool(project.get("archived")),
        is_fork=bool(forked),
        fork_parent_url=canonical_repository_url(forked["web_url"]) if forked.get("web_url") else None,
        is_empty=bool(project.get("empty_repo")),
        has_repository=repository,
        # A pull mirror (``mirror``); its origin (``import_url``) is shown to maintainers only.
        is_mirror=bool(project.get("mirror")),
        created_at=parse_time(project.get("created_at")),
        pushed_at=parse_time(project.get("last_activity_at")),
        updated_at=parse_time(project.get("updated_at")),
        last_commit_at=last_commit_at,
        latest_release=release,
        publiccode=publiccode,
        readme_excerpt=readme_excerpt,
        problems=tuple(problems),
    )


# --- GraphQL details of listed projects ----------------------------------------------

MAX_FULL_PATHS = 50  # GitLab refuses more than 50 fullPaths in one `projects` query


def details_query(full_paths: Sequence[str], *, with_readme: bool = False) -> str:
    """One GraphQL query for what the REST listing lacks, for up to 50 projects.

    Per project: the publiccode.yml / publiccode.yaml blobs (text and git object id),
    the last commit of the default branch, the latest release and the languages
    (docs.gitlab.com/api/graphql/reference/#project). ``with_readme`` adds README.md,
    for projects without a description. Its complexity (99 for 50 projects, measured
    with ``queryComplexity``) stays well under GitLab's limit of 250 for authenticated calls.
    """
    if not 1 <= len(full_paths) <= MAX_FULL_PATHS:
        raise ValueError(f"between 1 and {MAX_FULL_PATHS} projects per query, not {len(full_paths)}")
    paths = list(PUBLICCODE_PATHS) + (["README.md"] if with_readme else [])
    return (
        "query($fullPaths: [String!]) {\n"
        f"  projects(fullPaths: $fullPaths, first: {len(full_paths)}) {{\n"
        "    nodes {\n"
        "      id fullPath\n"
        "      repository {\n"
        "        rootRef empty exists\n"
        f"        blobs(paths: {json_list(paths)}) {{ nodes {{ path oid size rawTextBlob }} }}\n"
        "        tree { lastCommit { committedDate } }\n"
        "      }\n"
        "      languages { name share }\n"
        "      releases(first: 1) { nodes { tagName name releasedAt } }\n"
        '      goodFirstIssues: issues(state: opened, labelName: ["good first issue"]) { count }\n'
        '      helpWanted: issues(state: opened, labelName: ["help wanted"]) { count }\n'
        "    }\n  }\n}\n"
    )


def _count(connection: Any) -> int | None:
    if isinstance(connection, Mapping) and isinstance(connection.get("count"), int):
        return connection["count"]
    return None


def json_list(values: Sequence[str]) -> str:
    """A GraphQL list literal of strings."""
    import json

    return "[" + ", ".join(json.dumps(value) for value in values) + "]"


def graphql_details(node: Mapping[str, Any], project: Mapping[str, Any], host: str) -> dict[str, Any]:
    """The ``map_rest_project`` keyword arguments that a ``details_query`` node gives:
    ``publiccode``, ``last_commit_at``, ``release``, ``languages``, ``good_first_issues``,
    ``help_wanted_issues``, ``readme_text``."""
    repository = node.get("repository") or {}
    blobs = {blob["path"]: blob for blob in ((repository.get("blobs") or {}).get("nodes") or []) if blob}
    publiccode = None
    for path in PUBLICCODE_PATHS:
        blob = blobs.get(path)
        if blob is not None:
            branch = project.get("default_branch") or repository.get("rootRef") or "HEAD"
            # GitLab gives no rawTextBlob for a binary blob; ``size`` is in bytes.
            publiccode = judge_fetched(
                path, blob.get("rawTextBlob"), size=blob.get("size"), blob_id=blob.get("oid"),
                binary=blob.get("rawTextBlob") is None and bool(blob.get("size")),
                url=f"https://{host}/{project['path_with_namespace']}/-/blob/{branch}/{path}",
            )
            break
    last_commit = ((repository.get("tree") or {}).get("lastCommit") or {}).get("committedDate")
    releases = (node.get("releases") or {}).get("nodes") or []
    release = None
    if releases and releases[0] and releases[0].get("tagName"):
        first = releases[0]
        release = Release(tag_name=first["tagName"], name=first.get("name") or None,
                          published_at=parse_time(first.get("releasedAt")))
    languages = tuple(
        item["name"] for item in sorted(node.get("languages") or [], key=lambda item: -(item.get("share") or 0))
        if item and item.get("name")
    )
    readme = blobs.get("README.md")
    return {
        "publiccode": publiccode,
        "last_commit_at": parse_time(last_commit),
        "release": release,
        "languages": languages,
        "good_first_issues": _count(node.get("goodFirstIssues")),
        "help_wanted_issues": _count(node.get("helpWanted")),
        "readme_text": readme.get("rawTextBlob") if readme else None,
    }


# --- GraphQL light listing of namespaces (recrawls) -----------------------------------

NAMESPACES_PER_QUERY = 5  # 42.5 complexity points each (measured); GitLab allows 250 with a token


def namespaces_query(namespaces: Sequence[tuple[str, str, str | None]], page_size: int = MAX_PAGE_SIZE) -> str:
    """A light GraphQL listing of several groups or user namespaces at once.

    ``namespaces``: ``(alias, full path, cursor)`` triples. ``namespace(fullPath:)``
    answers for groups and users alike; ``includeSubgroups: true`` lists every project
    of a group's subgroups too. Per project only what an incremental crawl compares:
    id, path, last activity, last update, visibility.
    """
    parts = []
    for alias, path, cursor in namespaces:
        after = json_list([cursor])[1:-1] if cursor else "null"
        parts.append(
            f"  {alias}: namespace(fullPath: {json_list([path])[1:-1]}) {{\n"
            f"    fullPath\n"
            f"    projects(includeSubgroups: true, first: {page_size}, after: {after}) {{\n"
            "      pageInfo { hasNextPage endCursor }\n"
            "      nodes { id fullPath lastActivityAt updatedAt visibility }\n"
            "    }\n  }"
        )
    return "query {\n" + "\n".join(parts) + "\n}\n"


def project_id(global_id: str) -> str:
    """The numeric project id of a GraphQL global id (``gid://gitlab/Project/42`` -> ``42``)."""
    return str(global_id).rsplit("/", 1)[-1]
