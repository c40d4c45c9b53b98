"""``pmlint check --fix`` / ``--diff``: byte-exact fixes, verification and atomic writes."""
from __future__ import annotations

import difflib
import errno
import json
import os
import re
import stat
from pathlib import Path

import pytest
from conftest import findings

import pmlint.commands.fixer
import pmlint.commands.runner
import pmlint.commands.safewrite
import pmlint.output.diff
from pmlint.commands.fixer import write_atomically
from pmlint.edits import apply_fixes
from pmlint.errors import InputError
from pmlint.model import SAFE, UNSAFE, Edit, Finding, Fix, Span

# The byte-level tests below exercise the fix machinery on PM402's fixes, whatever their
# applicability: --unsafe-fixes makes --fix apply every one. Safe-versus-unsafe is tested further
# down, with fixes whose applicability the test sets.
SELECT = ("--select", "PM402", "--unsafe-fixes")

# Each line: what it says, and what --fix must make of it (None: nothing to fix on that line).
LINES = [
    ("# Outage", None),
    ("", None),
    ("It was a disaster for the team.", "It was a major incident for the team."),
    ("The change obviously broke the cache.", "The change broke the cache."),
    ("Nothing else happened.", None),
]
# The byte-level edits the fix must make and nothing else: (old bytes, new bytes), each unique in the file.
EDITS = [(b"disaster", b"major incident"), (b"obviously ", b"")]

ENDINGS = {
    "lf": ("", "\n"),
    "crlf": ("", "\r\n"),
    "cr": ("", "\r"),
    "bom-crlf": ("\ufeff", "\r\n"),
    "bom-lf": ("\ufeff", "\n"),
}


def document(ending: str, bom: str = "", final_newline: bool = True) -> bytes:
    text = bom + ending.join(line for line, _ in LINES) + (ending if final_newline else "")
    return text.encode("utf-8")


def temporaries(directory: Path) -> list[str]:
    """Temporary files the atomic writer may have left behind (``.NAME.*.pmlint``)."""
    return sorted(name for name in os.listdir(directory) if name.endswith(".pmlint"))


def splice(before: bytes, edits: list[tuple[bytes, bytes]]) -> tuple[bytes, list[tuple[int, int]]]:
    """``before`` with each unique ``old`` replaced by ``new``, and the byte regions of ``before`` edited."""
    located = []
    for old, new in edits:
        assert before.count(old) == 1, old
        located.append((before.index(old), old, new))
    result = before
    for start, old, new in sorted(located, reverse=True):
        result = result[:start] + new + result[start + len(old):]
    return result, sorted((start, start + len(old)) for start, old, _ in located)


def assert_only_edits(before: bytes, after: bytes, edits: list[tuple[bytes, bytes]]) -> None:
    """``after`` differs from ``before`` exactly by ``edits``: every other byte is identical and in place."""
    expected, regions = splice(before, edits)
    assert after == expected
    # And independently, a byte-level diff only touches the edited regions. A removed word next to a
    # space can align one byte either side ("obviously " or " obviously"), hence one byte of slack.
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            assert any(start - 1 <= i1 and i2 <= end + 1 for start, end in regions), (tag, before[i1:i2])


# -- --fix on files: only the fixed spans change ---------------------------------------------------


@pytest.mark.parametrize("kind", sorted(ENDINGS))
def test_fix_changes_only_the_fixed_spans(run, write, kind):
    bom, ending = ENDINGS[kind]
    before = document(ending, bom)
    path = write("doc.md", before)
    result = run(*SELECT, "--fix", "doc.md")
    after = path.read_bytes()
    assert_only_edits(before, after, EDITS)
    assert after.startswith(b"\xef\xbb\xbf") == bool(bom)
    assert after.count(ending.encode()) == before.count(ending.encode())
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == "pmlint: fixed 2 findings in 1 file\n"


def test_mixed_line_endings_are_kept_one_by_one(run, write):
    before = b"# Outage\r\n\nIt was a disaster.\rThe change obviously broke it.\r\nEnd.\n"
    path = write("doc.md", before)
    assert run(*SELECT, "--fix", "doc.md").exit_code == 0
    assert_only_edits(before, path.read_bytes(), EDITS)


@pytest.mark.parametrize("kind", ["lf", "crlf", "cr", "bom-crlf"])
def test_file_without_final_newline_stays_without_one(run, write, kind):
    bom, ending = ENDINGS[kind]
    before = document(ending, bom, final_newline=False) + b" A terrible outage"
    path = write("doc.md", before)
    assert run(*SELECT, "--fix", "doc.md").exit_code == 0
    after = path.read_bytes()
    assert_only_edits(before, after, EDITS + [(b"terrible", b"severe")])
    assert after.endswith(b"A severe outage")


def test_non_ascii_text_before_the_fix_on_the_same_line(run, write):
    line = "Café 🔥 — the change obviously broke it; a disaster, and a terrible rollback.\r\n"
    before = ("# Outage\r\n\r\n" + line).encode("utf-8")
    path = write("doc.md", before)
    result = run(*SELECT, "--fix", "doc.md")
    assert result.exit_code == 0, result.output
    assert_only_edits(before, path.read_bytes(),
                      [(b"obviously ", b""), (b"disaster", b"major incident"), (b"terrible", b"severe")])


def test_non_ascii_text_before_the_fix_exact_bytes(run, write):
    # Columns are characters: é (2 bytes), 🔥 (4 bytes) and — (3 bytes) before the words must not shift the fix.
    before = "Café 🔥 — the change obviously broke it; a disaster.\n".encode("utf-8")
    path = write("doc.md", before)
    assert run(*SELECT, "--fix", "doc.md").exit_code == 0
    assert path.read_bytes() == "Café 🔥 — the change broke it; a major incident.\n".encode("utf-8")


def test_several_rounds_fix_neighbouring_removals(run, write):
    # Both removals want the space between the two words: one is applied per round, both end up applied.
    before = b"# Outage\n\nThe flag was flipped obviously carelessly.\n"
    path = write("doc.md", before)
    result = run(*SELECT, "--fix", "doc.md")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == b"# Outage\n\nThe flag was flipped.\n"
    assert result.stderr == "pmlint: fixed 2 findings in 1 file\n"


def test_unfixable_findings_remain_and_are_reported_at_their_new_positions(run, write):
    before = b"# Outage\n\nIt was a disaster and the review was lazy.\n"
    path = write("doc.md", before)
    result = run(*SELECT, "--format", "json", "--fix", "doc.md")
    assert path.read_bytes() == b"# Outage\n\nIt was a major incident and the review was lazy.\n"
    assert result.exit_code == 1
    [remaining] = findings(result)
    fixed_line = "It was a major incident and the review was lazy."
    assert (remaining["line"], remaining["column"]) == (3, fixed_line.index("lazy") + 1)
    assert remaining["end_column"] == fixed_line.index("lazy") + 5
    assert remaining["fix"] is None
    assert result.stderr == "pmlint: fixed 1 finding in 1 file\n"


