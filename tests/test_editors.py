"""Editor integrations documented in the README, checked against real pmlint output."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BAD = "# Outage\n\n## Executive Summary\nJohn forgot to update the DNS config: a stupid mistake.\n"


def _block(language: str, after: str) -> str:
    start = README.index(after)
    match = re.search(rf"```{language}\n(.*?)```", README[start:], re.DOTALL)
    assert match, f"no {language} block after {after!r}"
    return match.group(1)


def _stdin_run(text: str, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmlint", "check", "-q", "--no-color", "-", "--stdin-filename", name],
                          input=text, capture_output=True, text=True, cwd=ROOT, timeout=120)


def _json_findings(text: str) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", "--format", "json", "-", "--stdin-filename",
                             "docs/pm.md"], input=text, capture_output=True, text=True, cwd=ROOT, timeout=120)
    return json.loads(result.stdout)


def test_vscode_problem_matcher_reads_every_finding_line() -> None:
    tasks = json.loads(_block("json", "VS Code"))
    pattern = tasks["tasks"][0]["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])
    result = _stdin_run(BAD, "docs/pm.md")
    finding_lines = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    expected = _json_findings(BAD)
    assert len(finding_lines) == len(expected) > 0
    for line, finding in zip(finding_lines, expected):
        match = regexp.match(line)
        assert match, line
        assert match.group(pattern["file"]) == "docs/pm.md"
        assert int(match.group(pattern["line"])) == finding["line"]
        assert int(match.group(pattern["column"])) == finding["column"]
        assert match.group(pattern["severity"]) == finding["severity"]
        assert match.group(pattern["message"]).startswith(finding["message"])


def test_suggestion_lines_never_look_like_findings() -> None:
    tasks = json.loads(_block("json", "VS Code"))
    regexp = re.compile(tasks["tasks"][0]["problemMatcher"]["pattern"]["regexp"])
    result = _stdin_run(BAD, "docs/pm.md")
    suggestions = [line for line in result.stdout.splitlines() if line.startswith("    ")]
    assert suggestions and not any(regexp.match(line) for line in suggestions)


def test_neovim_lua_pattern_reads_every_finding_line() -> None:
    lua = _block("lua", "Neovim")
    lua_pattern = re.search(r'from_pattern\(\s*"([^"]+)"', lua).group(1)
    # The Lua pattern uses %d, %w and .*; translate those classes to Python's.
    python_pattern = lua_pattern.replace("%d", r"\d").replace("%w", r"\w").replace("[^:]", "[^:]")
    regexp = re.compile(python_pattern)
    result = _stdin_run(BAD, "docs/pm.md")
    expected = _json_findings(BAD)
    lines = [line for line in result.stdout.splitlines() if not line.startswith("    ")]
    for line, finding in zip(lines, expected):
        match = regexp.match(line)
        assert match, line
        assert (int(match.group(1)), int(match.group(2)), match.group(3)) == (
            finding["line"], finding["column"], finding["severity"])
    assert '"-"' in lua and "--stdin-filename" in lua


def test_flycheck_patterns_cover_every_severity() -> None:
    elisp = _block("elisp", "Emacs")
    for severity in ("error", "warning", "info"):
        assert f'": {severity} " (message)' in elisp
    assert ":standard-input t" in elisp and '"--stdin-filename"' in elisp


def test_stdin_findings_carry_the_stdin_filename_and_exit_code() -> None:
    result = _stdin_run(BAD, "notes/2026-03-15-outage.md")
    assert result.returncode == 1
    assert result.stdout.startswith("notes/2026-03-15-outage.md:")
    assert result.stderr == ""
