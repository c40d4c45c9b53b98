"""PM401 blame: a person as the actor of a blame phrase, "human error" as a cause, and the suggested rewrite.

Every finding is checked by its exact span, by the source text under that span and, where the rule
suggests a rewrite, by the suggestion's exact text.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner
from spacy.tokens import Doc

from pmlint.cli import cli
from pmlint.language import wordlists
from pmlint.language.blame_finder import BlameFinder
from pmlint.language.blame_lexicon import BlameLexicon, BlameMatchers
from tests.helpers import brief, lint_text

ALLOWED = "describe what the system or process allowed, not who erred"
POSSESSIVE = "blames a person; describe the gap in the process instead"
HUMAN_ERROR = ("'human error' given as a cause; describe what made the error possible "
               "(a missing check, an unsafe default)")
SLOW = "The alerting did not bring a response within the expected time"
CARE = "The process relied on individual care instead of a safeguard"
GAP = "A gap in the process"
GAP_ERROR = "A gap in the process made the error possible"
GENERIC = "The process did not include a safeguard for this step"


# -- helpers ------------------------------------------------------------------------------------


def lint(text: str, config: Path | None = None):
    return lint_text(text, select=("PM401",), config_file=config)


def source_at(text: str, span) -> str:
    """The source text a span covers (columns are 1-based characters, end exclusive)."""
    lines = text.splitlines()
    if span.line == span.end_line:
        return lines[span.line - 1][span.column - 1:span.end_column - 1]
    middle = lines[span.line:span.end_line - 1]
    return "\n".join([lines[span.line - 1][span.column - 1:], *middle, lines[span.end_line - 1][:span.end_column - 1]])


def span_of(text: str, phrase: str, nth: int = 0) -> tuple[int, int, int, int]:
    """(line, column, end_line, end_column) of the ``nth`` occurrence of ``phrase`` in ``text``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(phrase, index + 1)
    end = index + len(phrase)
    return (text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index),
            text.count("\n", 0, end) + 1, end - text.rfind("\n", 0, end))


def expect_one(text: str, phrase: str, suggestion: str | None = None, config: Path | None = None, nth: int = 0):
    """Exactly one PM401 finding, covering ``phrase``; its suggestion is checked when given."""
    found = lint(text, config)
    assert brief(found) == [("PM401", *span_of(text, phrase, nth))]
    assert source_at(text, found[0].span) == phrase
    if suggestion is not None:
        assert found[0].suggestion == suggestion
    return found[0]


def write_config(tmp_path: Path, yaml_text: str) -> Path:
    path = tmp_path / ".pmlint.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path


def test_helpers_agree_on_a_known_span():
    text = "ab\r\ncd John broke it"
    assert span_of(text, "John broke") == (2, 4, 2, 14)
    assert span_of("x\nJohn\nforgot to", "John\nforgot to") == (2, 1, 3, 10)


# -- 1. the guide's own examples ----------------------------------------------------------------


def test_guide_example_forgot_to_update_the_configuration():
    text = "John forgot to update the configuration."
    found = lint(text)
    assert brief(found) == [("PM401", 1, 1, 1, 15)]
    assert source_at(text, found[0].span) == "John forgot to"
    assert found[0].suggestion == "The process did not include a step to update the configuration"
    assert found[0].message == f"'John forgot to' blames John; {ALLOWED}"


def test_guide_example_engineer_on_call_took_20_minutes_to_respond():
    text = "The engineer on call took 20 minutes to respond."
    found = lint(text)
    assert brief(found) == [("PM401", 1, 1, 1, 48)]
    assert source_at(text, found[0].span) == "The engineer on call took 20 minutes to respond"
    assert found[0].suggestion == SLOW


def test_rule_metadata_bad_example_is_reported_and_good_example_is_not():
    bad = "## Root Cause Analysis\nJohn forgot to update the configuration.\n"
    good = "## Root Cause Analysis\nThe deployment process did not include configuration verification steps.\n"
    expect_one(bad, "John forgot to", "The process did not include a step to update the configuration")
    assert lint(good) == []


# -- 2. every form of blame ---------------------------------------------------------------------

