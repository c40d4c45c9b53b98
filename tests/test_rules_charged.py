"""PM402 charged-language: what is reported, exactly where, and which findings carry a fix."""
from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.edits import apply_fixes
from pmlint.model import Finding
from tests.helpers import brief, lint_text

PM402 = ("PM402",)


def charged(text: str, config_file: Path | None = None) -> list[Finding]:
    return lint_text(text, select=PM402, config_file=config_file)


def columns(line: str, word: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based start column and exclusive end column of ``word`` in ``line`` (counted by hand, not by pmlint)."""
    index = -1
    for _ in range(occurrence + 1):
        index = line.index(word, index + 1)
    return index + 1, index + 1 + len(word)


def at(line_number: int, line: str, word: str, occurrence: int = 0) -> tuple[str, int, int, int, int]:
    """The expected ``brief`` entry of ``word`` on line ``line_number`` whose text is ``line``."""
    start, end = columns(line, word, occurrence)
    return ("PM402", line_number, start, line_number, end)


def fixed(text: str, findings: list[Finding]) -> str:
    """``text`` with the findings' fixes applied (through the same byte-level fixer --fix uses)."""
    data, _ = apply_fixes(text.encode("utf-8"), [f.fix for f in findings if f.fix is not None])
    return data.decode("utf-8")


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, [(f.message, f.span) for f in findings]
    return findings[0]


# -- drop-in replacements --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "word", "replacement"),
    [
        ("A stupid mistake in the deploy script removed the configuration.", "stupid mistake", "process gap"),
        ("The failover turned into a disaster for the EU region.", "disaster", "major incident"),
        ("An engineer fat-fingered the hostname in the runbook.", "fat-fingered", "mistyped"),
        ("It was a rookie mistake in the config.", "rookie mistake", "process gap"),
        ("The rollout had a terrible effect on latency.", "terrible", "severe"),
    ],
)
def test_replacement_carries_a_fix_with_exact_span(line, word, replacement):
    finding = only(charged(line + "\n"))
    start, end = columns(line, word)
    assert brief([finding]) == [("PM402", 1, start, 1, end)]
    assert finding.message == f"'{word}' is charged language; write '{replacement}'"
    assert finding.suggestion == replacement
    assert finding.fix is not None
    assert (finding.fix.span.line, finding.fix.span.column) == (1, start)
    assert (finding.fix.span.end_line, finding.fix.span.end_column) == (1, end)
    assert finding.fix.replacement == replacement
    assert finding.fix.original == word
    assert fixed(line + "\n", [finding]) == line.replace(word, replacement) + "\n"


@pytest.mark.parametrize(
    ("text", "replacement"),
    [
        ("Disaster struck at 09:10.\n", "Major incident"),
        ("It was a DISASTER for the team.\n", "Major incident"),
        ("Stupid mistake: the flag was inverted.\n", "Process gap"),
        ("A STUPID MISTAKE inverted the flag.\n", "Process gap"),
        ("Fat-fingered input deleted the row.\n", "Mistyped"),
    ],
)
def test_replacement_keeps_the_capitalisation(text, replacement):
    finding = only(charged(text))
    assert finding.fix is not None
    assert finding.fix.replacement == replacement
    assert finding.suggestion == replacement
    assert replacement in finding.message


def test_phrase_with_extra_spaces_on_one_line_is_one_fixable_finding():
    line = "A stupid   mistake broke it."
    finding = only(charged(line + "\n"))
    start, end = columns(line, "stupid   mistake")
    assert brief([finding]) == [("PM402", 1, start, 1, end)]
    assert finding.message == "'stupid mistake' is charged language; write 'process gap'"
    assert finding.fix is not None and finding.fix.original == "stupid   mistake"
    assert fixed(line + "\n", [finding]) == "A process gap broke it.\n"


