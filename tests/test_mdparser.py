"""pmlint.reading.mdparser: the fast parser's tokens are stock markdown-it's, field for field, children included.

Compared on the shared corpus (when it is there), every Markdown file of tests/, the benchmark shapes at
a small size, random post-mortems (tests/test_fuzz_markdown.py's strategies) and random documents made
of the lines that decide which block rule matches: indentation and tabs, quote and list prefixes,
setext underlines and thematic breaks, table rows with and without pipes, HTML blocks of each kind,
link reference definitions, fences. A necessary condition that is not one (a rule skipped where it
could match) shows up as a difference here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown_it
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit as stock_escaped_split
from markdown_it.token import Token
from test_fuzz_markdown import documents, fuzz_settings

from benchmarks.shapes import SHAPES
from pmlint.reading import mdparser
from pmlint.reading.parser_setup import markdown_parser

TESTS = Path(__file__).parent
SHARED_CORPUS = TESTS.parent.parent / "shared" / "corpus"


def token_tree(tokens: list[Token] | None) -> list[tuple[Any, ...]]:
    """``tokens`` as plain tuples of every field markdown-it sets, children included."""
    return [(token.type, token.tag, token.nesting, token.map, token.level, token.content, token.markup,
             token.info, token.block, token.hidden, dict(token.attrs), dict(token.meta),
             None if token.children is None else token_tree(token.children))
            for token in tokens or []]


def _stock() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


STOCK = _stock()
FAST = mdparser.with_fast_paths(_stock())


def _stock_document_parser() -> MarkdownIt:
    """markdown_parser() as it is built, without the fast paths (heading and table rules wrapped)."""
    original = mdparser.with_fast_paths
    mdparser.with_fast_paths = lambda parser, **_: parser  # type: ignore[assignment]
    try:
        return markdown_parser.__wrapped__()
    finally:
        mdparser.with_fast_paths = original  # type: ignore[assignment]


STOCK_DOCUMENT = _stock_document_parser()

# The triggers other than newlines, backticks and "[" (as the inline rule passes them).
_OTHERS = mdparser._character_class("\\~*_!<&")


def assert_same_tokens(text: str) -> None:
    assert token_tree(FAST.parse(text, {})) == token_tree(STOCK.parse(text, {}))
    # pmlint's own parser: the same tokens and the same content columns recorded in env
    fast_env: dict[str, Any] = {}
    stock_env: dict[str, Any] = {}
    deferring = markdown_parser().parse(text, fast_env)
    assert token_tree(children_made(deferring)) == token_tree(STOCK_DOCUMENT.parse(text, stock_env))
    assert fast_env == stock_env


def children_made(tokens: list[Token]) -> list[Token]:
    """``tokens`` of a parse that defers plain lines' children, with those children made and put in place
    (and the mark taken off): what the parse would have made without deferring."""
    for token in tokens:
        deferred = mdparser.deferred_children(token)
        if deferred is not None:
            assert token.children == []
            token.children = list(deferred)
            token.meta = {key: value for key, value in token.meta.items() if key != mdparser._PLAIN_LINES}
    return tokens


def _markdown_files(*folders: Path) -> list[Path]:
    return sorted(path for folder in folders for path in folder.rglob("*")
                  if path.is_file() and path.suffix in (".md", ".markdown"))


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


@pytest.mark.parametrize("path", _markdown_files(TESTS), ids=lambda path: str(path.relative_to(TESTS)))
def test_markdown_files_of_the_tests(path: Path) -> None:
    assert_same_tokens(_read(path))


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the shared corpus is not next to this checkout")
def test_shared_corpus() -> None:
    paths = _markdown_files(SHARED_CORPUS / "real", SHARED_CORPUS / "templates")
    assert paths
    for path in paths:
        assert_same_tokens(_read(path))


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_benchmark_shapes(name: str) -> None:
    shape, n = SHAPES[name]
    assert_same_tokens(shape(max(3, n // 2000)))


# -- random documents of the lines that choose the block rule ---------------------------------------

_PREFIXES = ["", "", "", " ", "  ", "   ", "    ", "\t", " \t", "> ", ">", "> > ", ">\t", "- ", "* ", "+ ", "1. ",
             "2) ", "  - ", "   1. ", "-\t", "> - ", "- > ", "1.  ", "    - "]
_LINES = [
    "text", "lazy continuation", "a *b* `c` [d](e) ![f](g) <h> &amp; ~~s~~ \\* _u_", "plain words here", "",
    " ", "\t", "---", "===", "- - -", "***", "___", "* * *", "--", "==", "-", "=", "- a", "= a", "+++",
    "| a | b |", "|---|---|", "a | b", "--- | ---", ":-: | -:", "|:--|", "| --- |", "-|-", "| x |", "a|b|c",
    "x \\| y | z", "|", "||", "- | -",
    "<div>", "</div>", "<!-- comment -->", "<!--", "-->", "<?php echo 1; ?>", "<?x", "?>", "<!DOCTYPE html>",
    "<![CDATA[ x ]]>", "]]>", "<script>", "</script>", "<pre>", "</pre>", "<textarea>", "<style>", "</style>",
    "<custom-tag>", "<a href='x'>", "</a>", "<table>", "<p>para</p>",
    "[ref]: /url \"title\"", "[ref]:", "/url", "[ref]: <a b>", "[a\\]b]: x", "[ref]", "[^note]: x",
    "```", "~~~", "```py", "~~~ info `x`", "````", "``` a ` b",
    "# h", "## h ##", "###### h", "####### no", "#no", "#", "#\tt",
    "1.", "2.", "0)", "1234567890. x", "10) ten", "9. nine", "5) five", "0. zero", "7.", "-x", "*x", "+x",
    "    code", "\tcode", "\u00a0nbsp", "\f feed", "x  ", "x\\",
]
_SUFFIXES = ["", "", "", "", " ", "  ", "\t", " -", " =", " |", "|", "\\", " #", " ---"]


@st.composite
def rule_choosing_documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 25))):
        prefix = "".join(draw(st.lists(st.sampled_from(_PREFIXES), max_size=3)))
        lines.append(prefix + draw(st.sampled_from(_LINES)) + draw(st.sampled_from(_SUFFIXES)))
    return draw(st.sampled_from(["\n", "\n", "\r\n"])).join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@pytest.mark.slow
@fuzz_settings(1500)
@given(rule_choosing_documents())
def test_rule_choosing_documents(text: str) -> None:
    assert_same_tokens(text)


@pytest.mark.slow
@fuzz_settings(300)
@given(documents())
def test_random_post_mortems(text: str) -> None:
    assert_same_tokens(text)


@pytest.mark.parametrize("text", [
    "Title\n---\n", "Title\n===\n\npara\n", "a\nb\n  ---  \n", "> a\n> ---\n", "- a\n  ---\n", "a\n\n---\n",
    "a\n    ---\n", "a\n> ---\n", "| a |\n|---|\n| b |\n", "a | b\n- | -\n", "- a\n- b\n\n- c\n", "  \n\t\n",
    "a\n   ", "<div>\nx\n</div>\n", "[x]: /y\n\n[x]\n", "```\n- a\n```\n", "- ```\n  a\n  ```\n",
    "1. a\n\n   b\n2. c\n", "> > a\nlazy\n", "a\n=\n-\n", "", "\n", "x", "\t\tcode\n\ntext",
    "a\0b\n\0", "a\rb\r\n---\r", "- a\r- b", "a\\*b\\", "![a *b* `c`](d)", "--- \n- - -\t\n",
])
def test_small_cases(text: str) -> None:
    assert_same_tokens(text)


# -- inline runs of text, code spans and line breaks (mdparser.code_span_tokens) -------------------------

_CODE_SPAN_PIECES = ["`", "``", "```", " ", "  ", "   ", "\n", "\n  ", "\n\t", "\t", "a", "word", "x y", "  \n",
                     " \n", "caf\u00e9", ":", "|", "#", "-"]
_OTHER_TRIGGERS = ["_", "*", "**", "[", "]", "](x)", "<", "<b>", "&amp;", "\\", "\\`", "!", "~~"]


@st.composite
def code_span_runs(draw: st.DrawFn) -> str:
    """Inline text whose inline triggers are mostly backticks and newlines: unclosed runs, runs closed by a
    run of another length, code spans over line ends, spaces around the code and before a line end; and
    now and then another trigger, inside a code span or outside one."""
    pieces = st.sampled_from(_CODE_SPAN_PIECES) | st.sampled_from(_OTHER_TRIGGERS)
    return "".join(draw(st.lists(pieces, min_size=1, max_size=30)))


@fuzz_settings(400)
@given(code_span_runs())
def test_code_span_runs(text: str) -> None:
    for document in (text, "- " + text, "> " + text, "# " + text.replace("\n", " "),
                     "| a | b |\n|---|---|\n| " + text.replace("\n", " ") + " | c |\n"):
        assert_same_tokens(document)


def test_code_span_runs_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    original = mdparser.code_span_tokens
    made: list[tuple[str, bool]] = []

    def recording(content: str, out: list[Token], *rest: Any) -> bool:
        made.append((content, original(content, out, *rest)))
        return made[-1][1]

    monkeypatch.setattr(mdparser, "code_span_tokens", recording)
    parser = mdparser.with_fast_paths(_stock())
    tokens = parser.parse("run `kubectl get pods`  \nthen ``a ` b`` and `x\ny` ``` end\n\n"
                          "set `db.max_pool` to `[*] & <b>` now\n\nset `a_b` to *c*\n", {})
    assert made == [("run `kubectl get pods`  \nthen ``a ` b`` and `x\ny` ``` end", True),
                    ("set `db.max_pool` to `[*] & <b>` now", True), ("set `a_b` to *c*", False)]
    assert [(child.type, child.content, child.markup) for child in tokens[1].children] == [
        ("text", "run ", ""), ("code_inline", "kubectl get pods", "`"), ("hardbreak", "", ""),
        ("text", "then ", ""), ("code_inline", "a ` b", "``"), ("text", " and ", ""),
        ("code_inline", "x y", "`"), ("text", " ``` end", "")]
    assert [(child.type, child.content) for child in tokens[4].children] == [
        ("text", "set "), ("code_inline", "db.max_pool"), ("text", " to "), ("code_inline", "[*] & <b>"), ("text", " now")]
    assert [child.type for child in tokens[7].children] == ["text", "code_inline", "text", "em_open", "text", "em_close"]


# -- runs of text and links (mdparser._LinkRuns) -------------------------------------------------------------

_LINK_PIECES = ["[", "]", "(", ")", "[a](b)", "[SRE-1](https://t.example.com/browse/SRE-1)", "[x y](/p?a=1&b=2)",
                "[a](javascript:alert(1))", "[a](javascript:x)", "[a](<b>)", "[a](b \"t\")", "[a]( b )", "[a][r]", "[r]",
                "[a]()", "[](b)", "[a](b&amp;c)", "[a](b&c;)", "[a](caf\u00e9)", "[a](b\\)c)", "[a](b(c))", "[a]\n(b)",
                "[a](data:image/png;x)", "[a](b\x7f)", "[a](\u00a0b)", " ", "text", ":", "!", "![i](j)", "*", "`c`",
                "&amp;", "<x>", "\\[", "_", "~", "[ ] ", "[x] ", "[]", "[a] (b)", "[a][]", "[a][b]", "[a]:", "[a b]"]


_CODE_AND_LINK_PIECES = ["`", "``", "[a](b)", "[a](b`c)", "[a](b``c)", "[`a`](b)", "`[a](b)`", "[a](b)`", "`[a](", "b)`",
                         "[a]", "[", "]", " ", "  \n", "\n", "text", "_", "**", "&amp;", "<x>", "\\"]


@fuzz_settings(400)
@given(st.lists(st.sampled_from(_LINK_PIECES) | st.sampled_from(_CODE_AND_LINK_PIECES), min_size=1, max_size=10)
       .map("".join))
def test_link_runs(text: str) -> None:
    for document in (text, "- " + text, "# " + text.replace("\n", " "), text + "\n\n[r]: /ref \"t\"\n",
                     "| " + text.replace("\n", " ").replace("|", "") + " | b |\n|--|--|\n"):
        assert_same_tokens(document)


def test_link_runs_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[tuple[str, bool]] = []
    original = mdparser.code_span_tokens

    def recording(content: str, out: list[Token], *rest: Any) -> bool:
        made.append((content, original(content, out, *rest)))
        return made[-1][1]

    monkeypatch.setattr(mdparser, "code_span_tokens", recording)
    parser = mdparser.with_fast_paths(_stock())
    tokens = parser.parse("see [INC-1](https://t.example.com/b/INC-1?a=1&b=2) and [x](/y) now\n\n"
                          "[a](javascript:x)\n\n[a *b*](c)\n\nrun `x [a](b` and [c](d`e) `f`\n", {})
    assert made == [("see [INC-1](https://t.example.com/b/INC-1?a=1&b=2) and [x](/y) now", True),
                    ("[a](javascript:x)", False), ("[a *b*](c)", False), ("run `x [a](b` and [c](d`e) `f`", True)]
    assert [(child.type, child.content, child.level, child.attrs) for child in tokens[1].children] == [
        ("text", "see ", 0, {}), ("link_open", "", 0, {"href": "https://t.example.com/b/INC-1?a=1&b=2"}),
        ("text", "INC-1", 1, {}), ("link_close", "", 0, {}), ("text", " and ", 0, {}),
        ("link_open", "", 0, {"href": "/y"}), ("text", "x", 1, {}), ("link_close", "", 0, {}), ("text", " now", 0, {})]
    assert [(child.type, child.content, child.level) for child in tokens[10].children] == [
        ("text", "run ", 0), ("code_inline", "x [a](b", 0), ("text", " and ", 0), ("link_open", "", 0),
        ("text", "c", 1), ("link_close", "", 0), ("text", " ", 0), ("code_inline", "f", 0)]
    assert tokens[10].children[3].attrs == {"href": "d%60e"}


@pytest.mark.parametrize(("content", "references", "taken"), [
    ("[ ] Look into retries `x` (owner: A)", {}, True), ("[x] Done [OPS-1](https://t.example.com/OPS-1)", {}, True),
    ("[a][b] and [c]", {}, True), ("see [below] now", {}, True),
    ("[ ] with a definition", {"A": {"href": "/a", "title": ""}}, False),  # "[a]" may be a reference link then
    ("[a] (b) [c](", {}, False), ("[a `b`] c", {}, False), ("[a\nb] c", {}, False),
])
def test_plain_brackets_take_the_fast_path(content: str, references: dict[str, Any], taken: bool) -> None:
    made: list[Token] = []
    env = {"references": references}
    assert mdparser.code_span_tokens(content, made, _OTHERS, mdparser._LinkRuns(), FAST, env) == taken
    if taken:
        assert token_tree(made) == token_tree(STOCK.parse(content, env)[1].children)


# -- bold runs among text, code spans, links and line breaks (mdparser._bold_run_at) --------------------------

_AROUND_BOLD = ["a", "Z", "1", " ", "\t", ":", ".", "(", ")", "'", '"', "$", "|", "#", "-", "\u00e9", "\u00a0", "\u3000",
                "\u2014", "\u201d", "\u3002", "\u2028"]


@fuzz_settings(600)
@given(st.tuples(*(st.lists(st.sampled_from(_AROUND_BOLD), min_size=size, max_size=4).map("".join) for size in (0, 1, 0)),
                 st.sampled_from(["**", "**", "*", "***"])))
def test_bold_runs(parts: tuple[str, str, str, str]) -> None:
    before, bold, after, marker = parts
    text = before + marker + bold + marker + after
    for document in (text, "- " + text, "| " + text.replace("|", "") + " | b |\n|--|--|\n"):
        assert_same_tokens(document)


_BOLD_PIECES = ["**", "**a**", "**04:49**", "**a b**", "**(b)**", "** a**", "**a **", "*", "***", "_", "a", "Z", " ",
                "  ", ".", "(", ")", ":", "\u2014", "\u00a0", "\n", "  \n", " \n", "\n  ", "`c`", "`", "``", "`a*b`",
                "[a](b)", "[a](b*c)", "[a]", "[", "]", "!", "&amp;", "\\*"]


@fuzz_settings(600)
@given(st.lists(st.sampled_from(_BOLD_PIECES), min_size=1, max_size=12).map("".join))
def test_bold_runs_among_code_spans_links_and_breaks(text: str) -> None:
    for document in (text, "- " + text, "# " + text.replace("\n", " "), text + "\n\n[a]: /ref\n",
                     "| " + text.replace("\n", " ").replace("|", "") + " | b |\n|--|--|\n"):
        assert_same_tokens(document)


@pytest.mark.parametrize(("content", "taken"), [
    ("**Impact:** About 300 customers", True), ("**Duration**: 2 hours", True), ("see **x** now", True),
    ("**17:07** \u2014 rollback", True), ("**a**", True), ("x **a**.", True), ("**a** and **b**", True),
    ("**a**\nb", True), ("**04:49** Ran `x --y` on `z`.", True), ("`x`**a**", True), ("**a** [b](c)", True),
    ("**a**  \n**b** \nc", True),
    ("** a**", False), ("**a **", False),  # a run before a blank cannot open, one after a blank cannot close
    ("x**a**y", False), ("a.**(b)**.c", False),  # inside a word, or punctuation on both sides: open and close
    ("**a *b* c**", False), ("**a****b**", False), ("***a***", False), ("**a [b](c)**", False), ("**a `b`**", False),
])
def test_bold_runs_take_the_fast_path(content: str, taken: bool) -> None:
    made: list[Token] = []
    assert mdparser.code_span_tokens(content, made, _OTHERS, mdparser._LinkRuns(), FAST) == taken
    if taken:
        assert token_tree(made) == token_tree(STOCK.parse(content, {})[1].children)
    else:
        assert made == []


# -- link destinations kept as they are (mdparser.normalize_link) ----------------------------------------

_URL_PIECES = ["http://", "https://", "HTTP://", "//", "/", "mailto:", "javascript:", "www.", "a", "Z", "0", "-", ".",
               "..", "_", "~", "?", "#", ":", ":80", "@", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", "%",
               "%41", "%4", "%zz", "[", "]", "[::1]", "{", "|", "\\", "^", "`", '"', "<", " ", "\t", "\u00e9", "\u3002",
               "xn--", "a" * 63, "b" * 64, ("c" * 63 + ".") * 4]


@fuzz_settings(2000)
@given(st.lists(st.sampled_from(_URL_PIECES), max_size=8).map("".join))
def test_normalize_link_is_markdown_its(url: str) -> None:
    assert mdparser.normalize_link(url) == normalize_url.normalizeLink(url)


@pytest.mark.parametrize(("url", "kept"), [
    ("https://grafana.example.com/d/x1?orgId=1&from=now-6h#panel", True), ("images/graph-1.png", True),
    ("/runbooks/db%20failover.md", True), ("#timeline", True), ("http://" + ("a" * 63 + ".") * 3 + "b" * 63, True),
    ("http://" + ("a" * 63 + ".") * 4 + "b" * 4, False),  # a host longer than 255: mdurl drops it
    ("http://" + "a" * 64 + "/x", False), ("mailto:oncall@example.com", False), ("HTTP://Example.com", False),
    ("https://user@example.com/", False), ("http://example.com:8080/", False), ("/a b", False), ("/%4", False),
    ("caf\u00e9", False), ("a:b", False), ("//example.com/x", False),
])
def test_normalize_link_keeps_only_what_markdown_it_keeps(url: str, kept: bool) -> None:
    assert mdparser.kept_as_it_is(url) == kept
    assert mdparser.normalize_link(url) == normalize_url.normalizeLink(url)
    if kept:
        assert normalize_url.normalizeLink(url) == url


# -- table rows split with str.split (mdparser.split_row) -------------------------------------------------

@fuzz_settings(1000)
@given(st.lists(st.sampled_from(["|", "\\", "\\|", "\\\\|", "a", " ", "`", "b c", "||"]), max_size=12).map("".join))
def test_split_row_is_markdown_its(row: str) -> None:
    assert mdparser.split_row(row) == stock_escaped_split(row)


@pytest.mark.parametrize("text", ["| a \\| b | c |\n|---|---|\n| 1 \\\\| 2 | 3 \\|\n", "a | b\n-|-\n\\| x | y\\\n"])
def test_escaped_pipes_in_tables(text: str) -> None:
    assert_same_tokens(text)


# -- rules the fast paths do not know ------------------------------------------------------------

def _percent_line(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A made-up block rule: a line starting with % is a block of its own (and interrupts a paragraph)."""
    position = state.bMarks[start_line] + state.tShift[start_line]
    if position >= state.eMarks[start_line] or state.src[position] != "%":
        return False
    if not silent:
        token = state.push("percent", "", 0)
        token.map = [start_line, start_line + 1]
        token.content = state.src[position:state.eMarks[start_line]]
    state.line = start_line + 1
    return True


