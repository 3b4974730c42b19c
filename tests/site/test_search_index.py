"""The search index the build writes (catalogue.site.search): facets, words, results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogue.records import CodeHosting, Publisher
from catalogue.site import build_site
from catalogue.site.search import licence_ids, words
from sitefactory import NOW, make_entry, make_publiccode

PUBLISHERS = (
    Publisher("gemeente-voorbeeld", "Gemeente Voorbeeld", (CodeHosting("https://github.com/example-gemeente"),)),
    Publisher("ministerie-x", "Ministerie van Xylofoons", (CodeHosting("https://gitlab.com/min-x"),)),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    entries = [
        make_entry("signalen", forge_id="1", license_spdx="EUPL-1.2 OR MIT", primary_language="Python",
                   languages=("Python", "JavaScript"), topics=("stads-beheer",), publiccode=make_publiccode()),
        make_entry("kaart", forge_id="2", license_spdx="MIT", primary_language="Go", languages=("Go",),
                   topics=(), short_description="Kaart <img src=x onerror=alert(1)>"),
        make_entry("oud", host="gitlab.com", owner="min-x", forge_id="3", publisher_id="ministerie-x",
                   license_spdx=None, primary_language="Python", languages=("Python",), topics=()),
        make_entry("combi", forge_id="4", license_spdx="Apache-2.0 AND (MIT OR BSD-3-Clause)", languages=("Java",),
                   primary_language="Java", topics=()),
    ]
    out = tmp_path_factory.mktemp("search-site")
    build_site(entries, PUBLISHERS, None, out, now=NOW)
    return out


def load(site: Path, language: str, name: str):
    return json.loads((site / f"search/{language}/{name}").read_text("utf-8"))


def titles(site: Path, language: str) -> list[str]:
    return [row[1] for row in load(site, language, "docs/0.json")]


def facet_counts(site: Path, language: str, key: str) -> dict[str, int]:
    facet = load(site, language, "facets.json")["facets"][key]
    counts = dict.fromkeys(facet["values"], 0)
    for entry in facet["docs"]:
        for number in [] if entry is None else [entry] if isinstance(entry, int) else entry:
            counts[facet["values"][number]] += 1
    return counts


def documents_with(site: Path, word: str) -> list[str]:
    shard = load(site, "nl", f"terms/{ord(word[0]):x}.json")
    flat, names, number = shard.get(word, []), titles(site, "nl"), 0
    found = []
    for gap in flat[::2]:
        number += gap
        found.append(names[number])
    return sorted(found)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("EUPL-1.2 OR MIT", ("EUPL-1.2", "MIT")),
        ("Apache-2.0 AND (MIT OR BSD-3-Clause)", ("Apache-2.0", "MIT", "BSD-3-Clause")),
        ("GPL-2.0-or-later WITH Classpath-exception-2.0", ("GPL-2.0-or-later", "Classpath-exception-2.0")),
        ("mit", ("MIT",)),  # the SPDX id as the licence list spells it
        ("MIT OR MIT", ("MIT",)),
        ("not ( a licence", ("not ( a licence",)),  # unparseable: one value, as written
        ("", ()),
        (None, ()),
    ],
)
def test_licence_ids(expression, expected):
    assert licence_ids(expression) == expected


def test_licence_facet_counts_every_id_of_an_expression(site):
    assert facet_counts(site, "nl", "licence") == {
        "EUPL-1.2": 1, "MIT": 3, "Geen licentie opgegeven": 1, "Apache-2.0": 1, "BSD-3-Clause": 1}
    assert facet_counts(site, "en", "licence")["No licence given"] == 1


def test_words_fold_case_and_diacritics():
    assert words("Zaak-Afhandeling Café_app 2.0") == ["zaak", "afhandeling", "cafe", "app", "2", "0"]
    assert words("x" * 33) == []
    assert words(None) == []


def test_text_matches_languages_topics_and_publisher_names(site):
    assert documents_with(site, "python") == ["oud", "signalen"]  # as the language filter counts
    assert facet_counts(site, "nl", "language")["Python"] == 2
    assert documents_with(site, "stads") == ["signalen"]  # topic "stads-beheer"
    assert documents_with(site, "xylofoons") == ["oud"]  # the publisher's name
    assert documents_with(site, "bsd") == ["combi"]  # the licence
    assert documents_with(site, "routeren") == ["signalen"]  # a publiccode.yml feature


def test_facets_are_in_the_page_language_and_technical_forks_are_hidden(site):
    nl = load(site, "nl", "facets.json")
    en = load(site, "en", "facets.json")
    assert "Origineel" in nl["facets"]["kind"]["values"] and "Original" in en["facets"]["kind"]["values"]
    assert "Stabiel" in nl["facets"]["development"]["values"] and "Stable" in en["facets"]["development"]["values"]
    assert "IT-ontwikkeling" in nl["facets"]["category"]["values"]
    assert nl["count"] == en["count"] == 4
    assert list(nl["facets"]) == ["publisher", "status", "language", "licence", "publiccode", "development",
                                  "category", "platform", "help", "kind"]
    assert len(nl["sort"]["activity"]) == len(nl["sort"]["stars"]) == 4


def test_results_hold_text_only(site):
    rows = load(site, "nl", "docs/0.json")
    assert titles(site, "nl") == ["combi", "kaart", "oud", "signalen"]  # documents by name
    assert all(isinstance(cell, str) for row in rows for cell in row)
    kaart = rows[1]
    assert kaart[0] == "repos/github.com/example-gemeente/kaart/index.html"
    # a stranger's markup does not reach the index (the views drop tags from one-line
    # texts); search.js sets every cell as textContent anyway
    assert kaart[2].strip() == "Kaart" and not any("<" in cell for row in rows for cell in row)
