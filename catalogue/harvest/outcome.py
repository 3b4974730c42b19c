"""How a crawl ended, told truthfully: its errors and its exit status.

Exit status of ``catalogue crawl``, ``catalogue run`` and ``scrapy crawl``:

- ``0`` (``OK``): the crawl finished without errors;
- ``1`` (``PARTIAL``): it finished, with errors on some repositories or accounts;
- ``2`` (``FAILED``): it failed or was refused: a crawler could not start, a forge
  gave no usable answer at all (unreachable throughout, or answering only errors), the
  crawl was stopped before its end (SIGTERM), or another crawl held the catalogue.

``ErrorLog`` collects every ERROR logged in the crawl process (Scrapy's own "Error
downloading ..." lines as well as the spiders' crawl errors), so that the crawl record
holds every error that the stats count (``log_count/ERROR``). ``CrawlOutcome`` is the
Scrapy extension that installs it and notes, per crawler, whether its forge answered.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Iterable

from catalogue.harvest.logformat import _Quiet, apply_to_root

OK, PARTIAL, FAILED = 0, 1, 2
MAX_ERRORS = 1000
"""At most this many error lines are kept in a crawl record; the rest are counted."""


def exit_status(errors: Iterable[str], failed_hosts: Iterable[str], stopped: bool = False) -> int:
    """``FAILED`` when a host failed as a whole or the crawl was stopped, else
    ``PARTIAL`` when there are errors, else ``OK`` (see the module docstring)."""
    if list(failed_hosts) or stopped:
        return FAILED
    return PARTIAL if list(errors) else OK


class ErrorLog(_Quiet):
    """A logging handler that keeps the first line of every ERROR (or worse) record.

    One per process (``ErrorLog.install()``), since several crawlers share the root
    logger; ``messages`` is the list, in order, at most ``MAX_ERRORS`` long
    (``dropped`` counts the rest).
    """

    _installed: ErrorLog | None = None

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []
        self.dropped = 0

    @classmethod
    def install(cls) -> ErrorLog:
        """The process's ErrorLog, attached to the root logger on first use."""
        if cls._installed is None:
            cls._installed = cls()
            logging.getLogger().addHandler(cls._installed)
        return cls._installed

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a malformed log call is still an error line
            text = str(record.msg)
        line = (text.strip().splitlines() or [record.levelname])[0][:500]
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(line)
        else:
            self.dropped += 1


def record_errors(spider_errors: Iterable[str], logged: ErrorLog | None, failed: Iterable[str] = ()) -> list[str]:
    """Every error of a crawl, once each: ``failed`` (crawlers that could not start),
    the spiders' own crawl errors, then every other ERROR line that was logged (each
    spider error is logged too, so it is not repeated)."""
    errors = list(failed) + list(spider_errors)
    if logged is None:
        return errors
    # Each spider error was logged once: skip that many equal log lines.
    pending: dict[str, int] = {}
    for message in errors:
        pending[message] = pending.get(message, 0) + 1
    for line in logged.messages:
        if pending.get(line, 0) > 0:
            pending[line] -= 1
            continue
        errors.append(line)
    if logged.dropped:
        errors.append(f"{logged.dropped} further errors were logged (see the log)")
    return errors


@dataclass(frozen=True)
class HostOutcome:
    """How one crawler (one forge host) ended: its ``host``, requests sent, answers
    received, answers that were usable (2xx, 304), Scrapy's ``finish_reason``."""

    host: str
    requests: int
    responses: int
    finish_reason: str | None
    usable: int = 0

    @property
    def unreachable(self) -> bool:
        """True when requests were sent and not one got a usable answer: no answer at
        all (connection refused, timeouts) or only errors (a 5xx outage throughout)."""
        return self.requests > 0 and self.usable == 0

    @property
    def stopped(self) -> bool:
        """True when the crawler was stopped before its end (SIGTERM, SIGINT)."""
        return self.finish_reason not in (None, "finished")


def host_outcome(host: str, stats: dict[str, Any]) -> HostOutcome:
    """The HostOutcome of a crawler from its Scrapy stats."""
    prefix = "downloader/response_status_count/"
    usable = sum(int(value) for key, value in stats.items()
                 if key.startswith(prefix) and (key[len(prefix):].startswith("2") or key[len(prefix):] == "304"))
    return HostOutcome(
        host=host,
        requests=int(stats.get("downloader/request_count", 0)),
        responses=int(stats.get("downloader/response_count", 0)),
        finish_reason=stats.get("finish_reason"),
        usable=usable,
    )


class CrawlOutcome:
    """Scrapy extension: installs the process's ``ErrorLog`` when a crawler is built, so
    that no ERROR line of the crawl is missed by its record, and gives the log the
    format of ``CATALOGUE_LOG_FORMAT`` (``catalogue.harvest.logformat``)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.errors = ErrorLog.install()
        apply_to_root(crawler.settings.get("CATALOGUE_LOG_FORMAT"))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)
