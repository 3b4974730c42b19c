"""The fixture model of the test forge: accounts, groups and repositories in memory.

A fixture is one JSON or YAML document (or the same as a ``dict``)::

    note: "free text, e.g. which metadata is generated"     # optional
    github:                                                  # optional
      web_host: github.com                                   # default github.com
      accounts:
        - login: MinBZK
          type: Organization            # Organization (default) | User
          name: "Ministerie van BZK"    # optional; also id, description, created_at
          repositories: [REPOSITORY, ...]
    gitlab:                                                  # optional; a list of instances
      - prefix: /gitlab                 # URL prefix on the test server (default /gitlab)
        web_host: gitlab.com            # web host of the publishers' URLs (default gitlab.com)
        groups:
          - path: commonground          # also name, id, description
            projects: [REPOSITORY, ...]
            subgroups: [GROUP, ...]     # nested, any depth
        users:
          - username: jane              # also name, id
            projects: [REPOSITORY, ...]

A REPOSITORY (GitHub repository or GitLab project; every key but ``name`` optional)::

    name: amt                   # GitHub name; GitLab project name
    path: amt                   # GitLab only: URL path (default: name)
    id: 1234                    # forge id (default: assigned in document order)
    description: "..."          homepage: "https://..."
    license: EUPL-1.2           # SPDX id (null: no licence detected)
    language: Python            # primary language (default: largest of languages)
    languages: {Python: 120000, HTML: 3000}     # bytes per language
    topics: [overheid]          stars: 3        forks: 1
    archived: false             default_branch: main
    fork_of: "Owner/name"       # a fork, with its parent's full name (or https URL)
    empty: false                # no commits at all
    repository_disabled: false  # GitLab "no repository" (repository feature off)
    created_at: 2020-01-01T00:00:00Z
    pushed_at: 2024-05-01T00:00:00Z           # GitLab: last_activity_at
    last_commit_at: 2024-05-01T00:00:00Z      # default: newest of commit_dates, else pushed_at
    commit_dates: [2024-05-01T00:00:00Z, ...] # default: [last_commit_at]
    releases: [{tag_name: v1.0, name: "1.0", published_at: 2024-01-01T00:00:00Z}]
    open_issues: 4              # issues only, pull requests not included
    open_pull_requests: 1
    labels: {"good first issue": 1, "help wanted": 2}   # open issues carrying each label
    files: {"publiccode.yml": "...", "README.md": "..."}  # root of the default branch
    previous_names: [old-name]  # old names answer 301 (GitHub) / resolve (GitLab);
                                # "owner/name" for a transfer
    generated: true             # metadata made up (demo data), not read from the forge
    origin: {...}               # free-form provenance notes; not served

Dates are ISO 8601 strings (``Z`` or an offset) or YAML timestamps; all are kept in UTC.
Errors: ``FixtureError`` (a ``ValueError``) names the offending entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping, overload

import yaml

GITHUB_REPO_ID_START = 100_000
GITLAB_PROJECT_ID_START = 1_000
GITLAB_GROUP_ID_START = 100
ACCOUNT_ID_START = 10_000


class FixtureError(ValueError):
    """A fixture document that does not follow the format in this module's docstring."""


