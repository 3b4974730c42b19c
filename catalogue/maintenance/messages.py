"""Status ids, contradiction ids and every sentence of the maintenance model, as gettext
message ids marked with ``N_`` (``babel.cfg`` extracts this package)."""

from __future__ import annotations


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
