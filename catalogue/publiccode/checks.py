"""Checks on single values of a publiccode.yml (no I/O, no network).

Each ``check_*`` function returns ``None`` when the value is fine, or a message id
(marked with ``N_``) whose ``%(name)s`` is the key's name, such as
``"%(name)s must be a valid URL"``.
Rules follow the publiccode.yml standard and the reference validator
italia/publiccode-parser-go (``validators/``): lengths count grapheme clusters
(``umin``/``umax``), dates are ``YYYY-MM-DD`` calendar dates, URLs need a scheme and
a host, licences are SPDX expressions, languages BCP 47, countries ISO 3166-1 alpha-2.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from urllib.parse import urlsplit

import langcodes
import pycountry
import regex
from license_expression import ExpressionError, get_spdx_licensing

from catalogue.publiccode.i18n import N_

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# The HTML living standard's "valid e-mail address", as go-playground's email rule.
_EMAIL = re.compile(
    r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def graphemes(text: str) -> int:
    """Number of user-perceived characters (Unicode extended grapheme clusters, UAX #29)."""
    if text.isascii():  # every ASCII character is a cluster, except CR LF, which is one
        return len(text) - text.count("\r\n")
    return len(regex.findall(r"\X", text))


def check_date(value: str) -> str | None:
    """``YYYY-MM-DD`` and a real calendar date (ISO 8601 calendar date)."""
    if not _DATE.fullmatch(value):
        return N_("%(name)s must be a date with format 'YYYY-MM-DD'")
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return N_("%(name)s must be a date with format 'YYYY-MM-DD' (this day does not exist)")
    return None


def check_url(value: str) -> str | None:
    """Any absolute URL: a scheme and a host (RFC 3986)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return N_("%(name)s must be a valid URL")
    if not parts.scheme or not parts.netloc or " " in value:
        return N_("%(name)s must be a valid URL")
    return None


def check_http_url(value: str) -> str | None:
    """An ``http``/``https`` URL with a host."""
    if check_url(value) or urlsplit(value).scheme.lower() not in ("http", "https"):
        return N_("%(name)s must be an HTTP URL")
    return None


def check_uri(value: str) -> str | None:
    """Any URI with a scheme (RFC 3986), e.g. ``https://...`` or ``urn:x-italian-pa:pcm``."""
    if not _SCHEME.match(value) or len(value.split(":", 1)[1]) == 0 or " " in value:
        return N_("%(name)s is not a valid URI")
    return None


def check_email(value: str) -> str | None:
    """An e-mail address (HTML "valid e-mail address")."""
    if not _EMAIL.fullmatch(value):
        return N_("%(name)s must be a valid email address")
    return None


@lru_cache(maxsize=1)
def _licensing():
    return get_spdx_licensing()


@lru_cache(maxsize=512)
def check_spdx(value: str) -> str | None:
    """An SPDX licence expression (SPDX spec, annex D) of known SPDX ids or ``LicenseRef-``."""
    try:
        info = _licensing().validate(value, strict=True)
    except (ExpressionError, AttributeError, TypeError, ValueError):
        return N_("%(name)s must be a valid license (see https://spdx.org/licenses)")
    if info.errors or info.invalid_symbols:
        return N_("%(name)s must be a valid license (see https://spdx.org/licenses)")
    return None


#: :func:`language` problems: not a BCP 47 tag; a tag written with ``_`` for ``-``.
BAD_TAG = "bad-tag"
UNDERSCORE = "underscore"


@lru_cache(maxsize=512)
def language(tag: str) -> tuple[str | None, str | None]:
    """Check a BCP 47 tag (RFC 5646, IANA registry, via langcodes).

    Returns ``(problem, canonical)``: ``problem`` is ``None`` for a valid tag, else
    :data:`BAD_TAG` or :data:`UNDERSCORE`;
    ``canonical`` is the standard form when it differs from ``tag`` (``eng`` -> ``en``),
    or a suggestion for a malformed tag (``pt_BR`` -> ``pt-BR``).
    """
    if "_" in tag:
        fixed = tag.replace("_", "-")
        if langcodes.tag_is_valid(fixed):
            return UNDERSCORE, langcodes.standardize_tag(fixed)
        return BAD_TAG, None
    if not langcodes.tag_is_valid(tag):
        return BAD_TAG, None
    try:
        canonical = langcodes.standardize_tag(tag)
    except (ValueError, LookupError):
        return None, None
    return None, (canonical if canonical != tag else None)


@lru_cache(maxsize=512)
def country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code (any case), via pycountry."""
    return len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code.upper()) is not None
