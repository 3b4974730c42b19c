"""A build during a crawl reads one consistent snapshot (issue 10): what a crawl
commits while the build reads is not half in it."""

from __future__ import annotations

from datetime import datetime, timezone

from catalogue.db import open_store
from catalogue.db import store as store_module

T1 = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_read_catalogue_is_one_snapshot(store_url, monkeypatch):
    reader = open_store(store_url)
    writer = open_store(store_url)
    try:
        writer.begin_crawl(T1)
        original = store_module._crawls

        def crawls_after_a_concurrent_commit(session):
            writer.begin_crawl(T1)  # a crawl commits between the build's reads
            return original(session)

        monkeypatch.setattr(store_module, "_crawls", crawls_after_a_concurrent_commit)
        entries, crawls, history = reader.read_catalogue()
        monkeypatch.setattr(store_module, "_crawls", original)
        assert [crawl.id for crawl in crawls] == [1]  # the snapshot began before the commit
        assert [crawl.id for crawl in reader.crawls()] == [1, 2]  # which is there afterwards
    finally:
        reader.close()
        writer.close()
