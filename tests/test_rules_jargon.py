"""PM403 jargon: jargon terms and acronyms not spelled out at first use, in the summary section."""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import brief, lint_text

from pmlint.model import Finding

ACRONYM_MESSAGE = ("acronym '{}' is not spelled out at first use; write the words first and the acronym "
                   "in parentheses")
JARGON_MESSAGE = "'{}' is jargon in a section written for every reader; write '{}'"
NO_PLAIN_MESSAGE = "'{}' is jargon in a section written for every reader; say it in plain words"
CODE_MESSAGE = "'{}' is code in a section written for every reader; say in plain words what it is or does"


def pm403(text: str, config_file: Path | None = None) -> list[Finding]:
    findings = lint_text(text, select=("PM403",), config_file=config_file)
    assert {f.code for f in findings} <= {"PM403"}
    return findings


def summary(body: str, heading: str = "## Executive Summary") -> str:
    """A document whose summary body starts on line 5, column 1."""
    return f"# Outage\n\n{heading}\n\n{body}\n"


def at(text: str, needle: str) -> tuple[str, int, int, int, int]:
    """The expected brief() of a PM403 finding on the first ``needle`` in ``text``."""
    start = text.index(needle)
    end = start + len(needle)

    def position(offset: int) -> tuple[int, int]:
        return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1

    return ("PM403", *position(start), *position(end))


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".pmlint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- jargon terms --------------------------------------------------------------------------------

SECTIONS = """\
# Outage

## Executive Summary

The failover took 5 minutes.

## Timeline

- 09:10 The failover started and p99 latency rose.

## Root Cause Analysis

The failover was slow because the replica lagged behind.
"""


def test_jargon_in_the_summary_is_reported_with_its_plain_wording() -> None:
    findings = pm403(SECTIONS)
    assert brief(findings) == [("PM403", 5, 5, 5, 13)]
    assert findings[0].message == JARGON_MESSAGE.format("failover", "switch to a backup system")
    assert findings[0].suggestion == "switch to a backup system"
    assert findings[0].rule == "jargon"


def test_jargon_in_the_timeline_and_root_cause_is_not_reported() -> None:
    # Only the summary's "failover" (line 5): the timeline's failover/p99/latency and the root
    # cause's failover/replica pass.
    assert [f.span.line for f in pm403(SECTIONS)] == [5]
    without_summary_term = SECTIONS.replace("The failover took 5 minutes.", "Checkout was slow for 5 minutes.")
    assert pm403(without_summary_term) == []


@pytest.mark.parametrize("heading", ["## Executive Summary", "## Summary", "## TL;DR", "## TLDR", "## Overview",
                                     "## Issue Summary", "### 1. Summary"])
def test_every_summary_heading_alias_is_checked(heading: str) -> None:
    findings = pm403(summary("The runbook failed.", heading))
    assert brief(findings) == [("PM403", 5, 5, 5, 12)]
    assert findings[0].suggestion == "written procedure"


def test_jargon_is_matched_case_insensitively_in_plural_and_across_whitespace() -> None:
    text = summary("Both Replicas lagged; the p99 rose; a Failover and a blast radius followed.")
    findings = pm403(text)
    assert brief(findings) == [("PM403", 5, 6, 5, 14), ("PM403", 5, 27, 5, 30), ("PM403", 5, 39, 5, 47),
                               ("PM403", 5, 54, 5, 66)]
    assert brief(findings) == [at(text, "Replicas"), at(text, "p99"), at(text, "Failover"), at(text, "blast radius")]
    assert [f.suggestion for f in findings] == ["copy", "the slowest 1% of requests",
                                                "switch to a backup system", "scope of impact"]
    assert findings[0].message == JARGON_MESSAGE.format("Replicas", "copy")


def test_each_jargon_term_is_reported_once_per_document() -> None:
    text = summary("The failover began.\n\nA second failover followed.\n\n- Yet another failover.")
    assert brief(pm403(text)) == [("PM403", 5, 5, 5, 13)]


def test_jargon_is_not_found_inside_longer_words() -> None:
    assert pm403(summary("The shardless design and the canaryish build held.")) == []
    # A compound that starts with the term is the term ("runbook-driven"): see the compound test below.


def test_jargon_term_followed_by_a_parenthesised_explanation_passes() -> None:
    text = summary("The failover (switching to a backup database) took a while, then the canary release failed.")
    findings = pm403(text)
    assert brief(findings) == [("PM403", 5, 70, 5, 84)] == [at(text, "canary release")]  # only 'canary release'
    assert findings[0].message == JARGON_MESSAGE.format("canary release", "a small trial release")


def test_a_parenthesised_explanation_may_wrap_onto_the_next_line() -> None:
    text = summary("The failover (switching to a backup\ndatabase) took a while, then the ingress controller (the\n"
                   "shared component that routes web traffic) ran out of memory.")
    assert pm403(text) == []
    # An unclosed bracket explains nothing, wrapped or not.
    assert brief(pm403(summary("The failover (switching to a backup\ndatabase took a while."))) == [("PM403", 5, 5, 5, 13)]


def test_an_apposition_explains_a_name_or_term_but_a_clause_does_not() -> None:
    assert pm403(summary("HELIX, our laboratory information system, dropped 38 rows.")) == []
    assert pm403(summary("The failover, a switch to the standby database, took a while.")) == []
    # "In the CDN, the cache was cold," is a clause after the term, not what the term is.
    findings = pm403(summary("After the deploy to the CDN, the cache was cold, so pages were slow."))
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("CDN")]
    # Nor does a clause that tells what it did: "a new GCC, which rejects implicit conversions".
    assert [f.message for f in pm403(summary("The image moved to a new GCC, which rejects old code."))] == [
        ACRONYM_MESSAGE.format("GCC")]


