"""``catalogue check REPO_URL`` against the project's test forge: GitHub with and without
a token, GitLab; valid, invalid and missing publiccode.yml; the exit statuses."""

from __future__ import annotations

import json
import socket

import pytest

from catalogue.check import check_repository, publisher_of
from catalogue.cli import main
from catalogue.publishers import load_publishers

from .conftest import NOW, config_file, make_settings

TOKEN = "s3cret-token-value"
URL = "https://github.com/gemeente/meldingen"


def run(capsys, tmp_path, forge, publishers_file, *args, token: bool = True, monkeypatch=None):
    config = config_file(tmp_path, forge, "CHECK_TEST_TOKEN" if token else None)
    if token:
        monkeypatch.setenv("CHECK_TEST_TOKEN", TOKEN)
    code = main(["check", "--config", config, "--publishers", str(publishers_file), "--now", NOW.isoformat(),
                 *args])
    captured = capsys.readouterr()
    assert TOKEN not in captured.out + captured.err
    return code, captured.out, captured.err


def test_valid_github_repository_with_token_uses_the_spiders_graphql_query(capsys, tmp_path, forge,
                                                                          publishers_file, monkeypatch):
    forge.reset_log()
    code, out, _ = run(capsys, tmp_path, forge, publishers_file, URL, monkeypatch=monkeypatch)
    assert code == 0
    assert out.splitlines()[0] == URL
    assert "name:               Meldingen" in out
    assert "short description:  Meldingen openbare ruimte." in out
    assert "licence:            EUPL-1.2" in out
    assert "status:             maintained" in out
    assert "publisher:          Gemeente Voorbeeld" in out
    assert "publiccode.yml:     valid (0 error(s), 0 warning(s))" in out
    counts = forge.counts()
    assert counts["gh.graphql"] == 1 and counts["gh.repo"] == 0
    assert all(request.authorized for request in forge.requests)


def test_invalid_file_prints_each_message_compiler_style_with_its_hint(capsys, tmp_path, forge, publishers_file,
                                                                      monkeypatch):
    code, out, _ = run(capsys, tmp_path, forge, publishers_file, "https://github.com/gemeente/kapot",
                       monkeypatch=monkeypatch)
    assert code == 1
    assert "publiccode.yml:     invalid (2 error(s), 0 warning(s))" in out
    lines = out.splitlines()
    licence = lines.index(next(line for line in lines if line.startswith("publiccode.yml:13:3: error: legal.license:")))
    assert lines[licence + 1].startswith("    hint: Use an SPDX licence identifier")
    assert any(line.startswith("publiccode.yml:6:1: error: softwareType:") for line in lines)
    assert "licence:            MIT" in out


def test_missing_file_says_how_to_add_one(capsys, tmp_path, forge, publishers_file, monkeypatch):
    code, out, _ = run(capsys, tmp_path, forge, publishers_file, "https://github.com/gemeente/zonder",
                       monkeypatch=monkeypatch)
    assert code == 1
    assert "publiccode.yml:     missing" in out
    assert "hint: add a publiccode.yml at the root of the default branch" in out
    assert "short description:  Zonder publiccode" in out  # the forge's description stands in
    assert "status:             unmaintained" in out


@pytest.mark.parametrize("name", ["meldingen", "kapot", "zonder"])
def test_without_token_rest_through_pygithub_gives_the_same_listing(forge, publishers_file, name):
    publishers = load_publishers(publishers_file)
    url = f"https://github.com/gemeente/{name}"
    forge.reset_log()
    rest = check_repository(make_settings(forge, publishers_file, None), publishers, url, NOW)
    assert forge.counts()["gh.graphql"] == 0 and forge.counts()["gh.repo"] == 1
    assert not any(request.authorized for request in forge.requests)
    graphql = check_repository(make_settings(forge, publishers_file, "t"), publishers, url, NOW)
    assert rest.used_graphql is False and graphql.used_graphql is True
    for key in ("name", "short_description", "license", "publiccode", "forge_id", "listed"):
        assert rest.as_json()[key] == graphql.as_json()[key], key
    # GraphQL also counts recent commits, which REST does not; the status is the same.
    assert rest.maintenance.status == graphql.maintenance.status
    assert rest.entry.source.last_commit_at == graphql.entry.source.last_commit_at


