"""A generated test-forge fixture of any size, with the matching publishers list (benchmarks).

``make_dataset(10_000, seed=1)`` returns a ``Dataset``: a fixture document in the format of
``catalogue.testforge.fixture`` and a publishers list in the developer.overheid.nl seed
format (``catalogue.publishers``). The same ``repos`` and ``seed`` always give the same
documents, so a benchmark run can be repeated.

The shape imitates the Dutch government's accounts:

* about 70 % of repositories on GitHub, 30 % on one GitLab instance (``gitlab.com``);
* accounts with long-tailed sizes: a third with one to five repositories, the rest a
  Pareto draw (median about 12, a few with hundreds, at most 1,000), about 30
  repositories per account on average; about 10 % of accounts are users;
* GitLab groups with nested subgroups (up to three levels), projects spread over them;
* per repository: about 8 % carry one of a few valid ``publiccode.yml`` files, 8 %
  archived, 10 % forks, 2 % empty, a third with releases, languages by bytes, SPDX
  licences (a quarter none), topics, stars, open issues, and creation/push dates between
  2012 and ``now``, a third of them not pushed for two years.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

DEFAULT_NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
EPOCH = datetime(2012, 1, 1, tzinfo=timezone.utc)

GITHUB_SHARE = 0.70
USER_SHARE = 0.10
PUBLICCODE_SHARE = 0.08
ARCHIVED_SHARE = 0.08
FORK_SHARE = 0.10
EMPTY_SHARE = 0.02
RELEASE_SHARE = 0.33
MAX_ACCOUNT_SIZE = 1000
TINY_ACCOUNT_SHARE = 0.35

_WORDS = ("zaak", "burger", "portaal", "data", "register", "kaart", "api", "gemeente", "belasting", "subsidie",
          "vergunning", "afval", "parkeren", "melding", "afspraak", "open", "design", "system", "formulier",
          "archief", "woo", "besluit", "energie", "water", "wijk", "zorg", "onderwijs", "verkeer", "geo", "brp")
_LANGUAGES = (("Python", 20), ("JavaScript", 18), ("TypeScript", 14), ("Java", 12), ("PHP", 8), ("C#", 7),
              ("Go", 5), ("HTML", 6), ("CSS", 5), ("Shell", 6), ("Ruby", 2), ("Kotlin", 2), ("R", 2),
              ("Jupyter Notebook", 3), ("Dockerfile", 4), ("HCL", 2))
_LICENCES = (("EUPL-1.2", 30), ("MIT", 18), (None, 25), ("Apache-2.0", 8), ("AGPL-3.0-only", 6),
             ("GPL-3.0-only", 4), ("MPL-2.0", 3), ("BSD-3-Clause", 2), ("NOASSERTION", 4))
_TOPICS = ("overheid", "government", "common-ground", "open-source", "nl-design-system", "haven", "fsc",
           "opendata", "gemeente", "api")
_UPSTREAMS = ("django/django", "nodejs/node", "rails/rails", "kubernetes/kubernetes", "apache/superset",
              "openzaak/open-zaak", "maykinmedia/objects-api", "nextcloud/server")

# Valid publiccode.yml files (checked by tests/testforge/test_dataset.py); {name} and
# {url} become the repository's name and web URL.
PUBLICCODE_TEMPLATES = (
    """publiccodeYmlVersion: "0"
name: {name}
url: "{url}"
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  nl:
    shortDescription: Webapplicatie voor het afhandelen van zaken.
    longDescription: "{long}"
    features: [zaakafhandeling, notificaties]
legal:
  license: EUPL-1.2
maintenance:
  type: internal
  contacts:
    - name: Team Digitaal
      email: digitaal@example.org
localisation:
  localisationReady: true
  availableLanguages: [nl, en]
""",
    """publiccodeYmlVersion: "0"
name: {name}
url: "{url}"
releaseDate: "2024-03-01"
platforms: [linux, web]
categories: [data-collection]
developmentStatus: beta
softwareType: library
description:
  en:
    shortDescription: A library for government registers.
    longDescription: "{long}"
    features: [validation, export]
legal:
  license: MIT
maintenance:
  type: community
  contacts:
    - name: Open Source Office
      email: oss@example.org
localisation:
  localisationReady: false
  availableLanguages: [en]
""",
    """publiccodeYmlVersion: "0.4"
name: {name}
url: "{url}"
platforms: [web]
developmentStatus: development
softwareType: standalone/other
description:
  nl:
    shortDescription: Prototype voor een gemeentelijke dienst.
    longDescription: "{long}"
    features: [prototype]
