"""Input pmlint cannot or should not lint as is: every case ends in a located message or a finding,
never a traceback, and the other files of the run are still linted."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from conftest import GOOD, findings, located

WARN = GOOD.replace("Temporary settings need an expiry date.\n", "TBD\n")
WARN_LINE = "warn.md:40:4: warning section 'Lessons Learned' holds only a placeholder ('TBD') [PM002 empty-section]"
# The exact span of the one PM002 finding in WARN: the words "Lessons Learned" on line 40.
WARN_SPAN = {"line": 40, "column": 4, "end_line": 40, "end_column": 19}


def span(item: dict) -> dict:
    return {key: item[key] for key in ("line", "column", "end_line", "end_column")}


def run_with_warn(run, write, name: str, content: bytes | str, *options: str):
    """Lint a bad file next to a good one with a finding: the good one must still be reported."""
    write(name, content)
    write("warn.md", WARN)
    result = run("-q", *options, name, "warn.md")
    assert result.exit_code == 2
    assert result.stdout == WARN_LINE + "\n"
    return result


# -- undecodable files --------------------------------------------------------------------------


def test_binary_file(run, write):
    result = run_with_warn(run, write, "binary.md", b"# Title\n\x00\x01\x02\x03\xff")
    assert result.stderr == "pmlint: error: binary.md: binary file (contains NUL bytes); not a Markdown document\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_invalid_utf8_names_file_and_line(run, write, newline):
    data = "# Title\n\nLine two\nCaf\u00e9 au lait\n".replace("\n", newline).encode("latin-1")
    result = run_with_warn(run, write, "latin1.md", data)
    offset = data.index(b"\xe9")
    assert result.stderr == f"pmlint: error: latin1.md:4: invalid UTF-8 (byte 0xe9 at offset {offset})\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file(run, write, encoding):
    data = GOOD.encode(encoding)
    if encoding != "utf-16":
        data = "\ufeff".encode(encoding) + data  # the BOM an editor writes
    result = run_with_warn(run, write, "utf16.md", data)
    assert result.stderr == ("pmlint: error: utf16.md: file is UTF-16 encoded; pmlint reads UTF-8 only "
                             "(re-save it as UTF-8)\n")


def test_utf8_bom_lints_and_positions_do_not_count_it(run, write):
    write("good.md", b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert (run("good.md").exit_code, run("good.md").output) == (0, "")
    write("warn.md", b"\xef\xbb\xbf" + WARN.encode("utf-8"))
    assert [span(item) for item in findings(run("--format", "json", "warn.md"))] == [WARN_SPAN]
    # On the first line too: the title's text starts in column 3, not 4.
    write("title.md", b"\xef\xbb\xbf# Outage\n")
    result = run("--format", "json", "--select", "PM001", "title.md")
    assert {(item["line"], item["column"], item["end_column"]) for item in findings(result)} == {(1, 3, 9)}


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_count_as_one(run, write, newline):
    write("good.md", GOOD.replace("\n", newline))
    assert (run("good.md").exit_code, run("good.md").output) == (0, "")
    write("warn.md", WARN.replace("\n", newline))
    assert [span(item) for item in findings(run("--format", "json", "warn.md"))] == [WARN_SPAN]


def test_mixed_line_ends(run, write):
    lines = WARN.split("\n")
    mixed = "".join(line + ("\r\n" if number % 2 else "\n") for number, line in enumerate(lines[:-1]))
    write("warn.md", mixed)
    assert [span(item) for item in findings(run("--format", "json", "warn.md"))] == [WARN_SPAN]


# -- empty, large and unreadable files ----------------------------------------------------------


@pytest.mark.parametrize("content", ["", "\n\n\n", "   \n\t\n", "\ufeff"])
def test_empty_file_reports_missing_sections(run, write, content):
    write("empty.md", content)
    result = run("--format", "json", "empty.md")
    assert result.exit_code == 1
    # One finding names every missing section (the whole outline is one edit).
    assert located(result) == [("empty.md", 1, 1, "PM001")]
    assert findings(result)[0]["message"] == ("missing 5 required sections: 'Executive Summary', 'Timeline', "
                                              "'Root Cause Analysis', 'Action Items' and 'Lessons Learned'")


def test_file_over_max_file_size(run, write):
    write("big/.pmlint.yaml", "max-file-size: 1000\n")
    size = len(GOOD.encode("utf-8"))
    result = run_with_warn(run, write, "big/good.md", GOOD)
    assert result.stderr == (f"pmlint: error: big/good.md: file is too large to lint ({size:,} bytes; the limit is "
                             "1,000, set by 'max-file-size' in the configuration)\n")


def test_stdin_over_max_file_size(run, write):
    write(".pmlint.yaml", "max-file-size: 1000\n")
    result = run("-", input=GOOD)
    assert result.exit_code == 2
    assert result.stderr.startswith("pmlint: error: <stdin>: file is too large to lint (")


def test_max_file_size_is_per_configuration(run, write):
    write("small/.pmlint.yaml", "max-file-size: 10\n")
    write("small/good.md", GOOD)
    write("large/good.md", GOOD)
    result = run("small", "large")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmlint: error: small/good.md: file is too large to lint")


def test_unreadable_file(run, write, project):
    path = write("secret.md", GOOD)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user (root) who can read a mode-000 file")
        write("warn.md", WARN)
        result = run("-q", "secret.md", "warn.md")
        assert result.exit_code == 2
        assert result.stdout == WARN_LINE + "\n"
        assert result.stderr == "pmlint: error: secret.md: permission denied\n"
    finally:
        path.chmod(0o644)


def test_permission_denied_while_reading(run, write, monkeypatch):
    # The same path as a mode-000 file, for when the tests run as root and chmod cannot deny reading.
    secret = write("secret.md", GOOD).resolve()
    original = os.open

    def deny(path, *args, **kwargs):
        if Path(path).resolve() == secret:
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    write("warn.md", WARN)
    result = run("-q", "secret.md", "warn.md")
    assert result.exit_code == 2
    assert result.stdout == WARN_LINE + "\n"
    assert result.stderr == "pmlint: error: secret.md: permission denied\n"


def test_dangling_symlink(run, write, project):
    if not hasattr(os, "symlink"):
        pytest.skip("no symlinks")
    os.symlink(project / "gone.md", project / "link.md")
    write("warn.md", WARN)
    result = run("-q", "link.md", "warn.md")
    assert result.exit_code == 2
    assert result.stdout == WARN_LINE + "\n"
    assert result.stderr == "pmlint: error: link.md: broken symbolic link (its target does not exist)\n"


def test_huge_single_line_file(run, write):
    line = "The service returned errors for every request. " * 40_000  # about 1.9 MB on one line
    write("huge.md", "# " + line)
    started = time.monotonic()
    result = run("--format", "json", "huge.md")
    assert time.monotonic() - started < 60
    assert result.exit_code == 1
    assert {code for _, _, _, code in located(result)} >= {"PM001"}
    pm001 = [item for item in findings(result) if item["code"] == "PM001"]
    assert {(item["line"], item["column"], item["end_line"]) for item in pm001} == {(1, 3, 1)}
    assert pm001[0]["end_column"] == len(line.rstrip()) + 3


# -- front matter -------------------------------------------------------------------------------


@pytest.mark.parametrize(("front_matter", "line", "column"), [
    ("---\ntitle: Outage\ndate: [2026-02-02\n---\n", 3, 1),
    ("---\ntitle: Outage\nowner: Ana: Silva\nstatus: draft\n---\n", 3, 1),
    ("---\ntitle: Outage\n  indented: badly\n---\n", 3, 3),
    ("---\n- just\n- a list\n---\n", 2, 1),
    ("---\r\ntitle: Outage\r\ndate: [2026-02-02\r\n---\r\n", 3, 1),
    ("\ufeff---\ntitle: Outage\nowner: Ana: Silva\n---\n", 3, 1),
    ("+++\ntitle = \"Outage\"\ndate = \n+++\n", 3, 1),
])
def test_malformed_front_matter_is_pm900_at_its_line(run, write, front_matter, line, column):
    write("doc.md", front_matter + GOOD)
    result = run("--format", "json", "doc.md")
    assert result.exit_code == 1
    items = findings(result)
    # Only the front matter is reported: the rest of the document is still linted, and lints clean.
    assert [(item["line"], item["column"], item["code"], item["severity"]) for item in items] == [
        (line, column, "PM900", "error")]
    assert items[0]["message"].startswith("front matter is not valid: ")


def test_unclosed_front_matter_is_markdown(run, write):
    write("doc.md", "---\ntitle: Outage\n\n" + GOOD)
    result = run("--format", "json", "doc.md")
    assert "Traceback" not in result.output
    assert "PM900" not in {code for _, _, _, code in located(result)}


def test_impossible_date_in_front_matter_is_pm900(run, write):
    write("doc.md", "---\ntitle: Outage\ndate: 2026-13-45\n---\n" + GOOD)
    result = run("--format", "json", "doc.md")
    assert located(result) == [("doc.md", 3, 1, "PM900")]


def test_impossible_date_in_front_matter_never_shows_a_traceback(run, write):
    write("doc.md", "---\ntitle: Outage\ndate: 2026-13-45\n---\n" + GOOD)
    write("warn.md", WARN)
    result = run("-q", "doc.md", "warn.md")
    assert result.exit_code in (1, 2)
    assert WARN_LINE in result.stdout
    assert "doc.md" in result.output


# -- odd but valid Markdown ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "> " * 500 + "Deeply quoted.\n",
    "".join("  " * depth + "- item\n" for depth in range(200)),
    "`" * 3000 + "\n",
    "[" * 5000 + "\n",
    "<!-- an HTML comment that never ends\n\n## Timeline\n",
    "# Title\x01\x02\x1b[31m\n\nControl characters\x7f\n",
    "# Title\u2028with a line separator\n\u0085\n",
])
def test_pathological_markdown_does_not_crash(run, write, text):
    write("odd.md", text)
    result = run("odd.md")
    assert result.exit_code == 1
    assert result.stderr == ""


@pytest.mark.parametrize("depth", [4990, 5000, 60000])
def test_deeply_nested_front_matter_is_reported_not_a_crash(tmp_path, depth):
    """libyaml's parser recurses in C: it must never see nesting deep enough to crash the interpreter.

    4,990 levels is the deepest front matter short enough for libyaml (10,000 characters); 5,000 and
    60,000 go to the pure-Python loader."""
    import subprocess
    import sys
    path = tmp_path / "deep.md"
    path.write_text("---\na: " + "[" * depth + "]" * depth + "\n---\n# Outage\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", "--select", "PM900", "--format", "json",
                             str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr  # a segfault would be -11
    assert "Traceback" not in result.stderr
    if depth > 10000:
        findings = json.loads(result.stdout)
        assert [finding["code"] for finding in findings] == ["PM900"]


BILLION_LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]" for previous, name in zip("abcdefgh", "bcdefghi")])


@pytest.mark.parametrize("front_matter, problem", [
    ("authors: &a [Ana, *a]", "a value contains itself through an alias"),
    ("x: &x {y: *x}", "a value contains itself through an alias"),
    (BILLION_LAUGHS, "more than 10,000 values"),
])
def test_front_matter_aliases_that_never_end_are_pm900_not_a_crash(front_matter, problem):
    from helpers import lint_text
    text = f"---\n{front_matter}\n---\n# John forgot to restart the proxy\n"
    findings = lint_text(text)
    pm900 = [finding for finding in findings if finding.code == "PM900"]
    assert len(pm900) == 1 and problem in pm900[0].message
    assert any(finding.code == "PM401" for finding in findings)  # the rest of the document is still linted
