"""The catalogue's errors: one small hierarchy.

Every error the user can cause or meet ends the command with one clear line (the
CLI catches ``CatalogueError`` in one place); everything else is a bug.
"""

from __future__ import annotations


class CatalogueError(Exception):
    """Base class of every error that the CLI reports as one line and exit status 2."""

    exit_code = 2


class ConfigError(CatalogueError):
    """A setting is missing or wrong.

    Raised by ``catalogue.config`` at start: a bad TOML file, an unknown key, an unset
    token variable that the configuration names.
    """


class PublishersError(CatalogueError):
    """The publishers file is malformed; the message names the entry.

    Raised by ``catalogue.publishers.load_publishers``.
    """


class UnknownHostError(ConfigError):
    """A publisher URL names a host that no ``[forges."HOST"]`` table configures.

    Raised by ``catalogue.config.Settings.forge_for``.
    """


class ForgeUnreachableError(CatalogueError):
    """A configured forge did not answer at all (connection refused, DNS failure).

    Raised by the crawl before it starts (``catalogue.harvest.runner``).
    """


class StoreError(CatalogueError):
    """The database URL is wrong or the database cannot be opened.

    Raised by ``catalogue.db.store.open_store``.
    """


class RepositoryNotFoundError(CatalogueError):
    """``catalogue check`` was given a repository the forge does not know."""


class PubliccodeReadError(CatalogueError):
    """A ``publiccode.yml`` could not be read at all (missing file, unreadable URL).

    Raised by ``catalogue validate`` for an input it cannot open; exit status 2.
    """


class CrawlLockedError(CatalogueError):
    """Another crawl holds the catalogue's crawl lock (``crawl_lock = "refuse"``).

    Raised by ``catalogue.db.lock.crawl_lock`` before the store is opened.
    """