def test_jargon_with_too_short_a_parenthesis_is_still_reported() -> None:
    assert brief(pm403(summary("The failover (x) took a while."))) == [("PM403", 5, 5, 5, 13)]


def test_jargon_message_shows_a_term_split_over_lines_on_one_line() -> None:
    # A term wrapped across lines in the source is still one term; the message (one line of text
    # output) shows it with single spaces, as PM402 does for charged words.
    text = summary("The thundering\nherd overloaded the  blast   radius.")
    findings = pm403(text)
    assert brief(findings) == [("PM403", 5, 5, 6, 5), ("PM403", 6, 22, 6, 36)]
    assert brief(findings) == [at(text, "thundering\nherd"), at(text, "blast   radius")]
    assert findings[0].message == JARGON_MESSAGE.format("thundering herd", "a surge of simultaneous retries")
    assert findings[1].message == JARGON_MESSAGE.format("blast radius", "scope of impact")
    assert all("\n" not in f.message for f in findings)


# -- acronyms ------------------------------------------------------------------------------------


def test_undefined_acronym_is_reported_once_at_its_first_use_with_its_expansion() -> None:
    text = summary("The DNS records expired. Then the DNS cache emptied.\n\n- The DNS was restored.")
    findings = pm403(text)
    assert brief(findings) == [("PM403", 5, 5, 5, 8)]
    assert findings[0].message == ACRONYM_MESSAGE.format("DNS")
    assert findings[0].suggestion == "Domain Name System (DNS)"


def test_unknown_acronym_has_no_suggestion() -> None:
    findings = pm403(summary("The XQZ service was down."))
    assert brief(findings) == [("PM403", 5, 5, 5, 8)]
    assert findings[0].message == ACRONYM_MESSAGE.format("XQZ")
    assert findings[0].suggestion is None


def test_expansion_suggestions_follow_the_expansions_list() -> None:
    findings = pm403(summary("The API and the CDN and the TTL."))
    assert [(f.message, f.suggestion) for f in findings] == [
        (ACRONYM_MESSAGE.format("API"), "application programming interface (API)"),
        (ACRONYM_MESSAGE.format("CDN"), "content delivery network (CDN)"),
        (ACRONYM_MESSAGE.format("TTL"), "time to live (TTL)"),
    ]
    assert brief(findings) == [("PM403", 5, 5, 5, 8), ("PM403", 5, 17, 5, 20), ("PM403", 5, 29, 5, 32)]


@pytest.mark.parametrize("body", [
    "We missed our Service Level Objective (SLO) for checkout. The SLO is now met.",
    "We missed the SLO (service level objective) for checkout. The SLO is now met.",
    "We missed our service level objective (SLO) for checkout.\n\n- The SLO is now met.",
])
def test_acronym_defined_at_first_use_passes_and_so_do_later_uses(body: str) -> None:
    assert pm403(summary(body)) == []


def test_acronym_defined_before_the_summary_passes() -> None:
    assert pm403("# Missed Service Level Objective (SLO)\n\n## Summary\n\nThe SLO was missed.\n") == []


LATE_MESSAGE = ("acronym '{}' is spelled out only after its first use; spell it out here, where the reader "
                "meets it first")


def test_definition_only_after_the_first_use_does_not_excuse_it() -> None:
    findings = pm403(summary("The SLO was missed. Our Service Level Objective (SLO) is 99.9%."))
    assert brief(findings) == [("PM403", 5, 5, 5, 8)]
    assert findings[0].suggestion == "service level objective (SLO)"
    assert findings[0].message == LATE_MESSAGE.format("SLO")
    later_paragraph = summary("The SLO was missed.\n\nThe SLO (service level objective) is 99.9%.")
    findings = pm403(later_paragraph)
    assert brief(findings) == [("PM403", 5, 5, 5, 8)]
    assert findings[0].message == LATE_MESSAGE.format("SLO")


def test_definition_in_a_later_section_does_not_excuse_the_summary() -> None:
    text = summary("The SLO was missed.") + "\n## Root Cause Analysis\n\nOur Service Level Objective (SLO) is strict.\n"
    findings = pm403(text)
    assert brief(findings) == [("PM403", 5, 5, 5, 8)]
    assert findings[0].message == LATE_MESSAGE.format("SLO")


def test_a_parenthesis_that_does_not_spell_it_out_is_no_definition() -> None:
    # One word, a number, or another acronym in the parentheses: not an expansion.
    # An aside in brackets later on ("SLO (and that is fine)", wrapped or not) spells out nothing either.
    for body in ("The SLO (breached) was missed.", "The SLO (99.9% uptime) was missed.",
                 "The SLO (SLI) was missed.", "The SLO was missed. Our SLO (and IMO that is fine) is strict.",
                 "The SLO was missed. Our SLO (and IMO that\nis fine) is strict."):
        assert [f.message for f in pm403(summary(body))][:1] == [ACRONYM_MESSAGE.format("SLO")], body


@pytest.mark.parametrize(("body", "written", "suggestion"), [
    ("Checkout missed its SLOs for an hour.", "SLOs", "service level objectives (SLOs)"),
    ("The SLO was missed; later all SLOs were missed.", "SLO", "service level objective (SLO)"),
    ("Two VMs restarted.", "VMs", "virtual machines (VMs)"),
])
def test_plural_counts_as_the_acronym(body: str, written: str, suggestion: str) -> None:
    findings = pm403(summary(body))
    assert len(findings) == 1
    assert findings[0].message == ACRONYM_MESSAGE.format(written.removesuffix("s"))
    # The span is the acronym as written, so that the suggestion replaces it in the right number.
    assert findings[0].suggestion == suggestion
    start = body.index(written) + 1
    assert brief(findings) == [("PM403", 5, start, 5, start + len(written))]


