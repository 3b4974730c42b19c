"""build_site: pages exist and show the facts, links resolve, output is deterministic."""

from __future__ import annotations

import json
import posixpath
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from catalogue.records import PubliccodeFile
from catalogue.site import build_site
from catalogue.site.build import MANIFEST
from sitefactory import NOW, make_entry, make_publiccode, read_page

SIGNALEN = "repos/github.com/example-gemeente/signalen/index.html"
ZAKEN = "repos/github.com/example-gemeente/zaken/index.html"
LEEG = "repos/github.com/example-gemeente/leeg/index.html"
OUDE_TOOL = "repos/gitlab.com/min-x/sub/oude-tool/index.html"


def test_expected_files(built):
    out, report = built
    for relative in (
        "index.html", "about/index.html", "publishers/index.html", "publishers/gemeente-voorbeeld/index.html",
        "publishers/ministerie-x/index.html", SIGNALEN, ZAKEN, LEEG, OUDE_TOOL,
        "static/style.css", "catalogue.json", "catalogue.csv",
        "en/index.html", "en/" + SIGNALEN, "en/about/index.html",
    ):
        assert (out / relative).is_file(), relative
    assert report.out_dir == out
    statuses = {f.split("/")[1] for f in report.files if f.startswith("status/") and f.count("/") == 2}
    assert statuses == {"maintained", "archived", "unknown"}
    # index, repositories, publishers list and pages, statuses list and pages, forks, about,
    # accessibility statement, feeds
    assert report.pages == 2 * (1 + 5 + 1 + 2 + 1 + len(statuses) + 1 + 1 + 1 + 3)
    assert set(report.files) == {
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.name != MANIFEST
    }


def test_index_lists_every_repository_with_its_facts(built):
    out, _ = built
    page = read_page(out, "index.html")
    assert page.find_all("html") == [{"lang": "nl"}]
    rows = page.raw.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 5
    signalen = next(r for r in rows if ">signalen<" in r)
    for fact in ("Gemeente Voorbeeld", "Meldingen openbare ruimte", "EUPL-1.2", "Python", "29 mei 2026", "Onderhouden"):
        assert fact in signalen
    assert "Gearchiveerd" in next(r for r in rows if "oude-tool" in r)
    assert "Onbekend" in next(r for r in rows if ">leeg<" in r)
    assert "Onderhouden" in next(r for r in rows if ">scripts<" in r)  # by its 2026 release
    assert "5 repositories" not in page.text  # the count reads "1 tot en met 5 van 5"
    assert "Repositories 1 tot en met 5 van 5." in page.text


def test_repository_page_shows_harvested_and_publiccode_facts(built):
    out, _ = built
    page = read_page(out, SIGNALEN)
    text = page.text
    for fact in (
        "https://github.com/example-gemeente/signalen", "main", "EUPL-1.2", "Python, JavaScript",
        "meldingen, gemeente", "Sterren 42", "Forks 7", "Open issues (zonder pull requests) 3",
        "1 maart 2019", "30 mei 2026", "29 mei 2026", "v2.3.0", "1 april 2026",
        "Het codeplatform weigerde toegang (HTTP 403): README not readable",
        "Laatste commit op de standaardbranch: 29 mei 2026 (minder dan een maand geleden).",
        "Onderhoudscontract tot 1 januari 2027.",
        "Versie van de standaard (publiccodeYmlVersion) 0.4", "geldig", "Signalen", "Softwareversie 2.3.0",
        "standalone/web", "stable", "MPL-2.0", "it-development", "Voorbeeld B.V., contract tot 1 januari 2027",
        "Soort software Webapplicatie", "Ontwikkelstatus Stabiel", "Categorieën IT-ontwikkeling, Samenwerken",
        "Onderhoud Onderhouden door opdrachtnemers", "Beschikbaar in Nederlands, Engels",
        "Signalen verwerkt meldingen over de openbare ruimte.", "Meldingen routeren",
        "Nederlandse sectie (nl)", "nl.countryExtensionVersion 1.0", "nl.commonground.layerType interaction",
        "De validator vond geen problemen.",
    ):
        assert fact in text, fact
    # the rule is stated on the page
    assert "hoogstens 12 maanden geleden" in text
    # the Dutch description comes before the English one on the Dutch page
    assert text.index("Signalen verwerkt") < text.index("Signalen handles")
    english = read_page(out, "en/" + SIGNALEN).text
    assert english.index("Signalen handles") < english.index("Signalen verwerkt")
    assert "Last commit on the default branch: May 29, 2026 (less than a month ago)." in english


