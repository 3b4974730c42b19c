"""``build_site``: the static site in two phases (plan every page, then write them all)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Mapping, Sequence

from catalogue.config import OperatorSettings
from catalogue.export import write_export
from catalogue.history import Trend
from catalogue.records import CrawlRecord, Publisher, StoredEntry
from catalogue.site import opendata, paths
from catalogue.site.pages import PER_PAGE, plan_pages
from catalogue.site.search import build_search_index
from catalogue.site.writer import SiteSettings, Writer, language_prefix

#: The list of files the previous build wrote, so the next one can remove leftovers.
MANIFEST = ".catalogue-site-files"


@dataclass(frozen=True)
class BuildReport:
    """What a build did: ``pages`` HTML pages written (all languages), ``files`` every
    file written (root-relative POSIX paths, sorted), ``removed`` leftovers of the previous
    build deleted, and the ``out_dir``."""

    pages: int
    files: tuple[str, ...]
    removed: tuple[str, ...]
    out_dir: Path


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
    generated metadata); ``demo_note`` is an extra text shown there as is (not translated).
    ``search=False`` skips the Pagefind index (``pagefind/``; see ``catalogue.site.search``).
    ``crawls`` (``Store.crawls()``) tell the about page how often the crawl runs (the
    median time between the starts of the last crawls); with fewer than two crawls it
    says ``crawl_interval_days`` instead (``None``: when the maintainers start it).
    ``trends`` maps ``(host, forge_id)`` to a repository's status over time
    (``catalogue.history.trend``): its page shows the changes and a timeline, and its
    publisher's page marks it when the status worsened since the previous crawl. Files
    listed by the previous build's manifest but not written now are removed; nothing else
    in ``out_dir`` is touched. ``operator`` (the ``[site]`` settings) names who runs the
    site, its contact, privacy and accessibility statements (footer, about and
    accessibility pages; see ``catalogue.site.pages.plan_pages``). Raises ``OSError`` when ``out_dir`` cannot be written and
    ``catalogue.site.search.SearchIndexError`` when Pagefind fails.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
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
    settings = SiteSettings(base_url=base_url, demo_note=demo_note, demo=demo)
    writer = Writer(out_dir, settings)
    page_count = writer.write_pages(pages)
    writer.copy_static()
    writer.write_badges(p.context["repository"] for p in pages if p.template == "repository.html")
    writer.write_bytes(paths.EU_CATALOGUE, opendata.publiccode_catalogue_bytes(entries, now=now))
    if base_url:
        html_pages = [p.path for p in pages if p.path.endswith(".html") and p.template != "redirect.html"]
        prefixes = {language: language_prefix(language) for language in settings.languages}
        for name, content in opendata.sitemaps(base_url, html_pages, settings.languages, prefixes).items():
            writer.write_bytes(name, content)
    for fmt, name in (("json", paths.EXPORT_JSON), ("csv", paths.EXPORT_CSV)):
        buffer = io.StringIO(newline="")
        write_export(entries, publishers, now=now, fmt=fmt, out=buffer)
        writer.write_bytes(name, buffer.getvalue().encode("utf-8"))
    if search:
        writer.written.extend(build_search_index(out_dir))
    files = tuple(sorted(writer.written))
    removed = _remove_leftovers(out_dir, files)
    (out_dir / MANIFEST).write_text("".join(f"{name}\n" for name in files), encoding="utf-8")
    return BuildReport(pages=page_count, files=files, removed=removed, out_dir=out_dir)


def _remove_leftovers(out_dir: Path, files: tuple[str, ...]) -> tuple[str, ...]:
    manifest = out_dir / MANIFEST
    if not manifest.is_file():
        return ()
    current = set(files)
    removed = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        relative = PurePosixPath(name)
        if not name or name in current or relative.is_absolute() or ".." in relative.parts:
            continue
        target = out_dir / relative
        if target.is_file():
            target.unlink()
            removed.append(name)
            parent = target.parent
            while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return tuple(sorted(removed))