@pytest.mark.parametrize("body", [
    "Three CVEs were published.",  # "Common Vulnerabilities and Exposuress" is no word
    "Two OOMs stopped the service.",  # nor is "out of memorys"
    "An SRE restarted the service.",  # the engineer or the discipline: no one expansion fits both
    "The MTTR was 40 minutes.",  # recovery, repair, resolution or response
])
def test_no_expansion_where_none_is_right(body: str) -> None:
    findings = pm403(summary(body))
    assert len(findings) == 1
    assert findings[0].suggestion is None


def test_plural_definition_defines_the_acronym() -> None:
    assert pm403(summary("Our Service Level Objectives (SLOs) were missed; each SLO is now met.")) == []


def test_acronyms_with_digits_are_not_reported() -> None:
    assert pm403(summary("The EC2 fleet and the CAT1 queue and the S3 bucket and the 2FA codes failed.")) == []


def test_tldr_is_not_two_acronyms() -> None:
    assert pm403(summary("TL;DR: checkout was slow for 40 minutes.")) == []


@pytest.mark.parametrize("acronym", ["UTC", "CEO", "US", "PST", "GB", "URL", "URLs", "ETA", "IDs", "DNA", "RNA", "CPU",
                                     "RAM"])
def test_common_acronyms_pass(acronym: str) -> None:
    assert pm403(summary(f"The {acronym} was mentioned at 09:00.")) == []


def test_common_acronyms_pass_while_others_in_the_same_sentence_are_reported() -> None:
    text = summary("At 09:00 UTC the CEO said 2 GB of US data behind a URL and the VPN hit the CDN.")
    findings = pm403(text)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("CDN")]
    assert brief(findings) == [("PM403", 5, 76, 5, 79)] == [at(text, "CDN")]


def test_a_line_mostly_in_capitals_is_not_scanned_for_acronyms() -> None:
    assert pm403(summary("THE DNS SERVER WAS DOWN FOR HOURS AND NOBODY KNEW.")) == []
    assert pm403(summary("- CHECKOUT WAS DOWN FOR TWO HOURS\n- Nothing else.")) == []
    # ...but a normal line beside it in its own paragraph is.
    findings = pm403(summary("THE DNS SERVER WAS DOWN FOR HOURS.\n\nThe API then failed."))
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("API")]


def test_a_shouted_line_inside_a_longer_paragraph_is_not_scanned_for_acronyms() -> None:
    # The second source line is mostly capitals: its words are shouting, not acronyms.
    text = summary("Checkout was slow for most customers this morning.\nTHE PAYMENT SERVICE WAS DOWN FOR HOURS.")
    assert [f.message for f in pm403(text)] == []


def test_jargon_is_still_reported_on_a_line_in_capitals() -> None:
    findings = pm403(summary("THE FAILOVER TOOK THE WHOLE SITE DOWN FOR HOURS."))
    assert brief(findings) == [("PM403", 5, 5, 5, 13)]
    assert findings[0].message == JARGON_MESSAGE.format("FAILOVER", "switch to a backup system")


def test_acronyms_joined_to_other_text_are_not_reported() -> None:
    body = "The US-EAST region, the #DNS channel, @SRE on call, the $XQZ token and v2/API/x failed."
    assert pm403(summary(body)) == []


def test_an_acronym_inside_a_code_identifier_is_reported_as_code_not_as_an_acronym() -> None:
    findings = pm403(summary("The DNS_TIMEOUT setting was too low."))
    assert [(f.message, f.suggestion) for f in findings] == [(CODE_MESSAGE.format("DNS_TIMEOUT"), None)]


# -- options and wordlists -----------------------------------------------------------------------


def test_allow_option_silences_terms_and_acronyms(tmp_path: Path) -> None:
    text = summary("The DNS failover and the shard broke the API.")
    assert brief(pm403(text)) == [at(text, "DNS"), at(text, "failover"), at(text, "shard"), at(text, "API")]
    path = config(tmp_path, "rules:\n  PM403:\n    allow: [DNS, failover]\n")
    findings = pm403(text, path)
    assert [f.message for f in findings] == [NO_PLAIN_MESSAGE.format("shard"), ACRONYM_MESSAGE.format("API")]
    assert brief(findings) == [("PM403", 5, 26, 5, 31), ("PM403", 5, 42, 5, 45)]


def test_allow_option_is_case_insensitive_and_takes_multi_word_terms(tmp_path: Path) -> None:
    path = config(tmp_path, "rules:\n  jargon:\n    allow: [dns, FAILOVER, Blast Radius]\n")
    assert pm403(summary("The DNS failover widened the blast radius."), path) == []


def test_sections_option_extends_checking_to_the_timeline(tmp_path: Path) -> None:
    text = (summary("The DNS failover broke checkout.")
            + "\n## Timeline\n\n- 09:10 The DNS broke; the API and a shard failed.\n"
            + "\n## Root Cause Analysis\n\nThe SDK had a deadlock.\n")
    assert [f.span.line for f in pm403(text)] == [5, 5]
    path = config(tmp_path, "rules:\n  PM403:\n    sections: [summary, timeline]\n")
    findings = pm403(text, path)
    # DNS was already reported in the summary: once per document. The root cause still passes.
    assert brief(findings) == [("PM403", 5, 5, 5, 8), ("PM403", 5, 9, 5, 17),
                               ("PM403", 9, 28, 9, 31), ("PM403", 9, 38, 9, 43)]
    assert brief(findings) == [at(text, "DNS"), at(text, "failover"), at(text, "API"), at(text, "shard")]
    assert [f.suggestion for f in findings] == ["Domain Name System (DNS)", "switch to a backup system",
                                                "application programming interface (API)", None]


