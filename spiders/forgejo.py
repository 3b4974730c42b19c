"""Forgejo / Gitea spider: organisations, users, single repositories and whole instances
(code.overheid.nl, Codeberg, any self-hosted Forgejo or Gitea).

REST only (Forgejo has no GraphQL); the paths and mappers are
``catalogue.forges.forgejo``'s. An account is listed with ``/users/{login}/repos``
(organisations and users alike), a whole instance with ``/orgs`` and then each
organisation's repositories. Several accounts of one instance are listed together
through ``/repos/search`` (every repository of the instance, by id) when its first page
shows that this takes fewer pages than one listing per account (code.overheid.nl: a few
hundred repositories in a dozen accounts); else each account is listed. Pages follow ``Link`` and, without it, ``X-Total-Count``
and the number of items received (servers cap the page size). New or changed
repositories (``updated_at`` moved) cost, in order: the root directory (which files
exist), publiccode.yml when there is one, the newest commit, the latest release when
``release_counter`` > 0, the languages when a primary language is set, and the README
only under ``needs_readme``. Empty repositories cost nothing beyond their listing.
Rate limits (a proxy's 429, with or without ``Retry-After``) are the
``RateLimitMiddleware``'s; the HTTP cache revalidates pages where the server sends ETags.
"""

from __future__ import annotations

import json

from scrapy.http import Response

from catalogue.forges import forgejo as fj
from catalogue.forges.base import needs_readme, publiccode_file
from catalogue.harvest.items import AccountListing
from catalogue.harvest.middlewares import download_cut_off
from catalogue.readme import first_paragraph
from catalogue.records import HarvestProblem
from spiders.base import ForgeSpider, PaginationLoop, Target, follow, next_link, problem_from_response


#: With this many accounts on one instance, the first page of ``/repos/search`` decides
#: whether the instance-wide listing is cheaper than one listing per account.
SEARCH_MIN_ACCOUNTS = 2