def test_validation_messages_with_severity_place_and_hint(built):
    out, _ = built
    page = read_page(out, ZAKEN)
    assert "ongeldig: 1 fout, 1 waarschuwing" in page.text
    body = page.raw.split('<table class="messages">')[1]
    assert body.index("description.nl.shortDescription") < body.index("legal.repoOwner")  # errors first
    for fact in ("Fout", "12:5", "too long", "Keep it under 150 characters.", "Waarschuwing", "20:3"):
        assert fact in body


def test_empty_and_archived_states(built):
    out, _ = built
    leeg = read_page(out, LEEG).text
    assert "Leeg: de repository heeft geen commits" in leeg and "Onbekend" in leeg
    assert "Deze repository heeft geen publiccode.yml" in leeg
    oude = read_page(out, OUDE_TOOL).text
    assert "Het codeplatform markeert deze repository als gearchiveerd." in oude


def test_demo_note_and_accessibility_landmarks_on_every_page(built):
    out, report = built
    for relative in (f for f in report.files if f.endswith(".html")):
        page = read_page(out, relative)
        assert "Contactgegevens zijn verzonnen." in page.text, relative
        assert page.find_all("html")[0]["lang"] in ("nl", "en")
        assert any(t == "a" and "skip-link" in (a.get("class") or "").split() and a.get("href") == "#main"
                   for t, a in page.tags), relative
        assert any(t == "main" and a.get("id") == "main" for t, a in page.tags)
        assert all(a.get("aria-label") for a in page.find_all("nav")), relative
        levels = [int(t[1]) for t, _ in page.tags if t in ("h1", "h2", "h3", "h4")]
        assert levels[0] == 1 and levels.count(1) == 1, relative
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), relative
        for table in page.raw.split("<table")[1:]:
            assert "<caption>" in table and 'scope="col"' in table


def test_all_links_are_relative_and_resolve(built):
    out, report = built
    for relative in (f for f in report.files if f.endswith(".html")):
        page = read_page(out, relative)
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # links to the forges
            assert not parts.scheme and not link.startswith("/"), (relative, link)
            if not parts.path:
                continue  # "#main"
            target = posixpath.normpath(posixpath.join(posixpath.dirname(relative), parts.path))
            assert not target.startswith(".."), (relative, link)
            assert (out / target).is_file(), (relative, link)


def test_index_pagination(tmp_path: Path, publishers):
    entries = [make_entry(f"repo-{n:03d}", forge_id=str(n)) for n in range(120)]
    report = build_site(entries, publishers, None, tmp_path, now=NOW)
    assert (tmp_path / "page/3/index.html").is_file() and not (tmp_path / "page/4").exists()
    first = read_page(tmp_path, "index.html")
    assert first.raw.count('<th scope="row">') == 50
    assert "Repositories 1 tot en met 50 van 120." in first.text
    assert {"href": "page/2/index.html", "rel": "next"} in first.find_all("a")
    third = read_page(tmp_path, "page/3/index.html")
    assert third.raw.count('<th scope="row">') == 20
    assert "repo-119" in third.text and "repo-000" not in third.text
    assert {"href": "../2/index.html", "rel": "prev"} in third.find_all("a")
    assert {"href": "index.html", "aria-current": "page"} in third.find_all("a")
    assert "Alle software, pagina 3 van 3" in third.raw
    # index 3, repositories 120, publishers 1 + 2, statuses 1 + 3 (one status), forks,
    # about, accessibility statement, feeds 1 + 2
    assert report.pages == 2 * (3 + 120 + 1 + 2 + 1 + 3 + 1 + 1 + 1 + 3)


def test_publisher_page_lists_accounts_and_problems_first(built):
    out, _ = built
    page = read_page(out, "publishers/gemeente-voorbeeld/index.html")
    text = page.text
    assert "https://github.com/example-gemeente" in text
    assert "https://gitlab.com/voorbeeld/tools/single (één repository)" in text
    assert "https://identifier.overheid.nl/tooi/id/gemeente/gm9999" in text
    table = text[text.index("Alle repositories"):]
    order = [table.index(name) for name in ("Zaakafhandeling", "leeg", "scripts", "signalen")]
    assert order == sorted(order)  # errors, then no publiccode.yml (by name), then valid
    assert "Fouten in publiccode.yml (1 fout, 1 waarschuwing)" in text
    listing = read_page(out, "publishers/index.html").text
    assert "Gemeente Voorbeeld 4 1" in listing and "Ministerie van X 1 0" in listing


