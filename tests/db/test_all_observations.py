"""``Store.all_observations``: every repository's history in one read, as the site needs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from catalogue.db import Store

from .factory import T0, make_entry


def test_all_observations_match_the_per_repository_reads_in_one_query(store: Store) -> None:
    assert store.all_observations() == {}
    crawls = [store.begin_crawl(T0 + timedelta(days=d)) for d in range(3)]
    store.upsert_entries([make_entry(1), make_entry(2), make_entry(3, host="gitlab.com")], crawls[0])
    store.upsert_entries([make_entry(1, archived=True), make_entry(2)], crawls[1])
    store.upsert_entries([make_entry(1, archived=True), make_entry(3, host="gitlab.com", archived=True)], crawls[2])

    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(store._engine, "before_cursor_execute", listener)  # test-only peek
    try:
        history = store.all_observations()
    finally:
        event.remove(store._engine, "before_cursor_execute", listener)

    assert [s for s in statements if s.lstrip().upper().startswith("SELECT")] and len(
        [s for s in statements if "observation" in s.lower()]
    ) == 1
    assert set(history) == {("github.com", "1001"), ("github.com", "1002"), ("gitlab.com", "1003")}
    for (host, forge_id), rows in history.items():
        assert rows == store.observations(host, forge_id)
    assert [o.crawl_id for o in history[("github.com", "1001")]] == [crawls[0], crawls[1]]
    assert [o.archived for o in history[("gitlab.com", "1003")]] == [False, True]
    assert [o.crawl_id for o in history[("github.com", "1002")]] == [crawls[0]]
