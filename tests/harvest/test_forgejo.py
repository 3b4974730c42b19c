"""The Forgejo/Gitea spider against the test forge's Forgejo API: capped pages with and
without ``Link``, empty repositories, mirrors (origin known and unknown), forks,
templates, a missing publiccode.yml, a README fallback, 429s, recrawls and whole instances;
and the Forgejo mappers on answers in Forgejo's and Gitea's shapes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from catalogue.export import TECHNICAL_FORK, fork_type
from catalogue.forges import forgejo as fj
from catalogue.testforge import TestForge
from tests.harvest.conftest import Crawler, publisher

PUBLICCODE = """publiccodeYmlVersion: "0.4"
name: Portaal
url: https://code.overheid.nl/gemeente-x/portaal
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  nl:
    shortDescription: Het portaal van de gemeente
    longDescription: "%s"
    features: [zaken]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts: [{name: Jan}]
localisation:
  localisationReady: false
  availableLanguages: [nl]
""" % ("Een lange beschrijving van het portaal. " * 5)


def forgejo_fixture(page_cap: int = 3, link: bool = True) -> dict:
    """GitHub ``upstream/tool``; Forgejo ``gemeente-x`` (8 repositories, pages capped at
    ``page_cap``), ``provincie-y`` (an organisation of the instance that no entry names)
    and the user ``jan``."""
    commits = ["2026-05-01T10:00:00Z", "2026-04-01T10:00:00Z"]
    return {
        "github": {"accounts": [{"login": "upstream", "repositories": [
            {"name": "tool", "description": "The tool upstream", "pushed_at": "2026-05-02T00:00:00Z"}]}]},
        "forgejo": [{
            "prefix": "/forgejo", "web_host": "code.overheid.nl", "max_page_size": page_cap, "link": link,
            "orgs": [
                {"login": "gemeente-x", "repositories": [
                    {"name": "portaal", "description": "Portaal", "files": {"publiccode.yml": PUBLICCODE},
                     "languages": {"Python": 900, "HTML": 100}, "topics": ["zaken"], "stars": 4, "forks": 1,
                     "open_issues": 3, "open_pull_requests": 2, "homepage": "https://portaal.example.nl",
                     "releases": [{"tag_name": "v1.2", "name": "1.2", "published_at": "2026-03-01T00:00:00Z"}],
                     "commit_dates": commits, "pushed_at": "2026-05-01T10:00:00Z"},
                    {"name": "yaml-variant", "description": "Met .yaml", "files": {"publiccode.yaml": PUBLICCODE}},
                    {"name": "no-publiccode", "description": "", "files": {"README.md": "# Titel\n\nWat dit doet."}},
                    {"name": "empty", "empty": True},
                    {"name": "portaal-fork", "fork_of": "gemeente-x/portaal", "description": "Een fork"},
                    {"name": "tool-mirror", "mirror_of": "https://github.com/upstream/tool",
                     "description": "Spiegel", "commit_dates": ["2025-01-01T00:00:00Z"],
                     "pushed_at": "2026-05-30T00:00:00Z"},
                    {"name": "unknown-mirror", "mirror_of": "", "description": "Spiegel van elders"},
                    {"name": "sjabloon", "template": True, "description": "Sjabloon"},
                ]},
                {"login": "provincie-y", "repositories": [{"name": "kaart", "description": "Kaart"}]},
            ],
            "users": [{"login": "jan", "repositories": [{"name": "script", "description": "Een script"}]}],
        }],
    }


X = "https://code.overheid.nl/gemeente-x"
ACCOUNTS = [publisher("x", X, "https://code.overheid.nl/jan"), publisher("gh", "https://github.com/upstream")]
FORGEJO_REPOS = {f"{X}/{name}" for name in ("portaal", "yaml-variant", "no-publiccode", "empty", "portaal-fork",
                                            "tool-mirror", "unknown-mirror", "sjabloon")} \
    | {"https://code.overheid.nl/jan/script"}


@pytest.fixture(scope="module", params=[True, False], ids=["link", "total-count-only"])
def crawled(request, tmp_path_factory):
    crawler = Crawler(tmp_path_factory.mktemp("forgejo"))
    with TestForge.from_fixture(forgejo_fixture(page_cap=3, link=request.param)) as forge:
        first = crawler.crawl(ACCOUNTS, forge.forges_config())
        full_log = list(forge.requests)
        forge.reset_log()
        second = crawler.crawl(ACCOUNTS, forge.forges_config())
        recrawl_log = list(forge.requests)
    return crawler, first, full_log, second, recrawl_log


def forgejo_only(log):
    return [r for r in log if r.route.startswith("fj.")]


def test_every_repository_once_through_capped_pages(crawled):
    crawler, first, full_log, *_ = crawled
    assert first.errors == ()
    entries = crawler.entries()
    assert {url for url in entries if "code.overheid.nl" in url} == FORGEJO_REPOS
    # limit=50 asked, the server gave 3 a page: the instance-wide search would take 4 pages
    # for 2 accounts, so its first page declines it; 8 repositories of gemeente-x take 3
    # listing pages, jan 1.
    assert [r.route for r in full_log if r.route == "fj.search"] == ["fj.search"]
    listing = [r for r in full_log if r.route == "fj.user_repos"]
    assert len(listing) == 4
    assert all("limit=" in r.path for r in listing)


def test_facts_of_a_full_repository(crawled):
    source = crawled[0].entries()[f"{X}/portaal"].entry.source
    assert (source.forge_type, source.description, source.homepage) == ("forgejo", "Portaal", "https://portaal.example.nl")
    assert source.languages == ("Python", "HTML") and source.topics == ("zaken",)
    assert (source.stars, source.forks, source.open_issues, source.open_pull_requests) == (4, 1, 3, 2)
    assert source.latest_release.tag_name == "v1.2"
    assert source.last_commit_at.isoformat() == "2026-05-01T10:00:00+00:00"
    assert source.publiccode.path == "publiccode.yml" and source.publiccode.blob_id
    assert source.publiccode.url == f"{X}/portaal/src/branch/main/publiccode.yml"
    entry = crawled[0].entries()[f"{X}/portaal"].entry
    assert entry.short_description == "Het portaal van de gemeente"


def test_yaml_variant_missing_file_readme_and_empty(crawled):
    entries = crawled[0].entries()
    assert entries[f"{X}/yaml-variant"].entry.source.publiccode.path == "publiccode.yaml"
    missing = entries[f"{X}/no-publiccode"].entry.source
    assert missing.publiccode is None and missing.problems == ()
    assert missing.readme_excerpt == "Wat dit doet."
    empty = entries[f"{X}/empty"].entry.source
    assert empty.is_empty and empty.default_branch is None and empty.last_commit_at is None
    # An empty repository costs nothing beyond its listing.
    assert not [r for r in crawled[2] if "/gemeente-x/empty/" in r.path]


def test_forks_mirrors_and_templates(crawled):
    entries = crawled[0].entries()
    fork = entries[f"{X}/portaal-fork"].entry.source
    assert fork.is_fork and fork.fork_parent_url == f"{X}/portaal"
    known = entries[f"{X}/tool-mirror"]
    assert known.entry.source.is_mirror and known.entry.source.mirror_of_url == "https://github.com/upstream/tool"
    # Shown as a copy of its origin, not as a second piece of software.
    assert fork_type(known) == TECHNICAL_FORK
    # Activity from the mirror's commits, not from its sync time (updated_at 2026-05-30).
    assert known.entry.source.last_commit_at.isoformat() == "2025-01-01T00:00:00+00:00"
    unknown = entries[f"{X}/unknown-mirror"]
    assert unknown.entry.source.is_mirror and unknown.entry.source.mirror_of_url is None
    assert fork_type(unknown) is None
    assert entries[f"{X}/sjabloon"].entry.source.is_template


def test_recrawl_asks_only_the_listing_pages(crawled):
    _, first, full_log, second, recrawl_log = crawled
    assert second.errors == () and second.repositories_seen == first.repositories_seen
    assert sorted(r.route for r in forgejo_only(recrawl_log)) == ["fj.search"] + ["fj.user_repos"] * 4
    # The test forge sends ETags: the listing pages are revalidated (304), not read again.
    assert [r.status for r in forgejo_only(recrawl_log) if r.route == "fj.user_repos"] == [304] * 4
    assert len(forgejo_only(full_log)) > 4 * len(forgejo_only(recrawl_log))


def test_several_accounts_through_one_instance_wide_search(tmp_path):
    crawler = Crawler(tmp_path)
    fixture = forgejo_fixture(page_cap=50)
    with TestForge.from_fixture(fixture) as forge:
        first = crawler.crawl(ACCOUNTS, forge.forges_config())
        listing = [r.route for r in forge.requests if r.route in ("fj.search", "fj.user_repos")]
        forge.reset_log()
        second = crawler.crawl(ACCOUNTS, forge.forges_config())
        recrawl = forgejo_only(forge.requests)
        # A repository deleted on the forge is marked gone: the search listed the accounts whole.
        del _instances(forge)[0].repos["gemeente-x/sjabloon"]
        _instances(forge)[0].accounts["gemeente-x"].repos = [
            r for r in _instances(forge)[0].accounts["gemeente-x"].repos if r.name != "sjabloon"]
        third = crawler.crawl(ACCOUNTS, forge.forges_config())
    assert first.errors == second.errors == third.errors == ()
    assert listing == ["fj.search"]
    assert [r.route for r in recrawl] == ["fj.search"]
    entries = crawler.entries()
    assert {url for url in entries if "code.overheid.nl" in url} == FORGEJO_REPOS
    assert [url for url, stored in entries.items() if stored.gone] == [f"{X}/sjabloon"]
    # provincie-y is on the instance but no entry names it: not in the catalogue.
    assert not any("provincie-y" in url for url in entries)


def test_a_changed_repository_is_asked_again(tmp_path):
    crawler = Crawler(tmp_path)
    with TestForge.from_fixture(forgejo_fixture()) as forge:
        crawler.crawl(ACCOUNTS, forge.forges_config())
        repo = next(r for i in _instances(forge) for r in i.repos.values() if r.name == "portaal")
        repo.updated_at = datetime(2026, 5, 20, tzinfo=timezone.utc)
        repo.files["publiccode.yml"] = repo.files["publiccode.yml"].replace("Het portaal", "Het nieuwe portaal")
        forge.reset_log()
        summary = crawler.crawl(ACCOUNTS, forge.forges_config())
        asked = {r.path.split("?")[0] for r in forge.requests if "/repos/" in r.path and r.route != "fj.search"}
    assert summary.errors == ()
    assert all("/gemeente-x/portaal/" in path for path in asked) and asked
    assert crawler.entries()[f"{X}/portaal"].entry.short_description == "Het nieuwe portaal van de gemeente"


def _instances(forge):
    from catalogue.testforge.forgejo import ForgejoApi

    return [e.instance for e in forge._emulators if isinstance(e, ForgejoApi)]


@pytest.mark.parametrize("headers", [{"Retry-After": "1"}, {}], ids=["retry-after", "bare"])
def test_429s_are_waited_out_and_nothing_is_lost(tmp_path, headers):
    crawler = Crawler(tmp_path)
    with TestForge.from_fixture(forgejo_fixture()) as forge:
        forge.inject(r"/users/gemeente-x/repos", 429, headers, "Too Many Requests", times=2)
        forge.inject(r"/gemeente-x/portaal/contents\?", 429, headers, "Too Many Requests", times=2)
        summary = crawler.crawl(ACCOUNTS, forge.forges_config())
        statuses = [r.status for r in forge.requests if r.route.startswith("fj.")]
    assert summary.errors == ()
    assert statuses.count(429) == 4
    assert {url for url in crawler.entries() if "code.overheid.nl" in url} == FORGEJO_REPOS
    assert summary.stats.get("catalogue/rate_limit/waits", 0) == 4
    if not headers:  # a bare 429 is waited out with backoff: 60 s, then 120 s, per request
        assert summary.stats["catalogue/rate_limit/longest_wait"] == 120
        assert summary.stats["catalogue/rate_limit/seconds_asked"] == 2 * (60 + 120)
    else:
        assert summary.stats["catalogue/rate_limit/seconds_asked"] == 4


def test_a_failing_file_route_is_no_proof_of_a_missing_file(tmp_path):
    crawler = Crawler(tmp_path)
    with TestForge.from_fixture(forgejo_fixture()) as forge:
        forge.inject(r"/gemeente-x/portaal/contents\?", 404, {}, "404 page not found\n", times=None)
        crawler.crawl(ACCOUNTS, forge.forges_config())
    source = crawler.entries()[f"{X}/portaal"].entry.source
    assert source.publiccode is not None  # asked directly, found
    assert [p.status for p in source.problems] == [404]


def test_whole_instance_lists_every_organisation_once(tmp_path):
    crawler = Crawler(tmp_path)
    publishers = [publisher("x", X), publisher("overheid", "https://code.overheid.nl/explore/organizations")]
    with TestForge.from_fixture(forgejo_fixture()) as forge:
        summary = crawler.crawl(publishers, forge.forges_config())
        listed = [r.path for r in forge.requests if r.route == "fj.user_repos"]
    assert summary.errors == ()
    entries = crawler.entries()
    assert {url for url in entries} == FORGEJO_REPOS - {"https://code.overheid.nl/jan/script"} \
        | {"https://code.overheid.nl/provincie-y/kaart"}
    # gemeente-x is named by its own entry: its publisher keeps it, and it is listed once.
    assert {e.entry.source.publisher_id for url, e in entries.items() if "/gemeente-x/" in url} == {"x"}
    assert entries["https://code.overheid.nl/provincie-y/kaart"].entry.source.publisher_id == "overheid"
    assert sum("/users/gemeente-x/" in path for path in listed) == 3


# --- the mappers (no I/O) ---------------------------------------------------------------

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
REPO = {"id": 7, "full_name": "gemeente-x/portaal", "name": "portaal", "description": " Portaal ", "empty": False,
        "fork": False, "template": False, "mirror": True, "original_url": "https://GitHub.com/Upstream/Tool.git",
        "language": "Go", "website": "", "stars_count": 2, "forks_count": 0, "open_issues_count": 1,
        "open_pr_counter": 3, "release_counter": 0, "default_branch": "main", "archived": False,
        "created_at": "2024-03-01T11:00:00+01:00", "updated_at": "2026-05-01T12:00:00+02:00",
        "mirror_updated": "2026-05-31T00:00:00Z", "topics": ["zaken"]}


def test_a_mirror_with_its_origin_times_in_utc_and_counts_apart():
    source = fj.map_repository(REPO, host="code.overheid.nl", publisher_id="p", account_url="https://code.overheid.nl/gemeente-x",
                               fetched_at=NOW)
    assert source.is_mirror and source.mirror_of_url == "https://github.com/Upstream/Tool"
    assert source.created_at == datetime(2024, 3, 1, 10, tzinfo=timezone.utc)
    assert source.updated_at == source.pushed_at == datetime(2026, 5, 1, 10, tzinfo=timezone.utc)
    assert (source.open_issues, source.open_pull_requests) == (1, 3)
    assert source.description == "Portaal"
    assert source.homepage is None and source.languages == ("Go",) and source.license_spdx is None


def test_unknown_origins_zero_times_and_empty_repositories():
    assert fj.origin_url(dict(REPO, original_url="")) is None
    assert fj.origin_url(dict(REPO, original_url="git@example.org:a/b.git")) is None
    assert fj.origin_url(dict(REPO, mirror=False)) is None
    empty = fj.map_repository(dict(REPO, empty=True, default_branch="", created_at="0001-01-01T00:00:00Z"),
                              host="code.overheid.nl", publisher_id="p", account_url="a", fetched_at=NOW)
    assert empty.is_empty and empty.default_branch is None and empty.created_at is None


def test_gitea_licences_one_id_or_none():
    assert fj.spdx_from_licenses(["EUPL-1.2"]) == "EUPL-1.2"
    assert fj.spdx_from_licenses(["MIT", "Apache-2.0"]) is None
    assert fj.spdx_from_licenses([]) is None and fj.spdx_from_licenses(None) is None


def test_root_listing_files_readme_and_commits():
    files = fj.root_files([{"name": "README.md", "type": "file", "sha": "a"},
                           {"name": "publiccode.yml", "type": "dir", "sha": "b"},
                           {"name": "publiccode.yaml", "type": "file", "sha": "c"}])
    assert fj.publiccode_name(files) == ("publiccode.yaml", "c")  # a directory named publiccode.yml is no file
    assert fj.readme_name(files) == "README.md"
    assert fj.root_files([]) == {} and fj.root_files({"message": "x"}) == {}
    commit = [{"sha": "x", "commit": {"committer": {"date": "2026-01-02T03:04:05+01:00"}}}]
    assert fj.last_commit_date(commit) == datetime(2026, 1, 2, 2, 4, 5, tzinfo=timezone.utc)
    assert fj.last_commit_date([]) is None and fj.last_commit_date(None) is None
    assert fj.latest_release({"tag_name": "v1", "draft": True}) is None
    assert fj.languages_by_size({"Go": 10, "HTML": 90, "bad": "x"}) == ("HTML", "Go")