def test_several_findings_on_one_line_are_in_order_and_all_fixable():
    line = "The botched deploy was a fiasco and a horrible outage."
    findings = charged(line + "\n")
    assert brief(findings) == [at(1, line, w) for w in ("botched", "fiasco", "horrible")]
    assert [f.fix.replacement for f in findings if f.fix] == ["unsuccessful", "an incident", "severe"]  # "a fiasco" -> "an incident"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("It was a blunder in the runbook.", {"It was an error in the runbook."}),
        ("It was a fiasco for the team.", {"It was an incident for the team."}),
        ("It was an awful outage.", {"It was a severe outage."}),
        ("It was a botched deploy.", {"It was an unsuccessful deploy."}),
    ],
)
def test_replacement_does_not_leave_a_wrong_article(line, expected):
    # "a blunder" -> "a error" is not a drop-in replacement: the fix must fix the article or not be offered.
    finding = only(charged(line + "\n"))
    result = fixed(line + "\n", [finding]).rstrip("\n")
    assert result in expected | {line}, result


# -- words to leave out ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "word", "after"),
    [
        ("The change obviously broke the cache.", "obviously", "The change broke the cache."),
        ("The flag was carelessly flipped in production.", "carelessly", "The flag was flipped in production."),
        ("The flag was flipped carelessly.", "carelessly", "The flag was flipped."),
        ("It broke. The cause was obviously the flag.", "obviously", "It broke. The cause was the flag."),
    ],
)
def test_word_to_leave_out_in_mid_sentence_has_a_removal_fix(line, word, after):
    finding = only(charged(line + "\n"))
    start, end = columns(line, word)
    assert brief([finding]) == [("PM402", 1, start, 1, end)]
    assert finding.message == f"'{word}' judges the reader or the people involved; leave it out"
    assert finding.suggestion == f"leave out '{word}'"
    fix = finding.fix
    assert fix is not None and fix.replacement == ""
    # The word and exactly one space beside it.
    assert fix.original in (word + " ", " " + word)
    assert fix.span.line == fix.span.end_line == 1
    assert line[fix.span.column - 1:fix.span.end_column - 1] == fix.original
    assert fix.span.end_column - fix.span.column == len(word) + 1
    assert fixed(line + "\n", [finding]) == after + "\n"


@pytest.mark.parametrize(
    "text",
    [
        "Obviously, the change broke the cache.\n",
        "Obviously the change broke the cache.\n",
        "The cache broke. Obviously the flag was wrong.\n",
        "The cache broke! Carelessly, nobody checked.\n",
        "- Obviously the flag was wrong.\n",
        "## Obviously wrong\n",
    ],
)
def test_word_to_leave_out_at_a_sentence_start_has_no_fix(text):
    finding = only(charged(text))
    assert finding.fix is None
    assert finding.suggestion is not None and finding.suggestion.startswith("leave out '")
    assert "leave it out" in finding.message


@pytest.mark.parametrize(
    "line",
    [
        'The engineer said "the cache broke." Obviously it did.',
        "(The cache broke.) Obviously it did.",
    ],
)
def test_word_to_leave_out_after_a_closed_sentence_has_no_fix(line):
    # A sentence ending in a quote or parenthesis is still a sentence end: leaving the word out would
    # start the next sentence with a lower-case letter ("... broke." it did.).
    finding = only(charged(line + "\n"))
    assert finding.fix is None, fixed(line + "\n", [finding])


@pytest.mark.parametrize(
    "text",
    [
        "# Executive Summary\n, obviously,\n",  # found by the Markdown fuzzer: the fix emptied the section
        "| Note |\n|---|\n| - obviously |\n",
        "- (obviously)\n",
        # Found by the fuzzer too: what is left would start the line and read as an HTML block.
        "# Executive Summary\n, obviously, <br>\nAlerts fire\n",
        # A line left empty would split the paragraph in two.
        "The alerts fired\n, obviously,\nand paged the team.\n",
        "- The alerts fired\n  , obviously,\n  and paged the team.\n",
    ],
)
def test_word_to_leave_out_is_not_removed_when_nothing_sensible_is_left(text):
    finding = only(charged(text))
    assert finding.fix is None, fixed(text, [finding])
    assert finding.suggestion == "leave out 'obviously'"


