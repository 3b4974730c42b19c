"""Rate-limit answers: how long to wait, and when an answer is not a rate limit at all."""

from __future__ import annotations

from catalogue.harvest.ratelimit import graphql_rate_limited, rate_limit_wait, remaining_budget

NOW = 1_700_000_000.0


def test_secondary_limit_with_retry_after():
    headers = {"Retry-After": "60", "X-RateLimit-Remaining": "4989"}
    assert rate_limit_wait(403, headers, "You have exceeded a secondary rate limit", NOW) == 60.0


def test_primary_limit_waits_until_reset():
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) + 120)}
    assert rate_limit_wait(403, headers, "API rate limit exceeded", NOW) == 121.0


def test_secondary_limit_without_retry_after_waits_a_minute():
    assert rate_limit_wait(403, {}, "You have exceeded a secondary rate limit.", NOW) == 60.0


def test_gitlab_429():
    assert rate_limit_wait(429, {"Retry-After": "7", "RateLimit-Remaining": "0"}, "Retry later", NOW) == 7.0


def test_a_real_refusal_is_not_a_rate_limit():
    assert rate_limit_wait(403, {"X-RateLimit-Remaining": "4000"}, '{"message":"Resource not accessible by integration"}',
                           NOW) is None
    assert rate_limit_wait(404, {}, "", NOW) is None
    assert rate_limit_wait(200, {}, '{"data": {}}', NOW) is None


def test_graphql_rate_limited_answer():
    body = b'{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded"}]}'
    assert graphql_rate_limited(200, body)
    assert not graphql_rate_limited(200, b'{"data":{"a0":null},"errors":[{"type":"NOT_FOUND"}]}')
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 30)}
    assert rate_limit_wait(200, headers, "RATE_LIMITED", NOW) == 31.0


def test_remaining_budget_reads_both_forges():
    assert remaining_budget({"X-RateLimit-Remaining": "42", "X-RateLimit-Reset": "100"}) == (42, 100.0)
    assert remaining_budget({"RateLimit-Remaining": "7", "RateLimit-Reset": "5"}) == (7, 5.0)
    assert remaining_budget({}) == (None, None)
