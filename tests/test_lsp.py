"""`pmlint lsp` end to end: a real client (pytest-lsp) talks to the server over stdio.

Positions are worked out by hand: in the protocol a line is 0-based and a character is a UTF-16 code
unit, so an emoji before a word moves the word's start by two and a BOM on the first line by one.
"""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from click.testing import CliRunner  # noqa: E402
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from pmlint.cli import cli  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent

# 'obviously' is a pure intensifier: PM402 reports it with a safe fix that leaves it out. The summary
# has no 'Root Cause' field (PM003), and three required sections are missing (PM001).
DOCUMENT = ("# Incident: queue backlog\n"
            "\n"
            "## Summary\n"
            "\n"
            "The \U0001F600 queue was obviously full for 10 minutes and requests waited.\n"
            "\n"
            "## Timeline\n"
            "\n"
            "- 10:00 UTC Alerts fired.\n")
# Line 4 (0-based): "The " is 4 characters, the emoji 1 character but 2 UTF-16 units, " queue was " 11:
# 'obviously' starts at character index 16, UTF-16 unit 17, and ends 9 units later.
OBVIOUSLY = types.Range(types.Position(4, 17), types.Position(4, 26))


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "pmlint", "lsp"]))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    (tmp_path / "pm.md").write_text(DOCUMENT, encoding="utf-8")
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="postmortems")]))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "pmlint", "lsp"]))
async def pulling_client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(text_document=types.TextDocumentClientCapabilities(
            diagnostic=types.DiagnosticClientCapabilities())),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="postmortems")]))
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)))
    return uri


async def _diagnostics(client: LanguageClient, uri: str, until=lambda found: True) -> list[types.Diagnostic]:
    """The diagnostics published for ``uri`` once ``until`` holds for them (within 60 s)."""
    for _ in range(3000):
        found = client.diagnostics.get(uri)
        if found is not None and until(found):
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"no such diagnostics for {uri}: {client.diagnostics.get(uri)}")


def _codes(diagnostics: list[types.Diagnostic]) -> list[str]:
    return sorted(str(diagnostic.code) for diagnostic in diagnostics)


def _apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply text edits (UTF-16 positions, LF text without astral characters after the edits' lines)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        line = lines[position.line]
        units = 0
        for index, character in enumerate(line):
            if units >= position.character:
                return sum(len(previous) + 1 for previous in lines[:position.line]) + index
            units += 2 if ord(character) > 0xFFFF else 1
        return sum(len(previous) + 1 for previous in lines[:position.line]) + len(line)

    for edit in sorted(edits, key=lambda edit: (edit.range.start.line, edit.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def _edits(action: types.CodeAction) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.document_changes
    return list(action.edit.document_changes[0].edits)


# -- the server ------------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_open_publishes_diagnostics_with_utf16_ranges_codes_and_links(client: LanguageClient,
                                                                            tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "pm.md", DOCUMENT)
    found = await _diagnostics(client, uri)
    assert _codes(found) == ["PM001", "PM003", "PM402"]
    charged = next(diagnostic for diagnostic in found if diagnostic.code == "PM402")
    assert charged.range == OBVIOUSLY
    assert charged.severity == types.DiagnosticSeverity.Warning
    assert charged.source == "pmlint"
    assert charged.code_description is not None
    assert charged.code_description.href.endswith("/blob/main/docs/rules.md#pm402-charged-language")
    missing = next(diagnostic for diagnostic in found if diagnostic.code == "PM001")
    assert missing.severity == types.DiagnosticSeverity.Error
    assert missing.range.start == types.Position(0, 2)  # the title's text after "# "


@pytest.mark.asyncio
async def test_a_bom_and_crlf_shift_positions_as_the_editor_counts_them(client: LanguageClient,
                                                                        tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "pm.md", "\ufeff" + DOCUMENT.replace("\n", "\r\n"))
    found = await _diagnostics(client, uri)
    assert next(diagnostic for diagnostic in found if diagnostic.code == "PM402").range == OBVIOUSLY
    assert next(diagnostic for diagnostic in found if diagnostic.code == "PM001").range.start == types.Position(0, 3)


@pytest.mark.asyncio
async def test_a_change_is_linted_again(client: LanguageClient, tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "pm.md", DOCUMENT)
    await _diagnostics(client, uri, lambda found: "PM402" in _codes(found))
    # Three quick edits in a row: only the text after the last one counts.
    for version, word in ((2, "plainly "), (3, "really "), (4, "")):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=OBVIOUSLY if version == 2 else
                                                                    types.Range(types.Position(4, 17),
                                                                                types.Position(4, 17 + len("plainly ")
                                                                                               if version == 3 else 17 + len("really "))),
                                                                    text=word)]))
    found = await _diagnostics(client, uri, lambda found: "PM402" not in _codes(found))
    assert _codes(found) == ["PM001", "PM003"]


