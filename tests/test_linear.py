"""Every document shape is linted in linear work (issue 15 B3 and the resource target).

The work is counted, not timed: every line of Python that pmlint and markdown-it execute while one
document is linted (``sys.settrace`` line events), which is the same on every run and every machine.
For each shape of ``benchmarks/shapes.py`` the count at 4n must be under 5 times the count at n; a
quadratic step (each timeline entry walking back over the earlier ones) makes it 10 or more. The
sizes are small, so tracing stays quick; the benchmark measures the same shapes at 4 MB.

Copies made in C (a string grown piece by piece) are counted as the characters stored. A last test
(marked slow) runs the real CLI on each shape at about 4 MB with a generous limit that only catches a
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

import pmlint
from benchmarks import shapes
from pmlint.config import load_config
from pmlint.document import Document
from pmlint.engine import Engine
from pmlint.inline import RawText
from pmlint.prose import ProseSegment
from pmlint.ruledefs import load_rules
from pmlint.source import Source

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


@pytest.mark.slow
@pytest.mark.parametrize("name", list(shapes.SHAPES))
def test_big_shape_does_not_hang(tmp_path: Path, name: str) -> None:
    """The CLI on each shape at about 4 MB: any exit 0 or 1 within the hang limit, no traceback."""
    shape, four_mb = shapes.SHAPES[name]
    path = tmp_path / f"{name}.md"
    path.write_text(shape(four_mb), encoding="utf-8")
    (tmp_path / ".pmlint.yaml").write_text("extends: default\n", encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-m", "pmlint", "check", "-q", path.name], cwd=tmp_path,
                              capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pmlint did not finish {name} ({path.stat().st_size} bytes) within {TIMEOUT:.0f} s: a hang")
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")[-2000:]
    assert b"Traceback" not in done.stderr
