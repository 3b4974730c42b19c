"""Which files of a repository the site may show or link: its own raw files only.

Logos, screenshots and Markdown images are shown from the forge's raw-file route of the
repository itself (``catalogue.normalise.raw_base_url``), never from another host, so a
page never makes the visitor's browser ask a third party. A publiccode.yml ``logo`` or
``screenshots`` value is "the path of the file in the repository, or an absolute URL"
(publiccode.yml 0.4, ``logo``); paths are resolved against the default branch.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from catalogue.forges import forge_unit
from catalogue.normalise import raw_base_url
from catalogue.records import SourceRepository

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class RepositoryFiles:
    """The raw-file and web routes of one repository.

    ``raw_base``: raw files of the default branch, ending in ``/`` (``None`` without a
    default branch); ``raw_prefixes``: URL prefixes of the repository's raw files on any
    branch or tag, lower-cased; ``blob_base``: web view of the default branch, ending in
    ``/``; ``blob_prefix``/``raw_web_prefix``: the forge's web routes of a file on any
    ref (``…/blob/``, ``…/raw/``), mapped onto ``raw_root`` (raw files, ``{ref}/{path}``
    follow).
    """

    raw_base: str | None
    raw_prefixes: tuple[str, ...]
    blob_base: str | None
    blob_prefix: str
    raw_web_prefix: str
    raw_root: str

    @property
    def raw_origin(self) -> str | None:
        """``scheme://host[:port]`` of the raw files (for the page's CSP ``img-src``)."""
        if not self.raw_base:
            return None
        parts = urlsplit(self.raw_base)
        return f"{parts.scheme}://{parts.netloc}"

    def image_url(self, reference: str | None) -> str | None:
        """The absolute raw URL of an image ``reference`` (a path in the repository or a
        URL), or ``None`` when it is not one of the repository's own files: another
        host, another repository, a path leaving the repository (``..``), a scheme other
        than http(s), or no default branch to resolve a path against."""
        if not reference or not isinstance(reference, str):
            return None
        reference = reference.strip()
        if reference.startswith("//"):
            return None
        if _SCHEME.match(reference):
            if not reference.lower().startswith(("https://", "http://")):
                return None
            lowered = reference.lower()
            for prefix in (self.blob_prefix, self.raw_web_prefix):
                if lowered.startswith(prefix.lower()):
                    rest = reference[len(prefix):].split("?", 1)[0].split("#", 1)[0]
                    return self._checked(self.raw_root + rest)
            if any(lowered.startswith(prefix) for prefix in self.raw_prefixes):
                return self._checked(reference)
            return None
        if not self.raw_base:
            return None
        path = _repository_path(reference)
        return self.raw_base + quote(path, safe="/") if path else None

    def link_url(self, reference: str | None) -> str | None:
        """The URL a Markdown link may point to: an absolute http(s) URL as is, a path in
        the repository as its web view on the default branch; ``None`` for anything
        else (``javascript:``, ``data:``, ``mailto:``, a path leaving the repository)."""
        if not reference or not isinstance(reference, str):
            return None
        reference = reference.strip()
        if reference.lower().startswith(("https://", "http://")):
            return reference
        if _SCHEME.match(reference) or reference.startswith(("//", "#")) or not self.blob_base:
            return None
        path = _repository_path(reference)
        return self.blob_base + quote(path, safe="/#") if path else None

    def _checked(self, url: str) -> str | None:
        path = urlsplit(url).path
        if ".." in unquote(path).split("/"):
            return None
        return url


def _repository_path(reference: str) -> str | None:
    path = unquote(reference.split("?", 1)[0]).lstrip("/").removeprefix("./")
    normal = posixpath.normpath(path) if path else ""
    if not normal or normal == "." or normal.startswith("../") or normal == "..":
        return None
    return normal


def repository_files(source: SourceRepository) -> RepositoryFiles:
    """Build the :class:`RepositoryFiles` of ``source`` (shapes from its forge's unit,
    ``catalogue.forges.base.Forge.file_routes``: GitHub.com ``raw.githubusercontent.com/{full
    name}/{ref}/``, GitLab ``{url}/-/raw/{ref}/``, other GitHub-type forges
    ``{url}/raw/{ref}/``, Forgejo ``{url}/raw/branch/{ref}/`` and ``{url}/src/branch/{ref}/``)."""
    base = raw_base_url(source)
    routes = forge_unit(source.forge_type).file_routes(source)
    return RepositoryFiles(
        raw_base=base,
        raw_prefixes=(routes.raw_root.lower(),),
        blob_base=routes.blob_base,
        blob_prefix=routes.blob_prefix,
        raw_web_prefix=routes.raw_web_prefix,
        raw_root=routes.raw_root,
    )
