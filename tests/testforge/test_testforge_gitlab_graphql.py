"""GitLab GraphQL emulation: real field names, nested groups, cursors, user namespaces, aliases."""

from __future__ import annotations

PROJECT_FIELDS = """
  id fullPath name description webUrl archived createdAt lastActivityAt starCount forksCount openIssuesCount
  topics isForked
  repository { rootRef empty exists blobs(paths: ["publiccode.yml", "publiccode.yaml"]) { nodes { path rawTextBlob oid } }
               tree { lastCommit { committedDate } } }
  languages { name share }
  releases(first: 1) { nodes { tagName name releasedAt } }
  issues(state: opened) { count }
  helpWanted: issues(state: opened, labelName: ["help wanted"]) { count }
"""


def graphql(forge, http, query, variables=None, prefix="/gitlab"):
    answer = http.post(f"{forge.base_url}{prefix}/api/graphql", json={"query": query, "variables": variables or {}})
    assert answer.status_code == 200
    return answer.json()


def test_group_projects_with_subgroups_and_cursor(forge, http):
    query = f"""query($path: ID!, $after: String) {{
      group(fullPath: $path) {{ projects(includeSubgroups: true, first: 2, after: $after) {{
        count pageInfo {{ hasNextPage endCursor }} nodes {{ {PROJECT_FIELDS} }} }} }} }}"""
    nodes, after = [], None
    while True:
        projects = graphql(forge, http, query, {"path": "gov", "after": after})["data"]["group"]["projects"]
        nodes += projects["nodes"]
        if not projects["pageInfo"]["hasNextPage"]:
            break
        after = projects["pageInfo"]["endCursor"]
    assert projects["count"] == 4
    by_path = {node["fullPath"]: node for node in nodes}
    assert set(by_path) == {"gov/portaal", "gov/sub/diep", "gov/sub/deeper/dieper", "gov/sub/deeper/alleen-issues"}
    portaal = by_path["gov/portaal"]
    assert portaal["id"] == "gid://gitlab/Project/101" and portaal["webUrl"] == "https://gitlab.com/gov/portaal"
    assert portaal["repository"]["rootRef"] == "main"
    assert portaal["repository"]["blobs"]["nodes"][0]["path"] == "publiccode.yml"
    assert portaal["languages"] == [{"name": "Go", "share": 75.0}, {"name": "Shell", "share": 25.0}]
    assert portaal["releases"]["nodes"][0]["tagName"] == "v2"
    assert (portaal["issues"]["count"], portaal["helpWanted"]["count"]) == (4, 1)
    assert by_path["gov/sub/deeper/dieper"]["repository"]["empty"] is True
    assert by_path["gov/sub/deeper/dieper"]["repository"]["tree"] is None
    assert by_path["gov/sub/deeper/alleen-issues"]["repository"] is None


def test_aliases_user_namespace_and_missing_group(forge, http):
    data = graphql(forge, http, """{
      a: group(fullPath: "gov/sub") { fullPath projects { count } }
      b: namespace(fullPath: "jdoe") { fullPath projects(first: 5) { nodes { fullPath } } }
      c: group(fullPath: "nope") { fullPath }
      d: project(fullPath: "gov/oud-portaal") { fullPath }
    }""")
    assert "errors" not in data
    assert data["data"]["a"] == {"fullPath": "gov/sub", "projects": {"count": 1}}
    assert data["data"]["b"]["projects"]["nodes"] == [{"fullPath": "jdoe/dotfiles"}]
    assert data["data"]["c"] is None
    assert data["data"]["d"] == {"fullPath": "gov/portaal"}


def test_second_instance_and_unknown_field(forge, http):
    data = graphql(forge, http, '{ group(fullPath: "onderwijs") { projects { nodes { webUrl } } } }', prefix="/gitlab-2")
    assert data["data"]["group"]["projects"]["nodes"] == [{"webUrl": "https://gitlab.example.org/onderwijs/leermiddelen"}]
    error = graphql(forge, http, '{ group(fullPath: "gov") { stars } }')
    assert "stars" in error["errors"][0]["message"]
