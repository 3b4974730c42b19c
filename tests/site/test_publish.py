"""Atomic publishing: a build that fails or is killed leaves the live site whole."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from catalogue.site import build_site, publish
from sitefactory import NOW, make_entry, make_publiccode

HERE = Path(__file__).resolve().parent
SIGNALEN = "repos/github.com/example-gemeente/signalen/index.html"

#: A build in a child process that announces each page it writes, then pauses there,
#: so the test can kill it with certainty halfway through writing the new site.
CHILD = """
import sys, time
sys.path.insert(0, {here!r})
from pathlib import Path
from catalogue.site import build_site, writer
from test_publish import catalogue, PUBLISHERS
from sitefactory import NOW

target = writer.Writer._target
count = 0
def slow_target(self, relative):
    global count
    count += 1
    if count == 8:
        print("halfway", flush=True)
        time.sleep(60)
    return target(self, relative)
writer.Writer._target = slow_target
build_site(catalogue(changed=True), PUBLISHERS, None, Path({site!r}), now=NOW)
print("finished", flush=True)
"""


def catalogue(changed: bool = False):
    """Eight repositories; ``changed`` gives every one a new description."""
    entries = []
    for n in range(8):
        text = f"Omschrijving {n}" + (" (nieuw)" if changed else "")
        entries.append(make_entry(f"project-{n}", forge_id=str(n + 1), short_description=text,
                                  publiccode=make_publiccode() if n % 2 else None))
    return entries


PUBLISHERS = ()


def _snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def _assert_search_index_whole(site: Path) -> None:
    for language in ("nl", "en"):
        facets = json.loads((site / f"search/{language}/facets.json").read_text("utf-8"))
        assert facets["count"] == 8
        for shard in facets["shards"]:
            json.loads((site / f"search/{language}/terms/{shard}.json").read_text("utf-8"))
        json.loads((site / f"search/{language}/docs/0.json").read_text("utf-8"))


def test_a_build_killed_halfway_leaves_the_old_site_whole(tmp_path: Path):
    site = tmp_path / "site"
    build_site(catalogue(), PUBLISHERS, None, site, now=NOW)
    old = _snapshot(site)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(here=str(HERE), site=str(site))],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout.readline().strip() == "halfway"
        staging = tmp_path / ".site.staging"
        assert staging.is_dir()  # the new site is being written beside the live one
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    assert _snapshot(site) == old  # every file there, each as it was: no new page mixed in
    _assert_search_index_whole(site)
    page = (site / "repos/github.com/example-gemeente/project-2/index.html").read_text("utf-8")
    assert "Omschrijving 2" in page and "(nieuw)" not in page
    # the next build removes the leftover and publishes the new site whole
    report = build_site(catalogue(changed=True), PUBLISHERS, None, site, now=NOW)
    assert report.published and not staging.exists()
    assert "(nieuw)" in (site / "repos/github.com/example-gemeente/project-2/index.html").read_text("utf-8")
    _assert_search_index_whole(site)


def test_a_failed_build_leaves_the_old_site_whole(tmp_path: Path, monkeypatch):
    site = tmp_path / "site"
    build_site(catalogue(), PUBLISHERS, None, site, now=NOW)
    old = _snapshot(site)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("catalogue.site.build.write_export", broken)
    with pytest.raises(OSError, match="disk full"):
        build_site(catalogue(changed=True), PUBLISHERS, None, site, now=NOW)
    assert _snapshot(site) == old
    assert not (tmp_path / ".site.staging").exists()


def test_unchanged_files_are_hard_links_and_changed_ones_new_files(tmp_path: Path):
    site = tmp_path / "site"
    entries = catalogue()
    build_site(entries, PUBLISHERS, None, site, now=NOW)
    kept = site / "repos/github.com/example-gemeente/project-1/index.html"
    changed = site / "repos/github.com/example-gemeente/project-2/index.html"
    held = tmp_path / "held.html"  # as a web server holding the old file open would see it
    os.link(changed, held)
    kept_inode = kept.stat().st_ino
    old_text = changed.read_text("utf-8")
    entries[2] = replace(entries[2], entry=replace(entries[2].entry, short_description="Ander"))
    report = build_site(entries, PUBLISHERS, None, site, now=NOW)
    assert "repos/github.com/example-gemeente/project-2/index.html" in report.written
    assert kept.stat().st_ino == kept_inode  # not copied, not rewritten
    assert held.read_text("utf-8") == old_text  # the old file was never written through
    assert "Ander" in changed.read_text("utf-8") and changed.stat().st_ino != held.stat().st_ino


def test_a_second_build_waits_for_the_first(tmp_path: Path):
    site = tmp_path / "site"
    with publish.Publication(site) as first:
        (first.stage() / "a.txt").write_text("first", encoding="utf-8")
        child = subprocess.Popen(
            [sys.executable, "-c",
             "import sys; from pathlib import Path; from catalogue.site import publish\n"
             f"with publish.Publication(Path({str(site)!r})) as p: print(sorted(x.name for x in p.live.iterdir()))"],
            stdout=subprocess.PIPE, text=True,
        )
        time.sleep(0.5)
        assert child.poll() is None  # waiting for the lock
        first.commit()
    out, _ = child.communicate(timeout=30)
    assert out.strip() == "['a.txt']"  # it saw the first build's site, whole


def test_exchange_swaps_two_directories(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one").write_text("a", encoding="utf-8")
    if not publish.exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("renameat2(RENAME_EXCHANGE) not available here")
    assert (tmp_path / "b" / "one").is_file() and not (tmp_path / "a" / "one").exists()


def test_out_dir_that_is_a_file_is_refused(tmp_path: Path):
    target = tmp_path / "site"
    target.write_text("not a directory", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="site"):
        build_site(catalogue(), PUBLISHERS, None, target, now=NOW)
