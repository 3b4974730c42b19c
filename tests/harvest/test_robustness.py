"""Odd forge answers never lose what the catalogue knows, and never pass silently:
GraphQL timeouts (HTTP 200, ``data: null``), partial answers (a field null with an
error), nodes without ids, cut-off JSON, a permanent 500 on one repository."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone

from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, fixture_copy

T1 = datetime(2026, 6, 1, tzinfo=timezone.utc)
TIMEOUT = {"data": None, "errors": [{"message": "Something went wrong while executing your query. "
                                                "This may be the result of a timeout."}]}


def intercept(forge: TestForge, wanted, rewrite) -> None:
    """Answer the GraphQL queries for which ``wanted(query)`` holds with
    ``rewrite(answer body as dict)`` (the forge's real answer, changed)."""
    original = forge.handle

    def handle(request):
        response, fault = original(request)
        query = (request.json_body() or {}).get("query", "") if request.method == "POST" else ""
        if response.route.endswith(".graphql") and wanted(query):
            body = rewrite(json.loads(response.body))
            return dataclasses.replace(response, body=json.dumps(body).encode()), True
        return response, fault

    forge.handle = handle


def crawl(crawler, forge, days: int):
    return crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1 + timedelta(days=days))


def test_a_details_timeout_keeps_the_stored_facts_and_the_next_crawl_fetches_them(crawler):
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        crawl(crawler, forge, 0)
    before = crawler.entries()["https://github.com/acme/tool-000"]
    fixture["github"]["accounts"][0]["repositories"][0]["pushed_at"] = "2026-06-01T12:00:00Z"
    with TestForge.from_fixture(fixture) as forge:
        intercept(forge, lambda q: "...CatalogueRepository" in q and "repositoryOwner" not in q, lambda body: TIMEOUT)
        second = crawl(crawler, forge, 1)
    assert any("tool-000" in e or "timeout" in e for e in second.errors), second.errors
    kept = crawler.entries()["https://github.com/acme/tool-000"]
    assert kept.entry == before.entry  # languages, publiccode.yml, last commit: all still there
    with TestForge.from_fixture(fixture) as forge:
        third = crawl(crawler, forge, 2)
    assert third.errors == ()
    fetched = crawler.entries()["https://github.com/acme/tool-000"].entry.source
    assert fetched.pushed_at == datetime(2026, 6, 1, 12, tzinfo=timezone.utc)  # the change is fetched after all


def _without(path: list, value):
    def rewrite(body):
        node = body["data"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        body.setdefault("errors", []).append({"path": path, "message": "Timeout on field", "type": "TIMEOUT"})
        return body
    return rewrite


def test_a_partial_listing_answer_marks_nothing_gone(crawler):
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        crawl(crawler, forge, 0)
    with TestForge.from_fixture(fixture) as forge:
        intercept(forge, lambda q: "a0: repositoryOwner" in q and "after: null" in q, _without(["a0", "repositories"], None))
        second = crawl(crawler, forge, 1)
    assert any("without the list of repositories" in e for e in second.errors), second.errors
    entries = crawler.entries()
    assert len(entries) == EXPECTED_COUNT and not any(s.gone for s in entries.values())


def test_unreadable_nodes_are_counted_and_mark_nothing_gone(crawler):
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        crawl(crawler, forge, 0)

    def strip_ids(body):
        for node in body["data"]["a0"]["repositories"]["nodes"][:3]:
            del node["databaseId"]
        body["data"]["a0"]["repositories"]["nodes"][3] = None
        return body

    with TestForge.from_fixture(fixture) as forge:
        intercept(forge, lambda q: "a0: repositoryOwner" in q and "after: null" in q, strip_ids)
        second = crawl(crawler, forge, 1)
    assert any("4 repositories in the answer could not be read" in e for e in second.errors), second.errors
    assert not any(s.gone for s in crawler.entries().values())


def test_a_partial_gitlab_namespace_answer_marks_nothing_gone(crawler):
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        crawl(crawler, forge, 0)
    with TestForge.from_fixture(fixture) as forge:
        intercept(forge, lambda q: "n0: namespace" in q, _without(["n0", "projects"], None))
        second = crawl(crawler, forge, 1)
    assert any("without the list of projects" in e for e in second.errors), second.errors
    gitlab = [s for s in crawler.entries().values() if s.entry.source.host == "gitlab.com"]
    assert len(gitlab) == 6 and not any(s.gone for s in gitlab)


def test_cut_off_json_is_asked_again_and_a_permanent_500_is_recorded_on_its_repository(crawler):
    with TestForge.from_fixture(fixture_copy()) as forge:
        config = forge.forges_config()
        for table in config.values():
            table.pop("graphql_url")
        forge.inject("gh.org_repos", 200, times=1, body='[{"id": 1, "name": "cut of')
        forge.inject(r"/repos/acme/tool-010/languages", 500, times=None, body={"message": "Server Error"})
        summary = crawler.crawl(PUBLISHERS, config, token=None)
    # Scrapy's "Gave up retrying" ERROR is in the crawl record (every logged error is).
    (error,) = summary.errors
    assert "tool-010/languages" in error and summary.exit_code == 1
    entries = crawler.entries()
    assert len(entries) == EXPECTED_COUNT
    (problem,) = entries["https://github.com/acme/tool-010"].entry.source.problems
    assert problem.kind == "server" and problem.status == 500 and "HTTP 500" in problem.message
    assert summary.stats["catalogue/repositories/request_failures"] == 1
