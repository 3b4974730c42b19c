"""GitHub REST v3 emulation under ``/github`` and raw files under ``/raw/github``.

Shapes follow docs.github.com ("Repositories", "Repository contents", "Commits",
"Releases", "Issues", "Rate limit"); only the keys a catalogue crawler reads are
emitted, with GitHub's names. Route names (logs, faults) are in brackets in ``ROUTES``.
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from datetime import datetime
from typing import Any, Callable

from catalogue.testforge.fixture import Fixture, GitHubAccount, Repo, iso, parse_time
from catalogue.testforge.http import (
    Request, Response, b64_lines, json_response, link_header, page_slice, text_response,
)
from catalogue.testforge.licenses import license_name

DOCS = "https://docs.github.com/rest"
ROUTES = """gh.org gh.user gh.org_repos gh.user_repos gh.repo gh.contents gh.readme gh.commits gh.releases
gh.release_latest gh.languages gh.issues gh.pulls gh.rate_limit gh.unknown gh.raw""".split()


def git_blob_sha(text: str) -> str:
    """The git object id of a blob with this UTF-8 content (what GitHub calls ``sha``)."""
    data = text.encode("utf-8")
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def commit_sha(repo: Repo, when: datetime | None) -> str:
    """A stable fake commit id for the commit of ``repo`` at ``when`` (``None``, a
    repository without dates, gives one id too)."""
    return hashlib.sha1(f"{repo.id}:{iso(when)}".encode()).hexdigest()


class RateCounter:
    """GitHub's primary REST limit for one server: ``limit`` calls per hour, all tokens together."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.reset = int(time.time()) + 3600
        self._lock = threading.Lock()

    def take(self) -> bool:
        """Count one call; False when the limit was already reached."""
        with self._lock:
            if time.time() >= self.reset:
                self.used, self.reset = 0, int(time.time()) + 3600
            if self.used >= self.limit:
                return False
            self.used += 1
            return True

    def headers(self, resource: str = "core") -> dict[str, str]:
        """The ``X-RateLimit-*`` headers GitHub sends."""
        return {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Remaining": str(max(0, self.limit - self.used)),
                "X-RateLimit-Reset": str(self.reset), "X-RateLimit-Used": str(self.used),
                "X-RateLimit-Resource": resource}

    def resource(self) -> dict[str, int]:
        """One entry of ``/rate_limit``'s ``resources``."""
        return {"limit": self.limit, "used": self.used, "remaining": max(0, self.limit - self.used),
                "reset": self.reset}


