"""The repository page marks what to fix before publiccode.yml 1.0 and extra messages."""

from __future__ import annotations

from dataclasses import replace

from catalogue.publiccode import parse_publiccode
from catalogue.site import build_site
from catalogue.site.views import publiccode_view
from sitefactory import NOW, read_page

ZAKEN = "repos/github.com/example-gemeente/zaken/index.html"
TEXT = """publiccodeYmlVersion: "0"
name: Zaken
url: "https://github.com/example-gemeente/zaken"
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  nl:
    shortDescription: Zaken.
    longDescription: "%s"
    features: [een]
legal:
  license: EUPL-1.2
  repoOwner: Gemeente
maintenance:
  type: community
  contacts:
    - name: Jan
localisation:
  localisationReady: yes
  availableLanguages: [nl_NL]
""" % ("x" * 160)


def test_marks_on_the_repository_page(tmp_path, entries, publishers, crawl):
    doc = parse_publiccode(TEXT)
    view = publiccode_view(doc)
    assert {m.id for m in view.messages} >= {"wrong-type", "deprecated-use-organisation-name", "unread-section"}
    assert any(m.before_1_0 for m in view.messages) and any(m.extra for m in view.messages)
    changed = tuple(replace(e, entry=replace(e.entry, publiccode=doc)) if e.entry.source.url.endswith("/zaken")
                    else e for e in entries)
    out = tmp_path / "site"
    build_site(changed, publishers, crawl, out, now=NOW)
    dutch = read_page(out, ZAKEN).raw.split('<table class="messages">')[1]
    assert "Los dit op vóór publiccode.yml 1.0." in dutch and "(extra)" in dutch
    assert 'data-message-id="wrong-type"' in dutch  # the stable id, as in the JSON and the issues
    english = read_page(out, "en/" + ZAKEN).raw.split('<table class="messages">')[1]
    assert "Fix this before publiccode.yml 1.0." in english
    assert english.count("Fix this before publiccode.yml 1.0.") == sum(m.before_1_0 for m in doc.messages)
