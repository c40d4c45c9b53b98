"""Issue 7: every regular expression pmlint uses, checked for catastrophic backtracking.

Python's ``re`` is a backtracking engine with no timeout, so one bad pattern can turn a 20 kB line of
a post-mortem into minutes of CPU (or, for nested quantifiers, forever). This test:

1. collects every pattern pmlint uses: compiled patterns in the globals (and containers and class
   attributes) of every ``pmlint`` module; patterns built at run time from data (regex rule options
   such as ``placeholder-patterns``, preset ``evidence`` patterns, wordlist alternations built by the
   same builder functions the rules call, glob regexes); literal patterns passed to ``re.*`` calls
   inside functions (found with ``ast``); and, as a safety net, every pattern pmlint code compiles
   while linting a few documents (``re._compile`` is observed);
2. analyses each statically, for each kind of call pmlint makes with it (issue 15 A2): the pattern's
   automaton is checked for the two ambiguities that make a backtracking matcher slow, exponential
   (two ways round one loop that read the same text: ``(a+)+b``) and polynomial (two loops, or a
   loop and the restart at every position of ``search``, that read the same text: ``\\s*,?\\s*$``,
   ``\\s+$`` searched). See section 2 for what is exact and what is over-approximated. Nothing is
   timed, so the verdict is the same on a busy machine, and the whole file runs in seconds.

A finding fails the test when pmlint makes that kind of call with the pattern (read from the source:
``NAME.match(`` is a match, ``re.split(...)`` an iteration; when unsure, every kind counts).

The timing scan that issue 7 ran as a test (adversarial strings ``prefix + block * n + terminator``,
timed at ~5,000 and ~20,000 characters in worker subprocesses) is kept as a tool for a person, to
confirm what the analysis reports: ``python tests/test_regex_backtracking.py --report [WORD...]``
prints its full report (optionally only for patterns whose origin contains one of the words). No
test asserts on elapsed time.
"""
from __future__ import annotations

import ast
import functools
import importlib
import json
import math
import os
import pkgutil
import queue
import random
import re
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from pmlint.patterns import LazyPattern

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# -- thresholds -----------------------------------------------------------------------------------

SHORT_LENGTH = 5_000  # characters, for the growth ratio
LONG_LENGTH = 20_000  # characters, the screening length
RATIO_LIMIT = 8.0  # linear is ~4 for 4x the length, quadratic ~16
SUPERLINEAR_MIN_SECONDS = 0.050  # a super-linear ratio counts only when the long call is this slow
CANDIDATE_SECONDS = 0.020  # screening calls slower than this are re-measured at both lengths
SINGLE_CALL_LIMIT = 2.0  # any one call slower than this is flagged (and interrupted)
EXPONENTIAL_REPEATS = (10, 20, 30)  # n for the short-string probe
EXPONENTIAL_SECONDS = 0.1  # a call on a string of at most ~30 short blocks slower than this is flagged
EXPONENTIAL_BLOCK = 8  # blocks up to this long get the short-string probe
STALL_SECONDS = 45.0  # a worker silent this long is killed and its current pattern flagged
TOTAL_DEADLINE = 600.0  # the whole scan, as a last resort
REMEASURE_TOP = 3  # per pattern, the slowest inputs are re-measured at both lengths
ESCALATE_SECONDS = 0.030  # a screening call this slow (at the short length) is checked at both lengths at once
CONFIRM_ROUNDS = 5  # a super-linear ratio is confirmed by this many more calls at each length, alternating
MAX_ESCALATIONS = 4  # per pattern (a big alternation is slow everywhere without being super-linear)
PATTERN_BUDGET = 20.0  # seconds of screening per pattern before the rest of its inputs are skipped
MIN_PATTERNS = 40

TERMINATORS = ("!", "\x00", "\n", "")
GENERIC_BLOCKS = (
    " ", "\t", "a", "A", "1", "9", ":", ".", ",", "-", "\u2013", "|", "*", "_", "`", "[", "]", "(", ")", "<", ">",
    "{", "}", "#", "@", "'", '"', "/", "\\", "a ", "1:", "12:3", "a-", "a.", "**", "__", "[a", "(a", "UTC ", "PM ",
    "the ", "forgot ", "'s ", "\u2003", "\u00a0", "a\n", "1 ", "Ab ", "AB ", "a, ", "x: ", ". ", "::", "--",
)
MODES = ("search", "match", "fullmatch", "finditer")

REPO = Path(__file__).resolve().parent.parent


# ==================================================================================================
# 1. Collecting the patterns
# ==================================================================================================


@dataclass
class Entry:
    """One distinct regular expression (source and flags) and every place it was found."""

    source: str | bytes
    flags: int
    origins: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> set[str]:
        return {origin.split(":", 1)[0] for origin in self.origins}

    def describe(self) -> str:
        flags = _flag_names(self.flags)
        shown = self.source if len(self.source) <= 400 else self.source[:400] + "...(%d chars)" % len(self.source)
        where = "; ".join(self.origins[:4]) + (f"; and {len(self.origins) - 4} more" if len(self.origins) > 4 else "")
        return f"{shown!r}{' flags=' + flags if flags else ''}\n      found at: {where}"


def _flag_names(flags: int) -> str:
    names = [name for name in ("IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "ASCII")
             if flags & getattr(re, name)]
    return "|".join(names)


class _Collector:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, str | bytes, int], Entry] = {}

    def add(self, pattern: re.Pattern[Any] | str | bytes, flags: int, origin: str) -> None:
        if not isinstance(pattern, re.Pattern):
            # A configured pattern (pmlint.patterns.UserPattern) carries its source; checked here with re.
            pattern = re.compile(getattr(pattern, "pattern", pattern), flags)
        key = (type(pattern.pattern).__name__, pattern.pattern, pattern.flags)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = Entry(pattern.pattern, pattern.flags)
        if origin not in entry.origins:
            entry.origins.append(origin)


def _pmlint_modules() -> list[Any]:
    import pmlint

    modules = [pmlint]
    for info in pkgutil.walk_packages(pmlint.__path__, prefix="pmlint."):
        if info.name.endswith("__main__"):
            continue  # running it would start the command line
        modules.append(importlib.import_module(info.name))
    return modules


