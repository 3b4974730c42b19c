"""Scale benchmark: the distributed crawl with 1, 2 and 4 workers against PostgreSQL.

    .venv/bin/python bench/scale.py [--repos 20000] [--latency-ms 50] [--workers 1,2,4]
                                    [--shared-forge ../shared/forge] [--redis redis://127.0.0.1:6379/0]
                                    [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test]

Starts a forge emulator (the project's ``TestForge`` over ``catalogue.testforge.dataset``,
or with ``--shared-forge`` the independent one there, rate limits raised) in a process
of its own, with a fixed latency, then measures:

(a) for each N of ``--workers``: a full crawl into a fresh PostgreSQL database with N
    worker processes on a Redis queue (``run_crawl(workers=N)``): repositories per
    second, requests per repository (counted at the forge), peak memory per worker, the
    CPU seconds of the forge emulator and of the workers (so the reader sees which of
    them holds the 2-core machine), and the speed-up over 1 worker;
(b) a no-change recrawl with 2 workers;
(c) the database size per 10,000 repositories, on PostgreSQL (``pg_database_size``
    less that of an empty catalogue) and on SQLite (a single-process crawl, file size).

Redis keys live under a prefix of their own; every database is dropped afterwards.
The machine is shared: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harvest_baseline import TOKEN  # noqa: E402
from _harvest_forges import OwnForge, SharedForge  # noqa: E402

SCRAPY = {"LOG_LEVEL": "ERROR"}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _forge_pid(forge: Any) -> int:
    return forge._process.pid


@dataclass
class Run:
    label: str
    workers: int
    seconds: float
    repos: int
    requests: int
    forge_cpu: float
    crawler_cpu: float
    peaks_mb: list[float]
    errors: int
    redis_peak_bytes: int = 0
    redis_peak_queued: int = 0
    postgres_cpu: float = 0.0

    @property
    def per_second(self) -> float:
        return self.repos / self.seconds if self.seconds else 0.0

    @property
    def per_repo(self) -> float:
        return self.requests / self.repos if self.repos else 0.0


class Sampler(threading.Thread):
    """Samples, four times a second, the memory of the crawl's Redis keys (``MEMORY
    USAGE``, summed) and the requests queued, keeping the peaks; and the CPU seconds of
    the PostgreSQL server processes serving the crawl's database (``pg_stat_activity``),
    the last reading of each, summed in ``pg_cpu``."""

    def __init__(self, url: str | None, prefix: str, db: str) -> None:
        super().__init__(daemon=True)
        self.url, self.prefix, self.db = url, prefix, db
        self.peak_bytes = self.peak_queued = 0
        self.backends: dict[int, float] = {}
        self._done = threading.Event()

    @property
    def pg_cpu(self) -> float:
        return sum(self.backends.values())

    def _sample_postgres(self, engine) -> None:
        from sqlalchemy import text

        with engine.connect() as connection:
            pids = connection.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                           "AND pid <> pg_backend_pid()")).scalars().all()
        for pid in pids:
            try:
                self.backends[pid] = _cpu_seconds(pid)
            except (OSError, IndexError, ValueError):
                pass

    def run(self) -> None:
        engine = None
        if self.db.startswith("postgresql"):
            from sqlalchemy import create_engine

            engine = create_engine(self.db)
        client = None
        if self.url:
            import redis

            client = redis.Redis.from_url(self.url)
        while not self._done.wait(0.25):
            if engine is not None:
                self._sample_postgres(engine)
            if client is None:
                continue
            used = queued = 0
            for name in client.scan_iter(match=f"{self.prefix}:*", count=1000):
                used += client.memory_usage(name) or 0
                if name.endswith(b":requests"):
                    queued += client.zcard(name)
            self.peak_bytes, self.peak_queued = max(self.peak_bytes, used), max(self.peak_queued, queued)
        if engine is not None:
            engine.dispose()

    def stop(self) -> None:
        self._done.set()
        self.join()


class Postgres:
    """Fresh databases on one server, dropped at the end."""

    def __init__(self, server: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.server = make_url(server)
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.names: list[str] = []

    def fresh(self) -> str:
        from sqlalchemy import text

        name = f"bench_scale_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.names.append(name)
        return self.server.set(database=name).render_as_string(hide_password=False)

    def size(self, url: str) -> int:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
        finally:
            engine.dispose()

    def close(self) -> None:
        from sqlalchemy import text

        with self.admin.connect() as connection:
            for name in self.names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()


def crawl(label: str, forge: Any, db: str, output: Path, workers: int, redis_url: str | None,
          prefix: str) -> Run:
    """One crawl (distributed with ``workers`` > 0, else one process), measured."""
    from catalogue.config import load_settings, with_forges
    from catalogue.harvest.runner import run_crawl
    from catalogue.publishers import load_publishers

    settings = load_settings(environ={}, publishers=str(forge.publishers_path), db=db, output=str(output),
                             redis_url=redis_url if workers else None)
    settings = with_forges(settings, forge.forges, token=TOKEN)
    forge.reset()
    forge_before = _cpu_seconds(_forge_pid(forge))
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = Sampler(redis_url if workers else None, prefix, db)
    sampler.start()
    started = time.monotonic()
    try:
        summary = run_crawl(settings, load_publishers(forge.publishers_path), workers=workers,
                            scrapy_settings={**SCRAPY, "CATALOGUE_REDIS_PREFIX": prefix})
    finally:
        sampler.stop()
    seconds = time.monotonic() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    counts = forge.counts()
    peaks = [value / 2**20 for key, value in sorted(summary.stats.items())
             if key.startswith("memory/peak_rss_bytes/")] or [summary.stats.get("memory/peak_rss_bytes", 0) / 2**20]
    return Run(label, workers, seconds, summary.repositories_seen, counts.total,
               _cpu_seconds(_forge_pid(forge)) - forge_before,
               (children.ru_utime - children_before.ru_utime) + (children.ru_stime - children_before.ru_stime),
               peaks, len(summary.errors), sampler.peak_bytes, sampler.peak_queued, sampler.pg_cpu)


def print_run(run: Run, base: Run | None = None) -> None:
    speedup = f", speed-up {base.seconds / run.seconds:.2f} x over 1 worker" if base and base is not run else ""
    print(f"{run.label}: {run.repos} repositories in {run.seconds:.1f} s = {run.per_second:.0f} repositories/s, "
          f"{run.requests} requests = {run.per_repo:.4f}/repository, errors {run.errors}{speedup}")
    print(f"    CPU: forge emulator {run.forge_cpu:.1f} s ({run.forge_cpu / run.seconds:.2f} of a core), "
          f"crawler processes {run.crawler_cpu:.1f} s ({run.crawler_cpu / run.seconds:.2f} of a core), "
          f"PostgreSQL backends {run.postgres_cpu:.1f} s; "
          f"peak memory per worker {', '.join(f'{p:.0f}' for p in run.peaks_mb)} MB", flush=True)
    if run.workers:
        print(f"    Redis: peak {run.redis_peak_bytes / 2**20:.2f} MB in the crawl's keys, "
              f"peak {run.redis_peak_queued} requests queued", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=int, default=20000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--workers", default="1,2,4", help="comma-separated worker counts")
    parser.add_argument("--shared-forge", metavar="PATH", help="use the independent emulator at PATH")
    parser.add_argument("--redis", default=os.environ.get("CATALOGUE_TEST_REDIS", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--postgres", default=os.environ.get(
        "CATALOGUE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from catalogue.db import open_store

    counts = [int(n) for n in args.workers.split(",")]
    prefix = f"bench-scale-{uuid.uuid4().hex[:8]}"
    postgres = Postgres(args.postgres)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        tmp_path = Path(tmp)
        print(f"starting forge ({'shared' if args.shared_forge else 'own'}), {args.repos} repositories, "
              f"{args.latency_ms:.0f} ms latency; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
              flush=True)
        forge = (SharedForge(Path(args.shared_forge).resolve(), args.repos, args.latency_ms, tmp_path / "forge")
                 if args.shared_forge else OwnForge(args.repos, args.latency_ms, tmp_path / "forge"))
        try:
            empty = postgres.fresh()
            open_store(empty).close()
            empty_size = postgres.size(empty)
            runs: dict[int, Run] = {}
            last_db = ""
            for n in counts:
                last_db = postgres.fresh()
                runs[n] = crawl(f"(a) full crawl, {n} worker(s), PostgreSQL", forge, last_db, tmp_path / f"out-{n}",
                                n, args.redis, f"{prefix}:{n}")
                print_run(runs[n], runs.get(1))
            if 2 in runs:
                speedup = runs[1].seconds / runs[2].seconds if 1 in runs else float("nan")
                print(f"speed-up of 2 workers over 1: {speedup:.2f} x; load average now "
                      f"{os.getloadavg()[0]:.1f}", flush=True)
            if 2 in runs:
                db2 = _db_of(postgres, counts, 2)
            else:
                db2 = postgres.fresh()
                crawl("(full crawl for the recrawl)", forge, db2, tmp_path / "out-2", 2, args.redis, f"{prefix}:r0")
            recrawl = crawl("(b) no-change recrawl, 2 workers, PostgreSQL", forge, db2, tmp_path / "out-2",
                            2, args.redis, f"{prefix}:r")
            print_run(recrawl)
            pg_bytes = postgres.size(last_db) - empty_size
            sqlite_file = tmp_path / "single.sqlite"
            single = crawl("(c) full crawl, one process, SQLite", forge, f"sqlite:///{sqlite_file}",
                           tmp_path / "out-s", 0, None, prefix)
            print_run(single)
            per = 10000 / max(runs[counts[-1]].repos, 1)
            print(f"(c) database size per 10,000 repositories: PostgreSQL {pg_bytes * per / 2**20:.1f} MB "
                  f"(pg_database_size less an empty catalogue's {empty_size / 2**20:.1f} MB), "
                  f"SQLite {sqlite_file.stat().st_size * 10000 / max(single.repos, 1) / 2**20:.1f} MB", flush=True)
        finally:
            forge.stop()
            postgres.close()
            _clear_redis(args.redis, prefix)
    return 0


def _db_of(postgres: Postgres, counts: list[int], n: int) -> str:
    """The database of the full crawl with ``n`` workers (made in order of ``counts``)."""
    name = postgres.names[1 + counts.index(n)]
    return postgres.server.set(database=name).render_as_string(hide_password=False)


def _clear_redis(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    names = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(names), 500):
        client.delete(*names[start:start + 500])


if __name__ == "__main__":
    sys.exit(main())
