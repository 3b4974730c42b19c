"""Bounds on a publiccode.yml: every file read from a forge is a stranger's.

Two halves, both applied before a document is built:

- :func:`judge_fetched` judges a file as a forge handed it over (its bytes or text,
  the size the forge reported, whether the forge cut it off) and returns the
  :class:`~catalogue.records.PubliccodeFile` to keep. A file over :data:`MAX_BYTES`, or
  one the forge cut off (GitHub GraphQL ``isTruncated``, REST contents
  ``encoding: "none"`` above 1 MiB, a GitLab blob without its text), is *refused: too
  large*, with its size, and its content is not kept. Every forge mapper calls it, so
  the bound holds on every path (GraphQL, REST, ``catalogue check``).
- :class:`BoundedLoader` is PyYAML's safe loader with its composer's own hooks
  (``compose_node``, ``compose_scalar_node``) counting as the document is composed:
  nesting depth, mapping keys, the length of one string, and the size of the document
  after alias expansion (an alias counts the whole size of the node it names again).
  It raises :class:`BoundExceeded` as soon as a bound is passed, long before the
  document is expanded.

A refused file is stored as ``refused`` with one of :data:`REFUSALS` and one error
message (see :func:`refused_document`), never whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import yaml

from catalogue.publiccode.i18n import N_
from catalogue.records import PubliccodeDocument, PubliccodeFile, ValidationMessage

#: Largest file read, in bytes (1 MiB; GitHub's contents API stops inlining files there
#: too). Real files are a few KiB; the largest in the corpus is below 20 KiB.
MAX_BYTES = 1024 * 1024

#: Deepest nesting of mappings and lists (a real file needs 4 levels).
MAX_DEPTH = 64

#: Most mapping keys in a document, counted over every mapping (a real file has ~100).
MAX_KEYS = 10_000

#: Longest single string, in characters (the standard's longest field,
#: ``longDescription``, allows 10,000).
MAX_STRING = 100_000

#: Largest size of the document after alias expansion: each value counts its
#: characters plus one, each alias the whole size of the node it names. A document
#: without aliases stays below its size in bytes, so this is the file bound again.
MAX_EXPANDED = MAX_BYTES

#: The reasons a file is refused, as stored in ``PubliccodeFile.refused``.
REFUSALS = ("too large", "too deep", "too many aliases", "too many keys", "string too long", "binary")

_MESSAGES = {
    "too large": (
        N_("refused: too large (%(size)s bytes; at most %(limit)s bytes are read)"),
        N_("A publiccode.yml is a few kilobytes; remove embedded data or generated content.")),
    "too deep": (
        N_("refused: too deep (more than %(limit)s levels of nesting)"),
        N_("A publiccode.yml needs only a few levels of nesting.")),
    "too many aliases": (
        N_("refused: too many aliases (the document expands to more than %(limit)s characters)"),
        N_("Write values out instead of repeating them through YAML anchors and aliases.")),
    "too many keys": (
        N_("refused: too many keys (more than %(limit)s)"),
        N_("A publiccode.yml has a few hundred keys at most; remove generated content.")),
    "string too long": (
        N_("refused: string too long (%(size)s characters; at most %(limit)s)"),
        N_("Shorten the text: the longest field of the standard, longDescription, allows 10000 characters.")),
    "binary": (
        N_("refused: binary (the file holds NUL bytes, so it is not a text file)"),
        N_("Commit publiccode.yml as a UTF-8 text file.")),
}

#: A file within MAX_BYTES that the forge's API cut off (GitHub GraphQL cuts blob text
#: at about 512 KiB): too large for that API, not for the catalogue.
_CUT_BY_FORGE = N_("refused: too large (%(size)s bytes; the forge's API sent only part of the file)")

_LIMITS = {"too large": MAX_BYTES, "too deep": MAX_DEPTH, "too many aliases": MAX_EXPANDED,
           "too many keys": MAX_KEYS, "string too long": MAX_STRING, "binary": 0}


@dataclass
class BoundExceeded(Exception):
    """A bound of this module was passed. ``reason`` is one of :data:`REFUSALS`,
    ``size`` the measured size (bytes or characters, ``None`` when unknown),
    ``line``/``column`` the 1-based place in the file where it was noticed."""

    reason: str
    size: int | None = None
    line: int | None = None
    column: int | None = None
    params: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.reason)

    @property
    def message(self) -> str:
        """The message id (English, ``N_``-marked) of this refusal."""
        if self.reason == "too large" and self.size is not None and self.size <= MAX_BYTES:
            return _CUT_BY_FORGE
        return _MESSAGES[self.reason][0]

    @property
    def hint(self) -> str:
        """The hint id (English, ``N_``-marked) of this refusal."""
        return _MESSAGES[self.reason][1]

    def message_params(self) -> dict[str, str]:
        """The placeholder values of :attr:`message` (numbers as text)."""
        params = {"limit": str(_LIMITS[self.reason])}
        if self.size is not None:
            params["size"] = str(self.size)
        elif "%(size)s" in self.message:
            params["size"] = f"more than {params['limit']}"  # the forge did not say how many
        return params


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with bounds checked while composing (never constructs).

    Raises :class:`BoundExceeded` from ``get_single_node`` for nesting deeper than
    :data:`MAX_DEPTH`, more than :data:`MAX_KEYS` keys, a string longer than
    :data:`MAX_STRING` or an expanded size over :data:`MAX_EXPANDED` (an alias to a
    node still being composed, a recursive alias, expands without end and is refused
    too). Sizes are tracked per composed node, so counting an alias costs nothing.
    """

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self._depth = 0
        self._keys = 0
        self._expanded = 0
        self._sizes: dict[int, int] = {}  # id(node) -> expanded size of its subtree

    def _mark(self) -> tuple[int | None, int | None]:
        event = self.peek_event()
        mark = getattr(event, "start_mark", None)
        return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)

    def _grow(self, amount: int) -> None:
        self._expanded += amount
        if self._expanded > MAX_EXPANDED:
            raise BoundExceeded("too many aliases", None, *self._mark())

    def compose_node(self, parent, index):
        if isinstance(parent, yaml.MappingNode) and index is None:  # a key is composed
            self._keys += 1
            if self._keys > MAX_KEYS:
                raise BoundExceeded("too many keys", None, *self._mark())
        if self.check_event(yaml.AliasEvent):
            anchor = self.peek_event().anchor
            target = self.anchors.get(anchor)
            if target is not None:
                size = self._sizes.get(id(target))
                if size is None:  # recursive: the node it names is not complete yet
                    raise BoundExceeded("too many aliases", None, *self._mark())
                self._grow(size)
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise BoundExceeded("too deep", None, *self._mark())
        start = self._expanded
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._sizes[id(node)] = self._expanded - start
        return node

    def compose_scalar_node(self, anchor):
        node = super().compose_scalar_node(anchor)
        if len(node.value) > MAX_STRING:
            raise BoundExceeded("string too long", len(node.value),
                                node.start_mark.line + 1, node.start_mark.column + 1)
        self._grow(len(node.value) + 1)
        return node

    def compose_sequence_node(self, anchor):
        self._grow(1)
        return super().compose_sequence_node(anchor)

    def compose_mapping_node(self, anchor):
        self._grow(1)
        return super().compose_mapping_node(anchor)