def test_sections_option_can_replace_the_summary(tmp_path: Path) -> None:
    text = summary("The DNS broke.") + "\n## Timeline\n\n- 09:10 The API broke.\n"
    path = config(tmp_path, "rules:\n  PM403:\n    sections: timeline\n")
    findings = pm403(text, path)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("API")]
    assert brief(findings) == [("PM403", 9, 13, 9, 16)] == [at(text, "API")]


def test_wordlist_extension_of_common_acronyms(tmp_path: Path) -> None:
    text = summary("The DFDS sync and the DFDT sync failed.")
    assert [f.message for f in pm403(text)] == [ACRONYM_MESSAGE.format("DFDS"), ACRONYM_MESSAGE.format("DFDT")]
    path = config(tmp_path, "wordlists:\n  acronyms-common:\n    add: [DFDS]\n")
    findings = pm403(text, path)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("DFDT")]
    assert brief(findings) == [("PM403", 5, 23, 5, 27)]


def test_wordlist_changes_to_jargon_expansions_and_common_acronyms(tmp_path: Path) -> None:
    path = config(tmp_path, "wordlists:\n"
                            "  jargon:\n    add: ['bake time -> waiting period']\n    remove: [latency]\n"
                            "  acronym-expansions:\n    add: ['DFDT -> daily flight data transfer']\n"
                            "  acronyms-common:\n    remove: [UTC]\n")
    text = summary("The bake time and latency grew; DFDT failed at 09:00 UTC.")
    findings = pm403(text, path)
    assert [(f.message, f.suggestion) for f in findings] == [
        (JARGON_MESSAGE.format("bake time", "waiting period"), "waiting period"),
        (ACRONYM_MESSAGE.format("DFDT"), "daily flight data transfer (DFDT)"),
        (ACRONYM_MESSAGE.format("UTC"), None),
    ]
    assert brief(findings) == [("PM403", 5, 5, 5, 14), ("PM403", 5, 33, 5, 37), ("PM403", 5, 54, 5, 57)]
    assert brief(findings) == [at(text, "bake time"), at(text, "DFDT"), at(text, "UTC")]


def test_pm403_can_be_turned_off(tmp_path: Path) -> None:
    path = config(tmp_path, "rules:\n  PM403: off\n")
    assert lint_text(summary("The DNS failover."), config_file=path) != []  # other rules still run
    assert [f for f in lint_text(summary("The DNS failover."), config_file=path) if f.code == "PM403"] == []


# -- what is never read --------------------------------------------------------------------------


def test_code_urls_links_and_comments_are_never_read() -> None:
    body = ("Use `DNS failover` now.\n\n"
            "```\nDNS failover\n```\n\n"
            "    indented DNS failover code\n\n"
            "See https://example.com/x?zone=DNS&m=failover and <https://example.com/?q=API&failover>.\n\n"
            "Read [the docs](https://example.com/x?zone=SDK&failover \"CDN failover\").\n\n"
            "<!-- DNS failover -->\n\n"
            "Text <!-- API latency --> here.\n\n"
            "The runbook broke.")
    findings = pm403(summary(body))
    # Only the prose after all of that: proof that the section was checked at all.
    assert [f.message for f in findings] == [JARGON_MESSAGE.format("runbook", "written procedure")]
    assert brief(findings) == [("PM403", 21, 5, 21, 12)]


def test_link_text_is_read_but_its_destination_is_not() -> None:
    findings = pm403(summary("Read [the DNS notes](https://example.com/x?zone=API) now."))
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("DNS")]
    assert brief(findings) == [("PM403", 5, 11, 5, 14)]


def test_a_definition_in_code_or_a_comment_does_not_define_the_acronym() -> None:
    for prefix in ("<!-- Service Level Objective (SLO) -->\n\n", "```\nService Level Objective (SLO)\n```\n\n",
                   "See `Service Level Objective (SLO)`.\n\n"):
        findings = pm403(summary(prefix + "The SLO broke."))
        assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("SLO")], prefix
        assert findings[0].span.line == 5 + prefix.count("\n")


# -- exact positions -----------------------------------------------------------------------------


def test_positions_in_a_table_cell() -> None:
    body = "| Field | Value |\n|-------|-------|\n| Cause | the DNS and a failover |"
    text = summary(body)
    findings = pm403(text)
    assert brief(findings) == [("PM403", 7, 15, 7, 18), ("PM403", 7, 25, 7, 33)]
    assert brief(findings) == [at(text, "DNS"), at(text, "failover")]
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("DNS"),
                                             JARGON_MESSAGE.format("failover", "switch to a backup system")]


def test_positions_in_a_nested_list_item() -> None:
    text = summary("- first item\n  - nested: the API broke after a failover")
    findings = pm403(text)
    assert brief(findings) == [("PM403", 6, 17, 6, 20), ("PM403", 6, 35, 6, 43)]
    assert brief(findings) == [at(text, "API"), at(text, "failover")]


def test_positions_in_a_blockquote_and_after_emphasis() -> None:
    text = summary("> **Note:** the *DNS* broke after a `x` failover")
    findings = pm403(text)
    assert brief(findings) == [("PM403", 5, 18, 5, 21), ("PM403", 5, 41, 5, 49)]
    assert brief(findings) == [at(text, "DNS"), at(text, "failover")]


def test_positions_in_a_crlf_document() -> None:
    text = "# T\r\n\r\n## Summary\r\n\r\nLine one is fine.\r\nThe DNS broke after a failover.\r\n"
    findings = pm403(text)
    assert brief(findings) == [("PM403", 6, 5, 6, 8), ("PM403", 6, 23, 6, 31)]
    assert brief(findings) == [at(text, "DNS"), at(text, "failover")]
    assert findings[0].suggestion == "Domain Name System (DNS)"


