from tests.db.conftest import postgres_database, store_url  # noqa: F401 - SQLite and PostgreSQL stores
from tests.harvest.conftest import crawler  # noqa: F401 - the same crawl helper as the harvest tests
