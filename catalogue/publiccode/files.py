"""publiccode.yml files on disk: read one, and read the repository files around it."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from catalogue.errors import PubliccodeReadError
from catalogue.records import PubliccodeDocument


def local_reader(source: str) -> Callable[[str], bytes | None] | None:
    """For a file on disk, read the repository's files relative to its folder (the
    repository root, where a publiccode.yml lives), never outside it; ``None`` for a URL
    or standard input (``-``)."""
    if source == "-" or "://" in source:
        return None
    root = Path(source).resolve().parent

    def read(relative: str) -> bytes | None:
        target = (root / relative).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        try:
            return target.read_bytes()
        except OSError:
            return None

    return read


def parse_publiccode_file(path: str | Path, **options) -> PubliccodeDocument:
    """Parse and validate the publiccode.yml at ``path`` (a file, or a folder holding
    ``publiccode.yml`` or ``publiccode.yaml``); relative paths in it (``logo``,
    ``screenshots``, ``legal.authorsFile``) are checked against the files of its folder.

    ``options`` are those of :func:`~catalogue.publiccode.parse_publiccode`
    (``repository_url``, ``organisation_uri``, ...). Raises PubliccodeReadError naming
    the path when it cannot be read; bad content never raises (it becomes messages).
    """
    from catalogue.publiccode.parser import parse_publiccode

    target = Path(path)
    if target.is_dir():
        found = [target / name for name in ("publiccode.yml", "publiccode.yaml") if (target / name).is_file()]
        if not found:
            raise PubliccodeReadError(f"{target}: no publiccode.yml or publiccode.yaml in this folder")
        target = found[0]
    from catalogue.publiccode.bounds import read_bounded

    try:
        with target.open("rb") as handle:
            content, size = read_bounded(iter(lambda: handle.read(64 * 1024), b""))
    except OSError as exc:
        raise PubliccodeReadError(f"{target}: cannot read: {exc.strerror or exc}") from None
    options.setdefault("read_file", local_reader(str(target)))
    return parse_publiccode(content, path=target.name, size=size, **options)