def _walk_value(value: Any, where: str, collector: _Collector, seen: set[int], depth: int = 0) -> None:
    if depth > 4 or id(value) in seen:
        return
    if isinstance(value, re.Pattern):
        collector.add(value, value.flags, where)
        return
    if isinstance(value, LazyPattern):  # compiled when first used (pmlint.patterns): collected all the same
        collector.add(value, value.flags, where)
        return
    if isinstance(value, (str, bytes, int, float, bool, type(None))):
        return
    seen.add(id(value))
    if isinstance(value, dict):
        for key, item in list(value.items()):
            _walk_value(item, f"{where}[{key!r}]", collector, seen, depth + 1)
            _walk_value(key, f"{where} (key)", collector, seen, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(list(value)):
            _walk_value(item, f"{where}[{index}]", collector, seen, depth + 1)


def _module_assignments(module: Any) -> set[str] | None:
    """Names a module assigns at its top level (not the ones it imports); None when unknown."""
    try:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    except (OSError, TypeError, SyntaxError):
        return None
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            names.update(child.id for child in ast.walk(target) if isinstance(child, ast.Name))
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
    return names


def _collect_module_globals(collector: _Collector) -> int:
    before = len(collector.entries)
    for module in _pmlint_modules():
        seen: set[int] = set()
        assigned = _module_assignments(module)
        for name, value in list(vars(module).items()):
            if name.startswith("__") or (assigned is not None and name not in assigned):
                continue  # imported: found in the module that defines it
            if module.__name__ == "pmlint.config.settings" and name == "_GLOB_CACHE":
                # Its contents depend on the tests that ran before in this process; the glob source
                # collects them all and tests them as glob_match uses them (match, path-length inputs).
                continue
            where = f"module:{module.__name__}.{name}"
            if isinstance(value, type):
                if value.__module__ == module.__name__:
                    for attribute, member in list(vars(value).items()):
                        if not attribute.startswith("__"):
                            _walk_value(member, f"{where}.{attribute}", collector, seen)
                continue
            _walk_value(value, where, collector, seen)
    return len(collector.entries) - before


def _collect_rule_options(collector: _Collector) -> int:
    """Rule options whose values are regular expressions, compiled the way their rules compile them."""
    from pmlint.checks.placeholders import PlaceholderMatcher
    from pmlint.ruledefs import load_rules

    found = 0
    for code, meta in load_rules().items():
        for option, default in meta.options.items():
            doc = meta.option_docs.get(option, "").lower()
            if "regular expression" not in doc and "regex" not in doc and "pattern" not in option:
                continue
            assert isinstance(default, list), f"{code} option {option}: a regex option whose default is not a list"
            # PM002/PM003 hand them to PlaceholderMatcher: compile them there, with its flags.
            matcher = PlaceholderMatcher((), default)
            for index, compiled in enumerate(matcher.patterns):
                collector.add(compiled, compiled.flags,
                              f"rule-option:rules/{code}-{meta.name}.yaml options.{option}.default[{index}]")
                found += 1
    return found


def _collect_presets(collector: _Collector) -> int:
    import pmlint.config.settings as config_module
    from pmlint.config.loading import load_preset
    from pmlint.config.settings import glob_match
    from pmlint.resources import preset_names
    from pmlint.ruledefs import load_rules

    found = 0
    globs: set[str] = set(config_module.DEFAULT_INCLUDE) | set(config_module.DEFAULT_EXCLUDE)
    for name in preset_names():
        config = load_preset(name, load_rules())
        catalog = config.catalog
        for group, specs in (("sections", catalog.sections), ("summary.fields", catalog.fields)):
            for spec in specs:
                for index, compiled in enumerate(spec.evidence_patterns):
                    collector.add(compiled, compiled.flags,
                                  f"preset-evidence:pmlint/config/presets/{name}.yaml {group}.{spec.key}.evidence[{index}]")
                    found += 1
        globs.update(config.include)
        globs.update(config.exclude)
        for override in config.overrides:
            globs.update(override.files)
    # Glob regexes: built by glob_match (as the runner calls it) and kept in its cache.
    for pattern in sorted(globs):
        glob_match(pattern, "docs/postmortems/2026-03-15-outage.md")
    # Globs are matched without regular expressions since issue 15 (pmlint.config.globs); nothing to collect then.
    for glob, compiled in list(getattr(config_module, "_GLOB_CACHE", {}).items()):
        collector.add(compiled, compiled.flags, f"glob:pmlint.config.settings._GLOB_CACHE[{glob!r}] (glob_match)")
    return found


def _collect_wordlist_builders(collector: _Collector) -> None:
    """Wordlist alternations, built by the functions the rules call, from the shipped wordlists."""
    from pmlint.checks import blame_rule as blame_check
    from pmlint.checks import charged, jargon
    from pmlint.language import wordlists
    from pmlint.ruledefs import load_rules

    rules = load_rules()
    load = wordlists.load
    for name in wordlists.available():
        collector.add(load(name).pattern, 0, f"wordlist:Wordlist.pattern of wordlists/{name}.txt")
    replacements, advice = load("charged-replacements"), load("charged-words")
    built = {
        "pmlint.checks.charged._pattern(charged-replacements + charged-words)":
            charged._pattern(replacements.entries + advice.entries),
        "pmlint.checks.charged._pattern(charged-exceptions)": charged._pattern(load("charged-exceptions").entries),
        "pmlint.checks.jargon._jargon_pattern(jargon)": jargon._jargon_pattern(load("jargon").entries),
        "pmlint.checks.blame_rule._trigger_pattern(blame-actions)": blame_check._trigger_pattern(load("blame-actions").entries),
        "pmlint.checks.blame_rule._direct_pattern(PM401 human-error)":
            blame_check._direct_pattern(tuple(rules["PM401"].options["human-error"])),
    }
    # The ASCII fast paths' lower-case forms of the two (None when an entry is not ASCII).
    lower_patterns = {
        "pmlint.checks.blame_rule._lower_trigger_pattern(blame-actions)":
            blame_check._lower_trigger_pattern(load("blame-actions").entries),
        "pmlint.checks.blame_rule._lower_direct_pattern(PM401 human-error)":
            blame_check._lower_direct_pattern(tuple(rules["PM401"].options["human-error"])),
    }
    # PM402's scan for the first words of its entries (a literal trie; None when an entry is not ASCII).
    for name, entries in (("charged-replacements + charged-words", replacements.entries + advice.entries),
                          ("charged-exceptions", load("charged-exceptions").entries)):
        lower_patterns[f"pmlint.checks.charged._first_words_scan({name})"] = charged._first_words_scan(entries)
    # PM201's scan for a causal connective in a piece of the analysis (None when a phrase is not ASCII).
    from pmlint.reading import root_cause

    phrases = root_cause._phrases(tuple(load("causal-connectives").entries))
    lower_patterns["pmlint.reading.root_cause._link_scan(causal-connectives)"] = \
        root_cause._link_scan(tuple(phrase for starting in phrases.values() for phrase in starting))
    built.update({where: compiled for where, compiled in lower_patterns.items() if compiled is not None})
    actors = tuple(rules["PM401"].options["pronouns"]) + tuple(load("blame-roles").entries)
    for any_capital in (False, True):
        built[f"pmlint.checks.blame_rule._actor_pattern(pronouns + blame-roles, given-names, any_capital={any_capital})"] = \
            blame_check._actor_pattern(actors, load("given-names").entries, any_capital).pattern
    for where, compiled in built.items():
        collector.add(compiled, compiled.flags, f"wordlist:{where}")


def _collect_character_classes(collector: _Collector) -> None:
    """The markdown parser's classes of the characters its inline rules react to (one ``[...]`` each,
    built from the rules installed): every ASCII punctuation character and the newline stand for them."""
    import string

    from pmlint.reading import mdparser

    for characters in (string.punctuation + "\n", string.punctuation, ""):
        compiled = mdparser._character_class(characters)
        collector.add(compiled, compiled.flags, f"character-class:pmlint.reading.mdparser._character_class({characters!r})")


# re functions whose first argument is a pattern.
_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _literal_flags(node: ast.expr | None) -> int | None:
    if node is None:
        return 0
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        value = getattr(re, node.attr, None)
        return int(value) if isinstance(value, (int, re.RegexFlag)) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _literal_flags(node.left), _literal_flags(node.right)
        return None if left is None or right is None else left | right
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    return None


def _literal_string(node: ast.expr) -> str | bytes | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_string(node.left), _literal_string(node.right)
        if left is not None and right is not None and type(left) is type(right):
            return left + right  # type: ignore[operator]
    return None


@dataclass(frozen=True)
class DynamicSite:
    """A ``re.*`` call whose pattern is built at run time: some other collector must cover it."""

    path: str  # relative to the repository, "pmlint/reading/action_items.py"
    first_line: int
    last_line: int
    function: str | None  # the enclosing function or method, None at module level
    target: str | None  # at module level, the name it is assigned to
    text: str
    discarded: bool = False  # ``re.compile(pattern)`` as a statement: only validates, never matches

    def __str__(self) -> str:
        return f"{self.path}:{self.first_line} {self.text}"


def _enclosing(tree: ast.Module) -> dict[int, tuple[str | None, str | None]]:
    """For every node id: (enclosing function qualname, module-level assignment target)."""
    found: dict[int, tuple[str | None, str | None]] = {}

    def visit(node: ast.AST, function: str | None, target: str | None, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            name_function, name_target, name_prefix = function, target, prefix
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name_function = prefix + child.name
                name_prefix = prefix + child.name + "."
            elif isinstance(child, ast.ClassDef):
                name_prefix = prefix + child.name + "."
            elif function is None and isinstance(child, (ast.Assign, ast.AnnAssign)):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                name_target = names[0] if names else target
            found[id(child)] = (name_function, name_target)
            visit(child, name_function, name_target, name_prefix)

    visit(tree, None, None, "")
    return found


def _collect_ast_literals(collector: _Collector) -> tuple[int, list[DynamicSite]]:
    """``re.search(r"...", ...)`` and friends with a literal pattern, anywhere in pmlint's source."""
    import pmlint

    package = Path(pmlint.__file__).resolve().parent
    found = 0
    dynamic: list[DynamicSite] = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(package.parent).as_posix()
        enclosing = _enclosing(tree)
        statements = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in _RE_FUNCTIONS and node.args):
                continue
            pattern = _literal_string(node.args[0])
            if pattern is None:
                function, target = enclosing.get(id(node), (None, None))
                dynamic.append(DynamicSite(relative, node.lineno, node.end_lineno or node.lineno, function, target,
                                           f"re.{node.func.attr}({ast.unparse(node.args[0])[:50]}...)",
                                           node.func.attr == "compile" and id(node) in statements))
                continue
            flag_node = next((keyword.value for keyword in node.keywords if keyword.arg == "flags"), None)
            position = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
                        "split": 3, "sub": 4, "subn": 4}[node.func.attr]
            if flag_node is None and len(node.args) > position:
                flag_node = node.args[position]
            flags = _literal_flags(flag_node)
            if flags is None:
                flags = 0
            collector.add(pattern, flags, f"ast:{relative}:{node.lineno} re.{node.func.attr}")
            found += 1
    return found, dynamic


_SAMPLE_DOCUMENT = """\
---
title: Checkout API outage
author: Priya Raman
responders: [Priya Raman, "@kwame", Tom]
date: 2026-03-15
duration: 45 minutes
---
# Checkout API outage

## Executive Summary

About 12,000 users could not check out for 45 minutes (14:05-14:50 UTC) because a misconfigured load
balancer dropped new connections. Status: resolved. The SLO burn was high and p99 latency rose.

- **Impact:** 12,000 users could not log in.
- **Duration:** 1 hour 10 minutes
- **Root Cause:** TBD
- **Status:** [Current status]

## Timeline (all times PST)

| Time (UTC) | Event |
|------------|-------|
| 2026-03-15 14:05 | Alerts fired for the checkout API. |
| 14:10Z | Tom forgot to page the on-call engineer. |
| 2:15 pm | The engineer on call took 20 minutes to respond. |

- Jan 14, 10:18 AM PST - John broke the deploy, his mistake.
- 15 March 2026 at 09:00 +02:00 the root cause was human error.
- ~14:30 (UTC) someone should have checked the config.
- 1430Z rollback started; 13:55 PM; 25:10; 4/21/23 1:00-2:00 PM
- Why did the developer forget to check the flag?

## Root Cause Analysis

A stupid mistake, obviously careless, in the deploy script (see [OPS-12](https://tracker.example/browse/OPS-12)).
The disaster recovery plan was fine. lazy-loaded config. &amp; &#x27; <br/> www.example.com

## What Went Well
_Describe how the incident was detected._

## What Went Wrong
<!-- pmlint-disable-next-line empty-sectoin -->
TODO: write this

## Action Items

- [ ] AI-1: Improve monitoring (owner: SRE team, due: ASAP)
- [x] OPS-12 Add a pool-usage alert at 90% (owner: Sarah, Bob, due: 2026-04-01, status: done)
- #12 Look into retries - @ana
- Sarah will add a runbook by April 1, 2026
- Investigate timeouts. Owner: @org/team Due: Q3 2026 ETA: next sprint

| ID | Action | Owner | Due | Status |
|----|--------|-------|-----|--------|
| AI-2 | Add alerts | Ana Silva | 2026-04-01 | Someday |

## Lessons Learned

Temporary settings need an expiry date.
"""


def _collect_runtime(collector: _Collector) -> int:
    """Every pattern pmlint code compiles while linting documents (a sample post-mortem, the rules'
    examples, the test fixtures and a new post-mortem from each preset's skeleton, under every preset).

    ``re._compile`` is where every ``re.compile``/``re.search``/... call compiles its pattern; the
    wrapper records it when the nearest caller outside the ``re`` package is pmlint code.
    """
    import pmlint
    from pmlint.commands import scaffold
    from pmlint.commands.engine import Engine
    from pmlint.config.loading import load_preset
    from pmlint.reading.source import Source
    from pmlint.resources import preset_names
    from pmlint.ruledefs import load_rules

    package = str(Path(pmlint.__file__).resolve().parent) + os.sep
    re_package = str(Path(re.__file__).resolve().parent) + os.sep
    original = re._compile  # type: ignore[attr-defined]
    recorded: list[tuple[Any, int, str]] = []

    def spy(pattern: Any, flags: Any) -> Any:
        compiled = original(pattern, flags)
        if isinstance(pattern, (str, bytes)):
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.startswith(re_package):
                frame = frame.f_back
            if frame is not None and frame.f_code.co_filename.startswith(package):
                relative = Path(frame.f_code.co_filename).resolve().relative_to(Path(package).parent).as_posix()
                recorded.append((compiled, compiled.flags, f"runtime:{relative}:{frame.f_lineno}"))
        return compiled

    rules = load_rules()
    engine = Engine.create()
    documents = [_SAMPLE_DOCUMENT]
    for meta in rules.values():
        documents += [meta.bad_example, meta.good_example]
    fixtures = REPO / "tests" / "fixtures"
    documents += [path.read_text(encoding="utf-8") for path in sorted(fixtures.rglob("*.md"))[:20]]
    re._compile = spy  # type: ignore[attr-defined]
    try:
        for name in preset_names():
            config = load_preset(name, rules)
            config.cli_select = frozenset(rules)  # opt-in rules too
            import datetime

            documents.append(scaffold.new_postmortem(scaffold.skeleton(config), "A \"new\" outage", datetime.date(2026, 3, 15)))
            for index, text in enumerate(documents):
                engine.lint(Source.from_text(f"doc{index}.md", text), config)
    finally:
        re._compile = original  # type: ignore[attr-defined]
    for compiled, flags, where in recorded:
        collector.add(compiled, flags, where)
    return len(recorded)


@functools.lru_cache(maxsize=1)
def collect_patterns() -> tuple[list[Entry], dict[str, Any]]:
    collector = _Collector()
    stats: dict[str, Any] = {}
    stats["module globals"] = _collect_module_globals(collector)
    stats["rule options"] = _collect_rule_options(collector)
    stats["preset evidence"] = _collect_presets(collector)
    _collect_wordlist_builders(collector)
    _collect_character_classes(collector)
    stats["ast literals"], stats["ast dynamic"] = _collect_ast_literals(collector)
    stats["runtime compiles"] = _collect_runtime(collector)
    entries = sorted(collector.entries.values(), key=lambda entry: entry.origins[0])
    return entries, stats


