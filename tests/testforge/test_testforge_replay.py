"""REPLAY mode against every case file in tests/data/cases."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import requests

from catalogue.testforge import TestForge

CASES = Path(__file__).resolve().parents[1] / "data" / "cases"
CASE_FILES = sorted(CASES.glob("*/http.json"))


def _body(response: dict, port: int):
    if "json" in response:
        return json.loads(json.dumps(response["json"]).replace("PORT", str(port)))
    if "text" in response:
        return response["text"].replace("PORT", str(port))
    return base64.b64decode(response.get("base64", ""))


def test_case_files_were_copied():
    assert len(CASE_FILES) >= 6


@pytest.mark.parametrize("case_file", CASE_FILES, ids=lambda p: p.parent.name)
def test_every_listed_exchange_is_answered_in_order(case_file):
    case = json.loads(case_file.read_text(encoding="utf-8"))
    with TestForge.from_case(case_file.parent) as forge, requests.Session() as http:
        for exchange in case["exchanges"]:
            request, expected = exchange["request"], exchange["response"]
            answer = http.request(request["method"], forge.base_url + request["path"], allow_redirects=False)
            assert answer.status_code == expected["status"], request["path"]
            for name, value in (expected.get("headers") or {}).items():
                assert answer.headers[name] == value.replace("PORT", str(forge.port))
            if "json" in expected:
                assert answer.json() == _body(expected, forge.port)
            elif "text" in expected:
                assert answer.text == _body(expected, forge.port)
        unlisted = http.get(forge.base_url + "/not/listed/anywhere")
        assert unlisted.status_code == 404 and unlisted.json() == {"message": "Not Found"}
        assert len(forge.requests) == len(case["exchanges"]) + 1


def test_same_path_answers_in_order_then_repeats_the_last():
    with TestForge.from_case(CASES / "B22") as forge, requests.Session() as http:
        url = f"{forge.base_url}/orgs/example-org/repos?page=2"
        statuses = [http.get(url).status_code for _ in range(4)]
        assert statuses == [403, 200, 200, 200]
        assert http.get(url).headers["X-RateLimit-Remaining"] == "4988"


def test_query_matched_as_set_and_most_specific_wins():
    with TestForge.from_case(CASES / "B15") as forge, requests.Session() as http:
        plain = http.get(f"{forge.base_url}/api/v4/groups/10/projects?per_page=100").json()
        nested = http.get(f"{forge.base_url}/api/v4/groups/10/projects?per_page=100&include_subgroups=true").json()
        assert len(nested) > len(plain) == 1
        reordered = http.get(f"{forge.base_url}/api/v4/groups/10/projects?include_subgroups=true&per_page=100")
        assert reordered.json() == nested


def test_port_placeholder_in_link_headers_and_query_with_plus():
    with TestForge.from_case(CASES / "B22") as forge, requests.Session() as http:
        first = http.get(f"{forge.base_url}/orgs/example-org/repos")
        assert first.links["next"]["url"] == f"http://127.0.0.1:{forge.port}/orgs/example-org/repos?page=2"
    with TestForge.from_case(CASES / "B25") as forge:
        answer = requests.get(f"{forge.base_url}/search/issues",
                              params={"q": "repo:example-org/app type:pr state:open"})
        assert answer.status_code == 200
        assert forge.requests[0].route == "replay"


def test_method_must_match():
    with TestForge.from_case(CASES / "B19") as forge:
        assert requests.post(f"{forge.base_url}/orgs/example-org/repos").status_code == 404
