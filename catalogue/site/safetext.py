"""Text that every output format can hold: control characters out, whatever the source.

Names, descriptions and publiccode.yml values come from strangers. A C0 control
character (an ESC copied from a terminal, a NUL) is not allowed in XML 1.0 at all, so
one of them makes an Atom feed or a sitemap not well-formed; in HTML it is a parse
error. C1 controls and DEL are "discouraged" in XML 1.0 (section 2.2) and parse errors
in HTML (WHATWG HTML, "control-character-in-input-stream"). Lone surrogates cannot be
written as UTF-8, and U+FFFE/U+FFFF are not characters.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup

#: Dropped: C0 controls except tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Replaced by U+FFFD: lone surrogates (from a surrogate-escaped decode) and non-characters.
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Return ``text`` without control characters (see the module docstring), with lone
    surrogates and U+FFFE/U+FFFF replaced by U+FFFD. Tab, LF and CR stay. Other text is
    returned unchanged (the same object when nothing needed changing)."""
    if not _ANY.search(text):
        return text
    return _NOT_CHARACTERS.sub("\ufffd", _CONTROL.sub("", text))


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` hook: every ``{{ expression }}`` of a string passes through
    :func:`clean_text` before escaping (``Markup`` stays ``Markup``); other values are
    left to Jinja."""
    if isinstance(value, str):
        cleaned = clean_text(value)
        if cleaned is value:
            return value
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value
