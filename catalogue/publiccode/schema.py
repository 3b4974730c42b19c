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
from typing import Any, Callable, Mapping, overload

from catalogue.publiccode import messages
from catalogue.publiccode.i18n import N_
from catalogue.publiccode.reader import Entry, Node
from catalogue.records import Severity

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


@overload
def render(template: str, params: Mapping[str, str]) -> str: ...
@overload
def render(template: str | None, params: Mapping[str, str]) -> str | None: ...
def render(template: str | None, params: Mapping[str, str]) -> str | None:
    """``template % params`` (``template`` itself when there are no ``params``)."""
    if template is None:
        return None
    return template % params if params else template


@dataclass
class Message:
    """A collected message (turned into ``ValidationMessage`` by the parser).

    ``template``/``hint_template`` are gettext message ids marked with ``N_``;
    ``params`` fills their ``%(name)s`` placeholders (values as text).
    """

    severity: Severity
    path: str
    template: str
    line: int | None
    column: int | None
    hint_template: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    wrong_type: bool = False
    #: Reported beyond the reference validator (what it leaves unread); never the verdict.
    extra: bool = False
    #: The publiccode.yml 1.0 release candidate removes what this message is about.
    before_1_0: bool = False
    #: For a type error: the key whose value has the wrong type (``path`` may name its
    #: first child, as the reference does).
    origin: str = ""

    @property
    def message(self) -> str:
        """The English message text."""
        return render(self.template, self.params)

    @property
    def hint(self) -> str | None:
        """The English hint text."""
        return render(self.hint_template, self.params)


@dataclass
class Walker:
    """Applies :class:`Field` specs and collects :class:`Message` objects."""

    messages: list[Message] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    # -- reporting -----------------------------------------------------------------
    def error(self, path: str, message: str, place: Place | None, hint: str | None = None,
              params: Mapping[str, Any] | None = None) -> None:
        """Record an error at ``path``: ``message`` and ``hint`` are ``N_``-marked message
        ids whose ``%(name)s`` placeholders ``params`` fills."""
        self._add("error", path, message, place, hint, params)

    def warning(self, path: str, message: str, place: Place | None, hint: str | None = None,
                params: Mapping[str, Any] | None = None) -> None:
        """Record a warning at ``path`` (``message``, ``hint``, ``params`` as for :meth:`error`)."""
        self._add("warning", path, message, place, hint, params)

    def _add(self, severity: Severity, path, message, place, hint, params=None, wrong_type=False, before_1_0=False):
        place = place or Place(None, None)
        values = {str(k): str(v) for k, v in (params or {}).items()}
        self.messages.append(Message(severity, path, message, place.line, place.column, hint, values, wrong_type,
                                     before_1_0=before_1_0))

    def deprecated(self, path: str, message: str, place: Place | None, hint: str | None = None,
                   params: Mapping[str, Any] | None = None) -> None:
        """Record a deprecation warning (the reference's wording): the key is removed in
        publiccode.yml 1.0, so it becomes an error under ``--standard 1.0-rc``."""
        self._add("warning", path, message, place, hint, params, before_1_0=True)

    def wrong_type(self, path: str, node: Node, place: Place | None, expected: str, expects: str = "") -> None:
        """Record a type error, named as the reference names it (the first child of a
        mapping or list found): "wrong type for this field: a list was expected; found
        the text '...'" (:mod:`catalogue.publiccode.messages`). ``expects`` is what the
        key holds (one of ``messages.EXPECTS``); ``expected`` the hint, an ``N_``-marked
        sentence saying how to write it."""
        template, params = messages.wrong_type_template(expects, node)
        place = place or Place(node.line, node.column)  # as walk() does
        origin = path
        # The reference names the key on the line of the error (``findKeyAtLine``): the
        # first child when it is on a line of its own, the key itself for a flow
        # collection on the key's line (``platforms: [web]``).
        first = next(iter(node.value.values())).line if node.kind == "map" and node.value else (
            node.value[0].line if node.kind == "seq" and node.value else None)
        if first is not None and first != place.line:
            path = f"{path}.{next(iter(node.value))}" if node.kind == "map" else f"{path}[0]"
        yaml11 = messages.found_kind(node) == "yaml11"
        self._add("error", path, template, place, expected, params, wrong_type=True, before_1_0=yaml11)
        self.messages[-1].origin = origin

    # -- walking -------------------------------------------------------------------
    def walk(self, spec: Field, path: str, node: Node | None, place: Place | None) -> None:
        """Check ``node`` (``None`` when the key is absent) at ``path`` against ``spec``."""
        name = path.rsplit(".", 1)[-1]
        if node is None or node.kind == "null":
            self.missing(spec, path, name, place)
            return
        place = place or Place(node.line, node.column)
        if spec.deprecated:
            self.deprecated(path, spec.deprecated, place, spec.hint or N_("Remove this key; it is deprecated."))
        if spec.kind == "any":
            if spec.check:
                spec.check(self, path, node, place)
            return
        if spec.kind == "str":
            if node.kind != "scalar":
                self.wrong_type(path, node, place, N_("This key must be a text value, not a list or a mapping."), "text")
                return
            if spec.required and node.value == "":
                self.error(path, N_("%(name)s is a required field"), place, N_("Give '%(name)s' a value."),
                           {"name": name})
                return
            if spec.check:
                spec.check(self, path, node, place)
            return
        if spec.kind == "bool":
            if not node.is_bool:
                self.wrong_type(path, node, place, N_("This key must be true or false (without quotes)."), "bool")
                return
            return
        if spec.kind == "list":
            if node.kind != "seq":
                self.wrong_type(path, node, place, N_("This key must be a list (lines starting with '- ')."), "list")
                return
            if not node.value and spec.nonempty:
                self.error(path, N_("%(name)s must contain more than 0 items"), place,
                           N_("Add at least one item to '%(name)s'."), {"name": name})
                return
            if spec.item is None:
                raise TypeError(f"the list Field of {path} has no item Field")
            for i, item in enumerate(node.value):
                self.walk(spec.item, f"{path}[{i}]", item, Place(item.line, item.column))
            if spec.check:
                spec.check(self, path, node, place)
            return
        if spec.kind == "map":
            if node.kind != "map":
                self.wrong_type(path, node, place, N_("This key must be a mapping of keys (key: value lines)."), "map")
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
                self.error(child, N_('unknown field "%(key)s"'), Place(entry.line, entry.column),
                           N_("The standard does not define this key here: check its spelling and "
                              "indentation, or remove it."), {"key": key})
        for key, sub in fields.items():
            found = entries.get(key)
            child = f"{path}.{key}" if path else key
            if found is None:
                self.missing(sub, child, key, Place(node.line, node.column) if path else None)
            else:
                self.walk(sub, child, found.node, Place(found.line, found.column))

    def missing(self, spec: Field, path: str, name: str, place: Place | None) -> None:
        """Report a missing value, and what is then missing inside it."""
        if spec.kind == "list" and spec.nonempty and not spec.required:
            self.error(path, N_("%(name)s must contain more than 0 items"), place,
                       N_("Add '%(name)s' with at least one item."), {"name": name})
        elif spec.required and spec.kind != "map":
            self.error(path, N_("%(name)s is a required field"), place, N_("Add the key '%(name)s'."),
                       {"name": name})
        elif spec.kind == "map" and spec.required:
            for key, sub in (spec.fields or {}).items():
                if sub.required or (sub.kind == "list" and sub.nonempty):
                    self.missing(sub, f"{path}.{key}", key, place)


def at(node: Node) -> Place:
    """The place of ``node``."""
    return Place(node.line, node.column)
