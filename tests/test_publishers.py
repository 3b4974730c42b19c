"""The publishers file: the shipped list and clear refusals of malformed entries."""

from __future__ import annotations

import json

import pytest

from catalogue.errors import PublishersError
from catalogue.publishers import load_publishers, parse_publishers, shipped_publishers_path


def test_shipped_list_is_the_register_seed_list_plus_github_government():
    publishers = load_publishers()
    assert len(publishers) == 52
    by_name = {p.name: p for p in publishers}
    belastingdienst = by_name["Belastingdienst"]
    assert belastingdienst.id == "039f1fd8-5a16-41cf-b53f-aa6eaf61b3e6"
    assert belastingdienst.organisation_uri == "https://identifier.overheid.nl/tooi/id/oorg/oorg12368"
    urls = {h.url for p in publishers for h in p.code_hosting}
    assert "https://gitlab.com/commonground" in urls  # a GitLab group of the seed list
    assert "https://github.com/Pleio" in urls  # from GitHub's government list
    assert shipped_publishers_path().name == "publishers.yml"


def test_register_json_shape_is_read_and_inactive_publishers_skipped():
    data = {"data": [
        {"id": "a", "description": "Gemeente A", "tooiUrl": "https://identifier.overheid.nl/tooi/id/gemeente/gm1",
         "codeHosting": [{"url": "https://github.com/a", "group": True}], "active": True},
        {"id": "b", "description": "Gemeente B", "codeHosting": [{"url": "https://github.com/b"}], "active": False},
    ]}
    (only,) = parse_publishers(json.dumps(data))
    assert only.name == "Gemeente A" and only.organisation_uri.endswith("gm1")


@pytest.mark.parametrize(
    "text, message",
    [
        ("- id: x\n  name: X\n", "entry 1 \\(id 'x'\\): codeHosting must be a non-empty list"),
        ("- id: x\n  name: X\n  codeHosting: [{url: 'ftp://x'}]\n", "codeHosting\\[1\\]: 'ftp://x' is not an http"),
        # A bare host ('https://github.com') is the forge's to judge (a whole instance, or
        # refused by GitHub's unit): tests/harvest/test_mixed_forges.py.
        ("- id: x\n  name: X\n  codeHosting: [{url: 'github.com/x'}]\n", "not an http\\(s\\) URL \\(write it as https://github.com/x\\)"),
        ("- id: x\n  name: X\n  codeHosting: [{url: 'https://github.com/x', group: 'yes'}]\n", "group must be true or false"),
        ("- name: X\n  codeHosting: [{url: 'https://github.com/x'}]\n", "entry 1: id is missing"),
        ("- id: x\n  codeHosting: [{url: 'https://github.com/x'}]\n", "name is missing"),
        ("- id: x\n  name: X\n  colour: red\n  codeHosting: [{url: 'https://github.com/x'}]\n", "unknown key"),
        ("- id: x\n  name: X\n  codeHosting: [{url: 'https://github.com/x'}]\n"
         "- id: x\n  name: Y\n  codeHosting: [{url: 'https://github.com/y'}]\n", "entry 2: id 'x' is also used by entry 1"),
        ("- id: x\n  name: X\n  codeHosting: [{url: 'https://github.com/x'}]\n"
         "- id: y\n  name: Y\n  codeHosting: [{url: 'https://github.com/X/'}]\n", "is also listed by publisher 'x'"),
        ("{a: [", "not valid YAML"),
        ("- id: x\n  name: X\n codeHosting: []\n", r"my-publishers.yml:3:2: not valid YAML: .*"),
        ("just text", "expected a list of publishers"),
    ],
)
def test_malformed_publishers_are_refused_naming_the_entry(text, message):
    with pytest.raises(PublishersError, match=message):
        parse_publishers(text, "my-publishers.yml")


def test_missing_publishers_file(tmp_path):
    with pytest.raises(PublishersError, match="not found"):
        load_publishers(tmp_path / "missing.yml")


def test_a_yaml_error_is_one_line_with_its_place():
    with pytest.raises(PublishersError) as raised:
        parse_publishers("- id: x\n  name: X\n   codeHosting: []\n", "p.yml")
    assert "\n" not in str(raised.value)
    assert str(raised.value).startswith("p.yml:3:")