@pytest.mark.parametrize(
    "line",
    [
        "The change, obviously, broke the cache.",
        "The cache broke, obviously.",
        "The flag (carelessly) stayed on.",
    ],
)
def test_removal_never_leaves_doubled_or_dangling_punctuation(line):
    finding = only(charged(line + "\n"))
    result = fixed(line + "\n", [finding])
    for bad in (",,", ",.", "()", " ,", " )"):
        assert bad not in result, result


# -- advice only -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "word", "advice"),
    [
        ("The on-call engineer was lazy about the checklist.", "lazy",
         "describe the step that was skipped and why the process allowed it"),
        ("The review was sloppy.", "sloppy", "describe what was incomplete and why it was not caught"),
        ("The platform team dropped the ball on renewals.", "dropped the ball",
         "say which step did not happen and why the process allowed it"),
        ("This outage should never have happened at all.", "should never have happened",
         "describe the safeguard that would have prevented it"),
        ("The vendor was incompetent.", "incompetent", "describe the gap in training, tooling or process"),
    ],
)
def test_advice_only_words_have_a_suggestion_and_no_fix(line, word, advice):
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, word)]
    assert finding.message == f"'{word}' is charged language; {advice}"
    assert finding.suggestion == advice
    assert finding.fix is None


def test_advice_only_word_keeps_its_spelling_in_the_message():
    finding = only(charged("Incompetent handling made it worse.\n"))
    assert brief([finding]) == [("PM402", 1, 1, 1, 12)]
    assert finding.message.startswith("'Incompetent' is charged language; ")
    assert finding.fix is None


def test_longest_phrase_wins_over_its_words():
    # "careless mistake" has a replacement; "careless" alone is advice-only.
    line = "A careless mistake and a careless review."
    findings = charged(line + "\n")
    assert brief(findings) == [at(1, line, "careless mistake"),
                               at(1, line, "careless", 1)]
    assert findings[0].fix is not None and findings[0].fix.replacement == "process gap"
    assert findings[1].fix is None


# -- not reported ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The lazy-loaded module timed out.\n",
        "We rely on lazy loading for the settings page.\n",
        "We moved the queue to lazy queues in RabbitMQ to cut memory use.\n",
        "Redis lazy expiration kept the stale keys in memory for hours.\n",
        "With lazy free enabled, the delete returned at once.\n",
        "Cassandra accepted the writes through a sloppy quorum and hinted handoff.\n",
        "Lazy Loading was turned off.\n",
        "The disaster recovery plan worked.\n",
        "Our Disaster Recovery runbook was current.\n",
        "We ran the disaster-recovery drill.\n",
        "We feel terrible about the impact on customers.\n",
        "We feel awful about the impact on customers.\n",
        "The regex hit catastrophic backtracking.\n",
        "The stupidity tax is real.\n",
        "The disasters of last year are listed elsewhere.\n",
        "A non-disaster, as it turned out.\n",
        "Run `rm -rf /tmp/disaster` to clean up.\n",
        "```\nthis disaster was obviously lazy\n```\n",
        "~~~text\nstupid mistake\n~~~\n",
        "    indented disaster code\n",
        "See https://example.com/disaster-was-stupid for more.\n",
        "See https://example.com/disaster for more.\n",
        "See <https://example.com/disaster> for more.\n",
        "See www.example.com/disaster for more.\n",
        "See [the report](https://example.com/a/disaster) for more.\n",
        "It broke.<!-- this was a disaster, obviously -->\n",
        "<!--\nstupid mistake, lazy\n-->\n",
        "---\ntitle: A disaster\nsummary: obviously lazy\n---\n\nThe cache broke.\n",
    ],
)
def test_not_reported(text):
    assert charged(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'We call an outage "terrible" when it lasts over an hour.\n',
        "The word \u201cdisaster\u201d is banned in our reports.\n",
        "Avoid 'lazy' in reviews.\n",
    ],
)
def test_word_in_its_own_quotation_marks_is_mentioned_not_used(text):
    assert charged(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'The lead wrote "it was a disaster" in the channel.\n',
        "The vendor's statement said \u201cthis sloppy migration was the customer's fault\u201d.\n",
    ],
)
def test_quoted_words_of_someone_else_are_not_reported(text):
    # The writer cannot reword a quotation: a vendor's statement, a line from the chat.
    assert charged(text) == []


