"""The site's search index, built at build time by Pagefind (https://pagefind.app).

Pagefind reads the written repository pages (the part marked ``data-pagefind-body``),
with the filters, sort keys and result metadata the page declares in its hidden
``search-facets`` block (``site_templates/_search_facets.html``), and writes a static
bundle to ``pagefind/``: one index per page language (``<html lang>``), loaded in
chunks by ``static/search.js`` as the visitor types. Pagefind comes from PyPI
(``pagefind[extended]``, which bundles the binary), so nothing is downloaded at build time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from catalogue.errors import CatalogueError
from catalogue.site import paths


class SearchIndexError(CatalogueError):
    """Raised by :func:`build_search_index` when Pagefind is missing or fails."""


def build_search_index(site_dir: Path, *, timeout: float = 600.0) -> tuple[str, ...]:
    """Run Pagefind over the HTML pages in ``site_dir`` and return the files it wrote
    (root-relative POSIX paths, sorted), all under :data:`paths.SEARCH_BUNDLE`.

    The previous bundle is replaced. A catalogue without repositories (a build before
    the first crawl) has nothing to index: no bundle is written, and the pages say that
    search is unavailable. Raises :class:`SearchIndexError` when the
    ``pagefind`` package is not installed, exits with an error, or runs longer than
    ``timeout`` seconds.
    """
    site_dir = Path(site_dir)
    bundle = site_dir / paths.SEARCH_BUNDLE
    if bundle.is_dir():
        for item in sorted(bundle.rglob("*"), reverse=True):
            item.unlink() if item.is_file() else item.rmdir()
    if not any((site_dir / "repos").glob("**/index.html")):
        return ()
    command = [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-subdir", paths.SEARCH_BUNDLE,
        "--glob", "**/repos/**/index.html",
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise SearchIndexError(f"pagefind took longer than {timeout:.0f} s") from error
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(
            "pagefind failed (is the 'pagefind[extended]' package installed?): "
            + (detail[-1] if detail else f"exit status {done.returncode}")
        )
    return tuple(sorted(p.relative_to(site_dir).as_posix() for p in bundle.rglob("*") if p.is_file()))
