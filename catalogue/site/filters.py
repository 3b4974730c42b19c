"""Template helpers of the site's content: safe text, language names, CSP.

``install(env, language)`` is called once per Jinja environment
(``catalogue.site.writer.make_environment``): every ``{{ }}`` output loses control
characters (``catalogue.site.safetext.finalize``), ``language_name`` names a
publiccode.yml language code in the page's language, and ``csp`` gives a page's
Content-Security-Policy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from jinja2 import Environment

from catalogue.site.safetext import finalize

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def is_email_address(value: object) -> bool:
    """True for a plain ``local@domain.tld`` address (no spaces, quotes or ``?``
    parameters), the only kind the site turns into a ``mailto:`` link."""
    return isinstance(value, str) and _EMAIL.fullmatch(value) is not None


def content_security_policy(image_origins: tuple[str, ...] = ()) -> str:
    """The policy of every page (a ``<meta http-equiv>``; CSP Level 3): scripts, styles,
    fonts, fetches and everything else from the site itself only; no inline scripts,
    inline styles or event handlers (no ``'unsafe-inline'``, no eval or WebAssembly);
    images from the site, ``data:`` (icons in the NL Design System CSS) and ``image_origins`` (a repository page's raw-file host,
    for its logo and screenshots); no plugins, no ``<base>``, forms submit to the site.
    ``frame-ancestors`` cannot be set in a meta tag (a web server header can)."""
    images = " ".join(("'self'", "data:", *sorted(set(image_origins))))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'"
    )


def install(env: Environment, language: str) -> None:
    """Add this module's helpers to ``env`` (a page environment for ``language``)."""
    env.finalize = finalize

    @lru_cache(maxsize=512)
    def language_name(code: str) -> str:
        try:
            name = Locale.parse(code.replace("-", "_")).get_display_name(language)
        except (ValueError, TypeError, UnknownLocaleError):
            return code
        return name or code

    env.filters["language_name"] = language_name
    env.globals["csp"] = content_security_policy
    env.tests["email_address"] = is_email_address
