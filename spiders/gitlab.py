"""GitLab spider: groups (with all subgroups), user namespaces and single projects,
on gitlab.com and self-hosted instances.

A group is listed once with REST ``include_subgroups=true&license=true`` (100 projects
a page, licence included); a path that is not a group is tried as a user namespace.
Projects that are new or changed since the last crawl (last activity or last update
moved) are completed in batches of 50 through GraphQL (publiccode.yml blobs, last
commit, latest release, languages: ``catalogue.forges.gitlab.details_query``), or with a
few REST requests each where the instance has no GraphQL or no token is set. Empty
projects and projects without a repository skip the repository requests (case B18).
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Response

from catalogue.forges import gitlab as gl
from catalogue.forges.base import needs_readme
from catalogue.harvest.items import AccountListing, SeenUnchanged
from catalogue.readme import first_paragraph
from catalogue.harvest.middlewares import download_cut_off
from catalogue.publiccode.bounds import judge_fetched
from spiders.base import ForgeSpider, PaginationLoop, Target, follow, next_link, problem_from_response


class GitLabSpider(ForgeSpider):
    """Harvest every public project of the publishers' GitLab groups and users."""

    name = "gitlab"
    forge_type = "gitlab"

    def initial_requests(self):
        for target in self.targets():
            if target.hosting.kind == "instance":
                origin = {"instance_url": target.hosting.url, "publisher_id": target.publisher.id, "pages": []}
                yield self.api_request(target.forge, target.forge.rest_url + gl.top_level_groups_path(),
                                       self.parse_groups, meta={"origin": origin})
            elif target.hosting.kind == "account":
                yield from self._list_namespace(target.forge, target.hosting.path, target.hosting.url,
                                                target.publisher.id)
            else:
                yield from self._start(target)

    def _list_namespace(self, forge, path: str, account_url: str, publisher_id: str, from_instance: bool = False):
        """List a group (with its subgroups) or user namespace: through GraphQL on a
        recrawl, else REST."""
        if self._recrawl_by_graphql(forge):
            item: dict[str, Any] = {"path": path, "account_url": account_url, "publisher_id": publisher_id, "cursor": None,
                    "ids": [], "changed": [], "from_instance": from_instance}
            yield from self.add_to_batch(forge.host, "namespaces", [item], gl.NAMESPACES_PER_QUERY)
            return
        origin = {"account_url": account_url, "publisher_id": publisher_id, "path": path, "ids": [], "kind": "group",
                  "from_instance": from_instance}
        yield self.api_request(forge, forge.rest_url + gl.group_projects_path(path), self.parse_listing,
                               meta={"origin": origin})

    # --- a whole instance: every public top-level group, each with its subgroups ------

    def parse_groups(self, response: Response):
        origin = response.meta["origin"]
        forge = self.catalogue.forges[response.meta["forge_host"]]
        page = self.json_body(response)
        if response.status != 200 or not isinstance(page, list):
            yield from self.unreadable_listing(response, f"the groups of {origin['instance_url']}")
            return
        for group in page:
            path = group.get("full_path") if isinstance(group, dict) else None
            if not isinstance(path, str) or not path:
                self.record_error(f"{origin['instance_url']}: a group in the listing could not be read")
                continue
            if group.get("visibility", "public") != "public" or self.claimed(forge.host, path):
                continue  # private, or named by an entry of its own
            yield from self._list_namespace(forge, path, f"https://{forge.host}/{path}", origin["publisher_id"],
                                            from_instance=True)
        try:
            following = follow(origin["pages"], next_link(response), origin["instance_url"])
        except PaginationLoop as loop:
            self.record_error(str(loop))
            return
        if following:
            yield self.api_request(forge, following, self.parse_groups, meta={"origin": origin})

    def _recrawl_by_graphql(self, forge) -> bool:
        """A recrawl lists namespaces through GraphQL, five per query; a first crawl (the
        store knows nothing of this host yet) lists them through REST, whose pages carry
        every fact, licences included."""
        return bool(forge.graphql_url and forge.token and not self.known.full and self.known.by_host.get(forge.host))

    # --- recrawls: light GraphQL listing of several namespaces per query ------------

    def _namespaces_request(self, forge, batch: list[dict]):
        query = gl.namespaces_query([(f"n{i}", item["path"], item["cursor"]) for i, item in enumerate(batch)])
        return self.api_request(forge, forge.graphql_url, self.parse_namespaces, method="POST",
                                body={"query": query}, meta={"batch": batch, "dont_cache": True})

    def parse_namespaces(self, response: Response):
        forge = self.catalogue.forges[response.meta["forge_host"]]
        batch = response.meta["batch"]
        body = self.json_body(response)
        data = body.get("data") if isinstance(body, dict) else None
        if response.status != 200 or not data:
            self.record_error(f"GitLab GraphQL listing failed: HTTP {response.status} "
                              f"{(body or {}).get('errors') if isinstance(body, dict) else ''}; listing through REST")
            for item in batch:
                origin = {"account_url": item["account_url"], "publisher_id": item["publisher_id"],
                          "path": item["path"], "ids": [], "kind": "group"}
                yield self.api_request(forge, forge.rest_url + gl.group_projects_path(item["path"]),
                                       self.parse_listing, meta={"origin": origin})
            return
        unchanged, continuing = [], []
        for index, item in enumerate(batch):
            namespace = data.get(f"n{index}")
            if not namespace:
                self.record_error(f"account not found: {item['account_url']}")
                continue
            connection = namespace.get("projects")
            if not isinstance(connection, dict) or not isinstance(connection.get("nodes"), list):
                # A partial answer: this namespace's page is lost, so its listing is
                # incomplete and nothing of it may be marked gone.
                self.record_error(f"{item['account_url']}: the forge answered without the list of projects")
                continue
            for node in connection["nodes"]:
                if not isinstance(node, dict) or not node.get("id") or not node.get("fullPath"):
                    item["incomplete"] = True
                    continue
                if node.get("visibility", "public") != "public" or (
                        item.get("from_instance") and self.claimed(forge.host, node["fullPath"])):
                    continue
                forge_id = gl.project_id(node["id"])
                item["ids"].append(forge_id)
                if self.is_changed(forge, gl.listed_from_graphql(node)):
                    item["changed"].append(forge_id)
                else:
                    unchanged.append(forge_id)
            page = connection.get("pageInfo") or {}
            cursor = page.get("endCursor") if page.get("hasNextPage") else None
            try:
                cursor = follow(item.setdefault("cursors", []), cursor, item["account_url"])
            except PaginationLoop as loop:
                self.record_error(str(loop))
                continue
            if cursor:
                continuing.append(dict(item, cursor=cursor))
                continue
            if item.get("incomplete"):
                self.record_error(f"{item['account_url']}: some projects in the answer could not be read; "
                                  "nothing of this account is marked gone")
            else:
                yield AccountListing(host=forge.host, account_url=item["account_url"], forge_ids=frozenset(item["ids"]))
            yield from self._fetch_changed(forge, item)
        if unchanged:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset(unchanged))
        yield from self.add_to_batch(forge.host, "namespaces", continuing, gl.NAMESPACES_PER_QUERY)

    def _fetch_changed(self, forge, item: dict):
        """The REST facts of a namespace's changed projects, whichever costs fewer
        requests: the namespace's listing pages, or one project at a time."""
        changed = item["changed"]
        if not changed:
            return
        origin = {"account_url": item["account_url"], "publisher_id": item["publisher_id"], "path": item["path"],
                  "ids": [], "kind": "group", "complete_only": set(changed)}
        pages = -(-len(item["ids"]) // gl.MAX_PAGE_SIZE)
        if len(changed) > pages:
            yield self.api_request(forge, forge.rest_url + gl.group_projects_path(item["path"]), self.parse_listing,
                                   meta={"origin": origin})
            return
        for forge_id in changed:
            yield self.api_request(forge, f"{forge.rest_url}/projects/{forge_id}?license=true",
                                   self.parse_single_project, meta={"origin": origin})

    def _start(self, target: Target):
        """One project named by its entry."""
        forge = target.forge
        origin = {"account_url": target.hosting.url, "publisher_id": target.publisher.id,
                  "path": target.hosting.path, "ids": [], "kind": "group"}
        url = f"{forge.rest_url}/projects/{gl.encode_path(target.hosting.path)}?license=true"
        yield self.api_request(forge, url, self.parse_single_project, meta={"origin": origin})

    # --- listing ---------------------------------------------------------------------

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
            yield from self.unreadable_listing(response, origin["account_url"])
            return
        only = origin.get("complete_only")
        if only is not None:  # listed already (GraphQL): only complete the changed projects
            yield from self._complete(forge, [p for p in page if isinstance(p, dict) and str(p.get("id")) in only
                                              and p.get("path_with_namespace")], origin)
            try:
                following = follow(origin.setdefault("pages", [response.url]), next_link(response),
                                   origin["account_url"])
            except PaginationLoop as loop:
                self.record_error(str(loop))
                return
            if following:
                yield self.api_request(forge, following, self.parse_listing, meta={"origin": origin})
            return
        changed, unchanged = [], []
        for project in page:
            if not isinstance(project, dict) or project.get("id") is None or not project.get("path_with_namespace"):
                origin["incomplete"] = True  # a listing we could not read whole marks nothing gone
                continue
            if project.get("visibility", "public") != "public" or (
                    origin.get("from_instance") and self.claimed(forge.host, project["path_with_namespace"])):
                continue
            forge_id = str(project["id"])
            origin["ids"].append(forge_id)
            if self.is_changed(forge, gl.listed_from_rest(project)):
                changed.append(project)
            else:
                unchanged.append(forge_id)
        if unchanged:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset(unchanged))
        yield from self._complete(forge, changed, origin)
        yield from self.end_of_listing_page(forge, response, origin, self.parse_listing)

    def parse_single_project(self, response: Response):
        origin = response.meta["origin"]
        project = self.json_body(response)
        if response.status != 200 or not isinstance(project, dict):
            self.record_error(f"project {origin['account_url']}: HTTP {response.status}")
            return
        forge = self.catalogue.forges[response.meta["forge_host"]]
        if self.is_changed(forge, gl.listed_from_rest(project)):
            yield from self._complete(forge, [project], origin)
        else:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset({str(project["id"])}))

    def _complete(self, forge, projects: list[dict], origin: dict):
        """Fetch what the listing lacks for ``projects``: GraphQL batches where possible."""
        with_repository = [p for p in projects if gl.has_repository(p) and not p.get("empty_repo")
                           and p.get("default_branch")]
        for project in projects:
            if project not in with_repository:  # nothing to ask: empty or without repository
                yield self._map(forge, project, origin, {})
        if not (forge.graphql_url and forge.token):
            for project in with_repository:
                yield from self._rest_chain(forge, project, origin)
            return
        for with_readme, kind in ((False, "details"), (True, "details+readme")):
            items = [{"project": p, "origin": origin} for p in with_repository
                     if needs_readme(p.get("description"), has_publiccode=None) == with_readme]
            # Batches fill up across groups and pages; partial ones go when the spider idles.
            yield from self.add_to_batch(forge.host, kind, items, gl.MAX_FULL_PATHS)

    def batch_requests(self, forge_host: str, kind: str, batch: list):
        forge = self.catalogue.forges[forge_host]
        if kind == "namespaces":
            yield self._namespaces_request(forge, batch)
            return
        if forge.graphql_url is None:  # details are batched only for a forge with GraphQL (parse_listing)
            raise RuntimeError(f"{forge_host}: a GraphQL batch for a forge without graphql_url")
        paths = [item["project"]["path_with_namespace"] for item in batch]
        query = gl.details_query(paths, with_readme=kind == "details+readme")
        yield self.api_request(forge, forge.graphql_url, self.parse_details, method="POST",
                               body={"query": query, "variables": {"fullPaths": paths}},
                               meta={"batch": batch, "dont_cache": True})

    # --- GraphQL details -------------------------------------------------------------

    def parse_details(self, response: Response):
        forge = self.catalogue.forges[response.meta["forge_host"]]
        batch = response.meta["batch"]
        body = self.json_body(response)
        data = (body or {}).get("data") if isinstance(body, dict) else None
        if response.status != 200 or not data:
            message = (body or {}).get("errors") if isinstance(body, dict) else None
            self.record_error(f"GitLab GraphQL query failed: HTTP {response.status} {message or ''} from {response.url}")
            for item in batch:  # asked again the REST way
                yield from self._rest_chain(forge, item["project"], item["origin"])
            return
        nodes = {node["fullPath"].lower(): node for node in ((data.get("projects") or {}).get("nodes") or []) if node}
        for item in batch:
            project, origin = item["project"], item["origin"]
            node = nodes.get(project["path_with_namespace"].lower())
            if node is None:
                yield from self._rest_chain(forge, project, origin)
                continue
            details = gl.graphql_details(node, project, forge.host)
            readme = details.pop("readme_text")
            details["readme_excerpt"] = first_paragraph(readme) if readme else None
            yield self._map(forge, project, origin, details)

    def _map(self, forge, project: dict, origin: dict, details: dict):
        return gl.map_rest_project(
            project, host=forge.host, publisher_id=origin["publisher_id"], account_url=origin["account_url"],
            fetched_at=self.now, license_info=project.get("license"), **details,
        )

    # --- REST fallback: a few requests per project -----------------------------------

    def _rest_chain(self, forge, project: dict, origin: dict):
        base = f"{forge.rest_url}/projects/{project['id']}"
        branch = project["default_branch"]
        steps = [
            ("publiccode", forge.rest_url + gl.file_raw_path(project["id"], "publiccode.yml", branch)),
            ("commits", self.with_query(f"{base}/repository/commits", per_page=1, ref_name=branch)),
            ("releases", f"{base}/releases?per_page=10"),
            ("languages", f"{base}/languages"),
        ]
        context = {"host": forge.host, "project": project, "origin": origin, "problems": []}
        yield from self.start_chain(forge, steps, context)

    def step_publiccode(self, response: Response, context: dict):
        project = context["project"]
        path = "publiccode.yaml" if "publiccode.yaml" in response.url else "publiccode.yml"
        if response.status == 200:
            blob = (response.headers.get("X-Gitlab-Blob-Id") or b"").decode("latin-1") or None
            url = f"https://{context['host']}/{project['path_with_namespace']}/-/blob/{project['default_branch']}/{path}"
            cut_off, size = download_cut_off(response)
            context["publiccode"] = judge_fetched(path, None if cut_off else response.body, size=size, cut_off=cut_off,
                                                  blob_id=blob, url=url)
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
        if not needs_readme(project.get("description"), has_publiccode="publiccode" in context) \
                or "readme_asked" in context:
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
            license_info=context["project"].get("license"),
            publiccode=context.get("publiccode"),
            last_commit_at=context.get("last_commit_at"),
            release=context.get("release"),
            languages=context.get("languages", ()),
            readme_excerpt=context.get("readme"),
            problems=context["problems"],
        )
