"""A small forge fixture with every situation the spiders must handle, built in code so
that each test can change a copy of it."""

from __future__ import annotations

import copy

PUBLICCODE = """publiccodeYmlVersion: "0.4"
name: {name}
url: "https://{host}/{path}"
releaseDate: "2024-03-01"
softwareVersion: "1.10"
platforms: [web]
categories: [it-development]
developmentStatus: stable
softwareType: standalone/web
description:
  nl:
    shortDescription: "Korte beschrijving van {name}"
    longDescription: >
      {long}
    features: [zoeken]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts:
    - name: Jane Example
localisation:
  localisationReady: true
  availableLanguages: [nl]
"""

LONG = ("Een lange beschrijving die lang genoeg is voor de standaard, want die vraagt minstens "
        "honderdvijftig tekens in de lange beschrijving van elke taal die het bestand noemt. ") * 2


def publiccode(host: str, path: str, name: str) -> str:
    """A valid publiccode.yml text for the repository at ``host/path``."""
    return PUBLICCODE.format(host=host, path=path, name=name, long=LONG.strip())


_IDS = iter(range(700_000, 800_000))


def _repo(name: str, **extra) -> dict:
    # Explicit ids: a test that removes a repository must not shift the others' ids.
    base = {"id": next(_IDS), "name": name, "description": f"{name} beschrijving", "license": "EUPL-1.2",
            "languages": {"Python": 1000, "HTML": 10}, "stars": 3, "created_at": "2020-01-01T00:00:00Z",
            "pushed_at": "2026-05-01T10:00:00Z", "commit_dates": ["2026-05-01T10:00:00Z", "2026-04-01T10:00:00Z"]}
    base.update(extra)
    return base


def base_fixture() -> dict:
    """A new fixture (the same ids every call). GitHub: an organisation with 120 repositories (two listing pages), a user account,
    an empty repository, a moved one, one without description but with a README; GitLab:
    a group with two levels of subgroups, a project without repository, an empty one, a
    user namespace."""
    global _IDS
    _IDS = iter(range(700_000, 800_000))
    many = [_repo(f"tool-{i:03d}") for i in range(120)]
    many[0]["files"] = {"publiccode.yml": publiccode("github.com", "acme/tool-000", "Tool nul")}
    many[1]["files"] = {"publiccode.yaml": publiccode("github.com", "acme/tool-001", "Tool een")}
    many[2].update(description=None, files={"README.md": "# Tool\n\n![badge](b.svg)\n\nDe README vertelt wat tool twee doet.\n"})
    many[3].update(empty=True, pushed_at=None, commit_dates=[], languages={})
    many[4].update(previous_names=["old-tool"], archived=True)
    many[5].update(fork_of="upstream/original", open_issues=4, open_pull_requests=2,
                   releases=[{"tag_name": "v1.2", "name": "1.2", "published_at": "2025-01-01T00:00:00Z"}],
                   labels={"good first issue": 1})
    return {
        "github": {
            "web_host": "github.com",
            "accounts": [
                {"login": "acme", "type": "Organization", "repositories": many},
                {"login": "jdoe", "type": "User", "repositories": [_repo("dotfiles")]},
                {"login": "upstream", "type": "Organization", "repositories": [_repo("original")]},
            ],
        },
        "gitlab": [{
            "prefix": "/gitlab",
            "web_host": "gitlab.com",
            "groups": [{
                "path": "gov",
                "projects": [_repo("portaal", files={"publiccode.yml": publiccode("gitlab.com", "gov/portaal", "Portaal")},
                                   open_issues=5, labels={"good first issue": 2, "help wanted": 1})],
                "subgroups": [{
                    "path": "team-a",
                    "projects": [_repo("meldingen"), _repo("alleen-issues", repository_disabled=True)],
                    "subgroups": [{"path": "intern", "projects": [_repo("formulieren"), _repo("leeg", empty=True,
                                                                                             pushed_at=None,
                                                                                             commit_dates=[])]}],
                }],
            }],
            "users": [{"username": "jansen", "projects": [_repo("scripts", description=None,
                                                                 files={"README.md": "Scripts van Jansen voor de gemeente.\n"})]}],
        }],
    }


def fixture_copy() -> dict:
    """A fresh deep copy of the base fixture, for a test to change."""
    return copy.deepcopy(base_fixture())


PUBLISHERS = [
    {"id": "acme", "name": "Acme", "codeHosting": [{"url": "https://github.com/acme"}]},
    {"id": "jdoe", "name": "J. Doe", "codeHosting": [{"url": "https://github.com/jdoe"},
                                                    {"url": "https://github.com/upstream/original", "group": False}]},
    {"id": "gov", "name": "Gov", "codeHosting": [{"url": "https://gitlab.com/gov"}]},
    {"id": "jansen", "name": "Jansen", "codeHosting": [{"url": "https://gitlab.com/jansen"}]},
]
EXPECTED_COUNT = 120 + 1 + 1 + 5 + 1  # acme, jdoe, upstream/original, gov tree, jansen