def test_words_outside_a_quotation_are_still_reported():
    line = 'The lead wrote "it broke" and the rollout was a disaster.'
    assert brief(charged(line + "\n")) == [at(1, line, "disaster")]


def test_exception_phrase_only_excuses_its_own_words():
    line = "The disaster recovery plan did not prevent the disaster."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, "disaster", 1)]


def test_exception_phrase_across_a_soft_line_break_is_not_reported():
    # "disaster\nrecovery" is still "disaster recovery" to the reader; a fix would produce
    # "major incident\nrecovery".
    assert charged("Our disaster\nrecovery plan worked.\n") == []


def test_code_span_between_words_is_not_read():
    line = "The `disaster` job was a disaster."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, "disaster", 1)]


# -- positions in containers and encodings ---------------------------------------------------------


def test_position_in_a_table_cell():
    text = "| Time  | Event |\n|-------|-------|\n| 09:10 | A disaster began |\n"
    row = text.splitlines()[2]
    finding = only(charged(text))
    assert brief([finding]) == [at(3, row, "disaster")]
    assert columns(row, "disaster") == (13, 21)
    assert fixed(text, [finding]) == text.replace("A disaster", "A major incident")


def test_position_in_a_list_item():
    text = "Intro.\n\n- first item\n  - nested: the change obviously broke it\n"
    row = text.splitlines()[3]
    finding = only(charged(text))
    assert brief([finding]) == [at(4, row, "obviously")]
    assert fixed(text, [finding]) == text.replace("obviously ", "")


def test_block_quote_is_someone_elses_words_and_not_reported():
    # A customer's e-mail or a vendor's statement, quoted as it was written.
    text = "The customer wrote:\n\n> it was a stupid mistake and a disaster\n> - obviously careless\n"
    assert charged(text) == []


def test_text_after_a_block_quote_is_reported_again():
    text = "> it was a disaster\n\nThe rollout was a disaster.\n"
    assert brief(charged(text)) == [at(3, "The rollout was a disaster.", "disaster")]


def test_position_in_a_crlf_document():
    text = "# Outage\r\n\r\nThe deploy was a disaster.\r\nThen it was lazy.\r\n"
    findings = charged(text)
    assert brief(findings) == [("PM402", 3, 18, 3, 26), ("PM402", 4, 13, 4, 17)]
    assert fixed(text, findings) == text.replace("a disaster", "a major incident")


def test_position_in_a_document_with_a_bom():
    # The BOM is not a column: the first character after it is column 1.
    text = "\ufeffDisaster struck.\r\nThe change obviously broke it.\r\n"
    findings = charged(text)
    assert brief(findings) == [("PM402", 1, 1, 1, 9), ("PM402", 2, 12, 2, 21)]
    assert findings[0].fix is not None and findings[0].fix.original == "Disaster"
    assert fixed(text, findings) == "\ufeffMajor incident struck.\r\nThe change broke it.\r\n"


def test_position_after_non_ascii_text_counts_characters():
    line = "Café 🔥 — it was a disaster."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [("PM402", 1, 19, 1, 27)]
    assert columns(line, "disaster") == (19, 27)
    assert fixed(line + "\n", [finding]) == "Café 🔥 — it was a major incident.\n"


