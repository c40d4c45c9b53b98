"""Issue 19: a parallel run loads spaCy once in the parent before the workers fork, and freezes its objects.

Each run is a fresh interpreter (spaCy must not be imported beforehand), linting with ``runner.lint_paths``
and printing, as JSON, whether the parent loaded a pipeline, what the collector holds frozen afterwards and
the findings. Hand-worked expectations: which runs are long enough to preload (two batches per worker at
least) and whether a language rule is enabled.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pmlint.commands.runner import BATCH_SIZE
from tests.conftest import GOOD

BLAME = GOOD.replace("The queue-depth alert fires.", "John forgot to check the queue-depth alert.")

_RUN = r"""
import gc, json, sys
from pathlib import Path
from pmlint.commands import runner
from pmlint.commands.engine import Engine
from pmlint.config.discovery import ConfigCache
from pmlint.language import pipeline

jobs, directory = int(sys.argv[1]), sys.argv[2]
ignore = tuple(sys.argv[3:])
results = None
if ignore[:1] == ("--results",):  # a result cache in that folder
    from pmlint.commands.cache import ResultCache
    results, ignore = ResultCache(Path(ignore[1])), ignore[2:]
engine = Engine.create()
cache = ConfigCache(engine.rules, ignore=ignore)
result = runner.lint_paths(engine, cache, [directory], jobs=jobs, setup=runner.WorkerSetup(ignore=ignore),
                           results=results)
print(json.dumps({
    "loaded_in_parent": pipeline.load_pipeline.cache_info().currsize,
    "frozen_after": gc.get_freeze_count(),
    "errors": [str(error) for error in result.errors],
    "findings": [[f.path, f.code, f.span.line, f.span.column, f.message] for f in result.findings],
}))
"""


def run(directory: Path, jobs: int, *ignore: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _RUN, str(jobs), str(directory), *ignore], cwd=directory,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def corpus(tmp_path: Path, files: int) -> Path:
    (tmp_path / ".pmlint.yaml").write_text("extends: default\n", encoding="utf-8")
    for index in range(files):
        text = BLAME if index % 4 == 0 else GOOD
        (tmp_path / f"pm-{index:04d}.md").write_text(text.replace("Payment queue backlog", f"Incident {index}"),
                                                   encoding="utf-8")
    return tmp_path


@pytest.mark.skipif(sys.platform == "win32", reason="fork only")
def test_a_long_parallel_run_loads_the_pipeline_once_before_forking(tmp_path: Path) -> None:
    directory = corpus(tmp_path, 4 * BATCH_SIZE)  # four batches: two per worker
    parallel, serial = run(directory, 2), run(directory, 1)
    assert parallel["loaded_in_parent"] == 1
    assert parallel["frozen_after"] == 0  # the parent's objects are the collector's again
    assert parallel["findings"] == serial["findings"]
    assert parallel["errors"] == serial["errors"] == []
    blamed = {path for path, code, *_ in parallel["findings"] if code == "PM401"}
    assert len(blamed) == BATCH_SIZE  # every fourth file blames John


@pytest.mark.skipif(sys.platform == "win32", reason="fork only")
def test_a_short_parallel_run_leaves_spacy_to_the_workers(tmp_path: Path) -> None:
    directory = corpus(tmp_path, 3 * BATCH_SIZE)  # three batches for two workers: not two each
    parallel = run(directory, 2)
    assert parallel["loaded_in_parent"] == 0
    assert parallel["findings"] == run(directory, 1)["findings"]


@pytest.mark.skipif(sys.platform == "win32", reason="fork only")
def test_no_preload_when_every_language_rule_is_off(tmp_path: Path) -> None:
    directory = corpus(tmp_path, 4 * BATCH_SIZE)
    parallel = run(directory, 2, "PM401", "PM402", "PM403")
    assert parallel["loaded_in_parent"] == 0
    assert not any(code.startswith("PM40") for _, code, *_ in parallel["findings"])


@pytest.mark.skipif(sys.platform == "win32", reason="fork only")
def test_no_preload_when_the_result_cache_holds_every_file(tmp_path: Path) -> None:
    """An unchanged rerun lints nothing: loading spaCy for it was most of its time (0.46 of 0.67 s)."""
    (tmp_path / "docs").mkdir()
    directory = corpus(tmp_path / "docs", 4 * BATCH_SIZE)
    results = str(tmp_path / "results")
    first = run(directory, 2, "--results", results)
    assert first["loaded_in_parent"] == 1  # nothing cached yet
    rerun = run(directory, 2, "--results", results)
    assert rerun["loaded_in_parent"] == 0
    assert rerun["findings"] == first["findings"] == run(directory, 1)["findings"]
    changed = directory / "pm-0007.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert run(directory, 2, "--results", results)["loaded_in_parent"] == 1  # one file to lint: as before
