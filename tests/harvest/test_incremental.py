"""Incremental crawls: a recrawl asks only what may have changed, and refetches exactly
the repositories that changed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, fixture_copy, publiccode

T1 = datetime(2026, 6, 1, tzinfo=timezone.utc)
T2 = T1 + timedelta(days=1)
T3 = T1 + timedelta(days=2)


def crawl(crawler, fixture, now, token="test-token", full=False):
    with TestForge.from_fixture(fixture) as forge:
        summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token=token, now=now, full=full)
        return summary, list(forge.requests)


def refetched(crawler, now) -> set[str]:
    """URLs whose stored facts changed in the crawl at ``now`` (the store keeps the older
    fetch time of a repository whose facts are the same)."""
    return {url for url, stored in crawler.entries().items() if stored.entry.source.fetched_at == now}


def fetched_in_full(summary) -> int:
    """Repositories the crawl fetched in full (stored as new, changed or unchanged), as
    opposed to those it only saw in a listing and noted (``not_refetched``)."""
    stats = summary.stats
    return sum(int(stats.get(f"catalogue/repositories/{key}", 0)) for key in ("created", "changed", "unchanged"))


def test_recrawl_with_nothing_changed_asks_only_the_listings(crawler):
    fixture = fixture_copy()
    first, first_log = crawl(crawler, fixture, T1)
    second, second_log = crawl(crawler, fixture, T2)
    assert first.errors == () and second.errors == ()
    assert fetched_in_full(first) == EXPECTED_COUNT
    assert fetched_in_full(second) == 0
    assert second.stats["catalogue/repositories/not_refetched"] == EXPECTED_COUNT
    routes = sorted(r.route for r in second_log)
    # GitHub: two listing pages (acme has 120 repositories; jdoe rides along) and one
    # light query for the single repository; GitLab: one GraphQL query lists the group
    # (with its subgroups) and the user namespace together.
    assert routes == ["gh.graphql", "gh.graphql", "gh.graphql", "gl.graphql"], routes
    assert len(second_log) / EXPECTED_COUNT <= 0.05
    stored = crawler.entries()
    assert len(stored) == EXPECTED_COUNT
    assert all(s.last_crawled_at == T2 for s in stored.values())
    assert second.repositories_seen == EXPECTED_COUNT


def test_recrawl_refetches_exactly_the_changed_repositories(crawler):
    fixture = fixture_copy()
    crawl(crawler, fixture, T1)
    acme = fixture["github"]["accounts"][0]["repositories"]
    acme[50]["pushed_at"] = "2026-06-01T12:00:00Z"
    acme[50]["files"] = {"publiccode.yml": publiccode("github.com", "acme/tool-050", "Nieuw")}
    acme[60]["stars"] = 99  # a metadata change: GitHub moves updatedAt
    acme[60]["updated_at"] = "2026-06-01T13:00:00Z"
    portaal = fixture["gitlab"][0]["groups"][0]["projects"][0]
    portaal["pushed_at"] = "2026-06-01T12:30:00Z"
    summary, _ = crawl(crawler, fixture, T2)
    assert summary.errors == ()
    assert fetched_in_full(summary) == 3
    assert summary.stats["catalogue/repositories/not_refetched"] == EXPECTED_COUNT - 3
    assert refetched(crawler, T2) == {"https://github.com/acme/tool-050", "https://github.com/acme/tool-060",
                                      "https://gitlab.com/gov/portaal"}
    entries = crawler.entries()
    assert entries["https://github.com/acme/tool-050"].entry.name == "Nieuw"
    assert entries["https://github.com/acme/tool-060"].entry.source.stars == 99


def test_full_crawl_refetches_everything(crawler):
    fixture = fixture_copy()
    crawl(crawler, fixture, T1)
    summary, _ = crawl(crawler, fixture, T3, full=True)
    assert fetched_in_full(summary) == EXPECTED_COUNT
    assert summary.stats.get("catalogue/repositories/not_refetched", 0) == 0


def test_repository_no_longer_listed_is_kept_as_gone(crawler):
    fixture = fixture_copy()
    crawl(crawler, fixture, T1)
    del fixture["github"]["accounts"][0]["repositories"][7]
    crawl(crawler, fixture, T2)
    entries = crawler.entries()
    assert len(entries) == EXPECTED_COUNT  # nothing lost
    assert entries["https://github.com/acme/tool-007"].gone
    assert not entries["https://github.com/acme/tool-008"].gone


def test_rest_recrawl_revalidates_with_conditional_requests(crawler):
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        config = forge.forges_config()
        for table in config.values():
            table.pop("graphql_url")
        crawler.crawl(PUBLISHERS, config, token=None, now=T1)
        forge.reset_log()
        second = crawler.crawl(PUBLISHERS, config, token=None, now=T2)
        log = list(forge.requests)
    assert second.errors == ()
    assert fetched_in_full(second) == 0
    # Only the listings are asked again, and GitHub's unchanged pages answer 304.
    assert {r.route for r in log} <= {"gh.org_repos", "gh.user_repos", "gh.repo", "gl.group", "gl.group_projects",
                                      "gl.user_projects"}
    assert sum(1 for r in log if r.status == 304) >= 2


def test_gitlab_recrawl_completes_several_changes_of_one_group_from_its_listing(crawler):
    fixture = fixture_copy()
    crawl(crawler, fixture, T1)
    team = fixture["gitlab"][0]["groups"][0]["subgroups"][0]
    team["projects"][0]["pushed_at"] = "2026-06-01T09:00:00Z"  # gov/team-a/meldingen
    team["subgroups"][0]["projects"][0]["pushed_at"] = "2026-06-01T09:30:00Z"  # gov/team-a/intern/formulieren
    summary, log = crawl(crawler, fixture, T2)
    assert summary.errors == ()
    assert fetched_in_full(summary) == 2
    assert refetched(crawler, T2) == {"https://gitlab.com/gov/team-a/meldingen",
                                      "https://gitlab.com/gov/team-a/intern/formulieren"}
    gitlab = sorted(r.route for r in log if r.route.startswith("gl."))
    # One GraphQL listing, one REST listing page of the group (two changes > one page),
    # one GraphQL details batch.
    assert gitlab == ["gl.graphql", "gl.graphql", "gl.group_projects"], gitlab


def test_a_recrawl_follows_the_publishers_file_for_repositories_it_does_not_fetch(crawler):
    """A publisher renamed, or an account moved to another publisher, shows on the next
    incremental crawl, not only after ``--full`` (found in a new user's trial)."""
    fixture = fixture_copy()
    crawl(crawler, fixture, T1)
    moved = [
        {"id": "acme-renamed", "name": "Acme", "codeHosting": [{"url": "https://github.com/acme"}]},
        PUBLISHERS[1],
        {"id": "jansen", "name": "Jansen", "codeHosting": [{"url": "https://gitlab.com/jansen"},
                                                          {"url": "https://gitlab.com/gov"}]},
    ]
    with TestForge.from_fixture(fixture) as forge:
        summary = crawler.crawl(moved, forge.forges_config(), token="test-token", now=T2)
    assert summary.errors == ()
    assert fetched_in_full(summary) == 0  # nothing was fetched again
    assert summary.stats["catalogue/repositories/reattributed"] == 120 + 5
    publisher_of = {url: stored.entry.source.publisher_id for url, stored in crawler.entries().items()}
    assert {publisher_of[url] for url in publisher_of if "github.com/acme/" in url} == {"acme-renamed"}
    assert {publisher_of[url] for url in publisher_of if "gitlab.com/gov/" in url} == {"jansen"}
    assert publisher_of["https://github.com/upstream/original"] == "jdoe"
