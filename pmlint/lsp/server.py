"""The language server over stdio, on pygls and lsprotocol (the optional extra ``pmlint[lsp]``).

Open documents are linted when they open, change (150 ms after the last change; a run overtaken by
a newer change is discarded) and are saved, with the configuration ``check`` would use, when its
include and exclude select them. Diagnostics are pushed, or pulled when the client pulls them
(``textDocument/diagnostic``; ``workspace/diagnostic`` for every file of the workspace folders).
Code actions offer each fix (safe or unsafe), ``source.fixAll.pmlint`` and a suppression comment;
hovers show a rule's explanation. One Engine lints everything, in one worker thread, so rules,
wordlists and spaCy load once and the protocol keeps answering while a document is linted.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from pmlint import __version__
from pmlint.config.settings import CONFIG_FILES
from pmlint.lsp.linting import Linter, Outcome, rule_at
from pmlint.lsp.positions import LineIndex
from pmlint.model import Finding, Severity, Span

DEBOUNCE_SECONDS = 0.15
FIX_ALL = "source.fixAll.pmlint"
SOURCE = "pmlint"
WATCHED = (*CONFIG_FILES, "pyproject.toml")
_SEVERITIES = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
               Severity.INFO: types.DiagnosticSeverity.Information}


@dataclass
class Linted:
    """One lint of one version of a document: the text it read, its positions and what it found."""

    version: int | None
    text: str
    index: LineIndex
    outcome: Outcome | None  # None: the configuration does not select the file


def uri_path(uri: str) -> Path | None:
    """The local file a ``file:`` URI names (percent-decoded, a Windows drive too); None for any other
    scheme (an unsaved buffer)."""
    if urlparse(uri).scheme != "file":
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


class PmlintServer(LanguageServer):
    """The server's state: the linter, the latest lint of each open document, the pending lints."""

    def __init__(self, linter: Linter | None = None) -> None:
        super().__init__(SOURCE, __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        # Made now, before the first message: the rules and wordlists load once, and no two threads race to make it.
        self.linter = linter or Linter()
        # One thread: an Engine (and spaCy) serves one lint at a time, in the order they were asked for.
        self.executor = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmlint-lint")
        self.results: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.pull = False  # the client pulls diagnostics (textDocument/diagnostic): nothing is pushed

    # -- linting -------------------------------------------------------------------------------------

    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    def root(self) -> Path | None:
        return uri_path(self.workspace.root_uri) if self.workspace.root_uri else None

    def lint_text(self, uri: str, text: str, version: int | None, language: str | None = None) -> Linted:
        """Lint one text (in the worker thread): the file's config decides whether and how."""
        index = LineIndex(text, self.encoding())
        path = uri_path(uri)
        if path is None:
            if language not in (None, "markdown"):
                return Linted(version, text, index, None)
        elif not self.linter.selected(path):
            return Linted(version, text, index, None)
        return Linted(version, text, index, self.linter.lint(path, text, self.root()))

    async def run(self, function, *args):  # type: ignore[no-untyped-def]
        return await asyncio.get_running_loop().run_in_executor(self.executor, function, *args)

    def schedule(self, uri: str, delay: float) -> None:
        """Lint an open document after ``delay`` seconds; a lint scheduled before for it is cancelled."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.ensure_future(self._lint_later(uri, delay))

    async def _lint_later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await self.refresh(uri)
        except asyncio.CancelledError:
            pass

    async def refresh(self, uri: str) -> Linted | None:
        """Lint the open document's current text; publish the diagnostics unless a newer change overtook it."""
        if uri not in self.workspace.text_documents:
            return None
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        linted = await self.run(self.lint_text, uri, text, version, document.language_id)
        if uri not in self.workspace.text_documents:
            return None
        current = self.workspace.get_text_document(uri)
        if current.version != version or current.source != text:
            return None  # stale: the lint of the newer text is pending
        self.results[uri] = linted
        if not self.pull:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=self.diagnostics(linted)))
        return linted

    async def current(self, uri: str) -> Linted | None:
        """The lint of the open document as it is now: the latest one, or a new one."""
        if uri not in self.workspace.text_documents:
            return None
        document = self.workspace.get_text_document(uri)
        known = self.results.get(uri)
        if known is not None and known.version == document.version and known.text == document.source:
            return known
        return await self.refresh(uri)

    def relint_open_documents(self) -> None:
        """After a configuration change: lint every open document again (a pulling client is asked to pull)."""
        self.results.clear()  # linted with the old configuration
        if self.pull:
            workspace = self.client_capabilities.workspace
            diagnostics = workspace.diagnostics if workspace is not None else None
            if diagnostics is not None and diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    # -- protocol values -----------------------------------------------------------------------------

    def diagnostics(self, linted: Linted) -> list[types.Diagnostic]:
        outcome = linted.outcome
        if outcome is None:
            return []
        if outcome.error is not None:
            end = min(1, linted.index.line_units(0))
            return [types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, end)),
                                     message=f"pmlint: {outcome.error}", severity=types.DiagnosticSeverity.Error,
                                     source=SOURCE)]
        return [self.diagnostic(linted.index, finding) for finding in outcome.findings]

    def diagnostic(self, index: LineIndex, finding: Finding) -> types.Diagnostic:
        href = self.linter.docs_url(finding.code)
        return types.Diagnostic(
            range=to_range(index, finding.span), message=finding.message, severity=_SEVERITIES[finding.severity],
            code=finding.code, code_description=types.CodeDescription(href=href) if href else None, source=SOURCE,
            data={"fingerprint": finding.fingerprint})


