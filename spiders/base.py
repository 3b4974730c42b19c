"""The base spider: what every forge spider shares. Its manual for a new forge.

A forge spider walks the ``codeHosting`` entries of the publishers whose host is one of
its forge type, asks the forge for pages of repositories and yields
``SourceRepository`` items (mapped by ``catalogue.forges.<type>``) and one
``AccountListing`` per completely listed account.

Writing a spider for a forge (``spiders/<type>.py``; the unit's ``spider`` names it):

* set ``name`` and ``forge_type`` (the unit's ``type``);
* ``initial_requests()`` -> the first requests, from ``self.targets()`` (one ``Target``
  per codeHosting entry: publisher, forge settings, ``hosting.kind`` ``account`` /
  ``repository`` / ``instance``), built with ``self.api_request(forge, url, callback)``;
* a listing callback per page that maps each raw entry with the unit's listing mapper
  to a ``catalogue.forges.base.Listed`` and hands the pairs to
  ``changed = yield from self.sort_listed(forge, pairs)`` (the unchanged ones become
  one ``SeenUnchanged``), keeps the page's ids in ``origin["ids"]`` (``origin`` is the
  listing's state: ``account_url``, ``publisher_id``, ``ids``; set
  ``origin["incomplete"]`` for an entry it could not read) and ends with
  ``yield from self.end_of_listing_page(forge, response, origin, callback)``: next page
  (``Link rel="next"`` / ``X-Next-Page``, or a forge's ``next_page`` override), loop
  guard, and the ``AccountListing`` of a listing read whole, written once here;
* for each changed repository, its details: either ``self.start_chain(forge, steps,
  context)`` (REST answers in order, each read by ``step_<name>(response, context)``,
  which may return more steps; ``finish_chain(context)`` yields the item), or batches
  (``self.add_to_batch(host, kind, items, size)`` and ``batch_requests(host, kind,
  batch)``, partial batches asked when the spider idles);
* errors: ``self.record_error(message)`` for a crawl-level error;
  ``problem_from_response`` for a repository's answer that refused or failed (kept on
  the repository). Callbacks that meet an unexpected shape are counted by
  ``on_spider_error``.

Shared here: the targets, JSON requests tagged with their forge host (the token is
added by ``ForgeAuthMiddleware`` at download time), paging, completeness, the loop
guard and the "seen unchanged" split, the chains, and error recording (one bad
repository or account never ends a crawl).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Generator, Iterable
from urllib.parse import urlencode

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from catalogue.config import ForgeSettings, Settings
from catalogue.harvest.context import catalogue_settings, crawl_now, crawl_publishers
from catalogue.forges.base import Listed
from catalogue.harvest.incremental import UNKNOWN, KnownRepositories, needs_fetch
from catalogue.harvest.items import AccountListing, SeenUnchanged
from catalogue.records import HarvestProblem, Publisher
from catalogue.urls import HostingTarget, hosting_target, url_host

logger = logging.getLogger(__name__)

# Answers the spiders read themselves instead of letting Scrapy drop them.
HANDLED_STATUSES = [304, 400, 401, 403, 404, 409, 410, 422, 451]


@dataclass(frozen=True)
class Target:
    """One account or repository to crawl, with its publisher and forge."""

    publisher: Publisher
    forge: ForgeSettings
    hosting: HostingTarget


def problem_from_response(response: Response, what: str) -> HarvestProblem:
    """A ``HarvestProblem`` for an answer that refused or failed ``what``."""
    kind = "access" if response.status in (401, 403, 451) else "not_found" if response.status in (404, 410) else "server"
    message = ""
    try:
        body = json.loads(response.text)
        if isinstance(body, dict):
            message = str(body.get("message") or body.get("error") or "")
    except (ValueError, AttributeError):
        pass
    return HarvestProblem(
        kind=kind,
        message=f"{what}: HTTP {response.status}" + (f" {message}" if message else ""),
        url=response.url,
        status=response.status,
    )


def next_link(response: Response) -> str | None:
    """The ``rel="next"`` URL of an answer's RFC 8288 ``Link`` header (GitHub's and
    GitLab's pagination), else GitLab's ``X-Next-Page`` applied to the request URL."""
    header = response.headers.get("Link", b"").decode("latin-1")
    for part in header.split(","):
        section = part.split(";")
        if len(section) >= 2 and any(p.strip() in ('rel="next"', "rel=next") for p in section[1:]):
            return section[0].strip().strip("<>")
    next_page = response.headers.get("X-Next-Page", b"").decode("latin-1").strip()
    if next_page.isdigit():
        base, _, query = response.url.partition("?")
        params = [p for p in query.split("&") if p and not p.startswith("page=")]
        return f"{base}?{'&'.join(params + [f'page={next_page}'])}"
    return None


class PaginationLoop(Exception):
    """A forge pointed "next" at a page or cursor this listing already had."""


def follow(seen: list, following: str | None, where: str) -> str | None:
    """The next page or cursor to ask, remembered in ``seen`` (kept with the listing's
    state); raises PaginationLoop when the forge points back at one already asked, which
    would otherwise loop for ever (these requests bypass Scrapy's duplicate filter)."""
    if following is None:
        return None
    if following in seen:
        raise PaginationLoop(f"{where}: the forge's next page points back to one already read ({following}); "
                             "listing stopped")
    seen.append(following)
    return following


class ForgeSpider(scrapy.Spider):
    """Base class of the forge spiders; subclasses set ``forge_type``."""

    forge_type: ClassVar[str]
    custom_settings: ClassVar[dict[str, Any]] = {}
    catalogue: Settings  # set by from_crawler: the settings, the crawl's publishers and time
    publishers: Any
    now: datetime
    known: KnownRepositories

    def __init__(self, *args, host: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.crawl_errors: list[str] = []
        # ``catalogue crawl`` runs one crawler per forge host, so that a rate-limit pause
        # of one forge never holds up the requests of another (each crawler has its own
        # downloader and concurrency).
        self.only_host = host.lower() if host else None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.catalogue: Settings = catalogue_settings(crawler)
        spider.publishers = crawl_publishers(crawler)
        spider.now = crawl_now(crawler)
        hosts = sorted({target.forge.host for target in spider.targets()})
        spider.known = KnownRepositories.load(spider.catalogue.db, hosts,
                                              full=crawler.settings.getbool("CATALOGUE_FULL"))
        crawler.signals.connect(spider._flush_batches_when_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.on_spider_error, signal=signals.spider_error)
        return spider

    async def start(self):
        """Scrapy's start (2.13+): the forge's first requests, from ``initial_requests``.

        With a job folder (JOBDIR) Scrapy calls this again on resume; the persisted
        ``self.state`` then says the first requests were made, and the queue on disk
        holds what is left, so nothing is asked twice.
        """
        state = getattr(self, "state", None)
        if state is not None:
            if state.get("started"):
                self.logger.info("resuming from the job folder: the first requests were already made")
                return
            state["started"] = True
        try:
            requests = list(self.initial_requests())
        except Exception as exc:  # a crawl that cannot begin says so, as a crawl error
            self.record_error(f"{self.only_host or self.name}: the first requests could not be made: "
                              f"{type(exc).__name__}: {exc}")
            raise
        if not requests:
            self.logger.info("%s: nothing to crawl on this host", self.only_host or self.name)
        for request in requests:
            yield request

    def initial_requests(self) -> Iterable:  # pragma: no cover - abstract
        raise NotImplementedError

    # --- incremental: what changed since the last crawl ------------------------------

    def is_changed(self, forge: ForgeSettings, listed: Listed) -> bool:
        """True when the repository of a listing record (the unit's listing mapper,
        ``catalogue.forges.base.Listed``) must be fetched in full: new, marked gone, or
        its push/update time or publiccode blob id moved (``needs_fetch``)."""
        return needs_fetch(self.known.get(forge.host, listed.forge_id), pushed_at=listed.pushed_at,
                           updated_at=listed.updated_at,
                           publiccode_blob_id=listed.publiccode_blob_id if listed.blob_known else UNKNOWN)

    def sort_listed(self, forge: ForgeSettings, entries: Iterable[tuple[Listed, Any]]) -> Generator[Any, None, list]:
        """Split ``(listing record, raw entry)`` pairs: yields one ``SeenUnchanged`` for
        the unchanged ones (the store only notes them as seen) and returns the raw entries
        of the changed ones, in order (``changed = yield from self.sort_listed(...)``)."""
        changed, unchanged = [], []
        for listed, raw in entries:
            if self.is_changed(forge, listed):
                changed.append(raw)
            else:
                unchanged.append(listed.forge_id)
        if unchanged:
            yield SeenUnchanged(host=forge.host, forge_ids=frozenset(unchanged))
        return changed

    # --- targets ---------------------------------------------------------------------

    def targets(self) -> list[Target]:
        """The codeHosting entries on hosts of this spider's forge type, in file order.

        Raises UnknownHostError (from the settings) for a host no forge table covers;
        ``catalogue crawl`` checks this before starting, so a crawl never stops halfway.
        """
        found = []
        for publisher in self.publishers:
            for entry in publisher.code_hosting:
                forge = self.catalogue.forge_for(url_host(entry.url))
                if forge.type != self.forge_type or (self.only_host and forge.host != self.only_host):
                    continue
                found.append(Target(publisher, forge, hosting_target(entry.url, group=entry.group, forge_type=forge.type)))
        return found

    def claimed(self, host: str, path: str) -> bool:
        """True when an entry of its own (an account or repository, not a whole instance)
        names ``path`` on ``host`` or a namespace above it: a whole-instance crawl then
        leaves it to that entry, whose publisher it is, so every repository is listed once."""
        claims = self.__dict__.get("_claims")
        if claims is None:
            claims = self.__dict__["_claims"] = {(t.forge.host, t.hosting.path.lower())
                                                 for t in self.targets() if t.hosting.kind != "instance"}
        parts = path.lower().split("/")
        return any((host, "/".join(parts[:n])) in claims for n in range(1, len(parts) + 1))

    # --- requests --------------------------------------------------------------------

    def api_request(self, forge: ForgeSettings, url: str, callback, *, meta: dict | None = None,
                    method: str = "GET", body: Any = None, priority: int = 0, accept: str | None = None,
                    errback=None) -> scrapy.Request:
        """A JSON API request to ``forge``; ``body`` (a dict) is sent as JSON."""
        headers = {"Accept": accept or "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body)
            headers["Content-Type"] = "application/json"
        return scrapy.Request(
            url,
            method=method,
            body=data,
            headers=headers,
            callback=callback,
            errback=errback or self.on_failure,
            meta={**(meta or {}), "forge_host": forge.host, "handle_httpstatus_list": HANDLED_STATUSES},
            priority=priority,
            dont_filter=True,
        )

    @staticmethod
    def with_query(url: str, **params: Any) -> str:
        """``url`` with ``params`` appended as a query string."""
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"{url}{'&' if '?' in url else '?'}{query}" if query else url

    def unreadable_listing(self, response: Response, what: str) -> Iterable:
        """For a listing page that is not a JSON list: ask once more (a cut-off answer is
        often a passing fault), then record one clear error. Yields the retry, if any."""
        attempts = response.meta.get("unreadable_attempts", 0)
        reason = (f"HTTP {response.status}" if response.status != 200
                  else "the answer was not a JSON list (cut off, or an HTML page)")
        if response.status == 200 and attempts < 1:
            self.crawler.stats.inc_value("catalogue/retries/unreadable")
            yield response.request.replace(meta=dict(response.meta, unreadable_attempts=attempts + 1), dont_filter=True)
            return
        self.record_error(f"listing {what} failed: {reason}")

    def end_of_listing_page(self, forge: ForgeSettings, response: Response, origin: dict, callback) -> Iterable:
        """After a REST listing page: ask the next page (``callback`` reads it), or, on the
        last page, yield the account's complete ``AccountListing``. A listing that looped
        or had unreadable items is incomplete: it is reported and marks nothing gone."""
        try:
            following = follow(origin.setdefault("pages", [response.url]), self.next_page(response),
                               origin["account_url"])
        except PaginationLoop as loop:
            self.record_error(str(loop))
            return
        if following:
            yield self.api_request(forge, following, callback, meta={"origin": origin})
        elif origin.get("incomplete"):
            self.record_error(f"{origin['account_url']}: some repositories in the listing could not be read; "
                              "nothing of this account is marked gone")
        else:
            yield AccountListing(host=forge.host, account_url=origin["account_url"], forge_ids=frozenset(origin["ids"]))

    def next_page(self, response: Response) -> str | None:
        """The URL of the page after ``response``, ``None`` on the last page. The default
        reads ``Link``/``X-Next-Page`` (``next_link``); a forge overrides it where its
        servers need more (Forgejo: ``X-Total-Count``)."""
        return next_link(response)

    @staticmethod
    def json_body(response: Response) -> Any:
        """The decoded JSON of an answer, or ``None`` when it is not JSON."""
        try:
            return json.loads(response.text)
        except (ValueError, AttributeError):
            return None

    # --- errors ----------------------------------------------------------------------

    def record_error(self, message: str) -> None:
        """Record a crawl-level error (an account not found, a page that failed)."""
        logger.error(message)
        self.crawl_errors.append(message)
        self.crawler.stats.inc_value("catalogue/errors")

    def on_failure(self, failure: Failure):
        """Errback: a request failed after Scrapy's retries (a 5xx, a refused connection,
        a timeout). For one repository's extra answers that is a problem recorded on the
        repository (and counted), which stays listed; for anything else a crawl error."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if response is not None else failure.getErrorMessage()
        chain = request.meta.get("chain")
        if not chain:
            self.record_error(f"request failed: {request.url}: {reason}")
            return
        self.crawler.stats.inc_value("catalogue/repositories/request_failures")
        context = chain["context"]
        context.setdefault("problems", []).append(
            HarvestProblem(kind="server", message=f"request failed after retries: {reason}", url=request.url,
                           status=response.status if response is not None else None))
        yield from self._chain_next(chain)

    def on_spider_error(self, failure: Failure, response: Response, spider=None):
        """A bug met in a callback (an answer of an unexpected shape) is a crawl error,
        counted and named, never a silent loss. Connected to Scrapy's ``spider_error``."""
        self.record_error(f"could not read the answer of {response.url}: "
                          f"{type(failure.value).__name__}: {failure.getErrorMessage()}")

    # --- batches: requests that carry many repositories ---------------------------------

    @property
    def batches(self) -> dict:
        """Items waiting to be asked together, ``{(forge host, kind): [item, ...]}``.

        Kept in the job folder's persisted ``state`` when there is one, so that a crawl
        stopped with items waiting asks for them when it resumes.
        """
        state = getattr(self, "state", None)
        holder = state if state is not None else self.__dict__.setdefault("_memory_state", {})
        return holder.setdefault("batches", {})

    def add_to_batch(self, forge_host: str, kind: str, items: list, size: int) -> Iterable:
        """Queue ``items``; yield the requests of every batch of ``size`` that is full.

        Partial batches are asked when the spider has nothing else to do
        (``spider_idle``), so batches are full across listing pages and accounts.
        """
        waiting = self.batches.setdefault((forge_host, kind), [])
        waiting.extend(items)
        while len(waiting) >= size:
            batch, waiting[:] = waiting[:size], waiting[size:]
            yield from self.batch_requests(forge_host, kind, batch)

    def batch_requests(self, forge_host: str, kind: str, batch: list) -> Iterable:  # pragma: no cover - abstract
        """The requests that ask for one batch (spiders that batch implement this)."""
        raise NotImplementedError

    def _flush_batches_when_idle(self, spider=None):
        pending = [(key, items) for key, items in self.batches.items() if items]
        if not pending:
            return
        for (forge_host, kind), items in pending:
            batch = list(items)
            items.clear()
            for request in self.batch_requests(forge_host, kind, batch):
                self.crawler.engine.crawl(request)
        raise DontCloseSpider("partial batches were asked")

    # --- chains: one repository from several REST answers ---------------------------

    def start_chain(self, forge: ForgeSettings, steps: list[tuple[str, str]], context: dict) -> Iterable:
        """Start assembling one repository: ``steps`` are ``(name, url)`` pairs answered
        in order by ``self.step_<name>(response, context)``; that method stores what it
        read in ``context`` and may return further steps to do next. When no step is
        left, ``self.finish_chain(context)`` yields the items."""
        chain = {"forge_host": forge.host, "steps": list(steps), "context": context}
        yield from self._chain_next(chain)

    def _chain_next(self, chain: dict) -> Iterable:
        if not chain["steps"]:
            yield from self.finish_chain(chain["context"])
            return
        name, url = chain["steps"].pop(0)
        forge = self.catalogue.forges[chain["forge_host"]]
        yield self.api_request(forge, url, self._chain_step, meta={"chain": chain, "step": name})

    def _chain_step(self, response: Response):
        chain = response.meta["chain"]
        more = getattr(self, f"step_{response.meta['step']}")(response, chain["context"]) or []
        chain["steps"][:0] = list(more)
        yield from self._chain_next(chain)

    def finish_chain(self, context: dict) -> Iterable:  # pragma: no cover - abstract
        raise NotImplementedError
