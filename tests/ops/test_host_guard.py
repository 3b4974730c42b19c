"""The crawl goes only to the configured forges' API and raw hosts (issue 10): never to
a URL from a publiccode.yml on another host, never to internal addresses."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from catalogue.config import default_forges
from catalogue.harvest.hostguard import HostGuardMiddleware, allowed_netlocs, is_internal_address, refusal
from catalogue.testforge import TestForge
from tests.harvest.fixtures import EXPECTED_COUNT, PUBLISHERS, fixture_copy

ALLOWED = allowed_netlocs(default_forges())


@pytest.mark.parametrize("url", ["https://api.github.com/orgs/x/repos", "https://api.github.com/graphql",
                                 "https://raw.githubusercontent.com/x/y/main/publiccode.yml",
                                 "https://gitlab.com/api/v4/groups/x"])
def test_the_forges_own_hosts_are_allowed(url):
    assert refusal(url, ALLOWED) is None


@pytest.mark.parametrize("url, why", [
    ("https://example.org/logo.png", "not a configured forge host"),
    ("http://169.254.169.254/latest/meta-data/", "internal address"),
    ("http://127.0.0.1:8080/", "internal address"),
    ("http://[::1]/", "internal address"),
    ("http://10.1.2.3/x", "internal address"),
    ("http://localhost/x", "internal address"),
    ("file:///etc/passwd", "not an http(s) URL"),
    ("https://api.github.com.evil.example/x", "not a configured forge host"),
])
def test_other_hosts_and_internal_addresses_are_refused(url, why):
    assert why in refusal(url, ALLOWED)


def test_internal_addresses():
    assert is_internal_address("192.168.1.1") and is_internal_address("fd00::1")
    assert not is_internal_address("140.82.112.3") and not is_internal_address("github.com")


def test_the_middleware_drops_and_names_a_refused_request():
    errors = []

    class Spider:
        def record_error(self, message):
            errors.append(message)

    middleware = HostGuardMiddleware(ALLOWED)
    assert middleware.process_request(Request("https://api.github.com/x"), Spider()) is None
    with pytest.raises(IgnoreRequest):
        middleware.process_request(Request("http://169.254.169.254/"), Spider())
    assert errors == ["refused a request to an internal address: http://169.254.169.254/"]


def test_urls_in_publiccode_yml_are_never_requested(crawler):
    fixture = fixture_copy()
    repository = fixture["github"]["accounts"][0]["repositories"][0]
    with TestForge.from_fixture(fixture_copy()) as other:
        evil = f"{other.base_url}/evil"
        # Another server on 127.0.0.1 stands for any host the file may name.
        text = repository["files"]["publiccode.yml"]
        repository["files"]["publiccode.yml"] = text + (f"logo: {evil}/logo.png\nlandingURL: {evil}/landing\n"
                                                        f"screenshots: [{evil}/shot.png]\n")
        with TestForge.from_fixture(fixture) as forge:
            summary = crawler.crawl(PUBLISHERS, forge.forges_config(), token="t")
        assert list(other.requests) == []  # the other host was never asked
    stored = crawler.entries()["https://github.com/acme/tool-000"].entry.publiccode
    assert stored is not None and "/evil/logo.png" in str(stored.data.get("logo"))  # the URLs were read
    assert summary.stats.get("catalogue/requests/refused", 0) == 0  # nothing even tried
    assert len(crawler.entries()) == EXPECTED_COUNT
