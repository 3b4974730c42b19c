"""``scrapy crawl github`` works too: one spider, the same settings, from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from catalogue.db import open_store
from catalogue.testforge import TestForge
from tests.harvest.fixtures import PUBLISHERS, base_fixture

ROOT = Path(__file__).resolve().parents[2]  # where scrapy.cfg is


def test_scrapy_crawl_github_stores_the_github_repositories(tmp_path):
    with TestForge.from_fixture(base_fixture()) as forge:
        lines = []
        for host, table in forge.forges_config().items():
            lines.append(f'[forges."{host}"]')
            lines += [f'{key} = "{value}"' for key, value in table.items()]
            lines.append('token_env = "TEST_FORGE_TOKEN"')
        config = tmp_path / "catalogue.toml"
        config.write_text("\n".join(lines) + "\n", encoding="utf-8")
        publishers = tmp_path / "publishers.yml"
        publishers.write_text(yaml.safe_dump(PUBLISHERS), encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'catalogue.sqlite'}"
        env = dict(os.environ, CATALOGUE_CONFIG=str(config), CATALOGUE_PUBLISHERS=str(publishers),
                   CATALOGUE_DB=db, CATALOGUE_OUTPUT=str(tmp_path), TEST_FORGE_TOKEN="test-token")
        done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "github", "-s", "LOG_LEVEL=WARNING"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        routes = {request.route for request in forge.requests}
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert routes == {"gh.graphql"}  # GitHub only, through GraphQL
    store = open_store(db)
    try:
        hosts = {stored.entry.source.host for stored in store.entries()}
        count = len(store.entries())
        crawl = store.last_crawl()
    finally:
        store.close()
    assert hosts == {"github.com"} and count == 122  # acme's 120, jdoe's one, upstream/original
    assert crawl.finished_at is not None and crawl.repositories_seen == 122
