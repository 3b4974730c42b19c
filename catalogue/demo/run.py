"""``catalogue demo``: the whole product on bundled data, with no token and no internet.

Starts the project's own test forge (``catalogue.testforge``) on 127.0.0.1 over the
bundled demo fixture (real publiccode.yml files and real publisher accounts, with
generated metadata and personal data replaced by placeholders), crawls it with the
real spiders, and builds the site, which says on every page, in its own language, that
it is a demonstration (``build_site(demo=True)``).
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from catalogue.config import load_settings, with_forges
from catalogue.timeutil import utcnow

DEMO_TOKEN = "demo-token"  # the local test forge accepts any token; this one unlocks GraphQL


def run_demo(*, config: str | None = None, publishers: str | None = None, db: str | None = None,
             output: str | None = None, now: datetime | None = None) -> Path:
    """Crawl the demo forge and build the site; returns the path of the site's index page.

    The demo keeps to its own folder, ``OUTPUT/demo`` (site in ``OUTPUT/demo/site``,
    database ``OUTPUT/demo/catalogue.sqlite`` unless ``db`` is given on the command
    line), so that its generated data never mixes with a real catalogue in ``OUTPUT``.
    Raises CatalogueError (from the crawl or the build) with one clear line.
    """
    from catalogue.cli import do_build, do_crawl
    from catalogue.demo import demo_fixture_path, demo_publishers_path
    from catalogue.testforge import TestForge

    settings = load_settings(environ=os.environ, config=config, db=db, output=output,
                             publishers=publishers or str(demo_publishers_path()))
    folder = settings.output / "demo"
    settings = replace(settings, output=folder, db=db or f"sqlite:///{folder / 'catalogue.sqlite'}")
    now = now or utcnow()
    with TestForge.from_fixture(demo_fixture_path()) as forge:
        settings = with_forges(settings, forge.forges_config(), token=DEMO_TOKEN)
        do_crawl(settings, now, scrapy_settings={"LOG_LEVEL": "WARNING"}, demo=True)
    return do_build(settings, now, demo=True).resolve()
