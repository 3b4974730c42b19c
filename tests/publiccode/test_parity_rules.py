"""Parity with the reference validator on case, organisation URIs, supports and versions;
what type errors say was found; sections the reference leaves unread."""

from __future__ import annotations

import pytest

from catalogue.publiccode import parse_publiccode
from catalogue.publiccode.organisation import ipa_codes, same_uri

from .test_reading import MINIMAL


def msgs(doc, path=None):
    return [m for m in doc.messages if path is None or m.path == path]


def with_(text: str) -> str:
    return MINIMAL + text


# -- case ------------------------------------------------------------------------------

@pytest.mark.parametrize("code, severity, message", [
    ("NL", None, None),
    ("nl", "warning", "Lowercase country codes are DEPRECATED. Use uppercase instead ('NL')"),
    ("Nl", "error", "countries[0] must be a valid ISO 3166-1 alpha-2 two-letter country code "
                    "('Nl' mixes capitals and small letters)"),
    ("nL", "error", "countries[0] must be a valid ISO 3166-1 alpha-2 two-letter country code "
                    "('nL' mixes capitals and small letters)"),
    ("XX", "error", "countries[0] must be a valid ISO 3166-1 alpha-2 two-letter country code"),
])
def test_country_codes_follow_the_references_case_rules(code, severity, message):
    doc = parse_publiccode(with_(f"intendedAudience:\n  countries: [{code}]\n"))
    found = msgs(doc, "intendedAudience.countries[0]")
    if severity is None:
        assert found == [] and doc.valid
        return
    (m,) = found
    assert (m.severity, m.message) == (severity, message)
    assert doc.valid == (severity == "warning")
    if severity == "error" and code != "XX":
        assert m.id == "country-mixed-case" and m.hint == "Write 'NL'."


def test_unsupported_countries_follow_the_same_rule():
    doc = parse_publiccode(with_("intendedAudience:\n  unsupportedCountries: [De]\n"))
    (m,) = msgs(doc, "intendedAudience.unsupportedCountries[0]")
    assert m.severity == "error" and m.message.startswith("unsupportedCountries[0] must be a valid ISO 3166-1")


def test_country_sections_other_than_IT_and_it_are_unknown_fields_as_in_the_reference():
    doc = parse_publiccode(with_("It:\n  countryExtensionVersion: \"1.0\"\n"))
    (m,) = msgs(doc, "It")
    assert m.severity == "error" and m.id == "country-section-case"
    assert m.message == "unknown field \"It\": country sections are written in capitals ('IT')"
    assert m.hint == "Rename the section 'It' to 'IT'."
    nl = parse_publiccode(with_("nl:\n  commonground:\n    layerType: interface\n"))
    (m,) = msgs(nl, "nl")
    assert m.severity == "error" and m.message.startswith('unknown field "nl"') and not nl.valid
    assert nl.nl == {"commonground": {"layerType": "interface"}}  # kept for the catalogue


def test_lowercase_it_is_deprecated_and_uppercase_is_fine():
    low = parse_publiccode(with_("it:\n  countryExtensionVersion: \"1.0\"\n"))
    (m,) = msgs(low, "it")
    assert m.severity == "warning" and m.before_1_0 and low.valid
    assert m.message == "Lowercase country codes are DEPRECATED and will be removed in the future. Use 'IT' instead"
    assert parse_publiccode(with_("IT:\n  countryExtensionVersion: \"1.0\"\n")).messages == ()


# -- organisation.uri ------------------------------------------------------------------

IPA = ("uri must be a valid Italian Public Administration Code (iPA) with format "
       "'urn:x-italian-pa:[codiceIPA]' (see https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary)")


@pytest.mark.parametrize("uri, message", [
    ('"1"', "uri is not a valid URI"),                       # reference: organisation_wrong_uri.yml
    ("pcm", "uri is not a valid URI"),                        # organisation_uri_wrong_italian_pa.yml
    ("urn:x-italian-pa:no_such_pa", IPA),                     # organisation_uri_wrong_italian_pa2.yml
    ("mailto:info@example.org", "uri is not a valid URI"),    # a URL needs a host
    ("urn:a", "uri is not a valid URI"),                      # RFC 2141: urn:NID:NSS
    ("'https://exa mple.org'", "uri is not a valid URI"),
    ("urn:x-italian-pa:pcm", None),
    ("urn:x-italian-pa:PCM", None),                           # iPA codes compared without case
    ("urn:isbn:0451450523", None),
    ("https://example.org/organisation", None),
    ("https://identifier.overheid.nl/tooi/id/gemeente/gm0363", None),
    ("https://identifier.overheid.nl/tooi/id/zbo/zb000143", None),
    ("https://organisaties.overheid.nl/28212263/Gemeente_Amsterdam/", None),
])
def test_organisation_uri_is_checked_as_the_reference_does(uri, message):
    doc = parse_publiccode(with_(f"organisation:\n  name: X\n  uri: {uri}\n"))
    errors = [m for m in msgs(doc, "organisation.uri") if m.severity == "error"]
    if message is None:
        assert errors == [] and msgs(doc) == []
    else:
        (m,) = errors
        assert m.message == message and (m.line, m.column) == (24, 3)  # the key, as the reference


