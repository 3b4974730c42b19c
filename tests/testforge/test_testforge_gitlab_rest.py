"""GitLab REST emulation: nested groups, pagination headers, files, empty and disabled repositories."""

from __future__ import annotations

import base64


def test_group_by_path_and_id(forge, http):
    group = http.get(f"{forge.base_url}/gitlab/api/v4/groups/gov%2Fsub").json()
    assert group["id"] == 11 and group["full_path"] == "gov/sub" and group["parent_id"] == 10
    assert http.get(f"{forge.base_url}/gitlab/api/v4/groups/10").json()["full_path"] == "gov"
    missing = http.get(f"{forge.base_url}/gitlab/api/v4/groups/nope")
    assert missing.status_code == 404 and missing.json() == {"message": "404 Group Not Found"}


def test_include_subgroups_walks_nested_groups(forge, http):
    direct = http.get(f"{forge.base_url}/gitlab/api/v4/groups/gov/projects").json()
    assert [p["path_with_namespace"] for p in direct] == ["gov/portaal"]
    url = f"{forge.base_url}/gitlab/api/v4/groups/10/projects?include_subgroups=true&per_page=2&order_by=id&sort=asc"
    first = http.get(url)
    assert first.headers["X-Total"] == "4" and first.headers["X-Total-Pages"] == "2"
    assert first.headers["X-Next-Page"] == "2" and first.headers["X-Prev-Page"] == ""
    assert set(first.links) == {"next", "first", "last"}
    second = http.get(first.links["next"]["url"])
    assert second.headers["X-Next-Page"] == ""
    paths = [p["path_with_namespace"] for p in first.json() + second.json()]
    assert paths == ["gov/portaal", "gov/sub/diep", "gov/sub/deeper/dieper", "gov/sub/deeper/alleen-issues"]
    assert [g["full_path"] for g in http.get(f"{forge.base_url}/gitlab/api/v4/groups/10/descendant_groups").json()] \
        == ["gov/sub", "gov/sub/deeper"]


def test_project_entity_and_license(forge, http):
    project = http.get(f"{forge.base_url}/gitlab/api/v4/projects/gov%2Fportaal?license=true").json()
    assert project["id"] == 101 and project["web_url"] == "https://gitlab.com/gov/portaal"
    assert project["namespace"]["full_path"] == "gov" and project["default_branch"] == "main"
    assert project["license"]["key"] == "eupl-1.2" and project["open_issues_count"] == 4
    assert "forked_from_project" not in project
    assert http.get(f"{forge.base_url}/gitlab/api/v4/projects/gov%2Foud-portaal").json()["id"] == 101
    assert http.get(f"{forge.base_url}/gitlab/api/v4/projects/999").json() == {"message": "404 Project Not Found"}


def test_files_raw_json_and_web_raw(forge, http):
    base = f"{forge.base_url}/gitlab/api/v4/projects/101/repository/files"
    raw = http.get(f"{base}/publiccode.yml/raw?ref=main")
    assert raw.status_code == 200 and raw.text.startswith("publiccodeYmlVersion")
    as_json = http.get(f"{base}/publiccode.yml?ref=main").json()
    assert base64.b64decode(as_json["content"]).decode() == raw.text
    assert http.get(f"{base}/publiccode.yml").json() == {"error": "ref is missing"}
    assert http.get(f"{base}/README.md/raw?ref=main").json() == {"message": "404 File Not Found"}
    web = http.get(f"{forge.base_url}/gitlab/gov/portaal/-/raw/main/publiccode.yml")
    assert web.text == raw.text
    moved = http.get(f"{forge.base_url}/gitlab/gov/oud-portaal/-/raw/main/publiccode.yml", allow_redirects=False)
    assert moved.status_code == 301


def test_empty_and_disabled_repositories(forge, http):
    api = f"{forge.base_url}/gitlab/api/v4/projects"
    empty = http.get(f"{api}/103").json()
    assert empty["empty_repo"] is True and empty["default_branch"] == "main"
    commits = http.get(f"{api}/103/repository/commits?per_page=1&ref_name=main")
    assert commits.status_code == 404 and commits.json() == {"message": "404 Repository Not Found"}
    disabled = http.get(f"{api}/104").json()
    assert "default_branch" not in disabled
    assert http.get(f"{api}/104/repository/files/publiccode.yml/raw").status_code == 403


def test_commits_releases_languages_and_issue_statistics(forge, http):
    api = f"{forge.base_url}/gitlab/api/v4/projects/101"
    assert len(http.get(f"{api}/repository/commits?per_page=1&ref_name=main").json()) == 1
    assert http.get(f"{api}/releases?per_page=1").json()[0]["tag_name"] == "v2"
    assert http.get(f"{api}/languages").json() == {"Go": 75.0, "Shell": 25.0}
    stats = http.get(f"{api}/issues_statistics?labels=help%20wanted").json()
    assert stats["statistics"]["counts"]["opened"] == 1


def test_user_projects_second_instance_and_rate_headers(forge, http):
    answer = http.get(f"{forge.base_url}/gitlab/api/v4/users/jdoe/projects")
    assert [p["path_with_namespace"] for p in answer.json()] == ["jdoe/dotfiles"]
    assert answer.json()[0]["namespace"]["kind"] == "user"
    assert int(answer.headers["RateLimit-Remaining"]) < int(answer.headers["RateLimit-Limit"])
    other = http.get(f"{forge.base_url}/gitlab-2/api/v4/groups/onderwijs/projects").json()
    assert other[0]["web_url"] == "https://gitlab.example.org/onderwijs/leermiddelen"
    config = forge.forges_config()
    assert config["gitlab.example.org"]["api_url"] == f"{forge.base_url}/gitlab-2"
    assert config["github.com"]["graphql_url"] == f"{forge.base_url}/github/graphql"
