"""Safe reading of a ``publiccode.yml``: bytes -> a position-aware node tree.

PyYAML's safe loader composes the document into nodes (no object construction, no
arbitrary tags executed); this module then builds its own small tree of
:class:`Node` objects from them, so that the validator controls types, sees every
position and every duplicate key, and never expands aliases without a budget.

YAML rules applied (YAML 1.2 core schema, as the reference validator's go-yaml reads):
scalars stay the text that was written; only ``null``/``~``/empty are null and only
``true``/``false`` (any case form of the core schema) are booleans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's parser, when PyYAML was built with it
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    CParser = None  # type: ignore[assignment,misc]

from catalogue.publiccode.bounds import (
    MAX_BYTES,
    BoundedLoader,
    BoundExceeded,
    looks_binary,
    utf16_without_bom,
)
from catalogue.publiccode.i18n import N_
from catalogue.records import Severity

#: Largest number of nodes visited while reading (bounds alias expansion).
MAX_NODES = 200_000

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class Node:
    """One YAML node with its place in the file.

    ``kind`` is ``"map"``, ``"seq"``, ``"scalar"`` or ``"null"``; ``value`` is a
    ``dict[str, Entry]`` for maps (in file order), a ``list[Node]`` for sequences and
    the scalar's text as written for scalars (``""`` for null). ``plain`` is true for
    unquoted scalars. ``line``/``column`` are 1-based.
    """

    kind: str
    value: Any
    line: int
    column: int
    plain: bool = True
    flow: bool = False

    @property
    def is_bool(self) -> bool:
        """True for an unquoted YAML 1.2 boolean (``true``/``false``)."""
        return self.kind == "scalar" and self.plain and self.value in _BOOLS

    def to_data(self) -> Any:
        """The JSON-compatible value: dict/list/str/bool/None (no numbers: text is kept)."""
        if self.kind == "map":
            return {k: e.node.to_data() for k, e in self.value.items()}
        if self.kind == "seq":
            return [n.to_data() for n in self.value]
        if self.kind == "null":
            return None
        if self.is_bool:
            return _BOOLS[self.value]
        return self.value


@dataclass
class Entry:
    """A mapping entry: its key's position and its value node."""

    key: str
    line: int
    column: int
    node: Node


@dataclass
class Problem:
    """A reading problem: ``severity`` error/warning, key ``path``, 1-based place.

    ``message`` and ``hint`` are ``N_``-marked message ids; ``params`` fills their
    ``%(name)s`` placeholders.
    """

    severity: Severity
    path: str
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class ReadResult:
    """What :func:`read_yaml` found: ``root`` (``None`` when unreadable) and problems."""

    root: Node | None
    problems: list[Problem] = field(default_factory=list)
    text: str = ""


