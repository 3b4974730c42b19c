"""The site's search index: precomputed at build time from the repository views, read
by ``static/search.js`` in the visitor's browser.

Why not Pagefind (used before): at 10,000 repositories its warm search took 922 ms for
a common word and its cold search 1.8 s on this machine, its indexer peaked at 886 MB,
and it cannot give the counts a faceted search needs (the number of results *if you add*
a value needs one search per facet). This index is shaped for the catalogue instead; the
measurements are in ``bench/site.py`` and docs/site.md.

One index per language under ``search/{language}/`` (labels in that language):

``facets.json``
    ``count`` documents (the repositories, numbered in the index's order: by name);
    ``facets``: for each filter key a list of ``values`` (labels) and, per document,
    the value numbers it has (a number, a list of numbers, or ``null``); ``sort``:
    per document ``activity`` (days since 1970-01-01 of the last commit or push, ``-1``
    when unknown) and ``stars``; ``hidden``: the (facet, value) left out unless asked
    for (technical forks); ``shards``: the term shards that exist; ``chunk``: documents
    per document chunk.
``terms/{hex}.json``
    every indexed word whose first character has code point ``hex``:
    ``{word: [document, weight, document gap, weight, ...]}``, documents ascending and
    delta-coded. The browser fetches only the shard of the words typed.
``docs/{n}.json``
    what a result shows, for documents ``n * chunk`` .. ``(n + 1) * chunk - 1``:
    ``[path, title, description, publisher, status, tone, licence, activity, stars]``,
    texts only (no markup: the page sets them as text).

Words are runs of letters and digits, lower-cased, without diacritics; the browser
splits a query the same way and matches each query word as a prefix (all words must
match). The text covers the name, the repository path, the publisher's name, the
descriptions and features in every language, the programming languages, the topics,
the licence and the publiccode.yml file as written (its values, not its keys).
"""

from __future__ import annotations

import json
import re
from array import array
import unicodedata
from collections import defaultdict
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from babel.dates import format_date
from babel.numbers import format_decimal
from license_expression import ExpressionError, get_spdx_licensing

from catalogue.errors import CatalogueError
from catalogue.site import labels, paths
from catalogue.site.fingerprint import code_fingerprint
from catalogue.site.i18n import load_translations

if TYPE_CHECKING:
    from catalogue.site.views import RepositoryView
    from catalogue.site.writer import Writer

#: Documents per result chunk (``docs/{n}.json``).
CHUNK = 50
#: Words longer than this are not indexed (hashes, base64 and the like).
MAX_WORD = 32
#: The filters, in the order the index page shows them.
FACETS = ("publisher", "status", "language", "licence", "publiccode", "development",
          "category", "platform", "help", "kind")
#: How much a word counts where it occurs (the highest weight of a document wins).
WEIGHTS = {"name": 9, "title": 7, "path": 6, "publisher": 5, "language": 5, "topic": 5, "short": 4, "licence": 3, "text": 1}

_WORD = re.compile(r"[^\W_]+")
_YAML_KEY = re.compile(r"^(\s*-?\s*)[\w.-]+:", re.MULTILINE)
_EPOCH = date(1970, 1, 1)


class SearchIndexError(CatalogueError):
    """Raised when the search index cannot be written."""


def words(text: str | None) -> list[str]:
    """Split ``text`` into index words: lower-cased, diacritics removed (NFKD minus
    combining marks), runs of letters and digits. ``static/search.js`` splits queries
    the same way. ``"Zaak-Afhandeling Café"`` -> ``["zaak", "afhandeling", "cafe"]``."""
    if not text:
        return []
    folded = text.lower()
    if not folded.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return [w for w in _WORD.findall(folded) if len(w) <= MAX_WORD]


