"""One publishers file over every forge type: GitHub, gitlab.com, a self-hosted GitLab
(a subgroup entry and the whole instance) and Forgejo (an organisation, a user and the
whole instance) crawl into one catalogue with every repository once."""

from __future__ import annotations

import pytest

from catalogue.testforge import TestForge
from tests.harvest.conftest import Crawler, publisher
from tests.harvest.test_forgejo import forgejo_fixture


def mixed_fixture() -> dict:
    fixture = forgejo_fixture()
    project = lambda name: {"name": name, "description": f"{name} beschrijving",  # noqa: E731
                            "pushed_at": "2026-05-01T00:00:00Z"}
    fixture["gitlab"] = [
        {"prefix": "/gitlab", "web_host": "gitlab.com",
         "groups": [{"path": "commonground", "projects": [project("core"), project("api")]}]},
        {"prefix": "/gitlab-2", "web_host": "gitlab.example.nl",
         "groups": [{"path": "a", "projects": [project("one")],
                     "subgroups": [{"path": "b", "projects": [project("two"), project("three")],
                                    "subgroups": [{"path": "c", "projects": [project("four")]}]}]},
                    {"path": "d", "projects": [project("five")]}]},
    ]
    return fixture


PUBLISHERS = [
    publisher("github", "https://github.com/upstream"),
    publisher("gitlab-com", "https://gitlab.com/commonground"),
    publisher("sub-b", "https://gitlab.example.nl/a/b"),
    publisher("instance-gl", "https://gitlab.example.nl/explore/groups"),
    publisher("gemeente-x", "https://code.overheid.nl/gemeente-x"),
    publisher("jan", "https://code.overheid.nl/jan"),
    publisher("instance-fj", "https://code.overheid.nl"),
]

EXPECTED = {
    "https://github.com/upstream/tool": "github",
    "https://gitlab.com/commonground/core": "gitlab-com",
    "https://gitlab.com/commonground/api": "gitlab-com",
    "https://gitlab.example.nl/a/one": "instance-gl",
    "https://gitlab.example.nl/a/b/two": "sub-b",
    "https://gitlab.example.nl/a/b/three": "sub-b",
    "https://gitlab.example.nl/a/b/c/four": "sub-b",
    "https://gitlab.example.nl/d/five": "instance-gl",
    "https://code.overheid.nl/jan/script": "jan",
    "https://code.overheid.nl/provincie-y/kaart": "instance-fj",
    **{f"https://code.overheid.nl/gemeente-x/{name}": "gemeente-x"
       for name in ("portaal", "yaml-variant", "no-publiccode", "empty", "portaal-fork", "tool-mirror",
                    "unknown-mirror", "sjabloon")},
}


@pytest.mark.parametrize("token", [None, "test-token"], ids=["anonymous", "token"])
def test_every_forge_in_one_catalogue_every_repository_once(tmp_path, token):
    crawler = Crawler(tmp_path)
    with TestForge.from_fixture(mixed_fixture()) as forge:
        first = crawler.crawl(PUBLISHERS, forge.forges_config(), token=token)
        again = crawler.crawl(PUBLISHERS, forge.forges_config(), token=token)  # recrawl: GraphQL listings with a token
    assert first.errors == () and again.errors == ()
    entries = crawler.entries()
    assert {url: stored.entry.source.publisher_id for url, stored in entries.items()} == EXPECTED
    assert first.repositories_seen == again.repositories_seen == len(EXPECTED)
    assert not any(stored.gone for stored in entries.values())
    assert {stored.entry.source.forge_type for stored in entries.values()} == {"github", "gitlab", "forgejo"}


def test_a_whole_gitlab_instance_lists_each_top_level_group_once(tmp_path):
    crawler = Crawler(tmp_path)
    with TestForge.from_fixture(mixed_fixture()) as forge:
        summary = crawler.crawl([publisher("instance-gl", "https://gitlab.example.nl")], forge.forges_config())
        listings = [r.path for r in forge.requests if r.route == "gl.group_projects"]
    assert summary.errors == ()
    assert set(crawler.entries()) == {url for url in EXPECTED if "gitlab.example.nl" in url}
    assert sorted(path.split("/groups/")[1].split("/")[0] for path in listings) == ["a", "d"]


@pytest.mark.parametrize("url", ["https://code.overheid.nl/explore/repos/extra", "https://gitlab.example.nl/explore/projects/starred",
                                 "https://github.com"])
def test_a_hosting_url_of_an_unknown_form_is_refused_naming_the_entry(tmp_path, url):
    crawler = Crawler(tmp_path)
    with TestForge.from_fixture(mixed_fixture()) as forge:
        with pytest.raises(Exception) as caught:
            crawler.crawl([publisher("odd", url)], forge.forges_config())
    assert "publisher 'odd'" in str(caught.value) and url in str(caught.value)
