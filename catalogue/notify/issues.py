"""The catalogue's issue on one repository, through PyGithub or python-gitlab.

``IssueTracker`` is the small interface ``catalogue.notify`` needs: ``find`` the
catalogue's own issue (written by the token's user and carrying ``MARKER``), ``open``,
``update`` (title, body; reopen when closed), ``comment`` and ``close``. Limit answers
become ``RetryLater`` for the ``Pacer``; other forge errors become ``NotifyError``.

API sources: docs.github.com "Issues" (list with ``creator`` and ``state=all``, create,
update with ``state``), "Issue comments"; docs.gitlab.com "Issues API" (list with
``author_username``, create, edit with ``state_event``), "Notes API".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol, TypeVar

import requests
from github import GithubException
from gitlab.exceptions import GitlabError

from catalogue.check.clients import github_client, gitlab_client
from catalogue.config import ForgeSettings
from catalogue.errors import CatalogueError
from catalogue.notify.pacing import RetryLater
from catalogue.notify.render import MARKER

T = TypeVar("T")


class NotifyError(CatalogueError):
    """A forge refused or failed one issue write; the run goes on with the next repository."""


@dataclass
class FoundIssue:
    """The catalogue's issue on a repository: number (GitHub) / iid (GitLab), state
    (``open`` or ``closed``), title, body, web URL, and the client object behind it."""

    number: int
    state: str
    title: str
    body: str
    url: str | None
    handle: Any


class IssueTracker(Protocol):
    """What ``catalogue.notify`` asks of a forge's issues (``full_name``: the repository's
    path on its forge). Limit answers raise ``RetryLater``, other failures ``NotifyError``."""

    def login(self) -> str:
        """The token's user."""

    def find(self, full_name: str) -> FoundIssue | None:
        """The catalogue's own issue (by the token's user, carrying ``MARKER``), any state."""

    def open(self, full_name: str, title: str, body: str) -> FoundIssue:
        """Open a new issue."""

    def update(self, found: FoundIssue, title: str, body: str) -> None:
        """Set title and body; reopen when closed."""

    def comment(self, found: FoundIssue, text: str) -> None:
        """Add a comment."""

    def close(self, found: FoundIssue) -> None:
        """Close the issue."""


def _github(call: Callable[[], T]) -> T:
    try:
        return call()
    except GithubException as exc:
        data = exc.data if isinstance(exc.data, dict) else {}
        message = str(data.get("message") or "")
        headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
        if exc.status == 429 or (exc.status == 403 and ("secondary rate limit" in message.lower()
                                                         or "retry-after" in headers)):
            retry = headers.get("retry-after")
            raise RetryLater(float(retry) if retry and str(retry).isdigit() else None, message) from None
        raise NotifyError(f"HTTP {exc.status}: {message or 'no message'}") from None
    except requests.RequestException as exc:
        raise NotifyError(f"no answer: {type(exc).__name__}") from None


def _gitlab(call: Callable[[], T]) -> T:
    try:
        return call()
    except GitlabError as exc:
        if exc.response_code == 429:
            raise RetryLater(None, str(exc.error_message)) from None
        raise NotifyError(f"HTTP {exc.response_code}: {exc.error_message}") from None
    except requests.RequestException as exc:
        raise NotifyError(f"no answer: {type(exc).__name__}") from None


class GitHubTracker:
    """Issues of GitHub repositories (``owner/name``) through PyGithub."""

    def __init__(self, forge: ForgeSettings) -> None:
        self.client = github_client(forge)
        self._login: str | None = None

    def login(self) -> str:
        """The token's user (``GET /user``), asked once."""
        if self._login is None:
            self._login = _github(lambda: self.client.get_user().login)
        return self._login

    def find(self, full_name: str) -> FoundIssue | None:
        """The newest issue by the token's user whose body carries ``MARKER``, any state."""
        login = self.login()
        repo = _github(lambda: self.client.withLazy(True).get_repo(full_name))
        # PyGithub sends creator as given and accepts a login ("string or NamedUser", its
        # docstring and runtime check); its annotation names only NamedUser.
        for issue in _github(lambda: list(repo.get_issues(state="all", creator=login))):  # type: ignore[arg-type]
            if MARKER in (issue.body or ""):
                return self._found(issue)
        return None

    @staticmethod
    def _found(issue: Any) -> FoundIssue:
        return FoundIssue(number=issue.number, state=issue.state, title=issue.title, body=issue.body or "",
                          url=issue.html_url, handle=issue)

    def open(self, full_name: str, title: str, body: str) -> FoundIssue:
        repo = self.client.withLazy(True).get_repo(full_name)
        return self._found(_github(lambda: repo.create_issue(title=title, body=body)))

    def update(self, found: FoundIssue, title: str, body: str) -> None:
        _github(lambda: found.handle.edit(title=title, body=body, state="open"))

    def comment(self, found: FoundIssue, text: str) -> None:
        _github(lambda: found.handle.create_comment(text))

    def close(self, found: FoundIssue) -> None:
        _github(lambda: found.handle.edit(state="closed", state_reason="completed"))


class GitLabTracker:
    """Issues of GitLab projects (full path) through python-gitlab."""

    def __init__(self, forge: ForgeSettings) -> None:
        self.client = gitlab_client(forge)
        self._username: str | None = None
        # Limit answers come back to the Pacer instead of python-gitlab sleeping itself.
        self.no_wait = {"obey_rate_limit": False, "retry_transient_errors": False}

    def login(self) -> str:
        """The token's user (``GET /user``), asked once."""
        if self._username is None:
            def ask() -> str:
                self.client.auth()
                user = self.client.user
                if user is None:  # auth() sets it, or raises
                    raise NotifyError("GitLab gave no user for the token")
                return user.username
            self._username = _gitlab(ask)
        return self._username

    def find(self, full_name: str) -> FoundIssue | None:
        username = self.login()
        project = self.client.projects.get(full_name, lazy=True)
        issues = _gitlab(lambda: project.issues.list(author_username=username, state="all", get_all=True))
        for issue in issues:
            if MARKER in (issue.description or ""):
                return self._found(issue)
        return None

    @staticmethod
    def _found(issue: Any) -> FoundIssue:
        state = "open" if issue.state == "opened" else "closed"
        return FoundIssue(number=issue.iid, state=state, title=issue.title, body=issue.description or "",
                          url=issue.web_url, handle=issue)

    def open(self, full_name: str, title: str, body: str) -> FoundIssue:
        project = self.client.projects.get(full_name, lazy=True)
        return self._found(_gitlab(lambda: project.issues.create({"title": title, "description": body},
                                                                  **self.no_wait)))

    def update(self, found: FoundIssue, title: str, body: str) -> None:
        issue = found.handle
        issue.title, issue.description = title, body
        if found.state != "open":
            issue.state_event = "reopen"
        _gitlab(lambda: issue.save(**self.no_wait))

    def comment(self, found: FoundIssue, text: str) -> None:
        _gitlab(lambda: found.handle.notes.create({"body": text}, **self.no_wait))

    def close(self, found: FoundIssue) -> None:
        found.handle.state_event = "close"
        _gitlab(lambda: found.handle.save(**self.no_wait))


def tracker_for(forge: ForgeSettings) -> IssueTracker:
    """The tracker of a forge's type (``catalogue.forges.base.Forge.tracker``)."""
    return forge.unit.tracker(forge)