def looks_binary(content: bytes) -> bool:
    """True when ``content`` holds a NUL byte in its first 8 KiB and is not UTF-16/32
    text (whose ASCII characters come with NUL bytes at every other place)."""
    head = content[:8192]
    if b"\x00" not in head:
        return False
    return utf16_without_bom(head) is None


def utf16_without_bom(content: bytes) -> str | None:
    """``"UTF-16 (little-endian)"``/``"UTF-16 (big-endian)"`` when ``content`` (without a
    byte-order mark) looks like UTF-16 text: NUL bytes at nearly all odd (or even)
    places and almost none at the others; else ``None``."""
    head = content[:8192]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.6 and even_nul < 0.1:
        return "UTF-16 (little-endian)"
    if even_nul > 0.6 and odd_nul < 0.1:
        return "UTF-16 (big-endian)"
    return None


def judge_fetched(
    path: str,
    content: str | bytes | None,
    *,
    size: int | str | None = None,
    cut_off: bool = False,
    binary: bool = False,
    url: str | None = None,
    blob_id: str | None = None,
) -> PubliccodeFile:
    """The :class:`PubliccodeFile` to keep for a file a forge handed over.

    ``content`` is the file as received (bytes, text, or ``None`` when the forge sent
    none); ``size`` the size in bytes the forge reported (GitHub ``byteSize``/``size``,
    GitLab ``size``, which GraphQL may send as a ``BigInt`` string), ``cut_off`` true when the forge said it sent only part of it or
    withheld it for its size, ``binary`` true when the forge called it binary. Over
    :data:`MAX_BYTES` (by ``size`` or by the content received) or cut off, the file is
    refused as ``"too large"`` with its size and no content; a binary file, or bytes
    with NUL bytes that are not UTF-16, is refused as ``"binary"``.
    Otherwise UTF-8 bytes become ``text``, other bytes stay in ``raw`` (the parser
    names their encoding). Never raises.
    """
    size = _byte_count(size)
    received = None
    if isinstance(content, bytes):
        received = len(content)
    elif isinstance(content, str):
        # A text of more than MAX_BYTES characters has more bytes still: take the
        # forge's size then rather than encode (and copy) a file of any size.
        long = len(content) > MAX_BYTES and size is not None
        received = len(content) if long else len(content.encode("utf-8", "surrogatepass"))
    known = max(s for s in (size, received, 0) if s is not None)
    if cut_off or known > MAX_BYTES:
        return PubliccodeFile(path=path, text=None, url=url, blob_id=blob_id, size=known or None,
                              refused="too large")
    if binary or (isinstance(content, bytes) and looks_binary(content)):
        return PubliccodeFile(path=path, text=None, url=url, blob_id=blob_id, size=known or None,
                              refused="binary")
    if isinstance(content, bytes):
        if looks_binary(content):
            return PubliccodeFile(path=path, text=None, url=url, blob_id=blob_id, size=received,
                                  refused="binary")
        try:
            return PubliccodeFile(path=path, text=content.decode("utf-8"), url=url, blob_id=blob_id)
        except UnicodeDecodeError:
            return PubliccodeFile(path=path, text=None, raw=content, url=url, blob_id=blob_id)
    return PubliccodeFile(path=path, text=content, url=url, blob_id=blob_id)