def test_positions_after_front_matter() -> None:
    text = "---\ntitle: Outage\nauthors: [Ana]\n---\n# Outage\n\n## Summary\n\nThe SLO was missed.\n"
    assert brief(pm403(text)) == [("PM403", 9, 5, 9, 8)]


# -- documents without a summary ----------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "# Outage\n\nThe DNS broke after a failover.\n\n## Timeline\n\n- 09:10 The DNS broke; a failover began.\n",
    "The DNS broke after a failover.\n",
    "",
    "## Root Cause Analysis\n\nThe API deadlock.\n",
])
def test_a_document_without_a_summary_section_gives_no_finding(text: str) -> None:
    assert pm403(text) == []


# -- names are not jargon --------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "The AWS region and the GKE cluster at OVH were down.",  # vendors and their products
    "Packages on NPM and the NGINX and IIS servers were affected.",
    "The exploiter withdrew USDT, DAI and ETH.",  # tickers
    "Losses were 11m DAI, 2.7m XQZ and 11,435.95 QZX.",  # the unit of an amount, listed or not
    "Rewards are paid in $XQZ.",  # a ticker written with its sign
    "Checks said FAIL, the site was DOWN and we did NOT page anyone.",  # status and emphasis words
])
def test_vendors_tickers_amounts_and_status_words_are_names_not_acronyms(body: str) -> None:
    assert pm403(summary(body)) == []


@pytest.mark.parametrize("body", ["The v2.1 XQZ failed.", "The 1.270.0 XQZ failed."])
def test_a_version_before_an_acronym_is_not_an_amount(body: str) -> None:
    text = summary(body)
    assert brief(pm403(text)) == [at(text, "XQZ")]


def test_a_bare_count_before_an_acronym_is_not_an_amount() -> None:
    text = summary("Two DNS servers and 2 DNS caches failed; 3 XQZs too.")
    findings = pm403(text)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("DNS"), ACRONYM_MESSAGE.format("XQZ")]
    assert brief(findings) == [at(text, "DNS"), at(text, "XQZs")]


@pytest.mark.parametrize("text", [
    "# CATbleed\n\n## Summary\n\nThe CAT exploit was found.\n",  # the title names the product
    "# Acme login outage\n\n## Summary\n\nACME Payments was down.\n",  # the title names the company
    "---\ntitle: XQZ outage\n---\n\n## Summary\n\nThe XQZ service was down.\n",
    "---\nproduct: XQZ Cloud\n---\n# Outage\n\n## Summary\n\nThe XQZ service was down.\n",
    "---\norganisation: [XQZ]\n---\n# Outage\n\n## Summary\n\nThe XQZ service was down.\n",
    "---\naffected_services: [XQZ Billing, QZX]\n---\n# Outage\n\n## Summary\n\nThe XQZ and QZX services were down.\n",
])
def test_the_organisation_and_its_products_named_in_title_or_front_matter_pass(text: str) -> None:
    assert pm403(text) == []


def test_a_technical_acronym_in_the_title_is_still_reported() -> None:
    text = "# Bad AWS EKS AMI\n\n## Summary\n\nThe EKS AMI was bad.\n"
    findings = pm403(text)
    assert [(f.message, f.suggestion) for f in findings] == [(ACRONYM_MESSAGE.format("AMI"),
                                                              "Amazon Machine Image (AMI)")]
    assert brief(findings) == [("PM403", 5, 9, 5, 12)]


@pytest.mark.parametrize("elsewhere", ["XQZ' teams were told.", "XQZ’s teams were told.", "XQZ engineers met.",
                                       "XQZ determined the cause.", "The fix was announced; XQZ decided to wait."])
def test_an_acronym_that_owns_decides_or_employs_is_an_organisation(elsewhere: str) -> None:
    text = summary("We checked whether XQZ was affected.") + f"\n## Timeline\n\n- 09:00 {elsewhere}\n"
    assert pm403(text) == []


def test_an_acronym_that_merely_acts_is_not_an_organisation() -> None:
    text = summary("We checked whether XQZ was affected.") + "\n## Timeline\n\n- 09:00 XQZ failed.\n"
    assert [f.message for f in pm403(text)] == [ACRONYM_MESSAGE.format("XQZ")]


def test_a_technical_acronym_written_as_a_possessor_is_still_reported() -> None:
    text = summary("The API was slow.") + "\n## Timeline\n\n- 09:00 The API's latency rose.\n"
    assert [f.message for f in pm403(text)] == [ACRONYM_MESSAGE.format("API")]


def test_allow_option_silences_identifiers(tmp_path: Path) -> None:
    path = config(tmp_path, "rules:\n  PM403:\n    allow: [full_node]\n")
    assert pm403(summary("The full_node stalled."), path) == []


# -- quoted material -------------------------------------------------------------------------------


def test_a_block_quote_is_someone_elses_words_and_is_not_read() -> None:
    text = summary("The vendor wrote:\n\n> Disk SN 5 failed. RAM OK. The XQZ failover ran.\n\nThe API broke.")
    findings = pm403(text)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("API")]
    assert brief(findings) == [at(text, "API")]


@pytest.mark.parametrize("body, needle", [
    ("> **Note:** the DNS broke.", "DNS"),
    ("> Note: the DNS broke.", "DNS"),
    ("> [!NOTE]\n> the DNS broke.", "DNS"),
    ("> **Update:** the DNS broke.\n>\n> Later the API broke.", "DNS"),
])
def test_a_block_quoted_note_of_the_writer_is_read(body: str, needle: str) -> None:
    text = summary(body)
    findings = pm403(text)
    assert findings and brief(findings)[0] == at(text, needle)


