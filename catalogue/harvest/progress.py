"""What an operator sees during a crawl: one progress line per forge host, at a steady
pace, and a progress bar when standard error is a terminal.

The line (every ``CATALOGUE_PROGRESS_INTERVAL`` seconds, default 30; 0 turns it off)::

    github.com: 3/10 accounts, 412 repositories, 57 requests, budget left 4,873, graphql 4,950

It is written to standard error whatever the log level (a crawl without ``-v`` is
otherwise silent for as long as it takes), in the log's format (``--log-format json``
gives one JSON object per line). On a terminal a ``tqdm`` bar per host counts the
accounts listed instead.
"""

from __future__ import annotations

import logging
import sys
import time

from scrapy import signals
from twisted.internet import task

from catalogue.harvest.items import AccountListing, SeenUnchanged
from catalogue.harvest.logformat import formatter
from catalogue.records import CatalogueEntry

DEFAULT_INTERVAL = 30.0


class Progress:
    """Scrapy extension: the progress of one crawler (one forge host), see the module."""

    def __init__(self, crawler, interval: float, log_format: str, stream=None) -> None:
        self.crawler = crawler
        self.interval = interval
        self.formatter = formatter(log_format or "text")
        self.stream = stream or sys.stderr
        self.accounts_done = 0
        self.accounts_total = 0
        self.repositories = 0
        self.host = "?"
        self.loop: task.LoopingCall | None = None
        self.bar = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("CATALOGUE_PROGRESS_INTERVAL", DEFAULT_INTERVAL)
        extension = cls(crawler, interval, crawler.settings.get("CATALOGUE_LOG_FORMAT") or "text")
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def spider_opened(self, spider) -> None:
        self.host = getattr(spider, "only_host", None) or spider.name
        try:
            self.accounts_total = sum(1 for target in spider.targets() if target.hosting.kind == "account")
        except Exception:  # noqa: BLE001 - a spider that cannot list its targets reports that itself
            self.accounts_total = 0
        if self.interval <= 0:
            return
        if self._terminal():
            from tqdm import tqdm

            self.bar = tqdm(total=self.accounts_total or None, desc=self.host, unit=" accounts", file=self.stream,
                            leave=True, dynamic_ncols=True)
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def _terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def item_scraped(self, item, response=None, spider=None) -> None:
        if isinstance(item, AccountListing):
            self.accounts_done += 1
            if self.bar is not None:
                self.bar.update(1)
        elif isinstance(item, SeenUnchanged):
            self.repositories += len(item.forge_ids)
        elif isinstance(item, CatalogueEntry):
            self.repositories += 1
        if self.bar is not None:
            self.bar.set_postfix_str(self._figures(), refresh=False)

    def _figures(self) -> str:
        stats = self.crawler.stats.get_stats()
        budgets = {key.removeprefix("catalogue/budget/"): value for key, value in sorted(stats.items())
                   if key.startswith("catalogue/budget/")}
        text = f"{self.repositories} repositories, {stats.get('downloader/request_count', 0)} requests"
        if budgets:
            # "4,873" for the host's REST budget, "graphql 4,950" for a named one.
            parts = [f"{value:,}" if "/" not in key else f"{key.split('/', 1)[1]} {value:,}"
                     for key, value in sorted(budgets.items(), key=lambda kv: ("/" in kv[0], kv[0]))]
            text += ", budget left " + ", ".join(parts)
        return text

    def line(self) -> str:
        """The progress line of now (see the module)."""
        total = f"/{self.accounts_total}" if self.accounts_total else ""
        return f"{self.host}: {self.accounts_done}{total} accounts, {self._figures()}"

    def report(self) -> None:
        """Write the progress line (or refresh the bar)."""
        if self.bar is not None:
            self.bar.set_postfix_str(self._figures())
            return
        record = logging.LogRecord("catalogue.progress", logging.INFO, __file__, 0, self.line(), None, None)
        record.created = time.time()
        self.stream.write(self.formatter.format(record) + "\n")
        self.stream.flush()

    def spider_closed(self, spider, reason) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.bar is not None:
            self.bar.close()
        elif self.loop is not None:
            self.report()  # the final figures
