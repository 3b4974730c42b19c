"""The maintenance model's records: thresholds (``MaintenanceRules``), the facts the rule
reads (``MaintenanceFacts``) and its result (``Maintenance`` with ``Reason``,
``Evidence`` and ``Contradiction``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Mapping

from catalogue.records import Release


@dataclass(frozen=True)
class MaintenanceRules:
    """The thresholds of the rule, as data.

    ``maintained_months``: last activity at most this many calendar months before "now"
    (same day and time, clamped to a shorter month's end) is ``maintained`` or better.
    ``low_activity_months``: at most this many months is ``low-activity``; older is
    ``unmaintained``. ``active_commits_90_days``: commits on the default branch in the
    last 90 days needed for ``actively-maintained`` (13 is about one a week, in the
    spirit of the OpenSSF Scorecard "Maintained" check). ``placeholder_release_dates``:
    ``releaseDate`` values that mean "not declared" (case B28: tools write the epoch).
    Raises ``ValueError`` when a threshold is negative or the months are out of order.
    """

    maintained_months: int = 12
    low_activity_months: int = 24
    active_commits_90_days: int = 13
    placeholder_release_dates: frozenset[date] = frozenset({date(1970, 1, 1)})

    def __post_init__(self) -> None:
        if min(self.maintained_months, self.low_activity_months, self.active_commits_90_days) < 0:
            raise ValueError("maintenance thresholds must not be negative")
        if self.low_activity_months < self.maintained_months:
            raise ValueError("low_activity_months must be at least maintained_months")

    @property
    def active_months(self) -> int:
        """The first version's name for ``maintained_months`` (kept for its readers)."""
        return self.maintained_months

    def params(self) -> dict[str, int]:
        """The thresholds as the rule sentences' parameters: ``limit``, ``max``, ``commits``."""
        return {
            "limit": self.maintained_months,
            "max": self.low_activity_months,
            "commits": self.active_commits_90_days,
        }


DEFAULT_RULES = MaintenanceRules()


@dataclass(frozen=True)
class Reason:
    """One reason in words: a gettext message id and the values it formats.

    ``message`` uses ``%(name)s`` placeholders; ``params`` holds their values (``date``
    objects for dates, ``int`` for counts, ``str`` for declared values as written, and a
    nested :class:`Reason` for a phrase such as an age) so a renderer can format them
    for its locale.
    """

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(
        self,
        gettext: Callable[[str], str] = lambda s: s,
        format_value: Callable[[Any], str] = lambda v: v.isoformat() if isinstance(v, date) else str(v),
    ) -> str:
        """Return the sentence, translated with ``gettext`` and values formatted by
        ``format_value``; nested reasons are rendered with the same two functions."""
        values = {
            key: value.render(gettext, format_value) if isinstance(value, Reason) else format_value(value)
            for key, value in self.params.items()
        }
        return gettext(self.message) % values if values else gettext(self.message)


@dataclass(frozen=True)
class Evidence:
    """A fact considered: ``fact`` names a ``SourceRepository`` field (``archived``,
    ``last_commit_at``, ``pushed_at``, ``latest_release``, ``commits_last_90_days``,
    ``commits_last_365_days``, ``open_issues``) or a publiccode.yml key
    (``maintenance.type``, ``maintenance.contractors``, ``developmentStatus``,
    ``releaseDate``); ``value`` its value (``None`` when absent); ``reason`` the fact in words."""

    fact: str
    value: Any
    reason: Reason | None = None


@dataclass(frozen=True)
class Contradiction:
    """A declaration that disagrees with the activity: ``id`` from :data:`CONTRADICTIONS`
    and the sentence that says so (also the last items of ``Maintenance.explained``)."""

    id: str
    reason: Reason


@dataclass(frozen=True)
class Maintenance:
    """The outcome of :func:`assess_maintenance`.

    ``status`` is one of :data:`STATUSES`; ``explained`` the reasons as :class:`Reason`
    objects (the rule sentence of the status first, then every piece of evidence, then
    the contradictions) and ``reasons`` the same in English (dates as ISO 8601);
    ``evidence`` every fact considered; ``used_evidence`` the ``fact`` names that decided
    the status; ``contradictions`` the declarations the activity disagrees with;
    ``rules`` the thresholds applied.
    """

    status: str
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    explained: tuple[Reason, ...] = ()
    rules: MaintenanceRules = DEFAULT_RULES
    used_evidence: tuple[str, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()


@dataclass(frozen=True)
class MaintenanceFacts:
    """The facts the rule reads, taken from an entry (:func:`facts_from_entry`) or from a
    stored observation (``catalogue.history``). Times are UTC; ``None`` means unknown.

    ``has_publiccode``: a parsed publiccode.yml exists; ``maintenance_type`` /
    ``development_status``: the declared values, stripped, as written;
    ``contract_ends``: one item per contractor, its ``until`` date or ``None`` when
    unreadable; ``release_date``: the declared ``releaseDate`` (``None`` when missing,
    unreadable or a placeholder such as 1970-01-01).
    """

    archived: bool = False
    last_commit_at: datetime | None = None
    pushed_at: datetime | None = None
    latest_release: Release | None = None
    commits_last_90_days: int | None = None
    commits_last_365_days: int | None = None
    open_issues: int | None = None
    has_publiccode: bool = False
    maintenance_type: str | None = None
    development_status: str | None = None
    contract_ends: tuple[date | None, ...] = ()
    release_date: date | None = None
