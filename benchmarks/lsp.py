"""How fast `pmlint lsp` answers an edit: time from a change to its diagnostics, debounce excluded.

Not a test: run ``python -m benchmarks.lsp`` by hand (with the lsp extra installed). It starts the
server over stdio with pygls's client, opens a post-mortem of about 15 KB from the benchmark corpus
(with blame and charged words, so spaCy parses text on every lint), and types: each edit adds or
removes a word in the summary. For each edit it measures the time from sending
``textDocument/didChange`` to receiving the diagnostics of that version, and subtracts the debounce
(``pmlint.lsp.server.DEBOUNCE_SECONDS``). It prints the median and the 90th percentile against the
targets (30 ms and 60 ms), and the in-process lint time of the same text for comparison.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from benchmarks.corpus import document
from pmlint.lsp.server import DEBOUNCE_SECONDS

TARGET_MEDIAN = 0.030
TARGET_P90 = 0.060
SIZE = 15_000


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile by the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def the_document(seed: int) -> str:
    return document(f"lsp:{seed}", SIZE, int(SIZE * 0.95), int(SIZE * 1.05), issues=True)[0]


def _summary_line(text: str) -> int:
    """A 0-based line of prose to type on: the first long line after the first heading's line."""
    lines = text.split("\n")
    return next(index for index, line in enumerate(lines)
                if len(line) > 60 and line[:1].isalpha() and index > 5)


async def _measure(text: str, edits: int, workdir: Path) -> list[float]:
    path = workdir / "postmortem.md"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    arrived: dict[int, float] = {}
    client = LanguageClient("pmlint-benchmark", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.uri == uri and params.version is not None:
            arrived.setdefault(params.version, time.perf_counter())

    await client.start_io(sys.executable, "-m", "pmlint", "lsp")
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=workdir.as_uri()))
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))

    async def wait_for(version: int) -> float:
        for _ in range(60_000):
            if version in arrived:
                return arrived[version]
            await asyncio.sleep(0.0005)
        raise RuntimeError(f"no diagnostics for version {version}")

    await wait_for(1)  # the first lint loads the rules and spaCy: not an edit
    line = _summary_line(text)
    latencies = []
    for number in range(edits + 2):  # two warm-up edits, not counted
        version = number + 2
        adding = number % 2 == 0
        position = types.Position(line, 0)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(position, position if adding else types.Position(line, len("Meanwhile "))),
            text="Meanwhile " if adding else "")
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        received = await wait_for(version)
        if number >= 2:
            latencies.append(received - sent - DEBOUNCE_SECONDS)
        await asyncio.sleep(0.05)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return latencies


def _in_process(text: str, workdir: Path, runs: int) -> list[float]:
    from pmlint.lsp.linting import Linter

    linter = Linter()
    path = workdir / "postmortem.md"
    linter.lint(path, text)  # loads spaCy
    times = []
    for number in range(runs):
        edited = text.replace("\n\n", "\n\nMeanwhile ", 1) if number % 2 == 0 else text
        start = time.perf_counter()
        linter.lint(path, edited)
        times.append(time.perf_counter() - start)
    return times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=50, help="timed edits (default 50)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed of the document (default 7)")
    args = parser.parse_args(argv)
    text = the_document(args.seed)
    with tempfile.TemporaryDirectory() as directory:
        latencies = asyncio.run(_measure(text, args.edits, Path(directory)))
        lints = _in_process(text, Path(directory), args.edits)
    median, p90 = statistics.median(latencies), percentile(latencies, 0.9)
    print(f"document: {len(text.encode('utf-8')):,} bytes, {args.edits} edits, debounce "
          f"{DEBOUNCE_SECONDS * 1000:.0f} ms excluded")
    print(f"edit to diagnostics: median {median * 1000:.1f} ms (target {TARGET_MEDIAN * 1000:.0f}), "
          f"p90 {p90 * 1000:.1f} ms (target {TARGET_P90 * 1000:.0f}), max {max(latencies) * 1000:.1f} ms")
    print(f"lint in process:     median {statistics.median(lints) * 1000:.1f} ms, "
          f"p90 {percentile(lints, 0.9) * 1000:.1f} ms")
    met = median <= TARGET_MEDIAN and p90 <= TARGET_P90
    print("targets: " + ("met" if met else "MISSED"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
