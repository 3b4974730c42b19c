"""Fixtures for the test forge's own tests: a small fixture document and a running forge."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import requests

from catalogue.testforge import TestForge

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"

PUBLICCODE = 'publiccodeYmlVersion: "0.4"\nname: App\n'

FIXTURE: dict[str, Any] = {
    "note": "test fixture",
    "github": {"accounts": [
        {"login": "acme", "type": "Organization", "name": "Acme", "repositories": [
            {"name": f"repo-{i:02d}", "created_at": f"2020-01-{i + 1:02d}T00:00:00Z"} for i in range(7)
        ] + [
            {"name": "app", "id": 4242, "license": "EUPL-1.2", "languages": {"Python": 9000, "HTML": 100},
             "topics": ["overheid"], "stars": 5, "forks": 2, "files": {"publiccode.yml": PUBLICCODE},
             "commit_dates": ["2024-05-01T10:00:00Z", "2024-04-01T10:00:00Z", "2023-01-01T10:00:00Z"],
             "releases": [{"tag_name": "v1.0", "name": "1.0", "published_at": "2024-01-01T00:00:00Z"},
                          {"tag_name": "v1.1", "name": "1.1", "published_at": "2024-03-01T00:00:00Z"}],
             "open_issues": 3, "open_pull_requests": 2,
             "labels": {"good first issue": 1, "help wanted": 2}, "previous_names": ["old-app"],
             "created_at": "2019-01-01T00:00:00Z"},
            {"name": "leeg", "empty": True},
            {"name": "vork", "fork_of": "upstream/thing", "archived": True},
        ]},
        {"login": "jane", "type": "User", "repositories": [{"name": "tool"}]},
    ]},
    "gitlab": [{"prefix": "/gitlab", "web_host": "gitlab.com", "groups": [
        {"path": "gov", "id": 10, "projects": [
            {"name": "Portaal", "path": "portaal", "id": 101, "files": {"publiccode.yml": PUBLICCODE},
             "license": "EUPL-1.2", "languages": {"Go": 300, "Shell": 100}, "open_issues": 4,
             "labels": {"help wanted": 1}, "releases": [{"tag_name": "v2", "published_at": "2024-02-02T00:00:00Z"}],
             "previous_names": ["oud-portaal"]}],
         "subgroups": [{"path": "sub", "id": 11, "projects": [{"name": "diep", "id": 102}],
                        "subgroups": [{"path": "deeper", "id": 12, "projects": [
                            {"name": "dieper", "id": 103, "empty": True},
                            {"name": "alleen-issues", "id": 104, "repository_disabled": True}]}]}]}],
        "users": [{"username": "jdoe", "projects": [{"name": "dotfiles", "id": 201}]}]},
        {"prefix": "/gitlab-2", "web_host": "gitlab.example.org", "groups": [{"path": "onderwijs", "projects": [
            {"name": "leermiddelen"}]}]}],
}

TOKEN = {"Authorization": "bearer test-token"}


@pytest.fixture()
def forge() -> Iterator[TestForge]:
    """A running forge over ``FIXTURE``."""
    with TestForge.from_fixture(FIXTURE) as running:
        yield running


@pytest.fixture()
def http() -> Iterator[requests.Session]:
    """A keep-alive HTTP session."""
    with requests.Session() as session:
        yield session


@pytest.fixture()
def fixture_doc() -> dict[str, Any]:
    """The fixture document behind ``forge``."""
    return FIXTURE
