"""The naive baseline of bench/harvest.py: PyGithub and python-gitlab as their documentation shows.

Per account: list the repositories (``get_user(login).get_repos()``, ``groups.get(path)
.projects.list(iterator=True, include_subgroups=True)``); per repository:
``get_contents("publiccode.yml")``, the last commit, the latest release, the languages
(GitLab: ``projects.get(id)`` first, since a group's project list gives ``GroupProject``
objects without ``files``). One request after the other, PyGithub's throttle off
(``seconds_between_requests=None``), so this is the fastest naive crawl.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

import github
import gitlab
from github import Auth, GithubException

from catalogue.urls import url_host

TOKEN = "bench-token"


@dataclass
class BaselineRun:
    """Repositories processed and seconds taken."""

    repositories: int
    seconds: float


def account_urls(publishers: Sequence[object], seed: int) -> list[str]:
    """Every codeHosting URL of the publishers, shuffled with ``seed`` (the sample order)."""
    urls = [entry.url for publisher in publishers for entry in publisher.code_hosting]
    random.Random(seed).shuffle(urls)
    return urls


def run_baseline(forges: Mapping[str, Mapping[str, str]], urls: Sequence[str], sample: int) -> BaselineRun:
    """Crawl accounts in ``urls`` order until ``sample`` repositories are done."""
    started = time.monotonic()
    done = 0
    clients: dict[str, object] = {}
    for url in urls:
        host = url_host(url)
        table = forges.get(host)
        if table is None:
            continue
        path = url.split(host, 1)[1].strip("/")
        crawl = _github_account if table["type"] == "github" else _gitlab_account
        if host not in clients:
            clients[host] = _client(table)
        for _ in crawl(clients[host], path):
            done += 1
            if done >= sample:
                return BaselineRun(done, time.monotonic() - started)
    return BaselineRun(done, time.monotonic() - started)


def _client(table: Mapping[str, str]) -> object:
    if table["type"] == "github":
        return github.Github(base_url=table["api_url"].rstrip("/"), auth=Auth.Token(TOKEN),
                             seconds_between_requests=None)
    return gitlab.Gitlab(url=table["api_url"].rstrip("/"), private_token=TOKEN)


def _github_account(client: github.Github, login: str) -> Iterator[None]:
    try:
        repos = client.get_user(login).get_repos()
        for repo in repos:
            for ask in (lambda: repo.get_contents("publiccode.yml"), lambda: repo.get_commits()[0],
                        repo.get_latest_release, repo.get_languages):
                try:
                    ask()
                except (GithubException, IndexError):
                    pass
            yield None
    except GithubException:
        return


def _gitlab_account(client: gitlab.Gitlab, path: str) -> Iterator[None]:
    try:
        listing = client.groups.get(path).projects.list(iterator=True, include_subgroups=True)
    except gitlab.exceptions.GitlabGetError:
        # a user namespace: GET /users/:username/projects (lazy: no request for the user)
        listing = client.users.get(path, lazy=True).projects.list(iterator=True)
    for item in _safe(listing):
        try:
            project = client.projects.get(item.id)
        except gitlab.exceptions.GitlabGetError:
            yield None
            continue
        ref = getattr(project, "default_branch", None) or "HEAD"
        for ask in (lambda: project.files.get(file_path="publiccode.yml", ref=ref),
                    lambda: project.commits.list(per_page=1, get_all=False),
                    lambda: project.releases.list(per_page=1, get_all=False), project.languages):
            try:
                ask()
            except gitlab.exceptions.GitlabError:
                pass
        yield None


def _safe(listing: Iterator[object]) -> Iterator[object]:
    try:
        yield from listing
    except gitlab.exceptions.GitlabError:
        return
