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

``AnswerWithoutDataRetryMiddleware`` asks a GraphQL endpoint again, with backoff and
jitter, when an HTTP 200 answer lacks its data (empty, ``data: null``, a partial answer
with a transient error), so that it is never read as "not found".

``FileSizeLimitMiddleware`` stops the download of a repository file past twice the
publiccode.yml bound.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
import time
from urllib.parse import unquote, urlsplit

from scrapy import Request, signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import StopDownload
from scrapy.http import Response

from catalogue.config import ForgeSettings
from catalogue.forges.registry import registered
from catalogue.harvest.context import catalogue_settings
from catalogue.harvest.ratelimit import graphql_rate_limited, rate_limit_wait, remaining_budget
from catalogue.publiccode.bounds import MAX_BYTES

logger = logging.getLogger(__name__)

MAX_RATE_LIMIT_RETRIES = 5
ANNOUNCE_AFTER = 60.0  # seconds: a longer pause says once what it waits for and until when


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

    def __init__(self, stats, wait_scale: float, crawler=None) -> None:
        self.stats = stats
        self.wait_scale = wait_scale
        self.crawler = crawler
        self.paused_until: dict[str, float] = {}  # forge host -> epoch seconds
        self.announced: dict[str, float] = {}  # forge host -> the end of the pause last announced

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats, crawler.settings.getfloat("CATALOGUE_WAIT_SCALE", 1.0), crawler)

    def _stopping(self) -> bool:
        engine = getattr(self.crawler, "engine", None)
        return engine is not None and not engine.running

    @staticmethod
    def _host(request: Request) -> str:
        return request.meta.get("forge_host") or urlsplit(request.url).netloc

    async def process_request(self, request: Request, spider=None):
        until = self.paused_until.get(self._host(request))
        if until is None:
            return None
        # Wait in steps of at most a second, so that a stop (SIGTERM) is honoured at
        # once: the request then goes back to the scheduler (and the job folder) instead
        # of holding the shutdown for the rest of the pause.
        end = time.monotonic() + max(until - time.time(), 0.0) * self.wait_scale
        while (left := end - time.monotonic()) > 0:
            if self._stopping():
                break
            await asyncio.sleep(min(left, 1.0))
        if self._stopping():
            return request.replace(dont_filter=True)
        return None

    def _pause(self, host: str, wait: float, what: str = "rate limit") -> None:
        self.paused_until[host] = max(self.paused_until.get(host, 0.0), time.time() + wait)
        until = self.paused_until[host]
        announced = self.announced.get(host, 0.0)
        # Said once per pause (several refused requests extend the same pause by a few
        # milliseconds each), so that a long silence is never a mystery.
        if wait > ANNOUNCE_AFTER and (announced < time.time() or until > announced + ANNOUNCE_AFTER):
            self.announced[host] = until
            logger.warning("%s %s; pausing until %s UTC", host, what,
                           time.strftime("%H:%M", time.gmtime(until + 59)))
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
                self._pause(host, max(reset - time.time(), 0.0) + 1.0, "budget spent")
            return response
        attempts = request.meta.get("rate_limit_attempts", 0)
        if attempts >= MAX_RATE_LIMIT_RETRIES:
            logger.warning("%s: still rate limited after %d waits: %s", host, attempts, request.url)
            return response
        if response.status == 429 and not any(k.lower() == "retry-after" for k in headers):
            wait *= 2 ** attempts  # a bare 429 (a proxy in front of the forge): back off, doubling
        logger.info("%s: rate limited (HTTP %d), waiting %.0f s before asking again", host, response.status, wait)
        self._pause(host, wait, "budget spent" if remaining == 0 else f"rate limited (HTTP {response.status})")
        meta = dict(request.meta, rate_limit_attempts=attempts + 1)
        return request.replace(meta=meta, dont_filter=True)


