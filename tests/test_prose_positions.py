"""Prose segments: what is left out of the text, and where each word sits in the source file.

Expected positions are counted by hand: 1-based line and column, end column exclusive.
"""
from __future__ import annotations

import re

import pytest

from pmlint.config.loading import load_config
from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.prose import ProseSegment
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog


def parse(text: str) -> Document:
    return Document.parse(Source.from_text("x.md", text), CATALOG)


def segments(doc: Document) -> list[ProseSegment]:
    return [block.segment for block in doc.blocks]


def prose(text: str) -> str:
    """All prose of a document, one block per line."""
    return "\n".join(segment.text for segment in segments(parse(text)))


def word_span(text: str, word: str, occurrence: int = 0) -> Span:
    """The span of the ``occurrence``-th whole-word ``word`` across all segments, checked against the source."""
    doc = parse(text)
    found = []
    for segment in segments(doc):
        for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", segment.text):
            found.append(segment.span(match.start(), match.end()))
    span = found[occurrence]
    return span


# -- what is not prose --------------------------------------------------------------------------


def test_code_spans_are_left_out_but_recorded() -> None:
    doc = parse("Run `kubectl drain` now\n")
    segment = doc.blocks[0].segment
    assert segment.text == "Run  now"
    assert segment.has_non_prose
    assert segment.code_spans == [("kubectl drain", 4, 19)]


def test_double_backtick_code_span() -> None:
    assert prose("Use ``a ` b`` here\n") == "Use  here"


def test_fenced_and_indented_code_are_not_blocks() -> None:
    text = "Before\n\n```sh\nrm -rf blame\n```\n\n    indented blame\n\nAfter\n"
    assert prose(text) == "Before\nAfter"


@pytest.mark.parametrize(("text", "expected"), [
    ("See https://status.example.com/incidents/42 for details\n", "See  for details"),
    ("Visit www.example.com/blame today\n", "Visit  today"),
    ("Mail <https://example.com/autolink> now\n", "Mail  now"),
    ("Mail <ops@example.com> now\n", "Mail  now"),
])
def test_urls_are_left_out(text: str, expected: str) -> None:
    doc = parse(text)
    assert doc.blocks[0].segment.text == expected
    assert doc.blocks[0].segment.has_non_prose


def test_link_text_is_prose_but_destination_and_title_are_not() -> None:
    assert prose('Read [the runbook](https://wiki.example.com/runbook "Runbook title") first\n') == (
        "Read the runbook first")


def test_reference_links() -> None:
    assert prose("[text][ref] and [ref] here\n\n[ref]: https://example.com\n") == "text and ref here"


def test_images_are_left_out() -> None:
    doc = parse("Diagram ![flow of blame](img/flow.png) below\n")
    assert doc.blocks[0].segment.text == "Diagram  below"
    assert doc.blocks[0].segment.has_non_prose


def test_inline_html_is_left_out_but_its_text_is_kept() -> None:
    assert prose('A <span class="blame">word</span> here\n') == "A word here"


def test_br_tag_is_a_line_break() -> None:
    doc = parse("| Time | Event |\n|---|---|\n| 14:05 | MAIN<br>**Mitigation** started |\n")
    cell = doc.tables[0].rows[0][1]
    assert cell.segment.text == "MAIN\nMitigation started"
    assert not cell.segment.has_non_prose
    assert word_span("a<br/>b <BR> c\n", "b") == Span(1, 7, 1, 8)


def test_html_comments_are_left_out() -> None:
    assert prose("Before <!-- hidden blame --> after\n\n<!-- block comment -->\n") == "Before  after"


def test_emphasis_markers_are_removed() -> None:
    assert prose("*very* **bad** _thing_ __done__ ~~old~~ ***both***\n") == "very bad thing done old both"


def test_strong_ranges() -> None:
    doc = parse("**The engineer** broke prod\n")
    segment = doc.blocks[0].segment
    assert segment.text == "The engineer broke prod"
    assert segment.is_strong(0, 12)
    assert segment.is_strong(4, 12)
    assert not segment.is_strong(13, 18)


# -- where words are ----------------------------------------------------------------------------


def test_plain_paragraph() -> None:
    text = "The deploy failed at noon.\n"
    assert word_span(text, "failed") == Span(1, 12, 1, 18)
    assert word_span(text, "The") == Span(1, 1, 1, 4)


def test_multi_line_paragraph() -> None:
    text = "First line here\nsecond line with blame\n   indented continuation\n"
    assert word_span(text, "blame") == Span(2, 18, 2, 23)
    assert word_span(text, "continuation") == Span(3, 13, 3, 25)


