"""Fuzzing pmlint with structurally random Markdown: it must never crash, point outside the file,
change its mind, or be thrown by line endings, a BOM or its own fixes.

The generators build documents the way real (and broken) post-mortems look: ATX and setext headings
with the required section names and junk, GFM tables (ragged rows, escaped pipes, missing delimiter
rows, cells with times, owners and dates), bullet/ordered/task lists nested up to 30 levels, block
quotes nested up to 30 levels with lists inside, fenced code (``` and ~~~, closed or not), indented
code, HTML blocks and comments, ``<!-- pmlint-disable ... -->`` directives with real and made-up rule
names, links, images, autolinks, emphasis runs, every kind of front matter (valid, invalid and
non-mapping YAML, TOML, unclosed), CR/LF/CRLF/mixed line ends, a BOM, control characters, lines of
10^4-10^5 characters, awkward Unicode (combining marks, RTL text and overrides, emoji sequences,
U+2028/U+2029, NBSP, zero-width characters, case mappings that change length), timestamps, blame
and charged phrases.

Properties (engine level on any ``str``, NUL included; runner and CLI level on ``bytes``, where the
decoder rejects NUL, invalid UTF-8 and UTF-16):

* no exception;
* every finding's span is inside the file (1-based, end >= start, end column <= line length + 1)
  and covers some text when it is not empty; a fix's span is on one line and its ``original`` is the
  text there;
* the output is deterministic, and the same (positions, messages and fingerprints) whatever the
  line ends (LF, CRLF, CR, mixed) and with or without a BOM;
* suppression comments only ever remove findings (besides PM901 for unknown rule names);
* applying the fixes with ``pmlint.edits.apply_fixes`` keeps the BOM and every line end, and linting
  the result finds no new rule, no more findings of any rule, and strictly fewer of the fixed rules.

Budget: each test runs a bounded number of random examples (the whole file takes well under a
minute on two cores). Set ``PMLINT_FUZZ_EXAMPLES=N`` to run N examples in each test instead (the
long-line, byte-level runner and CLI tests, which are slower per example, run N/10, at least their
default), for example::

    PMLINT_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz_markdown.py --hypothesis-show-statistics

Examples are not derandomized, so every run explores new inputs. A failure prints the shrunk input
and a ``@reproduce_failure`` blob (``print_blob``) that replays it exactly; add the smallest input
to ``tests/nasty/make_nasty.py`` as a regression file.
"""
from __future__ import annotations

import html
import json
import os
import re
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ENGINE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.cli import cli
from pmlint.commands.runner import lint_paths
from pmlint.config.discovery import ConfigCache
from pmlint.config.loading import load_config
from pmlint.edits import apply_fixes
from pmlint.errors import InputError
from pmlint.model import Finding, Severity
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

# -- budget -------------------------------------------------------------------------------------

_OVERRIDE = int(os.environ.get("PMLINT_FUZZ_EXAMPLES", "0") or 0)


def fuzz_settings(default: int, slow: bool = False) -> settings:
    """``default`` examples, or PMLINT_FUZZ_EXAMPLES (a tenth of it for slow tests, never below the default)."""
    examples = default
    if _OVERRIDE > 0:
        examples = max(default, _OVERRIDE // 10) if slow else _OVERRIDE
    return settings(max_examples=examples, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much, HealthCheck.large_base_example])


CONFIG = load_config(None, load_rules())
RULE_CODES = sorted(ENGINE.rules)
RULE_NAMES = sorted(meta.name for meta in ENGINE.rules.values())
LINE_END = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


def lint(text: str) -> list[Finding]:
    return ENGINE.lint(Source.from_text("doc.md", text), CONFIG)


# -- vocabulary ---------------------------------------------------------------------------------

