"""GitLab REST v4 emulation under ``{prefix}/api/v4`` and web raw files under ``{prefix}``.

Shapes follow GitLab's API docs ("Projects", "Groups", "Repository files", "Commits",
"Releases", "Issues statistics") and its ``API::Entities::Project``; only the keys a
catalogue crawler reads are emitted, with GitLab's names. Empty projects answer 404
``404 Repository Not Found`` on commits; projects whose repository feature is disabled
have no ``default_branch`` key and answer 403 on repository routes (what GitLab does).
"""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from datetime import datetime
from email.utils import formatdate
from typing import Any

from catalogue.testforge.fixture import GitLabGroup, GitLabInstance, GitLabUser, Repo, iso, parse_time
from catalogue.testforge.github_rest import commit_sha, git_blob_sha
from catalogue.testforge.http import Request, Response, json_response, link_header, page_slice, text_response
from catalogue.testforge.licenses import license_name

RATE_LIMIT = 2000  # gitlab.com: authenticated API requests per minute


class GitLabRest:
    """The emulator callable for one GitLab instance's REST API and web raw route."""

    def __init__(self, instance: GitLabInstance) -> None:
        self.gl = instance
        self.web = instance.web_base
        self._lock = threading.Lock()
        self._window = int(time.time()) // 60
        self._observed = 0

    def __call__(self, request: Request) -> Response | None:
        parts = request.segments(self.gl.prefix + "/api/v4")
        if parts is None:
            web = request.segments(self.gl.prefix)
            if web is not None and "-" in web and len(web) > web.index("-") + 3 and web[web.index("-") + 1] == "raw":
                return self._web_raw(request, web)
            return None
        response = self._route(request, parts)
        response.headers.update(self._rate_headers())
        return response

    def _rate_headers(self) -> dict[str, str]:
        with self._lock:
            window = int(time.time()) // 60
            if window != self._window:
                self._window, self._observed = window, 0
            self._observed += 1
            reset = (window + 1) * 60
            return {"RateLimit-Limit": str(RATE_LIMIT), "RateLimit-Observed": str(self._observed),
                    "RateLimit-Remaining": str(max(0, RATE_LIMIT - self._observed)), "RateLimit-Reset": str(reset),
                    "RateLimit-ResetTime": formatdate(reset, usegmt=True)}

    # -- routing ----------------------------------------------------------------------

    def _route(self, request: Request, parts: list[str]) -> Response:
        api = f"{request.base_url}{self.gl.prefix}/api/v4"
        if parts == ["groups"]:  # GET /groups (top_level_only): a whole instance's groups, by id
            groups = sorted((g for g in self.gl.groups.values()
                             if g.parent is None or request.query.get("top_level_only") != "true"), key=lambda g: g.id)
            return self._paged(request, "gl.groups", [self.group_json(g) for g in groups])
        if len(parts) >= 2 and parts[0] == "groups":
            group = self.gl.group(parts[1])
            if group is None:
                return json_response("gl.group", {"message": "404 Group Not Found"}, 404)
            if len(parts) == 2:
                value = self.group_json(group)
                if request.query.get("with_projects", "true") != "false":
                    value["projects"] = [self.project_json(p, request) for p in group.projects]
                return json_response("gl.group", value)
            if parts[2:] == ["projects"]:
                include = request.query.get("include_subgroups", "false") == "true"
                return self._project_list(request, "gl.group_projects", group.all_projects(include))
            if parts[2:] == ["subgroups"]:
                return self._paged(request, "gl.subgroups", [self.group_json(g) for g in group.subgroups])
            if parts[2:] == ["descendant_groups"]:
                return self._paged(request, "gl.descendant_groups", [self.group_json(g) for g in group.descendants()])
        if len(parts) == 3 and parts[0] == "users" and parts[2] == "projects":
            user = self._user(parts[1])
            if user is None:
                return json_response("gl.user_projects", {"message": "404 User Not Found"}, 404)
            return self._project_list(request, "gl.user_projects", sorted(user.projects, key=lambda p: p.id))
        if len(parts) >= 2 and parts[0] == "projects":
            project = self.gl.project(parts[1])
            if project is None:
                return json_response("gl.project", {"message": "404 Project Not Found"}, 404)
            return self._project_route(request, project, parts[2:], api)
        return json_response("gl.unknown", {"error": "404 Not Found"}, 404)

    def _user(self, ref: str) -> GitLabUser | None:
        if ref.isdigit():
            return next((u for u in self.gl.users.values() if u.id == int(ref)), None)
        return self.gl.users.get(ref.lower())

    def _paged(self, request: Request, route: str, items: list[Any]) -> Response:
        per_page = request.int_param("per_page", 20, 1, 100)
        page = request.int_param("page", 1)
        pages = max(1, -(-len(items) // per_page))
        headers = {
            "Link": link_header(request, page, pages, "gitlab", per_page=per_page),
            "X-Page": str(page), "X-Per-Page": str(per_page), "X-Total": str(len(items)),
            "X-Total-Pages": str(pages), "X-Next-Page": str(page + 1) if page < pages else "",
            "X-Prev-Page": str(page - 1) if 1 < page <= pages + 1 else "",
        }
        return json_response(route, page_slice(items, page, per_page), headers=headers)

    def _project_list(self, request: Request, route: str, projects: list[Repo]) -> Response:
        archived = request.query.get("archived")
        if archived in ("true", "false"):
            projects = [p for p in projects if p.archived == (archived == "true")]
        order = request.query.get("order_by", "created_at")
        keys = {"id": lambda p: p.id, "name": lambda p: p.name.lower(), "path": lambda p: p.path.lower(),
                "created_at": lambda p: (p.created_at, p.id), "updated_at": lambda p: (p.pushed_at, p.id),
                "last_activity_at": lambda p: (p.pushed_at or p.created_at, p.id), "star_count": lambda p: p.stars}
        projects = sorted(projects, key=keys.get(order, keys["created_at"]),
                          reverse=request.query.get("sort", "desc") == "desc")
        return self._paged(request, route, [self.project_json(p, request) for p in projects])

    # -- entities -------------------------------------------------------------------------

    def group_json(self, group: GitLabGroup) -> dict[str, Any]:
        """``API::Entities::Group`` (the keys a crawler reads)."""
        names: list[str] = []
        node: GitLabGroup | None = group
        while node is not None:
            names.insert(0, node.name)
            node = node.parent
        return {"id": group.id, "web_url": f"{self.web}/groups/{group.full_path}", "name": group.name,
                "path": group.path, "description": group.description or "", "visibility": "public",
                "full_name": " / ".join(names), "full_path": group.full_path,
                "parent_id": group.parent.id if group.parent else None, "created_at": "2019-01-01T00:00:00.000Z"}

    def _namespace(self, project: Repo) -> dict[str, Any]:
        group = self.gl.group(project.namespace)
        if group is not None:
            return {"id": group.id, "name": group.name, "path": group.path, "kind": "group",
                    "full_path": group.full_path, "parent_id": group.parent.id if group.parent else None,
                    "web_url": f"{self.web}/groups/{group.full_path}"}
        user = self.gl.users.get(project.namespace.lower())
        return {"id": user.id if user else 0, "name": user.name if user else project.namespace,
                "path": project.namespace, "kind": "user", "full_path": project.namespace, "parent_id": None,
                "web_url": f"{self.web}/{project.namespace}"}

    def project_json(self, project: Repo, request: Request) -> dict[str, Any]:
        """``API::Entities::Project`` (``?license=true`` adds ``license``)."""
        web_url = f"{self.web}/{project.full_name}"
        namespace = self._namespace(project)
        value: dict[str, Any] = {
            "id": project.id, "description": project.description, "name": project.name,
            "name_with_namespace": f"{namespace['name']} / {project.name}", "path": project.path,
            "path_with_namespace": project.full_name, "created_at": _gl_time(project.created_at),
        }
        if not project.repository_disabled:
            value["default_branch"] = project.default_branch
        value.update({
            "tag_list": list(project.topics), "topics": list(project.topics),
            "ssh_url_to_repo": f"git@{self.gl.web_host}:{project.full_name}.git",
            "http_url_to_repo": f"{web_url}.git", "web_url": web_url,
            "readme_url": f"{web_url}/-/blob/{project.default_branch}/README.md"
            if "README.md" in project.files else None,
            "forks_count": project.forks, "avatar_url": None, "star_count": project.stars,
            "last_activity_at": _gl_time(project.pushed_at or project.created_at), "namespace": namespace,
            "updated_at": _gl_time(project.updated_at or project.pushed_at or project.created_at),
            "empty_repo": project.empty or project.repository_disabled, "archived": project.archived,
            "visibility": "public", "repository_access_level": "disabled" if project.repository_disabled else "enabled",
            "issues_enabled": True, "open_issues_count": project.open_issues,
        })
        if project.fork_of:
            value["forked_from_project"] = self._fork_parent(project.fork_of, request)
        if request.query.get("license") == "true":
            value["license_url"] = f"{web_url}/-/blob/{project.default_branch}/LICENSE" if project.license else None
            value["license"] = None if project.license is None else {
                "key": project.license.lower(), "name": license_name(project.license),
                "nickname": None, "html_url": f"https://spdx.org/licenses/{project.license}.html",
                "source_url": None}
        return value

    def _fork_parent(self, fork_of: str, request: Request) -> dict[str, Any]:
        full = fork_of.removeprefix(self.web + "/").strip("/")
        parent = self.gl.project(full)
        if parent is not None:
            return {"id": parent.id, "name": parent.name, "path": parent.path,
                    "path_with_namespace": parent.full_name, "web_url": f"{self.web}/{parent.full_name}"}
        return {"id": int(hashlib.sha1(full.encode()).hexdigest()[:6], 16), "name": full.rsplit("/", 1)[-1],
                "path": full.rsplit("/", 1)[-1], "path_with_namespace": full,
                "web_url": fork_of if fork_of.startswith("http") else f"{self.web}/{full}"}

    # -- project routes -------------------------------------------------------------------

    def _project_route(self, request: Request, project: Repo, rest: list[str], api: str) -> Response:
        if not rest:
            return json_response("gl.project", self.project_json(project, request))
        if rest == ["languages"]:
            return json_response("gl.languages", project.language_shares())
        if rest == ["releases"]:
            return self._releases(request, project)
        if rest == ["issues_statistics"]:
            return self._issue_statistics(request, project)
        if rest[0] != "repository":
            return json_response("gl.unknown", {"error": "404 Not Found"}, 404)
        route = {"files": "gl.file", "commits": "gl.commits", "tree": "gl.tree"}.get(rest[1] if len(rest) > 1 else "",
                                                                                  "gl.unknown")
        if rest[1:2] == ["files"] and len(rest) >= 4 and rest[-1] == "raw":
            route = "gl.file_raw"
        if project.repository_disabled:
            return json_response(route, {"message": "403 Forbidden"}, 403)
        if rest[1:] == ["commits"]:
            return self._commits(request, project)
        if rest[1:2] == ["files"] and len(rest) >= 3:
            raw = rest[-1] == "raw" and len(rest) >= 4
            return self._file(request, project, "/".join(rest[2:-1] if raw else rest[2:]), raw)
        return json_response("gl.unknown", {"error": "404 Not Found"}, 404)

    def _ref_ok(self, project: Repo, ref: str) -> bool:
        return ref in ("HEAD", project.default_branch, f"refs/heads/{project.default_branch}")

    def _file(self, request: Request, project: Repo, path: str, raw: bool) -> Response:
        route = "gl.file_raw" if raw else "gl.file"
        ref = request.query.get("ref")
        if ref is None and not raw:
            return json_response(route, {"error": "ref is missing"}, 400)
        ref = ref or "HEAD"
        if not project.empty and not self._ref_ok(project, ref):
            return json_response(route, {"message": "404 Commit Not Found"}, 404)
        text = project.files.get(path)
        if text is None:
            return json_response(route, {"message": "404 File Not Found"}, 404)
        data = text.encode("utf-8")
        head = commit_sha(project, project.last_commit_at or project.created_at)
        if raw:
            return text_response(route, data, headers={"X-Gitlab-File-Path": path, "X-Gitlab-Ref": ref,
                                                       "X-Gitlab-Blob-Id": git_blob_sha(text)})
        return json_response(route, {
            "file_name": path.rsplit("/", 1)[-1], "file_path": path, "size": len(data), "encoding": "base64",
            "content_sha256": hashlib.sha256(data).hexdigest(), "ref": ref, "blob_id": git_blob_sha(text),
            "commit_id": head, "last_commit_id": head, "execute_filemode": False,
            "content": base64.b64encode(data).decode("ascii")})

    def _commits(self, request: Request, project: Repo) -> Response:
        if project.empty:
            return json_response("gl.commits", {"message": "404 Repository Not Found"}, 404)
        ref = request.query.get("ref_name")
        if ref is not None and not self._ref_ok(project, ref):
            return json_response("gl.commits", [])
        dates = project.commits_between(parse_time(request.query.get("since")), parse_time(request.query.get("until")))
        web_url = f"{self.web}/{project.full_name}"
        items: list[dict[str, Any]] = [{"id": commit_sha(project, d), "short_id": commit_sha(project, d)[:8], "created_at": _gl_time(d),
                  "parent_ids": [], "title": "Update", "message": "Update", "author_name": "Example Committer",
                  "author_email": "committer@example.org", "authored_date": _gl_time(d),
                  "committer_name": "Example Committer", "committer_email": "committer@example.org",
                  "committed_date": _gl_time(d), "web_url": f"{web_url}/-/commit/{commit_sha(project, d)}"}
                 for d in dates]
        response = self._paged(request, "gl.commits", items)
        for header in ("X-Total", "X-Total-Pages"):  # GitLab sends no totals on commit lists
            response.headers.pop(header, None)
        return response

    def _releases(self, request: Request, project: Repo) -> Response:
        ordered = sorted(project.releases, key=lambda r: r.published_at or datetime.min.astimezone(), reverse=True)
        web_url = f"{self.web}/{project.full_name}"
        items = [{"name": r.name or r.tag_name, "tag_name": r.tag_name, "description": None,
                  "created_at": _gl_time(r.published_at), "released_at": _gl_time(r.published_at),
                  "upcoming_release": False, "_links": {"self": f"{web_url}/-/releases/{r.tag_name}"}}
                 for r in ordered]
        return self._paged(request, "gl.releases", items)

    def _issue_statistics(self, request: Request, project: Repo) -> Response:
        labels = [label for label in request.query.get("labels", "").split(",") if label]
        opened = project.open_issues
        if labels:
            opened = min([opened] + [project.labels.get(label, 0) for label in labels])
        return json_response("gl.issues_statistics",
                             {"statistics": {"counts": {"all": opened, "closed": 0, "opened": opened}}})

    # -- web raw -------------------------------------------------------------------------------

    def _web_raw(self, request: Request, parts: list[str]) -> Response:
        dash = parts.index("-")
        full_path, ref, path = "/".join(parts[:dash]), parts[dash + 2], "/".join(parts[dash + 3:])
        project = self.gl.project(full_path)
        if project is None:
            return text_response("gl.raw", "", 302, {"Location": f"{request.base_url}{self.gl.prefix}/users/sign_in"})
        if project.full_name.lower() != full_path.lower():
            location = f"{request.base_url}{self.gl.prefix}/{project.full_name}/-/raw/{ref}/{path}"
            return text_response("gl.raw", "", 301, {"Location": location})
        text = project.files.get(path)
        if text is None or not project.has_commits or not self._ref_ok(project, ref):
            return text_response("gl.raw", "404 Not Found", 404)
        return text_response("gl.raw", text)


def _gl_time(value: datetime | None) -> str | None:
    """GitLab writes times with milliseconds: ``2024-05-01T00:00:00.000Z``."""
    text = iso(value)
    return None if text is None else text[:-1] + ".000Z"
