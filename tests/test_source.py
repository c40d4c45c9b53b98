"""Decoding bytes into a Source, and offsets into 1-based line/column positions."""
from __future__ import annotations

import pytest

from pmlint.errors import InputError
from pmlint.model import Span
from pmlint.reading.source import Source, decode


def test_utf8_bom_is_removed_and_remembered() -> None:
    source = decode("x.md", b"\xef\xbb\xbf# Title\nbody\n")
    assert source.had_bom
    assert source.text == "# Title\nbody\n"
    # "T" is the third character of the file once the BOM is gone.
    assert source.position(2) == (1, 3)
    assert source.position(8) == (2, 1)


def test_no_bom() -> None:
    source = decode("x.md", b"# Title\n")
    assert not source.had_bom
    assert source.text == "# Title\n"


def test_bom_only_in_from_text_too() -> None:
    source = Source.from_text("x.md", "\ufeffab")
    assert source.had_bom
    assert source.text == "ab"
    assert source.position(1) == (1, 2)


def test_crlf_is_one_line_end_and_columns_are_unchanged() -> None:
    source = decode("x.md", b"ab\r\ncd\r\nef")
    assert source.text == "ab\ncd\nef"
    assert source.line_count == 3
    assert source.lines == ["ab", "cd", "ef"]
    # "d" is line 2, column 2 in the original file: the CR before it does not count as a column.
    assert source.position(4) == (2, 2)
    assert source.position(6) == (3, 1)
    assert source.line_text(1) == "cd"


def test_lone_cr_is_a_line_end() -> None:
    source = decode("x.md", b"ab\rcd\ref")
    assert source.text == "ab\ncd\nef"
    assert source.position(3) == (2, 1)
    assert source.position(7) == (3, 2)


def test_mixed_line_ends() -> None:
    source = Source.from_text("x.md", "a\r\nb\rc\nd")
    assert source.lines == ["a", "b", "c", "d"]
    assert tuple(source.line_starts) == (0, 2, 4, 6)


def test_trailing_newline_gives_an_empty_last_line() -> None:
    source = Source.from_text("x.md", "a\n")
    assert source.line_count == 2
    assert source.line_text(0) == "a"
    assert source.line_text(1) == ""
    assert source.position(2) == (2, 1)


def test_empty_file() -> None:
    source = decode("x.md", b"")
    assert source.text == ""
    assert source.line_count == 1
    assert source.position(0) == (1, 1)


def test_invalid_utf8_names_the_line() -> None:
    with pytest.raises(InputError) as caught:
        decode("notes.md", b"ok\nfine\n\xff bad\n")
    error = caught.value
    assert error.file == "notes.md"
    assert error.line == 3
    assert "invalid UTF-8" in error.message
    assert str(error).startswith("notes.md:3: ")


def test_invalid_utf8_line_counts_crlf_once() -> None:
    with pytest.raises(InputError) as caught:
        decode("x.md", b"a\r\nb\r\nc \xc3\x28\r\n")
    assert caught.value.line == 3


def test_invalid_utf8_line_in_a_cr_only_file() -> None:
    with pytest.raises(InputError) as caught:
        decode("x.md", b"a\rb\r\xff\r")
    assert caught.value.line == 3


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(InputError) as caught:
        decode("x.md", b"PNG\x00\x01\x02")
    assert "binary" in caught.value.message
    assert caught.value.file == "x.md"


@pytest.mark.parametrize("data", ["# Title\n".encode("utf-16"), b"\xff\xfe#\x00", b"\xfe\xff\x00#"])
def test_utf16_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode("x.md", data)
    assert "UTF-16" in caught.value.message


def test_non_ascii_columns_count_characters_not_bytes() -> None:
    source = decode("x.md", "café au lait\n".encode())
    # "au" starts at character 6 although it is byte 7.
    assert source.span(5, 7) == Span(1, 6, 1, 8)
    assert source.span_text(Span(1, 6, 1, 8)) == "au"


def test_span_and_span_text_across_lines() -> None:
    source = Source.from_text("x.md", "one\ntwo three\n")
    span = source.span(4, 13)
    assert span == Span(2, 1, 2, 10)
    assert source.span_text(span) == "two three"
    assert source.span_text(source.span(1, 6)) == "ne\ntw"
    assert source.span(1, 6) == Span(1, 2, 2, 3)


def test_span_end_before_start_collapses() -> None:
    source = Source.from_text("x.md", "abc")
    assert source.span(2, 1) == Span(1, 3, 1, 3)


def test_position_is_clamped_to_the_text() -> None:
    source = Source.from_text("x.md", "ab\ncd")
    assert source.position(-5) == (1, 1)
    assert source.position(99) == (2, 3)


def test_offset_of_line_and_column() -> None:
    source = Source.from_text("x.md", "ab\ncd\n")
    assert source.offset(1, 1) == 4
    assert source.text[source.offset(1, 1)] == "d"


def test_line_span_trims_blanks() -> None:
    source = Source.from_text("x.md", "  hello world \t\n\n")
    assert source.line_span(0) == Span(1, 3, 1, 14)
    assert source.span_text(source.line_span(0)) == "hello world"
    # A blank line still gives a one-point span at its start.
    assert source.line_span(1) == Span(2, 1, 2, 1)
