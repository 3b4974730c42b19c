"""The harvest cases of ../shared/cases (copied to tests/data/cases), each replayed by
the test forge and crawled by the real spiders, with the outcome its expected.md gives."""

from __future__ import annotations

from datetime import datetime, timezone

from catalogue.testforge import TestForge
from tests.harvest.conftest import CASES, publisher


def github_tables(forge: TestForge) -> dict:
    # No token and no GraphQL: the REST path the case's exchanges describe.
    return {"github.com": {"type": "github", "api_url": forge.base_url}}


def gitlab_tables(forge: TestForge) -> dict:
    return {"gitlab.example.org": {"type": "gitlab", "api_url": forge.base_url}}


def paths_requested(forge: TestForge) -> list[str]:
    return [request.path for request in forge.requests]


def test_b13_gitlab_http_web_url_and_raw_route(crawler):
    with TestForge.from_case(CASES / "B13") as forge:
        summary = crawler.crawl([publisher("onderwijs", "https://gitlab.example.org/onderwijs")], gitlab_tables(forge))
    assert summary.errors == ()
    entries = crawler.entries()
    assert list(entries) == ["https://gitlab.example.org/onderwijs/leermiddelen"]
    document = entries["https://gitlab.example.org/onderwijs/leermiddelen"].entry.publiccode
    assert document is not None
    assert [m for m in document.messages if m.severity == "error"] == []
    assert not any(m.path == "url" for m in document.messages)


def test_b14_same_repository_by_org_and_git_url_crawled_twice(crawler):
    publishers = [publisher("example", "https://github.com/example-org"),
                  {"id": "example-single", "name": "Single",
                   "codeHosting": [{"url": "https://github.com/Example-Org/voorbeeldapp.git", "group": False}]}]
    with TestForge.from_case(CASES / "B14") as forge:
        first = crawler.crawl(publishers, github_tables(forge))
        crawled_first = crawler.entries()
        second = crawler.crawl(publishers, github_tables(forge), now=datetime(2026, 6, 2, tzinfo=timezone.utc))
    assert first.errors == () and second.errors == ()
    entries = crawler.entries()
    assert list(entries) == ["https://github.com/example-org/voorbeeldapp"]
    stored = entries["https://github.com/example-org/voorbeeldapp"]
    assert stored.entry.source.forge_id == "1001"
    assert stored.entry.publiccode is not None and stored.entry.publiccode.valid
    assert not any(m.path == "url" for m in stored.entry.publiccode.messages)
    assert stored.last_crawled_at > crawled_first["https://github.com/example-org/voorbeeldapp"].last_crawled_at
    assert not stored.gone


def test_b15_gitlab_subgroups_listed_once(crawler):
    with TestForge.from_case(CASES / "B15") as forge:
        summary = crawler.crawl([publisher("example-gov", "https://gitlab.example.org/example-gov")], gitlab_tables(forge))
        listings = [p for p in paths_requested(forge) if "/projects" in p and "/projects/" not in p]
    assert summary.errors == ()
    entries = crawler.entries()
    assert sorted(e.entry.source.full_name for e in entries.values()) == [
        "example-gov/portaal", "example-gov/team-a/intern/formulieren", "example-gov/team-a/meldingen"]
    assert {e.entry.source.publisher_id for e in entries.values()} == {"example-gov"}
    assert len(listings) == 1 and "include_subgroups=true" in listings[0]
    assert not any("/subgroups" in p or "/descendant_groups" in p for p in paths_requested(forge))


def test_b18_gitlab_empty_project_and_project_without_repository(crawler):
    with TestForge.from_case(CASES / "B18") as forge:
        summary = crawler.crawl([publisher("afdeling", "https://gitlab.example.org/afdeling")], gitlab_tables(forge))
        requested = paths_requested(forge)
    assert summary.errors == ()
    entries = {e.entry.source.forge_id: e.entry.source for e in crawler.entries().values()}
    assert set(entries) == {"55", "56"}
    assert entries["55"].is_empty and entries["55"].publiccode is None and entries["55"].last_commit_at is None
    assert not entries["56"].has_repository and entries["56"].publiccode is None
    assert entries["55"].problems == () and entries["56"].problems == ()
    for path in set(requested):
        assert requested.count(path) <= 2, path


def test_b19_empty_github_repository(crawler):
    with TestForge.from_case(CASES / "B19") as forge:
        summary = crawler.crawl([publisher("example", "https://github.com/example-org")], github_tables(forge))
        requested = paths_requested(forge)
    assert summary.errors == ()
    entries = crawler.entries()
    full = entries["https://github.com/example-org/gevuld"].entry
    assert full.publiccode is not None and full.publiccode.valid
    assert full.source.last_commit_at == datetime(2025, 5, 1, 10, 0, tzinfo=timezone.utc)
    empty = entries["https://github.com/example-org/leeg"].entry.source
    assert empty.is_empty and empty.publiccode is None and empty.last_commit_at is None
    assert empty.problems == ()
    assert sum(1 for p in requested if p.startswith("/repos/example-org/leeg/commits")) == 1


def test_b25_open_issues_without_pull_requests(crawler):
    single = {"id": "example", "name": "Example",
              "codeHosting": [{"url": "https://github.com/example-org/app", "group": False}]}
    with TestForge.from_case(CASES / "B25") as forge:
        summary = crawler.crawl([single], github_tables(forge))
    assert summary.errors == ()
    source = crawler.entries()["https://github.com/example-org/app"].entry.source
    assert source.open_issues == 5
    assert source.open_pull_requests == 2


def test_b22_secondary_rate_limit_waits_and_real_403_is_not_retried(crawler):
    with TestForge.from_case(CASES / "B22") as forge:
        summary = crawler.crawl([publisher("example", "https://github.com/example-org")], github_tables(forge))
        requested = paths_requested(forge)
    # Waiting is instant in tests (CATALOGUE_WAIT_SCALE=0) but the wait asked for is recorded.
    assert summary.stats["catalogue/rate_limit/waits"] == 1
    assert summary.stats["catalogue/rate_limit/longest_wait"] >= 60
    entries = {e.entry.source.full_name: e.entry.source for e in crawler.entries().values()}
    assert sorted(entries) == ["example-org/repo-1", "example-org/repo-2", "example-org/repo-3", "example-org/repo-4"]
    assert all(not s.problems for name, s in entries.items() if name != "example-org/repo-4")
    (problem,) = entries["example-org/repo-4"].problems
    assert problem.kind == "access" and problem.status == 403
    assert "Resource not accessible" in problem.message
    assert sum(1 for p in requested if p.startswith("/repos/example-org/repo-4/contents/publiccode.yml")) == 1
    assert summary.errors == ()
