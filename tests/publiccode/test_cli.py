"""The ``validate`` command, through click's CliRunner (no network)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from catalogue.publiccode.cli import validate

from .test_reading import MINIMAL

CASES = Path(__file__).resolve().parents[1] / "data" / "publiccode" / "cases"


def test_valid_file_exits_0(tmp_path):
    f = tmp_path / "publiccode.yml"
    f.write_text(MINIMAL)
    result = CliRunner().invoke(validate, [str(f)])
    assert result.exit_code == 0 and "valid (0 error(s), 0 warning(s))" in result.output


def test_invalid_file_prints_compiler_lines_and_exits_1():
    path = str(CASES / "B28" / "input.yml")
    result = CliRunner().invoke(validate, [path])
    assert result.exit_code == 1
    assert f"{path}:23:3: error: maintenance.contacts: contacts is a required field" in result.output
    assert "    hint: " in result.output


def test_unreadable_input_exits_2_and_highest_code_wins(tmp_path):
    bad = tmp_path / "latin1.yml"
    bad.write_bytes(MINIMAL.replace("Medusa", "Médusa").encode("latin-1"))
    good = tmp_path / "good.yml"
    good.write_text(MINIMAL)
    result = CliRunner().invoke(validate, [str(good), str(CASES / "B28" / "input.yml"), str(bad)])
    assert result.exit_code == 2
    missing = CliRunner().invoke(validate, [str(tmp_path / "nope.yml")])
    assert missing.exit_code == 2


def test_json_format_and_stdin():
    result = CliRunner().invoke(validate, ["--format", "json", "-"],
                                input=(CASES / "B05" / "input.yml").read_bytes())
    assert result.exit_code == 1
    (report,) = json.loads(result.output)
    assert report["file"] == "<stdin>" and report["valid"] is False
    errors = [m for m in report["messages"] if m["severity"] == "error"]
    assert [(m["path"], m["line"]) for m in errors] == [("name", 19)]


def test_no_arguments_is_a_usage_error():
    assert CliRunner().invoke(validate, []).exit_code == 2


def test_url_input_uses_requests(monkeypatch):
    class Response:
        status_code = 200
        content = MINIMAL.encode()

    calls = []
    monkeypatch.setattr("catalogue.publiccode.cli.requests.get",
                        lambda url, timeout: calls.append(url) or Response())
    result = CliRunner().invoke(validate, ["https://example.org/publiccode.yml"])
    assert result.exit_code == 0 and calls == ["https://example.org/publiccode.yml"]
