"""Configured regular expressions (pmlint.patterns): the shipped ones are trusted and run on ``re`` (issue 19).

A preset's ``evidence`` and a rule's default ``placeholder-patterns`` ship with pmlint: they are not
compiled with ``regex`` at every start, and run on ``re`` wherever ``re`` and ``regex`` read a text alike
(ASCII without the controls 0x1c-0x1f). These tests check what the start-up no longer does: that every
shipped pattern is valid, and that ``re`` and ``regex`` give the same answer on such texts.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import regex

from pmlint import patterns
from pmlint.config.loading import _load_chain, load_preset
from pmlint.config.parsing import (
    _key_lines,
    _load_yaml,
    line_of,
    read_layer,
    read_preset_layer,
)
from pmlint.config.validation import OPTION_PATTERN_FLAGS, layer_problems
from pmlint.resources import preset_names, preset_path
from pmlint.ruledefs import load_rules


def _preset_patterns(name: str) -> list[tuple[str, int, tuple[str, ...]]]:
    """Every evidence pattern of a preset: (pattern, flags, key path)."""
    layer = read_preset_layer(preset_path(name))
    found = []
    groups = [(("sections",), layer.data.get("sections") or {}),
              (("summary", "fields"), (layer.data.get("summary") or {}).get("fields") or {})]
    for prefix, specs in groups:
        for key, spec in specs.items():
            for index, pattern in enumerate((spec or {}).get("evidence", ())):
                found.append((pattern, patterns.IGNORECASE, (*prefix, str(key), "evidence", str(index))))
    return found


def _shipped() -> list[tuple[str, int]]:
    found = {(pattern, flags) for name in preset_names() for pattern, flags, _ in _preset_patterns(name)}
    for meta in load_rules().values():
        for option, default in meta.options.items():
            if option.endswith("-patterns"):
                found.update((pattern, OPTION_PATTERN_FLAGS) for pattern in default)
    return sorted(found)


def test_the_flags_are_regex_flags() -> None:
    assert patterns.IGNORECASE == regex.IGNORECASE and patterns.DOTALL == regex.DOTALL


@pytest.mark.parametrize("name", preset_names())
def test_every_shipped_preset_validates_in_full_as_a_user_file_would(name: str) -> None:
    """What validation no longer does for a preset at each start: every pattern compiled with regex,
    every key read with its line by the pure-Python loader. The fast read gives the same data and lines."""
    path = preset_path(name)
    full = read_layer(path)
    assert not full.trusted and full.problems == []
    assert layer_problems(full, load_rules()) == []
    fast = read_preset_layer(path)
    assert fast.trusted and fast.data == read_layer(path).data
    assert fast.unread_lines is not None  # not read until a message needs one
    assert line_of(fast, ("extends",)) == line_of(full, ("extends",))
    assert fast.unread_lines is None and fast.lines == full.lines and len(full.lines) > 20


def test_every_shipped_pattern_compiles_with_both_engines() -> None:
    shipped = _shipped()
    assert len(shipped) >= 30
    for pattern, flags in shipped:
        assert patterns.problem(pattern, flags) is None, pattern
        assert patterns.UserPattern(pattern, flags).pattern == pattern


def test_a_clean_start_reads_the_preset_without_its_lines_and_trusts_its_patterns() -> None:
    chain = _load_chain(None, load_rules())
    preset = chain[0]
    assert preset.origin == "preset 'default'" and preset.trusted
    assert preset.unread_lines is not None  # validation asked for no line
    evidence = _preset_patterns("default")
    assert evidence and all((pattern, flags) in patterns._TRUSTED for pattern, flags, _ in evidence)


def test_a_trusted_patterns_origin_is_found_when_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timeout names where a pattern was written: a preset's line is read only then."""
    monkeypatch.setattr(patterns, "_ORIGINS", {})  # the first place a pattern is written is kept
    load_preset("default", load_rules())
    path = preset_path("default")
    node, _, _ = _load_yaml(path.read_text(encoding="utf-8"), str(path), False)
    lines = _key_lines(node)
    checked = 0
    for pattern, _, key in _preset_patterns("default"):
        origin = patterns._origin(pattern)
        if origin.key != ".".join(key):
            continue  # the same pattern written earlier, under another key
        assert origin == patterns.Origin("preset 'default'", lines[key], ".".join(key))
        checked += 1
    assert checked >= 20


def test_a_user_pattern_is_not_trusted_and_runs_on_regex() -> None:
    user = patterns.UserPattern(r"\bmy own (evidence|pattern)\b", patterns.IGNORECASE)
    assert user._plain is None and user._compiled is not None
    assert user.search("This is My Own Pattern.") and not user.search("my ownpattern")


def test_re_is_used_only_where_it_reads_a_text_as_regex_does() -> None:
    assert patterns._read_alike("plain ASCII text, 14:02 UTC\n\t")
    for text in ("caf\u00e9", "10 users\u00b2", "cause\u0301d", "a\x1cb", "a\x1fb", "I\u0131", "\u2013"):
        assert not patterns._read_alike(text), repr(text)
    # Where they differ: regex's \s does not match 0x1c, re's does; a trusted pattern gives regex's answer.
    pattern = r"a\sb"
    patterns.trust(pattern, 0)
    trusted = patterns.UserPattern(pattern, 0)
    assert trusted._plain is not None and trusted._plain.fullmatch("a\x1cb")
    assert not trusted.fullmatch("a\x1cb") and trusted.fullmatch("a b")