def to_range(index: LineIndex, span: Span) -> types.Range:
    start = index.to_client(span.line, span.column)
    end = index.to_client(span.end_line, span.end_column)
    return types.Range(types.Position(*start), types.Position(*end))


def _overlaps(span: Span, first: tuple[int, int], last: tuple[int, int]) -> bool:
    """Whether a finding's span touches the range from ``first`` to ``last`` (pmlint positions)."""
    return (span.line, span.column) <= last and first <= (span.end_line, span.end_column)


def _wanted(kind: str, only: list[str] | None) -> bool:
    return not only or any(kind == asked or kind.startswith(asked + ".") for asked in only)


def _fix_title(finding: Finding) -> str:
    fix = finding.fix
    assert fix is not None
    if fix.replacement and fix.original:
        change = f"replace '{fix.original}' with '{fix.replacement}'"
    elif fix.original:
        change = f"remove '{fix.original}'"
    else:
        change = f"insert '{fix.replacement}'"
    return f"{finding.code}: {change} ({'safe' if fix.safe else 'unsafe'} fix)"


def _edit(uri: str, version: int | None, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=edits)])


def line_edits(before: LineIndex, after: LineIndex) -> list[types.TextEdit]:
    """Edits that turn ``before`` into ``after`` line by line (fixes keep every line and line end)."""
    edits = []
    for number, (old, new) in enumerate(zip(before.lines, after.lines), start=1):
        if old != new:
            start = before.to_client(number, 1)
            end = before.to_client(number, len(old) + 1)
            edits.append(types.TextEdit(range=types.Range(types.Position(*start), types.Position(*end)), new_text=new))
    return edits


