"""GitHub GraphQL v4 emulation: ``POST /github/graphql`` over ``github_schema.graphql``.

graphql-core's default resolver reads attributes and calls methods with the field's
arguments under GitHub's names, so each GitHub type is a small class below. A missing
repository, organisation or user answers ``null`` plus a ``NOT_FOUND`` error entry,
as api.github.com does (docs.github.com/graphql/overview/resource-limitations for the
pagination errors). Without a token the endpoint answers 401, like GitHub.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from graphql import GraphQLResolveInfo, graphql_sync

from catalogue.testforge.accounting import RepositoryTracker
from catalogue.testforge.fixture import Fixture, GitHubAccount, Repo, iso, parse_time
from catalogue.testforge.github_rest import RateCounter, commit_sha, git_blob_sha
from catalogue.testforge.graphql_util import ForgeGraphQLError, connection, format_errors, load_schema
from catalogue.testforge.http import Request, Response, json_response
from catalogue.testforge.licenses import license_name

_SCHEMA = load_schema("github_schema.graphql", {
    "RepositoryOwner": lambda value, info, abstract: value.__class__.__name__.removeprefix("Gh"),
    "GitObject": lambda value, info, abstract: value.__class__.__name__.removeprefix("Gh"),
})


def _node_id(kind: str, key: object) -> str:
    return base64.b64encode(f"{kind}:{key}".encode()).decode()


class GhRoot:
    """The ``Query`` type."""

    def __init__(self, fx: Fixture, rate: RateCounter, web: str) -> None:
        self.fx, self.rate, self.web = fx, rate, web

    def rateLimit(self, info: GraphQLResolveInfo, dryRun: bool = False) -> dict[str, Any]:
        """``RateLimit``: every query costs 1 point of a 5000-point hourly bucket."""
        return {"cost": 1, "limit": self.rate.limit, "nodeCount": 0, "used": self.rate.used,
                "remaining": max(0, self.rate.limit - self.rate.used),
                "resetAt": iso(datetime.fromtimestamp(self.rate.reset).astimezone())}

    def _owner(self, login: str) -> "GhOrganization | GhUser | None":
        account = self.fx.account(login)
        if account is None:
            return None
        return (GhOrganization if account.type == "Organization" else GhUser)(self, account)

    def organization(self, info: GraphQLResolveInfo, login: str) -> "GhOrganization":
        owner = self._owner(login)
        if not isinstance(owner, GhOrganization):
            raise ForgeGraphQLError("NOT_FOUND", f"Could not resolve to an Organization with the login of '{login}'.")
        return owner

    def user(self, info: GraphQLResolveInfo, login: str) -> "GhUser":
        owner = self._owner(login)
        if not isinstance(owner, GhUser):
            raise ForgeGraphQLError("NOT_FOUND", f"Could not resolve to a User with the login of '{login}'.")
        return owner

    def repositoryOwner(self, info: GraphQLResolveInfo, login: str) -> "GhOrganization | GhUser | None":
        return self._owner(login)

    def repository(self, info: GraphQLResolveInfo, owner: str, name: str, followRenames: bool = True) -> "GhRepository":
        repo = self.fx.repo(owner, name) or (self.fx.moved_repo(owner, name) if followRenames else None)
        if repo is None:
            raise ForgeGraphQLError("NOT_FOUND", f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return GhRepository(self, repo)


class _GhOwner:
    def __init__(self, root: GhRoot, account: GitHubAccount) -> None:
        self.root, self.account = root, account
        self.id = _node_id(account.type, account.id)
        self.databaseId = account.id
        self.login = account.login
        self.name = account.name
        self.description = account.description
        self.url = f"{root.web}/{account.login}"
        self.createdAt = iso(account.created_at)

    def repositories(self, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None,
                     privacy: str | None = None, orderBy: dict[str, str] | None = None,
                     isFork: bool | None = None, isArchived: bool | None = None, **_: Any) -> dict[str, Any]:
        repos = [] if privacy == "PRIVATE" else list(self.account.repos)
        if isFork is not None:
            repos = [r for r in repos if (r.fork_of is not None) == isFork]
        if isArchived is not None:
            repos = [r for r in repos if r.archived == isArchived]
        if orderBy:
            keys = {"CREATED_AT": lambda r: r.created_at, "UPDATED_AT": lambda r: r.pushed_at or r.created_at,
                    "PUSHED_AT": lambda r: r.pushed_at or r.created_at, "NAME": lambda r: r.name.lower(),
                    "STARGAZERS": lambda r: r.stars}
            repos.sort(key=keys[orderBy["field"]], reverse=orderBy.get("direction") == "DESC")
        return connection([GhRepository(self.root, r) for r in repos], info, first, after)

    def repository(self, info: GraphQLResolveInfo, name: str, followRenames: bool = True) -> "GhRepository | None":
        repo = self.root.fx.repo(self.login, name) or (
            self.root.fx.moved_repo(self.login, name) if followRenames else None)
        return GhRepository(self.root, repo) if repo else None


class GhOrganization(_GhOwner):
    """The ``Organization`` type."""


class GhUser(_GhOwner):
    """The ``User`` type."""


class GhRepository:
    """The ``Repository`` type over a fixture ``Repo``."""

    def __init__(self, root: GhRoot, repo: Repo) -> None:
        self.root, self.repo = root, repo
        self.id = _node_id("Repository", repo.id)
        self.databaseId = repo.id
        self.name = repo.name
        self.nameWithOwner = repo.full_name
        self.url = f"{root.web}/{repo.full_name}"
        self.description = repo.description
        self.homepageUrl = repo.homepage
        self.isArchived = repo.archived
        self.isFork = repo.fork_of is not None
        self.isEmpty = repo.empty
        self.isDisabled = self.isPrivate = self.isMirror = self.isTemplate = False
        self.visibility = "PUBLIC"
        self.createdAt = iso(repo.created_at)
        self.pushedAt = iso(repo.pushed_at or repo.created_at)
        self.updatedAt = iso(repo.updated_at or repo.pushed_at or repo.created_at)
        self.stargazerCount = repo.stars
        self.forkCount = repo.forks
        self.diskUsage = sum(repo.languages.values()) // 1024
        self.licenseInfo = None if repo.license is None else {
            "spdxId": repo.license, "key": "other" if repo.license == "NOASSERTION" else repo.license.lower(),
            "name": license_name(repo.license), "url": None}
        self.primaryLanguage = _language(repo.language) if repo.language else None

    def owner(self, info: GraphQLResolveInfo) -> Any:
        return self.root._owner(self.repo.namespace)

    def languages(self, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None,
                  orderBy: dict[str, str] | None = None) -> dict[str, Any]:
        items = list(self.repo.languages.items())
        if orderBy:
            items.sort(key=lambda kv: kv[1], reverse=orderBy.get("direction") == "DESC")
        sizes = dict(items)
        return connection([_language(name) for name, _ in items], info, first, after,
                          edge=lambda lang: {"size": sizes[lang["name"]]},
                          extra={"totalSize": sum(sizes.values())})

    def repositoryTopics(self, info: GraphQLResolveInfo, first: int | None = None,
                         after: str | None = None) -> dict[str, Any]:
        topics = [{"id": _node_id("RepositoryTopic", t), "url": f"https://github.com/topics/{t}",
                   "topic": {"id": _node_id("Topic", t), "name": t}} for t in self.repo.topics]
        return connection(topics, info, first, after)

    def parent(self, info: GraphQLResolveInfo) -> "GhRepository | dict[str, Any] | None":
        if not self.repo.fork_of:
            return None
        full = self.repo.fork_of.removeprefix(self.root.web + "/").removeprefix("https://github.com/").strip("/")
        owner, _, name = full.partition("/")
        parent = self.root.fx.repo(owner, name)
        if parent is not None:
            return GhRepository(self.root, parent)
        return _stand_in_repository(full, self.root.web)

    def defaultBranchRef(self, info: GraphQLResolveInfo) -> dict[str, Any] | None:
        if self.repo.empty:
            return None
        return {"id": _node_id("Ref", self.repo.id), "name": self.repo.default_branch, "prefix": "refs/heads/",
                "target": GhCommit(self.repo)}

    def latestRelease(self, info: GraphQLResolveInfo) -> dict[str, Any] | None:
        release = self.repo.latest_release()
        return _release(self.repo, release, True) if release else None

    def releases(self, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None,
                 orderBy: dict[str, str] | None = None) -> dict[str, Any]:
        latest = self.repo.latest_release()
        ordered = sorted(self.repo.releases, key=lambda r: r.published_at or datetime.min.astimezone(), reverse=True)
        if orderBy and orderBy.get("field") == "NAME":
            ordered.sort(key=lambda r: r.tag_name, reverse=orderBy.get("direction") == "DESC")
        return connection([_release(self.repo, r, r is latest) for r in ordered], info, first, after)

    def issues(self, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None,
               states: list[str] | None = None, labels: list[str] | None = None,
               filterBy: dict[str, Any] | None = None) -> dict[str, Any]:
        states = states or (filterBy or {}).get("states")
        labels = labels or (filterBy or {}).get("labels")
        count = 0 if states and "OPEN" not in states else self.repo.open_issues
        if labels:
            count = min([count] + [self.repo.labels.get(label, 0) for label in labels])
        items = [{"id": _node_id("Issue", f"{self.repo.id}/{n}"), "number": n, "title": f"Issue {n}"}
                 for n in range(count, 0, -1)]
        return connection(items, info, first, after)

    def pullRequests(self, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None,
                     states: list[str] | None = None) -> dict[str, Any]:
        count = 0 if states and "OPEN" not in states else self.repo.open_pull_requests
        base = self.repo.open_issues
        items = [{"id": _node_id("PullRequest", f"{self.repo.id}/{base + n}"), "number": base + n,
                  "title": f"Pull request {base + n}"} for n in range(count, 0, -1)]
        return connection(items, info, first, after)

    def object(self, info: GraphQLResolveInfo, expression: str | None = None, oid: str | None = None) -> Any:
        if self.repo.empty or not expression or ":" not in expression:
            return None
        ref, _, path = expression.partition(":")
        if ref not in ("HEAD", self.repo.default_branch, f"refs/heads/{self.repo.default_branch}"):
            return None
        if path.strip("/") == "":
            return GhTree(self.repo)
        text = self.repo.files.get(path)
        return GhBlob(text) if text is not None else None


class GhCommit:
    """The ``Commit`` type: the head of the default branch, with its history."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        when = repo.last_commit_at or repo.pushed_at or repo.created_at
        self.oid = commit_sha(repo, when)
        self.abbreviatedOid = self.oid[:7]
        self.id = _node_id("Commit", self.oid)
        self.committedDate = self.authoredDate = iso(when)
        self.message = "Update"

    def history(self, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None,
                since: str | None = None, until: str | None = None) -> dict[str, Any]:
        dates = self.repo.commits_between(parse_time(since), parse_time(until))
        items = [{"id": _node_id("Commit", commit_sha(self.repo, d)), "oid": commit_sha(self.repo, d),
                  "abbreviatedOid": commit_sha(self.repo, d)[:7], "committedDate": iso(d), "authoredDate": iso(d),
                  "message": "Update"} for d in dates]
        return connection(items, info, first, after)


