"""Build the demo data in ``catalogue/demo/data/`` from the shared real-data corpus.

Usage: ``python -m catalogue.demo.make_demo_data [--corpus DIR] [--out DIR]``
(defaults: ``/work/shared/corpus`` and this package's ``data/``).

Writes ``fixture.json`` (a test-forge fixture, see ``catalogue.testforge.fixture``) and
``publishers.yml`` (developer.overheid.nl seed format). Real: the publishers (names,
TOOI URIs and accounts from don-oss-register ``publishers.json``, checked against it
and GitHub's government list) and the Dutch ``publiccode.yml`` files, put under the
repositories they came from with personal names, e-mail addresses and phone numbers
replaced by placeholders. Generated: every other repository and all forge metadata
(dates, stars, languages, licences of repositories without publiccode.yml, issues),
drawn from a random generator seeded by the repository's name, so the output is the
same on every run. The demo reads only the written files, never the corpus.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from catalogue.demo.spec import (
    FORGEJO_ORGS, FORGEJO_PUBLISHER, FORGEJO_WEB_HOST, GITHUB_GENERATED, GITLAB_GROUPS, PUBLISHERS, REAL_LANGUAGES,
    REAL_PUBLICCODE, Generated,
)

DEFAULT_CORPUS = Path("/work/shared/corpus")
DEFAULT_OUT = Path(__file__).parent / "data"
REFERENCE = datetime(2026, 11, 1, tzinfo=timezone.utc)  # "now" of the generated dates
NOTE = ("Demo data. Publishers, their accounts and the publiccode.yml files are real (personal names, "
        "e-mail addresses and phone numbers replaced by placeholders); all other repositories and all forge "
        "metadata (dates, stars, forks, languages, issues, releases, READMEs) are generated "
        f"(reference date {REFERENCE.date().isoformat()}). Repositories flagged generated: true.")
PLACEHOLDER_NAME = "Jane Example"
PLACEHOLDER_EMAIL = "info@example.org"
PLACEHOLDER_PHONE = "+31 20 000 0000"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
TOPICS = ["overheid", "open-source", "common-ground", "nl-design-system", "api", "open-data", "gemeente",
          "wet-open-overheid", "geo", "toegankelijkheid"]
LICENCES = ["EUPL-1.2"] * 5 + ["MIT", "Apache-2.0", "MPL-2.0", None]
SECOND_LANGUAGES = ["Shell", "Dockerfile", "HTML", "CSS", "Makefile", "JavaScript"]


def scrub_personal_data(text: str) -> str:
    """Replace contact names, e-mail addresses and phone numbers in a publiccode.yml text.

    Inside a ``contacts:`` block every ``name`` becomes ``Jane Example``; everywhere,
    ``phone`` values become ``+31 20 000 0000`` and e-mail addresses ``info@example.org``.
    Works on lines, so everything else stays byte for byte (also in files that are not
    valid YAML).
    """
    out = []
    block_indent: int | None = None
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        if block_indent is not None and stripped.strip() and indent <= block_indent \
                and not stripped.startswith("-"):
            block_indent = None
        if re.match(r"contacts:\s*$", stripped):
            block_indent = indent
        elif block_indent is not None:
            line = re.sub(r"^(\s*(?:-\s+)?name:\s*)(['\"]?).*?\2(\s*)$",
                          lambda m: f"{m.group(1)}{m.group(2)}{PLACEHOLDER_NAME}{m.group(2)}{m.group(3)}", line)
        line = re.sub(r"^(\s*(?:-\s+)?phone:\s*)(['\"]?).*?\2(\s*)$",
                      lambda m: f"{m.group(1)}\"{PLACEHOLDER_PHONE}\"{m.group(3)}", line)
        out.append(EMAIL.sub(PLACEHOLDER_EMAIL, line))
    return "".join(out)


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def generated_metadata(full_name: str, language: str, special: set[str], licence: str | None = None
                       ) -> dict[str, Any]:
    """Plausible forge metadata for one repository, deterministic in ``full_name``."""
    rng = _rng(full_name)
    created = REFERENCE - timedelta(days=rng.randint(200, 3000), seconds=rng.randint(0, 86_399))
    if "archived" in special:
        pushed = created + timedelta(days=rng.randint(30, 180))
        pushed = min(pushed, REFERENCE - timedelta(days=rng.randint(500, 900)))
        pushed = max(pushed, created + timedelta(days=1))
    else:
        pushed = REFERENCE - timedelta(days=int(rng.expovariate(1 / 60)), seconds=rng.randint(0, 86_399))
    span = max(1, int((pushed - created).total_seconds()))
    commits = sorted({pushed - timedelta(seconds=int(span * rng.random() ** 2))
                      for _ in range(rng.randint(3, 60))} | {pushed}, reverse=True)
    value: dict[str, Any] = {
        "created_at": _iso(created), "pushed_at": _iso(pushed),
        "commit_dates": [_iso(c) for c in commits],
        "stars": int(rng.paretovariate(1.2)) - 1 + rng.randint(0, 5), "forks": rng.randint(0, 12),
        "topics": sorted(rng.sample(TOPICS, rng.randint(0, 3))),
        "license": licence if licence is not None else rng.choice(LICENCES),
        "open_issues": rng.randint(0, 25), "open_pull_requests": rng.randint(0, 6),
    }
    if language:
        languages = {language: rng.randint(20_000, 900_000)}
        for extra in rng.sample([lang for lang in SECOND_LANGUAGES if lang != language], rng.randint(0, 2)):
            languages[extra] = rng.randint(200, 15_000)
        value["languages"] = languages
    if value["open_issues"]:
        value["labels"] = {"good first issue": rng.randint(0, min(3, value["open_issues"])),
                           "help wanted": rng.randint(0, min(5, value["open_issues"]))}
    releases = []
    for index in range(rng.randint(0, 4)):
        when = created + timedelta(seconds=int(span * (index + 1) / 5))
        releases.append({"tag_name": f"v1.{index}.0", "name": f"1.{index}.0", "published_at": _iso(when)})
    if releases and "archived" not in special:
        value["releases"] = releases
    if rng.random() < 0.3:
        value["homepage"] = f"https://{full_name.split('/')[-1].lower()}.example.org"
    return value


def _readme(name: str, description: str) -> str:
    return f"# {name}\n\n{description}.\n\nDeze README is voor de demo gegenereerd.\n"


def _generated_publiccode(url: str, name: str, description: str) -> str:
    """A small valid publiccode.yml 0.4.0 (for GitLab projects; the corpus has none from GitLab)."""
    long = (f"{description}. Deze omschrijving is gegenereerd voor de demo van de softwarecatalogus en "
            "beschrijft geen echt project; ze is lang genoeg voor de minimale lengte van de lange omschrijving.")
    return (f'publiccodeYmlVersion: "0.4.0"\nname: {name}\nurl: "{url}"\nplatforms:\n  - web\ncategories:\n'
            f"  - it-development\ndevelopmentStatus: beta\nsoftwareType: standalone/web\ndescription:\n  nl:\n"
            f"    shortDescription: {description}\n    longDescription: >\n      {long}\n    features:\n"
            f"      - {description}\nlegal:\n  license: EUPL-1.2\nmaintenance:\n  type: internal\n  contacts:\n"
            f"    - name: {PLACEHOLDER_NAME}\n      email: {PLACEHOLDER_EMAIL}\nlocalisation:\n"
            f"  localisationReady: false\n  availableLanguages:\n    - nl\n")


def _special_repo(entry: dict[str, Any], special: set[str]) -> None:
    for word in special:
        if word == "archived":
            entry["archived"] = True
        elif word == "empty":
            entry.update(empty=True, commit_dates=[], languages={}, releases=[], open_issues=0,
                         open_pull_requests=0, labels={})
        elif word == "norepo":
            entry.update(repository_disabled=True, commit_dates=[], languages={})
        elif word.startswith("fork:"):
            entry["fork_of"] = word.split(":", 1)[1]
        elif word.startswith("moved:"):
            entry["previous_names"] = [word.split(":", 1)[1]]
        elif word.startswith("mirror:"):
            entry["mirror_of"] = word.split(":", 1)[1]
        elif word == "template":
            entry["template"] = True


def _short_description(text: str) -> str | None:
    try:
        doc = yaml.safe_load(text)
        for lang in ("nl", "en"):
            short = doc["description"][lang]["shortDescription"]
            if isinstance(short, str):
                return " ".join(short.split())
    except Exception:  # noqa: BLE001 - invalid real files simply get no description
        return None
    return None


def _generated_repo(owner: str, spec: Generated, web_host: str, gitlab: bool) -> dict[str, Any]:
    name, description, language, special = spec
    full = f"{owner}/{name}"
    entry: dict[str, Any] = {"name": name, "description": description, "generated": True,
                             "origin": {"metadata": "generated", "repository": "generated"}}
    if language:
        entry["language"] = language
    entry.update(generated_metadata(full, language, special))
    files = {}
    if "readme" in special:
        files["README.md"] = _readme(name, description)
    if "publiccode" in special:
        files["publiccode.yml"] = _generated_publiccode(f"https://{web_host}/{full}", name, description)
        entry["origin"]["publiccode"] = "generated"
    if files:
        entry["files"] = files
    _special_repo(entry, special)
    return entry


def build(corpus: Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, str]]]:
    """The fixture, the publishers list and the list of real files used (for the README)."""
    seeds = json.loads((corpus / "organisations/developer-overheid-nl__don-oss-register__publishers.json")
                       .read_text(encoding="utf-8"))["data"]
    governments = yaml.safe_load((corpus / "organisations/github-government.github.com__governments.yml")
                                 .read_text(encoding="utf-8"))
    dutch_github = {login.lower() for login in governments.get("Netherlands", [])}
    by_name = {seed["description"]: seed for seed in seeds}
    publishers = []
    for key, (seed_name, accounts) in PUBLISHERS.items():
        seed = by_name[seed_name]
        seeded = {c["url"].lower() for c in seed["codeHosting"]}
        for url, group in accounts:
            account_url = url if group else url.rsplit("/", 1)[0]
            login = account_url.rsplit("/", 1)[1].lower()
            if account_url.lower() not in seeded and login not in dutch_github:
                raise ValueError(f"{url} is not an account of {seed_name} in the real lists")
        name = seed_name if "/ministerie/" not in (seed.get("tooiUrl") or "") else f"Ministerie van {seed_name}"
        entry: dict[str, Any] = {"id": key, "name": name}
        if seed.get("tooiUrl"):
            entry["organisationUri"] = seed["tooiUrl"]
        entry["codeHosting"] = [{"url": url, **({} if group else {"group": False})} for url, group in accounts]
        publishers.append(entry)

    with (corpus / "publiccode/MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        manifest = {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}
    real: dict[tuple[str, str], dict[str, Any]] = {}
    used = []
    for owner, repo in REAL_PUBLICCODE:
        row = manifest[f"github.com__{owner}__{repo}.yml"]
        text = (corpus / "publiccode" / row["file"]).read_text(encoding="utf-8")
        licence = (row["declared_licence"] or "").replace("+", "").replace("-or-later", "") or None
        entry = {"name": repo, "description": _short_description(text), "generated": True,
                 "origin": {"metadata": "generated", "repository": row["source_repo"],
                            "publiccode": f"real: {row['source_repo']} {row['source_path']} at {row['commit']} "
                                          "(personal data replaced)"}}
        entry["language"] = REAL_LANGUAGES[repo]
        entry.update(generated_metadata(f"{owner}/{repo}", REAL_LANGUAGES[repo], set(), licence))
        entry["files"] = {row["source_path"]: scrub_personal_data(text),
                          "README.md": _readme(repo, entry["description"] or repo)}
        real[(owner, repo)] = entry
        used.append({"file": row["file"], "source": row["source_repo"], "commit": row["commit"],
                     "path": row["source_path"], "licence": row["declared_licence"] or "(none declared)"})

    github_accounts = []
    for publisher in PUBLISHERS.values():
        for url, _group in publisher[1]:
            parts = url.split("/")
            if parts[2] != "github.com":
                continue
            login = parts[3]
            repos = [entry for (owner, _), entry in real.items() if owner == login]
            repos += [_generated_repo(login, spec, "github.com", False) for spec in GITHUB_GENERATED.get(login, [])]
            github_accounts.append({"login": login, "type": "Organization", "name": publisher[0],
                                    "repositories": repos})
    groups = []
    for path, (projects, subgroups) in GITLAB_GROUPS.items():
        groups.append({"path": path, "projects": [_generated_repo(path, s, "gitlab.com", True) for s in projects],
                       "subgroups": [{"path": sub, "projects": [_generated_repo(f"{path}/{sub}", s, "gitlab.com", True)
                                                                for s in specs]}
                                     for sub, specs in subgroups.items()]})
    orgs = [{"login": login, "repositories": [_generated_repo(login, s, FORGEJO_WEB_HOST, False) for s in specs]}
            for login, specs in FORGEJO_ORGS.items()]
    publishers.append({"id": FORGEJO_PUBLISHER[0], "name": FORGEJO_PUBLISHER[1],
                       "codeHosting": [{"url": f"https://{FORGEJO_WEB_HOST}"}]})
    fixture = {"note": NOTE, "generated": True, "reference_date": REFERENCE.date().isoformat(),
               "github": {"web_host": "github.com", "accounts": github_accounts},
               "gitlab": [{"prefix": "/gitlab", "web_host": "gitlab.com", "groups": groups}],
               "forgejo": [{"prefix": "/forgejo", "web_host": FORGEJO_WEB_HOST, "orgs": orgs}]}
    return fixture, publishers, used


def write(corpus: Path, out: Path) -> dict[str, int]:
    """Build and write ``fixture.json``, ``publishers.yml`` and ``real-files.tsv``; returns counts."""
    fixture, publishers, used = build(corpus)
    out.mkdir(parents=True, exist_ok=True)
    (out / "fixture.json").write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "publishers.yml").write_text(
        "# Demo publishers (developer.overheid.nl seed format), made by catalogue/demo/make_demo_data.py\n"
        + yaml.safe_dump(publishers, allow_unicode=True, sort_keys=False, default_flow_style=False), encoding="utf-8")
    lines = ["file\tsource_repo\tsource_path\tcommit\tdeclared_licence"]
    lines += [f"{u['file']}\t{u['source']}\t{u['path']}\t{u['commit']}\t{u['licence']}" for u in used]
    (out / "real-files.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    repos = [r for a in fixture["github"]["accounts"] for r in a["repositories"]]
    for group in fixture["gitlab"][0]["groups"]:
        repos += group["projects"] + [p for sub in group["subgroups"] for p in sub["projects"]]
    repos += [r for org in fixture["forgejo"][0]["orgs"] for r in org["repositories"]]
    return {"publishers": len(publishers), "repositories": len(repos), "real_publiccode": len(used),
            "github_accounts": len(fixture["github"]["accounts"]), "gitlab_groups": len(GITLAB_GROUPS),
            "forgejo_orgs": len(FORGEJO_ORGS)}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; prints the counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    print(json.dumps(write(args.corpus, args.out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
