"""A test forge with a valid, an invalid and a missing publiccode.yml on GitHub and GitLab."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterator

import pytest
import yaml

from catalogue.config import load_settings, with_forges
from catalogue.testforge import TestForge

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def publiccode(url: str, **changes: str) -> str:
    """A valid publiccode.yml for ``url``; ``changes`` replace text (to break it)."""
    text = f"""publiccodeYmlVersion: "0"
name: Meldingen
url: "{url}"
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  nl:
    shortDescription: Meldingen openbare ruimte.
    longDescription: "{'Een lange beschrijving van de software. ' * 5}"
    features: [melden]
legal:
  license: EUPL-1.2
maintenance:
  type: community
  contacts:
    - name: Jan
      email: jan@example.org
localisation:
  localisationReady: true
  availableLanguages: [nl]
"""
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    return text


VALID_GH = publiccode("https://github.com/gemeente/meldingen")
# Two errors: an unknown licence (line 13) and an unknown softwareType (line 6).
INVALID_GH = publiccode("https://github.com/gemeente/kapot", EUPL="NOT-A-LICENCE").replace(
    "softwareType: standalone/web", "softwareType: app")

FIXTURE: dict[str, Any] = {
    "github": {"accounts": [
        {"login": "gemeente", "type": "Organization", "name": "Gemeente", "repositories": [
            {"name": "meldingen", "id": 501, "description": "Meldingen", "license": "EUPL-1.2",
             "languages": {"Python": 9000}, "commit_dates": ["2026-05-01T10:00:00Z", "2026-04-01T10:00:00Z"],
             "releases": [{"tag_name": "v1.0", "published_at": "2026-03-01T00:00:00Z"}],
             "open_issues": 2, "open_pull_requests": 1,
             "files": {"publiccode.yml": VALID_GH}},
            {"name": "kapot", "id": 502, "license": "MIT", "commit_dates": ["2026-05-01T10:00:00Z"],
             "files": {"publiccode.yml": INVALID_GH}},
            {"name": "zonder", "id": 503, "description": "Zonder publiccode",
             "commit_dates": ["2023-01-01T10:00:00Z"], "files": {"README.md": "# Zonder\n"}},
        ]},
    ]},
    "gitlab": [{"prefix": "/gitlab", "web_host": "gitlab.com", "groups": [
        {"path": "provincie", "id": 10, "projects": [
            {"name": "kaart", "id": 601, "license": "EUPL-1.2", "languages": {"Go": 300},
             "commit_dates": ["2026-05-20T10:00:00Z"],
             "files": {"publiccode.yml": publiccode("https://gitlab.com/provincie/kaart")}}],
         "subgroups": [{"path": "team", "id": 11, "projects": [
             {"name": "fout", "id": 602, "commit_dates": ["2026-05-20T10:00:00Z"],
              "files": {"publiccode.yml": publiccode("https://gitlab.com/provincie/team/fout",
                                                     stable="ergens")}}]}]}]}],
}

PUBLISHERS = [
    {"id": "gemeente", "name": "Gemeente Voorbeeld", "notify": True,
     "codeHosting": [{"url": "https://github.com/gemeente"}]},
    {"id": "provincie", "name": "Provincie Voorbeeld", "codeHosting": [{"url": "https://gitlab.com/provincie"}]},
]


@pytest.fixture(scope="module")
def forge() -> Iterator[TestForge]:
    with TestForge.from_fixture(FIXTURE) as running:
        yield running


@pytest.fixture()
def publishers_file(tmp_path):
    path = tmp_path / "publishers.yml"
    path.write_text(yaml.safe_dump(PUBLISHERS), encoding="utf-8")
    return path


def make_settings(forge: TestForge, publishers_file, token: str | None):
    settings = load_settings(environ={}, publishers=str(publishers_file), db="sqlite:///:memory:")
    return with_forges(settings, forge.forges_config(), token=token)


def config_file(tmp_path, forge: TestForge, token_env: str | None) -> str:
    """A TOML configuration pointing github.com and gitlab.com at ``forge``."""
    lines = []
    for host, table in forge.forges_config().items():
        lines.append(f'[forges."{host}"]')
        lines += [f'{key} = "{value}"' for key, value in table.items()]
        if token_env:
            lines.append(f'token_env = "{token_env}"')
    path = tmp_path / "catalogue.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)
