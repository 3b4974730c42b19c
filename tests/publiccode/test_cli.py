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

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def iter_content(self, size):
            return iter([self.content[i:i + size] for i in range(0, len(self.content), size)])

    calls = []
    monkeypatch.setattr("catalogue.publiccode.cli.requests.get",
                        lambda url, timeout, stream: calls.append((url, stream)) or Response())
    result = CliRunner().invoke(validate, ["https://example.org/publiccode.yml"])
    assert result.exit_code == 0 and calls == [("https://example.org/publiccode.yml", True)]


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


def _json(args, **kwargs):
    result = CliRunner().invoke(validate, ["--format", "json", *args], **kwargs)
    return result.exit_code, json.loads(result.output)


def test_unreadable_files_are_called_unreadable(tmp_path):
    files = {
        "empty.yml": b"",
        "syntax.yml": b"name: [unclosed\n",
        "utf16.yml": MINIMAL.encode("utf-16"),
        "binary.yml": b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe",
        "large.yml": b"# " + b"x" * 1_000_001 + b"\n",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = CliRunner().invoke(validate, [str(path)])
        assert result.exit_code == 2, name
        summary = result.output.strip().splitlines()[-1]
        assert summary.startswith(f"{path}: unreadable ("), (name, summary)
        code, (report,) = _json([str(path)])
        assert code == 2 and report["readable"] is False and report["verdict"] == "unreadable", name
    code, (report,) = _json([str(tmp_path / "nope.yml")])
    assert code == 2 and report["readable"] is False and report["verdict"] == "unreadable" and report["error"]


def test_invalid_and_valid_files_keep_their_verdict(tmp_path):
    f = tmp_path / "publiccode.yml"
    f.write_text(MINIMAL)
    code, (report,) = _json([str(f)])
    assert code == 0 and report["readable"] is True and report["verdict"] == "valid"
    code, (report,) = _json([str(CASES / "B28" / "input.yml")])
    assert code == 1 and report["readable"] is True and report["verdict"] == "invalid"


def test_a_url_that_cannot_be_fetched_is_one_clear_line(monkeypatch):
    import requests

    def refuse(url, timeout, stream=False):
        raise requests.exceptions.ConnectionError(
            "HTTPSConnectionPool(host='git.example.nl', port=443): Max retries exceeded with url: "
            "/publiccode.yml (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object>: "
            "Failed to resolve 'git.example.nl' ([Errno -2] Name or service not known)\"))")

    monkeypatch.setattr("catalogue.publiccode.cli.requests.get", refuse)
    result = CliRunner().invoke(validate, ["https://git.example.nl/publiccode.yml"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("https://git.example.nl/publiccode.yml: error: cannot fetch "
                                     "https://git.example.nl/publiccode.yml: git.example.nl: "
                                     "the host name could not be found (DNS)")
    assert "Max retries" not in result.output
    assert result.stdout.strip() == "https://git.example.nl/publiccode.yml: unreadable"

    def slow(url, timeout, stream=False):
        raise requests.exceptions.ConnectTimeout("HTTPSConnectionPool(...): Max retries exceeded")

    monkeypatch.setattr("catalogue.publiccode.cli.requests.get", slow)
    result = CliRunner().invoke(validate, ["https://git.example.nl/publiccode.yml"])
    assert result.stderr.strip().endswith("git.example.nl: no answer within 30 seconds")


def test_a_directory_stands_for_its_publiccode_file(tmp_path, monkeypatch):
    (tmp_path / "publiccode.yaml").write_text(MINIMAL)
    result = CliRunner().invoke(validate, [str(tmp_path)])
    assert result.exit_code == 0 and f"{tmp_path / 'publiccode.yaml'}: valid" in result.output
    (tmp_path / "publiccode.yml").write_text(MINIMAL)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(validate, ["."])
    assert result.exit_code == 0 and "publiccode.yml: valid" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(validate, [str(empty)])
    assert result.exit_code == 2 and "no publiccode.yml or publiccode.yaml in the directory" in result.stderr


def test_messages_without_a_line_come_after_the_others(tmp_path):
    f = tmp_path / "publiccode.yml"
    lines = [line for line in MINIMAL.splitlines() if not line.startswith(("name:", "softwareType:"))]
    f.write_text("\n".join(lines) + "\nunknownKey: 1\n")
    code, (report,) = _json([str(f)])
    places = [m["line"] for m in report["messages"]]
    assert None in places and any(p is not None for p in places)
    first_none = places.index(None)
    assert all(p is None for p in places[first_none:])
    assert [m["path"] for m in report["messages"] if m["line"] is None] == ["name", "softwareType"]
    text = CliRunner().invoke(validate, [str(f)]).output
    assert text.index("unknownKey") < text.index(": error: name:") < text.index(": error: softwareType:")


def test_common_options_are_accepted_and_publishers_give_the_organisation_uri(tmp_path):
    f = tmp_path / "publiccode.yml"
    f.write_text(MINIMAL + "organisation:\n  uri: https://example.org/other\n")
    publishers = tmp_path / "publishers.yml"
    publishers.write_text(
        "- id: gemeente-voorbeeld\n"
        "  name: Gemeente Voorbeeld\n"
        "  organisationUri: https://identifier.overheid.nl/tooi/id/gemeente/gm9999\n"
        "  codeHosting:\n"
        "    - url: https://github.com/example-gemeente\n")
    repo = "https://github.com/example-gemeente/medusa"
    (tmp_path / "catalogue.toml").write_text('db = "sqlite:///elsewhere.sqlite"\n')
    args = ["--config", str(tmp_path / "catalogue.toml"), "--db", "sqlite:///unused.sqlite",
            "--publishers", str(publishers), "--repository-url", repo, "--format", "json", str(f)]
    result = CliRunner().invoke(validate, args)
    (report,) = json.loads(result.output)
    org = [m for m in report["messages"] if m["path"] == "organisation.uri"]
    assert len(org) == 1 and "https://identifier.overheid.nl/tooi/id/gemeente/gm9999" in org[0]["message"]
    assert org[0]["id"] == "organisation-uri-differs"
    assert org[0]["hint"] == "Set organisation.uri to https://identifier.overheid.nl/tooi/id/gemeente/gm9999."
    assert not (tmp_path / "unused.sqlite").exists()
    other = CliRunner().invoke(validate, [*args[:-4], "--repository-url", "https://github.com/someone/else",
                                          "--format", "json", str(f)])
    assert not [m for m in json.loads(other.output)[0]["messages"] if m["path"] == "organisation.uri"]
    bad = CliRunner().invoke(validate, ["--publishers", str(tmp_path / "missing.yml"),
                                        "--repository-url", repo, str(f)])
    assert bad.exit_code == 2 and "--publishers" in bad.output


def test_python_api_parses_a_file_or_its_folder(tmp_path):
    import pytest

    from catalogue.errors import PubliccodeReadError
    from catalogue.publiccode import parse_publiccode_file

    (tmp_path / "publiccode.yml").write_text(MINIMAL + "logo: missing.png\n")
    for target in (tmp_path / "publiccode.yml", tmp_path):
        doc = parse_publiccode_file(target)
        assert doc.path == "publiccode.yml" and not doc.valid
        assert [m.message for m in doc.messages if m.path == "logo"] == ["no such file in the repository: missing.png"]
    with pytest.raises(PubliccodeReadError, match="no publiccode.yml or publiccode.yaml"):
        parse_publiccode_file(tmp_path / "sub" if (tmp_path / "sub").mkdir() is None else tmp_path)
    with pytest.raises(PubliccodeReadError, match="cannot read"):
        parse_publiccode_file(tmp_path / "nope.yml")


def test_a_key_left_unread_because_of_a_wrong_type_says_why(tmp_path):
    # As the reference validator, a wrong type leaves its whole section unread; the
    # message says so instead of claiming that a key which is there is missing.
    f = tmp_path / "publiccode.yml"
    f.write_text(MINIMAL.replace("localisationReady: true", "localisationReady: yes"))
    result = CliRunner().invoke(validate, [str(f)])
    assert result.exit_code == 1
    assert "localisation.availableLanguages: availableLanguages counts as missing: the 'localisation' section " \
           "is left unread" in result.output
    assert "warning (extra): localisation: localisation.localisationReady has the wrong type, so the reference " \
           "validator leaves the whole 'localisation' section unread" in result.output
    assert "true or false was expected; found 'yes', a YAML 1.1 boolean" in result.output
    assert "is a required field" not in result.output
