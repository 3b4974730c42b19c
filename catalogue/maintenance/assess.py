"""The rule: a pure function of the facts and "now", first match wins."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from catalogue.records import CatalogueEntry
from catalogue.maintenance.dates import months_before, utc, whole_months_between
from catalogue.maintenance.facts import facts_from_entry
from catalogue.maintenance.messages import ACTIVELY_MAINTAINED, AGE_MONTHS, AGE_ONE_MONTH, AGE_RECENT, ARCHIVED, CONTRACT_ENDED_BUT_ACTIVE, CONTRADICTIONS, DECLARED_MAINTAINED_BUT_ARCHIVED, DECLARED_MAINTAINED_BUT_INACTIVE, DECLARED_OBSOLETE_BUT_ACTIVE, DECLARED_UNMAINTAINED, DECLARED_UNMAINTAINED_BUT_ACTIVE, LOW_ACTIVITY, MAINTAINED, MAINTAINING_TYPES, MSG_ARCHIVED, MSG_COMMITS_365, MSG_COMMITS_90, MSG_CONTRACT_ENDED, MSG_CONTRACT_NO_DATE, MSG_CONTRACT_UNTIL, MSG_DECLARED_TYPE, MSG_DEVELOPMENT_STATUS, MSG_LAST_COMMIT, MSG_LAST_PUSH, MSG_NO_COUNTS, MSG_NO_DATE, MSG_NO_PUBLICCODE, MSG_NO_RELEASE_DATE, MSG_NO_TYPE, MSG_OPEN_ISSUES, MSG_RELEASE, MSG_RELEASE_DATE, MSG_RELEASE_UNDATED, OBSOLETE, RULE_ACTIVELY_MAINTAINED, RULE_ARCHIVED, RULE_DECLARED_UNMAINTAINED, RULE_LOW_ACTIVITY, RULE_MAINTAINED, RULE_OBSOLETE, RULE_UNKNOWN, RULE_UNMAINTAINED, STATUSES, UNKNOWN, UNMAINTAINED
from catalogue.maintenance.model import Contradiction, DEFAULT_RULES, Evidence, Maintenance, MaintenanceFacts, MaintenanceRules, Reason


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
        used: tuple[str, ...]
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
