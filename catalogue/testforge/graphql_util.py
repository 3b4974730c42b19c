"""Helpers shared by the GitHub and GitLab GraphQL emulators: cursors, connections, errors."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Callable, Sequence

from graphql import GraphQLError, GraphQLResolveInfo, GraphQLSchema, build_schema

MAX_PAGE = 100


class ForgeGraphQLError(Exception):
    """An error a resolver raises so the answer carries the forge's error ``type`` (GitHub:
    ``NOT_FOUND``, ``EXCESSIVE_PAGINATION``, ``MISSING_PAGINATION_BOUNDARIES``)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def load_schema(filename: str, type_resolvers: dict[str, Callable[..., str]]) -> GraphQLSchema:
    """Build a schema from an SDL file next to this module and set abstract types' resolvers.

    ``type_resolvers`` maps an interface name to ``(value, info, abstract_type) -> type name``.
    """
    schema = build_schema((Path(__file__).parent / filename).read_text(encoding="utf-8"))
    for name, resolver in type_resolvers.items():
        schema.get_type(name).resolve_type = resolver  # type: ignore[union-attr]
    return schema


def encode_cursor(index: int) -> str:
    """An opaque cursor for the item at 0-based ``index`` (GitHub-style ``cursor:v2:``)."""
    return base64.b64encode(f"cursor:v2:{index}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The index after which a page starts (-1 for no cursor); junk raises ``ForgeGraphQLError``."""
    if not cursor:
        return -1
    try:
        return int(base64.b64decode(cursor).decode().rsplit(":", 1)[1])
    except (ValueError, IndexError) as exc:
        raise ForgeGraphQLError("INVALID_CURSOR_ARGUMENTS", f"`{cursor}` does not appear to be a valid cursor.") from exc


def selects_items(info: GraphQLResolveInfo) -> bool:
    """Whether the field being resolved selects ``nodes`` or ``edges`` (not only counts)."""
    for node in info.field_nodes:
        if node.selection_set is None:
            continue
        for selection in node.selection_set.selections:
            name = getattr(getattr(selection, "name", None), "value", None)
            if name in ("nodes", "edges") or name is None:
                return True
    return False


def connection(items: Sequence[Any], info: GraphQLResolveInfo, first: int | None, after: str | None,
               edge: Callable[[Any], dict[str, Any]] | None = None, strict: bool = True,
               extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A Relay connection over ``items``: ``totalCount``/``count``, ``pageInfo``, ``nodes``, ``edges``.

    ``first`` is capped at 100. With ``strict`` (GitHub) a missing ``first`` while
    ``nodes``/``edges`` are selected, or ``first`` above 100, is an error as on GitHub;
    otherwise (GitLab) the page is silently 100 at most. ``edge`` adds fields to each edge.
    """
    field = info.field_name
    if strict and first is None and selects_items(info):
        raise ForgeGraphQLError("MISSING_PAGINATION_BOUNDARIES",
                                f"You must provide a `first` or `last` value to properly paginate the `{field}` connection.")
    if strict and first is not None and first > MAX_PAGE:
        raise ForgeGraphQLError("EXCESSIVE_PAGINATION",
                                f"Requesting {first} records on the `{field}` connection exceeds the `first` limit "
                                f"of {MAX_PAGE} records.")
    start = decode_cursor(after) + 1
    size = MAX_PAGE if first is None else max(0, min(first, MAX_PAGE))
    page = list(items[start:start + size])
    end = start + len(page)
    edges = [{"cursor": encode_cursor(start + i), "node": item, **(edge(item) if edge else {})}
             for i, item in enumerate(page)]
    return {
        "totalCount": len(items), "count": len(items), "nodes": page, "edges": edges,
        "pageInfo": {"hasNextPage": end < len(items), "hasPreviousPage": start > 0,
                     "startCursor": encode_cursor(start) if page else None,
                     "endCursor": encode_cursor(end - 1) if page else None},
        **(extra or {}),
    }


def format_errors(errors: Sequence[GraphQLError] | None) -> list[dict[str, Any]]:
    """GraphQL errors as GitHub writes them: ``type`` (for forge errors), ``path``, ``locations``, ``message``."""
    out = []
    for error in errors or []:
        formatted = dict(error.formatted)
        original = error.original_error
        entry: dict[str, Any] = {}
        if isinstance(original, ForgeGraphQLError):
            entry["type"] = original.kind
        for key in ("path", "locations", "message", "extensions"):
            if formatted.get(key) is not None:
                entry[key] = formatted[key]
        out.append(entry)
    return out
