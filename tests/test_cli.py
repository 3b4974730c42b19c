"""The CLI: every command has help and is in the README; user errors are one line, exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from catalogue.cli import cli, main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name, capsys):
    assert main([name, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Usage: catalogue {name}")
    assert cli.commands[name].help, name
    assert f"`catalogue {name}`" in README, f"README does not document catalogue {name}"


@pytest.mark.parametrize("name", ["crawl", "build", "run", "export", "demo"])
def test_common_options_after_the_command_name(name, capsys):
    main([name, "--help"])
    out = capsys.readouterr().out
    for option in ("--config", "--publishers", "--db"):
        assert option in out
    assert ("--output" in out) == (name != "export")


def one_line_error(capsys) -> str:
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_unknown_option_is_a_usage_error(capsys):
    assert main(["crawl", "--colour", "red"]) == 2
    assert "No such option '--colour'" in capsys.readouterr().err


def test_unknown_host_in_publishers_file(tmp_path, capsys):
    publishers = tmp_path / "p.yml"
    publishers.write_text("- id: x\n  name: X\n  codeHosting: [{url: 'https://git.example.nl/groep'}]\n")
    assert main(["crawl", "--publishers", str(publishers), "--output", str(tmp_path)]) == 2
    line = one_line_error(capsys)
    assert "git.example.nl" in line and "no forge is configured" in line
    assert f"{publishers}: publisher 'x', https://git.example.nl/groep:" in line  # names file and entry


def test_unreachable_forge(tmp_path, capsys):
    config = tmp_path / "c.toml"
    config.write_text('[forges."github.com"]\ntype = "github"\napi_url = "http://127.0.0.1:9/github"\n')
    publishers = tmp_path / "p.yml"
    publishers.write_text("- id: x\n  name: X\n  codeHosting: [{url: 'https://github.com/x'}]\n")
    assert main(["crawl", "--config", str(config), "--publishers", str(publishers), "--output", str(tmp_path)]) == 2
    line = one_line_error(capsys)
    assert re.search(r"forge github.com does not answer at http://127.0.0.1:9/github", line)


def test_malformed_publishers_file(tmp_path, capsys):
    publishers = tmp_path / "p.yml"
    publishers.write_text("- id: x\n  name: X\n")
    assert main(["build", "--publishers", str(publishers), "--output", str(tmp_path)]) == 2
    assert "entry 1 (id 'x'): codeHosting" in one_line_error(capsys)


def test_wrong_database_url(tmp_path, capsys):
    assert main(["export", "--db", "nosuchdb://x/y"]) == 2
    assert "nosuchdb" in one_line_error(capsys)


def test_bad_now(capsys):
    assert main(["build", "--now", "yesterday"]) == 2
    assert "--now" in capsys.readouterr().err


def test_commands_that_read_refuse_a_database_that_does_not_exist(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "c.sqlite"
    for command in (["export"], ["build", "--output", str(tmp_path)], ["notify"]):
        assert main([*command, "--db", f"sqlite:///{missing}"]) == 2
        line = one_line_error(capsys)
        assert f"no catalogue database at {missing}" in line and "catalogue crawl" in line
    assert not missing.exists() and not missing.parent.exists()  # nothing made up


def test_export_of_an_empty_catalogue(tmp_path, capsys, store_url):
    from catalogue.db import open_store

    db = store_url.render_as_string(hide_password=False)  # SQLite, then PostgreSQL
    open_store(db).close()
    assert main(["export", "--db", db, "--now", "2026-01-01T00:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert '"generatedAt": "2026-01-01T00:00:00Z"' in out and '"repositories": []' in out


def test_build_warns_when_today_is_before_the_last_crawl(tmp_path, capsys, store_url):
    from datetime import datetime, timezone

    from catalogue.db import open_store

    db = store_url.render_as_string(hide_password=False)  # SQLite, then PostgreSQL
    store = open_store(db)
    crawl = store.begin_crawl(datetime(2026, 6, 1, tzinfo=timezone.utc))
    store.finish_crawl(crawl, datetime(2026, 6, 1, 0, 5, tzinfo=timezone.utc), requests=0, errors=[], stats={})
    store.close()
    assert main(["build", "--db", db, "--output", str(tmp_path), "--now", "2026-01-01T00:00:00Z"]) == 0
    err = capsys.readouterr().err
    assert "warning: 'today' (2026-01-01T00:00:00Z) is before the last crawl (2026-06-01T00:00:00Z)" in err
    # A catalogue without repositories still builds (nothing for the search index).
    assert (tmp_path / "site" / "index.html").is_file()
    assert not (tmp_path / "site" / "search").exists()


def test_export_into_a_missing_folder_is_one_line_and_exit_2(tmp_path, capsys):
    from catalogue.db import open_store

    db = f"sqlite:///{tmp_path / 'catalogue.sqlite'}"
    open_store(db).close()
    target = tmp_path / "no" / "such" / "folder" / "catalogue.json"
    assert main(["export", "--db", db, "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"cannot write the export to {target}" in err and "No such file" in err
    assert not target.parent.exists()


def test_validate_reads_its_setting_from_a_configuration_that_names_unset_tokens(tmp_path, capsys, monkeypatch):
    """validate sends no request: a token variable the file names may be unset."""
    monkeypatch.delenv("NO_SUCH_TOKEN_VARIABLE", raising=False)
    config = tmp_path / "catalogue.toml"
    config.write_text('publiccode_standard = "1.0-rc"\n\n[forges."gitlab.example.nl"]\ntype = "gitlab"\n'
                      'api_url = "https://gitlab.example.nl"\ntoken_env = "NO_SUCH_TOKEN_VARIABLE"\n')
    document = tmp_path / "publiccode.yml"
    document.write_text("publiccodeYmlVersion: 0.4\n")
    with pytest.raises(SystemExit) as exited:  # validate exits with its verdict
        main(["validate", "--config", str(config), "--format", "json", str(document)])
    code = exited.value.code
    out, err = capsys.readouterr()
    assert code == 1 and "NO_SUCH_TOKEN_VARIABLE" not in err, err
    assert '"standard": "1.0-rc"' in out  # the file's setting was read


def test_build_while_the_first_crawl_runs_refuses_to_publish_half_a_catalogue(tmp_path, capsys, store_url):
    """Found in a new user's trial: a build during the first crawl published 77 of 88
    repositories as the catalogue. Once a crawl has finished, a build reads a snapshot."""
    from datetime import datetime, timezone

    from catalogue.db import open_store

    db = store_url.render_as_string(hide_password=False)  # SQLite, then PostgreSQL
    store = open_store(db)
    first = store.begin_crawl(datetime(2026, 6, 1, tzinfo=timezone.utc))
    store.close()
    args = ["build", "--db", db, "--output", str(tmp_path), "--now", "2026-06-02T00:00:00Z"]
    assert main(args) == 2
    line = one_line_error(capsys)
    assert f"no crawl of this catalogue has finished yet (crawl {first}, started 2026-06-01T00:00:00Z" in line
    assert not (tmp_path / "site").exists()
    store = open_store(db)
    store.finish_crawl(first, datetime(2026, 6, 1, 0, 5, tzinfo=timezone.utc), requests=0, errors=[], stats={})
    store.begin_crawl(datetime(2026, 6, 2, tzinfo=timezone.utc))  # a later crawl still running
    store.close()
    assert main(args) == 0
    assert (tmp_path / "site" / "index.html").is_file()
