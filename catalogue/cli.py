"""The command line: a thin shell over the library.

Every command accepts, after its name, ``--config FILE``, ``--publishers FILE`` and
``--db URL``; ``crawl``, ``build``, ``run`` and ``demo`` also take ``--output DIR``.
Errors the user can cause end with one line on standard error and exit status 2,
never a traceback; that happens here, in one place (``main``).
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from catalogue.config import Settings, load_settings
from catalogue.errors import CatalogueError, StoreError
from catalogue.publishers import load_publishers
from catalogue.timeutil import format_time, parse_time, utcnow


def _common(output: bool):
    """Decorator adding the options every command shares."""

    def decorate(func):
        func = click.option("--db", "db", metavar="URL", help="SQLAlchemy database URL (default: SQLite in the output directory).")(func)
        func = click.option("--publishers", "publishers", metavar="FILE", type=click.Path(dir_okay=False),
                            help="Publishers file (default: the shipped list).")(func)
        func = click.option("--config", "config", metavar="FILE", type=click.Path(dir_okay=False),
                            help="TOML configuration file.")(func)
        if output:
            func = click.option("--output", "output", metavar="DIR", type=click.Path(file_okay=False),
                                help="Output directory (default: output).")(func)
        return func

    return decorate


def _now_option(func):
    return click.option("--now", "now", metavar="TIME",
                        help="Fix 'today' (ISO 8601, e.g. 2026-01-01T00:00:00Z) for reproducible output.")(func)


def _settings(config=None, publishers=None, db=None, output=None, base_url=None, require_tokens=True,
              redis_url=None) -> Settings:
    return load_settings(environ=os.environ, config=config, publishers=publishers, db=db, output=output,
                         base_url=base_url, require_tokens=require_tokens, redis_url=redis_url)


def _parse_now(value: str | None) -> datetime:
    if not value:
        return utcnow()
    parsed = parse_time(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 time", param_hint="--now")
    return parsed


def _prepare_sqlite(settings: Settings) -> None:
    """Create the directory of a SQLite database file, so that a fresh checkout works."""
    if settings.db.startswith("sqlite:///"):
        path = Path(settings.db[len("sqlite:///"):])
        if str(path) not in ("", ":memory:"):
            path.parent.mkdir(parents=True, exist_ok=True)


def _sqlite_file(settings: Settings) -> Path | None:
    """The file of a SQLite database URL, ``None`` for other databases or memory."""
    if settings.db.startswith("sqlite:///"):
        path = Path(settings.db[len("sqlite:///"):])
        if str(path) not in ("", ":memory:"):
            return path
    return None


@contextmanager
def _store(settings: Settings, *, create: bool = False):
    """The store of ``settings``, closed afterwards. Commands that only read it
    (``create=False``) refuse a SQLite file that does not exist rather than make an
    empty catalogue; the crawl creates it (and its folder)."""
    from catalogue.db import open_store

    if create:
        _prepare_sqlite(settings)
    else:
        path = _sqlite_file(settings)
        if path is not None and not path.is_file():
            raise StoreError(f"no catalogue database at {path}: run 'catalogue crawl' (or 'catalogue demo') first, "
                             "or give the right --db")
    store = open_store(settings.db)
    try:
        yield store
    finally:
        store.close()


def _setup_logging(verbose: bool, log_format: str = "text") -> None:
    from catalogue.harvest.logformat import configure_logging

    configure_logging(logging.INFO if verbose else logging.WARNING, log_format)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its plugin and migration chatter is not progress


@click.group()
@click.version_option(package_name="catalogue")
def cli() -> None:
    """The open source software catalogue of developer.overheid.nl.

    Harvests the publishers' GitHub, GitLab and Forgejo accounts, reads their publiccode.yml
    files, stores the catalogue and publishes it as a static site.
    """


def do_crawl(settings: Settings, now: datetime, quiet: bool = False, scrapy_settings: dict | None = None,
             full: bool = False, job_dir: str | None = None, demo: bool = False, workers: int = 0):
    """Crawl with ``settings`` and print a one-line summary; returns the CrawlSummary."""
    from catalogue.harvest.runner import run_crawl

    _prepare_sqlite(settings)
    publishers = load_publishers(settings.publishers)
    summary = run_crawl(settings, publishers, now=now, scrapy_settings=scrapy_settings, full=full, job_dir=job_dir,
                        demo=demo, workers=workers)
    if not quiet:
        click.echo(
            f"crawl {summary.crawl_id}: {summary.repositories_seen} repositories "
            f"({summary.repositories_created} new, {summary.repositories_changed} changed), "
            f"{summary.requests} requests, {len(summary.errors)} errors, {summary.seconds:.1f} s"
        )
        if summary.budgets:
            left = ", ".join(f"{where} {count}" for where, count in summary.budgets.items())
            click.echo(f"rate-limit budget left: {left}")
        for error in summary.errors[:20]:
            click.echo(f"  error: {error}", err=True)
        if len(summary.errors) > 20:
            click.echo(f"  ... and {len(summary.errors) - 20} more errors (all in {summary.report_path})", err=True)
        for host in summary.failed_hosts:
            click.echo(f"crawl failed on {host}: no usable answer from the forge throughout (see the errors above)", err=True)
        if summary.stopped:
            where = (f"state kept in {job_dir}; run the same command with --job-dir {job_dir} to resume" if job_dir
                     else "without --job-dir nothing is kept; the next crawl starts over")
            click.echo(f"crawl {summary.crawl_id} stopped before its end: {where}", err=True)
        if summary.report_path:
            click.echo(f"report: {summary.report_path}")
    return summary


def publish_guard(settings: Settings, summary) -> str | None:
    """Why ``run`` must not publish after ``summary``'s crawl, or ``None``.

    Refused when the crawl would drop (mark gone, or not confirm) more than
    ``settings.max_drop`` of the repositories listed before it, as the Swiss
    catalogue's pipeline refuses a harvest that shrinks the catalogue too far.
    """
    dropped = int(summary.stats.get("catalogue/repositories/dropped", 0))
    before = int(summary.stats.get("catalogue/repositories/listed_before", 0))
    if before and dropped / before > settings.max_drop:
        return (f"not publishing: crawl {summary.crawl_id} would drop {dropped} of {before} repositories "
                f"({dropped / before:.0%}, more than max_drop {settings.max_drop:.0%}); the old site stays; "
                "check the crawl report, then run 'catalogue build' to publish anyway")
    return None


def do_build(settings: Settings, now: datetime, *, demo: bool = False) -> Path:
    """Build the site from the store; returns the path of its index page.

    Reads the entries, the crawl records and every repository's history (three reads,
    whatever the number of repositories) and gives the site each repository's status
    trend (``catalogue.history.trend``); ``demo`` marks every page as a demonstration,
    as does any demo crawl in the database (``catalogue demo --db URL``).
    """
    from catalogue.history import crawl_times, trend
    from catalogue.site import build_site

    publishers = load_publishers(settings.publishers)
    with _store(settings) as store:
        entries, crawls, history = store.read_catalogue()  # one snapshot, even while a crawl writes
    if crawls and not any(crawl.finished_at for crawl in crawls):
        # The first crawl is still writing (or was stopped): its half would be published
        # as the whole catalogue.
        raise StoreError(f"no crawl of this catalogue has finished yet (crawl {crawls[-1].id}, started "
                         f"{format_time(crawls[-1].started_at)}, is running or was stopped); "
                         "build after a crawl has finished")
    demo = demo or any(crawl.stats.get("catalogue/demo") for crawl in crawls)
    if not entries:
        click.echo("warning: the catalogue is empty: run 'catalogue crawl' first", err=True)
    if crawls and now < crawls[-1].started_at:
        click.echo(f"warning: 'today' ({format_time(now)}) is before the last crawl "
                   f"({format_time(crawls[-1].started_at)}); the site's ages and statuses are as of 'today'", err=True)
    times = crawl_times(crawls)
    trends = {key: trend(observations, times, now) for key, observations in history.items()}
    report = build_site(entries, publishers, crawls[-1] if crawls else None, settings.site_dir, now=now,
                        base_url=settings.base_url, demo=demo, crawls=crawls, trends=trends,
                        operator=settings.site)
    index = report.out_dir / "index.html"
    click.echo(f"site: {report.pages} pages for {len(entries)} repositories in {report.out_dir}")
    return index


def _crawl_options(func):
    # A distributed crawl (docs/scale.md): N processes on one Redis queue and one PostgreSQL.
    func = click.option("--redis", "redis_url", metavar="URL",
                        help="Redis of a distributed crawl (default: redis_url in the configuration, CATALOGUE_REDIS).")(func)
    func = click.option("--redis-prefix", "redis_prefix", metavar="PREFIX",
                        help="Key prefix of the crawl in Redis (default: catalogue).")(func)
    func = click.option("--workers", "workers", type=click.IntRange(min=1), default=None,
                        help="Crawl with N processes sharing a Redis queue (needs --redis and a PostgreSQL --db).")(func)
    func = click.option("--log-format", "log_format", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help="Log lines as text or as one JSON object per line.")(func)
    func = click.option("--job-dir", "job_dir", metavar="DIR", type=click.Path(file_okay=False),
                        help="Keep the crawl's queue here; a crawl stopped with SIGTERM resumes from it.")(func)
    func = click.option("--full", is_flag=True, help="Fetch every repository again, changed or not.")(func)
    return click.option("-v", "--verbose", is_flag=True, help="Log the crawl's progress.")(func)


@cli.command()
@_common(output=True)
@_now_option
@_crawl_options
def crawl(config, publishers, db, output, now, verbose, full, job_dir, workers, redis_url, redis_prefix, log_format):
    """Harvest every publisher account into the database.

    A recrawl asks only for what may have changed since the last crawl; --full asks
    for everything again; --workers N crawls with N processes on a shared Redis queue.
    Exit status: 0 ok, 1 finished with errors on some repositories or accounts, 2
    failed or refused.
    """
    _setup_logging(verbose, log_format)
    summary = do_crawl(_settings(config, publishers, db, output, redis_url=redis_url), _parse_now(now),
                       scrapy_settings=_scrapy_logging(verbose, log_format, redis_prefix), full=full, job_dir=job_dir,
                       workers=workers or 0)
    click.get_current_context().exit(summary.exit_code)


def _scrapy_logging(verbose: bool, log_format: str, redis_prefix: str | None = None) -> dict:
    """The Scrapy settings of the chosen log level and format (and the Redis key prefix
    of a distributed crawl)."""
    from catalogue.harvest.logformat import scrapy_log_settings

    return {**({} if verbose else {"LOG_LEVEL": "WARNING"}), **scrapy_log_settings(log_format),
            **({"CATALOGUE_REDIS_PREFIX": redis_prefix} if redis_prefix else {})}


@cli.command()
@_common(output=True)
@_now_option
@click.option("--base-url", metavar="URL", help="Public base URL of the site (canonical links).")
def build(config, publishers, db, output, now, base_url):
    """Render the static site into OUTPUT/site from the database."""
    do_build(_settings(config, publishers, db, output, base_url, require_tokens=False), _parse_now(now))


@cli.command()
@_common(output=True)
@_now_option
@_crawl_options
def run(config, publishers, db, output, now, verbose, full, job_dir, workers, redis_url, redis_prefix,
        log_format):
    """Crawl, then build the site: the scheduled job.

    A crawl that failed or was stopped (exit 2), or that would drop more than
    max_drop of the catalogue, publishes nothing: the old site stays. Exit status as
    for crawl.
    """
    _setup_logging(verbose, log_format)
    settings = _settings(config, publishers, db, output, redis_url=redis_url)
    moment = _parse_now(now)
    summary = do_crawl(settings, moment, scrapy_settings=_scrapy_logging(verbose, log_format, redis_prefix),
                       full=full, job_dir=job_dir, workers=workers or 0)
    context = click.get_current_context()
    if summary.exit_code == 2:
        click.echo("not publishing: the crawl failed or was stopped; the old site stays", err=True)
        context.exit(2)
    refusal = publish_guard(settings, summary)
    if refusal:
        click.echo(refusal, err=True)
        context.exit(2)
    do_build(settings, moment)
    context.exit(summary.exit_code)


@cli.command()
@_common(output=False)
@_now_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("-o", "--out", "out", metavar="FILE", type=click.Path(dir_okay=False), help="Write here instead of standard output.")
def export(config, publishers, db, now, fmt, out):
    """Write the catalogue as JSON or CSV (fields: docs/export.md)."""
    from catalogue.export import write_export

    settings = _settings(config, publishers, db, require_tokens=False)
    publisher_list = load_publishers(settings.publishers)
    with _store(settings) as store:
        entries = store.entries()
    if out:
        try:
            handle = open(out, "w", encoding="utf-8", newline="")
        except OSError as exc:
            failure = click.ClickException(f"cannot write the export to {out}: {exc.strerror or exc}")
            failure.exit_code = 2
            raise failure from None
        with handle:
            write_export(entries, publisher_list, now=_parse_now(now), fmt=fmt, out=handle)
    else:
        write_export(entries, publisher_list, now=_parse_now(now), fmt=fmt, out=sys.stdout)


@cli.command()
@_common(output=True)
@_now_option
def demo(config, publishers, db, output, now):
    """Crawl bundled demo data from a local test forge and build the site: no token, no internet."""
    from catalogue.demo.run import run_demo

    index = run_demo(config=config, publishers=publishers, db=db, output=output, now=_parse_now(now) if now else None)
    click.echo(f"demo site: {index}")


@cli.command()
@_common(output=False)
@_now_option
@click.argument("repo_url", metavar="REPO_URL")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Lines for people, or JSON for machines.")
def check(config, publishers, db, now, repo_url, fmt):
    """Show how one repository would be listed and what to fix in its publiccode.yml.

    Exit status: 0 publiccode.yml without errors, 1 publiccode.yml with errors or
    missing, 2 unknown repository, unreachable forge or wrong usage.
    """
    import json

    from catalogue.check import check_repository

    settings = _settings(config, publishers, db)
    report = check_repository(settings, load_publishers(settings.publishers), repo_url, _parse_now(now))
    if fmt == "json":
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(report.render_text()))
    click.get_current_context().exit(report.exit_code)


@cli.command()
@_common(output=False)
@click.option("--apply", "apply", is_flag=True, help="Write to the forges; without it, only print what would be done.")
@click.option("--warnings", "warnings", is_flag=True, help="Report warnings too, not only errors.")
@click.option("--per-minute", "per_minute", type=click.IntRange(min=1), default=20, show_default=True,
              help="At most this many issues and comments created a minute.")
def notify(config, publishers, db, apply, warnings, per_minute):
    """Open, update or close one issue per repository whose publiccode.yml has problems
    (publishers with notify: true only; docs/notify.md)."""
    from catalogue.notify import run_notify

    settings = _settings(config, publishers, db)
    publisher_list = load_publishers(settings.publishers)
    with _store(settings) as store:
        entries = store.entries()
    report = run_notify(settings, publisher_list, entries, apply=apply, include_warnings=warnings,
                        per_minute=per_minute)
    for action in report.actions:
        click.echo("  ".join(part for part in (f"{action.kind:<9}", action.url, action.title, action.note) if part))
    kinds = ("open", "update", "close", "unchanged", "skip", "failed")
    summary = ", ".join(f"{report.count(kind)} {kind}" for kind in kinds)
    click.echo(f"notify: {summary}" + ("" if apply else " (dry run: nothing written; use --apply)"))


try:  # the validator's command lives with the validator
    from catalogue.publiccode.cli import validate

    cli.add_command(validate)
except ImportError:  # pragma: no cover - only while the validator's CLI is being written
    pass


from catalogue.harvest.distributed_cli import status, worker  # noqa: E402  (the distributed crawl's commands)

cli.add_command(worker)
cli.add_command(status)


class Stopped(Exception):
    """SIGTERM arrived outside a crawl (a crawl handles it itself: state kept, exit 2)."""


def _stop_on_sigterm(signum, frame):
    raise Stopped()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning CatalogueError into one line and exit status 2.

    SIGTERM before or after a crawl ends the command with one line and status 2 (during
    a crawl, the crawl stops gracefully and keeps its job folder)."""
    import signal

    try:
        previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    except ValueError:  # not the main thread (an embedding program): its handlers stay
        return _main(argv)
    try:
        return _main(argv)
    except Stopped:
        click.echo("catalogue: stopped by SIGTERM", err=True)
        return 2
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="catalogue", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except CatalogueError as exc:
        click.echo(f"catalogue: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
