"""Forgejo for ``catalogue check`` and ``catalogue notify``: the spider's paths over ``requests``.

``pyforgejo`` (PyPI) was considered: it answers with generated pydantic models, while
the mappers here read the API's own JSON, so the same paths and mappers as the spider
are used through ``requests`` (one session, a timeout, no retries of its own: notify
paces writes and honours ``Retry-After`` in ``catalogue.notify.pacing``).

``fetch_repository`` gives one repository as the crawl maps it; ``ForgejoTracker`` is the
``IssueTracker`` of ``catalogue.notify`` (Issues API: list with ``created_by`` and
``state=all``, create, edit with ``state``, comments; Gitea >= 1.17 / every Forgejo).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import requests

from catalogue.config import ForgeSettings
from catalogue.errors import CatalogueError, ForgeUnreachableError, RepositoryNotFoundError
from catalogue.forges import forgejo as fj
from catalogue.forges.base import needs_readme, publiccode_file
from catalogue.readme import first_paragraph
from catalogue.records import HarvestProblem, SourceRepository

#: Seconds to wait for one answer of the forge.
TIMEOUT = 30


class ForgejoClient:
    """JSON requests to one Forgejo instance's API v1, with its token when it has one."""

    def __init__(self, forge: ForgeSettings) -> None:
        self.forge = forge
        self.root = forge.rest_url
        self.session = requests.Session()
        self.session.headers["Accept"] = "application/json"
        if forge.token is not None:
            self.session.headers[forge.unit.auth_header] = forge.unit.auth_value(forge.token.reveal())

    def request(self, method: str, path: str, body: dict | None = None) -> requests.Response:
        """One request to ``root + path``. Raises ForgeUnreachableError without an answer."""
        try:
            return self.session.request(method, self.root + path, json=body, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise ForgeUnreachableError(f"{self.forge.host}: no answer from {self.root}: {type(exc).__name__}") from None

    def get_json(self, path: str, what: str, *, optional: bool = False) -> Any:
        """The JSON of ``GET path``; ``None`` for a 404/409 when ``optional``. Raises
        RepositoryNotFoundError (404), CatalogueError (any other error status)."""
        answer = self.request("GET", path)
        if answer.status_code in (404, 409) and optional:
            return None
        if answer.status_code == 404:
            raise RepositoryNotFoundError(f"{self.forge.host} does not know {what}")
        if answer.status_code >= 400:
            raise CatalogueError(f"{self.forge.host}: {what}: HTTP {answer.status_code}")
        try:
            return answer.json()
        except ValueError:
            raise CatalogueError(f"{self.forge.host}: {what}: the answer is not JSON") from None


def fetch_repository(forge: ForgeSettings, path: str, *, publisher_id: str, account_url: str,
                     now: datetime) -> SourceRepository:
    """The ``SourceRepository`` of ``owner/name`` on ``forge``, asked as the spider asks.

    Raises RepositoryNotFoundError, ForgeUnreachableError, CatalogueError.
    """
    client = ForgejoClient(forge)
    what = f"the repository {path}"
    base = fj.repo_path(path)
    repo = client.get_json(base, what)
    if not fj.readable_listing_entry(repo):
        raise CatalogueError(f"{forge.host}: {what}: the answer could not be read")
    publiccode = readme = release = last_commit = languages = None
    problems: list[HarvestProblem] = []
    if fj.has_content(repo):
        ref = fj.ref_query(repo["default_branch"])
        files = fj.root_files(client.get_json(f"{base}/contents{ref}", f"the files of {path}", optional=True))
        found = fj.publiccode_name(files)
        if found:
            body = client.get_json(f"{base}/contents/{found[0]}{ref}", f"{found[0]} of {path}", optional=True)
            if isinstance(body, dict):
                publiccode = publiccode_file(found[0], fj.decode_contents(body), blob_id=body.get("sha"),
                                             url=forge.unit.blob_url(f"https://{forge.host}/{repo['full_name']}",
                                                                     repo["default_branch"], found[0]))
        name = fj.readme_name(files)
        if name and needs_readme(repo.get("description"), has_publiccode=publiccode is not None):
            answer = client.request("GET", f"{base}/raw/{name}{ref}")
            if answer.status_code == 200:
                readme = first_paragraph(answer.content.decode("utf-8", "replace"))
        last_commit = fj.last_commit_date(client.get_json(f"{base}/commits?sha={ref[5:]}&limit=1&stat=false",
                                                          f"the commits of {path}", optional=True))
        if repo.get("release_counter"):
            release = fj.latest_release(client.get_json(f"{base}/releases/latest", f"the releases of {path}",
                                                        optional=True))
        if repo.get("language"):
            languages = fj.languages_by_size(client.get_json(f"{base}/languages", f"the languages of {path}",
                                                             optional=True))
    return fj.map_repository(repo, host=forge.host, publisher_id=publisher_id, account_url=account_url,
                             fetched_at=now, publiccode=publiccode, last_commit_at=last_commit, release=release,
                             languages=languages, readme_excerpt=readme, problems=problems)


class ForgejoTracker:
    """Issues of Forgejo/Gitea repositories (``owner/name``)."""

    def __init__(self, forge: ForgeSettings) -> None:
        self.client = ForgejoClient(forge)
        self._login: str | None = None

    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        from catalogue.notify.issues import NotifyError
        from catalogue.notify.pacing import RetryLater

        try:
            answer = self.client.request(method, path, body)
        except ForgeUnreachableError as exc:
            raise NotifyError(str(exc)) from None
        if answer.status_code == 429 or (answer.status_code == 403 and "retry-after" in answer.headers):
            retry = answer.headers.get("Retry-After", "")
            raise RetryLater(float(retry) if retry.isdigit() else None, f"HTTP {answer.status_code}")
        if answer.status_code >= 400:
            try:
                message = str((answer.json() or {}).get("message") or "")
            except (ValueError, AttributeError):
                message = ""
            raise NotifyError(f"HTTP {answer.status_code}: {message or 'no message'}")
        return answer.json() if answer.content else None

    def login(self) -> str:
        """The token's user (``GET /user``), asked once."""
        if self._login is None:
            self._login = str(self._call("GET", "/user")["login"])
        return self._login

    def _found(self, issue: dict) -> Any:
        from catalogue.notify.issues import FoundIssue

        return FoundIssue(number=int(issue["number"]), state=str(issue.get("state")), title=issue.get("title") or "",
                          body=issue.get("body") or "", url=issue.get("html_url"), handle=issue)

    def find(self, full_name: str) -> Any:
        """The catalogue's own issue (by the token's user, carrying ``MARKER``), any state."""
        from catalogue.notify.render import MARKER

        login = self.login()
        page = 1
        while True:
            issues = self._call("GET", f"{fj.repo_path(full_name)}/issues?state=all&type=issues"
                                       f"&created_by={login}&limit={fj.PAGE_SIZE}&page={page}") or []
            for issue in issues:  # the author is checked here too: Gitea < 1.17 ignores created_by
                if MARKER in (issue.get("body") or "") and (issue.get("user") or {}).get("login") == login:
                    return self._found(issue)
            if not issues:
                return None
            page += 1

    def open(self, full_name: str, title: str, body: str) -> Any:
        return self._found(self._call("POST", f"{fj.repo_path(full_name)}/issues", {"title": title, "body": body}))

    def _issue_path(self, found: Any) -> str:
        full_name = found.handle["repository"]["full_name"] if found.handle.get("repository") else None
        if not full_name:  # an issue's html_url is {web}/{owner}/{name}/issues/{n}
            full_name = "/".join(str(found.url).rstrip("/").split("/")[-4:-2])
        return f"{fj.repo_path(full_name)}/issues/{found.number}"

    def update(self, found: Any, title: str, body: str) -> None:
        self._call("PATCH", self._issue_path(found), {"title": title, "body": body, "state": "open"})

    def comment(self, found: Any, text: str) -> None:
        self._call("POST", self._issue_path(found) + "/comments", {"body": text})

    def close(self, found: Any) -> None:
        self._call("PATCH", self._issue_path(found), {"state": "closed"})