def test_funded_by_uri_has_the_same_check():
    doc = parse_publiccode(with_("fundedBy:\n  - name: X\n    uri: urn:x-italian-pa:no_such_pa\n"))
    (m,) = msgs(doc, "fundedBy[0].uri")
    assert m.message == IPA and m.id == "uri-italian-pa"


def test_the_ipa_register_is_the_references_list():
    codes = ipa_codes()
    assert len(codes) > 20000 and "pcm" in codes and "c_h501" in codes and "no_such_pa" not in codes


@pytest.mark.parametrize("uri, message", [
    ("https://identifier.overheid.nl/tooi/id/gemeente/0363",
     "uri is not a TOOI organisation identifier (https://identifier.overheid.nl/tooi/id/<type>/<code>)"),
    ("https://identifier.overheid.nl/tooi/def/thes/kern/c_98ec6ba9",
     "uri is not a TOOI organisation identifier (https://identifier.overheid.nl/tooi/id/<type>/<code>)"),
    ("https://organisaties.overheid.nl/zoeken?q=amsterdam",
     "uri is not an address of an organisation on organisaties.overheid.nl"),
])
def test_dutch_register_uris_in_another_shape_are_a_warning(uri, message):
    doc = parse_publiccode(with_(f"organisation:\n  uri: {uri}\n"))
    (m,) = msgs(doc, "organisation.uri")
    assert m.severity == "warning" and m.message == message and doc.valid
    assert "organisaties.overheid.nl" in m.hint


def test_the_publishers_uri_is_compared_with_a_hint_naming_the_value_to_write():
    tooi = "https://identifier.overheid.nl/tooi/id/gemeente/gm0363"
    same = parse_publiccode(with_("organisation:\n  uri: http://identifier.overheid.nl/tooi/id/gemeente/gm0363/\n"),
                            organisation_uri=tooi)
    assert msgs(same) == []
    other = parse_publiccode(with_("organisation:\n  uri: https://www.amsterdam.nl\n"), organisation_uri=tooi)
    (m,) = msgs(other, "organisation.uri")
    assert m.severity == "warning" and m.id == "organisation-uri-differs"
    assert m.hint == f"Set organisation.uri to {tooi}."
    assert same_uri("URN:x-italian-pa:PCM", "urn:x-italian-pa:pcm")


# -- supports --------------------------------------------------------------------------

@pytest.mark.parametrize("value, message", [
    ("alias:gdpr", None),
    ("urn:eu:nis2", None),
    ("https://eur-lex.europa.eu/eli/reg/2016/679/oj", None),
    ("alias:nope", "id contains an unknown alias "
                   "(see https://github.com/publiccodeyml/publiccode.yml/blob/main/docs/standard/aliases-list.rst)"),
    ("gdpr", "id must be a known alias ('alias:<name>') or a valid URI (URL or URN)"),
])
def test_supports_ids_as_the_reference(value, message):
    doc = parse_publiccode(with_(f"supports:\n  - id: \"{value}\"\n"))
    found = msgs(doc, "supports[0].id")
    assert [m.message for m in found] == ([message] if message else [])


# -- versions --------------------------------------------------------------------------

@pytest.mark.parametrize("version, warned", [
    ("0.2", True), ("0.2.0", True), ("0.2.1", True), ("0.2.2", True), ("0.3", True), ("0.3.0", True),
    ("0.4", True), ("0.4.0", True), ("0.5", False), ("0.5.0", False), ("0.7", False), ("0.7.0", False),
    ("0", False),
])
def test_every_version_the_reference_accepts_is_read(version, warned):
    doc = parse_publiccode(MINIMAL.replace('"0"', f'"{version}"'))
    assert doc.valid and doc.version == version
    assert [m.id for m in doc.messages] == (["version-older"] if warned else [])


@pytest.mark.parametrize("version", ["0.1", "0.6", "1", "1.0"])
def test_other_versions_are_refused_with_the_references_message(version):
    doc = parse_publiccode(MINIMAL.replace('"0"', f'"{version}"'))
    (m,) = doc.messages
    assert m.message == (f"unsupported version: '{version}'. Supported versions: "
                         "0.2, 0.2.0, 0.2.1, 0.2.2, 0.3, 0.3.0, 0.4, 0.4.0, 0.5, 0.5.0, 0.7, 0.7.0, 0")


# -- type errors -----------------------------------------------------------------------