@lru_cache(maxsize=4096)
def licence_ids(expression: str | None) -> tuple[str, ...]:
    """Return the SPDX ids of a licence ``expression`` in the order written, each once:
    ``"EUPL-1.2 OR MIT"`` -> ``("EUPL-1.2", "MIT")``; a ``WITH`` exception counts as
    an id of its own. An expression the SPDX library cannot parse is one value, as
    written; ``None`` or empty gives ``()``. Uses ``license-expression``'s SPDX
    licensing (the SPDX licence list, https://spdx.org/licenses/)."""
    if not expression or not expression.strip():
        return ()
    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False)
    except ExpressionError:
        return (expression.strip(),)
    if parsed is None:
        return ()
    return tuple(dict.fromkeys(str(key) for key in licensing.license_keys(parsed)))


@lru_cache(maxsize=1)
def _licensing() -> Any:
    return get_spdx_licensing()


def write_search_index(writer: "Writer", repositories: Sequence["RepositoryView"], languages: Iterable[str]) -> int:
    """Write the index of ``repositories`` for every language through ``writer`` (so
    unchanged files are not written again); return the number of files. Nothing is
    written for a catalogue without repositories (the index page then says search is
    unavailable)."""
    if not repositories:
        return 0
    ordered = sorted(repositories, key=lambda r: (r.name.casefold(), r.url, r.key))
    languages = tuple(languages)
    # The page fingerprinter knows every view's digest already.
    given = writer.fingerprinter.page(code_fingerprint(), languages, tuple(ordered))
    if writer.reuse("search", given, paths.SEARCH_BUNDLE + "/"):
        return 0
    shards = term_shards(ordered)  # the same words in every language
    count = 0
    for language in languages:
        for name, content in build_index(ordered, language, shards).items():
            writer.write_bytes(f"{paths.search_index(language)}{name}", content)
            count += 1
    return count


def term_shards(repositories: Sequence["RepositoryView"]) -> dict[str, bytes]:
    """Return the term shards of ``repositories`` (document numbers in the order
    given): ``{"terms/{hex}.json": content}``."""
    # word -> document * 16 + weight, documents ascending (they come in order): compact
    # arrays, since 10,000 repositories give about a million (word, document) pairs.
    postings: dict[str, array] = {}
    for number, repository in enumerate(repositories):
        for weight, text in _texts(repository):
            for word in words(text):
                found = postings.get(word)
                if found is None:
                    postings[word] = array("l", [number * 16 + weight])
                elif found[-1] >> 4 != number:
                    found.append(number * 16 + weight)
                elif found[-1] & 15 < weight:
                    found[-1] = number * 16 + weight
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for word in sorted(postings):
        flat, last = [], 0
        for code in postings[word]:
            flat += [(code >> 4) - last, code & 15]
            last = code >> 4
        shards[f"{ord(word[0]):x}"][word] = flat
    return {f"terms/{shard}.json": _json(table) for shard, table in sorted(shards.items())}


