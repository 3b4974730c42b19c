"""The maintenance status of a repository: a pure function of an entry and "now".

First version (issue 2, "Publish"): four values, decided in this order:

``archived``
    the forge marks the repository as archived;
``active``
    the last commit on the default branch (``last_commit_at``; when the forge did not
    tell, the last push ``pushed_at``) is at most ``active_months`` calendar months old;
``stale``
    that date is older;
``unknown``
    there is no date at all (an empty repository, or the forge told nothing).

A later issue replaces this set with a richer one, so readers must treat ``status`` as
an open set of strings. The thresholds are data (:class:`MaintenanceRules`); the
reasons are plain sentences a person can check against the forge. Their English
source text doubles as the gettext message id, so the site translates them (see
``catalogue.site.i18n``); ``N_`` only marks them for extraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Mapping

from catalogue.records import CatalogueEntry

ARCHIVED = "archived"
ACTIVE = "active"
STALE = "stale"
UNKNOWN = "unknown"

#: The statuses this version can return, in the order the rule checks them.
STATUSES: tuple[str, ...] = (ARCHIVED, ACTIVE, STALE, UNKNOWN)


def N_(message: str) -> str:
    """Mark ``message`` for gettext extraction without translating it (returns it)."""
    return message


MSG_ARCHIVED = N_("The forge marks this repository as archived.")
MSG_LAST_COMMIT = N_("Last commit on the default branch: %(date)s (%(months)s months ago).")
MSG_LAST_PUSH = N_(
    "The forge gave no last commit; last push: %(date)s (%(months)s months ago)."
)
MSG_LAST_COMMIT_RECENT = N_("Last commit on the default branch: %(date)s (less than a month ago).")
MSG_LAST_PUSH_RECENT = N_(
    "The forge gave no last commit; last push: %(date)s (less than a month ago)."
)
MSG_WITHIN = N_("That is within the last %(limit)s months.")
MSG_OLDER = N_("That is longer ago than %(limit)s months.")
MSG_NO_DATE = N_("The forge gave no date of a commit or push (for example an empty repository).")


@dataclass(frozen=True)
class MaintenanceRules:
    """The thresholds of the rule, as data.

    ``active_months``: a repository whose last commit is at most this many calendar
    months before "now" (same day of the month, clamped to the month's end) is
    ``active``; older is ``stale``.
    """

    active_months: int = 12


DEFAULT_RULES = MaintenanceRules()


@dataclass(frozen=True)
class Reason:
    """One reason in words: a gettext message id and the values it formats.

    ``message`` uses ``%(name)s`` placeholders; ``params`` holds their values (``date``
    objects for dates, ``int`` for counts) so a renderer can format them for its locale.
    """

    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(
        self,
        gettext: Callable[[str], str] = lambda s: s,
        format_value: Callable[[Any], str] = lambda v: v.isoformat() if isinstance(v, date) else str(v),
    ) -> str:
        """Return the sentence, translated with ``gettext`` and values formatted by ``format_value``."""
        values = {key: format_value(value) for key, value in self.params.items()}
        return gettext(self.message) % values if values else gettext(self.message)


@dataclass(frozen=True)
class Evidence:
    """A fact the status used: ``fact`` names the ``SourceRepository`` field
    (``archived``, ``last_commit_at``, ``pushed_at``), ``value`` its value."""

    fact: str
    value: Any


@dataclass(frozen=True)
class Maintenance:
    """The outcome of :func:`assess_maintenance`.

    ``status`` is one of :data:`STATUSES` (readers: an open set); ``reasons`` the
    English sentences (dates as ISO 8601); ``explained`` the same reasons as
    :class:`Reason` objects for translation; ``evidence`` the facts used;
    ``rules`` the thresholds applied.
    """

    status: str
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    explained: tuple[Reason, ...] = ()
    rules: MaintenanceRules = DEFAULT_RULES


def months_before(moment: datetime, months: int) -> datetime:
    """Return ``moment`` shifted back ``months`` calendar months, keeping the time.

    The day is clamped to the target month's length (31 March minus one month is
    28 or 29 February). Raises ``ValueError`` for negative ``months``.
    """
    if months < 0:
        raise ValueError("months must not be negative")
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, _days_in_month(year, month))
    return moment.replace(year=year, month=month, day=day)


def whole_months_between(earlier: datetime, later: datetime) -> int:
    """Return the number of whole calendar months from ``earlier`` to ``later`` (0 when
    ``later`` is not after ``earlier``)."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    while months > 0 and months_before(later, months) < earlier:
        months -= 1
    return max(months, 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def assess_maintenance(
    entry: CatalogueEntry, now: datetime, rules: MaintenanceRules = DEFAULT_RULES
) -> Maintenance:
    """Decide the maintenance status of ``entry`` as of ``now``.

    ``now`` is a datetime (naive values are read as UTC). Pure: the same entry, ``now``
    and ``rules`` always give the same result. The rule is in the module docstring.
    """
    source = entry.source
    now = _utc(now)
    if source.archived:
        reason = Reason(MSG_ARCHIVED)
        return _result(ARCHIVED, (reason,), (Evidence("archived", True),), rules)
    if source.last_commit_at is not None:
        fact, moment, message = "last_commit_at", _utc(source.last_commit_at), MSG_LAST_COMMIT
    elif source.pushed_at is not None:
        fact, moment, message = "pushed_at", _utc(source.pushed_at), MSG_LAST_PUSH
    else:
        return _result(UNKNOWN, (Reason(MSG_NO_DATE),), (), rules)
    months = whole_months_between(moment, now)
    if months == 0:
        message = MSG_LAST_COMMIT_RECENT if fact == "last_commit_at" else MSG_LAST_PUSH_RECENT
    first = Reason(message, {"date": moment.date(), "months": months})
    evidence = (Evidence(fact, moment),)
    if moment >= months_before(now, rules.active_months):
        second = Reason(MSG_WITHIN, {"limit": rules.active_months})
        return _result(ACTIVE, (first, second), evidence, rules)
    second = Reason(MSG_OLDER, {"limit": rules.active_months})
    return _result(STALE, (first, second), evidence, rules)


def _result(
    status: str, reasons: tuple[Reason, ...], evidence: tuple[Evidence, ...], rules: MaintenanceRules
) -> Maintenance:
    return Maintenance(
        status=status,
        reasons=tuple(reason.render() for reason in reasons),
        evidence=evidence,
        explained=reasons,
        rules=rules,
    )


#: The rule in words, one sentence per status, for the about page and docs.
RULE_TEXT: tuple[tuple[str, str], ...] = (
    (ARCHIVED, N_("Archived: the forge marks the repository as archived.")),
    (
        ACTIVE,
        N_(
            "Active: the last commit on the default branch (or, when the forge does not "
            "tell, the last push) is at most %(limit)s months old."
        ),
    ),
    (STALE, N_("Stale: that date is more than %(limit)s months old.")),
    (UNKNOWN, N_("Unknown: the forge gave no date at all, for example for an empty repository.")),
)
