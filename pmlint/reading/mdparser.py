"""Fast paths for markdown-it-py's parse: the same tokens for less work.

This module owns how pmlint's markdown-it parser runs, not what it parses: ``with_fast_paths`` takes a
configured ``MarkdownIt`` and returns it parsing with

- a block tokenizer that, at each line, tries only the block rules that can match a line starting
  with that character (markdown-it tries every rule at every line, each failing one a Python call and a
  ``LOGGER.debug`` call), the thematic break only on a line that can end one, the table only above a
  possible delimiter row, and the setext heading only when an underline can come before a blank line;
- the same choice for the terminator checks of paragraphs, references, quotes, lists and tables, which
  ask every rule of a chain, in silent mode, whether the next line starts a new block;
- a core ``inline`` rule that builds the single text token of an inline run which holds no character
  any inline rule reacts to (and the text and break tokens of one whose only such character is the
  newline; the text, code span, plain link, bold and break tokens of one with no other trigger outside its
  code spans, links, bold runs and, when no link reference is defined, brackets, ``code_span_tokens``),
  without running the inline parser; where it runs, it tries at each position only the rules that can
  match the character there;
- the core ``normalize`` rule skipped when there is no CR or NUL to replace, and ``text_join`` given
  only the inline tokens it would change;
- a link destination that markdown-it's ``normalizeLink`` would return as it is returned without parsing,
  re-formatting and percent-encoding it (``normalize_link``);
- the table rule splitting a row without a backslash before a pipe with ``str.split`` (``table_rule``,
  for the configuration to apply before it wraps the rule);
- block tokens made without the dataclass ``__init__``, and the options markdown-it reads with
  ``options.get(name, False)`` set to False (a missing one costs a raised KeyError each time).

Every skip rests on a necessary condition of the skipped rule, checked by the rule itself before it
changes any state: skipping a rule that would have returned False changes nothing. Every token built
here is the one the rules would build, field for field, as each function's docstring argues. A rule this module
does not know is always tried, and an inline rule it does not know turns the inline fast path off.
tests/test_mdparser.py compares the full token trees with stock markdown-it's.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Literal

import markdown_it
from markdown_it import MarkdownIt, rules_core
from markdown_it.common import normalize_url
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_block import ParserBlock
from markdown_it.parser_inline import ParserInline
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit as stock_escaped_split
from markdown_it.rules_block.table import table as stock_table
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType

BlockRule = Callable[[StateBlock, int, int, bool], bool]

# The markdown-it-py major version whose block, inline and core rules the conditions below were read in.
_ANALYSED_VERSION = "4."
_DIGITS = "0123456789"
# The characters a line's first non-space character must be for the block rule to match the line: each
# rule returns False, before it changes anything, when the character at bMarks + tShift is not one of these.
_FIRST_CHARACTERS = {
    "fence": "`~",          # marker = src[pos]; marker not in ("~", "`") -> False
    "blockquote": ">",      # src[pos] != ">" -> False
    "hr": "*-_",            # marker not in ("*", "-", "_") -> False
    "list": "*-+" + _DIGITS,  # skipOrderedListMarker wants an ASCII digit, skipBulletListMarker * - +
    "reference": "[",       # src[pos] != "[" -> False
    "html_block": "<",      # src[pos] != "<" -> False
    "heading": "#",         # ch != "#" -> False
}
# A thematic break (hr) is its marker (* - _) three times or more, with spaces and tabs: the rule returns
# False, before it changes anything, at a character that is neither, so the line must end in one of these.
_THEMATIC_BREAK_ENDS = "*-_ \t"
# Block rules that return False on a line indented as code (``state.is_code_block(line)``), first thing.
_NOT_ON_CODE_LINES = frozenset(("table", "fence", "blockquote", "hr", "list", "reference", "html_block", "heading"))
# A line whose text ends in - or = then spaces and tabs (the end of the match is the line's end), and a
# blank line (spaces and tabs only, as markdown-it counts indentation).
_UNDERLINE_END = re.compile(r"[-=][ \t]*$", re.MULTILINE)
_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)
# The characters that make the table rule look at a delimiter row: the rule returns False unless the
# line after the header starts with one of them.
_TABLE_DELIMITER_STARTS = "|-:"

# The character each inline rule can start matching at (each returns False first thing elsewhere); the
# text rule takes everything else. Post-processing rules that do nothing to a single text token.
_INLINE_TRIGGERS = {
    "text": "",
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
# Link destinations that markdown-it's normalizeLink (mdurl.parse, punycode, mdurl.format, mdurl.encode) returns
# unchanged (see normalize_link): characters mdurl.encode keeps (ASCII letters and digits, ENCODE_DEFAULT_CHARS,
# a % before two hex digits), and either an http(s) URL whose host is ASCII labels or a path with no colon.
_LINK_KEPT = r"(?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*"
_KEPT_LINK = re.compile(
    r"https?://(?P<host>[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{0,63})*)(?:[/?#]" + _LINK_KEPT + r")?"
    r"|(?!//)(?:[A-Za-z0-9;/?@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})+")
_HOST_MAX = 255  # mdurl drops a longer host name
# Every trigger of markdown-it's inline rules (the link and bold fast paths want them all enabled).
_ALL_TRIGGERS = "".join(_INLINE_TRIGGERS.values())
# A link whose text holds no inline trigger, "]" or newline, and whose destination has no blank, control
# character, backslash, parenthesis or angle bracket (``_LinkRuns``).
_PLAIN_LINK = re.compile(r"\[([^\]\n\\`~*_\[!<&]+)\]\(([^\s()<>\\\x00-\x1f\x7f]+)\)")
# Brackets around text holding no inline trigger, "]" or newline, not followed by "(": a task list's "[ ]",
# a "[see below]" (``_LinkRuns.never_a_link``).
_PLAIN_BRACKETS = re.compile(r"\[[^\]\n\\`~*_\[!<&]*\](?!\()")
# A bold run, "**" then text holding no inline trigger or newline then "**" not followed by another "*"
# (``_bold_run_at``).
_BOLD_RUN = re.compile(r"\*\*([^\n\\`~*_\[!<&]+)\*\*(?!\*)")
_INLINE_POST_RULES = frozenset(("balance_pairs", "strikethrough", "emphasis", "fragments_join"))
# The ``meta`` key marking an inline token whose children are left to ``deferred_children``.
_PLAIN_LINES = "pmlint_plain_lines"
# Options markdown-it's rules read with ``options.get(name, False)``. For an absent name OptionsDict.get
# raises and catches a KeyError (twice per list item); set to False, the answer is the same, cheaper.
_OPTIONS_FALSE_BY_DEFAULT = ("tasklists", "inline_definitions", "alerts", "store_labels",
                             "strikethrough_single_tilde")


def with_fast_paths(parser: MarkdownIt, *, defer_plain_lines: bool = False) -> MarkdownIt:
    """``parser`` made to tokenize with the fast paths; configure it (enable rules, wrap rules) first.

    The rules' conditions were read in markdown-it-py 4's source: under another major version the
    parser is returned as it is.

    With ``defer_plain_lines`` an inline token of lines of plain text gets no children: they are made
    one at a time, as they are read, by ``deferred_children`` (a 330,000-line paragraph's 660,000 text
    and break tokens took ~300 MB at once).
    """
    if not markdown_it.__version__.startswith(_ANALYSED_VERSION):
        return parser
    for name in _OPTIONS_FALSE_BY_DEFAULT:
        if name not in parser.options:
            parser.options[name] = False
    for rule in parser.block.ruler.__rules__:
        rule.fn = table_rule(rule.fn)
    parser.block = _DispatchingParserBlock(parser.block.ruler)
    triggers = _inline_triggers(parser)
    if triggers is not None:
        parser.inline = _DispatchingParserInline(parser.inline)
        parser.core.ruler.at("inline", _inline_with_fast_path(triggers, defer_plain_lines))
    if "normalizeLink" not in vars(parser) and type(parser).normalizeLink is MarkdownIt.normalizeLink:
        parser.normalizeLink = normalize_link  # type: ignore[method-assign]
    core_rules = dict(zip(parser.core.ruler.get_active_rules(), parser.core.ruler.getRules("")))
    if core_rules.get("normalize") is rules_core.normalize:
        parser.core.ruler.at("normalize", _normalize_with_fast_path)
    if core_rules.get("text_join") is rules_core.text_join:
        parser.core.ruler.at("text_join", _text_join_with_fast_path)
    return parser


class _RulesByCharacter:
    """The rules of one chain that can match a line, by the line's first character.

    Built from the chain's rules in order, each with its name; a rule keeps its place in every list it
    is in, so the first rule to match is the one markdown-it would have found. A rule with no entry in
    ``_FIRST_CHARACTERS`` is in every list (but ``code`` only on code lines, and no rule but ``code`` and
    unknown ones on those).
    """

    def __init__(self, named_rules: Iterable[tuple[str, BlockRule]]) -> None:
        named_rules = [(name, _GUARDS[name](rule) if name in _GUARDS else rule) for name, rule in named_rules]
        characters = set("".join(_FIRST_CHARACTERS.get(name, "") for name, _ in named_rules))
        self.other: tuple[BlockRule, ...] = self._rules_for(named_rules, None, True)
        self.by_character: dict[str, tuple[BlockRule, ...]] = {
            character: self._rules_for(named_rules, character, True) for character in characters}
        # For lines that do not end in a character of _THEMATIC_BREAK_ENDS.
        self.by_character_no_hr: dict[str, tuple[BlockRule, ...]] = {
            character: self._rules_for(named_rules, character, False) for character in characters}
        self.on_code_line: tuple[BlockRule, ...] = tuple(
            rule for name, rule in named_rules if name not in _NOT_ON_CODE_LINES)

    @staticmethod
    def _rules_for(named_rules: list[tuple[str, BlockRule]], character: str | None,
                   hr_possible: bool) -> tuple[BlockRule, ...]:
        """The rules that can match a line that is not code and starts with ``character``.

        ``None`` stands for a character no rule names, and for a blank line: on a blank line each rule
        of ``_FIRST_CHARACTERS`` reads the line's newline (or nothing) as its first character.
        """
        rules = []
        for name, rule in named_rules:
            starts = _FIRST_CHARACTERS.get(name)
            if name == "code" or (name == "hr" and not hr_possible):
                continue
            if starts is None or (character is not None and character in starts):
                rules.append(rule)
        return tuple(rules)

    def for_line(self, state: StateBlock, line: int) -> tuple[BlockRule, ...]:
        """The rules that can match ``line`` (``state.is_code_block`` is ``code``'s own test)."""
        if state.is_code_block(line):
            return self.on_code_line
        position = state.bMarks[line] + state.tShift[line]
        end = state.eMarks[line]
        if position >= end:  # a blank line: no first character to choose by
            return self.other
        src = state.src
        by_character = self.by_character if src[end - 1] in _THEMATIC_BREAK_ENDS else self.by_character_no_hr
        return by_character.get(src[position], self.other)


def _guard_table(table: BlockRule) -> BlockRule:
    """The table rule, called only when the line can be a table's header.

    The rule returns False, before it changes anything, when there is no next line, when the next line
    does not start with | - or :, or when the header line holds no "|".
    """
    def table_if_possible(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        next_line = start_line + 1
        if next_line >= end_line:
            return False
        position = state.bMarks[next_line] + state.tShift[next_line]
        if position >= state.eMarks[next_line] or state.src[position] not in _TABLE_DELIMITER_STARTS:
            return False
        start = state.bMarks[start_line] + state.tShift[start_line]
        if state.src.find("|", start, state.eMarks[start_line]) < 0:
            return False
        return table(state, start_line, end_line, silent)
    return table_if_possible


def _guard_lheading(lheading: BlockRule) -> BlockRule:
    """The setext heading rule, called only when an underline can come before the paragraph ends.

    The rule looks at the lines after ``start_line`` until a blank one (``state.isEmpty``) or
    ``end_line``, and matches only at a line whose content (from ``bMarks + tShift`` to ``eMarks``) is
    a run of - or = then spaces and tabs: a line whose text ends in - or = and spaces and tabs
    (``_UnderlineState.underlines``). A line blank in the source stays blank for it: quotes move
    ``bMarks`` and ``tShift`` only on lines with a >, lists on the line with the marker.

    Skipping the rule skips one side effect: when it fails it leaves ``state.parentType`` at
    "paragraph", and the paragraph rule, which then always matches, restores it to that. The only
    reader of ``parentType``, the list rule in silent mode, runs only from a terminator check, after the
    rule that checks (paragraph, lheading, reference, blockquote, table) has set ``parentType`` itself.
    """
    def lheading_if_possible(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if isinstance(state, _UnderlineState) and not state.can_have_underline(start_line, end_line):
            return False
        return lheading(state, start_line, end_line, silent)
    return lheading_if_possible


_GUARDS: dict[str, Callable[[BlockRule], BlockRule]] = {"table": _guard_table, "lheading": _guard_lheading}


def split_row(row: str) -> list[str]:
    """markdown-it's ``escapedSplit`` (the table rule's split of a row into cells): it splits at each pipe
    that does not follow a backslash, character by character; with no backslash before a pipe that is
    ``row.split("|")``."""
    if "\\|" not in row:
        return row.split("|")
    return stock_escaped_split(row)


def table_rule(rule: BlockRule) -> BlockRule:
    """markdown-it's table rule itself (``rule``, when it is that) made to split rows with ``split_row``.

    The same code, given a copy of its module's names in which ``escapedSplit`` is ``split_row``: stock
    markdown-it, and every other parser, are left as they are."""
    if rule is not stock_table or not markdown_it.__version__.startswith(_ANALYSED_VERSION):
        return rule
    names = {**rule.__globals__, "escapedSplit": split_row}
    return types.FunctionType(rule.__code__, names, rule.__name__, rule.__defaults__, rule.__closure__)


_TOKEN_FIELDS = ("type", "tag", "nesting", "attrs", "map", "level", "children", "content", "markup", "info",
                 "meta", "block", "hidden")


def _new_token(kind: str, tag: str, nesting: int, level: int, block: bool) -> Token:
    """``Token(kind, tag, nesting)`` with ``level`` and ``block`` set, without the dataclass machinery.

    The generated ``__init__`` calls two default factories (``{}`` each) and ``__post_init__``, which
    leaves an empty dict as it is; setting every field here to the same values is twice as fast. Used
    only while Token has exactly these fields (``_FAST_TOKENS``).
    """
    token = _bare_token(Token)
    token.type = kind
    token.tag = tag
    token.nesting = nesting  # type: ignore[assignment]
    token.attrs = {}
    token.map = None
    token.level = level
    token.children = None
    token.content = ""
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = block
    token.hidden = False
    return token


_bare_token = Token.__new__
_FAST_TOKENS = tuple(field.name for field in dataclasses.fields(Token)) == _TOKEN_FIELDS


class _UnderlineState(StateBlock):
    """markdown-it's block state, with the lines a setext underline or a blank line can be on.

    ``push`` is StateBlock's, making its token with ``_new_token``.
    """

    def __init__(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> None:
        super().__init__(src, md, env, tokens)
        self._underlines: list[int] | None = None  # found on first use, blank lines only when needed
        self._blanks: list[int] | None = None

    def can_have_underline(self, start_line: int, end_line: int) -> bool:
        """Whether a line after ``start_line``, before ``end_line`` and the next blank line ends in - or =."""
        if self._underlines is None:
            self._underlines = self._lines_ending(_UNDERLINE_END)
        underlines = self._underlines
        following = bisect.bisect_right(underlines, start_line)
        if following == len(underlines) or underlines[following] >= end_line:
            return False
        if self._blanks is None:
            self._blanks = self._lines_ending(_BLANK_LINE)
        blanks = self._blanks
        blank = bisect.bisect_right(blanks, start_line)
        return blank == len(blanks) or blanks[blank] > underlines[following]

    def _lines_ending(self, pattern: re.Pattern[str]) -> list[int]:
        """The lines where a match of ``pattern`` ends (at the line's end), in order."""
        ends = self.eMarks
        return [bisect.bisect_left(ends, match.end()) for match in pattern.finditer(self.src)]

    if _FAST_TOKENS:
        def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
            if nesting < 0:
                self.level -= 1
            token = _new_token(ttype, tag, nesting, self.level, True)
            if nesting > 0:
                self.level += 1
            self.tokens.append(token)
            return token


class _DispatchingRuler(Ruler[BlockRule]):
    """The block ruler, whose terminator chains are each one function asking only the rules that can match.

    ``paragraph``, ``lheading``, ``reference``, ``blockquote``, ``list`` and ``table`` loop over
    ``getRules(chain)`` until a rule says the line ends them; the one function says so exactly when one
    of the chain's rules would. The chain ``""`` (every rule) stays markdown-it's list; ``dispatch`` is
    its rules by first character, for the tokenizer.
    """

    def __init__(self, ruler: Ruler[BlockRule]) -> None:
        super().__init__()
        self.__rules__ = ruler.__rules__
        self.dispatch = _RulesByCharacter([])

    def __compile__(self) -> None:
        """markdown-it's chains, then each terminator chain replaced by its one function."""
        super().__compile__()
        cache = self.__cache__
        assert cache is not None
        names = {id(rule.fn): rule.name for rule in self.__rules__}
        for chain, rules in cache.items():
            by_character = _RulesByCharacter((names[id(rule)], rule) for rule in rules)
            if chain:
                cache[chain] = [_terminator(by_character)]
            else:
                self.dispatch = by_character


def _terminator(rules: _RulesByCharacter) -> BlockRule:
    """One rule that matches where one of the chain's rules would (``_RulesByCharacter.for_line``, inlined)."""
    by_character = rules.by_character
    by_character_no_hr = rules.by_character_no_hr
    other = rules.other
    on_code_line = rules.on_code_line

    def terminates(state: StateBlock, line: int, end_line: int, silent: bool) -> bool:
        if state.is_code_block(line):
            candidates = on_code_line
        else:
            position = state.bMarks[line] + state.tShift[line]
            end = state.eMarks[line]
            if position >= end:
                candidates = other
            else:
                src = state.src
                first = src[position]
                if src[end - 1] in _THEMATIC_BREAK_ENDS:
                    candidates = by_character.get(first, other)
                else:
                    candidates = by_character_no_hr.get(first, other)
        for rule in candidates:
            if rule(state, line, end_line, silent):
                return True
        return False
    return terminates


class _DispatchingParserBlock(ParserBlock):
    """markdown-it's block tokenizer, trying at each line only the rules that can match it.

    The loop is ParserBlock.tokenize's; only the list of rules tried at a line differs, and it keeps
    every rule that could match, in markdown-it's order. Nested parses (list items, block quotes) call
    ``state.md.block.tokenize`` and so come here too.
    """

    def __init__(self, ruler: Ruler[BlockRule]) -> None:
        # Not ParserBlock.__init__, which would make a new ruler of the stock rules: the configured one.
        self.ruler = _DispatchingRuler(ruler)

    def parse(self, src: str, md: MarkdownIt, env: EnvType, outTokens: list[Token]) -> list[Token] | None:
        if not src:
            return None
        state = _UnderlineState(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        self.ruler.getRules("")  # compiles the rules if they changed
        dispatch = self.ruler.dispatch
        line = startLine
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine:
                break
            if state.sCount[line] < state.blkIndent:
                break  # the end of a nested parse
            if state.level >= max_nesting:
                state.line = endLine
                break
            for rule in dispatch.for_line(state, line):
                if rule(state, line, endLine, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):
                has_empty_lines = True
            if line < endLine and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line


def _inline_triggers(parser: MarkdownIt) -> str | None:
    """The characters some enabled inline rule reacts to, or None when a rule is not one known here."""
    names = parser.inline.ruler.get_active_rules()
    if any(name not in _INLINE_TRIGGERS for name in names):
        return None
    if any(name not in _INLINE_POST_RULES for name in parser.inline.ruler2.get_active_rules()):
        return None
    if getattr(parser.inline, "_extra_terminator_chars", None):
        return None
    return "".join(_INLINE_TRIGGERS[name] for name in names)


class _DispatchingParserInline(ParserInline):
    """markdown-it's inline tokenizer, trying at each position only the rules that can match there.

    The loop is ParserInline.tokenize's. The text rule is tried first everywhere, as in markdown-it;
    every other rule returns False, first thing, at a character not its own (``_INLINE_TRIGGERS``), so
    at a ":" say (a terminator character of the text rule that no rule takes) only the text rule is
    tried before the character is added to the pending text. Built only when every enabled inline
    rule is one of ``_INLINE_TRIGGERS``.
    """

    def __init__(self, parser: ParserInline) -> None:
        # Not ParserInline.__init__, which would make new rulers of the stock rules: the configured ones.
        self.__dict__.update(parser.__dict__)
        self._compiled_from: list[Callable[[StateInline, bool], bool]] | None = None
        self._by_character: dict[str, tuple[Callable[[StateInline, bool], bool], ...]] = {}
        self._text_only: tuple[Callable[[StateInline, bool], bool], ...] = ()

    def _dispatch(self) -> None:
        rules = self.ruler.getRules("")
        if rules is self._compiled_from:
            return
        named = list(zip(self.ruler.get_active_rules(), rules))
        characters = set("".join(_INLINE_TRIGGERS[name] for name, _ in named))
        self._by_character = {character: tuple(rule for name, rule in named
                                               if name == "text" or character in _INLINE_TRIGGERS[name])
                              for character in characters}
        self._text_only = tuple(rule for name, rule in named if name == "text")
        self._compiled_from = rules

    def tokenize(self, state: StateInline) -> None:
        self._dispatch()
        by_character = self._by_character
        text_only = self._text_only
        src = state.src
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        while state.pos < end:
            position = state.pos
            matched = False
            if state.level < max_nesting:
                for rule in by_character.get(src[position], text_only):
                    if rule(state, False):
                        if state.pos <= position:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        matched = True
                        break
            if matched:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()


def _inline_with_fast_path(triggers: str, defer_plain_lines: bool) -> Callable[[StateCore], None]:
    """markdown-it's core ``inline`` rule, building plain runs' tokens directly.

    In a run with none of ``triggers`` the text rule takes every character (where it stops at a
    terminator character no rule matches, the character is added to the same pending text), so the
    inline parser makes exactly one ``text`` token of the whole content at level 0, and its post rules
    leave it alone. Empty content makes no token. A run whose only trigger is the newline is lines of
    such text with line breaks between them (``plain_line_tokens``): with ``defer_plain_lines`` its
    token is marked instead, its children left to ``deferred_children``. A run whose only triggers are
    backticks, newlines, the "[" of plain links (and of plain brackets, when no link reference is defined)
    and the "**" of plain bold runs, outside its code spans, links and bold runs, is text, code spans,
    links, bold runs and line breaks (``code_span_tokens``).
    """
    trigger = _character_class(triggers)
    trigger_but_newline = _character_class(triggers.replace("\n", "")) if "\n" in triggers else None
    # With every rule enabled: text, code spans, links, bold runs and line breaks (``code_span_tokens``).
    links = _LinkRuns() if set(triggers) >= set(_ALL_TRIGGERS) else None
    # The triggers that end those fast paths when outside a code span or link.
    other_than_code_spans = (_character_class(triggers.replace("\n", "").replace("`", "").replace("[", ""))
                             if links is not None else None)

    def inline(state: StateCore) -> None:
        md = state.md
        env = state.env
        for token in state.tokens:
            if token.type != "inline":
                continue
            if token.children is None:
                token.children = []
            content = token.content
            if trigger.search(content) is None:
                if content:
                    token.children.append(_text(content))
            elif trigger_but_newline is not None and trigger_but_newline.search(content) is None:
                if defer_plain_lines:
                    token.meta[_PLAIN_LINES] = True
                else:
                    token.children.extend(plain_line_tokens(content))
            elif (links is not None and ("`" in content or "[" in content or "*" in content)
                  and code_span_tokens(content, token.children, other_than_code_spans, links, md, env)):
                pass
            else:
                md.inline.parse(content, md, env, token.children)
    return inline


def _character_class(characters: str) -> re.Pattern[str]:
    """A pattern that finds any of ``characters`` (and never matches when there are none)."""
    return re.compile("[" + re.escape(characters) + "]" if characters else "(?!)")


def _text(content: str) -> Token:
    """The inline parser's text token (``StateInline.pushPending``) of ``content``."""
    token = _new_token("text", "", 0, 0, False) if _FAST_TOKENS else Token("text", "", 0)
    token.content = content
    return token


def deferred_children(token: Token) -> Iterator[Token] | None:
    """The children of an inline ``token`` that the parse left unmade (``defer_plain_lines``), made one at
    a time as they are read (and free once read); None for any other token, whose children are made."""
    if token.meta.get(_PLAIN_LINES):
        return plain_line_tokens(token.content)
    return None


def plain_line_tokens(content: str) -> Iterator[Token]:
    """The inline tokens of ``content``, lines of plain text (no inline trigger but the newline).

    The newline rule, at each newline, ends the pending text: two spaces or more at its end are
    dropped and make a ``hardbreak``, one space is dropped and makes a ``softbreak``, anything else a
    ``softbreak``; it then skips the spaces and tabs that start the next line. Pending text becomes a
    ``text`` token when a break is pushed and at the end, if it is not empty; all at level 0 (there are
    no delimiters, so the post rules leave the tokens as they are and fragments_join finds no two texts
    side by side).
    """
    start = 0
    while True:
        newline = content.find("\n", start)
        if start:
            while start < len(content) and content[start] in " \t":
                start += 1
        if newline == -1:
            if start < len(content):
                yield _text(content[start:])
            return
        end = newline
        kind = "softbreak"
        if end > start and content[end - 1] == " ":
            end -= 1
            if end > start and content[end - 1] == " ":
                kind = "hardbreak"
                while end > start and content[end - 1] == " ":
                    end -= 1
        if end > start:
            yield _text(content[start:end])
        yield _new_token(kind, "br", 0, 0, False) if _FAST_TOKENS else Token(kind, "br", 0)
        start = newline + 1


def code_span_tokens(content: str, out: list[Token], others: re.Pattern[str] | None = None,
                     links: _LinkRuns | None = None, md: MarkdownIt | None = None, env: EnvType | None = None) -> bool:
    """Append to ``out`` the inline tokens of ``content``, text whose only inline triggers outside its code
    spans are backticks and newlines (and with ``links`` and ``md``, the "[" of plain links: ``_LinkRuns``,
    or, with an ``env`` that defines no link reference, of plain brackets that are never a link, and the "*"
    of plain bold runs: ``_bold_run_at``), as the inline parser makes them with markdown-it's
    ``backticks``, ``newline``, ``link``, ``emphasis`` and ``text`` rules; False, and ``out`` left as it
    was, when ``others`` (the other triggers) finds one outside the code spans, links and bold runs, or a
    "[" there starts no plain link, or a "*" no bold run.

    The text rule and the characters no rule takes add to the pending text. At a run of backticks, the
    backticks rule looks for the next run of the same length (``_build_last_runs`` tells it whether there is
    one, and so does ``closers`` here): found, it pushes a ``code_inline`` token (its content the text between,
    newlines made spaces, one space stripped from each end when both are spaces and not all is), else the run
    is pending text. At a newline the newline rule strips trailing spaces from the pending text (two or more
    make a ``hardbreak``, else a ``softbreak``) and skips the spaces and tabs that start the next line. A push
    first makes the pending text a ``text`` token. Everything is at level 0 (but a link's or bold run's
    text, at 1); no rule makes a delimiter but the bold runs', each paired within itself, so the post rules
    change nothing else (``fragments_join`` finds no two texts side by side: pending text is one), but
    join the empty "*" token before a bold run with the text before it (made even when empty, then) and
    the one after with the text after it (``after_bold``: made even when empty before the next push).
    No rule looks inside a code span, so what is there (``snake_case``, ``a*b``) changes nothing either. The
    characters are read from left to right as the inline parser reads them: a code span that opens before a
    link takes what it spans (the backticks rule knows the runs of the whole content, a link's destination
    included), and a link that opens first takes its destination's backticks.
    """
    tokens: list[Token] = []
    if not _code_span_tokens(content, tokens, others, links if md is not None else None, md,
                             env is not None and not env.get("references")):
        return False
    out.extend(tokens)
    return True


def _code_span_tokens(content: str, out: list[Token], others: re.Pattern[str] | None, links: _LinkRuns | None,
                      md: MarkdownIt | None, no_references: bool) -> bool:
    """``code_span_tokens``' work, the tokens appended to ``out`` as they are made (``no_references``: the
    parse's env defines no link reference)."""
    outside = others.search if others is not None else None
    fast = _FAST_TOKENS
    closers = _last_backtick_runs(content)
    end = len(content)
    pending = ""
    after_bold = False  # a bold run's last "*" token, emptied, is the text after it, even empty
    position = 0
    backtick = content.find("`")
    while position < end:
        if 0 <= backtick < position:  # found once per run, not once per line (quadratic in a long paragraph)
            backtick = content.find("`", position)
        newline = content.find("\n", position, backtick if backtick != -1 else end)
        if links is not None and md is not None:
            limit = newline if newline != -1 else backtick if backtick != -1 else end
            bracket = content.find("[", position, limit)
            star = content.find("*", position, bracket if bracket != -1 else limit)
            if star != -1:  # before the next newline, backtick and "["
                if outside is not None and outside(content, position, star):
                    return False
                bold = _bold_run_at(content, star)
                if bold is None:
                    return False
                # The emphasis rule's first "*" token, emptied, is the text before the run, even empty.
                out.append(_text(pending + content[position:star]))
                pending = ""
                out.extend(bold[0])
                after_bold = True
                position = bold[1]
                continue
            if bracket != -1:  # before the next newline and backtick
                if outside is not None and outside(content, position, bracket):
                    return False
                link = links.link_at(content, bracket, md)
                if link is None:
                    if not (no_references and links.never_a_link(content, bracket)):
                        return False
                    pending += content[position:bracket + 1]  # the link rule fails: "[" is text
                    position = bracket + 1
                    continue
                pending += content[position:bracket]
                if pending or after_bold:
                    out.append(_text(pending))
                    pending = ""
                    after_bold = False
                out.extend(link[0])
                position = link[1]
                continue
        if newline != -1:
            if outside is not None and outside(content, position, newline):
                return False
            pending += content[position:newline]
            kind = "softbreak"
            if pending.endswith(" "):
                if pending.endswith("  "):
                    kind = "hardbreak"
                pending = pending.rstrip(" ") if kind == "hardbreak" else pending[:-1]
            if pending or after_bold:
                out.append(_text(pending))
                pending = ""
                after_bold = False
            out.append(_new_token(kind, "br", 0, 0, False) if fast else Token(kind, "br", 0))
            position = newline + 1
            while position < end and content[position] in " \t":
                position += 1
            continue
        if backtick == -1:
            if outside is not None and outside(content, position):
                return False
            pending += content[position:]
            break
        if outside is not None and outside(content, position, backtick):
            return False
        pending += content[position:backtick]
        run_end = backtick + 1
        while run_end < end and content[run_end] == "`":
            run_end += 1
        length = run_end - backtick
        close = -1
        if closers.get(length, -1) >= run_end:
            search = run_end
            while (start := content.find("`", search)) != -1:
                search = start + 1
                while search < end and content[search] == "`":
                    search += 1
                if search - start == length:
                    close = start
                    break
        if close == -1:
            pending += content[backtick:run_end]
            position = run_end
            continue
        if pending or after_bold:
            out.append(_text(pending))
            pending = ""
            after_bold = False
        code = _new_token("code_inline", "code", 0, 0, False) if fast else Token("code_inline", "code", 0)
        code.markup = content[backtick:run_end]
        inner = content[run_end:close].replace("\n", " ")
        if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
            inner = inner[1:-1]
        code.content = inner
        out.append(code)
        position = close + length
    if pending or after_bold:
        out.append(_text(pending))
    return True


class _LinkRuns:
    """A plain link's tokens, as markdown-it's ``link`` rule makes them (``code_span_tokens``).

    A link ``[text](destination)`` (``_PLAIN_LINK``) whose text holds no inline trigger. At the "[" the link
    rule finds the label's end (``parseLinkLabel``: the text rule takes every character up to the "]"), then
    the destination: after "(" and no blank, up to the ")" at depth 0 (``parseLinkDestination``; there is
    no other parenthesis), unescaped (``unescapeAll`` changes nothing without a backslash and a "&...;"),
    normalised by ``md.normalizeLink`` and kept when ``md.validateLink`` allows it (else the rule goes on
    differently: not taken here). At the ")" the title parse fails, and the link is the label's text, at
    level 1, between ``link_open`` (its one attribute the href) and ``link_close``. No rule makes a
    delimiter, so the post rules change nothing.
    """

    def link_at(self, content: str, start: int, md: MarkdownIt) -> tuple[list[Token], int] | None:
        """The tokens of the plain link at ``start`` of ``content`` and where it ends; None if there is none."""
        link = _PLAIN_LINK.match(content, start)
        if link is None:
            return None
        destination = link.group(2)
        if "&" in destination and ";" in destination:
            return None
        href = md.normalizeLink(destination)
        if not md.validateLink(href):
            return None
        opening = _new_token("link_open", "a", 1, 0, False) if _FAST_TOKENS else Token("link_open", "a", 1)
        opening.attrs = {"href": href}
        label = _text(link.group(1))
        label.level = 1
        closing = _new_token("link_close", "a", -1, 0, False) if _FAST_TOKENS else Token("link_close", "a", -1)
        return [opening, label, closing], link.end()

    @staticmethod
    def never_a_link(content: str, start: int) -> bool:
        """Whether the link rule fails at the "[" at ``start`` of ``content`` when no link reference is
        defined: plain brackets (``_PLAIN_BRACKETS``), whose label ends at the "]" (the text rule takes the
        rest), not followed by "(" and so no inline link; the reference lookup that follows finds nothing
        (``env["references"]`` is missing or empty) and the rule returns False, the state as it was.
        """
        return _PLAIN_BRACKETS.match(content, start) is not None


def _bold_run_at(content: str, start: int) -> tuple[list[Token], int] | None:
    """The ``strong_open``, text and ``strong_close`` tokens of the bold run at ``start`` of ``content``
    (``_BOLD_RUN``: "**", text with no inline trigger or newline, "**") and where it ends; None when its
    two runs of "*" are not one that can only open and one that can only close.

    At each run the emphasis rule pushes two "*" text tokens and two delimiters, opening or closing as
    ``StateInline.scanDelims`` decides for "*" (a word may be split: opening is left-flanking, closing
    right-flanking; the characters beside the run are the source's, a text's start and end count as a
    space). A run of exactly two (no "*" beside it) that can only open, then one that can only close with
    only text between: ``balance_pairs`` pairs the closer with that opener (the nearest unmatched one:
    every run before it has been paired the same way), the rule of 3 not applying as neither can do both.
    The emphasis post rule makes the inner "*" tokens ``strong_open`` and ``strong_close`` (markup "**")
    and empties the outer ones, and ``fragments_join`` puts the text between at level 1.
    """
    if start and content[start - 1] == "*":
        return None
    run = _BOLD_RUN.match(content, start)
    if run is None:
        return None
    bold = run.group(1)
    end = run.end()
    if _flanking(content[start - 1] if start else " ", bold[0]) != (True, False):
        return None
    if _flanking(bold[-1], content[end] if end < len(content) else " ") != (False, True):
        return None
    opening = _new_token("strong_open", "strong", 1, 0, False) if _FAST_TOKENS else Token("strong_open", "strong", 1)
    opening.markup = "**"
    inside = _text(bold)
    inside.level = 1
    closing = _new_token("strong_close", "strong", -1, 0, False) if _FAST_TOKENS else Token("strong_close", "strong", -1)
    closing.markup = "**"
    return [opening, inside, closing], end


def _flanking(last: str, following: str) -> tuple[bool, bool]:
    """Whether a run of delimiters between ``last`` and ``following`` is left-flanking and right-flanking,
    as ``StateInline.scanDelims`` decides (a text's start and end count as a space)."""
    last_punctuation = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    following_punctuation = isMdAsciiPunct(ord(following)) or isPunctChar(following)
    last_space = isWhiteSpace(ord(last))
    following_space = isWhiteSpace(ord(following))
    left = not (following_space or (following_punctuation and not (last_space or last_punctuation)))
    right = not (last_space or (last_punctuation and not (following_space or following_punctuation)))
    return left, right


def _last_backtick_runs(content: str) -> dict[int, int]:
    """Each length of a run of backticks in ``content`` -> where the last run of that length starts."""
    runs: dict[int, int] = {}
    position = 0
    while (start := content.find("`", position)) != -1:
        position = start + 1
        while position < len(content) and content[position] == "`":
            position += 1
        runs[position - start] = start
    return runs


def normalize_link(url: str) -> str:
    """markdown-it's ``normalizeLink``: ``url`` itself when it matches ``_KEPT_LINK`` (most links do).

    There ``mdurl.parse`` (hosts denoted by slashes) finds the protocol ``http:`` or ``https:``, the slashes
    and the host (up to the first / ? or #: no @ for a user, no : for a port, labels of at most 63 letters,
    digits and hyphens, which it keeps as they are), then the path, query and fragment, each the rest of the
    text up to the next; a path with no colon has no protocol and, not starting with //, no host. The
    punycode step leaves ASCII labels alone, ``mdurl.format`` puts the same pieces back together, and
    ``mdurl.encode`` keeps every character (a % is kept before two hex digits). Anything else is
    normalised by markdown-it.
    """
    return url if kept_as_it_is(url) else normalize_url.normalizeLink(url)


def kept_as_it_is(url: str) -> bool:
    """Whether ``normalize_link`` returns ``url`` without asking markdown-it (see there)."""
    match = _KEPT_LINK.fullmatch(url)
    return match is not None and len(match.group("host") or "") <= _HOST_MAX


def _normalize_with_fast_path(state: StateCore) -> None:
    """markdown-it's core ``normalize`` rule, which changes only a CR (CRLF) and a NUL: without either
    the source is left as it is, instead of every newline being replaced by a newline."""
    if "\r" in state.src or "\0" in state.src:
        rules_core.normalize(state)


def _text_join_with_fast_path(state: StateCore) -> None:
    """markdown-it's core ``text_join`` rule, for the inline tokens it would change.

    It turns ``text_special`` children into ``text`` and joins adjacent ``text`` children (and an image's
    children); an inline token with no child, or one ``text`` child that has no children, it leaves as it
    is (in a new list), so only the others are given to it.
    """
    to_join = []
    for token in state.tokens:
        if token.type != "inline":
            continue
        children = token.children
        if children is not None and (not children or (len(children) == 1 and children[0].type == "text"
                                                      and not children[0].children)):
            continue
        to_join.append(token)
    if to_join:
        rules_core.text_join(_Tokens(to_join))  # type: ignore[arg-type]


@dataclasses.dataclass
class _Tokens:
    """The part of a StateCore that markdown-it's ``text_join`` reads."""
    tokens: list[Token]
