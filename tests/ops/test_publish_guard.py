"""The publish guard (issue 10): ``run`` refuses to publish a crawl that would drop more
than max_drop of the catalogue; the old site stays."""

from __future__ import annotations

from pathlib import Path

import yaml

from catalogue.cli import main
from catalogue.testforge import TestForge
from tests.harvest.fixtures import PUBLISHERS, fixture_copy


def _run(tmp_path: Path, forge: TestForge, now: str, *extra: str) -> int:
    config = tmp_path / "catalogue.toml"
    lines = []
    for host, table in forge.forges_config().items():
        lines.append(f'[forges."{host}"]')
        lines += [f'{key} = "{value}"' for key, value in table.items()]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    publishers = tmp_path / "publishers.yml"
    publishers.write_text(yaml.safe_dump(PUBLISHERS), encoding="utf-8")
    return main(["run", "--config", str(config), "--publishers", str(publishers), "--output", str(tmp_path / "out"),
                 "--now", now, *extra])


def test_a_crawl_that_drops_too_much_is_not_published(tmp_path, capsys, monkeypatch):
    fixture = fixture_copy()
    with TestForge.from_fixture(fixture) as forge:
        assert _run(tmp_path, forge, "2026-06-01T00:00:00Z") == 0
    index = tmp_path / "out" / "site" / "index.html"
    before = index.read_text(encoding="utf-8")
    acme = next(a for a in fixture["github"]["accounts"] if a["login"] == "acme")
    acme["repositories"] = acme["repositories"][:10]  # 110 of 128 repositories gone: 86%
    capsys.readouterr()
    with TestForge.from_fixture(fixture) as forge:
        assert _run(tmp_path, forge, "2026-06-02T00:00:00Z") == 2
    err = capsys.readouterr().err
    assert "not publishing: crawl 2 would drop 110 of 128 repositories (86%, more than max_drop 20%)" in err
    assert index.read_text(encoding="utf-8") == before  # the old site stays
    with TestForge.from_fixture(fixture) as forge:
        assert _run(tmp_path, forge, "2026-06-03T00:00:00Z") == 0  # the next crawl drops nothing more: published
    assert index.read_text(encoding="utf-8") != before


def test_max_drop_and_crawl_lock_settings_are_checked(tmp_path):
    import pytest

    from catalogue.config import load_settings
    from catalogue.errors import ConfigError

    assert load_settings(environ={"CATALOGUE_MAX_DROP": "0.5"}).max_drop == 0.5
    assert load_settings(environ={"CATALOGUE_CRAWL_LOCK": "wait"}).crawl_lock == "wait"
    with pytest.raises(ConfigError, match="CATALOGUE_MAX_DROP: '2' is not a share from 0 to 1"):
        load_settings(environ={"CATALOGUE_MAX_DROP": "2"})
    config = tmp_path / "c.toml"
    config.write_text('crawl_lock = "sometimes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="crawl_lock: 'sometimes' is not one of refuse, wait"):
        load_settings(environ={}, config=config)