class GhBlob:
    """The ``Blob`` type: a file of the default branch. As GitHub does, ``text`` is
    ``null`` for a binary file (a NUL byte in its first 8,000 bytes) and cut at
    :data:`TRUNCATE` bytes for a large one, with ``isTruncated``."""

    #: Where GitHub cuts a blob's text (512 KiB, as observed; not documented).
    TRUNCATE = 512 * 1024

    def __init__(self, text: str) -> None:
        data = text.encode("utf-8")
        self.oid = git_blob_sha(text)
        self.abbreviatedOid = self.oid[:7]
        self.id = _node_id("Blob", self.oid)
        self.byteSize = len(data)
        self.isBinary = b"\x00" in data[:8000]
        self.isTruncated = not self.isBinary and len(data) > self.TRUNCATE
        self.text = None if self.isBinary else data[:self.TRUNCATE].decode("utf-8", "replace")


class GhTree:
    """The ``Tree`` type: the root directory of the default branch."""

    def __init__(self, repo: Repo) -> None:
        self.oid = commit_sha(repo, repo.created_at)
        self.abbreviatedOid = self.oid[:7]
        self.id = _node_id("Tree", self.oid)
        self.entries = [{"name": p, "path": p, "type": "blob", "oid": git_blob_sha(t)}
                        for p, t in sorted(repo.files.items())]