def _texts(seed: int = 19) -> list[str]:
    """ASCII texts for the differential test: lines and paragraphs of generated post-mortems, and word
    salads of the patterns' own words (so that most of their branches are reached), cut at random places."""
    from benchmarks import corpus

    documents = [corpus.typical_document(seed), corpus.clean_document(seed), corpus.big_document(120_000, seed)]
    texts: list[str] = []
    for document in documents:
        texts += document.splitlines()
        texts += document.split("\n\n")
    words = sorted({word for pattern, _ in _shipped()
                    for word in regex.findall(r"[A-Za-z]{2,}", regex.sub(r"\\[A-Za-z]", " ", pattern))})
    words += ["lasted", "lasting", "caused", "impacted", "restored", "minutes", "hours", "users"]
    pieces = words + ["14:02", "9.30", "2026-03-04", "3h 20m", "-", "to", ",", ".", "'", "[", "]", "{{", "}}", "<", ">",
                      "\n", "\t", "  ", "12", "45 minutes", "Mar 3", "3rd", "TBD", "will be added", "n't been",
                      "1400-1530 UTC", "between the hours of", "2230 to 0115 gmt", "restarted the pods successfully",
                      "deployed the hotfix", "the fix was rolled out", "it has since been renewed", "from 14:05 to 14:50",
                      "the problem was that", "the issue is a", "for two hours", "we renewed the certificate",
                      "never renewed", "not been rotated", "works again", "back to normal", "is now fully operational",
                      "totaling 45 minutes", "[Describe the impact]", "{{ impact }}", "<fill in>",
                      "between August 19 and 21", "19-21 August", "we traced the errors to", "ran out of",
                      "after a configuration change"]
    rng = random.Random(seed)
    for _ in range(4000):
        salad = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        texts.append(salad if rng.random() < 0.7 else salad.upper() if rng.random() < 0.5 else salad.title())
    texts += pieces  # whole, for the patterns a text must match from start to end
    cut = [text[rng.randint(0, len(text)):] for text in texts[:2000] if text]
    return [text for text in texts + cut if patterns._read_alike(text)]


def test_re_and_regex_agree_on_every_shipped_pattern_where_re_is_used() -> None:
    """The differential test behind running the shipped patterns on re: every search and fullmatch on
    texts that _read_alike accepts gives the same answer on both engines (the old way and the new)."""
    texts = _texts()
    assert len(texts) > 5000
    compared = 0
    for pattern, flags in _shipped():
        plain = regex.compile(pattern, flags | regex.VERSION0)
        patterns.trust(pattern, flags)
        trusted = patterns.UserPattern(pattern, flags)
        assert trusted._plain is not None
        matched = 0
        for text in texts:
            expected = plain.search(text) is not None
            assert trusted.search(text) == expected, (pattern, text)
            assert trusted.fullmatch(text) == (plain.fullmatch(text) is not None), (pattern, text)
            matched += expected
            compared += 1
        assert matched, pattern  # the texts reach every pattern
    assert trusted._compiled is None  # regex was never needed for them


def test_a_shipped_pattern_in_a_user_file_is_still_validated(tmp_path: Path) -> None:
    """Only a preset's layer is trusted: a user's file with the same key is validated as before."""
    config = tmp_path / ".pmlint.yaml"
    config.write_text("sections:\n  summary:\n    evidence: ['(unclosed']\n", encoding="utf-8")
    from pmlint.errors import ConfigError

    with pytest.raises(ConfigError) as error:
        _load_chain(config, load_rules())
    assert error.value.line == 3 and "invalid regular expression" in str(error.value)


def test_lazy_pattern_compiles_on_first_use_and_answers_as_the_compiled_pattern() -> None:
    source, flags = r"(?P<word>\w+)-(\d+)", re.IGNORECASE
    lazy = patterns.LazyPattern(source, flags)
    assert vars(lazy) == {"pattern": source, "flags": flags}  # nothing compiled yet
    import copy
    assert copy.copy(lazy).pattern == source and vars(lazy) == {"pattern": source, "flags": flags}
    compiled = re.compile(source, flags)
    text = "Ab-12, cd-3 and EF-456"
    assert lazy.search(text).group("word") == compiled.search(text).group("word") == "Ab"
    assert "search" in vars(lazy)  # compiled once: its methods are the compiled pattern's from now on
    assert lazy.match(text).span() == compiled.match(text).span()
    assert lazy.fullmatch("x-1") is not None and lazy.fullmatch("x-") is None
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("#", text) == compiled.sub("#", text) and lazy.split(text) == compiled.split(text)
    assert lazy.groupindex == compiled.groupindex and lazy.groups == 2
    assert lazy.pattern == source and lazy.flags == flags


def test_any_fullmatch_answers_as_each_pattern_would() -> None:
    """Asked once per text whether re reads it as regex does, over trusted patterns (run on re where it
    does) and a user pattern (always regex): the same answers as asking each pattern in turn."""
    sources = [r"^\[[^\]]*\]$", r"(?:to be|will be) (?:added|written)\b[^.!?]*[.!]?", r"\w+\s*tbd"]
    for source in sources[:2]:
        patterns.trust(source, patterns.DOTALL)
    compiled = [patterns.compile_user(source, patterns.DOTALL) for source in sources]
    rng = random.Random(19)
    pieces = ["[", "]", "x", " ", "to be", "will be", "added", "written", ".", "tbd", "TBD", "\u00e9", "\u0301",
              "\x1c", "\t", "word"]
    texts = ["to be added\u0301", "to be added", "[x\x1c]", "word tbd", "\u00e9 tbd"]  # \b differs after a mark
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    for text in texts:
        for chosen in (compiled, compiled[:2], compiled[2:], []):
            assert patterns.any_fullmatch(chosen, text) == any(p.fullmatch(text) for p in chosen), (text, chosen)
