from tests.harvest.conftest import crawler  # noqa: F401 - the same crawl helper as the harvest tests
