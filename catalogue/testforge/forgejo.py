"""Forgejo / Gitea API v1 for the test forge: listings, repositories, files, issues.

Fixture (a list under the document's ``forgejo`` key)::

    forgejo:
      - prefix: /forgejo              # on the test server (default /forgejo)
        web_host: code.overheid.nl    # web host of the publishers' URLs
        max_page_size: 50             # the server's MAX_RESPONSE_ITEMS: ``limit`` is capped to it
        link: true                    # false: no Link header (a proxy that drops it), X-Total-Count only
        gitea_licenses: false         # true: Gitea >= 1.23's ``licenses`` in repository objects
        orgs:  [{login: gemeente-x, repositories: [REPOSITORY, ...]}]
        users: [{login: jan, repositories: [...]}]

A REPOSITORY is the test forge's (``catalogue.testforge.fixture``), plus ``mirror_of``
(a pull mirror: its origin's URL, ``""`` when unknown) and ``template: true``;
``fork_of`` names a repository of the same instance (``owner/name``).

Routes under ``{prefix}/api/v1`` (shapes from Forgejo's ``modules/structs``, only the keys
a client reads): ``GET /version``, ``/orgs``, ``/users/{login}/repos``,
``/orgs/{login}/repos`` (ordered by id, ``page``/``limit`` capped, ``Link`` and
``X-Total-Count``), ``/repos/search`` (no ``q``: every repository; ``sort=id``), ``/repos/{o}/{r}``, ``.../contents`` (root; ``[]`` when empty),
``.../contents/{path}`` (base64; missing: 404 ``GetContentsOrList``), ``.../raw/{path}``,
``.../commits`` (409 when empty), ``.../releases/latest``, ``.../languages``; with a
token ``GET /user`` and the issues API (``GET|POST .../issues``, ``PATCH
.../issues/{n}``, ``POST .../issues/{n}/comments``). No rate limit of its own: a proxy's
429 is injected with ``TestForge.inject``.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from catalogue.testforge.fixture import FixtureError, Repo, _Builder, iso
from catalogue.testforge.http import Request, Response, json_response, text_response

FORGEJO_REPO_ID_START = 500_000


@dataclass
class ForgejoAccount:
    """An organisation or user with its repositories."""

    id: int
    login: str
    is_org: bool
    repos: list[Repo] = field(default_factory=list)


@dataclass
class ForgejoInstance:
    """One instance: accounts, repositories by lower-case full name, extras per repository id."""

    prefix: str
    web_host: str
    max_page_size: int = 50
    link: bool = True
    gitea_licenses: bool = False
    accounts: dict[str, ForgejoAccount] = field(default_factory=dict)
    repos: dict[str, Repo] = field(default_factory=dict)
    mirror_of: dict[int, str] = field(default_factory=dict)
    templates: set[int] = field(default_factory=set)
    issues: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    viewer: str = "catalogue-bot"


def _document(source: Any) -> Mapping[str, Any]:
    if isinstance(source, Mapping):
        return source
    text = Path(source).read_text(encoding="utf-8")
    return json.loads(text) if str(source).endswith(".json") else yaml.safe_load(text) or {}


def load_instances(source: Any) -> list[ForgejoInstance]:
    """The Forgejo instances of a fixture document, path or loaded ``Fixture`` (which keeps
    none: ``[]``). Raises FixtureError naming a wrong entry."""
    if not isinstance(source, (Mapping, str, Path)):
        return []
    entries = _document(source).get("forgejo") or []
    builder = _Builder()
    next_id = FORGEJO_REPO_ID_START
    instances = []
    for entry in entries if isinstance(entries, list) else [entries]:
        instance = ForgejoInstance(prefix="/" + str(entry.get("prefix", "/forgejo")).strip("/"),
                                   web_host=str(entry.get("web_host", "code.overheid.nl")),
                                   max_page_size=int(entry.get("max_page_size", 50)),
                                   link=bool(entry.get("link", True)),
                                   gitea_licenses=bool(entry.get("gitea_licenses", False)))
        for kind in ("orgs", "users"):
            for raw in entry.get(kind) or []:
                login = raw.get("login") if isinstance(raw, Mapping) else None
                if not login:
                    raise FixtureError(f"forgejo {kind}: 'login' is required (got {raw!r:.80})")
                account = ForgejoAccount(id=int(raw.get("id") or 9000 + len(instance.accounts)), login=login,
                                         is_org=kind == "orgs")
                instance.accounts[login.lower()] = account
                for spec in raw.get("repositories") or []:
                    spec = dict(spec)
                    mirror, template = spec.pop("mirror_of", None), bool(spec.pop("template", False))
                    if "id" not in spec:
                        spec["id"], next_id = next_id, next_id + 1
                    repo = builder._repo(spec, login, gitlab=False)
                    account.repos.append(repo)
                    instance.repos[repo.full_name.lower()] = repo
                    if mirror is not None:
                        instance.mirror_of[repo.id] = str(mirror)
                    if template:
                        instance.templates.add(repo.id)
        instances.append(instance)
    return instances


class ForgejoApi:
    """The emulator of one instance (a callable ``Request -> Response | None``)."""

    def __init__(self, instance: ForgejoInstance) -> None:
        self.instance = instance
        self.root = instance.prefix + "/api/v1"

    def __call__(self, request: Request) -> Response | None:
        parts = request.segments(self.root)
        if parts is None:
            return None
        if parts == ["version"]:
            return json_response("fj.version", {"version": "12.0.1+gitea-1.22.0"})
        if parts == ["user"]:
            if not request.authorized:
                return self._error("fj.viewer", 401, "token is required")
            return json_response("fj.viewer", {"id": 1, "login": self.instance.viewer})
        if parts == ["orgs"]:
            orgs = sorted((a for a in self.instance.accounts.values() if a.is_org), key=lambda a: a.login.lower())
            return self._page(request, "fj.orgs", [{"id": a.id, "name": a.login, "username": a.login} for a in orgs])
        if parts == ["repos", "search"]:  # no q: every repository, sort=id|alpha (default alpha)
            repos = sorted(self.instance.repos.values(),
                           key=(lambda r: r.id) if request.query.get("sort") == "id" else (lambda r: r.full_name.lower()))
            if request.query.get("order") == "desc":
                repos.reverse()
            answer = self._page(request, "fj.search", [self.repo_object(r, request) for r in repos])
            answer.body = json.dumps({"ok": True, "data": json.loads(answer.body)}).encode("utf-8")
            return answer
        if len(parts) == 3 and parts[0] in ("users", "orgs") and parts[2] == "repos":
            account = self.instance.accounts.get(parts[1].lower())
            if account is None or (parts[0] == "orgs" and not account.is_org):
                return self._error(f"fj.{parts[0][:-1]}_repos", 404, "user does not exist [uid: 0, name: %s]" % parts[1])
            repos = sorted(account.repos, key=lambda r: r.id)
            return self._page(request, f"fj.{parts[0][:-1]}_repos", [self.repo_object(r, request) for r in repos])
        if len(parts) >= 3 and parts[0] == "repos":
            repo = self.instance.repos.get(f"{parts[1]}/{parts[2]}".lower())
            if repo is None:
                return self._error("fj.repo", 404, "The target couldn't be found.")
            return self._repo_route(request, repo, parts[3:])
        return text_response("fj.unknown", "404 page not found\n", status=404)

    # --- helpers --------------------------------------------------------------------------

    def _key(self, repo: Repo) -> dict[str, frozenset[str]]:
        return {f"{self.instance.web_host}:{repo.full_name}": frozenset()}

    @staticmethod
    def _error(route: str, status: int, message: str, errors: list[str] | None = None) -> Response:
        return json_response(route, {"message": message, "url": "https://forgejo.example/api/swagger",
                                     "errors": errors or []}, status=status)

    def _page(self, request: Request, route: str, items: list[Any]) -> Response:
        size = request.int_param("limit", 30, 1, self.instance.max_page_size)
        page = request.int_param("page", 1)
        chunk = items[(page - 1) * size: page * size]
        headers = {"X-Total-Count": str(len(items))}
        last = max(1, -(-len(items) // size))
        if self.instance.link and page < last:
            params = dict(request.query_pairs, page=str(page + 1), limit=str(size))
            query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
            headers["Link"] = f'<{request.base_url}{request.raw_path}?{query}>; rel="next",' \
                              f'<{request.base_url}{request.raw_path}?page={last}&limit={size}>; rel="last"'
        return json_response(route, chunk, headers=headers)

    def repo_object(self, repo: Repo, request: Request, parent: bool = True) -> dict[str, Any]:
        """The Repository of ``repo`` (structs.Repository, the keys a client reads)."""
        instance = self.instance
        web = f"https://{instance.web_host}/{repo.full_name}"
        parent_repo = instance.repos.get(str(repo.fork_of).lower()) if repo.fork_of and parent else None
        mirror = repo.id in instance.mirror_of
        value: dict[str, Any] = {
            "id": repo.id, "owner": {"login": repo.namespace}, "name": repo.name, "full_name": repo.full_name,
            "description": repo.description or "", "empty": repo.empty, "private": False,
            "fork": bool(repo.fork_of), "template": repo.id in instance.templates,
            "parent": self.repo_object(parent_repo, request, parent=False) if parent_repo else None,
            "mirror": mirror, "size": 0 if repo.empty else 120, "language": repo.language or "",
            "html_url": web, "url": f"{request.base_url}{self.root}/repos/{repo.full_name}",
            "original_url": instance.mirror_of.get(repo.id, ""), "website": repo.homepage or "",
            "stars_count": repo.stars, "forks_count": repo.forks, "open_issues_count": repo.open_issues,
            "open_pr_counter": repo.open_pull_requests, "release_counter": len(repo.releases),
            "default_branch": "" if repo.empty else repo.default_branch, "archived": repo.archived,
            "created_at": iso(repo.created_at), "updated_at": iso(repo.updated_at or repo.pushed_at),
            "mirror_updated": iso(repo.updated_at or repo.pushed_at) if mirror else "0001-01-01T00:00:00Z",
            "topics": list(repo.topics), "has_issues": not repo.fork_of,
        }
        if instance.gitea_licenses:
            value["licenses"] = [repo.license] if repo.license else []
        return value

    def _repo_route(self, request: Request, repo: Repo, rest: list[str]) -> Response:
        route, response = self._repo_answer(request, repo, rest)
        response.route = route
        response.repos = self._key(repo)
        return response

    def _repo_answer(self, request: Request, repo: Repo, rest: list[str]) -> tuple[str, Response]:
        if not rest:
            return "fj.repo", json_response("", self.repo_object(repo, request))
        head = rest[0]
        if head == "contents":
            if len(rest) == 1:
                files = [{"name": n, "path": n, "type": "file", "sha": _sha(t)} for n, t in sorted(repo.files.items())]
                return "fj.contents", json_response("", files)
            path = "/".join(rest[1:])
            if path not in repo.files:
                return "fj.contents", self._error("", 404, "GetContentsOrList",
                                                  [f"object does not exist [id: , rel_path: {path}]"])
            data = repo.files[path].encode("utf-8")
            return "fj.contents", json_response("", {"name": path.rsplit("/", 1)[-1], "path": path, "type": "file",
                                                     "sha": _sha(repo.files[path]), "encoding": "base64",
                                                     "content": base64.b64encode(data).decode("ascii")})
        if head == "raw":
            path = "/".join(rest[1:])
            if path not in repo.files:
                return "fj.raw", self._error("", 404, "The target couldn't be found.")
            return "fj.raw", text_response("", repo.files[path], headers={"ETag": f'"{_sha(repo.files[path])}"'})
        if head == "commits":
            if not repo.has_commits:
                return "fj.commits", json_response("", {"message": "Git Repository is empty.", "url": ""}, status=409)
            limit = request.int_param("limit", 30, 1, self.instance.max_page_size)
            commits = [{"sha": f"{i:040x}", "created": iso(t), "commit": {"committer": {"date": iso(t)}}}
                       for i, t in enumerate(repo.commit_dates[:limit])]
            return "fj.commits", json_response("", commits, headers={"X-Total-Count": str(len(repo.commit_dates))})
        if rest == ["releases", "latest"]:
            latest = repo.latest_release()
            if latest is None:
                return "fj.release_latest", self._error("", 404, "The target couldn't be found.")
            return "fj.release_latest", json_response("", {"tag_name": latest.tag_name, "name": latest.name or "",
                                                           "draft": False, "prerelease": False,
                                                           "published_at": iso(latest.published_at)})
        if rest == ["languages"]:
            return "fj.languages", json_response("", dict(repo.languages))
        if head == "issues":
            return self._issues(request, repo, rest[1:])
        return "fj.unknown", text_response("", "404 page not found\n", status=404)

    # --- issues (catalogue notify) ----------------------------------------------------------

    def _issues(self, request: Request, repo: Repo, rest: list[str]) -> tuple[str, Response]:
        if not request.authorized and request.method != "GET":
            return "fj.issue_write", self._error("", 401, "token is required")
        written = self.instance.issues.setdefault(repo.full_name.lower(), [])
        web = f"https://{self.instance.web_host}/{repo.full_name}/issues"
        if not rest and request.method == "GET":
            creator = request.query.get("created_by")
            state = request.query.get("state", "open")
            found = [i for i in reversed(written) if (not creator or i["user"]["login"] == creator)
                     and (state == "all" or i["state"] == state)]
            limit, page = request.int_param("limit", 30, 1, self.instance.max_page_size), request.int_param("page", 1)
            return "fj.issues", json_response("", found[(page - 1) * limit: page * limit])
        if not rest and request.method == "POST":
            body = request.json_body() or {}
            if not body.get("title"):
                return "fj.issue_create", self._error("", 422, "title is required")
            issue = {"number": len(written) + 1, "title": body["title"], "body": body.get("body") or "",
                     "state": "open", "user": {"login": self.instance.viewer}, "comments": [],
                     "html_url": f"{web}/{len(written) + 1}", "repository": {"full_name": repo.full_name}}
            written.append(issue)
            return "fj.issue_create", json_response("", issue, status=201)
        if rest and rest[0].isdigit() and 0 < int(rest[0]) <= len(written):
            issue = written[int(rest[0]) - 1]
            if len(rest) == 2 and rest[1] == "comments" and request.method == "POST":
                issue["comments"].append((request.json_body() or {}).get("body") or "")
                return "fj.issue_comment_create", json_response("", {"id": len(issue["comments"])}, status=201)
            if len(rest) == 1 and request.method == "PATCH":
                body = request.json_body() or {}
                if body.get("state") not in (None, "open", "closed"):
                    return "fj.issue_update", self._error("", 422, "invalid state")
                issue.update({k: body[k] for k in ("title", "body", "state") if k in body})
                return "fj.issue_update", json_response("", issue)
        return "fj.issues", self._error("", 404, "The target couldn't be found.")


def _sha(text: str) -> str:
    import hashlib

    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
