"""Single rules: versions, conditional maintenance rules, repository checks."""

from __future__ import annotations

import pytest

from catalogue.publiccode import parse_publiccode, select_description

from .test_reading import MINIMAL


def paths(doc, severity="error"):
    return sorted(m.path for m in doc.messages if m.severity == severity)


@pytest.mark.parametrize("version", ["0.2", "0.2.0", "0.3", "0.4", "0.4.0"])
def test_old_versions_are_read_as_current_with_a_warning(version):
    doc = parse_publiccode(MINIMAL.replace('"0"', f'"{version}"', 1))
    assert doc.valid and paths(doc, "warning") == ["publiccodeYmlVersion"]
    assert "current version" in doc.messages[0].message


@pytest.mark.parametrize("version", ["0", "0.5", "0.5.0", "0.7"])
def test_current_versions_have_no_warning(version):
    assert parse_publiccode(MINIMAL.replace('"0"', f'"{version}"', 1)).messages == ()


@pytest.mark.parametrize("version", ["0.1", "1.0", "1"])
def test_rejected_versions_still_yield_name_and_description(version):
    doc = parse_publiccode(MINIMAL.replace('"0"', f'"{version}"', 1))
    assert not doc.valid and paths(doc) == ["publiccodeYmlVersion"]
    assert doc.data["name"] == "Medusa"
    assert select_description(doc.data)[0] == "en"


def test_deprecated_keys_only_warn():
    doc = parse_publiccode(MINIMAL.replace("legal:\n", "inputTypes: [text/plain]\nlegal:\n  repoOwner: X\n")
                           .replace("    features:", "    genericName: Thing\n    features:"))
    assert doc.valid
    assert paths(doc, "warning") == ["description.en.genericName", "inputTypes", "legal.repoOwner"]


def test_unknown_keys_and_enumerations():
    doc = parse_publiccode(MINIMAL.replace("softwareType: standalone/web", "softwareType: app\nfoo: 1")
                           .replace("type: community", "type: external"))
    assert paths(doc) == ["foo", "maintenance.type", "softwareType"]


def test_contract_requires_contractors_with_until():
    doc = parse_publiccode(MINIMAL.replace("type: community", "type: contract"))
    assert paths(doc) == ["maintenance.contractors"]
    doc = parse_publiccode(MINIMAL.replace("type: community", "type: contract\n  contractors:\n    - name: ACME"))
    assert paths(doc) == ["maintenance.contractors[0].until"]


def test_licence_email_url_date_country():
    doc = parse_publiccode(
        MINIMAL.replace("EUPL-1.2", "EUPL-1.2-or-later").replace("jane@example.org", "jane(at)example.org")
        + "landingURL: example.org\nreleaseDate: 2021-31-01\nintendedAudience:\n  countries: [nl, XX]\n")
    assert paths(doc) == ["intendedAudience.countries[1]", "landingURL", "legal.license",
                          "maintenance.contacts[0].email", "releaseDate"]
    assert paths(doc, "warning") == ["intendedAudience.countries[0]"]


def test_length_counts_grapheme_clusters():
    short = "e\u0301" * 150  # 150 user-perceived characters, 300 code points
    doc = parse_publiccode(MINIMAL.replace("A short description.", short))
    assert doc.valid


def test_logo_checks_against_repository_files_and_raw_urls():
    text = MINIMAL + "logo: img/logo.svg\n"
    missing = parse_publiccode(text, repository_files=frozenset({"README.md"}))
    assert paths(missing) == ["logo"]
    present = parse_publiccode(text, repository_files=frozenset({"img/logo.svg"}),
                               raw_base_url="https://raw.githubusercontent.com/example/medusa/main")
    assert present.valid
    assert present.data["logo"] == "https://raw.githubusercontent.com/example/medusa/main/img/logo.svg"
    assert paths(parse_publiccode(MINIMAL + "logo: /abs/logo.png\n")) == ["logo"]
    assert paths(parse_publiccode(MINIMAL + "logo: logo.gif\n")) == ["logo"]


def test_organisation_uri_against_register():
    text = MINIMAL + "organisation:\n  uri: https://identifier.overheid.nl/tooi/id/gemeente/gm0363\n"
    same = parse_publiccode(text, organisation_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm0363")
    other = parse_publiccode(text, organisation_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm0518")
    assert same.messages == () and paths(other, "warning") == ["organisation.uri"]


def test_select_description_order():
    assert select_description({"description": {"de": {"shortDescription": "d"},
                                                "en-GB": {"shortDescription": "e"}}})[0] == "en-GB"
    assert select_description({"description": {"de": {"shortDescription": " d "}}}) == ("de", "d", None)
    assert select_description({}) == (None, None, None)