@pytest.mark.asyncio
async def test_quick_fix_and_fix_all(client: LanguageClient, tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "pm.md", DOCUMENT)
    found = await _diagnostics(client, uri)
    charged = next(diagnostic for diagnostic in found if diagnostic.code == "PM402")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=charged.range,
        context=types.CodeActionContext(diagnostics=[charged])))
    titles = [action.title for action in actions]
    fix = next(action for action in actions if action.title.startswith("PM402:"))
    assert fix.title.endswith("(safe fix)") and fix.is_preferred is True
    assert fix.kind == types.CodeActionKind.QuickFix
    assert "Disable PM402 for this line" in titles
    fixed = _apply(DOCUMENT, _edits(fix))
    assert fixed.split("\n")[4] == "The \U0001F600 queue was full for 10 minutes and requests waited."

    everything = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=types.Range(types.Position(0, 0), types.Position(0, 0)),
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll"])))
    assert [action.kind for action in everything] == ["source.fixAll.pmlint"]
    assert _apply(DOCUMENT, _edits(everything[0])) == fixed


@pytest.mark.asyncio
async def test_an_unsafe_fix_is_labelled_and_not_preferred(client: LanguageClient, tmp_path: Path) -> None:
    text = DOCUMENT.replace("obviously full", "full after the awful deploy")
    uri = _open(client, tmp_path / "pm.md", text)
    found = await _diagnostics(client, uri)
    charged = next(diagnostic for diagnostic in found if diagnostic.code == "PM402")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=charged.range,
        context=types.CodeActionContext(diagnostics=[charged])))
    fix = next(action for action in actions if action.title.startswith("PM402:"))
    assert fix.title == "PM402: replace 'awful' with 'severe' (unsafe fix)"
    assert fix.is_preferred is False
    none = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=charged.range,
        context=types.CodeActionContext(diagnostics=[], only=["source.fixAll.pmlint"])))
    assert not none  # no safe fix to apply


def _check_json(path: Path) -> list[dict]:
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", "--format", "json", str(path)],
                            capture_output=True, text=True, timeout=120, cwd=path.parent)
    return json.loads(result.stdout)["findings"] if result.stdout.strip().startswith("{") else json.loads(result.stdout)


def _paragraphs(text: str) -> int:
    from markdown_it import MarkdownIt

    return sum(token.type == "paragraph_open" for token in MarkdownIt("commonmark").parse(text))


@pytest.mark.asyncio
@pytest.mark.parametrize(("text", "line"), [
    (DOCUMENT, 4),  # the first line of a paragraph: a comment line above it
    (DOCUMENT.replace("The \U0001F600 queue", "Traffic rose at 09:55.\nThe \U0001F600 queue"), 5),  # a second line
])
async def test_disable_for_this_line_is_honoured_by_the_cli(client: LanguageClient, tmp_path: Path,
                                                            text: str, line: int) -> None:
    path = tmp_path / "pm.md"
    path.write_text(text, encoding="utf-8")
    assert "PM402" in {finding["code"] for finding in _check_json(path)}
    uri = _open(client, path, text)
    found = await _diagnostics(client, uri)
    charged = next(diagnostic for diagnostic in found if diagnostic.code == "PM402")
    assert charged.range.start.line == line
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=charged.range,
        context=types.CodeActionContext(diagnostics=[charged])))
    disable = next(action for action in actions if action.title == "Disable PM402 for this line")
    changed = _apply(text, _edits(disable))
    assert "<!-- pmlint-disable-next-line PM402 -->" in changed
    assert _paragraphs(changed) == _paragraphs(text)  # the Markdown means what it did
    path.write_text(changed, encoding="utf-8")
    codes = sorted(finding["code"] for finding in _check_json(path))
    assert codes == ["PM001", "PM003"]


@pytest.mark.asyncio
async def test_hover_explains_the_rule(client: LanguageClient, tmp_path: Path) -> None:
    explained = CliRunner().invoke(cli, ["explain", "PM402"]).output
    assert explained.startswith("PM402 charged-language (warning)")
    text = DOCUMENT + "\n<!-- pmlint-disable-next-line PM401 -->\nNobody is blamed here.\n"
    uri = _open(client, tmp_path / "pm.md", text)
    await _diagnostics(client, uri)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(4, 20)))
    assert hover is not None and hover.contents.value.strip() == explained.strip()
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(4, 2)))
    assert nothing is None
    comment = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(10, 32)))
    assert comment is not None and comment.contents.value.startswith("PM401 blame (error)")