def test_second_fix_run_changes_nothing(run, write):
    before = document("\r\n", "\ufeff") + b"Obviously, the review was lazy.\r\n"
    path = write("doc.md", before)
    first = run(*SELECT, "--fix", "doc.md")
    assert first.exit_code == 1  # "Obviously," (sentence start) and "lazy" cannot be fixed
    once = path.read_bytes()
    assert once != before
    second = run(*SELECT, "--format", "json", "--fix", "doc.md")
    assert path.read_bytes() == once
    assert second.stderr == ""  # no "pmlint: fixed ..."
    remaining = findings(second)
    assert [(item["line"], item["column"]) for item in remaining] == [(6, 1), (6, 27)]
    assert all(item["fix"] is None for item in remaining)
    assert second.exit_code == 1


def test_fix_counts_files(run, write):
    write("a.md", b"It was a disaster.\n")
    write("b.md", b"It was a terrible outage and a disaster.\n")
    write("c.md", b"Nothing to see.\n")
    result = run(*SELECT, "--fix", "a.md", "b.md", "c.md")
    assert result.exit_code == 0
    assert result.stderr == "pmlint: fixed 3 findings in 2 files\n"
    assert (Path("c.md")).read_bytes() == b"Nothing to see.\n"


def test_quiet_fix_prints_no_summary(run, write):
    path = write("doc.md", b"It was a disaster.\n")
    result = run(*SELECT, "--fix", "-q", "doc.md")
    assert result.exit_code == 0
    assert result.output == ""
    assert path.read_bytes() == b"It was a major incident.\n"


def test_suppressed_finding_is_not_fixed(run, write):
    before = b"<!-- pmlint-disable PM402 -->\nIt was a disaster.\n<!-- pmlint-enable PM402 -->\n\nA terrible outage.\n"
    path = write("doc.md", before)
    result = run(*SELECT, "--fix", "doc.md")
    assert result.exit_code == 0, result.output
    assert_only_edits(before, path.read_bytes(), [(b"terrible", b"severe")])


# -- --diff ----------------------------------------------------------------------------------------


def test_diff_prints_a_unified_diff_and_changes_nothing(run, write):
    before = b"# Outage\n\nIt was a disaster.\nThe change obviously broke it.\n"
    path = write("doc.md", before)
    result = run(*SELECT, "--diff", "doc.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/doc.md\n"
        "+++ b/doc.md\n"
        "@@ -1,4 +1,4 @@\n"
        " # Outage\n"
        " \n"
        "-It was a disaster.\n"
        "-The change obviously broke it.\n"
        "+It was a major incident.\n"
        "+The change broke it.\n"
    )
    assert path.read_bytes() == before
    assert temporaries(Path.cwd()) == []


def test_diff_path_is_the_path_given(run, write):
    before = b"It was a disaster.\n"
    path = write("docs/2026/doc.md", before)
    result = run(*SELECT, "--diff", "docs/2026/doc.md")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == ["--- a/docs/2026/doc.md", "+++ b/docs/2026/doc.md"]
    assert path.read_bytes() == before


@pytest.mark.parametrize("kind", sorted(ENDINGS))
def test_diff_leaves_every_kind_of_file_byte_identical(run, write, kind):
    bom, ending = ENDINGS[kind]
    before = document(ending, bom)
    path = write("doc.md", before)
    result = run(*SELECT, "--diff", "doc.md")
    assert result.exit_code == 1
    assert path.read_bytes() == before
    removed = [line[1:].rstrip("\r") for line in result.stdout.split("\n") if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].rstrip("\r") for line in result.stdout.split("\n") if line.startswith("+") and not line.startswith("+++")]
    assert removed == [old for old, new in LINES if new is not None]
    assert added == [new for _, new in LINES if new is not None]


def test_diff_of_a_file_without_final_newline(run, write):
    before = b"# Outage\n\nIt was a disaster."
    path = write("doc.md", before)
    result = run(*SELECT, "--diff", "doc.md")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/doc.md\n"
        "+++ b/doc.md\n"
        "@@ -1,3 +1,3 @@\n"
        " # Outage\n"
        " \n"
        "-It was a disaster.\n"
        "\\ No newline at end of file\n"
        "+It was a major incident.\n"
        "\\ No newline at end of file\n"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85"])
def test_diff_splits_lines_only_at_line_ends(run, write, separator):
    # U+2028, form feed and NEL are not line ends for pmlint (nor for Markdown): the diff must not split
    # there, or it gets wrong hunk ranges and a stray "No newline at end of file" marker.
    before = f"Intro{separator}text here.\nIt was a disaster.\n".encode("utf-8")
    path = write("doc.md", before)
    result = run(*SELECT, "--diff", "doc.md")
    assert result.exit_code == 1
    assert path.read_bytes() == before
    assert result.stdout == (
        "--- a/doc.md\n"
        "+++ b/doc.md\n"
        "@@ -1,2 +1,2 @@\n"
        f" Intro{separator}text here.\n"
        "-It was a disaster.\n"
        "+It was a major incident.\n"
    )


