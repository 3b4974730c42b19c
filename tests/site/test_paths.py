"""Safe, stable page paths and relative links."""

from __future__ import annotations

import pytest

from catalogue.site import paths


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("GitHub.com", "github.com"),
        ("gitlab.example:8443", "gitlab.example_8443"),
        ("..", "__"),
        (".hidden", "_hidden"),
        ("a b/c", "a_b_c"),
        ("", "_"),
        ("index.html", "index.html_"),
        ("naïef", "na_ef"),
    ],
)
def test_safe_component(given, expected):
    assert paths.safe_component(given) == expected


def test_repository_dir_keeps_subgroups():
    assert paths.repository_dir("gitlab.com", "groep/sub/project") == "repos/gitlab.com/groep/sub/project"
    assert paths.repository_dir("github.com", "../../etc") == "repos/github.com/__/__/etc"


def test_index_pages_and_relative_urls():
    assert paths.index_page(1) == "index.html"
    assert paths.index_page(2) == "page/2/index.html"
    with pytest.raises(ValueError):
        paths.index_page(0)
    assert paths.relative_url("repos/a/b/c/index.html", "static/style.css") == "../../../../static/style.css"
    assert paths.relative_url("index.html", "about/index.html") == "about/index.html"
    assert paths.relative_url("about/index.html", "about/index.html#x") == "index.html#x"


def test_unique_paths_is_order_stable():
    result = paths.unique_paths([("a", "repos/x"), ("b", "repos/x"), ("c", "repos/x-2")])
    assert result == {"a": "repos/x/index.html", "b": "repos/x-2/index.html", "c": "repos/x-2-2/index.html"}