BLAME = [
    # actors: given names, handles, pronouns, roles
    ("Mary broke the build.", "Mary broke", "The build became unavailable"),
    ("John Smith forgot to update the configuration.", "John Smith forgot to",
     "The process did not include a step to update the configuration"),
    ("@alice broke the deploy.", "@alice broke", "The deploy became unavailable"),
    ("@alice.smith broke the deploy.", "@alice.smith broke", "The deploy became unavailable"),
    ("He forgot to check the disk.", "He forgot to", "The process did not include a step to check the disk"),
    ("She missed the alert.", "She missed", "The process did not surface the alert"),
    ("Someone broke the build.", "Someone broke", "The build became unavailable"),
    ("Somebody forgot the flag.", "Somebody forgot", "The process did not include the flag"),
    ("The intern broke production.", "The intern broke", "Production became unavailable"),
    ("The developer forgot to run the migration.", "The developer forgot to",
     "The process did not include a step to run the migration"),
    ("The release manager missed the freeze.", "The release manager missed", "The process did not surface the freeze"),
    ("The on-call engineer neglected to escalate.", "The on-call engineer neglected to",
     "The process did not include a step to escalate"),
    ("The engineer on call forgot to renew the certificate.", "The engineer on call forgot to",
     "The process did not include a step to renew the certificate"),
    ("the engineer on-call forgot to renew the certificate.", "the engineer on-call forgot to",
     "The process did not include a step to renew the certificate"),
    ("Someone from networking broke the route.", "Someone from networking broke", "The route became unavailable"),
    ("Someone from the platform team broke the deploy.", "Someone from the platform team broke",
     "The deploy became unavailable"),
    ("The deploy failed. He forgot to check the disk.", "He forgot to",
     "The process did not include a step to check the disk"),
    # blame phrases
    ("John forgot the flag.", "John forgot", "The process did not include the flag"),
    ("John forgot to renew the certificate.", "John forgot to",
     "The process did not include a step to renew the certificate"),
    ("John forgot.", "John forgot", GENERIC),
    ("John broke the build by deleting a file.", "John broke", "The build became unavailable"),
    ("John failed to renew the certificate.", "John failed to",
     "The process did not include a step to renew the certificate"),
    ("John neglected to rotate the keys.", "John neglected to", "The process did not include a step to rotate the keys"),
    ("John neglected the runbook.", "John neglected", "The process did not include the runbook"),
    ("John missed the alert because the pager was silent.", "John missed", "The process did not surface the alert"),
    ("John messed up the config.", "John messed up", "The process did not catch the problem with the config"),
    ("John didn't run the tests.", "John didn't run", "The process did not include a step to run the tests"),
    ("John didn't check the disk.", "John didn't check", "The process did not include a step to check the disk"),
    ("John didn’t check the disk.", "John didn’t check", "The process did not include a step to check the disk"),
    ("John did not verify the backup.", "John did not verify",
     "The process did not include a step to verify the backup"),
    ("John should have checked the logs.", "John should have checked", "The process did not include checking the logs"),
    ("John should've checked the logs.", "John should've checked", "The process did not include checking the logs"),
    ("John should’ve checked the logs.", "John should’ve checked", "The process did not include checking the logs"),
    ("The engineer on call should have escalated sooner.", "The engineer on call should have escalated",
     "The process did not include escalating sooner"),
    ("John shouldn't have restarted the database.", "John shouldn't have restarted",
     "The process did not prevent restarting the database"),
    ("John shouldn’t have restarted the database.", "John shouldn’t have restarted",
     "The process did not prevent restarting the database"),
    ("He should have been more careful.", "He should have been more careful", CARE),
    ("The on-call engineer should have been more careful.", "The on-call engineer should have been more careful", CARE),
    ("John accidentally broke the build.", "John accidentally broke", "The build became unavailable"),
    # slow responses
    ("John took 20 minutes to respond.", "John took 20 minutes to respond", SLOW),
    ("John took twenty minutes to respond.", "John took twenty minutes to respond", SLOW),
    ("The engineer took an hour to respond.", "The engineer took an hour to respond", SLOW),
    ("He took 20 min to acknowledge the page.", "He took 20 min to acknowledge", SLOW),
    ("The engineer on call took 20 minutes to respond, which delayed mitigation.",
     "The engineer on call took 20 minutes to respond", SLOW),
    # possessives
    ("It was John's mistake.", "John's mistake", GAP),
    ("It was John’s mistake.", "John’s mistake", GAP),
    ("It was his fault.", "his fault", GAP),
    ("It was her error.", "her error", GAP),
    ("It was the developer's fault.", "the developer's fault", GAP),
    ("@alice's mistake.", "@alice's mistake", GAP),
    # human error as the cause
    ("The root cause was human error.", "human error", GAP_ERROR),
    ("Root cause: human error", "human error", GAP_ERROR),
    ("The root cause: Human error.", "Human error", GAP_ERROR),
    ("Human error caused the outage.", "Human error", GAP_ERROR),
    ("The outage was caused by operator error.", "operator error", GAP_ERROR),
    ("Root cause was human error, per the review.", "human error", GAP_ERROR),
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), BLAME, ids=[case[0] for case in BLAME])
def test_blame_is_reported_with_span_and_suggestion(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)


MESSAGES = [
    ("John forgot to update the configuration.", f"'John forgot to' blames John; {ALLOWED}"),
    ("He forgot to check the disk.", f"'He forgot to' blames him; {ALLOWED}"),
    ("She missed the alert.", f"'She missed' blames her; {ALLOWED}"),
    ("Someone broke the build.", f"'Someone broke' blames someone; {ALLOWED}"),
    ("The engineer on call took 20 minutes to respond.",
     f"'The engineer on call took 20 minutes to respond' blames the engineer on call; {ALLOWED}"),
    ("Someone from networking broke the route.", f"'Someone from networking broke' blames someone from networking; {ALLOWED}"),
    # Soft-wrapped or emphasised phrases are quoted on one line, without Markdown.
    ("John *forgot* to update the configuration.", f"'John forgot to' blames John; {ALLOWED}"),
    ("It was John's mistake.", f"'John's mistake' {POSSESSIVE}"),
    ("It was his fault.", f"'his fault' {POSSESSIVE}"),
    ("The root cause was human error.", HUMAN_ERROR),
    ("The outage was caused by operator error.", HUMAN_ERROR),
    # The actor reads mid-sentence: a plural role is not capitalised.
    ("Developers forgot to run the tests.", f"'Developers forgot to' blames developers; {ALLOWED}"),
]


@pytest.mark.parametrize(("text", "message"), MESSAGES, ids=[case[0] for case in MESSAGES])
def test_message_names_phrase_and_actor(text, message):
    found = lint(text)
    assert len(found) == 1
    assert found[0].message == message


@pytest.mark.parametrize("text", [
    # A literal asterisk or tilde glued to the actor (found by the Markdown fuzzer: leaving out
    # ", obviously," before "*The engineer" made a blame appear that had been there all along).
    "It fired,*The engineer on call should have noticed it.\n",
    "- 14:05 , obviously,*The engineer on call should have noticed it\n",
    "It fired;~The engineer on call should have noticed it.\n",
])
def test_actor_glued_to_markup_characters_is_still_an_actor(text):
    expect_one(text, "The engineer on call should have noticed")


def test_two_blames_on_one_line_are_two_findings():
    text = "John forgot to update the configuration. Then Mary broke the build."
    found = lint(text)
    assert brief(found) == [("PM401", 1, 1, 1, 15), ("PM401", 1, 47, 1, 57)]
    assert [source_at(text, f.span) for f in found] == ["John forgot to", "Mary broke"]
    assert [f.suggestion for f in found] == ["The process did not include a step to update the configuration",
                                            "The build became unavailable"]


def test_possessive_and_pronoun_fault_in_one_sentence():
    text = "It was John's mistake and his fault."
    found = lint(text)
    assert brief(found) == [("PM401", 1, 8, 1, 22), ("PM401", 1, 27, 1, 36)]
    assert [source_at(text, f.span) for f in found] == ["John's mistake", "his fault"]


def test_two_actors_joined_by_and_reports_the_one_next_to_the_phrase():
    expect_one("John and Mary forgot to update the configuration.", "Mary forgot to",
               "The process did not include a step to update the configuration")


def test_rewrite_of_first_clause_does_not_swallow_the_next_blamed_clause():
    text = "John forgot to update the flag and Mary broke the build."
    found = lint(text)
    assert brief(found) == [("PM401", *span_of(text, "John forgot to")), ("PM401", *span_of(text, "Mary broke"))]
    first = found[0].suggestion
    assert first.startswith("The process did not include a step to update the flag")
    assert "Mary" not in first and "broke" not in first


@pytest.mark.parametrize(("text", "phrase", "suggestion"), [
    ("John broke `main` by force-pushing.", "John broke", "`main` became unavailable"),
    ("John forgot to update `config.yaml` before the deploy.", "John forgot to",
     "The process did not include a step to update `config.yaml` before the deploy"),
])
def test_rewrite_keeps_inline_code_of_the_object(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)


