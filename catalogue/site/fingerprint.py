"""Fingerprints of what a page is made of, so a rebuild renders only the pages whose
input changed.

A page's fingerprint is a 128-bit BLAKE2b digest of its template name, its language,
its context (view models: frozen dataclasses of strings, numbers, dates and tuples) and
the *code fingerprint*: every template, static file and translation catalogue, and the
source of the site package. Same fingerprint, same page: a rebuild after a crawl that
changed nothing renders nothing.

View models are shared between pages (a repository appears on its own page, an index
page, its status page, its publisher page and a feed), so a :class:`Fingerprinter`
remembers the digest of every dataclass and tuple it has seen, by identity, for the
length of one build.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Iterable, Mapping

#: Digest size in bytes; hex digests are twice as long.
DIGEST_SIZE = 16
_SCALARS = (str, int, float, bool, type(None))
#: Libraries whose version can change what a page looks like.
_RENDERING_PACKAGES = ("Jinja2", "MarkupSafe", "Babel", "markdown-it-py", "nh3", "license-expression")


def content_digest(content: bytes) -> str:
    """Return the hex digest of a file's ``content`` (for files that are cheap to make)."""
    return hashlib.blake2b(content, digest_size=DIGEST_SIZE).hexdigest()


class Fingerprinter:
    """Digests of template contexts for one build.

    ``shared_types`` are the view-model types that many pages share (a repository's
    view is on five pages): each such object is serialised once, remembered by
    identity, and stands in other digests by its digest. Times are digested exactly:
    the pages show them (``<time datetime>``, the feeds), so a crawl that only moved
    the crawl times changes every repository page.

    Keep one instance for one build only: it holds every object it has digested (so an
    identity is never reused for another object while it lives).
    """

    def __init__(self, shared_types: tuple[type, ...] = ()) -> None:
        self.shared_types = shared_types
        self._memo: dict[int, tuple[Any, bytes]] = {}

    def digest(self, value: Any) -> bytes:
        """Return the raw digest of ``value``: a deterministic serialisation (pickle)
        of the object tree, shared objects by their own digests. Raises ``TypeError``
        (from pickle) for a value that cannot be serialised."""
        remembered = self._memo.get(id(value))
        if remembered is not None and remembered[0] is value:
            return remembered[1]
        buffer = io.BytesIO()
        _Pickler(buffer, self, value).dump(value)
        result = hashlib.blake2b(buffer.getvalue(), digest_size=DIGEST_SIZE).digest()
        if isinstance(value, self.shared_types):
            self._memo[id(value)] = (value, result)
        return result

    def page(self, code: str, *parts: Any, context: Mapping[str, Any] | None = None) -> str:
        """Return the hex fingerprint of one output: the ``code`` fingerprint, the
        ``parts`` (template name, language, path, settings...) and the template
        ``context``. Pages share most context values (the same objects), so each
        non-scalar value is digested once and remembered by identity."""
        hasher = hashlib.blake2b(code.encode(), digest_size=DIGEST_SIZE)
        hasher.update(self.digest(parts))
        for key, value in (context or {}).items():
            hasher.update(key.encode())
            if isinstance(value, _SCALARS):
                hasher.update(self.digest(value))
                continue
            remembered = self._memo.get(id(value))
            if remembered is None or remembered[0] is not value:
                remembered = (value, self.digest(value))
                self._memo[id(value)] = remembered
            hasher.update(remembered[1])
        return hasher.hexdigest()


def shared_reference(digest: bytes) -> bytes:
    """What a shared object stands as in another object's serialisation."""
    return digest


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, owner: Fingerprinter, root: Any) -> None:
        super().__init__(file, protocol=5)
        self.owner = owner
        self.root = root

    def reducer_override(self, obj: Any) -> Any:
        if obj is not self.root and isinstance(obj, self.owner.shared_types):
            return shared_reference, (self.owner.digest(obj),)
        return NotImplemented


def code_fingerprint(extra: Iterable[bytes] = ()) -> str:
    """Return the hex digest of everything besides the data that shapes a page: every
    file of the ``site_templates`` package (templates, static files), the translation
    catalogues, the Python source of ``catalogue.site`` and ``catalogue.maintenance``
    (which words a status's reasons), the versions of the rendering libraries, plus
    ``extra`` bytes. A
    change to any of them renders every page again."""
    hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
    roots = [
        resources.files("site_templates"),
        resources.files("catalogue") / "locale",
        resources.files("catalogue") / "site",
        resources.files("catalogue") / "maintenance",
    ]
    for root in roots:
        for path in sorted(_files(Path(str(root)))):
            if path.suffix in (".pyc", ".mo") or "__pycache__" in path.parts:
                continue
            hasher.update(path.name.encode())
            hasher.update(path.read_bytes())
    for package in _RENDERING_PACKAGES:
        try:
            hasher.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            continue
    for item in extra:
        hasher.update(item)
    return hasher.hexdigest()


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]
