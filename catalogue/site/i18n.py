"""Translations of the site: Babel message catalogues compiled in memory at build time.

The catalogues live in ``catalogue/locale/{nl,en}/LC_MESSAGES/messages.po`` (package
data, extracted with ``babel.cfg``; see docs/maintenance.md for the commands). Message
ids are English; Dutch is the site's first language. Compiling at build time (instead
of committing ``.mo`` files) means a fresh install, editable or not, always uses the
``.po`` files as they are, with no compile step to forget.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

#: Languages of the site, the first is the default (served at the site root).
LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]
DOMAIN = "messages"


def catalogue_path(language: str):
    """Return the ``messages.po`` resource of ``language`` (an ``importlib`` Traversable)."""
    return resources.files("catalogue") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def load_translations(language: str) -> Translations:
    """Compile the ``.po`` catalogue of ``language`` in memory and return it.

    Fuzzy entries are left out, so an unfinished translation falls back to the English
    message id. Raises ``ValueError`` for a language not in :data:`LANGUAGES` and
    ``FileNotFoundError`` when its catalogue is missing from the install.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no translations for language {language!r}; known: {', '.join(LANGUAGES)}")
    with catalogue_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)
