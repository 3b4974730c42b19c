"""``catalogue validate PATH...|URL|-``: validate publiccode.yml files like a compiler.

Prints ``FILE:LINE:COLUMN: SEVERITY: KEY: MESSAGE`` lines (plus the hint), or JSON with
``--format json``. Exit status: 0 all valid, 1 some invalid, 2 unreadable input or
wrong usage (the highest over the files wins).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Callable

import click
import requests

from catalogue.publiccode.parser import parse_publiccode

#: Seconds to wait for a URL input.
TIMEOUT = 30


def _read(source: str) -> tuple[bytes | None, str | None]:
    """Return ``(content, problem)`` for a path, an http(s) URL or ``-`` (stdin)."""
    if source == "-":
        return sys.stdin.buffer.read(), None
    if source.startswith(("http://", "https://")):
        try:
            response = requests.get(source, timeout=TIMEOUT)
        except requests.RequestException as exc:
            return None, f"cannot fetch {source}: {exc}"
        if response.status_code != 200:
            return None, f"cannot fetch {source}: HTTP {response.status_code}"
        return response.content, None
    try:
        with open(source, "rb") as fh:
            return fh.read(), None
    except OSError as exc:
        return None, f"cannot read {source}: {exc.strerror or exc}"


def local_reader(source: str) -> Callable[[str], bytes | None] | None:
    """For a file on disk, read the repository's files relative to its folder (the
    repository root, where a publiccode.yml lives), never outside it; ``None`` for a URL
    or standard input."""
    if source == "-" or "://" in source:
        return None
    root = Path(source).resolve().parent

    def read(relative: str) -> bytes | None:
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        try:
            return target.read_bytes()
        except OSError:
            return None

    return read


@click.command("validate")
@click.argument("sources", nargs=-1, required=True, metavar="PATH...|URL|-")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Compiler-style lines, or JSON for machines.")
@click.option("--repository-url", default=None, help="URL of the repository hosting the file (url check).")
def validate(sources: tuple[str, ...], fmt: str, repository_url: str | None) -> None:
    """Validate publiccode.yml files and say what to fix.

    Exit status: 0 all valid, 1 some invalid, 2 unreadable input.
    """
    status = 0
    reports = []
    for source in sources:
        content, problem = _read(source)
        name = "<stdin>" if source == "-" else source
        if content is None:
            status = max(status, 2)
            reports.append({"file": name, "valid": False, "readable": False, "error": problem})
            if fmt == "text":
                click.echo(f"{name}: error: {problem}", err=True)
            continue
        doc = parse_publiccode(content, path=name, repository_url=repository_url, read_file=local_reader(source))
        unreadable = not doc.data and not doc.valid
        status = max(status, 2 if unreadable else (0 if doc.valid else 1))
        reports.append({"file": name, "valid": doc.valid, "readable": not unreadable,
                        "version": doc.version, "messages": [asdict(m) for m in doc.messages]})
        if fmt == "text":
            for m in doc.messages:
                where = f"{name}:{m.line}:{m.column}" if m.line else name
                key = f"{m.path}: " if m.path else ""
                click.echo(f"{where}: {m.severity}: {key}{m.message}")
                if m.hint:
                    click.echo(f"    hint: {m.hint}")
            errors = sum(m.severity == "error" for m in doc.messages)
            warnings = len(doc.messages) - errors
            click.echo(f"{name}: {'valid' if doc.valid else 'invalid'} "
                       f"({errors} error(s), {warnings} warning(s))")
    if fmt == "json":
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False))
    sys.exit(status)
