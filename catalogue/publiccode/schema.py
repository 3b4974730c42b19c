"""A small declarative schema for publiccode.yml and the walker that applies it.

A :class:`Field` says what a key holds (``str``, ``bool``, ``list``, ``map``, or ``any``),
whether it is required, and which value check applies. :class:`Walker` walks the
:class:`~catalogue.publiccode.reader.Node` tree against it and collects messages.

Conventions follow the reference validator italia/publiccode-parser-go:
"wrong type for this field" names the first child of a wrongly typed map or list
(``fundedBy.name``, ``organisation[0]``); a missing string is "X is a required field";
a missing or empty list that must have items is "X must contain more than 0 items".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from catalogue.publiccode.reader import Entry, Node

Check = Callable[["Walker", str, Node, "Place"], None]


@dataclass(frozen=True)
class Place:
    """A 1-based position in the file (``line``/``column`` may be ``None``)."""

    line: int | None
    column: int | None


@dataclass
class Field:
    """What a key holds.

    ``kind``: ``str``/``bool``/``list``/``map``/``any``. ``required``: a missing (or null,
    or empty-string) value is an error. ``nonempty``: a list must have items (a missing
    one reports "must contain more than 0 items" when ``required`` is false).
    ``item``: the :class:`Field` of list items; ``fields``: the keys of a map (``None``
    accepts any key); ``check``: a value check called with (walker, path, node, place);
    ``deprecated``: warning text when the key is present.
    """

    kind: str
    required: bool = False
    nonempty: bool = False
    item: "Field | None" = None
    fields: "dict[str, Field] | None" = None
    check: Check | None = None
    deprecated: str | None = None
    hint: str | None = None


@dataclass
class Message:
    """A collected message (turned into ``ValidationMessage`` by the parser)."""

    severity: str
    path: str
    message: str
    line: int | None
    column: int | None
    hint: str | None = None
    wrong_type: bool = False


@dataclass
class Walker:
    """Applies :class:`Field` specs and collects :class:`Message` objects."""

    messages: list[Message] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    # -- reporting -----------------------------------------------------------------
    def error(self, path: str, message: str, place: Place | None, hint: str | None = None) -> None:
        """Record an error at ``path``."""
        self._add("error", path, message, place, hint)

    def warning(self, path: str, message: str, place: Place | None, hint: str | None = None) -> None:
        """Record a warning at ``path``."""
        self._add("warning", path, message, place, hint)

    def _add(self, severity, path, message, place, hint, wrong_type=False):
        place = place or Place(None, None)
        self.messages.append(Message(severity, path, message, place.line, place.column, hint, wrong_type))

    def wrong_type(self, path: str, node: Node, place: Place, expected: str) -> None:
        """Record "wrong type for this field", named as the reference names it."""
        if node.kind == "map" and node.value:
            path = f"{path}.{next(iter(node.value))}"
        elif node.kind == "seq" and node.value:
            path = f"{path}[0]"
        found = {"map": "a mapping", "seq": "a list", "scalar": "a single value"}.get(node.kind, "a value")
        if node.is_bool:
            found = "a true/false value"
        self._add("error", path, "wrong type for this field", place,
                  f"This key must be {expected}, but the file gives {found}.", wrong_type=True)

    # -- walking -------------------------------------------------------------------
    def walk(self, spec: Field, path: str, node: Node | None, place: Place | None) -> None:
        """Check ``node`` (``None`` when the key is absent) at ``path`` against ``spec``."""
        name = path.rsplit(".", 1)[-1]
        if node is None or node.kind == "null":
            self.missing(spec, path, name, place)
            return
        place = place or Place(node.line, node.column)
        if spec.deprecated:
            self.warning(path, spec.deprecated, place, spec.hint or "Remove this key; it is deprecated.")
        if spec.kind == "any":
            if spec.check:
                spec.check(self, path, node, place)
            return
        if spec.kind == "str":
            if node.kind != "scalar":
                self.wrong_type(path, node, place, "a text value")
                return
            if spec.required and node.value == "":
                self.error(path, f"{name} is a required field", place, f"Give '{name}' a value.")
                return
            if spec.check:
                spec.check(self, path, node, place)
            return
        if spec.kind == "bool":
            if not node.is_bool:
                self.wrong_type(path, node, place, "true or false (unquoted)")
                return
            return
        if spec.kind == "list":
            if node.kind != "seq":
                self.wrong_type(path, node, place, "a list")
                return
            if not node.value and spec.nonempty:
                self.error(path, f"{name} must contain more than 0 items", place,
                           f"Add at least one item to '{name}'.")
                return
            for i, item in enumerate(node.value):
                self.walk(spec.item, f"{path}[{i}]", item, Place(item.line, item.column))
            if spec.check:
                spec.check(self, path, node, place)
            return
        if spec.kind == "map":
            if node.kind != "map":
                self.wrong_type(path, node, place, "a mapping of keys")
                return
            self.walk_map(spec, path, node)
            if spec.check:
                spec.check(self, path, node, place)

    def walk_map(self, spec: Field, path: str, node: Node) -> None:
        """Check the keys of a mapping node against ``spec.fields``."""
        entries: dict[str, Entry] = node.value
        fields = spec.fields or {}
        for key, entry in entries.items():
            if key not in fields:
                child = f"{path}.{key}" if path else key
                self.error(child, f'unknown field "{key}"', Place(entry.line, entry.column),
                           "The standard does not define this key here: check its spelling and "
                           "indentation, or remove it.")
        for key, sub in fields.items():
            entry = entries.get(key)
            child = f"{path}.{key}" if path else key
            if entry is None:
                self.missing(sub, child, key, Place(node.line, node.column) if path else None)
            else:
                self.walk(sub, child, entry.node, Place(entry.line, entry.column))

    def missing(self, spec: Field, path: str, name: str, place: Place | None) -> None:
        """Report a missing value, and what is then missing inside it."""
        if spec.kind == "list" and spec.nonempty and not spec.required:
            self.error(path, f"{name} must contain more than 0 items", place,
                       f"Add '{name}' with at least one item.")
        elif spec.required and spec.kind != "map":
            self.error(path, f"{name} is a required field", place, f"Add the key '{name}'.")
        elif spec.kind == "map" and spec.required:
            for key, sub in (spec.fields or {}).items():
                if sub.required or (sub.kind == "list" and sub.nonempty):
                    self.missing(sub, f"{path}.{key}", key, place)


def at(node: Node) -> Place:
    """The place of ``node``."""
    return Place(node.line, node.column)
