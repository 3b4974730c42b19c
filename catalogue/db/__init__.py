"""The store: a SQLAlchemy database of catalogue entries and crawls.

``open_store(url)`` returns a ``Store``; see ``catalogue.db.store`` and ``docs/store.md``.
"""

from catalogue.db.store import (
    DEFAULT_URL,
    KnownState,
    RepositoryObservation,
    Store,
    open_store,
)
from catalogue.db.upsert import UpsertCounts

__all__ = [
    "DEFAULT_URL",
    "KnownState",
    "RepositoryObservation",
    "Store",
    "UpsertCounts",
    "open_store",
]
