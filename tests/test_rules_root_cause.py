"""PM201 root-cause-depth: every message, the layouts that are deep enough, and where the finding points."""
from __future__ import annotations

from pathlib import Path

from helpers import brief, lint_text

SHALLOW_WHYS = """\
# Login outage

## Root Cause Analysis

- Why did logins fail? The database ran out of connections.
- Why did it run out of connections? The pool size was set to 10.
"""

FIVE_WHYS = """\
# Login outage

## Root Cause Analysis

- Why did logins fail? The database ran out of connections.
- Why did it run out of connections? Connection pooling was not configured.
- Why was it not configured? No documentation existed for the setup process.
- Why was there no documentation? The deployment checklist does not ask for it.
- Why not? We have no systematic way to update checklists after incidents.
"""


def pm201(text: str, config_file: Path | None = None) -> list[tuple[str, int, int, int, int]]:
    return brief(lint_text(text, select=("PM201",), config_file=config_file))


def messages(text: str) -> list[str]:
    return [finding.message for finding in lint_text(text, select=("PM201",))]


def test_two_whys_are_reported_once_at_the_heading() -> None:
    # "## Root Cause Analysis": the heading text starts at column 4 and is 19 characters long.
    assert pm201(SHALLOW_WHYS) == [("PM201", 3, 4, 3, 23)]
    assert messages(SHALLOW_WHYS) == ["root cause analysis stops after 2 whys (at least 3 expected)"]


def test_the_suggestion_asks_why_again_about_the_last_answer() -> None:
    [finding] = lint_text(SHALLOW_WHYS, select=("PM201",))
    assert finding.suggestion is not None
    assert finding.suggestion.startswith("ask why again about 'Why did it run out of connections? The pool size")
    assert "gap in the process" in finding.suggestion


def test_five_whys_are_enough() -> None:
    assert pm201(FIVE_WHYS) == []


def test_one_why_is_singular() -> None:
    text = "# T\n\n## Five Whys\n\n1. The API returned errors because a deploy removed a column.\n"
    assert messages(text) == ["root cause analysis stops after 1 why (at least 3 expected)"]


def test_because_answers_under_a_whys_heading_count_as_whys() -> None:
    deep = ("# T\n\n## Whys\n\n* The nightly export was empty\n* ...because the job read the wrong bucket\n"
            "* ...because the bucket name was hard-coded\n* ...because config review skips job files\n")
    assert pm201(deep) == []
    shallow = "# T\n\n## Whys\n\n* The nightly export was empty\n* ...because the job read the wrong bucket\n"
    assert messages(shallow) == ["root cause analysis stops after 1 why (at least 3 expected)"]


def test_questions_and_answers_as_paragraphs() -> None:
    text = ("# T\n\n## Root cause: the five whys\n\nWhy were downloads broken?\n\nA bug reached production.\n\n"
            "Why did the bug reach production?\n\nThe tests did not cover the CDN prefix.\n")
    assert messages(text) == ["root cause analysis stops after 2 whys (at least 3 expected)"]


def test_one_sentence_is_one_cause_and_no_chain() -> None:
    text = "# T\n\n## Root Cause\n\nA configuration push removed the API's upstream pool.\n"
    assert pm201(text) == [("PM201", 3, 4, 3, 14)]
    assert messages(text) == ["root cause analysis names one cause and no chain ('A configuration push removed "
                              "the API's upstream pool.'); ask why at least 3 times"]


def test_one_factor_is_one_cause_and_two_are_more_than_the_first_cause() -> None:
    one = "# T\n\n## Contributing Factors\n\n- A batch job starved the metrics agent of CPU\n"
    assert messages(one) == ["root cause analysis names one cause and no chain ('A batch job starved the "
                             "metrics agent of CPU'); ask why at least 3 times"]
    two = "# T\n\n## Contributing Factors\n\n- Dev workloads ran on prod nodes\n- No alert on node pressure\n"
    assert pm201(two) == []


def test_two_sentences_name_more_than_the_first_cause() -> None:
    text = "# T\n\n## Root Cause\n\nThe disk filled up. Log rotation had been off since the migration.\n"
    assert pm201(text) == []


def test_one_statement_that_names_a_process_gap_is_enough() -> None:
    text = "# T\n\n## Root Cause\n\nA certificate expired after a yearly manual step that nobody tracked.\n"
    assert pm201(text) == []
    assert pm201(text.replace("a yearly manual step that nobody tracked", "two years")) != []


def test_a_whys_list_after_a_cause_in_prose_counts_the_cause() -> None:
    text = ("# T\n\n## Root cause\n\nThe library changed its default prefetch.\n\n"
            "- Why was the change not caught? The changelog called it minor.\n"
            "- Why did tests miss it? The broker stub ignores prefetch.\n")
    assert pm201(text) == []
    assert messages(text.replace("The library changed its default prefetch.\n\n", "")) == [
        "root cause analysis stops after 2 whys (at least 3 expected)"]


def test_whys_asked_inside_one_paragraph() -> None:
    text = "# T\n\n## Five Whys\n\nWhy did logins fail? The store refused. Why? Its certificate expired.\n"
    assert messages(text) == ["root cause analysis stops after 2 whys (at least 3 expected)"]


def test_a_chain_of_two_steps() -> None:
    text = "# T\n\n## Root Cause\n\nThe disk filled up because log rotation was disabled.\n"
    assert messages(text) == ["root cause analysis is a chain of 2 steps, ending at 'The disk filled up because "
                              "log rotation was disabled.' (at least 3 expected)"]


def test_a_chain_of_three_steps_in_one_sentence_is_enough() -> None:
    text = ("# T\n\n## Root Cause\n\nThe disk filled up because log rotation was disabled, which led to the "
            "database refusing writes.\n")
    assert pm201(text) == []


