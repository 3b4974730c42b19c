"""Issue writes for the test forge: what an issue-opening bot (``catalogue notify``) does.

Issues and comments live in memory for the life of the server, keyed by repository.
Shapes follow docs.github.com ("Issues": create, update, list; "Issue comments") and
docs.gitlab.com ("Issues API", "Notes API"), with only the keys a client reads.

GitHub, under ``/github`` (``Authorization: token|Bearer``; without one: 401
``Requires authentication``):

* ``GET /user`` [gh.viewer]: the token's user (``login`` = ``IssueWrites.viewer``);
* ``POST /repos/{o}/{r}/issues`` [gh.issue_create] ``{"title", "body", "labels"}`` -> 201 and
  ``Location``; no title -> 422 ``Validation Failed``; archived -> 403;
* ``PATCH /repos/{o}/{r}/issues/{n}`` [gh.issue_update] ``{"state", "state_reason", "title",
  "body", "labels"}`` -> 200; ``GET .../issues/{n}`` [gh.issue];
* ``POST .../issues/{n}/comments`` [gh.issue_comment_create] -> 201; ``GET`` lists them
  [gh.issue_comments];
* ``GET /repos/{o}/{r}/issues?creator=&state=&labels=`` [gh.issues]: answered here when
  ``creator`` is given or the repository has written issues: the written issues that match
  (newest first), then, without ``creator``, the fixture's made-up ones;
* the secondary limit on content creation: more than ``issues_per_minute`` issue creations
  (or ``content_per_minute`` issues plus comments) by one token within 60 seconds ->
  403 with ``Retry-After`` and GitHub's message (docs.github.com, "Rate limits for the REST
  API": 80 content-generating requests a minute, 500 an hour; the issue limit is lower and
  undocumented). Refused requests do not count.

GitLab, under ``{prefix}/api/v4`` (``PRIVATE-TOKEN`` or ``Authorization: Bearer``; without
one: 401 ``401 Unauthorized``):

* ``GET /user`` [gl.viewer]; ``GET /projects/:id/issues?state=&author_username=&labels=``
  [gl.issues] (state ``opened``/``closed``/``all``, default all, as on GitLab);
  ``GET /projects/:id/issues/:iid`` [gl.issue];
* ``POST /projects/:id/issues`` [gl.issue_create] (``title``, ``description``, ``labels``;
  JSON or form) -> 201; no title -> 400 ``title is missing``;
* ``PUT /projects/:id/issues/:iid`` [gl.issue_update] (``state_event`` close/reopen,
  ``title``, ``description``, ``labels``) -> 200; a bad ``state_event`` -> 400;
* ``POST /projects/:id/issues/:iid/notes`` [gl.issue_note_create] -> 201;
* ``issues_create_limit`` creations a minute per token (0, GitLab's default: off) -> 429
  with ``Retry-After``.

``IssueWrites.clock`` (seconds, default ``time.monotonic``) can be replaced so that a test
that pauses with a fake sleep also moves the limit's window. Find a running forge's
writes with ``IssueWrites.of(forge)``.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable
from urllib.parse import parse_qsl

from catalogue.testforge.fixture import Fixture, GitLabInstance, Repo
from catalogue.testforge.http import Request, Response, json_response

GITHUB_SECONDARY_LIMIT = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content creation. "
    "Please retry your request again later. If you reach out to GitHub Support for help, please include "
    "the request ID.")
DOCS = "https://docs.github.com/rest"


@dataclass
class WrittenIssue:
    """One issue written through the API, with its comments (GitHub) or notes (GitLab)."""

    number: int
    title: str
    body: str | None
    author: str
    labels: list[str]
    created_at: datetime
    updated_at: datetime
    state: str = "open"  # GitHub spelling; GitLab answers "opened"
    closed_at: datetime | None = None
    state_reason: str | None = None
    comments: list[dict[str, Any]] = field(default_factory=list)


def _iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


class IssueWrites:
    """The written issues of one test forge and its content-creation limits.

    ``viewer``: the login every token acts as; ``issues_per_minute`` /
    ``content_per_minute``: GitHub's secondary limits (per token, per 60 s);
    ``retry_after``: seconds in ``Retry-After``; ``gitlab_issues_per_minute``: GitLab's
    ``issues_create_limit`` (0 = off).
    """

    def __init__(self, fixture: Fixture, viewer: str = "catalogue-bot", issues_per_minute: int = 20,
                 content_per_minute: int = 80, retry_after: int = 60, gitlab_issues_per_minute: int = 0) -> None:
        self.fixture = fixture
        self.viewer = viewer
        self.issues_per_minute = issues_per_minute
        self.content_per_minute = content_per_minute
        self.retry_after = retry_after
        self.gitlab_issues_per_minute = gitlab_issues_per_minute
        self.clock: Callable[[], float] = time.monotonic
        self.issues: dict[str, list[WrittenIssue]] = {}
        self.refused: list[str] = []  # route names of writes refused by a limit
        self._created: dict[tuple[str, str], list[tuple[float, str]]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def of(forge: Any) -> "IssueWrites":
        """The writes of a running ``TestForge`` built by ``TestForge.from_fixture``."""
        for emulator in forge._emulators:  # package-internal: the server keeps its emulators
            if isinstance(emulator, (GitHubIssueWrites, GitLabIssueWrites)):
                return emulator.writes
        raise LookupError("this forge has no issue-write routes (a replay forge?)")

    def written(self, key: str) -> list[WrittenIssue]:
        """The written issues of a repository key (``github:owner/name``, ``/gitlab:ID``)."""
        return self.issues.get(key.lower(), [])

    def allow(self, token: str, forge: str, kind: str) -> bool:
        """Count one content creation (``kind`` ``issue`` or ``comment``) by ``token`` on
        ``forge``; False (not counted) when a per-minute limit is reached."""
        with self._lock:
            now = self.clock()
            recent = [(at, k) for at, k in self._created.get((forge, token), []) if now - at < 60]
            issues = sum(k == "issue" for _, k in recent)
            if forge == "github":
                refused = (kind == "issue" and issues >= self.issues_per_minute) or \
                    len(recent) >= self.content_per_minute
            else:
                refused = kind == "issue" and 0 < self.gitlab_issues_per_minute <= issues
            if not refused:
                recent.append((now, kind))
            self._created[(forge, token)] = recent
            return not refused

    def create(self, key: str, title: str, body: str | None, labels: list[str], start: int) -> WrittenIssue:
        """Store a new issue; numbers continue after ``start`` (the made-up issues)."""
        with self._lock:
            existing = self.issues.setdefault(key.lower(), [])
            now = datetime.now(timezone.utc).replace(microsecond=0)
            issue = WrittenIssue(number=start + len(existing) + 1, title=title, body=body, author=self.viewer,
                                 labels=labels, created_at=now, updated_at=now)
            existing.append(issue)
            return issue

    def find(self, key: str, number: str) -> WrittenIssue | None:
        """A written issue by number (``None`` when there is none)."""
        if not number.isdigit():
            return None
        return next((i for i in self.written(key) if i.number == int(number)), None)


def _labels(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value or []]


def _body(request: Request) -> dict[str, Any]:
    """A JSON object body, else form fields; ``{}`` for anything else."""
    try:
        value = request.json_body()
    except ValueError:
        return dict(parse_qsl(request.body.decode("utf-8", "replace")))
    return value if isinstance(value, dict) else {}


def _touch(issue: WrittenIssue) -> None:
    issue.updated_at = datetime.now(timezone.utc).replace(microsecond=0)


class GitHubIssueWrites:
    """The emulator callable for GitHub's issue writes (see the module docstring)."""

    def __init__(self, writes: IssueWrites, rest: Callable[[Request], Response | None]) -> None:
        self.writes = writes
        self.rest = rest  # the read emulator, for the made-up issues of mixed lists
        self.web = f"https://{writes.fixture.github_web_host}"

    def __call__(self, request: Request) -> Response | None:
        parts = request.segments("/github")
        if parts is None:
            return None
        if parts == ["user"]:
            if not request.authorized:
                return self._error("gh.viewer", 401, "Requires authentication")
            return json_response("gh.viewer", {"login": self.writes.viewer, "id": 90001, "type": "User"})
        if len(parts) < 4 or parts[0] != "repos" or parts[3] != "issues":
            return None
        repo = self.writes.fixture.repo(parts[1], parts[2])
        if repo is None:
            return None
        key, rest = f"github:{repo.full_name}", parts[4:]
        if request.method == "GET" and not rest and ("creator" in request.query or self.writes.written(key)):
            return self._list(request, repo, key)
        issue = self.writes.find(key, rest[0]) if request.method == "GET" and len(rest) in (1, 2) else None
        if issue is not None:
            if len(rest) == 1:
                return json_response("gh.issue", self.issue_json(request, repo, issue))
            if rest[1] == "comments":
                return json_response("gh.issue_comments", issue.comments)
        if request.method not in ("POST", "PATCH"):
            return None
        if not request.authorized:
            return self._error("gh.issue_write", 401, "Requires authentication")
        if repo.archived:
            return self._error("gh.issue_write", 403, "Repository was archived so is read-only.")
        data = _body(request)
        if request.method == "POST" and not rest:
            return self._create(request, repo, key, data)
        issue = self.writes.find(key, rest[0]) if rest else None
        if issue is None:
            return self._error("gh.issue_write", 404, "Not Found")
        if request.method == "PATCH" and len(rest) == 1:
            return self._update(request, repo, issue, data)
        if request.method == "POST" and rest[1:] == ["comments"]:
            return self._comment(request, repo, issue, data)
        return self._error("gh.issue_write", 404, "Not Found")

    def _error(self, route: str, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        return json_response(route, {"message": message, "documentation_url": f"{DOCS}/issues/issues",
                                     "status": str(status)}, status, headers)

    def _create(self, request: Request, repo: Repo, key: str, data: dict[str, Any]) -> Response:
        if not isinstance(data.get("title"), str) or not data["title"].strip():
            return json_response("gh.issue_create", {"message": "Validation Failed", "errors": [
                {"resource": "Issue", "code": "missing_field", "field": "title"}], "status": "422"}, 422)
        if not self.writes.allow(request.token or "", "github", "issue"):
            self.writes.refused.append("gh.issue_create")
            return self._error("gh.issue_create", 403, GITHUB_SECONDARY_LIMIT,
                               {"Retry-After": str(self.writes.retry_after)})
        issue = self.writes.create(key, data["title"], data.get("body"), _labels(data.get("labels")),
                                   repo.open_issues + repo.open_pull_requests)
        value = self.issue_json(request, repo, issue)
        return json_response("gh.issue_create", value, 201, {"Location": value["url"]})

    def _update(self, request: Request, repo: Repo, issue: WrittenIssue, data: dict[str, Any]) -> Response:
        if data.get("state") not in (None, "open", "closed"):
            return json_response("gh.issue_update", {"message": "Validation Failed", "status": "422"}, 422)
        for name in ("title", "body"):
            if isinstance(data.get(name), str):
                setattr(issue, name, data[name])
        if "labels" in data:
            issue.labels = _labels(data["labels"])
        if data.get("state") == "closed" and issue.state == "open":
            issue.state, issue.closed_at = "closed", datetime.now(timezone.utc).replace(microsecond=0)
            issue.state_reason = data.get("state_reason") or "completed"
        elif data.get("state") == "open" and issue.state == "closed":
            issue.state, issue.closed_at, issue.state_reason = "open", None, "reopened"
        _touch(issue)
        return json_response("gh.issue_update", self.issue_json(request, repo, issue))

    def _comment(self, request: Request, repo: Repo, issue: WrittenIssue, data: dict[str, Any]) -> Response:
        if not isinstance(data.get("body"), str) or not data["body"]:
            return json_response("gh.issue_comment_create", {"message": "Validation Failed", "status": "422"}, 422)
        if not self.writes.allow(request.token or "", "github", "comment"):
            self.writes.refused.append("gh.issue_comment_create")
            return self._error("gh.issue_comment_create", 403, GITHUB_SECONDARY_LIMIT,
                               {"Retry-After": str(self.writes.retry_after)})
        number = len(issue.comments) + 1
        api = f"{request.base_url}/github/repos/{repo.full_name}/issues"
        comment = {"id": issue.number * 1000 + number, "url": f"{api}/comments/{issue.number * 1000 + number}",
                   "html_url": f"{self.web}/{repo.full_name}/issues/{issue.number}#issuecomment-{number}",
                   "body": data["body"], "user": {"login": self.writes.viewer, "type": "User"},
                   "created_at": _iso(datetime.now(timezone.utc)), "author_association": "NONE"}
        issue.comments.append(comment)
        _touch(issue)
        return json_response("gh.issue_comment_create", comment, 201)

    def _list(self, request: Request, repo: Repo, key: str) -> Response:
        state = request.query.get("state", "open")
        creator = request.query.get("creator")
        wanted = set(_labels(request.query.get("labels", "")))
        items = [self.issue_json(request, repo, issue) for issue in reversed(self.writes.written(key))
                 if (state == "all" or issue.state == state) and (not creator or creator.lower() == issue.author)
                 and wanted <= set(issue.labels)]
        if not creator:
            page = 1
            while True:  # the made-up issues, all pages of the read emulator
                pairs = [(k, v) for k, v in request.query_pairs if k not in ("page", "per_page")]
                inner = Request(request.method, request.raw_path, pairs + [("per_page", "100"), ("page", str(page))],
                                request.headers, b"", request.base_url)
                answer = self.rest(inner)
                made_up = [] if answer is None or answer.status != 200 else json.loads(answer.body.decode("utf-8"))
                items += made_up
                if len(made_up) < 100:
                    break
                page += 1
        per_page = request.int_param("per_page", 30, 1, 100)
        page = request.int_param("page", 1)
        return json_response("gh.issues", items[(page - 1) * per_page:page * per_page])

    def issue_json(self, request: Request, repo: Repo, issue: WrittenIssue) -> dict[str, Any]:
        """The issue object GitHub answers (``url`` points back at this server)."""
        api = f"{request.base_url}/github/repos/{repo.full_name}"
        return {
            "url": f"{api}/issues/{issue.number}", "repository_url": api,
            "comments_url": f"{api}/issues/{issue.number}/comments",
            "html_url": f"{self.web}/{repo.full_name}/issues/{issue.number}",
            "id": repo.id * 1000 + issue.number, "number": issue.number, "title": issue.title,
            "user": {"login": issue.author, "id": 90001, "type": "User"},
            "labels": [{"name": name} for name in issue.labels], "state": issue.state,
            "state_reason": issue.state_reason, "locked": False, "comments": len(issue.comments),
            "created_at": _iso(issue.created_at), "updated_at": _iso(issue.updated_at),
            "closed_at": _iso(issue.closed_at),
            "closed_by": {"login": self.writes.viewer, "type": "User"} if issue.closed_at else None,
            "author_association": "NONE", "body": issue.body,
        }


class GitLabIssueWrites:
    """The emulator callable for one GitLab instance's issue routes (see the module docstring)."""

    def __init__(self, writes: IssueWrites, instance: GitLabInstance) -> None:
        self.writes = writes
        self.gl = instance

    def __call__(self, request: Request) -> Response | None:
        parts = request.segments(self.gl.prefix + "/api/v4")
        if parts is None:
            return None
        if parts == ["user"]:
            if not request.authorized:
                return json_response("gl.viewer", {"message": "401 Unauthorized"}, 401)
            return json_response("gl.viewer", self._user())
        if len(parts) < 3 or parts[0] != "projects" or parts[2] != "issues":
            return None
        project = self.gl.project(parts[1])
        if project is None:
            return json_response("gl.issues", {"message": "404 Project Not Found"}, 404)
        key, rest = f"{self.gl.prefix}:{project.id}", parts[3:]
        if request.method == "GET":
            if not rest:
                return self._list(request, project, key)
            issue = self.writes.find(key, rest[0])
            if issue is None or len(rest) > 1:
                return json_response("gl.issue", {"message": "404 Not found"}, 404)
            return json_response("gl.issue", self.issue_json(project, issue))
        if request.method not in ("POST", "PUT"):
            return json_response("gl.issue_write", {"error": "405 Not Allowed"}, 405)
        if not request.authorized:
            return json_response("gl.issue_write", {"message": "401 Unauthorized"}, 401)
        data = _body(request)
        if request.method == "POST" and not rest:
            return self._create(request, project, key, data)
        issue = self.writes.find(key, rest[0]) if rest else None
        if request.method == "PUT" and len(rest) == 1:
            if data.get("state_event") not in (None, "close", "reopen"):
                return json_response("gl.issue_update", {"error": "state_event does not have a valid value"}, 400)
            if issue is None:
                return json_response("gl.issue_update", {"message": "404 Not found"}, 404)
            return self._update(project, issue, data)
        if request.method == "POST" and rest[1:] == ["notes"] and issue is not None:
            if not data.get("body"):
                return json_response("gl.issue_note_create", {"error": "body is missing"}, 400)
            note = {"id": issue.number * 1000 + len(issue.comments) + 1, "body": data["body"],
                    "author": self._user(), "created_at": _iso(datetime.now(timezone.utc)), "system": False,
                    "noteable_type": "Issue", "noteable_iid": issue.number}
            issue.comments.append(note)
            _touch(issue)
            return json_response("gl.issue_note_create", note, 201)
        return json_response("gl.issue_write", {"message": "404 Not found"}, 404)

    def _user(self) -> dict[str, Any]:
        return {"id": 90001, "username": self.writes.viewer, "name": self.writes.viewer, "state": "active"}

    def _create(self, request: Request, project: Repo, key: str, data: dict[str, Any]) -> Response:
        if not data.get("title"):
            return json_response("gl.issue_create", {"error": "title is missing"}, 400)
        if project.archived:
            return json_response("gl.issue_create", {"message": "403 Forbidden"}, 403)
        if not self.writes.allow(request.token or "", "gitlab", "issue"):
            self.writes.refused.append("gl.issue_create")
            return json_response("gl.issue_create", {"message": {
                "error": "This endpoint has been requested too many times. Try again later."}}, 429,
                {"Retry-After": str(self.writes.retry_after)})
        issue = self.writes.create(key, str(data["title"]), data.get("description"), _labels(data.get("labels")), 0)
        return json_response("gl.issue_create", self.issue_json(project, issue), 201)

    def _update(self, project: Repo, issue: WrittenIssue, data: dict[str, Any]) -> Response:
        if isinstance(data.get("title"), str):
            issue.title = data["title"]
        if isinstance(data.get("description"), str):
            issue.body = data["description"]
        if "labels" in data:
            issue.labels = _labels(data["labels"])
        if data.get("state_event") == "close" and issue.state == "open":
            issue.state, issue.closed_at = "closed", datetime.now(timezone.utc).replace(microsecond=0)
        elif data.get("state_event") == "reopen" and issue.state == "closed":
            issue.state, issue.closed_at = "open", None
        _touch(issue)
        return json_response("gl.issue_update", self.issue_json(project, issue))

    def _list(self, request: Request, project: Repo, key: str) -> Response:
        state = {"opened": "open", "closed": "closed"}.get(request.query.get("state", "all"))
        author = request.query.get("author_username")
        wanted = set(_labels(request.query.get("labels", "")))
        items = [self.issue_json(project, issue) for issue in reversed(self.writes.written(key))
                 if (state is None or issue.state == state) and (not author or author.lower() == issue.author)
                 and wanted <= set(issue.labels)]
        per_page = request.int_param("per_page", 20, 1, 100)
        page = request.int_param("page", 1)
        return json_response("gl.issues", items[(page - 1) * per_page:page * per_page],
                             headers={"X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(len(items)),
                                      "X-Next-Page": str(page + 1) if page * per_page < len(items) else ""})

    def issue_json(self, project: Repo, issue: WrittenIssue) -> dict[str, Any]:
        """GitLab's ``Issue`` entity, the keys a client reads."""
        web = f"{self.gl.web_base}/{project.full_name}"
        return {
            "id": project.id * 1000 + issue.number, "iid": issue.number, "project_id": project.id,
            "title": issue.title, "description": issue.body,
            "state": "opened" if issue.state == "open" else "closed",
            "created_at": _iso(issue.created_at), "updated_at": _iso(issue.updated_at),
            "closed_at": _iso(issue.closed_at), "labels": list(issue.labels), "author": self._user(),
            "user_notes_count": len(issue.comments), "confidential": False,
            "web_url": f"{web}/-/issues/{issue.number}",
            "references": {"short": f"#{issue.number}", "full": f"{project.full_name}#{issue.number}"},
        }
