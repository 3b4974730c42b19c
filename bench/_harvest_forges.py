"""Forge emulators for bench/harvest.py, each behind the same small interface.

``OwnForge``: the project's ``TestForge`` over ``catalogue.testforge.dataset``, served from
a separate process (so the crawler's measured memory never includes the forge's) and
driven over a pipe. ``SharedForge``: the independent emulator in ``../shared/forge``
(``make_dataset.py``, ``forge.py``, ``seeds_to_config.py``, ``/_forge/stats``,
``/_forge/mutate``, ``/_forge/reset``) in a subprocess.

Both give: ``forges`` (``{web_host: forge table}``), ``publishers_path``, ``total_repos``,
``reset()`` (forget the request counts), ``counts()`` (a ``Counts``), ``mutate(share,
seed, what)`` (the changed repository keys) and ``stop()``. Repository keys are each
forge's own (``github.com:o/r`` here, ``github:o/r`` there); the bench only compares keys
of one forge with each other.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

# Fields of a GraphQL repository whose resolution means "details fetched again": file
# contents and connections (what costs the forge work and the crawl budget), not the
# scalars a listing page carries anyway (names, push and update times, object ids,
# stars, licence and primary language). Used only with OwnForge, whose log records the
# fields resolved per repository.
DETAIL_FIELDS = frozenset({
    "text", "rawTextBlob", "rawBlob", "languages", "latestRelease", "releases", "issues", "pullRequests",
    "repositoryTopics", "topics", "history",
})


@dataclass
class Counts:
    """Requests that reached the forge since the last ``reset``.

    ``total`` every request (API and raw, 304s included); ``counted`` those counted
    against a rate limit; ``refetched`` the repository keys named by a REST/raw request
    or whose details a GraphQL answer resolved; ``by_route`` per route name.
    """

    total: int
    counted: int
    not_modified: int
    by_route: Counter[str]
    refetched: set[str] = field(default_factory=set)


# -- the project's own test forge ---------------------------------------------------------------


def _host(conn: Any, repos: int, seed: int, latency_ms: float, directory: str) -> None:
    """The forge process: generate, serve, answer commands until ``stop``."""
    from catalogue.testforge import TestForge
    from catalogue.testforge.dataset import make_dataset

    dataset = make_dataset(repos, seed=seed)
    fixture_path, publishers_path = dataset.write(directory)
    del dataset
    forge = TestForge.from_fixture(fixture_path, latency_ms=latency_ms, rate_limit=10**9).start()
    conn.send({"forges": forge.forges_config(), "publishers": str(publishers_path), "total": repos})
    while True:
        command, args = conn.recv()
        if command == "stop":
            forge.stop()
            conn.send(None)
            return
        if command == "reset":
            forge.reset_log()
            conn.send(None)
        elif command == "mutate":
            conn.send(sorted(forge.mutate(**args).changed))
        elif command == "chaos":
            forge.chaos(**args)
            conn.send(None)
        elif command == "faults":
            conn.send(sum(1 for entry in forge.requests if entry.fault))
        elif command == "counts":
            conn.send(_own_counts(forge.stats()))


def _own_counts(stats: dict[str, Any]) -> Counts:
    refetched = set(stats["rest_by_repo"])
    refetched |= {key for key, names in stats["graphql_fields"].items() if names & DETAIL_FIELDS}
    return Counts(total=stats["total"], counted=stats["counted_against_limit"],
                  not_modified=stats["not_modified_304"], by_route=stats["by_route"], refetched=refetched)


class OwnForge:
    """The project's TestForge with a generated dataset of ``repos`` repositories."""

    name = "own test forge"

    def __init__(self, repos: int, latency_ms: float, directory: Path, seed: int = 1) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_host, args=(child, repos, seed, latency_ms, str(directory)),
                                        daemon=True)
        self._process.start()
        ready = self._conn.recv()
        self.forges: dict[str, dict[str, str]] = ready["forges"]
        self.publishers_path = Path(ready["publishers"])
        self.total_repos: int = ready["total"]

    def _ask(self, command: str, **args: Any) -> Any:
        self._conn.send((command, args))
        return self._conn.recv()

    def reset(self) -> None:
        self._ask("reset")

    def counts(self) -> Counts:
        return self._ask("counts")

    def mutate(self, share: float, seed: int, what: Sequence[str]) -> set[str]:
        return set(self._ask("mutate", share=share, seed=seed, what=tuple(what)))

    def chaos(self, **shares: Any) -> None:
        """Random faults on later requests (``TestForge.chaos``; no arguments: none)."""
        self._ask("chaos", **shares)

    def faults(self) -> int:
        """Requests since the last ``reset`` that a fault answered."""
        return self._ask("faults")

    def stop(self) -> None:
        if self._process.is_alive():
            self._ask("stop")
        self._process.join(timeout=10)


