"""Maintenance status over time, from the store's observations.

The store writes a ``RepositoryObservation`` for a repository whenever a crawl sees its
``pushed_at``, ``last_commit_at``, ``archived`` or publiccode validity change. Between two
observations those facts held, so the status as a function of time is known exactly: it
is the same pure rule (``catalogue.maintenance.assess_facts``) applied to the observed
facts, and it can only decay (maintained, then low activity, then unmaintained) until
the next observation. :func:`trend` evaluates it at every observation's crawl time,
finds each moment in between where it changes, and names the changes as events
("became unmaintained on ...", "became active again on ...").

Observations keep only the forge's dates and the archived flag, so history uses neither
declarations (publiccode.yml), releases nor commit counts: a status in the trend is at
best ``maintained``, and declared statuses (``obsolete``, ``declared-unmaintained``) do
not appear. :data:`OBSERVED_FACTS` and :data:`UNOBSERVED_FACTS` say which is which.
"""

from __future__ import annotations

from dataclasses import dataclass
import math
from datetime import datetime, timedelta
from typing import Mapping, Protocol, Sequence

from catalogue.db.store import RepositoryObservation
from catalogue.maintenance import (
    ACTIVELY_MAINTAINED,
    ARCHIVED,
    DEFAULT_RULES,
    EVENT_BECAME_ACTIVE_AGAIN,
    EVENT_BECAME_ARCHIVED,
    EVENT_BECAME_LOW_ACTIVITY,
    EVENT_BECAME_UNMAINTAINED,
    EVENT_STATUS_CHANGED,
    LOW_ACTIVITY,
    MAINTAINED,
    UNMAINTAINED,
    MaintenanceFacts,
    MaintenanceRules,
    Reason,
    assess_facts,
    utc,
)
from catalogue.records import CrawlRecord

#: Facts an observation keeps, as ``SourceRepository`` field names.
OBSERVED_FACTS: tuple[str, ...] = ("archived", "last_commit_at", "pushed_at")
#: Facts the rule reads that observations do not keep (history does without them).
UNOBSERVED_FACTS: tuple[str, ...] = (
    "maintenance.type", "maintenance.contractors", "developmentStatus", "releaseDate",
    "latest_release", "commits_last_90_days", "commits_last_365_days", "open_issues",
)

BECAME_UNMAINTAINED = "became-unmaintained"
BECAME_LOW_ACTIVITY = "became-low-activity"
BECAME_ACTIVE_AGAIN = "became-active-again"
BECAME_ARCHIVED = "became-archived"
STATUS_CHANGED = "status-changed"

#: Event ids with their sentence (a message id taking ``%(date)s``).
EVENTS: dict[str, str] = {
    BECAME_UNMAINTAINED: EVENT_BECAME_UNMAINTAINED,
    BECAME_LOW_ACTIVITY: EVENT_BECAME_LOW_ACTIVITY,
    BECAME_ACTIVE_AGAIN: EVENT_BECAME_ACTIVE_AGAIN,
    BECAME_ARCHIVED: EVENT_BECAME_ARCHIVED,
    STATUS_CHANGED: EVENT_STATUS_CHANGED,
}

_ACTIVE = frozenset({ACTIVELY_MAINTAINED, MAINTAINED})
_DORMANT = frozenset({LOW_ACTIVITY, UNMAINTAINED, ARCHIVED})


@dataclass(frozen=True)
class TrendPoint:
    """The status at one moment ``at`` (UTC). ``crawl_id`` names the crawl whose
    observation this is; ``None`` for a moment the rule crossed a threshold between
    crawls, and for the final point at "now"."""

    at: datetime
    status: str
    crawl_id: int | None = None


@dataclass(frozen=True)
class TrendEvent:
    """A change of status: ``kind`` from :data:`EVENTS`, the statuses ``before`` and
    ``after``, and ``at``: the exact moment a threshold was crossed, or the crawl time
    at which a change of facts was first seen (the change happened at or before it).
    ``reason`` is the sentence, with ``at``'s date."""

    kind: str
    at: datetime
    before: str
    after: str
    reason: Reason


@dataclass(frozen=True)
class Trend:
    """The status over time of one repository: ``points`` oldest first (one per
    observation, one per threshold crossing, one at "now"), and ``events`` (the changes).
    Empty when there are no observations up to "now"."""

    points: tuple[TrendPoint, ...]
    events: tuple[TrendEvent, ...]