def test_position_after_emphasis_markup():
    line = "It was **really** a disaster."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, "disaster")]


def test_phrase_split_by_markup_is_reported_without_fix():
    line = "It was a stupid **mistake**."
    finding = only(charged(line + "\n"))
    assert (finding.span.line, finding.span.column) == (1, columns(line, "stupid")[0])
    assert finding.fix is None


# -- soft line breaks ------------------------------------------------------------------------------


def test_phrase_across_a_soft_line_break_has_a_multi_line_span_and_no_fix():
    text = "The team dropped the\nball on renewals.\n"
    finding = only(charged(text))
    assert brief([finding]) == [("PM402", 1, 10, 2, 5)]
    assert finding.message.startswith("'dropped the ball' is charged language")
    assert finding.fix is None


def test_replaceable_phrase_across_a_soft_line_break_has_no_fix():
    text = "It was a stupid\nmistake in the script.\n"
    finding = only(charged(text))
    assert brief([finding]) == [("PM402", 1, 10, 2, 8)]
    assert finding.message == "'stupid mistake' is charged language; write 'process gap'"
    assert finding.fix is None


# -- wordlist configuration ------------------------------------------------------------------------


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / ".pmlint.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_added_replacement_makes_a_word_fixable(tmp_path):
    config = _config(tmp_path, 'wordlists:\n  charged-replacements:\n    add: ["kludge -> workaround"]\n')
    line = "The fix was a kludge in the proxy."
    assert charged(line + "\n") == []
    finding = only(charged(line + "\n", config_file=config))
    assert brief([finding]) == [at(1, line, "kludge")]
    assert finding.message == "'kludge' is charged language; write 'workaround'"
    assert finding.fix is not None and finding.fix.replacement == "workaround"
    assert fixed(line + "\n", [finding]) == "The fix was a workaround in the proxy.\n"


def test_added_replacement_keeps_capitalisation(tmp_path):
    config = _config(tmp_path, 'wordlists:\n  charged-replacements:\n    add: ["kludge -> workaround"]\n')
    finding = only(charged("Kludge after kludge.\n", config_file=config)[:1])
    assert finding.fix is not None and finding.fix.replacement == "Workaround"


def test_removed_entry_is_no_longer_reported(tmp_path):
    config = _config(tmp_path, 'wordlists:\n  charged-replacements:\n    remove: ["disaster"]\n')
    text = "It was a disaster and a fiasco.\n"
    assert [f.fix.original for f in charged(text) if f.fix] == ["disaster", "a fiasco"]  # the article is part of the fix
    finding = only(charged(text, config_file=config))
    assert finding.message.startswith("'fiasco' ")


def test_removed_advice_entry_is_no_longer_reported(tmp_path):
    config = _config(tmp_path, 'wordlists:\n  charged-words:\n    remove: ["lazy"]\n')
    assert charged("The review was lazy.\n", config_file=config) == []
    assert len(charged("The review was sloppy.\n", config_file=config)) == 1


def test_added_exception_excuses_a_phrase(tmp_path):
    config = _config(tmp_path, 'wordlists:\n  charged-exceptions:\n    add: ["disaster tourism"]\n')
    text = "The talk was about disaster tourism.\n"
    assert len(charged(text)) == 1
    assert charged(text, config_file=config) == []


# -- attackers, the team's own words, defined terms (issue 14) -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In this case, the crates were very obviously crafted for malicious purposes.\n",
        "The attacker stupidly left a signing key in the repository.\n",
        "The malware was obviously written in a hurry.\n",
        "The phishing page was a sloppy copy of our login form.\n",
    ],
)
def test_words_about_an_attacker_or_malware_are_not_reported(text):
    assert charged(text) == []


def test_the_sentence_next_to_an_attacker_sentence_is_still_read():
    text = "The attacker used a stolen token. The rollout obviously broke the cache.\n"
    line = text.rstrip("\n")
    assert brief(charged(text)) == [at(1, line, "obviously")]


