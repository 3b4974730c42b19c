"""GitLab GraphQL emulation: ``POST {prefix}/api/graphql`` over ``gitlab_schema.graphql``.

Like the GitHub emulator, each GitLab type is a small class whose attributes and
methods graphql-core's default resolver reads under GitLab's field names. GitLab's
habits: global ids (``gid://gitlab/Project/123``), ``count`` instead of ``totalCount``,
page size silently capped at 100, a missing group/project answering ``null`` without
an error, and anonymous access to public data.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graphql import GraphQLResolveInfo, graphql_sync

from catalogue.testforge.accounting import RepositoryTracker
from catalogue.testforge.fixture import GitLabGroup, GitLabInstance, Repo, iso
from catalogue.testforge.github_rest import commit_sha, git_blob_sha
from catalogue.testforge.graphql_util import connection, format_errors, load_schema
from catalogue.testforge.http import Request, Response, json_response

_SCHEMA = load_schema("gitlab_schema.graphql", {})


def _gid(kind: str, key: object) -> str:
    return f"gid://gitlab/{kind}/{key}"


class GlRoot:
    """The ``Query`` type of one instance."""

    def __init__(self, instance: GitLabInstance) -> None:
        self.gl = instance
        self.queryComplexity = {"limit": 250, "score": 1}

    def group(self, info: GraphQLResolveInfo, fullPath: str) -> "GlGroup | None":
        group = self.gl.group(fullPath)
        return GlGroup(self, group) if group else None

    def namespace(self, info: GraphQLResolveInfo, fullPath: str) -> "GlGroup | GlUserNamespace | None":
        group = self.gl.group(fullPath)
        if group is not None:
            return GlGroup(self, group)
        user = self.gl.users.get(fullPath.lower())
        return GlUserNamespace(self, user.username, user.name, user.id, user.projects) if user else None

    def project(self, info: GraphQLResolveInfo, fullPath: str) -> "GlProject | None":
        project = self.gl.project(fullPath) if not fullPath.isdigit() else None
        return GlProject(self, project) if project else None

    def projects(self, info: GraphQLResolveInfo, fullPaths: list[str] | None = None, ids: list[str] | None = None,
                 search: str | None = None, first: int | None = None, after: str | None = None) -> dict[str, Any]:
        found = sorted(self.gl.projects.values(), key=lambda p: p.id, reverse=True)
        if fullPaths is not None:
            wanted = {path.lower() for path in fullPaths}
            found = [p for p in found if p.full_name.lower() in wanted]
        if ids is not None:
            wanted = {str(i).rsplit("/", 1)[-1] for i in ids}
            found = [p for p in found if str(p.id) in wanted]
        if search:
            found = [p for p in found if search.lower() in p.name.lower()]
        return connection([GlProject(self, p) for p in found], info, first, after, strict=False)


def _project_list(root: GlRoot, projects: list[Repo], info: GraphQLResolveInfo, first: int | None,
                  after: str | None, includeArchived: bool = True, search: str | None = None) -> dict[str, Any]:
    chosen = [p for p in projects if (includeArchived or not p.archived)
              and (not search or search.lower() in p.name.lower())]
    return connection([GlProject(root, p) for p in chosen], info, first, after, strict=False)


class GlGroup:
    """The ``Group`` type (also answers ``namespace(fullPath)`` for a group)."""

    def __init__(self, root: GlRoot, group: GitLabGroup) -> None:
        self.root, self.g = root, group
        self.id = _gid("Group", group.id)
        self.fullPath = group.full_path
        self.name = group.name
        self.path = group.path
        self.description = group.description
        self.visibility = "public"
        self.webUrl = f"{root.gl.web_base}/groups/{group.full_path}"
        names: list[str] = []
        node: GitLabGroup | None = group
        while node is not None:
            names.insert(0, node.name)
            node = node.parent
        self.fullName = " / ".join(names)

    def parent(self, info: GraphQLResolveInfo) -> "GlGroup | None":
        return GlGroup(self.root, self.g.parent) if self.g.parent else None

    def projects(self, info: GraphQLResolveInfo, includeSubgroups: bool = False, includeArchived: bool = True,
                 search: str | None = None, first: int | None = None, after: str | None = None,
                 **_: Any) -> dict[str, Any]:
        projects = sorted(self.g.all_projects(includeSubgroups), key=lambda p: p.id, reverse=True)
        return _project_list(self.root, projects, info, first, after, includeArchived, search)

    def descendantGroups(self, info: GraphQLResolveInfo, includeParentDescendants: bool = True,
                         first: int | None = None, after: str | None = None) -> dict[str, Any]:
        groups = list(self.g.descendants()) if includeParentDescendants else list(self.g.subgroups)
        return connection([GlGroup(self.root, g) for g in groups], info, first, after, strict=False)


class GlUserNamespace:
    """The ``Namespace`` type of a user (personal projects)."""

    def __init__(self, root: GlRoot, username: str, name: str, user_id: int, projects: list[Repo]) -> None:
        self.root, self._projects = root, projects
        self.id = _gid("Namespaces::UserNamespace", user_id)
        self.fullPath = self.path = username
        self.fullName = self.name = name
        self.description = ""
        self.visibility = "public"

    def projects(self, info: GraphQLResolveInfo, includeArchived: bool = True, search: str | None = None,
                 first: int | None = None, after: str | None = None, **_: Any) -> dict[str, Any]:
        projects = sorted(self._projects, key=lambda p: p.id, reverse=True)
        return _project_list(self.root, projects, info, first, after, includeArchived, search)


class GlProject:
    """The ``Project`` type over a fixture ``Repo``."""

    def __init__(self, root: GlRoot, project: Repo) -> None:
        self.root, self.p = root, project
        web = f"{root.gl.web_base}/{project.full_name}"
        self.id = _gid("Project", project.id)
        self.fullPath = project.full_name
        self.name = project.name
        self.path = project.path
        self.description = project.description
        self.webUrl = web
        self.httpUrlToRepo = f"{web}.git"
        self.archived = project.archived
        self.visibility = "public"
        self.createdAt = iso(project.created_at)
        self.lastActivityAt = iso(project.pushed_at or project.created_at)
        self.updatedAt = iso(project.updated_at or project.pushed_at or project.created_at)
        self.starCount = project.stars
        self.forksCount = project.forks
        self.openIssuesCount = project.open_issues
        self.topics = list(project.topics)
        self.isForked = project.fork_of is not None
        self.languages = [{"name": name, "share": share, "color": None}
                          for name, share in project.language_shares().items()]

    @property
    def nameWithNamespace(self) -> str:
        group = self.root.gl.group(self.p.namespace)
        return f"{GlGroup(self.root, group).fullName if group else self.p.namespace} / {self.p.name}"

    def group(self, info: GraphQLResolveInfo) -> GlGroup | None:
        group = self.root.gl.group(self.p.namespace)
        return GlGroup(self.root, group) if group else None

    def namespace(self, info: GraphQLResolveInfo) -> Any:
        return self.root.namespace(info, self.p.namespace)

    def repository(self, info: GraphQLResolveInfo) -> "GlRepository | None":
        return None if self.p.repository_disabled else GlRepository(self.root, self.p)

    def releases(self, info: GraphQLResolveInfo, first: int | None = None, after: str | None = None) -> dict[str, Any]:
        ordered = sorted(self.p.releases, key=lambda r: r.published_at or datetime.min.astimezone(), reverse=True)
        items = [{"id": _gid("Release", f"{self.p.id}-{r.tag_name}"), "tagName": r.tag_name,
                  "name": r.name or r.tag_name, "releasedAt": iso(r.published_at), "createdAt": iso(r.published_at),
                  "upcomingRelease": False} for r in ordered]
        return connection(items, info, first, after, strict=False)

    def issues(self, info: GraphQLResolveInfo, state: str | None = None, labelName: list[str] | None = None,
               first: int | None = None, after: str | None = None) -> dict[str, Any]:
        count = 0 if state in ("closed", "locked") else self.p.open_issues
        if labelName:
            count = min([count] + [self.p.labels.get(label, 0) for label in labelName])
        items = [{"id": _gid("Issue", f"{self.p.id}{n}"), "iid": str(n), "title": f"Issue {n}", "state": "opened"}
                 for n in range(count, 0, -1)]
        return connection(items, info, first, after, strict=False)


class GlRepository:
    """The ``Repository`` type: root ref, emptiness, blobs and the last commit."""

    def __init__(self, root: GlRoot, project: Repo) -> None:
        self.root, self.p = root, project
        self.empty = project.empty
        self.exists = True
        self.rootRef = None if project.empty else project.default_branch

    def _ref_ok(self, ref: str | None) -> bool:
        return ref in (None, "HEAD", self.p.default_branch, f"refs/heads/{self.p.default_branch}")

    def blobs(self, info: GraphQLResolveInfo, paths: list[str], ref: str | None = None) -> dict[str, Any]:
        web = f"{self.root.gl.web_base}/{self.p.full_name}/-/blob/{self.p.default_branch}"
        found = []
        if not self.p.empty and self._ref_ok(ref):
            for path in paths:
                text = self.p.files.get(path)
                if text is not None:
                    oid = git_blob_sha(text)
                    found.append({"id": _gid("Blob", oid), "oid": oid, "path": path, "name": path.rsplit("/", 1)[-1],
                                  "rawBlob": text, "rawTextBlob": None if "\x00" in text[:8000] else text,
                                  "size": len(text.encode("utf-8")),
                                  "webUrl": f"{web}/{path}"})
        return connection(found, info, None, None, strict=False)

    def tree(self, info: GraphQLResolveInfo, path: str = "", ref: str | None = None,
             recursive: bool = False) -> dict[str, Any] | None:
        if self.p.empty or not self._ref_ok(ref) or self.p.last_commit_at is None:
            return None
        when = self.p.last_commit_at
        sha = commit_sha(self.p, when)
        return {"lastCommit": {"id": _gid("CommitPresenter", sha), "sha": sha, "shortId": sha[:8],
                               "title": "Update", "message": "Update", "committedDate": iso(when),
                               "authoredDate": iso(when),
                               "webUrl": f"{self.root.gl.web_base}/{self.p.full_name}/-/commit/{sha}"}}


class GitLabGraphQL:
    """The emulator callable for ``POST {prefix}/api/graphql`` of one instance."""

    def __init__(self, instance: GitLabInstance) -> None:
        self.gl = instance
        self.path = instance.prefix + "/api/graphql"

    def __call__(self, request: Request) -> Response | None:
        if request.raw_path.rstrip("/") != self.path:
            return None
        if request.method != "POST":
            return json_response("gl.graphql", {"errors": [{"message": "Please use POST"}]}, 405)
        try:
            payload = request.json_body()
            query = payload["query"]
        except (ValueError, KeyError, TypeError):
            return json_response("gl.graphql", {"errors": [{"message": "Invalid JSON"}]}, 400)
        tracker = RepositoryTracker(lambda root: isinstance(root, GlProject),
                                    lambda root: f"{self.gl.web_host}:{root.p.full_name}")
        result = graphql_sync(_SCHEMA, query, root_value=GlRoot(self.gl), variable_values=payload.get("variables"),
                              operation_name=payload.get("operationName"), middleware=[tracker])
        body: dict[str, Any] = {}
        if result.data is not None or not result.errors:
            body["data"] = result.data
        if result.errors:
            body["errors"] = format_errors(result.errors)
        response = json_response("gl.graphql", body)
        response.repos = tracker.result()
        return response
