"""The test forge's request log and fault injection.

Both are shared by the emulator and the replay server and are safe to use from the
server's request threads and the test's thread at once.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping

from catalogue.testforge.http import Request, Response, json_response


@dataclass(frozen=True)
class LoggedRequest:
    """One request as the server saw it.

    ``path`` is path plus query string, ``route`` the route name (``gh.repo``,
    ``gl.group_projects``, ``replay``, ``unknown``), ``authorized`` whether an
    ``Authorization`` or ``PRIVATE-TOKEN`` header was present (the token itself is never
    kept), ``at`` the Unix time it arrived, ``fault`` whether an injected fault answered,
    ``repos`` the keys (``github.com:owner/name``) of the repositories it concerned (REST:
    named in the path; GraphQL: resolved in the answer), ``repo_fields`` for GraphQL the
    fields resolved per repository, ``counted`` whether the forge counts it against its
    API rate limit (GitHub: not a ``304``, not ``/rate_limit``, not a raw file).
    """

    method: str
    path: str
    status: int
    route: str
    authorized: bool
    at: float
    fault: bool = False
    repos: tuple[str, ...] = ()
    repo_fields: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False, hash=False)
    counted: bool = True


@dataclass
class Fault:
    """Answer requests matching ``match`` with ``status``/``headers``/``body`` ``times`` times.

    ``match`` is a route name (exact) or a regular expression searched in the request's
    path plus query. ``body`` is JSON-encoded unless it is ``str``/``bytes``. ``times``
    ``None`` means for ever.
    """

    match: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: object = None
    times: int | None = 1
    method: str | None = None
    hits: int = 0

    def matches(self, request: Request, route: str) -> bool:
        """Whether this fault applies to ``request`` that the emulators routed to ``route``."""
        if self.method and self.method.upper() != request.method:
            return False
        return self.match == route or re.search(self.match, request.target) is not None

    def response(self, route: str) -> Response:
        """The injected answer, keeping the route name of the request it replaces."""
        if isinstance(self.body, (str, bytes)):
            body = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
            return Response(status=self.status, body=body,
                            headers={"Content-Type": "text/plain; charset=utf-8", **self.headers}, route=route)
        value = self.body if self.body is not None else {"message": f"Injected fault {self.status}"}
        return json_response(route, value, status=self.status, headers=self.headers)


@dataclass
class Chaos:
    """Random faults on a share of all requests, drawn from ``seed`` (deterministic per
    request order): ``errors`` a 5xx answer (``status``, default 503), ``hangs`` the answer
    after ``hang_seconds``, ``resets`` the connection closed with a TCP RST and no answer,
    ``truncated`` half the body sent: ``truncate_mode`` ``early_close`` announces the full
    ``Content-Length`` and closes the connection (the client sees the loss), ``short``
    announces the half (a well-formed answer whose JSON does not parse), ``both`` either
    at random. Shares are
    of all requests (``0.05`` = 5 %); ``hits`` counts each kind given so far.
    """

    errors: float = 0.0
    hangs: float = 0.0
    resets: float = 0.0
    truncated: float = 0.0
    hang_seconds: float = 3.0
    status: int = 503
    seed: int = 0
    truncate_mode: str = "early_close"
    hits: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def draw(self) -> str | None:
        """The kind of fault for the next request (``error``, ``hang``, ``reset``,
        ``truncate`` (early close), ``short``) or ``None``."""
        roll = self._random.random()
        for kind, share in (("error", self.errors), ("hang", self.hangs), ("reset", self.resets),
                            ("truncate", self.truncated)):
            if roll < share:
                if kind == "truncate" and (self.truncate_mode == "short" or (
                        self.truncate_mode == "both" and self._random.random() < 0.5)):
                    kind = "short"
                self.hits[kind] += 1
                return kind
            roll -= share
        return None


class Recorder:
    """The request log and the list of active faults of one server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._log: list[LoggedRequest] = []
        self._faults: list[Fault] = []
        self.chaos: Chaos | None = None

    def inject(self, fault: Fault) -> Fault:
        """Activate ``fault`` (checked after older faults) and return it."""
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Remove every fault, used up or not."""
        with self._lock:
            self._faults.clear()
            self.chaos = None

    def take_fault(self, request: Request, route: str) -> Response | None:
        """The answer of the first active fault for this request (using one of its times)."""
        with self._lock:
            for fault in self._faults:
                if (fault.times is None or fault.hits < fault.times) and fault.matches(request, route):
                    fault.hits += 1
                    return fault.response(route)
        return None

    def take_chaos(self) -> str | None:
        """The random fault (``Chaos.draw``) for the next request, ``None`` without one."""
        with self._lock:
            return self.chaos.draw() if self.chaos is not None else None

    def record(self, request: Request, response: Response, fault: bool, repos: Mapping[str, frozenset[str]] = {},
               counted: bool = True) -> None:
        """Append one request to the log (``repos``: ``{key: GraphQL fields}``, empty sets for REST)."""
        entry = LoggedRequest(method=request.method, path=request.target, status=response.status,
                              route=response.route, authorized=request.authorized, at=time.time(), fault=fault,
                              repos=tuple(repos), repo_fields=dict(repos) if response.route.endswith("graphql") else {},
                              counted=counted)
        with self._lock:
            self._log.append(entry)

    @property
    def requests(self) -> list[LoggedRequest]:
        """A copy of the log, oldest first."""
        with self._lock:
            return list(self._log)

    def counts(self) -> Counter[str]:
        """Requests per route name."""
        with self._lock:
            return Counter(entry.route for entry in self._log)

    def reset_log(self) -> None:
        """Forget the logged requests (faults stay)."""
        with self._lock:
            self._log.clear()
