"""Rate limits (pause until reset, Retry-After, nothing lost), no secret on disk, and
crawls that are stopped (SIGTERM, resumed from the job folder) or killed (SIGKILL,
completed by the next crawl)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from catalogue.db import open_store
from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, base_fixture

TOKEN = "tok-SECRET-4f1e9d2c7b"


@pytest.fixture
def crawler(sqlite_crawler):
    """Timing and process tests: run once, on SQLite (the store's part runs on both
    databases in the other harvest tests)."""
    return sqlite_crawler


def test_graphql_budget_exhausted_pauses_until_reset_and_loses_nothing(crawler):
    with TestForge.from_fixture(base_fixture()) as forge:
        reset = int(time.time()) + 45
        forge.inject("gh.graphql", 200, times=1,
                     headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
                     body={"errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1."}]})
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token=TOKEN)
    assert summary.errors == ()
    assert summary.stats["catalogue/rate_limit/waits"] == 1
    assert 40 <= summary.stats["catalogue/rate_limit/longest_wait"] <= 47  # until the reset, not a fixed sleep
    assert len(crawler.entries()) == EXPECTED_COUNT


def test_rest_primary_limit_and_retry_after(crawler):
    with TestForge.from_fixture(base_fixture()) as forge:
        config = forge.forges_config()
        for table in config.values():
            table.pop("graphql_url")
        forge.inject("gh.org_repos", 403, times=1,
                     headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 30)},
                     body={"message": "API rate limit exceeded for 127.0.0.1."})
        forge.inject("gl.group_projects", 429, times=1, headers={"Retry-After": "12"}, body="Retry later\n")
        summary = crawler.crawl(PUBLISHERS, config, token=None)
    assert summary.errors == ()
    assert summary.stats["catalogue/rate_limit/waits"] == 2
    assert summary.stats["catalogue/rate_limit/longest_wait"] >= 25
    assert len(crawler.entries()) == EXPECTED_COUNT


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file() and needle in path.read_bytes()]


def test_no_token_reaches_the_disk_or_the_log(crawler, tmp_path, capfd):
    job_dir = tmp_path / "job"
    with TestForge.from_fixture(base_fixture()) as forge:
        config = forge.forges_config()
        for table in config.values():  # REST with a token: cached answers, a job folder
            table.pop("graphql_url")
        summary = crawler.crawl(PUBLISHERS, config, token=TOKEN, job_dir=job_dir, scrapy={"LOG_LEVEL": "DEBUG"})
        authorized = [r for r in forge.requests if r.authorized]
    assert summary.errors == ()
    assert len(authorized) > 100  # the token was really sent
    assert any((tmp_path / "out" / "cache").rglob("*"))  # the HTTP cache was written
    assert _files_containing(tmp_path, TOKEN.encode()) == []
    captured = capfd.readouterr()
    assert TOKEN not in captured.out and TOKEN not in captured.err


def _cli_crawl(tmp_path: Path, forge: TestForge, job_dir: Path | None) -> subprocess.Popen:
    config = tmp_path / "catalogue.toml"
    lines = []
    for host, table in forge.forges_config().items():
        lines.append(f'[forges."{host}"]')
        lines += [f'{key} = "{value}"' for key, value in table.items() if key != "graphql_url"]
        lines.append('token_env = "TEST_FORGE_TOKEN"')
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    publishers = tmp_path / "publishers.yml"
    publishers.write_text(yaml.safe_dump(PUBLISHERS), encoding="utf-8")
    command = [sys.executable, "-m", "catalogue.cli", "crawl", "--config", str(config), "--publishers",
               str(publishers), "--output", str(tmp_path / "out")]
    if job_dir:
        command += ["--job-dir", str(job_dir)]
    env = dict(os.environ, TEST_FORGE_TOKEN=TOKEN)
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def _wait_for_requests(forge: TestForge, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while len(forge.requests) < count:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the crawl made too few requests"
        time.sleep(0.05)


def _stored_count(tmp_path: Path) -> int:
    store = open_store(f"sqlite:///{tmp_path / 'out' / 'catalogue.sqlite'}")
    try:
        return len(store.entries())
    finally:
        store.close()


def test_sigterm_stops_and_the_job_folder_resumes_without_asking_again(tmp_path):
    job_dir = tmp_path / "job"
    with TestForge.from_fixture(base_fixture(), latency_ms=40) as forge:
        process = _cli_crawl(tmp_path, forge, job_dir)
        _wait_for_requests(forge, 120, process)
        os.kill(process.pid, signal.SIGTERM)
        process.communicate(timeout=60)
        first = [(r.method, r.path) for r in forge.requests]
        assert _stored_count(tmp_path) < EXPECTED_COUNT  # really stopped halfway
        assert any(job_dir.rglob("*"))  # the queue is on disk
        forge.reset_log()
        resumed = _cli_crawl(tmp_path, forge, job_dir)
        out, err = resumed.communicate(timeout=120)
        second = [(r.method, r.path) for r in forge.requests]
    assert resumed.returncode == 0, err
    assert _stored_count(tmp_path) == EXPECTED_COUNT
    asked_again = [request for request in second if request in set(first)]
    # The listings are not asked again; at most the answers in flight at the stop are.
    assert len(asked_again) <= 16, asked_again
    assert not any(job_dir.rglob("*.json")) and not (job_dir / "github.com").exists()  # finished: cleared


def test_sigkill_loses_only_what_was_in_flight_and_the_next_crawl_completes(tmp_path):
    with TestForge.from_fixture(base_fixture(), latency_ms=40) as forge:
        process = _cli_crawl(tmp_path, forge, None)
        _wait_for_requests(forge, 120, process)
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
        partial = _stored_count(tmp_path)
        again = _cli_crawl(tmp_path, forge, None)
        out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert partial < EXPECTED_COUNT
    assert _stored_count(tmp_path) == EXPECTED_COUNT
    store = open_store(f"sqlite:///{tmp_path / 'out' / 'catalogue.sqlite'}")
    try:
        crawls = store.crawls()
    finally:
        store.close()
    assert [c.finished_at is None for c in crawls] == [True, False]  # the killed crawl stays unfinished


def test_a_paused_forge_does_not_hold_up_another(crawler):
    """GitHub asks for a long pause; GitLab's crawl goes on meanwhile (one crawler, so one
    downloader, per forge host)."""
    with TestForge.from_fixture(base_fixture(), latency_ms=20) as forge:
        forge.inject("gh.graphql", 403, times=1, headers={"Retry-After": "3000"},
                     body={"message": "You have exceeded a secondary rate limit. Please retry your request again later."})
        # 3000 s asked, scaled to 3 s: long enough to see GitLab finish inside the pause.
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token=TOKEN, scrapy={"CATALOGUE_WAIT_SCALE": 0.001})
        log = list(forge.requests)
    assert summary.errors == ()
    paused_at = next(r.at for r in log if r.fault)
    # (A GitHub request already in flight at the 403 may still be answered just after it.)
    resumed_at = min(r.at for r in log if r.route == "gh.graphql" and r.at > paused_at + 0.5)
    gitlab = [r.at for r in log if r.route.startswith("gl.")]
    assert resumed_at - paused_at >= 2.5
    assert gitlab and max(gitlab) < resumed_at  # all of GitLab was crawled during GitHub's pause
    assert len(crawler.entries()) == EXPECTED_COUNT


def test_an_overloaded_graphql_query_is_asked_again_with_smaller_pages(crawler):
    """GitHub answers a too heavy query with 502/504: the same accounts are asked again
    with half the page size, and nothing is lost."""
    with TestForge.from_fixture(base_fixture()) as forge:
        forge.inject("gh.graphql", 502, times=2, body={"message": "Server Error"})
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token=TOKEN)
        graphql = [r for r in forge.requests if r.route == "gh.graphql"]
    assert summary.errors == ()
    assert summary.stats["catalogue/graphql/page_size_reduced"] == 2
    assert sum(1 for r in graphql if r.status == 502) == 2
    assert len(crawler.entries()) == EXPECTED_COUNT


def test_a_pagination_loop_stops_and_marks_nothing_gone(crawler):
    """A forge whose "next" page points back at a page already read: the listing stops
    with one crawl error, and since the listing is incomplete nothing is marked gone."""
    with TestForge.from_fixture(base_fixture()) as forge:
        config = forge.forges_config()
        for table in config.values():
            table.pop("graphql_url")  # the REST listing, whose pages carry Link headers
        crawler.crawl(PUBLISHERS, config, token=None)
        page2 = f"{forge.base_url}/gitlab/api/v4/groups/gov/projects?page=2"
        forge.inject(r"groups/gov/projects", 200, times=None, body=[], headers={"Link": f'<{page2}>; rel="next"'})
        summary = crawler.crawl(PUBLISHERS, config, token=None)
        asked = [r.path for r in forge.requests if "groups/gov/projects" in r.path]
    assert any("points back to one already read" in error for error in summary.errors), summary.errors
    assert len(asked) <= 4  # two crawls, at most two pages each: no endless loop
    gitlab = [s for s in crawler.entries().values() if s.entry.source.full_name.startswith("gov/")]
    assert len(gitlab) == 5 and not any(s.gone for s in gitlab)
