"""Repository and account URLs: canonical form and what a code-hosting URL names.

A repository is *shown* by its canonical URL: ``https`` scheme, lower-case host, no
``.git`` suffix, no trailing slash, no query or fragment. Path case is kept as the
forge reports it (GitHub and GitLab paths are case-insensitive, so comparisons use
``same_repository``). The scheme is not part of a repository's identity: a self-hosted
GitLab that reports ``http://`` URLs (case B13) names the same repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


def _split(url: str) -> tuple[str, str]:
    """Return ``(host, path)`` of ``url``: host lower-case without port, path without
    ``.git``, surrounding slashes and GitLab's ``/-/`` web suffixes.

    Raises ValueError when ``url`` is not an absolute http(s) URL with a host.
    """
    text = url.strip()
    parts = urlsplit(text if "://" in text else f"https://{text}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    path = parts.path
    if "/-/" in path:  # GitLab web routes: /group/project/-/tree/main
        path = path.split("/-/", 1)[0]
    path = path.strip("/")
    if path.lower().endswith(".git"):
        path = path[: -len(".git")]
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    return host, path.strip("/")


def split_url(url: str) -> tuple[str, str]:
    """``(host, path)`` of ``url`` as identity sees it (see ``canonical_repository_url``).

    Raises ValueError when ``url`` is not an absolute http(s) URL with a host.
    """
    return _split(url)


def canonical_repository_url(url: str) -> str:
    """Canonical form of a repository or account URL.

    ``HTTP://GitHub.com/Example-Org/App.git/`` -> ``https://github.com/Example-Org/App``.
    Raises ValueError for a URL that is not absolute http(s).
    """
    host, path = _split(url)
    return f"https://{host}/{path}" if path else f"https://{host}"


def url_host(url: str) -> str:
    """The lower-case host (with a non-default port) of ``url``."""
    return _split(url)[0]


def url_path(url: str) -> str:
    """The path of ``url`` without slashes at either end and without ``.git``."""
    return _split(url)[1]


def same_repository(a: str, b: str) -> bool:
    """True when two URLs name the same repository.

    Scheme ignored; host and path compared case-insensitively; ``.git`` and trailing
    ``/`` ignored (cases B13, B14). Unparseable URLs are never the same.
    """
    try:
        host_a, path_a = _split(a)
        host_b, path_b = _split(b)
    except ValueError:
        return False
    return host_a == host_b and path_a.lower() == path_b.lower()


@dataclass(frozen=True)
class HostingTarget:
    """What one ``codeHosting`` URL names on its forge.

    ``kind`` is ``account`` (a GitHub organisation or user, a GitLab group with its
    subgroups or a GitLab user, a Forgejo organisation or user), ``repository``, or
    ``instance`` (every public group or organisation of a self-hosted forge; ``path``
    empty); ``path`` is the account login / group full path, or ``owner/name`` / the
    project's full path.
    """

    host: str
    kind: str
    path: str
    url: str


def hosting_target(url: str, *, group: bool, forge_type: str) -> HostingTarget:
    """Classify a ``codeHosting`` entry the way its forge does
    (``catalogue.forges.base.Forge.hosting_target``).

    On GitHub, one path segment is an account and two are a repository, whatever
    ``group`` says. On GitLab paths nest arbitrarily deep, so the ``group`` flag of the
    seed list decides: true = a group or user namespace, false = one project. A
    self-hosted GitLab or Forgejo may be named whole (its root or explore page).
    Raises ValueError naming the URL for a form its forge does not know; ConfigError
    for an unknown forge type.
    """
    from catalogue.forges import forge_unit

    return forge_unit(forge_type).hosting_target(url, group=group)
