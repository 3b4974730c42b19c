"""Text from strangers made safe for every output format: the one rule that the exports
and the site (``catalogue.site.safetext``) share.

Dropped: C0 control characters other than TAB, LF and CR (an ESC copied from a
terminal, a NUL), DEL and the C1 controls U+0080-U+009F; replaced by U+FFFD: lone
surrogates (not encodable as UTF-8) and the noncharacters U+FFFE/U+FFFF. XML 1.0
(section 2.2, ``Char``) forbids most of them outright; JSON would carry them escaped,
but its readers show them raw; a spreadsheet shows garbage.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufffe\uffff]")
_ANY = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """``text`` without control characters (TAB, LF and CR stay), lone surrogates and
    U+FFFE/U+FFFF replaced by U+FFFD; other text is returned unchanged (the same object
    when nothing needed changing)."""
    if not _ANY.search(text):
        return text
    return _NOT_CHARACTERS.sub("\ufffd", _CONTROL.sub("", text))