def test_text_in_double_quotes_is_not_read() -> None:
    text = summary('Nodes reported "PLEG is not healthy" and “the XQZ failover” began; then the API broke.')
    findings = pm403(text)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("API")]
    assert brief(findings) == [at(text, "API")]


def test_a_quote_mark_without_its_closing_mark_hides_nothing() -> None:
    text = summary('The 5" disk and the DNS broke.')
    assert brief(pm403(text)) == [at(text, "DNS")]


# -- where an acronym is spelled out -------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "30 samples were marked QC PASS because no quality control rules existed.",  # later in the sentence
    "With no quality control rules, 30 samples were marked QC PASS.",  # earlier in the sentence
    "The LP tokens, held by each liquidity-provider, were drained.",  # a hyphenated spelling
    "Our Infrastructure as Code pipeline reverted the IAC state.",  # small words in the spelling are skipped
    "The SPY contracts (= reward pools) failed.",
    "The XQZ contracts’ (=reward pools’ contracts) failed.",
    "The XQZ (i.e. the payment queue) failed.",
    "Fast forward spends broke.\n\nThen FF spends doubled.",  # the words were read just before
    "The Earn contracts (also known as the XQZ contracts) were exploited.",  # a name for what was just said
])
def test_acronym_spelled_out_in_its_sentence_or_before_it_passes(body: str) -> None:
    assert pm403(summary(body)) == []


def test_small_words_and_short_words_do_not_spell_an_acronym() -> None:
    text = summary("The IP was blocked in place of another; an ip pool too.")
    assert brief(pm403(text)) == [at(text, "IP")]


def test_words_in_the_next_sentence_do_not_spell_the_acronym() -> None:
    text = summary("The QC failed. Quality control then stopped.")
    assert brief(pm403(text)) == [at(text, "QC")]


def test_ip_address_is_common_and_introduces_ip() -> None:
    assert pm403(summary("The IP address changed. Traffic still went to this IP.")) == []
    assert pm403(summary("Both IP addresses changed.")) == []
    text = summary("The IP changed. Later the IP address changed too.")
    assert brief(pm403(text)) == [at(text, "IP")]


def test_five_uses_of_one_acronym_are_one_finding_at_the_first() -> None:
    text = summary("The XQZ broke.\n\n- XQZ one\n- XQZ two\n\n| a | b |\n|---|---|\n| XQZ | XQZs |")
    assert brief(pm403(text)) == [at(text, "XQZ")]


# -- jargon of several words, explanations, suggestions ------------------------------------------------


def test_multi_word_jargon_is_reported() -> None:
    text = summary("The ingress controller and non-ephemeral runners let attackers obtain persistence.")
    findings = pm403(text)
    assert brief(findings) == [at(text, "ingress controller"), at(text, "non-ephemeral"),
                               at(text, "obtain persistence")]
    assert [f.suggestion for f in findings] == ["the component that routes incoming traffic", "long-lived",
                                                "keep access"]


@pytest.mark.parametrize("body", [
    "The runners are non-ephemeral, meaning they are reused between jobs.",
    "The mempool (= the queue of pending transactions) filled up.",
    "The mempool, i.e. the queue of pending transactions, filled up.",
    "The crates were found by typosquatting[^1] checks.",
    "Machines that run our builds are called runners; the self-hosted runners were compromised.",
    "This is known as a failover.",
])
def test_jargon_explained_where_it_is_used_passes(body: str) -> None:
    assert pm403(summary(body)) == []


def test_an_explanation_of_another_word_does_not_explain_the_term() -> None:
    text = summary("Machines are called hosts; the self-hosted runners were compromised.")
    assert brief(pm403(text)) == [at(text, "self-hosted runners")]


@pytest.mark.parametrize("body, term, plain", [
    ("Each replica of each deployment used an address.", "replica", "copy"),  # Kubernetes sense
    ("The replica database lagged.", "replica", "copy"),  # database sense: the same wording fits
    ("The connection pool to the cache ran dry.", "connection pool", "the shared set of connections"),
    ("The canary release failed.", "canary release", "a small trial release"),
])
def test_suggestions_fit_every_sense_of_the_term(body: str, term: str, plain: str) -> None:
    findings = pm403(summary(body))
    assert [(f.message, f.suggestion) for f in findings] == [(JARGON_MESSAGE.format(term, plain), plain)]


def test_a_term_with_several_senses_gets_no_wording() -> None:
    # A canary can be a trial release, a canary token or a test: no one wording fits. A shard is a part of
    # a database, or a game server ("the matchmaker shards"): "part of the data" fits only the first.
    assert [(f.message, f.suggestion) for f in pm403(summary("The matchmaker shards were full."))] == [
        (NO_PLAIN_MESSAGE.format("shards"), None)]
    text = summary("The canary caught it and the pods restarted.")
    findings = pm403(text)
    assert [(f.message, f.suggestion) for f in findings] == [(NO_PLAIN_MESSAGE.format("canary"), None),
                                                            (NO_PLAIN_MESSAGE.format("pods"), None)]
    assert brief(findings) == [at(text, "canary"), at(text, "pods")]


# -- code written as prose ---------------------------------------------------------------------------


def test_code_identifiers_in_prose_are_reported_once_each() -> None:
    text = summary("The full_node and sendRawTransaction broke window.fetch and fetch().\n\n"
                   "- The full_node again.")
    findings = pm403(text)
    assert [f.message for f in findings] == [CODE_MESSAGE.format(name) for name in
                                             ("full_node", "sendRawTransaction", "window.fetch", "fetch()")]
    assert brief(findings) == [at(text, "full_node"), at(text, "sendRawTransaction"), at(text, "window.fetch"),
                               at(text, "fetch()")]
    assert all(f.suggestion is None for f in findings)


