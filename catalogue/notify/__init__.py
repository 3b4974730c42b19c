"""``catalogue notify``: one issue per repository whose publiccode.yml has problems.

For publishers that opted in (``notify: true`` in publishers.yml), every repository in
the store that has a publiccode.yml is planned:

* problems (errors; warnings too with ``include_warnings``) and no catalogue issue yet
  -> ``open``; a catalogue issue whose title or body differs -> ``update`` (a closed one
  is reopened); the same text -> ``unchanged``;
* no problems and an open catalogue issue -> ``close`` with a short comment.

Repositories that are archived, gone from their account, or on a forge without a token
are skipped (``skip``, with the reason). Without ``apply`` nothing is written: existing
issues are still looked up (reads) when the forge has a token. Creations are paced by
``catalogue.notify.pacing.Pacer``. One repository's failure is recorded and the run goes
on. ``run_notify(...) -> NotifyReport``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from catalogue.config import Settings
from catalogue.errors import CatalogueError, UnknownHostError
from catalogue.notify.issues import FoundIssue, tracker_for
from catalogue.notify.pacing import GaveUp, Pacer
from catalogue.notify.render import fixed_comment, render_issue
from catalogue.records import Publisher, StoredEntry, ValidationMessage

#: Default issue creations a minute: GitHub allows 80 content-creating requests a minute
#: and 500 an hour but blocks bursts of issues earlier.
DEFAULT_PER_MINUTE = 20


@dataclass(frozen=True)
class Action:
    """One planned or done step: ``kind`` is open, update, close, unchanged, skip or
    failed; ``title`` the issue title; ``note`` a reason (skip, failed) or the issue URL."""

    kind: str
    url: str
    title: str = ""
    note: str = ""


@dataclass
class NotifyReport:
    """What a run did (``applied``) or would do, and the pauses it made (seconds)."""

    applied: bool
    actions: list[Action] = field(default_factory=list)
    waits: list[tuple[str, float]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """Actions of one kind."""
        return sum(action.kind == kind for action in self.actions)


def problems_of(stored: StoredEntry, include_warnings: bool) -> list[ValidationMessage] | None:
    """The messages to report, or ``None`` when the repository has no publiccode.yml."""
    document = stored.entry.publiccode
    if document is None:
        return None
    return [m for m in document.messages if m.severity == "error" or include_warnings]


def run_notify(settings: Settings, publishers: Sequence[Publisher], entries: Sequence[StoredEntry], *,
               apply: bool = False, include_warnings: bool = False, per_minute: int = DEFAULT_PER_MINUTE,
               sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
               ) -> NotifyReport:
    """Plan (and with ``apply`` carry out) the issue of every opted-in repository.

    ``sleep``/``clock`` pace the writes (tests pass fakes). Never raises for one
    repository's forge error: it becomes a ``failed`` action.
    """
    opted_in = {p.id: p for p in publishers if p.notify}
    pacer = Pacer(per_minute, sleep=sleep, clock=clock)
    report = NotifyReport(applied=apply)
    trackers: dict[str, object] = {}
    for stored in sorted(entries, key=lambda s: s.entry.source.url):
        source = stored.entry.source
        publisher = opted_in.get(source.publisher_id)
        problems = problems_of(stored, include_warnings)
        if publisher is None or problems is None:
            continue
        if stored.gone or source.archived:
            report.actions.append(Action("skip", source.url, note="archived" if source.archived else "gone"))
            continue
        try:
            forge = settings.forge_for(source.host)
        except UnknownHostError:
            report.actions.append(Action("skip", source.url, note=f"no forge configured for {source.host}"))
            continue
        if forge.token is None and apply:
            report.actions.append(Action("skip", source.url, note=f"no token for {source.host} ({forge.token_env})"))
            continue
        tracker = trackers.setdefault(source.host, tracker_for(forge))
        try:
            action = _one(tracker, stored, problems, publisher, apply=apply, pacer=pacer,
                          can_read=forge.token is not None)
        except (CatalogueError, GaveUp) as exc:
            action = Action("failed", source.url, note=str(exc))
        report.actions.append(action)
    report.waits = list(pacer.waits)
    return report


def _one(tracker, stored: StoredEntry, problems: list[ValidationMessage], publisher: Publisher, *, apply: bool,
         pacer: Pacer, can_read: bool) -> Action:
    source = stored.entry.source
    found: FoundIssue | None = tracker.find(source.full_name) if can_read else None
    if not problems:
        if found is None or found.state != "open":
            return Action("unchanged", source.url, note="no problems")
        if apply:
            pacer.write(lambda: tracker.comment(found, fixed_comment()), creates=True)
            pacer.write(lambda: tracker.close(found), creates=False)
        return Action("close", source.url, title=found.title, note=found.url or "")
    text = render_issue(stored.entry, problems, publisher.name)
    if found is None:
        note = "" if can_read else "existing issues not looked up: no token"
        if apply:
            created = pacer.write(lambda: tracker.open(source.full_name, text.title, text.body), creates=True)
            note = created.url or ""
        return Action("open", source.url, title=text.title, note=note)
    if found.state == "open" and found.title == text.title and found.body.strip() == text.body.strip():
        return Action("unchanged", source.url, title=text.title, note=found.url or "")
    if apply:
        pacer.write(lambda: tracker.update(found, text.title, text.body), creates=False)
    return Action("update", source.url, title=text.title, note=found.url or "")