class ReadError(Exception):
    """Raised inside this module for input that cannot be read at all."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message % problem.params if problem.params else problem.message)
        self.problem = problem


def decode(content: str | bytes) -> str:
    """Decode ``content`` as UTF-8 (BOM allowed and dropped).

    Raises :class:`ReadError` for a file over :data:`MAX_BYTES` (refused: too large), a
    UTF-16/32 byte-order mark or UTF-16 text without one, a binary file (NUL bytes;
    refused: binary), or bytes that are not UTF-8 (naming the line and column of the
    first bad byte).
    """
    if isinstance(content, str):
        size = len(content.encode("utf-8", "surrogatepass"))
        if size > MAX_BYTES:
            raise ReadError(_refused(BoundExceeded("too large", size)))
        text = content
    else:
        if len(content) > MAX_BYTES:
            raise ReadError(_refused(BoundExceeded("too large", len(content))))
        encoding = next((name for bom, name in _BOMS if content.startswith(bom)), None) or utf16_without_bom(content)
        if encoding is not None:
            raise ReadError(Problem(
                "error", "", N_("the file is encoded as %(encoding)s, not UTF-8"), 1, 1,
                N_("Save the file as UTF-8 (without a byte-order mark) and commit it again."),
                {"encoding": encoding}))
        if looks_binary(content):
            raise ReadError(_refused(BoundExceeded("binary", len(content))))
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = content[: exc.start]
            line = before.count(b"\n") + 1
            column = len(before) - (before.rfind(b"\n") + 1) + 1
            raise ReadError(Problem(
                "error", "", N_("Invalid UTF-8: byte %(byte)s cannot be decoded"),
                line, column,
                N_("Save the file as UTF-8; it looks like it was written in another encoding "
                   "(such as Latin-1 or Windows-1252)."), {"byte": f"0x{content[exc.start]:02x}"})) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def _refused(exc: BoundExceeded) -> Problem:
    """The reading problem of a passed bound (its message starts with "refused:")."""
    return Problem("error", "", exc.message, exc.line, exc.column, exc.hint, exc.message_params())


class _FastBoundedLoader(BoundedLoader):
    """:class:`~catalogue.publiccode.bounds.BoundedLoader` (its composer, with every
    bound) fed with the events of libyaml's C parser when PyYAML has it: the same
    events and marks as the pure-Python scanner and parser, about six times faster.
    The pure-Python reader still checks the text first (control characters, with
    their place in characters)."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._events = CParser(stream) if CParser is not None else None
        self._current = None

    # The composer asks check_event several times per event: answered here from the one
    # event taken from libyaml (isinstance on a tuple), which is faster than asking the
    # C parser each time; events are still taken one at a time, never ahead.
    def peek_event(self):
        if self._events is None:
            return super().peek_event()
        if self._current is None:
            self._current = self._events.get_event()
        return self._current

    def check_event(self, *choices):
        if self._events is None:
            return super().check_event(*choices)
        event = self.peek_event()
        return event is not None and (not choices or isinstance(event, choices))

    def get_event(self):
        if self._events is None:
            return super().get_event()
        event = self.peek_event()
        self._current = None
        return event

    def resolve(self, kind, value, implicit):
        # Tags are never used (the builder reads kinds, styles and text), so skip
        # PyYAML's per-node regular-expression resolution.
        return ""

    def dispose(self) -> None:
        if self._events is not None:
            self._events.dispose()
        super().dispose()



_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """``(line, column)`` kept inside ``text``: libyaml places an error at the end of
    the stream on the line after the last one; it then names the end of the last line."""
    lines = _LINE_BREAKS.split(text)
    if line <= len(lines):
        return line, column
    return len(lines), len(lines[-1]) + 1


