"""The maintenance status of a repository: a pure function of its facts and "now".

What the maintainers declare in publiccode.yml (``maintenance.type``,
``developmentStatus``, ``maintenance.contractors[].until``, ``releaseDate``) is combined
with what the forge shows (archived, last commit or push, latest release, commit counts,
open issues). The rule, first match wins (thresholds from :class:`MaintenanceRules`):

``archived``               the forge marks the repository as archived;
``obsolete``               publiccode.yml declares ``developmentStatus: obsolete``;
``declared-unmaintained``  publiccode.yml declares ``maintenance.type: none``;
``unknown``                no commit, push or release date at all (an empty repository);
``actively-maintained``    last activity at most ``maintained_months`` ago and at least
                           ``active_commits_90_days`` commits in the last 90 days;
``maintained``             last activity at most ``maintained_months`` ago;
``low-activity``           last activity at most ``low_activity_months`` ago;
``unmaintained``           older.

"Last activity" is the newest of the last commit on the default branch (the last push
when the forge gives no commit) and the latest forge release. Declarations that disagree
with the activity are reported as :class:`Contradiction` objects, never silently resolved.
The full model is documented in ``docs/maintenance.md``.

Every sentence is a gettext message id marked with ``N_`` in this module, the one file
``babel.cfg`` extracts outside the site (history event sentences live here for that reason).
Status ids and contradiction ids are stable: the export writes ``maintenance.status``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Callable, Mapping

from catalogue.records import CatalogueEntry, Release

ARCHIVED = "archived"
OBSOLETE = "obsolete"
DECLARED_UNMAINTAINED = "declared-unmaintained"
UNKNOWN = "unknown"
ACTIVELY_MAINTAINED = "actively-maintained"
MAINTAINED = "maintained"
LOW_ACTIVITY = "low-activity"
UNMAINTAINED = "unmaintained"

#: Every status id, in the order the rule checks them.
STATUSES: tuple[str, ...] = (
    ARCHIVED, OBSOLETE, DECLARED_UNMAINTAINED, UNKNOWN,
    ACTIVELY_MAINTAINED, MAINTAINED, LOW_ACTIVITY, UNMAINTAINED,
)

#: Declared ``maintenance.type`` values that promise maintenance (publiccode.yml spec,
#: key ``maintenance.type``); ``contract`` only while a contract runs.
MAINTAINING_TYPES = frozenset({"internal", "contract", "community"})


def N_(message: str) -> str:
    """Mark ``message`` for gettext extraction without translating it (returns it)."""
    return message


# -- ages, nested in other sentences as the ``age`` parameter -------------------------
AGE_RECENT = N_("less than a month ago")
AGE_ONE_MONTH = N_("1 month ago")
AGE_MONTHS = N_("%(months)s months ago")

# -- evidence: what the forge shows ---------------------------------------------------
MSG_ARCHIVED = N_("The forge marks this repository as archived.")
MSG_LAST_COMMIT = N_("Last commit on the default branch: %(date)s (%(age)s).")
MSG_LAST_PUSH = N_("The forge gave no last commit; last push: %(date)s (%(age)s).")
MSG_NO_DATE = N_("The forge gave no date of a commit or push (for example an empty repository).")
MSG_RELEASE = N_("Latest release on the forge: %(tag)s, %(date)s (%(age)s).")
MSG_RELEASE_UNDATED = N_("Latest release on the forge: %(tag)s (no date given).")
MSG_COMMITS_90 = N_("Commits on the default branch in the last 90 days: %(count)s.")
MSG_COMMITS_365 = N_("Commits on the default branch in the last 365 days: %(count)s.")
MSG_NO_COUNTS = N_("The forge gave no commit counts, so activity is judged by dates alone.")
MSG_OPEN_ISSUES = N_("Open issues: %(count)s.")

# -- evidence: what publiccode.yml declares -------------------------------------------
MSG_NO_PUBLICCODE = N_("There is no publiccode.yml, so nothing is declared about maintenance.")
MSG_NO_TYPE = N_("publiccode.yml declares no maintenance type.")
MSG_DECLARED_TYPE = N_("Declared maintenance: %(type)s.")
MSG_DEVELOPMENT_STATUS = N_("Declared development status: %(status)s.")
MSG_CONTRACT_UNTIL = N_("Maintenance contract until %(date)s.")
MSG_CONTRACT_ENDED = N_("Contract ended %(date)s.")
MSG_CONTRACT_NO_DATE = N_("The maintenance contract has no readable end date.")
MSG_RELEASE_DATE = N_("Declared release date: %(date)s.")
MSG_NO_RELEASE_DATE = N_("No release date declared.")

# -- the rule, one sentence per status (also the decision sentence of a result) -------
RULE_ARCHIVED = N_("Archived: the forge marks the repository as archived (read-only).")
RULE_OBSOLETE = N_("Obsolete: publiccode.yml declares developmentStatus obsolete.")
RULE_DECLARED_UNMAINTAINED = N_(
    "Declared unmaintained: publiccode.yml declares maintenance type none."
)
RULE_UNKNOWN = N_("Unknown: no date of a commit, push or release at all, for example an empty repository.")
RULE_ACTIVELY_MAINTAINED = N_(
    "Actively maintained: at least %(commits)s commits on the default branch in the last "
    "90 days, and the last activity at most %(limit)s months ago."
)
RULE_MAINTAINED = N_(
    "Maintained: the last activity (a commit, or a push when the forge gives no commit, "
    "or a release) at most %(limit)s months ago."
)
RULE_LOW_ACTIVITY = N_(
    "Low activity: the last activity more than %(limit)s but at most %(max)s months ago."
)
RULE_UNMAINTAINED = N_("Unmaintained: the last activity more than %(max)s months ago.")

# -- contradictions between declaration and activity ----------------------------------
DECLARED_MAINTAINED_BUT_ARCHIVED = "declared-maintained-but-archived"
DECLARED_MAINTAINED_BUT_INACTIVE = "declared-maintained-but-inactive"
DECLARED_OBSOLETE_BUT_ACTIVE = "declared-obsolete-but-active"
DECLARED_UNMAINTAINED_BUT_ACTIVE = "declared-unmaintained-but-active"
CONTRACT_ENDED_BUT_ACTIVE = "contract-ended-but-active"

#: Every contradiction id with its sentence.
CONTRADICTIONS: dict[str, str] = {
    DECLARED_MAINTAINED_BUT_ARCHIVED: N_(
        "Contradiction: declared maintenance %(type)s, but the forge marks the repository as archived."
    ),
    DECLARED_MAINTAINED_BUT_INACTIVE: N_(
        "Contradiction: declared maintenance %(type)s, but the last activity is more than %(max)s months ago."
    ),
    DECLARED_OBSOLETE_BUT_ACTIVE: N_(
        "Contradiction: declared obsolete, but the last activity is at most %(limit)s months ago."
    ),
    DECLARED_UNMAINTAINED_BUT_ACTIVE: N_(
        "Contradiction: declared maintenance none, but the last activity is at most %(limit)s months ago."
    ),
    CONTRACT_ENDED_BUT_ACTIVE: N_(
        "Contradiction: the maintenance contract ended %(date)s, but the last activity is at most %(limit)s months ago."
    ),
}

# -- history events (catalogue.history) ------------------------------------------------
EVENT_BECAME_UNMAINTAINED = N_("Became unmaintained on %(date)s.")
EVENT_BECAME_LOW_ACTIVITY = N_("Activity became low on %(date)s.")
EVENT_BECAME_ACTIVE_AGAIN = N_("Became active again on %(date)s.")
EVENT_BECAME_ARCHIVED = N_("Found archived on %(date)s.")
EVENT_STATUS_CHANGED = N_("Status changed on %(date)s.")


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


def utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive value is read as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def read_date(value: Any) -> date | None:
    """Read a publiccode.yml date (``YYYY-MM-DD`` string, ``date`` or ``datetime``);
    ``None`` when missing or not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def facts_from_entry(entry: CatalogueEntry, rules: MaintenanceRules = DEFAULT_RULES) -> MaintenanceFacts:
    """Take the rule's facts from ``entry``: the forge's from ``entry.source``, the
    declared ones from ``entry.publiccode.data`` (publiccode.yml spec keys
    ``maintenance.type``, ``maintenance.contractors[].until``, ``developmentStatus``,
    ``releaseDate``; wrong types count as not declared). ``rules`` names the
    placeholder release dates."""
    source = entry.source
    data: Mapping[str, Any] = {}
    if entry.publiccode is not None and isinstance(entry.publiccode.data, Mapping):
        data = entry.publiccode.data
    maintenance = data.get("maintenance")
    maintenance = maintenance if isinstance(maintenance, Mapping) else {}
    contractors = maintenance.get("contractors")
    ends = tuple(
        read_date(item.get("until")) if isinstance(item, Mapping) else None
        for item in (contractors if isinstance(contractors, list) else ())
    )
    release_date = read_date(data.get("releaseDate"))
    if release_date in rules.placeholder_release_dates:
        release_date = None
    return MaintenanceFacts(
        archived=source.archived,
        last_commit_at=source.last_commit_at,
        pushed_at=source.pushed_at,
        latest_release=source.latest_release,
        commits_last_90_days=source.commits_last_90_days,
        commits_last_365_days=source.commits_last_365_days,
        open_issues=source.open_issues,
        has_publiccode=entry.publiccode is not None,
        maintenance_type=_declared(maintenance.get("type")),
        development_status=_declared(data.get("developmentStatus")),
        contract_ends=ends,
        release_date=release_date,
    )


