"""Fixing a file: fix rounds verified by linting again, and an atomic write of the result.

An interruption at any point leaves the old file or the new one, never a truncated one."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pmlint.commands.engine import Engine, Prepared
from pmlint.config.settings import Config
from pmlint.edits import apply_fixes_taken
from pmlint.errors import InputError
from pmlint.model import Finding
from pmlint.reading.source import decode

FIX_ROUNDS = 3


def applicable(finding: Finding, unsafe: bool) -> bool:
    """Whether the finding has a fix that this run applies: a safe one, or any when ``unsafe``."""
    return finding.fix is not None and (unsafe or finding.fix.safe)


@dataclass(frozen=True)
class Fixed:
    """The outcome of :func:`fix_rounds`: the fixed bytes, the findings on them, how many fixes applied."""

    data: bytes
    findings: list[Finding]
    applied: int


def fix_rounds(engine: Engine, display: str, data: bytes, prepared: Prepared, config: Config,
               config_path: Path | None, findings: list[Finding], unsafe: bool) -> Fixed:
    """Apply the findings' fixes (the safe ones; the unsafe ones too when ``unsafe``) and verify them by
    linting again, for up to :data:`FIX_ROUNDS` rounds.

    The findings that remain may include ones a fix exposed (removing "obviously" from "which was
    obviously human error" leaves blame for another rule to report): the fix is still right, and the
    run reports what is left, as ruff does. A fix round that changes the document's structure (its
    lines or headings), or after which a rule it fixed reports as much as before, is a bug in a fix:
    it raises :class:`InputError`, and the caller leaves the file alone.
    """
    current, applied_total = findings, 0
    checked = prepared
    for _ in range(FIX_ROUNDS):
        fixable = [finding for finding in current if finding.fix is not None and applicable(finding, unsafe)]
        if not fixable:
            break
        fixed_data, taken = apply_fixes_taken(data, [finding.fix for finding in fixable if finding.fix])
        if not taken:
            break
        taken_ids = {id(fix) for fix in taken}
        fixed_codes = {finding.code for finding in fixable if id(finding.fix) in taken_ids}
        again = engine.prepare(decode(display, fixed_data), config, config_path)
        engine.prepare_language([again])
        after = engine.run(again)
        if not same_outline(checked, again):
            raise InputError("fixes not applied: they would change the document's structure (its lines or "
                             "headings); please report this with the file", file=display)
        if not no_new_findings(current, after, fixed_codes):
            raise InputError("fixes not applied: linting the fixed text found something new "
                             "(please report this with the file)", file=display)
        data, current, applied_total = fixed_data, after, applied_total + len(taken)
        checked = again
    return Fixed(data, current, applied_total)


def no_new_findings(before: list[Finding], after: list[Finding], fixed: set[str]) -> bool:
    """Whether every rule whose fixes were applied reports fewer findings than before. Other rules
    may report more: a fix may expose what the fixed words hid, which is no reason to refuse it."""
    counts: dict[str, int] = {}
    for finding in before:
        counts[finding.code] = counts.get(finding.code, 0) + 1
    for finding in after:
        counts[finding.code] = counts.get(finding.code, 0) - 1
    return bool(fixed) and all(counts.get(code, 0) > 0 for code in fixed)


def same_outline(before: Prepared, after: Prepared) -> bool:
    """Whether a fix left the document's shape alone: as many lines, the same headings at the same
    levels on the same lines (a fix edits words within a line, never the structure)."""
    return (len(before.source.line_starts) == len(after.source.line_starts)
            and [(section.level, section.first_line) for section in before.document.sections]
            == [(section.level, section.first_line) for section in after.document.sections])


def write_atomically(path: Path, data: bytes, expected: bytes) -> None:
    """Replace the file's content with ``data`` in one step, keeping its permissions, owner and
    extended attributes, through a symbolic link to the file it names.

    ``expected`` is what the file held when it was linted: if someone changed it since, or changes
    it while it is being written, nothing is written and their version stays (see
    :func:`pmlint.commands.safewrite.replace_file`). A crash at any point leaves the old or the new file.
    """
    from pmlint.commands.safewrite import (
        replace_file,  # only a run that writes a fix needs it: not imported at start-up
    )

    replace_file(path, data, expected)
