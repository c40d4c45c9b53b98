"""pmlint/lsp/linting.py without a client: where a suppression comment goes, and fix all.

Each placement is checked by linting the edited text with the CLI's engine (the finding is gone, the
others stay) and by the Markdown it renders (as many paragraphs, list items and tables as before).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from pmlint.lsp.linting import Linter


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


HEAD = "# Incident\n\n## Summary\n\n"


def _insert(text: str, line: int, column: int, inserted: str) -> str:
    lines = text.split("\n")
    target = lines[line - 1]
    lines[line - 1] = target[:column - 1] + inserted + target[column - 1:]
    return "\n".join(lines)


def _shape(text: str) -> list[str]:
    return [token.type for token in MarkdownIt("commonmark").enable("table").parse(text)
            if token.type.endswith("_open")]


def _charged_lines(linter: Linter, path: Path, text: str) -> list[int]:
    return [finding.span.line for finding in linter.lint(path, text).findings if finding.code == "PM402"]


@pytest.mark.parametrize(("body", "line", "expected"), [
    # First line of a paragraph, after a blank line: a comment line of its own, indented as the line.
    ("The deploy was obviously late.\n", 5, (5, 1, "<!-- pmlint-disable-next-line PM402 -->\n")),
    # Second line of a paragraph: at the end of the first line, so the paragraph stays one.
    ("Traffic rose.\nThe deploy was obviously late.\n", 6, (5, 14, " <!-- pmlint-disable-next-line PM402 -->")),
    # Second item of a tight list: at the end of the first item, so the list stays one.
    ("- Traffic rose.\n- The deploy was obviously late.\n", 6, (5, 16, " <!-- pmlint-disable-next-line PM402 -->")),
    # After a hard line break (two spaces): the comment goes before them, so the break stays.
    ("Traffic rose.  \nThe deploy was obviously late.\n", 6, (5, 14, " <!-- pmlint-disable-next-line PM402 -->")),
    # A backslash break likewise.
    ("Traffic rose.\\\nThe deploy was obviously late.\n", 6, (5, 14, " <!-- pmlint-disable-next-line PM402 -->")),
    # A paragraph inside a list item, after a blank line: the comment line is indented into the item.
    ("- Traffic rose.\n\n  The deploy was obviously late.\n", 7,
     (7, 1, "  <!-- pmlint-disable-next-line PM402 -->\n")),
])
def test_the_comment_covers_the_line_and_keeps_the_markdown(linter: Linter, tmp_path: Path, body: str, line: int,
                                                           expected: tuple[int, int, str]) -> None:
    path = tmp_path / "pm.md"
    text = HEAD + body
    assert _charged_lines(linter, path, text) == [line]
    outcome = linter.lint(path, text)
    place = linter.disable_edit(outcome, line, "PM402")
    assert place == expected
    edited = _insert(text, *place)
    assert _charged_lines(linter, path, edited) == []
    assert _shape(edited) == _shape(text)  # a comment line is an html block, not a paragraph or list


def test_no_comment_inside_a_table_or_the_front_matter(linter: Linter, tmp_path: Path) -> None:
    text = ("---\ntitle: x\n---\n" + HEAD + "| When | What |\n|---|---|\n| 10:00 | It was obviously late. |\n")
    assert _charged_lines(linter, tmp_path / "pm.md", text) == [10]
    outcome = linter.lint(tmp_path / "pm.md", text)
    assert linter.disable_edit(outcome, 10, "PM402") is None  # a table row below the header
    assert linter.disable_edit(outcome, 2, "PM900") is None  # inside the front matter


def test_fix_all_applies_the_safe_fixes_only(linter: Linter, tmp_path: Path) -> None:
    text = HEAD + "The deploy was obviously late after the awful change.\n"
    fixed = linter.fix_all(tmp_path / "pm.md", text)
    assert fixed == HEAD + "The deploy was late after the awful change.\n"
    assert linter.fix_all(tmp_path / "pm.md", HEAD + "The awful change.\n") is None  # only an unsafe fix


def test_a_crlf_and_bom_text_keeps_its_line_ends_when_fixed(linter: Linter, tmp_path: Path) -> None:
    text = "\ufeff" + (HEAD + "The deploy was obviously late.\n").replace("\n", "\r\n")
    assert linter.fix_all(tmp_path / "pm.md", text) == "\ufeff" + (HEAD + "The deploy was late.\n").replace("\n", "\r\n")