def test_diff_without_changes_exits_0(run, write):
    before = b"# Outage\n\nObviously, the review was lazy.\n"
    path = write("doc.md", before)
    result = run(*SELECT, "--diff", "doc.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert path.read_bytes() == before


def test_diff_of_a_clean_file_exits_0(run, write):
    path = write("doc.md", b"Nothing to see.\n")
    result = run(*SELECT, "--diff", "doc.md")
    assert (result.exit_code, result.output) == (0, "")
    assert path.read_bytes() == b"Nothing to see.\n"


def test_diff_wins_over_fix(run, write):
    before = b"It was a disaster.\n"
    path = write("doc.md", before)
    result = run(*SELECT, "--fix", "--diff", "doc.md")
    assert result.exit_code == 1
    assert "+It was a major incident.\n" in result.stdout
    assert path.read_bytes() == before


# -- --fix with stdin ------------------------------------------------------------------------------


def test_fix_stdin_prints_the_fixed_document_and_findings_on_stderr(run):
    data = b"Obviously, it was a disaster. He was lazy.\r\nSecond line, obviously fine.\r\n"
    result = run(*SELECT, "--fix", "-", input=data)
    fixed = b"Obviously, it was a major incident. He was lazy.\r\nSecond line, fine.\r\n"
    assert result.stdout_bytes == fixed
    assert result.exit_code == 1
    first_line = fixed.decode().splitlines()[0]
    errors = result.stderr.splitlines()
    assert errors[0].startswith("<stdin>:1:1: warning 'Obviously' judges the reader")
    assert errors[2].startswith(f"<stdin>:1:{first_line.index('lazy') + 1}: warning 'lazy' is charged language")
    assert errors[-1] == "pmlint: fixed 2 findings in 1 file"


def test_fix_stdin_with_nothing_to_fix_prints_the_input_unchanged(run):
    data = b"\xef\xbb\xbfThe review was lazy.\r"
    result = run(*SELECT, "--fix", "-", input=data)
    assert result.stdout_bytes == data
    assert result.exit_code == 1
    assert "'lazy' is charged language" in result.stderr


def test_fix_stdin_json_goes_to_stderr(run):
    result = run(*SELECT, "--format", "json", "--fix", "-", "--stdin-filename", "pm.md", input=b"A disaster.\n")
    assert result.stdout_bytes == b"A major incident.\n"
    assert json.loads(result.stderr.split("pmlint: fixed")[0]) == []


def test_fix_stdin_and_a_file(run, write):
    path = write("doc.md", b"It was a terrible outage.\n")
    result = run(*SELECT, "--fix", "doc.md", "-", input=b"It was a disaster.\n")
    assert result.stdout_bytes == b"It was a major incident.\n"
    assert path.read_bytes() == b"It was a severe outage.\n"
    assert result.stderr == "pmlint: fixed 2 findings in 2 files\n"


# -- interrupted writes ----------------------------------------------------------------------------


BEFORE = b"# Outage\r\n\r\nIt was a disaster.\r\n"


def _io_error(*_args, **_kwargs):
    raise OSError(errno.EIO, "Input/output error")


def _interrupt(*_args, **_kwargs):
    raise KeyboardInterrupt


def _on_swap(monkeypatch, function):
    """``function`` instead of the step that puts the fixed file in place: the exchange of the two
    names (Linux) and the rename that stands in for it elsewhere."""
    monkeypatch.setattr(os, "replace", function)
    monkeypatch.setattr(pmlint.commands.safewrite, "exchange", function)


class _HalfWriter:
    """A file that writes half of what it is given, then fails (a full disk, a yanked drive)."""

    def __init__(self, handle):
        self._handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()
        return False

    def write(self, data):
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self):
        self._handle.flush()

    def fileno(self):
        return self._handle.fileno()

    def close(self):
        self._handle.close()


def _half_fdopen(monkeypatch):
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *args, **kwargs: _HalfWriter(real(fd, *args, **kwargs)))


FAILURES = {
    "replace": (lambda mp: _on_swap(mp, _io_error), "Input/output error"),
    "fsync": (lambda mp: mp.setattr(os, "fsync", _io_error), "Input/output error"),
    "chmod": (lambda mp: mp.setattr(os, "chmod", _io_error), "Input/output error"),
    "half-write": (_half_fdopen, "No space left on device"),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_failed_write_keeps_the_file_and_exits_2(run, write, monkeypatch, failure):
    path = write("doc.md", BEFORE)
    install, reason = FAILURES[failure]
    install(monkeypatch)
    result = run(*SELECT, "--fix", "doc.md")
    monkeypatch.undo()
    assert path.read_bytes() == BEFORE
    assert temporaries(path.parent) == []
    assert result.exit_code == 2
    assert f"pmlint: error: doc.md: cannot write the fixed file: {reason}\n" in result.stderr
    assert "Traceback" not in result.output


def test_failed_write_does_not_claim_the_file_was_fixed(run, write, monkeypatch):
    path = write("doc.md", BEFORE)
    _on_swap(monkeypatch, _io_error)
    result = run(*SELECT, "--fix", "doc.md")
    monkeypatch.undo()
    assert path.read_bytes() == BEFORE
    assert result.exit_code == 2
    assert "pmlint: fixed" not in result.stderr, result.stderr


def test_failed_write_of_one_file_does_not_stop_the_others(run, write, monkeypatch):
    bad = write("bad.md", BEFORE)
    good = write("good.md", b"It was a terrible outage.\n")
    real = {"replace": os.replace, "exchange": pmlint.commands.safewrite.exchange}

    def failing(step):
        def swap(source, target):
            if Path(target).name == "bad.md":
                _io_error()
            return real[step](source, target)
        return swap

    monkeypatch.setattr(os, "replace", failing("replace"))
    monkeypatch.setattr(pmlint.commands.safewrite, "exchange", failing("exchange"))
    result = run(*SELECT, "--fix", "bad.md", "good.md")
    monkeypatch.undo()
    assert bad.read_bytes() == BEFORE
    assert good.read_bytes() == b"It was a severe outage.\n"
    assert result.exit_code == 2
    assert "pmlint: error: bad.md: cannot write the fixed file" in result.stderr
    assert temporaries(Path.cwd()) == []


@pytest.mark.parametrize("where", ["replace", "fsync"])
def test_interrupt_during_write_keeps_the_file(tmp_path, monkeypatch, where):
    path = tmp_path / "doc.md"
    path.write_bytes(BEFORE)
    if where == "replace":
        _on_swap(monkeypatch, _interrupt)
    else:
        monkeypatch.setattr(os, where, _interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(path, b"new content\n", BEFORE)
    monkeypatch.undo()
    assert path.read_bytes() == BEFORE
    assert temporaries(tmp_path) == []


def test_interrupt_during_fix_run_keeps_the_file(run, write, monkeypatch):
    path = write("doc.md", BEFORE)
    _on_swap(monkeypatch, _interrupt)
    result = run(*SELECT, "--fix", "doc.md")
    monkeypatch.undo()
    assert result.exit_code != 0
    assert path.read_bytes() == BEFORE
    assert temporaries(path.parent) == []


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_write_atomically_failure_raises_input_error(tmp_path, monkeypatch, failure):
    path = tmp_path / "doc.md"
    path.write_bytes(BEFORE)
    install, reason = FAILURES[failure]
    install(monkeypatch)
    with pytest.raises(InputError) as caught:
        write_atomically(path, b"new content\n" * 1000, BEFORE)
    monkeypatch.undo()
    assert caught.value.message == f"cannot write the fixed file: {reason}"
    assert caught.value.file == path.as_posix()
    assert path.read_bytes() == BEFORE
    assert temporaries(tmp_path) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_write_atomically_closes_the_temporary_file_when_opening_it_fails(tmp_path, monkeypatch):
    path = tmp_path / "doc.md"
    path.write_bytes(BEFORE)
    open_before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fdopen", _io_error)
    with pytest.raises(InputError):
        write_atomically(path, b"new\n", BEFORE)
    monkeypatch.undo()
    assert path.read_bytes() == BEFORE
    assert temporaries(tmp_path) == []
    assert len(os.listdir("/proc/self/fd")) == open_before  # the mkstemp descriptor was closed


def test_write_atomically_writes_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "doc.md"
    path.write_bytes(BEFORE)
    write_atomically(path, b"new\r\n", BEFORE)
    assert path.read_bytes() == b"new\r\n"
    assert temporaries(tmp_path) == []


# -- permissions, symlinks, concurrent changes -----------------------------------------------------


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o755])
def test_fix_keeps_permissions(run, write, mode):
    path = write("doc.md", b"It was a disaster.\n")
    path.chmod(mode)
    assert run(*SELECT, "--fix", "doc.md").exit_code == 0
    assert path.read_bytes() == b"It was a major incident.\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_fix_through_a_symlink_writes_the_target(run, write, project):
    target = write("real/doc.md", b"It was a disaster.\r\n")
    target.chmod(0o640)
    (project / "docs").mkdir()
    link = project / "docs" / "link.md"
    link.symlink_to(Path("..") / "real" / "doc.md")
    result = run(*SELECT, "--fix", "docs/link.md")
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "real", "doc.md")
    assert target.read_bytes() == b"It was a major incident.\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temporaries(project / "docs") == [] and temporaries(project / "real") == []