# -- 2a. roles, verbs, asides and clauses the model-free finder reads (issue 14) -------------------

MORE_BLAME = [
    # roles
    ("The user forgot to update the pointer.", "The user forgot to",
     "The process did not include a step to update the pointer"),
    ("The on-call missed the page.", "The on-call missed", "The process did not surface the page"),
    ("The contractor should have checked the backup.", "The contractor should have checked",
     "The process did not include checking the backup"),
    ("The admin ignored the alert.", "The admin ignored", "The process did not make the alert actionable"),
    ("An engineer neglected to drain the node.", "An engineer neglected to",
     "The process did not include a step to drain the node"),
    # verbs
    ("The engineer on call misjudged the impact of the change.", "The engineer on call misjudged",
     "The process did not include a way to assess the impact of the change"),
    ("The user deleted the wrong project.", "The user deleted the wrong",
     "The process did not prevent deleting the wrong project"),
    ("The admin ran the wrong command on the primary.", "The admin ran the wrong",
     "The process did not prevent running the wrong command"),
    ("The contractor deleted the wrong table.", "The contractor deleted the wrong",
     "The process did not prevent deleting the wrong table"),
    ("John didn't request a review.", "John didn't request", "The process did not include a step to request a review"),
    ("John accidentally deleted the staging volume.", "John accidentally deleted",
     "The process did not prevent deleting the staging volume"),
    ("The intern mistakenly pushed the branch to production.", "The intern mistakenly pushed",
     "The process did not prevent pushing the branch to production"),
    ("John mistakenly assumed the replica was idle.", "John mistakenly assumed", GENERIC),
    ("John skipped the canary stage.", "John skipped", "The process allowed skipping the canary stage"),
    ("Sarah bypassed the review.", "Sarah bypassed", "The process allowed bypassing the review"),
    ("The developer pushed untested code to production.", "The developer pushed untested",
     "The process let untested code through"),
    ("Sarah didn't notice the alert.", "Sarah didn't notice", "The process did not surface the alert"),
    ("John didn't escalate the incident.", "John didn't escalate",
     "The process did not include a step to escalate the incident"),
    # a comma inside a "that" clause does not end the rewrite; one after a finished clause does
    ("He did not anticipate the fact that during the night, the backup job would run.", "He did not anticipate",
     "The process did not include a step to anticipate the fact that during the night, the backup job would run"),
    ("He did not check the disk, which was full.", "He did not check", "The process did not include a step to check the disk"),
    # a person named as the cause
    ("The outage was caused by the on-call engineer.", "caused by the on-call engineer",
     "A gap in the process led to this"),
    ("The outage was caused by John, who ran the migration twice.", "caused by John", "A gap in the process led to this"),
    ("The outage was caused by someone running the wrong script.", "caused by someone",
     "A gap in the process led to this"),
    # slow responses, as the guide's "Avoid" example and its variants
    ("He did not respond to the page for 20 minutes.", "He did not respond", SLOW),
    ("John didn't acknowledge the page.", "John didn't acknowledge", SLOW),
    ("The engineer took too long to respond.", "The engineer took too long to respond", SLOW),
    ("John took over an hour to acknowledge the page.", "John took over an hour to acknowledge", SLOW),
    ("The developer took a while to notice the alert.", "The developer took a while to notice", SLOW),
    ("The on-call engineer was slow to respond to the page.", "The on-call engineer was slow to respond", SLOW),
    # an aside between the actor and the verb
    ("Bob, crucially, forgot to renew the certificate.", "Bob, crucially, forgot to",
     "The process did not include a step to renew the certificate"),
    ("The user correctly forgot to renew it.", "The user correctly forgot to",
     "The process did not include a step to renew it"),
    # a verb joined by "and" or "but" to one whose subject is a person
    ("When the job was rerun, the user repointed `current` by hand; and crucially, forgot to move the `tip` link.",
     "the user repointed `current` by hand; and crucially, forgot to",
     "The process did not include a step to move the `tip` link"),
    ("John restarted the proxy but forgot to re-enable the health check.",
     "John restarted the proxy but forgot to", "The process did not include a step to re-enable the health check"),
    ("Mary rotated the keys, then forgot to restart the workers.", "Mary rotated the keys, then forgot to",
     "The process did not include a step to restart the workers"),
    # a relative or participle clause between the actor and the verb
    ("The developer creating the pull request misjudged its impact.",
     "The developer creating the pull request misjudged", "The process did not include a way to assess its impact"),
    ("The engineer who deployed the change forgot to run the migration.",
     "The engineer who deployed the change forgot to", "The process did not include a step to run the migration"),
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), MORE_BLAME, ids=[case[0] for case in MORE_BLAME])
def test_more_blame_is_reported_with_span_and_suggestion(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)


@pytest.mark.parametrize(("text", "message"), [
    ("The developer creating the pull request misjudged its impact.",
     f"'The developer … misjudged' blames the developer; {ALLOWED}"),
    ("John restarted the proxy and forgot to re-enable it.", f"'John … forgot to' blames John; {ALLOWED}"),
    ("Bob, crucially, forgot to renew it.", f"'Bob, crucially, forgot to' blames Bob; {ALLOWED}"),
])
def test_message_shows_a_clause_between_actor_and_phrase_as_an_ellipsis(text, message):
    [found] = lint(text)
    assert found.message == message


MORE_NOT_BLAME = [
    "The user did not see the build logs.",  # the impact on a user, not blame
    "Users did not see the build logs.",
    "We restarted the proxy and forgot to re-enable the health check.",
    "The proxy crashed and failed to restart.",
    "The deploy, which John started, crashed and failed to roll back.",
    "The job, assigned to John, unfortunately failed to start.",
    "The engineer who noticed the alert said the deploy failed to finish.",
    "The engineer checking the node found the disk failed to mount.",
    "The deploy took 20 minutes to finish.",
    "The rollout was slow to respond.",
    "The script accidentally deleted the staging volume.",
    "We accidentally deleted the staging volume.",
    "The admin accidentally discovered the leak while reviewing logs.",
    "If John restarted the proxy and forgot to re-enable it, the check would fail.",
    "The OOM killer restarted the proxy and broke the connections.",
    "The outage was caused by John's change.",
    "The outage was caused by a user uploading a large file.",
    "The outage was caused by the developer portal.",
    "The deploy skipped the canary stage.",
    "The on-call rotation failed to page anyone.",
    "Bob checked the dashboards and failed to find anything unusual.",
    "The developer tooling failed to build.",
    "The engineer onboarding doc missed the step.",
    "John failed to reproduce the bug locally.",
    # A user is usually the one the incident happened to: the impact, not blame.
    "The user failed to log in.",
    "A user trying to log in failed to get a token.",
    "The user missed the notification.",
    "The user didn't check the box.",
    "The user took an hour to respond to our e-mail.",
    # An operator is often software (a Kubernetes operator).
    "The operator failed to reconcile the resource.",
    "Node operators failed to upgrade in time.",
]