legal:
  license: AGPL-3.0-only
maintenance:
  type: none
localisation:
  localisationReady: false
  availableLanguages: [nl]
""",
)
_LONG = ("Deze software is ontwikkeld door een Nederlandse overheidsorganisatie en wordt als open source "
         "gedeeld zodat andere organisaties haar kunnen hergebruiken, verbeteren en samen onderhouden.")


@dataclass(frozen=True)
class Dataset:
    """A generated fixture (``fixture``: dict) and publishers list (``publishers``: list of dicts)."""

    fixture: dict[str, Any]
    publishers: list[dict[str, Any]]

    def repository_keys(self) -> list[str]:
        """``web_host:full/path`` of every repository, in document order (the keys of
        ``TestForge.stats()["by_repo"]`` and of ``catalogue.testforge.mutate``)."""
        keys = [f"github.com:{account['login']}/{repo['name']}"
                for account in self.fixture["github"]["accounts"] for repo in account["repositories"]]
        for instance in self.fixture["gitlab"]:
            host = instance["web_host"]
            stack = [(g, g["path"]) for g in instance["groups"]]
            while stack:
                group, path = stack.pop(0)
                keys.extend(f"{host}:{path}/{p['name']}" for p in group["projects"])
                stack.extend((sub, f"{path}/{sub['path']}") for sub in group["subgroups"])
            keys.extend(f"{host}:{u['username']}/{p['name']}" for u in instance["users"] for p in u["projects"])
        return keys

    def write(self, directory: str | Path) -> tuple[Path, Path]:
        """Write ``fixture.json`` and ``publishers.yml`` into ``directory``; returns both paths."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        fixture_path = directory / "fixture.json"
        publishers_path = directory / "publishers.yml"
        fixture_path.write_text(json.dumps(self.fixture, ensure_ascii=False), encoding="utf-8")
        publishers_path.write_text(yaml.safe_dump(self.publishers, sort_keys=False, allow_unicode=True),
                                   encoding="utf-8")
        return fixture_path, publishers_path


def make_dataset(repos: int, seed: int = 1, *, now: datetime = DEFAULT_NOW) -> Dataset:
    """A deterministic fixture with exactly ``repos`` repositories and its publishers list.

    ``now`` bounds every generated date (UTC). Raises ``ValueError`` for ``repos < 1``.
    """
    if repos < 1:
        raise ValueError(f"repos must be at least 1, not {repos}")
    return _Generator(random.Random(seed), now).build(repos)