def test_write_atomically_refuses_a_file_changed_since_it_was_read(tmp_path):
    path = tmp_path / "doc.md"
    path.write_bytes(b"Someone else's edit.\n")
    with pytest.raises(InputError) as caught:
        write_atomically(path, b"It was a major incident.\n", b"It was a disaster.\n")
    assert "changed" in caught.value.message
    assert path.read_bytes() == b"Someone else's edit.\n"
    assert temporaries(tmp_path) == []


def test_fix_does_not_overwrite_a_file_changed_during_the_run(run, write, monkeypatch):
    path = write("doc.md", b"It was a disaster.\n")
    real = pmlint.commands.fixer.write_atomically  # the runner imports it from there when it fixes

    def edited_meanwhile(target, data, expected):
        target.write_bytes(b"It was a disaster, said the editor.\n")
        return real(target, data, expected)

    monkeypatch.setattr(pmlint.commands.fixer, "write_atomically", edited_meanwhile)
    result = run(*SELECT, "--fix", "doc.md")
    assert path.read_bytes() == b"It was a disaster, said the editor.\n"
    assert result.exit_code == 2
    assert "pmlint: error: doc.md: file changed while it was being fixed; not written" in result.stderr


# -- verification by linting again -----------------------------------------------------------------


def test_fix_is_not_applied_when_verification_fails(run, write, monkeypatch):
    before = b"It was a disaster.\r\n"
    path = write("doc.md", before)
    monkeypatch.setattr(pmlint.commands.fixer, "no_new_findings", lambda *args: False)
    result = run(*SELECT, "--fix", "doc.md")
    assert path.read_bytes() == before
    assert result.exit_code == 2
    assert "pmlint: error: doc.md: fixes not applied: linting the fixed text found something new" in result.stderr
    assert "pmlint: fixed" not in result.stderr
    assert temporaries(path.parent) == []


