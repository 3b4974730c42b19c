"""The publishers file: government organisations and their code-hosting accounts.

Shape (developer.overheid.nl's seed list, ``don-oss-register/publishers.json``, as YAML)::

    - id: 039f1fd8-5a16-41cf-b53f-aa6eaf61b3e6
      name: Belastingdienst
      organisationUri: https://identifier.overheid.nl/tooi/id/oorg/oorg12368   # optional
      notify: false                                                           # optional
      codeHosting:
        - url: https://github.com/belastingdienst
          group: true          # optional, default true; false = one repository

The shipped list is package data (``catalogue/data/publishers.yml``). JSON in the seed
list's own shape (``{"data": [{"id", "description", "tooiUrl", "codeHosting"}]}``) is
read too. A malformed file is refused with a message naming the entry.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from catalogue.errors import PublishersError
from catalogue.records import CodeHosting, Publisher
from catalogue.urls import canonical_repository_url

_KEYS = {"id", "name", "organisationUri", "codeHosting", "notify"}
_SEED_KEYS = {"id", "description", "tooiUrl", "codeHosting", "active", "rooId"}


def shipped_publishers_path() -> Path:
    """Path of the publishers list shipped with the package."""
    return Path(str(resources.files("catalogue") / "data" / "publishers.yml"))


def _entry_label(index: int, raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"entry {index + 1} (id {raw['id']!r})"
    return f"entry {index + 1}"


def _code_hosting(source: str, label: str, raw: Any) -> tuple[CodeHosting, ...]:
    if not isinstance(raw, list) or not raw:
        raise PublishersError(f"{source}: {label}: codeHosting must be a non-empty list of {{url, group}}")
    entries = []
    for position, item in enumerate(raw, start=1):
        where = f"{source}: {label}: codeHosting[{position}]"
        if not isinstance(item, dict) or set(item) - {"url", "group"}:
            raise PublishersError(f"{where}: must be a mapping with keys url and optional group")
        url, group = item.get("url"), item.get("group", True)
        if not isinstance(url, str) or not url.strip():
            raise PublishersError(f"{where}: url is missing")
        if not url.strip().lower().startswith(("https://", "http://")):
            raise PublishersError(f"{where}: {url!r} is not an http(s) URL (write it as https://{url.strip()})")
        if not isinstance(group, bool):
            raise PublishersError(f"{where}: group must be true or false, not {group!r}")
        try:
            canonical_repository_url(url)
        except ValueError:
            raise PublishersError(f"{where}: {url!r} is not an http(s) URL") from None
        # A bare host may name a whole self-hosted instance: its forge decides
        # (``Forge.hosting_target``, checked by ``forges_in_use`` before a crawl).
        entries.append(CodeHosting(url=url.strip(), group=group))
    return tuple(entries)


def _publisher(source: str, index: int, raw: Any) -> Publisher:
    label = _entry_label(index, raw)
    if not isinstance(raw, dict):
        raise PublishersError(f"{source}: {label}: must be a mapping, not {type(raw).__name__}")
    if "description" in raw and "name" not in raw:  # the register's JSON shape
        unknown = set(raw) - _SEED_KEYS
        name, uri = raw.get("description"), raw.get("tooiUrl")
    else:
        unknown = set(raw) - _KEYS
        name, uri = raw.get("name"), raw.get("organisationUri")
    if unknown:
        raise PublishersError(f"{source}: {label}: unknown key(s) {', '.join(sorted(unknown))}")
    publisher_id = raw.get("id")
    if not isinstance(publisher_id, str) or not publisher_id.strip():
        raise PublishersError(f"{source}: {label}: id is missing or not a string")
    if not isinstance(name, str) or not name.strip():
        raise PublishersError(f"{source}: {label}: name is missing or not a string")
    if uri is not None and (not isinstance(uri, str) or not uri.startswith(("http://", "https://"))):
        raise PublishersError(f"{source}: {label}: organisationUri must be an http(s) URI, not {uri!r}")
    notify = raw.get("notify", False)
    if not isinstance(notify, bool):
        raise PublishersError(f"{source}: {label}: notify must be true or false")
    return Publisher(
        id=publisher_id.strip(),
        name=name.strip(),
        organisation_uri=uri,
        code_hosting=_code_hosting(source, label, raw.get("codeHosting")),
        notify=notify,
    )


def parse_publishers(text: str, source: str = "publishers.yml") -> tuple[Publisher, ...]:
    """Parse a publishers file's text (YAML, or the register's JSON).

    Returns the publishers in file order. Raises PublishersError naming ``source`` and
    the entry for a syntax error, a missing or wrong key, a duplicate id, or an account
    URL listed by two publishers.
    """
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PublishersError(f"{source}{where}: not valid YAML: {problem}") from None
    if isinstance(data, dict) and isinstance(data.get("data"), list):
        data = [item for item in data["data"] if not (isinstance(item, dict) and item.get("active") is False)]
    if not isinstance(data, list):
        raise PublishersError(f"{source}: expected a list of publishers")
    publishers = [_publisher(source, index, raw) for index, raw in enumerate(data)]
    seen_ids: dict[str, int] = {}
    seen_urls: dict[str, str] = {}
    for index, publisher in enumerate(publishers):
        if publisher.id in seen_ids:
            raise PublishersError(
                f"{source}: entry {index + 1}: id {publisher.id!r} is also used by entry {seen_ids[publisher.id] + 1}"
            )
        seen_ids[publisher.id] = index
        for hosting in publisher.code_hosting:
            key = canonical_repository_url(hosting.url).lower()
            if key in seen_urls and seen_urls[key] != publisher.id:
                raise PublishersError(
                    f"{source}: entry {index + 1} (id {publisher.id!r}): {hosting.url} is also listed by "
                    f"publisher {seen_urls[key]!r}"
                )
            seen_urls[key] = publisher.id
    return tuple(publishers)


def load_publishers(path: Path | None = None) -> tuple[Publisher, ...]:
    """Read a publishers file; ``None`` reads the shipped list.

    Raises PublishersError when the file cannot be read or is malformed.
    """
    path = path or shipped_publishers_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PublishersError(f"{path}: publishers file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PublishersError(f"{path}: cannot read: {exc}") from None
    return parse_publishers(text, str(path))
