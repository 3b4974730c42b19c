"""``catalogue notify`` against the project's test forge and its issue-write routes."""

from __future__ import annotations

from catalogue.cli import main
from catalogue.notify import run_notify
from catalogue.notify.render import MARKER, markdown_escape, render_issue
from catalogue.records import ValidationMessage

TITLE = "publiccode.yml: 1 problem found by the developer.overheid.nl catalogue"
WITH_PROBLEMS = ["github:gemeente/app0", "github:gemeente/app1", "github:gemeente/app2", "github:gemeente/app3",
                 "github:gemeente/app4", "/gitlab:801"]


def notify(world, **options):
    return run_notify(world.settings, world.publishers, options.pop("entries", None) or world.entries(),
                      sleep=world.time.sleep, clock=world.time.clock, **options)


def writes_sent(world) -> list[str]:
    return [r.route for r in world.forge.requests if r.method in ("POST", "PATCH", "PUT")
            and "graphql" not in r.route]


def test_dry_run_prints_the_plan_and_writes_nothing(world):
    world.forge.reset_log()
    report = notify(world)
    assert not report.applied
    assert writes_sent(world) == [] and world.writes.issues == {}
    opened = sorted(a.url for a in report.actions if a.kind == "open")
    assert opened == [f"https://github.com/gemeente/app{i}" for i in range(5)] + ["https://gitlab.com/provincie/kaart"]
    assert {a.title for a in report.actions if a.kind == "open"} == {TITLE}


def test_apply_opens_one_issue_per_repository_with_problems(world):
    report = notify(world, apply=True)
    assert report.count("open") == 6 and report.count("failed") == 0
    assert sorted(world.writes.issues) == sorted(WITH_PROBLEMS)
    issue = world.writes.written("github:gemeente/app0")[0]
    assert issue.title == TITLE and issue.body.startswith(MARKER)
    assert "[13](https://github.com/gemeente/app0/blob/main/publiccode.yml#L13)" in issue.body
    assert "| error | `legal.license` |" in issue.body
    gitlab = world.writes.written("/gitlab:801")[0]
    assert "(https://gitlab.com/provincie/kaart/-/blob/main/publiccode.yml#L5)" in gitlab.body
    assert "`developmentStatus`" in gitlab.body
    assert all(r.authorized for r in world.forge.requests if r.method != "GET")


def test_second_run_updates_instead_of_duplicating(world):
    notify(world, apply=True)
    again = notify(world, apply=True)
    assert again.count("open") == 0 and again.count("unchanged") >= 6
    assert all(len(world.writes.written(key)) == 1 for key in WITH_PROBLEMS)
    # With warnings included the text changes: the same issue is edited, not a new one.
    entries = world.entries()
    world.forge.reset_log()
    changed = notify(world, apply=True, include_warnings=True, entries=[
        e for e in entries if e.entry.source.url == "https://github.com/gemeente/app0"])
    assert [a.kind for a in changed.actions] == ["unchanged"]  # app0 has no warnings: same text
    body = world.writes.written("github:gemeente/app0")[0].body
    world.writes.written("github:gemeente/app0")[0].body = body.replace("found 1 problem", "found 7 problems")
    edited = notify(world, apply=True)
    assert [a.kind for a in edited.actions if a.url.endswith("app0")] == ["update"]
    assert world.writes.written("github:gemeente/app0")[0].body == body
    assert len(world.writes.written("github:gemeente/app0")) == 1


def test_fixed_file_closes_the_issue_with_a_comment_and_a_new_problem_reopens_it(world):
    notify(world, apply=True)
    fixed = world.fixed("https://github.com/gemeente/app0")
    report = notify(world, apply=True, entries=fixed)
    assert [a.kind for a in report.actions if a.url.endswith("/app0")] == ["close"]
    issue = world.writes.written("github:gemeente/app0")[0]
    assert issue.state == "closed" and issue.state_reason == "completed"
    assert "found no more problems" in issue.comments[0]["body"]
    assert notify(world, apply=True, entries=fixed).count("close") == 0  # closed stays closed
    reopened = notify(world, apply=True)
    assert [a.kind for a in reopened.actions if a.url.endswith("/app0")] == ["update"]
    assert issue.state == "open" and len(world.writes.written("github:gemeente/app0")) == 1


