"""``catalogue validate PATH...|DIR|URL|-``: validate publiccode.yml files like a compiler.

Prints ``FILE:LINE:COLUMN: SEVERITY: KEY: MESSAGE`` lines (plus the hint), messages with
a line first in line order, then those without one (missing keys) in the order of the
standard's keys; then one summary line per file: ``valid``, ``invalid`` or
``unreadable``. ``--format json`` prints the same as a list of reports. Exit status:
0 all valid, 1 some invalid, 2 unreadable input or wrong usage (the highest over the
files wins).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

import click
import requests

from catalogue.publiccode import bounds
from catalogue.publiccode.files import local_reader
from catalogue.publiccode.parser import parse_publiccode
from catalogue.publiccode.standard import DEFAULT as DEFAULT_STANDARD
from catalogue.publiccode.standard import STANDARDS
from catalogue.records import PubliccodeDocument

#: Seconds to wait for a URL input.
TIMEOUT = 30

#: File names looked for when a directory is given, in this order (the standard's name first).
FILE_NAMES = ("publiccode.yml", "publiccode.yaml")


def fetch_problem(url: str, exc: requests.RequestException) -> str:
    """One line saying why ``url`` could not be fetched: the host and the reason, without
    the exception chain (urllib3's ``MaxRetryError(NewConnectionError(...))``)."""
    host = urlsplit(url).hostname or url
    text = str(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        reason = "the TLS (https) connection failed; check the certificate"
    elif isinstance(exc, requests.exceptions.Timeout):
        reason = f"no answer within {TIMEOUT} seconds"
    elif isinstance(exc, requests.exceptions.ConnectionError):
        if "Name or service not known" in text or "getaddrinfo" in text or "NameResolution" in text \
                or "nodename nor servname" in text:
            reason = "the host name could not be found (DNS)"
        elif "refused" in text.lower():
            reason = "the connection was refused"
        else:
            reason = "no connection could be made"
    elif isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema)):
        reason = "not a valid URL"
    elif isinstance(exc, requests.exceptions.TooManyRedirects):
        reason = "too many redirects"
    else:
        reason = type(exc).__name__
    return f"cannot fetch {url}: {host}: {reason}"


def resolve(source: str) -> tuple[str, str | None]:
    """The file to read for ``source``: a directory gives its ``publiccode.yml`` (or
    ``publiccode.yaml``); returns ``(source, problem)``, ``problem`` when there is none."""
    if source == "-" or "://" in source or not Path(source).is_dir():
        return source, None
    for name in FILE_NAMES:
        candidate = Path(source) / name
        if candidate.is_file():
            return str(candidate), None
    return source, f"no {' or '.join(FILE_NAMES)} in the directory {source}"


def _read(source: str) -> tuple[bytes | None, str | None, int | None]:
    """Return ``(content, problem, size)`` for a path, an http(s) URL or ``-`` (stdin).

    At most ``bounds.MAX_BYTES + 1`` bytes are kept (``bounds.read_bounded``); ``size``
    is the whole size in bytes, counted."""
    chunk = 64 * 1024
    if source == "-":
        content, size = bounds.read_bounded(iter(lambda: sys.stdin.buffer.read(chunk), b""))
        return content, None, size
    if source.startswith(("http://", "https://")):
        try:
            with requests.get(source, timeout=TIMEOUT, stream=True) as response:
                if response.status_code != 200:
                    return None, f"cannot fetch {source}: HTTP {response.status_code}", None
                content, size = bounds.read_bounded(response.iter_content(chunk))
        except requests.RequestException as exc:
            return None, fetch_problem(source, exc), None
        return content, None, size
    try:
        with open(source, "rb") as fh:
            content, size = bounds.read_bounded(iter(lambda: fh.read(chunk), b""))
            return content, None, size
    except OSError as exc:
        return None, f"cannot read {source}: {exc.strerror or exc}", None


def is_unreadable(doc: PubliccodeDocument) -> bool:
    """True when nothing could be read from the file (empty, not UTF-8, too large, a YAML
    syntax error, not a mapping): no data and an error."""
    return not doc.data and not doc.valid


def verdict(doc: PubliccodeDocument) -> str:
    """``valid``, ``invalid`` or ``unreadable``."""
    return "unreadable" if is_unreadable(doc) else ("valid" if doc.valid else "invalid")


