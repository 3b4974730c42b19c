"""The crawl report: one JSON file per crawl, next to the crawl record.

``OUTPUT/crawls/crawl-ID.json`` (ID: the crawl record's id) holds what an operator or
a scheduler wants to know of one crawl::

    {"crawl": 12, "started_at": "...", "finished_at": "...", "seconds": 93.1,
     "exit_code": 1, "outcome": "partial", "stopped": false, "signals": [],
     "repositories": {"seen": 1500, "created": 3, "changed": 41, "dropped": 0, "listed_before": 1497},
     "publishers": {"<publisher id>": {"seen": 120, "changed": 4}, ...},
     "hosts": {"github.com": {"requests": 80, "responses": 80, "budget_left": {...}}, ...},
     "rate_limit": {"waits": 1, "seconds_asked": 45.0, "longest_wait": 45.0},
     "failed_accounts": {"https://github.com/x": {"error": "...", "last_confirmed": "...", "repositories": 3}},
     "errors": ["..."]}

It never holds a token: only counts, URLs of the forges' web pages and messages.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote
from typing import Any, Iterable, Sequence

from catalogue.records import Publisher
from catalogue.timeutil import format_time
from catalogue.urls import hosting_target, url_host

OUTCOMES = {0: "ok", 1: "partial", 2: "failed"}


def reports_dir(output: Path | str) -> Path:
    """Where the crawl reports go: ``OUTPUT/crawls``."""
    return Path(output) / "crawls"


def unconfirmed_accounts(publishers: Sequence[Publisher], used: dict[str, str], listed: Iterable[str],
                         errors: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The publisher accounts this crawl did not list completely, ``{account URL:
    {"publisher": id, "host": host, "error": message}}``.

    ``listed``: the account URLs of the crawl's ``AccountListing`` items (complete
    listings). The error is the first crawl error that names the account, else a
    general one. Single-repository ``codeHosting`` entries are not accounts.
    """
    listed = set(listed)
    found: dict[str, dict[str, Any]] = {}
    for publisher in publishers:
        for entry in publisher.code_hosting:
            host = url_host(entry.url)
            if host not in used:
                continue
            try:
                target = hosting_target(entry.url, group=entry.group, forge_type=used[host])
            except ValueError:
                continue
            if target.kind != "account" or target.url in listed or target.url in found:
                continue
            named = _error_naming(target.url, target.path, errors)
            found[target.url] = {
                "publisher": publisher.id,
                "host": host,
                "error": named or f"{target.url}: the account could not be listed completely in this crawl",
            }
    return found


def _error_naming(url: str, path: str, errors: Sequence[str]) -> str | None:
    """The first error naming the account: by its web URL, else by its path in an API
    URL (``/orgs/acme/``, ``/groups/gov%2Fsub/``, ``/users/jdoe?``)."""
    web = url.rstrip("/").lower()
    for error in errors:
        if web in error.lower():
            return error
    forms = {path.lower(), quote(path, safe="").lower()}
    for error in errors:
        text = error.lower()
        if any(f"/{form}{end}" in text for form in forms for end in ("/", "?", " ", ":")):
            return f"{url}: {error}"
    return None


def crawl_report(summary, store, failed_accounts: dict[str, dict[str, Any]], signals_received: Sequence[int] = ()
                 ) -> dict[str, Any]:
    """The report of a finished crawl (shape in the module docstring) from its
    ``CrawlSummary``, the open store (for per-publisher counts) and the failed accounts
    (already with ``last_confirmed`` and ``repositories``)."""
    record = next((crawl for crawl in reversed(store.crawls()) if crawl.id == summary.crawl_id), None)
    stats = summary.stats
    hosts = {}
    for host, outcome in sorted(summary.hosts.items()):
        host_stats = outcome.get("stats", {})
        hosts[host] = {
            "requests": outcome.get("requests", 0),
            "responses": outcome.get("responses", 0),
            "unreachable": outcome.get("unreachable", False),
            "finish_reason": outcome.get("finish_reason"),
            "budget_left": {key.removeprefix("catalogue/budget/"): value for key, value in sorted(host_stats.items())
                            if key.startswith("catalogue/budget/")},
            "rate_limit_waits": host_stats.get("catalogue/rate_limit/waits", 0),
        }
    return {
        "crawl": summary.crawl_id,
        "started_at": format_time(record.started_at) if record else None,
        "finished_at": format_time(record.finished_at) if record and record.finished_at else None,
        "seconds": summary.seconds,
        "exit_code": summary.exit_code,
        "outcome": OUTCOMES[summary.exit_code],
        "stopped": summary.stopped,
        "signals": list(signals_received),
        "repositories": {
            "seen": record.repositories_seen if record else summary.repositories_seen,
            "created": summary.repositories_created,
            "changed": record.repositories_changed if record else summary.repositories_changed,
            "dropped": int(stats.get("catalogue/repositories/dropped", 0)),
            "listed_before": int(stats.get("catalogue/repositories/listed_before", 0)),
        },
        "publishers": store.publisher_counts(summary.crawl_id),
        "requests": summary.requests,
        "hosts": hosts,
        "rate_limit": {
            "waits": stats.get("catalogue/rate_limit/waits", 0),
            "seconds_asked": round(float(stats.get("catalogue/rate_limit/seconds_asked", 0)), 1),
            "longest_wait": round(float(stats.get("catalogue/rate_limit/longest_wait", 0)), 1),
        },
        "failed_hosts": list(summary.failed_hosts),
        "failed_accounts": failed_accounts,
        "errors": list(summary.errors),
    }


def write_report(output: Path | str, report: dict[str, Any]) -> Path:
    """Write ``report`` to ``OUTPUT/crawls/crawl-ID.json`` (whole or not at all: a
    temporary file renamed into place) and return its path."""
    folder = reports_dir(output)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crawl-{report['crawl']}.json"
    partial = path.with_suffix(".json.part")
    partial.write_text(json.dumps(report, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path
