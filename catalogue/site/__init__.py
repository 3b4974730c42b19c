"""The static site: view models (``views``), page plan (``pages``), one writer (``writer``).

``build_site(entries, publishers, crawl, out_dir, *, now, base_url=None, demo_note=None)``
renders everything and returns a :class:`BuildReport`.
"""

from catalogue.site.build import BuildReport, build_site

__all__ = ["BuildReport", "build_site"]