@pytest.mark.parametrize("old, new, path, message", [
    ("platforms: [web]", "platforms: Toont een voorbeeld", "platforms",
     "wrong type for this field: a list was expected; found the text 'Toont een voorbeeld'"),
    ("platforms: [web]", "platforms: 12", "platforms",
     "wrong type for this field: a list was expected; found the number 12"),
    ("name: Medusa", "name:\n  - a\n  - b", "name[0]",
     "wrong type for this field: a text was expected; found a list of 2 item(s)"),
    ("localisationReady: true", "localisationReady: yes", "localisation.localisationReady",
     "wrong type for this field: true or false was expected; found 'yes', a YAML 1.1 boolean that YAML 1.2 "
     "reads as text"),
    ("localisationReady: true", 'localisationReady: "true"', "localisation.localisationReady",
     "wrong type for this field: true or false was expected; found the text 'true'"),
    ('publiccodeYmlVersion: "0"', "publiccodeYmlVersion: true", "publiccodeYmlVersion",
     "wrong type for this field: a version in quotes was expected; found the boolean true"),
    ("legal:\n  license: EUPL-1.2", "legal: [EUPL-1.2]\nx:\n  license: EUPL-1.2", "legal",
     "wrong type for this field: a mapping of keys was expected; found a list of 1 item(s)"),
])
def test_a_type_error_names_what_was_expected_and_what_was_found(old, new, path, message):
    doc = parse_publiccode(MINIMAL.replace(old, new))
    (m,) = [m for m in doc.messages if m.id == "wrong-type"]
    assert (m.path, m.message) == (path, message) and not doc.valid
    assert m.message.startswith("wrong type for this field")  # the reference's wording, then ours


def test_the_value_found_is_shortened_to_one_line():
    long = "Toont een voorbeeld van een heel lange tekst die niet in een bericht past"
    doc = parse_publiccode(MINIMAL.replace("platforms: [web]", f"platforms: {long}"))
    (m,) = [m for m in doc.messages if m.id == "wrong-type"]
    assert m.message == ("wrong type for this field: a list was expected; found the text "
                         "'Toont een voorbeeld van een heel lange…'")
    assert m.params["value"] == "Toont een voorbeeld van een heel lange…"


def test_a_mapping_found_names_its_first_keys():
    doc = parse_publiccode(MINIMAL.replace("platforms: [web]", "platforms:\n  a: 1\n  b: 2\n  c: 3\n  d: 4"))
    (m,) = [m for m in doc.messages if m.id == "wrong-type"]
    assert m.path == "platforms.a"
    assert m.message.endswith("a list was expected; found a mapping with the key(s) 'a', 'b', 'c', …")


# -- a section left unread ---------------------------------------------------------------

def test_a_section_left_unread_is_said_once_and_the_rest_still_checked_as_extra():
    text = MINIMAL.replace("  localisationReady: true\n  availableLanguages: [en]",
                           "  localisationReady: yes\n  availableLanguages: [en_GB]")
    doc = parse_publiccode(text)
    reference = {(m.severity, m.path) for m in doc.messages if not m.extra}
    # The reference's set: the type error, and both keys of the unread section missing.
    assert reference == {("error", "localisation.localisationReady"), ("error", "localisation.availableLanguages")}
    notes = [m for m in doc.messages if m.id == "unread-section"]
    assert len(notes) == 1 and notes[0].extra and notes[0].path == "localisation"
    assert notes[0].message == ("localisation.localisationReady has the wrong type, so the reference validator "
                                "leaves the whole 'localisation' section unread; the rest of it is still checked "
                                "here, marked extra")
    (lang,) = [m for m in doc.messages if m.path == "localisation.availableLanguages[0]"]
    assert lang.extra and lang.severity == "error" and lang.id == "language-underscore"
    missing = [m for m in doc.messages if m.id == "unread-section-key"]
    assert [m.message for m in missing if m.path == "localisation.availableLanguages"] == [
        "availableLanguages counts as missing: the 'localisation' section is left unread"]
    assert not doc.valid


def test_without_a_wrong_type_nothing_is_extra():
    doc = parse_publiccode(MINIMAL.replace("availableLanguages: [en]", "availableLanguages: [en_GB]"))
    assert [m.extra for m in doc.messages] == [False]


def test_a_wrong_value_of_a_whole_top_level_key_is_not_called_an_unread_section():
    doc = parse_publiccode(MINIMAL.replace("developmentStatus: stable", "developmentStatus:\n  - stable"))
    assert {(m.severity, m.path) for m in doc.messages} == {("error", "developmentStatus[0]"),
                                                            ("error", "developmentStatus")}
    assert not [m for m in doc.messages if m.extra or m.id == "unread-section"]
    (missing,) = [m for m in doc.messages if m.path == "developmentStatus"]
    assert missing.message == "developmentStatus counts as missing: its value has the wrong type"


def test_a_flow_collection_on_the_keys_line_is_named_by_the_key_as_the_reference_does():
    # The reference names the key found on the line of the error (findKeyAtLine).
    doc = parse_publiccode(MINIMAL.replace("developmentStatus: stable", "developmentStatus: [stable]"))
    assert {(m.severity, m.path) for m in doc.messages} == {("error", "developmentStatus")}
    assert sorted(m.id for m in doc.messages) == ["unread-section-key", "wrong-type"]
