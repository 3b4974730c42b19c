"""Process handling (issue 10): the crawler dies with its parent, even by SIGKILL of the
parent alone; SIGTERM is honoured during a rate-limit pause, which says once what it
waits for and until when; the stopped crawl resumes from its job folder."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, base_fixture
from tests.harvest.test_limits_and_resume import _cli_crawl, _stored_count, _wait_for_requests


def children_of(pid: int) -> list[int]:
    """The pids whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def _popen_to(log):
    """Make ``subprocess.Popen`` send stdout and stderr to ``log`` for the block."""
    original = subprocess.Popen

    def popen(*args, **kwargs):
        kwargs.update(stdout=log, stderr=log)
        return original(*args, **kwargs)

    subprocess.Popen = popen
    try:
        yield
    finally:
        subprocess.Popen = original


def test_killing_the_parent_alone_kills_the_crawler(tmp_path):
    with TestForge.from_fixture(base_fixture(), latency_ms=150) as forge:  # a crawl of a minute or so
        # Its output to a file, not a pipe: a pipe would make waiting for the parent wait
        # for every process that holds the pipe, the orphan included.
        with (tmp_path / "crawl.log").open("wb") as log, _popen_to(log):
            process = _cli_crawl(tmp_path, forge, None)
        _wait_for_requests(forge, 20, process)
        children = children_of(process.pid)
        assert children, "the crawl runs in a forked child"
        os.kill(process.pid, signal.SIGKILL)  # the parent only, not its group
        process.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = [pid for pid in children if alive(pid)]
        for pid in survivors:
            os.kill(pid, signal.SIGKILL)
        assert survivors == []
        time.sleep(0.5)  # answers in flight at the kill are still logged by the forge
        asked = len(forge.requests)
        time.sleep(1.0)
        assert len(forge.requests) == asked  # nobody asks the forge any more


def test_sigterm_during_a_rate_limit_pause_stops_at_once_and_resumes(tmp_path):
    job_dir = tmp_path / "job"
    with TestForge.from_fixture(base_fixture(), latency_ms=10) as forge:
        reset = int(time.time()) + 1800
        forge.inject("gh.org_repos", 403, times=None,
                     headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)},
                     body={"message": "API rate limit exceeded for 127.0.0.1."})
        process = _cli_crawl(tmp_path, forge, job_dir)
        _wait_for_requests(forge, 1, process)
        deadline = time.monotonic() + 60
        while not any(r.route == "gh.org_repos" for r in forge.requests):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(1.5)  # inside the pause
        os.kill(process.pid, signal.SIGTERM)
        stopped_at = time.monotonic()
        out, err = process.communicate(timeout=60)
        took = time.monotonic() - stopped_at
        out, err = out.decode(), err.decode()
        expected_until = time.strftime("%H:%M", time.gmtime(reset + 1 + 59))
        assert process.returncode == 2, err
        assert took < 10, took  # not the 30 minutes of the pause
        assert err.count("github.com budget spent; pausing until") == 1, err
        assert f"pausing until {expected_until} UTC" in err
        assert f"stopped before its end: state kept in {job_dir}" in err
        forge.clear_faults()
        resumed = _cli_crawl(tmp_path, forge, job_dir)
        out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    assert _stored_count(tmp_path) == EXPECTED_COUNT


def test_sigterm_before_the_crawl_begins_is_one_line_and_exit_2(tmp_path):
    import subprocess
    import sys

    # A command that is sent SIGTERM while it runs, outside a crawl.
    process = subprocess.Popen([sys.executable, "-c", "import os, signal, sys, click; from catalogue import cli; "
                                "cli.cli.add_command(click.command('sleep')(lambda: os.kill(os.getpid(), "
                                "signal.SIGTERM))); sys.exit(cli.main(['sleep']))"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2 and err.strip() == "catalogue: stopped by SIGTERM", err


def test_a_long_pause_is_announced_once_however_many_requests_it_holds(caplog):
    from catalogue.harvest.middlewares import RateLimitMiddleware

    class Stats:
        def inc_value(self, *args):
            pass

        max_value = inc_value

    middleware = RateLimitMiddleware(Stats(), 0.0)
    with caplog.at_level("WARNING", logger="catalogue.harvest.middlewares"):
        for _ in range(5):  # five refused requests in flight, each computing the same reset anew
            middleware._pause("github.com", 1800.0 + time.perf_counter() % 0.01, "budget spent")
        middleware._pause("github.com", 30.0, "rate limited (HTTP 429)")  # short: never announced
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 1 and lines[0].startswith("github.com budget spent; pausing until "), lines
    assert lines[0].endswith(" UTC")