def test_whole_segment_span_crosses_lines() -> None:
    doc = parse("First line\nsecond line\n")
    assert doc.blocks[0].segment.span() == Span(1, 1, 2, 12)


def test_hard_line_breaks() -> None:
    assert word_span("first  \nsecond word\n", "word") == Span(2, 8, 2, 12)
    assert word_span("first\\\nsecond word\n", "word") == Span(2, 8, 2, 12)


def test_nested_lists() -> None:
    text = "- top item\n  - nested item with word\n    - deeper still here\n"
    assert word_span(text, "word") == Span(2, 22, 2, 26)
    assert word_span(text, "still") == Span(3, 14, 3, 19)
    assert word_span("1. one\n   1. two words\n", "words") == Span(2, 11, 2, 16)


def test_list_item_continuation_lines() -> None:
    assert word_span("- first line\n  second blame\n", "blame") == Span(2, 10, 2, 15)


def test_task_lists() -> None:
    text = "- [ ] Add alerting for disk\n- [x] Rotate keys\n"
    assert word_span(text, "Add") == Span(1, 7, 1, 10)
    assert word_span(text, "disk") == Span(1, 24, 1, 28)
    assert word_span(text, "Rotate") == Span(2, 7, 2, 13)


def test_block_quotes() -> None:
    text = "> The operator ignored it\n> > nested blame here\n"
    assert word_span(text, "ignored") == Span(1, 16, 1, 23)
    assert word_span(text, "blame") == Span(2, 12, 2, 17)
    assert word_span("> first line\n> second word\n", "word") == Span(2, 10, 2, 14)
    assert word_span("> quoted\nlazy word\n", "word") == Span(2, 6, 2, 10)
    assert word_span("> > deep\n> > second word\n", "word") == Span(2, 12, 2, 16)


def test_list_in_block_quote() -> None:
    assert word_span("> - item one\n>   - sub blame\n", "blame") == Span(2, 11, 2, 16)


def test_tables() -> None:
    text = ("| Time | Event |\n"
            "|------|-------|\n"
            "| 14:05 | Engineer \\| pushed config |\n"
            "| 14:10 | Ran `rollback.sh` then waited |\n")
    assert word_span(text, "Time") == Span(1, 3, 1, 7)
    assert word_span(text, "Event") == Span(1, 10, 1, 15)
    assert word_span(text, "Engineer") == Span(3, 11, 3, 19)
    assert word_span(text, "pushed") == Span(3, 23, 3, 29)
    assert word_span(text, "config") == Span(3, 30, 3, 36)
    assert word_span(text, "then") == Span(4, 29, 4, 33)
    assert word_span(text, "waited") == Span(4, 34, 4, 40)
    # The escaped pipe inside the code span neither splits the cell nor shifts the word after it.
    assert word_span("| a |\n|---|\n| `x \\| y` z |\n", "z") == Span(3, 12, 3, 13)


def test_table_without_outer_pipes() -> None:
    assert word_span("Owner | Task\n--|--\nalice | fix DNS\n", "DNS") == Span(3, 13, 3, 16)


def test_table_in_block_quote() -> None:
    text = "> | Key | Value |\n> |---|---|\n> | Owner | alice |\n"
    assert word_span(text, "Key") == Span(1, 5, 1, 8)
    assert word_span(text, "Owner") == Span(3, 5, 3, 10)
    assert word_span(text, "alice") == Span(3, 13, 3, 18)


def test_table_in_list_item() -> None:
    text = "- Items:\n\n  | Task | Owner |\n  |---|---|\n  | Fix DNS | bob |\n"
    assert word_span(text, "DNS") == Span(5, 9, 5, 12)
    assert word_span(text, "bob") == Span(5, 15, 5, 18)


def test_table_starting_on_a_list_item_line() -> None:
    text = "- | Task | Owner |\n  |---|---|\n  | Fix | bob |\n"
    assert word_span(text, "Task") == Span(1, 5, 1, 9)
    assert word_span(text, "bob") == Span(3, 11, 3, 14)


def test_atx_headings() -> None:
    assert word_span("## Root cause ##\n", "cause") == Span(1, 9, 1, 14)
    assert word_span("#\tTabbed title #\n", "title") == Span(1, 10, 1, 15)
    assert word_span("> ## Quoted title\n", "title") == Span(1, 13, 1, 18)


def test_atx_heading_text_that_also_appears_in_its_marker() -> None:
    # "1" is in the list marker too; the heading's "1" is the one after "# ".
    assert word_span("1. # 1\n", "1") == Span(1, 6, 1, 7)


