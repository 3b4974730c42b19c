"""View models of a parsed publiccode.yml: what a repository page shows of the file.

Values in publiccode.yml are written by strangers and can be of any YAML type, so they
are reduced to text here (``text``/``texts``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping

from markupsafe import Markup

from catalogue.records import PubliccodeDocument
from catalogue.site.markdown import inline_text, render_markdown
from catalogue.site.media import RepositoryFiles

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
class ImageView:
    """An image of the repository: absolute raw-file ``url`` and its alternative text."""

    url: str
    alt: str


@dataclass(frozen=True)
class DescriptionView:
    """The ``description.{language}`` block of publiccode.yml (spec 0.4, ``description``).

    ``short_description``, ``localised_name`` and ``features`` are plain text (Markdown
    markup removed, ``catalogue.site.markdown.inline_text``); ``long_description`` is the
    Markdown rendered and sanitised (``Markup``, ``None`` when empty); ``documentation``
    and ``api_documentation`` are http(s) URLs or ``None``; ``screenshots`` only the
    repository's own files (``catalogue.site.media``).
    """

    language: str
    short_description: str | None
    long_description: Markup | None
    features: tuple[str, ...]
    localised_name: str | None = None
    documentation: str | None = None
    api_documentation: str | None = None
    screenshots: tuple[ImageView, ...] = ()


@dataclass(frozen=True)
class FieldView:
    """A key fact: the dotted publiccode key and its value(s) as text."""

    key: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ContractorView:
    """A ``maintenance.contractors`` item: name, ``until`` as written (``until_date``
    when it reads as a date), website and e-mail."""

    name: str | None
    until: str | None
    website: str | None
    email: str | None = None
    until_date: date | None = None


@dataclass(frozen=True)
class ContactView:
    """A ``maintenance.contacts`` item: name, e-mail, phone, affiliation."""

    name: str | None
    email: str | None
    phone: str | None
    affiliation: str | None


@dataclass(frozen=True)
class DependencyView:
    """A ``dependsOn`` item: ``kind`` (``open``/``proprietary``/``hardware``), ``name``,
    the version as written (``version``, or ``versionMin``..``versionMax``) and
    ``optional``."""

    kind: str
    name: str
    version: str | None
    version_min: str | None
    version_max: str | None
    optional: bool


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
    logo: ImageView | None = None
    software_type: str | None = None
    development_status: str | None = None
    maintenance_type: str | None = None
    contacts: tuple[ContactView, ...] = ()
    platforms: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    license: str | None = None
    available_languages: tuple[str, ...] = ()
    landing_url: str | None = None
    roadmap: str | None = None
    main_copyright_owner: str | None = None
    organisation_name: str | None = None
    organisation_uri: str | None = None
    is_based_on: tuple[str, ...] = ()
    depends_on: tuple[DependencyView, ...] = ()
    used_by: tuple[str, ...] = ()

    def description(self, language: str) -> DescriptionView | None:
        """The description block for a page in ``language``: the block of that language
        (``en`` also matches ``en-GB``), else ``None``."""
        for block in self.descriptions:
            if primary_language(block.language) == primary_language(language):
                return block
        return None


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


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 language tag, lower-cased: ``en-GB`` -> ``en``."""
    return tag.replace("_", "-").split("-", 1)[0].lower()


def web_url(value: Any) -> str | None:
    """``value`` when it is an http(s) URL (as text), else ``None``."""
    value = text(value)
    return value if value and value.strip().lower().startswith(("https://", "http://")) else None


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


def _images(values: Any, files: RepositoryFiles | None, alt: str) -> tuple[ImageView, ...]:
    if files is None:
        return ()
    found = []
    for number, value in enumerate(texts(values), start=1):
        url = files.image_url(value)
        if url:
            found.append(ImageView(url, f"{alt} {number}" if alt else ""))
    return tuple(found)