class GitHubRest:
    """The emulator callable for ``/github/...`` (except GraphQL) and ``/raw/github/...``."""

    def __init__(self, fixture: Fixture, rate: RateCounter) -> None:
        self.fx = fixture
        self.rate = rate
        self.web = f"https://{fixture.github_web_host}"

    def __call__(self, request: Request) -> Response | None:
        raw = request.segments("/raw/github")
        if raw is not None:
            return self._raw(request, raw)
        parts = request.segments("/github")
        if parts is None or parts == ["graphql"]:
            return None
        if parts == ["rate_limit"]:
            return json_response("gh.rate_limit", {"resources": {"core": self.rate.resource()},
                                                   "rate": self.rate.resource()}, headers=self.rate.headers())
        if not self.rate.take():
            return json_response("gh.rate_limited", {
                "message": "API rate limit exceeded for installation.",
                "documentation_url": f"{DOCS}/overview/rate-limits-for-the-rest-api"}, 403, self.rate.headers())
        response = self._route(request, parts)
        response.headers.update(self.rate.headers())
        return response

    # -- routing ----------------------------------------------------------------------

    def _route(self, request: Request, parts: list[str]) -> Response:
        api = request.base_url + "/github"
        if len(parts) == 2 and parts[0] == "orgs":
            account = self.fx.account(parts[1])
            if account is None or account.type != "Organization":
                return _not_found("gh.org")
            return json_response("gh.org", self.account_json(account, api))
        if len(parts) == 2 and parts[0] == "users":
            account = self.fx.account(parts[1])
            return json_response("gh.user", self.account_json(account, api)) if account else _not_found("gh.user")
        if len(parts) == 3 and parts[0] in ("orgs", "users") and parts[2] == "repos":
            return self._account_repos(request, parts[0], parts[1], api)
        if len(parts) == 3 and parts[0] in ("organizations", "user") and parts[1].isdigit() and parts[2] == "repos":
            account = next((a for a in self.fx.accounts.values() if a.id == int(parts[1])), None)
            if account is None:
                return _not_found("gh.org_repos" if parts[0] == "organizations" else "gh.user_repos")
            return self._account_repos(request, "orgs" if parts[0] == "organizations" else "users",
                                       account.login, api)
        if len(parts) >= 3 and parts[0] == "repos":
            return self._repo_route(request, parts[1], parts[2], parts[3:], api)
        if len(parts) >= 2 and parts[0] == "repositories" and parts[1].isdigit():
            repo = self.fx.repo_by_id(int(parts[1]))
            if repo is None:
                return _not_found("gh.repo")
            return self._repo_route(request, repo.namespace, repo.name, parts[2:], api)
        return _not_found("gh.unknown")

    def _account_repos(self, request: Request, kind: str, login: str, api: str) -> Response:
        route = "gh.org_repos" if kind == "orgs" else "gh.user_repos"
        account = self.fx.account(login)
        if account is None or (kind == "orgs" and account.type != "Organization"):
            return _not_found(route)
        kind_filter = request.query.get("type", "all")
        repos = [r for r in account.repos
                 if kind_filter not in ("forks", "sources") or (r.fork_of is not None) == (kind_filter == "forks")]
        if kind_filter in ("private", "member"):
            repos = []
        default_sort = "created" if kind == "orgs" else "full_name"
        sort = request.query.get("sort", default_sort)
        keys: dict[str, Callable[[Repo], Any]] = {
            "created": lambda r: r.created_at, "updated": lambda r: r.pushed_at or r.created_at,
            "pushed": lambda r: r.pushed_at or r.created_at, "full_name": lambda r: r.full_name.lower()}
        direction = request.query.get("direction", "asc" if sort == "full_name" else "desc")
        repos = sorted(repos, key=keys.get(sort, keys[default_sort]), reverse=direction == "desc")
        # GitHub links the pages of an account's repositories by the account's id
        link_path = f"/github/{'organizations' if account.type == 'Organization' else 'user'}/{account.id}/repos"
        return self._paged(request, route, [self.repo_json(r, api) for r in repos], 30, link_path)

    def _paged(self, request: Request, route: str, items: list[Any], default: int, link_path: str | None = None
               ) -> Response:
        per_page = request.int_param("per_page", default, 1, 100)
        page = request.int_param("page", 1)
        last = max(1, -(-len(items) // per_page))
        headers = {}
        link = link_header(request, page, last, "github", path=link_path)
        if link:
            headers["Link"] = link
        return json_response(route, page_slice(items, page, per_page), headers=headers)

    def _repo_route(self, request: Request, owner: str, name: str, rest: list[str], api: str) -> Response:
        repo = self.fx.repo(owner, name)
        if repo is None:
            moved = self.fx.moved_repo(owner, name)
            if moved is None:
                return _not_found("gh.repo" if not rest else "gh.unknown")
            location = f"{api}/repositories/{moved.id}" + ("/" + "/".join(rest) if rest else "")
            if request.query_pairs:
                location += "?" + request.target.partition("?")[2]
            return json_response("gh.repo" if not rest else "gh.moved", {
                "message": "Moved Permanently", "url": location,
                "documentation_url": "https://docs.github.com/v3/#http-redirects"}, 301, {"Location": location})
        if not rest:
            return json_response("gh.repo", self.repo_json(repo, api, full=True))
        head = rest[0]
        if head == "contents":
            return self._contents(request, repo, "/".join(rest[1:]), api)
        if head == "readme" and len(rest) == 1:
            return self._readme(repo, api)
        if head == "commits" and len(rest) == 1:
            return self._commits(request, repo, api)
        if head == "releases":
            return self._releases(request, repo, rest[1:], api)
        if head == "languages" and len(rest) == 1:
            ordered = dict(sorted(repo.languages.items(), key=lambda kv: -kv[1]))
            return json_response("gh.languages", ordered)
        if head in ("issues", "pulls") and len(rest) == 1:
            return self._issues(request, repo, api, pulls_only=head == "pulls")
        return _not_found("gh.unknown")

    # -- objects -----------------------------------------------------------------------

    def account_json(self, account: GitHubAccount, api: str) -> dict[str, Any]:
        """``/orgs/{org}`` or ``/users/{login}`` object."""
        path = "orgs" if account.type == "Organization" else "users"
        return {
            "login": account.login, "id": account.id,
            "node_id": base64.b64encode(f"04:{account.type}{account.id}".encode()).decode(),
            "url": f"{api}/{path}/{account.login}", "repos_url": f"{api}/{path}/{account.login}/repos",
            "html_url": f"{self.web}/{account.login}", "name": account.name, "description": account.description,
            "public_repos": len(account.repos), "type": account.type, "created_at": iso(account.created_at),
        }

    def owner_json(self, login: str, api: str) -> dict[str, Any]:
        """The short ``owner`` object of a repository."""
        account = self.fx.account(login)
        kind = account.type if account else "Organization"
        return {"login": account.login if account else login, "id": account.id if account else 0,
                "url": f"{api}/users/{login}", "html_url": f"{self.web}/{login}", "type": kind}

    def repo_json(self, repo: Repo, api: str, full: bool = False) -> dict[str, Any]:
        """A repository object as in ``/orgs/{org}/repos`` (``full``: as ``/repos/{o}/{r}``)."""
        url = f"{api}/repos/{repo.full_name}"
        html = f"{self.web}/{repo.full_name}"
        spdx = repo.license
        value: dict[str, Any] = {
            "id": repo.id, "node_id": base64.b64encode(f"010:Repository{repo.id}".encode()).decode(),
            "name": repo.name, "full_name": repo.full_name, "private": False,
            "owner": self.owner_json(repo.namespace, api), "html_url": html, "description": repo.description,
            "fork": repo.fork_of is not None, "url": url, "languages_url": f"{url}/languages",
            "releases_url": f"{url}/releases{{/id}}", "contents_url": f"{url}/contents/{{+path}}",
            "commits_url": f"{url}/commits{{/sha}}", "issues_url": f"{url}/issues{{/number}}",
            "created_at": iso(repo.created_at),
            "updated_at": iso(repo.updated_at or repo.pushed_at or repo.created_at),
            "pushed_at": iso(repo.pushed_at or repo.created_at), "clone_url": f"{html}.git",
            "homepage": repo.homepage, "size": 0 if repo.empty else max(1, sum(repo.languages.values()) // 1024),
            "stargazers_count": repo.stars, "watchers_count": repo.stars, "language": repo.language,
            "has_issues": True, "forks_count": repo.forks, "archived": repo.archived, "disabled": False,
            "open_issues_count": repo.open_issues + repo.open_pull_requests,
            "license": None if spdx is None else {
                "key": spdx.lower() if spdx != "NOASSERTION" else "other", "name": license_name(spdx),
                "spdx_id": spdx, "url": None if spdx == "NOASSERTION" else f"{api}/licenses/{spdx.lower()}"},
            "is_template": False, "topics": list(repo.topics), "visibility": "public",
            "forks": repo.forks, "open_issues": repo.open_issues + repo.open_pull_requests,
            "watchers": repo.stars, "default_branch": repo.default_branch,
        }
        if full:
            if repo.fork_of:
                value["parent"] = self.parent_json(repo.fork_of, api)
                value["source"] = value["parent"]
            value["network_count"] = repo.forks
            value["subscribers_count"] = 0
        return value

    def parent_json(self, fork_of: str, api: str) -> dict[str, Any]:
        """The ``parent`` of a fork: the fixture's repository or a minimal stand-in."""
        full_name = fork_of.removeprefix(self.web + "/").removeprefix("https://github.com/").strip("/")
        owner, _, name = full_name.partition("/")
        parent = self.fx.repo(owner, name)
        if parent is not None:
            return self.repo_json(parent, api)
        return {"name": name, "full_name": full_name, "html_url": f"{self.web}/{full_name}",
                "url": f"{api}/repos/{full_name}", "fork": False, "owner": self.owner_json(owner, api)}

    # -- repository routes ---------------------------------------------------------------

    def _contents(self, request: Request, repo: Repo, path: str, api: str) -> Response:
        if repo.empty:
            return json_response("gh.contents", {"message": "This repository is empty.",
                                                 "documentation_url": f"{DOCS}/repos/contents#get-repository-content",
                                                 "status": "404"}, 404)
        ref = request.query.get("ref", repo.default_branch)
        if ref not in (repo.default_branch, "HEAD", f"refs/heads/{repo.default_branch}"):
            return json_response("gh.contents", {"message": f"No commit found for the ref {ref}",
                                                 "documentation_url": f"{DOCS}/repos/contents", "status": "404"}, 404)
        url = f"{api}/repos/{repo.full_name}/contents"
        if path.strip("/") == "":
            listing = [self._content_entry(repo, p, t, url, with_content=False) for p, t in sorted(repo.files.items())]
            return json_response("gh.contents", listing)
        text = repo.files.get(path)
        if text is None:
            return _not_found("gh.contents", f"{DOCS}/repos/contents#get-repository-content")
        if "raw" in request.headers.get("Accept", ""):
            return text_response("gh.contents", text)
        return json_response("gh.contents", self._content_entry(repo, path, text, url, with_content=True))

    def _readme(self, repo: Repo, api: str) -> Response:
        """``GET /repos/{o}/{r}/readme``: the README at the root, whatever its spelling
        (docs.github.com/rest/repos/contents#get-a-repository-readme)."""
        names = sorted(path for path in repo.files if "/" not in path and path.lower().startswith("readme"))
        if repo.empty or not names:
            return _not_found("gh.readme", f"{DOCS}/repos/contents#get-a-repository-readme")
        url = f"{api}/repos/{repo.full_name}/contents"
        return json_response("gh.readme", self._content_entry(repo, names[0], repo.files[names[0]], url, with_content=True))

    def _content_entry(self, repo: Repo, path: str, text: str, url: str, with_content: bool) -> dict[str, Any]:
        raw_url = f"{url.rsplit('/github/', 1)[0]}/raw/github/{repo.full_name}/{repo.default_branch}/{path}"
        entry: dict[str, Any] = {
            "type": "file", "name": path.rsplit("/", 1)[-1], "path": path, "sha": git_blob_sha(text),
            "size": len(text.encode("utf-8")), "url": f"{url}/{path}?ref={repo.default_branch}",
            "html_url": f"{self.web}/{repo.full_name}/blob/{repo.default_branch}/{path}", "download_url": raw_url,
        }
        if with_content and entry["size"] > 1024 * 1024:
            # GitHub inlines files up to 1 MiB; larger ones come without their content.
            entry["encoding"] = "none"
            entry["content"] = ""
        elif with_content:
            entry["encoding"] = "base64"
            entry["content"] = b64_lines(text.encode("utf-8"))
        return entry

    def _commits(self, request: Request, repo: Repo, api: str) -> Response:
        if not repo.has_commits:
            return json_response("gh.commits", {"message": "Git Repository is empty.",
                                                "documentation_url": f"{DOCS}/commits/commits#list-commits",
                                                "status": "409"}, 409)
        since, until = parse_time(request.query.get("since")), parse_time(request.query.get("until"))
        items = [self._commit_json(repo, when, api) for when in repo.commits_between(since, until)]
        return self._paged(request, "gh.commits", items, 30)

    def _commit_json(self, repo: Repo, when: datetime, api: str) -> dict[str, Any]:
        sha = commit_sha(repo, when)
        person = {"name": "Example Committer", "email": "committer@example.org", "date": iso(when)}
        return {"sha": sha, "url": f"{api}/repos/{repo.full_name}/commits/{sha}",
                "html_url": f"{self.web}/{repo.full_name}/commit/{sha}",
                "commit": {"author": person, "committer": person, "message": "Update", "comment_count": 0},
                "author": None, "committer": None, "parents": []}

    def _releases(self, request: Request, repo: Repo, rest: list[str], api: str) -> Response:
        def release_json(index: int, release: Any) -> dict[str, Any]:
            return {"url": f"{api}/repos/{repo.full_name}/releases/{repo.id * 100 + index}",
                    "html_url": f"{self.web}/{repo.full_name}/releases/tag/{release.tag_name}",
                    "id": repo.id * 100 + index, "tag_name": release.tag_name,
                    "target_commitish": repo.default_branch, "name": release.name, "draft": False,
                    "prerelease": False, "created_at": iso(release.published_at),
                    "published_at": iso(release.published_at), "assets": [], "body": None}

        ordered = sorted(enumerate(repo.releases), key=lambda ir: ir[1].published_at or datetime.min.astimezone(),
                         reverse=True)
        if rest == ["latest"]:
            if not ordered:
                return _not_found("gh.release_latest", f"{DOCS}/releases/releases#get-the-latest-release")
            return json_response("gh.release_latest", release_json(*ordered[0]))
        if rest:
            return _not_found("gh.unknown")
        return self._paged(request, "gh.releases", [release_json(i, r) for i, r in ordered], 30)

    def _issues(self, request: Request, repo: Repo, api: str, pulls_only: bool) -> Response:
        route = "gh.pulls" if pulls_only else "gh.issues"
        if request.query.get("state", "open") == "closed":
            return self._paged(request, route, [], 30)
        wanted = {label for label in request.query.get("labels", "").split(",") if label}
        items = []
        total = repo.open_issues + repo.open_pull_requests
        for number in range(total, 0, -1):
            is_pull = number > repo.open_issues
            labels = [name for name, count in repo.labels.items() if not is_pull and number <= count]
            if (pulls_only and not is_pull) or not wanted <= set(labels) or (wanted and is_pull):
                continue
            url = f"{api}/repos/{repo.full_name}/issues/{number}"
            kind = "pull" if is_pull else "issues"
            item: dict[str, Any] = {
                "url": url, "html_url": f"{self.web}/{repo.full_name}/{kind}/{number}", "id": repo.id * 1000 + number,
                "number": number, "title": f"{'Pull request' if is_pull else 'Issue'} {number}",
                "user": {"login": "example-user", "type": "User"}, "state": "open", "locked": False,
                "labels": [{"name": name, "default": name in ("good first issue", "help wanted")} for name in labels],
                "comments": 0, "created_at": iso(repo.pushed_at or repo.created_at), "closed_at": None, "body": None,
            }
            if is_pull:
                item["pull_request"] = {"url": f"{api}/repos/{repo.full_name}/pulls/{number}",
                                        "html_url": f"{self.web}/{repo.full_name}/pull/{number}", "merged_at": None}
            items.append(item)
        return self._paged(request, route, items, 30)

    # -- raw.githubusercontent.com -----------------------------------------------------------

    def _raw(self, request: Request, parts: list[str]) -> Response:
        if len(parts) < 4:
            return text_response("gh.raw", "404: Not Found", 404)
        owner, name, rest = parts[0], parts[1], parts[2:]
        if rest[:2] == ["refs", "heads"] and len(rest) > 3:
            rest = [rest[2], *rest[3:]]
        ref, path = rest[0], "/".join(rest[1:])
        repo = self.fx.repo(owner, name)
        if repo is None:
            moved = self.fx.moved_repo(owner, name)
            if moved is not None:
                location = f"{request.base_url}/raw/github/{moved.full_name}/{ref}/{path}"
                return text_response("gh.raw", "", 301, {"Location": location})
            return text_response("gh.raw", "404: Not Found", 404)
        text = repo.files.get(path)
        if text is None or ref not in (repo.default_branch, "HEAD"):
            return text_response("gh.raw", "404: Not Found", 404)
        return text_response("gh.raw", text, headers={"Cache-Control": "max-age=300"})


def _not_found(route: str, documentation_url: str = "https://docs.github.com/rest") -> Response:
    return json_response(route, {"message": "Not Found", "documentation_url": documentation_url, "status": "404"}, 404)