def _with_percent_rule() -> MarkdownIt:
    parser = _stock()
    parser.block.ruler.before("paragraph", "percent", _percent_line, {"alt": ["paragraph"]})
    parser.inline.ruler.push("percent", lambda state, silent: False)
    return parser


@pytest.mark.parametrize("text", ["a\n% b\nc\n", "% a\n---\n", "- a\n  % b\n", "%\n", "a % b\n"])
def test_a_rule_it_does_not_know_is_always_tried(text: str) -> None:
    fast = mdparser.with_fast_paths(_with_percent_rule())
    assert token_tree(fast.parse(text, {})) == token_tree(_with_percent_rule().parse(text, {}))


def test_an_inline_rule_it_does_not_know_turns_the_inline_fast_path_off() -> None:
    parser = _with_percent_rule()
    inline_rule = dict(zip(parser.core.ruler.get_active_rules(), parser.core.ruler.getRules("")))["inline"]
    mdparser.with_fast_paths(parser)
    assert dict(zip(parser.core.ruler.get_active_rules(), parser.core.ruler.getRules("")))["inline"] is inline_rule


def test_the_fast_paths_are_in_use() -> None:
    """The comparisons above compare something: pmlint's parser and FAST are not stock markdown-it."""
    if not markdown_it.__version__.startswith("4."):
        pytest.skip("the fast paths are for markdown-it-py 4")
    assert type(FAST.block) is not type(STOCK.block)
    assert FAST.normalizeLink is mdparser.normalize_link and markdown_parser().normalizeLink is mdparser.normalize_link
    tables = [rule.fn for rule in FAST.block.ruler.__rules__ if rule.name == "table"]
    assert [table.__globals__["escapedSplit"] for table in tables] == [mdparser.split_row]
    wrapped = [rule.fn for rule in markdown_parser().block.ruler.__rules__ if rule.name == "table"]
    inner = [cell.cell_contents for cell in wrapped[0].__closure__ or () if callable(cell.cell_contents)]
    assert [table.__globals__["escapedSplit"] for table in inner] == [mdparser.split_row]
    assert type(markdown_parser().block) is type(FAST.block)
