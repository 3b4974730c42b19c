"""The whole main job from the command line, on the bundled demo data: the local test
forge, crawl, store, build, export; then a second run that changes nothing."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from catalogue.cli import main
from catalogue.demo import demo_fixture_path

NOW = "2026-11-01T00:00:00Z"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.parts).split())


def export(db: str, capsys) -> dict:
    assert main(["export", "--db", db, "--now", NOW]) == 0
    return json.loads(capsys.readouterr().out)


def test_demo_crawls_builds_and_exports(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "--output", str(out), "--now", NOW]) == 0
    printed = capsys.readouterr().out
    index = out / "demo" / "site" / "index.html"  # the demo keeps to its own folder
    assert f"demo site: {index.resolve()}" in printed
    assert "88 repositories (88 new, 0 changed)" in printed and "0 errors" in printed

    fixture = json.loads(demo_fixture_path().read_text(encoding="utf-8"))
    expected = sum(len(a["repositories"]) for a in fixture["github"]["accounts"])
    assert expected > 50

    db = f"sqlite:///{out / 'demo' / 'catalogue.sqlite'}"
    assert not (out / "catalogue.sqlite").exists()  # a real catalogue in OUTPUT is never touched
    first = export(db, capsys)
    repositories = {r["url"]: r for r in first["repositories"]}
    assert len(repositories) == 88  # 80 on GitHub and GitLab, 8 on the Forgejo standing for code.overheid.nl
    amt = repositories["https://github.com/MinBZK/amt"]
    assert amt["publicCode"] is not None and amt["organisation"]["label"]
    assert amt["publicCodeUrl"].startswith("https://github.com/MinBZK/amt/blob/")
    real_files = sum(1 for r in first["repositories"] if r["publicCode"] is not None)
    assert real_files >= 16

    # The site shows the facts of the export.
    page = out / "demo" / "site" / "repos" / "github.com" / "minbzk" / "amt" / "index.html"
    text = page_text(page)
    assert amt["name"] in text and amt["license"] in text
    assert (out / "demo" / "site" / "catalogue.json").is_file()
    assert (out / "demo" / "site" / "en" / "index.html").is_file()

    # The Forgejo standing for code.overheid.nl: its pull mirror of MinBZK/amt is shown as
    # a mirror of it, not as a second piece of software in the main list.
    mirror = repositories["https://code.overheid.nl/voorbeeld-gemeente/amt"]
    assert (mirror["isMirror"], mirror["mirrorOf"], mirror["forkType"]) == (
        True, "https://github.com/MinBZK/amt", "TECHNICAL_FORK")
    mirror_page = out / "demo" / "site" / "repos" / "code.overheid.nl" / "voorbeeld-gemeente" / "amt" / "index.html"
    assert "Mirror van: https://github.com/MinBZK/amt" in page_text(mirror_page)
    assert "voorbeeld-gemeente/amt" not in (out / "demo" / "site" / "index.html").read_text(encoding="utf-8")

    # A second crawl of unchanged data changes nothing but lastCrawledAt.
    assert main(["demo", "--output", str(out), "--now", "2026-11-02T00:00:00Z"]) == 0
    assert "88 repositories (0 new, 0 changed)" in capsys.readouterr().out
    second = export(db, capsys)

    def strip(doc):
        return [{k: v for k, v in r.items() if k != "lastCrawledAt"} for r in doc["repositories"]]

    assert strip(first) == strip(second)
    assert {r["lastCrawledAt"] for r in second["repositories"]} == {"2026-11-02T00:00:00Z"}


def test_demo_data_in_a_chosen_database_stays_marked_as_demo(tmp_path, capsys, store_url):
    db = store_url.render_as_string(hide_password=False)  # SQLite, then PostgreSQL
    assert main(["demo", "--output", str(tmp_path / "demo-out"), "--db", db, "--now", NOW]) == 0
    capsys.readouterr()
    assert main(["build", "--db", db, "--output", str(tmp_path / "later"), "--now", NOW]) == 0
    marked = page_text(tmp_path / "later" / "site" / "index.html")
    demo_page = page_text(tmp_path / "demo-out" / "demo" / "site" / "index.html")
    banner = demo_page.split("Demonstratie:")[1][:60]
    assert "Demonstratie:" in marked and banner in marked
