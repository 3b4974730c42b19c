"""One GitLab project through python-gitlab, mapped by the spider's own mapper.

The same answers the GitLab spider reads (docs.gitlab.com/api/projects,
/api/repository_files, /api/commits, /api/releases, /api/projects#get-languages):
``GET /projects/:path?license=true``, the ``publiccode.yml`` (else ``.yaml``) on the
default branch, the newest commit, releases and languages, all mapped by
``catalogue.forges.gitlab.map_rest_project``.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from functools import partial
from typing import Callable, TypeVar

import requests
from gitlab.exceptions import GitlabAuthenticationError, GitlabError

from catalogue.check.clients import gitlab_client
from catalogue.config import ForgeSettings
from catalogue.errors import CatalogueError, ForgeUnreachableError, RepositoryNotFoundError
from catalogue.forges import gitlab as gl
from catalogue.publiccode.bounds import judge_fetched
from catalogue.readme import first_paragraph
from catalogue.forges.base import needs_readme
from catalogue.records import SourceRepository

T = TypeVar("T")


def gitlab_call(forge: ForgeSettings, what: str, call: Callable[[], T]) -> T:
    """Run one python-gitlab call, turning its failures into the catalogue's errors.

    404 -> RepositoryNotFoundError; no connection -> ForgeUnreachableError; any other
    HTTP error (401, 403, 5xx) -> CatalogueError naming the status.
    """
    try:
        return call()
    except (GitlabError, GitlabAuthenticationError) as exc:
        if exc.response_code == 404:
            raise RepositoryNotFoundError(f"{forge.host} does not know {what}") from None
        raise CatalogueError(f"{forge.host} answered HTTP {exc.response_code} for {what}: {exc.error_message}") from None
    except requests.RequestException as exc:
        raise ForgeUnreachableError(f"{forge.host} ({forge.api_url}) did not answer: {type(exc).__name__}") from None


def _optional(forge: ForgeSettings, what: str, call: Callable[[], T]) -> T | None:
    try:
        return gitlab_call(forge, what, call)
    except RepositoryNotFoundError:
        return None


def _decode(content: str | None) -> tuple[str | None, bytes | None]:
    try:
        data = base64.b64decode(content or "")
    except (binascii.Error, ValueError):
        return None, None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return None, data


def fetch_gitlab_project(forge: ForgeSettings, path: str, *, publisher_id: str, account_url: str,
                         now: datetime) -> SourceRepository:
    """The ``SourceRepository`` of the project at full ``path`` (``group/sub/project``).

    Raises RepositoryNotFoundError, ForgeUnreachableError or CatalogueError (see
    ``gitlab_call``).
    """
    client = gitlab_client(forge)
    what = f"the project {path}"
    # "true" as GitLab's docs write it (python-gitlab would send Python's "True").
    project = gitlab_call(forge, what, lambda: client.projects.get(path, license="true"))
    entity = dict(project.attributes)
    branch = entity.get("default_branch")
    publiccode = readme = commits = releases = None
    languages: dict = {}
    if gl.has_repository(entity) and not entity.get("empty_repo") and branch:
        for name in gl.PUBLICCODE_PATHS:
            found = _optional(forge, f"{name} of {what}", partial(project.files.get, file_path=name, ref=branch))
            if found is not None:
                text, raw = _decode(found.attributes.get("content"))
                publiccode = judge_fetched(
                    name, raw if raw is not None else text, size=found.attributes.get("size"),
                    blob_id=found.attributes.get("blob_id"),
                    url=f"https://{forge.host}/{entity['path_with_namespace']}/-/blob/{branch}/{name}")
                break
        commits = _optional(forge, f"the commits of {what}", lambda: project.commits.list(
            ref_name=branch, per_page=1, get_all=False))
        releases = _optional(forge, f"the releases of {what}", lambda: project.releases.list(
            per_page=10, get_all=False))
        found_languages = _optional(forge, f"the languages of {what}", project.languages)
        languages = found_languages if isinstance(found_languages, dict) else {}
        if needs_readme(entity.get("description"), has_publiccode=publiccode is not None):
            readme_bytes = _optional(forge, f"the README of {what}", lambda: project.files.raw(
                file_path="README.md", ref=branch))
            readme = (first_paragraph(readme_bytes.decode("utf-8", "replace"))
                      if isinstance(readme_bytes, bytes) else None)
    return gl.map_rest_project(
        entity, host=forge.host, publisher_id=publisher_id, account_url=account_url, fetched_at=now,
        license_info=entity.get("license"), publiccode=publiccode,
        last_commit_at=gl.last_commit_date([c.attributes for c in commits or ()]),
        release=gl.latest_release([r.attributes for r in releases or ()]),
        languages=gl.languages_by_share(languages), readme_excerpt=readme,
    )