def _description(language: str, block: Mapping[str, Any], files: RepositoryFiles | None, name: str) -> DescriptionView:
    long_text = text(block.get("longDescription"))
    return DescriptionView(
        language=language,
        short_description=inline_text(text(block.get("shortDescription"))),
        long_description=render_markdown(long_text, files) if files else (Markup.escape(long_text) if long_text else None),
        features=tuple(t for t in (inline_text(f) for f in texts(block.get("features"))) if t),
        localised_name=inline_text(text(block.get("localisedName"))),
        documentation=web_url(block.get("documentation")),
        api_documentation=web_url(block.get("apiDocumentation")),
        screenshots=_images(block.get("screenshots"), files, name),
    )


def _dependencies(data: Mapping[str, Any]) -> tuple[DependencyView, ...]:
    found = []
    block = data.get("dependsOn")
    if not isinstance(block, Mapping):
        return ()
    for kind in ("open", "proprietary", "hardware"):
        items = block.get(kind)
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, Mapping) and text(item.get("name")):
                found.append(DependencyView(
                    kind, text(item.get("name")) or "", text(item.get("version")), text(item.get("versionMin")),
                    text(item.get("versionMax")), item.get("optional") is True,
                ))
    return tuple(found)


def _contacts(data: Mapping[str, Any]) -> tuple[ContactView, ...]:
    raw = lookup(data, "maintenance.contacts")
    if not isinstance(raw, list):
        return ()
    return tuple(
        ContactView(text(c.get("name")), text(c.get("email")), text(c.get("phone")), text(c.get("affiliation")))
        for c in raw if isinstance(c, Mapping)
    )


def publiccode_view(document: PubliccodeDocument, files: RepositoryFiles | None = None) -> PubliccodeView:
    """Build the view of a parsed publiccode.yml (messages: errors first, then by place;
    messages without a line, such as a missing top-level key, after those with one).

    ``files`` (the repository's raw-file routes) lets the view carry the logo and
    screenshots and render ``longDescription`` as sanitised Markdown; without it there
    are no images and the long description is escaped text.
    """
    data = document.data if isinstance(document.data, Mapping) else {}
    name = text(data.get("name")) or ""
    descriptions = []
    blocks = data.get("description")
    if isinstance(blocks, Mapping):
        for language in sorted(blocks, key=str):
            block = blocks[language]
            if not isinstance(block, Mapping):
                continue
            descriptions.append(_description(str(language), block, files, name))
    fields = tuple(
        FieldView(key, texts(lookup(data, key))) for key in KEY_FIELDS if lookup(data, key) is not None
    )
    contractors = []
    raw_contractors = lookup(data, "maintenance.contractors")
    if isinstance(raw_contractors, list):
        for item in raw_contractors:
            if isinstance(item, Mapping):
                until, _ = release_date(item.get("until"))
                contractors.append(
                    ContractorView(text(item.get("name")), text(item.get("until")), web_url(item.get("website")),
                                   text(item.get("email")), until)
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
        logo=next(iter(_images(data.get("logo"), files, "")), None),
        software_type=text(data.get("softwareType")),
        development_status=text(data.get("developmentStatus")),
        maintenance_type=text(lookup(data, "maintenance.type")),
        contacts=_contacts(data),
        platforms=texts(data.get("platforms")),
        categories=texts(data.get("categories")),
        license=text(lookup(data, "legal.license")),
        available_languages=texts(lookup(data, "localisation.availableLanguages")),
        landing_url=web_url(data.get("landingURL")),
        roadmap=web_url(data.get("roadmap")),
        main_copyright_owner=text(lookup(data, "legal.mainCopyrightOwner")),
        organisation_name=text(lookup(data, "organisation.name")),
        organisation_uri=web_url(lookup(data, "organisation.uri")),
        is_based_on=tuple(u for u in (web_url(v) for v in texts(data.get("isBasedOn"))) if u),
        depends_on=_dependencies(data),
        used_by=texts(data.get("usedBy")),
    )