SECTION_NAMES = [
    "Executive Summary", "Summary", "TL;DR", "Overview", "Impact", "Duration", "Root Cause", "Status",
    "Timeline", "Timeline (UTC)", "Timeline (all times PST)", "3. Timeline:", "Timeline of Events",
    "Chronology", "Action Items", "Corrective Actions", "[Action Items]", "Follow-up Actions",
    "Root Cause Analysis", "Contributing Factors", "What Went Well", "What Went Wrong",
    "Lessons Learned", "Recovery and Lessons Learned", "Immediate", "Short-term", "Long-term",
    "2026-03-15", "14:05", "**16:58 UTC**", "Executive Summary Executive Summary", "Timeline!!!",
    "Action Items (completed)", "Summary: TBD", "Sequence of Events", "Key Takeaways",
]
TIMES = [
    "14:05", "2:15 PM", "13:55 PM", "25:10", "99:99", "24:00", "00:00 UTC", "2026-03-15 14:05",
    "2026-03-15T14:05Z", "2026-03-15T14:05:00+01:00", "2026-02-30 10:00", "Jan 14, 10:18 AM",
    "15 March 2026", "07-27-2023 2:14 pm", "1430Z", "14:05 PST", "09:00 (UTC)", "16:58 UTC+1",
    "~13:30-13:45", "12:45 PM PST Saturday Oct 30th", "29-09-2021", "`08:20`", "4/21/23", "00:10",
    "23:50", "3:15pm", "12:00 AM", "11:59:60Z", "T+5m", "14:05 GMT", "14:05 CEST", "9999-12-31 23:59",
    "0000-01-01 00:00", "14:05:59.999999999Z", "14:05 UTC-14:00", "0001-01-01T00:05+01:00",
    "9999-12-31T23:59-05:00", "9999-12-31 23:59 UTC", "1:00 AM", "23:59:59",
]
PHRASES = [
    "Alerts fire", "resolved", "The fix is deployed", "errors spike", "back to normal",
    "All times are in UTC.", "All times PST.", "TBD", "N/A", "XXX", "[hint]", "{{ var }}", "_TODO_",
    "...", "Owner: @sam", "owner: Ana Silva", "(owner: Sarah, due: 2026-04-01)", "— @handle",
    "Due: Q3 2026", "by April 1, 2026", "ASAP", "soon", "next sprint", "Sarah will fix it",
    "@org/team", "SRE team", "Impact: 300 users", "Duration: 45 minutes", "Root Cause: a bad config",
    "Status: resolved", "45 minutes", "2 hours", "half an hour", "due to a bad deploy",
    "John forgot to restart the proxy", "Sarah failed to check", "he didn't check the disk",
    "@sam broke prod", "human error caused it", "a disaster", "A disaster", "an utter disaster",
    "a stupid mistake", "obviously", "Obviously,", "sloppy", "dropped the ball", "careless", "lazy",
    "The engineer on call should have noticed", "John's mistake", "took 20 minutes to respond",
    "DNS", "SLO", "k8s", "Service Level Objective (SLO)", "Improve monitoring", "Look into it",
    "- [x] done", "Will from networking joined", "café", "naïve", "Zürich", "İstanbul", "ﬁnal",
    "straße", "ǅ", "ΣΑΣ", "日本語", "שלום עולם", "مرحبا", "🔥", "👨\u200d👩\u200d👧", "🇺🇸", "e\u0301",
]
CHARGED = [
    "a disaster", "A disaster", "disaster", "DISASTER", "a stupid mistake", "stupid", "obviously",
    "Obviously", ", obviously,", "obviously.", "careless", "sloppy", "lazy", "dropped the ball",
    "an idiotic", "a terrible", "\"disaster\"", "disaster-recovery", "ops@disaster.example",
    "a  disaster", "a\tdisaster", "An obviously", "a obviously", "clearly", "just",
]
# Characters that are not Markdown syntax but trouble for offsets, splitting and case folding.
ODD_CHARS = [
    "\x01", "\x1b[31m", "\x7f", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
    "\u00a0", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\ufffd",
    "\u0301", "\u0336", "\t", "\u3000", "\u2003", "İ", "ß", "ﬃ", "\U0001f600", "\U000e0001",
    "\u061c", "\u180e", "\ufe0f", "\u034f", "\u2060",
]
RULE_IDS = RULE_CODES + RULE_NAMES + [
    "PM999", "pm402", "PM4", "PM", "*", "all", "charged", "empty_section", "EMPTY-SECTION", "PM402,PM401",
    "-", "--", ",", "rule-that-does-not-exist", "PM0", "é", "PM402\u200b",
]
URLS = ["https://example.com/a_b*c", "http://x.y/(p)", "www.example.com", "ftp://h/f", "mailto:a@b.c",
        "https://example.com/disaster", "https://github.com/org/repo/issues/12", "<>", "javascript:x"]


def _pool(items: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(items)


def _junk(allow_nul: bool, max_size: int = 12) -> st.SearchStrategy[str]:
    """Arbitrary Unicode (no surrogates: the text must encode to UTF-8)."""
    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=max_size)
    return text if allow_nul else text.map(lambda value: value.replace("\x00", ""))


MARKDOWN_PUNCTUATION = "*_`[]()!<>\\|#~&;:-+=.\"' \t/@{}"

# -- inline content -----------------------------------------------------------------------------


