"""``TestForge``: the HTTP server on 127.0.0.1 behind the tests, the demo and benchmarks.

One thread per request and HTTP/1.1 keep-alive (``ThreadingHTTPServer``), bound to
127.0.0.1 on a free port, serving in a daemon thread. What it answers comes from a
list of emulators (see ``catalogue.testforge.http``): the GitHub/GitLab emulators over a
fixture (``TestForge.from_fixture``) or the replay of a case file (``TestForge.from_case``).
"""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Mapping, Sequence

from catalogue.testforge.http import Emulator, Request, Response, json_response
from catalogue.testforge.recorder import Chaos, Fault, LoggedRequest, Recorder


class TestForge:
    """A running (after ``start()`` or ``with``) local forge server.

    Use ``from_fixture`` or ``from_case`` to build one. ``latency_ms`` is slept before
    every answer (benchmarks). ``auto_etag`` adds an ``ETag`` to every 200 answer to a
    GET and answers a matching ``If-None-Match`` with 304. ``free_304``: a 304 does not
    count against GitHub's REST limit, as on GitHub (False: it does).
    """

    __test__ = False  # not a pytest test class

    def __init__(self, emulators: Sequence[Emulator], *, latency_ms: float = 0, auto_etag: bool = True,
                 fixture: Any = None, forges: Mapping[str, Mapping[str, str]] | None = None,
                 free_304: bool = True) -> None:
        self._emulators = list(emulators)
        self.latency_ms = latency_ms
        self.auto_etag = auto_etag
        self.free_304 = free_304
        self.fixture = fixture
        self._forges = dict(forges or {})
        self.recorder = Recorder()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def from_fixture(cls, fixture: str | Path | Mapping[str, Any], *, latency_ms: float = 0,
                     rate_limit: int = 5000, free_304: bool = True) -> "TestForge":
        """A forge emulating GitHub and the fixture's GitLab instances.

        ``fixture`` is a path (``.json``, ``.yml``) or a dict in the format of
        ``catalogue.testforge.fixture``. ``rate_limit`` is the GitHub REST core limit per
        hour shown in ``X-RateLimit-*`` (exhausting it answers 403); ``free_304``: see the
        class. Raises ``FixtureError``.
        """
        from catalogue.testforge.emulators import build_emulators

        model, emulators, forges = build_emulators(fixture, rate_limit=rate_limit)
        return cls(emulators, latency_ms=latency_ms, fixture=model, forges=forges, free_304=free_304)

    @classmethod
    def from_case(cls, case: str | Path | Mapping[str, Any], *, latency_ms: float = 0) -> "TestForge":
        """A forge replaying a case: a case folder, its ``http.json``, or the loaded dict."""
        from catalogue.testforge.replay import ReplayEmulator

        emulator = ReplayEmulator.load(case)
        return cls([emulator], latency_ms=latency_ms, auto_etag=False, fixture=emulator)

    # -- life cycle -------------------------------------------------------------------

    def start(self) -> "TestForge":
        """Bind 127.0.0.1 on a free port and serve in a daemon thread; returns ``self``."""
        return self.serve(port=0)

    def serve(self, port: int = 0) -> "TestForge":
        """Like ``start`` on a chosen ``port`` (0: any free port)."""
        if self._server is not None:
            return self
        handler = type("Handler", (_Handler,), {"forge": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), name="testforge",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "TestForge":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses ------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the server listens on (``RuntimeError`` before ``start``)."""
        if self._server is None:
            raise RuntimeError("the test forge is not running; call start() or use 'with'")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def forges_config(self) -> dict[str, dict[str, str]]:
        """``{web_host: {"type", "api_url", "graphql_url", "raw_url"}}`` for the crawler's
        ``[forges."HOST"]`` tables (GitHub: REST root; GitLab: instance root).
        Empty for a replay server (a case's ``config`` says how to point a crawler)."""
        return {host: {key: value.replace("{base}", self.base_url) for key, value in table.items()}
                for host, table in self._forges.items()}

    # -- log and faults -------------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        """Every request so far, oldest first (see ``LoggedRequest``)."""
        return self.recorder.requests

    def counts(self) -> Counter[str]:
        """Requests per route name."""
        return self.recorder.counts()

    def reset_log(self) -> None:
        """Forget logged requests."""
        self.recorder.reset_log()

    def stats(self) -> dict[str, Any]:
        """Figures of the log so far (see ``catalogue.testforge.accounting.log_stats``):
        ``total``, ``counted_against_limit``, ``not_modified_304``, ``by_route``,
        ``by_status``, ``by_repo`` (requests per repository key, REST and GraphQL),
        ``rest_by_repo``, ``graphql_by_repo`` (GraphQL answers resolving the repository)."""
        from catalogue.testforge.accounting import log_stats

        return log_stats(self.requests)

    def mutate(self, share: float = 0.05, seed: int = 0, what: Sequence[str] = ("push",), *,
               now: Any = None, repos: Sequence[str] | None = None) -> Any:
        """Change a deterministic share of the fixture's repositories in place; returns the
        ``Mutation`` (its ``changed`` keys). See ``catalogue.testforge.mutate.mutate``."""
        from catalogue.testforge.mutate import mutate

        return mutate(self.fixture, share=share, seed=seed, what=what, now=now, repos=repos)

    def inject(self, match: str, status: int, headers: Mapping[str, str] | None = None, body: object = None,
               times: int | None = 1, method: str | None = None) -> Fault:
        """Answer the next ``times`` requests matching ``match`` with ``status``, ``headers``, ``body``.

        ``match`` is a route name (``gh.org_repos``) or a regular expression searched in
        path plus query (``r"/repos/acme/app/contents"``); after ``times`` answers the
        route answers normally again (``times=None``: for ever). Example: a secondary rate
        limit is ``inject("gh.repo", 403, {"Retry-After": "60"}, {"message": "You have
        exceeded a secondary rate limit."})``.
        """
        return self.recorder.inject(Fault(match=match, status=status, headers=dict(headers or {}),
                                          body=body, times=times, method=method))

    def chaos(self, errors: float = 0.0, hangs: float = 0.0, resets: float = 0.0, truncated: float = 0.0,
              hang_seconds: float = 3.0, status: int = 503, seed: int = 0, truncate_mode: str = "early_close") -> Chaos:
        """Random faults on shares of all later requests (``0.05`` = 5 %): 5xx answers
        (``status``), hangs of ``hang_seconds`` before the answer, connection resets
        without an answer and bodies cut off after half their ``Content-Length``. Drawn
        from ``seed``; ``clear_faults()`` ends them. Injected faults (``inject``) come first.
        ``truncate_mode``: ``early_close`` (full ``Content-Length``, connection closed),
        ``short`` (``Content-Length`` of the half sent: JSON that does not parse) or ``both``.
        """
        if truncate_mode not in ("early_close", "short", "both"):
            raise ValueError(f"truncate_mode: early_close, short or both, not {truncate_mode!r}")
        chaos = Chaos(errors=errors, hangs=hangs, resets=resets, truncated=truncated,
                      hang_seconds=hang_seconds, status=status, seed=seed, truncate_mode=truncate_mode)
        self.recorder.chaos = chaos
        return chaos

    def clear_faults(self) -> None:
        """Remove all injected faults and random faults."""
        self.recorder.clear_faults()

    # -- answering ----------------------------------------------------------------------

    def handle(self, request: Request) -> tuple[Response, bool]:
        """The answer to ``request`` and whether an injected fault gave it."""
        response = None
        for emulator in self._emulators:
            response = emulator(request)
            if response is not None:
                break
        if response is None:
            response = json_response("unknown", {"message": "Not Found"}, status=404)
        fault = self.recorder.take_fault(request, response.route)
        if fault is not None:
            return fault, True
        kind = self.recorder.take_chaos()
        if kind == "error":
            assert self.recorder.chaos is not None
            status = self.recorder.chaos.status
            return json_response(response.route, {"message": f"Random fault {status}"}, status=status), True
        if kind is not None:
            response.action = kind
            return response, True
        if self.auto_etag and request.method == "GET" and response.status == 200:
            response = _with_etag(request, response)
            if response.status == 304 and self.free_304:
                self._give_back(response)
        return response, False

    def _give_back(self, response: Response) -> None:
        """Return the GitHub REST call a 304 took (GitHub does not count 304s)."""
        from catalogue.testforge.github_rest import GitHubRest

        if not response.route.startswith("gh.") or response.route == "gh.raw":
            return
        for emulator in self._emulators:
            if isinstance(emulator, GitHubRest):
                with emulator.rate._lock:
                    emulator.rate.used = max(0, emulator.rate.used - 1)
                response.headers.update(emulator.rate.headers())

    def accounting(self, request: Request, response: Response) -> tuple[dict[str, frozenset[str]], bool]:
        """The repositories a request concerned (``{key: GraphQL fields}``) and whether
        it counts against the forge's rate limit (see ``catalogue.testforge.accounting``)."""
        from catalogue.testforge.accounting import counts_against_limit, rest_repository
        from catalogue.testforge.fixture import Fixture

        repos = response.repos
        if repos is None:
            key = rest_repository(self.fixture, request) if isinstance(self.fixture, Fixture) else None
            repos = {key: frozenset()} if key else {}
        counted = counts_against_limit(response.route, response.status)
        if response.status == 304 and not self.free_304:
            counted = response.route not in ("gh.raw", "gl.raw")
        return repos, counted


def _with_etag(request: Request, response: Response) -> Response:
    etag = response.headers.get("ETag")
    if etag is None:
        digest = hashlib.md5(response.body).hexdigest()
        weak = response.headers.get("Content-Type", "").startswith("application/json")
        etag = f'W/"{digest}"' if weak else f'"{digest}"'
        response.headers["ETag"] = etag
    wanted = request.headers.get("If-None-Match")
    if wanted and etag.removeprefix("W/") in {t.strip().removeprefix("W/") for t in wanted.split(",")}:
        keep = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
        return Response(status=304, body=b"", headers=keep, route=response.route)
    return response


class _Handler(BaseHTTPRequestHandler):
    """Reads a request, asks the forge, writes the answer; one thread per connection."""

    forge: TestForge
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out without the 40 ms delayed-ACK wait
    server_version = "testforge"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        pass  # the forge keeps its own log

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request.parse(self.command, self.path, self.headers, body, self.forge.base_url)
        if self.forge.latency_ms:
            time.sleep(self.forge.latency_ms / 1000.0)
        response, fault = self.forge.handle(request)
        repos, counted = self.forge.accounting(request, response)
        self.forge.recorder.record(request, response, fault, repos, counted)
        if response.action == "reset":
            # SO_LINGER 0: close() sends a TCP RST at once, the client reads "connection reset".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        if response.action == "hang":
            chaos = self.forge.recorder.chaos
            time.sleep(chaos.hang_seconds if chaos is not None else 0.0)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.action == "short" and "json" not in response.headers.get("Content-Type", ""):
            response.action = "truncate"  # a shorter file with its own length would be a different file, not a fault
        body = response.body[:len(response.body) // 2] if response.action == "short" else response.body
        body_out = b"" if self.command == "HEAD" else body
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if response.action == "truncate":
            body_out = body_out[:len(body_out) // 2]
            self.close_connection = True
        try:
            self.wfile.write(body_out)
        except (BrokenPipeError, ConnectionResetError):
            # The client stopped reading (a crawler that cut off a large file): its choice.
            self.close_connection = True

    do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = _serve
