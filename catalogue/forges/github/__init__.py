"""GitHub: how to ask (GraphQL queries, REST paths) and pure mappers to ``SourceRepository``.

Two answer shapes, each mapped once:

* GraphQL v4 (the crawl's normal path): one query fetches a page of up to 100
  repositories of several accounts at once (aliases), with everything the catalogue
  needs inlined, including the ``publiccode.yml`` blob text
  (``object(expression: "HEAD:publiccode.yml")``). Field names follow GitHub's public
  schema (docs.github.com/en/graphql/reference/objects#repository).
* REST v3 (the fallback without a token): the repository object of
  ``GET /orgs/{org}/repos`` / ``GET /repos/{owner}/{repo}`` plus the answers of the
  few per-repository requests the REST path needs (contents, commits, releases, issues,
  languages).

The mappers take decoded JSON and return records; they do no I/O and are tested
with recorded answers.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping, Sequence

from catalogue.forges.base import Listed
from catalogue.publiccode.bounds import judge_fetched
from catalogue.records import PubliccodeFile, Release, SourceRepository
from catalogue.timeutil import parse_time
from catalogue.urls import canonical_repository_url

PUBLICCODE_PATHS = ("publiccode.yml", "publiccode.yaml")
MAX_PAGE_SIZE = 100  # GitHub's limit on `first` (docs: "Node limit")

_BLOB = "... on Blob { oid text isBinary isTruncated byteSize }"

REPOSITORY_FRAGMENT = f"""
fragment CatalogueRepository on Repository {{
  databaseId name nameWithOwner url description homepageUrl
  isArchived isFork isEmpty isDisabled isPrivate
  createdAt pushedAt updatedAt
  stargazerCount forkCount
  licenseInfo {{ spdxId }}
  primaryLanguage {{ name }}
  languages(first: 10, orderBy: {{field: SIZE, direction: DESC}}) {{ nodes {{ name }} }}
  repositoryTopics(first: 20) {{ nodes {{ topic {{ name }} }} }}
  parent {{ url }}
  defaultBranchRef {{
    name
    target {{
      ... on Commit {{
        committedDate
        recent90: history(since: $since90) {{ totalCount }}
        recent365: history(since: $since365) {{ totalCount }}
      }}
    }}
  }}
  latestRelease {{ tagName name publishedAt }}
  issues(states: OPEN) {{ totalCount }}
  pullRequests(states: OPEN) {{ totalCount }}
  goodFirstIssues: issues(states: OPEN, labels: ["good first issue"]) {{ totalCount }}
  helpWanted: issues(states: OPEN, labels: ["help wanted"]) {{ totalCount }}
  publiccodeYml: object(expression: "HEAD:publiccode.yml") {{ {_BLOB} }}
  publiccodeYaml: object(expression: "HEAD:publiccode.yaml") {{ {_BLOB} }}
}}
"""


def history_variables(now: datetime) -> dict[str, str]:
    """The ``$since90`` / ``$since365`` variables of the repository fragment (ISO 8601, UTC)."""
    return {
        "since90": (now - timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "since365": (now - timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


LISTING_FRAGMENT = """
fragment CatalogueListing on Repository {
  databaseId name nameWithOwner url description homepageUrl pushedAt updatedAt createdAt
  isArchived isFork isDisabled isEmpty stargazerCount forkCount licenseInfo { spdxId } primaryLanguage { name }
  publiccodeYml: object(expression: "HEAD:publiccode.yml") { ... on Blob { oid } }
  publiccodeYaml: object(expression: "HEAD:publiccode.yaml") { ... on Blob { oid } }
}
"""


def listing_blob_id(node: Mapping[str, Any]) -> str | None:
    """The publiccode blob id of a ``CatalogueListing`` (or full) node, ``None`` without one."""
    for key in ("publiccodeYml", "publiccodeYaml"):
        blob = node.get(key)
        if isinstance(blob, Mapping) and blob.get("oid"):
            return blob["oid"]
    return None


def listed_from_graphql(node: Mapping[str, Any]) -> Listed:
    """The listing mapper of a GraphQL ``CatalogueListing`` node (blob id included)."""
    return Listed(forge_id=str(node["databaseId"]), pushed_at=parse_time(node.get("pushedAt")),
                  updated_at=parse_time(node.get("updatedAt")), publiccode_blob_id=listing_blob_id(node),
                  blob_known=True)


def listed_from_rest(repo: Mapping[str, Any]) -> Listed:
    """The listing mapper of a REST repository object (no blob id: a change of the file
    is a push, which moves ``pushed_at``)."""
    return Listed(forge_id=str(repo["id"]), pushed_at=parse_time(repo.get("pushed_at")),
                  updated_at=parse_time(repo.get("updated_at")))


def listing_query(accounts: Sequence[tuple[str, str, str | None]], page_size: int) -> str:
    """A light GraphQL query: a page of each account's repositories with only what an
    incremental crawl compares (id, last push, last update, archived, publiccode blob id).

    ``accounts``: ``(alias, login, cursor)`` triples. The full facts of new or changed
    repositories are then asked with ``repositories_query``.
    """
    return _owner_query(accounts, page_size, "CatalogueListing", LISTING_FRAGMENT, variables=False)


def accounts_query(accounts: Sequence[tuple[str, str, str | None]], page_size: int) -> str:
    """One GraphQL query for a page of repositories of each account, every fact inlined.

    ``accounts``: ``(alias, login, cursor)`` triples; ``cursor`` is ``None`` for the
    first page. ``repositoryOwner`` answers for organisations and users alike; only
    public repositories the account owns are listed (``privacy: PUBLIC``,
    ``ownerAffiliations: OWNER``), in a stable order (by name).
    """
    return _owner_query(accounts, page_size, "CatalogueRepository", REPOSITORY_FRAGMENT, variables=True)


def _owner_query(accounts: Sequence[tuple[str, str, str | None]], page_size: int, fragment_name: str,
                 fragment: str, *, variables: bool) -> str:
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be 1..{MAX_PAGE_SIZE}, not {page_size}")
    parts = []
    for alias, login, cursor in accounts:
        after = json.dumps(cursor) if cursor else "null"
        parts.append(
            f"  {alias}: repositoryOwner(login: {json.dumps(login)}) {{\n"
            f"    login\n"
            f"    repositories(first: {page_size}, after: {after}, privacy: PUBLIC, ownerAffiliations: OWNER,"
            f" orderBy: {{field: NAME, direction: ASC}}) {{\n"
            f"      totalCount pageInfo {{ hasNextPage endCursor }}\n"
            f"      nodes {{ ...{fragment_name} }}\n"
            f"    }}\n  }}"
        )
    body = "\n".join(parts)
    head = "query($since90: GitTimestamp!, $since365: GitTimestamp!) {\n" if variables else "query {\n"
    return f"{head}  rateLimit {{ cost remaining resetAt limit }}\n{body}\n}}\n{fragment}"


README_FIELD = 'readme: object(expression: "HEAD:README.md") { ... on Blob { text } }'


def repositories_query(repositories: Sequence[tuple[str, str, str]], with_readme: Sequence[str] = ()) -> str:
    """One GraphQL query for single repositories: ``(alias, owner, name)`` triples.

    The aliases in ``with_readme`` also ask for README.md's text (the description of
    last resort, for repositories without one). GitHub follows renames in
    ``repository(owner, name)`` (``followRenames`` defaults to true), so a moved
    repository answers under its new name.
    """
    readme = set(with_readme)
    parts = [
        f"  {alias}: repository(owner: {json.dumps(owner)}, name: {json.dumps(name)}) {{ ...CatalogueRepository"
        + (f" {README_FIELD}" if alias in readme else "") + " }"
        for alias, owner, name in repositories
    ]
    body = "\n".join(parts)
    return (
        "query($since90: GitTimestamp!, $since365: GitTimestamp!) {\n"
        "  rateLimit { cost remaining resetAt limit }\n"
        f"{body}\n}}\n{REPOSITORY_FRAGMENT}"
    )


def single_listing_query(repositories: Sequence[tuple[str, str, str]]) -> str:
    """The light ``CatalogueListing`` facts of single repositories: ``(alias, owner, name)``."""
    parts = [
        f"  {alias}: repository(owner: {json.dumps(owner)}, name: {json.dumps(name)}) {{ ...CatalogueListing }}"
        for alias, owner, name in repositories
    ]
    return "query {\n  rateLimit { cost remaining resetAt limit }\n" + "\n".join(parts) + f"\n}}\n{LISTING_FRAGMENT}"


def readme_query(repositories: Sequence[tuple[str, str, str]]) -> str:
    """README text of repositories without any description: ``(alias, owner, name)`` triples."""
    parts = [
        f"  {alias}: repository(owner: {json.dumps(owner)}, name: {json.dumps(name)}) {{"
        f' readme: object(expression: "HEAD:README.md") {{ ... on Blob {{ text }} }} }}'
        for alias, owner, name in repositories
    ]
    return "query {\n" + "\n".join(parts) + "\n}\n"


def _count(node: Any) -> int | None:
    if isinstance(node, Mapping) and isinstance(node.get("totalCount"), int):
        return node["totalCount"]
    return None


def _publiccode_from_graphql(node: Mapping[str, Any], url: str, branch: str | None) -> PubliccodeFile | None:
    for key, path in (("publiccodeYml", "publiccode.yml"), ("publiccodeYaml", "publiccode.yaml")):
        blob = node.get(key)
        if not isinstance(blob, Mapping) or "oid" not in blob:
            continue
        # GitHub cuts the text of a large blob (isTruncated): judged by its byteSize.
        return judge_fetched(path, None if blob.get("isBinary") else blob.get("text"), size=blob.get("byteSize"),
                             cut_off=bool(blob.get("isTruncated")), binary=bool(blob.get("isBinary")),
                             url=f"{url}/blob/{branch or 'HEAD'}/{path}", blob_id=blob.get("oid"))
    return None


def map_graphql_repository(
    node: Mapping[str, Any],
    *,
    host: str,
    publisher_id: str,
    account_url: str,
    fetched_at: datetime,
    readme_excerpt: str | None = None,
) -> SourceRepository:
    """Map one GraphQL ``Repository`` node (the ``CatalogueRepository`` fragment).

    ``host`` is the web host the publisher's URL used (``github.com``). Raises
    KeyError / TypeError only when the node lacks ``databaseId`` or ``url``, which a
    GitHub answer always has.
    """
    url = canonical_repository_url(node["url"])
    branch_ref = node.get("defaultBranchRef") or {}
    target = branch_ref.get("target") or {}
    release = node.get("latestRelease")
    parent = node.get("parent")
    license_info = node.get("licenseInfo") or {}
    spdx = license_info.get("spdxId")
    languages = tuple(
        item["name"] for item in ((node.get("languages") or {}).get("nodes") or []) if item and item.get("name")
    )
    topics = tuple(
        item["topic"]["name"]
        for item in ((node.get("repositoryTopics") or {}).get("nodes") or [])
        if item and item.get("topic")
    )
    return SourceRepository(
        host=host,
        forge_type="github",
        forge_id=str(node["databaseId"]),
        full_name=node.get("nameWithOwner") or url.split("/", 3)[3],
        url=url,
        name=node.get("name") or url.rsplit("/", 1)[-1],
        fetched_at=fetched_at,
        publisher_id=publisher_id,
        account_url=account_url,
        description=(node.get("description") or None),
        homepage=node.get("homepageUrl") or None,
        default_branch=branch_ref.get("name"),
        # GitHub reports NOASSERTION for a licence file it cannot identify: no SPDX id.
        license_spdx=spdx if spdx and spdx != "NOASSERTION" else None,
        primary_language=(node.get("primaryLanguage") or {}).get("name"),
        languages=languages,
        topics=topics,
        stars=node.get("stargazerCount"),
        forks=node.get("forkCount"),
        open_issues=_count(node.get("issues")),
        open_pull_requests=_count(node.get("pullRequests")),
        good_first_issues=_count(node.get("goodFirstIssues")),
        help_wanted_issues=_count(node.get("helpWanted")),
        archived=bool(node.get("isArchived")),
        is_fork=bool(node.get("isFork")),
        fork_parent_url=canonical_repository_url(parent["url"]) if parent and parent.get("url") else None,
        is_empty=bool(node.get("isEmpty")),
        created_at=parse_time(node.get("createdAt")),
        pushed_at=parse_time(node.get("pushedAt")),
        updated_at=parse_time(node.get("updatedAt")),
        last_commit_at=parse_time(target.get("committedDate")),
        commits_last_90_days=_count(target.get("recent90")),
        commits_last_365_days=_count(target.get("recent365")),
        latest_release=Release(
            tag_name=release["tagName"], name=release.get("name") or None, published_at=parse_time(release.get("publishedAt"))
        )
        if release
        else None,
        publiccode=_publiccode_from_graphql(node, url, branch_ref.get("name")),
        readme_excerpt=readme_excerpt,
    )


# --- REST v3 -------------------------------------------------------------------------


def decode_contents(answer: Mapping[str, Any]) -> tuple[str | None, bytes | None, str | None]:
    """Decode a ``GET /repos/{o}/{r}/contents/{path}`` answer.

    Returns ``(text, raw bytes, blob sha)``; text is ``None`` when the bytes are not
    UTF-8. GitHub sends files over 1 MiB with ``encoding: "none"`` and no content:
    then both are ``None``.
    """
    if answer.get("encoding") != "base64" or not isinstance(answer.get("content"), str):
        return None, None, answer.get("sha")
    try:
        raw = base64.b64decode(answer["content"])
    except (binascii.Error, ValueError):
        return None, None, answer.get("sha")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    return text, raw, answer.get("sha")


def contents_publiccode(answer: Mapping[str, Any], *, path: str, url: str | None) -> PubliccodeFile:
    """The publiccode.yml of a ``GET .../contents/{path}`` answer, judged by
    ``catalogue.publiccode.bounds.judge_fetched``: GitHub withholds the content of a file
    over 1 MiB (``encoding: "none"``, docs.github.com/rest/repos/contents), which is
    then refused as too large with its ``size``, never read as empty or missing."""
    if answer.get("encoding") == "none":
        return judge_fetched(path, None, size=answer.get("size"), cut_off=True, url=url, blob_id=answer.get("sha"))
    text, raw, sha = decode_contents(answer)
    return judge_fetched(path, raw if raw is not None else text, size=answer.get("size"), url=url, blob_id=sha)


def last_commit_date(commits: Sequence[Mapping[str, Any]] | None) -> datetime | None:
    """Committer date of the newest commit of a ``GET .../commits?per_page=1`` answer."""
    if not commits:
        return None
    commit = commits[0].get("commit") or {}
    when = (commit.get("committer") or {}).get("date") or (commit.get("author") or {}).get("date")
    return parse_time(when)


def latest_release(releases: Sequence[Mapping[str, Any]] | Mapping[str, Any] | None) -> Release | None:
    """The newest published release of ``GET .../releases`` (a list) or ``.../releases/latest``.

    Drafts and pre-releases are skipped, as GitHub's "latest release" does.
    """
    if releases is None:
        return None
    items = [releases] if isinstance(releases, Mapping) else list(releases)
    for item in items:
        if item.get("draft") or item.get("prerelease") or not item.get("tag_name"):
            continue
        return Release(
            tag_name=item["tag_name"],
            name=item.get("name") or None,
            published_at=parse_time(item.get("published_at") or item.get("created_at")),
        )
    return None


def count_open_issues(issue_pages: Iterable[Sequence[Mapping[str, Any]]]) -> tuple[int, int]:
    """``(issues, pull requests)`` in the pages of ``GET .../issues?state=open``.

    The REST issues list includes pull requests, marked by a ``pull_request`` key
    (docs.github.com/en/rest/issues/issues#list-repository-issues); so does
    ``open_issues_count`` of the repository object (case B25).
    """
    issues = pulls = 0
    for page in issue_pages:
        for item in page:
            if "pull_request" in item:
                pulls += 1
            else:
                issues += 1
    return issues, pulls


def map_rest_repository(
    repo: Mapping[str, Any],
    *,
    host: str,
    publisher_id: str,
    account_url: str,
    fetched_at: datetime,
    publiccode: PubliccodeFile | None = None,
    last_commit_at: datetime | None = None,
    release: Release | None = None,
    open_issues: tuple[int, int] | None = None,
    languages: Sequence[str] | None = None,
    readme_excerpt: str | None = None,
    problems: tuple = (),
) -> SourceRepository:
    """Map a REST repository object plus the answers of its per-repository requests.

    ``open_issues`` is ``(issues, pull requests)`` from ``count_open_issues``; without
    it the open-issue count stays unknown rather than taking ``open_issues_count``,
    which counts pull requests too. ``size == 0`` marks an empty repository.
    """
    url = canonical_repository_url(repo["html_url"])
    license_info = repo.get("license") or {}
    spdx = license_info.get("spdx_id")
    parent = repo.get("parent") or repo.get("source")
    issues, pulls = open_issues if open_issues is not None else (None, None)
    if open_issues is None and repo.get("open_issues_count") == 0:
        issues, pulls = 0, 0
    primary = repo.get("language")
    return SourceRepository(
        host=host,
        forge_type="github",
        forge_id=str(repo["id"]),
        full_name=repo.get("full_name") or url.split("/", 3)[3],
        url=url,
        name=repo.get("name") or url.rsplit("/", 1)[-1],
        fetched_at=fetched_at,
        publisher_id=publisher_id,
        account_url=account_url,
        description=repo.get("description") or None,
        homepage=repo.get("homepage") or None,
        default_branch=repo.get("default_branch"),
        license_spdx=spdx if spdx and spdx != "NOASSERTION" else None,
        primary_language=primary,
        languages=tuple(languages) if languages is not None else ((primary,) if primary else ()),
        topics=tuple(repo.get("topics") or ()),
        stars=repo.get("stargazers_count"),
        forks=repo.get("forks_count"),
        open_issues=issues,
        open_pull_requests=pulls,
        archived=bool(repo.get("archived")),
        is_fork=bool(repo.get("fork")),
        fork_parent_url=canonical_repository_url(parent["html_url"]) if parent and parent.get("html_url") else None,
        is_empty=repo.get("size") == 0 and last_commit_at is None,
        created_at=parse_time(repo.get("created_at")),
        pushed_at=parse_time(repo.get("pushed_at")),
        updated_at=parse_time(repo.get("updated_at")),
        last_commit_at=last_commit_at,
        latest_release=release,
        publiccode=publiccode,
        readme_excerpt=readme_excerpt,
        problems=tuple(problems),
    )
