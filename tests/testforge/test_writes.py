"""Issue writes of the test forge (``catalogue.testforge.writes``): raw HTTP, PyGithub, python-gitlab."""

from __future__ import annotations

import gitlab
import pytest
import requests
from github import Auth, Github, GithubException

from catalogue.testforge.writes import GITHUB_SECONDARY_LIMIT, IssueWrites

# ``forge``: the running test forge over this folder's conftest fixture (acme/app, gov/portaal ...).
TOKEN = {"Authorization": "bearer test-token"}


def gh(forge, path):
    return f"{forge.base_url}/github{path}"


def test_github_create_update_comment_and_list(forge):
    created = requests.post(gh(forge, "/repos/acme/app/issues"), json={"title": "T", "body": "B", "labels": ["x"]},
                            headers=TOKEN)
    assert created.status_code == 201
    issue = created.json()
    # numbered after the fixture's 3 issues and 2 pull requests
    assert issue["number"] == 6 and created.headers["Location"] == issue["url"]
    assert issue["user"]["login"] == "catalogue-bot" and issue["state"] == "open"
    assert issue["html_url"] == "https://github.com/acme/app/issues/6"
    assert requests.get(gh(forge, "/user"), headers=TOKEN).json()["login"] == "catalogue-bot"
    mine = requests.get(gh(forge, "/repos/acme/app/issues"), params={"creator": "catalogue-bot"}).json()
    assert [i["number"] for i in mine] == [6]
    everything = requests.get(gh(forge, "/repos/acme/app/issues"), params={"per_page": 100}).json()
    assert [i["number"] for i in everything] == [6, 5, 4, 3, 2, 1]  # written first, then the made-up ones
    comment = requests.post(issue["url"] + "/comments", json={"body": "Fixed"}, headers=TOKEN)
    assert comment.status_code == 201 and comment.json()["body"] == "Fixed"
    closed = requests.patch(issue["url"], json={"state": "closed"}, headers=TOKEN).json()
    assert closed["state"] == "closed" and closed["state_reason"] == "completed" and closed["comments"] == 1
    assert requests.get(gh(forge, "/repos/acme/app/issues"), params={"creator": "catalogue-bot"}).json() == []
    listed = requests.get(gh(forge, "/repos/acme/app/issues"),
                          params={"creator": "catalogue-bot", "state": "all", "labels": "x"}).json()
    assert [i["state"] for i in listed] == ["closed"]
    assert forge.counts()["gh.issue_create"] == 1 and forge.counts()["gh.issue_update"] == 1


def test_github_write_errors(forge):
    assert requests.post(gh(forge, "/repos/acme/app/issues"), json={"title": "T"}).status_code == 401
    missing = requests.post(gh(forge, "/repos/acme/app/issues"), json={"body": "no title"}, headers=TOKEN)
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "title"
    archived = requests.post(gh(forge, "/repos/acme/vork/issues"), json={"title": "T"}, headers=TOKEN)
    assert archived.status_code == 403 and "archived" in archived.json()["message"]
    assert requests.patch(gh(forge, "/repos/acme/app/issues/99"), json={"state": "closed"},
                          headers=TOKEN).status_code == 404


def test_github_secondary_limit_on_issue_creation(forge):
    writes = IssueWrites.of(forge)
    writes.issues_per_minute, writes.retry_after = 2, 30
    now = [0.0]
    writes.clock = lambda: now[0]
    answers = [requests.post(gh(forge, "/repos/acme/app/issues"), json={"title": f"T{i}"}, headers=TOKEN)
               for i in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 403]
    assert answers[2].headers["Retry-After"] == "30" and answers[2].json()["message"] == GITHUB_SECONDARY_LIMIT
    assert writes.refused == ["gh.issue_create"]
    now[0] = 61.0
    assert requests.post(gh(forge, "/repos/acme/app/issues"), json={"title": "T3"}, headers=TOKEN).status_code == 201


def test_pygithub_writes(forge):
    client = Github(base_url=f"{forge.base_url}/github", auth=Auth.Token("x"), retry=None)
    repo = client.get_repo("acme/app")
    issue = repo.create_issue(title="Hello", body="Body")
    issue.create_comment("A comment")
    issue.edit(state="closed")
    found = list(repo.get_issues(state="all", creator=client.get_user().login))
    assert [(i.number, i.state, i.body) for i in found] == [(issue.number, "closed", "Body")]
    writes = IssueWrites.of(forge)
    writes.issues_per_minute = 0
    with pytest.raises(GithubException) as refused:
        repo.create_issue(title="Too many")
    assert refused.value.status == 403 and refused.value.headers.get("retry-after") == "60"


def test_gitlab_writes_through_python_gitlab(forge):
    client = gitlab.Gitlab(f"{forge.base_url}/gitlab", private_token="x")
    client.auth()
    assert client.user.username == "catalogue-bot"
    project = client.projects.get("gov/portaal")
    issue = project.issues.create({"title": "Hello", "description": "Body"})
    assert issue.iid == 1 and issue.state == "opened"
    assert issue.web_url == "https://gitlab.com/gov/portaal/-/issues/1"
    issue.notes.create({"body": "A note"})
    issue.description = "New body"
    issue.state_event = "close"
    issue.save()
    listed = project.issues.list(author_username="catalogue-bot", state="all", get_all=True)
    assert [(i.iid, i.state, i.description, i.user_notes_count) for i in listed] == [(1, "closed", "New body", 1)]
    assert project.issues.list(author_username="someone-else", get_all=True) == []
    assert project.issues.list(state="opened", get_all=True) == []


def test_gitlab_write_errors_and_limit(forge):
    api = f"{forge.base_url}/gitlab/api/v4/projects/101/issues"
    token = {"PRIVATE-TOKEN": "x"}
    assert requests.post(api, json={"title": "T"}).status_code == 401
    assert requests.post(api, json={}, headers=token).json() == {"error": "title is missing"}
    created = requests.post(api, data={"title": "Form"}, headers=token)
    assert created.status_code == 201 and created.json()["title"] == "Form"
    bad = requests.put(f"{api}/1", json={"state_event": "explode"}, headers=token)
    assert bad.status_code == 400
    writes = IssueWrites.of(forge)
    writes.gitlab_issues_per_minute = 1
    limited = requests.post(api, json={"title": "Second"}, headers=token)
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
