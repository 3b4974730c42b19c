"""One contract over every registered forge (as Kingfisher Collect runs one test over
every spider): its unit's shapes, a crawl, a recrawl, ``catalogue check`` and
``catalogue notify`` on the project's test forge. A new forge type adds its row to
``CONTRACT`` and its fixture part; a registered type without a row fails here."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from scrapy.utils.misc import load_object

from catalogue.check import check_repository
from catalogue.config import load_settings, with_forges
from catalogue.db import open_store
from catalogue.errors import ConfigError
from catalogue.forges import forge_types, forge_unit
from catalogue.harvest.middlewares import auth_headers
from catalogue.harvest.runner import run_crawl
from catalogue.notify import run_notify
from catalogue.publishers import load_publishers
from catalogue.records import SourceRepository
from catalogue.testforge import TestForge
from spiders.base import ForgeSpider
from tests.check.conftest import publiccode

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
FAST = {"CATALOGUE_WAIT_SCALE": 0.0, "LOG_LEVEL": "WARNING", "RETRY_TIMES": 1}

#: Per forge type: the host, an account with a valid ("goed") and an invalid ("fout")
#: publiccode.yml, and whether the seed list's group flag must say "one repository".
CONTRACT = {
    "github": {"host": "github.com", "account": "gemeente"},
    "gitlab": {"host": "gitlab.com", "account": "provincie"},
    "forgejo": {"host": "code.overheid.nl", "account": "gemeente-x"},
}


def _repos(host: str, account: str) -> list[dict]:
    base = f"https://{host}/{account}"
    return [{"name": "goed", "description": "Goed", "commit_dates": ["2026-05-01T10:00:00Z"],
             "files": {"publiccode.yml": publiccode(f"{base}/goed")}},
            {"name": "fout", "description": "Fout", "commit_dates": ["2026-05-01T10:00:00Z"],
             "files": {"publiccode.yml": publiccode(f"{base}/fout", EUPL="NOT-A-LICENCE")}}]


def fixture() -> dict:
    gh, gl, fj = CONTRACT["github"], CONTRACT["gitlab"], CONTRACT["forgejo"]
    return {
        "github": {"accounts": [{"login": gh["account"], "repositories": _repos(gh["host"], gh["account"])}]},
        "gitlab": [{"prefix": "/gitlab", "web_host": gl["host"],
                    "groups": [{"path": gl["account"], "projects": _repos(gl["host"], gl["account"])}]}],
        "forgejo": [{"prefix": "/forgejo", "web_host": fj["host"],
                     "orgs": [{"login": fj["account"], "repositories": _repos(fj["host"], fj["account"])}]}],
    }


def test_every_registered_forge_has_a_contract_row():
    assert set(forge_types()) == set(CONTRACT)


def test_an_unknown_forge_type_fails_when_the_configuration_loads(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('[forges."code.example.nl"]\ntype = "gogs"\napi_url = "https://code.example.nl"\n')
    with pytest.raises(ConfigError, match="type must be one of forgejo, github, gitlab, not 'gogs'"):
        load_settings(environ={}, config=config)
    with pytest.raises(ConfigError, match="unknown forge type 'gogs'"):
        forge_unit("gogs")


@pytest.mark.parametrize("forge_type", sorted(CONTRACT))
def test_unit_shapes(forge_type):
    unit, row = forge_unit(forge_type), CONTRACT[forge_type]
    spider = load_object(unit.spider)
    assert issubclass(spider, ForgeSpider) and spider.forge_type == forge_type == unit.type
    assert unit.auth_header in auth_headers()
    assert unit.rest_url("https://h.example/") .startswith("https://h.example")
    account = f"https://{row['host']}/{row['account']}"
    repository = f"{account}/goed"
    assert unit.hosting_target(account, group=True).kind == "account"
    assert unit.hosting_target(repository, group=False).kind == "repository"
    assert unit.is_repository_path(["a", "b"])
    for link in (unit.blob_url(repository, "main", "publiccode.yml", 3), unit.issues_url(repository),
                 unit.releases_url(repository)):
        assert link.startswith(repository + "/") and link != repository + "/"
    assert unit.blob_url(repository, "main", "publiccode.yml", 3).endswith("#L3")
    source = SourceRepository(host=row["host"], forge_type=forge_type, forge_id="1", full_name=f"{row['account']}/goed",
                              url=repository, name="goed", fetched_at=NOW, publisher_id="p", account_url=account,
                              default_branch="main")
    assert unit.raw_base_url(source).endswith("/main/")
    routes = unit.file_routes(source)
    assert routes.blob_base.startswith(routes.blob_prefix) and routes.blob_base.endswith("/main/")
    assert routes.raw_root.endswith("/") and routes.raw_web_prefix.startswith(repository + "/")
    assert unit.raw_base_url(source).startswith(routes.raw_root)
    assert unit.blob_url(repository, "main", "publiccode.yml").startswith(routes.blob_base)
    assert unit.file_routes(replace(source, default_branch=None)).blob_base is None
    assert unit.raw_base_url(replace(source, default_branch=None)) is None
    if unit.instance_paths:
        assert unit.hosting_target(f"https://{row['host']}", group=True).kind == "instance"
    else:
        with pytest.raises(ValueError, match="names a host"):
            unit.hosting_target(f"https://{row['host']}", group=True)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    import yaml

    tmp = tmp_path_factory.mktemp("contract")
    publishers = [{"id": forge_type, "name": f"Publisher {forge_type}", "notify": True,
                   "codeHosting": [{"url": f"https://{row['host']}/{row['account']}"}]}
                  for forge_type, row in CONTRACT.items()]
    path = tmp / "publishers.yml"
    path.write_text(yaml.safe_dump(publishers), encoding="utf-8")
    with TestForge.from_fixture(fixture()) as forge:
        base = load_settings(environ={}, publishers=str(path), db=f"sqlite:///{tmp / 'c.sqlite'}")
        settings = with_forges(base, forge.forges_config(), token="contract-token")
        loaded = load_publishers(path)
        first = run_crawl(settings, loaded, now=NOW, scrapy_settings=FAST)
        forge.reset_log()
        second = run_crawl(settings, loaded, now=NOW, scrapy_settings=FAST)
        recrawl = list(forge.requests)
        store = open_store(settings.db)
        entries = store.entries()
        store.close()
        yield {"forge": forge, "settings": settings, "publishers": loaded, "first": first, "second": second,
               "recrawl": recrawl, "entries": entries}


@pytest.mark.parametrize("forge_type", sorted(CONTRACT))
def test_crawl_and_recrawl(world, forge_type):
    row = CONTRACT[forge_type]
    assert world["first"].errors == () and world["second"].errors == ()
    mine = [s for s in world["entries"] if s.entry.source.host == row["host"]]
    assert sorted(s.entry.source.name for s in mine) == ["fout", "goed"]
    for stored in mine:
        source = stored.entry.source
        assert source.forge_type == forge_type and source.publisher_id == forge_type
        assert source.url == f"https://{row['host']}/{source.full_name}"
        assert source.account_url == f"https://{row['host']}/{row['account']}"
        assert source.publiccode is not None and source.publiccode.blob_id
        assert source.last_commit_at is not None
        assert stored.entry.publiccode.valid == (source.name == "goed")
    # Unchanged: the recrawl asks one listing of the account and nothing per repository.
    asked = [r for r in world["recrawl"] if r.route.startswith({"github": "gh.", "gitlab": "gl.",
                                                                "forgejo": "fj."}[forge_type])]
    assert len(asked) == 1, [r.path for r in asked]
    assert world["second"].repositories_changed == 0


@pytest.mark.parametrize("forge_type", sorted(CONTRACT))
def test_check_gives_what_the_crawl_stored(world, forge_type):
    row = CONTRACT[forge_type]
    url = f"https://{row['host']}/{row['account']}/fout"
    report = check_repository(world["settings"], world["publishers"], url, NOW)
    crawled = next(s.entry for s in world["entries"] if s.entry.source.url == url)
    assert (report.entry.source.forge_id, report.entry.source.url) == (crawled.source.forge_id, url)
    assert report.entry.source.forge_type == forge_type
    assert [m.path for m in report.entry.publiccode.messages] == [m.path for m in crawled.publiccode.messages]
    assert report.exit_code == 1


@pytest.mark.parametrize("forge_type", sorted(CONTRACT))
def test_notify_opens_keeps_and_closes_its_issue(world, forge_type):
    row = CONTRACT[forge_type]
    url = f"https://{row['host']}/{row['account']}/fout"
    mine = [s for s in world["entries"] if s.entry.source.url == url]
    no_wait = {"sleep": lambda seconds: None}
    opened = run_notify(world["settings"], world["publishers"], mine, apply=True, **no_wait)
    assert [(a.kind, a.url) for a in opened.actions] == [("open", url)]
    assert opened.actions[0].note.startswith(url)  # the issue's web URL
    again = run_notify(world["settings"], world["publishers"], mine, apply=True, **no_wait)
    assert [a.kind for a in again.actions] == ["unchanged"]
    good = next(s for s in world["entries"] if s.entry.source.url.endswith(f"{row['account']}/goed"))
    fixed = replace(mine[0], entry=replace(mine[0].entry, publiccode=good.entry.publiccode))
    closed = run_notify(world["settings"], world["publishers"], [fixed], apply=True, **no_wait)
    assert [a.kind for a in closed.actions] == ["close"]
    after = run_notify(world["settings"], world["publishers"], [fixed], apply=True, **no_wait)
    assert [a.kind for a in after.actions] == ["unchanged"]