def read_yaml(content: str | bytes) -> ReadResult:
    """Read ``content`` into a :class:`Node` tree without raising.

    Problems reported: the bounds of ``catalogue.publiccode.bounds`` (size, nesting
    depth, keys, string length, size after alias expansion; each passed bound is one
    "refused: ..." error), encoding, YAML syntax (with line and column), several
    documents, duplicate keys (naming both lines), complex keys, too many nodes.
    Warnings: TAB characters. ``root`` is ``None`` when nothing could be read.
    """
    try:
        text = decode(content)
    except ReadError as exc:
        return ReadResult(None, [exc.problem])
    problems: list[Problem] = []
    if "\t" in text:
        idx = text.index("\t")
        line = text.count("\n", 0, idx) + 1
        problems.append(Problem(
            "warning", "", N_("the file contains TAB characters"), line,
            idx - (text.rfind("\n", 0, idx) + 1) + 1,
            N_("YAML does not allow TABs for indentation; use spaces.")))
    try:
        loader = _FastBoundedLoader(text)
        try:
            yaml_root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problems.append(Problem(
            "error", "", N_("the file contains the control character %(character)s, which YAML does not allow"),
            line, column,
            N_("Remove the control character (it is often left by copying from another program)."),
            {"character": f"U+{exc.character:04X}"}))
        return ReadResult(None, problems, text)
    except BoundExceeded as exc:
        problems.append(_refused(exc))
        return ReadResult(None, problems, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "maximum nesting depth" in (exc.problem or ""):
            # libyaml's own depth limit, reached while it reads ahead of the composer's
            # bound: the same refusal.
            where = _within(text, mark.line + 1, mark.column + 1) if mark else (None, None)
            problems.append(_refused(BoundExceeded("too deep", None, *where)))
            return ReadResult(None, problems, text)
        # PyYAML's own explanation stays English (a parameter, not a message id).
        detail = " ".join(p for p in (exc.context, exc.problem) if p) or "YAML syntax error"
        place: tuple[int | None, int | None] = (_within(text, mark.line + 1, mark.column + 1) if mark
                                                else (None, None))
        problems.append(Problem(
            "error", "", N_("YAML syntax error: %(detail)s"), *place,
            N_("Fix the YAML syntax at this place: check indentation (spaces only), "
               "colons after keys and quotes around values that contain ': ' or start with a special character."),
            {"detail": detail}))
        return ReadResult(None, problems, text)
    except yaml.YAMLError as exc:
        problems.append(Problem("error", "", N_("YAML error: %(detail)s"), None, None,
                                N_("Check that the file holds one YAML document."), {"detail": str(exc)}))
        return ReadResult(None, problems, text)
    except RecursionError:
        problems.append(Problem("error", "", N_("the YAML document is nested too deeply"), None, None,
                                N_("A publiccode.yml needs only a few levels of nesting.")))
        return ReadResult(None, problems, text)
    if yaml_root is None:
        return ReadResult(None, problems, text)
    builder = _Builder(problems)
    try:
        root = builder.build(yaml_root)
    except ReadError as exc:
        problems.append(exc.problem)
        return ReadResult(None, problems, text)
    except RecursionError:
        problems.append(Problem("error", "", N_("the YAML document is nested too deeply"), None, None,
                                N_("A publiccode.yml needs only a few levels of nesting.")))
        return ReadResult(None, problems, text)
    return ReadResult(root, problems, text)


class _Builder:
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.count = 0

    def build(self, node: yaml.Node, path: str = "") -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise ReadError(Problem(
                "error", "", N_("the document expands to more than %(limit)s values "
                                "(YAML aliases used as an expansion bomb?)"), None, None,
                N_("Write values out instead of repeating them through YAML anchors and aliases."),
                {"limit": str(MAX_NODES)}))
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, line, column)
        if isinstance(node, yaml.SequenceNode):
            items = [self.build(child, f"{path}[{i}]") for i, child in enumerate(node.value)]
            return Node("seq", items, line, column, flow=bool(node.flow_style))
        plain = not node.style  # None (Python parser) or "" (libyaml) for plain scalars
        if plain and node.value in _NULLS:
            return Node("null", "", line, column)
        return Node("scalar", node.value, line, column, plain=plain)

    def _mapping(self, node: yaml.MappingNode, path: str, line: int, column: int) -> Node:
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(
                    "error", path, N_("a key must be plain text, not a list or mapping"), kline, kcol,
                    N_("Write keys as simple words followed by a colon.")))
                continue
            key = key_node.value
            if key == "<<" and not key_node.style:
                self.problems.append(Problem(
                    "error", path, N_("YAML merge keys ('<<') are not supported"), kline, kcol,
                    N_("Write the keys out instead of merging them in.")))
                continue
            child_path = f"{path}.{key}" if path else key
            value = self.build(value_node, child_path)
            if key in entries:
                first = entries[key]
                self.problems.append(Problem(
                    "error", child_path,
                    N_("duplicate key '%(key)s': first on line %(first)s, again on line %(again)s"),
                    kline, kcol,
                    N_("Keep one '%(key)s' key; YAML does not allow the same key twice in a mapping "
                       "(remove or merge the second one)."),
                    {"key": key, "first": str(first.line), "again": str(kline)}))
                continue
            entries[key] = Entry(key, kline, kcol, value)
        return Node("map", entries, line, column, flow=bool(node.flow_style))
