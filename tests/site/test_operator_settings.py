"""The ``[site]`` table of the configuration file (catalogue.config.OperatorSettings)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from catalogue.config import OperatorSettings, load_settings
from catalogue.errors import ConfigError


def settings_from(tmp_path: Path, text: str):
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(environ={}, config=path)


def test_site_table_is_read(tmp_path):
    settings = settings_from(tmp_path, """
[site]
organisation = "Voorbeeldorganisatie"
contact_email = "catalogus@example.nl"
privacy_url = "https://www.example.nl/privacy"
accessibility_status = "compliant"
accessibility_evaluated = 2026-05-01
accessibility_url = "https://www.toegankelijkheidsverklaring.nl/register/1"
""")
    assert settings.site == OperatorSettings(
        organisation="Voorbeeldorganisatie", contact_email="catalogus@example.nl",
        privacy_url="https://www.example.nl/privacy", accessibility_status="compliant",
        accessibility_evaluated=date(2026, 5, 1), accessibility_url="https://www.toegankelijkheidsverklaring.nl/register/1",
    )


def test_without_a_site_table_nothing_is_set(tmp_path):
    assert settings_from(tmp_path, 'output = "out"\n').site == OperatorSettings()
    assert load_settings(environ={}).site.accessibility_status == "not-evaluated"


@pytest.mark.parametrize("line, words", [
    ('privacy_url = "javascript:alert(1)"', "privacy_url 'javascript:alert(1)' is not an http(s) URL"),
    ('contact_email = "not an address"', "contact_email 'not an address' is not an e-mail address"),
    ('accessibility_status = "great"', "accessibility_status must be one of compliant"),
    ('accessibility_evaluated = "May"', "accessibility_evaluated must be a date (YYYY-MM-DD)"),
    ('organisation = ""', "organisation must be a non-empty string"),
    ('contact = "x@example.nl"', "unknown key(s) contact"),
])
def test_wrong_values_name_the_file_and_key(tmp_path, line, words):
    with pytest.raises(ConfigError) as error:
        settings_from(tmp_path, f"[site]\n{line}\n")
    assert words in str(error.value) and "catalogue.toml: [site]" in str(error.value)
