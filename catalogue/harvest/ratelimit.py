"""How long a forge asks us to wait: pure functions over status, headers and body.

Sources: GitHub REST "Rate limits" and "Secondary rate limits"
(docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api): a primary
limit answers 403 or 429 with ``x-ratelimit-remaining: 0`` and ``x-ratelimit-reset``
(epoch seconds); a secondary limit answers 403 or 429, with ``retry-after`` (seconds)
when given, else "wait at least one minute". GitLab (docs.gitlab.com/security/rate_limits):
429 with ``Retry-After`` and ``RateLimit-Reset`` (epoch seconds). A 403 that is none
of these ("Resource not accessible by integration") is a real refusal: never retried.
"""

from __future__ import annotations

from typing import Mapping

SECONDARY_DEFAULT_WAIT = 60.0  # GitHub: "wait for at least one minute before retrying"


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def remaining_budget(headers: Mapping[str, str]) -> tuple[int | None, float | None]:
    """``(remaining requests, reset time in epoch seconds)`` from GitHub's
    ``X-RateLimit-*`` or GitLab's ``RateLimit-*`` headers; ``None`` where absent."""
    remaining = _number(_header(headers, "x-ratelimit-remaining") or _header(headers, "ratelimit-remaining"))
    reset = _number(_header(headers, "x-ratelimit-reset") or _header(headers, "ratelimit-reset"))
    return (int(remaining) if remaining is not None else None), reset


def graphql_rate_limited(status: int, body: bytes) -> bool:
    """True for GitHub's GraphQL answer to an exhausted budget: HTTP 200 with an error of
    type ``RATE_LIMITED`` (docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api)."""
    return status == 200 and b'"RATE_LIMITED"' in body[:4096]


def rate_limit_wait(status: int, headers: Mapping[str, str], body: str, now: float) -> float | None:
    """Seconds to wait before asking again, or ``None`` when the answer is not a rate limit.

    ``headers``: response headers (any case); ``body``: the response text (the
    secondary-limit message is recognised in it); ``now``: epoch seconds.
    """
    if status not in (403, 429) and not (status == 200 and "RATE_LIMITED" in body):
        return None
    retry_after = _number(_header(headers, "retry-after"))
    if retry_after is not None:
        return max(retry_after, 0.0)
    remaining, reset = remaining_budget(headers)
    if remaining == 0 and reset is not None:
        return max(reset - now, 0.0) + 1.0
    if status in (200, 429) or "secondary rate limit" in body.lower():
        return SECONDARY_DEFAULT_WAIT
    return None
