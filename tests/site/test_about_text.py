"""The About page's sentences stand apart: no two run together where a template block
ends (found in a new user's trial: "gebouwd.Dat", "catalogus@example.nlDeze")."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sitefactory import NOW, make_entry, utc

from catalogue.config import OperatorSettings
from catalogue.records import CodeHosting, CrawlRecord, Publisher
from catalogue.site import build_site

PUBLISHERS = (Publisher("gemeente-voorbeeld", "Gemeente Voorbeeld", (CodeHosting("https://github.com/example-gemeente"),)),)


def _crawls():
    starts = [NOW - timedelta(days=3 - n) for n in range(1, 4)]
    return [CrawlRecord(id=n, started_at=start, finished_at=start + timedelta(seconds=75), repositories_seen=1,
                        requests=4, errors=("one",)) for n, start in enumerate(starts, 1)]


@pytest.mark.parametrize("page", ["about/index.html", "en/about/index.html"])
def test_about_sentences_do_not_run_together(tmp_path, page):
    crawls = _crawls()
    operator = OperatorSettings(organisation="Gemeente Voorbeeld", contact_email="catalogus@example.nl")
    build_site([make_entry(last_commit_at=utc(2026, 5, 1))], PUBLISHERS, crawls[-1], tmp_path, now=NOW,
               search=False, crawls=crawls, operator=operator)
    html = (tmp_path / page).read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert not re.search(r"[a-z]\.[A-Z][a-z]", text), re.search(r".{30}[a-z]\.[A-Z][a-z].{10}", text)
    assert "example.nlThis" not in text and "example.nlDeze" not in text
    assert ("1 minute," in text) or ("1 minuut," in text)