def test_open_issue_count_without_pull_requests_on_the_rest_path(forge, publishers_file):
    report = check_repository(make_settings(forge, publishers_file, None), load_publishers(publishers_file),
                              URL, NOW)
    assert (report.entry.source.open_issues, report.entry.source.open_pull_requests) == (2, 1)
    assert report.entry.source.languages == ("Python",)
    assert report.entry.source.latest_release.tag_name == "v1.0"


def test_gitlab_projects_through_python_gitlab(capsys, tmp_path, forge, publishers_file, monkeypatch):
    code, out, _ = run(capsys, tmp_path, forge, publishers_file, "https://gitlab.com/provincie/kaart",
                       monkeypatch=monkeypatch)
    assert code == 0
    assert "licence:            EUPL-1.2" in out and "publisher:          Provincie Voorbeeld" in out
    code, out, _ = run(capsys, tmp_path, forge, publishers_file, "https://gitlab.com/provincie/team/fout",
                       "--format", "json", monkeypatch=monkeypatch)
    assert code == 1
    report = json.loads(out)
    assert report["url"] == "https://gitlab.com/provincie/team/fout"
    assert report["publiccode"]["verdict"] == "invalid"
    assert report["publiccode"]["url"] == "https://gitlab.com/provincie/team/fout/-/blob/main/publiccode.yml"
    assert [(m["severity"], m["path"], m["line"]) for m in report["publiccode"]["messages"]] == [
        ("error", "developmentStatus", 5)]
    assert report["maintenance"]["status"] == "maintained"


def test_json_format_of_a_missing_file(capsys, tmp_path, forge, publishers_file, monkeypatch):
    code, out, _ = run(capsys, tmp_path, forge, publishers_file, "https://github.com/gemeente/zonder",
                       "--format", "json", monkeypatch=monkeypatch)
    report = json.loads(out)
    assert code == 1
    assert report["publiccode"] == {"verdict": "missing", "path": None, "url": None, "version": None,
                                    "messages": [], "hint": report["publiccode"]["hint"]}
    assert "publiccode.yml" in report["publiccode"]["hint"]
    assert report["listed"] is True and report["publisher"]["id"] == "gemeente"


@pytest.mark.parametrize("url, words", [
    ("https://github.com/gemeente/bestaat-niet", "does not know the repository gemeente/bestaat-niet"),
    ("https://gitlab.com/provincie/bestaat-niet", "does not know the project provincie/bestaat-niet"),
    ("https://github.com/gemeente", "does not name a repository"),
    ("https://codeberg.org/x/y", "no forge is configured for host 'codeberg.org'"),
    ("not a url at all", "not a repository URL"),
    ("not-a-url", "not a repository URL"),
    ("MinBZK/amt", "not a repository URL"),
])
def test_unknown_repository_and_wrong_usage_are_one_line_and_exit_2(capsys, tmp_path, forge, publishers_file,
                                                                     monkeypatch, url, words):
    code, out, err = run(capsys, tmp_path, forge, publishers_file, url, monkeypatch=monkeypatch)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], err


@pytest.mark.parametrize("token", [True, False])
def test_unreachable_forge_is_one_line_and_exit_2(capsys, tmp_path, publishers_file, monkeypatch, token):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "c.toml"
    config.write_text(f'[forges."github.com"]\ntype = "github"\napi_url = "http://127.0.0.1:{port}/github"\n'
                      + ('token_env = "CHECK_TEST_TOKEN"\n' if token else ""), encoding="utf-8")
    monkeypatch.setenv("CHECK_TEST_TOKEN", TOKEN)
    code = main(["check", "--config", str(config), "--publishers", str(publishers_file), URL])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    # The same line as the crawl's, with the reason.
    assert f"forge github.com does not answer at http://127.0.0.1:{port}/github (Connection refused)" in err
    assert TOKEN not in err


def test_a_repository_no_publisher_covers_is_reported_as_not_listed(forge, publishers_file, tmp_path):
    other = tmp_path / "other.yml"
    other.write_text("- id: x\n  name: X\n  codeHosting:\n    - url: https://github.com/gemeente/kapot\n"
                     "      group: false\n", encoding="utf-8")
    publishers = load_publishers(other)
    assert publisher_of("https://github.com/Gemeente/Kapot.git", publishers)[1] == "https://github.com/gemeente/kapot"
    assert publisher_of(URL, publishers) is None
    report = check_repository(make_settings(forge, other, "t"), publishers, URL, NOW)
    assert report.publisher is None and report.as_json()["listed"] is False
    assert any("no publisher in the publishers list covers" in line for line in report.render_text())
    assert report.exit_code == 0