def _declared(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def assess_maintenance(
    entry: CatalogueEntry, now: datetime, rules: MaintenanceRules = DEFAULT_RULES
) -> Maintenance:
    """Decide the maintenance status of ``entry`` as of ``now`` (the rule is in the
    module docstring and ``docs/maintenance.md``).

    ``now`` is a datetime (naive values are read as UTC). Pure: the same entry, ``now``
    and ``rules`` always give the same result.
    """
    return assess_facts(facts_from_entry(entry, rules), now, rules)


def assess_facts(
    facts: MaintenanceFacts, now: datetime, rules: MaintenanceRules = DEFAULT_RULES
) -> Maintenance:
    """Decide the maintenance status from ``facts`` as of ``now`` (naive: UTC). Pure;
    :func:`assess_maintenance` and ``catalogue.history`` both use it."""
    return _Assessment(facts, utc(now), rules).decide()


def rule_sentences(rules: MaintenanceRules = DEFAULT_RULES) -> tuple[tuple[str, Reason], ...]:
    """The rule in words for the about page: ``(status id, sentence)`` in the order the
    rule checks them, the sentences carrying ``rules``' thresholds as parameters."""
    params = rules.params()
    return tuple((status, Reason(RULE_SENTENCES[status], params)) for status in STATUSES)


#: Each status's rule sentence (message id).
RULE_SENTENCES: dict[str, str] = {
    ARCHIVED: RULE_ARCHIVED,
    OBSOLETE: RULE_OBSOLETE,
    DECLARED_UNMAINTAINED: RULE_DECLARED_UNMAINTAINED,
    UNKNOWN: RULE_UNKNOWN,
    ACTIVELY_MAINTAINED: RULE_ACTIVELY_MAINTAINED,
    MAINTAINED: RULE_MAINTAINED,
    LOW_ACTIVITY: RULE_LOW_ACTIVITY,
    UNMAINTAINED: RULE_UNMAINTAINED,
}

#: Deprecated (the first version's shape, read by ``catalogue.site.pages``):
#: ``(status, English sentence)`` with the default thresholds filled in. Use
#: :func:`rule_sentences`, whose sentences the site can translate.
RULE_TEXT: tuple[tuple[str, str], ...] = tuple(
    (status, reason.render()) for status, reason in rule_sentences(DEFAULT_RULES)
)


def _age(moment: datetime, now: datetime) -> Reason:
    months = whole_months_between(moment, now)
    if months == 0:
        return Reason(AGE_RECENT)
    return Reason(AGE_ONE_MONTH) if months == 1 else Reason(AGE_MONTHS, {"months": months})


class _Assessment:
    """One evaluation of the rule; only :func:`assess_facts` builds it."""

    def __init__(self, facts: MaintenanceFacts, now: datetime, rules: MaintenanceRules) -> None:
        self.facts, self.now, self.rules = facts, now, rules
        self.declared_type = (facts.maintenance_type or "").casefold() or None
        self.obsolete = (facts.development_status or "").casefold() == "obsolete"
        self.activity = self._activity()
        self.tier = self._tier()
        self.contract_ended = self._contract_ended()

    def decide(self) -> Maintenance:
        facts = self.facts
        if facts.archived:
            status, used = ARCHIVED, ("archived",)
        elif self.obsolete:
            status, used = OBSOLETE, ("developmentStatus",)
        elif self.declared_type == "none":
            status, used = DECLARED_UNMAINTAINED, ("maintenance.type",)
        elif self.activity is None:
            status, used = UNKNOWN, ("last_commit_at", "pushed_at", "latest_release")
        else:
            status, used = self.tier or UNKNOWN, (self.activity[0],)
            if status in (ACTIVELY_MAINTAINED, MAINTAINED) and facts.commits_last_90_days is not None:
                used += ("commits_last_90_days",)
        evidence = self._evidence(status)
        contradictions = self._contradictions()
        explained = (
            (Reason(RULE_SENTENCES[status], self.rules.params()),)
            + tuple(item.reason for item in evidence if item.reason is not None)
            + tuple(item.reason for item in contradictions)
        )
        return Maintenance(
            status=status,
            reasons=tuple(reason.render() for reason in explained),
            evidence=evidence,
            explained=explained,
            rules=self.rules,
            used_evidence=used,
            contradictions=contradictions,
        )

    def _activity(self) -> tuple[str, datetime] | None:
        """The newest activity: ``(fact name, UTC time)``; a commit wins a tie."""
        facts = self.facts
        candidates: list[tuple[str, datetime]] = []
        if facts.last_commit_at is not None:
            candidates.append(("last_commit_at", utc(facts.last_commit_at)))
        elif facts.pushed_at is not None:
            candidates.append(("pushed_at", utc(facts.pushed_at)))
        release = facts.latest_release
        if release is not None and release.published_at is not None:
            candidates.append(("latest_release", utc(release.published_at)))
        if not candidates:
            return None
        return max(candidates, key=lambda item: (item[1], item[0] != "latest_release"))

    def _tier(self) -> str | None:
        if self.activity is None:
            return None
        moment = self.activity[1]
        if moment >= months_before(self.now, self.rules.maintained_months):
            commits = self.facts.commits_last_90_days
            if commits is not None and commits >= self.rules.active_commits_90_days:
                return ACTIVELY_MAINTAINED
            return MAINTAINED
        if moment >= months_before(self.now, self.rules.low_activity_months):
            return LOW_ACTIVITY
        return UNMAINTAINED

    def _contract_ended(self) -> date | None:
        """The last ``until`` when every contract has a readable end before today
        (a contract runs through its ``until`` day); ``None`` otherwise."""
        ends = self.facts.contract_ends
        if not ends or any(end is None for end in ends):
            return None
        last = max(end for end in ends if end is not None)
        return last if last < self.now.date() else None

    def _evidence(self, status: str) -> tuple[Evidence, ...]:
        facts, now = self.facts, self.now
        items: list[Evidence] = []
        if facts.archived:
            items.append(Evidence("archived", True, Reason(MSG_ARCHIVED)))
        if not facts.has_publiccode:
            items.append(Evidence("maintenance.type", None, Reason(MSG_NO_PUBLICCODE)))
        elif facts.maintenance_type is None:
            items.append(Evidence("maintenance.type", None, Reason(MSG_NO_TYPE)))
        else:
            items.append(Evidence("maintenance.type", facts.maintenance_type,
                                  Reason(MSG_DECLARED_TYPE, {"type": facts.maintenance_type})))
        if facts.contract_ends:
            if any(end is None for end in facts.contract_ends):
                reason = Reason(MSG_CONTRACT_NO_DATE)
            elif self.contract_ended is not None:
                reason = Reason(MSG_CONTRACT_ENDED, {"date": self.contract_ended})
            else:
                reason = Reason(MSG_CONTRACT_UNTIL, {"date": max(e for e in facts.contract_ends if e)})
            items.append(Evidence("maintenance.contractors", facts.contract_ends, reason))
        if facts.development_status is not None:
            items.append(Evidence("developmentStatus", facts.development_status,
                                  Reason(MSG_DEVELOPMENT_STATUS, {"status": facts.development_status})))
        if facts.has_publiccode:
            reason = (Reason(MSG_RELEASE_DATE, {"date": facts.release_date})
                      if facts.release_date is not None else Reason(MSG_NO_RELEASE_DATE))
            items.append(Evidence("releaseDate", facts.release_date, reason))
        if facts.last_commit_at is not None:
            moment = utc(facts.last_commit_at)
            items.append(Evidence("last_commit_at", moment, Reason(
                MSG_LAST_COMMIT, {"date": moment.date(), "age": _age(moment, now)})))
        elif facts.pushed_at is not None:
            moment = utc(facts.pushed_at)
            items.append(Evidence("pushed_at", moment, Reason(
                MSG_LAST_PUSH, {"date": moment.date(), "age": _age(moment, now)})))
        else:
            items.append(Evidence("last_commit_at", None, Reason(MSG_NO_DATE)))
            items.append(Evidence("pushed_at", None))
        release = facts.latest_release
        if release is None:
            items.append(Evidence("latest_release", None))
        elif release.published_at is None:
            items.append(Evidence("latest_release", release,
                                  Reason(MSG_RELEASE_UNDATED, {"tag": release.tag_name})))
        else:
            moment = utc(release.published_at)
            items.append(Evidence("latest_release", release, Reason(MSG_RELEASE, {
                "tag": release.tag_name, "date": moment.date(), "age": _age(moment, now)})))
        if facts.commits_last_90_days is not None:
            items.append(Evidence("commits_last_90_days", facts.commits_last_90_days,
                                  Reason(MSG_COMMITS_90, {"count": facts.commits_last_90_days})))
        elif status == MAINTAINED:
            items.append(Evidence("commits_last_90_days", None, Reason(MSG_NO_COUNTS)))
        if facts.commits_last_365_days is not None:
            items.append(Evidence("commits_last_365_days", facts.commits_last_365_days,
                                  Reason(MSG_COMMITS_365, {"count": facts.commits_last_365_days})))
        if facts.open_issues is not None:
            items.append(Evidence("open_issues", facts.open_issues,
                                  Reason(MSG_OPEN_ISSUES, {"count": facts.open_issues})))
        return tuple(items)

    def _contradictions(self) -> tuple[Contradiction, ...]:
        params = self.rules.params()
        declared = self.declared_type
        promises = declared in MAINTAINING_TYPES and not (
            declared == "contract" and self.contract_ended is not None
        )
        recent = self.tier in (ACTIVELY_MAINTAINED, MAINTAINED)
        found: list[tuple[str, dict[str, Any]]] = []
        if self.facts.archived:
            if promises:
                found.append((DECLARED_MAINTAINED_BUT_ARCHIVED, {"type": self.facts.maintenance_type}))
        else:
            if promises and self.tier == UNMAINTAINED:
                found.append((DECLARED_MAINTAINED_BUT_INACTIVE,
                              {"type": self.facts.maintenance_type, "max": params["max"]}))
            if self.obsolete and recent:
                found.append((DECLARED_OBSOLETE_BUT_ACTIVE, {"limit": params["limit"]}))
            if declared == "none" and recent:
                found.append((DECLARED_UNMAINTAINED_BUT_ACTIVE, {"limit": params["limit"]}))
            if self.contract_ended is not None and recent:
                found.append((CONTRACT_ENDED_BUT_ACTIVE,
                              {"date": self.contract_ended, "limit": params["limit"]}))
        return tuple(Contradiction(cid, Reason(CONTRADICTIONS[cid], p)) for cid, p in found)