@pytest.mark.parametrize("text", ["We dropped the ball on renewals.\n", "Honestly, I dropped the ball here.\n"])
def test_the_team_owning_a_gap_is_not_reported(text):
    # Like "we forgot" for PM401: the writers owning what they did is not a judgement of someone.
    assert charged(text) == []


def test_a_person_who_dropped_the_ball_is_reported():
    line = "The on-call engineer dropped the ball on renewals."
    assert brief(charged(line + "\n")) == [at(1, line, "dropped the ball")]


@pytest.mark.parametrize(
    "text",
    [
        "John simply forgot to renew the certificate.\n",
        "He clearly didn't read the runbook.\n",
    ],
)
def test_blame_phrases_are_left_to_pm401(text):
    # One problem, one finding: PM401 reports the person as the actor and suggests the rewrite.
    assert charged(text) == []
    assert [f.code for f in lint_text(text, select=("PM401", "PM402"))] == ["PM401"]


def test_a_word_the_document_defines_in_quotation_marks_is_its_own_term():
    text = ('Write a post-mortem for "terrible" incidents.\n\n'
            "A terrible incident is one that reaches the downstream data set.\n")
    assert charged(text) == []


def test_a_defined_term_does_not_excuse_other_charged_words():
    text = 'Write a post-mortem for "terrible" incidents.\n\nThe rollout was a disaster.\n'
    assert brief(charged(text)) == [at(3, "The rollout was a disaster.", "disaster")]


def test_catastrophic_describing_an_event_is_not_reported_but_a_mistake_is():
    assert charged("The underflow turned into a catastrophic infinite-mint event.\n") == []
    line = "It was a terrible mistake in the deploy script."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, "terrible mistake")]
    assert finding.suggestion == "process gap"


# -- fix safety -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "applicability"),
    [
        ("A stupid mistake in the deploy script removed the configuration.", "unsafe"),  # a word replaced
        ("The failover turned into a disaster for the EU region.", "unsafe"),
        ("The change obviously broke the cache.", "safe"),  # a pure intensifier left out
        ("The change was blatantly wrong.", "safe"),
        ("The flag was carelessly flipped in production.", "unsafe"),  # a judgement left out
        ("The flag was stupidly flipped in production.", "unsafe"),
    ],
)
def test_fix_applicability(line, applicability):
    finding = only(charged(line + "\n"))
    assert finding.fix is not None
    assert finding.fix.applicability == applicability


def test_degree_word_before_an_intensifier_is_left_out_with_it():
    line = "The cause was very obviously the flag."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, "obviously")]
    assert finding.fix is not None and finding.fix.original == "very obviously "
    assert fixed(line + "\n", [finding]) == "The cause was the flag.\n"


@pytest.mark.parametrize(
    "line",
    [
        "The fix was not obviously correct, so we held it for review.",
        "It was not obviously wrong, which is why review passed it.",
        "The cause wasn't obviously the flag.",
        "The cause wasn’t clearly wrong at first sight.",
        "The regression was never obviously tied to the deploy.",
        "The change was hardly blatantly unsafe.",
        "The fix was not so obviously correct.",
        "The flag was not carelessly flipped; the runbook said to flip it.",
    ],
)
def test_an_adverb_after_a_negation_is_not_reported(line):
    # "not obviously correct" states uncertainty; leaving the adverb out ("not correct") would reverse it
    assert charged(line + "\n") == []
    assert fixed(line + "\n", charged(line + "\n")) == line + "\n"


def test_an_adverb_after_a_word_that_only_ends_like_a_negation_is_reported():
    line = "The cause was knot obviously the flag."
    assert brief(charged(line + "\n")) == [at(1, line, "obviously")]


# -- one problem, one finding ----------------------------------------------------------------------


