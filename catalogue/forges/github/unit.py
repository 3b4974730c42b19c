"""The GitHub unit: URL shapes, auth and API roots of github.com (and GitHub Enterprise).

Web routes (docs.github.com): ``{repo}/blob/{branch}/{path}#L{n}``, ``{repo}/issues``,
``{repo}/releases``; raw files on github.com come from ``raw.githubusercontent.com``,
on GitHub Enterprise from ``{repo}/raw/{branch}/``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Sequence

from urllib.parse import quote

from catalogue.forges.base import FileRoutes, Forge
from catalogue.records import SourceRepository

if TYPE_CHECKING:  # pragma: no cover
    from catalogue.config import ForgeSettings


class GitHub(Forge):
    """GitHub: accounts have one path segment, repositories two; never taken whole."""

    type = "github"
    title = "GitHub"
    spider = "spiders.github.GitHubSpider"
    auth_header = "Authorization"
    repository_shape = "OWNER/REPO"

    def rest_url(self, api_url: str) -> str:
        return api_url.rstrip("/")

    def auth_value(self, token: str) -> str:
        return f"bearer {token}"

    def uses_graphql(self, forge: "ForgeSettings") -> bool:
        return forge.token is not None and bool(forge.graphql_url)

    def classify_path(self, url: str, segments: Sequence[str], group: bool) -> str:
        if len(segments) == 1:
            return "account"
        if len(segments) == 2:
            return "repository"
        raise ValueError(f"{url!r} is not a GitHub account (github.com/ORG) or repository (github.com/ORG/REPO)")

    def is_repository_path(self, segments: Sequence[str]) -> bool:
        return len(segments) == 2

    def raw_base_url(self, source: SourceRepository) -> str | None:
        if not source.default_branch:
            return None
        if source.host == "github.com":
            return f"https://raw.githubusercontent.com/{source.full_name}/{source.default_branch}/"
        return f"{source.url}/raw/{source.default_branch}/"

    def file_routes(self, source: SourceRepository) -> FileRoutes:
        url = source.url.rstrip("/")
        raw_root = (f"https://raw.githubusercontent.com/{source.full_name}/" if source.host == "github.com"
                    else f"{url}/raw/")
        branch = source.default_branch
        return FileRoutes(raw_root=raw_root, blob_prefix=f"{url}/blob/",
                          blob_base=f"{url}/blob/{quote(branch, safe='')}/" if branch else None,
                          raw_web_prefix=f"{url}/raw/")

    def blob_url(self, repository_url: str, branch: str, path: str, line: int | None = None) -> str:
        return f"{repository_url}/blob/{branch}/{path}" + (f"#L{line}" if line is not None else "")

    def issues_url(self, repository_url: str) -> str:
        return f"{repository_url}/issues"

    def releases_url(self, repository_url: str) -> str:
        return f"{repository_url}/releases"

    def fetch_one(self, forge: "ForgeSettings", path: str, *, publisher_id: str, account_url: str,
                  now: datetime) -> SourceRepository:
        from catalogue.check.github import fetch_github_repository

        owner, name = path.split("/")
        return fetch_github_repository(forge, owner, name, publisher_id=publisher_id, account_url=account_url,
                                       now=now)

    def tracker(self, forge: "ForgeSettings") -> Any:
        from catalogue.notify.issues import GitHubTracker

        return GitHubTracker(forge)


FORGE = GitHub()
