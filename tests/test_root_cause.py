"""The root cause analysis view: its parts and steps in each layout, and where each step is.

Every document below is written for the test; every expectation (counts, 1-based lines and columns with an
exclusive end) was worked out by hand from the text.
"""
from __future__ import annotations

from pmlint.config.loading import load_config
from pmlint.language.wordlists import load
from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.root_cause import RootCauseAnalysis, root_cause_analysis
from pmlint.reading.source import Source, decode
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog
CONNECTIVES = load("causal-connectives").entries


def read(text: str) -> RootCauseAnalysis | None:
    return root_cause_analysis(Document.parse(Source.from_text("x.md", text), CATALOG), CONNECTIVES)


def analysis(text: str) -> RootCauseAnalysis:
    found = read(text)
    assert found is not None
    return found


def test_no_analysis_without_a_heading_or_label() -> None:
    assert read("# T\n\n## Timeline\n\n- 10:00 UTC alert\n") is None


def test_guide_whys_list_items_with_questions() -> None:
    found = analysis("# T\n\n## Root Cause Analysis\n\n- Why did it fail? The pool ran out.\n"
                     "- Why did it run out? The pool was small.\n- Why? No docs.\n")
    assert [step.kind for step in found.whys] == ["why", "why", "why"]
    assert found.is_whys_list and found.depth == 3
    assert found.factors == () and found.causes == ()
    # "Why did it fail? The pool ran out." starts after "- " on line 5.
    assert found.whys[0].span == Span(5, 3, 5, 37)
    assert found.whys[2].text == "Why? No docs."
    assert found.span == Span(3, 4, 3, 23)


def test_whys_with_because_answers_and_the_problem_statement() -> None:
    found = analysis("# T\n\n## Whys\n\n* Exports were empty\n* ...because the job read the wrong bucket\n"
                     "* ...because the name was hard-coded\n")
    assert [part.role for part in found.parts] == ["whys"]
    assert len(found.whys) == 2
    assert found.whys[1].span == Span(7, 3, 7, 37)
    assert found.causes == ()  # the problem statement is no cause


def test_a_single_because_paragraph_is_prose() -> None:
    found = analysis("# T\n\n## Root Cause\n\nBecause the cache expired at once, every request hit the database.\n")
    assert found.whys == () and not found.is_whys_list
    assert [step.text for step in found.links] == ["Because"]
    assert found.chain_steps == 2


def test_questions_as_paragraphs_with_answers_after_them() -> None:
    found = analysis("# T\n\n## Root Cause\n\nWhy did it fail?\n\nThe disk filled.\n\nWhy did the disk fill?\n\n"
                     "Rotation was off.\n\nOne more note follows here.\n")
    assert [step.text for step in found.whys] == ["Why did it fail?", "Why did the disk fill?"]
    # The answers belong to the whys; the note after them is a cause statement of its own.
    assert [step.text for step in found.causes] == ["One more note follows here."]
    assert found.is_whys_list
    assert found.depth == 3  # two whys and the cause stated in prose beside them


def test_causal_chain_in_prose_links_and_positions() -> None:
    found = analysis("# T\n\n## Root Cause\n\nThe disk filled up because rotation was off, which led to\n"
                     "failed writes. As a result the API returned errors.\n")
    assert [step.text for step in found.links] == ["because", "led to", "As a result"]
    assert found.links[0].span == Span(5, 20, 5, 27)
    assert found.links[1].span == Span(5, 52, 5, 58)
    assert found.links[2].span == Span(6, 16, 6, 27)
    assert found.sentences == 2
    assert found.chain_steps == 4 and found.depth == 4


def test_contributing_factors_list_and_nested_items() -> None:
    found = analysis("# T\n\n## Contributing Factors\n\n- No alert on capacity\n  - a nested detail\n"
                     "- One autoscaling group\n")
    assert [part.role for part in found.parts] == ["factors"]
    assert [step.text for step in found.factors] == ["No alert on capacity", "One autoscaling group"]
    assert found.factors[1].span == Span(7, 3, 7, 24)
    assert found.statements == 3  # two factors, and the nested detail as a sentence of prose