def standard_setting(config: str | None) -> str:
    """The ``publiccode_standard`` of the configuration file ``config`` (or of
    ``CATALOGUE_CONFIG``), else the default ``"0"``. Raises ``click.UsageError`` for a
    wrong file or value."""
    import os

    from catalogue.config import load_settings
    from catalogue.errors import ConfigError

    path = config or os.environ.get("CATALOGUE_CONFIG")
    if not path:
        return DEFAULT_STANDARD
    try:
        return load_settings(environ={}, config=path, require_tokens=False).publiccode_standard
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def organisation_uri_for(repository_url: str | None, publishers_file: str | None) -> str | None:
    """The ``organisationUri`` of the publisher whose ``codeHosting`` covers
    ``repository_url`` in ``publishers_file`` (``None`` without either, or without a match).

    Raises ``click.UsageError`` for an unreadable publishers file.
    """
    if not repository_url or not publishers_file:
        return None
    from catalogue.check import publisher_of
    from catalogue.errors import CatalogueError
    from catalogue.publishers import load_publishers

    try:
        publishers = load_publishers(Path(publishers_file))
    except (CatalogueError, OSError) as exc:
        raise click.UsageError(f"--publishers: {exc}") from None
    found = publisher_of(repository_url, publishers)
    return found[0].organisation_uri if found else None


@click.command("validate")
@click.argument("sources", nargs=-1, required=True, metavar="PATH...|DIR|URL|-")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Compiler-style lines, or JSON for machines.")
@click.option("--repository-url", default=None, help="URL of the repository hosting the file (url check).")
@click.option("--standard", type=click.Choice(STANDARDS), default=None,
              help="Rules: 0 (the current standard, as the reference validator; default) or 1.0-rc "
                   "(what the file needs before 1.0: deprecated keys and YAML 1.1 forms are errors). "
                   "Default: the configuration file's publiccode_standard, else 0.")
@click.option("--config", "config", metavar="FILE", type=click.Path(dir_okay=False),
              help="Configuration file: only its publiccode_standard is used (validation needs no forge).")
@click.option("--publishers", "publishers", metavar="FILE", type=click.Path(dir_okay=False),
              help="Publishers file: with --repository-url, the covering publisher's organisationUri "
                   "is compared with organisation.uri.")
@click.option("--db", "db", metavar="URL",
              help="Accepted like every command; not used: validation reads no database.")
def validate(sources: tuple[str, ...], fmt: str, repository_url: str | None, standard: str | None,
             config: str | None, publishers: str | None, db: str | None) -> None:
    """Validate publiccode.yml files and say what to fix.

    A directory stands for its publiccode.yml (or publiccode.yaml). Exit status: 0 all
    valid, 1 some invalid, 2 unreadable input.
    """
    # --config and --db are accepted so that every command takes the same options
    # (README); validation uses no forge, token or store: only the standard is read.
    if standard is None:
        standard = standard_setting(config)
    organisation_uri = organisation_uri_for(repository_url, publishers)
    status = 0
    reports = []
    for given in sources:
        source, problem = resolve(given)
        content = size = None
        if problem is None:
            content, problem, size = _read(source)
        name = "<stdin>" if source == "-" else source
        if content is None:
            status = max(status, 2)
            reports.append({"file": name, "valid": False, "readable": False, "verdict": "unreadable",
                            "version": None, "error": problem, "messages": []})
            if fmt == "text":
                click.echo(f"{name}: error: {problem}", err=True)
                click.echo(f"{name}: unreadable")
            continue
        doc = parse_publiccode(content, path=name, repository_url=repository_url, size=size,
                               organisation_uri=organisation_uri, read_file=local_reader(source),
                               standard=standard)
        state = verdict(doc)
        status = max(status, {"unreadable": 2, "invalid": 1, "valid": 0}[state])
        reports.append({"file": name, "valid": doc.valid, "readable": state != "unreadable",
                        "verdict": state, "version": doc.version, "standard": standard,
                        "messages": [asdict(m) for m in doc.messages]})
        if fmt == "text":
            for m in doc.messages:
                where = f"{name}:{m.line}:{m.column}" if m.line else name
                key = f"{m.path}: " if m.path else ""
                severity = f"{m.severity} (extra)" if m.extra else m.severity
                click.echo(f"{where}: {severity}: {key}{m.message}")
                if m.hint:
                    click.echo(f"    hint: {m.hint}")
                if m.before_1_0 and m.severity == "warning":
                    click.echo("    before 1.0: publiccode.yml 1.0 removes this; "
                               "it is an error under --standard 1.0-rc")
            errors = sum(m.severity == "error" for m in doc.messages)
            warnings = len(doc.messages) - errors
            click.echo(f"{name}: {state} ({errors} error(s), {warnings} warning(s))")
    if fmt == "json":
        click.echo(json.dumps(reports, indent=2, ensure_ascii=False))
    sys.exit(status)