def test_diff_is_not_shown_when_verification_fails(run, write, monkeypatch):
    before = b"It was a disaster.\n"
    path = write("doc.md", before)
    monkeypatch.setattr(pmlint.commands.fixer, "no_new_findings", lambda *args: False)
    result = run(*SELECT, "--diff", "doc.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert path.read_bytes() == before


def test_replacement_that_is_itself_charged_is_not_applied(run, write):
    # A configured replacement that the rule then reports again: the verification lint catches it.
    write(".pmlint.yaml", 'wordlists:\n  charged-replacements:\n    add: ["kludge -> stupid mistake"]\n')
    before = b"The proxy fix was a kludge.\n"
    path = write("doc.md", before)
    result = run(*SELECT, "--fix", "doc.md")
    assert path.read_bytes() == before
    assert result.exit_code == 2
    assert "fixes not applied" in result.stderr


def test_no_new_findings_compares_per_rule():
    from pmlint.model import Finding, Severity

    def finding(code: str, column: int) -> Finding:
        return Finding("doc.md", Span(1, column, 1, column + 1), "rule", code, Severity.WARNING, "m")

    before = [finding("PM402", 1), finding("PM402", 5), finding("PM001", 1)]
    fixed = {"PM402"}
    assert pmlint.commands.fixer.no_new_findings(before, [finding("PM402", 1), finding("PM001", 1)], fixed)
    assert not pmlint.commands.fixer.no_new_findings(before, before, fixed)  # nothing went away
    # A finding of another rule that the fix exposed is no reason to refuse it (issue 15).
    assert pmlint.commands.fixer.no_new_findings(before, [finding("PM402", 1), finding("PM003", 1)], fixed)
    # The fixed rule itself must report fewer findings: a replacement it reports again is refused.
    assert not pmlint.commands.fixer.no_new_findings(before, [finding("PM402", 1), finding("PM402", 7)], fixed)


# -- apply_fixes -----------------------------------------------------------------------------------


def fix(line: int, column: int, end_column: int, replacement: str, original: str) -> Fix:
    return Fix(Span(line, column, line, end_column), replacement, original)


def test_apply_fixes_uses_original_columns_for_every_fix_on_a_line():
    data = b"a disaster and a fiasco\n"
    fixes = [fix(1, 3, 11, "major incident", "disaster"), fix(1, 18, 24, "incident", "fiasco")]
    assert apply_fixes(data, fixes) == (b"a major incident and a incident\n", 2)
    assert apply_fixes(data, list(reversed(fixes))) == (b"a major incident and a incident\n", 2)


def test_apply_fixes_skips_overlapping_fixes():
    data = b"The change obviously carelessly broke it.\n"
    first = fix(1, 12, 22, "", "obviously ")       # "obviously "
    second = fix(1, 21, 32, "", " carelessly")     # " carelessly": shares the space
    result, applied = apply_fixes(data, [first, second])
    assert applied == 1
    assert result in (b"The change carelessly broke it.\n", b"The change obviously broke it.\n")


def test_apply_fixes_applies_adjacent_fixes():
    data = b"obviously carelessly done\n"
    result, applied = apply_fixes(data, [fix(1, 1, 11, "", "obviously "), fix(1, 11, 22, "", "carelessly ")])
    assert (result, applied) == (b"done\n", 2)


def test_apply_fixes_skips_a_fix_whose_text_changed():
    data = b"It was a fiasco.\nIt was a disaster.\n"
    stale = fix(1, 10, 18, "major incident", "disaster")  # line 1 no longer says "disaster" there
    good = fix(2, 10, 18, "major incident", "disaster")
    assert apply_fixes(data, [stale, good]) == (b"It was a fiasco.\nIt was a major incident.\n", 1)
    assert apply_fixes(data, [stale]) == (data, 0)


def test_apply_fixes_skips_multi_line_and_out_of_range_fixes():
    data = b"It was a stupid\nmistake.\n"
    multi = Fix(Span(1, 10, 2, 8), "process gap", "stupid\nmistake")
    beyond = fix(9, 1, 2, "x", "I")
    assert apply_fixes(data, [multi, beyond]) == (data, 0)


@pytest.mark.parametrize(("ending", "bom"), [(b"\n", b""), (b"\r\n", b""), (b"\r", b""), (b"\r\n", b"\xef\xbb\xbf")])
def test_apply_fixes_keeps_bom_and_line_endings(ending, bom):
    data = bom + b"Disaster struck." + ending + ending + b"It was a disaster." + ending + b"end"
    fixes = [fix(1, 1, 9, "Major incident", "Disaster"), fix(3, 10, 18, "major incident", "disaster")]
    expected = bom + b"Major incident struck." + ending + ending + b"It was a major incident." + ending + b"end"
    assert apply_fixes(data, fixes) == (expected, 2)


@pytest.mark.parametrize(("before", "after", "applied"), [
    # Emptying the line between a CR and an LF would join them into one CRLF: one line fewer.
    (b"Alerts fire\r, obviously,\nend\n", b"Alerts fire\r, obviously,\nend\n", 0),
    # Any other pair of line ends stays two line ends.
    (b"Alerts fire\n, obviously,\rend\n", b"Alerts fire\n\rend\n", 1),
    (b"Alerts fire\r, obviously,\r\nend\n", b"Alerts fire\r\r\nend\n", 1),
    (b"Alerts fire\r, obviously,", b"Alerts fire\r", 1),
])
def test_apply_fixes_never_joins_a_cr_and_an_lf(before, after, applied):
    result = apply_fixes(before, [fix(2, 1, 13, "", ", obviously,")])
    assert result == (after, applied)
    assert len(re.findall(rb"\r\n|\r|\n", result[0])) == len(re.findall(rb"\r\n|\r|\n", before))


def test_apply_fixes_counts_characters_not_bytes():
    data = "é🔥 disaster\n".encode("utf-8")
    assert apply_fixes(data, [fix(1, 4, 12, "major incident", "disaster")]) == ("é🔥 major incident\n".encode(), 1)


def test_apply_fixes_without_fixes_is_identity():
    data = b"\xef\xbb\xbfa\r\nb\rc\n"
    assert apply_fixes(data, []) == (data, 0)


def test_unified_diff_is_empty_without_changes():
    assert pmlint.output.diff.unified_diff("doc.md", b"a\n", b"a\n") == ""


# -- apply_fixes: a fix of several edits is applied whole or not at all --------------------------


def edit(line: int, column: int, end_column: int, replacement: str, original: str) -> Edit:
    return Edit(Span(line, column, line, end_column), replacement, original)


def multi(first: Edit, *further: Edit, applicability: str = UNSAFE) -> Fix:
    return Fix(first.span, first.replacement, first.original, applicability=applicability, further=further)


TIMELINE = "Timeline (PST)\n09:41 paged\n09:50 rolled back\n"
TO_UTC = multi(edit(2, 1, 6, "17:41", "09:41"), edit(1, 11, 14, "UTC", "PST"), edit(3, 1, 6, "17:50", "09:50"))
CONVERTED = "Timeline (UTC)\n17:41 paged\n17:50 rolled back\n"


def test_apply_fixes_applies_every_edit_of_a_fix_and_counts_the_fix_once():
    assert apply_fixes(TIMELINE.encode(), [TO_UTC]) == (CONVERTED.encode(), 1)


def test_apply_fixes_places_every_edit_by_the_original_columns():
    # Two edits on one line that change its length: the second is still placed by the original columns.
    data = b"09:41 to 09:50 PST\n"
    conversion = multi(edit(1, 1, 6, "17:41", "09:41"), edit(1, 10, 15, "17:50:00", "09:50"), edit(1, 16, 19, "UTC", "PST"))
    assert apply_fixes(data, [conversion]) == (b"17:41 to 17:50:00 UTC\n", 1)


@pytest.mark.parametrize("stale", [0, 1, 2])
def test_apply_fixes_skips_the_whole_fix_when_any_edit_is_stale(stale):
    # Someone already changed one of the three places: none of the others may change either.
    lines = TIMELINE.split("\n")
    where = [(1, "09:41", "09:42"), (0, "PST", "CET"), (2, "09:50", "09:51")][stale]
    lines[where[0]] = lines[where[0]].replace(where[1], where[2])
    data = "\n".join(lines).encode()
    assert apply_fixes(data, [TO_UTC]) == (data, 0)


def test_apply_fixes_skips_the_whole_fix_when_an_edit_overlaps_a_fix_taken_before_it():
    # The single fix's edit comes first in the text, so it is taken; the conversion's edit on line 1
    # overlaps it, and then not even its edits on lines 2 and 3 are made.
    data = TIMELINE.encode()
    reword = fix(1, 10, 15, "(Pacific)", "(PST)")
    assert apply_fixes(data, [TO_UTC, reword]) == (b"Timeline (Pacific)\n09:41 paged\n09:50 rolled back\n", 1)


def test_apply_fixes_takes_fixes_in_the_order_of_their_first_edit():
    # The conversion starts on line 1 (its declaration edit), before the fix on line 3: it wins.
    data = TIMELINE.encode()
    reword = fix(3, 4, 18, "50 reverted", "50 rolled back")
    assert apply_fixes(data, [reword, TO_UTC]) == (CONVERTED.encode(), 1)
    later = multi(edit(2, 1, 6, "17:41", "09:41"), edit(3, 1, 6, "17:50", "09:50"))
    assert apply_fixes(data, [later, reword]) == (b"Timeline (PST)\n17:41 paged\n17:50 rolled back\n", 1)


def test_apply_fixes_skips_a_fix_whose_own_edits_overlap():
    data = b"09:41 PST\n"
    assert apply_fixes(data, [multi(edit(1, 1, 6, "17:41", "09:41"), edit(1, 4, 10, "41 UTC", "41 PST"))]) == (data, 0)


def test_apply_fixes_skips_two_insertions_at_one_place_and_keeps_touching_edits():
    data = b"09:41 paged\n"
    same_place = multi(edit(1, 6, 6, " UTC", ""), edit(1, 6, 6, "Z", ""))
    assert apply_fixes(data, [same_place]) == (data, 0)
    touching = multi(edit(1, 1, 6, "17:41", "09:41"), edit(1, 6, 6, " UTC", ""))
    assert apply_fixes(data, [touching]) == (b"17:41 UTC paged\n", 1)


@pytest.mark.parametrize("bad", [
    Edit(Span(2, 1, 3, 6), "x", "09:41 paged\n09:50"),  # spans two lines
    edit(9, 1, 2, "x", "0"),  # beyond the last line
    edit(2, 10, 20, "x", "ed"),  # beyond the end of its line
    edit(2, 0, 2, "x", "0"),  # column 0 does not exist
])
def test_apply_fixes_skips_the_whole_fix_when_an_edit_cannot_be_placed(bad):
    data = TIMELINE.encode()
    assert apply_fixes(data, [multi(edit(1, 11, 14, "UTC", "PST"), bad)]) == (data, 0)


@pytest.mark.parametrize(("ending", "bom"), [(b"\n", b""), (b"\r\n", b""), (b"\r", b""), (b"\r\n", b"\xef\xbb\xbf")])
def test_apply_fixes_with_several_edits_keeps_bom_and_line_endings(ending, bom):
    data = bom + ending.join(line.encode() for line in TIMELINE.split("\n"))
    expected = bom + ending.join(line.encode() for line in CONVERTED.split("\n"))
    assert apply_fixes(data, [TO_UTC]) == (expected, 1)


def test_apply_fixes_with_several_edits_keeps_mixed_line_endings_one_by_one():
    data = b"Timeline (PST)\r\n09:41 paged\r09:50 rolled back\n"
    assert apply_fixes(data, [TO_UTC]) == (b"Timeline (UTC)\r\n17:41 paged\r17:50 rolled back\n", 1)


def test_apply_fixes_skips_the_whole_fix_when_one_edit_would_join_a_cr_and_an_lf():
    # Emptying line 2 would turn its CR and LF into one CRLF: the fix's other edit is not made either.
    data = b"Times in PST\r09:41\nend\n"
    emptying = multi(edit(1, 10, 13, "UTC", "PST"), edit(2, 1, 6, "", "09:41"))
    assert apply_fixes(data, [emptying]) == (data, 0)
    # Emptying it together with a fix taken before is caught too: the conversion (first edit on line 1)
    # is taken, and then the fix that would remove the rest of line 2 is not.
    rest = fix(2, 1, 3, "", "09")
    conversion = multi(edit(1, 10, 13, "UTC", "PST"), edit(2, 3, 6, "", ":41"))
    assert apply_fixes(data, [rest, conversion]) == (b"Times in UTC\r09\nend\n", 1)


def test_apply_fixes_counts_characters_not_bytes_in_every_edit():
    data = "Zeitplan (MEZ) ⏰\n09:41 Störung 🔥 09:50\n".encode()
    conversion = multi(edit(2, 1, 6, "08:41", "09:41"), edit(1, 11, 14, "UTC", "MEZ"), edit(2, 17, 22, "08:50", "09:50"))
    assert apply_fixes(data, [conversion]) == ("Zeitplan (UTC) ⏰\n08:41 Störung 🔥 08:50\n".encode(), 1)


# -- applicability on the command line: --fix applies safe fixes, --unsafe-fixes the others too -----


ONLY_PM402 = ("--select", "PM402")
# "disaster" -> "major incident" is made unsafe and "obviously " removed is made safe by the fixture
# below, whatever PM402 itself says, so that these tests test the machinery and not the rule.
TWO_FIXES = b"# Outage\n\nIt was a disaster.\nThe change obviously broke it.\n"
SAFE_APPLIED = b"# Outage\n\nIt was a disaster.\nThe change broke it.\n"
BOTH_APPLIED = b"# Outage\n\nIt was a major incident.\nThe change broke it.\n"


@pytest.fixture
def restamp(monkeypatch):
    """Give every fix the applicability the test chooses by its original text ("unsafe" for the words
    in ``unsafe``, else "safe"), and optionally replace a finding's fix (by its flagged original text)."""
    import dataclasses

    import pmlint.commands.engine

    def install(unsafe: tuple[str, ...] = ("disaster",), replace: dict | None = None) -> None:
        real = pmlint.commands.engine.Engine.run

        def run(self, prepared):
            findings = []
            for finding in real(self, prepared):
                fix = finding.fix
                if fix is not None and replace and fix.original.strip() in replace:
                    fix = replace[fix.original.strip()]
                elif fix is not None:
                    chosen = UNSAFE if fix.original.strip() in unsafe else SAFE
                    fix = dataclasses.replace(fix, applicability=chosen)
                findings.append(dataclasses.replace(finding, fix=fix))
            return findings

        monkeypatch.setattr(pmlint.commands.engine.Engine, "run", run)

    return install


def test_fix_applies_only_the_safe_fixes(run, write, restamp):
    restamp()
    path = write("doc.md", TWO_FIXES)
    result = run(*ONLY_PM402, "--fix", "doc.md")
    assert path.read_bytes() == SAFE_APPLIED
    assert result.exit_code == 1  # the unsafe one remains
    assert result.stdout.splitlines() == [
        "doc.md:3:10: warning 'disaster' is charged language; write 'major incident' [PM402 charged-language]",
        "    suggestion: major incident",
        "Found 1 problem (1 warning) in 1 of 1 file.",
        "No fixes available with --fix; 1 hidden fix can be enabled with --unsafe-fixes.",
    ]
    assert result.stderr == "pmlint: fixed 1 finding in 1 file\n"


def test_fix_with_unsafe_fixes_applies_both(run, write, restamp):
    restamp()
    path = write("doc.md", TWO_FIXES)
    result = run(*ONLY_PM402, "--fix", "--unsafe-fixes", "doc.md")
    assert path.read_bytes() == BOTH_APPLIED
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "pmlint: fixed 2 findings in 1 file\n")


