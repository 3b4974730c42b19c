"""GitHub REST v3: the fallback path of the GitHub spider when GraphQL is unavailable
(no token, or a forge without GraphQL).

A listing page (``GET /orgs/{org}/repos``, else ``/users/{login}/repos``) tells each
repository's last push and last update; only new or changed repositories are
completed with a few requests each (publiccode.yml, last commit, releases, open issues
without pull requests, languages, README when there is no description).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.http import Response

from catalogue.forges import github as gh
from catalogue.forges.base import needs_readme
from catalogue.harvest.items import SeenUnchanged
from catalogue.readme import first_paragraph
from catalogue.harvest.middlewares import download_cut_off
from catalogue.publiccode.bounds import judge_fetched
from catalogue.records import HarvestProblem
from spiders.base import PaginationLoop, follow, next_link, problem_from_response

REST_PAGE_SIZE = 100

if TYPE_CHECKING:  # the mixin runs inside a ForgeSpider (GitHubSpider), whose methods it calls
    from spiders.base import ForgeSpider as _SpiderBase
else:
    _SpiderBase = object


class GitHubRestMixin(_SpiderBase):
    """The REST fallback of ``GitHubSpider`` (uses the base spider's chains)."""

    def rest_start(self, forge, accounts: list, repositories: list):
        """First requests: each account's listing, each single repository's object."""
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
            yield from self.unreadable_listing(response, origin["account_url"])
            return
        unchanged = []
        for repo in page:
            if not isinstance(repo, dict) or repo.get("id") is None or not repo.get("full_name") or not repo.get("html_url"):
                origin["incomplete"] = True  # a listing we could not read whole marks nothing gone
                continue
            if repo.get("private"):
                continue
            forge_id = str(repo["id"])
            origin["ids"].append(forge_id)
            if self.is_changed(forge, gh.listed_from_rest(repo)):
                yield from self._rest_chain(forge, repo, origin)
            else:
                unchanged.append(forge_id)
        if unchanged:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset(unchanged))
        yield from self.end_of_listing_page(forge, response, origin, self.parse_rest_listing)

    def parse_rest_repository(self, response: Response):
        origin = response.meta["origin"]
        repo = self.json_body(response)
        if response.status != 200 or not isinstance(repo, dict):
            self.record_error(f"repository {origin['account_url']}: HTTP {response.status}")
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        if self.is_changed(forge, gh.listed_from_rest(repo)):
            yield from self._rest_chain(forge, repo, origin)
        else:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset({str(repo["id"])}))

    def _rest_chain(self, forge, repo: dict, origin: dict):
        full = repo["full_name"]
        base = f"{forge.rest_url}/repos/{full}"
        steps = []
        if repo.get("fork") and not repo.get("parent"):
            # Listings leave out a fork's parent; the repository object has it.
            steps.append(("repository", base))
        steps += [("publiccode", self._publiccode_url(forge, repo, "publiccode.yml")),
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
            url = f"{repo['html_url'].rstrip('/')}/blob/{repo.get('default_branch') or 'HEAD'}/{path}"
            cut_off, size = download_cut_off(response)
            body = self.json_body(response) if "/contents/" in response.url and not cut_off else None
            if cut_off:
                context["publiccode"] = judge_fetched(path, None, size=size, cut_off=True, url=url)
            elif isinstance(body, dict):
                context["publiccode"] = gh.contents_publiccode(body, path=path, url=url)
            else:
                context["publiccode"] = judge_fetched(path, response.body, url=url)
        elif response.status == 404 and path == "publiccode.yml" and "empty" not in response.text.lower():
            forge = self.catalogue.forges[response.meta["forge_host"]]
            return [("publiccode", self._publiccode_url(forge, repo, "publiccode.yaml"))]
        elif response.status not in (404, 409):
            context["problems"].append(problem_from_response(response, f"reading {path}"))
        if needs_readme(repo.get("description"), has_publiccode="publiccode" in context, empty=repo.get("size", 1) == 0):
            forge = self.catalogue.forges[response.meta["forge_host"]]
            return [("readme", f"{forge.rest_url}/repos/{repo['full_name']}/readme")]
        return None

    def step_repository(self, response: Response, context: dict):
        body = self.json_body(response)
        if response.status == 200 and isinstance(body, dict) and str(body.get("id")) == str(context["repo"]["id"]):
            context["repo"] = body

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
        try:
            following = follow(context.setdefault("issue_pages_asked", [response.url]), next_link(response),
                               context["repo"].get("html_url", "issues"))
        except PaginationLoop as loop:
            context["problems"].append(HarvestProblem(kind="decode", message=str(loop), url=response.url))
            return None
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