def build_index(repositories: Sequence["RepositoryView"], language: str,
                shards: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Return the index files of one language, ``{name: content}`` (names relative to
    ``search/{language}/``), for ``repositories`` in the order given (document numbers);
    ``shards`` are their :func:`term_shards` (made when not given)."""
    gettext = load_translations(language).gettext
    shards = term_shards(repositories) if shards is None else shards
    values: dict[str, dict[str, int]] = {key: {} for key in FACETS}
    columns: dict[str, list[Any]] = {key: [] for key in FACETS}
    activity: list[int] = []
    stars: list[int] = []
    chunks: list[list[list[str]]] = []
    for number, repository in enumerate(repositories):
        for key, chosen in _facet_values(repository, gettext).items():
            table = values[key]
            numbers = [table.setdefault(value, len(table)) for value in dict.fromkeys(chosen)]
            columns[key].append(numbers[0] if len(numbers) == 1 else (numbers or None))
        moment = repository.last_activity_at
        activity.append(_days(moment) if moment else -1)
        stars.append(repository.stars or 0)
        if number % CHUNK == 0:
            chunks.append([])
        chunks[-1].append(_result(repository, language, gettext))
    kind_values = values["kind"]
    technical = gettext(labels.KIND_LABELS["TECHNICAL_FORK"])
    document = {
        "version": 1,
        "count": len(repositories),
        "chunk": CHUNK,
        "facets": {key: {"values": list(values[key]), "docs": columns[key]} for key in FACETS},
        "sort": {"activity": activity, "stars": stars},
        "hidden": ["kind", kind_values[technical]] if technical in kind_values else None,
        "shards": sorted(name[len("terms/"):-len(".json")] for name in shards),
    }
    files = {"facets.json": _json(document), **shards}
    for index, chunk in enumerate(chunks):
        files[f"docs/{index}.json"] = _json(chunk)
    return files


def _facet_values(r: "RepositoryView", gettext: Any) -> dict[str, list[str]]:
    def label(table: dict[str, str], value: str) -> str:
        return gettext(table[value]) if value in table else value

    fields = {f.key: f.values for f in r.publiccode.fields} if r.publiccode else {}
    help_values = []
    if r.good_first_issues:
        help_values.append(label(labels.HELP_LABELS, "good_first_issue"))
    if r.help_wanted_issues:
        help_values.append(label(labels.HELP_LABELS, "help_wanted"))
    languages = list(r.languages) or ([r.primary_language] if r.primary_language else [])
    return {
        "publisher": [r.publisher_name],
        "status": [label(labels.STATUS_LABELS, r.status)],
        "language": languages,
        "licence": list(licence_ids(r.license)) or [gettext("No licence given")],
        "publiccode": [label(labels.PUBLICCODE_STATE_LABELS, r.publiccode_state)],
        "development": [label(labels.DEVELOPMENT_STATUS_LABELS, v) for v in fields.get("developmentStatus", ())],
        "category": [label(labels.CATEGORY_LABELS, v) for v in fields.get("categories", ())],
        "platform": [label(labels.PLATFORM_LABELS, v) for v in fields.get("platforms", ())],
        "help": help_values,
        "kind": [label(labels.KIND_LABELS, r.fork_type or "ORIGINAL")],
    }


def _texts(r: "RepositoryView") -> Iterable[tuple[int, str | None]]:
    yield WEIGHTS["name"], r.name
    yield WEIGHTS["path"], r.full_name
    yield WEIGHTS["publisher"], r.publisher_name
    for language in (*r.languages, r.primary_language):
        yield WEIGHTS["language"], language
    for topic in r.topics:
        yield WEIGHTS["topic"], topic
    yield WEIGHTS["short"], r.short_description
    yield WEIGHTS["licence"], r.license
    yield WEIGHTS["text"], r.long_description
    if r.publiccode:
        yield WEIGHTS["title"], r.publiccode.name
        for description in r.publiccode.descriptions:
            yield WEIGHTS["short"], description.short_description
            yield WEIGHTS["text"], description.long_description
            for feature in description.features:
                yield WEIGHTS["text"], feature
    if r.publiccode_text:
        yield WEIGHTS["text"], _YAML_KEY.sub(r"\1", r.publiccode_text)


def lead_text(r: "RepositoryView", language: str) -> str | None:
    """The description a result shows: publiccode.yml's short description in
    ``language`` when it has one, else the repository's own (as the repository page)."""
    if r.publiccode:
        for description in r.publiccode.descriptions:
            if description.language == language and description.short_description:
                return description.short_description
    return r.short_description


def _result(r: "RepositoryView", language: str, gettext: Any) -> list[str]:
    moment = r.last_activity_at
    return [
        r.path,
        r.name,
        lead_text(r, language) or "",
        r.publisher_name,
        gettext(labels.STATUS_LABELS[r.status]) if r.status in labels.STATUS_LABELS else r.status,
        labels.status_tone(r.status),
        r.license or "",
        _long_date(_utc(moment).date(), language) if moment else "",
        _number(r.stars, language) if r.stars is not None else "",
    ]


@lru_cache(maxsize=8192)
def _long_date(value: date, language: str) -> str:
    return format_date(value, format="long", locale=language)


@lru_cache(maxsize=8192)
def _number(value: int, language: str) -> str:
    return format_decimal(value, locale=language)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _days(moment: datetime) -> int:
    return (_utc(moment).date() - _EPOCH).days


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
