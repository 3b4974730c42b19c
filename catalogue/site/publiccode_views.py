"""View models of a parsed publiccode.yml: what a repository page shows of the file.

Values in publiccode.yml are written by strangers and can be of any YAML type, so they
are reduced to text here (``text``/``texts``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

from catalogue.records import PubliccodeDocument

#: ``releaseDate`` values that mean "not declared" (a zero Unix time written by tools).
EPOCH_DATES = frozenset({date(1970, 1, 1)})

#: publiccode.yml keys shown as "key facts", in this order (dotted key paths).
KEY_FIELDS: tuple[str, ...] = (
    "softwareType",
    "developmentStatus",
    "maintenance.type",
    "legal.license",
    "legal.mainCopyrightOwner",
    "legal.repoOwner",
    "platforms",
    "categories",
    "url",
    "landingURL",
    "isBasedOn",
    "roadmap",
    "localisation.availableLanguages",
    "usedBy",
)


@dataclass(frozen=True)
class MessageView:
    """One validation message: ``severity`` (``error``/``warning``), ``path`` (key path),
    ``message``, 1-based ``line``/``column`` (or ``None``) and a ``hint`` (English), with
    their gettext ids ``template``/``hint_template`` and ``params`` (``None``/empty for
    messages stored before those existed); pages show them through the
    ``validation_message``/``validation_hint`` filters (``catalogue.site.writer``)."""

    severity: str
    path: str
    message: str
    line: int | None
    column: int | None
    hint: str | None
    template: str | None = None
    hint_template: str | None = None
    params: Mapping[str, str] = field(default_factory=dict, hash=False)
    #: The message's stable id (``ValidationMessage.id``; ``None`` for old rows),
    #: ``extra`` (beyond the reference validator, in a section it leaves unread) and
    #: ``before_1_0`` (publiccode.yml 1.0 removes what it is about: "fix before 1.0").
    id: str | None = None
    extra: bool = False
    before_1_0: bool = False


@dataclass(frozen=True)
class DescriptionView:
    """The ``description.{language}`` block of publiccode.yml, as text."""

    language: str
    short_description: str | None
    long_description: str | None
    features: tuple[str, ...]


@dataclass(frozen=True)
class FieldView:
    """A key fact: the dotted publiccode key and its value(s) as text."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ContractorView:
    """A ``maintenance.contractors`` item: name, ``until`` as written, website."""

    name: str | None
    until: str | None
    website: str | None


@dataclass(frozen=True)
class PubliccodeView:
    """The parsed publiccode.yml of one repository.

    ``release_date`` is ``None`` when not declared, unreadable, or the epoch
    (1970-01-01, see :data:`EPOCH_DATES`); ``release_date_text`` keeps what was written
    when it could not be read as a date.
    """

    path: str
    url: str | None
    version: str | None
    valid: bool
    name: str | None
    software_version: str | None
    release_date: date | None
    release_date_text: str | None
    descriptions: tuple[DescriptionView, ...]
    fields: tuple[FieldView, ...]
    contractors: tuple[ContractorView, ...]
    messages: tuple[MessageView, ...]
    error_count: int
    warning_count: int
    nl: tuple[FieldView, ...] | None


def text(value: Any) -> str | None:
    """Reduce a YAML value to display text: ``None`` stays ``None``, scalars become
    strings, dates ISO 8601, containers compact JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def texts(value: Any) -> tuple[str, ...]:
    """Reduce a YAML value to a tuple of texts: a list item by item, a scalar as one."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(t for t in (text(item) for item in value) if t is not None)
    single = text(value)
    return (single,) if single is not None else ()


def lookup(data: Mapping[str, Any], dotted: str) -> Any:
    """Return ``data``'s value at a dotted key path, or ``None`` when any step is missing."""
    current: Any = data
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return None
        current = current[part]
    return current


def flatten(data: Any, prefix: str = "") -> tuple[FieldView, ...]:
    """Flatten nested mappings into dotted keys; lists of scalars stay one field."""
    if isinstance(data, Mapping):
        rows: list[FieldView] = []
        for key in sorted(data, key=str):
            rows.extend(flatten(data[key], f"{prefix}.{key}" if prefix else str(key)))
        return tuple(rows)
    return (FieldView(prefix, texts(data)),)


def release_date(value: Any) -> tuple[date | None, str | None]:
    """Read ``releaseDate``: ``(date, None)`` when a real date, ``(None, None)`` when
    missing or the epoch, ``(None, written_text)`` when not a date."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            return None, text(value)
    return (None, None) if value in EPOCH_DATES else (value, None)


def publiccode_view(document: PubliccodeDocument) -> PubliccodeView:
    """Build the view of a parsed publiccode.yml (messages: errors first, then by place;
    messages without a line, such as a missing top-level key, after those with one)."""
    data = document.data if isinstance(document.data, Mapping) else {}
    descriptions = []
    blocks = data.get("description")
    if isinstance(blocks, Mapping):
        for language in sorted(blocks, key=str):
            block = blocks[language]
            if not isinstance(block, Mapping):
                continue
            descriptions.append(
                DescriptionView(
                    language=str(language),
                    short_description=text(block.get("shortDescription")),
                    long_description=text(block.get("longDescription")),
                    features=texts(block.get("features")),
                )
            )
    fields = tuple(
        FieldView(key, texts(lookup(data, key))) for key in KEY_FIELDS if lookup(data, key) is not None
    )
    contractors = []
    raw_contractors = lookup(data, "maintenance.contractors")
    if isinstance(raw_contractors, list):
        for item in raw_contractors:
            if isinstance(item, Mapping):
                contractors.append(
                    ContractorView(text(item.get("name")), text(item.get("until")), text(item.get("website")))
                )
    messages = tuple(
        MessageView(m.severity, m.path, m.message, m.line, m.column, m.hint,
                    m.template, m.hint_template, dict(m.params), m.id, m.extra, m.before_1_0)
        for m in sorted(
            document.messages,
            key=lambda m: (m.severity != "error", m.line is None, m.line or 0, m.column or 0, m.path, m.message),
        )
    )
    released, released_text = release_date(data.get("releaseDate"))
    nl = document.nl if document.nl is not None else data.get("nl")
    return PubliccodeView(
        path=document.path,
        url=document.url,
        version=document.version,
        valid=document.valid,
        name=text(data.get("name")),
        software_version=text(data.get("softwareVersion")),
        release_date=released,
        release_date_text=released_text,
        descriptions=tuple(descriptions),
        fields=fields,
        contractors=tuple(contractors),
        messages=messages,
        error_count=sum(1 for m in messages if m.severity == "error"),
        warning_count=sum(1 for m in messages if m.severity != "error"),
        nl=flatten(nl) if isinstance(nl, Mapping) and nl else None,
    )
