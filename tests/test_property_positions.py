"""Property: every prose word maps back to exactly the same text in the source file.

Findings take their spans from ProseSegment.span, so if a word of a segment maps anywhere but onto
itself, some finding will point at the wrong text. Documents are assembled from random Markdown
pieces, nested in lists and block quotes, with either line ending, an optional BOM and optional
front matter.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.config.loading import load_config
from pmlint.reading.document import Document
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog
WORD = re.compile(r"\w+")

# Letters only, so a word never turns into Markdown syntax; some are not ASCII.
_WORDS = st.sampled_from([
    "alpha", "beta", "gamma", "delta", "deploy", "outage", "rollback", "owner", "Impact", "Timeline",
    "café", "naïve", "Zürich", "日本語", "Ünïcödé", "ελληνικά", "straße", "résumé", "x", "I", "a",
    "1", "2026", "v2",
])


@st.composite
def _phrase(draw: st.DrawFn, min_size: int = 1, max_size: int = 4) -> str:
    return " ".join(draw(st.lists(_WORDS, min_size=min_size, max_size=max_size)))


@st.composite
def _atom(draw: st.DrawFn, in_table: bool = False) -> str:
    choice = draw(st.integers(0, 16))
    phrase = draw(_phrase())
    word = draw(_WORDS)
    if choice == 0:
        return f"*{phrase}*"
    if choice == 1:
        return f"**{phrase}**"
    if choice == 2:
        return f"_{phrase}_"
    if choice == 3:
        return f"`{phrase}`"
    if choice == 4:
        return f"[{phrase}](https://example.com/{word})"
    if choice == 5:
        return f"<https://example.com/{word}>"
    if choice == 6:
        return f"https://example.com/{word}/page"
    if choice == 7:
        return f"![{phrase}](img/{word}.png)"
    if choice == 8:
        return f"<b>{phrase}</b>"
    if choice == 9:
        return f"<!-- {phrase} -->"
    if choice == 10:
        return "&amp;"
    if choice == 11:
        return "\\*"
    if choice == 12:
        return f"{word}\t{draw(_WORDS)}"
    if choice == 13 and in_table:
        return draw(st.sampled_from(["\\|", f"`{word} \\| {phrase}`", f"{word}\\|{word}"]))
    if choice == 14:
        return f"~~{phrase}~~"
    if choice == 15:
        return f"{word}<br>{draw(_WORDS)}"
    return phrase


@st.composite
def _inline(draw: st.DrawFn, in_table: bool = False) -> str:
    atoms = draw(st.lists(st.one_of(_phrase(), _atom(in_table)), min_size=1, max_size=5))
    return " ".join(atoms)


@st.composite
def _leaf(draw: st.DrawFn) -> list[str]:
    """One leaf block as its lines (no line ends)."""
    kind = draw(st.integers(0, 8))
    if kind == 0:
        level = draw(st.integers(1, 6))
        closing = draw(st.sampled_from(["", " #", " " + "#" * level, " ###  "]))
        return ["#" * level + " " + draw(_inline()) + closing]
    if kind == 1:
        return [draw(_inline()), draw(st.sampled_from(["===", "---", "======"]))]
    if kind == 2:
        columns = draw(st.integers(1, 4))
        leading = draw(st.booleans())

        def row(cells: list[str]) -> str:
            body = " | ".join(cells)
            return f"| {body} |" if leading else body + (" |" if columns == 1 else "")

        header = [draw(_phrase(max_size=2)) for _ in range(columns)]
        lines = [row(header), row(["---"] * columns)]
        for _ in range(draw(st.integers(0, 3))):
            lines.append(row([draw(_inline(in_table=True)) for _ in range(columns)]))
        return lines
    if kind == 3:
        return ["```", draw(_phrase()), "# not a heading", "```"]
    if kind == 4:
        return ["<!--", draw(_phrase()), "-->"]
    if kind == 5:
        return [draw(_inline()) + " " + draw(st.sampled_from(["", "\\"]))]
    return [draw(_inline()) for _ in range(draw(st.integers(1, 3)))]


def _nest(draw: st.DrawFn, lines: list[str], depth: int) -> list[str]:
    """Wrap a block in list items, task items and block quotes, up to ``depth`` levels."""
    for _ in range(draw(st.integers(0, depth))):
        container = draw(st.integers(0, 3))
        if container == 0:
            quote = draw(st.sampled_from(["> ", ">", " > ", ">\t"]))
            lines = [quote + line if line else ">" for line in lines]
        else:
            marker = draw(st.sampled_from({1: ["- ", "* ", "+ ", "-\t"], 2: ["1. ", "2) "],
                                           3: ["- [ ] ", "- [x] ", "* [X] "]}[container]))
            indent = " " * len(marker.replace("\t", "  ")) if container != 3 else "  "
            lines = [marker + lines[0]] + [indent + line if line else "" for line in lines[1:]]
    return lines


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks: list[list[str]] = []
    if draw(st.booleans()):
        blocks.append(draw(st.sampled_from([
            ["---", "title: Outage", "date: 2026-03-15", "---"],
            ["+++", 'title = "Outage"', "+++"],
            ["---", "title: [broken", "---"],
        ])))
    for _ in range(draw(st.integers(1, 6))):
        blocks.append(_nest(draw, draw(_leaf()), 3))
    lines: list[str] = []
    for block in blocks:
        lines.extend(block)
        lines.append("")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return bom + newline.join(lines)


def _slice(text: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """Independent of Source: slice decoded text by 1-based line/column (CRLF is one line end)."""
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    if line == end_line:
        return lines[line - 1][column - 1:end_column - 1]
    parts = [lines[line - 1][column - 1:]] + lines[line:end_line - 1] + [lines[end_line - 1][:end_column - 1]]
    return "\n".join(parts)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_word_maps_to_its_source_text(text: str) -> None:
    source = Source.from_text("p.md", text)
    document = Document.parse(source, CATALOG)
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    for block in document.blocks:
        segment = block.segment
        for match in WORD.finditer(segment.text):
            span = segment.span(match.start(), match.end())
            assert 1 <= span.line <= span.end_line <= len(lines), (match.group(), span)
            assert 1 <= span.column <= len(lines[span.line - 1]) + 1, (match.group(), span)
            assert 1 <= span.end_column <= len(lines[span.end_line - 1]) + 1, (match.group(), span)
            assert source.span_text(span) == match.group(), (match.group(), span, block.kind, segment.text)
            assert _slice(text, span.line, span.column, span.end_line, span.end_column) == match.group()