@pytest.mark.parametrize("text", MORE_NOT_BLAME, ids=MORE_NOT_BLAME)
def test_more_not_blame(text):
    assert lint(text) == []


def test_one_person_blamed_twice_in_one_clause_is_one_finding():
    # One edit fixes it; the rewrite stops where the second verb starts.
    expect_one("John forgot to update the config and broke the build.", "John forgot to",
               "The process did not include a step to update the config")


def test_two_clauses_with_their_own_subject_are_two_findings():
    text = "He didn't check the disk, and also he did not anticipate the import."
    found = lint(text)
    assert brief(found) == [("PM401", *span_of(text, "He didn't check")), ("PM401", *span_of(text, "he did not anticipate"))]


def test_inline_code_between_actor_and_phrase_does_not_hide_the_blame_but_code_as_actor_does():
    expect_one("John moved `latest` and forgot to update it.", "John moved `latest` and forgot to")
    assert lint("Then `John` forgot to update it.") == []


# -- 2b. people the document names --------------------------------------------------------------

PEOPLE = [
    ("---\nauthors: [Zorblat Quenby]\n---\nZorblat Quenby broke the deploy.\n", "Zorblat Quenby broke",
     "The deploy became unavailable"),
    ("---\nauthors: [Zorblat Quenby]\n---\nZorblat forgot to renew the certificate.\n", "Zorblat forgot to",
     "The process did not include a step to renew the certificate"),
    ("---\nauthor: Zorblat Quenby\n---\nZorblat Quenby broke the deploy.\n", "Zorblat Quenby broke",
     "The deploy became unavailable"),
    ("---\nresponders:\n  - name: Zorblat Quenby\n  - name: Xyla Prent\n---\nXyla Prent missed the alert.\n",
     "Xyla Prent missed", "The process did not surface the alert"),
    ("---\nincident-commander: Xyla Prent\n---\nXyla Prent missed the alert.\n", "Xyla Prent missed",
     "The process did not surface the alert"),
    ("## Action Items\n\n- Add an alert (owner: Priyanka, due: 2026-04-01)\n\n## Root Cause\n\n"
     "Priyanka forgot to renew the certificate.\n", "Priyanka forgot to",
     "The process did not include a step to renew the certificate"),
    ("## Action Items\n\n| Action | Owner | Due |\n|--------|-------|-----|\n| Add an alert | Priyanka Rao | 2026-04-01 |\n\n"
     "## Root Cause\n\nPriyanka Rao forgot to renew the certificate.\n", "Priyanka Rao forgot to",
     "The process did not include a step to renew the certificate"),
    ("## Action Items\n\n- Add an alert — Zorblat\n\n## Root Cause\n\nZorblat forgot to renew the certificate.\n",
     "Zorblat forgot to", "The process did not include a step to renew the certificate"),
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), PEOPLE, ids=range(len(PEOPLE)))
def test_people_named_by_the_document_are_actors(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)


@pytest.mark.parametrize("text", [
    "Zorblat Quenby broke the deploy.",
    "Xyla Prent missed the alert.",
    "Priyanka forgot to renew the certificate.",
    "Priyanka Rao forgot to renew the certificate.",
])
def test_unknown_names_without_the_document_naming_them_are_not_actors(text):
    assert lint(text) == []


def test_team_owner_of_an_action_item_is_not_a_person():
    text = ("## Action Items\n\n| Action | Owner | Due |\n|--------|-------|-----|\n"
            "| Add an alert | Platform Team | 2026-04-01 |\n\n## Root Cause\n\nPlatform Team missed the alert.\n")
    assert lint(text) == []


# -- 3. not blame -------------------------------------------------------------------------------

NOT_BLAME = [
    "The health check failed.",
    "The health check failed to restart.",
    "The OOM broke the proxy.",
    "The database failed over.",
    "The deploy broke the build.",
    "The deploy that John started broke the build.",
    "The cron job, which John wrote, broke the build.",
    "He said the cron job forgot to run.",
    "The alert should have fired.",
    "The rollout took 20 minutes to respond.",
    "Will from networking joined the call.",
    "Will broke the build.",  # "Will" is left out of the given names on purpose
    "Someone noticed that John was missing.",
    "Our process relies on someone remembering to renew.",
    "We forgot to update the configuration.",
    "I forgot to update the configuration.",
    "They forgot to update the configuration.",
    "I paged John. Broke the build.",
    "John did not break the build.",
    "It was nobody's fault.",
    "Then `John forgot` appeared in the log.",
    "Before.\n\n```\nJohn forgot to update the configuration.\n```\n",
    "Before.\n\n~~~text\nHe broke the build.\n~~~\n",
    "Before.\n\n    John forgot to update the configuration.\n",
    "<!-- John forgot to update the configuration. -->\n",
    "See https://example.com/John/forgot/to/update for details.",
    "See <https://example.com/john-forgot-to-update> for details.",
    "## Fault\n\nThe cache was cold.\n",
    "### Fault\n\nThe cache was cold.\n",
    "The on-call engineer should have been paged.",
    "John should have been paged.",
    "We added a check to reduce the risk of human error.",
    "The manual step is prone to human error.",
    "The root cause was not human error.",
    "Human error is inevitable, so we added checks.",
    "There was no human error involved.",
    "## Human error\n\nThe cache was cold.\n",
    # Block quotes hold someone else's words (a customer's e-mail, a reporter's message), as for PM402.
    "The customer wrote:\n\n> He forgot to check the disk.\n",
    "> - Quoted list: the intern broke production.\n",
    "> > Nested: John forgot to update the configuration.\n",
    "> The root cause was human error.\n",
    "> It was John's mistake.\n",
]


@pytest.mark.parametrize("text", NOT_BLAME, ids=NOT_BLAME)
def test_not_blame(text):
    assert lint(text) == []


@pytest.mark.parametrize("text", ["It was not his fault.", "It wasn't John's mistake.", "This was not John's fault."])
def test_negated_fault_is_not_blame(text):
    assert lint(text) == []


