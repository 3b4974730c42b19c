"""The protocol every forge unit implements, and the records and rules they share.

A forge unit (``catalogue.forges.<type>.unit.FORGE``) is the one place that knows a
forge type's URL shapes, its auth header and API roots, and where its spider, its
one-repository lookup (``catalogue check``) and its issue tracker (``catalogue notify``)
live. The registry (``catalogue.forges.registry``) finds the units; nothing else in the
project switches on a forge type.

The model is Software Heritage's lister (``swh.lister.pattern.Lister``): one class per
forge, pages kept apart from mapping. Here the pages are the spider's (``spiders/``,
over ``spiders.base.ForgeSpider``), the mapping is the unit package's pure functions:

* a *listing mapper* turns one repository of a listing page into a ``Listed`` record
  (forge id, push and update times, publiccode blob id when the listing has it): all
  the incremental check (``catalogue.harvest.incremental.needs_fetch``) compares;
* the *full mappers* turn the forge's answers into a ``SourceRepository``, building the
  publiccode.yml file with ``publiccode_file`` and asking a README only where
  ``needs_readme`` says so.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Sequence

from catalogue.records import PubliccodeFile, SourceRepository
from catalogue.urls import HostingTarget, canonical_repository_url, split_url

if TYPE_CHECKING:  # pragma: no cover
    from catalogue.config import ForgeSettings

PUBLICCODE_PATHS = ("publiccode.yml", "publiccode.yaml")  # in the order looked for (publiccode.yml spec)


@dataclass(frozen=True)
class Listed:
    """What one repository of a listing page says about change: the forge's id
    (a string), last push (GitLab: last activity; Forgejo: ``updated_at``, which moves on
    every push), last update of the repository object, and the publiccode.yml blob id
    when the listing carries it (``blob_known``; GitHub GraphQL only)."""

    forge_id: str
    pushed_at: datetime | None
    updated_at: datetime | None
    publiccode_blob_id: str | None = None
    blob_known: bool = False


@dataclass(frozen=True)
class FileRoutes:
    """Web URL prefixes of a repository's files, each ending in ``/``: ``raw_root`` (raw
    files of any ref), ``blob_prefix`` (rendered files of any ref), ``blob_base`` (rendered
    files on the default branch; ``None`` without one) and ``raw_web_prefix`` (the raw
    route next to the rendered ones)."""

    raw_root: str
    blob_prefix: str
    blob_base: str | None
    raw_web_prefix: str


def publiccode_file(path: str, content: bytes | str | None, *, url: str | None, blob_id: str | None = None,
                    size: int | str | None = None, cut_off: bool = False, binary: bool = False) -> PubliccodeFile:
    """The ``PubliccodeFile`` of a file a forge handed over, judged against the bounds of
    ``catalogue.publiccode.bounds.judge_fetched`` (the one builder: bytes decoded as
    UTF-8, other bytes kept in ``raw``; too large by ``size`` or cut off, or binary:
    refused with no content). ``content`` ``None``: the forge sent no text."""
    from catalogue.publiccode.bounds import judge_fetched

    return judge_fetched(path, content, size=size, cut_off=cut_off, binary=binary, url=url, blob_id=blob_id)


def needs_readme(description: str | None, *, has_publiccode: bool | None, empty: bool = False) -> bool:
    """The one rule for asking a README (its first paragraph is the description of last
    resort, see ``catalogue.normalise``): only when the forge gives no description, the
    repository is not empty, and it has no publiccode.yml (which would describe it).
    ``has_publiccode=None`` (not known yet, e.g. asked in the same query) counts as none."""
    if (description or "").strip() or empty:
        return False
    return has_publiccode is not True


class Forge(abc.ABC):
    """One forge type. Subclasses set the class attributes and implement every
    abstract method; a unit that misses one cannot be instantiated (so it fails when
    the registry loads, not halfway through a crawl).

    Class attributes: ``type`` (the configuration's ``type``, e.g. ``"forgejo"``),
    ``title`` (for messages), ``spider`` (dotted path of its Scrapy spider),
    ``auth_header`` (name of the header that carries the token),
    ``repository_shape`` (how a repository path looks, for messages),
    ``instance_paths`` (paths of a whole-instance hosting URL besides the root; empty:
    the forge cannot be taken whole), ``default_graphql`` (whether a GraphQL URL is
    derived from ``api_url`` when a table gives none).
    """

    type: ClassVar[str]
    title: ClassVar[str]
    spider: ClassVar[str]
    auth_header: ClassVar[str]
    repository_shape: ClassVar[str] = "OWNER/REPO"
    instance_paths: ClassVar[tuple[str, ...]] = ()

    # --- API roots and auth ------------------------------------------------------------

    @abc.abstractmethod
    def rest_url(self, api_url: str) -> str:
        """The REST root for a configured ``api_url`` (no trailing slash)."""

    @abc.abstractmethod
    def auth_value(self, token: str) -> str:
        """The value of ``auth_header`` for ``token``."""

    def uses_graphql(self, forge: "ForgeSettings") -> bool:
        """True when ``fetch_one`` and the spider ask through GraphQL on ``forge``."""
        return False

    # --- URL shapes ----------------------------------------------------------------------

    def hosting_target(self, url: str, *, group: bool) -> HostingTarget:
        """What a publisher's ``codeHosting`` URL names: ``kind`` ``instance`` (the root or
        one of ``instance_paths``, where the forge can be taken whole), ``account`` or
        ``repository``. The default decides by the seed list's ``group`` flag (paths nest
        on GitLab); a forge with fixed path depths overrides ``classify_path``.
        Raises ValueError, naming the URL, for a form this forge does not know."""
        host, path = split_url(url)
        canonical = canonical_repository_url(url)
        if not path or path.lower() in self.instance_paths:
            if not self.instance_paths:
                raise ValueError(f"{url!r} names a host, not an account or repository; a whole {self.title} "
                                 "instance cannot be listed")
            return HostingTarget(host=host, kind="instance", path="", url=f"https://{host}")
        if self.instance_paths and path.lower().split("/")[0] == "explore":
            forms = ", ".join(f"https://{host}/{p}" for p in ("",) + self.instance_paths)
            raise ValueError(f"{url!r} is an explore page that does not name a whole {self.title} instance "
                             f"(use one of {forms})")
        return HostingTarget(host=host, kind=self.classify_path(url, path.split("/"), group), path=path,
                             url=canonical)

    def classify_path(self, url: str, segments: Sequence[str], group: bool) -> str:
        """``account`` or ``repository`` for a hosting URL's path ``segments``."""
        return "account" if group else "repository"

    def is_repository_path(self, segments: Sequence[str]) -> bool:
        """True when ``segments`` (a web path) can name one repository."""
        return len(segments) >= 2

    @abc.abstractmethod
    def raw_base_url(self, source: SourceRepository) -> str | None:
        """Web URL prefix of raw files on the default branch, ending in ``/`` (``None``
        without a default branch)."""

    @abc.abstractmethod
    def file_routes(self, source: SourceRepository) -> FileRoutes:
        """The web routes under which the repository's files appear (for links in its
        README and publiccode.yml: ``catalogue.site.media``)."""

    @abc.abstractmethod
    def blob_url(self, repository_url: str, branch: str, path: str, line: int | None = None) -> str:
        """Web URL of a file on ``branch`` (with ``#L{line}``)."""

    @abc.abstractmethod
    def issues_url(self, repository_url: str) -> str:
        """Web URL of the repository's issue list."""

    @abc.abstractmethod
    def releases_url(self, repository_url: str) -> str:
        """Web URL of the repository's release list."""

    # --- one repository and issues -------------------------------------------------------

    @abc.abstractmethod
    def fetch_one(self, forge: "ForgeSettings", path: str, *, publisher_id: str, account_url: str,
                  now: datetime) -> SourceRepository:
        """The repository at web ``path`` on ``forge``, as the crawl would map it
        (``catalogue check``). Raises RepositoryNotFoundError, ForgeUnreachableError."""

    @abc.abstractmethod
    def tracker(self, forge: "ForgeSettings") -> Any:
        """The ``catalogue.notify.issues.IssueTracker`` of ``forge``."""
