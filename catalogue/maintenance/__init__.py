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

Every sentence is a gettext message id marked with ``N_`` in
``catalogue.maintenance.messages`` (``babel.cfg`` extracts this package; the history's
event sentences live there too). Modules: ``messages`` (ids and sentences), ``model``
(the records), ``dates`` (calendar arithmetic), ``facts`` (facts of an entry),
``assess`` (the rule).
Status ids and contradiction ids are stable: the export writes ``maintenance.status``.
"""

from __future__ import annotations

from catalogue.maintenance.messages import (  # noqa: F401 - the package's public names
    ACTIVELY_MAINTAINED,
    AGE_MONTHS,
    AGE_ONE_MONTH,
    AGE_RECENT,
    ARCHIVED,
    CONTRACT_ENDED_BUT_ACTIVE,
    CONTRADICTIONS,
    DECLARED_MAINTAINED_BUT_ARCHIVED,
    DECLARED_MAINTAINED_BUT_INACTIVE,
    DECLARED_OBSOLETE_BUT_ACTIVE,
    DECLARED_UNMAINTAINED,
    DECLARED_UNMAINTAINED_BUT_ACTIVE,
    EVENT_BECAME_ACTIVE_AGAIN,
    EVENT_BECAME_ARCHIVED,
    EVENT_BECAME_LOW_ACTIVITY,
    EVENT_BECAME_UNMAINTAINED,
    EVENT_STATUS_CHANGED,
    LOW_ACTIVITY,
    MAINTAINED,
    MAINTAINING_TYPES,
    MSG_ARCHIVED,
    MSG_COMMITS_365,
    MSG_COMMITS_90,
    MSG_CONTRACT_ENDED,
    MSG_CONTRACT_NO_DATE,
    MSG_CONTRACT_UNTIL,
    MSG_DECLARED_TYPE,
    MSG_DEVELOPMENT_STATUS,
    MSG_LAST_COMMIT,
    MSG_LAST_PUSH,
    MSG_NO_COUNTS,
    MSG_NO_DATE,
    MSG_NO_PUBLICCODE,
    MSG_NO_RELEASE_DATE,
    MSG_NO_TYPE,
    MSG_OPEN_ISSUES,
    MSG_RELEASE,
    MSG_RELEASE_DATE,
    MSG_RELEASE_UNDATED,
    N_,
    OBSOLETE,
    RULE_ACTIVELY_MAINTAINED,
    RULE_ARCHIVED,
    RULE_DECLARED_UNMAINTAINED,
    RULE_LOW_ACTIVITY,
    RULE_MAINTAINED,
    RULE_OBSOLETE,
    RULE_UNKNOWN,
    RULE_UNMAINTAINED,
    STATUSES,
    UNKNOWN,
    UNMAINTAINED,
)
from catalogue.maintenance.model import (  # noqa: F401 - the package's public names
    Contradiction,
    DEFAULT_RULES,
    Evidence,
    Maintenance,
    MaintenanceFacts,
    MaintenanceRules,
    Reason,
)
from catalogue.maintenance.dates import (  # noqa: F401 - the package's public names
    months_before,
    read_date,
    utc,
    whole_months_between,
)
from catalogue.maintenance.facts import (  # noqa: F401 - the package's public names
    facts_from_entry,
)
from catalogue.maintenance.assess import (  # noqa: F401 - the package's public names
    RULE_SENTENCES,
    RULE_TEXT,
    assess_facts,
    assess_maintenance,
    rule_sentences,
)
