"""Feeds, sitemap, badges, the federation JSON and the search bundle of a built site."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from catalogue.records import PubliccodeFile
from catalogue.site import build_site
from catalogue.site.badges import badge_svg, text_width
from catalogue.site.opendata import SITEMAP_LIMIT, sitemaps, software_id
from sitefactory import NOW, make_entry, make_publiccode

ATOM = "{http://www.w3.org/2005/Atom}"
SIGNALEN = "repos/github.com/example-gemeente/signalen/index.html"


def build(tmp_path: Path, entries, publishers, crawl, base_url="https://catalogus.example.nl/"):
    return build_site(entries, publishers, crawl, tmp_path, now=NOW, base_url=base_url)


def test_atom_feeds_for_all_and_per_publisher(tmp_path, entries, publishers, crawl):
    build(tmp_path, entries, publishers, crawl)
    feed = ET.parse(tmp_path / "feeds/all.atom").getroot()
    assert feed.tag == f"{ATOM}feed"
    items = feed.findall(f"{ATOM}entry")
    assert len(items) == 5
    updated = [item.findtext(f"{ATOM}updated") for item in items]
    assert updated == sorted(updated, reverse=True)  # newest change first
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    links = [item.find(f"{ATOM}link").get("href") for item in items]
    assert "https://catalogus.example.nl/" + SIGNALEN in links
    ids = [item.findtext(f"{ATOM}id") for item in items]
    assert len(set(ids)) == 5 and all(i.startswith("urn:uuid:") for i in ids)
    titles = [item.findtext(f"{ATOM}title") for item in items]
    assert "Gewijzigd: signalen" in titles  # last commit after first seen
    per_publisher = ET.parse(tmp_path / "feeds/publishers/ministerie-x.atom").getroot()
    assert [i.findtext(f"{ATOM}title") for i in per_publisher.findall(f"{ATOM}entry")] == ["Gewijzigd: oude-tool"]
    english = ET.parse(tmp_path / "en/feeds/all.atom").getroot()
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert "https://catalogus.example.nl/en/" + SIGNALEN in [
        i.find(f"{ATOM}link").get("href") for i in english.findall(f"{ATOM}entry")
    ]


def test_feed_links_are_relative_without_a_base_url(tmp_path, entries, publishers, crawl):
    build(tmp_path, entries, publishers, crawl, base_url=None)
    feed = ET.parse(tmp_path / "feeds/all.atom").getroot()
    hrefs = [i.find(f"{ATOM}link").get("href") for i in feed.findall(f"{ATOM}entry")]
    assert "../" + SIGNALEN in hrefs
    assert not (tmp_path / "sitemap.xml").exists()  # a sitemap needs absolute URLs


def test_sitemap_lists_every_page_in_both_languages(tmp_path, entries, publishers, crawl):
    report = build(tmp_path, entries, publishers, crawl)
    root = ET.parse(tmp_path / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = {u.findtext(f"{ns}loc") for u in root.findall(f"{ns}url")}
    html = [f for f in report.files if f.endswith(".html") and not f.startswith("en/")]
    assert len(locs) == 2 * len(html)
    assert "https://catalogus.example.nl/" + SIGNALEN in locs
    assert "https://catalogus.example.nl/en/" + SIGNALEN in locs


def test_sitemap_splits_above_the_protocol_limit():
    files = sitemaps("https://x.nl", [f"p{n}/index.html" for n in range(SITEMAP_LIMIT // 2 + 1)], ("nl", "en"),
                     {"nl": "", "en": "en/"})
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert [e[0].text for e in index] == ["https://x.nl/sitemap-1.xml", "https://x.nl/sitemap-2.xml"]


def test_status_badge_per_repository_and_language(tmp_path, entries, publishers, crawl):
    build(tmp_path, entries, publishers, crawl)
    svg = (tmp_path / "repos/github.com/example-gemeente/signalen/badge.svg").read_text("utf-8")
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "onderhoud: Onderhouden"
    english = (tmp_path / "en/repos/github.com/example-gemeente/signalen/badge.svg").read_text("utf-8")
    assert 'aria-label="maintenance: Maintained"' in english
    page = (tmp_path / SIGNALEN).read_text("utf-8")
    assert "[![Onderhoudsstatus](https://catalogus.example.nl/repos/github.com/example-gemeente/signalen/badge.svg)]" in page


def test_badge_escapes_and_sizes_its_text():
    svg = badge_svg("a<b", "x&y", "unknown-tone")
    assert "a&lt;b" in svg and "x&amp;y" in svg and "#535353" in svg  # neutral colour
    assert text_width("mmmm") > text_width("iiii")
    ET.fromstring(svg)


def test_federation_json_holds_every_publiccode_file(tmp_path, publishers):
    text = "publiccodeYmlVersion: '0.4'\nname: Signalen\n"
    with_file = make_entry("signalen", forge_id="1", publiccode=make_publiccode(),
                           publiccode_file=PubliccodeFile("publiccode.yml", text, url="https://x"),
                           previous_urls=("https://github.com/old/signalen",))
    gone = make_entry("weg", forge_id="2", gone=True, publiccode=make_publiccode(),
                      publiccode_file=PubliccodeFile("publiccode.yml", text))
    without = make_entry("scripts", forge_id="3")
    build_site((with_file, gone, without), publishers, None, tmp_path, now=NOW, search=False)
    document = json.loads((tmp_path / "publiccode-catalogue.json").read_text("utf-8"))
    assert document["generatedAt"] == "2026-06-15T12:00:00Z"
    assert [d["url"] for d in document["data"]] == [
        "https://github.com/example-gemeente/signalen", "https://github.com/example-gemeente/weg"]
    first = document["data"][0]
    assert first == {
        "id": software_id("github.com", "1"), "url": "https://github.com/example-gemeente/signalen",
        "aliases": ["https://github.com/old/signalen"], "publiccodeYml": text, "active": True,
        "createdAt": "2025-01-10T00:00:00Z", "updatedAt": "2026-06-14T03:00:00Z",
    }
    assert document["data"][1]["active"] is False
    assert not (tmp_path / "search").exists()  # search=False
