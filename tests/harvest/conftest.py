"""Helpers for crawling the project's own test forge from a test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from catalogue.config import load_settings, with_forges
from catalogue.db import open_store
from catalogue.harvest.runner import CrawlSummary, run_crawl
from catalogue.publishers import load_publishers
from catalogue.records import StoredEntry

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
FAST = {"CATALOGUE_WAIT_SCALE": 0.0, "LOG_LEVEL": "WARNING", "RETRY_TIMES": 1}


@dataclass
class Crawler:
    """Crawls a test forge into a fresh store: SQLite under ``tmp_path``, or the
    database at ``database`` (a PostgreSQL URL)."""

    tmp_path: Path
    database: str | None = None

    def write_publishers(self, publishers: list[dict]) -> Path:
        path = self.tmp_path / "publishers.yml"
        path.write_text(yaml.safe_dump(publishers, sort_keys=False), encoding="utf-8")
        return path

    @property
    def db_url(self) -> str:
        return self.database or f"sqlite:///{self.tmp_path / 'catalogue.sqlite'}"

    def crawl(self, publishers: list[dict], forges: dict, *, token: str | None = None,
              now: datetime = NOW, scrapy: dict | None = None, full: bool = False,
              job_dir: Path | None = None) -> CrawlSummary:
        path = self.write_publishers(publishers)
        settings = load_settings(environ={}, publishers=str(path), db=self.db_url, output=str(self.tmp_path / "out"))
        settings = with_forges(settings, forges, token=token)
        return run_crawl(settings, load_publishers(path), now=now, scrapy_settings={**FAST, **(scrapy or {})},
                         full=full, job_dir=job_dir)

    def entries(self) -> dict[str, StoredEntry]:
        store = open_store(self.db_url)
        try:
            return {stored.entry.source.url: stored for stored in store.entries()}
        finally:
            store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def crawler(request: pytest.FixtureRequest, tmp_path) -> Crawler:
    """A crawler into an empty store, on SQLite, then on PostgreSQL (``tests/conftest.py``)."""
    if request.param == "sqlite":
        return Crawler(tmp_path)
    return Crawler(tmp_path, request.getfixturevalue("postgres_url"))


@pytest.fixture
def sqlite_crawler(tmp_path) -> Crawler:
    """A crawler into an empty SQLite store, for tests of timing and processes whose
    store is beside the point (they run once, not once per database)."""
    return Crawler(tmp_path)


def publisher(pid: str, *urls: str, group: bool = True, uri: str | None = None) -> dict:
    """A publishers-file entry."""
    entry = {"id": pid, "name": f"Publisher {pid}", "codeHosting": [{"url": url, "group": group} for url in urls]}
    if uri:
        entry["organisationUri"] = uri
    return entry