def test_should_have_been_paged_is_not_blame_but_more_careful_is():
    assert lint("The engineer on call should have been paged.") == []
    expect_one("The engineer on call should have been more careful.",
               "The engineer on call should have been more careful", CARE)


@pytest.mark.parametrize("text", [
    "- [ ] Engineers should have a one-click way to resume compaction — @mark — 2026-08-01\n",
    "The on-call engineer should have a runbook for this alert.",
    "The SREs should have visibility into the queue depth.",
    "John should have access to the dashboards.",
    "Engineers should have read access to the storage dashboards.",
    "The engineer on call should have the ability to pause the rollout.",
    "Contractors should not have admin rights in production.",
])
def test_should_have_a_thing_is_not_blame(text):
    # "should have X" gives someone a thing: a recommendation, not what a person failed to do
    assert lint(text) == []


@pytest.mark.parametrize(("text", "phrase", "suggestion"), [
    ("John should have read the runbook.", "John should have read", "The process did not include reading the runbook"),
    ("John should have run the script.", "John should have run", "The process did not include running the script"),
    ("John should have chosen the replica.", "John should have chosen", GENERIC),
])
def test_should_have_and_a_participle_is_still_blame(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)


@pytest.mark.parametrize("text", [
    "Someone broke into the admin panel using a leaked token.",
    "He broke into the build server through an exposed Jenkins console.",
    "Someone broke in through the VPN at 02:10.",
    "The on-call engineer broke the glass and used the emergency account, as the policy allows.",
    "John broke glass to get production access.",
    "John broke down the problem into three parts.",
])
def test_broke_into_and_break_glass_are_not_breakage(text):
    # an intrusion, and the break-glass procedure: neither is a person breaking something by mistake
    assert lint(text) == []


def test_broke_with_an_object_is_still_blame():
    expect_one("John broke the build into pieces.", "John broke", "The build became unavailable")


@pytest.mark.parametrize("text", [
    '- 02:30 Kim in #incident: "someone obviously forgot to turn the WAF rule back on"\n',
    "The contractor wrote: “the intern broke production on Friday”.\n",
])
def test_blame_in_someone_s_quoted_words_is_not_reported(text):
    # a responder's chat message quoted in the timeline is the record, not the writer's judgement (as for PM402)
    assert lint(text) == []


def test_blame_outside_the_quotation_is_reported():
    expect_one('Kim said "the rule was off" and John forgot to renew the certificate.\n', "John forgot to",
               "The process did not include a step to renew the certificate")


@pytest.mark.parametrize(("text", "suggestion"), [
    # the quotation opens on the line before: its closing mark is not part of the rewrite
    ('Kim wrote: "We saw errors,\nthen someone forgot to turn the WAF rule back on"\n',
     "The process did not include a step to turn the WAF rule back on"),
    ('John forgot to set "max_conns" to 10.\n', 'The process did not include a step to set "max_conns" to 10'),
])
def test_a_rewrite_repeats_no_stray_quotation_mark(text, suggestion):
    found = lint(text)
    assert len(found) == 1 and found[0].suggestion == suggestion


@pytest.mark.parametrize("text", [
    "Kim failed to get a response from the vendor for two hours.",
    "John failed to reach the vendor's support line.",
    "John failed to contact the DBA on call.",
    "John failed to get hold of the DBA.",
    "John bypassed the load balancer to test the backend directly.",
    "John bypassed the cache in order to isolate the fault.",
])
def test_an_unanswered_attempt_and_a_diagnostic_bypass_are_not_blame(text):
    # the vendor did not answer; a bypass with a stated diagnostic purpose is a deliberate step
    assert lint(text) == []


@pytest.mark.parametrize(("text", "phrase", "suggestion"), [
    ("John failed to get approval before deploying.", "John failed to",
     "The process did not include a step to get approval before deploying"),
    ("John bypassed the review to ship faster.", "John bypassed", "The process allowed bypassing the review"),
])
def test_failed_to_get_and_bypassed_are_still_blame_otherwise(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)


@pytest.mark.parametrize("name", ["Sam", "Jen", "Ravi", "Kofi"])
def test_common_short_given_names_are_people(name):
    # common names the list lacked: without front matter, "Sam forgot to renew the certificate" went unreported
    expect_one(f"{name} forgot to renew the certificate.", f"{name} forgot to",
               "The process did not include a step to renew the certificate")


# -- 4. positions -------------------------------------------------------------------------------

POSITIONS = [
    ("| Time | Event |\n|------|-------|\n| 09:10 | John forgot to renew the certificate. |\n",
     [((3, 11, 3, 25), "John forgot to")]),
    ("- Causes\n  - Nested item: the intern broke production.\n", [((2, 18, 2, 34), "the intern broke")]),
    ("1. Causes\n   - Nested:\n     - He missed the alert.\n", [((3, 8, 3, 17), "He missed")]),
    ("- Item:\n\n  | A | B |\n  |---|---|\n  | x | he forgot to check the disk. |\n",
     [((5, 9, 5, 21), "he forgot to")]),
    ("# John broke the build\n\nText.\n", [((1, 3, 1, 13), "John broke")]),
    ("- [ ] John forgot to renew the cert\n", [((1, 7, 1, 21), "John forgot to")]),
    ("Intro line.\nJohn forgot to update\nthe configuration.\n", [((2, 1, 2, 15), "John forgot to")]),
    ("🔥 John forgot to update the configuration.\n", [((1, 3, 1, 17), "John forgot to")]),
    ("Café — John forgot to update the configuration.\n", [((1, 8, 1, 22), "John forgot to")]),
    ("| 🔥 | John forgot to renew. |\n", [((1, 7, 1, 21), "John forgot to")]),
    ("---\ntitle: x\n---\n\n## Root Cause\n\nThe root cause was human error.\n", [((7, 20, 7, 31), "human error")]),
    # Markdown inside the phrase stays inside the span.
    ("John *forgot* to update the configuration.\n", [((1, 1, 1, 17), "John *forgot* to")]),
    ("**John** forgot to update the configuration.\n", [((1, 3, 1, 19), "John** forgot to")]),
    # CRLF documents: columns count characters, never the "\r".
    ("Intro line.\r\n\r\nJohn forgot to update the configuration.\r\nThe intern broke production.\r\n",
     [((3, 1, 3, 15), "John forgot to"), ((4, 1, 4, 17), "The intern broke")]),
    ("| A | B |\r\n|---|---|\r\n| x | The intern broke prod. |\r\n", [((3, 7, 3, 23), "The intern broke")]),
    ("- a\r\n  - The developer forgot to run the tests.\r\n", [((2, 5, 2, 28), "The developer forgot to")]),
    ("- a\r\n\r\n  He missed the alert.\r\n", [((3, 3, 3, 12), "He missed")]),
    ("---\r\nauthors: [Zorblat Quenby]\r\n---\r\nZorblat Quenby broke the deploy.\r\n",
     [((4, 1, 4, 21), "Zorblat Quenby broke")]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIONS, ids=range(len(POSITIONS)))
def test_positions(text, expected):
    found = lint(text)
    assert brief(found) == [("PM401", *span) for span, _ in expected]
    assert [source_at(text, f.span) for f in found] == [phrase for _, phrase in expected]


def test_crlf_wrapped_rest_of_clause_gives_a_clean_suggestion():
    text = "Intro line.\r\nJohn forgot to update\r\nthe configuration.\r\n"
    found = lint(text)
    assert brief(found) == [("PM401", 2, 1, 2, 15)]
    assert found[0].suggestion == "The process did not include a step to update the configuration"


SOFT_BREAKS = [
    ("John\nforgot to renew the cert.\n", "John\nforgot to",
     "The process did not include a step to renew the cert"),
    ("John forgot\nto renew the cert.\n", "John forgot\nto",
     "The process did not include a step to renew the cert"),
    ("The engineer on\ncall forgot to renew the cert.\n", "The engineer on\ncall forgot to",
     "The process did not include a step to renew the cert"),
    ("The engineer on call took\n20 minutes to respond.\n", "The engineer on call took\n20 minutes to respond", SLOW),
    ("It was John's\nmistake.\n", "John's\nmistake", GAP),
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), SOFT_BREAKS, ids=range(len(SOFT_BREAKS)))
def test_blame_wrapped_across_a_soft_line_break(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)


