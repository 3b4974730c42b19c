"""Reliability of the catalogue against hostile publiccode.yml files (issue 10, "Measured").

    .venv/bin/python bench/hostile_files.py [--repos 200] [--only KIND ...]

For each hostile file (an alias bomb, a 50 MB file, 10,000-deep nesting, 100,000 keys,
binary, UTF-16, invalid UTF-8):

- **validate**: ``catalogue validate FILE`` in a process of its own; wall time and peak
  RSS (``ru_maxrss`` of that process), exit status and the first message;
- **crawl**: a crawl of a generated dataset (``catalogue.testforge.dataset``, the project's
  own test forge) in which one GitHub repository and one GitLab project carry the file,
  on two paths: with a token (GitHub and GitLab GraphQL; the file as the forge's GraphQL
  gives it) and without (REST; the raw bytes injected on the raw-file routes, exactly as
  written). The forge runs in a process of its own, so the crawl never holds the file
  but what it downloads. Wall time and the peak RSS of the crawl's Scrapy process
  (``memory/peak_rss_bytes``), what the two hostile repositories were stored as, crawl
  errors, and whether every other repository is identical (``CatalogueEntry`` equality)
  to a crawl of the same dataset without the hostile files.

Targets: validate within 10 s and 500 MB; a crawl with the file at most 10 s longer than
a clean crawl of the same dataset run just before it (``+s``) and within 500 MB; the other
repositories identical to the baseline crawl. Measured on a shared machine: a few seconds
of ``+s`` either way are noise.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.config import load_settings, with_forges  # noqa: E402
from catalogue.db import open_store  # noqa: E402
from catalogue.harvest.runner import run_crawl  # noqa: E402
from catalogue.publishers import load_publishers  # noqa: E402
from catalogue.testforge import TestForge  # noqa: E402
from catalogue.testforge.dataset import DEFAULT_NOW, make_dataset  # noqa: E402

TARGET_SECONDS = 10.0
TARGET_MB = 500.0
SCRAPY = {"LOG_LEVEL": "ERROR", "CATALOGUE_WAIT_SCALE": 0.0}


HOSTILE_KINDS = ("alias bomb", "50 MB", "10,000-deep", "100,000 keys", "binary", "UTF-16", "invalid UTF-8")


def hostile_file(kind: str) -> bytes:
    """One hostile file of :data:`HOSTILE_KINDS`, byte for byte."""
    return hostile_files()[kind]()


def hostile_files() -> dict[str, Callable[[], bytes]]:
    """How to make each hostile file, byte for byte (made on demand: one is 50 MB)."""
    bomb = ('publiccodeYmlVersion: "0"\nname: Bom\ndescription:\n  nl:\n    features: [&b "' + "x" * 50_000 + '"'
            + ", *b" * 20_000 + "]\n")
    pad = b"# a generated line, padding the file to 50 MB, valid YAML comment ...\n"  # 72 bytes
    return {
        "alias bomb": lambda: bomb.encode(),
        "50 MB": lambda: b'publiccodeYmlVersion: "0"\nname: Groot\n' + pad * (50 * 1024 * 1024 // len(pad)),
        "10,000-deep": lambda: b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
        "100,000 keys": lambda: "".join(f"k{i}: {i}\n" for i in range(100_000)).encode(),
        "binary": lambda: bytes(range(256)) * 64,
        "UTF-16": lambda: 'publiccodeYmlVersion: "0"\nname: Zestien\n'.encode("utf-16"),
        "invalid UTF-8": lambda: 'publiccodeYmlVersion: "0"\nname: Caf'.encode() + b"\xe9\n",
    }


def as_forge_text(content: bytes) -> str | None:
    """The file as the test forge keeps it (text) for its GraphQL answers, or ``None``
    when it cannot (invalid UTF-8 without NUL bytes: a GraphQL answer is JSON text). A
    file with NUL bytes (binary, UTF-16) is kept with its NULs, so the forge calls it
    binary as git does (a NUL in the first 8,000 bytes)."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("latin-1") if b"\x00" in content[:8000] else None


