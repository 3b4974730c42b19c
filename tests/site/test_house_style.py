"""The vendored NL Design System CSS: present in the build, nothing from another host,
and the subsetting tool that keeps only the components the templates use."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from sitefactory import NOW, make_entry

from catalogue.site import build_site

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "site_templates" / "static"


def load_subset_tool():
    spec = importlib.util.spec_from_file_location("nlds_subset", ROOT / "tools" / "nlds_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_carries_the_nlds_css_and_its_licence(tmp_path):
    build_site([make_entry()], (), None, tmp_path, now=NOW, search=False)
    for name in ("nlds-design-tokens.css", "nlds-components.css", "NLDS-LICENCE.md", "favicon.svg", "style.css"):
        assert (tmp_path / "static" / name).is_file(), name
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (tmp_path / "static" / "NLDS-LICENCE.md").read_text("utf-8")
    assert ".rhc-theme{" in (tmp_path / "static" / "nlds-design-tokens.css").read_text("utf-8").replace(" ", "")
    assert 'class="rhc-theme"' in (tmp_path / "index.html").read_text("utf-8")


def test_no_stylesheet_asks_another_host():
    for path in STATIC.glob("*.css"):
        css = path.read_text("utf-8")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            assert url.startswith("data:") or "://" not in url, (path.name, url[:60])
        assert "@import" not in css, path.name


def test_the_vendored_components_are_the_ones_the_templates_use():
    tool = load_subset_tool()
    css = (STATIC / "nlds-components.css").read_text("utf-8")
    wanted = ("utrecht-table", "nl-skip-link", "utrecht-page-footer")
    for prelude, _ in tool._blocks(css):
        if not prelude.startswith("@"):
            assert any(f".{name}" in prelude for name in wanted), prelude
    for name in wanted:
        assert f".{name}{{" in css
    assert ".utrecht-accordion{" not in css and len(css) < 40_000


def test_subset_keeps_rules_of_the_given_components_with_their_media_queries():
    tool = load_subset_tool()
    css = ('.utrecht-table{a:1}.utrecht-table__cell{b:2}.utrecht-tablet{x:0}.utrecht-button{c:3}'
           '@media (min-width:10px){.utrecht-table--busy{d:4}.utrecht-button{e:5}}'
           '@keyframes spin{to{f:6}}.utrecht-table__row{animation:spin 1s}/* } */.nl-link{g:7}')
    assert tool.subset(css, ["utrecht-table"]) == (
        '.utrecht-table{a:1}.utrecht-table__cell{b:2}@media (min-width:10px){.utrecht-table--busy{d:4}}'
        '.utrecht-table__row{animation:spin 1s}@keyframes spin{to{f:6}}')
