"""The catalogue as open data: JSON and CSV (documented field by field in docs/export.md).

Per repository the fields of developer.overheid.nl's register ``RepositorySummary``
(don-oss-register ``api/openapi.json``: ``url``, ``name``, ``shortDescription``,
``organisation`` {``uri``, ``label``}, ``forkType``, ``archived``, ``publicCodeUrl``,
``createdAt``, ``lastActivityAt``, ``lastCrawledAt``) plus ours (``publisherId``,
``longDescription``, ``license``, ``languages``, ``stars``, ``isFork``, ``gone``,
``publicCode``, ``maintenance``). Times are ISO 8601 in UTC with a ``Z``. Rows are ordered by ``url``.

Every text is a stranger's: control characters are dropped in both formats
(``catalogue.plaintext``), and a CSV cell that a spreadsheet would run as a formula is
neutralised (:func:`neutralise_formula`).
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timezone
from typing import Any, Iterable, Literal, Mapping, Sequence, TextIO

from catalogue.maintenance import assess_maintenance
from catalogue.plaintext import without_control_characters
from catalogue.publiccode import facts
from catalogue.records import Publisher, StoredEntry

ExportFormat = Literal["json", "csv"]

#: ``forkType`` values (register enum ``RepositoryForkType``).
TECHNICAL_FORK = "TECHNICAL_FORK"
VARIANT_FORK = "VARIANT_FORK"
GIT_FORK = "GIT_FORK"
URL_MISTAKE = "URL_MISTAKE"

#: CSV column order. Lists are joined with ";", ``publicCode`` is JSON text.
CSV_COLUMNS: tuple[str, ...] = (
    "url",
    "name",
    "shortDescription",
    "organisation.uri",
    "organisation.label",
    "forkType",
    "archived",
    "publicCodeUrl",
    "createdAt",
    "lastActivityAt",
    "lastCrawledAt",
    "publisherId",
    "longDescription",
    "license",
    "languages",
    "stars",
    "isFork",
    "gone",
    "maintenance.status",
    "maintenance.reasons",
    "publicCode",
    "dependsOn",
    "supports",
)


def iso_utc(moment: datetime | None) -> str | None:
    """Format ``moment`` as ISO 8601 UTC with a ``Z`` (``2024-05-01T12:00:00Z``); ``None`` stays ``None``.

    Naive datetimes are read as UTC; microseconds are dropped.
    """
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc).replace(microsecond=0, tzinfo=None)
    return moment.isoformat() + "Z"


def comparable_url(url: str | None) -> str | None:
    """Reduce a repository URL for comparison: no scheme, lower-case, no ``.git``, no ``/``.

    ``https://GitHub.com/Org/Repo.git/`` -> ``github.com/org/repo``.
    """
    if not url:
        return None
    text = url.strip().lower()
    for prefix in ("https://", "http://", "git+https://", "git://"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    text = text.rstrip("/")
    if text.endswith(".git"):
        text = text[:-4]
    if text.startswith("www."):
        text = text[4:]
    return text.rstrip("/")


def fork_type(stored: StoredEntry) -> str | None:
    """Classify the repository as a fork, or ``None`` when it is none of them.

    * ``VARIANT_FORK``: publiccode.yml declares ``isBasedOn`` (a software variant);
    * ``TECHNICAL_FORK``: a git fork whose publiccode.yml ``url`` points elsewhere
      (the upstream's file, copied unchanged; publiccode.yml spec, "Forks and variants");
    * ``URL_MISTAKE``: not a git fork, but its publiccode.yml ``url`` points elsewhere;
    * ``GIT_FORK``: the forge marks it a fork and nothing above applies.

    A pull mirror whose origin the forge names (``mirror_of_url``) is an unchanged copy
    of that repository: ``TECHNICAL_FORK`` (the register has no kind of its own for
    mirrors), so it is not shown as a second piece of software.
    """
    source = stored.entry.source
    if source.is_mirror and source.mirror_of_url:
        return TECHNICAL_FORK
    document = stored.entry.publiccode
    data: Mapping[str, Any] = document.data if document is not None else {}
    if data.get("isBasedOn"):
        return VARIANT_FORK
    declared = data.get("url")
    points_elsewhere = isinstance(declared, str) and comparable_url(declared) not in {
        comparable_url(source.url),
        *(comparable_url(previous) for previous in stored.previous_urls),
    }
    if points_elsewhere:
        return TECHNICAL_FORK if source.is_fork else URL_MISTAKE
    if source.is_fork:
        return GIT_FORK
    return None


def jsonable(value: Any) -> Any:
    """Return ``value`` with mappings, sequences, dates and datetimes made JSON-compatible,
    and control characters dropped from texts, keys too (``catalogue.plaintext``)."""
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, Mapping):
        return {without_control_characters(str(key)): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def repository_record(
    stored: StoredEntry, publisher: Publisher | None, *, now: datetime
) -> dict[str, Any]:
    """Build one exported repository as a JSON-compatible dict (field order as documented).

    ``publisher`` is the entry's publisher (``None`` when unknown: ``organisation.uri`` is
    then ``null`` and its label the publisher id). ``now`` fixes the maintenance status.
    """
    entry = stored.entry
    source = entry.source
    document = entry.publiccode
    public_code = None
    if document is not None:
        public_code = jsonable(document.data)
        public_code.setdefault("publiccodeYmlVersion", document.version)
    public_code_url = (source.publiccode.url if source.publiccode else None) or (
        document.url if document else None
    )
    maintenance = assess_maintenance(entry, now)
    return jsonable({
        "url": source.url,
        "name": entry.name,
        "shortDescription": entry.short_description,
        "organisation": {
            "uri": publisher.organisation_uri if publisher else None,
            "label": publisher.name if publisher else source.publisher_id,
        },
        "forkType": fork_type(stored),
        "archived": source.archived,
        "publicCodeUrl": public_code_url,
        "createdAt": iso_utc(source.created_at),
        "lastActivityAt": iso_utc(source.last_commit_at),
        "lastCrawledAt": iso_utc(stored.last_crawled_at),
        "publisherId": source.publisher_id,
        "longDescription": entry.long_description,
        "license": source.license_spdx,
        "languages": list(source.languages),
        "stars": source.stars,
        "isFork": source.is_fork,
        "isMirror": source.is_mirror,
        "mirrorOf": source.mirror_of_url,
        "gone": stored.gone,
        "publicCode": public_code,
        "maintenance": {"status": maintenance.status, "reasons": list(maintenance.reasons)},
        "dependsOn": facts.depends_on(document.data) if document is not None else {},
        "supports": facts.supports(document.data) if document is not None else [],
    })


def export_records(
    entries: Iterable[StoredEntry], publishers: Iterable[Publisher], *, now: datetime
) -> list[dict[str, Any]]:
    """Return every entry as :func:`repository_record`, sorted by ``url`` (then host and id)."""
    by_id = {publisher.id: publisher for publisher in publishers}
    ordered = sorted(
        entries,
        key=lambda s: (s.entry.source.url, s.entry.source.host, s.entry.source.forge_id),
    )
    return [
        repository_record(stored, by_id.get(stored.entry.source.publisher_id), now=now)
        for stored in ordered
    ]


#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
#: Injection": ``=``, ``+``, ``-``, ``@``, TAB and CR).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell: str) -> str:
    """``cell`` with a ``'`` in front when it begins with one of :data:`FORMULA_START`,
    as OWASP's CSV-injection advice says: spreadsheets then show it as text
    (``-2+3+cmd|' /C calc'!A0`` -> ``'-2+3+cmd|' /C calc'!A0``); other cells unchanged."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_row(record: Mapping[str, Any]) -> list[str]:
    """Flatten one :func:`repository_record` into the cells of :data:`CSV_COLUMNS`.

    ``None`` becomes an empty cell, booleans ``true``/``false``, lists are joined with
    ``;`` and ``publicCode`` is compact JSON text. Every cell goes through
    :func:`neutralise_formula`.
    """
    flat = dict(record)
    flat["organisation.uri"] = record["organisation"]["uri"]
    flat["organisation.label"] = record["organisation"]["label"]
    flat["maintenance.status"] = record["maintenance"]["status"]
    flat["maintenance.reasons"] = record["maintenance"]["reasons"]
    cells = []
    for column in CSV_COLUMNS:
        value = flat[column]
        if column in ("publicCode", "dependsOn") and value == {}:
            cells.append("")
        elif column in ("publicCode", "dependsOn"):
            cells.append("" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True))
        elif value is None:
            cells.append("")
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, list):
            cells.append(";".join(str(item) for item in value))
        else:
            cells.append(str(value))
    return [neutralise_formula(cell) for cell in cells]


def write_export(
    entries: Sequence[StoredEntry],
    publishers: Sequence[Publisher],
    *,
    now: datetime,
    fmt: ExportFormat,
    out: TextIO,
) -> int:
    """Write the catalogue to ``out`` and return the number of repositories written.

    ``fmt="json"`` writes ``{"generatedAt": ..., "repositories": [...]}`` (UTF-8 text,
    two-space indent, a final newline); ``fmt="csv"`` a header row and one row per
    repository (RFC 4180 quoting, ``\\r\\n`` line ends). ``now`` is both ``generatedAt``
    and the "today" of the maintenance status, so the same input and ``now`` give the
    same bytes. Raises ``ValueError`` for any other ``fmt``.
    """
    if fmt not in ("json", "csv"):
        raise ValueError(f"unknown export format {fmt!r}; use 'json' or 'csv'")
    records = export_records(entries, publishers, now=now)
    if fmt == "json":
        document = {"generatedAt": iso_utc(now), "repositories": records}
        out.write(json.dumps(document, ensure_ascii=False, indent=2))
        out.write("\n")
    else:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for record in records:
            writer.writerow(csv_row(record))
    return len(records)