def test_gitlab_issue_is_closed_with_a_note(world):
    notify(world, apply=True)
    report = notify(world, apply=True, entries=world.fixed("https://gitlab.com/provincie/kaart"))
    assert [a.kind for a in report.actions if "gitlab" in a.url and a.kind != "unchanged"] == ["close"]
    issue = world.writes.written("/gitlab:801")[0]
    assert issue.state == "closed" and "found no more problems" in issue.comments[0]["body"]


def test_opted_out_and_archived_repositories_are_untouched(world):
    report = notify(world, apply=True)
    urls = {a.url for a in report.actions}
    assert "https://github.com/anders/fout" not in urls
    assert world.writes.written("github:anders/fout") == [] and world.writes.written("github:gemeente/oud") == []
    assert [a.note for a in report.actions if a.url.endswith("/oud")] == ["archived"]
    assert not any(r.path.startswith("/github/repos/anders/") for r in world.forge.requests)


def test_own_pace_waits_before_the_limit(world):
    report = notify(world, apply=True, per_minute=4)
    assert report.count("open") == 6
    assert [why for why, _ in report.waits] == ["pace"] and world.time.slept == [60.0]


def test_content_creation_limit_waits_for_retry_after_and_continues(world):
    world.writes.issues_per_minute = 2
    world.writes.retry_after = 60
    report = notify(world, apply=True)
    assert report.count("open") == 6 and report.count("failed") == 0
    assert len(world.writes.issues) == 6
    assert world.writes.refused == ["gh.issue_create", "gh.issue_create"]
    assert report.waits == [("retry-after", 60.0), ("retry-after", 60.0)]
    assert world.time.slept == [60.0, 60.0]


def test_a_failing_repository_does_not_end_the_run(world):
    world.forge.inject(r"/repos/gemeente/app1/issues", 500, body={"message": "Server Error"}, times=None,
                       method="POST")
    report = notify(world, apply=True)
    failed = [a for a in report.actions if a.kind == "failed"]
    assert [a.url for a in failed] == ["https://github.com/gemeente/app1"] and "HTTP 500" in failed[0].note
    assert report.count("open") == 5


def test_markdown_escaping_of_strangers_text():
    assert markdown_escape("a | b <script>") == "a \\| b &lt;script&gt;"
    assert markdown_escape("two\nlines") == "two lines"


def test_template_escapes_cells_and_links_each_line(world):
    entry = next(e.entry for e in world.entries() if e.entry.source.url.endswith("/app0"))
    text = render_issue(entry, [ValidationMessage("error", "a|b", "bad <i>x</i> | y", 3, 1, "use `z`\nnow"),
                                ValidationMessage("warning", "", "no line")], "Gemeente <Voorbeeld>")
    assert text.title == "publiccode.yml: 2 problems found by the developer.overheid.nl catalogue"
    rows = [line for line in text.body.splitlines() if line.startswith("| error") or line.startswith("| warning")]
    assert rows[0] == ("| error | `a\\|b` | [3](https://github.com/gemeente/app0/blob/main/publiccode.yml#L3) | "
                       "bad &lt;i&gt;x&lt;/i&gt; \\| y | use `z` now | `-` |")
    assert rows[1] == "| warning | `(file)` | - | no line |  | `-` |"
    assert "Gemeente &lt;Voorbeeld&gt;" in text.body


def test_cli_dry_run_and_apply(world, tmp_path, capsys, monkeypatch):
    lines = []
    for host, table in world.forge.forges_config().items():
        lines += [f'[forges."{host}"]'] + [f'{k} = "{v}"' for k, v in table.items()] + ['token_env = "NOTIFY_TOKEN"']
    config = tmp_path / "c.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("NOTIFY_TOKEN", "notify-secret-token")
    args = ["notify", "--config", str(config), "--publishers", str(world.publishers_path), "--db", world.db]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"open       https://github.com/gemeente/app0  {TITLE}" in out
    assert out.strip().endswith("(dry run: nothing written; use --apply)") and world.writes.issues == {}
    monkeypatch.setattr("catalogue.notify.pacing.time.sleep", lambda seconds: None)
    assert main(args + ["--apply", "--per-minute", "50"]) == 0
    out = capsys.readouterr().out
    assert "notify: 6 open, 0 update, 0 close, 2 unchanged, 1 skip, 0 failed" in out
    assert "notify-secret-token" not in out and len(world.writes.issues) == 6