def facts_from_observation(observation: RepositoryObservation) -> MaintenanceFacts:
    """The rule's facts as one observation kept them: every fact when the row has them
    (``facts``), else the few that the first rows kept (see :data:`OBSERVED_FACTS`)."""
    if observation.facts:
        from catalogue.db.codec import facts_from_json

        return facts_from_json(observation.facts)
    return MaintenanceFacts(
        archived=observation.archived,
        last_commit_at=observation.last_commit_at,
        pushed_at=observation.pushed_at,
    )


def trend(
    observations: Sequence[RepositoryObservation],
    crawl_times: Mapping[int, datetime],
    now: datetime,
    rules: MaintenanceRules = DEFAULT_RULES,
) -> Trend:
    """Compute the status over time from ``observations`` (any order; sorted by crawl
    time, then crawl id). ``crawl_times`` maps a crawl id to the time its facts hold
    (``catalogue.db.Store.crawls``: ``started_at``); ``now`` (naive: UTC) ends the trend and
    observations after it are ignored. Pure. Raises ``KeyError`` naming a crawl id
    missing from ``crawl_times``."""
    now = utc(now)
    timed = sorted(
        ((utc(crawl_times[o.crawl_id]), o.crawl_id, o) for o in observations),
        key=lambda item: (item[0], item[1]),
    )
    timed = [item for item in timed if item[0] <= now]
    points: list[TrendPoint] = []
    for index, (start, crawl_id, observation) in enumerate(timed):
        facts = facts_from_observation(observation)
        end = timed[index + 1][0] if index + 1 < len(timed) else now
        points.append(TrendPoint(start, _status(facts, start, rules), crawl_id))
        points.extend(_crossings(facts, start, end, rules))
    if timed and timed[-1][0] < now:
        facts = facts_from_observation(timed[-1][2])
        points.append(TrendPoint(now, _status(facts, now, rules)))
    events = tuple(
        _event(before, after)
        for before, after in zip(points, points[1:])
        if before.status != after.status
    )
    return Trend(tuple(points), events)


def crawl_times(crawls: Sequence[CrawlRecord]) -> dict[int, datetime]:
    """Map each crawl id to its start time (UTC), the moment its observations describe."""
    return {crawl.id: crawl.started_at for crawl in crawls}


class ObservationSource(Protocol):
    """What :func:`stored_trend` reads: the two ``catalogue.db.Store`` methods."""

    def crawls(self) -> list[CrawlRecord]: ...

    def observations(self, host: str, forge_id: str) -> list[RepositoryObservation]: ...


def stored_trend(
    store: ObservationSource,
    host: str,
    forge_id: str,
    now: datetime,
    rules: MaintenanceRules = DEFAULT_RULES,
) -> Trend:
    """Read the observations of repository ``(host, forge_id)`` and the crawl times from
    ``store`` and compute its :func:`trend`. Raises ``StoreError`` as the store does."""
    return trend(store.observations(host, forge_id), crawl_times(store.crawls()), now, rules)


def _status(facts: MaintenanceFacts, at: datetime, rules: MaintenanceRules) -> str:
    return assess_facts(facts, at, rules).status


def _crossings(
    facts: MaintenanceFacts, start: datetime, end: datetime, rules: MaintenanceRules
) -> list[TrendPoint]:
    """Every moment in (start, end) where the status of unchanged ``facts`` changes,
    found to the second by bisection (the status only decays while facts stay)."""
    found: list[TrendPoint] = []
    status = _status(facts, start, rules)
    while start < end and _status(facts, end, rules) != status:
        def at(seconds: int, origin: datetime = start) -> datetime:
            return min(origin + timedelta(seconds=seconds), end)

        low, high = 0, math.ceil((end - start).total_seconds())
        while high - low > 1:  # status(at(low)) == status != status(at(high))
            middle = (low + high) // 2
            if _status(facts, at(middle), rules) == status:
                low = middle
            else:
                high = middle
        start = at(high)
        status = _status(facts, start, rules)
        if start < end:
            found.append(TrendPoint(start, status))
    return found


def _event(before: TrendPoint, after: TrendPoint) -> TrendEvent:
    if after.status == UNMAINTAINED:
        kind = BECAME_UNMAINTAINED
    elif after.status == LOW_ACTIVITY and before.status in _ACTIVE:
        kind = BECAME_LOW_ACTIVITY
    elif after.status == ARCHIVED:
        kind = BECAME_ARCHIVED
    elif after.status in _ACTIVE and before.status in _DORMANT:
        kind = BECAME_ACTIVE_AGAIN
    else:
        kind = STATUS_CHANGED
    return TrendEvent(kind, after.at, before.status, after.status, Reason(EVENTS[kind], {"date": after.at.date()}))
