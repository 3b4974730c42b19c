"""The static site: view models (``views``), page plan (``pages``), one writer (``writer``).

``build_site(entries, publishers, crawl, out_dir, *, now, base_url=None, demo_note=None,
search=True, crawls=(), trends=None, demo=False, operator=None)``
renders everything and returns a :class:`BuildReport`. Layout under ``out_dir`` (Dutch at
the root, the same paths in English under ``en/``; every link is relative and names its
``index.html``, so the site works from ``file://``)::

    index.html, page/{n}/index.html          all repositories but technical forks, 50 per
                                             page, by name; page 1 has search and filters
    repos/{host}/{owner}/.../{name}/index.html   one page per repository (safe, lower-case
                                             components; a collision gets ``-2``, ``-3``),
                                             and its status badge ``badge.svg``
    publishers/index.html                    all publishers
    publishers/{id}/index.html               one page per publisher (problems first)
    status/index.html, status/{s}/index.html every repository per maintenance status
    forks/index.html                         the technical forks
    about/index.html                         the crawl, the status rule, how to get listed
    toegankelijkheid/index.html              the accessibility statement (``[site]`` settings)
    repos/.../{old name}/index.html          redirect pages of renamed repositories
    feeds/all.atom, feeds/publishers/{id}.atom   Atom feeds of new and changed software
    publiccode-catalogue.json, sitemap.xml   federation file; sitemap (with a base URL)
    search/{language}/                       the search index (catalogue.site.search)
    static/style.css, static/search.js       shared by both languages, with the NL Design
    static/nlds-*.css, static/favicon.svg    System CSS and the favicon
    catalogue.json, catalogue.csv            the export (``catalogue.export``)
    .catalogue-site-files                    manifest: every file with its digest, so the next
                                             build writes only what changed and removes leftovers

The site is built beside ``out_dir`` and swapped in whole (``catalogue.site.publish``).
"""

from catalogue.site.build import BuildReport, build_site

__all__ = ["BuildReport", "build_site"]
