"""--jobs: linting in worker processes gives exactly what linting in one process gives."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOOD

BLAME = GOOD.replace("The queue-depth alert fires.", "John forgot to check the queue-depth alert.")
CHARGED = GOOD.replace("The worker limit change had no expiry date.",
                       "The worker limit change was a disaster with no expiry date.")


def pmlint(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, capture_output=True, input=stdin,
                          timeout=300)


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """150 post-mortems (three batches): clean ones, blaming ones, charged ones, one binary file."""
    docs = tmp_path / "docs"
    for index in range(150):
        text = (GOOD, BLAME, CHARGED)[index % 3]
        path = docs / f"team{index % 5}" / f"pm-{index:03d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("Payment queue backlog", f"Incident {index}"), encoding="utf-8")
    (docs / "team0" / "binary.md").write_bytes(b"\x00\x01binary")
    return tmp_path


def test_parallel_output_equals_serial_output(many: Path) -> None:
    serial = pmlint(many, "check", "--format", "json", "--jobs", "1", "docs")
    parallel = pmlint(many, "check", "--format", "json", "--jobs", "2", "docs")
    assert serial.returncode == parallel.returncode == 2  # the binary file is an input error
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    findings = json.loads(serial.stdout)
    assert {finding["code"] for finding in findings} == {"PM401", "PM402"}
    assert len({finding["path"] for finding in findings}) == 100
    assert serial.stderr.decode().count("binary.md") == 1


def test_parallel_text_summary_counts_every_file(many: Path) -> None:
    (many / "docs" / "team0" / "binary.md").unlink()
    result = pmlint(many, "check", "--jobs", "2", "docs")
    assert result.returncode == 1
    summary = [line for line in result.stdout.decode().splitlines() if line.startswith("Found ")]
    assert len(summary) == 1 and summary[0].endswith("in 100 of 150 files.")


def test_a_broken_config_is_reported_once_with_jobs(many: Path) -> None:
    (many / "docs" / "team1" / ".pmlint.yaml").write_text("nonsense-key: 1\n", encoding="utf-8")
    serial = pmlint(many, "check", "-q", "--jobs", "1", "docs")
    parallel = pmlint(many, "check", "-q", "--jobs", "2", "docs")
    assert parallel.returncode == serial.returncode == 2
    assert parallel.stderr.decode().count("nonsense-key") == 1
    assert parallel.stdout == serial.stdout


def test_parallel_fix_writes_every_file_like_serial(many: Path, tmp_path: Path) -> None:
    (many / "docs" / "team0" / "binary.md").unlink()
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(many / "docs"), str(copy)], check=True)
    # "disaster" -> "major incident" is an unsafe fix (a word replacement): applied with --unsafe-fixes.
    parallel = pmlint(many, "check", "--fix", "--unsafe-fixes", "--jobs", "2", "docs")
    serial = pmlint(tmp_path, "check", "-q", "--fix", "--unsafe-fixes", "--jobs", "1", "copy")
    assert parallel.returncode == serial.returncode == 1
    assert "fixed 50 findings in 50 files" in parallel.stderr.decode()
    for path in (many / "docs").rglob("*.md"):
        assert path.read_bytes() == (copy / path.relative_to(many / "docs")).read_bytes()
        assert b"disaster" not in path.read_bytes()


@pytest.mark.parametrize("value", ["0", "-1", "two", ""])
def test_bad_jobs_value_is_a_usage_error(tmp_path: Path, value: str) -> None:
    result = pmlint(tmp_path, "check", "--jobs", value, ".")
    assert result.returncode == 2
    assert b"--jobs" in result.stderr and b"Traceback" not in result.stderr
