"""Shared fixtures for the CLI, configuration, suppression and bad-input tests."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pmlint.cli import cli

# A complete, blameless post-mortem that lints clean with every rule and the default preset.
GOOD = """\
# Payment queue backlog

## Executive Summary

- **Impact:** About 300 merchants saw delayed payouts; no payments were lost.
- **Duration:** 40 minutes, from 09:10 to 09:50 UTC on 2 February 2026.
- **Root Cause:** A worker limit lowered for a load test was never restored.
- **Status:** Resolved. The limit is restored.

## Timeline (UTC)

| Time  | Event |
|-------|-------|
| 09:10 | The queue-depth alert fires. |
| 09:18 | The incident channel opens and an incident lead is assigned. |
| 09:41 | The worker limit is raised back to 64. |
| 09:50 | The queue drains and the incident is resolved. |

## Root Cause Analysis

1. Why were payouts delayed? The payout queue grew faster than workers drained it.
2. Why were workers slow? Only 4 workers were running instead of 64.
3. Why only 4? A load test lowered the limit and the change stayed in place.
4. Why did it stay? The load-test checklist has no step to restore settings.

## What Went Well

- The queue-depth alert fired within a minute.

## What Went Wrong

- The worker limit change had no expiry date.

## Action Items

| ID | Action | Owner | Due | Status |
|----|--------|-------|-----|--------|
| AI-1 | Add a step that restores worker limits to the load-test checklist | Ana Silva | 2026-02-20 | Not started |

## Lessons Learned

Temporary settings need an expiry date.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with no configuration above it that pmlint would find."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def write_file(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


@pytest.fixture
def write(project: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file relative to the project directory (text is written as UTF-8, newlines untouched)."""
    return lambda name, content: write_file(project / name, content)


@pytest.fixture
def run(project: Path) -> Callable[..., Result]:
    """``pmlint check ARGS`` in the project directory through click's runner."""

    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(cli, ["check", *args], input=input, env=env)
        assert_no_traceback(result)
        return result

    return invoke


def assert_no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def findings(result: Result) -> list[dict[str, Any]]:
    """The findings of a ``--format json`` run."""
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    return data


def located(result: Result) -> list[tuple[str, int, int, str]]:
    """(path, line, column, code) of each finding of a ``--format json`` run."""
    return [(item["path"], item["line"], item["column"], item["code"]) for item in findings(result)]