def test_only_unsafe_fixes_and_no_flag_leaves_the_file_alone(run, write, restamp):
    restamp(unsafe=("disaster", "obviously"))
    path = write("doc.md", TWO_FIXES)
    result = run(*ONLY_PM402, "--fix", "doc.md")
    assert path.read_bytes() == TWO_FIXES
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "No fixes available with --fix; 2 hidden fixes can be enabled with --unsafe-fixes."


def test_diff_shows_only_the_safe_fixes_unless_unsafe_fixes(run, write, restamp):
    restamp()
    path = write("doc.md", TWO_FIXES)
    safe = run(*ONLY_PM402, "--diff", "doc.md")
    assert "-The change obviously broke it.\n+The change broke it.\n" in safe.stdout
    assert "disaster" not in safe.stdout.replace(" It was a disaster.\n", "")  # only as context
    both = run(*ONLY_PM402, "--diff", "--unsafe-fixes", "doc.md")
    assert "-It was a disaster.\n" in both.stdout and "+It was a major incident.\n" in both.stdout
    assert "+The change broke it.\n" in both.stdout
    assert (safe.exit_code, both.exit_code) == (1, 1)
    assert path.read_bytes() == TWO_FIXES


def test_diff_with_only_unsafe_fixes_is_empty_and_exits_0(run, write, restamp):
    restamp(unsafe=("disaster", "obviously"))
    write("doc.md", TWO_FIXES)
    assert (lambda r: (r.exit_code, r.stdout))(run(*ONLY_PM402, "--diff", "doc.md")) == (0, "")


