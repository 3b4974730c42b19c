"""GitHub spider: organisations, users and single repositories.

With a token and a GraphQL endpoint, repositories come in pages from batched GraphQL
queries (several accounts per query, everything inlined, see
``catalogue.forges.github``). Without a token GitHub's GraphQL API is closed, so the
spider falls back to REST: a listing page, then a few requests per repository.
"""

from __future__ import annotations

import logging
from typing import Iterable

from scrapy.http import Response

from catalogue.forges import github as gh
from catalogue.harvest.items import AccountListing
from catalogue.readme import first_paragraph
from catalogue.records import PubliccodeFile
from spiders.base import ForgeSpider, Target, next_link, problem_from_response

logger = logging.getLogger(__name__)

ACCOUNTS_PER_QUERY = 5
REPOSITORIES_PER_QUERY = 25
PAGE_SIZE = 50
REST_PAGE_SIZE = 100


class GitHubSpider(ForgeSpider):
    """Harvest every public repository of the publishers' GitHub accounts."""

    name = "github"
    forge_type = "github"

    def initial_requests(self):
        targets = self.targets()
        by_forge: dict[str, list[Target]] = {}
        for target in targets:
            by_forge.setdefault(target.forge.host, []).append(target)
        for host, forge_targets in by_forge.items():
            forge = forge_targets[0].forge
            accounts = [t for t in forge_targets if t.hosting.kind == "account"]
            repositories = [t for t in forge_targets if t.hosting.kind == "repository"]
            if forge.graphql_url and forge.token:
                yield from self._graphql_start(forge, accounts, repositories)
            else:
                logger.warning(
                    "%s: no token, so no GraphQL: falling back to REST, several requests per repository; "
                    "the anonymous budget of 60 requests an hour covers only a few repositories "
                    "(set %s to a token)", host, forge.token_env or "a token variable")
                yield from self._rest_start(forge, accounts, repositories)

    # --- GraphQL ---------------------------------------------------------------------

    def _graphql_start(self, forge, accounts: list[Target], repositories: list[Target]):
        pending = [
            {"login": t.hosting.path, "account_url": t.hosting.url, "publisher_id": t.publisher.id, "cursor": None, "ids": []}
            for t in accounts
        ]
        for start in range(0, len(pending), ACCOUNTS_PER_QUERY):
            yield self._accounts_request(forge, pending[start:start + ACCOUNTS_PER_QUERY])
        singles = [
            {"owner": t.hosting.path.split("/")[0], "name": t.hosting.path.split("/")[1],
             "account_url": t.hosting.url, "publisher_id": t.publisher.id}
            for t in repositories
        ]
        for start in range(0, len(singles), REPOSITORIES_PER_QUERY):
            batch = singles[start:start + REPOSITORIES_PER_QUERY]
            query = gh.repositories_query([(f"r{i}", item["owner"], item["name"]) for i, item in enumerate(batch)])
            yield self.api_request(
                forge, forge.graphql_url, self.parse_repositories, method="POST",
                body={"query": query, "variables": gh.history_variables(self.now)}, meta={"batch": batch},
            )

    def _accounts_request(self, forge, accounts: list[dict]):
        query = gh.accounts_query([(f"a{i}", a["login"], a["cursor"]) for i, a in enumerate(accounts)], PAGE_SIZE)
        return self.api_request(
            forge, forge.graphql_url, self.parse_accounts, method="POST",
            body={"query": query, "variables": gh.history_variables(self.now)}, meta={"accounts": accounts},
        )

    def _graphql_data(self, response: Response) -> dict | None:
        body = self.json_body(response)
        if response.status != 200 or not isinstance(body, dict):
            self.record_error(f"GraphQL query failed: HTTP {response.status} from {response.url}")
            return None
        for error in body.get("errors") or ():
            if error.get("type") != "NOT_FOUND":
                self.record_error(f"GraphQL error from {response.url}: {error.get('message')}")
        rate = (body.get("data") or {}).get("rateLimit")
        if rate:
            self.crawler.stats.set_value(f"catalogue/budget/{response.meta['forge_host']}/graphql", rate.get("remaining"))
        return body.get("data") or {}

    def parse_accounts(self, response: Response):
        data = self._graphql_data(response)
        if data is None:
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        continuing = []
        needs_readme = []
        for index, account in enumerate(response.meta["accounts"]):
            owner = data.get(f"a{index}")
            if not owner:
                self.record_error(f"account not found: {account['account_url']}")
                continue
            connection = owner.get("repositories") or {}
            for node in connection.get("nodes") or ():
                if not node:
                    continue
                account["ids"].append(str(node["databaseId"]))
                yield from self._emit_node(forge, node, account, needs_readme)
            page = connection.get("pageInfo") or {}
            if page.get("hasNextPage") and page.get("endCursor"):
                continuing.append(dict(account, cursor=page["endCursor"]))
            else:
                yield AccountListing(host=forge.host, account_url=account["account_url"], forge_ids=frozenset(account["ids"]))
        if continuing:
            for start in range(0, len(continuing), ACCOUNTS_PER_QUERY):
                yield self._accounts_request(forge, continuing[start:start + ACCOUNTS_PER_QUERY])
        if needs_readme:
            yield self._readme_request(forge, needs_readme)

    def parse_repositories(self, response: Response):
        data = self._graphql_data(response)
        if data is None:
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        needs_readme = []
        for index, item in enumerate(response.meta["batch"]):
            node = data.get(f"r{index}")
            if not node:
                self.record_error(f"repository not found: {item['account_url']}")
                continue
            yield from self._emit_node(forge, node, item, needs_readme)
        if needs_readme:
            yield self._readme_request(forge, needs_readme)

    def _emit_node(self, forge, node: dict, origin: dict, needs_readme: list) -> Iterable:
        if not node.get("description") and not node.get("publiccodeYml") and not node.get("publiccodeYaml") \
                and not node.get("isEmpty"):
            needs_readme.append({"node": node, "account_url": origin["account_url"], "publisher_id": origin["publisher_id"]})
            return
        yield gh.map_graphql_repository(
            node, host=forge.host, publisher_id=origin["publisher_id"], account_url=origin["account_url"],
            fetched_at=self.now,
        )

    def _readme_request(self, forge, pending: list[dict]):
        triples = [(f"r{i}", *item["node"]["nameWithOwner"].split("/", 1)) for i, item in enumerate(pending)]
        return self.api_request(forge, forge.graphql_url, self.parse_readmes, method="POST",
                                body={"query": gh.readme_query(triples)}, meta={"pending": pending})

    def parse_readmes(self, response: Response):
        data = self._graphql_data(response) or {}
        forge = self.catalogue.forges[response.meta["forge_host"]]
        for index, item in enumerate(response.meta["pending"]):
            readme = ((data.get(f"r{index}") or {}).get("readme") or {}).get("text")
            yield gh.map_graphql_repository(
                item["node"], host=forge.host, publisher_id=item["publisher_id"], account_url=item["account_url"],
                fetched_at=self.now, readme_excerpt=first_paragraph(readme),
            )

    # --- REST fallback ---------------------------------------------------------------

    def _rest_start(self, forge, accounts: list[Target], repositories: list[Target]):
        for target in accounts:
            origin = {"account_url": target.hosting.url, "publisher_id": target.publisher.id,
                      "login": target.hosting.path, "ids": [], "kind": "orgs"}
            url = f"{forge.rest_url}/orgs/{target.hosting.path}/repos?type=public&per_page={REST_PAGE_SIZE}"
            yield self.api_request(forge, url, self.parse_rest_listing, meta={"origin": origin})
        for target in repositories:
            origin = {"account_url": target.hosting.url, "publisher_id": target.publisher.id}
            url = f"{forge.rest_url}/repos/{target.hosting.path}"
            yield self.api_request(forge, url, self.parse_rest_repository, meta={"origin": origin})

    def parse_rest_listing(self, response: Response):
        origin = response.meta["origin"]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        if response.status == 404 and origin["kind"] == "orgs":
            # Not an organisation: a user account.
            origin = dict(origin, kind="users")
            url = f"{forge.rest_url}/users/{origin['login']}/repos?type=owner&per_page={REST_PAGE_SIZE}"
            yield self.api_request(forge, url, self.parse_rest_listing, meta={"origin": origin})
            return
        page = self.json_body(response)
        if response.status != 200 or not isinstance(page, list):
            self.record_error(f"listing {origin['account_url']} failed: HTTP {response.status}")
            return
        for repo in page:
            if repo.get("private"):
                continue
            origin["ids"].append(str(repo["id"]))
            yield from self._rest_chain(forge, repo, origin)
        following = next_link(response)
        if following:
            yield self.api_request(forge, following, self.parse_rest_listing, meta={"origin": origin})
        else:
            yield AccountListing(host=forge.host, account_url=origin["account_url"], forge_ids=frozenset(origin["ids"]))

    def parse_rest_repository(self, response: Response):
        origin = response.meta["origin"]
        repo = self.json_body(response)
        if response.status != 200 or not isinstance(repo, dict):
            self.record_error(f"repository {origin['account_url']}: HTTP {response.status}")
            return
        yield from self._rest_chain(self.catalogue.forges[response.meta["forge_host"]], repo, origin)

    def _rest_chain(self, forge, repo: dict, origin: dict):
        full = repo["full_name"]
        base = f"{forge.rest_url}/repos/{full}"
        steps = [("publiccode", self._publiccode_url(forge, repo, "publiccode.yml")),
                 ("commits", f"{base}/commits?per_page=1"),
                 ("releases", f"{base}/releases?per_page=10")]
        if repo.get("open_issues_count"):
            steps.append(("issues", f"{base}/issues?state=open&per_page=100"))
        steps.append(("languages", f"{base}/languages"))
        context = {"host": forge.host, "repo": repo, "origin": origin, "issue_pages": [], "problems": []}
        yield from self.start_chain(forge, steps, context)

    @staticmethod
    def _publiccode_url(forge, repo: dict, path: str) -> str:
        if forge.raw_url:
            return f"{forge.raw_url.rstrip('/')}/{repo['full_name']}/{repo.get('default_branch') or 'HEAD'}/{path}"
        return f"{forge.rest_url}/repos/{repo['full_name']}/contents/{path}"

    def step_publiccode(self, response: Response, context: dict):
        repo = context["repo"]
        path = response.url.split("?")[0].rsplit("/", 1)[-1]
        if response.status == 200:
            body = self.json_body(response) if "/contents/" in response.url else None
            if isinstance(body, dict):
                text, raw, sha = gh.decode_contents(body)
            else:
                raw, sha = response.body, None
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    text = None
            context["publiccode"] = PubliccodeFile(
                path=path, text=text, raw=raw if text is None else None, blob_id=sha,
                url=f"{repo['html_url'].rstrip('/')}/blob/{repo.get('default_branch') or 'HEAD'}/{path}",
            )
        elif response.status == 404 and path == "publiccode.yml" and "empty" not in response.text.lower():
            forge = self.catalogue.forges[response.meta["forge_host"]]
            return [("publiccode", self._publiccode_url(forge, repo, "publiccode.yaml"))]
        elif response.status not in (404, 409):
            context["problems"].append(problem_from_response(response, f"reading {path}"))
        if not repo.get("description") and "publiccode" not in context and repo.get("size", 1) != 0:
            forge = self.catalogue.forges[response.meta["forge_host"]]
            return [("readme", f"{forge.rest_url}/repos/{repo['full_name']}/readme")]
        return None

    def step_readme(self, response: Response, context: dict):
        if response.status == 200:
            body = self.json_body(response)
            text = gh.decode_contents(body)[0] if isinstance(body, dict) else response.text
            context["readme"] = first_paragraph(text)

    def step_commits(self, response: Response, context: dict):
        if response.status == 409:  # "Git Repository is empty.": a state, not an error
            context["empty"] = True
        elif response.status == 200:
            context["last_commit_at"] = gh.last_commit_date(self.json_body(response))
        elif response.status != 404:
            context["problems"].append(problem_from_response(response, "reading the last commit"))

    def step_releases(self, response: Response, context: dict):
        if response.status == 200:
            context["release"] = gh.latest_release(self.json_body(response))

    def step_issues(self, response: Response, context: dict):
        if response.status != 200:
            return None
        context["issue_pages"].append(self.json_body(response) or [])
        following = next_link(response)
        if following:
            return [("issues", following)]
        context["issues_complete"] = True
        return None

    def step_languages(self, response: Response, context: dict):
        body = self.json_body(response)
        if response.status == 200 and isinstance(body, dict):
            context["languages"] = [name for name, _ in sorted(body.items(), key=lambda kv: -kv[1])]

    def finish_chain(self, context: dict):
        repo, origin = context["repo"], context["origin"]
        yield gh.map_rest_repository(
            repo,
            host=context["host"],
            publisher_id=origin["publisher_id"],
            account_url=origin["account_url"],
            fetched_at=self.now,
            publiccode=context.get("publiccode"),
            last_commit_at=context.get("last_commit_at"),
            release=context.get("release"),
            open_issues=gh.count_open_issues(context["issue_pages"]) if context.get("issues_complete") else None,
            languages=context.get("languages"),
            readme_excerpt=context.get("readme"),
            problems=tuple(context["problems"]),
        )
