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


def test_a_local_file_is_checked_against_its_folder(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    (repo / "empty.png").write_bytes(b"")
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    (repo / "logo.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    f = repo / "publiccode.yml"

    def run(logo: str):
        f.write_text(MINIMAL + f"logo: {logo}\n")
        return CliRunner().invoke(validate, [str(f)])

    assert run("logo.png").exit_code == 0
    assert run("./logo.svg").exit_code == 0
    broken = run("empty.png")
    assert broken.exit_code == 1 and "logo: is not a valid PNG image: empty.png" in broken.output
    missing = run("img/nope.png")
    assert missing.exit_code == 1 and "logo: no such file in the repository: img/nope.png" in missing.output
    escaping = run("../outside.png")  # never read outside the repository's folder
    assert escaping.exit_code == 1 and "no such file in the repository: ../outside.png" in escaping.output
