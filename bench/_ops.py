"""Shared parts of the reliability suite (bench/ops_*.py): a generated test forge in a
process of its own, ``catalogue`` commands in subprocesses, and what the suite checks
afterwards (integrity, orphans, a fingerprint of the catalogue)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harvest_forges import OwnForge  # noqa: E402

NOW = "2026-06-01T00:00:00Z"
TOKEN_ENV = "RELIABILITY_TOKEN"


def write_config(directory: Path, forge: OwnForge, *, graphql: bool = True, extra: str = "") -> Path:
    """A TOML configuration pointing every forge host at ``forge``, the token in
    ``RELIABILITY_TOKEN``; without ``graphql`` the spiders use REST (and its HTTP cache)."""
    lines = [extra] if extra else []
    for host, table in forge.forges.items():
        lines.append(f'[forges."{host}"]')
        lines += [f'{key} = "{value}"' for key, value in table.items() if graphql or key != "graphql_url"]
        lines.append(f'token_env = "{TOKEN_ENV}"')
    path = directory / "catalogue.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def catalogue(args: list[str], config: Path, forge: OwnForge, output: Path, token: str = "bench-token",
              job_dir: Path | None = None, log=None, env: dict | None = None, output_option: bool = True
              ) -> subprocess.Popen:
    """Start ``catalogue ARGS`` (crawl, run, build, export) on ``output`` as a subprocess
    (``export`` takes no ``--output``: ``output_option=False``; its database is named)."""
    where = ["--output", str(output)] if output_option else ["--db", f"sqlite:///{output / 'catalogue.sqlite'}"]
    command = [sys.executable, "-m", "catalogue.cli", *args, "--config", str(config), "--publishers",
               str(forge.publishers_path), *where, "--now", NOW]
    if job_dir is not None:
        command += ["--job-dir", str(job_dir)]
    environment = dict(os.environ, **{TOKEN_ENV: token}, **(env or {}))
    return subprocess.Popen(command, env=environment, stdout=log or subprocess.PIPE, stderr=log or subprocess.PIPE,
                            start_new_session=True)


def processes_naming(marker: str) -> list[int]:
    """Live (not zombie) processes whose command line contains ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def wait_gone(marker: str, seconds: float) -> list[int]:
    """Wait up to ``seconds`` for every process naming ``marker`` to end; the survivors."""
    deadline = time.monotonic() + seconds
    while (alive := processes_naming(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def integrity_ok(database: Path) -> bool:
    """SQLite's ``PRAGMA integrity_check`` says ``ok`` (a missing file counts as intact)."""
    if not database.exists():
        return True
    connection = sqlite3.connect(database, timeout=30)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()


def fingerprint(database: Path) -> tuple[int, str]:
    """``(repositories, SHA-256)`` of what the catalogue holds: every repository's
    identity, content hash and gone flag (bookkeeping times left out)."""
    connection = sqlite3.connect(database, timeout=30)
    try:
        rows = connection.execute(
            "SELECT host, forge_id, content_hash, gone FROM repositories ORDER BY host, forge_id").fetchall()
    finally:
        connection.close()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
