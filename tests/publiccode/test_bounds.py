"""Bounds on a stranger's publiccode.yml: checked while composing, before any document
is built; a refused file gives one "refused: ..." error and is kept without its content."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from catalogue.normalise import normalise
from catalogue.publiccode import bounds, parse_publiccode
from catalogue.records import PubliccodeFile, SourceRepository, ValidationMessage

from .test_reading import MINIMAL

VALID = MINIMAL
NOW = datetime(2026, 12, 8, tzinfo=timezone.utc)


def alias_bomb(length: int = 50_000, repeats: int = 20_000) -> str:
    """The file of issue 13.1: one long string aliased ``repeats`` times in ``features``."""
    head, tail = VALID.split("    features: [one]\n")
    return head + f'    features: [&b "{"x" * length}"' + ", *b" * repeats + "]\n" + tail


def only_message(content) -> tuple[str, int | None]:
    doc = parse_publiccode(content)
    assert not doc.valid and doc.data == {}
    assert len(doc.messages) == 1, doc.messages
    return doc.messages[0].message, doc.messages[0].line


def test_a_valid_file_passes_every_bound():
    assert parse_publiccode(VALID).valid


def test_alias_bomb_of_one_long_string_is_refused_by_its_expanded_size():
    bomb = alias_bomb()
    assert 120_000 < len(bomb) < 140_000  # small as a file; 1 GB as JSON
    message, line = only_message(bomb)
    assert message == "refused: too many aliases (the document expands to more than 1048576 characters)"
    assert bomb.splitlines()[line - 1].startswith("    features: [&b")


def test_a_few_aliases_are_fine():
    head, tail = VALID.split("    features: [one]\n")
    doc = parse_publiccode(head + "    features:\n      - &f feature\n      - *f\n" + tail)
    assert doc.valid and doc.data["description"]["en"]["features"] == ["feature", "feature"]


def test_recursive_alias_is_refused():
    assert only_message("a: &a [1, *a]\n")[0].startswith("refused: too many aliases")


def test_deep_nesting_is_refused_at_the_bound():
    message, line = only_message("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert message == "refused: too deep (more than 64 levels of nesting)"
    assert line == 1
    assert parse_publiccode("a: " + "[" * 63 + "]" * 63 + "\n").messages[0].message != message


def test_too_many_keys_is_refused_where_the_bound_is_passed():
    content = "".join(f"k{i}: 1\n" for i in range(20_000))
    assert len(content) < bounds.MAX_BYTES
    assert only_message(content) == ("refused: too many keys (more than 10000)", 10_001)


def test_one_overlong_string_is_refused_with_its_length():
    message, line = only_message(VALID.replace("A short description.", "y" * 150_000))
    assert message == "refused: string too long (150000 characters; at most 100000)"
    assert line == 9


def test_size_is_checked_before_parsing():
    message, _ = only_message(b"a: b\n" * 2_000_000)
    assert message == "refused: too large (10000000 bytes; at most 1048576 bytes are read)"


@pytest.mark.parametrize("content, expected", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "refused: binary (the file holds NUL bytes, so it is not a text file)"),
    ("name: x\n".encode("utf-16-le"), "the file is encoded as UTF-16 (little-endian), not UTF-8"),
    ("name: x\n".encode("utf-16-be"), "the file is encoded as UTF-16 (big-endian), not UTF-8"),
    ("name: x\n".encode("utf-16"), "the file is encoded as UTF-16 (little-endian), not UTF-8"),
    (b"name: caf\xe9\n", "Invalid UTF-8: byte 0xe9 cannot be decoded"),
])
def test_binary_utf16_and_invalid_utf8_get_clear_messages(content, expected):
    assert only_message(content)[0] == expected


@pytest.mark.parametrize("content, size, cut_off, refused, kept_size", [
    (b"a: b\n", None, False, None, None),
    (b"a: b\n" * 100, 2_000_000, False, "too large", 2_000_000),  # the forge's size wins
    (b"a: b\n" * 100, 500, True, "too large", 500),  # GraphQL isTruncated
    (None, 52_000_000, True, "too large", 52_000_000),  # REST encoding: none
    (b"x" * (bounds.MAX_BYTES + 1), None, False, "too large", bounds.MAX_BYTES + 1),
    (b"\x00\x01\x02\x03", None, False, "binary", 4),
    (b"a: b\n", "2000000", False, "too large", 2_000_000),  # GitLab's GraphQL BigInt is a string
    (b"a: b\n", "unknown", False, None, None),
])
def test_judge_fetched(content, size, cut_off, refused, kept_size):
    file = bounds.judge_fetched("publiccode.yml", content, size=size, cut_off=cut_off, url="u", blob_id="b")
    assert (file.refused, file.size, file.url, file.blob_id) == (refused, kept_size, "u", "b")
    if refused:
        assert file.text is None and file.raw is None
    else:
        assert file.text == "a: b\n"


def test_judge_fetched_keeps_bytes_that_are_not_utf8_for_the_parser():
    file = bounds.judge_fetched("publiccode.yml", b"a: \xff\n")
    assert (file.text, file.raw, file.refused) == (None, b"a: \xff\n", None)


def _source(file: PubliccodeFile) -> SourceRepository:
    return SourceRepository(host="github.com", forge_type="github", forge_id="1", full_name="org/app",
                            url="https://github.com/org/app", name="app", fetched_at=NOW, publisher_id="p",
                            account_url="https://github.com/org", default_branch="main", publiccode=file)


def test_a_file_refused_while_reading_is_kept_without_its_content():
    bomb = alias_bomb()
    entry = normalise(_source(PubliccodeFile(path="publiccode.yml", text=bomb, blob_id="b")), None)
    file = entry.source.publiccode
    assert (file.refused, file.size, file.text, file.raw, file.blob_id) == (
        "too many aliases", len(bomb), None, None, "b")
    assert [m.message for m in entry.publiccode.messages] == [
        "refused: too many aliases (the document expands to more than 1048576 characters)"]
    assert entry.publiccode.data == {} and entry.name == "app"


def test_a_file_refused_when_fetched_is_not_read():
    file = bounds.judge_fetched("publiccode.yml", None, size=52_428_800, cut_off=True, url="https://x/p")
    entry = normalise(_source(file), None)
    assert entry.source.publiccode == file
    assert [m.message for m in entry.publiccode.messages] == [
        "refused: too large (52428800 bytes; at most 1048576 bytes are read)"]
    assert entry.publiccode.url == "https://x/p" and not entry.publiccode.valid


def test_a_long_message_list_is_cut_with_and_n_more():
    doc = parse_publiccode(VALID + "".join(f"unknownKey{i}: x\n" for i in range(150)))  # one error each
    assert not doc.valid and len(doc.messages) == bounds.MAX_MESSAGES + 1
    assert doc.messages[-1].message == "and 50 more messages (50 errors, 0 warnings)"
    assert doc.messages[-1].severity == "error"
    assert [m.path for m in doc.messages[:2]] == ["unknownKey0", "unknownKey1"]


def test_warnings_left_out_give_a_warning_and_keep_validity():
    warning = ValidationMessage("warning", "a", "w")
    error = ValidationMessage("error", "b", "e")
    cut = bounds.cut_messages((error,) + (warning,) * 104)
    assert len(cut) == 101 and cut[:100] == (error,) + (warning,) * 99
    assert (cut[-1].severity, cut[-1].message) == ("warning", "and 5 more messages (0 errors, 5 warnings)")
    assert bounds.cut_messages((warning,) * 100) == (warning,) * 100


def test_read_bounded_keeps_the_head_and_counts_the_rest():
    head, size = bounds.read_bounded(iter([b"a" * 700_000, b"b" * 700_000, b"c" * 10]))
    assert size == 1_400_010 and len(head) == bounds.MAX_BYTES + 1
    assert head == b"a" * 700_000 + b"b" * (bounds.MAX_BYTES + 1 - 700_000)
    assert bounds.read_bounded(iter([b"x: 1\n"])) == (b"x: 1\n", 5)


def test_validate_refuses_a_50_mb_file_with_its_real_size(tmp_path):
    from click.testing import CliRunner

    from catalogue.publiccode.cli import validate

    big = tmp_path / "publiccode.yml"
    with big.open("wb") as handle:
        for _ in range(50):
            handle.write(b"# padding\n" * 104_858)  # 1,048,580 bytes a time
    result = CliRunner().invoke(validate, [str(big)])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"{big}: error: refused: too large (52429000 bytes; at most 1048576 bytes are read)")
    assert parse_publiccode_file_size(big) == 52_429_000


def test_validate_refuses_a_large_stdin_with_its_real_size():
    # _read used to return (content, size, None) for stdin: the size went into the
    # "problem" slot and parse_publiccode saw no size, so the message gave only the
    # bytes kept (MAX_BYTES + 1), not the size read.
    from click.testing import CliRunner

    from catalogue.publiccode.cli import validate

    result = CliRunner().invoke(validate, ["-"], input=b"# padding\n" * 300_000)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        "<stdin>: error: refused: too large (3000000 bytes; at most 1048576 bytes are read)")


def parse_publiccode_file_size(path) -> int:
    from catalogue.publiccode import parse_publiccode_file

    (message,) = parse_publiccode_file(path).messages
    return int(message.params["size"])


def test_a_file_the_forge_cut_off_within_the_bound_says_so():
    # GitHub GraphQL cuts a 600 KB blob's text at 512 KiB (isTruncated).
    file = bounds.judge_fetched("publiccode.yml", "x" * 524_288, size=600_000, cut_off=True)
    assert (file.refused, file.size) == ("too large", 600_000)
    document = bounds.refused_document(file)
    assert [m.message for m in document.messages] == [
        "refused: too large (600000 bytes; the forge's API sent only part of the file)"]
    assert bounds.refusal_of(document) == "too large"