@overload
def parse_time(value: datetime | str) -> datetime: ...
@overload
def parse_time(value: Any) -> datetime | None: ...
def parse_time(value: Any) -> datetime | None:
    """An ISO 8601 string or ``datetime`` as an aware UTC ``datetime`` (``None`` stays ``None``)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def iso(value: datetime | None) -> str | None:
    """``2024-05-01T00:00:00Z``: the way GitHub and GitLab write times (``None`` stays ``None``)."""
    return None if value is None else value.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Release:
    """A release: tag, title and publication time."""

    tag_name: str
    name: str | None
    published_at: datetime | None


@dataclass
class Repo:
    """One repository (GitHub) or project (GitLab) of a fixture; see the module docstring."""

    id: int
    name: str
    path: str
    namespace: str
    description: str | None = None
    homepage: str | None = None
    license: str | None = None
    language: str | None = None
    languages: dict[str, int] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    stars: int = 0
    forks: int = 0
    archived: bool = False
    default_branch: str = "main"
    fork_of: str | None = None
    empty: bool = False
    repository_disabled: bool = False
    created_at: datetime | None = None
    pushed_at: datetime | None = None
    last_commit_at: datetime | None = None
    commit_dates: list[datetime] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    open_issues: int = 0
    open_pull_requests: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    previous_names: list[str] = field(default_factory=list)
    generated: bool = False
    updated_at: datetime | None = None  # set by catalogue.testforge.mutate; default: pushed_at

    @property
    def full_name(self) -> str:
        """``owner/name`` (GitHub) or ``group/sub/path`` (GitLab)."""
        return f"{self.namespace}/{self.path}"

    @property
    def has_commits(self) -> bool:
        """False for an empty repository and for a GitLab project without repository."""
        return not self.empty and not self.repository_disabled

    def commits_between(self, since: datetime | None = None, until: datetime | None = None) -> list[datetime]:
        """Commit times, newest first, with ``since <= t <= until`` (bounds optional)."""
        if not self.has_commits:
            return []
        return [t for t in self.commit_dates
                if (since is None or t >= since) and (until is None or t <= until)]

    def latest_release(self) -> Release | None:
        """The newest release by ``published_at``, or ``None``."""
        dated = [(r.published_at, r) for r in self.releases if r.published_at is not None]
        if dated:
            return max(dated, key=lambda pair: pair[0])[1]  # the first of equal times, as before
        return self.releases[0] if self.releases else None

    def language_shares(self) -> dict[str, float]:
        """Percentages per language, largest first, rounded to 2 decimals (GitLab's ``/languages``)."""
        total = sum(self.languages.values())
        if not total:
            return {}
        ordered = sorted(self.languages.items(), key=lambda kv: -kv[1])
        return {name: round(100.0 * size / total, 2) for name, size in ordered}


@dataclass
class GitHubAccount:
    """A GitHub organisation or user with its repositories."""

    id: int
    login: str
    type: str
    name: str | None
    description: str | None
    created_at: datetime | None
    repos: list[Repo] = field(default_factory=list)


@dataclass
class GitLabGroup:
    """A GitLab group; ``full_path`` includes its parents (``commonground/nl-design``)."""

    id: int
    path: str
    full_path: str
    name: str
    description: str | None
    parent: "GitLabGroup | None"
    subgroups: list["GitLabGroup"] = field(default_factory=list)
    projects: list[Repo] = field(default_factory=list)

    def descendants(self) -> Iterator["GitLabGroup"]:
        """This group's subgroups at any depth, depth first."""
        for sub in self.subgroups:
            yield sub
            yield from sub.descendants()

    def all_projects(self, include_subgroups: bool) -> list[Repo]:
        """Projects of the group, and of its descendants when asked, ordered by id."""
        projects = list(self.projects)
        if include_subgroups:
            for sub in self.descendants():
                projects.extend(sub.projects)
        return sorted(projects, key=lambda p: p.id)


@dataclass
class GitLabUser:
    """A GitLab user with personal projects."""

    id: int
    username: str
    name: str
    projects: list[Repo] = field(default_factory=list)


@dataclass
class GitLabInstance:
    """One GitLab instance served under ``prefix`` (``/gitlab``), known by ``web_host``."""

    prefix: str
    web_host: str
    groups: dict[str, GitLabGroup] = field(default_factory=dict)
    users: dict[str, GitLabUser] = field(default_factory=dict)
    projects: dict[int, Repo] = field(default_factory=dict)
    project_paths: dict[str, Repo] = field(default_factory=dict)

    @property
    def web_base(self) -> str:
        """``https://gitlab.com``: the root of web URLs in answers."""
        return f"https://{self.web_host}"

    def group(self, ref: str) -> GitLabGroup | None:
        """A group by numeric id or full path (case-insensitive, like GitLab)."""
        if ref.isdigit():
            return next((g for g in self.groups.values() if g.id == int(ref)), None)
        return self.groups.get(ref.lower())

    def project(self, ref: str) -> Repo | None:
        """A project by numeric id, full path or a previous full path."""
        if ref.isdigit():
            return self.projects.get(int(ref))
        return self.project_paths.get(ref.lower())


@dataclass
class Fixture:
    """A whole fixture: GitHub accounts and GitLab instances (see the module docstring)."""

    note: str | None
    github_web_host: str
    accounts: dict[str, GitHubAccount]
    repos: dict[str, Repo]
    moved: dict[str, Repo]
    gitlab: list[GitLabInstance]

    def account(self, login: str) -> GitHubAccount | None:
        """A GitHub account by login, case-insensitive."""
        return self.accounts.get(login.lower())

    def repo(self, owner: str, name: str) -> Repo | None:
        """A GitHub repository by its current full name, case-insensitive."""
        return self.repos.get(f"{owner}/{name}".lower())

    def moved_repo(self, owner: str, name: str) -> Repo | None:
        """The repository that once had this full name (renamed or transferred), or ``None``."""
        return self.moved.get(f"{owner}/{name}".lower())

    def repo_by_id(self, repo_id: int) -> Repo | None:
        """A GitHub repository by its database id."""
        return next((r for r in self.repos.values() if r.id == repo_id), None)


def load_fixture(source: str | Path | Mapping[str, Any]) -> Fixture:
    """Read a fixture from a ``.json``/``.yml``/``.yaml`` path or a ``dict``.

    Raises ``FixtureError`` for a document that breaks the format, ``OSError`` for an
    unreadable file.
    """
    if isinstance(source, Mapping):
        doc = source
    else:
        text = Path(source).read_text(encoding="utf-8")
        doc = json.loads(text) if str(source).endswith(".json") else yaml.safe_load(text)
    if not isinstance(doc, Mapping):
        raise FixtureError("a fixture must be a mapping with 'github' and/or 'gitlab'")
    return _Builder().build(doc)


class _Builder:
    """Turns a fixture document into a ``Fixture``, assigning ids in document order."""

    def __init__(self) -> None:
        self.next_repo_id = GITHUB_REPO_ID_START
        self.next_project_id = GITLAB_PROJECT_ID_START
        self.next_group_id = GITLAB_GROUP_ID_START
        self.next_account_id = ACCOUNT_ID_START

    def build(self, doc: Mapping[str, Any]) -> Fixture:
        github = doc.get("github") or {}
        accounts: dict[str, GitHubAccount] = {}
        repos: dict[str, Repo] = {}
        moved: dict[str, Repo] = {}
        for entry in github.get("accounts") or []:
            account = self._account(entry)
            accounts[account.login.lower()] = account
            for repo in account.repos:
                repos[repo.full_name.lower()] = repo
                for old in repo.previous_names:
                    old_full = old if "/" in old else f"{account.login}/{old}"
                    moved[old_full.lower()] = repo
        instances = doc.get("gitlab") or []
        if isinstance(instances, Mapping):
            instances = [instances]
        gitlab = [self._instance(i) for i in instances]
        return Fixture(note=doc.get("note"), github_web_host=github.get("web_host", "github.com"),
                       accounts=accounts, repos=repos, moved=moved, gitlab=gitlab)

    def _account(self, entry: Mapping[str, Any]) -> GitHubAccount:
        login = _required(entry, "login", "github account")
        kind = entry.get("type", "Organization")
        if kind not in ("Organization", "User"):
            raise FixtureError(f"github account {login}: type must be Organization or User, not {kind!r}")
        account = GitHubAccount(id=int(entry.get("id") or self._account_id()), login=login, type=kind,
                                name=entry.get("name"), description=entry.get("description"),
                                created_at=parse_time(entry.get("created_at", "2015-01-01T00:00:00Z")))
        for raw in entry.get("repositories") or []:
            account.repos.append(self._repo(raw, login, gitlab=False))
        return account

    def _instance(self, entry: Mapping[str, Any]) -> GitLabInstance:
        prefix = "/" + str(entry.get("prefix", "/gitlab")).strip("/")
        instance = GitLabInstance(prefix=prefix, web_host=entry.get("web_host", "gitlab.com"))
        for raw in entry.get("groups") or []:
            self._group(instance, raw, None)
        for raw in entry.get("users") or []:
            username = _required(raw, "username", "gitlab user")
            user = GitLabUser(id=int(raw.get("id") or self._account_id()), username=username,
                              name=raw.get("name", username))
            instance.users[username.lower()] = user
            for project in raw.get("projects") or []:
                user.projects.append(self._project(instance, project, username))
        return instance

    def _group(self, instance: GitLabInstance, entry: Mapping[str, Any], parent: GitLabGroup | None) -> GitLabGroup:
        path = _required(entry, "path", "gitlab group")
        full_path = f"{parent.full_path}/{path}" if parent else path
        if "id" in entry:
            group_id = int(entry["id"])
        else:
            group_id = self.next_group_id
            self.next_group_id += 1
        group = GitLabGroup(id=group_id, path=path, full_path=full_path,
                            name=entry.get("name", path), description=entry.get("description"), parent=parent)
        instance.groups[full_path.lower()] = group
        for raw in entry.get("projects") or []:
            group.projects.append(self._project(instance, raw, full_path))
        for raw in entry.get("subgroups") or []:
            group.subgroups.append(self._group(instance, raw, group))
        return group

    def _project(self, instance: GitLabInstance, entry: Mapping[str, Any], namespace: str) -> Repo:
        project = self._repo(entry, namespace, gitlab=True)
        instance.projects[project.id] = project
        instance.project_paths[project.full_name.lower()] = project
        for old in project.previous_names:
            instance.project_paths[(old if "/" in old else f"{namespace}/{old}").lower()] = project
        return project

    def _repo(self, entry: Mapping[str, Any], namespace: str, gitlab: bool) -> Repo:
        name = str(_required(entry, "name", f"repository of {namespace}"))
        if "id" in entry:
            repo_id = int(entry["id"])
        elif gitlab:
            repo_id, self.next_project_id = self.next_project_id, self.next_project_id + 1
        else:
            repo_id, self.next_repo_id = self.next_repo_id, self.next_repo_id + 1
        languages = {str(k): int(v) for k, v in (entry.get("languages") or {}).items()}
        commit_dates = sorted((_commit_time(t, f"repository {namespace}/{name}")
                               for t in entry.get("commit_dates") or []), reverse=True)
        last_commit = parse_time(entry.get("last_commit_at"))
        pushed = parse_time(entry.get("pushed_at"))
        empty = bool(entry.get("empty", False))
        created = parse_time(entry.get("created_at", "2020-01-01T00:00:00Z"))
        if last_commit is None and not empty:
            last_commit = commit_dates[0] if commit_dates else (pushed or created)
        if last_commit is not None and last_commit not in commit_dates:
            commit_dates = sorted([*commit_dates, last_commit], reverse=True)
        releases = [Release(tag_name=str(r["tag_name"]), name=r.get("name"),
                            published_at=parse_time(r.get("published_at")))
                    for r in entry.get("releases") or []]
        language = entry.get("language")
        if language is None and languages:
            language = max(languages.items(), key=lambda kv: kv[1])[0]
        unknown = set(entry) - _REPO_KEYS
        if unknown:
            raise FixtureError(f"repository {namespace}/{name}: unknown keys {sorted(unknown)}")
        return Repo(
            id=repo_id, name=name, path=str(entry.get("path", name)) if gitlab else name, namespace=namespace,
            description=entry.get("description"), homepage=entry.get("homepage"), license=entry.get("license"),
            language=language, languages=languages, topics=list(entry.get("topics") or []),
            stars=int(entry.get("stars", 0)), forks=int(entry.get("forks", 0)),
            archived=bool(entry.get("archived", False)), default_branch=entry.get("default_branch", "main"),
            fork_of=entry.get("fork_of"), empty=empty,
            repository_disabled=bool(entry.get("repository_disabled", False)),
            created_at=created,
            pushed_at=pushed or last_commit, last_commit_at=None if empty else last_commit,
            updated_at=parse_time(entry.get("updated_at")),
            commit_dates=[] if empty else commit_dates, releases=releases,
            open_issues=int(entry.get("open_issues", 0)),
            open_pull_requests=int(entry.get("open_pull_requests", 0)),
            labels={str(k): int(v) for k, v in (entry.get("labels") or {}).items()},
            files={} if empty else {str(k): str(v) for k, v in (entry.get("files") or {}).items()},
            previous_names=[str(n) for n in entry.get("previous_names") or []],
            generated=bool(entry.get("generated", False)),
        )

    def _account_id(self) -> int:
        self.next_account_id += 1
        return self.next_account_id


_REPO_KEYS = {
    "name", "path", "id", "description", "homepage", "license", "language", "languages", "topics", "stars",
    "forks", "archived", "default_branch", "fork_of", "empty", "repository_disabled", "created_at",
    "pushed_at", "updated_at", "last_commit_at", "commit_dates", "releases", "open_issues", "open_pull_requests", "labels",
    "files", "previous_names", "generated", "origin",
}


def _commit_time(value: Any, what: str) -> datetime:
    parsed = parse_time(value)
    if parsed is None:
        raise FixtureError(f"{what}: an empty commit date in commit_dates")
    return parsed


def _required(entry: Mapping[str, Any], key: str, what: str) -> Any:
    if not isinstance(entry, Mapping) or not entry.get(key):
        raise FixtureError(f"{what}: '{key}' is required (got {entry!r:.80})")
    return entry[key]
