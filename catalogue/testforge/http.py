"""Request and response values shared by the test forge's emulators and its server.

An emulator is a callable ``(Request) -> Response | None``: ``None`` means "not one of
my paths", so the server can try the next emulator and finally answer 404.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Callable
from urllib.parse import parse_qsl, quote, unquote, urlencode

JSON_TYPE = "application/json; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"


@dataclass
class Request:
    """One HTTP request as the emulators see it.

    ``raw_path`` is the path as sent (still percent-encoded, so ``a%2Fb`` stays one
    segment), ``query`` the query parameters (the last value of a repeated name wins;
    ``query_pairs`` keeps all), ``base_url`` the server's own root
    (``http://127.0.0.1:PORT``) for URLs that must point back at it.
    """

    method: str
    raw_path: str
    query_pairs: list[tuple[str, str]]
    headers: Message
    body: bytes
    base_url: str

    @classmethod
    def parse(cls, method: str, target: str, headers: Message, body: bytes, base_url: str) -> "Request":
        """Split a request target (``/a/b?x=1``) into path and query."""
        raw_path, _, query = target.partition("?")
        return cls(method=method.upper(), raw_path=raw_path,
                   query_pairs=parse_qsl(query, keep_blank_values=True), headers=headers, body=body,
                   base_url=base_url)

    @property
    def query(self) -> dict[str, str]:
        """Query parameters by name (last value wins)."""
        return dict(self.query_pairs)

    @property
    def target(self) -> str:
        """Path and query as sent (query re-encoded), for logs and fault patterns."""
        return self.raw_path + ("?" + urlencode(self.query_pairs) if self.query_pairs else "")

    def segments(self, prefix: str) -> list[str] | None:
        """The decoded path segments after ``prefix``, or ``None`` when the path lies elsewhere.

        ``segments("/gitlab/api/v4")`` of ``/gitlab/api/v4/projects/a%2Fb`` is
        ``["projects", "a/b"]``.
        """
        prefix = prefix.rstrip("/")
        if self.raw_path != prefix and not self.raw_path.startswith(prefix + "/"):
            return None
        rest = self.raw_path[len(prefix):].strip("/")
        return [unquote(s) for s in rest.split("/")] if rest else []

    @property
    def token(self) -> str | None:
        """The token of ``Authorization: token|Bearer X`` or ``PRIVATE-TOKEN: X``, else ``None``."""
        auth = self.headers.get("Authorization")
        if auth:
            return auth.split(" ", 1)[-1].strip() or None
        return self.headers.get("PRIVATE-TOKEN") or None

    @property
    def authorized(self) -> bool:
        """Whether the request carried a token (its value is never logged)."""
        return self.token is not None

    def int_param(self, name: str, default: int, low: int = 1, high: int | None = None) -> int:
        """An integer query parameter clamped to ``[low, high]``; junk gives ``default``."""
        try:
            value = int(self.query.get(name, default))
        except ValueError:
            value = default
        value = max(low, value)
        return min(value, high) if high is not None else value

    def json_body(self) -> Any:
        """The body decoded as JSON (``ValueError`` when it is not)."""
        return json.loads(self.body.decode("utf-8") or "null")


@dataclass
class Response:
    """An answer: status, headers, body bytes and the route name used in logs and faults.

    ``action``: how the server delivers it when a random fault (``Chaos``) chose a
    transport fault: ``hang`` (sleep, then answer), ``reset`` (close the connection with
    a TCP RST, no answer), ``truncate`` (full ``Content-Length``, half the body, close).

    ``repos``: set by the GraphQL emulators to the repositories the answer resolved
    (``{key: field names}``, see ``catalogue.testforge.accounting``); ``None`` lets the
    server find the repository in the path.
    """

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    route: str = "unknown"
    repos: dict[str, frozenset[str]] | None = None
    action: str | None = None  # set by random faults: "hang", "reset" or "truncate" (see Chaos)


Emulator = Callable[[Request], "Response | None"]


def json_response(route: str, value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A compact JSON answer with ``Content-Type: application/json; charset=utf-8``."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status=status, body=body, headers={"Content-Type": JSON_TYPE, **(headers or {})}, route=route)


def text_response(route: str, text: str | bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A ``text/plain; charset=utf-8`` answer."""
    body = text.encode("utf-8") if isinstance(text, str) else text
    return Response(status=status, body=body, headers={"Content-Type": TEXT_TYPE, **(headers or {})}, route=route)


def page_slice(items: list[Any], page: int, per_page: int) -> list[Any]:
    """Items of 1-based ``page`` with ``per_page`` items each."""
    start = (page - 1) * per_page
    return items[start:start + per_page]


def page_url(request: Request, page: int, path: str | None = None, **extra: str) -> str:
    """The request's own URL (or ``path`` on this server) with ``page`` (and ``extra``)
    replaced, other parameters kept."""
    params = dict(request.query_pairs)
    params.update(extra)
    params["page"] = str(page)
    return f"{request.base_url}{path or request.raw_path}?{urlencode(params, quote_via=quote)}"


def link_header(request: Request, page: int, last: int, style: str, per_page: int | None = None,
                path: str | None = None) -> str:
    """An RFC 8288 ``Link`` value for ``page`` of ``last`` pages.

    ``style="github"``: ``prev, next, last, first``, each only when it differs from the
    current page (GitHub). ``style="gitlab"``: ``prev, next, first, last`` with first and
    last always present and ``per_page`` added to every URL (GitLab). ``path`` replaces
    the request's path in the URLs (GitHub links account listings by id).
    """
    extra = {"per_page": str(per_page)} if per_page is not None else {}
    if style == "github":
        targets = [("prev", page - 1 if page > 1 else None), ("next", page + 1 if page < last else None),
                   ("last", last if page < last else None), ("first", 1 if page > 1 else None)]
    else:
        targets = [("prev", page - 1 if page > 1 else None), ("next", page + 1 if page < last else None),
                   ("first", 1), ("last", max(last, 1))]
    return ", ".join(f'<{page_url(request, target, path, **extra)}>; rel="{rel}"'
                     for rel, target in targets if target is not None)


def b64_lines(data: bytes, width: int = 60) -> str:
    """Base64 in lines of ``width`` characters, each ending in ``\\n`` (GitHub's contents API)."""
    encoded = base64.b64encode(data).decode("ascii")
    return "".join(encoded[i:i + width] + "\n" for i in range(0, len(encoded), width))
