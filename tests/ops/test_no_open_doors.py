"""No secrets, no open doors (issue 10, 13.4): Scrapy's telnet console and remote
control are off; every file a crawl writes lives under the output or job folder;
build and export need no token."""

from __future__ import annotations

from datetime import datetime, timezone

from scrapy.utils.project import get_project_settings

from catalogue.cli import main
from catalogue.testforge import TestForge
from tests.harvest.fixtures import PUBLISHERS, fixture_copy

T1 = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_telnet_and_remote_control_are_off():
    settings = get_project_settings()
    settings.setmodule("catalogue.harvest.settings", priority="project")
    assert settings.getbool("TELNETCONSOLE_ENABLED") is False
    assert settings.getbool("REMOTE_CONTROL_ENABLED") is False
    extensions = settings.getwithbase("EXTENSIONS")
    assert extensions["scrapy.extensions.telnet.TelnetConsole"] is None
    assert extensions["scrapy.extensions.remote_control.RemoteControl"] is None


def test_every_file_of_a_crawl_is_under_the_output_or_job_folder(crawler, tmp_path, monkeypatch, capfd):
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.chdir(work)
    job = tmp_path / "job"
    with TestForge.from_fixture(fixture_copy()) as forge:
        config = forge.forges_config()
        for table in config.values():  # REST: answers go to the HTTP cache
            table.pop("graphql_url", None)
        summary = crawler.crawl(PUBLISHERS, config, token="t", now=T1, job_dir=job,
                                scrapy={"LOG_LEVEL": "INFO"})
    assert summary.exit_code == 0, summary.errors
    assert list(home.rglob("*")) == []  # no ~/.local/state/scrapy/job_files
    assert list(work.rglob("*")) == []  # no .scrapy/ in the working directory
    cached = tmp_path / "out" / "cache" / "http"
    assert cached.is_dir() and any(cached.rglob("*"))
    err = capfd.readouterr().err
    assert "Remote control" not in err and "Telnet" not in err


def test_build_and_export_need_no_token(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MY_FORGE_TOKEN", raising=False)
    config = tmp_path / "catalogue.toml"
    config.write_text('[forges."github.com"]\ntype = "github"\napi_url = "https://api.github.com"\n'
                      'token_env = "MY_FORGE_TOKEN"\n', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    from catalogue.db import open_store

    open_store(db).close()
    assert main(["build", "--config", str(config), "--db", db, "--output", str(tmp_path / "out")]) == 0
    assert main(["export", "--config", str(config), "--db", db]) == 0
    # The crawl does need it: the file names the variable.
    assert main(["crawl", "--config", str(config), "--db", db, "--output", str(tmp_path / "out")]) == 2
    assert "MY_FORGE_TOKEN" in capsys.readouterr().err
