"""The shared corpus of real post-mortems and templates lints without crashing, with exact spans.

Skipped when ``../shared/corpus`` is not beside the checkout (it is in CI and on developer machines).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.commands.engine import Engine
from pmlint.config.loading import load_config
from pmlint.reading.source import decode
from pmlint.ruledefs import load_rules

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FILES = sorted(CORPUS.glob("*/*.md")) if CORPUS.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"corpus not present at {CORPUS}")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.create()


def test_corpus_is_large_enough() -> None:
    assert len(FILES) >= 90


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_corpus_file_lints_and_spans_are_exact(engine: Engine, path: Path) -> None:
    source = decode(path.name, path.read_bytes())
    findings = engine.lint(source, load_config(None, load_rules()))
    for finding in findings:
        span = finding.span
        assert 1 <= span.line <= span.end_line <= source.line_count
        assert (span.line, span.column) <= (span.end_line, span.end_column)
        text = source.span_text(span)
        assert text == text.strip() and text, f"{finding.code} at {span} covers {text!r}"
        if finding.code in ("PM002",):
            # Section findings cover the heading's text exactly.
            line = source.line_text(span.line - 1)
            assert text in line