def test_only_a_trigger() -> None:
    text = "# T\n\n## Trigger\n\nA config push at 14:02 UTC.\n"
    assert pm201(text) == [("PM201", 3, 4, 3, 11)]
    assert messages(text) == ["root cause analysis names only a trigger, not why it could cause the incident"]


def test_google_layout_root_causes_and_trigger_read_together() -> None:
    text = ("# T\n\n## Root Causes\n\nA latent bug in the retry loop amplified load, causing the quota service to "
            "throttle every caller.\n\n## Trigger\n\nA config push doubled the traffic of one client.\n")
    assert pm201(text) == []


def test_three_factors_are_enough() -> None:
    text = ("# T\n\n## Contributing Factors\n\n- No alert on subnet capacity\n- One autoscaling group for all "
            "zones\n- No review of deployed infrastructure\n")
    assert pm201(text) == []


def test_a_longer_explanation_in_prose_is_left_alone() -> None:
    text = ("# T\n\n## Root Cause\n\nThe uploader returned success on a failed push. The index and the database "
            "disagreed. Builds fetched crates that were not in the index. Nobody had tested a failed push.\n")
    assert pm201(text) == []


def test_silent_without_an_analysis_and_when_empty_or_a_placeholder() -> None:
    assert pm201("# T\n\n## Timeline\n\n- 10:00 UTC deploy\n") == []
    assert pm201("# T\n\n## Root Cause Analysis\n\n## Action Items\n") == []
    assert pm201("# T\n\n## Root Cause Analysis\n\n[5 Whys or similar methodology]\n") == []
    assert pm201("# T\n\n## Root Cause Analysis\n\nTBD\n") == []
    assert pm201("# T\n\n## Contributing Factors\n_Include a description of any conditions that contributed._\n") == []


def test_silent_when_the_analysis_has_no_text_to_read() -> None:
    assert pm201("# T\n\n## Root Cause\n\n![diagram](https://example.com/d.png)\n") == []
    assert pm201("# T\n\n## Root Cause\n\n```\nOOMKilled\n```\n") == []


def test_the_summary_root_cause_field_is_not_the_analysis() -> None:
    text = ("# T\n\n## Executive Summary\n\n- Impact: 300 users could not log in for 45 minutes\n"
            "- Root cause: a misconfigured load balancer\n- Status: resolved\n\n" + FIVE_WHYS.split("\n", 2)[2])
    assert pm201(text) == []


def test_a_label_is_read_when_there_is_no_heading() -> None:
    text = "# T\n\n**Root Causes**: the certificate expired.\n\n## Timeline\n\n- 10:00 UTC alert\n"
    # At the label's name: "Root Causes" inside the bold markers, columns 3-14.
    assert pm201(text) == [("PM201", 3, 3, 3, 14)]


def test_whys_in_a_table_inside_a_quote_and_with_crlf() -> None:
    text = ("# T\r\n\r\n> ## 5 Whys\r\n>\r\n> | Why? | Answer |\r\n> |---|---|\r\n"
            "> | Why did the job fail? | The token expired. |\r\n> | Why did it expire? | Rotation is manual. |\r\n")
    assert pm201(text) == [("PM201", 3, 6, 3, 12)]
    assert messages(text) == ["root cause analysis stops after 2 whys (at least 3 expected)"]


def test_a_whys_list_in_a_quote() -> None:
    text = "# T\n\n## Five whys\n\n> 1. Why did it fail? The disk was full.\n> 2. Why? Rotation was off.\n"
    assert messages(text) == ["root cause analysis stops after 2 whys (at least 3 expected)"]


def test_min_depth_option(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("rules:\n  root-cause-depth:\n    min-depth: 2\n", encoding="utf-8")
    assert pm201(SHALLOW_WHYS, config) == []
    config.write_text("rules:\n  root-cause-depth:\n    min-depth: 6\n", encoding="utf-8")
    assert [finding.message for finding in lint_text(FIVE_WHYS, ("PM201",), config)] == [
        "root cause analysis stops after 5 whys (at least 6 expected)"]


def test_causal_connectives_are_a_wordlist(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("wordlists:\n  causal-connectives:\n    add: [whereupon]\n", encoding="utf-8")
    text = "# T\n\n## Root Cause\n\nThe disk filled because rotation was off, whereupon writes failed.\n"
    assert pm201(text) != []
    assert pm201(text, config) == []


def test_atlassian_root_cause_joins_the_five_whys(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("extends: atlassian\n", encoding="utf-8")
    whys = "# T\n\n## Five whys\n\n1. Logins failed because the certificate expired.\n"
    conclusion = "\n## Root cause\n\nNobody owns certificate renewal.\n"
    # One why and the conclusion in "Root cause": two steps.
    assert pm201(whys + conclusion, config) == [("PM201", 3, 4, 3, 13)]
    # Two whys and the conclusion: three steps.
    assert pm201(whys + "2. It expired because nobody renewed it.\n" + conclusion, config) == []
    # Without the Five whys, the analysis is missing (PM001's finding), not shallow.
    assert pm201("# T\n\n## Root cause\n\nNobody owns certificate renewal.\n", config) == []


def test_google_trigger_alone_is_no_analysis_under_its_preset(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("extends: google-sre\n", encoding="utf-8")
    assert pm201("# T\n\n## Trigger\n\nA config push at 14:02 UTC.\n", config) == []
    text = "# T\n\n## Root Causes\n\nThe quota cache expired.\n\n## Trigger\n\nA config push at 14:02 UTC.\n"
    assert pm201(text, config) == []  # a cause and a trigger: two statements
