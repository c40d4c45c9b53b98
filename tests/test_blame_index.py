"""Issue 19: PM401 looks up the document's people by word, not by trying every person at every place.

* The prefilter finds the document's people (action item owners, responders...) as the alternation
  ``\\b(?:word|...)\\b`` of them all found them, with the one-word ones looked up in a set.
* ``BlameFinder._name_ending_at`` asks only the multi-word names ending on the token, and answers as
  the loop over every name did.
* Linting a document whose owners and blame sentences both grow with it is linear work (lines of
  Python executed at n and 4n, as tests/test_linear.py counts them).

Nothing is timed.
"""
from __future__ import annotations

import random
import re

import pytest
from test_linear import MAX_RATIO, work

import pmlint.language.pipeline
from pmlint.checks import blame_rule as blame_check


def _old_people_pattern(people: list[str]) -> re.Pattern[str] | None:
    """The prefilter's pattern before issue 19: one alternation of every person's word."""
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in people) + r")\b") if people else None


def test_people_are_found_as_the_alternation_found_them() -> None:
    rng = random.Random(19)
    words = ["Dana", "Dan", "Lee", "O'Neil", "J.", "Smith-Jones", "Zoë", "x_1", "_", "Ann", "Anna", "(SRE)", "1"]
    pieces = words + ["Danax", "Leee", " ", " ", ".", "-", "'", "é", "@", "dana", "\n", "(", ")", "J", "Smith"]
    for _ in range(300):
        people = sorted(set(rng.sample(words, rng.randint(0, 6))))
        old, new = _old_people_pattern(people), blame_check._people_actors(people)
        assert (old is None) == (new is None)
        if old is None or new is None:
            continue
        for _ in range(40):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            assert bool(new.search(text, start, end)) == bool(old.search(text, start, end)), (people, text, start, end)


def test_one_word_people_are_a_set_not_an_alternation() -> None:
    people = [f"Owner{i}" for i in range(1000)] + ["O'Neil"]
    found = blame_check._people_actors(people)
    assert found is not None and found.pattern is not None
    assert "Owner" not in found.pattern.pattern and len(found.names) == 1000
    assert found.search("then Owner512 forgot to", 0, 14) and not found.search("then Owner5120 forgot", 0, 14)
    assert found.search("O'Neil forgot") and not found.search("O'Neill forgot")
    only_words = blame_check._people_actors(["Dana"])
    assert only_words is not None and only_words.pattern is None and only_words.search("Dana broke it")


def test_trigger_patterns_match_as_the_flat_alternation() -> None:
    """Issue 19, third round: the trigger words grouped by their first letter find what the flat alternation found."""
    from pmlint.language.wordlists import load

    actions = load("blame-actions").entries + ("Kelvin took", "\\-dash", "[x] box", "a", "ab")
    flat = {re.escape(entry.split()[0]) for entry in actions} | {
        word.replace("'", "['’]") for word in blame_check._EXTRA_TRIGGERS}
    old = re.compile(rf"\b(?:{'|'.join(sorted(flat))})\b", re.IGNORECASE)
    lower_flat = {re.escape(entry.split()[0].lower()) for entry in actions} | {
        word.replace("'", "['’]") for word in blame_check._EXTRA_TRIGGERS}
    old_lower = re.compile(rf"\b(?:{'|'.join(sorted(lower_flat))})\b")
    new, new_lower = blame_check._trigger_pattern(actions), blame_check._lower_trigger_pattern(actions)
    assert new_lower is not None
    rng = random.Random(11)
    pieces = sorted({entry.split()[0] for entry in actions}) + ["didn’t", "didn't", "miss", "missed", "ed", " ", "x",
                                                                  "\u212a", "ſ", "-", "'", "é", "A", "AB", "\\"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", "."]) for _ in range(rng.randint(0, 10)))
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)], text
        lowered = text.lower()
        assert [m.span() for m in new_lower.finditer(lowered)] == [m.span() for m in old_lower.finditer(lowered)], text


