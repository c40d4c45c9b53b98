"""Linting an editor's text as ``pmlint check`` lints the file: its config, its include/exclude, its rules.

One :class:`Linter` lives as long as the server: its Engine loads the rules, wordlists and spaCy
once; its configurations are found per directory as ``check`` finds them and forgotten by
:meth:`Linter.reload` when a config file or the client's settings change. Nothing here raises for a
bad document or configuration: the problem comes back as :attr:`Outcome.error`, for a diagnostic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pmlint.commands.engine import Engine, Prepared
from pmlint.commands.files import discover, named_file_selected, read_file, too_large
from pmlint.commands.fixer import fix_rounds
from pmlint.commands.rule_docs import docs_url, explain_text
from pmlint.config.discovery import ConfigCache
from pmlint.errors import PmlintError
from pmlint.model import Finding
from pmlint.reading.document import Document
from pmlint.reading.source import Source, decode
from pmlint.ruledefs import RuleMeta, resolve_rule

DISABLE_NEXT_LINE = "<!-- pmlint-disable-next-line {code} -->"
# A suppression comment's directive and the rules it names (the names' offsets are those of group 1).
_SUPPRESSION = re.compile(r"<!--\s*pmlint-(?:disable-next-line|disable-file|disable|enable)(?![\w-])"
                          r"((?:(?!-->).)*)", re.IGNORECASE)
_NAME = re.compile(r"[^\s,]+")
# A list item's marker and the spaces after it: the item's content starts where the match ends.
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+")


@dataclass
class Outcome:
    """One lint of one text: its findings, or the error that stopped it (a config, the text, a bug)."""

    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    prepared: Prepared | None = None


class Linter:
    """Lints editors' texts with one Engine; configurations found per directory, reloadable."""

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or Engine.create()
        self.cache = ConfigCache(self.engine.rules)

    def reload(self) -> None:
        """Forget every configuration read (a config file or the settings changed); rules stay loaded."""
        self.cache = ConfigCache(self.engine.rules)

    def selected(self, path: Path) -> bool:
        """Whether the configuration's include and exclude select ``path`` (as a directory walk of
        ``check`` would); a broken configuration selects it, so that its error is shown."""
        errors: list[PmlintError] = []
        chosen = named_file_selected(path, self.cache, errors)
        return chosen or bool(errors)

    def lint(self, path: Path | None, text: str, directory: Path | None = None) -> Outcome:
        """Every finding for ``text``, the editor's content of ``path`` (None: an unsaved buffer,
        configured from ``directory``), suppressions applied; or why there are none."""
        display = path.as_posix() if path is not None else "untitled"
        try:
            config = self.cache.for_directory(path.parent if path is not None else directory or Path.cwd())
            data = text.encode("utf-8", "surrogatepass")
            if len(data) > config.max_file_size:
                return Outcome(error=too_large(len(data), config.max_file_size))
            prepared = self.engine.prepare(decode(display, data), config, path)
            self.engine.prepare_language([prepared])
            try:
                findings = self.engine.run(prepared)
            finally:
                self.engine.release_language()
        except PmlintError as error:
            return Outcome(error=str(error))
        except Exception as error:  # noqa: BLE001  a bug must not end the server: shown in the document
            return Outcome(error=f"internal error: {type(error).__name__}: {error} (please report this with the file)")
        return Outcome(findings, prepared=prepared)

    def fix_all(self, path: Path | None, text: str, directory: Path | None = None) -> str | None:
        """``text`` with every safe fix applied and verified as ``check --fix`` does; None when there
        is nothing to fix or the fixes cannot be applied."""
        outcome = self.lint(path, text, directory)
        if outcome.prepared is None or not any(finding.fix and finding.fix.safe for finding in outcome.findings):
            return None
        prepared = outcome.prepared
        data = text.encode("utf-8", "surrogatepass")
        try:
            fixed = fix_rounds(self.engine, prepared.source.path, data, prepared, prepared.config, path,
                               outcome.findings, unsafe=False)
        except Exception:  # noqa: BLE001  a fix that fails its verification is not offered
            return None
        finally:
            self.engine.release_language()
        return fixed.data.decode("utf-8", "surrogatepass") if fixed.applied else None

    def disable_edit(self, outcome: Outcome, line: int, code: str) -> tuple[int, int, str] | None:
        """Where a ``pmlint-disable-next-line CODE`` comment goes so that it covers 1-based ``line`` of
        the linted text without changing what the Markdown means, as (line, column, text to insert) in
        pmlint's coordinates; None where no comment can (front matter, a table row below the first, a
        finding the comment would not remove).

        Below a line of a paragraph or list item, the comment goes at that line's end (an inline comment:
        a comment line would split the paragraph or end the list). Elsewhere it is a line of its own above
        ``line``, indented as the line is, or, above an item of a list after a blank line, as the content
        of the item before (a comment line at the margin would end the list). The edit is checked by
        linting the edited text: one finding of the rule fewer, and as many blocks, list items, tables
        and sections as before.
        """
        prepared = outcome.prepared
        if prepared is None:
            return None
        place = self._disable_place(prepared, line, DISABLE_NEXT_LINE.format(code=code))
        if place is None:
            return None
        at_line, column, inserted = place
        source = prepared.source
        lines = source.text.split("\n")
        target = lines[at_line - 1]
        lines[at_line - 1] = target[:column - 1] + inserted + target[column - 1:]
        try:
            again = self.engine.prepare(Source.from_text(source.path, "\n".join(lines)), prepared.config, None)
            again.settings = prepared.settings  # the file's own (its path's overrides applied)
            self.engine.prepare_language([again])
            after = self.engine.run(again)
        except Exception:  # noqa: BLE001  an edit that cannot be checked is not offered
            return None
        finally:
            self.engine.release_language()
        if sum(finding.code == code for finding in after) >= sum(finding.code == code for finding in outcome.findings):
            return None
        if _outline(again.document) != _outline(prepared.document):
            return None
        return place

    @staticmethod
    def _disable_place(prepared: Prepared, line: int, comment: str) -> tuple[int, int, str] | None:
        source, document = prepared.source, prepared.document
        index = line - 1
        if not 0 <= index < source.line_count:
            return None
        front = document.front_matter
        if front is not None and index <= front.last_line:
            return None
        if any(table.first_line < index < table.end_line for table in document.tables):
            return None
        current = source.line_text(index)
        indent = current[:len(current) - len(current.lstrip())]
        previous = source.line_text(index - 1) if index > 0 else ""
        in_prose = False
        for block in reversed(document.blocks_between(0, index)):
            if block.first_line <= index - 1 < block.end_line:
                in_prose = block.kind == "paragraph"
                break
        if index > 0 and previous.strip() and in_prose and (index - 1) not in document.code_lines:
            # Before a hard line break (two spaces or a backslash at the end), which must stay last.
            end = len(previous.rstrip(" \t"))
            if previous.endswith("\\"):
                end = len(previous) - 1
            return line - 1, end + 1, " " + comment
        item = next((item for item in document.list_items if item.first_line == index), None)
        if item is not None:
            siblings = [other for other in document.list_items
                        if other.parent == item.parent and other.depth == item.depth and other.index < item.index]
            before = siblings[-1] if siblings else None
            if before is not None and before.end_line >= index - 1:
                marker = _LIST_MARKER.match(source.line_text(before.first_line))
                if marker:
                    indent = " " * len(marker.group().expandtabs(4))
        return line, 1, f"{indent}{comment}\n"

    def workspace_files(self, folder: Path) -> list[Path]:
        """The files ``pmlint check FOLDER`` lints, in its order."""
        errors: list[PmlintError] = []
        return [target.path for target in discover([folder.as_posix()], self.cache, errors) if target.path]

    def read(self, path: Path) -> str | Outcome:
        """A file's text as ``check`` reads it, or the Outcome of its error."""
        try:
            config = self.cache.for_directory(path.parent)
            return decode(path.as_posix(), read_file(path, config.max_file_size)).text
        except PmlintError as error:
            return Outcome(error=str(error))

    def rule(self, identifier: str) -> RuleMeta | None:
        return resolve_rule(identifier, self.engine.rules)

    def explanation(self, code: str) -> str | None:
        """What ``pmlint explain CODE`` prints."""
        meta = self.rule(code)
        return explain_text(meta) if meta is not None else None

    def docs_url(self, code: str) -> str | None:
        meta = self.rule(code)
        return docs_url(meta) if meta is not None else None


def _outline(document: Document) -> tuple[int, ...]:
    """What a suppression comment must leave as it was: the counts of blocks, list items, tables and sections."""
    return (len(document.blocks), len(document.list_items), len(document.tables), len(document.sections),
            sum(block.kind == "paragraph" for block in document.blocks))


def rule_at(line_text: str, column: int) -> str | None:
    """The rule name or code under 1-based ``column`` of a line, inside a suppression comment."""
    for match in _SUPPRESSION.finditer(line_text):
        for name in _NAME.finditer(match.group(1)):
            start = match.start(1) + name.start()
            if start < column <= start + len(name.group()):
                return name.group()
    return None
