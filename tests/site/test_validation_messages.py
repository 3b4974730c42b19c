"""Validation messages in the page's language, the badge snippet and the publisher's
wording about missing and unreadable publiccode.yml files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from catalogue.publiccode import parse_publiccode
from catalogue.records import PubliccodeFile, ValidationMessage
from catalogue.site import build_site
from sitefactory import NOW, make_entry, make_publiccode, read_page

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "data" / "publiccode" / "cases" / "B28" / "input.yml"
PAGE = "repos/github.com/example-gemeente/signalen/index.html"


def _parsed_messages() -> tuple[ValidationMessage, ...]:
    doc = parse_publiccode(MINIMAL.read_text("utf-8") + "inputTypes:\n  - text/plain\n")  # declares 0.4.0
    assert any(m.template for m in doc.messages)
    return doc.messages


def test_messages_and_hints_are_translated_on_the_dutch_site(tmp_path: Path, publishers):
    messages = _parsed_messages()
    entry = make_entry("signalen", forge_id="1", publiccode=make_publiccode(messages=messages))
    build_site([entry], publishers, None, tmp_path, now=NOW)
    dutch = read_page(tmp_path, PAGE).text
    assert "Deze sleutel is VEROUDERD en verdwijnt in de toekomst. U kunt hem veilig weglaten" in dutch
    assert "Verwijder 'inputTypes'; deze sleutel is verouderd." in dutch
    assert "Dit bestand noemt versie 0.4.0 van de publiccode.yml-standaard, een oudere versie." in dutch
    assert "contacts is verplicht als \"type\" \"internal\" is" in dutch
    assert "DEPRECATED" not in dutch and "It's safe to drop it" not in dutch
    english = read_page(tmp_path, "en/" + PAGE).text
    assert "This key is DEPRECATED and will be removed in the future. It's safe to drop it" in english
    assert "This file declares version 0.4.0 of the publiccode.yml standard, an older version." in english
    publisher = read_page(tmp_path, "publishers/gemeente-voorbeeld/index.html").text
    assert "contacts is verplicht als \"type\" \"internal\" is — Voeg maintenance.contacts toe" in publisher
    assert "Deze sleutel is VEROUDERD" in publisher


def test_messages_stored_without_a_template_show_their_text(tmp_path: Path, publishers):
    old = ValidationMessage("warning", "legal.repoOwner", "an old stored message", 20, 3, "an old hint")
    odd = ValidationMessage("error", "name", "English text", 3, 1, None,
                            template="%(name)s is a required field", params={"other": "x"})
    entry = make_entry("signalen", forge_id="1", publiccode=make_publiccode(messages=(old, odd)))
    build_site([entry], publishers, None, tmp_path, now=NOW)
    text = read_page(tmp_path, PAGE).text
    assert "an old stored message" in text and "an old hint" in text
    assert "English text" in text  # a template that does not fit its params falls back


def test_badge_markdown_only_with_a_base_url(tmp_path: Path, publishers):
    entry = make_entry("signalen", forge_id="1", publiccode=make_publiccode())
    build_site([entry], publishers, None, tmp_path / "relative", now=NOW)
    page = read_page(tmp_path / "relative", PAGE).text
    assert "[![" not in page
    assert "heeft het openbare adres van de site nodig" in page
    english = read_page(tmp_path / "relative", "en/" + PAGE).text
    assert "needs the site's public address" in english
    build_site([entry], publishers, None, tmp_path / "public", now=NOW, base_url="https://catalogus.example.nl/")
    page = read_page(tmp_path / "public", PAGE).text
    assert ("[![Onderhoudsstatus](https://catalogus.example.nl/" + PAGE.replace("index.html", "badge.svg")
            + ")](https://catalogus.example.nl/" + PAGE + ")") in page
    assert "openbare adres" not in page


def test_publisher_page_tells_missing_and_unreadable_files_apart(tmp_path: Path, publishers):
    missing = [make_entry(name, forge_id=str(i)) for i, name in enumerate(("zonder-a", "zonder-b"), 1)]
    broken = make_entry("kapot", forge_id="7")
    broken = replace(broken, entry=replace(broken.entry, source=replace(
        broken.entry.source, publiccode=PubliccodeFile("publiccode.yml", None, raw=b"\xff"))))
    build_site([*missing, broken], publishers, None, tmp_path, now=NOW)
    text = read_page(tmp_path, "publishers/gemeente-voorbeeld/index.html").text
    assert "2 repositories hebben geen publiccode.yml." in text
    assert "1 repository heeft een publiccode.yml die niet gelezen kon worden." in text
    assert "leesbare" not in text
    assert "Geen publiccode.yml" in text and "publiccode.yml kon niet worden gelezen" in text
    english = read_page(tmp_path, "en/publishers/gemeente-voorbeeld/index.html").text
    assert "2 repositories have no publiccode.yml." in english
    assert "1 repository has a publiccode.yml that could not be read." in english
