"""The bundled demo: a test forge over real Dutch publishers and publiccode.yml files.

``start_demo_forge()`` gives a running ``TestForge`` over ``data/fixture.json`` (use it
with ``with``); ``demo_publishers_path()`` is the matching publishers list in
developer.overheid.nl's seed format. The data were made by ``make_demo_data.py`` from
the shared corpus (see ``data/README.md``); at run time only ``data/`` is read.
"""

from __future__ import annotations

from pathlib import Path

from catalogue.testforge import TestForge

DATA = Path(__file__).parent / "data"


def demo_fixture_path() -> Path:
    """``catalogue/demo/data/fixture.json``: the demo's test-forge fixture."""
    return DATA / "fixture.json"


def demo_publishers_path() -> Path:
    """``catalogue/demo/data/publishers.yml``: the demo publishers (seed-list YAML format)."""
    return DATA / "publishers.yml"


def start_demo_forge(latency_ms: float = 0) -> TestForge:
    """A started ``TestForge`` serving the demo fixture on 127.0.0.1 (stop it, or use ``with``).

    ``forge.forges_config()`` gives the ``[forges."github.com"]`` and
    ``[forges."gitlab.com"]`` tables that point a crawler at it.
    """
    return TestForge.from_fixture(demo_fixture_path(), latency_ms=latency_ms).start()
