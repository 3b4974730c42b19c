"""``build_site``: the static site in two phases (plan every page, then write them all)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Mapping, Sequence

from catalogue.export import write_export
from catalogue.history import Trend
from catalogue.records import CrawlRecord, Publisher, StoredEntry
from catalogue.site import opendata, paths
from catalogue.site.pages import PER_PAGE, plan_pages
from catalogue.site.publish import Publication
from catalogue.site.search import write_search_index
from catalogue.site.writer import SiteSettings, Writer, language_prefix

#: The list of files the previous build wrote, so the next one can remove leftovers.
MANIFEST = ".catalogue-site-files"


@dataclass(frozen=True)
class BuildReport:
    """What a build did: ``pages`` HTML and feed pages in the site (all languages),
    ``files`` every file of the site the build made (root-relative POSIX paths, sorted),
    ``written`` those it wrote this time (the others were unchanged), ``removed``
    leftovers of the previous build deleted, and the ``out_dir``. ``published`` is
    false when nothing changed: the live site was left as it was."""

    pages: int
    files: tuple[str, ...]
    removed: tuple[str, ...]
    out_dir: Path
    written: tuple[str, ...] = ()
    published: bool = True


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

    Incremental and atomic (``catalogue.site.publish``): only pages whose input changed
    are rendered and only files whose content changed are written, into a hard-link
    copy of the live site beside it, which then replaces the live site in one rename.
    When nothing changed nothing is written. Files listed by the previous build's
    manifest but not made now are removed; nothing else in ``out_dir`` is touched. A
    build that fails or is killed leaves the live site as it was. Raises ``OSError``
    when ``out_dir`` or its parent cannot be written.
    """
    with Publication(Path(out_dir)) as publication:
        previous = read_manifest(publication.live)
        pages = plan_pages(
            entries,
            publishers,
            crawl,
            now=now,
            per_page=per_page,
            crawl_interval_days=crawl_interval_days,
            crawls=crawls,
            trends=trends,
        )
        settings = SiteSettings(base_url=base_url, demo_note=demo_note, demo=demo)
        writer = Writer(publication, settings, previous)
        page_count = writer.write_pages(pages)
        writer.copy_static()
        repositories = [p.context["repository"] for p in pages if p.template == "repository.html"]
        writer.write_badges(repositories)
        writer.write_bytes(paths.EU_CATALOGUE, opendata.publiccode_catalogue_bytes(entries, now=now))
        if base_url:
            html_pages = [p.path for p in pages if p.path.endswith(".html")]
            prefixes = {language: language_prefix(language) for language in settings.languages}
            for name, content in opendata.sitemaps(base_url, html_pages, settings.languages, prefixes).items():
                writer.write_bytes(name, content)
        for fmt, name in (("json", paths.EXPORT_JSON), ("csv", paths.EXPORT_CSV)):
            buffer = io.StringIO(newline="")
            write_export(entries, publishers, now=now, fmt=fmt, out=buffer)
            writer.write_bytes(name, buffer.getvalue().encode("utf-8"))
        if search:
            write_search_index(writer, repositories, settings.languages)
        files = tuple(sorted(writer.outputs))
        leftovers = tuple(sorted(name for name in previous if name not in writer.outputs and _safe(name)))
        removed = tuple(name for name in leftovers if (publication.live / name).is_file())
        if writer.written or removed or not previous:
            staging = publication.stage()
            _remove(staging, removed)
            write_manifest(staging, writer.outputs)
            publication.commit()
    return BuildReport(pages=page_count, files=files, removed=removed, out_dir=Path(out_dir),
                       written=tuple(sorted(writer.written)), published=publication.committed)


def read_manifest(site: Path) -> dict[str, str]:
    """Return the files of the site at ``site`` as its manifest lists them:
    ``{path: digest}`` (digest ``""`` in a manifest of an older version); ``{}``
    without a manifest."""
    manifest = site / MANIFEST
    if not manifest.is_file():
        return {}
    result = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        name, _, digest = line.strip().partition("\t")
        if name:
            result[name] = digest
    return result


def write_manifest(site: Path, outputs: Mapping[str, str]) -> None:
    """Write the manifest of ``outputs`` (``{path: digest}``) into ``site``: one
    ``path<TAB>digest`` line per file, sorted by path."""
    target = site / MANIFEST
    if target.exists():
        target.unlink()  # may be a hard link to the live site's manifest
    target.write_text("".join(f"{name}\t{outputs[name]}\n" for name in sorted(outputs)), encoding="utf-8")


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
