"""The Forgejo mappers on answers in Forgejo's and Gitea's shapes (no I/O)."""

from __future__ import annotations

from datetime import datetime, timezone

from catalogue.forges import forgejo as fj

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
