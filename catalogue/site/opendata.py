"""Machine-readable outputs of the site besides the export: ``sitemap.xml`` and the
publiccode-based catalogue for federation (``publiccode-catalogue.json``).

The Atom feeds are templates (``site_templates/feed.xml``) rendered by the writer, the
badges come from ``catalogue.site.badges``; ``catalogue.json``/``.csv`` from
``catalogue.export``. The formats are described in docs/site.md.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from catalogue.export import iso_utc
from catalogue.records import StoredEntry

#: The sitemap protocol's limit of URLs per file (sitemaps.org).
SITEMAP_LIMIT = 50_000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def software_id(host: str, forge_id: str) -> str:
    """Return the stable id of a repository in the federation file: a UUID (version 5)
    of its identity ``host/forge_id``, so a rename or transfer keeps it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"catalogue:{host}/{forge_id}"))


def publiccode_catalogue(entries: Iterable[StoredEntry], *, now: datetime) -> dict[str, Any]:
    """Return the federation document: every repository that has a readable
    ``publiccode.yml``, ordered by URL, in the shape of the Developers Italia software
    catalogue API's software list (publiccode-crawler), which EU-level catalogues read::

        {"generatedAt": "...Z", "data": [{"id", "url", "aliases", "publiccodeYml",
          "active", "createdAt", "updatedAt"}]}

    ``publiccodeYml`` is the file as written (YAML text), ``aliases`` the previous URLs,
    ``active`` false for a repository its account no longer lists (``gone``),
    ``createdAt`` first seen and ``updatedAt`` last crawled (ISO 8601 UTC).
    """
    data = []
    for stored in sorted(entries, key=lambda s: (s.entry.source.url, s.entry.source.forge_id)):
        source = stored.entry.source
        if source.publiccode is None or source.publiccode.text is None:
            continue
        data.append(
            {
                "id": software_id(source.host, source.forge_id),
                "url": source.url,
                "aliases": list(stored.previous_urls),
                "publiccodeYml": source.publiccode.text,
                "active": not stored.gone,
                "createdAt": iso_utc(stored.first_seen_at),
                "updatedAt": iso_utc(stored.last_crawled_at),
            }
        )
    return {"generatedAt": iso_utc(now), "data": data}


def publiccode_catalogue_bytes(entries: Iterable[StoredEntry], *, now: datetime) -> bytes:
    """:func:`publiccode_catalogue` as UTF-8 JSON (two-space indent, final newline)."""
    document = publiccode_catalogue(entries, now=now)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sitemaps(
    base_url: str, pages: Sequence[str], languages: Sequence[str], prefixes: dict[str, str]
) -> dict[str, bytes]:
    """Return the sitemap files as ``{root-relative name: bytes}``.

    ``pages`` are the language-neutral HTML page paths, ``prefixes`` maps each of
    ``languages`` to its directory prefix (``""`` or ``"en/"``). Every page appears once
    per language, with ``xhtml:link`` alternates for the other languages. Up to
    :data:`SITEMAP_LIMIT` URLs the result is one ``sitemap.xml``; beyond that
    ``sitemap-1.xml``, ``sitemap-2.xml``... and a ``sitemap.xml`` index.
    """
    base = base_url.rstrip("/") + "/"
    urls = []
    for page in sorted(pages):
        alternates = "".join(
            f"<xhtml:link rel=\"alternate\" hreflang={quoteattr(other)} href={quoteattr(base + prefixes[other] + page)}/>"
            for other in languages
        )
        for language in languages:
            urls.append(f"<url><loc>{escape(base + prefixes[language] + page)}</loc>{alternates}</url>\n")
    chunks = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">\n'
    if len(chunks) == 1:
        return {"sitemap.xml": (head + "".join(chunks[0]) + "</urlset>\n").encode("utf-8")}
    files = {f"sitemap-{n}.xml": (head + "".join(chunk) + "</urlset>\n").encode("utf-8") for n, chunk in enumerate(chunks, 1)}
    index = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
        + "".join(f"<sitemap><loc>{escape(base + name)}</loc></sitemap>\n" for name in files)
        + "</sitemapindex>\n"
    )
    files["sitemap.xml"] = index.encode("utf-8")
    return files
