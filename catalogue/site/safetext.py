"""Text that every output format can hold: control characters out, whatever the source.

Names, descriptions and publiccode.yml values come from strangers. A C0 control
character (an ESC copied from a terminal, a NUL) is not allowed in XML 1.0 at all, so
one of them makes an Atom feed or a sitemap not well-formed; in HTML it is a parse
error. C1 controls and DEL are "discouraged" in XML 1.0 (section 2.2) and parse errors
in HTML (WHATWG HTML, "control-character-in-input-stream"). Lone surrogates cannot be
written as UTF-8, and U+FFFE/U+FFFF are not characters.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from catalogue.plaintext import without_control_characters as clean_text

__all__ = ["clean_text", "finalize"]


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