def test_strangers_text_is_escaped_and_unsafe_urls_not_linked(tmp_path: Path, publishers):
    hostile = make_entry(
        "evil",
        forge_id="666",
        short_description='<script>alert("x")</script>',
        homepage="javascript:alert(1)",
        publiccode=make_publiccode(extra={"name": "<b>bold</b>", "description": {
            "nl": {"shortDescription": '<script>alert("x")</script>'}}}),
    )
    build_site([hostile], publishers, None, tmp_path, now=NOW, demo_note="<i>note</i>")
    for relative in ("index.html", "repos/github.com/example-gemeente/evil/index.html"):
        raw = (tmp_path / relative).read_text(encoding="utf-8")
        assert "<script>" not in raw and "<i>note</i>" not in raw
        assert 'alert("x")' not in raw  # descriptions are text only: the script is gone with its tags
        assert "&lt;i&gt;note&lt;/i&gt;" in raw  # other strangers' text is escaped
    repo = read_page(tmp_path, "repos/github.com/example-gemeente/evil/index.html")
    assert "<b>bold</b>" in repo.text and "<b>" not in repo.raw
    assert "javascript:alert(1)" in repo.text
    assert not any(link.startswith("javascript:") for link in repo.links)


def test_epoch_release_date_is_not_shown_as_1970(tmp_path: Path, publishers):
    entries = [
        make_entry("epoch", forge_id="1", publiccode=make_publiccode(release_date="1970-01-01")),
        make_entry("missing", forge_id="2", publiccode=make_publiccode(release_date=None)),
    ]
    build_site(entries, publishers, None, tmp_path, now=NOW)
    for name in ("epoch", "missing"):
        for prefix, expected in (("", "geen releasedatum opgegeven"), ("en/", "no release date declared")):
            raw = (tmp_path / f"{prefix}repos/github.com/example-gemeente/{name}/index.html").read_text("utf-8")
            assert "1970" not in raw
            assert expected in raw


def test_builds_are_byte_identical(tmp_path: Path, entries, publishers, crawl):
    first = build_site(entries, publishers, crawl, tmp_path / "a", now=NOW, base_url="https://example.org/")
    second = build_site(tuple(reversed(entries)), publishers, crawl, tmp_path / "b", now=NOW, base_url="https://example.org/")
    assert first.files == second.files and any(f.startswith("search/") for f in first.files)
    for relative in first.files:  # the search index included
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes(), relative
    canonical = read_page(tmp_path / "a", "en/" + SIGNALEN).find_all("link")
    assert {"rel": "canonical", "href": "https://example.org/en/" + SIGNALEN} in canonical


def test_site_links_to_export_copies(built):
    out, _ = built
    assert "catalogue.json" in read_page(out, "index.html").links
    assert "../../../../catalogue.json" in read_page(out, SIGNALEN).links
    document = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert len(document["repositories"]) == 5
    assert (out / "catalogue.csv").read_text(encoding="utf-8").startswith("url,name,shortDescription")


def test_rebuild_removes_pages_of_repositories_no_longer_given(tmp_path: Path, entries, publishers):
    build_site(entries, publishers, None, tmp_path, now=NOW)
    (tmp_path / "keep.txt").write_text("not ours", encoding="utf-8")
    report = build_site(entries[:1], publishers, None, tmp_path, now=NOW)
    assert ZAKEN in report.removed and not (tmp_path / ZAKEN).exists()
    assert not (tmp_path / "repos/gitlab.com").exists()
    assert (tmp_path / SIGNALEN).is_file() and (tmp_path / "keep.txt").is_file()


def test_colliding_names_get_distinct_pages(tmp_path: Path, publishers):
    entries = [
        make_entry("Tool", forge_id="1", full_name="org/Tool"),
        make_entry("tool", forge_id="2", full_name="org/tool"),
    ]
    report = build_site(entries, publishers, None, tmp_path, now=NOW)
    assert "repos/github.com/org/tool/index.html" in report.files
    assert "repos/github.com/org/tool-2/index.html" in report.files


def test_unreadable_publiccode_is_said_and_ranked_as_a_problem(tmp_path: Path, publishers):
    broken = make_entry("kapot", forge_id="7")
    source = broken.entry.source
    broken = replace(
        broken,
        entry=replace(
            broken.entry,
            source=replace(source, publiccode=PubliccodeFile("publiccode.yml", None, url="https://github.com/x/kapot/blob/main/publiccode.yml", raw=b"\xff")),
        ),
    )
    fine = make_entry("aaa-goed", forge_id="8", publiccode=make_publiccode())
    build_site([fine, broken], publishers, None, tmp_path, now=NOW)
    page = read_page(tmp_path, "repos/github.com/example-gemeente/kapot/index.html")
    assert "De repository heeft een publiccode.yml, maar die kon niet worden gelezen." in page.text
    listing = read_page(tmp_path, "publishers/gemeente-voorbeeld/index.html").text
    listing = listing[listing.index("Alle repositories"):]
    assert listing.index("kapot") < listing.index("aaa-goed")
    assert "publiccode.yml kon niet worden gelezen" in listing
