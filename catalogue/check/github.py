"""One GitHub repository through PyGithub, mapped by the spiders' own mappers.

With a token and a configured ``graphql_url``, the spiders' GraphQL query
(``catalogue.forges.github.repositories_query`` with ``history_variables``) is sent
through PyGithub's ``Requester.graphql_query`` and the answer mapped by
``map_graphql_repository``. PyGithub posts to ``{rest_url}/graphql``, where GitHub and
GitHub Enterprise serve it. A repository without any description gets its README
through the spiders' ``readme_query``.

Without a token (GitHub's GraphQL API needs one) or without ``graphql_url``, the REST
objects PyGithub fetches (``GET /repos/{o}/{r}``, contents, commits, releases,
languages, issues) are mapped by ``map_rest_repository``, as the spider's REST fallback
does.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any, Callable, TypeVar

import requests
from github import GithubException, UnknownObjectException

from catalogue.check.clients import github_client
from catalogue.config import ForgeSettings
from catalogue.errors import CatalogueError, ForgeUnreachableError, RepositoryNotFoundError
from catalogue.forges import github as gh
from catalogue.readme import first_paragraph
from catalogue.forges.base import needs_readme
from catalogue.records import SourceRepository

T = TypeVar("T")


def forge_call(forge: ForgeSettings, what: str, call: Callable[[], T]) -> T:
    """Run one PyGithub call, turning its failures into the catalogue's errors.

    404 (and GraphQL ``NOT_FOUND``) -> RepositoryNotFoundError; no connection ->
    ForgeUnreachableError; any other HTTP error -> CatalogueError naming the status.
    """
    try:
        return call()
    except UnknownObjectException:
        raise RepositoryNotFoundError(f"{forge.host} does not know {what}") from None
    except GithubException as exc:
        message = exc.data.get("message") if isinstance(exc.data, dict) else None
        raise CatalogueError(f"{forge.host} answered HTTP {exc.status} for {what}: {message or 'no message'}") from None
    except requests.RequestException as exc:
        raise ForgeUnreachableError(f"{forge.host} ({forge.rest_url}) did not answer: {type(exc).__name__}") from None


def fetch_github_repository(forge: ForgeSettings, owner: str, name: str, *, publisher_id: str,
                            account_url: str, now: datetime) -> SourceRepository:
    """The ``SourceRepository`` of ``owner/name`` on a GitHub forge, fetched at ``now``.

    Raises RepositoryNotFoundError, ForgeUnreachableError or CatalogueError (see
    ``forge_call``).
    """
    client = github_client(forge)
    what = f"the repository {owner}/{name}"
    if forge.token is not None and forge.graphql_url:
        return _by_graphql(forge, client, owner, name, what, publisher_id=publisher_id,
                           account_url=account_url, now=now)
    return _by_rest(forge, client, owner, name, what, publisher_id=publisher_id, account_url=account_url, now=now)


def _by_graphql(forge, client, owner: str, name: str, what: str, *, publisher_id: str, account_url: str,
                now: datetime) -> SourceRepository:
    requester = client.requester
    query = gh.repositories_query([("repository", owner, name)])
    _, answer = forge_call(forge, what, lambda: requester.graphql_query(query, gh.history_variables(now)))
    node = (answer.get("data") or {}).get("repository")
    if not node:
        raise RepositoryNotFoundError(f"{forge.host} does not know {what}")
    readme = None
    if needs_readme(node.get("description"), has_publiccode=gh.listing_blob_id(node) is not None,
                    empty=bool(node.get("isEmpty"))):
        readme_query = gh.readme_query([("repository", owner, name)])
        _, extra = forge_call(forge, what, lambda: requester.graphql_query(readme_query, {}))
        blob = (((extra.get("data") or {}).get("repository") or {}).get("readme") or {})
        readme = first_paragraph(blob.get("text"))
    return gh.map_graphql_repository(node, host=forge.host, publisher_id=publisher_id, account_url=account_url,
                                     fetched_at=now, readme_excerpt=readme)


def _optional(forge: ForgeSettings, what: str, call: Callable[[], T]) -> T | None:
    """A per-repository answer that may be absent (404; 409 for an empty repository)."""
    try:
        return forge_call(forge, what, call)
    except RepositoryNotFoundError:
        return None
    except CatalogueError as exc:
        if "HTTP 409" in str(exc):
            return None
        raise


def _by_rest(forge, client, owner: str, name: str, what: str, *, publisher_id: str, account_url: str,
             now: datetime) -> SourceRepository:
    repo = forge_call(forge, what, lambda: client.get_repo(f"{owner}/{name}"))
    raw: dict[str, Any] = repo.raw_data
    branch = raw.get("default_branch") or "HEAD"
    publiccode = None
    for path in gh.PUBLICCODE_PATHS:
        contents = _optional(forge, f"{path} of {what}", partial(repo.get_contents, path, ref=branch))
        if contents is not None and not isinstance(contents, list):
            publiccode = gh.contents_publiccode(contents.raw_data, path=path,
                                                url=f"{raw['html_url'].rstrip('/')}/blob/{branch}/{path}")
            break
    # Raw answers: PyGithub's commit objects would fetch each listed commit again.
    commits = _optional(forge, f"the commits of {what}", lambda: client.requester.requestJsonAndCheck(
        "GET", f"{raw['url']}/commits", parameters={"per_page": 1})[1])
    release = _optional(forge, f"the latest release of {what}", lambda: repo.get_latest_release())
    answer = _optional(forge, f"the languages of {what}", lambda: repo.get_languages()) or {}
    # PyGithub adds the request's "url" to the {language: bytes} answer.
    languages = {lang: size for lang, size in answer.items() if isinstance(size, int)}
    open_issues = None
    if raw.get("open_issues_count"):
        open_issues = gh.count_open_issues(_issue_pages(forge, client, raw["url"], what))
    readme = None
    if needs_readme(raw.get("description"), has_publiccode=publiccode is not None, empty=raw.get("size", 1) == 0):
        found = _optional(forge, f"the README of {what}", lambda: repo.get_readme())
        readme = first_paragraph(gh.decode_contents(found.raw_data)[0]) if found is not None else None
    return gh.map_rest_repository(
        raw, host=forge.host, publisher_id=publisher_id, account_url=account_url, fetched_at=now,
        publiccode=publiccode,
        last_commit_at=gh.last_commit_date(commits),
        release=gh.latest_release(release.raw_data) if release is not None else None,
        open_issues=open_issues,
        languages=sorted(languages, key=lambda lang: -languages[lang]) if languages else None,
        readme_excerpt=readme,
    )


def _issue_pages(forge: ForgeSettings, client, repo_url: str, what: str):
    """Raw pages of ``GET {repo}/issues?state=open`` through PyGithub's requester.

    The raw JSON is read because ``count_open_issues`` needs the ``pull_request`` key,
    which PyGithub's issue objects would fetch again one issue at a time.
    """
    page = 1
    while True:
        _, items = forge_call(forge, f"the issues of {what}", lambda: client.requester.requestJsonAndCheck(
            "GET", f"{repo_url}/issues", parameters={"state": "open", "per_page": 100, "page": page}))
        yield items
        if len(items) < 100:
            return
        page += 1
