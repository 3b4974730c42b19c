"""``catalogue notify`` against the independent emulator in ``../shared/forge`` (issue writes).

Skipped when that folder does not exist: the project stands alone. The forge is started
here on 127.0.0.1 with a small generated dataset; the repositories are read with
``catalogue check`` (PyGithub, python-gitlab) and their publiccode.yml replaced by a
broken one, so that notify has something to report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from catalogue.check import check_repository
from catalogue.config import load_settings, with_forges
from catalogue.normalise import normalise
from catalogue.notify import run_notify
from catalogue.records import CodeHosting, PubliccodeFile, Publisher, StoredEntry

from .conftest import NOW, FakeTime, publiccode

SHARED = Path(__file__).resolve().parents[3] / "shared" / "forge"
pytestmark = pytest.mark.skipif(not (SHARED / "forge.py").exists(), reason="../shared/forge is not there")
TOKEN = "shared-forge-token"


@pytest.fixture(scope="module")
def shared_forge(tmp_path_factory):
    data = tmp_path_factory.mktemp("dataset")
    subprocess.run([sys.executable, str(SHARED / "make_dataset.py"), "--out", str(data / "d"), "--repos", "30",
                    "--seed", "3", "--forgejo-share", "0"], check=True, capture_output=True, timeout=120)
    port_file = data / "port"
    server = subprocess.Popen([sys.executable, str(SHARED / "forge.py"), "--data", str(data / "d"), "--port", "0",
                               "--port-file", str(port_file)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("the shared forge did not start")
            time.sleep(0.1)
        rows = [json.loads(line) for line in (data / "d" / "ground_truth.jsonl").read_text().splitlines()]
        yield f"http://127.0.0.1:{port_file.read_text().strip()}", rows
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_pygithub_and_python_gitlab_issue_writes_work_on_the_shared_forge(shared_forge):
    base, rows = shared_forge
    settings = with_forges(load_settings(environ={}), {
        "github.com": {"type": "github", "api_url": f"{base}/github", "graphql_url": f"{base}/github/graphql"},
        "gitlab.com": {"type": "gitlab", "api_url": f"{base}/gitlab"}}, token=TOKEN)
    chosen = []
    for forge in ("github", "gitlab"):
        row = next(r for r in rows if r["forge"] == forge and r["html_url"].startswith(f"https://{forge}.com/")
                   and not (r["archived"] or r["disabled"] or r["empty"]))
        chosen.append(row)
    publisher = Publisher(id="p", name="Publisher", notify=True,
                          code_hosting=tuple(CodeHosting(url=r["html_url"], group=False) for r in chosen))
    entries = []
    for row in chosen:
        report = check_repository(settings, [publisher], row["html_url"], NOW)
        source = report.entry.source
        broken = replace(source, publiccode=PubliccodeFile(
            path="publiccode.yml", text=publiccode(source.url, status="ergens")))
        entries.append(StoredEntry(entry=normalise(broken, publisher), first_seen_at=NOW, last_crawled_at=NOW))
    fake = FakeTime()

    def notify(batch):
        return run_notify(settings, [publisher], batch, apply=True, sleep=fake.sleep, clock=fake.clock)

    first = notify(entries)
    assert [a.kind for a in first.actions] == ["open", "open"], first.actions
    second = notify(entries)
    assert [a.kind for a in second.actions] == ["unchanged", "unchanged"]
    fixed = [replace(e, entry=normalise(replace(e.entry.source, publiccode=PubliccodeFile(
        path="publiccode.yml", text=publiccode(e.entry.source.url))), publisher)) for e in entries]
    third = notify(fixed)
    assert [a.kind for a in third.actions] == ["close", "close"]

    github, gitlab = chosen
    issues = requests.get(f"{base}/github/repos/{github['full_name']}/issues",
                          params={"state": "all", "creator": requests.get(
                              f"{base}/github/user", headers={"Authorization": f"token {TOKEN}"}).json()["login"]},
                          headers={"Authorization": f"token {TOKEN}"}).json()
    assert len(issues) == 1 and issues[0]["state"] == "closed" and issues[0]["comments"] == 1
    assert issues[0]["title"].startswith("publiccode.yml: 1 problem")
    project = requests.get(f"{base}/gitlab/api/v4/projects/{requests.utils.quote(gitlab['full_name'], safe='')}/issues",
                           params={"state": "all"}, headers={"PRIVATE-TOKEN": TOKEN}).json()
    mine = [i for i in project if "developer.overheid.nl catalogue" in (i.get("description") or "")]
    assert len(mine) == 1 and mine[0]["state"] == "closed"