def test_unsafe_fixes_without_fix_changes_nothing_and_offers_them(run, write, restamp):
    restamp()
    path = write("doc.md", TWO_FIXES)
    plain = run(*ONLY_PM402, "doc.md")
    offered = run(*ONLY_PM402, "--unsafe-fixes", "doc.md")
    assert path.read_bytes() == TWO_FIXES
    assert plain.stdout.splitlines()[0].endswith("[PM402 charged-language]")  # unsafe: not marked
    assert plain.stdout.splitlines()[2].endswith("[PM402 charged-language] [*]")  # safe: marked
    assert plain.stdout.splitlines()[-1] == "[*] 1 fixable with --fix; 1 hidden fix can be enabled with --unsafe-fixes."
    assert offered.stdout.splitlines()[0].endswith("[PM402 charged-language] [*]")
    assert offered.stdout.splitlines()[-1] == "[*] 2 fixable with --fix."
    assert plain.exit_code == offered.exit_code == 1


def test_config_unsafe_fixes_true_applies_them_and_the_command_line_wins(run, write, restamp):
    restamp()
    write(".pmlint.yaml", "unsafe-fixes: true\n")
    path = write("doc.md", TWO_FIXES)
    assert run(*ONLY_PM402, "--fix", "--no-unsafe-fixes", "doc.md").exit_code == 1
    assert path.read_bytes() == SAFE_APPLIED
    assert run(*ONLY_PM402, "--fix", "doc.md").exit_code == 0
    assert path.read_bytes() == BOTH_APPLIED


def test_config_unsafe_fixes_false_and_the_command_line_flag(run, write, restamp):
    restamp()
    write(".pmlint.yaml", "unsafe-fixes: false\n")
    path = write("doc.md", TWO_FIXES)
    assert run(*ONLY_PM402, "--fix", "--unsafe-fixes", "doc.md").exit_code == 0
    assert path.read_bytes() == BOTH_APPLIED


def test_config_unsafe_fixes_applies_per_directory(run, write, restamp):
    restamp()
    write("loose/.pmlint.yaml", "unsafe-fixes: true\n")
    strict = write("strict/doc.md", TWO_FIXES)
    loose = write("loose/doc.md", TWO_FIXES)
    result = run(*ONLY_PM402, "--fix", "strict", "loose")
    assert strict.read_bytes() == SAFE_APPLIED
    assert loose.read_bytes() == BOTH_APPLIED
    assert result.stderr == "pmlint: fixed 3 findings in 2 files\n"
    assert result.stdout.splitlines()[-1] == "No fixes available with --fix; 1 hidden fix can be enabled with --unsafe-fixes."


@pytest.mark.parametrize("value", ["yes please", "1", "[PM402]"])
def test_config_unsafe_fixes_must_be_a_boolean(run, write, value):
    write(".pmlint.yaml", f"unsafe-fixes: {value}\n")
    write("doc.md", TWO_FIXES)
    result = run(*ONLY_PM402, "doc.md")
    assert result.exit_code == 2
    assert ".pmlint.yaml:1: 'unsafe-fixes': must be true or false" in result.stderr


def test_fix_stdin_applies_only_the_safe_fixes(run, restamp):
    restamp()
    result = run(*ONLY_PM402, "--fix", "-", input=TWO_FIXES)
    assert result.stdout_bytes == SAFE_APPLIED
    assert "1 hidden fix can be enabled with --unsafe-fixes" in result.stderr
    both = run(*ONLY_PM402, "--fix", "--unsafe-fixes", "-", input=TWO_FIXES)
    assert both.stdout_bytes == BOTH_APPLIED


def test_json_carries_the_applicability_of_each_fix(run, write, restamp):
    restamp()
    write("doc.md", TWO_FIXES)
    result = run(*ONLY_PM402, "--format", "json", "doc.md")
    assert [(item["fix"]["replacement"], item["fix"]["applicability"]) for item in findings(result)] == [
        ("major incident", "unsafe"), ("", "safe")]
    assert all("edits" not in item["fix"] for item in findings(result))  # one edit each


def test_json_fix_of_real_findings_has_an_applicability(run, write):
    write("doc.md", TWO_FIXES)
    fixes = [item["fix"] for item in findings(run(*ONLY_PM402, "--format", "json", "doc.md"))]
    assert fixes and all(fix["applicability"] in ("safe", "unsafe") for fix in fixes)


def test_fix_in_worker_processes_follows_the_flag_and_the_config(run, write, restamp):
    # More than one batch of files with --jobs 2: the workers (forked after the fixture, so they see
    # it) are told about --unsafe-fixes, and read 'unsafe-fixes' from each file's config themselves.
    restamp()
    count = pmlint.commands.runner.BATCH_SIZE + 2
    for index in range(count):
        for directory in ("plain", "flag", "config"):
            write(f"{directory}/{index:03}.md", TWO_FIXES)
    write("config/.pmlint.yaml", "unsafe-fixes: true\n")
    plain = run(*ONLY_PM402, "--jobs", "2", "--fix", "plain")
    flag = run(*ONLY_PM402, "--jobs", "2", "--fix", "--unsafe-fixes", "flag")
    config = run(*ONLY_PM402, "--jobs", "2", "--fix", "config")
    assert {path.read_bytes() for path in Path("plain").glob("*.md")} == {SAFE_APPLIED}
    assert {path.read_bytes() for path in Path("flag").glob("*.md")} == {BOTH_APPLIED}
    assert {path.read_bytes() for path in Path("config").glob("*.md")} == {BOTH_APPLIED}
    assert plain.stdout.splitlines()[-1] == (f"No fixes available with --fix; {count} hidden fixes can be enabled "
                                             "with --unsafe-fixes.")
    assert (plain.exit_code, flag.exit_code, config.exit_code) == (1, 0, 0)
    assert flag.stderr == config.stderr == f"pmlint: fixed {2 * count} findings in {count} files\n"


# -- a fix of several edits through --fix: applied whole, verified by linting again -------------------