# Functions that build patterns at run time, and the collector above that calls them with real data.
_BUILDERS = {
    ("pmlint/language/wordlists.py", "Wordlist.pattern"): "wordlist",
    ("pmlint/checks/charged.py", "_pattern"): "wordlist",
    ("pmlint/reading/incident_dates.py", "words_pattern"): "wordlist",  # as Wordlist.pattern builds it
    ("pmlint/checks/jargon.py", "_jargon_pattern"): "wordlist",
    ("pmlint/checks/blame_rule.py", "_trigger_pattern"): "wordlist",
    ("pmlint/checks/blame_rule.py", "_direct_pattern"): "wordlist",
    ("pmlint/checks/blame_rule.py", "_actor_pattern"): "wordlist",
    ("pmlint/checks/blame_rule.py", "_lower_trigger_pattern"): "wordlist",
    ("pmlint/checks/blame_rule.py", "_lower_direct_pattern"): "wordlist",
    ("pmlint/reading/mdparser.py", "_character_class"): "character-class",
    ("pmlint/checks/charged.py", "_first_words_scan"): "wordlist",
    ("pmlint/reading/root_cause.py", "_link_scan"): "wordlist",
    ("pmlint/checks/placeholders.py", "PlaceholderMatcher.__init__"): "rule-option",
    ("pmlint/reading/sections.py", "SectionSpec.evidence_patterns"): "preset-evidence",
    # The shipped patterns (preset evidence, rule options' defaults) compiled with re (issue 19).
    ("pmlint/patterns.py", "UserPattern.__init__"): "preset-evidence",
    # pmlint's own patterns compiled when first used: collected from the modules that hold them.
    ("pmlint/patterns.py", "LazyPattern.__getattr__"): "module",
    ("pmlint/config/settings.py", "_glob_regex"): "glob",
}


def uncovered_sites(entries: list[Entry], dynamic: list[DynamicSite]) -> list[str]:
    """Dynamic ``re.*`` call sites whose patterns no collector found."""
    origins = [origin for entry in entries for origin in entry.origins]
    kinds = {origin.split(":", 1)[0] for origin in origins}
    missing = []
    for site in dynamic:
        module = site.path[:-3].replace("/", ".").removesuffix(".__init__")
        if site.function is None:
            covered = site.target is not None and any(origin.startswith(f"module:{module}.{site.target}")
                                                      for origin in origins)
        else:
            builder = _BUILDERS.get((site.path, site.function))
            covered = (builder in kinds) or any(
                origin.startswith(f"runtime:{site.path}:")
                and site.first_line <= int(origin.rsplit(":", 1)[1]) <= site.last_line for origin in origins)
        if not covered:
            missing.append(f"{site} (in {site.function or 'module scope'})")
    return missing


# -- how pmlint calls each pattern ------------------------------------------------------------------

# A timing mode stands for the calls that do the same work.
MODE_USES = {"search": "search", "match": "match", "fullmatch": "fullmatch", "finditer": "iterate"}
_METHOD_USES = {"match": "match", "fullmatch": "fullmatch", "search": "search", "finditer": "iterate",
                "findall": "iterate", "sub": "iterate", "subn": "iterate", "split": "iterate"}
ALL_USES = frozenset(MODE_USES.values())


@functools.lru_cache(maxsize=1)
def _sources() -> dict[str, str]:
    import pmlint

    package = Path(pmlint.__file__).resolve().parent
    return {path.relative_to(package.parent).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(package.rglob("*.py"))}


def _module_path(module: str) -> str:
    path = module.replace(".", "/") + ".py"
    return path if path in _sources() else module.replace(".", "/") + "/__init__.py"


def _name_uses(module: str, name: str) -> set[str] | None:
    """How ``NAME.method(...)`` is called in its module and in modules that import it; None if never."""
    sources = _sources()
    texts = [sources.get(_module_path(module), "")]
    # The name may be on any line of a parenthesised import list.
    importer = re.compile(rf"from {re.escape(module)} import (?:\([^)]*|[^\n]*)\b{re.escape(name)}\b")
    texts += [text for text in sources.values() if importer.search(text)]
    methods = {found for text in texts for found in re.findall(rf"\b{re.escape(name)}\.(\w+)\(", text)}
    uses = {_METHOD_USES[method] for method in methods if method in _METHOD_USES}
    return uses or None


def _uses_on_lines_with(word: str, variable: str) -> set[str] | None:
    """Methods called as ``VARIABLE.method(`` on the source lines that mention ``word``; None if none."""
    uses: set[str] = set()
    for text in _sources().values():
        for line in text.splitlines():
            if word in line:
                uses |= {_METHOD_USES.get(method, "other")
                         for method in re.findall(rf"\b{variable}\.(\w+)\(", line)}
    return uses if uses and "other" not in uses else None


def usage(entry: Entry, dynamic: list[DynamicSite] = ()) -> frozenset[str]:
    """The kinds of call pmlint makes with the pattern (search, match, fullmatch, iterate); all when unsure."""
    discarded = {(site.path, line) for site in dynamic if site.discarded
                 for line in range(site.first_line, site.last_line + 1)}
    uses: set[str] = set()
    informed = False
    for origin in entry.origins:
        kind, _, rest = origin.partition(":")
        found: set[str] | None
        if kind == "ast":
            function = rest.rsplit(" re.", 1)[1]
            if function == "compile":
                continue  # assigned somewhere: the module origin says how it is called
            found = {_METHOD_USES[function]}
        elif kind == "module":
            dotted = rest.split("[", 1)[0]
            module, _, name = dotted.rpartition(".")
            if module.rsplit(".", 1)[-1][:1].isupper():  # a class attribute: Module.Class.attr
                module = module.rsplit(".", 1)[0]
            found = _name_uses(module, name)
        elif kind == "glob":
            found = _uses_on_lines_with("regex", "regex") if "_GLOB_CACHE" in _sources()["pmlint/config/settings.py"] else None
        elif kind == "rule-option":
            found = _uses_on_lines_with("self.patterns", "pattern")  # PlaceholderMatcher
        elif kind == "preset-evidence":
            found = _uses_on_lines_with("evidence_patterns", "pattern")
        elif kind == "runtime":
            path, _, line = rest.rpartition(":")
            if (path, int(line)) in discarded:
                informed = True  # validated, never matched against text
            continue  # otherwise the spy cannot tell which method was called
        else:
            found = None
        if found is None:
            return ALL_USES
        uses |= found
        informed = True
    return frozenset(uses) if informed else ALL_USES


def realistic_length(entry: Entry) -> int:
    """The longest input the pattern can meet: a document line or paragraph; a file path for globs."""
    if entry.kinds == {"glob"}:
        return 4096  # PATH_MAX on Linux; glob_match only ever sees paths
    return LONG_LENGTH


# ==================================================================================================
# 2. Static analysis: the ambiguity of the pattern's automaton (deterministic, no timing)
# ==================================================================================================
#
# A backtracking matcher (Python's ``re``) is slow exactly when its pattern is ambiguous in a way a
# failing input can exploit (Weideman et al., "Analyzing matching time behavior of backtracking
# regular expression matchers by using ambiguity of NFA", 2016):
#
# * exponential: some state q of the pattern's automaton has two different paths from q back to q
#   that read the same word ("EDA"): ``(a+)+b``, ``(a|a)*b``, ``(\w+\s?)*:``;
# * polynomial: two different states p and q with paths p->p, p->q and q->q that all read the same
#   word ("IDA"): ``\s*,?\s*$``, ``\d+\d+x``; with ``search``, ``finditer``, ``sub`` and ``split`` the
#   matcher starts again at every position, which is a loop over any character before the pattern:
#   ``\s+$`` searched in a long run of blanks is quadratic.
#
# The pattern (from ``re``'s own parser) becomes an automaton whose states also remember what kind
# of character was read last (start, word, other, newline), so that ``\b``, ``\B``, ``^`` and one-
# character lookarounds are exact; other lookarounds and back-references are over-approximated
# (they can only add ambiguity, never hide it). Character classes are compared on an alphabet of
# every character the pattern names (and its neighbours and case variants) plus representatives of
# every category. A state from which the pattern succeeds whatever follows (``\s+`` at the end of a
# pattern used with ``search``) never makes the matcher backtrack, so it is left out.
#
# The check is exact for the constructs pmlint uses and takes a second or two for all patterns.

_AT = sre_constants
_KIND_START = 0  # no character before: the start of the text; other kinds are cells of the alphabet
_REPRESENTATIVES = (" \t\n\r\x0b\x0c\x00\x7f" + string.ascii_letters + string.digits + string.punctuation
                    + "\u00a0\u2003\u2013\u2014\u2019\u201c\u2022\u00e9\u00c9\u00df\u0131\u0130\u017f\u212a"
                    + "\u0663\u00b2\u2705\u2028\u0301\u4e2d\uff10\U0001f600")
_UNROLL_LIMIT = 12  # a bounded repeat {m,n} with n above this is analysed as unbounded
_STATE_LIMIT = 200_000  # product states explored per pattern before giving up (reported as a failure)


class _TooComplex(Exception):
    pass


def _char_of(value: int) -> str:
    return chr(value)


class _Alphabet:
    """The characters a pattern's classes are compared on, and which of them each class holds."""

    def __init__(self, parsed: Any, is_bytes: bool, flags: int) -> None:
        chars: set[str] = set(_REPRESENTATIVES)
        for op, av in _nodes(parsed):
            if op in (_C.LITERAL, _C.NOT_LITERAL):
                chars.update(_neighbours(av))
            elif op is _C.RANGE:
                chars.update(_neighbours(av[0]))
                chars.update(_neighbours(av[1]))
        if is_bytes:
            chars = {char for char in chars if ord(char) < 256}
        self.chars = sorted(chars)
        self.is_bytes = is_bytes
        self.ascii = bool(flags & re.ASCII) or is_bytes
        self.all = (1 << len(self.chars)) - 1
        self.word = sum(1 << index for index, char in enumerate(self.chars) if self.is_word(char))
        self.newline = sum(1 << index for index, char in enumerate(self.chars) if char == "\n")
        self.kind_masks: dict[int, int] = {}
        self._cache: dict[tuple[Any, int], int] = {}

    def refine(self, masks: list[int]) -> None:
        """The kinds of previous character: the cells of the alphabet that no mask in ``masks`` (nor
        word characters, nor the newline) splits, so that every lookbehind and anchor is exact."""
        cells: dict[tuple[bool, ...], int] = {}
        for index in range(len(self.chars)):
            bit = 1 << index
            signature = tuple(bool(mask & bit) for mask in (self.word, self.newline, *masks))
            cells[signature] = cells.get(signature, 0) | bit
        self.kind_masks = {number + 1: cell for number, cell in enumerate(cells.values())}

    def is_word(self, char: str) -> bool:
        return bool(re.match(r"\w", char, re.ASCII if self.ascii else 0))

    def mask(self, op: Any, av: Any, flags: int) -> int:
        key = (op, repr(av), flags & (re.IGNORECASE | re.DOTALL | re.ASCII))
        if key not in self._cache:
            found = 0
            for index, char in enumerate(self.chars):
                if self._holds(op, av, flags, char):
                    found |= 1 << index
            self._cache[key] = found
        return self._cache[key]

    def _holds(self, op: Any, av: Any, flags: int, char: str) -> bool:
        ignore_case = bool(flags & re.IGNORECASE)
        variants = {char, char.lower(), char.upper(), char.casefold()} if ignore_case else {char}
        if op is _C.LITERAL:
            return any(variant == _char_of(av) for variant in variants) or (
                ignore_case and _char_of(av).lower() in variants)
        if op is _C.NOT_LITERAL:
            return not self._holds(_C.LITERAL, av, flags, char)
        if op is _C.ANY:
            return bool(flags & re.DOTALL) or char != "\n"
        if op is _C.IN:
            negate = bool(av) and av[0][0] is _C.NEGATE
            items = av[1:] if negate else av
            inside = any(self._item(item_op, item_av, flags, variants, char) for item_op, item_av in items)
            return inside != negate
        raise ValueError(f"not a character class: {op}")

    def _item(self, op: Any, av: Any, flags: int, variants: set[str], char: str) -> bool:
        if op is _C.LITERAL:
            return self._holds(_C.LITERAL, av, flags, char)
        if op is _C.RANGE:
            return any(av[0] <= ord(variant[0]) <= av[1] for variant in variants if len(variant) == 1)
        if op is _C.CATEGORY:
            name = str(op and av).rsplit("_", 1)[-1].lower()
            negated = "NOT" in str(av)
            base = {"digit": r"\d", "space": r"\s", "word": r"\w", "linebreak": r"\n"}.get(name)
            if base is None:
                raise ValueError(f"unknown category {av}")
            holds = bool(re.match(base, char, re.ASCII if self.ascii else 0))
            return holds != negated
        raise ValueError(f"unknown class item {op}")


