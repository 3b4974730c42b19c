"""What an operator sees (issue 10): a progress line per forge host at a steady pace,
a JSON crawl report per crawl, log lines as one event per line (text or JSON)."""

from __future__ import annotations

import io
import json
import logging
import re
from datetime import datetime, timezone

from catalogue.harvest.logformat import JSONFormatter, OneLineFormatter
from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, fixture_copy

T1 = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_a_progress_line_per_host_at_a_steady_pace(crawler, capfd):
    with TestForge.from_fixture(fixture_copy(), latency_ms=30) as forge:
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1,
                                scrapy={"CATALOGUE_PROGRESS_INTERVAL": 0.2})
    assert summary.exit_code == 0
    err = capfd.readouterr().err
    github = re.findall(r"github\.com: (\d+)/2 accounts, (\d+) repositories, (\d+) requests, budget left graphql ([\d,]+)", err)
    gitlab = re.findall(r"gitlab\.com: (\d+)/2 accounts, (\d+) repositories, (\d+) requests", err)
    assert len(github) >= 2 and len(gitlab) >= 1, err
    assert github[-1][:2] == ("2", "122")  # the final line: every account and repository
    assert gitlab[-1][:2] == ("2", str(EXPECTED_COUNT - 122))
    counts = [int(line[1]) for line in github]
    assert counts == sorted(counts)


def test_the_crawl_report(crawler):
    with TestForge.from_fixture(fixture_copy()) as forge:
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1)
    report = json.loads(summary.report_path.read_text(encoding="utf-8"))
    assert summary.report_path == crawler.tmp_path / "out" / "crawls" / f"crawl-{summary.crawl_id}.json"
    assert report["crawl"] == summary.crawl_id and report["outcome"] == "ok" and report["exit_code"] == 0
    assert report["repositories"]["seen"] == EXPECTED_COUNT
    assert report["publishers"] == {"acme": {"seen": 120, "changed": 120}, "gov": {"seen": 5, "changed": 5},
                                    "jansen": {"seen": 1, "changed": 1}, "jdoe": {"seen": 2, "changed": 2}}
    assert sum(host["requests"] for host in report["hosts"].values()) == summary.requests
    assert set(report["hosts"]) == {"github.com", "gitlab.com"}
    assert report["rate_limit"]["waits"] == 0 and report["errors"] == [] and report["failed_accounts"] == {}
    assert report["started_at"] == "2026-06-01T00:00:00Z" and report["seconds"] > 0


def _record(message: str, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("bad\nanswer")
        except ValueError:
            import sys

            exc_info = sys.exc_info()
    return logging.LogRecord("spiders.github", logging.ERROR, __file__, 1, message, None, exc_info)


def test_log_lines_are_one_event_per_line():
    text = OneLineFormatter().format(_record("first line\nsecond line", exc=True))
    assert "\n" not in text and text.endswith("ValueError: bad\\nanswer")
    event = json.loads(JSONFormatter().format(_record("a\nb", exc=True)))
    assert event["level"] == "ERROR" and event["logger"] == "spiders.github" and event["message"] == "a\nb"
    assert "ValueError" in event["exception"]


def test_log_format_json_in_the_crawl(crawler, capfd):
    with TestForge.from_fixture(fixture_copy()) as forge:
        crawler.crawl(PUBLISHERS, forge.forges_config(), token="t", now=T1,
                      scrapy={"CATALOGUE_LOG_FORMAT": "json", "LOG_LEVEL": "INFO", "CATALOGUE_PROGRESS_INTERVAL": 0.2})
    lines = [line for line in capfd.readouterr().err.splitlines() if line.strip()]
    assert len(lines) > 10
    events = [json.loads(line) for line in lines]  # every line is one JSON event
    assert any(event["logger"] == "catalogue.progress" for event in events)
    assert any(event["logger"].startswith("scrapy") for event in events)


def test_progress_on_a_terminal_is_a_bar():
    from catalogue.harvest.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    class Stats:
        def get_stats(self):
            return {"downloader/request_count": 7, "catalogue/budget/github.com": 4873}

    class Crawler:
        stats = Stats()

    progress = Progress(Crawler(), 0, "text", stream=Terminal())
    progress.host, progress.accounts_total, progress.repositories = "github.com", 3, 12
    assert progress.line() == "github.com: 0/3 accounts, 12 repositories, 7 requests, budget left 4,873"
    assert progress._terminal()


def test_the_crawler_process_raises_no_warning_that_would_break_a_json_log():
    """Python prints a warning to stderr as plain text, outside the JSON log (found in a
    new user's trial: Scrapy 2.19 warns about ``install_root_handler``). The crawl runs in
    a child process, so the check runs the runner's own constructor in a fresh one."""
    import subprocess
    import sys

    code = ("from scrapy.settings import Settings; from catalogue.harvest.runner import _crawler_process; "
            "import logging; before = list(logging.root.handlers); _crawler_process(Settings()); "
            "assert logging.root.handlers == before, logging.root.handlers")
    done = subprocess.run([sys.executable, "-W", "always", "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr, done.stderr
