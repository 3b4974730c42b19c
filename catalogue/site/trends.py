"""View models of time: a repository's status trend, and how often the crawl runs.

Both are read from records the store keeps: ``catalogue.history.Trend`` (computed from
the observations of each crawl) and ``CrawlRecord`` (one per crawl). Pure functions;
the templates put them into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Sequence

from catalogue.history import Trend
from catalogue.maintenance import Reason, utc
from catalogue.records import CrawlRecord
from catalogue.site.labels import STATUS_ORDER

#: At most this many periods in a repository's timeline (the newest); older ones are counted.
MAX_PERIODS = 12
#: At most this many changes in words (the newest).
MAX_EVENTS = 12
#: How many of the latest crawls the crawl interval is read from.
INTERVAL_CRAWLS = 10

#: Statuses that say nothing about health: never "worse" or "better".
_UNRANKED = frozenset({"unknown"})


@dataclass(frozen=True)
class StatusPeriod:
    """A stretch of time with one ``status``: from ``start`` until ``end`` (``None``:
    until the day the site was built)."""

    start: datetime
    end: datetime | None
    status: str


@dataclass(frozen=True)
class TrendView:
    """A repository's status over time, for its page. ``periods`` oldest first (at most
    :data:`MAX_PERIODS`; ``earlier_periods`` more are left out), ``events`` the changes in
    words, oldest first (at most :data:`MAX_EVENTS`; ``earlier_events`` left out).
    ``status`` is the trend's status now; ``previous_status`` the one at the start of the
    previous crawl (``None`` when unknown); ``worsened`` says ``status`` is worse."""

    periods: tuple[StatusPeriod, ...]
    earlier_periods: int
    events: tuple[Reason, ...]
    earlier_events: int
    status: str
    previous_status: str | None
    worsened: bool


@dataclass(frozen=True)
class CrawlInterval:
    """How often the crawl runs: about every ``count`` ``unit`` (``minute``, ``hour``,
    ``day`` or ``week``), the median of the time between the starts of the last
    ``crawls`` crawls."""

    unit: str
    count: int
    crawls: int


def status_rank(status: str) -> int | None:
    """The place of ``status`` in :data:`STATUS_ORDER` (lower is healthier), ``None``
    for a status that is not ranked (unknown, or not in the order)."""
    if status in _UNRANKED or status not in STATUS_ORDER:
        return None
    return STATUS_ORDER.index(status)


def is_worse(before: str, after: str) -> bool:
    """True when ``after`` comes later in :data:`STATUS_ORDER` than ``before`` (both ranked)."""
    a, b = status_rank(before), status_rank(after)
    return a is not None and b is not None and b > a


def status_at(trend: Trend, moment: datetime) -> str | None:
    """The trend's status at ``moment`` (the last point at or before it), ``None`` before
    its first point."""
    moment = utc(moment)
    found = None
    for point in trend.points:
        if utc(point.at) > moment:
            break
        found = point.status
    return found


def trend_view(trend: Trend | None, previous_crawl_at: datetime | None) -> TrendView | None:
    """Build the view of ``trend`` (``None`` or empty: no view). ``previous_crawl_at`` is
    the start of the crawl before the latest (``None``: no previous crawl), the moment the
    status now is compared with."""
    if trend is None or not trend.points:
        return None
    periods: list[StatusPeriod] = []
    for point in trend.points:
        if periods and periods[-1].status == point.status:
            continue
        if periods:
            periods[-1] = StatusPeriod(periods[-1].start, point.at, periods[-1].status)
        periods.append(StatusPeriod(point.at, None, point.status))
    previous = status_at(trend, previous_crawl_at) if previous_crawl_at is not None else None
    current = trend.points[-1].status
    events = tuple(event.reason for event in trend.events)
    return TrendView(
        periods=tuple(periods[-MAX_PERIODS:]),
        earlier_periods=max(0, len(periods) - MAX_PERIODS),
        events=events[-MAX_EVENTS:],
        earlier_events=max(0, len(events) - MAX_EVENTS),
        status=current,
        previous_status=previous,
        worsened=previous is not None and is_worse(previous, current),
    )


def previous_crawl_start(crawls: Sequence[CrawlRecord]) -> datetime | None:
    """The start of the crawl before the latest one (by start time), ``None`` with fewer
    than two crawls."""
    starts = sorted(utc(c.started_at) for c in crawls)
    return starts[-2] if len(starts) >= 2 else None


def crawl_interval(crawls: Sequence[CrawlRecord], last: int = INTERVAL_CRAWLS) -> CrawlInterval | None:
    """How often the crawl runs, read from the records: the median time between the
    starts of the ``last`` crawls, rounded to whole minutes (under 45 minutes), hours
    (under 20 hours), days (under 10 days) or weeks. ``None`` with fewer than two crawls
    or when they all started at the same moment."""
    starts = sorted(utc(c.started_at) for c in crawls)[-last:]
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:]) if later > earlier]
    if not gaps:
        return None
    # statistics.median works on timedelta (sorting, and (a + b) / 2 for an even count);
    # typeshed's stub accepts only numbers.
    gap: timedelta = median(gaps)  # type: ignore[type-var]
    for unit, size, below in (
        ("minute", timedelta(minutes=1), timedelta(minutes=45)),
        ("hour", timedelta(hours=1), timedelta(hours=20)),
        ("day", timedelta(days=1), timedelta(days=10)),
        ("week", timedelta(weeks=1), None),
    ):
        if below is None or gap < below:
            return CrawlInterval(unit, max(1, round(gap / size)), len(starts))
    raise AssertionError("unreachable")  # the last unit has no bound