def _neighbours(value: int) -> set[str]:
    found = set()
    for near in (value - 1, value, value + 1):
        if 0 <= near <= sys.maxunicode and not 0xD800 <= near <= 0xDFFF:
            char = chr(near)
            found.update(variant for variant in (char, char.lower(), char.upper(), char.casefold())
                         if len(variant) == 1)
    return found


# An epsilon edge's guard: what it needs of the previous character (a set of kinds) and of the next
# one (a mask, None for anything).
@dataclass(frozen=True)
class _Guard:
    begin: str | None = None  # "text" (\\A, ^) or "line" (^ with MULTILINE)
    behind: tuple[int, bool] | None = None  # a one-character lookbehind: (mask, negative)
    after: int | None = None
    end_only: bool = False  # only at the end of the text: nothing can follow
    boundary: str | None = None  # "boundary" (\\b) or "non-boundary" (\\B): decided by the kind before


class _Automaton:
    """A Thompson automaton of a parsed pattern: character edges (mask) and guarded epsilon edges."""

    def __init__(self, alphabet: _Alphabet) -> None:
        self.alphabet = alphabet
        self.chars: list[list[tuple[int, int]]] = []
        self.epsilons: list[list[tuple[int, _Guard | None]]] = []
        self.behind_masks: list[int] = []
        # Epsilon edges that close a bounded repeat ({0,80}): going round them again is no loop that
        # grows with the text, so they are left out of the search for loops.
        self.counted: set[tuple[int, int]] = set()

    def state(self) -> int:
        self.chars.append([])
        self.epsilons.append([])
        if len(self.chars) > _STATE_LIMIT:
            raise _TooComplex("too many states")
        return len(self.chars) - 1

    def epsilon(self, source: int, target: int, guard: _Guard | None = None) -> None:
        self.epsilons[source].append((target, guard))

    def build(self, sequence: Any, start: int, flags: int) -> int:
        current = start
        for op, av in _items(sequence):
            current = self._item(op, av, current, flags)
        return current

    def _item(self, op: Any, av: Any, start: int, flags: int) -> int:
        alphabet = self.alphabet
        if op in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
            end = self.state()
            mask = alphabet.mask(op, av, flags)
            if mask:
                self.chars[start].append((mask, end))
            return end
        if op is _C.SUBPATTERN:
            _group, add_flags, del_flags, pattern = av
            return self.build(pattern, start, (flags | add_flags) & ~del_flags)
        if op is _C.ATOMIC_GROUP if hasattr(_C, "ATOMIC_GROUP") else False:
            return self.build(av, start, flags)
        if op is _C.BRANCH:
            end = self.state()
            for alternative in av[1]:
                first = self.state()
                self.epsilon(start, first)
                self.epsilon(self.build(alternative, first, flags), end)
            return end
        if op is _C.GROUPREF_EXISTS:
            _group, yes, no = av
            end = self.state()
            for alternative in (yes, no):
                first = self.state()
                self.epsilon(start, first)
                last = self.build(alternative, first, flags) if alternative is not None else first
                self.epsilon(last, end)
            return end
        if op in _REPEATS:
            low, high, body = av
            unbounded = high == _C.MAXREPEAT
            current = start
            for _ in range(min(low, _UNROLL_LIMIT if unbounded or high <= _UNROLL_LIMIT else 1)):
                current = self.build(body, current, flags)
            if unbounded or high > _UNROLL_LIMIT:
                loop = self.state()
                self.epsilon(current, loop)
                first = self.state()
                self.epsilon(loop, first)
                last = self.build(body, first, flags)
                self.epsilon(last, loop)
                if not unbounded:
                    self.counted.add((last, loop))
                end = self.state()
                self.epsilon(loop, end)
                return end
            end = self.state()
            for _ in range(high - low):
                self.epsilon(current, end)
                current = self.build(body, current, flags)
            self.epsilon(current, end)
            return end
        if op is _C.AT:
            end = self.state()
            self.epsilon(start, end, self._at(av, flags))
            return end
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            end = self.state()
            self.epsilon(start, end, self._lookaround(op, av, flags))
            return end
        if op is _C.GROUPREF:
            # A back-reference repeats an earlier group: over-approximated by any text.
            loop = self.state()
            self.epsilon(start, loop)
            self.chars[loop].append((alphabet.all, loop))
            return loop
        raise ValueError(f"unsupported pattern element {op}")

    def _first_mask(self, pattern: Any, flags: int) -> int | None:
        """The characters a match of ``pattern`` can start with; None when it can match nothing."""
        scratch = _Automaton(self.alphabet)
        start = scratch.state()
        accept = scratch.build(pattern, start, flags)
        found, pending, seen = 0, [start], {start}
        while pending:
            state = pending.pop()
            if state == accept:
                return None
            for mask, _target in scratch.chars[state]:
                found |= mask
            for target, _guard in scratch.epsilons[state]:
                if target not in seen:
                    seen.add(target)
                    pending.append(target)
        return found

    def _at(self, av: Any, flags: int) -> _Guard | None:
        alphabet = self.alphabet
        newline = alphabet.mask(_C.LITERAL, ord("\n"), 0)
        multiline = bool(flags & re.MULTILINE)
        name = str(av)
        if name.endswith("AT_BEGINNING_STRING"):
            return _Guard(begin="text")
        if name.endswith("AT_BEGINNING") or name.endswith("AT_BEGINNING_LINE"):
            return _Guard(begin="line" if multiline else "text")
        if name.endswith("AT_END_STRING"):
            return _Guard(end_only=True)
        if name.endswith("AT_END") or name.endswith("AT_END_LINE"):
            return _Guard(after=newline)
        if name.endswith("AT_NON_BOUNDARY"):
            return _Guard(boundary="non-boundary")
        if name.endswith("AT_BOUNDARY"):
            return _Guard(boundary="boundary")
        raise ValueError(f"unknown anchor {av}")

    def _lookaround(self, op: Any, av: Any, flags: int) -> _Guard | None:
        direction, pattern = av
        items = _items(pattern)
        negative = op is _C.ASSERT_NOT
        single = len(items) == 1 and items[0][0] in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN)
        if not single:
            # A longer lookaround is over-approximated: a positive one by what its first character
            # (ahead) or its last one (behind) must be, a negative one as always true.
            if negative or not items:
                return None
            if direction == 1:
                first = self._first_mask(pattern, flags)
                return None if first is None else _Guard(after=first)
            last_op, last_av = items[-1]
            if last_op not in (_C.LITERAL, _C.NOT_LITERAL, _C.ANY, _C.IN):
                return None
            mask = self.alphabet.mask(last_op, last_av, flags)
            self.behind_masks.append(mask)
            return _Guard(behind=(mask, False))
        mask = self.alphabet.mask(items[0][0], items[0][1], flags)
        if direction == 1:  # lookahead: the next character (or, if negative, also the end)
            return _Guard(after=(self.alphabet.all & ~mask) if negative else mask)
        self.behind_masks.append(mask)
        return _Guard(behind=(mask, negative))


class _Graph:
    """The epsilon-free automaton over (state, kind of the previous character), as a multigraph:
    one edge per distinct epsilon path, so that ambiguity through epsilons is kept."""

    def __init__(self, automaton: _Automaton, start: int, accept: int, full: bool, search: bool) -> None:
        self.automaton = automaton
        self.alphabet = automaton.alphabet
        self.alphabet.refine(automaton.behind_masks)
        self.accept = accept
        self.full = full
        self.edges: dict[tuple[int, int], list[tuple[int, tuple[int, int], int]]] = {}  # node -> (mask, target, id)
        self.sure_success: set[tuple[int, int]] = set()
        # Characters on which the match succeeds from a node: the next character satisfies the
        # lookahead or anchor before the end of the pattern.
        self.wins: dict[tuple[int, int], int] = {}
        self._next_id = 0
        starts = [(start, _KIND_START)]
        if search:
            # Starting again at every position: a loop over any character in front of the pattern.
            prefix = automaton.state()
            automaton.epsilon(prefix, start)
            automaton.chars[prefix].append((self.alphabet.all, prefix))
            starts = [(prefix, _KIND_START)]
        self.start_nodes = starts
        pending = list(starts)
        seen = set(starts)
        while pending:
            node = pending.pop()
            out = self._expand(node)
            self.edges[node] = out
            for _mask, target, _id, _counted in out:
                if target not in seen:
                    seen.add(target)
                    pending.append(target)
                    if len(seen) > _STATE_LIMIT:
                        raise _TooComplex("too many automaton states")
        # A character that leads to a node from which the pattern always succeeds is a win too.
        changed = True
        while changed:
            changed = False
            for node, out in self.edges.items():
                if node in self.sure_success:
                    continue
                wins = self.wins[node]
                for mask, target, _id, _counted in out:
                    if target in self.sure_success:
                        wins |= mask
                if wins != self.wins[node]:
                    self.wins[node] = wins
                    changed = True
                    if wins == self.alphabet.all:
                        self.sure_success.add(node)

    def _expand(self, node: tuple[int, int]) -> list[tuple[int, tuple[int, int], int]]:
        state, kind = node
        out: list[tuple[int, tuple[int, int], int, bool]] = []
        alphabet = self.alphabet
        cell = alphabet.kind_masks.get(kind, 0)
        wins = 0

        def walk(current: int, after: int, on_path: frozenset[int], counted: bool) -> None:
            nonlocal wins
            if current == self.accept and not self.full:
                wins |= after
            for mask, target in self.automaton.chars[current]:
                for next_kind, next_cell in alphabet.kind_masks.items():
                    allowed = mask & after & next_cell
                    if allowed:
                        out.append((allowed, (target, next_kind), self._new_id(), counted))
            for target, guard in self.automaton.epsilons[current]:
                if target in on_path:
                    continue  # an empty iteration: re stops a loop that matched nothing
                next_after = after
                if guard is not None:
                    if guard.end_only:
                        continue  # nothing can follow the end of the text
                    if guard.begin == "text" and kind != _KIND_START:
                        continue
                    if guard.begin == "line" and not (kind == _KIND_START or cell & alphabet.newline):
                        continue
                    if guard.behind is not None:
                        mask, negative = guard.behind
                        if (kind != _KIND_START and bool(cell & mask)) == negative:
                            continue
                    if guard.boundary is not None:
                        wants_word = (bool(cell & alphabet.word)) != (guard.boundary == "boundary")
                        next_after &= alphabet.word if wants_word else alphabet.all & ~alphabet.word
                    if guard.after is not None:
                        next_after &= guard.after
                walk(target, next_after, on_path | {target}, counted or (current, target) in self.automaton.counted)

        walk(state, alphabet.all, frozenset({state}), False)
        self.wins[node] = wins
        if wins == alphabet.all:
            self.sure_success.add(node)
        return out

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id


