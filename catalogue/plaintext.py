"""Text from strangers made safe for every output format.

``without_control_characters`` replaces what no output format may carry: C0 control
characters other than TAB, LF and CR (an ESC copied from a terminal, a NUL), DEL, the C1
controls U+0080-U+009F, lone surrogates (not encodable as UTF-8) and the noncharacters
U+FFFE/U+FFFF. XML 1.0 (section 2.2, ``Char``) forbids most of them outright; JSON
would carry them escaped, but readers show them raw; a spreadsheet shows garbage.
"""

from __future__ import annotations

import re

#: What replaces a character that cannot be shown (U+FFFD REPLACEMENT CHARACTER).
REPLACEMENT = "\ufffd"

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """``text`` with every control character (except TAB, LF, CR), lone surrogate and
    U+FFFE/U+FFFF replaced by U+FFFD, so the number of characters stays the same."""
    return _UNSAFE.sub(REPLACEMENT, text)