def test_fix_with_several_edits_is_applied_whole_with_unsafe_fixes(run, write, restamp):
    # The "disaster" finding's fix also rewrites "terrible" on another line (one fix, two edits); the
    # "terrible" finding's own fix (safe) overlaps it, and comes later in the text, so it is skipped.
    before = b"# Outage\r\n\r\nIt was a disaster.\r\nA terrible outage.\r\n"
    both = multi(edit(3, 10, 18, "major incident", "disaster"), edit(4, 3, 11, "severe", "terrible"))
    restamp(replace={"disaster": both})
    path = write("doc.md", before)
    result = run(*ONLY_PM402, "--fix", "--unsafe-fixes", "doc.md")
    assert path.read_bytes() == b"# Outage\r\n\r\nIt was a major incident.\r\nA severe outage.\r\n"
    assert result.exit_code == 0, result.output
    assert result.stderr == "pmlint: fixed 1 finding in 1 file\n"  # two findings gone, one fix applied


def test_fix_with_several_edits_is_not_applied_without_unsafe_fixes(run, write, restamp):
    before = b"\xef\xbb\xbfIt was a disaster.\r\nIt was a terrible outage.\r\n"
    both = multi(edit(1, 10, 18, "major incident", "disaster"), edit(2, 10, 18, "severe", "terrible"))
    restamp(replace={"disaster": both}, unsafe=("terrible",))
    path = write("doc.md", before)
    result = run(*ONLY_PM402, "--fix", "doc.md")
    assert path.read_bytes() == before
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1] == "No fixes available with --fix; 2 hidden fixes can be enabled with --unsafe-fixes."


def test_fix_with_several_edits_that_adds_a_finding_is_refused(run, write, restamp):
    # One edit of the fix writes a charged word elsewhere: linting the result again catches it, and
    # nothing of the fix (nor any other fix) is written.
    before = b"It was a disaster.\nThe deploy went out.\n"
    bad = multi(edit(1, 10, 18, "major incident", "disaster"), edit(2, 5, 11, "sloppy", "deploy"), applicability=SAFE)
    restamp(replace={"disaster": bad})
    path = write("doc.md", before)
    result = run(*ONLY_PM402, "--fix", "doc.md")
    assert path.read_bytes() == before
    assert result.exit_code == 2
    assert "fixes not applied: linting the fixed text found something new" in result.stderr


def test_multi_edit_fix_in_json_lists_every_edit(run, write, restamp):
    both = multi(edit(3, 10, 18, "major incident", "disaster"), edit(4, 12, 22, "", "obviously "))
    restamp(replace={"disaster": both})
    write("doc.md", TWO_FIXES)
    [first, second] = findings(run(*ONLY_PM402, "--format", "json", "doc.md"))
    assert first["fix"]["applicability"] == "unsafe"
    assert [(e["line"], e["column"], e["end_column"], e["replacement"]) for e in first["fix"]["edits"]] == [
        (3, 10, 18, "major incident"), (4, 12, 22, "")]
    assert (first["fix"]["line"], first["fix"]["column"], first["fix"]["replacement"]) == (3, 10, "major incident")
    assert second["fix"]["applicability"] == "safe" and "edits" not in second["fix"]


@pytest.mark.parametrize(("flags", "expected"), [
    (("--unsafe-fixes", "--no-unsafe-fixes"), SAFE_APPLIED),
    (("--no-unsafe-fixes", "--unsafe-fixes"), BOTH_APPLIED),
])
def test_the_last_of_unsafe_fixes_and_no_unsafe_fixes_wins(run, write, restamp, flags, expected):
    # As in ruff, the two flags override each other: whichever comes last counts.
    restamp()
    path = write("doc.md", TWO_FIXES)
    run(*ONLY_PM402, "--fix", *flags, "doc.md")
    assert path.read_bytes() == expected


def test_help_documents_unsafe_fixes(run):
    text = " ".join(run("--help").stdout.split())
    assert "--unsafe-fixes / --no-unsafe-fixes" in text
    assert "unsafe fixes" in text and "config 'unsafe-fixes'" in text


# -- end to end with the rules' own fixes ------------------------------------------------------------


LOCAL_TIMELINE = ("# Outage\r\n\r\n## Timeline (all times PST)\r\n\r\n"
                  "- 2026-03-15 09:41 Alert fired.\r\n- 2026-03-15 23:50 Rolled back.\r\n")
UTC_TIMELINE = ("# Outage\r\n\r\n## Timeline (all times UTC)\r\n\r\n"
                "- 2026-03-15 16:41 Alert fired.\r\n- 2026-03-16 06:50 Rolled back.\r\n")  # PDT on 15 March


def test_timeline_conversion_is_unsafe_and_applied_whole_with_unsafe_fixes(run, write):
    path = write("doc.md", b"\xef\xbb\xbf" + LOCAL_TIMELINE.encode())
    [finding] = findings(run("--select", "PM101", "--format", "json", "doc.md"))
    # The declaration, two times and the date the second time moves to: four edits of one fix.
    assert finding["fix"]["applicability"] == "unsafe" and len(finding["fix"]["edits"]) == 4
    plain = run("--select", "PM101", "--fix", "doc.md")
    assert path.read_bytes() == b"\xef\xbb\xbf" + LOCAL_TIMELINE.encode()
    assert plain.stdout.splitlines()[-1] == "No fixes available with --fix; 1 hidden fix can be enabled with --unsafe-fixes."
    unsafe = run("--select", "PM101", "--fix", "--unsafe-fixes", "doc.md")
    assert path.read_bytes() == b"\xef\xbb\xbf" + UTC_TIMELINE.encode()
    assert (unsafe.exit_code, unsafe.stdout, unsafe.stderr) == (0, "", "pmlint: fixed 1 finding in 1 file\n")


def test_charged_word_replacement_is_unsafe(run, write):
    path = write("doc.md", b"It was a disaster.\n")
    [finding] = findings(run(*ONLY_PM402, "--format", "json", "doc.md"))
    assert finding["fix"]["applicability"] == "unsafe"
    assert run(*ONLY_PM402, "--fix", "doc.md").exit_code == 1
    assert path.read_bytes() == b"It was a disaster.\n"
    assert run(*ONLY_PM402, "--fix", "--unsafe-fixes", "doc.md").exit_code == 0
    assert path.read_bytes() == b"It was a major incident.\n"


def test_thousands_of_fixes_on_one_line_are_applied_in_one_pass() -> None:
    """Each fix is checked against its neighbours only and the line is rebuilt once, so a long line
    with a fix every few characters (a fuzz example) does not take quadratic work; same result as
    applying them one by one."""
    line = "ab " * 5_000
    fixes = [Fix(Span(1, 3 * index + 1, 1, 3 * index + 3), "xyz", "ab") for index in range(5_000)]
    overlapping = Fix(Span(1, 2, 1, 5), "!", "b a")  # clashes with its two neighbours: skipped
    fixed, applied = apply_fixes(line.encode(), [*fixes, overlapping])
    assert applied == 5_000
    assert fixed.decode() == "xyz " * 5_000
