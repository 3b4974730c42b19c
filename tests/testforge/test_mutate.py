"""Mutating a running test forge; the per-repository request log; free 304s."""

from __future__ import annotations

import pytest
import requests

from catalogue.testforge import TestForge
from catalogue.testforge.dataset import make_dataset
from catalogue.testforge.mutate import repositories

NOW = "2026-07-01T12:00:00Z"
QUERY = """query($o: String!, $n: String!) { repository(owner: $o, name: $n) {
  pushedAt updatedAt stargazerCount defaultBranchRef { target { ... on Commit { oid committedDate } } }
  object(expression: "HEAD:publiccode.yml") { ... on Blob { oid text } } } }"""
GITLAB_QUERY = """query($p: ID!) { project(fullPath: $p) { lastActivityAt
  repository { blobs(paths: ["publiccode.yml"]) { nodes { oid } } } } }"""


@pytest.fixture()
def forge():
    with TestForge.from_fixture(make_dataset(400, seed=2).fixture) as running:
        yield running


def graphql(forge, owner, name):
    answer = requests.post(f"{forge.base_url}/github/graphql", json={"query": QUERY, "variables": {"o": owner, "n": name}},
                           headers={"Authorization": "bearer t"}, timeout=10)
    return answer.json()["data"]["repository"]


def split(key):
    host, path = key.split(":", 1)
    return host, path


def test_share_is_deterministic_and_exact(forge):
    other = TestForge.from_fixture(make_dataset(400, seed=2).fixture)
    a = forge.mutate(share=0.05, seed=3, what=("push", "publiccode"), now=NOW)
    b = other.mutate(share=0.05, seed=3, what=("push", "publiccode"), now=NOW)
    c = TestForge.from_fixture(make_dataset(400, seed=2).fixture).mutate(share=0.05, seed=4, now=NOW)
    assert a.changed == b.changed and a.changed != c.changed
    eligible = sum(1 for _, r in repositories(forge.fixture) if r.has_commits)
    assert len(a.changed) == round(0.05 * eligible) and a.pushed == a.changed
    assert a.publiccode <= a.changed


def test_push_and_publiccode_edit_visible_in_rest_and_graphql(forge):
    with_file = [k for k, r in repositories(forge.fixture) if "publiccode.yml" in r.files and k.startswith("github.com:")]
    key = with_file[0]
    owner, name = split(key)[1].split("/")
    untouched = next(k for k, r in repositories(forge.fixture) if k.startswith("github.com:") and k != key
                     and r.has_commits)
    u_owner, u_name = split(untouched)[1].split("/")
    base = f"{forge.base_url}/github/repos"
    before = graphql(forge, owner, name)
    before_u = graphql(forge, u_owner, u_name)
    rest = requests.get(f"{base}/{owner}/{name}/contents/publiccode.yml", timeout=10)
    etag = rest.headers["ETag"]
    repo_etag = requests.get(f"{base}/{u_owner}/{u_name}", timeout=10).headers["ETag"]

    result = forge.mutate(repos=[key], what=("publiccode",), now=NOW)
    assert result.changed == {key} and result.publiccode == {key} and result.pushed == {key}

    after = graphql(forge, owner, name)
    assert after["pushedAt"] == after["updatedAt"] == NOW
    assert after["defaultBranchRef"]["target"]["committedDate"] == NOW
    assert after["defaultBranchRef"]["target"]["oid"] != before["defaultBranchRef"]["target"]["oid"]
    assert after["object"]["oid"] != before["object"]["oid"] and "(update 1)" in after["object"]["text"]
    changed = requests.get(f"{base}/{owner}/{name}/contents/publiccode.yml", headers={"If-None-Match": etag}, timeout=10)
    assert changed.status_code == 200 and changed.json()["sha"] == after["object"]["oid"]
    assert requests.get(f"{base}/{owner}/{name}", timeout=10).json()["pushed_at"] == NOW
    # the untouched repository answers as before, and its ETag still matches
    assert graphql(forge, u_owner, u_name) == before_u
    assert requests.get(f"{base}/{u_owner}/{u_name}", headers={"If-None-Match": repo_etag},
                        timeout=10).status_code == 304


