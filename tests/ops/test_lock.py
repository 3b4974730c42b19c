"""One crawl at a time (issue 10, 13.6): the second crawl on a catalogue refuses with
one line, or waits, by the crawl_lock setting; on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import threading
import time

import pytest

from catalogue.db import open_store
from catalogue.db.lock import crawl_lock
from catalogue.errors import CrawlLockedError
from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, base_fixture
from tests.harvest.test_limits_and_resume import _cli_crawl


def test_a_second_crawl_is_refused_while_the_first_holds_the_lock(store_url):
    with crawl_lock(store_url, "refuse"):
        with pytest.raises(CrawlLockedError, match="another crawl is running on"):
            with crawl_lock(store_url, "refuse"):
                pass
    with crawl_lock(store_url, "refuse"):  # released: free again
        pass


def test_a_waiting_crawl_starts_when_the_first_is_done(store_url):
    events = []
    held = threading.Event()

    def first():
        with crawl_lock(store_url, "refuse"):
            held.set()
            time.sleep(0.5)
            events.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    with crawl_lock(store_url, "wait"):
        events.append("second in")
    thread.join()
    assert events == ["first done", "second in"]


def test_two_crawls_at_once_on_a_new_database(tmp_path):
    with TestForge.from_fixture(base_fixture(), latency_ms=5) as forge:
        first = _cli_crawl(tmp_path, forge, None)
        time.sleep(0.3)
        second = _cli_crawl(tmp_path, forge, None)
        results = [process.communicate(timeout=180) for process in (first, second)]
    codes = sorted(process.returncode for process in (first, second))
    errors = [err.decode() for _, err in results]
    assert codes == [0, 2], errors
    refused = next(err for err, process in zip(errors, (first, second)) if process.returncode == 2)
    assert refused.strip().splitlines() == [refused.strip()]  # one line
    assert "another crawl is running on" in refused and "Traceback" not in refused
    assert not any("UNIQUE constraint" in err or "already exists" in err for err in errors)
    path = tmp_path / "out" / "catalogue.sqlite"
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = open_store(f"sqlite:///{path}")
    try:
        crawls = store.crawls()
        count = len(store.entries())
    finally:
        store.close()
    assert count == EXPECTED_COUNT
    assert [(c.repositories_seen, c.finished_at is not None) for c in crawls] == [(EXPECTED_COUNT, True)]


def test_scrapy_crawl_takes_the_lock_too(tmp_path):
    from tests.ops.test_exit_and_record import ROOT, _scrapy_env
    from tests.harvest.fixtures import PUBLISHERS
    import sys

    env = _scrapy_env(tmp_path, {}, PUBLISHERS)
    with crawl_lock(env["CATALOGUE_DB"], "refuse"):
        done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "github"], cwd=tmp_path,
                              env=dict(env, PYTHONPATH=str(ROOT), SCRAPY_SETTINGS_MODULE="catalogue.harvest.settings"),
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "another crawl is running on" in done.stderr
