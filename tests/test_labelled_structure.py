"""Labelled post-mortems for the structure rules (PM001 missing-section, PM002 empty-section, PM003
summary-field).

Each document in ``tests/fixtures/labelled/structure`` is written in a shape real teams use: an
engineering blog post with an untitled opening summary, a wiki template with tables, a Google-SRE-style
doc (Summary, Impact, Root Causes, Trigger, ..., Timeline last), a PagerDuty-style doc, a security
disclosure with front matter and no title heading, a terse CRLF note, a DeFi exploit report, a
status-page customer report, an Atlassian-style doc with front matter ("Leadup", "Fault", "Five whys")
and a narrative "What happened (timeline)". The labels are what a careful reviewer applying the guide's
template would report about its sections and executive summary, decided from the documents themselves
before pmlint was run: the exact set of (code, line).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import labelled_findings

STRUCTURE_RULES = ("PM001", "PM002", "PM003")
FIXTURES = Path(__file__).parent / "fixtures" / "labelled" / "structure"

LABELS: dict[str, set[tuple[str, int]]] = {
    # Blog post: the untitled opening states impact, duration, cause and status; narrative headings
    # ("Why it happened", "What didn't go so well", "What we're doing about it", "What we learned").
    "blog-cache-stampede.md": set(),
    # Wiki template: the summary table's Status row is "TBD" (the "Status: Draft" row of the metadata
    # table is the document's status, not the incident's); the Lessons Learned section is only "TODO".
    "wiki-template-table.md": {("PM003", 16), ("PM002", 56)},
    # Google SRE: a one-sentence Summary, with the impact window in "Impact", the cause in "Root Causes",
    # the recovery in "Resolution"; lessons as sub-headings; timeline last.
    "sre-checkout-latency.md": set(),
    # PagerDuty style: a labelled overview with every field, the parts of the lessons (went well / didn't
    # go so well) but no timeline: "What Happened" is a narrative with a few times, not a timeline.
    "pagerduty-missing-sections.md": {("PM001", 1)},
    # Security disclosure: title in front matter, opening paragraph as the summary; nothing was
    # exploited, so no impact duration is asked for.
    "security-disclosure-token.md": set(),
    # Terse CRLF note: the summary's Duration is "?" and it has no Status (one finding at the summary);
    # "## Lessons" holds only "-" and an HTML comment.
    "terse-disk-full-crlf.md": {("PM003", 5), ("PM002", 34)},
    # DeFi exploit: the summary states what was taken and why, but neither how long the attack ran nor
    # whether the market is paused or the funds recovered (one finding naming both).
    "defi-lending-exploit.md": {("PM003", 3)},
    # Status-page report: untitled opening summary with every fact, "###" sections, "What we are doing".
    "statuspage-api-errors.md": set(),
    # Atlassian style with front matter: "Fault" and "Five whys" are the analysis; the action items
    # section holds only the template's italic instruction.
    "atlassian-front-matter-sso.md": {("PM002", 52)},
    # "What happened (timeline)" is the timeline; "Follow-ups" are the action items.
    "narrative-timeline-queue.md": set(),
    # TOML front matter, no title heading: the opening states who, how many and the window, but not why
    # (one finding, at the opening paragraph the writer has to complete). "Analysis", "Follow-up" and
    # "Retrospective" are the analysis, the action items and the lessons.
    "toml-front-matter-gaps.md": {("PM003", 7)},
    # "### Impact" and "### Root Cause" nested in the summary are its fields; the nested "### Timeline"
    # is the timeline and ends the summary.
    "nested-summary-timeline.md": set(),
    # Precision audit (structure), docs 01-10; their PM201 and PM403 labels are in
    # test_labelled_root_cause.py and test_labelled_jargon.py.
    # "Issue Summary" (a configuration change as the cause, in ordinary words), "Whys", "Corrective
    # actions", "Lessons learnt" with "What went well?" / "What went wrong?" sub-headings.
    "k8s-harbourmaster-whys.md": set(),
    # Title only in front matter, setext headings, the summary under "What happened?", a bold
    # '**Impact**:' label, "Recovery and Lessons Learned" with bold What went well / What went wrong.
    "defi-lumen-setext.md": set(),
    # The summary as a field table; "Contributing Factors" as the analysis.
    "genomics-samplesheet-table.md": set(),
    # Bold-label fields under "Executive Summary", every one filled.
    "payments-settlement-bold-fields.md": set(),
    # Prose summary with neither how long the outage lasted nor whether it is over: one finding at the
    # summary naming both. (pmlint names only Status: "went above 10 minutes" is a queue time it takes
    # for the duration, REPORT problem 5; the (code, line) is the same.)
    "game-matchmaking-prose.md": {("PM003", 3)},
    # No action items section (one PM001 at the title); "Lessons learnt" holds only TODO.
    "ci-runners-no-actions.md": {("PM001", 1), ("PM002", 23)},
    # Half-filled template: Duration TBD, Root Cause empty, Status '[Resolved / Ongoing]' (one finding at
    # the summary); the analysis holds only the template's italic instruction.
    "template-half-filled.md": {("PM003", 3), ("PM002", 18)},
    # Blog style: untitled opening paragraphs as the summary, "Why did it happen?", "What we're changing"
    # with "We will" commitments, "What we learned".
    "blog-cdn-outage.md": set(),
    # Front matter, a "TL;DR" summary, "Contributing Factors", a "Corrective actions" task list.
    "k8s-dns-tldr.md": set(),
    # A '**Summary**' bold label with bold-label fields, all filled.
    "two-whys-bold-summary.md": set(),
    # Second precision audit (genres, docs 02, 05, 08-10; Markdown forms, docs 02, 04, 05, 08).
    # Prose summary; "Between August 19 and 21, 2026" is a duration (REPORT #5, fixed).
    "data-loss-restore.md": set(),
    # DeFi summary: "Lending was paused" says nothing of the protocol's state now: no Status.
    "defi-flash-loan-exploit.md": {("PM003", 7)},
    # No "What Went Well" section.
    "db-migration-lock.md": {("PM001", 5)},
    # Five-line mini post-mortem: no Timeline and no Lessons Learned; '**Action:**' is its action items.
    "mini-staging-dns.md": {("PM001", 1)},
    # Non-native English: "during 1 hour and 35 minutes", "the issue is closed" are Duration and Status.
    "non-native-orders.md": set(),
    # CRLF, TOML front matter, setext headings.
    "crlf-toml-setext-defects.md": set(),
    # Closed ATX headings ('## ... ##') and emphasis in headings.
    "tasklist-trailing-hashes.md": set(),
    # Timeline table inside <details> with blank lines; HTML comments.
    "html-comments-details.md": set(),
    # Timeline and lessons inside block quotes, nested lists.
    "nested-lists-quotes.md": set(),
}


def test_every_labelled_document_has_labels() -> None:
    assert sorted(path.name for path in FIXTURES.glob("*.md")) == sorted(LABELS)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labelled_document(name: str) -> None:
    assert labelled_findings(FIXTURES / name, STRUCTURE_RULES) == LABELS[name]


# A mini post-mortem (the second audit's doc 09) is five lines long by its genre.
SHORT_BY_GENRE = {"mini-staging-dns.md"}


def test_labelled_documents_are_realistic_lengths() -> None:
    for path in FIXTURES.glob("*.md"):
        if path.name in SHORT_BY_GENRE:
            continue
        lines = path.read_bytes().decode("utf-8").splitlines()
        # The precision audit's terse documents are 26-39 lines, the shortest real notes we see.
        assert 25 <= len(lines) <= 150, path.name


def test_crlf_document_keeps_its_line_ends() -> None:
    data = (FIXTURES / "terse-disk-full-crlf.md").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
