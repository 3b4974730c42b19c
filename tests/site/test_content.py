"""The repository page's content, language, redirects, unavailable repositories, the
operator settings, the Content-Security-Policy and well-formed feeds and sitemaps."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitefactory import NOW, make_entry, make_publiccode, read_page, utc

from catalogue.config import OperatorSettings
from catalogue.records import CodeHosting, HarvestProblem, Publisher
from catalogue.site import build_site

PUBLISHERS = (Publisher("gemeente-voorbeeld", "Gemeente Voorbeeld", (CodeHosting("https://github.com/example-gemeente"),)),)
SIGNALEN = "repos/github.com/example-gemeente/signalen/index.html"
RAW = "https://raw.githubusercontent.com/example-gemeente/signalen/main/"
OPERATOR = OperatorSettings(organisation="Geonovum", organisation_url="https://www.geonovum.nl/",
                            contact_email="catalogus@example.nl", privacy_url="https://example.nl/privacy",
                            accessibility_status="partially-compliant")


def rich_publiccode():
    description = {
        "nl": {"shortDescription": "Meldingen **openbare** ruimte",
               "longDescription": "**Signalen** is voor [zaakgericht werken](https://example.org/zaak).\n\n- een\n- twee",
               "features": ["Meldingen *ontvangen*"], "screenshots": ["docs/nl.png"],
               "documentation": "https://docs.example.org/nl"},
        "en": {"shortDescription": "Public space reports",
               "longDescription": "Signalen handles **reports**.", "features": ["Receive reports"],
               "screenshots": ["docs/en.png", "https://evil.example/x.png"],
               "apiDocumentation": "https://api.example.org"},
    }
    return make_publiccode(extra={
        "description": description,
        "logo": "img/logo.svg",
        "maintenance": {"type": "contract",
                        "contractors": [{"name": "Voorbeeld B.V.", "until": "2027-01-01", "email": "info@voorbeeld.nl"}],
                        "contacts": [{"name": "Jan Jansen", "email": "jan@example.nl", "affiliation": "Gemeente"}]},
        "dependsOn": {"open": [{"name": "PostgreSQL", "versionMin": "13"}], "proprietary": [{"name": "Oracle", "optional": True}]},
        "landingURL": "https://signalen.org",
    })


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("content")
    entries = [
        make_entry("signalen", forge_id="1", publiccode=rich_publiccode(),
                   previous_urls=("https://github.com/example-gemeente/meldingen",)),
        make_entry("signalen-variant", forge_id="2", short_description="Een variant",
                   publiccode=make_publiccode(url="https://github.com/example-gemeente/signalen-variant",
                                              extra={"isBasedOn": "https://github.com/example-gemeente/signalen"})),
        make_entry("geblokkeerd", forge_id="3", short_description="Weg \x1b[31mrood\x00",
                   problems=(HarvestProblem("access", "Repository access blocked: DMCA takedown", status=451),)),
        make_entry("verdwenen", forge_id="4", gone=True, short_description="Ctrl\x07 text\x85"),
    ]
    build_site(entries, PUBLISHERS, None, out, now=NOW, base_url="https://catalogus.example.nl/", search=False,
               operator=OPERATOR)
    return out


def visitor_part(raw: str) -> str:
    return raw.split('class="for-maintainers"')[0]


def test_repository_page_order_for_the_visitor(site):
    raw = (site / SIGNALEN).read_text("utf-8")
    markers = ['<h1>signalen</h1>', 'class="status-line"', 'id="screenshots-heading"', 'id="what-heading"',
               'id="who-heading"', 'id="get-heading"', 'id="depends-heading"', 'id="fork-heading"',
               'id="status-heading"', 'id="facts-heading"', 'id="publiccode-heading"']
    places = [raw.index(m) for m in markers]
    assert places == sorted(places)
    page = read_page(site, SIGNALEN)
    for fact in ("Meldingen openbare ruimte", "Voorbeeld B.V., contract tot 1 januari 2027", "info@voorbeeld.nl",
                 "Jan Jansen (Gemeente)", "PostgreSQL 13–", "Oracle (Niet open, optioneel)", "https://signalen.org",
                 "Documentatie https://docs.example.org/nl", "Variant: signalen-variant"):
        assert fact in page.text, fact
    assert {"href": "mailto:jan@example.nl"} in page.find_all("a")
    # Markdown rendered, never raw
    assert "<strong>Signalen</strong>" in raw and "**" not in raw.split('<details class="source">')[0]
    assert '<li>een</li>' in raw


def test_english_descriptions_on_english_pages_and_lang_on_other_text(site):
    english = read_page(site, "en/" + SIGNALEN)
    visitor = visitor_part(english.raw)
    assert "Public space reports" in visitor and "Signalen handles <strong>reports</strong>." in visitor
    assert "Meldingen" not in visitor.split('id="what-heading"')[1]
    assert english.text.index("Public space reports") < english.text.index("Meldingen openbare ruimte")
    # the Dutch text on the English page is marked as Dutch
    assert re.search(r'<div lang="nl">\s*<p><strong>Meldingen openbare ruimte</strong>', english.raw)
    # the index and the feed take the page's language too
    assert "Public space reports" in read_page(site, "en/index.html").text
    assert "Public space reports" in (site / "en/feeds/all.atom").read_text("utf-8")
    dutch = read_page(site, SIGNALEN)
    assert "Meldingen openbare ruimte" in visitor_part(dutch.raw) and "Public space reports" not in visitor_part(dutch.raw)
    # forge descriptions of unknown language carry no lang attribute; none claims the page's own
    assert not re.search(r'class="lead" lang=', read_page(site, "repos/github.com/example-gemeente/geblokkeerd/index.html").raw)


def test_labels_never_raw_keys_in_the_visitor_part(site):
    for prefix, labels in (("", ("Webapplicatie", "Stabiel", "Onderhouden door opdrachtnemers", "IT-ontwikkeling")),
                           ("en/", ("Web application", "Stable", "Maintained by contractors", "IT development"))):
        visitor = visitor_part((site / (prefix + SIGNALEN)).read_text("utf-8"))
        for label in labels:
            assert label in visitor, label
        for raw_key in ("softwareType", "developmentStatus", "standalone/web", "it-development", ">contract<", ">stable<"):
            assert raw_key not in visitor, (prefix, raw_key)


def test_logo_and_screenshots_from_the_repository_only(site):
    for prefix, shot in (("", "docs/nl.png"), ("en/", "docs/en.png")):
        images = read_page(site, prefix + SIGNALEN).find_all("img")
        external = [i for i in images if i["src"].startswith("http")]
        assert [i["src"] for i in external] == [RAW + "img/logo.svg", RAW + shot]
        for image in external:
            assert image["loading"] == "lazy" and image["alt"]
        assert not any("evil.example" in (i["src"] or "") for i in images)


def test_renamed_repository_old_page_redirects(site):
    old = site / "repos/github.com/example-gemeente/meldingen/index.html"
    raw = old.read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../signalen/index.html">' in raw
    assert '<link rel="canonical" href="https://catalogus.example.nl/repos/github.com/example-gemeente/signalen/index.html">' in raw
    english = (site / "en/repos/github.com/example-gemeente/meldingen/index.html").read_text("utf-8")
    assert "https://catalogus.example.nl/en/repos/github.com/example-gemeente/signalen/index.html" in english
    page = read_page(site, SIGNALEN)
    assert "Eerdere namen: example-gemeente/meldingen" in page.text
    assert "meldingen/index.html" not in (site / "sitemap.xml").read_text("utf-8")


def test_unavailable_repositories_say_why_and_since_when(site):
    blocked = read_page(site, "repos/github.com/example-gemeente/geblokkeerd/index.html").text
    assert ("Om juridische redenen geblokkeerd door het codeplatform (per 14 juni 2026): "
            "Repository access blocked: DMCA takedown") in blocked
    gone = read_page(site, "en/repos/github.com/example-gemeente/verdwenen/index.html").text
    assert "No longer listed by its account (last seen on June 14, 2026)" in gone


def test_operator_settings_footer_and_accessibility_statement(site):
    for prefix, words in (("", ("Privacyverklaring", "Toegankelijkheidsverklaring", "Geonovum")),
                          ("en/", ("Privacy statement", "Accessibility statement", "Geonovum"))):
        page = read_page(site, prefix + "index.html")
        footer = page.raw.split("<footer")[1]
        for word in words:
            assert word in footer
        assert 'href="mailto:catalogus@example.nl"' in footer and 'href="https://example.nl/privacy"' in footer
    statement = read_page(site, "toegankelijkheid/index.html").text
    assert "WCAG" in statement and "Deze website voldoet gedeeltelijk aan de eisen." in statement
    assert "This website partially meets the requirements." in read_page(site, "en/toegankelijkheid/index.html").text
    about = read_page(site, "about/index.html").text
    assert "Deze catalogus wordt beheerd door Geonovum." in about and "catalogus@example.nl" in about
    assert {"rel": "icon", "href": "static/favicon.svg", "type": "image/svg+xml"} in read_page(site, "index.html").find_all("link")


def test_every_page_has_a_strict_csp_and_no_inline_code(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = read_page(site, str(path.relative_to(site)))
        policies = [m["content"] for m in page.find_all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        assert len(policies) == 1, path
        policy = policies[0]
        assert "script-src 'self';" in policy and "style-src 'self';" in policy, path
        assert "unsafe-inline" not in policy and "object-src 'none'" in policy
        assert page.raw.index("Content-Security-Policy") < page.raw.index("<link"), path
        for tag, attributes in page.tags:
            assert not any(name.startswith("on") for name in attributes), (path, tag)
            assert "style" not in attributes, (path, tag)
            assert tag != "style", path
            if tag == "script":
                assert attributes.get("src"), (path, "inline script")
    repo_policy = next(m["content"] for m in read_page(site, SIGNALEN).find_all("meta") if m.get("http-equiv"))
    assert "img-src 'self' data: https://raw.githubusercontent.com;" in repo_policy


def test_feeds_and_sitemaps_are_well_formed_in_both_languages(site):
    checked = []
    for path in sorted(site.rglob("*.atom")) + sorted(site.glob("sitemap*.xml")):
        ET.parse(path)  # raises on a control character or any other XML error
        checked.append(str(path.relative_to(site)))
    assert "feeds/all.atom" in checked and "en/feeds/all.atom" in checked and "sitemap.xml" in checked
    assert "en/feeds/publishers/gemeente-voorbeeld.atom" in checked
    summaries = ET.parse(site / "en/feeds/all.atom").getroot().iter("{http://www.w3.org/2005/Atom}summary")
    assert any("Weg [31mrood" in (s.text or "") for s in summaries)


def test_control_characters_never_reach_html(site):
    for path in site.rglob("*.html"):
        raw = path.read_text("utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", raw), path
    assert "Ctrl text" in read_page(site, "en/index.html").text


def test_site_without_operator_settings_says_no_contact(tmp_path):
    build_site([make_entry(last_commit_at=utc(2026, 5, 1))], PUBLISHERS, None, tmp_path, now=NOW, search=False)
    footer = read_page(tmp_path, "en/index.html").raw.split("<footer")[1]
    assert "has not given a contact yet" in footer and "Privacy statement" not in footer
    assert "Accessibility statement" in footer


def test_the_search_index_gets_text_only(tmp_path):
    hostile = make_publiccode(extra={"description": {"nl": {
        "shortDescription": "<b>Vet</b> <script>alert(1)</script>kort",
        "longDescription": "<p onclick=x()>lang <i>schuin</i></p>\n\n<div><img src=x onerror=alert(2)></div>",
        "features": ["<u>onderstreept</u>"]}}})
    short = "<b>Vet</b> <script>alert(1)</script>kort"  # what normalise takes from the nl block
    build_site([make_entry("html", forge_id="77", publiccode=hostile, short_description=short)], PUBLISHERS, None,
               tmp_path, now=NOW)
    for language in ("nl", "en"):
        cells = [cell for part in sorted((tmp_path / "search" / language / "docs").glob("*.json"))
                 for row in json.loads(part.read_text("utf-8")) for cell in row if isinstance(cell, str)]
        indexed = " ".join(" ".join(cells).split())
        assert "Vet kort" in indexed, indexed
        assert "<" not in indexed and "alert" not in indexed, indexed