def test_known_actors_are_found_as_with_the_alternation_in_its_order() -> None:
    """Issue 19, third round: the pronouns and roles sorted and grouped by first letter find an actor where the
    alternation in the configured order did (only whether one is written counts)."""
    from pmlint.language.wordlists import load

    lower_words = ("he", "she", "someone", "He", "on-call engineer", "engineer", "engineers", "SRE", "dev ops", "")
    for words in (lower_words, lower_words[:-1], tuple(load("blame-roles").entries) + ("they",)):
        names = ("Dana", "Mary Ann")
        old = re.compile(r"(?i:\b(?:" + "|".join(re.escape(word) for word in words) + r")\b)|@[A-Za-z0-9]"
                         r"|\b(?:Mary\ Ann)\b")
        new = blame_check._actor_pattern(words, names, False)
        rng = random.Random(len(words))
        pieces = [*words[:12], "x", " ", "-", "@", "@a", "Dana", "Mary Ann", "SHE", "Engineer", "é", ".", "ſ"]
        for _ in range(3000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            assert new.pattern is not None  # the given names are looked up word by word, as before
            assert bool(new.pattern.search(text, start, end)) == bool(old.search(text, start, end)), (words, text)


def test_direct_scan_finds_what_the_combined_pattern_found() -> None:
    """Issue 19, third round: "human error" and possessive faults, searched apart where their words are, are found
    where the combined pattern found them (default, empty, non-ASCII and multi-word entries)."""
    rng = random.Random(23)
    pieces = ["human", "Human", "error", "ERROR", " ", "  ", "\n", "'s", "’s", "s", "his", "this", "her", "where",
              "mistake", "fault", "faults", "operator", "pilot", "x", "-", ".", "é", "naïve", "whoops"]
    for human_error in (("human error", "operator error"), (), ("naïve error",), ("pilot  error", "whoops"),
                        ("Human Error",)):
        old = blame_check._Scan(blame_check._direct_pattern(human_error), blame_check._lower_direct_pattern(human_error),
                                blame_check._direct_needles(human_error))
        new = blame_check._direct_scan(human_error)
        for _ in range(4000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
            lowered = text.lower() if text.isascii() else None
            assert bool(new.search(text, lowered)) == bool(old.search(text, lowered)), (human_error, text)


def test_the_documents_people_are_read_once_for_the_prefilter_and_the_rule(monkeypatch) -> None:
    """Issue 19, third round: the people a document names are read once, not again when the rule runs."""
    from pathlib import Path

    from pmlint.commands.engine import Engine
    from pmlint.config.loading import load_config
    from pmlint.reading.source import Source

    calls = []
    read = blame_check._read_people
    monkeypatch.setattr(blame_check, "_read_people", lambda *args: calls.append(1) or read(*args))
    engine = Engine.create()
    config = load_config(None, engine.rules)
    text = ("---\nauthors: [Priya Raman]\n---\n# Outage\n\n## Summary\n\nPriya forgot to renew the "
            "certificate.\n\n## Action items\n\n- Automate renewal (owner: Dana)\n")
    findings = engine.lint(Source.from_text("a.md", text), config, Path("a.md"))
    assert any(finding.code == "PM401" for finding in findings)
    assert len(calls) == 1


def _old_name_ending_at(finder, doc, index: int, floor: int):  # type: ignore[no-untyped-def]
    """``_name_ending_at`` before issue 19: every multi-word name tried at every place."""
    for person in finder.lexicon.people:
        first = index - len(person) + 1
        if first >= floor and tuple(token.text for token in doc[first:index + 1]) == person:
            return doc[first:index + 1]
    token = doc[index]
    if token.text in finder.lexicon.names and token.text[:1].isupper():
        return doc[index:index + 1]
    if (index - 1 >= floor and token.is_title and token.is_alpha
            and doc[index - 1].text in finder.lexicon.names):
        return doc[index - 1:index + 1]
    return None


def test_names_end_where_the_loop_over_every_name_ended_them() -> None:
    from pmlint.checks.blame_rule import _names_of
    from pmlint.language.blame_finder import BlameFinder
    from pmlint.language.blame_lexicon import BlameLexicon, BlameMatchers

    nlp = pmlint.language.pipeline.load_pipeline(None)
    rng = random.Random(5)
    words = ["Mary", "Ann", "Lee", "Smith", "Jo", "Van", "Der", "Berg", "Kim", "the", "forgot", ",", "and"]
    matchers = BlameMatchers(nlp.vocab, nlp.make_doc, (), ())
    compared = 0
    for _ in range(150):
        values = [" ".join(rng.choice(words[:9]) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 8))]
        singles, multi = _names_of(tuple(values))
        lexicon = BlameLexicon(names=singles | {"Kim"}, people=multi, roles=(), actions={}, omissions=frozenset(),
                               pronouns=frozenset(), response_verbs=frozenset(), human_error=(), subject="the process")
        finder = BlameFinder(lexicon, matchers)
        doc = nlp.make_doc(" ".join(rng.choice(words) for _ in range(rng.randint(1, 16))))
        for index in range(len(doc)):
            for floor in range(index + 1):
                new, old = finder._name_ending_at(doc, index, floor), _old_name_ending_at(finder, doc, index, floor)
                assert (None if new is None else (new.start, new.end)) == (None if old is None else (old.start, old.end))
                compared += old is not None
    assert compared > 500, "the generated names hardly ever matched: the comparison proves little"


def _owners_and_blame(n: int) -> str:
    """``n`` action items each owned by a different person, and ``n`` sentences that blame one of them."""
    names = [f"Pat {chr(65 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}son" for i in range(n)]
    return ("# Outage of the checkout service\n\n## Summary\n\nCheckout failed for some users.\n\n## Root cause\n\n"
            + "".join(f"Then {name} forgot to renew certificate {i}.\n\n" for i, name in enumerate(names))
            + "## Action items\n\n"
            + "".join(f"- [ ] Add an alert on queue {i} (owner: {name}, due: 2026-04-01)\n" for i, name in enumerate(names)))


@pytest.mark.parametrize("n", [300])
def test_many_owners_and_blame_is_linear_work(n: int) -> None:
    small, large = work(_owners_and_blame(n)), work(_owners_and_blame(4 * n))
    assert large < MAX_RATIO * small, f"{large} lines executed at 4n, {small} at n: {large / small:.1f}x"


def test_a_label_names_people_as_its_name_normalised_says() -> None:
    """``_names_people`` (kept per name) answers as normalising the name each time did."""
    names = ["Responders", " responders ", "Incident Commander", "incident_commander", "Incident  _Commander",
             "On call", "On-call", "oncall", "ON\tCALL", "Owner", "Owners:", "Impact", "Authors", "by", "By ", "",
             "People\u00a0", "Incident-commander", "participant", "reviewers"]
    rng = random.Random(22)
    names += ["".join(rng.choice(["on", "call", " ", "_", "-", "Incident", "commander", "A"]) for _ in range(4))
              for _ in range(300)]
    for name in names + names:  # asked again: the kept answer
        assert blame_check._names_people(name) == (re.sub(r"[\s_]+", "-", name.strip().lower())
                                                   in blame_check._PEOPLE_KEYS), name


def test_known_actors_and_people_together_answer_as_one_after_the_other() -> None:
    """Issue 19, fifth round: the prefilter reads a window's words once for the known actors and the document's
    people; it finds an actor exactly where searching the known actors, then the people, did."""
    known = blame_check._actor_pattern(("he", "she", "on-call", "engineer"), ("Dana", "Mary Ann", "Lee"), False)
    rng = random.Random(5)
    words = ["Dana", "Lee", "O'Neil", "Zoë", "Ann", "x_1", "Smith-Jones"]
    pieces = words + ["Danax", "Mary Ann", "he", "She", "@", "@a", " ", " ", ".", "-", "'", "é", "\n", "x", "on-call"]
    for _ in range(300):
        people = blame_check._people_actors(sorted(set(rng.sample(words, rng.randint(0, 4)))))
        both = blame_check._BothActors(known, people)
        for _ in range(40):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            expected = bool(known.search(text, start, end) or (people and people.search(text, start, end)))
            assert bool(both.search(text, start, end)) == expected, (text, start, end)


def test_an_actor_is_looked_for_before_a_trigger_and_after_caused() -> None:
    """Issue 19, fifth round: each trigger's window before it, and for "caused" the window after it too, as
    the list of windows did (hand-worked: Dana is a given name, "load" and "traffic" are no actor)."""
    from pmlint.commands.engine import Engine, Prepared
    from pmlint.config.loading import load_config
    from pmlint.reading.document import Document
    from pmlint.reading.source import Source

    engine = Engine.create()
    config = load_config(None, engine.rules)
    blocks = ["The outage was caused by Dana.",                  # after "caused": found
              "The outage was caused by the load on the primary.",  # no actor on either side
              "Dana was on leave. The outage was caused by traffic.",  # before "caused": found
              "Traffic caused it" + "." * 45 + " Dana",         # after "caused" but beyond its reach
              "The deploy was pushed by Dana."]                   # "pushed" is no "caused": the window before only
    text = "# Outage\n\n" + "\n\n".join(blocks) + "\n"
    document = Document.parse(Source.from_text("a.md", text), config.catalog)
    prepared = Prepared(document.source, document, config, config.rules_for(None))
    found = blame_check._find_candidates(document, engine._context("PM401", prepared))
    assert [segment.text for segment in found] == [blocks[0], blocks[2]]
