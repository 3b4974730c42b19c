"""Time on the site: the status trend (repository and publisher pages), the crawl
interval on the about page, and the translated demo sentence. Fixed dates throughout."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from catalogue.db.store import RepositoryObservation
from catalogue.history import Trend, TrendPoint, crawl_times, trend
from catalogue.records import CrawlRecord
from catalogue.site import build_site
from catalogue.site.trends import (
    MAX_PERIODS,
    CrawlInterval,
    crawl_interval,
    is_worse,
    previous_crawl_start,
    status_at,
    trend_view,
)
from sitefactory import NOW, make_entry, read_page, utc

DECLINING = "repos/github.com/example-gemeente/declining/index.html"
STEADY = "repos/github.com/example-gemeente/steady/index.html"
PUBLISHER = "publishers/gemeente-voorbeeld/index.html"


def crawls_at(*starts) -> list[CrawlRecord]:
    return [CrawlRecord(id=n, started_at=start, finished_at=start + timedelta(minutes=20))
            for n, start in enumerate(starts, start=1)]


#: Two crawls: before and after the moment "declining" crossed the two-year line.
CRAWLS = crawls_at(utc(2026, 4, 1, 3), utc(2026, 6, 14, 3))


def declining_history() -> list[RepositoryObservation]:
    """Last commit on 3 May 2024: low activity at the first crawl, unmaintained from
    3 May 2026 (two years later), before the second crawl."""
    old = utc(2024, 5, 3)
    return [RepositoryObservation(1, old, old, False, True)]


def steady_history() -> list[RepositoryObservation]:
    recent = utc(2026, 3, 20)
    return [RepositoryObservation(1, recent, recent, False, None)]


def trends_for(now=NOW) -> dict[tuple[str, str], Trend]:
    times = crawl_times(CRAWLS)
    return {
        ("github.com", "301"): trend(declining_history(), times, now),
        ("github.com", "302"): trend(steady_history(), times, now),
    }


def catalogue_entries():
    old = utc(2024, 5, 3)
    return [
        make_entry("declining", forge_id="301", last_commit_at=old, pushed_at=old, latest_release=None),
        make_entry("steady", forge_id="302", last_commit_at=utc(2026, 3, 20), pushed_at=utc(2026, 3, 20)),
        make_entry("no-history", forge_id="303"),
    ]


@pytest.fixture
def trend_site(tmp_path: Path, publishers) -> Path:
    build_site(catalogue_entries(), publishers, CRAWLS[-1], tmp_path, now=NOW, search=False,
               crawls=CRAWLS, trends=trends_for())
    return tmp_path


def test_repository_page_says_when_it_became_unmaintained_in_both_languages(trend_site: Path):
    nl = read_page(trend_site, DECLINING).text
    assert "Status in de loop van de tijd" in nl
    assert "Werd ononderhouden op 3 mei 2026." in nl
    assert "De status is slechter dan bij de vorige verzamelronde; toen was die: Weinig activiteit." in nl
    # the timeline: low activity from the first crawl, unmaintained from 3 May until today
    assert "Van Tot Status 1 april 2026 3 mei 2026 Weinig activiteit 3 mei 2026 vandaag Ononderhouden" in nl
    en = read_page(trend_site, "en/" + DECLINING).text
    assert "Status over time" in en
    assert "Became unmaintained on May 3, 2026." in en
    assert "From Until Status April 1, 2026 May 3, 2026 Low activity May 3, 2026 today Unmaintained" in en


def test_timeline_is_a_captioned_table_in_a_labelled_region(trend_site: Path):
    raw = read_page(trend_site, DECLINING).raw
    table = raw[raw.index('<table class="trend">'):]
    table = table[:table.index("</table>")]
    assert "<caption>Status per periode</caption>" in table
    assert table.count('<th scope="col">') == 3
    assert '<time datetime="2026-05-03' in table
    assert 'role="region" tabindex="0" aria-label="Status per periode"' in raw


def test_unchanged_status_and_no_history(trend_site: Path):
    steady = read_page(trend_site, STEADY).text
    assert "De status is niet veranderd sinds 1 april 2026." in steady
    assert "slechter" not in steady
    assert "Status in de loop van de tijd" not in read_page(
        trend_site, "repos/github.com/example-gemeente/no-history/index.html"
    ).text


def test_publisher_page_marks_the_repositories_whose_status_worsened(trend_site: Path):
    nl = read_page(trend_site, PUBLISHER).text
    assert "Status verslechterd sinds de vorige verzamelronde declining : Weinig activiteit, nu Ononderhouden" in nl
    assert "declining (slechter dan bij de vorige verzamelronde)" in nl
    assert "steady (slechter" not in nl
    en = read_page(trend_site, "en/" + PUBLISHER).text
    assert "Status worsened since the previous crawl declining : Low activity, now Unmaintained" in en
    assert "declining (worse since the previous crawl)" in en


def test_not_worsened_when_the_change_came_before_the_previous_crawl(tmp_path: Path, publishers):
    crawls = crawls_at(utc(2026, 4, 1, 3), utc(2026, 5, 10, 3), utc(2026, 6, 14, 3))
    times = crawl_times(crawls)
    trends = {("github.com", "301"): trend([RepositoryObservation(1, utc(2024, 5, 3), utc(2024, 5, 3), False, True)],
                                           times, NOW)}
    build_site(catalogue_entries()[:1], publishers, crawls[-1], tmp_path, now=NOW, search=False,
               crawls=crawls, trends=trends)
    page = read_page(tmp_path, DECLINING).text
    assert "Werd ononderhouden op 3 mei 2026." in page and "slechter" not in page
    assert "Status verslechterd" not in read_page(tmp_path, PUBLISHER).text


def test_trend_view_merges_points_caps_periods_and_compares_with_the_previous_crawl():
    statuses = ["maintained", "low-activity"] * 10
    points = tuple(TrendPoint(utc(2025, 1, 1) + timedelta(days=10 * n), s) for n, s in enumerate(statuses))
    points += (TrendPoint(utc(2025, 12, 1), "low-activity"),)  # same status: no new period
    view = trend_view(Trend(points, ()), utc(2025, 1, 5))
    assert len(view.periods) == MAX_PERIODS and view.earlier_periods == 20 - MAX_PERIODS
    assert view.periods[-1].end is None and view.periods[-1].status == "low-activity"
    assert view.periods[-2].end == view.periods[-1].start
    assert view.previous_status == "maintained" and view.status == "low-activity" and view.worsened
    assert trend_view(Trend((), ()), None) is None and trend_view(None, None) is None
    assert status_at(Trend(points, ()), utc(2024, 1, 1)) is None
    assert is_worse("maintained", "archived") and not is_worse("unmaintained", "maintained")
    assert not is_worse("maintained", "unknown")


def test_previous_crawl_start():
    assert previous_crawl_start([]) is None
    assert previous_crawl_start(CRAWLS[:1]) is None
    assert previous_crawl_start(list(reversed(CRAWLS))) == utc(2026, 4, 1, 3)


@pytest.mark.parametrize(
    ("gaps", "expected"),
    [
        ([timedelta(hours=1)] * 5, CrawlInterval("hour", 1, 6)),
        ([timedelta(minutes=58), timedelta(minutes=61), timedelta(hours=9), timedelta(minutes=60)],
         CrawlInterval("hour", 1, 5)),  # the median shrugs off one late crawl
        ([timedelta(hours=6)] * 3, CrawlInterval("hour", 6, 4)),
        ([timedelta(days=1, minutes=3)] * 20, CrawlInterval("day", 1, 10)),  # the last ten only
        ([timedelta(days=2)], CrawlInterval("day", 2, 2)),
        ([timedelta(minutes=15)] * 2, CrawlInterval("minute", 15, 3)),
        ([timedelta(weeks=2)] * 2, CrawlInterval("week", 2, 3)),
    ],
)
def test_crawl_interval_is_the_median_gap_between_the_last_starts(gaps, expected):
    starts = [utc(2026, 1, 1)]
    for gap in gaps:
        starts.append(starts[-1] + gap)
    assert crawl_interval(list(reversed(crawls_at(*starts)))) == expected


def test_crawl_interval_needs_two_crawls():
    assert crawl_interval([]) is None
    assert crawl_interval(crawls_at(utc(2026, 1, 1))) is None


def test_about_page_says_how_often_from_the_crawl_records(tmp_path: Path, entries, publishers):
    hourly = crawls_at(*(utc(2026, 6, 14, 3) + timedelta(hours=h) for h in range(12)))
    build_site(entries, publishers, hourly[-1], tmp_path / "hourly", now=NOW, search=False, crawls=hourly)
    nl = read_page(tmp_path / "hourly", "about/index.html").text
    assert "Er wordt ongeveer elk uur verzameld, en na elke verzamelronde wordt de site opnieuw gebouwd." in nl
    assert "Dat is de mediaan van de tijd tussen het begin van de laatste 10 verzamelrondes." in nl
    en = read_page(tmp_path / "hourly", "en/about/index.html").text
    assert "The crawl runs about every hour, and the site is rebuilt after each crawl." in en
    daily = crawls_at(*(utc(2026, 6, 1, 3) + timedelta(days=d) for d in range(3)))
    build_site(entries, publishers, daily[-1], tmp_path / "daily", now=NOW, search=False, crawls=daily)
    assert "The crawl runs about every 1 day" not in read_page(tmp_path / "daily", "en/about/index.html").text
    assert "The crawl runs about every day" in read_page(tmp_path / "daily", "en/about/index.html").text
    # Fewer than two crawls: the wording of before.
    build_site(entries, publishers, hourly[0], tmp_path / "one", now=NOW, search=False, crawls=hourly[:1])
    assert "Er wordt elke dag verzameld" in read_page(tmp_path / "one", "about/index.html").text
    assert "ongeveer" not in read_page(tmp_path / "one", "about/index.html").text


def test_demo_sentence_is_translated_on_every_page(tmp_path: Path, entries, publishers):
    report = build_site(entries, publishers, None, tmp_path, now=NOW, search=False, demo=True)
    nl_sentence = ("Demonstratie: de publiccode.yml-bestanden en de accounts van de organisaties zijn echt; "
                   "sterren, datums, programmeertalen en andere gegevens van de repositories zijn gegenereerd.")
    en_sentence = ("Demonstration: the publiccode.yml files and the publishers' accounts are real; stars, dates, "
                   "languages and other repository metadata are generated.")
    pages = [f for f in report.files if f.endswith(".html")]
    for relative in pages:
        text = read_page(tmp_path, relative).text
        assert (en_sentence if relative.startswith("en/") else nl_sentence) in text, relative
    plain = tmp_path / "plain"
    build_site(entries, publishers, None, plain, now=NOW, search=False)
    assert "demo-note" not in (plain / "index.html").read_text(encoding="utf-8")


def test_trends_are_deterministic(tmp_path: Path, publishers):
    first_trends = trends_for()
    second_trends = dict(reversed(list(trends_for().items())))
    entries = catalogue_entries()
    build_site(entries, publishers, CRAWLS[-1], tmp_path / "a", now=NOW, search=False, crawls=CRAWLS,
               trends=first_trends)
    build_site(list(reversed(entries)), publishers, CRAWLS[-1], tmp_path / "b", now=NOW, search=False,
               crawls=list(reversed(CRAWLS)), trends=second_trends)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for relative in files_a:
        assert (tmp_path / "a" / relative).read_bytes() == (tmp_path / "b" / relative).read_bytes(), relative
