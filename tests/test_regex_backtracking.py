"""Issue 7: every regular expression pmlint uses, checked for catastrophic backtracking.

Python's ``re`` is a backtracking engine with no timeout, so one bad pattern can turn a 20 kB line of
a post-mortem into minutes of CPU (or, for nested quantifiers, forever). This test:

1. collects every pattern pmlint uses: compiled patterns in the globals (and containers and class
   attributes) of every ``pmlint`` module; patterns built at run time from data (regex rule options
   such as ``placeholder-patterns``, preset ``evidence`` patterns, wordlist alternations built by the
   same builder functions the rules call, glob regexes); literal patterns passed to ``re.*`` calls
   inside functions (found with ``ast``); and, as a safety net, every pattern pmlint code compiles
   while linting a few documents (``re._compile`` is observed);
2. runs each against adversarial strings ``prefix + block * n + terminator``: many generic building
   blocks, plus blocks and prefixes derived from the pattern itself (its literals, members of its
   character classes, sample strings it matches or nearly matches, and for every unbounded
   repetition a prefix that reaches it and a "pump" that feeds it), with terminators that make the
   match fail at the end;
3. flags exponential behaviour (a call over 0.1 s on a string of at most 30 short blocks),
   super-linear behaviour (time at ~20,000 characters more than 8 times the time at ~5,000, and
   over 50 ms), and any single call over 2 seconds.

Each input is screened at ~5,000 characters with ``search``, ``match``, ``fullmatch`` and
``finditer``; a slow call, and the slowest few inputs of every pattern, are then timed (best of 3)
at ~5,000 and ~20,000 characters. The scan runs in worker subprocesses, with an alarm that
interrupts any call after 2 s and a stall timeout that kills a worker that stops reporting, so a
catastrophic pattern fails the test with a message instead of hanging the suite.

A finding fails the test when pmlint makes that kind of call with the pattern (read from the source:
``NAME.match(`` is a match, ``re.split(...)`` an iteration; when unsure, every kind counts). Slowness
only in calls pmlint never makes (``search`` on a pattern it only ever ``match``-es) is printed, not
failed. Glob regexes only ever see file paths, so their longest input is PATH_MAX (4096), not 20,000.

``python tests/test_regex_backtracking.py --report [WORD...]`` prints the full report (optionally
only for patterns whose origin contains one of the words).
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
            if module.__name__ == "pmlint.config" and name == "_GLOB_CACHE":
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
    from pmlint.config import glob_match, load_preset
    import pmlint.config as config_module
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
                                  f"preset-evidence:pmlint/presets/{name}.yaml {group}.{spec.key}.evidence[{index}]")
                    found += 1
        globs.update(config.include)
        globs.update(config.exclude)
        for override in config.overrides:
            globs.update(override.files)
    # Glob regexes: built by glob_match (as the runner calls it) and kept in its cache.
    for pattern in sorted(globs):
        glob_match(pattern, "docs/postmortems/2026-03-15-outage.md")
    # Globs are matched without regular expressions since issue 15 (pmlint.globs); nothing to collect then.
    for glob, compiled in list(getattr(config_module, "_GLOB_CACHE", {}).items()):
        collector.add(compiled, compiled.flags, f"glob:pmlint.config._GLOB_CACHE[{glob!r}] (glob_match)")
    return found


def _collect_wordlist_builders(collector: _Collector) -> None:
    """Wordlist alternations, built by the functions the rules call, from the shipped wordlists."""
    from pmlint import wordlists
    from pmlint.checks import blame as blame_check
    from pmlint.checks import charged, jargon
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
        "pmlint.checks.blame._trigger_pattern(blame-actions)": blame_check._trigger_pattern(load("blame-actions").entries),
        "pmlint.checks.blame._direct_pattern(PM401 human-error)":
            blame_check._direct_pattern(tuple(rules["PM401"].options["human-error"])),
    }
    actors = tuple(rules["PM401"].options["pronouns"]) + tuple(load("blame-roles").entries)
    for any_capital in (False, True):
        built[f"pmlint.checks.blame._actor_pattern(pronouns + blame-roles, given-names, any_capital={any_capital})"] = \
            blame_check._actor_pattern(actors, load("given-names").entries, any_capital)
    for where, compiled in built.items():
        collector.add(compiled, compiled.flags, f"wordlist:{where}")


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

    path: str  # relative to the repository, "pmlint/actions.py"
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
    from pmlint import scaffold
    from pmlint.config import load_preset
    from pmlint.engine import Engine
    from pmlint.resources import preset_names
    from pmlint.ruledefs import load_rules
    from pmlint.source import Source

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
    stats["ast literals"], stats["ast dynamic"] = _collect_ast_literals(collector)
    stats["runtime compiles"] = _collect_runtime(collector)
    entries = sorted(collector.entries.values(), key=lambda entry: entry.origins[0])
    return entries, stats


# Functions that build patterns at run time, and the collector above that calls them with real data.
_BUILDERS = {
    ("pmlint/wordlists.py", "Wordlist.pattern"): "wordlist",
    ("pmlint/checks/charged.py", "_pattern"): "wordlist",
    ("pmlint/checks/jargon.py", "_jargon_pattern"): "wordlist",
    ("pmlint/checks/blame.py", "_trigger_pattern"): "wordlist",
    ("pmlint/checks/blame.py", "_direct_pattern"): "wordlist",
    ("pmlint/checks/blame.py", "_actor_pattern"): "wordlist",
    ("pmlint/checks/placeholders.py", "PlaceholderMatcher.__init__"): "rule-option",
    ("pmlint/sections.py", "SectionSpec.evidence_patterns"): "preset-evidence",
    ("pmlint/config.py", "_glob_regex"): "glob",
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
    importer = re.compile(rf"from {re.escape(module)} import [^\n]*\b{re.escape(name)}\b")
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
            found = _uses_on_lines_with("regex", "regex") if "_GLOB_CACHE" in _sources()["pmlint/config.py"] else None
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
# 2. Adversarial inputs, derived from the pattern itself and from generic building blocks
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
# 3. Timing, in worker subprocesses
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
    # No "glob": globs are matched without regular expressions since issue 15 (pmlint.globs).
    for kind in ("module", "rule-option", "preset-evidence", "wordlist", "ast", "runtime"):
        assert kind in kinds, f"no pattern collected from {kind}: that collector is broken"
    assert stats["module globals"] >= 30 and stats["ast literals"] >= 10
    missing = uncovered_sites(entries, stats["ast dynamic"])
    assert not missing, ("re.* calls whose pattern is built at run time and that no collector covers (call the "
                         "builder in _collect_wordlist_builders, or add it to _BUILDERS):\n" + "\n".join(missing))


def test_harness_flags_known_bad_patterns() -> None:
    """The scan itself must see an exponential and a quadratic pattern, and pass a linear one.

    At 8,000 characters instead of 20,000, to keep it quick: a quadratic pattern still takes well over
    50 ms there, and its time still grows 16-fold for 4x the length.
    """
    bad = [Entry(r"(a+)+b", re.UNICODE, ["self-test: exponential"]),
           Entry(r"^\s*,?\s*$", re.UNICODE, ["self-test: quadratic"]),
           Entry(r"\bfoo\b", re.UNICODE, ["self-test: linear"])]
    results = run_scan(bad, longest=8_000)
    kinds = [{item["kind"] for item in results[index]["flagged"]} for index in range(3)]
    assert "exponential" in kinds[0], results[0]
    assert kinds[1] & {"super-linear", f"single call over {SINGLE_CALL_LIMIT:.0f} s"}, results[1]
    assert not kinds[2], results[2]


def test_harness_contains_a_hang() -> None:
    """A worker that stops reporting is killed, its pattern flagged, and the other patterns still scanned."""
    entries = [Entry(r"\bfoo\b", re.UNICODE, ["self-test: hangs"]), Entry(r"\bbar\b", re.UNICODE, ["self-test: a"]),
               Entry(r"\bbaz\b", re.UNICODE, ["self-test: b"])]
    results = run_scan(entries, workers=1, longest=2_000, stall_seconds=2.0, hang={0})
    assert [item["kind"] for item in results[0]["flagged"]] == ["hang"], results[0]
    assert not results[1]["flagged"] and not results[2]["flagged"], results


def test_no_catastrophic_backtracking() -> None:
    entries, stats = collect_patterns()
    started = time.perf_counter()
    results = run_scan(entries, stats["ast dynamic"])
    elapsed = time.perf_counter() - started
    failures, unused, errors = _verdicts(entries, results, stats["ast dynamic"])
    print(_summary(entries, stats, results, elapsed))
    if unused:
        print(f"\nslow only in calls pmlint never makes with these patterns ({len(unused)}, not failures):\n\n"
              + "\n\n".join(unused))
    assert not errors, "the scan itself failed:\n" + "\n".join(errors)
    assert not failures, (f"{len(failures)} pattern(s) backtrack catastrophically on adversarial input "
                          f"(flagged: exponential growth, time ratio > {RATIO_LIMIT:g} for 4x the length with over "
                          f"{SUPERLINEAR_MIN_SECONDS * 1000:.0f} ms, or one call over {SINGLE_CALL_LIMIT:g} s):\n\n"
                          + "\n\n".join(failures))


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
