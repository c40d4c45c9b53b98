"""The GitHub Action (action.yml): its scripts run for real with the inputs GitHub would give them.

GitHub Actions itself cannot run here, so the test renders each step's `${{ ... }}` expressions
the way the runner does for these simple cases, then runs the step's bash script with the step's
environment: what pmlint prints, the exit-code output, the SARIF file and the final step's status.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
BASH = shutil.which("bash")

GOOD = sorted((ROOT / "tests" / "fixtures" / "good").glob("*.md"))
BAD = "# Outage\n\n## Executive Summary\nJohn forgot to update the configuration.\n"

pytestmark = pytest.mark.skipif(BASH is None or sys.platform == "win32", reason="needs bash")


def _step(name: str) -> dict:
    return next(step for step in ACTION["runs"]["steps"] if step.get("name") == name)


def _render(value: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression.startswith("inputs."):
            name = expression[len("inputs."):]
            return inputs.get(name, ACTION["inputs"][name].get("default", ""))
        if expression == "github.action_path":
            return str(ROOT)
        if expression.startswith("steps.lint.outputs."):
            return outputs.get(expression.rsplit(".", 1)[1], "")
        raise AssertionError(f"expression the test does not know: {expression}")

    return re.sub(r"\$\{\{(.*?)\}\}", replace, str(value))


def _run_step(name: str, workdir: Path, inputs: dict[str, str], outputs: dict[str, str]) -> subprocess.CompletedProcess[str]:
    step = _step(name)
    assert step["shell"] == "bash"
    assert "${{" not in step["run"], "inputs must reach scripts through env, not the script text"
    github_output = workdir / "github_output.txt"
    github_output.unlink(missing_ok=True)
    env = {**os.environ, "GITHUB_OUTPUT": str(github_output)}
    env.pop("GITHUB_ACTIONS", None)
    env.update({key: _render(value, inputs, outputs) for key, value in step.get("env", {}).items()})
    # The step runs `pmlint` from PATH. Make that this interpreter's pmlint: in a venv that is not activated, or
    # after a --user install whose scripts directory is not on PATH, there is none or another one (issue 15 A1).
    shim = workdir / ".test-bin" / "pmlint"
    shim.parent.mkdir(exist_ok=True)
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m pmlint "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env["PATH"] = f"{shim.parent}{os.pathsep}{env.get('PATH', '')}"
    # The runner runs `bash --noprofile --norc -eo pipefail {0}` on the script file.
    script = workdir / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    result = subprocess.run([BASH, "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workdir, env=env,
                            capture_output=True, text=True, timeout=120)
    if github_output.exists():
        for line in github_output.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value
    return result


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / "postmortems").mkdir()
    good = GOOD[0]
    shutil.copy(good, tmp_path / "postmortems" / "good.md")
    return tmp_path


def test_annotations_for_findings_and_a_failing_step(docs: Path) -> None:
    (docs / "postmortems" / "bad.md").write_text(BAD, encoding="utf-8")
    outputs: dict[str, str] = {}
    lint = _run_step("Run pmlint", docs, {"paths": "postmortems"}, outputs)
    assert outputs["exit-code"] == "1"
    assert lint.returncode == 0, lint.stderr  # the exit code is carried to the last step
    lines = lint.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert any("file=postmortems/bad.md" in line and "title=PM401 blame" in line for line in lines)
    assert not any("good.md" in line for line in lines)
    final = _run_step("Fail on findings", docs, {}, outputs)
    assert final.returncode == 1


def test_clean_documents_pass(docs: Path) -> None:
    outputs: dict[str, str] = {}
    lint = _run_step("Run pmlint", docs, {"paths": "postmortems/good.md"}, outputs)
    assert (outputs["exit-code"], lint.stdout) == ("0", "")
    assert _run_step("Fail on findings", docs, {}, outputs).returncode == 0


def test_sarif_file_is_written_for_upload(docs: Path) -> None:
    (docs / "postmortems" / "bad.md").write_text(BAD, encoding="utf-8")
    outputs: dict[str, str] = {}
    inputs = {"paths": "postmortems", "format": "sarif", "sarif-file": "out.sarif"}
    lint = _run_step("Run pmlint", docs, inputs, outputs)
    assert lint.returncode == 0 and lint.stdout == ""
    log = json.loads((docs / "out.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0"
    assert {result["ruleId"] for result in log["runs"][0]["results"]} >= {"PM401"}
    upload = _step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert _render(upload["with"]["sarif_file"], inputs, outputs) == "out.sarif"
    assert outputs["exit-code"] == "1"


def test_inputs_with_spaces_and_options_are_passed_as_arguments(docs: Path) -> None:
    (docs / "postmortems" / "bad.md").write_text(BAD, encoding="utf-8")
    (docs / "lenient.yaml").write_text("fail-on: never\n", encoding="utf-8")
    outputs: dict[str, str] = {}
    lint = _run_step("Run pmlint", docs, {"paths": "postmortems/good.md postmortems/bad.md",
                                          "config": "lenient.yaml"}, outputs)
    assert outputs["exit-code"] == "0", lint.stderr
    outputs.clear()
    lint = _run_step("Run pmlint", docs, {"paths": "postmortems", "fail-on": "error"}, outputs)
    assert outputs["exit-code"] == "1"  # the blame finding is an error


def test_a_usage_error_is_exit_code_2(docs: Path) -> None:
    outputs: dict[str, str] = {}
    lint = _run_step("Run pmlint", docs, {"paths": "does-not-exist.md"}, outputs)
    assert outputs["exit-code"] == "2"
    assert "no such file or directory" in lint.stderr


def test_every_input_is_documented_and_used() -> None:
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    for name, spec in ACTION["inputs"].items():
        assert spec.get("description"), name
        assert f"inputs.{name}" in text, f"input {name} is never used"
    assert ACTION["runs"]["using"] == "composite"
