"""A test forge with repositories of an opted-in and an opted-out publisher, crawled into a store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Iterator

import pytest
import yaml

from catalogue.config import load_settings, with_forges
from catalogue.db import open_store
from catalogue.harvest.runner import run_crawl
from catalogue.normalise import normalise
from catalogue.publishers import load_publishers
from catalogue.records import PubliccodeFile, StoredEntry
from catalogue.testforge import TestForge
from catalogue.testforge.writes import IssueWrites

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
FAST = {"CATALOGUE_WAIT_SCALE": 0.0, "LOG_LEVEL": "WARNING", "RETRY_TIMES": 1}


def publiccode(url: str, licence: str = "EUPL-1.2", status: str = "stable") -> str:
    return f"""publiccodeYmlVersion: "0"
name: Voorbeeld | pijp
url: "{url}"
platforms: [web]
developmentStatus: {status}
softwareType: standalone/web
description:
  nl:
    shortDescription: Een <b>korte</b> beschrijving.
    longDescription: "{'Een lange beschrijving van de software. ' * 5}"
    features: [melden]
legal:
  license: {licence}
maintenance:
  type: community
  contacts:
    - name: Jan
      email: jan@example.org
localisation:
  localisationReady: true
  availableLanguages: [nl]
"""


def fixture() -> dict[str, Any]:
    gh = "https://github.com/gemeente"
    return {
        "github": {"accounts": [
            {"login": "gemeente", "type": "Organization", "repositories": [
                {"name": f"app{i}", "id": 700 + i, "commit_dates": ["2026-05-01T10:00:00Z"],
                 "files": {"publiccode.yml": publiccode(f"{gh}/app{i}", licence="NOT|A<LICENCE>")}}
                for i in range(5)
            ] + [
                {"name": "goed", "id": 710, "files": {"publiccode.yml": publiccode(f"{gh}/goed")}},
                {"name": "zonder", "id": 711, "files": {"README.md": "# x\n"}},
                {"name": "oud", "id": 712, "archived": True,
                 "files": {"publiccode.yml": publiccode(f"{gh}/oud", status="ergens")}},
            ]},
            {"login": "anders", "type": "Organization", "repositories": [
                {"name": "fout", "id": 720, "files": {"publiccode.yml": publiccode(
                    "https://github.com/anders/fout", status="ergens")}}]},
        ]},
        "gitlab": [{"prefix": "/gitlab", "web_host": "gitlab.com", "groups": [
            {"path": "provincie", "id": 10, "projects": [
                {"name": "kaart", "id": 801, "commit_dates": ["2026-05-20T10:00:00Z"],
                 "files": {"publiccode.yml": publiccode("https://gitlab.com/provincie/kaart", status="ergens")}},
                {"name": "net", "id": 802,
                 "files": {"publiccode.yml": publiccode("https://gitlab.com/provincie/net")}}]}]}],
    }


PUBLISHERS = [
    {"id": "gemeente", "name": "Gemeente Voorbeeld", "notify": True, "codeHosting": [{"url": "https://github.com/gemeente"}]},
    {"id": "anders", "name": "Gemeente Anders", "codeHosting": [{"url": "https://github.com/anders"}]},
    {"id": "provincie", "name": "Provincie Voorbeeld", "notify": True,
     "codeHosting": [{"url": "https://gitlab.com/provincie"}]},
]


class FakeTime:
    """A clock and a sleep that only moves it: tests wait instantly, the forge's limit window moves."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class World:
    """A running forge, its written issues, a crawled store and settings with a token."""

    def __init__(self, forge: TestForge, tmp_path, db: str | None = None) -> None:
        self.forge = forge
        self.writes = IssueWrites.of(forge)
        self.time = FakeTime()
        self.writes.clock = self.time.clock
        self.publishers_path = tmp_path / "publishers.yml"
        self.publishers_path.write_text(yaml.safe_dump(PUBLISHERS, sort_keys=False), encoding="utf-8")
        self.db = db or f"sqlite:///{tmp_path / 'catalogue.sqlite'}"
        base = load_settings(environ={}, publishers=str(self.publishers_path), db=self.db)
        self.settings = with_forges(base, forge.forges_config(), token="notify-secret-token")
        self.publishers = load_publishers(self.publishers_path)
        run_crawl(self.settings, self.publishers, now=NOW, scrapy_settings=FAST)

    def entries(self) -> list[StoredEntry]:
        store = open_store(self.db)
        try:
            return store.entries()
        finally:
            store.close()

    def fixed(self, url: str) -> list[StoredEntry]:
        """The store's entries with the publiccode.yml of ``url`` made valid (as after a fix and a crawl)."""
        out = []
        for stored in self.entries():
            source = stored.entry.source
            if source.url == url:
                text = publiccode(url)
                source = replace(source, publiccode=PubliccodeFile(path="publiccode.yml", text=text))
                publisher = next(p for p in self.publishers if p.id == source.publisher_id)
                stored = replace(stored, entry=normalise(source, publisher))
            out.append(stored)
        return out


@pytest.fixture()
def world(tmp_path) -> Iterator[World]:
    with TestForge.from_fixture(fixture()) as forge:
        yield World(forge, tmp_path)


@pytest.fixture()
def world_on_each_store(tmp_path, store_url) -> Iterator[World]:
    """A ``World`` crawled into SQLite, then into PostgreSQL."""
    with TestForge.from_fixture(fixture()) as forge:
        yield World(forge, tmp_path, store_url.render_as_string(hide_password=False))