def test_a_run_of_charged_words_is_one_finding_with_the_first_advice():
    line = "It was a stupid, careless and sloppy mistake."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, "stupid, careless and sloppy")]
    assert finding.message == ("'stupid, careless and sloppy' is charged language; "
                               "describe the gap in the process, not the person")
    assert finding.fix is None


def test_a_run_with_one_replacement_is_replaced_as_a_whole():
    line = "The terrible, horrible outage lasted an hour."
    finding = only(charged(line + "\n"))
    assert brief([finding]) == [at(1, line, "terrible, horrible")]
    assert finding.suggestion == "severe"
    assert finding.fix is not None and finding.fix.applicability == "unsafe"
    assert fixed(line + "\n", [finding]) == "The severe outage lasted an hour.\n"


def test_charged_words_in_separate_phrases_are_separate_findings():
    line = "The rollout was a disaster and the review was sloppy."
    assert brief(charged(line + "\n")) == [at(1, line, "disaster"), at(1, line, "sloppy")]


def test_words_to_leave_out_keep_their_own_findings_and_fixes():
    line = "The flag was flipped obviously carelessly."
    findings = charged(line + "\n")
    assert brief(findings) == [at(1, line, "obviously"), at(1, line, "carelessly")]
    assert [f.fix.applicability for f in findings] == ["safe", "unsafe"]


def test_judging_adverb_after_a_person_is_left_to_pm401():
    # "Bob carelessly deleted" is blame, reported once by PM401; without a person PM402 keeps the word.
    assert charged("Bob carelessly deleted the bucket.\n") == []
    assert charged("The on-call engineer recklessly pushed the change.\n") == []
    line = "The bucket was carelessly deleted."
    assert brief(charged(line + "\n")) == [at(1, line, "carelessly")]
    line = "The deploy carelessly removed the bucket."
    assert brief(charged(line + "\n")) == [at(1, line, "carelessly")]


@pytest.mark.parametrize(
    "text",
    [
        "---\nresponders: [Tamsin, Oluwaseun Bello]\n---\n\n## Root Cause Analysis\n\nTamsin stupidly deleted the table.\n",
        "---\nauthors: Oluwaseun Bello\n---\n\n## Root Cause Analysis\n\nOluwaseun carelessly deleted the table.\n",
        "Incident.\n\n## Action Items\n\n| Action | Owner | Due |\n|---|---|---|\n"
        "| Add a guard on table drops | Tamsin | 2026-08-01 |\n\nLater, Tamsin carelessly dropped the table.\n",
        "---\nresponders: [Tamsin]\n---\n\nTamsin Okafor carelessly dropped the table.\n",
        "Bob Okafor carelessly dropped the table.\n",
    ],
)
def test_judging_adverb_after_a_person_the_document_names_is_left_to_pm401(text):
    # PM401 counts front matter responders, authors and action item owners as people: one finding, PM401's
    findings = lint_text(text, select=("PM401", "PM402"))
    assert [finding.code for finding in findings] == ["PM401"]


def test_a_name_the_document_does_not_name_is_not_a_person_for_pm402():
    line = "Tamsin carelessly deleted the table."
    assert brief(charged(line + "\n")) == [at(1, line, "carelessly")]
    # PM401 knows "@Tamsin", the handle, not the word "Tamsin": PM402 keeps the adverb, as PM401 reports nothing
    text = "---\nresponders: [\"@Tamsin\"]\n---\n\nTamsin carelessly deleted the table.\n"
    assert [finding.code for finding in lint_text(text, select=("PM401", "PM402"))] == ["PM402"]


def test_charged_words_with_markup_between_them_are_separate_findings():
    # A run's span would cover the HTML, which the message does not quote.
    text = "A disaster <span title='x'>careless</span> and sloppy.\n"
    line = text.rstrip("\n")
    assert brief(charged(text)) == [at(1, line, "disaster"), at(1, line, "careless"), at(1, line, "sloppy")]
    line = "A stupid, careless and sloppy mistake."
    assert len(charged(line + "\n")) == 1
