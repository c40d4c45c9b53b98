"""Every document shape is linted in linear work (issue 15 B3 and the resource target).

The work is counted, not timed: every line of Python that pmlint and markdown-it execute while one
document is linted (``sys.settrace`` line events), which is the same on every run and every machine.
For each shape of ``benchmarks/shapes.py`` the count at 4n must be under 5 times the count at n; a
quadratic step (each timeline entry walking back over the earlier ones) makes it 10 or more. The
sizes are small, so tracing stays quick; the benchmark measures the same shapes at 4 MB.

Copies made in C (a string grown piece by piece) are counted as the characters stored. A last test
(marked slow) runs the real CLI on each shape at about 1 MB with a generous limit that only catches a
hang (60 s, ``PMLINT_LINEAR_TIMEOUT``); it asserts nothing about speed.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import markdown_it
import pytest
from hypothesis import HealthCheck, given, settings
from test_fuzz_markdown import documents

import pmlint
from benchmarks import shapes
from pmlint.commands.engine import Engine
from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.inline import RawText
from pmlint.reading.prose import ProseSegment
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

ENGINE = Engine.create()
CONFIG = load_config(None, load_rules())
TRACED = (str(Path(pmlint.__file__).resolve().parent), str(Path(markdown_it.__file__).resolve().parent))
MAX_RATIO = 5.0
TIMEOUT = float(os.environ.get("PMLINT_LINEAR_TIMEOUT", "60"))

# shape -> n for the work count (4n is counted too). Big enough that a quadratic step outweighs the
# fixed cost of a document; the realistic shape's n is in bytes.
COUNTED: dict[str, int] = {
    "bare_timeline": 400,
    "plain_timeline": 400,
    "heading_timeline": 300,
    "headings": 400,
    "wide_table": 400,
    "long_table": 300,
    "actions": 200,
    "labels": 300,
    "comments": 300,
    "list_nesting": 400,
    "paragraphs": 300,
    "charged": 300,
    "one_paragraph": 400,
    "realistic": 60_000,
}


def work(text: str) -> int:
    """Lines of pmlint and markdown-it executed while ``text`` is linted with the default config."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Callable[..., Any]:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Callable[..., Any] | None:
        return local if frame.f_code.co_filename.startswith(TRACED) else None

    source = Source.from_text("doc.md", text)
    sys.settrace(calls)
    try:
        ENGINE.lint(source, CONFIG)
    finally:
        sys.settrace(None)
    return count


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Compile the parser and patterns once, so the first counted document does not pay for them."""
    ENGINE.lint(Source.from_text("doc.md", shapes.realistic(1)), CONFIG)


@pytest.mark.parametrize("name", list(COUNTED))
def test_work_grows_linearly(name: str) -> None:
    shape = shapes.SHAPES[name][0]
    n = COUNTED[name]
    if name == "realistic":  # four times the same post-mortems, so the document is four times as much of the same
        text = shape(n)
        small, large = work(text), work("\n".join([text] * 4))
    else:
        small, large = work(shape(n)), work(shape(4 * n))
    assert large < MAX_RATIO * small, f"{name}: {large} lines executed at 4n, {small} at n: {large / small:.1f}x"


def test_text_is_not_copied_per_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph's text is built by joining its pieces, not by growing one string piece by piece
    (every piece copied the text so far: quadratic in the C code no line count sees). Counted: the
    characters stored as a segment's or raw text's text while one long paragraph is parsed."""
    stored = 0

    def counting(self: object, name: str, value: object) -> None:
        nonlocal stored
        if name in ("text", "_joined") and isinstance(value, str):
            stored += len(value)
        object.__setattr__(self, name, value)

    monkeypatch.setattr(ProseSegment, "__setattr__", counting)
    monkeypatch.setattr(RawText, "__setattr__", counting)
    counts = []
    for n in (2_000, 8_000):
        stored = 0
        Document.parse(Source.from_text("doc.md", shapes.plain_timeline(n)), CONFIG.catalog)
        counts.append(stored)
    assert counts[1] < MAX_RATIO * counts[0], counts


def _views(doc: Document) -> tuple[object, ...]:
    return ([(b.kind, b.first_line, b.end_line, b.list_item, b.in_blockquote, b.table, b.segment.text,
              b.segment.span(), b.segment.strong_ranges, b.segment.em_ranges, b.segment.code_spans) for b in doc.blocks],
            [(i.depth, i.ordered, i.first_line, i.end_line, i.parent, i.task, i.children) for i in doc.list_items],
            [(t.first_line, t.end_line, [c.text for c in t.header], [[c.text for c in r] for r in t.rows])
             for t in doc.tables],
            [(s.level, s.first_line, s.end_line, s.parent, s.title) for s in doc.sections],
            sorted(doc.code_lines), [(c.body, c.start, c.end) for c in doc.comments],
            [(label.name, label.line, label.value) for label in doc.labels])


def _parsed_in_pieces(text: str, piece_lines: int) -> tuple[object, ...]:
    import pmlint.reading.builder as builder_module
    saved = builder_module._PIECE_LINES
    builder_module._PIECE_LINES = piece_lines
    try:
        return _views(Document.parse(Source.from_text("doc.md", text), CONFIG.catalog))
    finally:
        builder_module._PIECE_LINES = saved


@settings(max_examples=int(os.environ.get("PMLINT_FUZZ_EXAMPLES") or 150), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(text=documents())
def test_pieces_parse_like_the_whole_document(text: str) -> None:
    """A document parsed in pieces (here: ending at every top-level heading or list item they can) has the
    same blocks, list items, tables, sections, code lines, comments and labels as parsed in one go."""
    assert _parsed_in_pieces(text, 1) == _parsed_in_pieces(text, 10 ** 9)


@pytest.mark.parametrize("name", ["headings", "bare_timeline", "actions", "realistic", "heading_timeline", "comments",
                                  "plain_timeline", "one_paragraph"])
def test_shapes_parse_in_pieces_like_whole(name: str) -> None:
    shape, _ = shapes.SHAPES[name]
    text = shape(60_000 if name == "realistic" else 300)
    assert _parsed_in_pieces(text, 7) == _parsed_in_pieces(text, 10 ** 9)


def test_reference_definitions_keep_a_long_document_whole() -> None:
    """A link reference definition applies to links before it: no piece ends before the last one."""
    body = "".join(f"## Part {i}\n\nSee [the runbook].\n\n" for i in range(30))
    text = body + "[the runbook]: https://example.com/runbook\n"
    pieces = _parsed_in_pieces(text, 1)
    assert pieces == _parsed_in_pieces(text, 10 ** 9)
    assert pieces[0][3][6] == "See the runbook."  # the link resolved: its text is prose, without brackets


@pytest.mark.slow
@pytest.mark.parametrize("name", list(shapes.SHAPES))
def test_big_shape_does_not_hang(tmp_path: Path, name: str) -> None:
    """The CLI on each shape at about 1 MB: any exit 0 or 1 within the hang limit, no traceback. (At 4 MB
    the slowest shape takes most of the limit on a loaded 2-core machine: the benchmark measures that size.)"""
    shape, four_mb = shapes.SHAPES[name]
    path = tmp_path / f"{name}.md"
    path.write_text(shape(four_mb // 4), encoding="utf-8")
    (tmp_path / ".pmlint.yaml").write_text("extends: default\n", encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "pmlint", "check", "-q", path.name], cwd=tmp_path,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pmlint did not finish {name} ({path.stat().st_size} bytes) within {TIMEOUT:.0f} s: a hang")
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in done.stderr
