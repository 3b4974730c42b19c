"""Where the crawl may go: only to the configured forges' API, GraphQL and raw hosts.

Every text of a publiccode.yml is a stranger's, URLs included (``logo``,
``landingURL``, ``screenshots``, ``videos``). Today no spider asks for any of them;
``HostGuardMiddleware`` makes that a rule rather than a habit: a request to a host that
no forge table configures is dropped before it is sent, counted and named as a crawl
error. Loopback, private, link-local and reserved addresses (127.0.0.0/8,
10.0.0.0/8, 169.254.0.0/16 - cloud metadata -, ::1, ...) are refused unless they are
exactly a configured forge host (the local test forge, a self-hosted forge on a
private network).
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest

from catalogue.config import ForgeSettings
from catalogue.harvest.context import catalogue_settings

logger = logging.getLogger(__name__)


def allowed_netlocs(forges: dict[str, ForgeSettings]) -> frozenset[str]:
    """``host[:port]`` (lower case) of every configured API, GraphQL and raw URL."""
    found = set()
    for forge in forges.values():
        for url in (forge.api_url, forge.graphql_url, forge.raw_url):
            if url:
                found.add(urlsplit(url).netloc.lower())
    return frozenset(found)


def is_internal_address(host: str) -> bool:
    """True for a literal IP address that is loopback, private, link-local, reserved,
    multicast or unspecified; ``localhost`` counts as loopback. Names are not resolved."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return (address.is_loopback or address.is_private or address.is_link_local or address.is_reserved
            or address.is_multicast or address.is_unspecified)


def refusal(url: str, allowed: frozenset[str]) -> str | None:
    """Why ``url`` must not be requested, or ``None`` when it may (see the module)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return f"not an http(s) URL: {url}"
    netloc = parts.netloc.lower()
    if netloc in allowed:
        return None
    if is_internal_address(parts.hostname or ""):
        return f"refused a request to an internal address: {url}"
    return f"refused a request to {parts.hostname}, which is not a configured forge host: {url}"


class HostGuardMiddleware:
    """Downloader middleware: drop requests to hosts outside the configured forges."""

    def __init__(self, allowed: frozenset[str], crawler=None) -> None:
        self.allowed = allowed
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(allowed_netlocs(dict(catalogue_settings(crawler).forges)), crawler)

    def process_request(self, request, spider=None):
        reason = refusal(request.url, self.allowed)
        if reason is None:
            return None
        spider = spider or getattr(self.crawler, "spider", None)
        if spider is not None and hasattr(spider, "record_error"):
            spider.record_error(reason)
        else:
            logger.error(reason)
        if self.crawler is not None:
            self.crawler.stats.inc_value("catalogue/requests/refused")
        raise IgnoreRequest(reason)
