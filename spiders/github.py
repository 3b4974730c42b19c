"""GitHub spider: organisations, users and single repositories.

With a token and a GraphQL endpoint the crawl works in pages (``catalogue.forges.github``):

1. a light listing query pages through several accounts at once (aliases), 100
   repositories a page, with only what tells whether a repository changed;
2. repositories that are new or changed since the last crawl are fetched in full, 50 per
   query (``repository(owner, name)`` aliases); the others are only noted as seen.

Page sizes halve when GitHub answers a query with 502/504 or a timeout (heavy queries
time out on GitHub's side) or slowly. Without a token GitHub's GraphQL API is closed,
so the spider falls back to REST (``spiders.github_rest``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, Iterable

from scrapy.http import Response
from twisted.python.failure import Failure

from catalogue.forges import github as gh
from catalogue.forges.base import needs_readme
from catalogue.harvest.items import AccountListing, SeenUnchanged
from catalogue.readme import first_paragraph
from catalogue.records import HarvestProblem
from spiders.base import ForgeSpider, PaginationLoop, Target, follow
from spiders.github_rest import GitHubRestMixin

logger = logging.getLogger(__name__)

ACCOUNTS_PER_QUERY = 10
LISTING_PAGE_SIZE = 100
DETAILS_PER_QUERY = 50
MIN_PAGE_SIZE = 5
SLOW_ANSWER_SECONDS = 10.0  # an answer slower than this halves the next page size
GRAPHQL_RETRY_STATUSES = (502, 503, 504)


class GitHubSpider(GitHubRestMixin, ForgeSpider):
    """Harvest every public repository of the publishers' GitHub accounts."""

    name = "github"
    forge_type = "github"

    def initial_requests(self):
        by_forge: dict[str, list[Target]] = {}
        for target in self.targets():
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
                yield from self.rest_start(forge, accounts, repositories)

    # --- phase 1: listing ------------------------------------------------------------

    def _graphql_start(self, forge, accounts: list[Target], repositories: list[Target]):
        pending: list[dict[str, Any]] = [
            {"login": t.hosting.path, "account_url": t.hosting.url, "publisher_id": t.publisher.id, "cursor": None,
             "ids": []}
            for t in accounts
        ]
        for start in range(0, len(pending), ACCOUNTS_PER_QUERY):
            yield self._listing_request(forge, pending[start:start + ACCOUNTS_PER_QUERY], LISTING_PAGE_SIZE)
        singles = [
            {"owner": t.hosting.path.split("/")[0], "name": t.hosting.path.split("/")[1],
             "account_url": t.hosting.url, "publisher_id": t.publisher.id}
            for t in repositories
        ]
        yield from self._singles_requests(forge, singles)

    def _singles_requests(self, forge, singles: list[dict], per_query: int = DETAILS_PER_QUERY):
        for start in range(0, len(singles), per_query):
            batch = singles[start:start + per_query]
            query = gh.single_listing_query([(f"r{i}", s["owner"], s["name"]) for i, s in enumerate(batch)])
            yield self._graphql_request(forge, query, self.parse_single_listing, {"batch": batch, "kind": "singles",
                                                                                  "page_size": len(batch)})

    def parse_single_listing(self, response: Response):
        """Light facts of repositories listed one by one: details only when changed."""
        failed = self._failed_answer(response)
        if failed:  # overloaded or unreadable: ask again, with smaller pages
            yield from self._shrink_and_retry(response.request, failed)
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        data = self._graphql_data(response)
        if data is None:
            return
        changed, unchanged = [], []
        refused = self._errors_by_alias(response)
        for index, item in enumerate(response.meta["batch"]):
            node = data.get(f"r{index}")
            if not isinstance(node, dict) or node.get("databaseId") is None or "/" not in str(node.get("nameWithOwner")):
                # Only GitHub's explicit NOT_FOUND for this alias means "not found".
                kind = refused.get(f"r{index}", ("", ""))[0]
                self.record_error(f"repository not found: {item['account_url']}" if not node and kind == "NOT_FOUND"
                                  else f"{item['account_url']}: not fetched (no answer for this repository)"
                                  if not node else f"{item['account_url']}: the answer could not be read")
                continue
            if self._changed(forge, node):
                owner_name, name = node["nameWithOwner"].split("/", 1)
                changed.append(dict(item, owner=owner_name, name=name, listed=node))
            else:
                unchanged.append(str(node["databaseId"]))
        if unchanged:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset(unchanged))
        yield from self._details_requests(forge, changed)

    def _changed(self, forge, node: dict) -> bool:
        return self.is_changed(forge, gh.listed_from_graphql(node))

    def _graphql_request(self, forge, query: str, callback, meta: dict, variables: dict | None = None):
        request = self.api_request(
            forge, forge.graphql_url, callback, method="POST",
            body={"query": query, **({"variables": variables} if variables else {})},
            meta={**meta, "dont_cache": True, "dont_retry": True}, errback=self.on_graphql_failure,
        )
        request.meta["handle_httpstatus_list"] = request.meta["handle_httpstatus_list"] + list(GRAPHQL_RETRY_STATUSES)
        return request

    def _listing_request(self, forge, accounts: list[dict], page_size: int):
        query = gh.listing_query([(f"a{i}", a["login"], a["cursor"]) for i, a in enumerate(accounts)], page_size)
        return self._graphql_request(forge, query, self.parse_listing,
                                     {"accounts": accounts, "page_size": page_size, "kind": "listing"})

    def parse_listing(self, response: Response):
        failed = self._failed_answer(response)
        if failed:  # overloaded or unreadable: ask again, with smaller pages
            yield from self._shrink_and_retry(response.request, failed)
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        data = self._graphql_data(response)
        if data is None:
            return
        page_size = self._next_page_size(response)
        refused = self._errors_by_alias(response)
        continuing, changed, unchanged = [], [], []
        for index, account in enumerate(response.meta["accounts"]):
            alias = f"a{index}"
            owner = data.get(alias)
            if not owner:
                kind, message = refused.get(alias, ("NOT_FOUND", ""))
                self.record_error(f"account not found: {account['account_url']}" if kind == "NOT_FOUND"
                                  else f"{account['account_url']}: not listed: {message}")
                continue
            connection = owner.get("repositories")
            if not isinstance(connection, dict) or not isinstance(connection.get("nodes"), list):
                # A partial answer (a field that timed out or was refused): this page is
                # lost, so the listing is incomplete and nothing may be marked gone.
                self.record_error(f"{account['account_url']}: the forge answered without the list of repositories"
                                  + (f" ({refused[alias][1]})" if alias in refused else ""))
                continue
            unreadable = 0
            for node in connection["nodes"]:
                if not isinstance(node, dict) or node.get("databaseId") is None or "/" not in str(node.get("nameWithOwner")):
                    unreadable += 1
                    continue
                forge_id = str(node["databaseId"])
                account["ids"].append(forge_id)
                if self._changed(forge, node):
                    owner_name, name = node["nameWithOwner"].split("/", 1)
                    changed.append({"owner": owner_name, "name": name, "account_url": account["account_url"],
                                    "publisher_id": account["publisher_id"], "listed": node})
                else:
                    unchanged.append(forge_id)
            if unreadable:
                account["incomplete"] = True
                self.record_error(f"{account['account_url']}: {unreadable} repositories in the answer could not be read")
            page = connection.get("pageInfo") or {}
            cursor = page.get("endCursor") if page.get("hasNextPage") else None
            try:
                cursor = follow(account.setdefault("cursors", []), cursor, account["account_url"])
            except PaginationLoop as loop:
                self.record_error(str(loop))  # incomplete: no AccountListing, so nothing is marked gone
                continue
            if cursor:
                continuing.append(dict(account, cursor=cursor))
            elif not account.get("incomplete"):
                yield AccountListing(host=forge.host, account_url=account["account_url"],
                                     forge_ids=frozenset(account["ids"]))
        if unchanged:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset(unchanged))
        yield from self._details_requests(forge, changed)
        for start in range(0, len(continuing), ACCOUNTS_PER_QUERY):
            yield self._listing_request(forge, continuing[start:start + ACCOUNTS_PER_QUERY], page_size)

    # --- phase 2: details of new and changed repositories ---------------------------

    def _details_requests(self, forge, items: list[dict]) -> Iterable:
        """Queue changed repositories; full batches are asked at once, the rest when idle."""
        yield from self.add_to_batch(forge.host, "details", items, DETAILS_PER_QUERY)

    def batch_requests(self, forge_host: str, kind: str, batch: list, per_query: int = DETAILS_PER_QUERY):
        forge = self.catalogue.forges[forge_host]
        for start in range(0, len(batch), per_query):
            part = batch[start:start + per_query]
            aliases = [(f"r{i}", item["owner"], item["name"]) for i, item in enumerate(part)]
            readme = [f"r{i}" for i, item in enumerate(part) if _needs_readme(item.get("listed") or {})]
            yield self._graphql_request(forge, gh.repositories_query(aliases, with_readme=readme), self.parse_details,
                                        {"batch": part, "page_size": len(part), "kind": "details"},
                                        variables=gh.history_variables(self.now))

    def parse_details(self, response: Response):
        failed = self._failed_answer(response)
        if failed:  # overloaded or unreadable: ask again, with smaller pages
            yield from self._shrink_and_retry(response.request, failed)
            return
        data = self._graphql_data(response)
        if data is None:
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        refused = self._errors_by_alias(response)
        for index, item in enumerate(response.meta["batch"]):
            node = data.get(f"r{index}")
            kind, message = refused.get(f"r{index}", ("", ""))
            if not node and item.get("listed") and _is_refusal(kind, message):
                # Listed by its account but refused in full (e.g. blocked for a DMCA notice):
                # kept with what the listing said, the refusal recorded on it.
                source = gh.map_graphql_repository(item["listed"], host=forge.host, publisher_id=item["publisher_id"],
                                                   account_url=item["account_url"], fetched_at=self.now)
                yield replace(source, problems=(HarvestProblem(kind="access", message=message, url=source.url),))
                continue
            if not isinstance(node, dict) or node.get("databaseId") is None or not node.get("url"):
                # Not fetched (not found, or a partial answer): the store keeps what it had,
                # and the next crawl asks again, since nothing new was stored for it.
                self.record_error(f"https://{forge.host}/{item['owner']}/{item['name']}: not fetched"
                                  + (f" ({message})" if message else " (no answer for this repository)"))
                continue
            readme = (node.get("readme") or {}).get("text")
            yield gh.map_graphql_repository(node, host=forge.host, publisher_id=item["publisher_id"],
                                            account_url=item["account_url"], fetched_at=self.now,
                                            readme_excerpt=first_paragraph(readme) if readme else None)

    # --- answers, errors and adaptive page sizes ------------------------------------

    def _errors_by_alias(self, response: Response) -> dict[str, tuple[str, str]]:
        """``{alias: (type, message)}`` of the errors that concern one alias of the query
        (GitHub names the alias first in an error's ``path``)."""
        body = self.json_body(response)
        errors = body.get("errors") if isinstance(body, dict) else None
        return {str(error["path"][0]): (str(error.get("type") or ""), str(error.get("message") or ""))
                for error in errors or () if isinstance(error, dict) and error.get("path")}

    def _failed_answer(self, response: Response) -> str | None:
        """Why an answer cannot be used at all (overloaded, not JSON, no data), or ``None``.

        GitHub answers a query that timed out on its side with 502/504, or with HTTP 200,
        ``"data": null`` and the error; a truncated or HTML body is not JSON.
        """
        if response.status in GRAPHQL_RETRY_STATUSES:
            return f"HTTP {response.status}"
        if response.status != 200:
            return None  # a refusal, reported by _graphql_data
        body = self.json_body(response)
        if not isinstance(body, dict):
            return "the answer was not JSON (cut off, or an HTML page)"
        if body.get("data") is None:
            messages = "; ".join(str(e.get("message")) for e in body.get("errors") or () if isinstance(e, dict))
            return f"no data in the answer{': ' + messages if messages else ''}"
        return None

    def _graphql_data(self, response: Response) -> dict | None:
        body = self.json_body(response)
        if response.status != 200 or not isinstance(body, dict):
            self.record_error(f"GraphQL query failed: HTTP {response.status} from {response.url}")
            return None
        for error in body.get("errors") or ():
            # Errors of one alias (a missing or blocked repository) belong to that alias.
            if not error.get("path") and error.get("type") != "NOT_FOUND":
                self.record_error(f"GraphQL error from {response.url}: {error.get('message')}")
        rate = (body.get("data") or {}).get("rateLimit")
        if rate and isinstance(rate.get("remaining"), int):
            key = f"catalogue/budget/{response.meta['forge_host']}/graphql"
            before = self.crawler.stats.get_value(key)
            self.crawler.stats.set_value(key, rate["remaining"])
            if before is None or before // 500 != rate["remaining"] // 500:
                logger.info("%s: %d GraphQL points left until %s", response.meta["forge_host"], rate["remaining"],
                            rate.get("resetAt"))
        return body.get("data") or {}

    def _next_page_size(self, response: Response) -> int:
        size = response.meta["page_size"]
        if response.meta.get("download_latency", 0) > SLOW_ANSWER_SECONDS and size > MIN_PAGE_SIZE:
            self.crawler.stats.inc_value("catalogue/graphql/page_size_reduced")
            return max(MIN_PAGE_SIZE, size // 2)
        return size

    def _shrink_and_retry(self, request, reason: str):
        """The same query with half the page size, or ``None`` when it cannot shrink."""
        meta = request.meta
        forge = self.catalogue.forges[meta["forge_host"]]
        size = meta["page_size"]
        attempts = meta.get("shrink_attempts", 0)
        if size <= MIN_PAGE_SIZE and attempts >= 2:
            self.record_error(f"GraphQL query failed at the smallest page size ({reason}): {request.url}")
            return []
        self.crawler.stats.inc_value("catalogue/graphql/page_size_reduced")
        smaller = max(MIN_PAGE_SIZE, size // 2)
        logger.info("%s: GraphQL %s (%s); asking again with %d per page", forge.host, meta["kind"], reason, smaller)
        if meta["kind"] == "listing":
            accounts = meta["accounts"]
            half = max(1, len(accounts) // 2) if len(accounts) > 1 else 1
            requests = [self._listing_request(forge, accounts[i:i + half], smaller) for i in range(0, len(accounts), half)]
        elif meta["kind"] == "details":
            requests = list(self.batch_requests(forge.host, "details", meta["batch"], per_query=smaller))
        else:  # "singles": the light query of repositories listed one by one
            requests = list(self._singles_requests(forge, meta["batch"], per_query=smaller))
        for new in requests:
            new.meta["shrink_attempts"] = attempts + 1
        return requests

    def on_graphql_failure(self, failure: Failure):
        """Errback of GraphQL requests: a timeout or a dropped connection shrinks the page."""
        # Scrapy sets .request on the Failure it hands an errback; Twisted's type has no such attribute.
        request = failure.request  # type: ignore[attr-defined]
        yield from self._shrink_and_retry(request, failure.getErrorMessage()) or []


def _needs_readme(listed: dict) -> bool:
    """``catalogue.forges.base.needs_readme`` for a listing node."""
    return needs_readme(listed.get("description"), has_publiccode=gh.listing_blob_id(listed) is not None,
                        empty=bool(listed.get("isEmpty")))


def _is_refusal(kind: str, message: str) -> bool:
    """A GraphQL error that refuses one repository for good (blocked, forbidden), as
    opposed to a timeout or a missing field: only then are the listing's facts kept."""
    text = message.lower()
    return kind == "FORBIDDEN" or "blocked" in text or "access" in text or "forbidden" in text
