"""The GitLab unit: URL shapes, auth and API roots of gitlab.com and self-hosted GitLab.

Web routes (docs.gitlab.com): ``{project}/-/blob/{branch}/{path}#L{n}``,
``{project}/-/raw/{branch}/``, ``{project}/-/issues``, ``{project}/-/releases``. REST is
``api_url + /api/v4``; the token goes in ``PRIVATE-TOKEN``. A self-hosted instance can
be taken whole: its root, ``/explore`` or ``/explore/groups``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from urllib.parse import quote

from catalogue.forges.base import FileRoutes, Forge
from catalogue.records import SourceRepository

if TYPE_CHECKING:  # pragma: no cover
    from catalogue.config import ForgeSettings


class GitLab(Forge):
    """GitLab: namespaces nest, so the seed list's ``group`` flag tells accounts from projects."""

    type = "gitlab"
    title = "GitLab"
    spider = "spiders.gitlab.GitLabSpider"
    auth_header = "PRIVATE-TOKEN"
    repository_shape = "GROUP/.../PROJECT"
    instance_paths = ("explore", "explore/groups")

    def rest_url(self, api_url: str) -> str:
        return api_url.rstrip("/") + "/api/v4"

    def auth_value(self, token: str) -> str:
        return token

    def uses_graphql(self, forge: "ForgeSettings") -> bool:
        return False  # catalogue check reads GitLab through python-gitlab's REST

    def raw_base_url(self, source: SourceRepository) -> str | None:
        if not source.default_branch:
            return None
        return f"{source.url}/-/raw/{source.default_branch}/"

    def file_routes(self, source: SourceRepository) -> FileRoutes:
        url = source.url.rstrip("/")
        branch = source.default_branch
        return FileRoutes(raw_root=f"{url}/-/raw/", blob_prefix=f"{url}/-/blob/",
                          blob_base=f"{url}/-/blob/{quote(branch, safe='')}/" if branch else None,
                          raw_web_prefix=f"{url}/-/raw/")

    def blob_url(self, repository_url: str, branch: str, path: str, line: int | None = None) -> str:
        return f"{repository_url}/-/blob/{branch}/{path}" + (f"#L{line}" if line is not None else "")

    def issues_url(self, repository_url: str) -> str:
        return f"{repository_url}/-/issues"

    def releases_url(self, repository_url: str) -> str:
        return f"{repository_url}/-/releases"

    def fetch_one(self, forge: "ForgeSettings", path: str, *, publisher_id: str, account_url: str,
                  now: datetime) -> SourceRepository:
        from catalogue.check.gitlab import fetch_gitlab_project

        return fetch_gitlab_project(forge, path, publisher_id=publisher_id, account_url=account_url, now=now)

    def tracker(self, forge: "ForgeSettings") -> Any:
        from catalogue.notify.issues import GitLabTracker

        return GitLabTracker(forge)


FORGE = GitLab()