def test_google_layout_root_causes_and_trigger() -> None:
    found = analysis("# T\n\n## Root Causes\n\nA retry loop amplified load.\n\n## Trigger\n\nA config push.\n")
    assert [part.role for part in found.parts] == ["cause", "trigger"]
    assert [step.text for step in found.triggers] == ["A config push."]
    assert found.triggers[0].span == Span(7, 4, 7, 11)  # at the Trigger heading
    assert not found.only_trigger
    assert found.chain_steps == 2


def test_only_a_trigger_and_an_image_trigger() -> None:
    assert analysis("# T\n\n## Trigger\n\nA config push.\n").only_trigger
    image = analysis("# T\n\n## Trigger\n![mail](https://example.com/a.png)\n")
    assert image.only_trigger and image.triggers[0].text == ""


def test_label_layout_reads_the_value() -> None:
    found = analysis("# T\n\n**Root Causes**: the certificate expired.\n\n**Trigger**: a renewal job failed.\n")
    assert [part.title for part in found.parts] == ["Root Causes", "Trigger"]
    assert found.causes[0].text == "the certificate expired."
    assert found.causes[0].span == Span(3, 18, 3, 42)


def test_summary_sections_are_not_the_analysis() -> None:
    found = analysis("# T\n\n## Summary\n\nLogins failed.\n\n### Root Cause\n\nA bad config.\n\n"
                     "## Five Whys\n\n1. Why? a\n2. Why? b\n3. Why? c\n")
    assert [part.title for part in found.parts] == ["Five Whys"]


def test_table_header_cells_are_not_steps_and_cells_have_positions() -> None:
    found = analysis("# T\n\n## 5 Whys\n\n| Why? | Answer |\n|---|---|\n| Why did it fail? | Disk full. |\n")
    assert [step.text for step in found.whys] == ["Why did it fail?"]
    assert found.whys[0].span == Span(7, 3, 7, 19)


def test_crlf_and_list_in_a_quote() -> None:
    source = decode("x.md", b"# T\r\n\r\n## Five whys\r\n\r\n> - Why did it fail? Disk full.\r\n"
                            b"> - Why was it full? Rotation off.\r\n")
    found = root_cause_analysis(Document.parse(source, CATALOG), CONNECTIVES)
    assert found is not None
    assert [step.span for step in found.whys] == [Span(5, 5, 5, 32), Span(6, 5, 6, 35)]


def test_nested_headings_inside_the_analysis_are_one_part() -> None:
    found = analysis("# T\n\n## Root Cause Analysis\n\n### Why did it fail?\n\nThe disk filled.\n\n"
                     "### Technical cause\n\nRotation was off.\n")
    assert [part.title for part in found.parts] == ["Root Cause Analysis"]
    assert [step.text for step in found.whys] == ["Why did it fail?"]


def test_text_of_the_analysis_part_after_part() -> None:
    found = analysis("# T\n\n## Root Causes\n\nA retry\nloop.\n\n## Trigger\n\n- A push.\n")
    assert found.text == "A retry loop. A push."


def test_links_after_a_dotted_capital_i_are_at_their_own_words() -> None:
    # "\u0130".lower() is two characters: read from it, every place after it was one too far.
    found = analysis("# T\n\n## Root Cause\n\n\u0130stanbul failed over because the probe timed out.\n")
    assert [step.text for step in found.links] == ["because"]
    assert found.links[0].span == Span(5, 22, 5, 29)


def _old_links(piece, phrases):  # type: ignore[no-untyped-def]
    """``_links`` before issue 19's third round: a loop in Python over every word of the piece."""
    from pmlint.reading.root_cause import _WORD, CauseStep, _flat

    text = piece.text
    matches = list(_WORD.finditer(text.lower()))
    words = [match.group() for match in matches]
    steps = []
    index = 0
    while index < len(words):
        length = 0
        for phrase in phrases.get(words[index], ()):
            if tuple(words[index:index + len(phrase)]) == phrase:
                length = len(phrase)
                break
        if length:
            start, end = matches[index].start(), matches[index + length - 1].end()
            steps.append(CauseStep("link", _flat(text[start:end]), piece.span(start, end)))
            index += length
        else:
            index += 1
    return steps


