"""``parse_publiccode``: read, validate and describe one publiccode.yml.

See ``docs/publiccode.md`` for what is checked. Never raises for bad content.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from catalogue.publiccode import bounds, checks, organisation, repository, validator
from catalogue.publiccode import standard as standard_rules
from catalogue.publiccode.i18n import N_
from catalogue.publiccode.messages import message_id
from catalogue.publiccode.reader import read_yaml
from catalogue.publiccode.schema import Place, Walker
from catalogue.records import PubliccodeDocument, PubliccodeFile, ValidationMessage


def parse_publiccode(
    content: str | bytes,
    *,
    path: str = "publiccode.yml",
    repository_url: str | None = None,
    organisation_uri: str | None = None,
    repository_files: frozenset[str] | None = None,
    raw_base_url: str | None = None,
    read_file: Callable[[str], bytes | None] | None = None,
    size: int | None = None,
    standard: str = standard_rules.DEFAULT,
) -> PubliccodeDocument:
    """Parse and validate a publiccode.yml.

    ``content``: the file (``str``, or ``bytes`` in UTF-8 with or without BOM).
    ``path``: its name in the repository (kept in the result).
    ``repository_url``: canonical URL of the hosting repository; a ``url`` naming another
    repository gives one warning. ``organisation_uri``: the publisher's register URI,
    compared with ``organisation.uri`` (warning when different). ``repository_files``:
    the repository's file paths, when known; relative ``logo``, ``screenshots`` and
    ``legal.authorsFile`` paths must be among them. ``raw_base_url``: base for relative
    logo and screenshot paths, which become absolute raw URLs in ``data``.
    ``read_file``: where the repository's files can be read (a local checkout), a
    function from a path relative to the repository root to its bytes, ``None`` when
    missing; relative paths must then exist, and the logo must be an image of its kind.
    ``size``: the file's whole size in bytes when ``content`` is only its beginning
    (``bounds.read_bounded``); over ``bounds.MAX_BYTES`` the file is refused as too large.
    ``standard``: ``"0"`` (the reference validator's rules, the default) or ``"1.0-rc"``
    (what the 1.0 release candidate needs: deprecated keys and YAML 1.1 forms are errors;
    :mod:`catalogue.publiccode.standard`); raises ``ValueError`` for another value.

    Returns a :class:`~catalogue.records.PubliccodeDocument` whose ``messages`` hold every
    problem found (errors and warnings, sorted by line and column; messages without a
    place, such as a missing top-level key, come last, in key order); each message keeps
    its gettext ``template``, ``hint_template`` and ``params``; past
    ``bounds.MAX_MESSAGES`` (100) they end in one "and N more messages" message.
    ``valid`` is false when there is an error. Unreadable input gives ``data={}``. Never raises for bad content.
    Rules: the publiccode.yml standard, with verdicts as italia/publiccode-parser-go.
    """
    standard_rules.check_standard(standard)
    if size is not None and size > bounds.MAX_BYTES:
        return bounds.refused_document(PubliccodeFile(path=path, text=None, size=size, refused="too large"))
    read = read_yaml(content)
    w = Walker(options={"repository_files": repository_files, "read_file": read_file})
    for p in read.problems:
        w._add(p.severity, p.path, p.message, Place(p.line, p.column), p.hint, p.params)
    data: dict[str, Any] = {}
    version: str | None = None
    root = read.root
    fatal = any(p.severity == "error" for p in read.problems) and root is None
    if root is None:
        if not fatal:
            w.error("publiccodeYmlVersion", N_("%(name)s is a required field"), None,
                    N_("The file is empty: start from the template of the publiccode.yml standard."),
                    {"name": "publiccodeYmlVersion"})
    elif root.kind != "map":
        w.error("", N_("the top level of the file is not a mapping of keys"), Place(root.line, root.column),
                N_("A publiccode.yml is a YAML mapping: lines like 'name: My software' at the left margin."))
    else:
        data = root.to_data()
        entry = root.value.get("publiccodeYmlVersion")
        if entry is not None and entry.node.kind == "scalar":
            version = entry.node.value
        validator.country_section_notices(w, root)
        if validator.check_version(w, root) is not None:
            validator.validate(w, root)
            _hosting_checks(w, root, data, repository_url, organisation_uri)
            if standard == "1.0-rc":
                standard_rules.apply_1_0(w, root)
        _canonical_languages(data)
        if raw_base_url:
            repository.absolutise(data, raw_base_url)
    messages = tuple(sorted(
        (ValidationMessage(m.severity, m.path, m.message, m.line, m.column, m.hint,
                           template=m.template, hint_template=m.hint_template, params=dict(m.params),
                           id=message_id(m.template), extra=m.extra, before_1_0=m.before_1_0)
         for m in w.messages),
        key=message_order))
    messages = bounds.cut_messages(messages)
    nl = data.get("nl") if isinstance(data.get("nl"), dict) else None
    if nl is None and isinstance(data.get("NL"), dict):
        nl = data["NL"]
    url = data.get("url") if isinstance(data.get("url"), str) else None
    return PubliccodeDocument(
        path=path, version=version, valid=not any(m.severity == "error" for m in messages),
        data=data, messages=messages, url=url, nl=nl)


def message_order(message: ValidationMessage) -> tuple:
    """Sort key of messages: by line and column; messages without a line (a missing
    top-level key) after them, in the order they were found (key order), as the sort is
    stable."""
    if message.line is None:
        return (1, 0, 0)
    return (0, message.line, message.column or 0)


def _canonical_languages(data: dict[str, Any]) -> None:
    """Store valid but non-canonical ``availableLanguages`` tags canonically (``eng`` -> ``en``)."""
    loc = data.get("localisation")
    if not isinstance(loc, dict):
        return
    langs = loc.get("availableLanguages")
    if isinstance(langs, list):
        loc["availableLanguages"] = [
            (checks.language(t)[1] or t) if isinstance(t, str) and checks.language(t)[0] is None else t
            for t in langs]


def _hosting_checks(w: Walker, root, data, repository_url, organisation_uri) -> None:
    url_entry = root.value.get("url")
    declared = data.get("url")
    if repository_url and isinstance(declared, str) and declared and url_entry is not None:
        if not repository.same_repository(declared, repository_url):
            w.warning("url", N_("url %(declared)s does not name the repository that hosts this file "
                                "(%(repository)s)"), Place(url_entry.line, url_entry.column),
                      N_("Set url to %(repository)s, or publish this file in the repository it describes."),
                      {"declared": declared, "repository": repository_url})
    org = root.value.get("organisation")
    if organisation_uri and org is not None and org.node.kind == "map":
        uri = org.node.value.get("uri")
        if uri is not None and uri.node.kind == "scalar" and not organisation.same_uri(uri.node.value,
                                                                                         organisation_uri):
            w.warning("organisation.uri", N_("organisation.uri %(declared)s differs from the publisher's "
                                             "register URI (%(expected)s)"), Place(uri.line, uri.column),
                      N_("Set organisation.uri to %(expected)s."),
                      {"declared": uri.node.value, "expected": organisation_uri})


def select_description(data: Mapping[str, Any]) -> tuple[str | None, str | None, str | None]:
    """Pick the description to show: Dutch, else English, else the first language.

    ``data`` is ``PubliccodeDocument.data``. Returns ``(language, shortDescription,
    longDescription)``; each is ``None`` when absent (all three when there is no usable
    ``description`` mapping). Dutch is ``nl`` or ``nl-*``, English ``en`` or ``en-*``
    (case-insensitive); texts are stripped, empty texts are ``None``.
    """
    description = data.get("description") if isinstance(data, Mapping) else None
    if not isinstance(description, Mapping):
        return None, None, None
    langs = [k for k, v in description.items() if isinstance(k, str) and isinstance(v, Mapping)]
    if not langs:
        return None, None, None

    def pick(prefix: str) -> str | None:
        exact = [k for k in langs if k.lower() == prefix]
        regional = [k for k in langs if k.lower().startswith(prefix + "-")]
        candidates = exact or regional
        return candidates[0] if candidates else None

    lang = pick("nl") or pick("en") or langs[0]
    desc = description[lang]

    def text(key: str) -> str | None:
        value = desc.get(key)
        return value.strip() or None if isinstance(value, str) else None

    return lang, text("shortDescription"), text("longDescription")
