"""Where pages live in the site, and relative links between them.

Every page path is a POSIX path relative to the site root that ends in a file name
(``repos/github.com/org/repo/index.html``), so links work from ``file://`` as well
as from any static host. Links are always relative to the linking page.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from typing import Hashable, Iterable, TypeVar

_UNSAFE = re.compile(r"[^a-z0-9._-]+")

INDEX = "index.html"
ABOUT = "about/index.html"
PUBLISHERS = "publishers/index.html"
STYLESHEET = "static/style.css"
EXPORT_JSON = "catalogue.json"
EXPORT_CSV = "catalogue.csv"
SCRIPT = "static/search.js"
FORKS = "forks/index.html"
STATUSES = "status/index.html"
FEED_ALL = "feeds/all.atom"
SITEMAP = "sitemap.xml"
EU_CATALOGUE = "publiccode-catalogue.json"
#: Where the search index lives (``search/{language}/``; see ``catalogue.site.search``).
SEARCH_BUNDLE = "search"


def safe_component(text: str) -> str:
    """Return ``text`` as one safe, lower-case path component.

    Only ``a-z``, ``0-9``, ``.``, ``_`` and ``-`` survive; runs of anything else become
    ``_``. Leading dots are replaced, so ``..`` or a hidden name never results; an empty
    result becomes ``_`` and ``index.html`` becomes ``index.html_``. ``"GitLab.Example:8443"`` -> ``"gitlab.example_8443"``.
    """
    cleaned = _UNSAFE.sub("_", text.strip().lower())
    cleaned = re.sub(r"^\.+", lambda m: "_" * len(m.group()), cleaned)
    if cleaned == INDEX:  # a directory may not take the name of a page file
        cleaned += "_"
    return cleaned or "_"


def search_index(language: str) -> str:
    """Return the directory of the search index of ``language``: ``search/{language}/``."""
    return f"{SEARCH_BUNDLE}/{safe_component(language)}/"


def index_page(number: int) -> str:
    """Return the path of page ``number`` (1-based) of the repository index."""
    if number < 1:
        raise ValueError("page numbers start at 1")
    return INDEX if number == 1 else f"page/{number}/{INDEX}"


def status_page(status: str, number: int = 1) -> str:
    """Return the path of page ``number`` (1-based) of the list of one maintenance status."""
    if number < 1:
        raise ValueError("page numbers start at 1")
    base = f"status/{safe_component(status)}"
    return f"{base}/{INDEX}" if number == 1 else f"{base}/page/{number}/{INDEX}"


def publisher_feed(publisher_id: str) -> str:
    """Return the path of a publisher's Atom feed: ``feeds/publishers/{id}.atom``."""
    return f"feeds/publishers/{safe_component(publisher_id)}.atom"


def repository_dir(host: str, full_name: str) -> str:
    """Return the directory of a repository page: ``repos/{host}/{owner}/.../{name}``.

    Each component of ``full_name`` (GitLab subgroups included) is made safe.
    """
    parts = [safe_component(host)] + [safe_component(p) for p in full_name.split("/") if p]
    return posixpath.join("repos", *parts)


def publisher_dir(publisher_id: str) -> str:
    """Return the directory of a publisher's page: ``publishers/{id}``."""
    return f"publishers/{safe_component(publisher_id)}"


K = TypeVar("K", bound=Hashable)


def unique_paths(candidates: Iterable[tuple[K, str]]) -> dict[K, str]:
    """Give every key a page path; the first key (in the order given) keeps its
    candidate directory, later keys with the same directory get ``-2``, ``-3``...

    ``candidates`` yields ``(key, directory)``; returns ``{key: directory/index.html}``.
    Callers pass a stable order so the same input always gives the same paths.
    """
    taken: set[str] = set()
    result: dict[K, str] = {}
    for key, directory in candidates:
        chosen, counter = directory, 1
        while chosen in taken:
            counter += 1
            chosen = f"{directory}-{counter}"
        taken.add(chosen)
        result[key] = f"{chosen}/{INDEX}"
    return result


def relative_url(from_page: str, to_path: str) -> str:
    """Return the link from page ``from_page`` to ``to_path`` (both root-relative).

    ``relative_url("repos/a/b/index.html", "static/style.css")`` ->
    ``"../../../static/style.css"``. A fragment (``#x``) on ``to_path`` is kept. Both paths
    are the site's own normalised POSIX paths (no ``.``, ``..`` or leading ``/``), so the
    link is computed from their common directories alone: a page makes dozens of links,
    and ``posixpath.relpath`` (which makes both paths absolute first) was a tenth of the
    build's rendering time.
    """
    target, _, fragment = to_path.partition("#")
    link = _relative(from_page.rpartition("/")[0], target)
    return f"{link}#{fragment}" if fragment else link


@lru_cache(maxsize=65536)
def _relative(start: str, target: str) -> str:
    if not start:
        return target or "."
    start_parts = start.split("/")
    target_parts = target.split("/") if target else []
    common = 0
    for mine, theirs in zip(start_parts, target_parts):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."