@pytest.mark.asyncio
async def test_config_and_wordlist_edits_apply_without_a_restart(client: LanguageClient, tmp_path: Path) -> None:
    text = DOCUMENT.replace("obviously full", "sluggish")
    uri = _open(client, tmp_path / "pm.md", text)
    await _diagnostics(client, uri, lambda found: _codes(found) == ["PM001", "PM003"])
    config = tmp_path / ".pmlint.yaml"
    config.write_text("rules:\n  PM003: off\nwordlists:\n  charged-words:\n    add: ['sluggish -> give the latency']\n",
                      encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    found = await _diagnostics(client, uri, lambda found: _codes(found) == ["PM001", "PM402"])
    assert "give the latency" in next(diagnostic for diagnostic in found if diagnostic.code == "PM402").message
    # A broken configuration is a diagnostic at 1:1, not the end of the server.
    config.write_text("rules:\n  PM999: off\n", encoding="utf-8")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    broken = await _diagnostics(client, uri, lambda found: len(found) == 1 and found[0].code is None)
    assert broken[0].range.start == types.Position(0, 0)
    assert broken[0].severity == types.DiagnosticSeverity.Error
    assert ".pmlint.yaml" in broken[0].message and "PM999" in broken[0].message
    config.unlink()
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Deleted)]))
    await _diagnostics(client, uri, lambda found: _codes(found) == ["PM001", "PM003"])


@pytest.mark.asyncio
async def test_a_document_pmlint_cannot_read_is_one_diagnostic_at_1_1(client: LanguageClient, tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "pm.md", "# Incident\n\x00binary\n")
    found = await _diagnostics(client, uri)
    assert len(found) == 1 and found[0].range.start == types.Position(0, 0)
    assert "binary file" in found[0].message
    # The server still answers, and lints the next text.
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=DOCUMENT)]))
    await _diagnostics(client, uri, lambda found: _codes(found) == ["PM001", "PM003", "PM402"])


@pytest.mark.asyncio
async def test_files_the_config_excludes_are_not_linted(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".pmlint.yaml").write_text("exclude: ['drafts/**']\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    uri = _open(client, tmp_path / "drafts" / "pm.md", DOCUMENT)
    other = _open(client, tmp_path / "pm.md", DOCUMENT)
    await _diagnostics(client, other, lambda found: len(found) == 3)
    assert list(await _diagnostics(client, uri)) == []


@pytest.mark.asyncio
async def test_workspace_diagnostics_cover_the_folder(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / ".pmlint.yaml").write_text("exclude: ['drafts/**']\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.md").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "notes.txt").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "2026").mkdir()
    (tmp_path / "2026" / "clean.md").write_text(DOCUMENT.replace("obviously ", ""), encoding="utf-8")
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    by_uri = {item.uri: _codes(item.items) for item in report.items}
    assert by_uri == {(tmp_path / "2026" / "clean.md").as_uri(): ["PM001", "PM003"],
                      (tmp_path / "pm.md").as_uri(): ["PM001", "PM003", "PM402"]}
    # An open document is reported as the editor holds it, unsaved edits included.
    uri = _open(client, tmp_path / "pm.md", DOCUMENT.replace("obviously ", ""), version=7)
    await _diagnostics(client, uri)
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    opened = next(item for item in report.items if item.uri == uri)
    assert _codes(opened.items) == ["PM001", "PM003"] and opened.version == 7


@pytest.mark.asyncio
async def test_an_unsaved_buffer_is_linted_too(client: LanguageClient) -> None:
    uri = "untitled:Untitled-1"
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=DOCUMENT)))
    assert _codes(await _diagnostics(client, uri)) == ["PM001", "PM003", "PM402"]


@pytest.mark.asyncio
async def test_a_client_that_pulls_gets_the_diagnostics_of_the_latest_text(pulling_client: LanguageClient,
                                                                            tmp_path: Path) -> None:
    uri = _open(pulling_client, tmp_path / "pm.md", DOCUMENT)
    pulled = await pulling_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert _codes(pulled.items) == ["PM001", "PM003", "PM402"]
    pulling_client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(range=OBVIOUSLY, text="quite")]))
    pulled = await pulling_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert _codes(pulled.items) == ["PM001", "PM003"]
    (tmp_path / ".pmlint.yaml").write_text("rules:\n  PM003: off\n", encoding="utf-8")
    pulling_client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=(tmp_path / ".pmlint.yaml").as_uri(), type=types.FileChangeType.Created)]))
    pulled = await pulling_client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert _codes(pulled.items) == ["PM001"]
    assert uri not in pulling_client.diagnostics  # nothing was pushed


def test_shutdown_ends_the_server(tmp_path: Path) -> None:
    async def run() -> int:
        config = ClientServerConfig(server_command=[sys.executable, "-m", "pmlint", "lsp"])
        lsp_client = await config.start()
        await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                                   root_uri=tmp_path.as_uri()))
        process = lsp_client._server
        await lsp_client.shutdown_session()
        return await asyncio.wait_for(process.wait(), 30)

    assert asyncio.run(run()) == 0


def test_without_the_extra_the_command_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "pmlint.lsp.server", raising=False)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    result = CliRunner().invoke(cli, ["lsp"])
    assert result.exit_code == 2
    assert "pip install 'pmlint[lsp]'" in result.output
    assert "Traceback" not in result.output
