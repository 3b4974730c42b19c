"""Turn record types into table rows and back, losslessly.

``entry_row`` / ``document_row`` give plain dicts keyed by the column names of
``repositories`` / ``publiccode_documents``; ``entry_from_rows`` rebuilds the
``CatalogueEntry`` so that it compares equal to the one that was stored.
``content_hash`` fingerprints an entry for change detection.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Mapping

from catalogue.records import (
    CatalogueEntry,
    HarvestProblem,
    PubliccodeDocument,
    PubliccodeFile,
    Release,
    SourceRepository,
    ValidationMessage,
)

# SourceRepository fields stored in a column of the same name.
_PLAIN_SOURCE_FIELDS = (
    "host", "forge_type", "forge_id", "full_name", "url", "fetched_at", "publisher_id",
    "account_url", "description", "homepage", "default_branch", "license_spdx",
    "primary_language", "stars", "forks", "open_issues", "open_pull_requests",
    "good_first_issues", "help_wanted_issues", "archived", "is_fork", "fork_parent_url",
    "is_empty", "has_repository", "created_at", "pushed_at", "updated_at", "last_commit_at",
    "commits_last_90_days", "commits_last_365_days", "readme_excerpt",
    "is_mirror", "mirror_of_url", "is_template",
)

# Columns added after 0001 (migration 0002): left out of ``content_hash`` while they hold
# their default, so that an upgrade does not make every stored entry "changed".
_LATER_DEFAULTS = {"is_mirror": False, "mirror_of_url": None, "is_template": False}

# Bookkeeping that does not make an entry "changed" (see ``content_hash``).
_NOT_CONTENT = frozenset({"fetched_at"})

# Columns added after the first schema: left out of ``content_hash`` while empty, so
# that the hashes of rows stored before them stay the same.
_HASHED_WHEN_SET = frozenset({"publiccode_size", "publiccode_refused"})


def entry_row(entry: CatalogueEntry) -> dict[str, Any]:
    """The ``repositories`` columns of ``entry`` (no bookkeeping columns) as a dict."""
    source = entry.source
    row: dict[str, Any] = {name: getattr(source, name) for name in _PLAIN_SOURCE_FIELDS}
    row["repository_name"] = source.name
    row["languages"] = list(source.languages)
    row["topics"] = list(source.topics)
    row["problems"] = [_problem_json(p) for p in source.problems]
    row["latest_release"] = _release_json(source.latest_release)
    file = source.publiccode
    row["publiccode_path"] = file.path if file else None
    row["publiccode_text"] = file.text if file else None
    row["publiccode_url"] = file.url if file else None
    row["publiccode_blob_id"] = file.blob_id if file else None
    row["publiccode_raw"] = file.raw if file else None
    row["publiccode_size"] = file.size if file else None
    row["publiccode_refused"] = file.refused if file else None
    row["name"] = entry.name
    row["short_description"] = entry.short_description
    row["long_description"] = entry.long_description
    row["description_language"] = entry.description_language
    return _without_nul(row)


def _without_nul(row: dict[str, Any]) -> dict[str, Any]:
    """Text columns with NUL characters replaced by U+FFFD: PostgreSQL cannot store NUL
    in text ("invalid byte sequence"), and one such description from a forge must not
    fail the batch it is in. (JSON columns escape it as ``\\u0000``, which is valid.)"""
    return {key: value.replace("\x00", "\ufffd") if isinstance(value, str) else value
            for key, value in row.items()}


def document_row(document: PubliccodeDocument) -> dict[str, Any]:
    """The ``publiccode_documents`` columns of ``document`` (without ``repository_id``)."""
    return _without_nul({
        "path": document.path,
        "version": document.version,
        "valid": document.valid,
        "data": dict(document.data),
        "messages": [_message_json(m) for m in document.messages],
        "url": document.url,
        "nl": dict(document.nl) if document.nl is not None else None,
    })


def content_hash(row: Mapping[str, Any], document: Mapping[str, Any] | None) -> str:
    """SHA-256 (hex, 64 characters) of an ``entry_row`` and its ``document_row``.

    ``fetched_at`` is left out: fetching the same facts again is not a change.
    """
    content = {k: v for k, v in row.items()
               if k not in _NOT_CONTENT and not (k in _HASHED_WHEN_SET and v is None)
               and not (k in _LATER_DEFAULTS and v == _LATER_DEFAULTS[k])}
    text = json.dumps(
        {"entry": content, "publiccode": document},
        sort_keys=True,
        ensure_ascii=False,
        default=_json_default,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_from_rows(row: Mapping[str, Any], document: Mapping[str, Any] | None) -> CatalogueEntry:
    """Rebuild the ``CatalogueEntry`` from a ``repositories`` row and its document row.

    ``row`` / ``document`` map column names to values as the database returned them
    (``document`` is ``None`` when the repository has no parsed publiccode.yml).
    """
    fields = {name: row[name] for name in _PLAIN_SOURCE_FIELDS}
    for name, default in _LATER_DEFAULTS.items():
        if fields[name] is None:
            fields[name] = default
    publiccode_file = None
    if row["publiccode_path"] is not None:
        publiccode_file = PubliccodeFile(
            path=row["publiccode_path"],
            text=row["publiccode_text"],
            url=row["publiccode_url"],
            blob_id=row["publiccode_blob_id"],
            raw=bytes(row["publiccode_raw"]) if row["publiccode_raw"] is not None else None,
            size=row.get("publiccode_size"),
            refused=row.get("publiccode_refused"),
        )
    source = SourceRepository(
        **fields,
        name=row["repository_name"],
        languages=tuple(row["languages"]),
        topics=tuple(row["topics"]),
        problems=tuple(HarvestProblem(**p) for p in row["problems"]),
        latest_release=_release_from_json(row["latest_release"]),
        publiccode=publiccode_file,
    )
    return CatalogueEntry(
        source=source,
        name=row["name"],
        short_description=row["short_description"],
        long_description=row["long_description"],
        description_language=row["description_language"],
        publiccode=_document_from_row(document) if document is not None else None,
    )


def _document_from_row(row: Mapping[str, Any]) -> PubliccodeDocument:
    return PubliccodeDocument(
        path=row["path"],
        version=row["version"],
        valid=row["valid"],
        data=row["data"],
        messages=tuple(_message_from_json(m) for m in row["messages"]),
        url=row["url"],
        nl=row["nl"],
    )


def _problem_json(problem: HarvestProblem) -> dict[str, Any]:
    return {"kind": problem.kind, "message": problem.message, "url": problem.url,
            "status": problem.status}


def _message_json(message: ValidationMessage) -> dict[str, Any]:
    return {"severity": message.severity, "path": message.path, "message": message.message,
            "line": message.line, "column": message.column, "hint": message.hint,
            "template": message.template, "hint_template": message.hint_template,
            "params": dict(message.params), "id": message.id, "extra": message.extra,
            "before_1_0": message.before_1_0}


def _message_from_json(raw: Mapping[str, Any]) -> ValidationMessage:
    """A stored message; rows written before the translation fields read with
    ``template``/``hint_template`` ``None`` and no ``params``."""
    return ValidationMessage(
        severity=raw["severity"], path=raw["path"], message=raw["message"],
        line=raw.get("line"), column=raw.get("column"), hint=raw.get("hint"),
        template=raw.get("template"), hint_template=raw.get("hint_template"),
        params={str(k): str(v) for k, v in (raw.get("params") or {}).items()},
        id=raw.get("id"), extra=bool(raw.get("extra")), before_1_0=bool(raw.get("before_1_0")))


def _release_json(release: Release | None) -> dict[str, Any] | None:
    if release is None:
        return None
    published = release.published_at
    return {
        "tag_name": release.tag_name,
        "name": release.name,
        # ISO 8601 with offset; Release promises UTC, ``fromisoformat`` reads it back.
        "published_at": _utc(published).isoformat() if published is not None else None,
    }


def _release_from_json(value: Mapping[str, Any] | None) -> Release | None:
    if value is None:
        return None
    published = value["published_at"]
    return Release(
        tag_name=value["tag_name"],
        name=value["name"],
        published_at=datetime.fromisoformat(published) if published is not None else None,
    )


def _utc(value: datetime) -> datetime:
    # The same instant must fingerprint the same whatever offset it was given in.
    return value.astimezone(timezone.utc) if value.tzinfo is not None else value


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc(value).isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def facts_json(facts: Any) -> dict[str, Any]:
    """A ``catalogue.maintenance.MaintenanceFacts`` as JSON-compatible data (ISO times and
    dates, the latest release as a mapping), for an observation row."""
    import dataclasses
    from datetime import date

    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.astimezone(timezone.utc).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Release):
            return _release_json(value)
        if isinstance(value, tuple):
            return [encode(item) for item in value]
        return value

    return {field.name: encode(getattr(facts, field.name)) for field in dataclasses.fields(facts)}


def facts_from_json(data: Mapping[str, Any]) -> Any:
    """The ``MaintenanceFacts`` that ``facts_json`` wrote; unknown keys are ignored and
    missing ones take their defaults, so older rows stay readable."""
    import dataclasses
    from datetime import date

    from catalogue.maintenance import MaintenanceFacts

    known = {field.name: field for field in dataclasses.fields(MaintenanceFacts)}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in known or value is None:
            continue
        if name in ("last_commit_at", "pushed_at"):
            value = datetime.fromisoformat(value)
        elif name == "release_date":
            value = date.fromisoformat(value)
        elif name == "contract_ends":
            value = tuple(date.fromisoformat(item) if item else None for item in value)
        elif name == "latest_release":
            value = _release_from_json(value)
        values[name] = value
    return MaintenanceFacts(**values)
