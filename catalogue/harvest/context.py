"""What the harvest components share: the catalogue settings, publishers and "now".

``catalogue crawl`` passes them as Scrapy settings (``CATALOGUE_SETTINGS``,
``CATALOGUE_PUBLISHERS``, ``CATALOGUE_NOW``); a plain ``scrapy crawl github`` builds
them once from the environment, here, at start.
"""

from __future__ import annotations

import os
from datetime import datetime

from catalogue.config import Settings, load_settings
from catalogue.publishers import load_publishers
from catalogue.records import Publisher
from catalogue.timeutil import parse_time, utcnow


def catalogue_settings(crawler) -> Settings:
    """The frozen catalogue settings of this crawl (built from the environment once if absent)."""
    settings = crawler.settings.get("CATALOGUE_SETTINGS")
    if settings is None:
        # A plain ``scrapy crawl``: read once and kept on the crawler. (Scrapy's own
        # settings are not touched: it builds the spider before it applies them.)
        settings = getattr(crawler, "_catalogue_settings", None)
        if settings is None:
            settings = load_settings(environ=os.environ)
            crawler._catalogue_settings = settings
    return settings


def crawl_publishers(crawler) -> tuple[Publisher, ...]:
    """The publishers of this crawl."""
    publishers = crawler.settings.get("CATALOGUE_PUBLISHERS")
    if publishers is None:
        publishers = getattr(crawler, "_catalogue_publishers", None)
        if publishers is None:
            publishers = load_publishers(catalogue_settings(crawler).publishers)
            crawler._catalogue_publishers = publishers
    return tuple(publishers)


def crawl_now(crawler) -> datetime:
    """The crawl's "now" (``CATALOGUE_NOW`` as ISO 8601, else the clock)."""
    value = crawler.settings.get("CATALOGUE_NOW")
    if isinstance(value, datetime):
        return value
    return parse_time(value) or utcnow()
