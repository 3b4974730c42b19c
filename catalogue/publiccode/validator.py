"""Validation of a read publiccode.yml node tree: every rule, all problems at once.

Order and verdicts follow italia/publiccode-parser-go (v5): first the version
(missing, wrong type or unsupported ends validation, as in the reference), then every
top-level key; a key whose value (or part of it) has the wrong type is treated as absent
afterwards, as the reference's decoder does, so its required sub-keys are reported too.
"""

from __future__ import annotations

import re

from catalogue.publiccode import checks, vocabulary as voc
from catalogue.publiccode.i18n import N_
from catalogue.publiccode.reader import Node
from catalogue.publiccode.schema import Field, Place, Walker
from catalogue.publiccode.sections import CONTACT, CONTRACTOR, DESCRIPTION, IT_SECTION, LANGUAGE_PROBLEMS, TOP_LEVEL

_ALPHA2 = re.compile(r"[A-Za-z]{2}")


def check_version(w: Walker, root: Node) -> str | None:
    """Check ``publiccodeYmlVersion``; return it as written when validation may go on.

    Missing, non-scalar or unsupported versions are errors and return ``None``.
    Unquoted versions (YAML reads ``0.4`` as a number) are read as the text written,
    with one warning; versions older than 0.5 get one warning (the reference's "not the
    latest version", worded for maintainers: the file declares an older version and is
    read as the current one).
    """
    entry = root.value.get("publiccodeYmlVersion")
    if entry is None or entry.node.kind == "null":
        w.error("publiccodeYmlVersion", N_("%(name)s is a required field"),
                Place(entry.line, entry.column) if entry else None,
                N_('Add publiccodeYmlVersion: "%(latest)s" as the first line.'),
                {"name": "publiccodeYmlVersion", "latest": voc.LATEST_VERSION})
        return None
    node, place = entry.node, Place(entry.line, entry.column)
    if node.kind != "scalar" or node.is_bool:
        w.wrong_type("publiccodeYmlVersion", node, place, N_('This key must be a version in quotes, such as "0".'),
                     "version")
        return None
    version = node.value
    if version not in voc.SUPPORTED_VERSIONS:
        w.error("publiccodeYmlVersion",
                N_("unsupported version: '%(version)s'. Supported versions: %(supported)s"),
                place, N_('Set publiccodeYmlVersion: "%(latest)s" and update the file to the '
                          "current standard (%(url)s)."),
                {"version": version, "supported": ", ".join(voc.SUPPORTED_VERSIONS),
                 "latest": voc.LATEST_VERSION, "url": voc.SPEC_URL})
        return None
    params = {"version": version, "latest": voc.LATEST_VERSION, "url": voc.SPEC_URL}
    if version not in voc.CURRENT_VERSIONS:
        hint = (N_('Check the file against the changes in the current standard (%(url)s), then set '
                   'publiccodeYmlVersion: "%(latest)s" (in quotes: unquoted, YAML reads a version as a number).')
                if node.plain else
                N_('Check the file against the changes in the current standard (%(url)s), then set '
                   'publiccodeYmlVersion: "%(latest)s".'))
        w.warning("publiccodeYmlVersion",
                  N_("This file declares version %(version)s of the publiccode.yml standard, an older version. "
                     "It is read as the current version (%(latest)s); that usually works, but check it."),
                  place, hint, params)
    elif node.plain:
        w.deprecated("publiccodeYmlVersion", N_("%(name)s is not a quoted string"), place,
                     N_('Write it in quotes ("%(version)s"): unquoted, YAML reads it as a number.'),
                     {"name": "publiccodeYmlVersion", **params})
    return version


def country_section_notices(w: Walker, root: Node) -> None:
    """Country sections other than ``IT`` and (deprecated) ``it``: unknown fields, as in
    the reference, whose structure knows only those two; ``It`` or ``nL`` name the case
    to write. Run even when the version is rejected, so the maintainer learns about
    them at once. Their data is kept (``PubliccodeDocument.nl`` for the Dutch one).
    """
    for key, entry in root.value.items():
        if key in ("IT", "it") or not (_ALPHA2.fullmatch(key) and checks.country(key)):
            continue
        place = Place(entry.line, entry.column)
        if key.upper() == "IT":
            w.error(key, N_('unknown field "%(key)s": country sections are written in capitals (\'%(upper)s\')'),
                    place, N_("Rename the section '%(key)s' to '%(upper)s'."), {"key": key, "upper": key.upper()})
            continue
        w.error(key, N_('unknown field "%(key)s": the standard defines no \'%(key)s\' country section'), place,
                N_("Move what other tools must understand to keys of the standard "
                   "(organisation, intendedAudience, supports, categories); keep Common Ground data "
                   "(commonground, gemma, upl, apm) in a separate file if you need it."), {"key": key})


