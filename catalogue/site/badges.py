"""SVG status badges for READMEs: ``[maintenance | actief]``, in the site's colours.

One badge per repository and language, written next to its page (``badge.svg``). Text
width is estimated from a small table of character widths (11 px sans-serif), so no
font is needed at build time; the estimate errs on the wide side.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

#: Background colours per status tone (``catalogue.site.labels.STATUS_TONES``); all give
#: white text a contrast of at least 4.5:1.
TONE_COLOURS: dict[str, str] = {
    "good": "#1e6b2e",
    "fair": "#7a4f00",
    "poor": "#a4161a",
    "closed": "#4a4a4a",
    "neutral": "#535353",
}
LABEL_COLOUR = "#154273"
HEIGHT = 20
PADDING = 6

_NARROW = set("fijlrtI.,:;!|()[]' ")
_WIDE = set("mwMW@%")


def text_width(text: str) -> int:
    """Estimate the width in pixels of ``text`` at 11 px (rounded up)."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 3.6
        elif char in _WIDE:
            width += 9.6
        elif char.isupper() or char.isdigit():
            width += 7.4
        else:
            width += 6.4
    return int(width + 0.999)


def badge_width(label: str, value: str) -> int:
    """Return the total width in pixels of the badge for ``label`` and ``value``."""
    return text_width(label) + text_width(value) + 4 * PADDING


def badge_svg(label: str, value: str, tone: str, title: str | None = None) -> str:
    """Return an SVG badge (UTF-8 text): ``label`` on dark blue, ``value`` on the colour
    of ``tone`` (an unknown tone is ``neutral``). ``title`` is its accessible name
    (default ``"label: value"``). Texts are XML-escaped."""
    left = text_width(label) + 2 * PADDING
    right = text_width(value) + 2 * PADDING
    total = left + right
    colour = TONE_COLOURS.get(tone, TONE_COLOURS["neutral"])
    name = escape(title or f"{label}: {value}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{HEIGHT}" '
        f'role="img" aria-label="{name}">'
        f"<title>{name}</title>"
        f'<rect width="{left}" height="{HEIGHT}" fill="{LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="{HEIGHT}" fill="{colour}"/>'
        f'<g fill="#fff" font-family="Verdana,DejaVu Sans,Arial,sans-serif" font-size="11">'
        f'<text x="{PADDING}" y="14">{escape(label)}</text>'
        f'<text x="{left + PADDING}" y="14">{escape(value)}</text>'
        f"</g></svg>\n"
    )