class _Generator:
    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.used_names: set[str] = set()

    # -- accounts ---------------------------------------------------------------------------

    def build(self, total: int) -> Dataset:
        github_total = round(total * GITHUB_SHARE) if total > 1 else total
        gitlab_total = total - github_total
        accounts = [self._github_account(i, size) for i, size in enumerate(self._sizes(github_total))]
        groups, users = [], []
        for i, size in enumerate(self._sizes(gitlab_total)):
            if self.rng.random() < USER_SHARE:
                username = f"{self._word()}-dev{i}"
                users.append({"username": username,
                              "projects": [self._repo(j, "gitlab.com", username) for j in range(size)]})
            else:
                path = f"{self._word()}-groep{i}"
                groups.append(self._group(path, path, size, depth=0))
        fixture = {
            "note": f"Generated by catalogue.testforge.dataset: {total} repositories.",
            "github": {"web_host": "github.com", "accounts": accounts},
            "gitlab": [{"prefix": "/gitlab", "web_host": "gitlab.com", "groups": groups, "users": users}],
        }
        urls = [f"https://github.com/{a['login']}" for a in accounts]
        urls += [f"https://gitlab.com/{g['path']}" for g in groups]
        urls += [f"https://gitlab.com/{u['username']}" for u in users]
        return Dataset(fixture=fixture, publishers=self._publishers(urls))

    def _sizes(self, total: int) -> list[int]:
        """Account sizes summing to ``total`` (long tail, see the module docstring), shuffled."""
        sizes: list[int] = []
        left = total
        while left > 0:
            if self.rng.random() < TINY_ACCOUNT_SHARE:
                drawn = self.rng.randint(1, 5)
            else:
                drawn = int(self.rng.paretovariate(1.15) * 10)
            size = min(left, MAX_ACCOUNT_SIZE, max(1, drawn))
            sizes.append(size)
            left -= size
        self.rng.shuffle(sizes)
        return sizes

    def _github_account(self, index: int, size: int) -> dict[str, Any]:
        user = self.rng.random() < USER_SHARE
        login = f"{self._word()}-{'dev' if user else 'org'}{index}"
        return {"login": login, "type": "User" if user else "Organization",
                "name": login.replace("-", " ").title(),
                "repositories": [self._repo(j, "github.com", login) for j in range(size)]}

    def _group(self, path: str, full_path: str, size: int, depth: int) -> dict[str, Any]:
        """A group holding ``size`` projects, part of them in nested subgroups."""
        subgroups: list[dict[str, Any]] = []
        own = size
        if depth < 3 and size > 3 and self.rng.random() < 0.5:
            for k in range(self.rng.randint(1, 3)):
                share = self.rng.randint(1, max(1, own // 2))
                if own - share < 1:
                    break
                own -= share
                sub = f"{self._word()}-{k}"
                subgroups.append(self._group(sub, f"{full_path}/{sub}", share, depth + 1))
        return {"path": path, "name": path.replace("-", " ").title(),
                "projects": [self._repo(j, "gitlab.com", full_path) for j in range(own)],
                "subgroups": subgroups}

    def _publishers(self, urls: list[str]) -> list[dict[str, Any]]:
        """Publishers with one to three accounts each (shuffled), ids ``pub-N``."""
        urls = list(urls)
        self.rng.shuffle(urls)
        publishers: list[dict[str, Any]] = []
        while urls:
            count = min(len(urls), self.rng.choice((1, 1, 1, 1, 2, 2, 3)))
            taken, urls = urls[:count], urls[count:]
            number = len(publishers) + 1
            publishers.append({"id": f"pub-{number}", "name": f"Overheidsorganisatie {number}",
                               "codeHosting": [{"url": url} for url in taken]})
        return publishers

    # -- repositories ------------------------------------------------------------------------

    def _word(self) -> str:
        return self.rng.choice(_WORDS)

    def _date(self, start: datetime, end: datetime) -> datetime:
        span = max(1, int((end - start).total_seconds()))
        return (start + timedelta(seconds=self.rng.randrange(span))).replace(microsecond=0)

    def _repo(self, index: int, host: str, owner: str) -> dict[str, Any]:
        rng = self.rng
        name = f"{self._word()}-{self._word()}-{index}"
        created = self._date(EPOCH, self.now - timedelta(days=30))
        stale = rng.random() < 0.33
        pushed = self._date(created, self.now - timedelta(days=730)) if stale and \
            created < self.now - timedelta(days=731) else self._date(created, self.now)
        empty = rng.random() < EMPTY_SHARE
        repo: dict[str, Any] = {
            "name": name,
            "description": None if rng.random() < 0.15 else f"{self._word().title()} {self._word()} voor de overheid",
            "created_at": _iso(created),
            "pushed_at": _iso(pushed),
            "stars": int(rng.paretovariate(1.5)) - 1,
            "forks": int(rng.paretovariate(2.0)) - 1,
            "open_issues": int(rng.paretovariate(1.8)) - 1,
        }
        licence = _weighted(rng, _LICENCES)
        if licence is not None:
            repo["license"] = licence
        if rng.random() < 0.4:
            repo["topics"] = sorted(rng.sample(_TOPICS, rng.randint(1, 3)))
        if rng.random() < 0.2:
            repo["homepage"] = f"https://{name}.example.nl"
        if rng.random() < ARCHIVED_SHARE:
            repo["archived"] = True
        if rng.random() < FORK_SHARE:
            repo["fork_of"] = rng.choice(_UPSTREAMS)
        if empty:
            repo["empty"] = True
            return repo
        repo["languages"] = {lang: rng.randint(500, 400_000)
                             for lang in {_weighted(rng, _LANGUAGES) for _ in range(rng.randint(1, 4))}}
        commits = sorted({self._date(created, pushed) for _ in range(rng.randint(0, 4))} | {pushed}, reverse=True)
        repo["commit_dates"] = [_iso(t) for t in commits]
        if rng.random() < RELEASE_SHARE:
            dates = sorted(self._date(created, pushed) for _ in range(rng.randint(1, 5)))
            repo["releases"] = [{"tag_name": f"v1.{n}.0", "name": f"1.{n}.0", "published_at": _iso(d)}
                                for n, d in enumerate(dates)]
        if rng.random() < PUBLICCODE_SHARE:
            template = rng.choice(PUBLICCODE_TEMPLATES)
            repo["files"] = {"publiccode.yml": template.format(name=name, url=f"https://{host}/{owner}/{name}",
                                                               long=_LONG)}
        return repo


def _weighted(rng: random.Random, choices: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
