"""The markdown-it parser a Document is read with, and its core rules from ``inline`` on.

CommonMark with tables and strikethrough, run with ``mdparser``'s fast paths; its heading and table rules
record where each of their lines' content starts (``env[CONTENT_COLUMNS]``).
"""
from __future__ import annotations

import functools
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore

from pmlint.reading import mdparser

# Where recorded line content starts, in the ``env`` of a parse.
CONTENT_COLUMNS = "pmlint_content_columns"
_BlockRule = Callable[[StateBlock, int, int, bool], bool]


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    ruler = parser.block.ruler
    rules = dict(zip(ruler.get_active_rules(), ruler.getRules("")))
    for name in ("heading", "table"):
        rule = rules[name]
        # Keep the rule's place in the chains that let it interrupt paragraphs, quotes and lists.
        chains = [chain for chain in ("paragraph", "reference", "blockquote", "list") if rule in ruler.getRules(chain)]
        ruler.at(name, _recording_content_columns(mdparser.table_rule(rule)), {"alt": chains})
    return mdparser.with_fast_paths(parser, defer_plain_lines=True)


def _recording_content_columns(rule: _BlockRule) -> _BlockRule:
    """Wrap a block rule so the parse records the column where each of its lines' content starts.

    Only markdown-it knows where block quote markers and list indentation end (``bMarks + tShift``)
    and it puts no columns on tokens; ATX headings and table rows need them to find their text in
    lines such as ``> - | a | b |``.
    """
    def rule_with_columns(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            columns = state.env.setdefault(CONTENT_COLUMNS, {})
            for line in range(start_line, min(state.line, len(state.bMarks))):
                offset = state.bMarks[line] + state.tShift[line]
                columns[line] = offset - (state.src.rfind("\n", 0, offset) + 1)
        return found
    return rule_with_columns


@functools.lru_cache(maxsize=1)
def inline_core_rules() -> list[Callable[[StateCore], None]]:
    """markdown-it's core rules from ``inline`` on (inline parsing, then joining text), in order."""
    ruler = markdown_parser().core.ruler
    rules = list(zip(ruler.get_active_rules(), ruler.getRules("")))
    names = [name for name, _ in rules]
    return [rule for _, rule in rules[names.index("inline"):]]
