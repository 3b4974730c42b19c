"""Which repositories a request concerned, and whether it counts against a rate limit.

Keys are ``web_host:full/path`` (``github.com:MinBZK/amt``, ``gitlab.com:gov/sub/app``),
the same keys ``catalogue.testforge.dataset`` and ``catalogue.testforge.mutate`` use.

* REST and raw requests concern the repository named in their path
  (``/github/repos/o/r/...``, ``/github/repositories/{id}/...``, ``/raw/github/o/r/...``,
  ``{prefix}/api/v4/projects/{id|path}/...``, ``{prefix}/{path}/-/raw/...``).
* A GraphQL request concerns every repository (GitHub ``Repository``, GitLab ``Project``)
  one of whose fields was resolved in the answer, with the names of the fields resolved on
  it or below it (``{"pushedAt", "object", "oid", "text"}``), so a light listing query can
  be told from a detail query. ``RepositoryTracker`` is graphql-core middleware (pass the object, not its method).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Sequence

from catalogue.testforge.fixture import Fixture, Repo
from catalogue.testforge.http import Request

RepoFields = dict[str, frozenset[str]]


def github_key(fixture: Fixture, repo: Repo) -> str:
    """The key of a GitHub repository."""
    return f"{fixture.github_web_host}:{repo.full_name}"


def rest_repository(fixture: Fixture, request: Request) -> str | None:
    """The key of the repository a REST or raw request names in its path, or ``None``."""
    parts = request.segments("/github")
    if parts is not None:
        repo = None
        if len(parts) >= 3 and parts[0] == "repos":
            repo = fixture.repo(parts[1], parts[2]) or fixture.moved_repo(parts[1], parts[2])
        elif len(parts) >= 2 and parts[0] == "repositories" and parts[1].isdigit():
            repo = fixture.repo_by_id(int(parts[1]))
        return github_key(fixture, repo) if repo else None
    parts = request.segments("/raw/github")
    if parts is not None:
        repo = (fixture.repo(parts[0], parts[1]) or fixture.moved_repo(parts[0], parts[1])) if len(parts) >= 2 else None
        return github_key(fixture, repo) if repo else None
    for instance in fixture.gitlab:
        parts = request.segments(instance.prefix + "/api/v4")
        if parts is not None:
            if len(parts) >= 2 and parts[0] == "projects":
                project = instance.project(parts[1])
                return f"{instance.web_host}:{project.full_name}" if project else None
            return None
        parts = request.segments(instance.prefix)
        if parts is not None and "-" in parts:
            project = instance.project("/".join(parts[:parts.index("-")]))
            return f"{instance.web_host}:{project.full_name}" if project else None
    return None


def counts_against_limit(route: str, status: int) -> bool:
    """Whether GitHub/GitLab would count this answer against the API rate limit.

    GitHub does not count ``304 Not Modified`` answers to conditional requests
    (docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api),
    nor ``/rate_limit``; raw file hosts are outside the API limits.
    """
    if status == 304 or route in ("gh.rate_limit", "gh.raw", "gl.raw"):
        return False
    return route != "unknown"


class RepositoryTracker:
    """graphql-core middleware noting the repositories resolved in one answer.

    ``is_repository(root)`` says whether a resolver's parent value is a repository
    object; ``key(root)`` gives its key. Fields resolved on objects below a repository
    (a blob, a commit) are attributed to it by walking up the response path.
    """

    def __init__(self, is_repository: Callable[[Any], bool], key: Callable[[Any], str]) -> None:
        self._is_repository = is_repository
        self._key = key
        self._owners: dict[int, str] = {}   # id(response path of a repository) -> key
        self._keep: list[Any] = []           # keeps those path objects alive, so ids stay unique
        self._fields: dict[str, set[str]] = {}

    def resolve(self, next_: Callable[..., Any], root: Any, info: Any, **args: Any) -> Any:
        """The middleware hook (graphql-core calls it for every field)."""
        owner = None
        if root is not None and self._is_repository(root):
            owner = self._key(root)
            parent = info.path.prev
            if id(parent) not in self._owners:
                self._owners[id(parent)] = owner
                self._keep.append(parent)
        else:
            node = info.path.prev
            while node is not None and owner is None:
                owner = self._owners.get(id(node))
                node = node.prev
        if owner is not None:
            self._fields.setdefault(owner, set()).add(info.field_name)
        return next_(root, info, **args)

    def result(self) -> RepoFields:
        """``{key: fields resolved}`` of the answer."""
        return {key: frozenset(fields) for key, fields in self._fields.items()}



def log_stats(log: Sequence[Any]) -> dict[str, Any]:
    """Figures of a request log (``LoggedRequest`` items).

    ``total``; ``counted_against_limit``; ``not_modified_304``; ``by_route`` and
    ``by_status`` (``Counter``); ``by_repo`` (requests per repository key, REST, raw and
    GraphQL together); ``rest_by_repo``; ``graphql_by_repo`` (GraphQL answers that
    resolved the repository); ``graphql_fields`` (``{key: set of fields resolved}``).
    """
    by_repo: Counter[str] = Counter()
    rest_by_repo: Counter[str] = Counter()
    graphql_by_repo: Counter[str] = Counter()
    fields: dict[str, set[str]] = {}
    for entry in log:
        by_repo.update(entry.repos)
        if entry.repo_fields:
            graphql_by_repo.update(entry.repos)
            for key, names in entry.repo_fields.items():
                fields.setdefault(key, set()).update(names)
        else:
            rest_by_repo.update(entry.repos)
    return {
        "total": len(log),
        "counted_against_limit": sum(1 for entry in log if entry.counted),
        "not_modified_304": sum(1 for entry in log if entry.status == 304),
        "by_route": Counter(entry.route for entry in log),
        "by_status": Counter(entry.status for entry in log),
        "by_repo": by_repo,
        "rest_by_repo": rest_by_repo,
        "graphql_by_repo": graphql_by_repo,
        "graphql_fields": fields,
    }