def test_a_dotted_call_is_one_identifier() -> None:
    text = summary("It called os.path.join() twice.")
    assert [f.message for f in pm403(text)] == [CODE_MESSAGE.format("os.path.join()")]
    assert brief(pm403(text)) == [at(text, "os.path.join()")]


@pytest.mark.parametrize("body", [
    "Downloads from crates.io and mybinder.org failed.",  # domains
    "The config.yaml and README.md files changed.",  # file names
    "Several pages, e.g. the home page, i.e. most of it, failed at 3 p.m.",  # abbreviations
    "The Node.js and ASP.NET apps on iPhone and eBay and macOS and PostHog failed.",  # names
    "Version 1.270.0 and v2.5 failed.",  # versions
    "The `full_node` and `window.fetch` code spans are code already.",
    "Data in [all.countries].example.org failed.",
])
def test_names_domains_files_and_code_spans_are_not_code_identifiers(body: str) -> None:
    assert pm403(summary(body)) == []


def test_code_identifier_position_in_a_table_cell() -> None:
    text = summary("| Field | Value |\n|---|---|\n| Cause | a bad max_conns value |")
    findings = pm403(text)
    assert brief(findings) == [("PM403", 7, 17, 7, 26)] == [at(text, "max_conns")]


# -- sections read -----------------------------------------------------------------------------------


def test_a_nested_section_that_belongs_elsewhere_is_not_read() -> None:
    text = ("# Outage\n\n## Summary\n\nThe site was slow.\n\n### Timeline\n\n- 09:00 The DNS failed.\n\n"
            "### Lessons Learned\n\nThe API failed.\n")
    # The timeline and the lessons under the summary are other sections, written for engineers.
    assert pm403(text) == []


@pytest.mark.parametrize("heading", ["### Details", "### Impact", "### Status"])
def test_a_nested_sub_heading_or_summary_field_is_part_of_the_summary(heading: str) -> None:
    text = f"# Outage\n\n## Summary\n\nThe site was slow.\n\n{heading}\n\nThe DNS failed.\n"
    assert brief(pm403(text)) == [at(text, "DNS")]


def test_an_error_type_is_code() -> None:
    text = summary("Requests failed with a TypeError and a NullPointerException; the Error page and Exceptions list did not.")
    findings = pm403(text)
    assert [f.message for f in findings] == [CODE_MESSAGE.format("TypeError"),
                                             CODE_MESSAGE.format("NullPointerException")]
    assert brief(findings) == [at(text, "TypeError"), at(text, "NullPointerException")]


@pytest.mark.parametrize("body", [
    "Phase II and phase III of the rollout, and step IV, were delayed.",  # roman numerals
    "Customers in EMEA and APAC missed our SLA; QA found it by EOD.",  # business words every reader knows
    "The CRM lost leads, hurting MRR, NPS and our Q3 OKR.",
    "The status page said INVESTIGATING, then IDENTIFIED, then MONITORING: a MAJOR OUTAGE.",
    "TLDR: checkout was slow.",
    "The UI and the UX of checkout changed.",
])
def test_numbers_business_words_and_status_page_states_pass(body: str) -> None:
    assert pm403(summary(body)) == []


def test_an_acronym_with_several_expansions_gets_no_suggestion() -> None:
    # CD is continuous delivery or continuous deployment: no one expansion is right.
    findings = pm403(summary("The CD pipeline failed."))
    assert [(f.message, f.suggestion) for f in findings] == [(ACRONYM_MESSAGE.format("CD"), None)]


def test_a_long_note_in_a_block_quote_is_read_to_its_end() -> None:
    paragraphs = "\n>\n".join(f"> Paragraph {index} is fine." for index in range(300))
    text = summary(f"> **Note:** all is well.\n>\n{paragraphs}\n>\n> The XQZ broke.")
    assert brief(pm403(text)) == [at(text, "XQZ")]


def test_a_summary_that_starts_inside_a_long_quote_is_not_read() -> None:
    quote = "\n>\n".join(f"> Paragraph {index} XQZ{index}." for index in range(300))
    text = f"# Outage\n\n> Quoted.\n>\n> ## Summary\n>\n{quote}\n>\n> The XQZ broke.\n"
    assert pm403(text) == []


@pytest.mark.parametrize("body, term, plain", [
    ("Customers saw 5xx errors.", "5xx errors", "server errors"),
    ("The CI/CD pipeline stalled.", "CI/CD", "automated build, test and release"),
    ("The nightly cron job failed.", "cron job", "scheduled task"),
    ("The workers were OOM-killed.", "OOM-killed", "stopped for running out of memory"),
    ("The cluster lost quorum.", "quorum", None),
    ("Disk I/O was saturated.", "I/O", None),
])
def test_jargon_of_operations(body: str, term: str, plain: str | None) -> None:
    text = summary(body)
    findings = pm403(text)
    message = JARGON_MESSAGE.format(term, plain) if plain else NO_PLAIN_MESSAGE.format(term)
    assert [(f.message, f.suggestion) for f in findings] == [(message, plain)]
    assert brief(findings) == [at(text, term)]


# -- product names, the opening of a blog post, regions --------------------------------------------

@pytest.mark.parametrize("body", [
    "Chains built on the Cosmos SDK stopped for an hour.",
    "Webhooks from the Relay API were late; API requests were answered normally.",  # later uses: the product's
    "A bug in the Quillstack CLI deleted local settings.",
])
def test_an_acronym_that_ends_a_product_name_passes(body: str) -> None:
    assert pm403(summary(body)) == []


