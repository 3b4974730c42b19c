"""Translation marker for the validator's messages and hints.

Every message and hint is an English gettext message id marked with :func:`N_`
(``babel.cfg`` extracts this package; ``pybabel extract -k N_``). The validator keeps
the id and its placeholder values on each ``ValidationMessage`` (``template``,
``hint_template``, ``params``), so the site can show it in Dutch while the CLI and the
store keep the English text.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for gettext extraction without translating it (returns it)."""
    return message
