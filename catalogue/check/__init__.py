"""``catalogue check REPO_URL``: one repository as the catalogue would list it.

The maintainer's own view: the repository is looked up by its forge's unit
(``Forge.fetch_one``: PyGithub, python-gitlab, or the Forgejo client) through the
configured forge (``Settings.forge_for``), mapped by the spiders' own mappers, normalised and validated as in a crawl, and judged by the maintenance rule.

``check_repository(settings, publishers, url, now) -> CheckReport``; the report's
``render_text`` / ``as_json`` and ``exit_code`` live in ``catalogue.check.report``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Sequence

from catalogue.harvest.runner import check_reachable
from catalogue.check.report import CheckReport
from catalogue.config import Settings
from catalogue.errors import CatalogueError
from catalogue.maintenance import assess_maintenance
from catalogue.normalise import normalise
from catalogue.records import Publisher
from catalogue.urls import canonical_repository_url, same_repository, url_host, url_path

__all__ = ["CheckReport", "check_repository", "publisher_of"]


def publisher_of(url: str, publishers: Sequence[Publisher]) -> tuple[Publisher, str] | None:
    """The publisher whose ``codeHosting`` covers the repository ``url``, with that
    entry's canonical URL (the account URL the crawl would record), or ``None``.

    An account entry covers every repository below it (GitLab subgroups included); a
    repository entry covers that repository only.
    """
    repository = canonical_repository_url(url).lower()
    for publisher in publishers:
        for hosting in publisher.code_hosting:
            account = canonical_repository_url(hosting.url)
            if same_repository(account, repository) or repository.startswith(account.lower() + "/"):
                return publisher, account
    return None


def check_repository(settings: Settings, publishers: Sequence[Publisher], url: str, now: datetime) -> CheckReport:
    """Look ``url`` up on its forge and build the report.

    Raises UnknownHostError (no forge configured for the host), CatalogueError for a URL
    that does not name a repository, RepositoryNotFoundError, ForgeUnreachableError.
    """
    try:
        if any(ch.isspace() for ch in url.strip()):
            raise ValueError(url)
        if "://" not in url and "." not in url.split("/", 1)[0]:  # "not-a-url", "MinBZK/amt"
            raise ValueError(url)
        host, path = url_host(url), url_path(url)
    except ValueError:
        raise CatalogueError(f"{url!r} is not a repository URL (expected e.g. https://github.com/OWNER/REPO)") from None
    forge = settings.forge_for(host)
    segments = [s for s in path.split("/") if s]
    unit = forge.unit
    if not unit.is_repository_path(segments):
        raise CatalogueError(f"{url!r} does not name a repository (expected https://{host}/{unit.repository_shape})")
    check_reachable(settings, [host])  # the same one line as the crawl's, with the reason
    found = publisher_of(url, publishers)
    publisher, account_url = found if found else (None, canonical_repository_url(url))
    publisher_id = publisher.id if publisher else ""
    source = unit.fetch_one(forge, "/".join(segments), publisher_id=publisher_id, account_url=account_url, now=now)
    entry = normalise(source, publisher)
    return CheckReport(entry=entry, publisher=publisher, maintenance=assess_maintenance(entry, now),
                       used_graphql=unit.uses_graphql(forge))
