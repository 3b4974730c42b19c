"""The project's own local forge test server (see docs/testforge.md).

``TestForge.from_fixture(path_or_dict)`` emulates GitHub (REST, GraphQL, raw files) and
GitLab instances (REST, GraphQL) over a fixture (format: ``catalogue.testforge.fixture``);
``TestForge.from_case(case_dir)`` replays a case file (``tests/data/cases``). Both
bind 127.0.0.1 on a free port, log every request and take injected faults::

    with TestForge.from_fixture("fixture.yml") as forge:
        forge.base_url, forge.forges_config(), forge.requests, forge.inject("gh.repo", 502)
"""

from catalogue.testforge.fixture import Fixture, FixtureError, load_fixture
from catalogue.testforge.recorder import Fault, LoggedRequest
from catalogue.testforge.server import TestForge

__all__ = ["Fault", "Fixture", "FixtureError", "LoggedRequest", "TestForge", "load_fixture"]
