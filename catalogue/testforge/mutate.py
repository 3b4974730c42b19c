"""Change a deterministic share of a running test forge's repositories (incremental-crawl benchmarks).

``mutate(fixture, share=0.05, seed=3, what=("push", "publiccode"))`` (or
``TestForge.mutate(...)``) edits the fixture model in memory; every emulator reads it on
each request, so REST, GraphQL and raw answers (and their ETags) change together:

* ``push``: a new HEAD commit at ``now``: ``pushed_at``, ``last_commit_at``,
  ``updated_at`` and GitLab's ``last_activity_at`` become ``now``; the commit id changes.
* ``publiccode``: the root ``publiccode.yml`` of selected repositories that have one is
  edited (its ``shortDescription`` gets an ``(update N)`` suffix, so the file stays valid
  and its blob id changes); that is a push too.
* ``metadata``: ``stars + 1`` and ``updated_at = now``, no commit.

Selection: the eligible repositories (``push``/``publiccode``: not empty and with a
repository; ``publiccode`` alone: those with a ``publiccode.yml``; ``metadata``: all) are
ranked by ``sha256(seed:key)`` and the first ``round(share * eligible)`` are changed, so
the same seed picks the same repositories. Keys are ``web_host:full/path``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterator, Sequence

from catalogue.testforge.fixture import Fixture, Repo, parse_time

KINDS = ("push", "publiccode", "metadata")
PUBLICCODE = "publiccode.yml"
_SUFFIX = re.compile(r"^(\s*shortDescription: .*?)( \(update \d+\))?$", re.MULTILINE)


@dataclass(frozen=True)
class Mutation:
    """What one ``mutate`` call changed: keys of all changed repositories and per kind, and ``now``."""

    changed: frozenset[str]
    pushed: frozenset[str]
    publiccode: frozenset[str]
    metadata: frozenset[str]
    now: datetime


def repositories(fixture: Fixture) -> Iterator[tuple[str, Repo]]:
    """``(key, repo)`` of every GitHub repository and GitLab project of the fixture."""
    for repo in fixture.repos.values():
        yield f"{fixture.github_web_host}:{repo.full_name}", repo
    for instance in fixture.gitlab:
        for project in instance.projects.values():
            yield f"{instance.web_host}:{project.full_name}", project


def mutate(fixture: Fixture, share: float = 0.05, seed: int = 0, what: Sequence[str] = ("push",), *,
           now: datetime | str | None = None, repos: Sequence[str] | None = None) -> Mutation:
    """Change ``share`` of the eligible repositories (or exactly the keys in ``repos``).

    ``now`` (aware datetime or ISO string; default: the wall clock, whole seconds) never
    goes backwards for a repository: a time at or before its last push becomes that push
    plus one second. Raises ``ValueError`` for an unknown kind or a share outside [0, 1],
    ``KeyError`` for an unknown key in ``repos``.
    """
    kinds = set(what)
    if not kinds or kinds - set(KINDS):
        raise ValueError(f"what must name some of {KINDS}, not {sorted(what)}")
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must lie in [0, 1], not {share}")
    when = parse_time(now) if now is not None else datetime.now(timezone.utc).replace(microsecond=0)
    every = dict(repositories(fixture))
    if repos is not None:
        chosen = [(key, every[key]) for key in repos]
    else:
        eligible = [(key, repo) for key, repo in every.items() if _eligible(repo, kinds)]
        eligible.sort(key=lambda item: hashlib.sha256(f"{seed}:{item[0]}".encode()).hexdigest())
        chosen = eligible[:round(share * len(eligible))]
    pushed, edited, touched = set(), set(), set()
    for key, repo in chosen:
        if "publiccode" in kinds and PUBLICCODE in repo.files and repo.has_commits:
            repo.files[PUBLICCODE] = _edit(repo.files[PUBLICCODE])
            edited.add(key)
        if (key in edited or "push" in kinds) and repo.has_commits:
            _push(repo, when)
            pushed.add(key)
        if "metadata" in kinds:
            repo.stars += 1
            if key not in pushed:
                last = repo.updated_at or repo.pushed_at or repo.created_at
                repo.updated_at = when if last is None or when > last else last + timedelta(seconds=1)
            touched.add(key)
    return Mutation(changed=frozenset(pushed | edited | touched), pushed=frozenset(pushed),
                    publiccode=frozenset(edited), metadata=frozenset(touched), now=when)


def _eligible(repo: Repo, kinds: set[str]) -> bool:
    if "metadata" in kinds:
        return True
    if not repo.has_commits:
        return False
    return "push" in kinds or PUBLICCODE in repo.files


def _push(repo: Repo, when: datetime) -> None:
    last = max(t for t in (repo.pushed_at, repo.last_commit_at, repo.updated_at, repo.created_at) if t)
    at = when if when > last else last + timedelta(seconds=1)
    repo.commit_dates = [at, *repo.commit_dates]
    repo.last_commit_at = repo.pushed_at = repo.updated_at = at


def _edit(text: str) -> str:
    """The file with its first ``shortDescription`` suffixed ``(update N+1)``."""
    match = _SUFFIX.search(text)
    if match is None:
        return text + "# updated\n"
    number = int(match.group(2)[9:-1]) + 1 if match.group(2) else 1
    return text[:match.start()] + f"{match.group(1)} (update {number})" + text[match.end():]
