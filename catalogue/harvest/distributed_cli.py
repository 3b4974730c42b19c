"""The commands of a distributed crawl: ``catalogue worker`` and ``catalogue status``
(``catalogue crawl --workers N`` is the crawl command's; docs/scale.md)."""

from __future__ import annotations

import json
import os

import click

from catalogue.config import load_settings
from catalogue.harvest.distributed import DEFAULT_PREFIX
from catalogue.publishers import load_publishers


def _prefix_option(func):
    return click.option("--redis-prefix", "prefix", default=DEFAULT_PREFIX, show_default=True,
                        help="Key prefix of the crawl in Redis (several catalogues can share one Redis).")(func)


@click.command()
@click.option("--config", "config", metavar="FILE", type=click.Path(dir_okay=False), help="TOML configuration file.")
@click.option("--publishers", "publishers", metavar="FILE", type=click.Path(dir_okay=False),
              help="Publishers file (default: the shipped list).")
@click.option("--db", "db", metavar="URL", help="The crawl's PostgreSQL database URL.")
@click.option("--output", "output", metavar="DIR", type=click.Path(file_okay=False),
              help="Output directory (its HTTP cache; default: output).")
@click.option("--redis", "redis_url", metavar="URL", help="Redis of the running crawl (default: redis_url, CATALOGUE_REDIS).")
@click.option("-v", "--verbose", is_flag=True, help="Log the worker's progress.")
@_prefix_option
def worker(config, publishers, db, output, redis_url, verbose, prefix):
    """Join the running distributed crawl with one more crawler process on this machine.

    Give the same configuration (forges, tokens, publishers, database) as the crawl's;
    the worker ends when the crawl is done.
    """
    from catalogue.harvest.distributed import run_worker

    settings = load_settings(environ=os.environ, config=config, publishers=publishers, db=db, output=output,
                             redis_url=redis_url)
    result = run_worker(settings, load_publishers(settings.publishers), prefix=prefix,
                        scrapy_settings=None if verbose else {"LOG_LEVEL": "WARNING"})
    stats = result.get("stats", {})
    click.echo(f"worker: {int(stats.get('catalogue/repositories/seen', 0))} repositories, "
               f"{int(stats.get('downloader/request_count', 0))} requests, {len(result.get('errors', []))} errors")


@click.command()
@click.option("--config", "config", metavar="FILE", type=click.Path(dir_okay=False), help="TOML configuration file.")
@click.option("--redis", "redis_url", metavar="URL", help="Redis of the crawl (default: redis_url, CATALOGUE_REDIS).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_prefix_option
def status(config, redis_url, fmt, prefix):
    """Show the state of a distributed crawl: queue length, workers alive, repositories
    done, errors."""
    from catalogue.errors import ConfigError
    from catalogue.harvest.distributed import crawl_status

    settings = load_settings(environ=os.environ, config=config, redis_url=redis_url)
    if not settings.redis_url:
        raise ConfigError("catalogue status needs --redis URL (or CATALOGUE_REDIS, or redis_url in the configuration)")
    state = crawl_status(settings.redis_url, prefix)
    if fmt == "json":
        click.echo(json.dumps(state, indent=2))
        return
    if state["state"] == "none":
        click.echo(f"no distributed crawl on this Redis (prefix {prefix!r})")
        return
    alive = [w for w in state["workers"] if w["alive"]]
    click.echo(f"crawl {state['crawl_id']}: {state['state']}, started {state['started_at']}")
    for host, left in state["hosts"].items():
        click.echo(f"  {host}: {left['queued']} queued, {left['in_flight']} in flight, {left['batched']} batched")
    click.echo(f"  workers alive: {len(alive)}" + "".join(f"\n    {w['id']} (pid {w['pid']} on {w['machine']})"
                                                       for w in alive))
    click.echo(f"  repositories done: {state['repositories_done']}, requests: {state['requests']}, "
               f"errors: {state['errors']}, requests taken over from dead workers: {state['requeued']}")
    for error in state["last_errors"]:
        click.echo(f"  error: {error}")
