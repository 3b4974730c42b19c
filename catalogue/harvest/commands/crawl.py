"""``scrapy crawl SPIDER``: Scrapy's command, with the catalogue's lock and exit status.

Scrapy's own command exits 0 whatever the crawl met. This one exits like
``catalogue crawl``: 0 ok, 1 finished with errors, 2 failed or refused (a crawler that
could not start, a forge that answered nothing, a stopped crawl, another crawl
running); see ``catalogue.harvest.outcome``.
"""

from __future__ import annotations

import os
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from catalogue.config import load_settings
from catalogue.db.lock import crawl_lock
from catalogue.errors import CatalogueError
from catalogue.harvest.outcome import FAILED, ErrorLog, exit_status, host_outcome, record_errors


class Command(ScrapyCrawlCommand):
    """Scrapy's ``crawl`` with the crawl lock and a truthful exit status."""

    def run(self, args, opts) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl github | gitlab")
        try:
            catalogue = load_settings(environ=os.environ)
            with crawl_lock(catalogue.db, catalogue.crawl_lock):
                self.exitcode = self._crawl(args[0], opts)
        except CatalogueError as exc:
            print(f"catalogue: error: {exc}", file=sys.stderr)
            self.exitcode = FAILED

    def _crawl(self, name: str, opts) -> int:
        assert self.crawler_process
        crawler = self._create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.spider is None:
            return FAILED
        outcome = host_outcome(name, crawler.stats.get_stats())
        errors = record_errors(getattr(crawler.spider, "crawl_errors", []), ErrorLog._installed)
        return exit_status(errors, [name] if outcome.unreachable else [], stopped=outcome.stopped)
