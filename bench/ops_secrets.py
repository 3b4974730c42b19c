"""Reliability: a recognisable token never lands anywhere (issue 10, 13.4).

    .venv/bin/python bench/ops_secrets.py [--repos 600] [--latency-ms 5]

Runs ``catalogue run -v`` twice against a generated test-forge dataset with a token
that cannot be mistaken (``tok-RELIABILITY-<random>``): once over REST (the HTTP cache
is written) and once over GraphQL, both with a job folder, one of them stopped with
SIGTERM halfway (the job folder keeps its queue) and resumed; then ``catalogue build``
and ``export``. Every file under the work folder (output, site, database, HTTP cache,
job folder, crawl reports, the captured logs) and the places Scrapy would use by
itself (``$HOME/.local/state/scrapy``, ``.scrapy/`` in the working directory) are
searched for the token, as bytes.

Target: 0 occurrences.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import tempfile
import time
from pathlib import Path

from _ops import OwnForge, catalogue, write_config


def occurrences(root: Path, needle: bytes) -> tuple[int, int, int, list[str]]:
    """``(files, bytes, occurrences, files containing it)`` under ``root``."""
    files = size = found = 0
    where = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            files += 1
            size += len(data)
            count = data.count(needle)
            if count:
                found += count
                where.append(str(path))
    return files, size, found, where


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=600)
    parser.add_argument("--latency-ms", type=float, default=5)
    options = parser.parse_args()
    token = f"tok-RELIABILITY-{secrets.token_hex(8)}"
    with tempfile.TemporaryDirectory(prefix="ops-secrets-") as scratch:
        root = Path(scratch)
        home = root / "home"
        home.mkdir()
        work = root / "cwd"
        work.mkdir()
        env = {"HOME": str(home), "XDG_STATE_HOME": str(home / ".local" / "state")}
        forge = OwnForge(options.repos, options.latency_ms, root / "forge")
        codes = []
        try:
            os.chdir(work)
            log = (root / "crawl.log").open("wb")
            for graphql in (False, True):
                config = write_config(root, forge, graphql=graphql)
                out = root / ("out-graphql" if graphql else "out-rest")
                job = root / ("job-graphql" if graphql else "job-rest")
                if not graphql:  # stopped halfway: the job folder keeps the queue on disk
                    process = catalogue(["run", "-v"], config, forge, out, token=token, job_dir=job, log=log, env=env)
                    time.sleep(1.5)
                    os.kill(process.pid, signal.SIGTERM)
                    codes.append(process.wait(timeout=120))
                process = catalogue(["run", "-v"], config, forge, out, token=token, job_dir=job, log=log, env=env)
                codes.append(process.wait(timeout=1800))
                for args in (["build"], ["export", "-o", str(out / "export.json")]):
                    command = catalogue(args, config, forge, out, token=token, log=log, env=env,
                                        output_option=args[0] != "export")
                    codes.append(command.wait(timeout=600))
            log.close()
        finally:
            forge.stop()
        files, size, found, where = occurrences(root, token.encode())
        if any(code not in (0, 1) for code in codes[1:]):
            lines = (root / "crawl.log").read_text(errors="replace").splitlines()
            print("\n".join(line for line in lines if "error" in line.lower())[-3000:])
    print(f"exit statuses: {codes}")
    print(f"searched: {files} files, {size / 1e6:.1f} MB (output, site, database, HTTP cache, job folders, reports, "
          "logs, $HOME, working directory)")
    print(f"token occurrences: {found}" + (f" in {where}" if where else ""))
    print("target met" if found == 0 else "TARGET NOT MET")
    return 0 if found == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