def test_links_are_found_as_the_loop_over_every_word_found_them() -> None:
    """Issue 19: only the words a connective starts with are tried; the links found are the same."""
    import random

    from pmlint.reading.root_cause import _links, _phrases, _piece

    rng = random.Random(19)
    phrases = _phrases(CONNECTIVES + ("as", "in turn of", "led to the"))
    words = ["as", "a", "result", "led", "to", "the", "because", "Because", "due", "in", "turn", "of", "é", "don't",
             "x", "this", "meant", "thus", ",", ".", "—", "\n", "LED", "To", "caused"]
    for _ in range(400):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
        document = Document.parse(Source.from_text("x.md", f"Intro\n\n{text}\n"), CATALOG)
        for block in document.blocks:
            piece = _piece(block)
            assert _links(piece, phrases) == _old_links(piece, phrases)


def test_the_link_scan_passes_over_only_pieces_without_links() -> None:
    """Issue 19: a piece ``_link_scan`` finds nothing in has no link; with the scan, the links are the same."""
    import random

    from pmlint.reading.root_cause import _link_scan, _links, _phrases, _piece

    rng = random.Random(1919)
    phrases = _phrases(CONNECTIVES + ("as", "in turn of", "led to the", "don't know"))
    scan = _link_scan(tuple(phrase for starting in phrases.values() for phrase in starting))
    assert scan is not None
    words = ["as", "a", "result", "led", "to", "the", "because", "BECAUSE", "due", "in", "turn", "of", "don't",
             "know", "x", "this", "meant", "thus", "caused", "leads", "resulting", "hence", "s", "t"]
    joins = [" ", " ", " ", "", "'", "-", "1", "\u00e9", ", ", "\n", "'s ", "_", "\u212a"]
    passed_over = 0
    for _ in range(1500):
        text = "".join(rng.choice(words) + rng.choice(joins) for _ in range(rng.randint(1, 12)))
        document = Document.parse(Source.from_text("x.md", f"Intro\n\n{text}\n"), CATALOG)
        for block in document.blocks:
            piece = _piece(block)
            expected = _old_links(piece, phrases)
            assert _links(piece, phrases, scan) == expected, text
            if scan.search(" " + piece.text.lower()) is None:
                assert expected == [], text
                passed_over += 1
    assert passed_over > 100  # the scan does pass pieces over


def test_sentence_breaks_are_found_as_with_the_look_behind_first() -> None:
    """Issue 19: ``_SENTENCE_BREAK`` with its look-behind after the mark finds the same breaks."""
    import random
    import re

    from pmlint.reading.root_cause import _SENTENCE_BREAK

    old = re.compile(r"(?<![.!?])[.!?](?=\s+[\"'(\[]?[A-Z0-9])")
    rng = random.Random(3)
    pieces = [".", "!", "?", " ", "\n", "\t", "A", "a", "1", "'", '"', "(", "[", "x.", "..", "é", "É"]
    for _ in range(30_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in _SENTENCE_BREAK.finditer(text)] == [m.span() for m in old.finditer(text)], text


def test_steps_read_their_text_and_span_from_their_piece_when_asked() -> None:
    """Issue 19: a step of prose finds its text and span when first asked, and they are what was stored before."""
    from pmlint.reading.root_cause import CauseStep, _flat

    found = analysis("# T\n\n## Root Cause Analysis\n\nThe  cache   expired, which meant the API\nfailed.\n")
    cause, link = found.causes[0], found.links[0]
    assert cause._span is None and link._text is None  # nothing read yet
    piece = found.parts[0].pieces[0]
    assert cause == CauseStep("cause", _flat(piece.text), piece.span())
    assert (link.text, link.span) == ("which meant", Span(5, 23, 5, 34))
    assert cause.text == "The cache expired, which meant the API failed." and cause.span == Span(5, 1, 6, 8)
