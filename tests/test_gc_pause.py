"""Issue 15, resources: automatic garbage collection is paused while a batch of files is linted.

The runner pauses it (runner._collection_paused) because a lint's objects all live until the batch is
done and are then freed by their reference counts, so the collector's walks over them found nothing.
That is only free while a lint makes (almost) no reference cycles: garbage in a cycle is kept until
collection resumes. These tests count that garbage, deterministically, on every document shape.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks import shapes
from pmlint.commands import runner
from pmlint.commands.engine import Engine
from pmlint.config.discovery import ConfigCache
from pmlint.config.loading import load_config
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

ENGINE = Engine.create()
CONFIG = load_config(None, load_rules())
# Bytes of document per object left in a reference cycle that pausing the collector may keep: one
# cycle per block (a paragraph, list item, table row) would exceed it many times over. A lint made
# none on any shape and 6 on the realistic one at 40 KB (Python 3.11).
BYTES_PER_CYCLIC_OBJECT = 100


@pytest.fixture
def collection_disabled() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize("name", sorted(shapes.SHAPES))
def test_a_lint_leaves_almost_no_cyclic_garbage(name: str, collection_disabled: None) -> None:
    shape, size = shapes.SHAPES[name]
    text = shape(max(1, size // 100))
    ENGINE.lint(Source.from_text("warm-up.md", shapes.realistic(1)), CONFIG)  # imports and caches made once
    gc.collect()
    ENGINE.lint(Source.from_text("doc.md", text), CONFIG)
    assert gc.collect() <= len(text) // BYTES_PER_CYCLIC_OBJECT


def _collections_while(action: Callable[[], object]) -> list[int]:
    generations: list[int] = []

    def record(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generations.append(info["generation"])

    gc.callbacks.append(record)
    try:
        action()
    finally:
        gc.callbacks.remove(record)
    return generations


def test_no_collection_runs_while_files_are_linted(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"pm{index}.md").write_text(shapes.bare_timeline(2_000), encoding="utf-8")
    thresholds = gc.get_threshold()
    gc.set_threshold(10)  # a collection every 10 new objects, were collection not paused
    try:
        collections = _collections_while(
            lambda: runner.lint_paths(ENGINE, ConfigCache(ENGINE.rules), [str(tmp_path)]))
    finally:
        gc.set_threshold(*thresholds)
    assert gc.isenabled()
    # Only between batches (discovering the files, sorting the findings) may the collector run: far
    # fewer times than the hundreds of thousands of objects the lint made.
    assert len(collections) < 1_000


def test_the_pause_restores_what_it_found() -> None:
    assert gc.isenabled()
    with runner._collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with runner._collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_pause_ends_when_the_lint_is_interrupted() -> None:
    with pytest.raises(KeyboardInterrupt), runner._collection_paused():
        raise KeyboardInterrupt
    assert gc.isenabled()


def test_a_lint_with_collection_paused_finds_what_it_found_before(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text(shapes.realistic(30_000) + shapes.bare_timeline(500), encoding="utf-8")
    paused = runner.lint_paths(ENGINE, ConfigCache(ENGINE.rules), [str(path)])
    expected = ENGINE.lint(Source.from_text(str(path), path.read_text(encoding="utf-8")), CONFIG)
    assert [finding.sort_key() for finding in paused.findings] == [finding.sort_key() for finding in expected]
