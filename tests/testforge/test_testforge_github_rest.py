"""GitHub REST emulation: pagination, moved, empty, contents, ETag, issues, rate headers."""

from __future__ import annotations

import base64


def test_org_repos_paginate_with_github_link_header(forge, http):
    url = f"{forge.base_url}/github/orgs/acme/repos?per_page=4"
    first = http.get(url)
    assert first.status_code == 200
    assert len(first.json()) == 4
    org_id = forge.fixture.account("acme").id
    assert first.links["next"]["url"] == f"{forge.base_url}/github/organizations/{org_id}/repos?per_page=4&page=2"
    assert first.links["last"]["url"].endswith("page=3")
    assert "prev" not in first.links and "first" not in first.links
    names = [r["name"] for r in first.json()]
    page = first
    while "next" in page.links:
        page = http.get(page.links["next"]["url"])
        names += [r["name"] for r in page.json()]
    assert sorted(names) == sorted([f"repo-{i:02d}" for i in range(7)] + ["app", "leeg", "vork"])
    assert set(page.links) == {"prev", "first"}


def test_per_page_is_capped_at_100_and_defaults_to_30(forge, http):
    assert len(http.get(f"{forge.base_url}/github/orgs/acme/repos?per_page=500").json()) == 10
    assert http.get(f"{forge.base_url}/github/orgs/acme/repos?type=forks").json()[0]["name"] == "vork"
    assert [r["name"] for r in http.get(f"{forge.base_url}/github/users/jane/repos").json()] == ["tool"]


def test_org_and_user_routes(forge, http):
    org = http.get(f"{forge.base_url}/github/orgs/acme").json()
    assert org["type"] == "Organization" and org["public_repos"] == 10
    assert http.get(f"{forge.base_url}/github/users/jane").json()["type"] == "User"
    assert http.get(f"{forge.base_url}/github/orgs/jane").status_code == 404
    assert http.get(f"{forge.base_url}/github/orgs/nobody").json()["message"] == "Not Found"


def test_repository_object(forge, http):
    repo = http.get(f"{forge.base_url}/github/repos/acme/app").json()
    assert repo["id"] == 4242 and repo["full_name"] == "acme/app"
    assert repo["license"]["spdx_id"] == "EUPL-1.2"
    assert repo["open_issues_count"] == 5  # GitHub counts pull requests too
    assert repo["html_url"] == "https://github.com/acme/app"
    fork = http.get(f"{forge.base_url}/github/repos/acme/vork").json()
    assert fork["fork"] is True and fork["parent"]["full_name"] == "upstream/thing" and fork["archived"]


def test_renamed_repository_answers_301(forge, http):
    moved = http.get(f"{forge.base_url}/github/repos/acme/old-app/contents/publiccode.yml", allow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["Location"] == f"{forge.base_url}/github/repositories/4242/contents/publiccode.yml"
    assert moved.json()["message"] == "Moved Permanently"
    followed = http.get(f"{forge.base_url}/github/repos/acme/old-app")
    assert followed.status_code == 200 and followed.json()["name"] == "app"


def test_empty_repository(forge, http):
    commits = http.get(f"{forge.base_url}/github/repos/acme/leeg/commits?per_page=1")
    assert commits.status_code == 409 and commits.json()["message"] == "Git Repository is empty."
    contents = http.get(f"{forge.base_url}/github/repos/acme/leeg/contents/publiccode.yml")
    assert contents.status_code == 404 and contents.json()["message"] == "This repository is empty."


def test_contents_base64_and_missing_file(forge, http):
    expected = forge.fixture.repo("acme", "app").files["publiccode.yml"]
    answer = http.get(f"{forge.base_url}/github/repos/acme/app/contents/publiccode.yml").json()
    assert answer["encoding"] == "base64"
    assert base64.b64decode(answer["content"]).decode() == expected
    raw = http.get(answer["download_url"])
    assert raw.text == expected and raw.headers["Content-Type"].startswith("text/plain")
    assert http.get(f"{forge.base_url}/github/repos/acme/app/contents/README.md").status_code == 404


def test_etag_gives_304(forge, http):
    url = f"{forge.base_url}/github/repos/acme/app"
    first = http.get(url)
    again = http.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    raw_url = f"{forge.base_url}/raw/github/acme/app/main/publiccode.yml"
    raw = http.get(raw_url)
    assert not raw.headers["ETag"].startswith("W/")
    assert http.get(raw_url, headers={"If-None-Match": raw.headers["ETag"]}).status_code == 304


def test_commits_since_counted_with_last_link(forge, http):
    url = f"{forge.base_url}/github/repos/acme/app/commits?per_page=1&since=2024-01-01T00:00:00Z"
    answer = http.get(url)
    assert answer.json()[0]["commit"]["committer"]["date"] == "2024-05-01T10:00:00Z"
    assert answer.links["last"]["url"].endswith("page=2")


def test_releases_and_languages(forge, http):
    latest = http.get(f"{forge.base_url}/github/repos/acme/app/releases/latest").json()
    assert latest["tag_name"] == "v1.1"
    assert [r["tag_name"] for r in http.get(f"{forge.base_url}/github/repos/acme/app/releases").json()] == ["v1.1", "v1.0"]
    assert http.get(f"{forge.base_url}/github/repos/acme/leeg/releases/latest").status_code == 404
    assert http.get(f"{forge.base_url}/github/repos/acme/app/languages").json() == {"Python": 9000, "HTML": 100}


def test_issues_include_pull_requests_and_labels(forge, http):
    items = http.get(f"{forge.base_url}/github/repos/acme/app/issues?state=open").json()
    assert len(items) == 5
    assert sum("pull_request" in item for item in items) == 2
    labelled = http.get(f"{forge.base_url}/github/repos/acme/app/issues?state=open&labels=help%20wanted").json()
    assert len(labelled) == 2 and all("pull_request" not in item for item in labelled)


def test_rate_limit_headers_count_down(forge, http):
    first = http.get(f"{forge.base_url}/github/orgs/acme")
    second = http.get(f"{forge.base_url}/github/orgs/acme")
    assert int(first.headers["X-RateLimit-Remaining"]) - int(second.headers["X-RateLimit-Remaining"]) == 1
    assert http.get(f"{forge.base_url}/github/rate_limit").json()["resources"]["core"]["limit"] == 5000


def test_fixture_errors_name_the_entry():
    import pytest

    from catalogue.testforge import FixtureError, load_fixture

    with pytest.raises(FixtureError, match="acme/app: unknown keys \\['stargazers'\\]"):
        load_fixture({"github": {"accounts": [{"login": "acme", "repositories": [{"name": "app", "stargazers": 1}]}]}})
    with pytest.raises(FixtureError, match="type must be Organization or User"):
        load_fixture({"github": {"accounts": [{"login": "acme", "type": "Team"}]}})