@st.composite
def inline(draw: st.DrawFn, allow_nul: bool = False, phrases: list[str] = PHRASES, depth: int = 0,
           in_table: bool = False) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 17))
        if kind <= 3:
            parts.append(draw(_pool(phrases)))
        elif kind == 4:
            parts.append(draw(_pool(ODD_CHARS)) + draw(_pool(phrases)))
        elif kind == 5:
            marker = draw(_pool(["*", "**", "_", "__", "***", "~~", "~", "*_", "**_"]))
            inner = draw(inline(allow_nul, phrases, depth + 1)) if depth < 2 else draw(_pool(phrases))
            closing = marker[::-1] if draw(st.booleans()) else draw(_pool(["", "*", "_", "**", " *"]))
            parts.append(f"{marker}{inner}{closing}")
        elif kind == 6:
            ticks = "`" * draw(st.integers(1, 3))
            content = draw(_pool(TIMES + phrases + ["", " ", "`", "a|b", "<!-- x -->", "*x*"]))
            parts.append(ticks + content + (ticks if draw(st.booleans()) else ""))
        elif kind == 7:
            text = draw(_pool(phrases))
            url = draw(_pool(URLS))
            parts.append(draw(_pool([
                f"[{text}]({url})", f"[{text}]({url} \"title\")", f"[{text}][ref]", f"[{text}]", f"[{text}][]",
                f"![{text}]({url})", f"![{text}]", f"[{text}](<{url} x>)", f"[{text}", f"[{text}](", f"]({url})",
                f"[[{text}]]({url})", f"[{text}]({url}", f"[![{text}]({url})]({url})", "[^1]", "[]()",
            ])))
        elif kind == 8:
            rule = draw(_pool(RULE_IDS))
            parts.append(draw(_pool([
                "<b>x</b>", "<br>", "<br/>", "<BR />", "<span title='a > b'>", "</span>", "<!-- c -->",
                "<!---->", "<!-- a -- b -->", f"<!-- pmlint-disable-next-line {rule} -->",
                f"<!-- pmlint-disable {rule} -->", f"<!-- pmlint-enable {rule} -->", "<!--", "-->", "<a href=x>",
                "<x-y z>", "<?pi ?>", "<![CDATA[x]]>", "<!X>",
            ])))
        elif kind == 9:
            parts.append(draw(_pool(["&amp;", "&#x1F525;", "&#128293;", "&nosuch;", "&#0;", "&#xD800;", "&eacute;",
                                     "caf&eacute;", "&amp;amber", "\\*", "\\|", "\\`", "\\\\", "\\", "\\[", "&;",
                                     "&#99999999;", "&ThickSpace;", "&nbsp;&nbsp;"])))
        elif kind == 10:
            url = draw(_pool(URLS))
            parts.append(draw(_pool([f"<{url}>", url, "<a@b.co>", f"{url}.", f"({url})"])))
        elif kind == 11:
            parts.append(draw(_junk(allow_nul)))
        elif kind == 12:
            parts.append(draw(st.text(MARKDOWN_PUNCTUATION, max_size=10)))
        elif kind == 13:
            parts.append(draw(_pool(TIMES)))
        elif kind == 14:
            parts.append(f"{draw(_pool(TIMES))} {draw(_pool(phrases))}")
        elif kind == 15 and in_table:
            parts.append(draw(_pool(["\\|", "a \\| b", "`a \\| b`", "`a | b`", "||", "| |"])))
        elif kind == 16 and allow_nul:
            parts.append("\x00" + draw(_pool(phrases)))
        else:
            parts.append(draw(_pool(phrases)))
    separator = draw(_pool([" ", " ", " ", "", "\t", "\u00a0", "  ", " \u200b"]))
    return separator.join(parts)


# -- blocks -------------------------------------------------------------------------------------


