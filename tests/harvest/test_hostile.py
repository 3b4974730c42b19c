"""Hostile publiccode.yml files in a crawl of the test forge (issues 10 and 13.1-13.3):
each is refused with one clear message and kept without its content, on every path
(GitHub GraphQL, GitHub REST without a token, GitLab GraphQL), and the other
repositories of the crawl come out exactly as in a crawl without them."""

from __future__ import annotations

from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, fixture_copy, publiccode

PAD = "# padding line of a generated file, valid YAML comment\n"  # 55 bytes
BIG = publiccode("github.com", "acme/tool-010", "Groot") + PAD * 40_000  # 2.2 MB
BOMB = ('publiccodeYmlVersion: "0"\nname: Bom\ndescription:\n  nl:\n    features: [&b "' + "x" * 50_000 + '"'
        + ", *b" * 20_000 + "]\n")

HOSTILE = {"tool-010": BIG, "tool-011": BOMB}


def hostile_fixture() -> dict:
    fixture = fixture_copy()
    repos = {r["name"]: r for r in fixture["github"]["accounts"][0]["repositories"]}
    for name, text in HOSTILE.items():
        repos[name]["files"] = {"publiccode.yml": text}
    gov = fixture["gitlab"][0]["groups"][0]["subgroups"][0]["projects"][0]  # gov/team-a/meldingen
    gov["files"] = {"publiccode.yml": BIG}
    return fixture


def _crawl(crawler, fixture, token: str | None = "t"):
    with TestForge.from_fixture(fixture) as forge:
        config = forge.forges_config()
        if token is None:
            for table in config.values():
                table.pop("graphql_url")
        summary = crawler.crawl(PUBLISHERS, config, token=token)
    return summary, crawler.entries()


def _others(entries: dict) -> dict:
    hostile = {f"https://github.com/acme/{name}" for name in HOSTILE} | {"https://gitlab.com/gov/team-a/meldingen"}
    return {url: stored.entry for url, stored in entries.items() if url not in hostile}


def _check_refused(entries: dict, url: str, reason: str, size: int, message: str) -> None:
    entry = entries[url].entry
    file = entry.source.publiccode
    assert (file.refused, file.size, file.text, file.raw) == (reason, size, None, None)
    assert [m.message for m in entry.publiccode.messages] == [message]
    assert not entry.publiccode.valid and entry.publiccode.data == {}


def test_hostile_files_are_refused_on_the_graphql_paths_and_leave_the_others_alone(crawler, tmp_path):
    summary, entries = _crawl(crawler, hostile_fixture())
    assert summary.errors == () and len(entries) == EXPECTED_COUNT
    size = len(BIG.encode())
    too_large = f"refused: too large ({size} bytes; at most 1048576 bytes are read)"
    # GitHub GraphQL cuts the text at 512 KiB (isTruncated): judged by byteSize, not read.
    _check_refused(entries, "https://github.com/acme/tool-010", "too large", size, too_large)
    _check_refused(entries, "https://gitlab.com/gov/team-a/meldingen", "too large", size, too_large)
    _check_refused(entries, "https://github.com/acme/tool-011", "too many aliases", len(BOMB),
                   "refused: too many aliases (the document expands to more than 1048576 characters)")
    clean = type(crawler)(tmp_path / "clean")
    clean.tmp_path.mkdir()
    _, expected = _crawl(clean, fixture_copy())
    assert _others(entries) == _others(expected)


def test_rest_without_a_token_refuses_a_file_github_withholds_for_its_size(crawler):
    summary, entries = _crawl(crawler, hostile_fixture(), token=None)
    assert len(entries) == EXPECTED_COUNT
    size = len(BIG.encode())
    # The contents API answers encoding "none" and no content above 1 MiB.
    _check_refused(entries, "https://github.com/acme/tool-010", "too large", size,
                   f"refused: too large ({size} bytes; at most 1048576 bytes are read)")
    _check_refused(entries, "https://github.com/acme/tool-011", "too many aliases", len(BOMB),
                   "refused: too many aliases (the document expands to more than 1048576 characters)")


def test_a_binary_file_on_the_graphql_path_is_named_binary(crawler):
    fixture = fixture_copy()
    fixture["github"]["accounts"][0]["repositories"][12]["files"] = {"publiccode.yml": "\x89PNG\r\n\x1a\n\x00\x00"}
    _, entries = _crawl(crawler, fixture)
    entry = entries["https://github.com/acme/tool-012"].entry
    assert entry.source.publiccode.refused == "binary"
    assert [m.message for m in entry.publiccode.messages] == [
        "refused: binary (the file holds NUL bytes, so it is not a text file)"]


def test_a_huge_raw_file_is_not_downloaded_whole_and_is_refused_with_its_size(crawler):
    huge = b"# padding\n" * 500_000  # 5 MB
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        config = forge.forges_config()
        for table in config.values():
            table.pop("graphql_url")
        forge.inject(r"/raw/github/acme/tool-000/[^/]+/publiccode\.yml", 200, body=huge, times=None)
        project = forge.fixture.gitlab[0].project("gov/portaal")
        forge.inject(rf"/projects/{project.id}/repository/files/publiccode\.yml/raw", 200, body=huge, times=None)
        summary = crawler.crawl(PUBLISHERS, config, token=None)
    entries = crawler.entries()
    assert len(entries) == EXPECTED_COUNT and summary.errors == ()
    assert summary.stats["catalogue/downloads/stopped"] == 2
    for url in ("https://github.com/acme/tool-000", "https://gitlab.com/gov/portaal"):
        _check_refused(entries, url, "too large", 5_000_000,
                       "refused: too large (5000000 bytes; at most 1048576 bytes are read)")
