"""Checks of a publiccode.yml against the repository that hosts it (no network).

- ``url`` should name the hosting repository; compared without scheme, ``.git`` and a
  trailing ``/``, host and path case-insensitively (forges treat them so).
- Relative ``logo``/``monochromeLogo``/``screenshots`` paths are resolved against the
  repository's raw-file base URL.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def repository_key(url: str) -> str | None:
    """``host/path`` of a repository URL in comparable form, or ``None`` if it has no host.

    ``https://GitHub.com/Org/Repo.git/`` -> ``github.com/org/repo``. A URL without a
    scheme (``github.com/org/repo``) is read as if it had one.
    """
    text = url.strip()
    if not _SCHEME.match(text):
        text = "//" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host:
        return None
    if host.startswith("www."):
        host = host[4:]
    path = parts.path.rstrip("/")
    if path.endswith(".git"):
        path = path[:-4]
    return f"{host}{path.rstrip('/')}".lower()


def same_repository(declared: str, actual: str) -> bool:
    """True when two repository URLs name the same repository (see :func:`repository_key`)."""
    a, b = repository_key(declared), repository_key(actual)
    return a is not None and a == b


def is_relative_path(value: str) -> bool:
    """True for a path without a URL scheme that does not start with ``/``."""
    return bool(value) and not _SCHEME.match(value) and not value.startswith("/")


def raw_url(raw_base_url: str, path: str) -> str:
    """Absolute raw URL of a repository file: ``raw_base_url`` + ``path`` (``./`` dropped)."""
    while path.startswith("./"):
        path = path[2:]
    return urljoin(raw_base_url.rstrip("/") + "/", path)


def absolutise(data: dict[str, Any], raw_base_url: str) -> None:
    """Rewrite relative logo, monochromeLogo and screenshot paths in ``data`` in place."""
    for key in ("logo", "monochromeLogo"):
        value = data.get(key)
        if isinstance(value, str) and is_relative_path(value):
            data[key] = raw_url(raw_base_url, value)
    description = data.get("description")
    if isinstance(description, dict):
        for desc in description.values():
            shots = desc.get("screenshots") if isinstance(desc, dict) else None
            if isinstance(shots, list):
                desc["screenshots"] = [raw_url(raw_base_url, s) if isinstance(s, str) and is_relative_path(s)
                                       else s for s in shots]
