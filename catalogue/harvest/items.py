"""Scrapy items of the harvest.

Spiders yield ``catalogue.records.SourceRepository`` objects directly (Scrapy accepts
dataclass items through itemadapter), and one ``AccountListing`` when an account's
listing is complete, so the store can mark repositories that the account no longer
lists as gone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AccountListing:
    """The complete listing of one account: every forge id it listed in this crawl.

    ``host`` is the web host, ``account_url`` the canonical account URL from the
    publishers file, ``forge_ids`` the repository ids listed.
    """

    host: str
    account_url: str
    forge_ids: frozenset[str]


@dataclass(frozen=True)
class SeenUnchanged:
    """Repositories listed in this crawl whose facts did not move: the store notes them
    as seen (``Store.touch``) without fetching or rewriting them."""

    host: str
    forge_ids: frozenset[str]
