"""Incremental rebuilds: an unchanged page is neither rendered nor written."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from catalogue.records import CrawlRecord
from catalogue.site import build_site, writer
from sitefactory import NOW, make_entry, make_publiccode, utc

SIGNALEN = "repos/github.com/example-gemeente/signalen/index.html"
ZAKEN = "repos/github.com/example-gemeente/zaken/index.html"


def _catalogue():
    return [
        make_entry("signalen", forge_id="1", publiccode=make_publiccode(), license_spdx="EUPL-1.2 OR MIT"),
        make_entry("zaken", forge_id="2", short_description="Zaken afhandelen", primary_language="Java"),
        make_entry("scripts", forge_id="3", short_description="Beheerscripts", stars=1),
    ]


def _crawl(hour: int = 3) -> CrawlRecord:
    return CrawlRecord(1, utc(2026, 6, 14, hour), utc(2026, 6, 14, hour, 20), repositories_seen=3)


def _stats(site: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in site.rglob("*")
        if p.is_file()
    }


def test_nothing_changed_writes_nothing(tmp_path: Path, publishers):
    site = tmp_path / "site"
    entries = _catalogue()
    first = build_site(entries, publishers, _crawl(), site, now=NOW, base_url="https://example.org/")
    assert first.published and len(first.written) == len(first.files) > 30
    before = _stats(site)
    again = build_site(list(reversed(entries)), publishers, _crawl(), site, now=NOW, base_url="https://example.org/")
    assert again.written == () and again.removed == () and not again.published and again.rendered == 0
    assert again.files == first.files and again.pages == first.pages
    assert _stats(site) == before  # same inodes, same modification times: nothing written
    assert not (tmp_path / ".site.staging").exists()


def test_a_crawl_that_changed_nothing_writes_no_repository_page(tmp_path: Path, publishers):
    # A later crawl on the same day: every repository crawled again (new crawl record,
    # new last_crawled_at and fetched_at), the build an hour later, the same facts. A
    # repository page does not show the crawl time, so none is rendered or written;
    # only the pages that show the crawl (about, the first index page) and the exports
    # (which carry lastCrawledAt) are.
    site = tmp_path / "site"
    entries = _catalogue()
    build_site(entries, publishers, _crawl(3), site, now=NOW)
    before = _stats(site)
    later = [replace(s, last_crawled_at=s.last_crawled_at + timedelta(hours=5),
                     entry=replace(s.entry, source=replace(s.entry.source, fetched_at=s.entry.source.fetched_at + timedelta(hours=5))))
             for s in entries]
    report = build_site(later, publishers, _crawl(8), site, now=NOW + timedelta(hours=1))
    assert report.published
    per_crawl = {"index.html", "about/index.html"}
    assert report.rendered == 2 * (len(per_crawl) + 1)  # both languages; the empty feed shows the build time
    assert not [name for name in report.written if name.startswith(("repos/", "en/repos/"))]
    # the exports carry the times; an empty feed is "updated" at the build time
    assert set(report.written) <= per_crawl | {"en/" + name for name in per_crawl} | {
        "catalogue.json", "catalogue.csv", "publiccode-catalogue.json",
        "feeds/publishers/ministerie-x.atom", "en/feeds/publishers/ministerie-x.atom"}
    after = _stats(site)
    kept = [name for name in before if name not in report.written and name != ".catalogue-site-files"]
    assert len(kept) > 20 and all(after[name] == before[name] for name in kept)


def test_one_changed_repository_rewrites_only_the_pages_that_show_it(tmp_path: Path, publishers):
    site = tmp_path / "site"
    entries = _catalogue()
    build_site(entries, publishers, _crawl(), site, now=NOW)
    before = _stats(site)
    changed = [entries[0], replace(entries[1], entry=replace(entries[1].entry, short_description="Nieuwe omschrijving")),
               entries[2]]
    report = build_site(changed, publishers, _crawl(), site, now=NOW)
    assert ZAKEN in report.written and "en/" + ZAKEN in report.written
    assert "Nieuwe omschrijving" in (site / ZAKEN).read_text("utf-8")
    assert SIGNALEN not in report.written and "en/" + SIGNALEN not in report.written
    assert _stats(site)[SIGNALEN] == before[SIGNALEN]  # the very same file (inode and time)
    assert "index.html" in report.written  # the index lists the description
    assert "about/index.html" not in report.written and "static/style.css" not in report.written
    assert "search/nl/docs/0.json" in report.written  # the result shows the new description
    assert "search/nl/terms/6e.json" in report.written  # new words: "nieuwe"
    # a second build of the same input writes nothing
    assert build_site(changed, publishers, _crawl(), site, now=NOW).written == ()


def test_a_code_change_renders_every_page_again(tmp_path: Path, publishers, monkeypatch):
    site = tmp_path / "site"
    entries = _catalogue()
    first = build_site(entries, publishers, _crawl(), site, now=NOW)
    monkeypatch.setattr(writer, "code_fingerprint", lambda: "another template")
    monkeypatch.setattr("catalogue.site.build.code_fingerprint", lambda: "another template")
    report = build_site(entries, publishers, _crawl(), site, now=NOW)
    assert report.rendered == first.rendered == first.pages
    # rendered again, but the bytes are the same: no page is written
    assert not any(name.endswith((".html", ".atom")) for name in report.written)


def test_old_manifest_without_digests_is_rewritten_whole(tmp_path: Path, publishers):
    site = tmp_path / "site"
    entries = _catalogue()
    first = build_site(entries, publishers, _crawl(), site, now=NOW)
    manifest = site / ".catalogue-site-files"
    manifest.write_text("".join(f"{name}\n" for name in first.files), encoding="utf-8")  # the old format
    report = build_site(entries, publishers, _crawl(), site, now=NOW)
    assert set(report.written) == set(first.files)
    assert os.path.isfile(site / SIGNALEN)