def create_server(linter: Linter | None = None) -> PmlintServer:
    """A server with every feature registered (with ``linter``, or a new one)."""
    server = PmlintServer(linter)

    @server.feature(types.INITIALIZE)
    def initialize(ls: PmlintServer, params: types.InitializeParams) -> None:
        text_document = params.capabilities.text_document
        ls.pull = text_document is not None and text_document.diagnostic is not None

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PmlintServer, params: types.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        watched = workspace.did_change_watched_files if workspace is not None else None
        if watched is not None and watched.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in WATCHED]
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[
                    types.Registration(id="pmlint-config-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                       register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers))]))
            except Exception:  # noqa: BLE001  a client that refuses still sends saves of open config files
                pass

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PmlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PmlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PmlintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = uri_path(params.text_document.uri)
        if path is not None and path.name in WATCHED:
            ls.linter.reload()
            ls.relint_open_documents()
        else:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PmlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = ls.pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        ls.results.pop(uri, None)
        if not ls.pull:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: PmlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any((uri_path(change.uri) or Path()).name in WATCHED for change in params.changes):
            ls.linter.reload()
            ls.relint_open_documents()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: PmlintServer, params: types.DidChangeConfigurationParams) -> None:
        ls.linter.reload()
        ls.relint_open_documents()

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier=SOURCE, inter_file_dependencies=False,
                                            workspace_diagnostics=True))
    async def document_diagnostic(ls: PmlintServer, params: types.DocumentDiagnosticParams
                                  ) -> types.RelatedFullDocumentDiagnosticReport:
        pending = ls.pending.get(params.text_document.uri)
        if pending is not None and not pending.done():
            await asyncio.shield(pending)  # the debounced lint: its result is the answer
        linted = await ls.current(params.text_document.uri)
        return types.RelatedFullDocumentDiagnosticReport(items=ls.diagnostics(linted) if linted else [])

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    async def workspace_diagnostic(ls: PmlintServer, params: types.WorkspaceDiagnosticParams
                                   ) -> types.WorkspaceDiagnosticReport:
        folders = [folder.uri for folder in ls.workspace.folders.values()] or \
            ([ls.workspace.root_uri] if ls.workspace.root_uri else [])
        items: list[types.WorkspaceFullDocumentDiagnosticReport | types.WorkspaceUnchangedDocumentDiagnosticReport] = []
        seen: set[str] = set()
        for folder in folders:
            directory = uri_path(folder)
            if directory is None or not directory.is_dir():
                continue
            for path in await ls.run(ls.linter.workspace_files, directory):
                uri = path.resolve().as_uri()
                if uri in seen:
                    continue
                seen.add(uri)
                if uri in ls.workspace.text_documents:
                    linted = await ls.current(uri)
                else:
                    linted = await ls.run(_lint_file, ls, uri, path)
                if linted is not None:
                    items.append(types.WorkspaceFullDocumentDiagnosticReport(
                        uri=uri, version=linted.version, items=ls.diagnostics(linted)))
        return types.WorkspaceDiagnosticReport(items=items)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]))
    async def code_action(ls: PmlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        linted = await ls.current(uri)
        if linted is None or linted.outcome is None or linted.outcome.error is not None:
            return []
        index, outcome = linted.index, linted.outcome
        only = params.context.only
        first = index.to_pmlint(params.range.start.line, params.range.start.character)
        last = index.to_pmlint(params.range.end.line, params.range.end.character)
        actions: list[types.CodeAction] = []
        if _wanted(types.CodeActionKind.QuickFix, only):
            disabled: set[tuple[str, int]] = set()
            for finding in outcome.findings:
                if not _overlaps(finding.span, first, last):
                    continue
                diagnostic = ls.diagnostic(index, finding)
                fix = finding.fix
                if fix is not None:
                    edits = [types.TextEdit(range=to_range(index, edit.span), new_text=edit.replacement)
                             for edit in fix.edits]
                    actions.append(types.CodeAction(
                        title=_fix_title(finding), kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                        is_preferred=fix.safe, edit=_edit(uri, linted.version, edits)))
                if (finding.code, finding.span.line) in disabled:
                    continue
                disabled.add((finding.code, finding.span.line))
                place = ls.linter.disable_edit(outcome, finding.span.line, finding.code)
                if place is not None:
                    line, column, text = place
                    position = types.Position(*index.to_client(line, column))
                    actions.append(types.CodeAction(
                        title=f"Disable {finding.code} for this line", kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic], is_preferred=False,
                        edit=_edit(uri, linted.version, [types.TextEdit(range=types.Range(position, position),
                                                                        new_text=text)])))
        if _wanted(FIX_ALL, only) and any(finding.fix and finding.fix.safe for finding in outcome.findings):
            fixed = await ls.run(ls.linter.fix_all, uri_path(uri), linted.text, ls.root())
            if fixed is not None:
                edits = line_edits(index, LineIndex(fixed, index.encoding))
                if edits:
                    actions.append(types.CodeAction(title="pmlint: fix all safe fixes", kind=FIX_ALL,
                                                    edit=_edit(uri, linted.version, edits)))
        return actions

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: PmlintServer, params: types.HoverParams) -> types.Hover | None:
        linted = await ls.current(params.text_document.uri)
        if linted is None:
            return None
        index = linted.index
        line, column = index.to_pmlint(params.position.line, params.position.character)
        codes: list[str] = []
        named = rule_at(index.lines[line - 1] if line <= len(index.lines) else "", column)
        if named is not None and ls.linter.rule(named) is not None:
            codes.append(named)
        elif linted.outcome is not None:
            for finding in linted.outcome.findings:
                span = finding.span
                inside = (span.line, span.column) <= (line, column) < (span.end_line, span.end_column) or \
                    (span.line, span.column) == (span.end_line, span.end_column) == (line, column)
                if inside and finding.code not in codes:
                    codes.append(finding.code)
        texts = [text for text in (ls.linter.explanation(code) for code in codes) if text]
        if not texts:
            return None
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.PlainText, value="\n".join(texts)))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: PmlintServer, params: None) -> None:
        for task in ls.pending.values():
            task.cancel()
        ls.executor.shutdown(wait=False, cancel_futures=True)

    return server


def _lint_file(server: PmlintServer, uri: str, path: Path) -> Linted:
    """Lint a file on disk that is not open (workspace diagnostics)."""
    text = server.linter.read(path)
    if isinstance(text, Outcome):
        return Linted(None, "", LineIndex("", server.encoding()), text)
    return server.lint_text(uri, text, None)


def serve() -> None:
    """Run the server on standard input and output until the client ends it."""
    create_server().start_io()
