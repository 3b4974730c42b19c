"""GitHub GraphQL emulation: real field names, aliases, NOT_FOUND, cursors, token."""

from __future__ import annotations

TOKEN = {"Authorization": "bearer test-token"}

REPOSITORY_FIELDS = """
  id databaseId name nameWithOwner url description homepageUrl isArchived isFork isEmpty isDisabled
  isPrivate isMirror createdAt updatedAt pushedAt stargazerCount forkCount
  licenseInfo { spdxId key name } primaryLanguage { name }
  languages(first: 10, orderBy: {field: SIZE, direction: DESC}) { totalCount nodes { name } edges { size node { name } } }
  repositoryTopics(first: 20) { nodes { topic { name } } }
  parent { url nameWithOwner }
  defaultBranchRef { name target { ... on Commit { oid committedDate history(first: 1, since: $since) { totalCount } } } }
  latestRelease { tagName name publishedAt }
  releases(first: 1) { totalCount nodes { tagName name publishedAt } }
  open: issues(states: OPEN) { totalCount }
  goodFirst: issues(states: OPEN, labels: ["good first issue"]) { totalCount }
  pullRequests(states: OPEN) { totalCount }
  publiccode: object(expression: "HEAD:publiccode.yml") { ... on Blob { oid text byteSize isBinary isTruncated } }
"""


def graphql(forge, http, query, variables=None, headers=TOKEN):
    return http.post(f"{forge.base_url}/github/graphql", json={"query": query, "variables": variables or {}},
                     headers=headers)


def test_token_is_required(forge, http):
    answer = graphql(forge, http, "{ rateLimit { remaining } }", headers={})
    assert answer.status_code == 401
    assert answer.json()["message"] == "This endpoint requires you to be authenticated."


def test_repository_fields_with_aliases_and_not_found(forge, http):
    query = f"""query($since: GitTimestamp!) {{
      rateLimit {{ cost limit remaining resetAt used }}
      app: repository(owner: "acme", name: "app") {{ {REPOSITORY_FIELDS} }}
      missing: repository(owner: "acme", name: "nope") {{ name }}
      empty: repository(owner: "acme", name: "leeg") {{ isEmpty defaultBranchRef {{ name }} }}
    }}"""
    answer = graphql(forge, http, query, {"since": "2024-03-01T00:00:00Z"}).json()
    app = answer["data"]["app"]
    assert app["databaseId"] == 4242 and app["nameWithOwner"] == "acme/app"
    assert app["licenseInfo"] == {"spdxId": "EUPL-1.2", "key": "eupl-1.2", "name": "European Union Public License 1.2"}
    assert app["primaryLanguage"] == {"name": "Python"}
    assert app["languages"]["edges"][0] == {"size": 9000, "node": {"name": "Python"}}
    assert app["repositoryTopics"]["nodes"] == [{"topic": {"name": "overheid"}}]
    assert app["defaultBranchRef"]["target"]["committedDate"] == "2024-05-01T10:00:00Z"
    assert app["defaultBranchRef"]["target"]["history"]["totalCount"] == 2
    assert app["latestRelease"]["tagName"] == "v1.1" and app["releases"]["totalCount"] == 2
    assert (app["open"], app["goodFirst"], app["pullRequests"]) == ({"totalCount": 3}, {"totalCount": 1},
                                                                    {"totalCount": 2})
    assert app["publiccode"]["text"].startswith("publiccodeYmlVersion")
    assert answer["data"]["missing"] is None
    assert answer["data"]["empty"] == {"isEmpty": True, "defaultBranchRef": None}
    [error] = answer["errors"]
    assert error["type"] == "NOT_FOUND" and error["path"] == ["missing"]
    assert error["message"] == "Could not resolve to a Repository with the name 'acme/nope'."
    assert answer["data"]["rateLimit"]["cost"] == 1


def test_repository_owner_interface_and_cursor_pagination(forge, http):
    query = """query($login: String!, $after: String) {
      repositoryOwner(login: $login) {
        ... on Organization { repositories(first: 4, after: $after, privacy: PUBLIC,
                              orderBy: {field: NAME, direction: ASC}, ownerAffiliations: [OWNER]) {
            totalCount pageInfo { hasNextPage endCursor } nodes { name isFork parent { nameWithOwner } } } }
        ... on User { login }
      }
      user(login: "jane") { repositories(first: 10) { totalCount } }
    }"""
    names, after = [], None
    while True:
        data = graphql(forge, http, query, {"login": "acme", "after": after}).json()["data"]
        connection = data["repositoryOwner"]["repositories"]
        names += [node["name"] for node in connection["nodes"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert connection["totalCount"] == 10 and len(names) == 10 and names == sorted(names)
    assert data["user"]["repositories"]["totalCount"] == 1


def test_pagination_limits_are_enforced(forge, http):
    too_many = graphql(forge, http, '{ organization(login: "acme") { repositories(first: 101) { nodes { name } } } }')
    assert too_many.json()["errors"][0]["type"] == "EXCESSIVE_PAGINATION"
    missing = graphql(forge, http, '{ organization(login: "acme") { repositories { nodes { name } } } }')
    assert missing.json()["errors"][0]["type"] == "MISSING_PAGINATION_BOUNDARIES"
    count_only = graphql(forge, http, '{ organization(login: "acme") { repositories { totalCount } } }')
    assert count_only.json()["data"]["organization"]["repositories"]["totalCount"] == 10


def test_unknown_field_is_a_validation_error(forge, http):
    answer = graphql(forge, http, '{ repository(owner: "acme", name: "app") { starCount } }').json()
    assert "data" not in answer and "starCount" in answer["errors"][0]["message"]


def test_renamed_repository_is_followed_and_fork_parent(forge, http):
    data = graphql(forge, http, """{ old: repository(owner: "acme", name: "old-app") { nameWithOwner }
      fork: repository(owner: "acme", name: "vork") { isFork isArchived parent { nameWithOwner url } } }""").json()
    assert data["data"]["old"] == {"nameWithOwner": "acme/app"}
    assert data["data"]["fork"]["parent"] == {"nameWithOwner": "upstream/thing", "url": "https://github.com/upstream/thing"}
