"""The Forgejo unit: Forgejo and Gitea instances (code.overheid.nl, Codeberg, self-hosted).

Configured per host: ``type = "forgejo"``, ``api_url`` = the instance root (REST is
``api_url + /api/v1``), optional ``token_env`` (public data needs no token). The token
goes in ``Authorization: token ...``. Web routes (Forgejo's ``routers/web``):
``{repo}/src/branch/{branch}/{path}#L{n}``, raw files ``{repo}/raw/branch/{branch}/``,
``{repo}/issues``, ``{repo}/releases``. Accounts (organisations, users) have one path
segment, repositories two; an instance is taken whole from its root, ``/explore`` or
``/explore/organizations``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Sequence

from urllib.parse import quote

from catalogue.forges.base import FileRoutes, Forge
from catalogue.records import SourceRepository

if TYPE_CHECKING:  # pragma: no cover
    from catalogue.config import ForgeSettings


class Forgejo(Forge):
    """Forgejo / Gitea API v1."""

    type = "forgejo"
    title = "Forgejo"
    spider = "spiders.forgejo.ForgejoSpider"
    auth_header = "Authorization"
    repository_shape = "OWNER/REPO"
    instance_paths = ("explore", "explore/organizations", "explore/repos")

    def rest_url(self, api_url: str) -> str:
        return api_url.rstrip("/") + "/api/v1"

    def auth_value(self, token: str) -> str:
        return f"token {token}"

    def classify_path(self, url: str, segments: Sequence[str], group: bool) -> str:
        if len(segments) == 1:
            return "account"
        if len(segments) == 2:
            return "repository"
        raise ValueError(f"{url!r} is not a Forgejo organisation or user (HOST/OWNER), repository "
                         "(HOST/OWNER/REPO) or instance (HOST, HOST/explore/organizations)")

    def is_repository_path(self, segments: Sequence[str]) -> bool:
        return len(segments) == 2

    def raw_base_url(self, source: SourceRepository) -> str | None:
        if not source.default_branch:
            return None
        return f"{source.url}/raw/branch/{source.default_branch}/"

    def file_routes(self, source: SourceRepository) -> FileRoutes:
        url = source.url.rstrip("/")
        branch = source.default_branch
        return FileRoutes(raw_root=f"{url}/raw/", blob_prefix=f"{url}/src/",
                          blob_base=f"{url}/src/branch/{quote(branch, safe='')}/" if branch else None,
                          raw_web_prefix=f"{url}/raw/")

    def blob_url(self, repository_url: str, branch: str, path: str, line: int | None = None) -> str:
        return f"{repository_url}/src/branch/{branch}/{path}" + (f"#L{line}" if line is not None else "")

    def issues_url(self, repository_url: str) -> str:
        return f"{repository_url}/issues"

    def releases_url(self, repository_url: str) -> str:
        return f"{repository_url}/releases"

    def fetch_one(self, forge: "ForgeSettings", path: str, *, publisher_id: str, account_url: str,
                  now: datetime) -> SourceRepository:
        from catalogue.forges.forgejo.client import fetch_repository

        return fetch_repository(forge, path, publisher_id=publisher_id, account_url=account_url, now=now)

    def tracker(self, forge: "ForgeSettings") -> Any:
        from catalogue.forges.forgejo.client import ForgejoTracker

        return ForgejoTracker(forge)


FORGE = Forgejo()