@pytest.mark.parametrize(("body", "acronym"), [
    ("The API was down for an hour.", "API"),  # the first word of the sentence is no name
    ("Logins failed. Our API was down for an hour.", "API"),
    ("The node stopped due to System OOM after an hour.", "OOM"),  # a condition, not a kind of product
    ("Checkout used the Postgres DB for an hour.", "DB"),  # a part, not a product's name
    ("Logins failed for an hour because the system API rejected them.", "API"),
])
def test_an_acronym_after_no_product_name_is_reported(body: str, acronym: str) -> None:
    text = summary(body)
    findings = pm403(text)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format(acronym)]
    start = text.index(acronym, text.index("\n\n", text.index("##")))
    assert brief(findings)[0][1:3] == (5, start - text.rindex("\n", 0, start))


def test_a_capitalised_word_in_lower_case_elsewhere_is_no_product_name() -> None:
    text = summary("Logins failed for an hour in the Partner API.") + "\n## Timeline\n\n- 09:10 a partner called.\n"
    assert [f.message for f in pm403(text)] == [ACRONYM_MESSAGE.format("API")]


BLOG = """\
On 3 March, for 52 minutes, customers could not open their dashboards. A certificate expired.
The incident is resolved and renewal is now automated.

## What happened

At 14:02 the certificate on the ingress controller expired and every TLS handshake failed.
"""


def test_a_post_mortem_in_labels_only_ends_its_summary_at_the_next_sections_label() -> None:
    text = ("# Mini post-mortem: staging outage\n\n**Summary:** Staging hostnames did not resolve for 60 minutes. "
            "Fixed.\n\n**Root cause:** The CI job renamed a resource.\n\n**Action items:**\n\n"
            "- @wei adds an SLO check, due 2026-07-16.\n")
    assert pm403(text) == []  # CI and SLO are in the root cause and the action items, not the summary
    assert [f.message for f in pm403(text.replace("did not resolve", "did not resolve in DNS"))] == [
        ACRONYM_MESSAGE.format("DNS")]


def test_the_narrative_after_an_untitled_opening_is_not_read() -> None:
    # The opening is the summary every reader reads; the "What happened" story after it is technical.
    assert pm403(BLOG) == []
    text = BLOG.replace("A certificate expired.", "A TLS certificate expired.")
    findings = pm403(text)
    assert [f.message for f in findings] == [ACRONYM_MESSAGE.format("TLS")]
    assert brief(findings) == [at(text, "TLS")]


def test_a_narrative_section_that_is_the_summary_is_still_read() -> None:
    text = "# Outage\n\n## What happened\n\nEvery TLS handshake failed for an hour.\n"
    assert brief(pm403(text)) == [at(text, "TLS")]


@pytest.mark.parametrize("body", [
    "Players on the EU and NA servers could not log in for an hour.",
    "Card payments at the ATM and PIN changes failed; SIM swaps and VAT invoices were not affected.",
])
def test_regions_and_everyday_acronyms_pass(body: str) -> None:
    assert pm403(summary(body)) == []


def test_resolver_is_jargon_without_a_plain_wording() -> None:
    text = summary("Customers using our resolvers saw every site fail for an hour.")
    findings = pm403(text)
    assert [f.message for f in findings] == [NO_PLAIN_MESSAGE.format("resolvers")]
    assert [f.suggestion for f in findings] == [None]
    assert brief(findings) == [at(text, "resolvers")]


ACRONYMS_MESSAGE = "acronyms '{}' are not spelled out at first use; say in plain words what they name"


@pytest.mark.parametrize(("body", "written"), [
    ("Every call to the REST API failed for an hour.", "REST API"),
    ("A DNS TTL of 300 s slowed recovery for an hour.", "DNS TTL"),
    ("The XQZ QZX YZQ job stopped for an hour.", "XQZ QZX YZQ"),
])
def test_acronyms_side_by_side_are_one_finding(body: str, written: str) -> None:
    text = summary(body)
    findings = pm403(text)
    assert [f.message for f in findings] == [ACRONYMS_MESSAGE.format(written)]
    assert [f.suggestion for f in findings] == [None]
    assert brief(findings) == [at(text, written)]


def test_acronyms_apart_are_two_findings() -> None:
    text = summary("The REST layer and the API failed; DNS, TTL and the rest were fine.")
    findings = pm403(text)
    assert [f.message for f in findings] == [
        ACRONYM_MESSAGE.format("REST"), ACRONYM_MESSAGE.format("API"),
        ACRONYM_MESSAGE.format("DNS"), ACRONYM_MESSAGE.format("TTL")]


@pytest.mark.parametrize("body", [
    "We reverted the configuration, and an RCA meeting is planned.",  # the spelling does not cross a comma
    "We restarted the cache and an RCA meeting is planned.",  # nor end on a small word
])
def test_words_that_only_look_like_a_spelling_do_not_define(body: str) -> None:
    text = summary(body)
    assert brief(pm403(text)) == [at(text, "RCA")]


def test_a_spelling_with_a_small_word_inside_still_defines() -> None:
    assert pm403(summary("Our infrastructure as code tooling (IaC) and the IAC plan were late by an hour.")) == []


@pytest.mark.parametrize(("body", "written"), [
    ("Our k8s-hosted workers stopped for an hour.", "k8s"),
    ("The failover-ready database stopped for an hour.", "failover"),
])
def test_a_term_that_starts_a_compound_is_reported_without_a_wording(body: str, written: str) -> None:
    text = summary(body)
    findings = pm403(text)
    assert [f.message for f in findings] == [NO_PLAIN_MESSAGE.format(written)]
    assert [f.suggestion for f in findings] == [None]
    assert brief(findings) == [at(text, written)]


@pytest.mark.parametrize("body", [
    "The failover-1 host and the shard-7 name stopped for an hour.",  # a host's name: the word and a number
    "The NHS, the WHO and our CISO were told; no PCR result was wrong.",
])
def test_names_and_labels_built_on_terms_pass(body: str) -> None:
    assert pm403(summary(body)) == []