def test_setext_headings() -> None:
    assert word_span("Impact summary\n--------------\n", "summary") == Span(1, 8, 1, 15)
    assert word_span("Root\ncause analysis\n===\n", "analysis") == Span(2, 7, 2, 15)


def test_crlf_file() -> None:
    text = "# Title\r\n\r\nFirst line\r\nThe team broke it\r\n"
    assert word_span(text, "Title") == Span(1, 3, 1, 8)
    assert word_span(text, "broke") == Span(4, 10, 4, 15)


def test_bom_file() -> None:
    assert word_span("\ufeffThe deploy failed\n", "failed") == Span(1, 12, 1, 18)
    assert word_span("\ufeff# Heading\n", "Heading") == Span(1, 3, 1, 10)


def test_tabs() -> None:
    assert word_span("Step\tone\tfailed badly\n", "failed") == Span(1, 10, 1, 16)
    assert word_span("-\tTabbed item word\n", "word") == Span(1, 15, 1, 19)


def test_text_after_html_entities() -> None:
    text = "R&amp;D &copy; team blamed Bob\n"
    assert prose(text) == "R&D © team blamed Bob"
    assert word_span(text, "blamed") == Span(1, 21, 1, 27)
    assert word_span(text, "Bob") == Span(1, 28, 1, 31)


def test_entity_followed_by_its_own_letters() -> None:
    # "&amp;amber" reads "&amber": the word must not be found inside the reference "amp;".
    assert word_span("&amp;amber alert\n", "amber") == Span(1, 6, 1, 11)


def test_word_spelled_with_a_character_reference_covers_it() -> None:
    text = "caf&eacute; closed\n"
    assert prose(text) == "café closed"
    assert word_span(text, "café") == Span(1, 1, 1, 12)
    assert word_span(text, "closed") == Span(1, 13, 1, 19)


def test_text_after_backslash_escapes() -> None:
    text = "\\*not emphasis\\* and \\[this\\] word\n"
    assert prose(text) == "*not emphasis* and [this] word"
    assert word_span(text, "emphasis") == Span(1, 7, 1, 15)
    assert word_span(text, "this") == Span(1, 24, 1, 28)
    assert word_span(text, "word") == Span(1, 31, 1, 35)


def test_text_after_links_and_code() -> None:
    text = "See [the runbook](https://x/y) then escalate\n"
    assert word_span(text, "runbook") == Span(1, 10, 1, 17)
    assert word_span(text, "escalate") == Span(1, 37, 1, 45)
    assert word_span("Run `kubectl drain` now please\n", "now") == Span(1, 21, 1, 24)
    assert word_span("a <!-- x --> word\n", "word") == Span(1, 14, 1, 18)
    assert word_span("See https://example.com/a/b then blame\n", "blame") == Span(1, 34, 1, 39)


def test_text_inside_emphasis() -> None:
    text = "**The engineer** broke *prod* badly\n"
    assert word_span(text, "engineer") == Span(1, 7, 1, 15)
    assert word_span(text, "broke") == Span(1, 18, 1, 23)
    assert word_span(text, "badly") == Span(1, 31, 1, 36)


def test_repeated_words_map_to_each_occurrence() -> None:
    text = "blame and blame\nthen blame\n"
    assert [word_span(text, "blame", index) for index in range(3)] == [
        Span(1, 1, 1, 6), Span(1, 11, 1, 16), Span(2, 6, 2, 11)]


def test_span_trims_surrounding_blanks() -> None:
    doc = parse("Run `x` now\n")
    segment = doc.blocks[0].segment
    assert segment.text == "Run  now"
    # text[3:6] is "  n": the span starts on "n", not on the blank before it.
    assert segment.span(3, 6) == Span(1, 9, 1, 10)


def test_every_word_of_a_realistic_document_maps_to_itself() -> None:
    text = ("---\r\ntitle: Auth outage\r\n---\r\n"
            "# Auth outage (2026-03-15)\r\n\r\n"
            "**Impact:** 300 users could not log in.\r\n\r\n"
            "## Timeline (all times UTC)\r\n\r\n"
            "| Time | Event |\r\n|---|---|\r\n| 14:05 | Deploy of `auth-svc` \\| started |\r\n\r\n"
            "- [ ] Add an alert — owner @alice, due 2026-04-01\r\n"
            "  - Review &amp; sign off\r\n\r\n"
            "> Note: the *rollback* took [20 minutes](https://example.com/graph).\r\n")
    doc = parse("\ufeff" + text)
    for segment in segments(doc):
        for match in re.finditer(r"\w+", segment.text):
            assert doc.source.span_text(segment.span(match.start(), match.end())) == match.group()
