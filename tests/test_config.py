"""Configuration: precedence (CLI > environment > file > defaults), tokens, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.config import Secret, load_settings, with_forges
from catalogue.errors import ConfigError, UnknownHostError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_cover_github_and_gitlab():
    settings = load_settings(environ={})
    assert settings.forge_for("github.com").graphql_url == "https://api.github.com/graphql"
    assert settings.forge_for("GitLab.com").rest_url == "https://gitlab.com/api/v4"
    assert settings.db == "sqlite:///output/catalogue.sqlite"
    assert settings.publishers is None and settings.site_dir == Path("output/site")


def test_cli_beats_environment_beats_file(tmp_path):
    config = write(tmp_path, 'db = "sqlite:///file.db"\noutput = "out-file"\npublishers = "p.yml"\n')
    from_file = load_settings(environ={}, config=config)
    assert from_file.db == "sqlite:///file.db"
    assert from_file.output == tmp_path / "out-file"
    assert from_file.publishers == tmp_path / "p.yml"
    from_env = load_settings(environ={"CATALOGUE_DB": "sqlite:///env.db", "CATALOGUE_CONFIG": str(config)})
    assert from_env.db == "sqlite:///env.db"
    from_cli = load_settings(environ={"CATALOGUE_DB": "sqlite:///env.db"}, config=config, db="sqlite:///cli.db")
    assert from_cli.db == "sqlite:///cli.db"


def test_forge_table_points_a_host_at_a_local_server(tmp_path):
    config = write(tmp_path, """
[forges."github.com"]
type = "github"
api_url = "http://127.0.0.1:9/github"
graphql_url = "http://127.0.0.1:9/github/graphql"
token_env = "FORGE_TOKEN"

[forges."gitlab.example.org"]
type = "gitlab"
api_url = "http://127.0.0.1:9/gitlab"
""")
    settings = load_settings(environ={"FORGE_TOKEN": "s3cret"}, config=config)
    github = settings.forge_for("github.com")
    assert github.api_url == "http://127.0.0.1:9/github" and github.token == Secret("s3cret")
    assert "s3cret" not in repr(settings) and "s3cret" not in str(github)
    assert settings.forge_for("gitlab.example.org").rest_url == "http://127.0.0.1:9/gitlab/api/v4"


def test_a_table_with_its_own_api_url_inherits_no_other_default_url(tmp_path):
    config = write(tmp_path, '[forges."github.com"]\napi_url = "http://127.0.0.1:9/github"\n')
    github = load_settings(environ={}, config=config).forge_for("github.com")
    assert github.type == "github"
    assert github.graphql_url is None and github.raw_url is None  # not api.github.com's
    token_only = write(tmp_path, '[forges."github.com"]\ntoken_env = "T"\n')
    assert load_settings(environ={"T": "x"}, config=token_only).forge_for("github.com").graphql_url == (
        "https://api.github.com/graphql")


def test_named_but_unset_token_variable_is_one_clear_error(tmp_path):
    config = write(tmp_path, '[forges."github.com"]\ntoken_env = "MISSING_TOKEN"\n')
    with pytest.raises(ConfigError, match="MISSING_TOKEN .* is not set"):
        load_settings(environ={}, config=config)


def test_default_token_variable_may_be_unset():
    assert load_settings(environ={}).forge_for("github.com").token is None
    assert load_settings(environ={"GITHUB_TOKEN": "t"}).forge_for("github.com").token == Secret("t")


@pytest.mark.parametrize(
    "text, message",
    [
        ("db = [1]\n", "db must be a non-empty string"),
        ("colour = 1\n", "unknown key"),
        ('[forges."x.org"]\napi_url = "http://x"\n', "type must be one of"),
        ('[forges."x.org"]\ntype = "gitlab"\n', "api_url is required"),
        ('[forges."x.org"]\ntype = "gitlab"\napi_url = "http://x"\nflavour = "y"\n', "unknown key"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_wrong_configuration_names_file_and_key(tmp_path, text, message):
    config = write(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as raised:
        load_settings(environ={}, config=config)
    assert str(config) in str(raised.value)


def test_missing_configuration_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(environ={}, config=tmp_path / "nope.toml")


def test_unknown_host_names_the_host():
    with pytest.raises(UnknownHostError, match="git.example.nl"):
        load_settings(environ={}).forge_for("git.example.nl")


def test_with_forges_replaces_host_tables():
    settings = with_forges(load_settings(environ={}), {"github.com": {"type": "github", "api_url": "http://127.0.0.1:1"}},
                           token="t")
    assert settings.forge_for("github.com").api_url == "http://127.0.0.1:1"
    assert settings.forge_for("github.com").graphql_url is None


def test_base_url_must_be_an_http_url(tmp_path):
    assert load_settings(environ={}, base_url="https://example.org/catalogus/").base_url == "https://example.org/catalogus/"
    with pytest.raises(ConfigError, match="--base-url: 'notaurl' is not an http"):
        load_settings(environ={}, base_url="notaurl")
    config = write(tmp_path, 'base_url = "ftp://x"\n')
    with pytest.raises(ConfigError, match="base_url: 'ftp://x' is not an http"):
        load_settings(environ={}, config=config)


def test_relative_paths_in_the_file_are_shown_in_full(tmp_path, monkeypatch):
    write(tmp_path, 'publishers = "p.yml"\n')
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={}, config="catalogue.toml")
    assert settings.publishers == tmp_path.resolve() / "p.yml"
