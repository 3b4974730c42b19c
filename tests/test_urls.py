"""Canonical repository URLs and what a codeHosting URL names."""

from __future__ import annotations

import pytest

from catalogue.urls import canonical_repository_url, hosting_target, same_repository


@pytest.mark.parametrize(
    "given, canonical",
    [
        ("https://github.com/example-org/app", "https://github.com/example-org/app"),
        ("HTTP://GitHub.com/Example-Org/App.git/", "https://github.com/Example-Org/App"),
        ("https://gitlab.example.org/a/b/c/-/tree/main", "https://gitlab.example.org/a/b/c"),
        ("http://gitlab.example.org:8080/a/b", "https://gitlab.example.org:8080/a/b"),
        ("github.com/x/y", "https://github.com/x/y"),
    ],
)
def test_canonical_url(given, canonical):
    assert canonical_repository_url(given) == canonical


def test_same_repository_ignores_scheme_case_and_git_suffix():
    assert same_repository("http://gitlab.example.org/onderwijs/leermiddelen",
                           "https://gitlab.example.org/onderwijs/leermiddelen/")
    assert same_repository("https://github.com/Example-Org/voorbeeldapp.git", "https://github.com/example-org/voorbeeldapp")
    assert not same_repository("https://github.com/example-city/meldingen",
                               "https://github.com/example-community/meldingen")
    assert not same_repository("not a url", "https://github.com/x/y")


def test_hosting_targets():
    assert hosting_target("https://github.com/MinBZK", group=True, forge_type="github").kind == "account"
    repo = hosting_target("https://github.com/Example-Org/app.git", group=True, forge_type="github")
    assert (repo.kind, repo.path) == ("repository", "Example-Org/app")
    group = hosting_target("https://gitlab.com/commonground/core", group=True, forge_type="gitlab")
    assert (group.kind, group.path) == ("account", "commonground/core")
    project = hosting_target("https://gitlab.com/commonground/core/api", group=False, forge_type="gitlab")
    assert project.kind == "repository"
    with pytest.raises(ValueError, match="not a GitHub account"):
        hosting_target("https://github.com/a/b/c", group=True, forge_type="github")
    with pytest.raises(ValueError):
        canonical_repository_url("ftp://example.org/x")