@st.composite
def atx_heading(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    level = draw(st.integers(1, 7))
    text = draw(st.one_of(_pool(SECTION_NAMES), inline(allow_nul, phrases), _junk(allow_nul), st.just("")))
    indent = draw(_pool(["", "", " ", "   ", "    "]))
    gap = draw(_pool([" ", " ", "\t", "", "  "]))
    closing = draw(_pool(["", "", " #", " " + "#" * level, " ##########", "#", " \\#"]))
    return [f"{indent}{'#' * level}{gap}{text}{closing}"]


@st.composite
def setext_heading(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    lines = [draw(st.one_of(_pool(SECTION_NAMES), inline(allow_nul, phrases)))]
    if draw(st.booleans()):
        lines.append(draw(inline(allow_nul, phrases)))
    lines.append(draw(_pool(["===", "---", "=", "-", "======  ", "   ---", "- - -", "== =", "***"])))
    return lines


@st.composite
def paragraph(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    lines = [draw(inline(allow_nul, phrases)) for _ in range(draw(st.integers(1, 4)))]
    if draw(st.integers(0, 4)) == 0:
        lines = [line + draw(_pool(["  ", "\\", " <br>"])) for line in lines]
    return lines


@st.composite
def labels(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    lines = []
    for _ in range(draw(st.integers(1, 5))):
        name = draw(_pool(["Impact", "Duration", "Root Cause", "Root cause", "Status", "Summary", "Owner",
                           "Detection", "Date", "Impacted users", "IMPACT", "Time to resolve"]))
        value = draw(st.one_of(inline(allow_nul, phrases), _pool(["", "TBD", "45 minutes", "resolved", "[hint]"])))
        lines.append(draw(_pool([f"- **{name}:** {value}", f"**{name}**: {value}", f"{name}: {value}",
                                 f"* {name} - {value}", f"**{name}**", f"| **{name}** | {value} |",
                                 f"1. _{name}_: {value}", f"- [ ] {name}: {value}"])))
    return lines


@st.composite
def table(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    columns = draw(st.integers(1, 7))
    headers = ["Time", "Time (UTC)", "Date", "Event", "Action", "Owner", "Due", "Status", "ID", "Description",
               "Assignee", "Deadline", "Ticket", "Impact", "Field", "Value", ""]
    header = [draw(st.one_of(_pool(headers), inline(allow_nul, phrases, in_table=True))) for _ in range(columns)]
    leading, trailing = draw(st.booleans()), draw(st.booleans())
    indent = draw(_pool(["", "", "", " ", "  ", "   "]))

    def row(cells: list[str]) -> str:
        body = " | ".join(cells)
        return indent + ("| " if leading else "") + body + (" |" if trailing else "")

    lines = [row(header)]
    if draw(st.integers(0, 5)):
        width = max(1, columns + draw(st.integers(-1, 1)) * (draw(st.integers(0, 3)) == 0))
        lines.append(row([draw(_pool(["---", ":--", "--:", ":-:", "-", "----------", ": -", "--- "]))
                          for _ in range(width)]))
    cell = st.one_of(_pool(TIMES), _pool(phrases), _pool(["", " ", "Ana Silva", "@sam", "2026-04-01", "Q3 2026",
                                                          "Done", "✅", "AI-1", "#12", "Not started"]),
                     inline(allow_nul, phrases, in_table=True))
    for _ in range(draw(st.integers(0, 6))):
        width = max(0, columns + draw(st.integers(-columns, 2)))
        lines.append(row([draw(cell) for _ in range(width)]))
    return lines


LIST_MARKERS = ["- ", "* ", "+ ", "1. ", "2) ", "10. ", "- [ ] ", "- [x] ", "* [X] ", "1. [ ] ", "-\t", "- [] ",
                "-  ", "999999999. "]


@st.composite
def nested_list(draw: st.DrawFn, allow_nul: bool, phrases: list[str], max_depth: int = 30) -> list[str]:
    """List items whose depth changes by at most one level at a time, up to ``max_depth``."""
    lines: list[str] = []
    indents = [""]  # content column of each open level
    for number in range(draw(st.integers(1, 12))):
        depth = draw(st.integers(0, min(len(indents) - 1 + 1, max_depth - 1))) if number else 0
        depth = min(depth, len(indents) - 1)
        if number and draw(st.integers(0, 2)) == 0:
            depth = min(len(indents) - 1, max_depth - 1)  # go one level deeper than the last item
        del indents[depth + 1:]
        marker = draw(_pool(LIST_MARKERS))
        text = draw(st.one_of(inline(allow_nul, phrases), _pool(TIMES).map(lambda t: t + " event"),
                              _pool(["", "Improve monitoring", "Short term:", "**Immediate**"])))
        lines.append(indents[depth] + marker + text)
        bullet = marker.split("[")[0]  # a task box is part of the item's content
        child = indents[depth] + " " * len(bullet.replace("\t", "  "))
        indents.append(child)
        extra = draw(st.integers(0, 9))
        if extra == 0:
            lines.append(child + draw(inline(allow_nul, phrases)))  # a continuation paragraph line
        elif extra == 1:
            lines.extend(["", child + draw(inline(allow_nul, phrases))])  # a second paragraph
        elif extra == 2:
            lines.extend([child + "```", child + draw(_pool(TIMES)) + " log", child + "```"])
        elif extra == 3:
            lines.append(child + "> " + draw(inline(allow_nul, phrases)))
        elif extra == 4:
            lines.append(draw(inline(allow_nul, phrases)))  # a lazy continuation line
    return lines


@st.composite
def fenced_code(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    char = draw(_pool(["`", "~"]))
    fence = char * draw(st.integers(3, 5))
    indent = draw(_pool(["", "", " ", "   "]))
    info = draw(_pool(["", "text", "log", "yaml", "```", "~~~ x", " python {.x}"]))
    body = [draw(st.one_of(_pool(["# not a heading", "<!-- pmlint-disable-file -->", "- 14:05 deploy",
                                  "| a | b |", "John forgot to", "a disaster", "```", "~~~", "---", ""]),
                           inline(allow_nul, phrases)))
            for _ in range(draw(st.integers(0, 4)))]
    closing = draw(_pool([indent + fence, fence + char, fence + " ", "    " + fence, None, char * 2]))
    lines = [indent + fence + info, *body]
    if closing is not None:
        lines.append(closing)
    return lines


@st.composite
def html_block(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    text = draw(inline(allow_nul, phrases))
    return draw(_pool([
        ["<div>", text, "</div>"], ["<details>", "<summary>Timeline</summary>", "", "- 14:05 " + text, "", "</details>"],
        ["<!--", text, "-->"], ["<!-- unclosed comment " + text], ["<script>", "var x = '<!--';", "</script>"],
        ["<?php echo 1; ?>"], ["<![CDATA[", text, "]]>"], ["<!DOCTYPE html>"],
        ["<table><tr><td>14:05</td><td>" + text + "</td></tr></table>"], ["<br>"], ["</div>"],
        ["<pre>", "# not a heading", text, "</pre>"], ["<style>", "h1 {}", "</style>"], ["<div>" * 40, text],
        ["<!--", "<!-- pmlint-disable -->", "-->", text], ["-->", text], ["<textarea>", text, "</textarea>"],
    ]))


@st.composite
def directive(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    kind = draw(_pool(["pmlint-disable", "pmlint-disable-next-line", "pmlint-disable-file", "pmlint-enable",
                       "pmlint-disable", "pmlint-disable-next-line", "pmlint-disablefoo", "PMLINT-DISABLE",
                       "pmlint-enable-file", " pmlint-disable-next-line"]))
    names = draw(st.lists(st.one_of(_pool(RULE_IDS), st.text("abcPMpm0123456789-_", min_size=1, max_size=8)),
                          max_size=6))
    separator = draw(_pool([" ", ",", ", ", "\t", "\n", " ,, "]))
    comment = f"<!-- {kind} {separator.join(names)} -->"
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return [draw(inline(allow_nul, phrases)) + " " + comment]
    if shape == 1:
        return [comment, draw(inline(allow_nul, phrases))]
    return comment.split("\n")


@st.composite
def long_line(draw: st.DrawFn, allow_nul: bool, phrases: list[str]) -> list[str]:
    """One line of 10^4 to 10^5 characters, built by repeating a short piece (cheap to generate)."""
    piece = draw(st.one_of(inline(allow_nul, phrases), _pool(["a", "|", "*", "[", "`", "<!-- ", "a disaster ", "> ",
                                                               "- ", "14:05 ", "**a** ", "\u0301", "🔥", " "])))
    length = draw(st.integers(10_000, 100_000))
    piece = piece or "a"
    line = (piece * (length // len(piece) + 1))[:length]
    prefix = draw(_pool(["", "# ", "- ", "> ", "| ", "    ", "1. "]))
    return [prefix + line]


def _quote(lines: list[str], prefix: str, lazy: bool) -> list[str]:
    """Quote every line, or (lazy continuation) only the first."""
    return [prefix + lines[0], *lines[1:]] if lazy else [prefix + line for line in lines]


@st.composite
def block_quote(draw: st.DrawFn, allow_nul: bool, phrases: list[str], depth: int = 0,
                max_nesting: int = 30) -> list[str]:
    inner = draw(block(allow_nul, phrases, depth + 1)) if depth < 2 else draw(paragraph(allow_nul, phrases))
    for _ in range(draw(st.integers(1, max_nesting))):
        prefix = draw(_pool(["> ", ">", " > ", "   > ", ">\t", "> > ", ">>"]))
        inner = _quote(inner, prefix, lazy=draw(st.integers(0, 5)) == 0)
    return inner


@st.composite
def block(draw: st.DrawFn, allow_nul: bool = False, phrases: list[str] = PHRASES, depth: int = 0) -> list[str]:
    kind = draw(st.integers(0, 22))
    if kind in (0, 1):
        return draw(atx_heading(allow_nul, phrases))
    if kind == 2:
        return draw(setext_heading(allow_nul, phrases))
    if kind in (3, 4):
        return draw(paragraph(allow_nul, phrases))
    if kind == 5:
        return draw(labels(allow_nul, phrases))
    if kind in (6, 7):
        return draw(table(allow_nul, phrases))
    if kind in (8, 9):
        return draw(nested_list(allow_nul, phrases, max_depth=30 if depth == 0 else 4))
    if kind == 10 and depth < 2:
        return draw(block_quote(allow_nul, phrases, depth, max_nesting=30 if depth == 0 else 3))
    if kind == 11:
        return draw(fenced_code(allow_nul, phrases))
    if kind == 12:
        return ["    " + draw(inline(allow_nul, phrases)), "\t" + draw(_pool(TIMES)) + " in indented code"]
    if kind == 13:
        return draw(html_block(allow_nul, phrases))
    if kind in (14, 15):
        return draw(directive(allow_nul, phrases))
    if kind == 16:
        return [draw(_pool(["---", "***", "___", "- - -", "* * *", "___ _"]))]
    if kind == 17:
        return [f"[{draw(_pool(['ref', 'x', '1', 'REF', '^1']))}]: {draw(_pool(URLS))} "
                + draw(_pool(['', '"title"', "'t'", '(t)', 'junk']))]
    if kind == 18:
        return [draw(_pool(["", " ", "\t", "  \t  "]))]
    if kind == 19:
        return [draw(_junk(allow_nul, 40))]
    if kind == 20 and draw(st.integers(0, 3)) == 0:
        return draw(long_line(allow_nul, phrases))
    if kind == 21:
        return [f"- {draw(_pool(TIMES))} {draw(inline(allow_nul, phrases))}" for _ in range(draw(st.integers(1, 5)))]
    return draw(paragraph(allow_nul, phrases))


# -- front matter and whole documents -----------------------------------------------------------


@st.composite
def front_matter(draw: st.DrawFn, allow_nul: bool) -> list[str]:
    kind = draw(st.integers(0, 9))
    keys = ["title", "date", "authors", "owners", "responders", "impact", "duration", "status", "root-cause",
            "summary", "timeline", "action_items", "incident-commander", "by", "people", "tags", "Impact"]
    values = ["Outage", "2026-03-15", "2026-13-45", "[Ana Silva, Bo]", "45 minutes", "resolved", "", "~", "null",
              "123", "1e999999", "{name: Ana}", "[{name: Sam}, 3, [Nested, [Deep]]]", "'quoted: value'", "|\n  block",
              "&a [Ana, *a]", "*undefined", "!!binary AAAA", "!!python/object/apply:os.system ['true']", "yes",
              "2026-03-15T14:05:00Z", "!!set {a, b}", "[", "{", "Ana: Silva", "\"unterminated", "'it''s'"]
    if kind <= 3:
        body = [f"{draw(_pool(keys))}: {draw(_pool(values))}" for _ in range(draw(st.integers(0, 6)))]
        opener, closer = "---", draw(_pool(["---", "---", "...", "--- ", None]))
    elif kind == 4:
        body = [draw(_pool(["- just", "- a list", "42", "'a string'", "[1, 2]", "null", "? complex key", "  bad: indent",
                            "\tx: tab", "a: b: c", "&anchor", "--- ", "%YAML 1.2", "!!map"]))
                for _ in range(draw(st.integers(1, 4)))]
        opener, closer = "---", "---"
    elif kind == 5:
        body = [draw(_pool(['title = "Outage"', "date = 2026-03-15", 'authors = ["Ana"]', "[owners]", 'name = "Sam"',
                            "duration = ", "a = [[[[1]]]]", "x = {y = {z = 1}}", "[[t]]", "bad", 'k = """',
                            "date = 2026-13-45", "n = 1e400", "[a.b.c]", 'impact = "TBD"']))
                for _ in range(draw(st.integers(0, 5)))]
        opener, closer = "+++", draw(_pool(["+++", "+++", None, "---"]))
    elif kind == 6:
        # A small alias bomb: harmless to parse, large if anything walks it naively.
        body = ['l0: &l0 ["Ana", "Bo"]', 'l1: &l1 [*l0, *l0, *l0]', 'l2: &l2 [*l1, *l1, *l1]',
                f"{draw(_pool(keys))}: *l2"]
        opener, closer = "---", "---"
    elif kind == 7:
        body = [draw(_junk(allow_nul, 30)) for _ in range(draw(st.integers(0, 3)))]
        opener, closer = draw(_pool(["---", "+++"])), draw(_pool(["---", "+++", "..."]))
    elif kind == 8:
        body = [f"{key}: {draw(_pool(values))}" for key in ("title", "date", "authors")]
        opener, closer = draw(_pool(["--- ", "---\t", "----", " ---", "+++ "])), "---"
    else:
        return []
    return [opener, *body] + ([closer] if closer is not None else [])


@st.composite
def document_lines(draw: st.DrawFn, allow_nul: bool = False, phrases: list[str] = PHRASES,
                   min_blocks: int = 1, max_blocks: int = 10) -> list[str]:
    lines = list(draw(front_matter(allow_nul))) if draw(st.integers(0, 2)) == 0 else []
    for _ in range(draw(st.integers(min_blocks, max_blocks))):
        lines.extend(draw(block(allow_nul, phrases)))
        if draw(st.integers(0, 3)):
            lines.append("")
    return lines


@st.composite
def line_ends(draw: st.DrawFn, lines: list[str]) -> str:
    style = draw(_pool(["\n", "\r\n", "\r", "mixed"]))
    if style == "mixed":
        ends = [draw(_pool(["\n", "\r\n", "\r"])) for _ in lines]
    else:
        ends = [style] * len(lines)
    text = "".join(line + end for line, end in zip(lines, ends))
    if lines and draw(st.booleans()):
        text = text[:-len(ends[-1])]  # no line end at the end of the file
    return text


@st.composite
def documents(draw: st.DrawFn, allow_nul: bool = False, phrases: list[str] = PHRASES, max_blocks: int = 10) -> str:
    text = draw(line_ends(draw(document_lines(allow_nul, phrases, max_blocks=max_blocks))))
    return (BOM + text) if draw(st.integers(0, 3)) == 0 else text


@st.composite
def character_soup(draw: st.DrawFn) -> str:
    """Unstructured text dense in Markdown syntax characters, line ends and odd characters."""
    alphabet = st.one_of(st.sampled_from(list(MARKDOWN_PUNCTUATION + "\n\r\n0123456789aAxX")),
                         st.characters(exclude_categories=("Cs",)))
    pieces = draw(st.lists(st.one_of(st.text(alphabet, max_size=30), _pool(PHRASES + TIMES + SECTION_NAMES + ODD_CHARS),
                                     _pool(["# ", "## ", "> ", "- ", "1. ", "| ", "```", "~~~", "---", "+++",
                                            "<!-- pmlint-disable ", "-->", "    ", "\n\n", "\r\n", "[x]"])),
                           max_size=40))
    return "".join(pieces)


# -- checks shared by the tests -----------------------------------------------------------------


def _lines(text: str) -> list[str]:
    """The file's lines as a reader counts them: BOM dropped, CR, LF and CRLF each end a line."""
    return LINE_END.split(text.removeprefix(BOM))


def _slice(lines: list[str], line: int, column: int, end_line: int, end_column: int) -> str:
    if line == end_line:
        return lines[line - 1][column - 1:end_column - 1]
    return "\n".join([lines[line - 1][column - 1:], *lines[line:end_line - 1], lines[end_line - 1][:end_column - 1]])


def plain(text: str) -> str:
    """Text as a reader sees it, for comparing a span's source with a quoted term: no entities,
    emphasis or escapes, blanks collapsed, case folded."""
    return " ".join(re.sub(r"[*_~`\\]", "", html.unescape(text)).split()).casefold()


def assert_well_formed(text: str, findings: list[Finding], path: str = "doc.md") -> None:
    """Spans inside the file, fixes matching their text, sorted and without duplicates."""
    lines = _lines(text)
    for finding in findings:
        span = finding.span
        where = (finding.code, span, finding.message[:120])
        assert finding.path == path, where
        assert finding.code in ENGINE.rules and finding.rule == ENGINE.rules[finding.code].name, where
        assert isinstance(finding.severity, Severity) and finding.message, where
        assert 1 <= span.line <= span.end_line <= len(lines), (where, len(lines))
        assert span.column >= 1 and span.end_column >= 1, where
        assert (span.line, span.column) <= (span.end_line, span.end_column), where
        assert span.column <= len(lines[span.line - 1]) + 1, (where, lines[span.line - 1][:200])
        assert span.end_column <= len(lines[span.end_line - 1]) + 1, (where, lines[span.end_line - 1][:200])
        if (span.line, span.column) != (span.end_line, span.end_column):
            flagged = _slice(lines, span.line, span.column, span.end_line, span.end_column)
            assert flagged.strip(), (where, flagged)  # some text, not only blanks
            if finding.code == "PM402":  # the span covers the very term the message quotes
                term = re.match(r"'(.+?)' ", finding.message)
                assert term and plain(flagged) == plain(term.group(1)), (where, flagged)
        if finding.fix is not None:
            fix = finding.fix.span
            assert fix.line == fix.end_line and 1 <= fix.line <= len(lines), (where, fix)
            assert 1 <= fix.column <= fix.end_column <= len(lines[fix.line - 1]) + 1, (where, fix)
            assert lines[fix.line - 1][fix.column - 1:fix.end_column - 1] == finding.fix.original, (where, finding.fix)
            assert "\n" not in finding.fix.replacement and "\r" not in finding.fix.replacement, (where, finding.fix)
    assert findings == sorted(findings, key=Finding.sort_key)
    assert len(set(findings)) == len(findings)


def _comparable(findings: list[Finding]) -> list[tuple]:
    return [(f.code, f.span, f.message, f.suggestion, f.fix, f.severity, f.fingerprint) for f in findings]


# -- engine-level properties --------------------------------------------------------------------


@fuzz_settings(150)
@given(documents(allow_nul=True))
def test_engine_survives_any_markdown(text: str) -> None:
    findings = lint(text)
    assert_well_formed(text, findings)
    assert _comparable(lint(text)) == _comparable(findings)  # deterministic


@fuzz_settings(150)
@given(character_soup())
def test_engine_survives_character_soup(text: str) -> None:
    findings = lint(text)
    assert_well_formed(text, findings)
    assert _comparable(lint(text)) == _comparable(findings)


@fuzz_settings(80)
@given(document_lines(allow_nul=True), st.sampled_from(["\r\n", "\r", "mixed"]), st.randoms(use_true_random=False))
def test_line_ends_and_bom_change_nothing(lines: list[str], style: str, random) -> None:
    lf = LINE_END.sub("\n", "\n".join(lines) + "\n")  # lines may hold line ends of their own
    pieces = lf.split("\n")
    if style == "mixed":
        ends = [random.choice(["\n", "\r\n", "\r"]) for _ in pieces[:-1]]
        for index in range(1, len(ends)):
            if ends[index - 1] == "\r" and not pieces[index] and ends[index] == "\n":
                ends[index] = "\r\n"  # CR, empty line, LF would read as one CRLF: one line fewer
        other = "".join(piece + end for piece, end in zip(pieces, ends)) + pieces[-1]
    else:
        other = style.join(pieces)
    expected = _comparable(lint(lf))
    assert _comparable(lint(other)) == expected, "line ends changed the findings"
    if not lf.startswith(BOM):
        assert _comparable(lint(BOM + other)) == expected, "a BOM changed the findings"


@fuzz_settings(100)
@given(documents(phrases=PHRASES + CHARGED * 3, max_blocks=8))
def test_fixes_apply_cleanly_and_only_remove_findings(text: str) -> None:
    """Safe fixes (what ``--fix`` applies) only remove findings. Unsafe ones may change what the text says
    ('resolved a disaster' -> 'resolved a major incident' reads as an incident summary), so they are held
    only to applying cleanly and removing findings of their own rule (``--unsafe-fixes`` then refuses a
    file whose fixes found something new, tested in test_fix.py)."""
    findings = lint(text)
    assert_well_formed(text, findings)
    _check_fixes(text, findings, [finding.fix for finding in findings if finding.fix is not None and finding.fix.safe],
                 strict=True)
    _check_fixes(text, findings, [finding.fix for finding in findings if finding.fix is not None], strict=False)


def _check_fixes(text: str, findings: list[Finding], fixes: list, strict: bool) -> None:
    if not fixes:
        return
    data = text.encode("utf-8")
    fixed, applied = apply_fixes(data, fixes)
    assert applied >= 1
    fixed_text = fixed.decode("utf-8")
    # The BOM and every line end stay exactly as they were.
    assert fixed_text.startswith(BOM) == text.startswith(BOM)
    assert LINE_END.findall(fixed_text) == LINE_END.findall(text)
    before = Counter(finding.code for finding in findings)
    after_findings = lint(fixed_text)
    assert_well_formed(fixed_text, after_findings)
    after = Counter(finding.code for finding in after_findings)
    fixed_codes = {finding.code for finding in findings if finding.fix in fixes}
    new = {code: count for code, count in after.items() if count > before[code] and (strict or code in fixed_codes)}
    assert not new, f"fixing added findings: {new}; after: {[(f.code, f.span, f.message) for f in after_findings]}"
    assert sum(after[code] for code in fixed_codes) < sum(before[code] for code in fixed_codes)


def _neutralised(text: str) -> str:
    """The same text with every suppression directive turned into an ordinary comment of the same length."""
    return re.sub("pmlint-", "pmlinx-", text, flags=re.IGNORECASE)


@fuzz_settings(80)
@given(documents(phrases=PHRASES + CHARGED, max_blocks=8))
def test_suppressions_only_remove_findings(text: str) -> None:
    with_directives = lint(text)
    without = {(finding.code, finding.span) for finding in lint(_neutralised(text))}
    extra = [(finding.code, finding.span, finding.message) for finding in with_directives
             if finding.code != "PM901" and (finding.code, finding.span) not in without]
    assert not extra, "a suppression comment added findings"
    lines = _lines(text)
    for finding in with_directives:
        if finding.code == "PM901":
            assert "pmlint-" in _slice(lines, finding.span.line, 1, finding.span.end_line,
                                       len(lines[finding.span.end_line - 1]) + 1).lower()


@fuzz_settings(60)
@given(st.data())
def test_deep_nesting(data: st.DataObject) -> None:
    lines = data.draw(nested_list(False, PHRASES, max_depth=30))
    if data.draw(st.booleans()):
        lines = data.draw(block_quote(False, PHRASES, 0, max_nesting=30).map(lambda quoted: quoted + [""] + lines))
    for _ in range(data.draw(st.integers(0, 30))):
        prefix = data.draw(st.sampled_from(["> ", "- ", "1. ", "> - ", "  ", "- [ ] "]))
        lines = [prefix + lines[0]] + [(" " * len(prefix) if not prefix.startswith(">") else ">") + line
                                       for line in lines[1:]]
    text = data.draw(line_ends(lines))
    findings = lint(text)
    assert_well_formed(text, findings)


@fuzz_settings(8, slow=True)
@given(st.lists(st.one_of(long_line(False, PHRASES + CHARGED), block(False, PHRASES)), min_size=1, max_size=4))
def test_very_long_lines(blocks: list[list[str]]) -> None:
    text = "\n".join(line for lines in blocks for line in lines) + "\n"
    findings = lint(text)
    assert_well_formed(text, findings)


# -- bytes through the decoder, the runner and the CLI ------------------------------------------

INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80", b"\xe2\x82",
                b"\xf0\x9f\x94", b"\xc1\xbf", b"\xf8\x88\x80\x80\x80"]


@st.composite
def file_bytes(draw: st.DrawFn) -> bytes:
    text = draw(documents(phrases=PHRASES + CHARGED, max_blocks=8))
    data = text.encode("utf-8")
    mutation = draw(st.integers(0, 11))
    position = draw(st.integers(0, len(data)))
    if mutation == 5:
        data = data[:position] + draw(_pool(INVALID_UTF8)) + data[position:]
    elif mutation == 6:
        data = data[:position] + b"\x00" + data[position:]
    elif mutation == 7:
        data = b"x" * draw(st.integers(8000, 8300)) + data + b"\x00"  # a NUL past the binary sniff
    elif mutation == 8:
        data = text.encode(draw(_pool(["utf-16", "utf-16-le", "utf-16-be", "utf-32"])))
    elif mutation == 9:
        data = data[:position]  # may cut a multi-byte character in half
    elif mutation == 10:
        data = draw(_pool([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb"])) + data
    elif mutation == 11:
        data = draw(st.binary(max_size=200))
    return data


def _must_fail(data: bytes) -> bool:
    """Input the README says cannot be linted: undecodable as UTF-8 (UTF-16 included)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with no pmlint configuration above it (the display path of stdin)."""
    return tmp_path_factory.mktemp("fuzz")


@fuzz_settings(120, slow=True)
@given(file_bytes(), st.sampled_from([None, "fix", "diff"]))
def test_runner_on_bytes(workdir: Path, data: bytes, fix: str | None) -> None:
    name = (workdir / "doc.md").as_posix()
    result = lint_paths(ENGINE, ConfigCache(ENGINE.rules), ["-"], stdin_bytes=data, stdin_filename=name, fix=fix)
    for error in result.errors:
        assert isinstance(error, InputError) and error.file == name, repr(error)
        assert "internal error" not in str(error) and "fixes not applied" not in str(error), str(error)
        assert "\n" not in str(error)
    if _must_fail(data):
        assert len(result.errors) == 1 and result.files == 0
        return
    if result.errors:  # only a NUL may stop a valid UTF-8 file from being linted: it is "binary"
        assert b"\x00" in data and "binary file" in str(result.errors[0]), str(result.errors[0])
        return
    assert result.files == 1
    text = data.decode("utf-8")
    if fix == "fix" and result.fixed_stdin is not None:
        # --fix reports what remains: the findings are those of the fixed text.
        fixed = result.fixed_stdin.decode("utf-8")
        assert LINE_END.findall(fixed) == LINE_END.findall(text)
        assert fixed.startswith(BOM) == text.startswith(BOM)
        assert_well_formed(fixed, result.findings, path=name)
    else:
        assert_well_formed(text, result.findings, path=name)
    if fix is None:  # the runner finds what the engine finds
        assert _comparable(result.findings) == _comparable(
            [Finding(name, f.span, f.rule, f.code, f.severity, f.message, f.suggestion, f.fix, f.fingerprint)
             for f in lint(text)])


@fuzz_settings(40, slow=True)
@given(file_bytes(), st.sampled_from(["json", "sarif", "text", "github", "junit", "fix"]))
def test_cli_on_bytes(workdir: Path, data: bytes, output: str) -> None:
    name = (workdir / "doc.md").as_posix()
    options = ["--fix", "--format", "json"] if output == "fix" else ["--format", output]
    result = CliRunner().invoke(cli, ["check", *options, "-", "--stdin-filename", name], input=data,
                                env={"GITHUB_ACTIONS": "", "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    if result.exit_code == 2:
        errors = [line for line in result.stderr.splitlines() if line.startswith("pmlint: error:")]
        assert len(errors) == 1 and errors[0].startswith(f"pmlint: error: {name}"), result.stderr
        if output == "fix":  # stdout passes the input through unchanged; stderr has the (empty) findings first
            assert result.stdout_bytes == data
        else:
            assert result.stderr == errors[0] + "\n", result.stderr
        assert _must_fail(data) or b"\x00" in data, result.stderr
        return
    assert not _must_fail(data)
    if output == "fix":  # the fixed document on stdout, the findings on stderr
        fixed = result.stdout_bytes.decode("utf-8")
        assert LINE_END.findall(fixed) == LINE_END.findall(data.decode("utf-8"))
        assert "pmlint: error" not in result.stderr, result.stderr
    elif output in ("json", "sarif"):
        json.loads(result.stdout)
    elif output == "junit":
        ElementTree.fromstring(result.stdout)
    if output == "json":
        text = data.decode("utf-8")
        lines = _lines(text)
        for item in json.loads(result.stdout):
            assert 1 <= item["line"] <= item["end_line"] <= len(lines)
            assert item["end_column"] <= len(lines[item["end_line"] - 1]) + 1
