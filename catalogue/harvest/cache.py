"""Where the crawl's HTTP cache lives: under the catalogue's output directory.

Scrapy's ``FilesystemCacheStorage`` puts a relative ``HTTPCACHE_DIR`` under ``.scrapy/``
of the working directory (and makes that folder just to compute the path). The
catalogue keeps every file a crawl writes under its output directory or a configured
path, so this storage resolves the folder itself: an absolute ``HTTPCACHE_DIR`` as it
is, otherwise ``OUTPUT/cache/http`` of the crawl's settings.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from scrapy.extensions.httpcache import FilesystemCacheStorage

from catalogue.harvest.context import catalogue_settings


def cache_dir(output: Path | str) -> Path:
    """The HTTP cache folder of an output directory: ``OUTPUT/cache/http``."""
    return Path(output) / "cache" / "http"


class OutputCacheStorage(FilesystemCacheStorage):
    """``FilesystemCacheStorage`` rooted in ``OUTPUT/cache/http`` (see the module)."""

    def __init__(self, settings) -> None:  # the parent's, without its data_path() call
        configured = settings.get("HTTPCACHE_DIR")
        self._configured = Path(configured) if configured and Path(configured).is_absolute() else None
        self.cachedir = str(self._configured) if self._configured else ""
        self.expiration_secs = settings.getint("HTTPCACHE_EXPIRATION_SECS")
        self.use_gzip = settings.getbool("HTTPCACHE_GZIP")
        self._open = gzip.open if self.use_gzip else open  # type: ignore[assignment]  # as the parent does

    def open_spider(self, spider) -> None:
        if self._configured is None:
            self.cachedir = str(cache_dir(catalogue_settings(spider.crawler).output).resolve())
        super().open_spider(spider)