def _language(name: str) -> dict[str, Any]:
    return {"id": _node_id("Language", name), "name": name, "color": None}


def _release(repo: Repo, release: Any, latest: bool) -> dict[str, Any]:
    return {"id": _node_id("Release", f"{repo.id}/{release.tag_name}"), "tagName": release.tag_name,
            "name": release.name, "publishedAt": iso(release.published_at), "createdAt": iso(release.published_at),
            "isPrerelease": False, "isDraft": False, "isLatest": latest,
            "url": f"https://github.com/{repo.full_name}/releases/tag/{release.tag_name}"}


def _stand_in_repository(full_name: str, web: str) -> dict[str, Any]:
    """A parent repository that is not in the fixture: only its names and URL are known."""
    owner, _, name = full_name.partition("/")
    return {"id": _node_id("Repository", full_name), "name": name, "nameWithOwner": full_name,
            "url": f"{web}/{full_name}", "isFork": False, "isArchived": False}


class GitHubGraphQL:
    """The emulator callable for ``POST /github/graphql``."""

    def __init__(self, fixture: Fixture, rate: RateCounter) -> None:
        self.fx = fixture
        self.rate = rate
        self.web = f"https://{fixture.github_web_host}"

    def __call__(self, request: Request) -> Response | None:
        if request.raw_path.rstrip("/") != "/github/graphql":
            return None
        if request.method != "POST":
            return json_response("gh.graphql", {"message": "Not Found"}, 404)
        if not request.authorized:
            return json_response("gh.graphql", {
                "message": "This endpoint requires you to be authenticated.",
                "documentation_url": "https://docs.github.com/graphql/guides/forming-calls-with-graphql"
                                     "#authenticating-with-graphql"}, 401)
        try:
            payload = request.json_body()
            query = payload["query"]
        except (ValueError, KeyError, TypeError):
            return json_response("gh.graphql", {"errors": [{"message": "Problems parsing JSON"}]}, 400)
        self.rate.take()
        tracker = RepositoryTracker(lambda root: isinstance(root, GhRepository),
                                    lambda root: f"{self.fx.github_web_host}:{root.repo.full_name}")
        result = graphql_sync(_SCHEMA, query, root_value=GhRoot(self.fx, self.rate, self.web),
                              variable_values=payload.get("variables"), operation_name=payload.get("operationName"),
                              middleware=[tracker])
        body: dict[str, Any] = {}
        if result.data is not None or not result.errors:
            body["data"] = result.data
        if result.errors:
            body["errors"] = format_errors(result.errors)
        response = json_response("gh.graphql", body, headers=self.rate.headers("graphql"))
        response.repos = tracker.result()
        return response