def test_role_with_several_modifiers_from_the_docstring():
    # pmlint/language/blame_finder.py: "A determiner, up to three modifiers, then a role: 'the new on-call engineer'".
    expect_one("The new on-call engineer forgot to renew the certificate.", "The new on-call engineer forgot to",
               "The process did not include a step to renew the certificate")


# -- 5. options and wordlists through a config file ---------------------------------------------


def test_pronouns_option_adds_they(tmp_path):
    config = write_config(tmp_path, "rules: {PM401: {pronouns: [he, she, someone, somebody, they]}}\n")
    text = "They forgot to update the configuration."
    assert lint(text) == []
    finding = expect_one(text, "They forgot to", "The process did not include a step to update the configuration",
                         config=config)
    assert finding.message == f"'They forgot to' blames them; {ALLOWED}"


def test_pronouns_option_replaces_the_default(tmp_path):
    config = write_config(tmp_path, "rules: {PM401: {pronouns: [he]}}\n")
    assert lint("She forgot to check the disk.", config) == []
    expect_one("He forgot to check the disk.", "He forgot to", config=config)


@pytest.mark.parametrize(("text", "phrase", "suggestion"), [
    ("John forgot to update the configuration.", "John forgot to",
     "The deployment process did not include a step to update the configuration"),
    ("John missed the alert.", "John missed", "The deployment process did not surface the alert"),
    ("He should have been more careful.", "He should have been more careful",
     "The deployment process relied on individual care instead of a safeguard"),
    ("It was John's mistake.", "John's mistake", "A gap in the deployment process"),
    ("The root cause was human error.", "human error", "A gap in the deployment process made the error possible"),
    # A rewrite whose subject is the broken thing has no "process" to replace.
    ("John broke the build.", "John broke", "The build became unavailable"),
])
def test_rewrite_subject_option(tmp_path, text, phrase, suggestion):
    config = write_config(tmp_path, "rules: {PM401: {rewrite-subject: the deployment process}}\n")
    expect_one(text, phrase, suggestion, config=config)


def test_rewrite_subject_does_not_replace_the_authors_own_words(tmp_path):
    config = write_config(tmp_path, "rules: {PM401: {rewrite-subject: the deployment pipeline}}\n")
    expect_one("John broke the process that rotates certificates.", "John broke",
               "The process that rotates certificates became unavailable", config=config)


@pytest.mark.parametrize("text", [PEOPLE[0][0], PEOPLE[5][0], PEOPLE[6][0]], ids=["front-matter", "owner", "table"])
def test_names_from_document_false_ignores_document_people(tmp_path, text):
    config = write_config(tmp_path, "rules: {PM401: {names-from-document: false}}\n")
    assert lint(text, config) == []


def test_names_from_document_false_keeps_given_names_and_handles(tmp_path):
    config = write_config(tmp_path, "rules: {PM401: {names-from-document: false}}\n")
    text = "---\nauthors: [Zorblat Quenby]\n---\nJohn broke the build. @zq broke the deploy.\n"
    found = lint(text, config)
    assert brief(found) == [("PM401", 4, 1, 4, 11), ("PM401", 4, 23, 4, 32)]
    assert [source_at(text, f.span) for f in found] == ["John broke", "@zq broke"]


def test_given_names_add(tmp_path):
    config = write_config(tmp_path, "wordlists: {given-names: {add: [Zed]}}\n")
    assert lint("Zed broke prod.") == []
    expect_one("Zed broke prod.", "Zed broke", "Prod became unavailable", config=config)


def test_given_names_remove(tmp_path):
    config = write_config(tmp_path, "wordlists: {given-names: {remove: [John]}}\n")
    assert lint("John broke prod.", config) == []
    expect_one("Mary broke prod.", "Mary broke", "Prod became unavailable", config=config)


def test_blame_roles_add(tmp_path):
    config = write_config(tmp_path, "wordlists: {blame-roles: {add: [chaos monkey]}}\n")
    assert lint("The chaos monkey broke prod.") == []
    expect_one("The chaos monkey broke prod.", "The chaos monkey broke", "Prod became unavailable", config=config)


def test_blame_actions_add_with_rewrite(tmp_path):
    config = write_config(tmp_path,
                          "wordlists: {blame-actions: {add: ['deleted -> the process allowed deleting {rest}']}}\n")
    assert lint("John deleted the volume.") == []
    expect_one("John deleted the volume.", "John deleted", "The process allowed deleting the volume", config=config)


def test_human_error_option(tmp_path):
    config = write_config(tmp_path, "rules: {PM401: {human-error: [pilot error]}}\n")
    finding = expect_one("The root cause was pilot error.", "pilot error", GAP_ERROR, config=config)
    assert finding.message == HUMAN_ERROR
    assert lint("The root cause was human error.", config) == []


