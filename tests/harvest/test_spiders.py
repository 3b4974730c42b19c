"""Every spider, in every mode (GraphQL with a token, REST without), against the
project's test forge: pagination, users, subgroups, empty and moved repositories,
missing and present publiccode.yml, README fallback, forks, counts."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, base_fixture


def tables(forge: TestForge, mode: str) -> dict:
    config = forge.forges_config()
    if mode == "rest":  # no GraphQL: the REST fallback of both spiders
        for table in config.values():
            table.pop("graphql_url", None)
    return config


@pytest.fixture(scope="module", params=["graphql", "rest"])
def crawled(request, tmp_path_factory):
    from tests.harvest.conftest import Crawler

    crawler = Crawler(tmp_path_factory.mktemp(request.param))
    with TestForge.from_fixture(base_fixture()) as forge:
        summary = crawler.crawl(PUBLISHERS, tables(forge, request.param), token="test-token")
        log = list(forge.requests)
    return request.param, summary, crawler.entries(), log


def source(entries, url):
    return entries[url].entry.source


def test_every_repository_once_without_errors(crawled):
    mode, summary, entries, _ = crawled
    assert summary.errors == ()
    assert len(entries) == EXPECTED_COUNT
    assert summary.repositories_seen == EXPECTED_COUNT


def test_github_pagination_and_user_account(crawled):
    _, _, entries, _ = crawled
    assert "https://github.com/acme/tool-119" in entries  # second listing page
    assert source(entries, "https://github.com/jdoe/dotfiles").publisher_id == "jdoe"
    assert source(entries, "https://github.com/upstream/original").publisher_id == "jdoe"  # single repository URL


def test_github_facts(crawled):
    _, _, entries, _ = crawled
    fork = source(entries, "https://github.com/acme/tool-005")
    assert fork.is_fork and fork.fork_parent_url == "https://github.com/upstream/original"
    assert (fork.open_issues, fork.open_pull_requests) == (4, 2)
    assert fork.latest_release.tag_name == "v1.2"
    assert fork.license_spdx == "EUPL-1.2"
    assert fork.languages[0] == "Python"
    assert fork.last_commit_at == datetime(2026, 5, 1, 10, 0, tzinfo=timezone.utc)


def test_where_to_help_counts_come_with_the_batched_queries(crawled):
    mode, _, entries, _ = crawled
    github = source(entries, "https://github.com/acme/tool-005")
    gitlab = source(entries, "https://gitlab.com/gov/portaal")
    assert gitlab.open_issues == 5
    if mode == "graphql":
        assert github.good_first_issues == 1 and github.help_wanted_issues == 0
        assert (gitlab.good_first_issues, gitlab.help_wanted_issues) == (2, 1)
    else:  # the REST fallbacks do not spend requests on label counts
        assert gitlab.good_first_issues is None


def test_publiccode_present_missing_and_yaml_spelling(crawled):
    _, _, entries, _ = crawled
    yml = entries["https://github.com/acme/tool-000"].entry
    assert yml.publiccode.path == "publiccode.yml" and yml.publiccode.valid, yml.publiccode.messages
    assert yml.name == "Tool nul" and yml.short_description == "Korte beschrijving van Tool nul"
    assert entries["https://github.com/acme/tool-001"].entry.publiccode.path == "publiccode.yaml"
    assert entries["https://github.com/acme/tool-010"].entry.publiccode is None
    assert entries["https://gitlab.com/gov/portaal"].entry.publiccode.valid


def test_readme_fallback_for_the_description(crawled):
    _, _, entries, _ = crawled
    assert entries["https://github.com/acme/tool-002"].entry.short_description == "De README vertelt wat tool twee doet."
    assert entries["https://gitlab.com/jansen/scripts"].entry.short_description == "Scripts van Jansen voor de gemeente."


def test_empty_and_moved_repositories(crawled):
    _, _, entries, _ = crawled
    empty = source(entries, "https://github.com/acme/tool-003")
    assert empty.is_empty and empty.last_commit_at is None and empty.publiccode is None and not empty.problems
    moved = source(entries, "https://github.com/acme/tool-004")
    assert moved.archived and not moved.problems


def test_gitlab_subgroups_listed_once_with_full_paths(crawled):
    _, _, entries, log = crawled
    gitlab = sorted(s.entry.source.full_name for s in entries.values() if s.entry.source.host == "gitlab.com")
    assert gitlab == ["gov/portaal", "gov/team-a/alleen-issues", "gov/team-a/intern/formulieren",
                      "gov/team-a/intern/leeg", "gov/team-a/meldingen", "jansen/scripts"]
    listings = [r.path for r in log if r.route == "gl.group_projects"]
    assert len(listings) == 1 and "include_subgroups=true" in listings[0]
    assert not any(r.route in ("gl.subgroups", "gl.descendant_groups") for r in log)
    disabled = source(entries, "https://gitlab.com/gov/team-a/alleen-issues")
    assert not disabled.has_repository and disabled.publiccode is None
    assert source(entries, "https://gitlab.com/gov/team-a/intern/leeg").is_empty


def test_requests_per_repository(crawled):
    mode, summary, _, log = crawled
    per_repository = len(log) / EXPECTED_COUNT
    if mode == "graphql":
        # Listing pages and batches of 50: a small fraction of a request per repository.
        assert per_repository < 0.2, per_repository
    else:
        assert per_repository < 7, per_repository


@pytest.mark.parametrize("mode", ["graphql", "rest"])
def test_single_repository_listed_under_its_old_name(crawler, mode):
    """A publishers file may still name a repository by its name before a rename: the
    forge answers under the new name (GraphQL follows renames, REST answers 301), and the
    catalogue shows the new URL."""
    publishers = [{"id": "acme", "name": "Acme",
                   "codeHosting": [{"url": "https://github.com/acme/old-tool", "group": False}]}]
    with TestForge.from_fixture(base_fixture()) as forge:
        summary = crawler.crawl(publishers, tables(forge, mode), token="test-token" if mode == "graphql" else None)
    assert summary.errors == ()
    (stored,) = crawler.entries().values()
    assert stored.entry.source.url == "https://github.com/acme/tool-004"
    assert stored.entry.source.publisher_id == "acme"


def test_a_crawler_that_cannot_start_is_a_crawl_error(crawler, monkeypatch):
    """A failure while building a spider is reported, never a silent crawl of nothing."""
    import catalogue.harvest.incremental as incremental

    def broken(cls, db_url, hosts, *, full=False):
        raise RuntimeError("the store could not be read")

    monkeypatch.setattr(incremental.KnownRepositories, "load", classmethod(broken))
    with TestForge.from_fixture(base_fixture()) as forge:
        summary = crawler.crawl(PUBLISHERS, tables(forge, "graphql"), token="test-token")
    assert summary.requests == 0
    assert any("github.com: the crawl could not start" in error and "could not be read" in error
               for error in summary.errors), summary.errors
    assert any(error.startswith("gitlab.com: the crawl could not start") for error in summary.errors)
