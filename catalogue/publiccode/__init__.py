"""publiccode.yml: a parser and validator that tells maintainers what to fix.

Public API: :func:`parse_publiccode` and :func:`select_description`
(see ``docs/publiccode.md``).
"""

from catalogue.publiccode.parser import parse_publiccode, select_description

__all__ = ["parse_publiccode", "select_description"]
