"""``build_site``: the static site in two phases (plan every page, then write them all)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Mapping, Sequence

from catalogue.config import OperatorSettings
from catalogue.export import ExportFormat, write_export
from catalogue.history import Trend
from catalogue.records import CrawlRecord, Publisher, StoredEntry
from catalogue.site import opendata, paths
from catalogue.site.pages import PER_PAGE, plan_pages
from catalogue.site.fingerprint import Fingerprinter, code_fingerprint
from catalogue.site.publish import Publication
from catalogue.site.search import write_search_index
from catalogue.site.writer import SiteSettings, Writer, language_prefix

#: The list of files the previous build wrote, so the next one can remove leftovers.
MANIFEST = ".catalogue-site-files"


@dataclass(frozen=True)
class BuildReport:
    """What a build did: ``pages`` HTML and feed pages in the site (all languages),
    ``files`` every file of the site the build made (root-relative POSIX paths, sorted),
    ``written`` those it wrote this time (the others were unchanged), ``rendered`` the
    number of pages it rendered (those whose input changed), ``removed``
    leftovers of the previous build deleted, and the ``out_dir``. ``published`` is
    false when nothing changed: the live site was left as it was."""

    pages: int
    files: tuple[str, ...]
    removed: tuple[str, ...]
    out_dir: Path
    written: tuple[str, ...] = ()
    published: bool = True
    rendered: int = 0


def build_site(
    entries: Sequence[StoredEntry],
    publishers: Sequence[Publisher],
    crawl: CrawlRecord | None,
    out_dir: Path,
    *,
    now: datetime,
    base_url: str | None = None,
    demo_note: str | None = None,
    per_page: int = PER_PAGE,
    search: bool = True,
    crawl_interval_days: int | None = 1,
    crawls: Sequence[CrawlRecord] = (),
    trends: Mapping[tuple[str, str], Trend] | None = None,
    demo: bool = False,
    operator: OperatorSettings | None = None,
) -> BuildReport:
    """Render the site for ``entries`` into ``out_dir`` (created when missing).

    Dutch pages at the root, English under ``en/``; ``static/`` and the exports
    ``catalogue.json`` / ``catalogue.csv`` are shared. ``now`` (UTC) fixes the maintenance
    status and every date the site shows, so the same input and ``now`` give byte-identical
    files. ``base_url`` (the site's public address) adds canonical links, absolute links
    in the feeds and badge snippets, and ``sitemap.xml`` (written only with a base URL,
    since a sitemap needs absolute URLs). ``demo=True`` says on every page, in the page's
    language, that the site is a demonstration (real publiccode.yml files and accounts,
    generated metadata); ``demo_note`` is an extra text shown as is (not translated).
    ``search=False`` skips the search index (``search/``; see ``catalogue.site.search``).
    ``crawls`` (``Store.crawls()``) tell the about page how often the crawl runs (the
    median time between the starts of the last crawls); with fewer than two crawls it
    says ``crawl_interval_days`` instead (``None``: when the maintainers start it).
    ``trends`` maps ``(host, forge_id)`` to a repository's status over time
    (``catalogue.history.trend``): its page shows the changes and a timeline, and its
    publisher's page marks it when the status worsened since the previous crawl.
    ``operator`` (the ``[site]`` settings) names who runs the site, its contact, privacy
    and accessibility statements (footer, about and accessibility pages; see
    ``catalogue.site.pages.plan_pages``).

    Incremental and atomic (``catalogue.site.publish``): only pages whose input changed
    are rendered and only files whose content changed are written, into a hard-link
    copy of the live site beside it, which then replaces the live site in one rename.
    When nothing changed nothing is written. Files listed by the previous build's
    manifest but not made now are removed; nothing else in ``out_dir`` is touched. A
    build that fails or is killed leaves the live site as it was. Raises ``OSError``
    when ``out_dir`` or its parent cannot be written.
    """
    with Publication(Path(out_dir)) as publication:
        previous, marks = read_manifest(publication.live)
        settings = SiteSettings(base_url=base_url, demo_note=demo_note, demo=demo)
        # Everything the site is made of: the same input as the previous build means
        # the same site, and nothing needs to be planned, rendered or written.
        given = _input_fingerprint(entries, publishers, crawl, crawls, trends, now, settings,
                                   per_page, search, crawl_interval_days, operator)
        if marks.get("input") == given and all((publication.live / name).is_file() for name in previous):
            files = tuple(sorted(previous))
            return BuildReport(pages=int(marks.get("pages", "0")), files=files, removed=(),
                               out_dir=Path(out_dir), written=(), published=False)
        pages = plan_pages(
            entries,
            publishers,
            crawl,
            now=now,
            per_page=per_page,
            crawl_interval_days=crawl_interval_days,
            crawls=crawls,
            trends=trends,
            operator=operator,
        )
        writer = Writer(publication, settings, previous, marks)
        html_pages = [p.path for p in pages if p.path.endswith(".html") and p.template != "redirect.html"]
        # The exports take as long as a tenth of the pages: made beside the renderers.
        open_data = writer.write_in_child(
            lambda: _open_data(entries, publishers, now, base_url, html_pages, settings.languages))
        page_count = writer.write_pages(pages)
        open_data()
        writer.copy_static()
        repositories = [p.context["repository"] for p in pages if p.template == "repository.html"]
        writer.write_badges(repositories)
        if search:
            write_search_index(writer, repositories, settings.languages)
        writer.marks.update(input=given, pages=str(page_count))
        files = tuple(sorted(writer.outputs))
        leftovers = tuple(sorted(name for name in previous if name not in writer.outputs and _safe(name)))
        removed = tuple(name for name in leftovers if (publication.live / name).is_file())
        if writer.written or removed or writer.marks != marks:
            staging = publication.stage()
            _remove(staging, removed)
            write_manifest(staging, writer.outputs, writer.marks)
            publication.commit()
    return BuildReport(pages=page_count, files=files, removed=removed, out_dir=Path(out_dir),
                       written=tuple(sorted(writer.written)), published=publication.committed,
                       rendered=writer.rendered)


def _open_data(entries: Sequence[StoredEntry], publishers: Sequence[Publisher], now: datetime,
               base_url: str | None, html_pages: Sequence[str], languages: Sequence[str]):
    """Yield ``(path, content)`` of the federation file, the sitemaps (with a base URL)
    and the exports, one at a time (the JSON export of 10,000 repositories is large)."""
    yield paths.EU_CATALOGUE, opendata.publiccode_catalogue_bytes(entries, now=now)
    if base_url:
        prefixes = {language: language_prefix(language) for language in languages}
        yield from opendata.sitemaps(base_url, html_pages, languages, prefixes).items()
    formats: tuple[tuple[ExportFormat, str], ...] = (("json", paths.EXPORT_JSON), ("csv", paths.EXPORT_CSV))
    for fmt, name in formats:
        buffer = io.BytesIO()
        text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
        write_export(entries, publishers, now=now, fmt=fmt, out=text)
        text.flush()
        yield name, buffer.getvalue()
        text.close()


def _input_fingerprint(entries: Sequence[StoredEntry], publishers: Sequence[Publisher], crawl: CrawlRecord | None,
                       crawls: Sequence[CrawlRecord], trends: Mapping[tuple[str, str], Trend] | None,
                       *others: object) -> str:
    # The order entries, publishers, crawls and trends come in does not change the site.
    fingerprinter = Fingerprinter()
    return fingerprinter.page(
        code_fingerprint(),
        tuple(sorted(fingerprinter.digest(stored) for stored in entries)),
        tuple(sorted(publishers, key=lambda p: p.id)),
        crawl,
        tuple(sorted(crawls, key=lambda c: (c.started_at, c.id))),
        tuple(sorted((trends or {}).items())),
        *others,
    )


def read_manifest(site: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Return what the manifest of the site at ``site`` lists: its files ``{path:
    digest}`` (digest ``""`` in a manifest of an older version) and its marks
    ``{name: value}`` (fingerprints of whole inputs, such as ``input``, the build's
    input, and ``search``, the search index's); both empty without a manifest."""
    manifest = site / MANIFEST
    files: dict[str, str] = {}
    marks: dict[str, str] = {}
    if not manifest.is_file():
        return files, marks
    for line in manifest.read_text(encoding="utf-8").splitlines():
        name, _, digest = line.strip().partition("\t")
        if name.startswith("#"):
            marks[name[1:]] = digest
        elif name:
            files[name] = digest
    return files, marks


def write_manifest(site: Path, outputs: Mapping[str, str], marks: Mapping[str, str]) -> None:
    """Write the manifest into ``site``: a ``#name<TAB>value`` line per mark, then a
    ``path<TAB>digest`` line per file of ``outputs``, sorted by path."""
    target = site / MANIFEST
    if target.exists():
        target.unlink()  # may be a hard link to the live site's manifest
    lines = [f"#{name}\t{marks[name]}\n" for name in sorted(marks)]
    lines += [f"{name}\t{outputs[name]}\n" for name in sorted(outputs)]
    target.write_text("".join(lines), encoding="utf-8")


def _safe(name: str) -> bool:
    relative = PurePosixPath(name)
    return not relative.is_absolute() and ".." not in relative.parts


def _remove(site: Path, names: Sequence[str]) -> None:
    for name in names:
        target = site / name
        if target.is_file():
            target.unlink()
            parent = target.parent
            while parent != site and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
