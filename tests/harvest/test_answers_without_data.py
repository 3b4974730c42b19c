"""GraphQL answers without the data they must carry (issue 10): an empty 200,
``data: null`` or a partial answer with a transient error is asked again, with backoff
and jitter, through Scrapy's retry machinery, and never read as "not found", which only
an explicit NOT_FOUND for that alias means."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest
from scrapy import Request, Spider
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from catalogue.harvest.middlewares import (
    BACKOFF_SECONDS,
    MAX_BACKOFF_SECONDS,
    AnswerWithoutDataRetryMiddleware,
    backoff_delay,
    missing_data,
    unreadable_json,
)
from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, fixture_copy

TIMEOUT = {"data": None, "errors": [{"message": "Something went wrong while executing your query. "
                                                "This may be the result of a timeout."}]}


@pytest.mark.parametrize("body, reason", [
    (b"", "empty answer"),
    (b"  \n", "empty answer"),
    (b"<html>502</html>", "answer is not JSON"),
    (b"[]", "answer is not a JSON object"),
    (b'{"data": null}', "data: null"),
    (b"{}", "data: null"),
    (json.dumps(TIMEOUT).encode(), "data: null (Something went wrong while executing your query. "
                                   "This may be the result of a timeout.)"),
    (b'{"data": {"r0": null}, "errors": [{"path": ["r0"], "type": "TIMEOUT", "message": "x"}]}',
     "partial answer (TIMEOUT)"),
    (b'{"data": {"r0": null}, "errors": [{"path": ["r0"], "message": "Timeout on field"}]}',
     "partial answer (Timeout on field)"),
    (b'{"data": {"r0": {"id": 1}}}', None),
    (b'{"data": {"r0": null}, "errors": [{"path": ["r0"], "type": "NOT_FOUND", '
     b'"message": "Could not resolve to a Repository"}]}', None),
    (b'{"data": {"r0": null}, "errors": [{"path": ["r0"], "type": "FORBIDDEN", "message": "blocked"}]}', None),
    (b'{"data": null, "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]}', None),
])
def test_missing_data(body, reason):
    assert missing_data(body) == reason


def test_backoff_doubles_up_to_its_cap_with_jitter_in_the_upper_half():
    rng = random.Random(1)
    for retry, full in [(1, BACKOFF_SECONDS), (2, 2 * BACKOFF_SECONDS), (3, 4 * BACKOFF_SECONDS),
                        (20, MAX_BACKOFF_SECONDS)]:
        delays = [backoff_delay(retry, rng) for _ in range(200)]
        assert all(full / 2 <= d <= full for d in delays)
        assert max(delays) - min(delays) > full / 4  # jittered, not one fixed value


def _middleware(graphql_url: str, retry_times: int = 2):
    crawler = get_crawler(settings_dict={"RETRY_TIMES": retry_times})
    crawler.stats.open_spider(None)
    crawler.spider = Spider.from_crawler(crawler, name="test")
    return AnswerWithoutDataRetryMiddleware(crawler, {graphql_url}, 0.0), crawler


def test_the_middleware_retries_with_scrapys_retry_request_then_gives_up():
    url = "https://api.example.org/graphql"
    middleware, crawler = _middleware(url)
    request = Request(url, method="POST", body=b'{"query": "{}"}', meta={"dont_retry": True})
    empty = TextResponse(url, status=200, body=b"", request=request)
    first = middleware.process_response(request, empty)
    assert isinstance(first, Request) and first.meta["retry_times"] == 1 and first.dont_filter
    assert first.meta["retry_not_before"] > 0
    second = middleware.process_response(first, empty)
    assert isinstance(second, Request) and second.meta["retry_times"] == 2
    assert middleware.process_response(second, empty) is empty  # RETRY_TIMES spent: the spider decides
    stats = crawler.stats.get_stats()
    assert stats["retry/count"] == 2 and stats["retry/max_reached"] == 1
    assert stats["catalogue/graphql/answers_without_data"] == 3


def test_the_middleware_leaves_other_answers_alone():
    url = "https://api.example.org/graphql"
    middleware, _ = _middleware(url)
    good = Request(url, method="POST", body=b"{}")
    answer = TextResponse(url, status=200, body=b'{"data": {"viewer": {"login": "x"}}}', request=good)
    assert middleware.process_response(good, answer) is answer
    rest = Request("https://api.example.org/repos/a/b")
    empty = TextResponse(rest.url, status=200, body=b"", request=rest)
    assert middleware.process_response(rest, empty) is empty


def intercept(forge: TestForge, wanted, bodies: list[bytes]) -> list[str]:
    """Answer the first ``len(bodies)`` GraphQL queries for which ``wanted(query)``
    holds with those bodies (HTTP 200), then let the forge answer; returns the queries seen."""
    original = forge.handle
    seen: list[str] = []

    def handle(request):
        response, fault = original(request)
        query = (request.json_body() or {}).get("query", "") if request.method == "POST" else ""
        if response.route.endswith(".graphql") and wanted(query):
            seen.append(query)
            if len(seen) <= len(bodies):
                return dataclasses.replace(response, body=bodies[len(seen) - 1]), True
        return response, fault

    forge.handle = handle
    return seen


def _details(query: str) -> bool:
    return "...CatalogueRepository" in query and "repositoryOwner" not in query


@pytest.mark.parametrize("bodies", [
    [b""],
    [json.dumps(TIMEOUT).encode()],
    [b"", json.dumps(TIMEOUT).encode()],
])
def test_answers_without_data_are_asked_again_and_every_repository_is_refreshed(crawler, bodies):
    with TestForge.from_fixture(fixture_copy()) as forge:
        seen = intercept(forge, _details, bodies)
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", scrapy={"RETRY_TIMES": 2})
    assert summary.errors == ()
    assert summary.stats["catalogue/graphql/answers_without_data"] == len(bodies)
    assert summary.stats["retry/reason_count/GraphQL answer without data: " + (
        "empty answer" if bodies[0] == b"" else "data: null (Something went wrong while executing your query. "
                                                "This may be the result of a timeout.)")] >= 1
    assert len(seen) > len(bodies)
    entries = crawler.entries()
    assert len(entries) == EXPECTED_COUNT
    tool = entries["https://github.com/acme/tool-000"].entry
    assert tool.publiccode is not None and tool.publiccode.valid and tool.source.languages == ("Python", "HTML")


def test_a_missing_repository_is_not_found_without_retries(crawler):
    publishers = PUBLISHERS + [{"id": "x", "name": "X",
                                "codeHosting": [{"url": "https://github.com/acme/no-such-repo", "group": False}]}]
    with TestForge.from_fixture(fixture_copy()) as forge:
        summary = crawler.crawl(publishers, forge.forges_config(), token="t")
    assert summary.errors == ("repository not found: https://github.com/acme/no-such-repo",)
    assert "catalogue/graphql/answers_without_data" not in summary.stats


@pytest.mark.parametrize("content_type, body, method, reason", [
    ("application/json; charset=utf-8", b'{"id": 1, "na', "GET", "JSON answer that does not parse"),
    ("application/vnd.github+json", b"[{}, {", "GET", "JSON answer that does not parse"),
    ("application/json", b'{"id": 1}', "GET", None),
    ("text/plain; charset=utf-8", b"name: half a publiccode", "GET", None),
    ("application/json", b"", "GET", None),
    ("application/json", b"{", "POST", None),
])
def test_unreadable_json(content_type, body, method, reason):
    request = Request("https://api.example.org/repos/a/b", method=method)
    answer = TextResponse(request.url, status=200, body=body, headers={"Content-Type": content_type},
                          request=request)
    assert unreadable_json(request, answer) == reason


def test_a_rest_answer_cut_off_with_a_matching_length_is_asked_again():
    middleware, crawler = _middleware("https://api.example.org/graphql")
    request = Request("https://api.example.org/orgs/acme/repos?page=2")
    cut = TextResponse(request.url, status=200, body=b'[{"id": 1}, {"id"',
                       headers={"Content-Type": "application/json"}, request=request)
    retry = middleware.process_response(request, cut)
    assert isinstance(retry, Request) and retry.meta["retry_times"] == 1
    stats = crawler.stats.get_stats()
    assert stats["catalogue/answers_not_json"] == 1
    assert stats["retry/reason_count/answer without data: JSON answer that does not parse"] == 1


def test_a_rest_crawl_through_cut_off_json_answers_stores_what_a_clean_one_does(tmp_path):
    from tests.harvest.conftest import Crawler

    (tmp_path / "clean").mkdir()
    (tmp_path / "cut").mkdir()
    clean_crawler, crawler = Crawler(tmp_path / "clean"), Crawler(tmp_path / "cut")

    def rest(forge):
        return {host: {k: v for k, v in table.items() if k != "graphql_url"}
                for host, table in forge.forges_config().items()}

    with TestForge.from_fixture(fixture_copy()) as forge:
        clean = clean_crawler.crawl(PUBLISHERS, rest(forge), token="t")
        reference = {url: stored.entry for url, stored in clean_crawler.entries().items()}
    with TestForge.from_fixture(fixture_copy()) as forge:
        chaos = forge.chaos(truncated=0.3, truncate_mode="short", seed=5)
        summary = crawler.crawl(PUBLISHERS, rest(forge), token="t", scrapy={"RETRY_TIMES": 10})
    assert clean.errors == () and summary.errors == ()
    assert len(reference) == EXPECTED_COUNT
    assert {url: stored.entry for url, stored in crawler.entries().items()} == reference
    assert chaos.hits["short"] > 0 and summary.stats["catalogue/answers_not_json"] >= 1
