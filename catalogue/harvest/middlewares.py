"""Downloader middlewares: tokens, rate limits and Retry-After, in one place.

``ForgeAuthMiddleware`` adds the forge's token right before the download, from the
in-memory settings, and only for URLs of that forge's configured API, GraphQL or raw
host, so that a token never rides along to another host and is never part of a
scheduled request (Scrapy's JOBDIR pickles requests).

``RateLimitMiddleware`` turns rate-limit answers into a pause of that forge host and
a new attempt of the same request (Scrapy's RetryMiddleware ignores ``Retry-After``),
and pauses before a request that is sure to be refused (remaining budget 0). Waits
are scaled by ``CATALOGUE_WAIT_SCALE`` (tests set 0: waiting becomes instant) and
recorded in the crawl stats as asked, unscaled.
"""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response

from catalogue.config import ForgeSettings
from catalogue.forges.registry import registered
from catalogue.harvest.context import catalogue_settings
from catalogue.harvest.ratelimit import graphql_rate_limited, rate_limit_wait, remaining_budget

logger = logging.getLogger(__name__)

MAX_RATE_LIMIT_RETRIES = 5


def _netloc(url: str | None) -> str | None:
    return urlsplit(url).netloc.lower() if url else None


def auth_headers() -> set[str]:
    """The token header of every registered forge (``Forge.auth_header``)."""
    return {unit.auth_header for unit in registered().values()}


def strip_auth(request: Request) -> None:
    """Remove every token header from ``request`` (in place)."""
    for name in auth_headers():
        request.headers.pop(name, None)


class ForgeAuthMiddleware:
    """Add the token for requests whose ``meta['forge_host']`` has one, and take it off
    again as soon as the answer (or failure) is back, before any other middleware sees
    the request: retries, redirects, the HTTP cache and the job folder then only ever
    hold requests without a token."""

    def __init__(self, forges: dict[str, ForgeSettings]) -> None:
        self.forges = forges

    @classmethod
    def from_crawler(cls, crawler):
        return cls(dict(catalogue_settings(crawler).forges))

    def process_request(self, request: Request, spider=None):
        forge = self.forges.get(request.meta.get("forge_host", ""))
        if forge is None or forge.token is None:
            return None
        target = _netloc(request.url)
        allowed = {_netloc(forge.api_url), _netloc(forge.graphql_url), _netloc(forge.raw_url)} - {None}
        if target not in allowed:
            return None
        unit = forge.unit
        request.headers[unit.auth_header] = unit.auth_value(forge.token.reveal())
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        strip_auth(request)
        return response

    def process_exception(self, request: Request, exception: Exception, spider=None):
        strip_auth(request)
        return None


class RateLimitMiddleware:
    """Pause a forge host on rate limits and retry the same request after the wait."""

    def __init__(self, stats, wait_scale: float) -> None:
        self.stats = stats
        self.wait_scale = wait_scale
        self.paused_until: dict[str, float] = {}  # forge host -> epoch seconds

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getfloat("CATALOGUE_WAIT_SCALE", 1.0))

    @staticmethod
    def _host(request: Request) -> str:
        return request.meta.get("forge_host") or urlsplit(request.url).netloc

    async def process_request(self, request: Request, spider=None):
        until = self.paused_until.get(self._host(request))
        if until is not None:
            delay = until - time.time()
            if delay > 0:
                await asyncio.sleep(delay * self.wait_scale)
        return None

    def _pause(self, host: str, wait: float) -> None:
        self.paused_until[host] = max(self.paused_until.get(host, 0.0), time.time() + wait)
        self.stats.inc_value("catalogue/rate_limit/waits")
        self.stats.inc_value("catalogue/rate_limit/seconds_asked", wait)
        self.stats.max_value("catalogue/rate_limit/longest_wait", wait)

    def process_response(self, request: Request, response: Response, spider=None):
        host = self._host(request)
        headers = {k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v}
        remaining, reset = remaining_budget(headers)
        if remaining is not None:
            # GitHub names the bucket (core, graphql, search); GitLab has one per instance.
            resource = next((v for k, v in headers.items() if k.lower() == "x-ratelimit-resource"), "core")
            self.stats.set_value(f"catalogue/budget/{host}" + ("" if resource == "core" else f"/{resource}"), remaining)
            if remaining % 500 == 0 or remaining < 50:
                logger.info("%s: %d requests left in this rate-limit window", host, remaining)
        body = ""
        if response.status in (403, 429) and hasattr(response, "text"):
            body = response.text
        elif graphql_rate_limited(response.status, response.body):
            body = "RATE_LIMITED"
        wait = rate_limit_wait(response.status, headers, body, time.time())
        if wait is None:
            if remaining == 0 and reset is not None:
                # The next request is sure to be refused: pause until the reset.
                self._pause(host, max(reset - time.time(), 0.0) + 1.0)
            return response
        attempts = request.meta.get("rate_limit_attempts", 0)
        if attempts >= MAX_RATE_LIMIT_RETRIES:
            logger.warning("%s: still rate limited after %d waits: %s", host, attempts, request.url)
            return response
        if response.status == 429 and not any(k.lower() == "retry-after" for k in headers):
            wait *= 2 ** attempts  # a bare 429 (a proxy in front of the forge): back off, doubling
        logger.info("%s: rate limited (HTTP %d), waiting %.0f s before asking again", host, response.status, wait)
        self._pause(host, wait)
        meta = dict(request.meta, rate_limit_attempts=attempts + 1)
        return request.replace(meta=meta, dont_filter=True)