def validate(w: Walker, root: Node) -> None:
    """Validate every top-level key of ``root`` (a mapping) into ``w``."""
    entries = root.value
    for key, entry in entries.items():
        if key == "publiccodeYmlVersion" or key in TOP_LEVEL or key in ("description", "maintenance"):
            continue
        place = Place(entry.line, entry.column)
        if key in ("IT", "it"):
            continue
        if _ALPHA2.fullmatch(key) and checks.country(key):
            continue  # reported by country_section_notices
        w.error(key, N_('unknown field "%(key)s"'), place,
                N_("The standard does not define this key: check its spelling and indentation, or remove it."),
                {"key": key})
    for key, spec in TOP_LEVEL.items():
        _zeroing(w, entries.get(key), lambda node, place, k=key, s=spec: w.walk(s, k, node, place))
    _zeroing(w, entries.get("description"), lambda node, place: _description(w, node, place))
    _zeroing(w, entries.get("maintenance"), lambda node, place: _maintenance(w, node, place))
    _country_sections(w, entries)


def _zeroing(w: Walker, entry, run) -> None:
    """Run ``run(node, place)``; on a wrong type inside, keep that error and rerun as absent.

    The reference's decoder leaves a top-level section unread after a value of the wrong
    type in it, so its required keys count as missing (same verdict and key paths). We
    say so once (one ``unread-section`` note) and still report, marked ``extra``, what
    the first run found in the section besides the type error.
    """
    start = len(w.messages)
    if entry is None:
        run(None, None)
        return
    run(entry.node, Place(entry.line, entry.column))
    produced = w.messages[start:]
    wrong = [m for m in produced if m.wrong_type]
    if not wrong:
        return
    del w.messages[start:]
    w.messages.extend(wrong)
    rerun = len(w.messages)
    run(None, Place(entry.line, entry.column))
    section = entry.key
    for message in w.messages[rerun:]:
        name = message.path.rsplit(".", 1)[-1]
        message.params = {"name": name, "section": section, "wrong": wrong[0].path}
        if message.path in (section, wrong[0].path, wrong[0].origin):
            message.template = N_("%(name)s counts as missing: its value has the wrong type")
        else:
            message.template = N_("%(name)s counts as missing: the '%(section)s' section is left unread")
        message.hint_template = N_("Correct the value of %(wrong)s; the rest of '%(section)s' is then read again.")
    reported = {(m.severity, m.path, m.template) for m in w.messages[start:]}
    extra = [m for m in produced if not m.wrong_type and (m.severity, m.path, m.template) not in reported]
    if wrong[0].origin != section:
        w.warning(section, N_("%(wrong)s has the wrong type, so the reference validator leaves the whole "
                              "'%(section)s' section unread; the rest of it is still checked here, marked extra"),
                  Place(entry.line, entry.column),
                  N_("Correct the value of %(wrong)s; the rest of '%(section)s' is then read again."),
                  {"wrong": wrong[0].path, "section": section})
        w.messages[-1].extra = True
    for m in extra:
        m.extra = True
        w.messages.append(m)


def _description(w: Walker, node: Node | None, place: Place | None) -> None:
    if node is None or node.kind == "null" or (node.kind == "map" and not node.value):
        w.error("description", N_("%(name)s must contain more than 0 items"), place,
                N_("Add a description in at least one language, e.g. description: nl: shortDescription: ..."),
                {"name": "description"})
        return
    if node.kind != "map":
        w.wrong_type("description", node, place,
                     N_("This key must be a mapping of language codes (such as nl: and en:)."), "languages")
        return
    for lang, entry in node.value.items():
        lplace = Place(entry.line, entry.column)
        problem, canonical = checks.language(lang)
        if problem:
            hint = N_("Write '%(canonical)s'.") if canonical else N_("Use a BCP 47 language tag as key, such as nl or en.")
            w.error("description", LANGUAGE_PROBLEMS[problem], lplace, hint,
                    {"name": "description", "value": lang, "canonical": canonical or ""})
        path = f"description.{lang}"
        if entry.node.kind == "null":
            w.walk(DESCRIPTION, path, Node("map", {}, entry.line, entry.column), lplace)
        else:
            w.walk(DESCRIPTION, path, entry.node, lplace)


