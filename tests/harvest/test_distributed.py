"""The distributed crawl (catalogue.harvest.distributed) against the local Redis and
PostgreSQL: two workers, one of them killed mid-crawl, end with the same catalogue as a
single process; requests do not grow with the number of workers; status, shared
pauses, refusals."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
import redis
import yaml

from catalogue.config import load_settings, with_forges
from catalogue.db import open_store
from catalogue.errors import CatalogueError, ConfigError
from catalogue.harvest.distributed import crawl_status
from catalogue.harvest.redis_queue import Keys
from catalogue.harvest.runner import run_crawl
from catalogue.publishers import load_publishers
from catalogue.testforge import TestForge
from catalogue.testforge.dataset import make_dataset
from tests.harvest.conftest import FAST, NOW

TOKEN = "tok-distributed"
REDIS = os.environ.get("CATALOGUE_TEST_REDIS", "redis://127.0.0.1:6379/0")


def _settings(tmp_path: Path, publishers: list[dict], db: str, forge, redis_url: str | None, token: str | None):
    path = tmp_path / "publishers.yml"
    path.write_text(yaml.safe_dump(publishers, sort_keys=False), encoding="utf-8")
    settings = load_settings(environ={}, publishers=str(path), db=db, output=str(tmp_path / "out"),
                             redis_url=redis_url)
    return with_forges(settings, forge.forges_config(), token=token), load_publishers(path)


def _catalogue(db: str) -> dict[str, tuple]:
    """Every stored entry, by URL, as it would be exported (facts, gone, first seen)."""
    store = open_store(db)
    try:
        return {s.entry.source.url: (s.entry, s.gone, s.first_seen_at, s.previous_urls) for s in store.entries()}
    finally:
        store.close()


def _kill_one_worker_mid_crawl(server, keys: Keys, after_requests: int, killed: list, seen: list) -> None:
    """Once the workers made ``after_requests`` requests, SIGKILL one that has requests
    in flight (popped from the queue, not finished)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        made = 0
        for name in server.scan_iter(match=keys.stats("*")):
            for raw in server.hvals(name):
                made += json.loads(raw).get("downloader/request_count", 0)
        workers = server.hgetall(keys.workers())
        hosts = json.loads(server.hget(keys.crawl(), "hosts") or "{}")
        if made >= after_requests and len(workers) == 2:
            for worker, info in sorted(workers.items()):
                if any(server.hlen(keys.inflight(host, worker.decode())) for host in hosts):
                    seen.append(crawl_status(REDIS, keys.prefix))
                    os.kill(json.loads(info)["pid"], signal.SIGKILL)
                    killed.append(worker.decode())
                    return
        time.sleep(0.02)


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest"])
def test_two_workers_one_killed_mid_crawl_end_with_the_single_process_catalogue(
        tmp_path, postgres_url, redis_url, redis_prefix, token):
    dataset = make_dataset(240, seed=3)
    reference_db = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    # A slow forge, so that requests are in flight when the worker dies.
    with TestForge.from_fixture(dataset.fixture, latency_ms=250 if token else 25, rate_limit=10**9) as forge:
        settings, publishers = _settings(tmp_path, dataset.publishers, reference_db, forge, None, token)
        single = run_crawl(settings, publishers, now=NOW, scrapy_settings=FAST)
        single_requests = len(forge.requests)
        forge.reset_log()

        distributed_settings = replace(settings, db=postgres_url, redis_url=redis_url, output=tmp_path / "out-2")
        server = redis.Redis.from_url(redis_url)
        killed: list[str] = []
        seen: list[dict] = []  # what catalogue status showed just before the kill
        killer = threading.Thread(target=_kill_one_worker_mid_crawl,
                                  args=(server, Keys(redis_prefix), single_requests // 3, killed, seen))
        killer.start()
        summary = run_crawl(distributed_settings, publishers, now=NOW, workers=2, scrapy_settings={
            **FAST, "CATALOGUE_REDIS_PREFIX": redis_prefix, "CATALOGUE_WORKER_TTL": 2})
        killer.join()
        distributed_requests = len(forge.requests)

    assert killed, "no worker was killed: the crawl ended too soon"
    during = seen[0]
    assert during["state"] == "running" and [w["alive"] for w in during["workers"]] == [True, True]
    assert sum(left["in_flight"] for left in during["hosts"].values()) >= 1
    assert 0 < during["repositories_done"] < 240 or during["requests"] > 0
    assert single.errors == () and summary.errors == ()
    assert summary.stats["catalogue/workers"] == 2
    assert summary.stats["catalogue/requeued"] >= 1  # the dead worker had requests in flight: they were redone
    reference, result = _catalogue(reference_db), _catalogue(postgres_url)
    assert len(reference) == 240
    assert result == reference
    # Redone requests: what the dead worker had popped and not acknowledged (in flight,
    # or finished less than a second before), and for a REST chain the steps after a
    # redone one (at most 6 a repository); identical requests are one in the shared queue.
    requeued = summary.stats["catalogue/requeued"]
    assert 0.97 * single_requests <= distributed_requests <= single_requests + 6 * requeued
    status = crawl_status(redis_url, redis_prefix)
    assert status["state"] == "done" and status["workers"] == [] and status["crawl_id"] == summary.crawl_id
    assert all(not any(left.values()) for left in status["hosts"].values())


def test_requests_per_repository_do_not_grow_with_workers_and_gone_is_marked_as_by_one_process(
        tmp_path, postgres_url, redis_url, redis_prefix):
    dataset = make_dataset(150, seed=5)
    reference_db = f"sqlite:///{tmp_path / 'reference.sqlite'}"
    counts = {}
    with TestForge.from_fixture(dataset.fixture, rate_limit=10**9) as forge:
        settings, publishers = _settings(tmp_path, dataset.publishers, postgres_url, forge, redis_url, TOKEN)
        for workers in (1, 3):
            forge.reset_log()
            summary = run_crawl(settings, publishers, now=NOW, workers=workers, full=True, scrapy_settings={
                **FAST, "CATALOGUE_REDIS_PREFIX": f"{redis_prefix}:{workers}"})
            assert summary.errors == () and summary.repositories_seen == 150
            counts[workers] = len(forge.requests)
        run_crawl(replace(settings, db=reference_db, redis_url=None), publishers, now=NOW, scrapy_settings=FAST)
    assert counts[3] == counts[1]
    # A repository removed at the forge: the distributed recrawl marks gone what one
    # process marks gone, once the account's listing was read whole.
    dataset.fixture["github"]["accounts"][0]["repositories"].pop()
    with TestForge.from_fixture(dataset.fixture, rate_limit=10**9) as forge:
        settings, publishers = _settings(tmp_path, dataset.publishers, postgres_url, forge, redis_url, TOKEN)
        later = NOW.replace(day=2)
        summary = run_crawl(settings, publishers, now=later, workers=2, scrapy_settings={
            **FAST, "CATALOGUE_REDIS_PREFIX": f"{redis_prefix}:again"})
        run_crawl(replace(settings, db=reference_db, redis_url=None), publishers, now=later, scrapy_settings=FAST)
    assert summary.errors == ()
    result, reference = _catalogue(postgres_url), _catalogue(reference_db)
    assert sum(1 for _, gone, _, _ in result.values() if gone) >= 1
    assert result == reference


def test_a_rate_limit_pause_of_one_worker_holds_every_worker_on_that_token(redis_url, redis_prefix):
    from catalogue.harvest.workers import SharedRateLimitMiddleware

    class Stats:
        def __init__(self):
            self.values = {}

        def inc_value(self, key, count=1):
            self.values[key] = self.values.get(key, 0) + count

        def max_value(self, key, value):
            self.values[key] = max(self.values.get(key, value), value)

    server = redis.Redis.from_url(redis_url)
    keys = Keys(redis_prefix)
    first = SharedRateLimitMiddleware(Stats(), 0.0, server, keys, {"github.com": "t1"})
    same_token = SharedRateLimitMiddleware(Stats(), 0.0, server, keys, {"github.com": "t1"})
    other_token = SharedRateLimitMiddleware(Stats(), 0.0, server, keys, {"github.com": "t2"})
    first._pause("github.com", 30.0)

    class Request:
        def __init__(self):
            self.meta = {"forge_host": "github.com"}
            self.url = "https://api.github.com/x"

    import asyncio

    asyncio.run(same_token.process_request(Request()))
    asyncio.run(other_token.process_request(Request()))
    assert same_token.paused_until["github.com"] == pytest.approx(first.paused_until["github.com"])
    assert same_token.stats.values["catalogue/rate_limit/shared_waits"] == 1
    assert "github.com" not in other_token.paused_until  # another token has a budget of its own
    assert 29 < server.pttl(keys.pause("github.com", "t1")) / 1000 <= 31


def test_tokens_of_a_pool_are_spread_over_the_workers(tmp_path):
    from catalogue.harvest.distributed import with_worker_tokens

    config = tmp_path / "c.toml"
    config.write_text('redis_url = "redis://127.0.0.1:6379/0"\n[tokens]\n"github.com" = ["T1", "T2"]\n')
    settings = load_settings(environ={"T1": "one", "T2": "two"}, config=str(config))
    assert [with_worker_tokens(settings, i).forges["github.com"].token.reveal() for i in range(4)] == \
        ["one", "two", "one", "two"]
    with pytest.raises(ConfigError, match="T2"):
        load_settings(environ={"T1": "one"}, config=str(config))


def test_refusals_name_what_is_missing(tmp_path, redis_url, redis_prefix, postgres_url):
    with TestForge.from_fixture(make_dataset(3).fixture) as forge:
        sqlite = f"sqlite:///{tmp_path / 'c.sqlite'}"
        settings, publishers = _settings(tmp_path, make_dataset(3).publishers, sqlite, forge, redis_url, TOKEN)
        with pytest.raises(ConfigError, match="PostgreSQL"):
            run_crawl(settings, publishers, workers=2)
        with pytest.raises(ConfigError, match="Redis URL"):
            run_crawl(replace(settings, redis_url=None, db=postgres_url), publishers, workers=2)
    from catalogue.harvest.distributed import run_worker

    with pytest.raises(CatalogueError, match="no distributed crawl is running"):
        run_worker(settings, publishers, prefix=redis_prefix)
    with pytest.raises(CatalogueError, match="does not answer"):
        crawl_status("redis://127.0.0.1:1/0")


def test_crawl_workers_and_status_from_the_command_line(tmp_path, postgres_url, redis_url, redis_prefix, capsys):
    from catalogue.cli import main
    from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, base_fixture

    with TestForge.from_fixture(base_fixture()) as forge:
        config = tmp_path / "catalogue.toml"
        tables = "".join(f'[forges."{host}"]\n' + "".join(f'{k} = "{v}"\n' for k, v in table.items())
                         for host, table in forge.forges_config().items())
        config.write_text(f'db = "{postgres_url}"\nredis_url = "{redis_url}"\n' + tables, encoding="utf-8")
        (tmp_path / "publishers.yml").write_text(yaml.safe_dump(PUBLISHERS), encoding="utf-8")
        code = main(["crawl", "--config", str(config), "--publishers", str(tmp_path / "publishers.yml"),
                     "--output", str(tmp_path / "out"), "--workers", "2", "--now", "2026-06-01T00:00:00Z",
                     "--redis-prefix", redis_prefix])
        printed = capsys.readouterr()
    assert code == 0, printed.err
    assert f"{EXPECTED_COUNT} repositories ({EXPECTED_COUNT} new, 0 changed)" in printed.out
    assert main(["status", "--config", str(config), "--redis-prefix", redis_prefix]) == 0
    shown = capsys.readouterr().out
    assert ": done, started 2026-06-01T00:00:00Z" in shown and "workers alive: 0" in shown
    assert f"repositories done: {EXPECTED_COUNT}" in shown and "errors: 0" in shown