def test_response_verbs_option(tmp_path):
    config = write_config(tmp_path, "rules: {PM401: {response-verbs: [page]}}\n")
    expect_one("The intern took 20 minutes to page.", "The intern took 20 minutes to page", SLOW, config=config)
    assert lint("The intern took 20 minutes to respond.", config) == []


# -- 6. suppression -----------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["PM401", "blame"])
def test_disable_next_line(rule):
    text = f"<!-- pmlint-disable-next-line {rule} -->\nJohn forgot to update the configuration.\nJohn broke the build.\n"
    found = lint(text)
    assert brief(found) == [("PM401", 3, 1, 3, 11)]
    assert source_at(text, found[0].span) == "John broke"


def test_disable_enable_block():
    text = ("<!-- pmlint-disable PM401 -->\nJohn forgot to update the configuration.\n<!-- pmlint-enable PM401 -->\n"
            "John broke the build.\n")
    assert brief(lint(text)) == [("PM401", 4, 1, 4, 11)]


def test_disabling_another_rule_keeps_the_finding():
    text = "<!-- pmlint-disable-next-line PM402 -->\nJohn forgot to update the configuration.\n"
    assert brief(lint(text)) == [("PM401", 2, 1, 2, 15)]


# -- 7. the trained-pipeline path, with hand-built parses ---------------------------------------

NLP = spacy.blank("en")
_ACTIONS = wordlists.load("blame-actions")
LEXICON = BlameLexicon(
    names=frozenset(wordlists.load("given-names").entries),
    people=(),
    roles=tuple(tuple(role.lower().split()) for role in wordlists.load("blame-roles").entries),
    actions={entry: _ACTIONS.replacements.get(entry, "the process did not include {rest}") for entry in _ACTIONS.entries},
    omissions=frozenset(entry.lower() for entry in wordlists.load("blame-omissions").entries),
    pronouns=frozenset({"he", "she", "someone", "somebody"}),
    response_verbs=frozenset({"acknowledge", "answer", "escalate", "join", "notice", "react", "reply", "respond"}),
    human_error=("human error", "operator error", "user error"),
    subject="the process",
)
FINDER = BlameFinder(LEXICON, BlameMatchers(NLP.vocab, NLP.make_doc, _ACTIONS.entries, LEXICON.human_error))


def parsed(words: list[str], heads: list[int], deps: list[str], ents: list[str] | None = None) -> Doc:
    """A Doc with a hand-written dependency tree (absolute head indices, one ROOT)."""
    assert len(words) == len(heads) == len(deps)
    assert deps.count("ROOT") == 1 and heads[deps.index("ROOT")] == deps.index("ROOT")
    spaces = [True] * (len(words) - 1) + [False]
    doc = Doc(NLP.vocab, words=words, spaces=spaces, heads=heads, deps=deps, ents=ents)
    assert len(list(doc.sents)) == 1
    return doc


def test_parse_finds_a_subject_separated_from_its_verb():
    words = "The engineer who deployed the change forgot to update the flag".split()
    doc = parsed(words, heads=[1, 6, 3, 1, 5, 3, 6, 8, 6, 10, 8],
                 deps=["det", "nsubj", "nsubj", "relcl", "det", "dobj", "ROOT", "aux", "xcomp", "det", "dobj"])
    # Without the parse, the relative clause is read by its "who": the same actor, shown with an ellipsis.
    [plain] = FINDER.find(doc, use_parse=False)
    assert (plain.start, plain.end, plain.phrase, plain.actor) == (0, 46, "The engineer … forgot to", "the engineer")
    [found] = FINDER.find(doc, use_parse=True)
    assert (found.start, found.end) == (0, len("The engineer who deployed the change forgot to"))
    assert doc.text[found.start:found.end] == found.phrase == "The engineer who deployed the change forgot to"
    assert found.kind == "action"
    assert found.actor == "the engineer who deployed the change"
    assert found.suggestion == "The process did not include a step to update the flag"


@pytest.mark.parametrize("use_parse", [True, False])
def test_parse_with_a_system_subject_is_not_blame(use_parse):
    words = "The health check that John wrote failed to restart".split()
    doc = parsed(words, heads=[2, 2, 6, 5, 5, 2, 6, 8, 6],
                 deps=["det", "compound", "nsubj", "dobj", "nsubj", "relcl", "ROOT", "aux", "xcomp"])
    assert FINDER.find(doc, use_parse=use_parse) == []


def test_parse_with_a_system_subject_overrules_a_name_just_before_the_verb():
    # "The deploy by John broke the build": the parse says the deploy broke it, not John.
    words = "The deploy by John broke the build".split()
    doc = parsed(words, heads=[1, 4, 1, 2, 4, 6, 4], deps=["det", "nsubj", "prep", "pobj", "ROOT", "det", "dobj"])
    assert len(FINDER.find(doc, use_parse=False)) == 1  # without the parse, "John broke" reads as blame
    assert FINDER.find(doc, use_parse=True) == []


def test_parse_simple_subject():
    doc = parsed(["John", "forgot"], heads=[1, 1], deps=["nsubj", "ROOT"])
    [found] = FINDER.find(doc, use_parse=True)
    assert (found.start, found.end, found.phrase, found.actor) == (0, 11, "John forgot", "John")
    assert found.suggestion == GENERIC


def test_parse_we_as_subject_is_not_blame():
    words = "We forgot to update the flag".split()
    doc = parsed(words, heads=[1, 1, 3, 1, 5, 3], deps=["nsubj", "ROOT", "aux", "xcomp", "det", "dobj"])
    assert FINDER.find(doc, use_parse=True) == []


def test_parse_person_entity_not_in_the_name_list():
    words = "Zorblat forgot to update the flag".split()
    heads, deps = [1, 1, 3, 1, 5, 3], ["nsubj", "ROOT", "aux", "xcomp", "det", "dobj"]
    assert FINDER.find(parsed(words, heads, deps), use_parse=True) == []
    doc = parsed(words, heads, deps, ents=["B-PERSON", "O", "O", "O", "O", "O"])
    [found] = FINDER.find(doc, use_parse=True)
    assert (found.start, found.end, found.phrase, found.actor) == (0, 17, "Zorblat forgot to", "Zorblat")
    assert found.suggestion == "The process did not include a step to update the flag"