# -- the independent forge in ../shared/forge -----------------------------------------------------


class SharedForge:
    """``../shared/forge`` with its own generated dataset (``forgejo_share`` 0: no Forgejo)."""

    name = "shared forge"
    LIMIT = str(10**9)

    def __init__(self, root: Path, repos: int, latency_ms: float, directory: Path, seed: int = 1,
                 forgejo_share: float = 0.0, forgejo_config: bool = True) -> None:
        self.root = root
        data, config = directory / "data", directory / "config"
        subprocess.run([sys.executable, str(root / "make_dataset.py"), "--out", str(data), "--repos", str(repos),
                        "--seed", str(seed), "--forgejo-share", str(forgejo_share), "--force"], check=True,
                       stdout=subprocess.DEVNULL)
        port_file = directory / "forge.port"
        self._process = subprocess.Popen(
            [sys.executable, str(root / "forge.py"), "--data", str(data), "--port", "0", "--port-file",
             str(port_file), "--latency-ms", str(latency_ms), "--rate-limit-core", self.LIMIT,
             "--rate-limit-anon", self.LIMIT, "--rate-limit-graphql", self.LIMIT,
             "--gitlab-rate-limit", self.LIMIT], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while not port_file.exists() or not port_file.read_text().strip():
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the shared forge did not start")
            time.sleep(0.2)
        self.port = int(port_file.read_text().strip())
        subprocess.run([sys.executable, str(root / "seeds_to_config.py"), "--data", str(data), "--port",
                        str(self.port), "--out", str(config)] + ([] if forgejo_share and forgejo_config else ["--no-forgejo"]),
                       check=True, stdout=subprocess.DEVNULL)
        tables = tomllib.loads((config / "catalogue.toml").read_text(encoding="utf-8")).get("forges", {})
        self.forges = {host: {k: v for k, v in table.items() if k != "token_env"} for host, table in tables.items()}
        self.publishers_path = config / "publishers.yml"
        self.total_repos = sum(1 for _ in (data / "ground_truth.jsonl").open(encoding="utf-8"))
        self.repos_by_forge = Counter(json.loads(line)["forge"]
                                      for line in (data / "ground_truth.jsonl").open(encoding="utf-8"))

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=600) as answer:
            return json.loads(answer.read() or b"null")

    def reset(self) -> None:
        self._call("POST", "/_forge/reset?what=stats")

    def counts(self) -> Counts:
        stats = self._call("GET", "/_forge/stats")
        refetched = set(stats.get("by_repo") or {}) | set(stats.get("graphql_by_repo") or {})
        return Counts(total=int(stats["total_requests"]), counted=int(stats.get("counted_against_limit", 0)),
                      not_modified=int(stats.get("not_modified_304", 0)),
                      by_route=Counter(stats.get("by_route") or {}), refetched=refetched)

    def mutate(self, share: float, seed: int, what: Sequence[str]) -> set[str]:
        answer = self._call("POST", "/_forge/mutate", {"share": share, "seed": seed, "what": list(what)})
        return {entry["key"] for entry in answer["changed"]}

    def stop(self) -> None:
        if self._process.poll() is None:
            os.kill(self._process.pid, signal.SIGTERM)
            self._process.wait(timeout=10)
