"""publiccode.yml: a parser and validator that tells maintainers what to fix.

Public API: :func:`parse_publiccode` (text or bytes), :func:`parse_publiccode_file`
(a file on disk, its relative paths checked against its folder) and
:func:`select_description` (see ``docs/publiccode.md``).
"""

from catalogue.publiccode.files import parse_publiccode_file
from catalogue.publiccode.parser import parse_publiccode, select_description

__all__ = ["parse_publiccode", "parse_publiccode_file", "select_description"]
