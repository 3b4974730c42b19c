"""``organisation.uri`` and ``fundedBy[].uri``: URN or URL syntax and the known vocabularies.

Rules of the reference validator (italia/publiccode-parser-go, ``validators/common.go``,
``isOrganisationURI``): the value is an absolute URI; a URN (``urn:``) must follow RFC 2141
and, in the ``x-italian-pa`` namespace, name a code of the Italian iPA register
(``data/it_ipa_codes.txt.gz``, the reference's list from
publiccodeyml/italian-organizations-ipa-vocabulary, compared without case); any other URI
needs a scheme and a host.

Beyond the reference, Dutch organisation URIs are recognised: a TOOI identifier
(``https://identifier.overheid.nl/tooi/id/<type>/<code>``, the Dutch government's
organisation register, with the code shapes of its organisation types) and a page of
organisaties.overheid.nl (``https://organisaties.overheid.nl/<number>/...``). A URI on
those hosts in another shape is a warning: it is valid for the reference, but names no
organisation.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from catalogue.publiccode.i18n import N_

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# RFC 2141: "urn:" NID ":" NSS; NID 1-32 letters, digits and '-' (not starting with
# '-', not "urn"); NSS letters, digits, other and reserved characters, or %XX.
_URN = re.compile(r"(?i)urn:(?!urn:)[a-z0-9][a-z0-9-]{0,31}:(?:[a-z0-9()+,\-.:=@;$_!*'/?#]|%[0-9a-f]{2})+")
_ITALIAN_PA = "x-italian-pa:"

#: TOOI organisation types and the shape of their codes (identifier.overheid.nl/tooi).
TOOI_CODES = {
    "gemeente": r"gm\d{4}",
    "provincie": r"pv\d{2}",
    "waterschap": r"ws\d{4}",
    "ministerie": r"mnre\d{4}",
    "oorg": r"oorg\d+",
    "zbo": r"zb\d+",
    "caribisch_openbaar_lichaam": r"co\d{4}",
}
_TOOI = re.compile(r"/tooi/id/(?P<type>[a-z_]+)/(?P<code>[a-z0-9]+)/?")
TOOI_SHAPE = "https://identifier.overheid.nl/tooi/id/<type>/<code>"
_OVERHEID_PAGE = re.compile(r"/\d+(?:/.*)?")


@lru_cache(maxsize=1)
def ipa_codes() -> frozenset[str]:
    """The Italian iPA codes, in lower case (about 24,000)."""
    data = (resources.files("catalogue.publiccode") / "data" / "it_ipa_codes.txt.gz").read_bytes()
    return frozenset(line.strip().lower() for line in gzip.decompress(data).decode("utf-8").splitlines()
                     if line.strip())


def is_url_or_urn(value: str) -> bool:
    """An RFC 2141 URN, or an absolute URI with a scheme and a host (Go's
    ``url.ParseRequestURI`` as the reference uses it)."""
    if any(c.isspace() or ord(c) < 0x20 for c in value):
        return False
    scheme, sep, _ = value.partition(":")
    if not sep or not _SCHEME.fullmatch(scheme):
        return False
    if scheme.lower() == "urn":
        return bool(_URN.fullmatch(value))
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(parts.netloc) and parts.hostname is not None


def uri_problem(value: str) -> str | None:
    """The message id of what is wrong with an organisation URI for the reference, or
    ``None``; ``%(name)s`` is the key's name."""
    if value.lower().startswith("urn:" + _ITALIAN_PA):
        code = value[len("urn:" + _ITALIAN_PA):]
        if not _URN.fullmatch(value) or code.lower() not in ipa_codes():
            return N_("%(name)s must be a valid Italian Public Administration Code (iPA) with format "
                      "'urn:x-italian-pa:[codiceIPA]' (see "
                      "https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary)")
        return None
    if not is_url_or_urn(value):
        return N_("%(name)s is not a valid URI")
    return None


def dutch_problem(value: str) -> str | None:
    """For a URI on identifier.overheid.nl or organisaties.overheid.nl, the message id
    when it is not in the shape of an organisation there (``None`` otherwise, and for
    any other URI)."""
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if host == "identifier.overheid.nl":
        match = _TOOI.fullmatch(parts.path)
        shape = TOOI_CODES.get(match["type"]) if match else None
        if match is None or (shape is not None and not re.fullmatch(shape, match["code"])):
            return N_("%(name)s is not a TOOI organisation identifier (%(expected)s)")
    elif host in ("organisaties.overheid.nl", "www.organisaties.overheid.nl"):
        if not _OVERHEID_PAGE.fullmatch(parts.path):
            return N_("%(name)s is not an address of an organisation on organisaties.overheid.nl")
    return None


def same_uri(a: str, b: str) -> bool:
    """True when two organisation URIs name the same thing: scheme and host without case,
    ``http``/``https`` alike, a trailing ``/`` ignored; URNs compared without case."""
    def key(uri: str) -> str:
        uri = uri.strip()
        if uri.lower().startswith("urn:"):
            return uri.lower()
        parts = urlsplit(uri)
        scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
        return f"{scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}" + (f"?{parts.query}" if parts.query else "")
    try:
        return key(a) == key(b)
    except ValueError:
        return a.strip() == b.strip()


def check_uri(w, path: str, node, place) -> None:
    """The value check of ``organisation.uri`` and ``fundedBy[].uri`` (a
    :data:`~catalogue.publiccode.schema.Check`)."""
    name = path.rsplit(".", 1)[-1]
    problem = uri_problem(node.value)
    if problem:
        hint = (N_("Use the iPA code of the administration, as in urn:x-italian-pa:c_h501 "
                   "(see https://indicepa.gov.it).")
                if node.value.lower().startswith("urn:" + _ITALIAN_PA) else
                N_("Write a URI with a scheme, such as https://identifier.overheid.nl/tooi/id/gemeente/gm0363 "
                   "or urn:x-italian-pa:<code>."))
        w.error(path, problem, place, hint, {"name": name})
        return
    dutch = dutch_problem(node.value)
    if dutch:
        w.warning(path, dutch, place,
                  N_("Find the organisation on https://organisaties.overheid.nl and use its TOOI identifier "
                     "(%(expected)s)."), {"name": name, "expected": TOOI_SHAPE})
