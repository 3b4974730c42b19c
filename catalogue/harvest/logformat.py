"""Log lines for operators: one event per line, as text or as JSON.

``text``: ``2026-12-08T01:02:03Z INFO spiders.github: message``; ``json``: one object
per line, ``{"time": "...", "level": "INFO", "logger": "spiders.github", "message":
"...", "exception": "..."}``. A message or traceback that spans lines is kept on one
line (newlines escaped as ``\\n``), so that log shippers and ``grep`` see one event
per line. Used by the CLI's process and, through the ``CATALOGUE_LOG_FORMAT`` Scrapy
setting, by the crawl process (``catalogue.harvest.outcome.CrawlOutcome``).
"""

from __future__ import annotations

import json
import logging
import time

FORMATS = ("text", "json")


def _utc(seconds: float | None = None) -> time.struct_time:
    return time.gmtime(seconds)


class OneLineFormatter(logging.Formatter):
    """``TIME LEVEL logger: message``, with newlines escaped (see the module)."""

    converter = staticmethod(_utc)

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%SZ")

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", "\\n")


class JSONFormatter(logging.Formatter):
    """One JSON object per record (see the module)."""

    converter = staticmethod(_utc)

    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%SZ"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False)


def formatter(log_format: str) -> logging.Formatter:
    """The formatter of ``log_format`` (``text`` or ``json``); ValueError otherwise."""
    if log_format not in FORMATS:
        raise ValueError(f"log format {log_format!r} is not one of {', '.join(FORMATS)}")
    return JSONFormatter() if log_format == "json" else OneLineFormatter()


def configure_logging(level: int, log_format: str = "text") -> None:
    """Send this process's log to standard error at ``level`` in ``log_format``."""
    handler = logging.StreamHandler()
    handler.setFormatter(formatter(log_format))
    logging.basicConfig(level=level, handlers=[handler], force=True)


def scrapy_log_settings(log_format: str) -> dict:
    """The Scrapy settings that make the crawl process log in ``log_format``."""
    return {"CATALOGUE_LOG_FORMAT": log_format}


def apply_to_root(log_format: str | None) -> None:
    """Give every handler of the root logger the formatter of ``log_format`` (the crawl
    process, after Scrapy installed its own handler)."""
    if not log_format:
        return
    chosen = formatter(log_format)
    for handler in logging.getLogger().handlers:
        if not isinstance(handler, _Quiet):
            handler.setFormatter(chosen)


class _Quiet(logging.Handler):  # marker base: handlers that do not print (ErrorLog)
    pass
