"""Reliability: SIGKILLs at random moments of a crawl (issue 10 "kills").

    .venv/bin/python bench/ops_kills.py [--repos 1500] [--kills 20] [--latency-ms 20] [--seed 7]

Crawls a generated test-forge dataset once cleanly (the reference catalogue), then
starts ``catalogue crawl`` ``--kills`` times on another database and SIGKILLs it at a
random moment of the reference crawl's duration: half of the kills hit the parent
process alone (the forked Scrapy process must die with it), half the whole process
group; every other run keeps a job folder. After each kill it counts orphan processes
(alive 5 s after the kill) and checks the SQLite file (``PRAGMA integrity_check``).
Finally one crawl runs to its end and the catalogue is compared with the reference.

Targets: 0 integrity failures, 0 orphan processes, final catalogue identical.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import tempfile
import time
from pathlib import Path

from _ops import OwnForge, catalogue, fingerprint, integrity_ok, wait_gone, write_config


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=1500)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--latency-ms", type=float, default=20)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    chance = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="ops-kills-") as scratch:
        root = Path(scratch)
        forge = OwnForge(options.repos, options.latency_ms, root / "forge")
        try:
            config = write_config(root, forge)
            reference_out = root / "reference"
            started = time.monotonic()
            process = catalogue(["crawl"], config, forge, reference_out)
            _, err = process.communicate(timeout=3600)
            duration = time.monotonic() - started
            if process.returncode != 0:
                print(f"reference crawl failed ({process.returncode}): {err.decode()[-800:]}")
                return 2
            reference = fingerprint(reference_out / "catalogue.sqlite")
            print(f"reference crawl: {reference[0]} repositories in {duration:.1f} s")
            out = root / "killed"
            job = root / "job"
            integrity_failures = orphans = 0
            kinds = {"parent": 0, "group": 0}
            moments = []
            # Output to a file, never a pipe: waiting on a pipe would wait for an orphan too.
            log = (root / "killed.log").open("wb")
            for attempt in range(options.kills):
                kind = "parent" if attempt % 2 == 0 else "group"
                use_job = attempt % 4 < 2
                process = catalogue(["crawl"], config, forge, out, job_dir=job if use_job else None, log=log)
                moment = chance.uniform(0.5, max(duration, 1.0))
                time.sleep(moment)
                if process.poll() is None:
                    if kind == "parent":
                        os.kill(process.pid, signal.SIGKILL)
                    else:
                        os.killpg(process.pid, signal.SIGKILL)
                    kinds[kind] += 1
                    moments.append(moment)
                process.wait(timeout=120)
                survivors = wait_gone(str(out), 5.0)
                orphans += len(survivors)
                for pid in survivors:  # do not let an orphan spoil the next attempts
                    os.kill(pid, signal.SIGKILL)
                if not integrity_ok(out / "catalogue.sqlite"):
                    integrity_failures += 1
            log.close()
            final = catalogue(["crawl"], config, forge, out, job_dir=job)
            _, err = final.communicate(timeout=3600)
            if final.returncode != 0:  # a resumed job folder may leave a remainder to complete
                final = catalogue(["crawl"], config, forge, out)
                _, err = final.communicate(timeout=3600)
            result = fingerprint(out / "catalogue.sqlite")
        finally:
            forge.stop()
    killed = kinds["parent"] + kinds["group"]
    print(f"kills: {killed} SIGKILLs ({kinds['parent']} of the parent alone, {kinds['group']} of the process group) "
          f"at {min(moments or [0]):.1f}-{max(moments or [0]):.1f} s into a {duration:.1f} s crawl")
    print(f"integrity failures: {integrity_failures}")
    print(f"orphan processes: {orphans}")
    print(f"final crawl exit status: {final.returncode}")
    print(f"final catalogue: {result[0]} repositories, identical to the reference: {result == reference}")
    ok = integrity_failures == 0 and orphans == 0 and result == reference and killed >= 20
    print("targets met" if ok else "TARGETS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
