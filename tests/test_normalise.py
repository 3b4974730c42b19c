"""The normaliser: one entry from what the forge said, descriptions by the documented
order (publiccode.yml in Dutch, else English, else its first language, else the forge's
description, else the README's first paragraph)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from catalogue.normalise import normalise, raw_base_url
from catalogue.records import PubliccodeFile, Publisher, SourceRepository

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
LONG = "Een beschrijving die lang genoeg is voor de standaard van publiccode.yml, want die vraagt erom. " * 3


def source(publiccode: str | None = None, **extra) -> SourceRepository:
    values = dict(host="github.com", forge_type="github", forge_id="1", full_name="org/app",
                  url="https://github.com/org/app", name="app", fetched_at=NOW, publisher_id="p",
                  account_url="https://github.com/org", default_branch="main",
                  publiccode=PubliccodeFile(path="publiccode.yml", text=publiccode) if publiccode else None)
    values.update(extra)
    return SourceRepository(**values)


def document(**descriptions: str) -> str:
    parts = "".join(
        f"  {lang}:\n    shortDescription: \"{short}\"\n    longDescription: \"{LONG}\"\n    features: [x]\n"
        for lang, short in descriptions.items())
    return ('publiccodeYmlVersion: "0"\nname: Mooie App\nurl: "https://github.com/org/app"\n'
            "description:\n" + parts)


@pytest.mark.parametrize(
    "descriptions, language, short",
    [
        ({"en": "In English", "nl": "In het Nederlands"}, "nl", "In het Nederlands"),
        ({"de": "Auf Deutsch", "en": "In English"}, "en", "In English"),
        ({"it": "In italiano", "fr": "En français"}, "it", "In italiano"),
    ],
)
def test_descriptions_from_publiccode_dutch_first(descriptions, language, short):
    entry = normalise(source(document(**descriptions), description="forge text"), None)
    assert entry.name == "Mooie App"
    assert (entry.description_language, entry.short_description) == (language, short)
    assert entry.long_description.startswith("Een beschrijving")


def test_forge_description_then_readme():
    assert normalise(source(description="forge text", readme_excerpt="readme text"), None).short_description == "forge text"
    entry = normalise(source(description=None, readme_excerpt="readme text"), None)
    assert (entry.short_description, entry.description_language, entry.name) == ("readme text", None, "app")


def test_unparseable_publiccode_is_kept_with_its_messages_and_the_forge_description():
    entry = normalise(source("name: [unclosed", description="forge text"), None)
    assert entry.publiccode is not None and not entry.publiccode.valid
    assert entry.publiccode.messages and entry.short_description == "forge text"


def test_publiccode_url_of_another_repository_is_a_warning_not_a_second_entry():
    text = document(nl="Meldingen").replace("https://github.com/org/app", "https://github.com/community/app")
    entry = normalise(source(text), None)
    url_messages = [m for m in entry.publiccode.messages if m.path == "url"]
    assert [m.severity for m in url_messages] == ["warning"]
    assert entry.source.url == "https://github.com/org/app"


def test_register_uri_is_checked_against_organisation_uri():
    text = document(nl="Meldingen").replace('publiccodeYmlVersion: "0"', 'publiccodeYmlVersion: "0.5"') + (
        "organisation:\n  uri: \"https://identifier.overheid.nl/tooi/id/gemeente/gm0001\"\n")
    publisher = Publisher(id="p", name="Gemeente", code_hosting=(),
                          organisation_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm0363")
    entry = normalise(source(text), publisher)
    assert any(m.path.startswith("organisation") for m in entry.publiccode.messages)


def test_raw_base_urls():
    assert raw_base_url(source()) == "https://raw.githubusercontent.com/org/app/main/"
    gitlab = source(host="gitlab.example.org", forge_type="gitlab", url="https://gitlab.example.org/a/b")
    assert raw_base_url(gitlab) == "https://gitlab.example.org/a/b/-/raw/main/"
    assert raw_base_url(source(default_branch=None)) is None