class ForgejoSpider(ForgeSpider):
    """Harvest every public repository of the publishers' Forgejo/Gitea accounts and instances."""

    name = "forgejo"
    forge_type = "forgejo"

    def initial_requests(self):
        accounts: dict[str, list[Target]] = {}
        for target in self.targets():
            if target.hosting.kind == "account":
                accounts.setdefault(target.forge.host, []).append(target)
            else:
                yield from self._start(target)
        for targets in accounts.values():
            if len(targets) >= SEARCH_MIN_ACCOUNTS:
                yield self._search_request(targets)
            else:
                for target in targets:
                    yield from self._start(target)

    def _start(self, target: Target):
        forge, hosting = target.forge, target.hosting
        if hosting.kind == "instance":
            origin = {"instance_url": hosting.url, "publisher_id": target.publisher.id, "pages": []}
            yield self.api_request(forge, forge.rest_url + fj.orgs_path(), self.parse_orgs, meta={"origin": origin})
        elif hosting.kind == "account":
            yield from self._list_account(forge, hosting.path, hosting.url, target.publisher.id)
        else:
            origin = {"account_url": hosting.url, "publisher_id": target.publisher.id}
            yield self.api_request(forge, forge.rest_url + fj.repo_path(hosting.path), self.parse_repository,
                                   meta={"origin": origin})

    def _list_account(self, forge, login: str, account_url: str, publisher_id: str, from_instance: bool = False):
        origin = {"account_url": account_url, "publisher_id": publisher_id, "ids": [], "received": 0,
                  "from_instance": from_instance}
        yield self.api_request(forge, forge.rest_url + fj.owner_repos_path(login), self.parse_listing,
                               meta={"origin": origin})

    # --- paging ------------------------------------------------------------------------

    def next_page(self, response: Response) -> str | None:
        """``Link rel="next"``; without it, the next ``page`` while ``X-Total-Count`` says
        more items exist than were received (counted, never assumed from ``limit``)."""
        following = next_link(response)
        if following:
            return following
        origin = response.meta["origin"]
        total = (response.headers.get("X-Total-Count") or b"").decode("latin-1").strip()
        page = self.json_body(response)
        if not total.isdigit() or not page or origin.get("received", 0) >= int(total):
            return None
        base, _, query = response.url.partition("?")
        params = [p for p in query.split("&") if p and not p.startswith("page=")]
        current = next((int(p[5:]) for p in query.split("&") if p.startswith("page=") and p[5:].isdigit()), 1)
        return f"{base}?{'&'.join(params + [f'page={current + 1}'])}"

    # --- several accounts of one instance at once: /repos/search ----------------------

    def _search_request(self, targets: list[Target]):
        """The instance's repositories in id order, 50 a page, when that costs fewer pages
        than listing each account (decided on the first page, see ``parse_search``)."""
        forge = targets[0].forge
        accounts = {t.hosting.path.lower(): {"account_url": t.hosting.url, "publisher_id": t.publisher.id,
                                             "ids": [], "login": t.hosting.path} for t in targets}
        origin = {"accounts": accounts, "pages": [], "received": 0, "account_url": f"https://{forge.host}"}
        return self.api_request(forge, forge.rest_url + fj.search_path(), self.parse_search, meta={"origin": origin})

    def _per_account(self, forge, origin: dict, why: str):
        self.crawler.stats.inc_value("catalogue/forgejo/search_declined")
        self.logger.info("%s: %s; listing each account instead", forge.host, why)
        for account in origin["accounts"].values():
            yield from self._list_account(forge, account["login"], account["account_url"], account["publisher_id"])

    def parse_search(self, response: Response):
        origin = response.meta["origin"]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        body = self.json_body(response)
        page = body.get("data") if isinstance(body, dict) else None
        first = not origin["pages"]
        if response.status != 200 or not isinstance(page, list):
            if first:
                yield from self._per_account(forge, origin, f"the repository search answered HTTP {response.status}")
            else:
                self.record_error(f"{forge.host}: the repository search failed on a later page (HTTP "
                                  f"{response.status}); nothing of its accounts is marked gone")
            return
        total = (response.headers.get("X-Total-Count") or b"").decode("latin-1").strip()
        if first and (not total.isdigit() or (page and -(-int(total) // len(page)) > len(origin["accounts"]))):
            yield from self._per_account(forge, origin, f"the instance holds {total or 'an unknown number of'} "
                                                        "repositories, more pages than accounts")
            return
        origin["received"] += len(page)
        pairs = []
        for repo in page:
            if not fj.readable_listing_entry(repo):
                origin["incomplete"] = True
                continue
            account = origin["accounts"].get(str(repo["full_name"]).split("/", 1)[0].lower())
            if account is None or repo.get("private") or repo.get("internal"):
                continue
            account["ids"].append(str(repo["id"]))
            pairs.append((fj.listed(repo), (repo, account)))
        changed = yield from self.sort_listed(forge, pairs)
        for repo, account in changed:
            yield from self._details(forge, repo, account)
        if first:
            origin["pages"].append(response.url)
        try:
            following = follow(origin["pages"], self.next_page(response), origin["account_url"])
        except PaginationLoop as loop:
            self.record_error(str(loop))
            return
        if following:
            yield self.api_request(forge, following, self.parse_search, meta={"origin": origin})
            return
        for account in origin["accounts"].values():
            if not account["ids"]:  # none found: ask the account itself (empty, renamed or unknown)
                yield from self._list_account(forge, account["login"], account["account_url"], account["publisher_id"])
            elif origin.get("incomplete"):
                self.record_error(f"{account['account_url']}: some repositories in the search could not be read; "
                                  "nothing of this account is marked gone")
            else:
                yield AccountListing(host=forge.host, account_url=account["account_url"],
                                     forge_ids=frozenset(account["ids"]))

    # --- whole instance -------------------------------------------------------------------

    def parse_orgs(self, response: Response):
        origin = response.meta["origin"]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        page = self.json_body(response)
        if response.status != 200 or not isinstance(page, list):
            yield from self.unreadable_listing(response, f"the organisations of {origin['instance_url']}")
            return
        origin["received"] = origin.get("received", 0) + len(page)
        for org in page:
            login = org.get("username") or org.get("name") if isinstance(org, dict) else None
            if not isinstance(login, str) or not login:
                self.record_error(f"{origin['instance_url']}: an organisation in the listing could not be read")
                continue
            if self.claimed(forge.host, login):
                continue  # named by an entry of its own
            yield from self._list_account(forge, login, f"https://{forge.host}/{login}", origin["publisher_id"],
                                          from_instance=True)
        try:
            following = follow(origin["pages"], self.next_page(response), origin["instance_url"])
        except PaginationLoop as loop:
            self.record_error(str(loop))
            return
        if following:
            yield self.api_request(forge, following, self.parse_orgs, meta={"origin": origin})

    # --- listing ------------------------------------------------------------------------

    def parse_listing(self, response: Response):
        origin = response.meta["origin"]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        page = self.json_body(response)
        if response.status != 200 or not isinstance(page, list):
            yield from self.unreadable_listing(response, origin["account_url"])
            return
        origin["received"] = origin.get("received", 0) + len(page)
        pairs = []
        for repo in page:
            if not fj.readable_listing_entry(repo):
                origin["incomplete"] = True  # a listing we could not read whole marks nothing gone
                continue
            if repo.get("private") or repo.get("internal"):
                continue
            if origin.get("from_instance") and self.claimed(forge.host, str(repo["full_name"])):
                continue  # named by an entry of its own, whose publisher it is
            origin["ids"].append(str(repo["id"]))
            pairs.append((fj.listed(repo), repo))
        changed = yield from self.sort_listed(forge, pairs)
        for repo in changed:
            yield from self._details(forge, repo, origin)
        yield from self.end_of_listing_page(forge, response, origin, self.parse_listing)

    def parse_repository(self, response: Response):
        origin = response.meta["origin"]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        repo = self.json_body(response)
        if response.status != 200 or not fj.readable_listing_entry(repo):
            self.record_error(f"repository {origin['account_url']}: HTTP {response.status}")
            return
        changed = yield from self.sort_listed(forge, [(fj.listed(repo), repo)])
        for item in changed:
            yield from self._details(forge, item, origin)

    # --- details: a few REST answers per new or changed repository ---------------------

    def _details(self, forge, repo: dict, origin: dict):
        context = {"host": forge.host, "repo": repo, "origin": origin, "problems": []}
        if not fj.has_content(repo):
            yield from self.finish_chain(context)
            return
        base = forge.rest_url + fj.repo_path(repo["full_name"])
        ref = fj.ref_query(repo["default_branch"])
        steps = [("files", f"{base}/contents{ref}"),
                 ("commits", f"{base}/commits?sha={ref[5:]}&limit=1&stat=false&verification=false&files=false")]
        if repo.get("release_counter"):
            steps.append(("release", f"{base}/releases/latest"))
        if repo.get("language"):
            steps.append(("languages", f"{base}/languages"))
        yield from self.start_chain(forge, steps, context)

    def _file_url(self, response: Response, context: dict, name: str, route: str = "contents") -> str:
        forge = self.catalogue.forges[response.meta["forge_host"]]
        repo = context["repo"]
        return (f"{forge.rest_url}{fj.repo_path(repo['full_name'])}/{route}/{name}"
                f"{fj.ref_query(repo['default_branch'])}")

    def step_files(self, response: Response, context: dict):
        repo = context["repo"]
        if response.status != 200 or not isinstance(self.json_body(response), list):
            # Without the root listing, ask the file itself: only the API's own "does not
            # exist" says it is missing.
            context["problems"].append(problem_from_response(response, "listing the root directory"))
            return [("publiccode", self._file_url(response, context, "publiccode.yml"))]
        files = fj.root_files(self.json_body(response))
        found = fj.publiccode_name(files)
        steps = []
        if found:
            steps.append(("publiccode", self._file_url(response, context, found[0])))
        readme = fj.readme_name(files)
        if readme and needs_readme(repo.get("description"), has_publiccode=found is not None,
                                   empty=bool(repo.get("empty"))):
            steps.append(("readme", self._file_url(response, context, readme, route="raw")))
        return steps

    def step_publiccode(self, response: Response, context: dict):
        repo = context["repo"]
        name = response.url.split("?", 1)[0].rsplit("/", 1)[-1]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        url = forge.unit.blob_url(f"https://{context['host']}/{repo['full_name']}", repo["default_branch"], name)
        cut_off, size = download_cut_off(response)
        if response.status == 200 and cut_off:  # stopped by FileSizeLimitMiddleware: too large to read
            context["publiccode"] = publiccode_file(name, None, url=url, size=size, cut_off=True)
            return None
        body = self.json_body(response)
        if response.status == 200 and isinstance(body, dict):
            context["publiccode"] = publiccode_file(body.get("path") or name, fj.decode_contents(body), url=url,
                                                    blob_id=body.get("sha"), size=body.get("size"))
            return None
        if response.status == 404 and _says_missing(body):
            if name == "publiccode.yml":
                return [("publiccode", self._file_url(response, context, "publiccode.yaml"))]
            return None
        context["problems"].append(problem_from_response(response, f"reading {name}"))
        return None

    def step_readme(self, response: Response, context: dict):
        if response.status == 200:
            context["readme"] = first_paragraph(response.body.decode("utf-8", "replace"))

    def step_commits(self, response: Response, context: dict):
        if response.status == 200:
            context["last_commit_at"] = fj.last_commit_date(self.json_body(response))
        elif response.status not in (404, 409):  # 409: "Git Repository is empty"
            context["problems"].append(problem_from_response(response, "reading the last commit"))

    def step_release(self, response: Response, context: dict):
        if response.status == 200:
            context["release"] = fj.latest_release(self.json_body(response))

    def step_languages(self, response: Response, context: dict):
        if response.status == 200:
            context["languages"] = fj.languages_by_size(self.json_body(response))

    def finish_chain(self, context: dict):
        origin = context["origin"]
        problems: list[HarvestProblem] = context["problems"]
        yield fj.map_repository(
            context["repo"], host=context["host"], publisher_id=origin["publisher_id"],
            account_url=origin["account_url"], fetched_at=self.now, publiccode=context.get("publiccode"),
            last_commit_at=context.get("last_commit_at"), release=context.get("release"),
            languages=context.get("languages"), readme_excerpt=context.get("readme"), problems=problems,
        )


def _says_missing(body) -> bool:
    """True for Forgejo's own "no such file" answer (``GetContentsOrList`` with ``object
    does not exist``, or APINotFound), as opposed to a proxy's or an unknown route's 404
    (``404 page not found`` in plain text), which proves nothing."""
    if not isinstance(body, dict):
        return False
    text = json.dumps(body).lower()
    return "does not exist" in text or "not found" in str(body.get("message", "")).lower() \
        or "couldn't be found" in text
