"""REPLAY mode: answer the exchanges of a case file (``http.json``, see tests/data/cases/README.md).

Rules (from the cases README): paths are at the server root; query strings are matched
as sets of parameters, and parameters a listed request does not name are ignored; when
several listed requests match, the one naming the most parameters wins; exchanges that
share method, path and parameters are answered in the listed order, then the last one
is repeated; anything else gets 404 ``{"message": "Not Found"}``. ``PORT`` in headers
and bodies is replaced by the server's port.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import parse_qsl

from catalogue.testforge.http import Request, Response, json_response


@dataclass
class _Route:
    """The exchanges that share method, path and listed parameters, answered in order."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...]
    responses: list[Mapping[str, Any]] = field(default_factory=list)
    served: int = 0

    def matches(self, request: Request) -> bool:
        if self.method != request.method or self.path != request.raw_path:
            return False
        sent = set(request.query_pairs)
        return all(pair in sent for pair in self.params)


class ReplayEmulator:
    """The emulator callable of a replay server. ``case`` is the loaded ``http.json``."""

    def __init__(self, case: Mapping[str, Any]) -> None:
        self.case = case
        self._lock = threading.Lock()
        self.routes: list[_Route] = []
        for exchange in case.get("exchanges", []):
            req = exchange["request"]
            raw_path, _, query = req["path"].partition("?")
            params = tuple(sorted(parse_qsl(query, keep_blank_values=True)))
            method = req.get("method", "GET").upper()
            route = next((r for r in self.routes
                          if (r.method, r.path, r.params) == (method, raw_path, params)), None)
            if route is None:
                route = _Route(method, raw_path, params)
                self.routes.append(route)
            route.responses.append(exchange["response"])

    @classmethod
    def load(cls, case: str | Path | Mapping[str, Any]) -> "ReplayEmulator":
        """From a case folder, an ``http.json`` path or the loaded dict (``OSError``/``ValueError``)."""
        if isinstance(case, Mapping):
            return cls(case)
        path = Path(case)
        if path.is_dir():
            path = path / "http.json"
        return cls(json.loads(path.read_text(encoding="utf-8")))

    @property
    def name(self) -> str:
        """The case id (``B19``) or ``replay``."""
        return str(self.case.get("case", "replay"))

    def __call__(self, request: Request) -> Response:
        with self._lock:
            candidates = [r for r in self.routes if r.matches(request)]
            if not candidates:
                return json_response("replay.unlisted", {"message": "Not Found"}, 404)
            route = max(candidates, key=lambda r: len(r.params))  # max() keeps the first of equals
            answer = route.responses[min(route.served, len(route.responses) - 1)]
            route.served += 1
        port = request.base_url.rsplit(":", 1)[1]
        return _response(answer, port)


def _response(answer: Mapping[str, Any], port: str) -> Response:
    headers = {name: str(value).replace("PORT", port) for name, value in (answer.get("headers") or {}).items()}
    if "json" in answer:
        body = json.dumps(answer["json"], ensure_ascii=False).replace("PORT", port).encode("utf-8")
        headers.setdefault("Content-Type", "application/json; charset=utf-8")
    elif "text" in answer:
        body = answer["text"].replace("PORT", port).encode("utf-8")
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
    elif "base64" in answer:
        body = base64.b64decode(answer["base64"])
    else:
        body = b""
    return Response(status=int(answer.get("status", 200)), body=body, headers=headers, route="replay")