def _maintenance(w: Walker, node: Node | None, place: Place | None) -> None:
    spec_type = TOP_LEVEL_MAINTENANCE["type"]
    if node is None or node.kind == "null":
        w.missing(spec_type, "maintenance.type", "type", place)
        return
    if node.kind != "map":
        w.wrong_type("maintenance", node, place, N_("This key must be a mapping of keys (key: value lines)."),
                     "map")
        return
    entries = node.value
    for key, entry in entries.items():
        if key not in TOP_LEVEL_MAINTENANCE:
            w.error(f"maintenance.{key}", N_('unknown field "%(key)s"'), Place(entry.line, entry.column),
                    N_("maintenance has only the keys type, contractors and contacts."), {"key": key})
    t = entries.get("type")
    w.walk(spec_type, "maintenance.type", t.node if t else None,
           Place(t.line, t.column) if t else Place(node.line, node.column))
    mtype = t.node.value if t and t.node.kind == "scalar" else None
    for key in ("contractors", "contacts"):
        e = entries.get(key)
        # As in the reference, contractors are only validated when they belong there.
        if e is not None and (key == "contacts" or mtype == "contract"):
            w.walk(TOP_LEVEL_MAINTENANCE[key], f"maintenance.{key}", e.node, Place(e.line, e.column))
    contractors, contacts = entries.get("contractors"), entries.get("contacts")
    has = lambda e: e is not None and e.node.kind == "seq" and bool(e.node.value)  # noqa: E731
    if contractors is not None and contractors.node.kind != "null" and mtype != "contract":
        w.error("maintenance.contractors", N_('contractors must not be present unless "type" is "contract"'),
                Place(contractors.line, contractors.column),
                N_("Remove contractors, or set maintenance.type to contract if a contractor maintains the software."))
    if mtype == "contract" and not has(contractors):
        w.error("maintenance.contractors", N_('contractors is a required field when "type" is "contract"'),
                Place(t.line, t.column),
                N_("List the contractor(s) with name and until (YYYY-MM-DD) under maintenance.contractors."))
    if mtype in ("internal", "community") and not has(contacts):
        w.error("maintenance.contacts", N_('contacts is a required field when "type" is "%(type)s"'),
                Place(contacts.line, contacts.column) if contacts else Place(t.line, t.column),
                N_("Add maintenance.contacts with at least one person (name, and e-mail if possible); "
                   "the standard requires a contact when maintenance.type is %(type)s."), {"type": mtype})


TOP_LEVEL_MAINTENANCE = {
    "type": Field("str", required=True, check=None),
    "contractors": Field("list", item=CONTRACTOR),
    "contacts": Field("list", item=CONTACT),
}


def _maintenance_type_check(w: Walker, path: str, node: Node, place: Place) -> None:
    if node.value not in voc.MAINTENANCE_TYPES:
        w.error(path, N_("%(name)s must be one of the following: %(values)s"), place,
                N_("Use internal, contract, community or none."),
                {"name": "type", "values": " ".join(voc.MAINTENANCE_TYPES)})


TOP_LEVEL_MAINTENANCE["type"].check = _maintenance_type_check


def _country_sections(w: Walker, entries) -> None:
    upper, lower = entries.get("IT"), entries.get("it")
    if lower is not None:
        w.deprecated("it", N_("Lowercase country codes are DEPRECATED and will be removed in the future. Use 'IT' instead"),
                  Place(lower.line, lower.column), N_("Rename the section 'it' to 'IT'."))
    if upper is not None and lower is not None:
        w.error("it", N_("'IT' key already present. Remove this key"), Place(lower.line, lower.column),
                N_("Merge the 'it' section into 'IT' and remove 'it'."))
    for key, entry in (("IT", upper), ("it", lower if upper is None else None)):
        if entry is not None:
            _zeroing(w, entry, lambda n, p, k=key: _it(w, k, n, p))


def _it(w: Walker, key: str, node: Node | None, place: Place | None) -> None:
    if node is None or node.kind == "null":
        return
    w.walk(IT_SECTION, "IT", node, place)


__all__ = ["check_version", "country_section_notices", "validate"]
