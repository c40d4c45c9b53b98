"""Issue 15 B5: nothing hostile in a file name, a config file or a document reaches a terminal or a CI
log as a control sequence or a workflow command, in any format, on stdout or stderr.

The threats: ESC (CSI and OSC sequences), C1 controls such as U+009B (CSI on 8-bit terminals), bidi
overrides, a line break that starts a line of the attacker's (``::error file=a.md::Forged``,
``::stop-commands::``), and the GitHub runner's legacy ``##[command]``, which it finds anywhere in a
line. The names cannot be committed (a newline, ESC, a byte that is not UTF-8), so they are made
here; the document is tests/nasty/output-injection.md.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import jsonschema
import pytest

TESTS = Path(__file__).parent
NASTY_DOCUMENT = TESTS / "nasty" / "output-injection.md"
SARIF_SCHEMA = json.loads((TESTS / "schemas" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))

# File names as bytes (POSIX allows any byte but "/" and NUL).
HOSTILE_NAMES = [
    b"x\n::error file=a.md,line=1::Forged\n.md",
    b"stop\r::stop-commands::tok.md",
    b"esc\x1b]8;;https:evil.example\x07link\x1b]8;;\x07\x1b[2J.md",
    "c1 \u009b31m.md".encode(),
    "bidi \u202edm.exe.md".encode(),
    b"legacy ##[error]Forged.md",
    b"latin1 \xff.md",
]
# What a terminal or the runner would obey: C0 controls but tab and line feed (line feeds are checked
# per line), DEL, C1 controls, line and paragraph separators, bidi controls.
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORMATS = ["text", "json", "sarif", "github", "junit"]


def run_pmlint(*args: str | bytes, cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    # A strict UTF-8 stdout, as in a UTF-8 locale: an undecodable name must not crash the output.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(extra_env or {})}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=120, check=False)


@pytest.fixture
def hostile_tree(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    content = NASTY_DOCUMENT.read_bytes()
    for name in HOSTILE_NAMES:
        with open(os.path.join(os.fsencode(docs), name), "wb") as file:
            file.write(content)
    return tmp_path


def assert_nothing_obeyed(output: bytes, output_format: str, stream: str) -> str:
    """The output decodes as UTF-8 and no line of it holds a control, a bidi override or a command
    the runner would run; returns it decoded."""
    text = output.decode("utf-8")  # strict: an undecodable byte would be sent raw
    assert "Traceback" not in text, f"{stream}: {text[-2000:]}"
    for line in text.split("\n"):
        if not line:
            continue
        assert not OBEYED.search(line), f"{stream} line {line!r}"
        command = line.lstrip()
        if output_format == "github" and stream == "stdout":
            # pmlint's own annotations, one per line; "##[" inside one is its data.
            assert re.match(r"::(error|warning|notice) file=[^\n]*,title=PM\d{3} [a-z-]+::", command), line
        else:
            assert not command.startswith("::"), f"{stream} line {line!r}"
            assert "##[" not in line, f"{stream} line {line!r}"
    return text


@pytest.mark.parametrize("output_format", FORMATS)
def test_hostile_names_and_document_text_reach_no_output_raw(hostile_tree: Path, output_format: str) -> None:
    result = run_pmlint("check", "--format", output_format, "docs", cwd=hostile_tree)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    stdout = assert_nothing_obeyed(result.stdout, output_format, "stdout")
    assert_nothing_obeyed(result.stderr, output_format, "stderr")
    expected_paths = {os.fsdecode(b"docs/" + name) for name in HOSTILE_NAMES}
    if output_format == "json":
        findings = json.loads(stdout)
        # JSON escapes are lossless: the decoded paths are the real names, undecodable bytes included.
        assert {finding["path"] for finding in findings} == expected_paths
        assert any(finding["code"] == "PM901" and "\x1b]0;pwned\x07" in finding["message"] for finding in findings)
        assert any("\u202elimit" in (finding["suggestion"] or "") for finding in findings)
    elif output_format == "sarif":
        log = json.loads(stdout)
        jsonschema.validate(log, SARIF_SCHEMA)
        uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for result in log["runs"][0]["results"]}
        assert "docs/latin1%20%FF.md" in uris
        assert "docs/x%0A%3A%3Aerror%20file%3Da.md%2Cline%3D1%3A%3AForged%0A.md" in uris
    elif output_format == "junit":
        root = ElementTree.fromstring(result.stdout)
        assert len(root.findall("testsuite/testcase")) == len(HOSTILE_NAMES)
    elif output_format == "github":
        assert len(stdout.splitlines()) == 8 * len(HOSTILE_NAMES)
    else:
        assert "unknown rule '\\x1b]0;pwned\\x07'" in stdout  # shown, not obeyed
        assert "docs/latin1 \\xff.md:" in stdout


@pytest.mark.parametrize("output_format", ["text", "github", "junit"])  # JSON lines start with a key
def test_a_file_name_that_reads_as_a_command_does_not_start_a_line(tmp_path: Path, output_format: str) -> None:
    # Named on the command line (as pre-commit names files), the path starts each text line.
    names = ["::error file=a.md,line=1::Forged.md", "  ::stop-commands::tok.md"]
    for name in names:
        (tmp_path / name).write_bytes(NASTY_DOCUMENT.read_bytes())
    result = run_pmlint("check", "--format", output_format, *names, cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    stdout = assert_nothing_obeyed(result.stdout, output_format, "stdout")
    if output_format == "text":
        assert "./::error file=a.md,line=1::Forged.md:1:3: error" in stdout


def test_diff_headers_escape_the_file_name(tmp_path: Path) -> None:
    name = "x\n::error file=a.md,line=1::Forged\n.md"
    (tmp_path / name).write_bytes(b"# T\n\nIt was obviously a gap.\n")
    result = run_pmlint("check", "--diff", name, cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    stdout = assert_nothing_obeyed(result.stdout, "text", "stdout")
    assert stdout.splitlines()[:2] == ["--- a/x\\n::error file=a.md,line=1::Forged\\n.md",
                                       "+++ b/x\\n::error file=a.md,line=1::Forged\\n.md"]
    assert "+It was a gap." in stdout.splitlines()


@pytest.mark.parametrize("output_format", ["text", "github"])  # stderr is the same in every format
def test_stderr_escapes_missing_file_names(tmp_path: Path, output_format: str) -> None:
    (tmp_path / "pm.md").write_bytes(NASTY_DOCUMENT.read_bytes())
    missing = ["gone\n::error file=a.md,line=1::Forged\n.md", "##[stop-commands]tok.md", "osc\x1b]0;title\x07.md"]
    result = run_pmlint("check", "--format", output_format, "pm.md", *missing, cwd=tmp_path)
    assert result.returncode == 2
    stderr = assert_nothing_obeyed(result.stderr, output_format, "stderr")
    lines = stderr.splitlines()
    assert len(lines) == len(missing), stderr
    assert all(line.startswith("pmlint: error: ") for line in lines), stderr
    assert "gone\\n::error file=a.md,line=1::Forged\\n.md" in stderr
    assert_nothing_obeyed(result.stdout, output_format, "stdout")


def test_stderr_escapes_config_keys(tmp_path: Path) -> None:
    # YAML's double-quoted escapes put ESC, BEL and a newline into a key; the error names the key.
    (tmp_path / ".pmlint.yaml").write_text('"bad\\e]0;x\\a\\n::error file=a.md,line=1::Forged": 1\n',
                                           encoding="utf-8")
    (tmp_path / "pm.md").write_bytes(NASTY_DOCUMENT.read_bytes())
    result = run_pmlint("check", "--format", "github", "pm.md", cwd=tmp_path)
    assert result.returncode == 2
    stderr = assert_nothing_obeyed(result.stderr, "github", "stderr")
    assert stderr.count("\n") == 1 and stderr.startswith("pmlint: error: ")
    assert "\\x1b]0;x\\x07\\n::error" in stderr


@pytest.mark.parametrize("args", [
    ["check", "--bogus##[error]Forged"],
    ["no-such-command##[error]Forged"],
    ["check", "--config", "x\n::error file=a.md,line=1::Forged", "pm.md"],
    ["explain", "PM9\x1b]0;title\x07"],
])
def test_usage_errors_escape_what_was_typed(tmp_path: Path, args: list[str]) -> None:
    result = run_pmlint(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert_nothing_obeyed(result.stderr, "text", "stderr")


def test_sarif_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    # Issue 15: `--format sarif` with a non-UTF-8 file name crashed with a traceback. A URI is
    # percent-encoded bytes: the name's bytes on disk.
    (tmp_path / os.fsdecode(b"caf\xe9 notes.md")).write_bytes(NASTY_DOCUMENT.read_bytes())
    result = run_pmlint("check", "--format", "sarif", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    log = json.loads(result.stdout.decode("utf-8"))
    jsonschema.validate(log, SARIF_SCHEMA)
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for result in log["runs"][0]["results"]}
    assert uris == {"caf%E9%20notes.md"}


def test_the_escapes_are_visible_and_leave_ordinary_text_alone() -> None:
    from pmlint.output.escape import (
        for_annotation,
        for_json,
        for_terminal,
        path_at_line_start,
    )

    ordinary = "docs/équipe, q1: 50% done\tok — «sans reproche» ✓ 漢字 ## Heading [x]"
    assert for_terminal(ordinary) == ordinary
    assert for_annotation(ordinary) == ordinary
    assert for_json(json.dumps(ordinary, ensure_ascii=False)) == json.dumps(ordinary, ensure_ascii=False)
    assert for_terminal("a\nb\r\x1b[2J\x9b\u202e\u2028" + os.fsdecode(b"\xff") + "##[error]") == (
        "a\\nb\\r\\x1b[2J\\x9b\\u202e\\u2028\\xff#\\x23[error]")
    assert for_terminal("a\nb\x1b", keep_line_breaks=True) == "a\nb\\x1b"
    # Workflow commands carry line breaks with their own escapes (%0A), and "##[" is data there.
    assert for_annotation("a\nb\x1b##[x]") == "a\nb\\x1b##[x]"
    assert path_at_line_start(" ::error::x.md") == "./ ::error::x.md"
    assert path_at_line_start("docs/::error::x.md") == "docs/::error::x.md"
    hostile = "\x9b\u202e##[stop-commands]" + os.fsdecode(b"\xff")
    encoded = for_json(json.dumps(hostile, ensure_ascii=False))
    assert encoded == '"\\u009b\\u202e\\u0023#[stop-commands]\\udcff"'
    assert json.loads(encoded) == hostile
