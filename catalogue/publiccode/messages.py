"""Stable message ids, and what a type error says was expected and found.

Every message the validator writes has a stable id (``ValidationMessage.id``): the JSON
of ``catalogue validate``, the store, the site and ``catalogue notify`` refer to a kind
of problem by it, whatever its wording or language. Ids never change once published;
wording may. :data:`MESSAGE_IDS` maps each message template (its gettext id) to its id;
``tests/publiccode/test_message_ids.py`` checks that every message produced has one.

A type error names what the key holds and what the file has, with the value shortened:
"wrong type for this field: a list was expected; found the text 'Toont een
voorbeeld'" (:func:`wrong_type_template`, :func:`found_params`). The prefix is the
reference validator's wording (italia/publiccode-parser-go, ``decode``).
"""

from __future__ import annotations

import re

from catalogue.publiccode.i18n import N_

#: YAML 1.1 booleans that YAML 1.2 (the standard, and the reference's go-yaml) reads as
#: text (YAML 1.1 spec, "Boolean Language-Independent Type").
YAML11_BOOLEANS = frozenset(
    v for w in ("y", "yes", "n", "no", "on", "off") for v in (w, w.capitalize(), w.upper()))
_NUMBER = re.compile(r"[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+")
#: Longest value quoted in a message, in characters.
SHORT = 40

#: What a key holds, for :func:`wrong_type_template`.
EXPECTS = ("text", "bool", "list", "map", "version", "urls", "url", "languages")

_WRONG_TYPE = {
    ("text", "list"): N_("wrong type for this field: a text was expected; found a list of %(count)s item(s)"),
    ("text", "map"): N_("wrong type for this field: a text was expected; found a mapping with the key(s) %(keys)s"),
    ("bool", "text"): N_("wrong type for this field: true or false was expected; found the text '%(value)s'"),
    ("bool", "number"): N_("wrong type for this field: true or false was expected; found the number %(value)s"),
    ("bool", "yaml11"): N_("wrong type for this field: true or false was expected; found '%(value)s', "
                           "a YAML 1.1 boolean that YAML 1.2 reads as text"),
    ("bool", "list"): N_("wrong type for this field: true or false was expected; found a list of %(count)s item(s)"),
    ("bool", "map"): N_("wrong type for this field: true or false was expected; "
                        "found a mapping with the key(s) %(keys)s"),
    ("list", "text"): N_("wrong type for this field: a list was expected; found the text '%(value)s'"),
    ("list", "number"): N_("wrong type for this field: a list was expected; found the number %(value)s"),
    ("list", "boolean"): N_("wrong type for this field: a list was expected; found the boolean %(value)s"),
    ("list", "map"): N_("wrong type for this field: a list was expected; found a mapping with the key(s) %(keys)s"),
    ("map", "text"): N_("wrong type for this field: a mapping of keys was expected; found the text '%(value)s'"),
    ("map", "number"): N_("wrong type for this field: a mapping of keys was expected; found the number %(value)s"),
    ("map", "boolean"): N_("wrong type for this field: a mapping of keys was expected; found the boolean %(value)s"),
    ("map", "list"): N_("wrong type for this field: a mapping of keys was expected; "
                        "found a list of %(count)s item(s)"),
    ("version", "boolean"): N_("wrong type for this field: a version in quotes was expected; "
                               "found the boolean %(value)s"),
    ("version", "list"): N_("wrong type for this field: a version in quotes was expected; "
                            "found a list of %(count)s item(s)"),
    ("version", "map"): N_("wrong type for this field: a version in quotes was expected; "
                           "found a mapping with the key(s) %(keys)s"),
    ("urls", "map"): N_("wrong type for this field: a URL or a list of URLs was expected; "
                        "found a mapping with the key(s) %(keys)s"),
    ("url", "list"): N_("wrong type for this field: a URL was expected; found a list of %(count)s item(s)"),
    ("url", "map"): N_("wrong type for this field: a URL was expected; found a mapping with the key(s) %(keys)s"),
    ("languages", "text"): N_("wrong type for this field: a mapping of language codes was expected; "
                              "found the text '%(value)s'"),
    ("languages", "number"): N_("wrong type for this field: a mapping of language codes was expected; "
                                "found the number %(value)s"),
    ("languages", "boolean"): N_("wrong type for this field: a mapping of language codes was expected; "
                                 "found the boolean %(value)s"),
    ("languages", "list"): N_("wrong type for this field: a mapping of language codes was expected; "
                              "found a list of %(count)s item(s)"),
}
#: The reference's own wording, for a combination the table above does not name.
WRONG_TYPE = N_("wrong type for this field")