def _sccs(nodes: list[Any], successors: Any) -> list[list[Any]]:
    """Strongly connected components (iterative Tarjan)."""
    index: dict[Any, int] = {}
    low: dict[Any, int] = {}
    on_stack: set[Any] = set()
    stack: list[Any] = []
    found: list[list[Any]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(successors(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors(child))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(component)
    return found


def _live_edges(graph: _Graph, counted: bool) -> dict[tuple[int, int], list[tuple[int, tuple[int, int], int]]]:
    """The edges a failing match can backtrack over: none out of a node from which the pattern
    always succeeds, none on a character on which it succeeds (the matcher stops there); with
    ``counted`` False, none that goes round a bounded repeat ({0,80}) again, which is a loop of
    bounded length (enough for the exponential check, not a loop that grows with the text)."""
    live: dict[tuple[int, int], list[tuple[int, tuple[int, int], int]]] = {}
    for node, edges in graph.edges.items():
        wins = graph.wins.get(node, 0)
        live[node] = [] if node in graph.sure_success else [
            (mask & ~wins, target, number) for mask, target, number, is_counted in edges
            if (counted or not is_counted) and mask & ~wins]
    return live


_Edges = dict[Any, list[tuple[int, Any, int]]]


def _cyclic_components(edges: _Edges) -> tuple[list[list[Any]], list[list[Any]], dict[Any, int]]:
    """(all strongly connected components, those with a loop, the component number of each node)."""
    components = _sccs(list(edges), lambda node: (target for _mask, target, _id in edges[node]))
    component_of = {node: number for number, component in enumerate(components) for node in component}
    cyclic = [component for component in components
              if len(component) > 1 or any(target == component[0] for _m, target, _i in edges[component[0]])]
    return components, cyclic, component_of


def ambiguity(source: str | bytes, flags: int, mode: str) -> str | None:
    """None when ``re`` runs the pattern in linear time in ``mode`` (search, match, fullmatch,
    iterate); else how it can backtrack catastrophically, with an example of the loop."""
    is_bytes = isinstance(source, bytes)
    parsed = sre_parse.parse(source, flags)
    flags = flags | parsed.state.flags
    if not is_bytes and not flags & re.ASCII:
        flags |= re.UNICODE
    alphabet = _Alphabet(parsed, is_bytes, flags)
    automaton = _Automaton(alphabet)
    start = automaton.state()
    accept = automaton.build(parsed, start, flags)
    graph = _Graph(automaton, start, accept, full=(mode == "fullmatch"), search=mode in ("search", "iterate"))
    every = _live_edges(graph, counted=True)
    _components, cyclic, component_of = _cyclic_components(every)
    for component in cyclic:
        found = _exponential(component, every, component_of)
        if found:
            return "exponential: " + found
    edges = _live_edges(graph, counted=False)
    components, cyclic, component_of = _cyclic_components(edges)
    found = _polynomial(cyclic, edges, component_of, components)
    if found:
        p, word = found
        prefix = _example(alphabet, _path_to(edges, graph.start_nodes, p))
        loop = _example(alphabet, word)
        return (f"polynomial (quadratic or worse): after {prefix!r}, the text {loop!r} repeated can be read "
                f"along paths that go round two loops or start at every position, so each extra repetition "
                f"is tried again from each earlier one")
    return None


def _path_to(edges: dict[Any, list[tuple[int, Any, int]]], starts: list[Any], goal: Any) -> list[int]:
    """The character masks along a shortest path from a start node to ``goal``."""
    parents: dict[Any, tuple[Any, int] | None] = {start: None for start in starts}
    pending = list(starts)
    while pending:
        following = []
        for node in pending:
            if node == goal:
                masks = []
                while parents[node] is not None:
                    node, mask = parents[node]  # type: ignore[misc]
                    masks.append(mask)
                return masks[::-1]
            for mask, target, _id in edges[node]:
                if target not in parents:
                    parents[target] = (node, mask)
                    following.append(target)
        pending = following
    return []


def _example(alphabet: _Alphabet, masks: list[int]) -> str:
    """A readable text along ``masks``: a printable character of each where there is one."""
    chars = []
    for mask in masks:
        members = [char for index, char in enumerate(alphabet.chars) if mask >> index & 1]
        printable = [char for char in members if char.isprintable()]
        chars.append((printable or members)[0])
    return "".join(chars)


def _exponential(component: list[Any], edges: dict[Any, list[tuple[int, Any, int]]],
                 component_of: dict[Any, int]) -> str | None:
    """Two different paths from a state back to itself that read the same text, inside ``component``."""
    members = set(component)
    inner = {node: [(mask, target, number) for mask, target, number in edges[node] if target in members]
             for node in component}
    product: dict[tuple[Any, Any], list[tuple[tuple[Any, Any], bool]]] = {}
    pending = [(node, node) for node in component]
    seen = set(pending)
    while pending:
        pair = pending.pop()
        out = []
        for mask_a, target_a, id_a in inner[pair[0]]:
            for mask_b, target_b, id_b in inner[pair[1]]:
                if mask_a & mask_b:
                    following = (target_a, target_b)
                    out.append((following, id_a != id_b))
                    if following not in seen:
                        seen.add(following)
                        pending.append(following)
                        if len(seen) > _STATE_LIMIT:
                            raise _TooComplex("too many pairs of states")
        product[pair] = out
    pairs = list(product)
    components = _sccs(pairs, lambda pair: (following for following, _ in product[pair]))
    for group in components:
        members_of_group = set(group)
        if not any(a == b for a, b in group):
            continue
        for pair in group:
            for following, differs in product[pair]:
                if differs and following in members_of_group:
                    return f"a loop through state {pair[0][0]} can read the same text along two different paths"
    return None


def _polynomial(cyclic: list[list[Any]], edges: dict[Any, list[tuple[int, Any, int]]],
                component_of: dict[Any, int], components: list[list[Any]]) -> tuple[Any, list[int]] | None:
    """States p != q on loops, with paths p->p, p->q and q->q that read the same text."""
    budget = [_STATE_LIMIT]
    reach = _reachability(components, edges, component_of)
    for first in cyclic:
        for second in cyclic:
            if first is second or component_of[second[0]] not in reach[component_of[first[0]]]:
                continue
            found = _triple(first, second, edges, component_of, reach, budget)
            if found:
                return found
    return None


def _reachability(components: list[list[Any]], edges: dict[Any, list[tuple[int, Any, int]]],
                  component_of: dict[Any, int]) -> list[set[int]]:
    """For each component, the components reachable from it (itself included)."""
    # Tarjan lists components in reverse topological order: successors first.
    reach: list[set[int]] = []
    for number, component in enumerate(components):
        found = {number}
        for node in component:
            for _mask, target, _id in edges[node]:
                other = component_of[target]
                if other != number:
                    found |= reach[other]
        reach.append(found)
    return reach


def _word(parents: dict[Any, tuple[Any, int]], goal: Any, start: Any) -> list[int]:
    masks = []
    node = goal
    while node != start:
        node, mask = parents[node]
        masks.append(mask)
        if len(masks) > 10_000:
            break
    return masks[::-1]


def _triple(first: list[Any], second: list[Any], edges: dict[Any, list[tuple[int, Any, int]]],
            component_of: dict[Any, int], reach: list[set[int]], budget: list[int]) -> tuple[Any, list[int]] | None:
    """A node p of ``first`` and q of ``second`` with paths p->p, p->q and q->q reading one text:
    (p, the masks of that text), found by a search over triples of nodes."""
    in_first, in_second = set(first), set(second)
    target_component = component_of[second[0]]
    for p in first:
        for q in second:
            start = (p, p, q)
            goal = (p, q, q)
            pending = [start]
            seen = {start}
            parents: dict[Any, tuple[Any, int]] = {}
            while pending:
                current = pending.pop()
                a, b, c = current
                for mask_a, next_a, _ in edges[a]:
                    if next_a not in in_first:
                        continue
                    for mask_b, next_b, _ in edges[b]:
                        common = mask_a & mask_b
                        if not common or target_component not in reach[component_of[next_b]]:
                            continue
                        for mask_c, next_c, _ in edges[c]:
                            if next_c not in in_second or not common & mask_c:
                                continue
                            following = (next_a, next_b, next_c)
                            if following not in parents and following != start:
                                parents[following] = (current, common & mask_c)
                            if following == goal:
                                parents[following] = (current, common & mask_c)
                                return p, _word(parents, goal, start)
                            if following not in seen:
                                seen.add(following)
                                pending.append(following)
                                budget[0] -= 1
                                if budget[0] < 0:
                                    raise _TooComplex("too many triples of states")
    return None


# ==================================================================================================
# 3. Timing, for a person (python tests/test_regex_backtracking.py --report), never a test: adversarial
#    inputs derived from the pattern itself and from generic building blocks
# ==================================================================================================

_C = sre_constants
_REPEATS = (_C.MAX_REPEAT, _C.MIN_REPEAT) + ((_C.POSSESSIVE_REPEAT,) if hasattr(_C, "POSSESSIVE_REPEAT") else ())
_POOL = (" \t\n\r" + "aAbBeEhHmMpPsStTuUxXzZ_" + "0123459" + string.punctuation
         + "\u00a0\u2003\u2013\u2014\u2019\u201c\u2022\u2248\u00e9\u2705\u2212\x00")
_CATEGORIES = {
    _C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
    _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W",
}


def _items(sequence: Any) -> list[tuple[Any, Any]]:
    return list(sequence.data) if hasattr(sequence, "data") else list(sequence)


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-sequences of one parsed node."""
    if op is _C.BRANCH:
        return list(av[1])
    if op is _C.SUBPATTERN:
        return [av[-1]]
    if op in _REPEATS:
        return [av[2]]
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return [av[1]]
    if op is _C.GROUPREF_EXISTS:
        return [part for part in av[1:] if part is not None]
    if getattr(_C, "ATOMIC_GROUP", None) is op:
        return [av]
    return []


def _nodes(sequence: Any) -> list[tuple[Any, Any]]:
    found = []
    for op, av in _items(sequence):
        found.append((op, av))
        for child in _children(op, av):
            found.extend(_nodes(child))
    return found


def _contains(sequence: Any, target: Any) -> bool:
    return any(av is target for _, av in _nodes(sequence))


class _Sampler:
    """Strings a parsed pattern matches, or the text it matches up to one of its repetitions."""

    def __init__(self, flags: int, seed: int) -> None:
        self.flags = flags
        self.rng = random.Random(seed)
        self.groups: dict[int, str] = {}

    def members(self, items: Any) -> list[str]:
        """Representative characters of a character class: a letter, a digit, a space, punctuation..."""
        negate = False
        matchers: list[Any] = []
        for op, av in items:
            if op is _C.NEGATE:
                negate = True
            elif op is _C.LITERAL:
                matchers.append(lambda ch, code=av: ord(ch) == code)
            elif op is _C.RANGE:
                matchers.append(lambda ch, low=av[0], high=av[1]: low <= ord(ch) <= high)
            elif op is _C.CATEGORY and av in _CATEGORIES:
                compiled = re.compile(_CATEGORIES[av], self.flags & re.ASCII)
                matchers.append(lambda ch, compiled=compiled: compiled.match(ch) is not None)
        ignorecase = bool(self.flags & re.IGNORECASE)
        found = []
        for ch in _POOL:
            variants = {ch, ch.lower(), ch.upper()} if ignorecase else {ch}
            if any(match(variant) for match in matchers for variant in variants) != negate:
                found.append(ch)
        return found

    def representatives(self, items: Any, limit: int = 4) -> list[str]:
        kinds: dict[str, str] = {}
        for ch in self.members(items):
            kind = ("letter" if ch.isalpha() else "digit" if ch.isdigit() else "space" if ch.isspace()
                    else "punct" if ch in string.punctuation else "other")
            kinds.setdefault(kind, ch)
        return list(kinds.values())[:limit]

    def walk(self, sequence: Any, target: Any = None) -> tuple[str, bool]:
        """A string the sequence matches; with ``target``, the text before that node (and True)."""
        out: list[str] = []
        for op, av in _items(sequence):
            if target is not None and av is target:
                return "".join(out), True
            text, found = self.node(op, av, target)
            out.append(text)
            if found:
                return "".join(out), True
        return "".join(out), False

    def node(self, op: Any, av: Any, target: Any) -> tuple[str, bool]:
        rng = self.rng
        holds = target is not None and any(_contains(child, target) for child in _children(op, av))
        if op is _C.LITERAL:
            return chr(av), False
        if op is _C.NOT_LITERAL:
            return rng.choice([ch for ch in "a1 .x" if ord(ch) != av]), False
        if op is _C.ANY:
            return rng.choice("a1 ."), False
        if op is _C.IN:
            choices = self.representatives(av, limit=8) or ["a"]
            return rng.choice(choices), False
        if op is _C.BRANCH:
            branches = list(av[1])
            if holds:
                branch = next(branch for branch in branches if _contains(branch, target))
            else:
                branch = rng.choice(branches)
            return self.walk(branch, target if holds else None)
        if op is _C.SUBPATTERN:
            text, found = self.walk(av[-1], target if holds else None)
            if av[0]:
                self.groups[av[0]] = text
            return text, found
        if op in _REPEATS:
            low, high, item = av
            if holds:
                before = "".join(self.walk(item)[0] for _ in range(max(low - 1, 0)))
                text, found = self.walk(item, target)
                return before + text, found
            extra = rng.randint(0, min(2, high - low)) if high != _C.MAXREPEAT else rng.randint(0, 2)
            return "".join(self.walk(item)[0] for _ in range(low + extra)), False
        if op in (_C.ASSERT, _C.ASSERT_NOT):
            if holds:
                return self.walk(av[1], target)
            return "", False
        if op is _C.GROUPREF:
            return self.groups.get(av, ""), False
        if op is _C.GROUPREF_EXISTS:
            return self.walk(av[1], target if holds else None)
        if getattr(_C, "ATOMIC_GROUP", None) is op:
            return self.walk(av, target if holds else None)
        return "", False


@dataclass(frozen=True)
class Spec:
    """An adversarial input: ``prefix + block * n + terminator``."""

    prefix: str
    block: str
    terminator: str
    why: str

    def build(self, length: int) -> tuple[str, int]:
        n = max(1, math.ceil((length - len(self.prefix)) / len(self.block)))
        return self.prefix + self.block * n + self.terminator, n

    def with_n(self, n: int) -> str:
        return self.prefix + self.block * n + self.terminator

    def shape(self, n: int | None = None, length: int | None = None) -> str:
        prefix = repr(self.prefix if len(self.prefix) <= 40 else self.prefix[:40] + "...")
        text = f"{prefix} + {self.block[:60]!r} * {n if n is not None else 'n'} + {self.terminator!r}"
        if length is not None:
            text += f" ({length} chars)"
        return f"{text} [{self.why}]"


def _seed(source: str | bytes) -> int:
    import zlib

    return zlib.crc32(source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source)


def build_specs(source: str, flags: int) -> list[Spec]:
    """Generic blocks, then blocks and prefixes derived from the pattern, with every terminator."""
    parsed = sre_parse.parse(source, flags & ~re.DEBUG)
    seed = _seed(source)
    bases: list[tuple[str, str, str]] = [("", block, "generic block") for block in GENERIC_BLOCKS]
    nodes = _nodes(parsed)
    sampler = _Sampler(flags, seed)
    # The pattern's literal characters and members of its character classes.
    literals = []
    for op, av in nodes:
        if op is _C.LITERAL and chr(av) not in literals:
            literals.append(chr(av))
    rng = random.Random(seed)
    rng.shuffle(literals)
    bases += [("", ch, "literal of the pattern") for ch in literals[:10]]
    members: list[str] = []
    for op, av in nodes:
        if op is _C.IN:
            for ch in sampler.representatives(av):
                if ch not in members:
                    members.append(ch)
    bases += [("", ch, "member of a character class") for ch in members[:10]]
    # Whole matches and near misses of the pattern, repeated.
    for index in range(3):
        text = _Sampler(flags, seed + index).walk(parsed)[0]
        if text:
            bases.append(("", text, "a match of the pattern"))
            bases.append(("", text + " ", "a match of the pattern and a space"))
        if len(text) > 1:
            bases.append(("", text[:-1], "a match of the pattern without its last character"))
            bases.append(("", text[: len(text) // 2], "the first half of a match"))
    # For every long repetition: the text that reaches it, then what it repeats.
    pumps: list[tuple[str, str, str]] = []
    for op, av in nodes:
        if op not in _REPEATS:
            continue
        low, high, item = av
        if high != _C.MAXREPEAT and high - low < 10:
            continue
        prefixes = {""}
        for index in range(2):
            text, found = _Sampler(flags, seed + 10 + index).walk(parsed, av)
            if found:
                prefixes.add(text)
        bodies: list[str] = []
        for index in range(3):
            body = _Sampler(flags, seed + 20 + index).walk(item)[0]
            if body and body not in bodies:
                bodies.append(body)
        for sub_op, sub_av in _items(item):
            if sub_op is _C.IN and len(_items(item)) == 1:
                for ch in sampler.representatives(sub_av):
                    if ch not in bodies:
                        bodies.append(ch)
        for prefix in sorted(prefixes, key=len):
            for body in bodies[:5]:
                pumps.append((prefix, body, "prefix reaching a repetition, then its body"))
    bases += pumps[:60]
    seen: set[tuple[str, str]] = set()
    specs = []
    for prefix, block, why in bases:
        if not block or (prefix, block) in seen:
            continue
        seen.add((prefix, block))
        specs.extend(Spec(prefix, block, terminator, why) for terminator in TERMINATORS)
    return specs


# ==================================================================================================
# 3b. Timing, in worker subprocesses
# ==================================================================================================


class _CallTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _CallTimeout


_last_search: list[Any] = [None, None]  # [text, whether search found a match in it]


_ALARM = hasattr(signal, "setitimer")  # not on Windows: there only the stall timeout guards


def _timed(compiled: re.Pattern[Any], mode: str, text: Any, limit: float = SINGLE_CALL_LIMIT) -> float | None:
    """Seconds one call takes, or None when the alarm interrupted it after ``limit`` seconds."""
    if _ALARM:
        signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        if mode == "search":
            _last_search[:] = [text, compiled.search(text) is not None]
        elif mode == "match":
            compiled.match(text)
        elif mode == "fullmatch":
            compiled.fullmatch(text)
        else:
            for _ in compiled.finditer(text):
                pass
        return time.perf_counter() - start
    except _CallTimeout:
        return None
    finally:
        if _ALARM:
            signal.setitimer(signal.ITIMER_REAL, 0)


def _best(compiled: re.Pattern[Any], mode: str, text: Any, repeats: int = 3) -> float | None:
    """The fastest of a few calls (one when it is slow anyway): robust against a busy machine."""
    best = float("inf")
    for _ in range(repeats):
        seconds = _timed(compiled, mode, text)
        if seconds is None:
            return None
        best = min(best, seconds)
        if seconds > 0.25:
            break
    return best


def _confirmed(compiled: re.Pattern[Any], mode: str, short_text: Any, long_text: Any,
               short: float, long: float) -> tuple[float, float]:
    """The best short and long times after ``CONFIRM_ROUNDS`` more calls of each, alternating, so a
    burst of load on the machine cannot fall on the long calls only. A really super-linear pattern
    stays super-linear; one long call over a quarter of a second settles it at once."""
    for _ in range(CONFIRM_ROUNDS):
        short_seconds = _timed(compiled, mode, short_text)
        long_seconds = _timed(compiled, mode, long_text)
        if short_seconds is None or long_seconds is None:
            break
        short, long = min(short, short_seconds), min(long, long_seconds)
        if long_seconds > 0.25 and long / max(short, 1e-7) > RATIO_LIMIT:
            break
    return short, long


def _emit(event: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _growth(compiled: re.Pattern[Any], mode: str, spec: Spec, encode: Any, longest: int) -> str:
    """Times of one call at doubling lengths, up to ``longest`` or the first call over half a second."""
    parts = []
    length = 1_250
    while length <= longest:
        text, _ = spec.build(length)
        seconds = _timed(compiled, mode, encode(text))
        if seconds is None:
            parts.append(f"{len(text)} chars: > {SINGLE_CALL_LIMIT:.1f} s (interrupted)")
            break
        parts.append(f"{len(text)} chars: {seconds:.4f} s")
        if seconds > 0.5:
            break
        length *= 2
    return "; ".join(parts)


def scan_pattern(job: dict[str, Any]) -> dict[str, Any]:
    """Time one pattern against every adversarial input; report what is flagged and the slowest inputs.

    ``job["long"]`` is the longest realistic input for the pattern (a document line or paragraph;
    for glob regexes, a file path) and ``job["short"]`` a quarter of it.
    """
    source = job["source"].encode("latin-1") if job["bytes"] else job["source"]
    flags = job["flags"]
    short_length, long_length = job["short"], job["long"]
    compiled = re.compile(source, flags)
    text_source = source.decode("latin-1") if isinstance(source, bytes) else source
    specs = build_specs(text_source, flags)

    def encode(text: str) -> Any:
        return text.encode("utf-8") if isinstance(source, bytes) else text

    flagged: list[dict[str, Any]] = []
    flagged_modes: set[str] = set()
    heartbeat = time.monotonic()
    calls = 0
    started = time.perf_counter()

    def beat() -> None:
        nonlocal heartbeat
        if time.monotonic() - heartbeat > 1.0:
            _emit({"type": "heartbeat", "id": job["id"]})
            heartbeat = time.monotonic()

    def flag(kind: str, spec: Spec, mode: str, detail: str, n: int, length: int) -> None:
        modes = [mode]
        if mode == "search" and "finditer" not in flagged_modes:
            modes.append("finditer")  # finditer does at least the work of search
        if kind == "exponential":
            growth = detail
        elif any(MODE_USES[each] in job["uses"] for each in modes):
            growth = _growth(compiled, mode, spec, encode, long_length)
        else:
            growth = "(not measured: pmlint makes no such call with this pattern)"
        for each in modes:
            flagged_modes.add(each)
            flagged.append({"kind": kind, "shape": spec.shape(n, length), "mode": each, "growth": growth,
                            "detail": detail if each == mode else f"{detail} (measured with search; finditer "
                                                                  "does at least the same work)"})

    # Exponential blow-up shows on short strings: up to 30 short blocks.
    for spec in specs:
        if len(spec.block) > EXPONENTIAL_BLOCK or len(flagged_modes) == len(MODES):
            continue
        history: list[str] = []
        for n in EXPONENTIAL_REPEATS:
            text = spec.with_n(n)
            worst, worst_mode = 0.0, ""
            encoded = encode(text)
            searched: float | None = None
            for mode in MODES:
                if mode in flagged_modes:
                    continue
                if mode == "finditer" and searched is not None and _last_search == [encoded, False]:
                    seconds: float | None = searched  # no match: finditer does exactly the failed search's work
                else:
                    seconds = _timed(compiled, mode, encoded)
                    calls += 1
                if mode == "search":
                    searched = seconds
                if seconds is None:
                    worst, worst_mode = float("inf"), mode
                    break
                if seconds > worst:
                    worst, worst_mode = seconds, mode
            history.append(f"n={n} ({len(text)} chars): "
                           + (f"> {SINGLE_CALL_LIMIT:.1f} s (interrupted)" if worst == float("inf") else f"{worst:.4f} s"))
            if worst > EXPONENTIAL_SECONDS:
                flag("exponential", spec, worst_mode, "; ".join(history), n, len(text))
                flagged_modes.update(MODES)  # the verdict is in: long inputs would only burn time
                break
        beat()

    slowest: list[dict[str, Any]] = []
    checked: set[tuple[int, str]] = set()

    def check_pair(index: int, mode: str, screened_seconds: float | None = None) -> None:
        """The input at both lengths: the ratio tells linear (~4) from quadratic (~16)."""
        nonlocal calls
        checked.add((index, mode))
        spec = specs[index]
        short_text, short_n = spec.build(short_length)
        long_text, long_n = spec.build(long_length)
        if screened_seconds is not None and screened_seconds > 0.25:
            short: float | None = screened_seconds  # slow enough that noise does not matter
        else:
            short = _best(compiled, mode, encode(short_text))
            calls += 3
        long = _best(compiled, mode, encode(long_text)) if short is not None else None
        calls += 3
        beat()
        record = {"shape": spec.shape(long_n, len(long_text)), "mode": mode, "short": short, "long": long,
                  "short_chars": len(short_text), "long_chars": len(long_text), "ratio": None}
        if short is None or long is None:
            flag(f"single call over {SINGLE_CALL_LIMIT:.0f} s", spec, mode,
                 f"{len(short_text)} chars: {'interrupted' if short is None else '%.4f s' % short}; "
                 f"{len(long_text)} chars: interrupted after {SINGLE_CALL_LIMIT:.1f} s", long_n, len(long_text))
        else:
            ratio = long / max(short, 1e-7)
            if ratio > RATIO_LIMIT and long > SUPERLINEAR_MIN_SECONDS:
                # A busy moment during the long calls looks like growth: confirm by alternating.
                short, long = _confirmed(compiled, mode, encode(short_text), encode(long_text), short, long)
                calls += 2 * CONFIRM_ROUNDS
                ratio = long / max(short, 1e-7)
            record.update(short=short, long=long, ratio=ratio)
            if ratio > RATIO_LIMIT and long > SUPERLINEAR_MIN_SECONDS:
                flag("super-linear", spec, mode,
                     f"{len(short_text)} chars: {short:.4f} s; {len(long_text)} chars: {long:.4f} s; "
                     f"ratio {ratio:.1f} for 4x the length (linear ~4, quadratic ~16)", long_n, len(long_text))
        slowest.append(record)

    # Screening at the short length: a super-linear input is already the slowest there. A slow call
    # is checked at once, so that a quadratic pattern is flagged (and that mode skipped) early.
    timings: list[tuple[float, int, str]] = []
    escalations = 0
    screened = 0
    for index, spec in enumerate(specs):
        if len(flagged_modes) == len(MODES) or time.perf_counter() - started > PATTERN_BUDGET:
            break
        screened += 1
        text, n = spec.build(short_length)
        encoded = encode(text)
        searched: float | None = None
        for mode in MODES:
            if mode in flagged_modes:
                continue
            if mode == "finditer" and searched is not None and _last_search == [encoded, False]:
                seconds: float | None = searched  # no match: finditer does exactly the failed search's work
            else:
                seconds = _timed(compiled, mode, encoded)
                calls += 1
            if mode == "search":
                searched = seconds
            if seconds is None:
                flag(f"single call over {SINGLE_CALL_LIMIT:.0f} s", spec, mode,
                     f"{len(text)} chars: interrupted after {SINGLE_CALL_LIMIT:.1f} s", n, len(text))
                continue
            timings.append((seconds, index, mode))
            if seconds > ESCALATE_SECONDS and escalations < MAX_ESCALATIONS:
                escalations += 1
                check_pair(index, mode, seconds)
        beat()

    # The slowest inputs of the screening, at both lengths.
    timings.sort(reverse=True)
    chosen: list[tuple[int, str]] = []
    for seconds, index, mode in timings:
        if (index, mode) in chosen or (index, mode) in checked or mode in flagged_modes:
            continue
        if len(chosen) < REMEASURE_TOP or (seconds > CANDIDATE_SECONDS and len(chosen) < 3 * REMEASURE_TOP):
            chosen.append((index, mode))
    for index, mode in chosen:
        if mode not in flagged_modes and time.perf_counter() - started < 2 * PATTERN_BUDGET:
            check_pair(index, mode)
    return {"type": "result", "id": job["id"], "specs": len(specs), "screened": screened, "calls": calls,
            "seconds": time.perf_counter() - started, "flagged": flagged,
            "slowest": sorted(slowest, key=lambda record: -(record["long"] or 1e9))}


def _worker_main() -> None:
    if _ALARM:
        signal.signal(signal.SIGALRM, _on_alarm)
    jobs = json.loads(sys.stdin.read())
    for job in jobs:
        _emit({"type": "begin", "id": job["id"]})
        if job.get("hang"):  # self-test of the stall timeout: a call that no alarm interrupts
            time.sleep(3600)
        try:
            result = scan_pattern(job)
        except Exception as error:  # a bug in the harness must show, not pass silently
            result = {"type": "result", "id": job["id"], "error": f"{type(error).__name__}: {error}",
                      "flagged": [], "slowest": [], "specs": 0, "calls": 0, "seconds": 0.0}
        _emit(result)
    _emit({"type": "end"})


class _Worker:
    """One worker subprocess scanning a list of jobs, its events read by a thread into a shared queue."""

    def __init__(self, name: str, jobs: list[dict[str, Any]], events: queue.Queue[Any]) -> None:
        self.name = name
        self.pending = {job["id"]: job for job in jobs}
        self.current: int | None = None
        self.last = time.monotonic()
        self.done = False
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen([sys.executable, __file__, "--worker"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.stderr, text=True, cwd=REPO,
                                        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        threading.Thread(target=self._read, args=(events,), daemon=True).start()
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(jobs))
        self.process.stdin.close()

    def _read(self, events: queue.Queue[Any]) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            events.put((self, json.loads(line)))
        events.put((self, {"type": "eof"}))

    def error_output(self) -> str:
        self.stderr.seek(0)
        return self.stderr.read()[-3000:]

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.stderr.close()


def run_scan(entries: list[Entry], dynamic: list[DynamicSite] = (), workers: int = 2, longest: int | None = None,
             stall_seconds: float = STALL_SECONDS, hang: set[int] = frozenset()) -> dict[int, dict[str, Any]]:
    """Scan every entry in worker processes; a worker that stops reporting is killed and replaced.

    ``longest`` overrides each pattern's realistic input length, and ``hang`` makes the workers hang on
    those entries (both for the harness self-tests).
    """
    jobs = []
    for index, entry in enumerate(entries):
        long = longest or realistic_length(entry)
        jobs.append({"id": index, "bytes": isinstance(entry.source, bytes), "flags": entry.flags,
                     "source": entry.source.decode("latin-1") if isinstance(entry.source, bytes) else entry.source,
                     "long": long, "short": long // 4, "uses": sorted(usage(entry, dynamic)), "hang": index in hang})
    # The longest patterns (big alternations) are the slowest: deal them out first.
    jobs.sort(key=lambda job: -len(job["source"]))
    shards: list[list[dict[str, Any]]] = [[] for _ in range(workers)]
    for position, job in enumerate(jobs):
        shards[position % workers].append(job)
    events: queue.Queue[Any] = queue.Queue()
    running = [_Worker(f"worker{index}", shard, events) for index, shard in enumerate(shards) if shard]
    retired: list[_Worker] = []
    results: dict[int, dict[str, Any]] = {}
    deadline = time.monotonic() + TOTAL_DEADLINE
    try:
        while any(not worker.done for worker in running):
            if time.monotonic() > deadline:
                raise AssertionError(f"the regex scan did not finish in {TOTAL_DEADLINE:.0f} s; patterns in "
                                     f"progress: {[entries[w.current].describe() for w in running if w.current]}")
            try:
                worker, event = events.get(timeout=0.5)
            except queue.Empty:
                worker, event = None, None
            if worker is not None and worker in running:  # events of a killed worker are stale
                worker.last = time.monotonic()
                kind = event["type"]
                if kind == "begin":
                    worker.current = event["id"]
                elif kind == "result":
                    results[event["id"]] = event
                    worker.pending.pop(event["id"], None)
                    worker.current = None
                elif kind == "eof":
                    worker.process.wait()
                    if worker.pending:
                        raise AssertionError(f"a regex scan worker died (exit {worker.process.returncode}) with "
                                             f"{len(worker.pending)} patterns left:\n{worker.error_output()}")
                    worker.done = True
            for index, stalled in enumerate(running):
                if stalled.done or time.monotonic() - stalled.last < stall_seconds:
                    continue
                # A call the alarm could not interrupt: kill the worker, flag its pattern, go on.
                stalled.kill()
                retired.append(stalled)
                culprit = stalled.current
                if culprit is not None:
                    results[culprit] = {"type": "result", "id": culprit, "specs": 0, "calls": 0,
                                        "seconds": stall_seconds, "slowest": [],
                                        "flagged": [{"kind": "hang", "shape": "(the input being timed)", "mode": "?",
                                                     "growth": "", "detail": f"the worker made no progress for "
                                                     f"{stall_seconds:.0f} s and was killed"}]}
                    stalled.pending.pop(culprit, None)
                remaining = list(stalled.pending.values())
                replacement = _Worker(stalled.name, remaining, events) if remaining else None
                if replacement is None:
                    stalled.done = True
                else:
                    running[index] = replacement
    finally:
        for worker in running + retired:
            worker.kill()
    return results


# ==================================================================================================
# 4. The tests
# ==================================================================================================


def _use_names(uses: frozenset[str]) -> str:
    names = {"match": "match", "fullmatch": "fullmatch", "search": "search", "iterate": "finditer/findall/sub/split"}
    return ", ".join(names[use] for use in sorted(uses)) or "nothing (the pattern is only compiled, to validate it)"


def _verdicts(entries: list[Entry], results: dict[int, dict[str, Any]],
              dynamic: list[DynamicSite] = ()) -> tuple[list[str], list[str], list[str]]:
    """(failures, findings in calls pmlint never makes, harness errors), as readable paragraphs."""
    failures, unused, errors = [], [], []
    for index, entry in enumerate(entries):
        result = results.get(index)
        if result is None:
            errors.append(f"no result for {entry.describe()}")
            continue
        if result.get("error"):
            errors.append(f"{result['error']} while scanning {entry.describe()}")
        uses = usage(entry, dynamic)
        real = [item for item in result["flagged"] if item["mode"] == "?" or MODE_USES[item["mode"]] in uses]
        other = [item for item in result["flagged"] if item not in real]
        for items, into in ((real, failures), (other, unused)):
            if not items:
                continue
            lines = [f"{entry.describe()}\n      pmlint calls it with: {_use_names(uses)}"]
            for item in items:
                lines.append(f"      - {item['kind']} with {item['mode']}(): input {item['shape']}\n"
                             f"          {item['detail']}\n          growth: {item['growth']}")
            into.append("\n".join(lines))
    return failures, unused, errors


def _summary(entries: list[Entry], stats: dict[str, Any], results: dict[int, dict[str, Any]], seconds: float) -> str:
    kinds: dict[str, int] = {}
    for entry in entries:
        for kind in entry.kinds:
            kinds[kind] = kinds.get(kind, 0) + 1
    lines = [f"{len(entries)} distinct patterns (source, flags); by where they were found (a pattern found in "
             f"several places counts under each): " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
             "collector counts: " + ", ".join(f"{k} {v if isinstance(v, int) else len(v)}" for k, v in stats.items()),
             f"scan: {sum(r.get('calls', 0) for r in results.values())} timed calls, "
             f"{sum(r.get('specs', 0) for r in results.values())} input shapes, {seconds:.1f} s"]
    rows = []
    for index, result in results.items():
        for record in result.get("slowest", []):
            if record.get("long") is not None:
                rows.append((record["long"], index, record))
    rows.sort(key=lambda row: -row[0])
    lines.append("slowest (pattern, input) pairs, best of 3 at both lengths:")
    for seconds_long, index, record in rows[:12]:
        entry = entries[index]
        source = entry.source if len(entry.source) <= 70 else entry.source[:70] + "..."
        lines.append(f"  {record['long_chars']:>6} chars {seconds_long:8.4f} s ({record['short_chars']} chars "
                     f"{record['short']:.4f} s, ratio {record['ratio']:.1f}) {record['mode']}() {source!r} "
                     f"[{entry.origins[0]}] input {record['shape']}")
    return "\n".join(lines)


def test_every_regex_is_collected() -> None:
    entries, stats = collect_patterns()
    kinds = {kind for entry in entries for kind in entry.kinds}
    print(f"{len(entries)} patterns; {stats['module globals']} from module globals, {stats['rule options']} "
          f"rule option values, {stats['preset evidence']} preset evidence patterns, {stats['ast literals']} "
          f"literal re.* calls, {stats['runtime compiles']} compiles observed while linting")
    assert len(entries) >= MIN_PATTERNS, f"only {len(entries)} patterns collected: collection is broken"
    # No "glob": globs are matched without regular expressions since issue 15 (pmlint.config.globs).
    for kind in ("module", "rule-option", "preset-evidence", "wordlist", "ast", "runtime"):
        assert kind in kinds, f"no pattern collected from {kind}: that collector is broken"
    assert stats["module globals"] >= 30 and stats["ast literals"] >= 10
    # Patterns compiled when first used (pmlint.patterns.LazyPattern) are collected from the modules too.
    from pmlint.reading import action_items
    origins = {origin for entry in entries for origin in entry.origins}
    assert "module:pmlint.reading.action_items._DONE_STATUS" in origins, "a LazyPattern was not collected"
    assert isinstance(action_items._DONE_STATUS, LazyPattern)
    missing = uncovered_sites(entries, stats["ast dynamic"])
    assert not missing, ("re.* calls whose pattern is built at run time and that no collector covers (call the "
                         "builder in _collect_wordlist_builders, or add it to _BUILDERS):\n" + "\n".join(missing))


# The analysis on patterns whose behaviour is known: (pattern, mode) -> "exponential", "polynomial" or None.
_KNOWN_VERDICTS = {
    (r"(a+)+b", "match"): "exponential",
    (r"(a|a)*b", "search"): "exponential",
    (r"(\w+\s?)*:", "match"): "exponential",
    (r"^(\w+\s*)+$", "fullmatch"): "exponential",
    (r"(\d+|\d+\.\d+)*z", "match"): "exponential",
    (r"(?:a|a){0,30}b", "match"): "exponential",  # bounded, but 2**30 ways
    (r"^\s*,?\s*$", "match"): "polynomial",
    (r"\d+\d+x", "match"): "polynomial",
    (r"\s+$", "search"): "polynomial",  # a long run of blanks, then a letter
    (r"\w+ing", "search"): "polynomial",
    (r"(?:\w+\s)*x", "iterate"): "polynomial",
    (r"\s+$", "match"): None,  # one start: linear
    (r"\w+ing", "match"): None,
    (r"\b\w+ing", "search"): None,  # \b: a new attempt only at the start of a word
    (r"(?<!\s)\s+x", "search"): None,  # the lookbehind: only at the start of a run of blanks
    (r"(?<=\d[hm])\d+x", "iterate"): None,
    (r"\bfoo\b", "search"): None,
    (r"[^.]{0,80}x", "search"): None,  # bounded: at most 80 steps from each position
    (r"\b(?:ab|cd)+\b", "search"): None,
    (r"\s+x?", "search"): None,  # succeeds as soon as it sees a blank: never backtracks
    (r"[.!?](?=\s)|\n\s*\n", "iterate"): None,  # a second newline ends the match
    (rb"\r\n|\r|\n", "iterate"): None,
}


def test_analysis_knows_good_from_bad() -> None:
    """The static analysis finds exponential and polynomial patterns and passes linear ones."""
    wrong = []
    for (source, mode), expected in _KNOWN_VERDICTS.items():
        verdict = ambiguity(source, 0, mode)
        kind = verdict.split(" ", 1)[0].rstrip(":") if verdict else None
        if kind != expected:
            wrong.append(f"{source!r} with {mode}: expected {expected}, got {verdict}")
    assert not wrong, "\n".join(wrong)


# Patterns the analysis flags although they run in linear time, each with the reason it over-approximates.
_REVIEWED_SAFE = {
    r"\s*\((?=\s*(?:[^\s()][^()]{2,}|(?<=[^\S\n])[^\s()][^()\n]|(?<=[^\S\n]{2})[^\s()]|(?<=[^\S\n]{3}))\))"
    r"\s*([^()]{3,})\)":
        "pmlint.checks.jargon._EXPLANATION_AFTER: the lookahead (which the analysis over-approximates) first "
        "checks, in one linear pass, that a closing parenthesis ends the run; when it does, what follows matches "
        "at the first try, and when it does not, nothing after the lookahead runs",
    r"https?://(?:(?!https?://)[^\s<>()\[\]])+/(?:issues?|pull|pulls|merge_requests|commits?|browse|tickets?"
    r"|jira)/[^\s<>()\[\]]+|(?<![\w/&])#\d+\b":
        "pmlint.reading.action_items._LINK (issue 15): the negative lookahead (which the analysis takes as always true) stops "
        "the first loop at the next 'http://', so each start reads only up to the next URL; the last loop reads to "
        "the end of what it allows and then always succeeds (findall, match). The full match is done as match + "
        "end check (actions._link_fullmatch). Timed linear by tests/test_regex_long_runs.py",
    r"^\s*(?:(?![\s:])|(?=[^\S\n]\n*:))(?P<name>[^:\n]{1,60}?)\s*:(?=\s|$)[ \t]*(?P<value>(?:[^ \t\n].*)?)$":
        "pmlint.reading.labels._LABEL_LINE (issue 15): a name starts with white space only where the lookahead (which "
        "the analysis reduces to its first character) sees newlines and then the colon; a run of white space "
        "holds at most one such place, so the second loop runs once. Timed linear by tests/test_regex_long_runs.py",
}

# Patterns in modules other than the language rules' that the analysis flags and that ARE slow on
# the input shown (measured with the --report timing harness): kept here, failing as expected
# (strict xfail), until their modules are fixed. A fixed pattern makes its case pass unexpectedly,
# which fails: then remove it here.
_KNOWN_SLOW: dict[str, str] = {}


def _known_slow(entry: Entry) -> str | None:
    return next((key for key in _KNOWN_SLOW if any(origin.startswith(key) for origin in entry.origins)), None)


@functools.lru_cache(maxsize=1)
def _analysis() -> tuple[list[tuple[Entry, str, str]], int]:
    """(entry, how pmlint calls it, verdict) for every flagged pattern and call; and the number of checks."""
    entries, stats = collect_patterns()
    flagged = []
    checks = 0
    for entry in entries:
        for use in sorted(usage(entry, stats["ast dynamic"])):
            checks += 1
            try:
                verdict = ambiguity(entry.source, entry.flags, use)
            except _TooComplex as error:
                verdict = f"too complex to analyse ({error}): simplify the pattern"
            if verdict:
                flagged.append((entry, use, verdict))
    return flagged, checks


def test_no_catastrophic_backtracking() -> None:
    """No pattern pmlint uses can take more than linear time in the way pmlint calls it.

    Deterministic: the automaton of each pattern is analysed (see section 2); nothing is timed.
    """
    flagged, checks = _analysis()
    assert checks >= MIN_PATTERNS
    failures = [f"{entry.describe()}\n      pmlint calls it with: {_use_names(frozenset([use]))}\n      {verdict}"
                for entry, use, verdict in flagged
                if entry.source not in _REVIEWED_SAFE and _known_slow(entry) is None]
    assert not failures, (f"{len(failures)} pattern(s) can backtrack catastrophically (time the input shown with "
                          f"'python tests/test_regex_backtracking.py --report WORD'):\n\n" + "\n\n".join(failures))


def test_reviewed_exceptions_are_still_needed() -> None:
    """Every pattern reviewed as safe is still used and still flagged: no stale exceptions."""
    flagged, _ = _analysis()
    sources = {entry.source for entry, _use, _verdict in flagged}
    stale = [origin for source, origin in _REVIEWED_SAFE.items() if source not in sources]
    assert not stale, f"no longer flagged (remove from _REVIEWED_SAFE): {stale}"


@pytest.mark.parametrize("key", sorted(_KNOWN_SLOW))
@pytest.mark.xfail(strict=True, reason="a known slow pattern outside the language rules: see _KNOWN_SLOW")
def test_known_slow_patterns(key: str) -> None:
    flagged, _ = _analysis()
    still = [f"{entry.describe()}: {verdict}" for entry, _use, verdict in flagged if _known_slow(entry) == key]
    assert not still, f"{_KNOWN_SLOW[key]}:\n" + "\n".join(still)


def _report_main() -> None:
    entries, stats = collect_patterns()
    only = [arg for arg in sys.argv[2:]]
    chosen = [entry for entry in entries if not only or any(word in origin for origin in entry.origins for word in only)]
    started = time.perf_counter()
    results = run_scan(chosen, stats["ast dynamic"])
    failures, unused, errors = _verdicts(chosen, results, stats["ast dynamic"])
    print(_summary(chosen, stats, results, time.perf_counter() - started))
    for title, items in (("FAILURES", failures), ("NOT USED THAT WAY", unused), ("ERRORS", errors)):
        print(f"\n===== {title} ({len(items)}) =====\n")
        print("\n\n".join(items))


if __name__ == "__main__" and "--report" in sys.argv:
    _report_main()


if __name__ == "__main__" and "--worker" in sys.argv:
    _worker_main()
