"""Incremental crawls: what the store already knows, and whether to fetch a repository again.

A listing page tells, per repository, its id, last push (GitLab: last activity), last
update of the repository object and, on GitHub, the blob id of its publiccode.yml. A
repository whose facts did not move since the last crawl is not fetched again; the
store only notes that it was seen (``Store.touch``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping

from catalogue.db import KnownState, open_store

UNKNOWN = object()  # "the listing does not tell", as opposed to None ("has none")


def needs_fetch(
    known: KnownState | None,
    *,
    pushed_at: datetime | None,
    updated_at: datetime | None,
    publiccode_blob_id: object = UNKNOWN,
) -> bool:
    """True when a listed repository must be fetched in full.

    New repositories, repositories marked gone, and those whose last push, last update
    or publiccode blob id differ from the stored ones are fetched; pass
    ``publiccode_blob_id=UNKNOWN`` when the listing does not carry it (GitLab REST:
    a change of the file is a push, which moves ``pushed_at``).
    """
    if known is None or known.gone:
        return True
    if pushed_at != known.pushed_at or updated_at != known.updated_at:
        return True
    return publiccode_blob_id is not UNKNOWN and publiccode_blob_id != known.publiccode_blob_id


@dataclass
class KnownRepositories:
    """The store's ``forge_id -> KnownState`` per host, loaded once when a spider starts.

    ``full`` ignores it: every listed repository is fetched (``catalogue crawl --full``).
    """

    by_host: Mapping[str, Mapping[str, KnownState]] = field(default_factory=dict)
    full: bool = False

    @classmethod
    def load(cls, db_url: str, hosts: list[str], *, full: bool = False) -> "KnownRepositories":
        """Read the known state of ``hosts`` from the store at ``db_url``."""
        if full:
            return cls({}, full=True)
        store = open_store(db_url)
        try:
            return cls({host: store.known_state(host) for host in hosts})
        finally:
            store.close()

    def get(self, host: str, forge_id: str) -> KnownState | None:
        """What the store knows of one repository, ``None`` when new (or in a full crawl)."""
        if self.full:
            return None
        return self.by_host.get(host, {}).get(forge_id)
