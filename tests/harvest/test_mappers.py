"""The forge mappers, tested on recorded answers without HTTP."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from catalogue.forges import github as gh
from catalogue.forges import gitlab as gl
from catalogue.records import Release

DATA = Path(__file__).resolve().parents[1] / "data" / "api"
FETCHED = datetime(2026, 6, 1, tzinfo=timezone.utc)


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_github_graphql_node_maps_every_fact():
    nodes = load("github-graphql-accounts-page.json")["response"]["data"]["a0"]["repositories"]["nodes"]
    source = gh.map_graphql_repository(nodes[0], host="github.com", publisher_id="p", account_url="https://github.com/x",
                                       fetched_at=FETCHED)
    assert source.forge_id == "24822638"
    assert source.url == "https://github.com/city-of-brindale-education/agenda-identity"
    assert source.full_name == "city-of-brindale-education/agenda-identity"
    assert source.default_branch == "master"
    assert source.topics == ("civic-tech", "machine-learning", "publiccode")
    assert source.languages == ("Go",) and source.primary_language == "Go"
    assert (source.stars, source.forks, source.open_issues, source.open_pull_requests) == (16, 1, 0, 0)
    assert source.last_commit_at == datetime(2025, 1, 28, 22, 12, 58, tzinfo=timezone.utc)
    assert source.latest_release == Release("v2.1.1", "v2.1.1", datetime(2024, 4, 30, 18, 2, 38, tzinfo=timezone.utc))
    assert source.license_spdx is None
    assert source.publiccode.path == "publiccode.yml"
    assert source.publiccode.blob_id == "4fd9e450f136d2962a11741c87f1304d5a1dcd1f"
    assert "publiccodeYmlVersion" in source.publiccode.text
    assert source.publiccode.url == "https://github.com/city-of-brindale-education/agenda-identity/blob/master/publiccode.yml"
    assert nodes[1].get("publiccodeYml") is None
    other = gh.map_graphql_repository(nodes[1], host="github.com", publisher_id="p", account_url="u", fetched_at=FETCHED)
    assert other.publiccode is None


def test_github_graphql_noassertion_licence_and_fork_parent():
    node = {"databaseId": 1, "url": "https://github.com/A/B", "licenseInfo": {"spdxId": "NOASSERTION"},
            "isFork": True, "parent": {"url": "https://github.com/up/B.git"}, "isEmpty": True, "defaultBranchRef": None,
            "publiccodeYml": None, "publiccodeYaml": {"oid": "abc", "text": "name: x", "isBinary": False}}
    source = gh.map_graphql_repository(node, host="github.com", publisher_id="p", account_url="u", fetched_at=FETCHED)
    assert source.license_spdx is None
    assert source.is_fork and source.fork_parent_url == "https://github.com/up/B"
    assert source.is_empty and source.last_commit_at is None and source.default_branch is None
    assert source.publiccode.path == "publiccode.yaml"


def test_github_rest_repository_object():
    repo = load("octokit-get-repository.json")[0]["response"]
    source = gh.map_rest_repository(repo, host="github.com", publisher_id="p", account_url="u", fetched_at=FETCHED,
                                    open_issues=(3, 1), languages=["Python", "Shell"])
    assert source.forge_id == str(repo["id"])
    assert source.url == "https://github.com/octokit-fixture-org/hello-world"
    assert source.default_branch == repo["default_branch"]
    assert source.open_issues == 3 and source.open_pull_requests == 1
    assert source.languages == ("Python", "Shell")
    assert source.created_at is not None


def test_github_rest_open_issues_count_is_not_taken_as_issues():
    repo = {"id": 1, "html_url": "https://github.com/o/r", "open_issues_count": 7}
    source = gh.map_rest_repository(repo, host="github.com", publisher_id="p", account_url="u", fetched_at=FETCHED)
    assert source.open_issues is None  # 7 includes pull requests (case B25)
    assert gh.count_open_issues([[{"number": 1}, {"number": 2, "pull_request": {}}], [{"number": 3}]]) == (2, 1)


def test_github_rest_helpers():
    assert gh.latest_release([{"tag_name": "v2", "draft": True}, {"tag_name": "v1.9", "prerelease": True},
                              {"tag_name": "v1", "published_at": "2024-01-02T03:04:05Z"}]).tag_name == "v1"
    assert gh.last_commit_date([{"commit": {"committer": {"date": "2025-05-01T10:00:00Z"}}}]) == datetime(
        2025, 5, 1, 10, tzinfo=timezone.utc)
    assert gh.decode_contents({"encoding": "none", "content": "", "sha": "s"}) == (None, None, "s")
    assert gh.decode_contents({"encoding": "base64", "content": "aGFsbG8=\n", "sha": "s"}) == ("hallo", b"hallo", "s")
    assert gh.decode_contents({"encoding": "base64", "content": "/w==", "sha": "s"})[0] is None


def test_github_queries_batch_accounts_and_quote_logins():
    query = gh.accounts_query([("a0", "MinBZK", None), ("a1", 'we"ird', "Y3Vyc29y")], 50)
    assert 'a0: repositoryOwner(login: "MinBZK")' in query and 'login: "we\\"ird"' in query
    assert 'after: "Y3Vyc29y"' in query and "first: 50" in query
    assert 'object(expression: "HEAD:publiccode.yml")' in query


def test_gitlab_project_entity():
    project = load("gitlab-project.json")
    source = gl.map_rest_project(project, host="gitlab.com", publisher_id="p", account_url="u", fetched_at=FETCHED,
                                 license_info={"key": "eupl-1.2"}, languages=("Python", "HTML"))
    assert source.url == "https://gitlab.com/blockheads/afk-plus"
    assert source.forge_id == "94931" and source.default_branch == "master"
    assert source.license_spdx == "EUPL-1.2" and source.primary_language == "Python"
    assert source.pushed_at == datetime(2017, 7, 16, 6, 5, 18, 598000, tzinfo=timezone.utc)
    assert source.has_repository and not source.is_empty


def test_gitlab_self_hosted_listing_and_http_web_url():
    for project in load("gitlab-selfhosted-projects-page.json"):
        http_project = dict(project, web_url=project["web_url"].replace("https://", "http://"))
        source = gl.map_rest_project(http_project, host="gite.lirmm.fr", publisher_id="p", account_url="u",
                                     fetched_at=FETCHED)
        assert source.url == f"https://gite.lirmm.fr/{project['path_with_namespace']}"


def test_gitlab_without_repository_and_licence_keys():
    project = {"id": 56, "path_with_namespace": "afdeling/alleen-issues", "web_url": "https://x.org/afdeling/alleen-issues"}
    source = gl.map_rest_project(project, host="x.org", publisher_id="p", account_url="u", fetched_at=FETCHED)
    assert not source.has_repository and source.default_branch is None
    assert gl.spdx_from_gitlab_license({"key": "apache-2.0"}) == "Apache-2.0"
    assert gl.spdx_from_gitlab_license({"key": "agpl-3.0"}) == "AGPL-3.0"  # as GitHub spells it, no guess
    assert gl.spdx_from_gitlab_license({"key": "gpl-3.0"}) == "GPL-3.0"
    assert gl.spdx_from_gitlab_license({"key": "other"}) is None
    assert gl.languages_by_share({"HTML": 10.5, "Python": 80.0, "CSS": 10.5}) == ("Python", "CSS", "HTML")
