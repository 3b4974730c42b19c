"""``--standard 1.0-rc``: deprecated keys and YAML 1.1 forms are errors; the default
rules warn exactly as the reference validator does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.publiccode import parse_publiccode
from catalogue.publiccode.cli import validate

from .test_reading import MINIMAL

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "publiccode" / "standard-examples"

DEPRECATED = [
    # (change to MINIMAL, key path, the reference's warning)
    ("description:\n  en:\n", "description:\n  en:\n    genericName: Medusa\n", "description.en.genericName",
     "This key is DEPRECATED and will be removed in the future. It's safe to drop it"),
    ("legal:\n", "legal:\n  repoOwner: Gemeente\n", "legal.repoOwner",
     "This key is DEPRECATED and will be removed in the future. Use 'organisation.name' instead"),
    ("platforms: [web]\n", "platforms: [web]\ninputTypes: [text/plain]\n", "inputTypes",
     "This key is DEPRECATED and will be removed in the future. It's safe to drop it"),
    ("platforms: [web]\n", "platforms: [web]\noutputTypes: [text/plain]\n", "outputTypes",
     "This key is DEPRECATED and will be removed in the future. It's safe to drop it"),
    ("platforms: [web]\n", "platforms: [web]\nmonochromeLogo: logo.svg\n", "monochromeLogo",
     "This key is DEPRECATED and will be removed in the future. Use 'logo' instead"),
    ("platforms: [web]\n", "platforms: [web]\nintendedAudience:\n  countries: [nl]\n", "intendedAudience.countries[0]",
     "Lowercase country codes are DEPRECATED. Use uppercase instead ('NL')"),
    ("platforms: [web]\n", "platforms: [web]\nit:\n  countryExtensionVersion: \"1.0\"\n", "it",
     "Lowercase country codes are DEPRECATED and will be removed in the future. Use 'IT' instead"),
    ("platforms: [web]\n", "platforms: [web]\nIT:\n  conforme:\n    gdpr: true\n", "IT.conforme",
     "This key is DEPRECATED and will be removed in the future. It's safe to drop it"),
    ("platforms: [web]\n", "platforms: [web]\nIT:\n  riuso:\n    codiceIPA: pcm\n", "IT.riuso.codiceIPA",
     "This key is DEPRECATED and will be removed in the future. Use 'organisation.uri' and set it to "
     "'urn:x-italian-pa:pcm' instead"),
]


@pytest.mark.parametrize("old, new, path, message", DEPRECATED)
def test_deprecated_keys_warn_as_the_reference_and_are_errors_before_1_0(old, new, path, message):
    text = MINIMAL.replace(old, new, 1)
    default = parse_publiccode(text)
    (m,) = [m for m in default.messages if m.path == path]
    assert (m.severity, m.message, m.before_1_0) == ("warning", message, True)
    assert default.valid
    rc = parse_publiccode(text, standard="1.0-rc")
    assert ("error", path, message) in [(m.severity, m.path, m.message) for m in rc.messages]
    assert not rc.valid


def test_unquoted_versions_are_a_warning_today_and_an_error_before_1_0():
    text = MINIMAL.replace('publiccodeYmlVersion: "0"', "publiccodeYmlVersion: 0.7")
    (m,) = parse_publiccode(text).messages
    assert (m.severity, m.id, m.before_1_0) == ("warning", "version-unquoted", True)
    (m,) = parse_publiccode(text, standard="1.0-rc").messages
    assert (m.severity, m.id) == ("error", "version-unquoted")
    older = MINIMAL.replace('publiccodeYmlVersion: "0"', "publiccodeYmlVersion: 0.4")
    rc = parse_publiccode(older, standard="1.0-rc")
    assert sorted(m.id for m in rc.messages) == ["version-older", "version-unquoted-1.0"]
    assert [m.severity for m in rc.messages if m.id == "version-unquoted-1.0"] == ["error"]


def test_yaml_11_booleans_are_rejected_under_both_rules_and_marked_for_1_0():
    text = MINIMAL.replace("localisationReady: true", "localisationReady: no")
    for standard in ("0", "1.0-rc"):
        doc = parse_publiccode(text, standard=standard)
        (m,) = [m for m in doc.messages if m.id == "wrong-type"]
        assert m.severity == "error" and m.before_1_0 and "YAML 1.1 boolean" in m.message


LATER = ("platforms: [web]\nintendedAudience:\n  scope: [government]\n  unsupportedCountries: [US]\n"
         "IT:\n  countryExtensionVersion: \"1.0\"\n")


def test_later_deprecations_are_not_reported_by_default_as_by_the_reference():
    text = MINIMAL.replace("platforms: [web]\n", LATER).replace("features: [one]", "features: [one]\n    videos:\n"
                                                                  "      - https://www.youtube.com/watch?v=x")
    assert parse_publiccode(text).messages == ()
    rc = parse_publiccode(text, standard="1.0-rc")
    found = {(m.severity, m.path, m.message) for m in rc.messages}
    assert found == {
        ("error", "IT", "country sections are removed in publiccode.yml 1.0"),
        ("error", "description.en.videos", "description.en.videos is removed in publiccode.yml 1.0"),
        ("error", "intendedAudience.unsupportedCountries",
         "intendedAudience.unsupportedCountries is removed in publiccode.yml 1.0"),
        ("error", "intendedAudience.scope[0]",
         "the scope 'government' is deprecated and removed in publiccode.yml 1.0"),
    }
    assert all(m.before_1_0 and "1.0" in m.hint for m in rc.messages)


def test_an_unknown_standard_is_refused():
    with pytest.raises(ValueError, match="1.0-rc"):
        parse_publiccode(MINIMAL, standard="2")


@pytest.mark.parametrize("name, default_valid, rc_valid", [
    ("v0.7.0__fr__publiccode.yml", True, False),          # IT section, videos, unsupportedCountries
    ("v0.7.0__fr__publiccode.minimal.yml", True, True),
    ("v0.5.0__fr__publiccode.yml", True, False),          # deprecated keys
    ("v0.3.0__standard__publiccode.minimal.yml", True, True),
])
def test_the_standards_own_examples(name, default_valid, rc_valid):
    content = (EXAMPLES / name).read_bytes()
    assert parse_publiccode(content).valid == default_valid
    assert parse_publiccode(content, standard="1.0-rc").valid == rc_valid


def test_validate_takes_the_standard_from_the_option_or_the_configuration_file(tmp_path):
    f = tmp_path / "publiccode.yml"
    f.write_text(MINIMAL.replace("legal:\n", "legal:\n  repoOwner: Gemeente\n"))
    plain = CliRunner().invoke(validate, [str(f)])
    assert plain.exit_code == 0
    assert "    before 1.0: publiccode.yml 1.0 removes this; it is an error under --standard 1.0-rc" in plain.output
    result = CliRunner().invoke(validate, ["--standard", "1.0-rc", "--format", "json", str(f)])
    assert result.exit_code == 1
    (report,) = json.loads(result.output)
    assert report["standard"] == "1.0-rc"
    assert [(m["severity"], m["id"], m["before_1_0"]) for m in report["messages"]] == [
        ("error", "deprecated-use-organisation-name", True)]
    config = tmp_path / "catalogue.toml"
    config.write_text('publiccode_standard = "1.0-rc"\n')
    assert CliRunner().invoke(validate, ["--config", str(config), str(f)]).exit_code == 1
    assert CliRunner().invoke(validate, ["--config", str(config), "--standard", "0", str(f)]).exit_code == 0
    config.write_text('publiccode_standard = "1.0"\n')
    bad = CliRunner().invoke(validate, ["--config", str(config), str(f)])
    assert bad.exit_code == 2 and "publiccode_standard must be one of 0, 1.0-rc, not '1.0'" in bad.output
