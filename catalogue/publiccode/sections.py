"""The publiccode.yml schema (version "0", the current one) as :class:`Field` specs.

Source: the publiccode.yml standard, ``docs/standard/schema.core.rst`` (keys, types,
required keys, deprecations) and ``schema.it.rst`` (the ``IT`` section); length limits,
conditional rules and deprecation wording as in italia/publiccode-parser-go (``v0.go``,
``fields.go``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from catalogue.publiccode import checks, organisation, vocabulary as voc
from catalogue.publiccode.i18n import N_
from catalogue.publiccode.reader import Node
from catalogue.publiccode.schema import Field, Place, Walker, at

_MIME = re.compile(r"[A-Za-z0-9][\w.+-]*/[A-Za-z0-9][\w.+-]*(?:\s*;.*)?")
_IPA = re.compile(r"[a-z0-9_]{2,}")
_DROP = N_("This key is DEPRECATED and will be removed in the future. It's safe to drop it")


def _value_check(fn, hint):
    def check(w: Walker, path: str, node: Node, place: Place) -> None:
        problem = fn(node.value)
        if problem:
            w.error(path, problem, place, hint, {"name": _name(path)})
    return check


def _name(path: str) -> str:
    return path.rsplit(".", 1)[-1]


URL = _value_check(checks.check_url, N_("Write a full URL, starting with https://."))
HTTP_URL = _value_check(checks.check_http_url, N_("Write a full web address, starting with https://."))
DATE = _value_check(checks.check_date, N_("Write the date as YYYY-MM-DD, for example \"2024-03-01\", in quotes."))
EMAIL = _value_check(checks.check_email, N_("Write one e-mail address, such as name@example.org."))
def URI(w: Walker, path: str, node: Node, place: Place) -> None:
    """``organisation.uri`` and ``fundedBy[].uri`` (:mod:`catalogue.publiccode.organisation`)."""
    organisation.check_uri(w, path, node, place)


def _enum(values: tuple[str, ...]):
    def check(w: Walker, path: str, node: Node, place: Place) -> None:
        if node.value not in values:
            w.error(path, N_("%(name)s must be one of the following: %(values)s"), place,
                    N_("Use one of: %(choices)s (exactly as written, lower case)."),
                    {"name": _name(path), "values": " ".join(values), "choices": ", ".join(values)})
    return check


def _max_length(limit: int):
    def check(w: Walker, path: str, node: Node, place: Place) -> None:
        n = checks.graphemes(node.value)
        if n > limit:
            w.error(path, N_("%(name)s must be a maximum of %(limit)s characters in length"), place,
                    N_("Shorten it to at most %(limit)s characters (it has %(count)s)."),
                    {"name": _name(path), "limit": limit, "count": n})
    return check


def _long_description(w: Walker, path: str, node: Node, place: Place) -> None:
    n = checks.graphemes(node.value)
    if n < 150:
        w.error(path, N_("%(name)s must be at least %(limit)s characters in length"), place,
                N_("Describe the software in at least %(limit)s characters (it has %(count)s)."),
                {"name": "longDescription", "limit": 150, "count": n})
    elif n > 10000:
        w.error(path, N_("%(name)s must be a maximum of %(limit)s characters in length"), place,
                N_("Shorten it to at most %(limit)s characters (it has %(count)s)."),
                {"name": "longDescription", "limit": 10000, "count": n})


def _category(w: Walker, path: str, node: Node, place: Place) -> None:
    if node.value not in voc.CATEGORIES:
        w.error(path, N_("%(name)s must be a valid category (see %(url)s)"), place,
                N_("'%(value)s' is not in the standard's list of categories; pick the closest one from it."),
                {"name": _name(path), "url": voc.CATEGORIES_URL, "value": node.value})


def _scope(w: Walker, path: str, node: Node, place: Place) -> None:
    if node.value not in voc.SCOPES:
        w.error(path, N_("%(name)s must be a valid scope (see %(url)s)"), place,
                N_("'%(value)s' is not in the standard's list of scopes; pick one from it."),
                {"name": _name(path), "url": voc.SCOPE_URL, "value": node.value})


def _country(w: Walker, path: str, node: Node, place: Place) -> None:
    """ISO 3166-1 alpha-2, all capitals or (deprecated) all small letters; mixed case
    (``Nl``) is not a code, as in the reference (``iso3166_1_alpha2_lower_or_upper``)."""
    code = node.value
    if not checks.country(code):
        w.error(path, N_("%(name)s must be a valid ISO 3166-1 alpha-2 two-letter country code"), place,
                N_("Use a two-letter ISO 3166-1 code in capitals, such as NL or IT."), {"name": _name(path)})
    elif code not in (code.upper(), code.lower()):
        w.error(path, N_("%(name)s must be a valid ISO 3166-1 alpha-2 two-letter country code "
                         "('%(value)s' mixes capitals and small letters)"), place,
                N_("Write '%(code)s'."), {"name": _name(path), "value": code, "code": code.upper()})
    elif code != code.upper():
        w.deprecated(path, N_("Lowercase country codes are DEPRECATED. Use uppercase instead ('%(code)s')"),
                     place, N_("Write '%(code)s'."), {"code": code.upper()})


#: Message ids of :func:`checks.language` problems (``%(name)s`` the key, ``%(value)s`` the tag).
LANGUAGE_PROBLEMS = {
    checks.BAD_TAG: N_("%(name)s must be a valid BCP 47 language ('%(value)s' is not a valid BCP 47 language tag)"),
    checks.UNDERSCORE: N_("%(name)s must be a valid BCP 47 language ('%(value)s' is not a valid BCP 47 "
                          "language tag (use '-' instead of '_'))"),
}


def _language(w: Walker, path: str, node: Node, place: Place) -> None:
    problem, canonical = checks.language(node.value)
    params = {"name": _name(path), "value": node.value, "canonical": canonical or ""}
    if problem:
        hint = N_("Use a BCP 47 language tag, such as nl, en or en-GB.")
        if canonical:
            hint = N_("Write '%(canonical)s'.")
        elif node.value.lower() == "gr":
            hint = N_("Greek is 'el'. Use a BCP 47 language tag, such as nl, en or el.")
        w.error(path, LANGUAGE_PROBLEMS[problem], place, hint, params)
    elif canonical:
        w.warning(path, N_("'%(value)s' is not the canonical BCP 47 form of this language tag; "
                           "it is read as '%(canonical)s'"), place, N_("Write '%(canonical)s'."), params)


def _mime(w: Walker, path: str, node: Node, place: Place) -> None:
    if not _MIME.fullmatch(node.value):
        w.error(path, N_("%(name)s is not a valid MIME type"), place, N_("Write a MIME type such as text/html."),
                {"name": _name(path)})


def _is_based_on(w: Walker, path: str, node: Node, place: Place) -> None:
    if node.kind == "scalar":
        if checks.check_url(node.value):
            w.error(path, N_("%(name)s must be a valid URL"), place, N_("Give the URL of the upstream repository."),
                    {"name": "isBasedOn"})
    elif node.kind == "seq":
        for i, item in enumerate(node.value):
            sub = f"{path}[{i}]"
            if item.kind != "scalar":
                w.wrong_type(sub, item, at(item), N_("This key must be a URL."), "url")
            elif checks.check_url(item.value):
                w.error(sub, N_("%(name)s must be a valid URL"), at(item),
                        N_("Give the URL of the upstream repository."), {"name": f"isBasedOn[{i}]"})
    elif node.kind == "map":
        w.wrong_type(path, node, place, N_("This key must be a URL or a list of URLs."), "urls")


def _relative_or_url(w: Walker, path: str, value: str, place: Place) -> bool:
    if value.startswith("/"):
        w.error(path, N_("is an absolute path. Only relative paths or HTTP(s) URLs allowed"), place,
                N_("Give the path relative to the repository root (without a leading '/'), or an https:// URL."))
        return False
    if value.startswith("file:"):
        w.error(path, N_("is a file:// URL. Only relative paths or HTTP(s) URLs allowed"), place,
                N_("Give the path relative to the repository root, or an https:// URL."))
        return False
    return True


def _is_relative(value: str) -> bool:
    return not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value)


def _relative_path(value: str) -> str:
    clean = value.split("#", 1)[0].split("?", 1)[0]
    while clean.startswith("./"):
        clean = clean[2:]
    return clean


def _file_exists(w: Walker, path: str, value: str, place: Place) -> bool:
    """Check a relative path against the repository; True when it exists or is unknown."""
    files = w.options.get("repository_files")
    read = w.options.get("read_file")
    if not _is_relative(value):
        return True
    clean = _relative_path(value)
    if files is not None:
        exists = clean in files
    elif read is not None:
        exists = read(clean) is not None
    else:
        return True
    if not exists:
        w.error(path, N_("no such file in the repository: %(file)s"), place,
                N_("Commit the file at this path, or correct the path (it is relative to the repository root)."),
                {"file": clean})
    return exists


# What an image file starts with, per logo extension: PNG's signature (ISO/IEC 15948,
# section 5.2), gzip's magic number for .svgz (RFC 1952), an <svg> element in the first
# kilobytes for .svg.
def _image_ok(extension: str, data: bytes) -> bool:
    if extension == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == ".svgz":
        return data.startswith(b"\x1f\x8b")
    return b"<svg" in data[:8192].lower()


def _logo_content(w: Walker, path: str, value: str, extension: str, place: Place) -> None:
    """Where the repository's files can be read (a local checkout), the logo must be an
    image of its kind, as the reference validator decodes it."""
    read = w.options.get("read_file")
    if read is None or not _is_relative(value):
        return
    data = read(_relative_path(value))
    if data is not None and not _image_ok(extension, data):
        w.error(path, N_("is not a valid %(format)s image: %(file)s"), place,
                N_("Replace the file with a real SVG or PNG image (this one is empty or of another format)."),
                {"format": extension[1:].upper(), "file": value})


def _logo(w: Walker, path: str, node: Node, place: Place) -> None:
    value = node.value
    if value == "" or not _relative_or_url(w, path, value, place):
        return
    ext = "." + urlsplit(value).path.rsplit(".", 1)[-1].lower() if "." in urlsplit(value).path else ""
    if ext not in voc.LOGO_EXTENSIONS:
        w.error(path, N_("invalid file extension for: %(file)s"), place,
                N_("The logo must be an SVG or PNG file (.svg, .svgz or .png)."), {"file": value})
        return
    if _file_exists(w, path, value, place):
        _logo_content(w, path, value, ext, place)


def _screenshot(w: Walker, path: str, node: Node, place: Place) -> None:
    if _relative_or_url(w, path, node.value, place):
        _file_exists(w, path, node.value, place)


def _authors_file(w: Walker, path: str, node: Node, place: Place) -> None:
    if _relative_or_url(w, path, node.value, place):
        _file_exists(w, path, node.value, place)


def _support_id(w: Walker, path: str, node: Node, place: Place) -> None:
    """``alias:<name>`` from the standard's aliases list, or a URL or URN (reference:
    ``supports_id``)."""
    value = node.value
    if value.startswith("alias:"):
        if value[6:] not in voc.SUPPORT_ALIASES:
            w.error(path, N_("%(name)s contains an unknown alias (see %(url)s)"), place,
                    N_("Known aliases: %(aliases)s; otherwise give the URI of the standard."),
                    {"name": "id", "url": voc.ALIASES_URL,
                     "aliases": ", ".join("alias:" + a for a in sorted(voc.SUPPORT_ALIASES))})
    elif not organisation.is_url_or_urn(value):
        w.error(path, N_("%(name)s must be a known alias ('alias:<name>') or a valid URI (URL or URN)"), place,
                N_("Give 'alias:<name>' or the URI of the standard."), {"name": "id"})


def _ipa(w: Walker, path: str, node: Node, place: Place) -> None:
    if not _IPA.fullmatch(node.value):
        w.error(path, N_("codiceIPA must be a valid Italian Public Administration Code (iPA)"), place,
                N_("Use the iPA code of the administration (lower case letters, digits, '_')."))
    else:
        w.deprecated(path, N_("This key is DEPRECATED and will be removed in the future. Use 'organisation.uri' "
                           "and set it to 'urn:x-italian-pa:%(code)s' instead"), place,
                  N_("Set organisation.uri to 'urn:x-italian-pa:%(code)s' and remove this key."),
                  {"code": node.value})


def _generic_name(w: Walker, path: str, node: Node, place: Place) -> None:
    _max_length(35)(w, path, node, place)
    if node.value:
        w.deprecated(path, _DROP, place, N_("Remove genericName; the standard no longer uses it."))


STR = Field("str")
STR_LIST = Field("list", item=STR)
BOOL = Field("bool")

DEPENDENCY = Field("map", fields={
    "name": Field("str", required=True),
    "versionMin": STR, "versionMax": STR, "version": STR, "optional": BOOL,
})
DEPENDENCIES = Field("list", item=DEPENDENCY)

DESCRIPTION = Field("map", fields={
    "localisedName": STR,
    "genericName": Field("str", check=_generic_name),
    "shortDescription": Field("str", required=True, check=_max_length(150)),
    "longDescription": Field("str", required=True, check=_long_description),
    "documentation": Field("str", check=HTTP_URL),
    "apiDocumentation": Field("str", check=HTTP_URL),
    "features": Field("list", nonempty=True, item=STR),
    "screenshots": Field("list", item=Field("str", check=_screenshot)),
    "videos": Field("list", item=Field("str", check=HTTP_URL)),
    "awards": STR_LIST,
})

CONTACT = Field("map", fields={
    "name": Field("str", required=True), "email": Field("str", check=EMAIL),
    "affiliation": STR, "phone": STR,
})
CONTRACTOR = Field("map", fields={
    "name": Field("str", required=True), "email": Field("str", check=EMAIL),
    "website": Field("str", check=HTTP_URL), "until": Field("str", required=True, check=DATE),
})

IT_SECTION = Field("map", fields={
    "countryExtensionVersion": Field("str", check=_enum(voc.IT_EXTENSION_VERSIONS)),
    "conforme": Field("map", deprecated=_DROP, hint=N_("Remove 'conforme'; it is deprecated."), fields={
        "lineeGuidaDesign": BOOL, "modelloInteroperabilita": BOOL,
        "misureMinimeSicurezza": BOOL, "gdpr": BOOL,
    }),
    "riuso": Field("map", fields={"codiceIPA": Field("str", check=_ipa)}),
    "piattaforme": Field("map", fields={k: BOOL for k in ("spid", "pagopa", "cie", "anpr", "io")}),
})

#: Top-level keys other than publiccodeYmlVersion, description, maintenance and the
#: country sections (handled in :mod:`catalogue.publiccode.validator`).
TOP_LEVEL: dict[str, Field] = {
    "name": Field("str", required=True),
    "applicationSuite": STR,
    "url": Field("str", required=True, check=URL),
    "landingURL": Field("str", check=HTTP_URL),
    "isBasedOn": Field("any", check=_is_based_on),
    "softwareVersion": STR,
    "releaseDate": Field("str", check=DATE),
    "logo": Field("str", check=_logo),
    "monochromeLogo": Field("str", check=_logo, deprecated=N_(
        "This key is DEPRECATED and will be removed in the future. Use 'logo' instead"),
        hint=N_("Remove 'monochromeLogo' and keep 'logo'.")),
    "inputTypes": Field("list", item=Field("str", check=_mime), deprecated=_DROP,
                        hint=N_("Remove 'inputTypes'; it is deprecated.")),
    "outputTypes": Field("list", item=Field("str", check=_mime), deprecated=_DROP,
                         hint=N_("Remove 'outputTypes'; it is deprecated.")),
    "platforms": Field("list", nonempty=True, item=STR),
    "categories": Field("list", item=Field("str", check=_category)),
    "usedBy": STR_LIST,
    "roadmap": Field("str", check=HTTP_URL),
    "developmentStatus": Field("str", required=True, check=_enum(voc.DEVELOPMENT_STATUS)),
    "softwareType": Field("str", required=True, check=_enum(voc.SOFTWARE_TYPES)),
    "intendedAudience": Field("map", fields={
        "scope": Field("list", item=Field("str", check=_scope)),
        "countries": Field("list", item=Field("str", check=_country)),
        "unsupportedCountries": Field("list", item=Field("str", check=_country)),
    }),
    "legal": Field("map", required=True, fields={
        "license": Field("str", required=True, check=_value_check(
            checks.check_spdx, N_("Use an SPDX licence identifier or expression, such as EUPL-1.2 "
                                  "or MIT OR Apache-2.0 (see https://spdx.org/licenses)."))),
        "mainCopyrightOwner": STR,
        "repoOwner": Field("str", deprecated=N_(
            "This key is DEPRECATED and will be removed in the future. Use 'organisation.name' instead"),
            hint=N_("Move the value to organisation.name.")),
        "authorsFile": Field("str", check=_authors_file, deprecated=_DROP,
                             hint=N_("Remove 'authorsFile'; it is deprecated.")),
    }),
    "localisation": Field("map", required=True, fields={
        "localisationReady": Field("bool", required=True),
        "availableLanguages": Field("list", required=True, nonempty=True, item=Field("str", check=_language)),
    }),
    "dependsOn": Field("map", fields={
        "open": DEPENDENCIES, "proprietary": DEPENDENCIES, "hardware": DEPENDENCIES,
    }),
    "organisation": Field("map", fields={
        "name": STR, "uri": Field("str", required=True, check=URI),
    }),
    "fundedBy": Field("list", item=Field("map", fields={
        "name": STR, "uri": Field("str", required=True, check=URI),
    })),
    "supports": Field("list", item=Field("map", fields={
        "id": Field("str", required=True, check=_support_id),
    })),
}
