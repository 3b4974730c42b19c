"""Exit codes and crawl records tell the truth (issue 10, 13.7): 0 ok, 1 finished with
errors, 2 failed; the record holds every error the stats counted; a failed account
keeps its repositories, marked with the error and the date last confirmed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from catalogue.db import open_store
from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, fixture_copy

ROOT = Path(__file__).resolve().parents[2]
T1 = datetime(2026, 6, 1, tzinfo=timezone.utc)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _scrapy_env(tmp_path: Path, forges: dict, publishers: list) -> dict:
    lines = []
    for host, table in forges.items():
        lines.append(f'[forges."{host}"]')
        lines += [f'{key} = "{value}"' for key, value in table.items()]
    config = tmp_path / "catalogue.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = tmp_path / "publishers.yml"
    path.write_text(yaml.safe_dump(publishers), encoding="utf-8")
    return dict(os.environ, CATALOGUE_CONFIG=str(config), CATALOGUE_PUBLISHERS=str(path),
                CATALOGUE_DB=f"sqlite:///{tmp_path / 'catalogue.sqlite'}", CATALOGUE_OUTPUT=str(tmp_path / "out"))


def test_scrapy_crawl_without_network_exits_2_and_records_every_error(tmp_path):
    port = _closed_port()
    forges = {"github.com": {"type": "github", "api_url": f"http://127.0.0.1:{port}",
                             "graphql_url": f"http://127.0.0.1:{port}/graphql"}}
    env = _scrapy_env(tmp_path, forges, PUBLISHERS)
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "github", "-s", "RETRY_TIMES=1"],
                          cwd=tmp_path, env=dict(env, PYTHONPATH=str(ROOT), SCRAPY_SETTINGS_MODULE="catalogue.harvest.settings"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    store = open_store(env["CATALOGUE_DB"])
    try:
        crawl = store.last_crawl()
    finally:
        store.close()
    logged = crawl.stats["log_count/ERROR"]
    assert logged > 0
    assert len(crawl.errors) == logged  # every error the stats counted is in the record
    assert not (tmp_path / ".scrapy").exists()


def test_a_deleted_account_exits_1_and_keeps_its_repositories_marked(crawler):
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        first = crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1)
    assert first.exit_code == 0 and first.errors == ()
    assert json.loads(first.report_path.read_text())["outcome"] == "ok"
    fixture["github"]["accounts"] = [a for a in fixture["github"]["accounts"] if a["login"] != "jdoe"]
    with TestForge.from_fixture(fixture) as forge:
        second = crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1 + timedelta(days=1))
    assert second.exit_code == 1
    failed = second.stats and json.loads(second.report_path.read_text())["failed_accounts"]
    assert list(failed) == ["https://github.com/jdoe"]
    assert failed["https://github.com/jdoe"]["error"] == "account not found: https://github.com/jdoe"
    assert failed["https://github.com/jdoe"]["last_confirmed"] == "2026-06-01T00:00:00Z"
    assert failed["https://github.com/jdoe"]["repositories"] == 1
    entries = crawler.entries()
    assert len(entries) == EXPECTED_COUNT and not any(stored.gone for stored in entries.values())
    store = open_store(crawler.db_url)
    try:
        record = store.last_crawl()
    finally:
        store.close()
    assert record.stats["catalogue/failed_accounts"] == failed  # in the crawl record too


def test_an_unreachable_forge_throughout_is_exit_2(crawler):
    with TestForge.from_fixture(fixture_copy()) as forge:
        forge.inject(".", 503, times=None, body={"message": "unavailable"})
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1)
    # Only 503s throughout: no usable answer from either forge.
    assert summary.exit_code == 2 and summary.errors
    assert summary.failed_hosts == ("github.com", "gitlab.com")
    port = _closed_port()
    forges = {"github.com": {"type": "github", "api_url": f"http://127.0.0.1:{port}",
                             "graphql_url": f"http://127.0.0.1:{port}/graphql"}}
    from catalogue.config import load_settings, with_forges
    from catalogue.harvest.runner import run_crawl
    from catalogue.publishers import load_publishers
    from tests.harvest.conftest import FAST

    path = crawler.write_publishers(PUBLISHERS[:1])
    settings = with_forges(load_settings(environ={}, publishers=str(path), db=crawler.db_url,
                                         output=str(crawler.tmp_path / "out")), forges, token="t")
    summary = run_crawl(settings, load_publishers(path), now=T1, check_forges=False, scrapy_settings=FAST)
    assert summary.failed_hosts == ("github.com",) and summary.exit_code == 2


def test_the_site_shows_a_failed_account_and_a_gone_repository(crawler):
    from catalogue.cli import main

    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1)
    fixture["github"]["accounts"] = [a for a in fixture["github"]["accounts"] if a["login"] != "jdoe"]
    acme = next(a for a in fixture["github"]["accounts"] if a["login"] == "acme")
    removed = acme["repositories"].pop(0)["name"]
    with TestForge.from_fixture(fixture) as forge:
        crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1 + timedelta(days=1))
    out = crawler.tmp_path / "out"
    publishers = crawler.tmp_path / "publishers.yml"
    assert main(["build", "--db", crawler.db_url, "--output", str(out), "--publishers", str(publishers),
                 "--now", "2026-06-03T00:00:00Z"]) == 0
    pages = {path: path.read_text(encoding="utf-8") for path in (out / "site").rglob("*.html")}
    failed = [path for path, text in pages.items()
              if "De laatste crawl kon dit account niet lezen: account not found: https://github.com/jdoe" in text]
    assert len(failed) == 1 and "/en/" not in str(failed[0])
    assert "bevestigd zijn op 1 juni 2026" in pages[failed[0]]
    english = [text for path, text in pages.items() if "The latest crawl could not read this account" in text]
    assert len(english) == 1 and "last confirmed on June 1, 2026" in english[0]
    gone = [text for path, text in pages.items() if "/en/" in str(path) and f"acme/{removed}" in text
            and "no longer found this repository" in text]
    assert len(gone) == 1 and "last seen on June 1, 2026" in gone[0]
    about = next(text for path, text in pages.items() if path.match("en/about/index.html") or path.match("en/about.html"))
    assert "1 account could not be read" in about


def test_a_5xx_group_alone_is_exit_1(crawler):
    with TestForge.from_fixture(fixture_copy()) as forge:
        config = forge.forges_config()
        for table in config.values():
            table.pop("graphql_url")
        forge.inject(r"groups/gov", 500, times=None, body={"message": "500 Internal Server Error"})
        summary = crawler.crawl(PUBLISHERS, config, token=None, now=T1)
    assert summary.exit_code == 1 and summary.failed_hosts == ()
    assert len(summary.errors) == summary.stats["log_count/ERROR"] > 0  # every counted error is recorded
    report = json.loads(summary.report_path.read_text())
    assert list(report["failed_accounts"]) == ["https://gitlab.com/gov"]
    error = report["failed_accounts"]["https://gitlab.com/gov"]["error"]
    assert error.startswith("https://gitlab.com/gov: ") and "groups/gov" in error and "500" in error, error