def shorten(text: str, limit: int = SHORT) -> str:
    """``text`` on one line (runs of white space as one space), cut to ``limit``
    characters with an ellipsis when longer."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "\u2026"


def found_kind(node) -> str:
    """What a node is, for a type error: ``text``, ``number``, ``boolean`` (``true``/
    ``false``), ``yaml11`` (``yes``/``no``/``on``/``off``...), ``list`` or ``map``."""
    if node.kind == "seq":
        return "list"
    if node.kind == "map":
        return "map"
    if node.is_bool:
        return "boolean"
    if node.plain and node.value in YAML11_BOOLEANS:
        return "yaml11"
    if node.plain and _NUMBER.fullmatch(node.value):
        return "number"
    return "text"


def wrong_type_template(expects: str, node) -> tuple[str, dict[str, str]]:
    """The message id and params of a type error: ``expects`` (one of :data:`EXPECTS`)
    against the node found (a :class:`~catalogue.publiccode.reader.Node`)."""
    kind = found_kind(node)
    template = _WRONG_TYPE.get((expects, kind))
    if template is None and kind == "yaml11":
        kind = "text"
        template = _WRONG_TYPE.get((expects, kind))
    if template is None:
        return WRONG_TYPE, {}
    return template, found_params(node)


def found_params(node) -> dict[str, str]:
    """``value`` (shortened), ``count`` (list items) and ``keys`` (the first three keys of
    a mapping, quoted) of the node found."""
    if node.kind == "seq":
        return {"count": str(len(node.value))}
    if node.kind == "map":
        keys = list(node.value)
        shown = ", ".join(f"'{shorten(k, 20)}'" for k in keys[:3]) + (", \u2026" if len(keys) > 3 else "")
        return {"keys": shown}
    return {"value": shorten(str(node.value))}


#: Message template -> stable id.
MESSAGE_IDS: dict[str, str] = {
    # reading (reader.py)
    "the file is larger than %(limit)s bytes": "file-too-large",
    "the file contains TAB characters": "tab-characters",
    "the file contains the control character %(character)s, which YAML does not allow": "control-character",
    "YAML syntax error: %(detail)s": "yaml-syntax",
    "YAML error: %(detail)s": "yaml-error",
    "the YAML document is nested too deeply": "yaml-too-deep",
    "the document expands to more than %(limit)s values (YAML aliases used as an expansion bomb?)":
        "yaml-alias-bomb",
    "the file is encoded as %(encoding)s, not UTF-8": "not-utf8-bom",
    "Invalid UTF-8: byte %(byte)s cannot be decoded": "invalid-utf8",
    "a key must be plain text, not a list or mapping": "complex-key",
    "YAML merge keys ('<<') are not supported": "merge-key",
    "duplicate key '%(key)s': first on line %(first)s, again on line %(again)s": "duplicate-key",
    "the top level of the file is not a mapping of keys": "top-level-not-mapping",
    # version
    "unsupported version: '%(version)s'. Supported versions: %(supported)s": "version-unsupported",
    "This file declares version %(version)s of the publiccode.yml standard, an older version. "
    "It is read as the current version (%(latest)s); that usually works, but check it.": "version-older",
    "%(name)s is not a quoted string": "version-unquoted",
    # keys and types
    "%(name)s is a required field": "required",
    "%(name)s must contain more than 0 items": "required-items",
    'unknown field "%(key)s"': "unknown-field",
    WRONG_TYPE: "wrong-type",
    "%(name)s is not read: %(wrong)s has the wrong type, so the whole '%(section)s' section is left unread":
        "unread-section-key",
    "%(name)s counts as missing: the '%(section)s' section is left unread": "unread-section-key",
    "%(name)s counts as missing: its value has the wrong type": "unread-section-key",
    "%(wrong)s has the wrong type, so the reference validator leaves the whole '%(section)s' section "
    "unread; the rest of it is still checked here, marked extra": "unread-section",
    # values
    "%(name)s must be a date with format 'YYYY-MM-DD'": "date",
    "%(name)s must be a date with format 'YYYY-MM-DD' (this day does not exist)": "date-no-such-day",
    "%(name)s must be a valid URL": "url",
    "%(name)s must be an HTTP URL": "http-url",
    "%(name)s is not a valid URI": "uri",
    "%(name)s must be a valid Italian Public Administration Code (iPA) with format "
    "'urn:x-italian-pa:[codiceIPA]' (see https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary)":
        "uri-italian-pa",
    "%(name)s is not a TOOI organisation identifier (%(expected)s)": "uri-tooi",
    "%(name)s is not an address of an organisation on organisaties.overheid.nl": "uri-organisaties-overheid",
    "%(name)s must be a valid email address": "email",
    "%(name)s must be a valid license (see https://spdx.org/licenses)": "license",
    "%(name)s must be a valid BCP 47 language ('%(value)s' is not a valid BCP 47 language tag)": "language",
    "%(name)s must be a valid BCP 47 language ('%(value)s' is not a valid BCP 47 language tag "
    "(use '-' instead of '_'))": "language-underscore",
    "'%(value)s' is not the canonical BCP 47 form of this language tag; it is read as '%(canonical)s'":
        "language-not-canonical",
    "%(name)s must be at least %(limit)s characters in length": "too-short",
    "%(name)s must be a maximum of %(limit)s characters in length": "too-long",
    "%(name)s must be a valid category (see %(url)s)": "category",
    "%(name)s must be a valid scope (see %(url)s)": "scope",
    "%(name)s must be a valid ISO 3166-1 alpha-2 two-letter country code": "country",
    "%(name)s must be a valid ISO 3166-1 alpha-2 two-letter country code "
    "('%(value)s' mixes capitals and small letters)": "country-mixed-case",
    "%(name)s is not a valid MIME type": "mime-type",
    "%(name)s must be one of the following: %(values)s": "enum",
    "is an absolute path. Only relative paths or HTTP(s) URLs allowed": "absolute-path",
    "is a file:// URL. Only relative paths or HTTP(s) URLs allowed": "file-url",
    "no such file in the repository: %(file)s": "no-such-file",
    "is not a valid %(format)s image: %(file)s": "not-an-image",
    "invalid file extension for: %(file)s": "file-extension",
    "codiceIPA must be a valid Italian Public Administration Code (iPA)": "ipa-code",
    "id contains an unknown alias": "supports-alias",
    "%(name)s contains an unknown alias (see %(url)s)": "supports-alias",
    "%(name)s must be a known alias ('alias:<name>') or a valid URI (URL or URN)": "supports-id",
    # conditional rules and country sections
    'contractors must not be present unless "type" is "contract"': "contractors-not-allowed",
    'contractors is a required field when "type" is "contract"': "contractors-required",
    'contacts is a required field when "type" is "%(type)s"': "contacts-required",
    "'IT' key already present. Remove this key": "country-section-twice",
    "the standard defines no '%(key)s' country section; it is read and kept, but other tools will ignore "
    "or reject it": "country-section-unknown",
    'unknown field "%(key)s": the standard defines no \'%(key)s\' country section': "country-section-unknown",
    'unknown field "%(key)s": country sections are written in capitals (\'%(upper)s\')':
        "country-section-case",
    # deprecations (the reference's wording)
    "This key is DEPRECATED and will be removed in the future. It's safe to drop it": "deprecated",
    "This key is DEPRECATED and will be removed in the future. Use 'logo' instead": "deprecated-use-logo",
    "This key is DEPRECATED and will be removed in the future. Use 'organisation.name' instead":
        "deprecated-use-organisation-name",
    "This key is DEPRECATED and will be removed in the future. Use 'organisation.uri' and set it to "
    "'urn:x-italian-pa:%(code)s' instead": "deprecated-use-organisation-uri",
    "Lowercase country codes are DEPRECATED. Use uppercase instead ('%(code)s')": "deprecated-lowercase-country",
    "Lowercase country codes are DEPRECATED and will be removed in the future. Use 'IT' instead":
        "deprecated-lowercase-country-section",
    # publiccode.yml 1.0 (--standard 1.0-rc)
    "%(key)s is removed in publiccode.yml 1.0": "removed-in-1.0",
    "country sections are removed in publiccode.yml 1.0": "removed-in-1.0-country-section",
    "the scope 'government' is deprecated and removed in publiccode.yml 1.0": "removed-in-1.0-scope",
    "%(name)s must be a quoted string in publiccode.yml 1.0 (YAML 1.2)": "version-unquoted-1.0",
    # hosting repository and publisher
    "url %(declared)s does not name the repository that hosts this file (%(repository)s)": "url-other-repository",
    "organisation.uri %(declared)s differs from the publisher's register URI (%(expected)s)":
        "organisation-uri-differs",
}
MESSAGE_IDS.update({template: "wrong-type" for template in _WRONG_TYPE.values()})


def message_id(template: str | None) -> str | None:
    """The stable id of a message template (``None`` for ``None`` or an unknown one)."""
    return MESSAGE_IDS.get(template) if template else None
