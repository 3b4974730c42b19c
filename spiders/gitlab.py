"""GitLab spider: groups (with all subgroups), user namespaces and single projects,
on gitlab.com and self-hosted instances, through REST v4.

A group is listed once with ``include_subgroups=true``; a path that is not a group is
tried as a user namespace. Per project, a few requests complete what the listing
lacks (licence, publiccode.yml, last commit, latest release, languages); empty
projects and projects without a repository skip the repository requests (case B18).
"""

from __future__ import annotations

from scrapy.http import Response

from catalogue.forges import gitlab as gl
from catalogue.harvest.items import AccountListing
from catalogue.readme import first_paragraph
from catalogue.records import PubliccodeFile
from spiders.base import ForgeSpider, Target, next_link, problem_from_response


class GitLabSpider(ForgeSpider):
    """Harvest every public project of the publishers' GitLab groups and users."""

    name = "gitlab"
    forge_type = "gitlab"

    def initial_requests(self):
        for target in self.targets():
            yield from self._start(target)

    def _start(self, target: Target):
        forge = target.forge
        origin = {"account_url": target.hosting.url, "publisher_id": target.publisher.id,
                  "path": target.hosting.path, "ids": [], "kind": "group"}
        if target.hosting.kind == "account":
            url = forge.rest_url + gl.group_projects_path(target.hosting.path)
            yield self.api_request(forge, url, self.parse_listing, meta={"origin": origin})
        else:
            url = f"{forge.rest_url}/projects/{gl.encode_path(target.hosting.path)}?license=true"
            yield self.api_request(forge, url, self.parse_single_project, meta={"origin": origin})

    def parse_listing(self, response: Response):
        origin = response.meta["origin"]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        if response.status == 404 and origin["kind"] == "group":
            origin = dict(origin, kind="user")
            url = forge.rest_url + gl.user_projects_path(origin["path"])
            yield self.api_request(forge, url, self.parse_listing, meta={"origin": origin})
            return
        page = self.json_body(response)
        if response.status != 200 or not isinstance(page, list):
            self.record_error(f"listing {origin['account_url']} failed: HTTP {response.status}")
            return
        for project in page:
            if project.get("visibility", "public") != "public":
                continue
            origin["ids"].append(str(project["id"]))
            yield from self._project_chain(forge, project, origin, fetch_project=True)
        following = next_link(response)
        if following:
            yield self.api_request(forge, following, self.parse_listing, meta={"origin": origin})
        else:
            yield AccountListing(host=forge.host, account_url=origin["account_url"], forge_ids=frozenset(origin["ids"]))

    def parse_single_project(self, response: Response):
        origin = response.meta["origin"]
        project = self.json_body(response)
        if response.status != 200 or not isinstance(project, dict):
            self.record_error(f"project {origin['account_url']}: HTTP {response.status}")
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        yield from self._project_chain(forge, project, origin, fetch_project=False)

    def _project_chain(self, forge, project: dict, origin: dict, *, fetch_project: bool):
        base = f"{forge.rest_url}/projects/{project['id']}"
        steps = []
        if fetch_project:  # listings do not carry the licence
            steps.append(("project", f"{base}?license=true"))
        branch = project.get("default_branch")
        if gl.has_repository(project) and not project.get("empty_repo") and branch:
            steps.append(("publiccode", forge.rest_url + gl.file_raw_path(project["id"], "publiccode.yml", branch)))
            steps.append(("commits", self.with_query(f"{base}/repository/commits", per_page=1, ref_name=branch)))
            steps.append(("releases", f"{base}/releases?per_page=10"))
            steps.append(("languages", f"{base}/languages"))
        context = {"host": forge.host, "project": project, "origin": origin, "problems": []}
        yield from self.start_chain(forge, steps, context)

    def step_project(self, response: Response, context: dict):
        body = self.json_body(response)
        if response.status == 200 and isinstance(body, dict):
            context["license"] = body.get("license")

    def step_publiccode(self, response: Response, context: dict):
        project = context["project"]
        path = "publiccode.yaml" if "publiccode.yaml" in response.url else "publiccode.yml"
        if response.status == 200:
            raw = response.body
            try:
                text, raw_kept = raw.decode("utf-8"), None
            except UnicodeDecodeError:
                text, raw_kept = None, raw
            blob = response.headers.get("X-Gitlab-Blob-Id", b"").decode("latin-1") or None
            url = f"https://{context['host']}/{project['path_with_namespace']}/-/blob/{project['default_branch']}/{path}"
            context["publiccode"] = PubliccodeFile(path=path, text=text, raw=raw_kept, blob_id=blob, url=url)
            return None
        if response.status == 404 and path == "publiccode.yml":
            forge = self.catalogue.forges[response.meta["forge_host"]]
            more = [("publiccode", forge.rest_url + gl.file_raw_path(project["id"], "publiccode.yaml",
                                                                     project["default_branch"]))]
            return more + self._readme_step(response, context)
        if response.status != 404:
            context["problems"].append(problem_from_response(response, f"reading {path}"))
        return self._readme_step(response, context)

    def _readme_step(self, response: Response, context: dict):
        project = context["project"]
        if project.get("description") or "readme_asked" in context:
            return []
        context["readme_asked"] = True
        forge = self.catalogue.forges[response.meta["forge_host"]]
        return [("readme", forge.rest_url + gl.file_raw_path(project["id"], "README.md", project["default_branch"]))]

    def step_readme(self, response: Response, context: dict):
        if response.status == 200:
            context["readme"] = first_paragraph(response.text)

    def step_commits(self, response: Response, context: dict):
        if response.status == 200:
            context["last_commit_at"] = gl.last_commit_date(self.json_body(response))
        elif response.status not in (404, 409):
            context["problems"].append(problem_from_response(response, "reading the last commit"))

    def step_releases(self, response: Response, context: dict):
        if response.status == 200:
            context["release"] = gl.latest_release(self.json_body(response))

    def step_languages(self, response: Response, context: dict):
        body = self.json_body(response)
        if response.status == 200 and isinstance(body, dict):
            context["languages"] = gl.languages_by_share(body)

    def finish_chain(self, context: dict):
        origin = context["origin"]
        yield gl.map_rest_project(
            context["project"],
            host=context["host"],
            publisher_id=origin["publisher_id"],
            account_url=origin["account_url"],
            fetched_at=self.now,
            license_info=context.get("license"),
            publiccode=context.get("publiccode"),
            last_commit_at=context.get("last_commit_at"),
            release=context.get("release"),
            languages=context.get("languages", ()),
            readme_excerpt=context.get("readme"),
            problems=context["problems"],
        )