def _byte_count(value: object) -> int | None:
    """A size a forge reported: an int, or digits in a string (GitLab's GraphQL
    ``BigInt``), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def refusal_message(exc: BoundExceeded) -> ValidationMessage:
    """The one error message of a refused file (whole-file path ``""``)."""
    params = exc.message_params()
    return ValidationMessage("error", "", exc.message % params, exc.line, exc.column, exc.hint % params,
                             template=exc.message, hint_template=exc.hint, params=params)


def refused_document(file: PubliccodeFile) -> PubliccodeDocument:
    """The document of a file refused before reading (``file.refused`` set): no data,
    one error naming the reason and the size."""
    assert file.refused is not None
    exc = BoundExceeded(file.refused, file.size)
    return PubliccodeDocument(path=file.path, version=None, valid=False, data={},
                              messages=(refusal_message(exc),), url=file.url)


def refusal_of(document: PubliccodeDocument) -> str | None:
    """The reason (one of :data:`REFUSALS`) a parsed document was refused for, or ``None``."""
    templates = {message: reason for reason, (message, _) in _MESSAGES.items()} | {_CUT_BY_FORGE: "too large"}
    for message in document.messages:
        if message.template in templates:
            return templates[message.template]
    return None


#: Most messages kept for one file; the rest become one "and N more" message, so that a
#: page, an export or a stored document stays small whatever the file.
MAX_MESSAGES = 100


def cut_messages(messages: tuple[ValidationMessage, ...], limit: int = MAX_MESSAGES) -> tuple[ValidationMessage, ...]:
    """The first ``limit`` of ``messages`` (in their order), then, when there were more,
    one message "and N more messages (E errors, W warnings)" that is an error when any
    message left out is one (so the document's validity does not change)."""
    if len(messages) <= limit:
        return messages
    rest = messages[limit:]
    errors = sum(1 for m in rest if m.severity == "error")
    params = {"count": str(len(rest)), "errors": str(errors), "warnings": str(len(rest) - errors)}
    template = N_("and %(count)s more messages (%(errors)s errors, %(warnings)s warnings)")
    hint = N_("Fix the messages above first; the others are listed once those are fixed.")
    more = ValidationMessage("error" if errors else "warning", "", template % params, None, None, hint,
                             template=template, hint_template=hint, params=params)
    return messages[:limit] + (more,)


def read_bounded(chunks: Iterable[bytes]) -> tuple[bytes, int]:
    """The first ``MAX_BYTES + 1`` bytes of ``chunks`` and the total size in bytes: the
    rest is counted, never kept, so reading a file of any size takes at most about
    1 MiB of memory. Pass the size to ``parse_publiccode(..., size=)``."""
    head = bytearray()
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if len(head) <= MAX_BYTES:
            head += chunk[: MAX_BYTES + 1 - len(head)]
    return bytes(head), total
