"""The bundled demo data: loads, serves, keeps its promises about real and generated data."""

from __future__ import annotations

import json
import re

import pytest
import requests
import yaml

from catalogue.demo import demo_fixture_path, demo_publishers_path, start_demo_forge
from catalogue.demo.make_demo_data import DEFAULT_CORPUS, build, scrub_personal_data
from catalogue.testforge import load_fixture

TOKEN = {"Authorization": "bearer demo"}


def test_publishers_file_has_the_seed_format():
    publishers = yaml.safe_load(demo_publishers_path().read_text(encoding="utf-8"))
    assert 10 <= len(publishers) <= 20
    assert len({p["id"] for p in publishers}) == len(publishers)
    for publisher in publishers:
        assert set(publisher) <= {"id", "name", "organisationUri", "codeHosting"}
        assert publisher["codeHosting"] and all(h["url"].startswith("https://") for h in publisher["codeHosting"])
    minbzk = next(p for p in publishers if p["id"] == "minbzk")
    assert minbzk["name"] == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    assert minbzk["organisationUri"] == "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
    assert any(h.get("group") is False for p in publishers for h in p["codeHosting"])


def test_every_publisher_account_is_in_the_fixture():
    fixture = load_fixture(demo_fixture_path())
    hosts = {"github.com": lambda path: fixture.account(path) or fixture.repo(*path.split("/")),
             "gitlab.com": lambda path: fixture.gitlab[0].group(path)}
    for publisher in yaml.safe_load(demo_publishers_path().read_text(encoding="utf-8")):
        for hosting in publisher["codeHosting"]:
            host, *rest = hosting["url"].split("/", 3)[2:]
            if not rest:  # a whole instance (the Forgejo instance standing for code.overheid.nl)
                from catalogue.testforge.forgejo import load_instances

                assert host in {instance.web_host for instance in load_instances(demo_fixture_path())}
                continue
            path = rest[0]
            assert hosts[host](path), hosting["url"]
    assert 60 <= len(fixture.repos) + len(fixture.gitlab[0].projects) <= 120


def test_fixture_marks_generated_metadata_and_real_files():
    doc = json.loads(demo_fixture_path().read_text(encoding="utf-8"))
    assert "generated" in doc["note"] and doc["generated"] is True
    repos = [r for a in doc["github"]["accounts"] for r in a["repositories"]]
    assert all(r["generated"] is True and r["origin"]["metadata"] == "generated" for r in repos)
    real = [r for r in repos if r["origin"].get("publiccode", "").startswith("real:")]
    assert len(real) >= 15


def test_no_personal_data_left_in_publiccode_files():
    fixture = load_fixture(demo_fixture_path())
    projects = list(fixture.repos.values()) + list(fixture.gitlab[0].projects.values())
    texts = [text for repo in projects for path, text in repo.files.items() if path.startswith("publiccode")]
    assert len(texts) >= 16
    for text in texts:
        assert set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)) <= {"info@example.org"}


def test_scrub_replaces_contacts_emails_and_phones_only():
    text = ("name: App\nmaintenance:\n  contacts:\n    - name: 'Jan Jansen'\n      email: jan@gemeente.nl\n"
            "      phone: +31 6 12345678\n      affiliation: Gemeente\n  contractors:\n    - name: Bedrijf BV\n"
            "      email: info@bedrijf.nl\n")
    assert scrub_personal_data(text) == (
        "name: App\nmaintenance:\n  contacts:\n    - name: 'Jane Example'\n      email: info@example.org\n"
        '      phone: "+31 20 000 0000"\n      affiliation: Gemeente\n  contractors:\n    - name: Bedrijf BV\n'
        "      email: info@example.org\n")


def test_demo_forge_serves_github_and_gitlab():
    with start_demo_forge() as forge, requests.Session() as http:
        config = forge.forges_config()
        assert set(config) == {"github.com", "gitlab.com", "code.overheid.nl"}
        repos = http.get(f"{config['github.com']['api_url']}/orgs/MinBZK/repos?per_page=100").json()
        assert {"amt", "nl-wallet", "regelrecht", "nieuw-project"} <= {r["name"] for r in repos}
        data = http.post(config["github.com"]["graphql_url"], headers=TOKEN, json={"query": """{
          repository(owner: "kiesraad", name: "abacus") {
            object(expression: "HEAD:publiccode.yml") { ... on Blob { text } } } }"""}).json()["data"]
        assert "name: Abacus" in data["repository"]["object"]["text"]
        moved = http.get(f"{config['github.com']['api_url']}/repos/Signalen/signals-app", allow_redirects=False)
        assert moved.status_code == 301
        gitlab = config["gitlab.com"]["api_url"]
        projects = http.get(f"{gitlab}/api/v4/groups/commonground/projects?include_subgroups=true&per_page=100").json()
        assert any(p["path_with_namespace"].startswith("commonground/core/") for p in projects)
        assert any("default_branch" not in p for p in projects)


@pytest.mark.skipif(not DEFAULT_CORPUS.exists(), reason="the shared corpus is not available here")
def test_generator_is_deterministic_and_matches_the_committed_fixture():
    fixture, publishers, used = build(DEFAULT_CORPUS)
    again = build(DEFAULT_CORPUS)[0]
    assert fixture == again
    assert fixture == json.loads(demo_fixture_path().read_text(encoding="utf-8"))
    assert len(used) == 16
