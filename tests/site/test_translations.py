"""Every message of the templates and of the status rule is translated in nl and en."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from catalogue.site.i18n import LANGUAGES, catalogue_path, load_translations

ROOT = Path(__file__).resolve().parents[2]


@lru_cache(maxsize=1)
def extracted_ids() -> frozenset[str | tuple[str, ...]]:
    """Message ids found by the same extraction as ``pybabel extract -F babel.cfg -k N_``."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    ids: set[str | tuple[str, ...]] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        ids.add(message if isinstance(message, str) else tuple(message))
    return frozenset(ids)


def test_extraction_finds_the_templates_and_the_rule():
    ids = extracted_ids()
    assert "Skip to content" in ids  # base.html
    assert "Unmaintained: the last activity more than %(max)s months ago." in ids  # catalogue/maintenance/messages.py
    assert "Show technical forks" in ids  # index.html
    assert "Has good first issues" in ids  # catalogue/site/labels.py
    assert "Archived" in ids  # catalogue/site/labels.py
    assert ("%(num)s error", "%(num)s errors") in ids
    assert len(ids) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_extracted_message_is_translated(language: str):
    with catalogue_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else tuple(message.id)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated[key] = all(strings) and not message.fuzzy
    missing = sorted(str(key) for key in extracted_ids() if not translated.get(key))
    assert missing == [], f"untranslated in {language}: {missing}"
    stale = sorted(str(key) for key in translated if key not in extracted_ids())
    assert stale == [], f"obsolete entries in {language}: {stale}"


def test_placeholders_survive_translation():
    catalog = read_po(catalogue_path("nl").open("rb"), locale="nl")
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        for placeholder in ("%(date)s", "%(limit)s", "%(months)s", "%(count)s", "%(name)s", "%(file)s"):
            assert (placeholder in message.id) == (placeholder in message.string), message.id


def test_compiled_in_memory():
    assert load_translations("nl").gettext("Skip to content") == "Naar de inhoud"
    assert load_translations("en").gettext("Skip to content") == "Skip to content"
    with pytest.raises(ValueError):
        load_translations("fr")