def test_parse_slow_response_takes_the_whole_subject():
    words = "The engineer on call took 20 minutes to respond".split()
    doc = parsed(words, heads=[1, 4, 1, 2, 4, 6, 4, 8, 4],
                 deps=["det", "nsubj", "prep", "pobj", "ROOT", "nummod", "dobj", "aux", "xcomp"])
    [found] = FINDER.find(doc, use_parse=True)
    assert (found.start, found.end) == (0, len(doc.text))
    assert found.phrase == doc.text and found.actor == "the engineer on call"
    assert found.suggestion == SLOW


# -- 8. a trained model that is not installed ---------------------------------------------------


def _check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model: str):
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path, f"language-model: {model}\n")
    doc = tmp_path / "doc.md"
    doc.write_text("# Outage\n\nJohn forgot to update the configuration.\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["check", "--config", str(config), str(doc)])


def test_missing_language_model_is_a_config_error(tmp_path, monkeypatch):
    result = _check(tmp_path, monkeypatch, "en_core_web_nonexistent")
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "'language-model'" in result.stderr
    assert "python -m spacy download en_core_web_nonexistent" in result.stderr
    assert result.stdout == ""


def test_language_model_that_is_not_a_spacy_pipeline_is_a_config_error(tmp_path, monkeypatch):
    # "yaml" is an importable package, so it passes the "installed" check, but spaCy cannot load it.
    result = _check(tmp_path, monkeypatch, "yaml")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "language-model" in result.stderr


# -- round 2: judging adverbs, people named in labels ------------------------------------------

JUDGED = [
    ("Bob carelessly deleted the exports bucket while removing old buckets.", "Bob carelessly deleted",
     "The process did not prevent deleting the exports bucket"),
    ("The intern recklessly pushed the change to production.", "The intern recklessly pushed",
     "The process did not prevent pushing the change to production"),
    ("The on-call engineer sloppily merged the hotfix.", "The on-call engineer sloppily merged",
     "The process did not prevent merging the hotfix"),
    ("@dana negligently skipped the review.", "@dana negligently skipped", None),
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), JUDGED, ids=range(len(JUDGED)))
def test_person_acting_carelessly_is_blame_reported_once(text, phrase, suggestion):
    expect_one(text, phrase, suggestion)
    # One problem, one finding: PM402 leaves the adverb to PM401 when a person acted.
    both = lint_text(text, select=("PM401", "PM402"))
    assert [finding.code for finding in both] == ["PM401"]


@pytest.mark.parametrize("text", [
    "The flag was carelessly flipped in production.",
    "The deploy script carelessly deleted the cache.",
    "The attacker carelessly reused a blocked address.",
])
def test_judging_adverb_without_a_person_is_not_blame(text):
    assert lint(text) == []


LABELLED_PEOPLE = [
    ("Responders: SN, DK\n\n- 14:05 SN ran the wrong cleanup script\n", "SN ran the wrong"),
    ("**Authors:** Priya Raman (SRE), Zorblat Quenby\n\nZorblat forgot to renew the certificate.\n",
     "Zorblat forgot to"),
    ("| Field | Value |\n|---|---|\n| Responders | Xyla Prent |\n\nXyla Prent missed the alert.\n",
     "Xyla Prent missed"),
    ("Incident commander: Qin Vale\n\nQin broke the deploy.\n", "Qin broke"),
]


@pytest.mark.parametrize(("text", "phrase"), LABELLED_PEOPLE, ids=range(len(LABELLED_PEOPLE)))
def test_people_named_in_a_label_are_actors(text, phrase):
    expect_one(text, phrase)


@pytest.mark.parametrize("text", [
    "SN ran the wrong cleanup script.\n",  # initials nobody in the document is named by
    "Responders: Platform team\n\nPlatform team missed the alert.\n",  # a team, not a person
    "Status: SN\n\nSN ran the wrong cleanup script.\n",  # not a field that names people
])
def test_initials_and_teams_not_named_as_people_are_not_actors(text):
    assert lint(text) == []


POSSESSIVE_REWRITES = [
    ("It was Bob's mistake to run the list without reading it.", "Bob's mistake",
     "A gap in the process allowed running the list without reading it"),
    ("It was his error to skip the review, and the deploy went out.", "his error",
     "A gap in the process allowed skipping the review"),
    ("It was the developer's fault to update the config by hand.", "the developer's fault",
     "A gap in the process allowed updating the config by hand"),
    ("John's mistake took the site down.", "John's mistake", GAP),  # nothing says what was allowed
    ("It was John's mistake to be late.", "John's mistake", GAP),
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), POSSESSIVE_REWRITES, ids=range(len(POSSESSIVE_REWRITES)))
def test_possessive_blame_with_an_action_names_what_the_process_allowed(text, phrase, suggestion):
    found = expect_one(text, phrase, suggestion)
    assert POSSESSIVE in found.message


THEY_REPORTED = [
    ("The contractor said they forgot to renew the certificate.", "they forgot to",
     "The process did not include a step to renew the certificate"),
    ("Priya told us that they skipped the check.", "they skipped", "The process allowed skipping the check"),
    ("The contractor admitted they had forgotten to renew it.", "they had forgotten to",
     "The process did not include a step to renew it"),
]


@pytest.mark.parametrize(("text", "phrase", "suggestion"), THEY_REPORTED, ids=range(len(THEY_REPORTED)))
def test_they_reporting_a_persons_own_words_is_an_actor(text, phrase, suggestion):
    found = expect_one(text, phrase, suggestion)
    assert "blames them" in found.message


@pytest.mark.parametrize("text", [
    "The engineer restarted the pods, but they failed to start.",  # the pods
    "John restarted the service and they failed to start.",
    "The user said they forgot their password.",  # the impact on a user, as for "the user failed to"
    "The vendor said they failed to reproduce it.",  # not a person's role; an investigation's outcome
    "We said they broke the build.",
])
def test_they_elsewhere_is_not_an_actor(text):
    assert lint(text) == []


@pytest.mark.parametrize(("text", "phrase"), [
    ("The vendor's account manager forgot to renew the certificate.", "The vendor's account manager forgot to"),
    ("Acme's engineer forgot to renew the certificate.", "Acme's engineer forgot to"),
    ("The project manager forgot to book the window.", "The project manager forgot to"),
])
def test_role_after_a_possessive_or_a_managers_title_is_an_actor(text, phrase):
    expect_one(text, phrase)


@pytest.mark.parametrize("text", [
    "The package manager failed to resolve the version.",  # software, not a person
    "The certificate manager failed to renew it.",
    "The cluster's users failed to log in.",  # the impact
    "The system's health check failed.",
])
def test_software_managers_and_possessive_systems_are_not_actors(text):
    assert lint(text) == []