def test_second_edit_keeps_file_valid_and_time_moves_forward(forge):
    from catalogue.publiccode import parse_publiccode

    key = next(k for k, r in repositories(forge.fixture) if "publiccode.yml" in r.files)
    forge.mutate(repos=[key], what=("publiccode",), now=NOW)
    forge.mutate(repos=[key], what=("publiccode",), now=NOW)
    repo = dict(repositories(forge.fixture))[key]
    assert "(update 2)" in repo.files["publiccode.yml"] and "(update 1)" not in repo.files["publiccode.yml"]
    assert parse_publiccode(repo.files["publiccode.yml"]).valid
    assert repo.pushed_at.isoformat().startswith("2026-07-01T12:00:01")


def test_metadata_changes_stars_and_updated_at_only(forge):
    key = next(k for k, r in repositories(forge.fixture) if k.startswith("github.com:") and r.has_commits)
    owner, name = split(key)[1].split("/")
    before = graphql(forge, owner, name)
    forge.mutate(repos=[key], what=("metadata",), now=NOW)
    after = graphql(forge, owner, name)
    assert after["stargazerCount"] == before["stargazerCount"] + 1 and after["updatedAt"] == NOW
    assert after["pushedAt"] == before["pushedAt"] and after["defaultBranchRef"] == before["defaultBranchRef"]


def test_gitlab_push_and_publiccode_visible(forge):
    key = next(k for k, r in repositories(forge.fixture) if k.startswith("gitlab.com:") and "publiccode.yml" in r.files)
    path = split(key)[1]
    ask = lambda: requests.post(f"{forge.base_url}/gitlab/api/graphql", json={"query": GITLAB_QUERY,  # noqa: E731
                                "variables": {"p": path}}, timeout=10).json()["data"]["project"]
    before = ask()
    forge.mutate(repos=[key], what=("push", "publiccode"), now=NOW)
    after = ask()
    assert after["lastActivityAt"] == NOW
    assert after["repository"]["blobs"]["nodes"][0]["oid"] != before["repository"]["blobs"]["nodes"][0]["oid"]
    encoded = requests.utils.quote(path, safe="")
    rest = requests.get(f"{forge.base_url}/gitlab/api/v4/projects/{encoded}", timeout=10).json()
    assert rest["last_activity_at"].startswith("2026-07-01T12:00:00")


def test_unknown_kind_and_bad_share_fail(forge):
    with pytest.raises(ValueError):
        forge.mutate(what=("delete",))
    with pytest.raises(ValueError):
        forge.mutate(share=1.5)


def test_log_names_repositories_and_304s_are_free(forge):
    key = next(k for k, r in repositories(forge.fixture) if k.startswith("github.com:") and "publiccode.yml" in r.files)
    owner, name = split(key)[1].split("/")
    login = owner
    first = requests.get(f"{forge.base_url}/github/repos/{owner}/{name}", timeout=10)
    remaining = int(first.headers["X-RateLimit-Remaining"])
    again = requests.get(f"{forge.base_url}/github/repos/{owner}/{name}",
                         headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert again.status_code == 304 and int(again.headers["X-RateLimit-Remaining"]) == remaining
    listing = """query($l: String!) { repositoryOwner(login: $l) { repositories(first: 100) {
      nodes { nameWithOwner pushedAt } } } }"""
    requests.post(f"{forge.base_url}/github/graphql", json={"query": listing, "variables": {"l": login}},
                  headers={"Authorization": "bearer t"}, timeout=10)
    graphql(forge, owner, name)
    log = forge.requests
    assert log[0].repos == (key,) and log[0].counted and not log[1].counted
    account = forge.fixture.account(login)
    assert set(log[2].repos) == {f"github.com:{r.full_name}" for r in account.repos}
    assert log[2].repo_fields[key] == {"nameWithOwner", "pushedAt"}
    assert {"object", "oid", "text", "committedDate"} <= log[3].repo_fields[key]
    stats = forge.stats()
    assert stats["total"] == 4 and stats["counted_against_limit"] == 3 and stats["not_modified_304"] == 1
    assert stats["by_repo"][key] == 4 and stats["rest_by_repo"][key] == 2 and stats["graphql_by_repo"][key] == 2