#: GraphQL error types that say the query may succeed when asked again.
TRANSIENT_ERROR_TYPES = frozenset({"TIMEOUT", "INTERNAL", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE"})
_TRANSIENT_TEXT = re.compile(r"time[d ]?\s?out|something went wrong|try again|temporarily|internal server error", re.I)

#: First wait before asking again, in seconds; it doubles with every retry, up to
#: ``MAX_BACKOFF_SECONDS``, with jitter (half fixed, half random).
BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0


def missing_data(body: bytes) -> str | None:
    """Why a GraphQL answer (HTTP 200) lacks the data it must carry, or ``None`` when it
    is an answer to believe.

    Missing: an empty body, a body that is not a JSON object, ``"data": null`` or no
    ``data`` (GitHub's answer to a query that timed out on its side; GitLab's too), and
    a partial answer whose ``errors`` include a transient one (type ``TIMEOUT``,
    ``INTERNAL``, ..., or a message such as "Something went wrong ... timeout").
    Believed: data with no errors, or with errors that are answers about one alias
    (``NOT_FOUND``, ``FORBIDDEN``: only those mean "not found" or "refused"). A
    ``RATE_LIMITED`` answer is left to ``RateLimitMiddleware``.
    """
    if not body.strip():
        return "empty answer"
    try:
        answer = json.loads(body)
    except ValueError:
        return "answer is not JSON"
    if not isinstance(answer, dict):
        return "answer is not a JSON object"
    errors = [e for e in answer.get("errors") or () if isinstance(e, dict)]
    if any(e.get("type") == "RATE_LIMITED" for e in errors):
        return None
    if answer.get("data") is None:
        first = next((str(e.get("message")) for e in errors if e.get("message")), "")
        return "data: null" + (f" ({first[:200]})" if first else "")
    for error in errors:
        kind, message = str(error.get("type") or ""), str(error.get("message") or "")
        if kind in TRANSIENT_ERROR_TYPES or (kind not in ("NOT_FOUND", "FORBIDDEN") and _TRANSIENT_TEXT.search(message)):
            return f"partial answer ({kind or message[:200]})"
    return None


def unreadable_json(request: Request, response: Response) -> str | None:
    """Why an HTTP 200 answer to a GET that says it is JSON (``Content-Type``
    ``application/json`` or ``+json``) cannot be read, or ``None``: a body cut off in
    transit (a proxy that closed early but passed on a matching ``Content-Length``)
    does not parse, and a spider would read it as "no data" (an empty listing page, a
    repository without files) and store that as the truth."""
    if request.method != "GET" or not response.body:
        return None
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
    if content_type != "application/json" and not content_type.endswith("+json"):
        return None
    try:
        json.loads(response.body)
    except ValueError:
        return "JSON answer that does not parse"
    return None


def backoff_delay(retry_times: int, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number ``retry_times`` (1-based): exponential
    backoff from :data:`BACKOFF_SECONDS`, capped at :data:`MAX_BACKOFF_SECONDS`, with
    "equal jitter" (half the delay fixed, half uniformly random), so that retries of
    many requests spread out instead of arriving together."""
    delay = min(MAX_BACKOFF_SECONDS, BACKOFF_SECONDS * 2 ** max(retry_times - 1, 0))
    return delay / 2 + (rng or random).uniform(0, delay / 2)


class AnswerWithoutDataRetryMiddleware:
    """Ask a forge's GraphQL endpoint again when its HTTP 200 answer lacks the data it
    must carry (see :func:`missing_data`), so that such an answer is never read as
    "not found".

    Retries go through Scrapy's own ``get_retry_request`` (``RETRY_TIMES``, the
    ``retry/*`` stats, the give-up log line), whatever ``dont_retry`` says (that flag
    is about HTTP status codes); each waits :func:`backoff_delay` seconds, scaled by
    ``CATALOGUE_WAIT_SCALE`` (tests set 0). Once the retries are spent, the last answer
    goes to the spider, which keeps what the store knows. Counted in
    ``catalogue/graphql/answers_without_data``. A REST answer that says it is JSON but
    does not parse (:func:`unreadable_json`, a body cut off in transit) is asked again
    the same way, counted in ``catalogue/answers_not_json``.
    """

    def __init__(self, crawler, graphql_urls: set[str], wait_scale: float) -> None:
        self.crawler = crawler
        self.graphql_urls = graphql_urls
        self.wait_scale = wait_scale

    @classmethod
    def from_crawler(cls, crawler):
        forges = catalogue_settings(crawler).forges.values()
        urls = {forge.graphql_url for forge in forges if forge.graphql_url}
        return cls(crawler, urls, crawler.settings.getfloat("CATALOGUE_WAIT_SCALE", 1.0))

    async def process_request(self, request: Request, spider=None):
        until = request.meta.get("retry_not_before")
        if until is not None:
            delay = until - time.time()
            if delay > 0 and self.wait_scale > 0:
                await asyncio.sleep(delay * self.wait_scale)
        return None

    def process_response(self, request: Request, response: Response, spider=None):
        if response.status != 200:
            return response
        if request.method != "POST" or request.url not in self.graphql_urls:
            reason = unreadable_json(request, response)
            if reason is None:
                return response
            self.crawler.stats.inc_value("catalogue/answers_not_json")
            what = "answer"
        else:
            what = "GraphQL answer"
            reason = missing_data(response.body)
            if reason is None:
                return response
            self.crawler.stats.inc_value("catalogue/graphql/answers_without_data")
        retry = get_retry_request(request, spider=spider or self.crawler.spider,
                                  reason=f"{what} without data: {reason}")
        if retry is None:
            logger.warning("%s: %s still without data after retries (%s)", request.url, what, reason)
            return response
        wait = backoff_delay(retry.meta["retry_times"])
        logger.info("%s: %s without data (%s); asking again in %.1f s", request.url, what, reason, wait)
        retry.meta["retry_not_before"] = time.time() + wait
        return retry


#: Largest answer read for one repository file (a publiccode.yml or README, raw or
#: through a contents API): twice ``bounds.MAX_BYTES``, as a file within the bound takes
#: at most 4/3 of its size in base64 inside a JSON answer.
MAX_FILE_ANSWER_BYTES = 2 * MAX_BYTES
_FILE_NAMES = ("publiccode.yml", "publiccode.yaml", "readme", "readme.md")


def is_file_request(request: Request) -> bool:
    """True for a GET of a repository file the crawl reads (publiccode.yml/.yaml or the
    README; raw host, GitHub contents or GitLab files API), by its URL path."""
    if request.method != "GET":
        return False
    segments = [unquote(s).lower() for s in urlsplit(request.url).path.split("/") if s]
    if segments and segments[-1] == "raw":  # GitLab: /projects/:id/repository/files/:path/raw
        segments = segments[:-1]
    return bool(segments) and unquote(segments[-1]).rsplit("/", 1)[-1] in _FILE_NAMES


def download_cut_off(response: Response) -> tuple[bool, int | None]:
    """``(cut_off, size)`` of an answer to a file request: cut off when
    :class:`FileSizeLimitMiddleware` stopped its download; ``size`` is the size in bytes
    the server announced (``Content-Length``), ``None`` when it did not."""
    stopped = "download_stopped" in response.flags
    expected = response.meta.get("download_expected_size") if response.request is not None else None
    return stopped, expected if isinstance(expected, int) and expected > 0 else None


class FileSizeLimitMiddleware:
    """Stop downloading a repository file once its answer passes
    :data:`MAX_FILE_ANSWER_BYTES`, so that a 50 MB publiccode.yml never crosses the
    network whole: through Scrapy's ``headers_received`` / ``bytes_received`` signals and
    ``StopDownload(fail=False)``, the callback gets the answer cut off and flagged
    ``download_stopped`` (read it with :func:`download_cut_off`; the mappers then judge
    the file too large). Counted in ``catalogue/downloads/stopped``."""

    def __init__(self, stats) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        middleware = cls(crawler.stats)
        crawler.signals.connect(middleware.headers_received, signal=signals.headers_received)
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def _stop(self, request: Request) -> None:
        self.stats.inc_value("catalogue/downloads/stopped")
        logger.info("%s: more than %d bytes; download stopped", request.url, MAX_FILE_ANSWER_BYTES)
        raise StopDownload(fail=False)

    def headers_received(self, headers, body_length, request, spider=None):
        if not is_file_request(request):
            return
        request.meta["download_expected_size"] = body_length
        if body_length and body_length > MAX_FILE_ANSWER_BYTES:
            self._stop(request)

    def bytes_received(self, data, request, spider=None):
        if not is_file_request(request):
            return
        received = request.meta.get("download_received", 0) + len(data)
        request.meta["download_received"] = received
        if received > MAX_FILE_ANSWER_BYTES:
            self._stop(request)