def measure_validate(path: Path) -> dict:
    """Run ``catalogue validate`` on ``path`` in a new process; its time, RSS and output."""
    code = (
        "import resource, sys, time\n"
        "from click.testing import CliRunner\n"
        "from catalogue.publiccode.cli import validate\n"
        "t = time.perf_counter()\n"
        f"r = CliRunner().invoke(validate, [{str(path)!r}])\n"
        "s = time.perf_counter() - t\n"
        "print(r.exit_code, round(s, 3), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
        "print((r.output.splitlines() or [''])[0])\n"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    wall = time.perf_counter() - started
    first, message = (done.stdout.splitlines() + ["", ""])[:2]
    status, seconds, rss_mb = first.split() if first else ("?", "nan", "nan")
    return {"status": status, "seconds": float(seconds), "process_seconds": wall, "rss_mb": float(rss_mb),
            "message": message.split(": ", 1)[-1][:100] or done.stderr[-200:]}


def targets(fixture: dict) -> tuple[tuple[dict, dict], str, str]:
    """The GitHub repository and GitLab project of ``fixture`` that get the hostile file
    (the first non-empty ones), and their URLs."""
    github = next(repo for account in fixture["github"]["accounts"] for repo in account["repositories"]
                  if not repo.get("empty") and account["type"] == "Organization")
    owner = next(a["login"] for a in fixture["github"]["accounts"] if github in a["repositories"])

    def projects(group, path):
        for project in group.get("projects", []):
            yield f"{path}/{project['name']}", project
        for sub in group.get("subgroups", []):
            yield from projects(sub, f"{path}/{sub['path']}")

    instance = fixture["gitlab"][0]
    gitlab_path, gitlab = next((p, proj) for g in instance["groups"] for p, proj in projects(g, g["path"])
                               if not proj.get("empty") and not proj.get("repository_disabled"))
    return (github, gitlab), f"https://github.com/{owner}/{github['name']}", \
        f"https://{instance['web_host']}/{gitlab_path}"


def forge_worker(fixture_path: str, hostile_path: str | None, token: bool, conn) -> None:
    """Serve the test forge in a process of its own (so that the crawl, forked from the
    bench, never holds the hostile file): the dataset with the hostile file in the two
    target repositories, in the fixture (GraphQL) or on the raw-file routes (REST).
    Sends the forge tables, or ``None`` when the file cannot travel this path; serves
    until told to stop."""
    fixture = json.loads(Path(fixture_path).read_text(encoding="utf-8"))
    content = Path(hostile_path).read_bytes() if hostile_path else None
    (_, _), gh_url, gl_url = targets(fixture)
    if content is not None and token:
        text = as_forge_text(content)
        if text is None:
            conn.send(None)
            return
        for repo in targets(fixture)[0]:
            repo["files"] = {"publiccode.yml": text}
        del text
    with TestForge.from_fixture(fixture) as forge:
        if content is not None and not token:  # the raw bytes, exactly as written, on the raw-file routes
            owner_repo = gh_url.split("github.com/", 1)[1]
            project = forge.fixture.gitlab[0].project(gl_url.split("/", 3)[3])
            forge.inject(rf"/raw/github/{owner_repo}/[^/]+/publiccode\.yml", 200, body=content, times=None)
            forge.inject(rf"/projects/{project.id}/repository/files/publiccode\.yml/raw", 200,
                         body=content, times=None)
        conn.send(forge.forges_config())
        conn.recv()


def crawl(work: Path, dataset, label: str, *, token: bool, hostile: Path | None = None) -> dict | None:
    """One crawl of ``dataset`` (the ``hostile`` file in its two target repositories)
    into a fresh SQLite store under ``work``; ``None`` when the file cannot travel this path."""
    folder = work / label
    folder.mkdir(parents=True)
    publishers_path = folder / "publishers.json"
    publishers_path.write_text(json.dumps(dataset.publishers), encoding="utf-8")
    fixture_path = folder / "fixture.json"
    fixture_path.write_text(json.dumps(dataset.fixture), encoding="utf-8")
    db = f"sqlite:///{folder / 'catalogue.sqlite'}"
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    worker = context.Process(target=forge_worker, args=(str(fixture_path), str(hostile) if hostile else None,
                                                        token, theirs), daemon=True)
    worker.start()
    try:
        config = ours.recv()
        if config is None:
            return None
        if not token:
            for table in config.values():
                table.pop("graphql_url", None)
        settings = with_forges(load_settings(environ={}, publishers=str(publishers_path), db=db,
                                             output=str(folder / "out")), config, token="t" if token else None)
        started = time.perf_counter()
        summary = run_crawl(settings, load_publishers(publishers_path), now=DEFAULT_NOW, scrapy_settings=SCRAPY)
        seconds = time.perf_counter() - started
    finally:
        if worker.is_alive():
            ours.send("stop")
        worker.join(30)
    store = open_store(db)
    try:
        entries = {stored.entry.source.url: stored.entry for stored in store.entries()}
    finally:
        store.close()
    return {"seconds": seconds, "rss_mb": summary.stats.get("memory/peak_rss_bytes", 0) / 2**20,
            "errors": summary.errors, "entries": entries}


def stored_as(entry) -> str:
    if entry is None:
        return "MISSING"
    file, document = entry.source.publiccode, entry.publiccode
    if file is None:
        return "no publiccode.yml"
    first = document.messages[0].message if document and document.messages else "no message"
    return f"{file.refused or 'read'}: {first[:55]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200, help="repositories of the GraphQL crawls")
    parser.add_argument("--rest-repos", type=int, default=40,
                        help="repositories of the REST crawls (several requests per repository)")
    parser.add_argument("--only", nargs="*", help="kinds to run (default: all)")
    args = parser.parse_args(argv)
    kinds = [k for k in HOSTILE_KINDS if not args.only or k in args.only]
    datasets = {True: make_dataset(args.repos, seed=1), False: make_dataset(args.rest_repos, seed=1)}
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"datasets: {args.repos} repositories (GraphQL crawls), {args.rest_repos} (REST crawls); "
              "hostile file in the first GitHub repository and the first GitLab project")
        print("\n== validate (catalogue validate FILE, own process)")
        print(f"{'file':<14} {'bytes':>10} {'exit':>4} {'s':>6} {'MB':>6}  first message")
        paths = {}
        for kind in kinds:  # written one by one: this process never holds them all
            paths[kind] = work / f"{kind.replace(' ', '_').replace(',', '')}.yml"
            paths[kind].write_bytes(hostile_file(kind))
        for kind in kinds:
            path = paths[kind]
            v = measure_validate(path)
            ok = v["seconds"] <= TARGET_SECONDS and v["rss_mb"] <= TARGET_MB and v["status"] == "2"
            failures += not ok
            print(f"{kind:<14} {path.stat().st_size:>10} {v['status']:>4} {v['seconds']:>6.2f} {v['rss_mb']:>6.0f}  "
                  f"{v['message']}{'' if ok else '   <-- MISSES TARGET'}")

        baselines = {token: crawl(work, datasets[token], f"baseline-{token}", token=token) for token in (True, False)}
        for token, base in baselines.items():
            print(f"\nbaseline crawl ({'GraphQL, token' if token else 'REST, no token'}): {base['seconds']:.1f} s, "
                  f"{base['rss_mb']:.0f} MB, {len(base['entries'])} repositories, {len(base['errors'])} errors")

        for token in (True, False):
            print(f"\n== crawl, {'GraphQL with a token' if token else 'REST without a token'}")
            print(f"{'file':<14} {'s':>6} {'+s':>6} {'MB':>6} {'others':>9} {'errors':>6}  stored as (GitHub | GitLab)")
            base = baselines[token]
            dataset = datasets[token]
            _, gh_url, gl_url = targets(dataset.fixture)
            hostile_urls = {gh_url, gl_url}
            for kind in kinds:
                # A clean crawl just before, as the pair to compare with (the machine's load varies).
                pair = crawl(work, dataset, f"{kind}-{token}-clean".replace(" ", "_"), token=token)
                c = crawl(work, dataset, f"{kind}-{token}".replace(" ", "_"), token=token, hostile=paths[kind])
                if c is None:
                    print(f"{kind:<14} n/a: a GraphQL answer is JSON text and cannot carry invalid UTF-8")
                    continue
                others = {u: e for u, e in c["entries"].items() if u not in hostile_urls}
                expected = {u: e for u, e in base["entries"].items() if u not in hostile_urls}
                same = sum(1 for u, e in expected.items() if others.get(u) == e)
                identical = same == len(expected) and len(others) == len(expected)
                extra = c["seconds"] - pair["seconds"]
                ok = (extra <= TARGET_SECONDS and c["rss_mb"] <= TARGET_MB and identical
                      and all(u in c["entries"] for u in hostile_urls))
                failures += not ok
                print(f"{kind:<14} {c['seconds']:>6.1f} {extra:>+6.1f} {c['rss_mb']:>6.0f} "
                      f"{same:>4}/{len(expected):<4} {len(c['errors']):>6}  {stored_as(c['entries'].get(gh_url))} | "
                      f"{stored_as(c['entries'].get(gl_url))}{'' if ok else '   <-- MISSES TARGET'}")
                for error in c["errors"][:3]:
                    print(f"{'':<14} error: {error[:150]}")
    print(f"\n{failures} result(s) missing a target (10 s, 500 MB, others identical)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
