"""Labelled timeline documents: what a careful reviewer applying the guide reports for PM101-PM103.

Each document in ``fixtures/labelled/timeline`` is a post-mortem written the way teams write them
(blog posts, wiki tables, SRE docs, status-page copies, exploit reports, terse notes, CRLF and front
matter). The labels were decided by reading each document against the guide before running pmlint:
the exact set of (code, line) a reviewer would keep for the timeline rules, nothing else.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import labelled_findings

HERE = Path(__file__).parent / "fixtures" / "labelled" / "timeline"
CODES = ("PM101", "PM102", "PM103")

LABELS: dict[str, set[tuple[str, int]]] = {
    # Untitled opening summary, bold times under "All times below are UTC.", crossing midnight,
    # going on to the status page, the next morning and a review meeting two days later.
    "blog-search-index-good.md": set(),
    # Table header "Time (PST)" on a February date: one finding at the header. The summary says the
    # incident lasted 45 minutes; the timeline has impact from 09:15 to 11:20.
    "wiki-payments-pst-table.md": {("PM101", 35), ("PM103", 13)},
    # ISO 8601 with Z, timeline at the end; one entry placed late with a note saying it was earlier.
    "sre-dns-resolver-good.md": set(),
    # "All times are CET." on a July date (the clock was CEST): one finding at the declaration.
    "pagerduty-login-cet-summer.md": {("PM101", 12)},
    # Date headings without a year ('### March 2'), year from the title, a disclosure days later.
    "security-token-leak-good.md": set(),
    # No zone anywhere: one finding at the first entry; '09:34 fix merged' then '09:31 fix deployed'.
    "sre-note-cache-nozone.md": {("PM101", 11), ("PM102", 17)},
    # Front matter, block numbers, times with seconds, follow-ups two days later.
    "defi-vault-exploit-good.md": set(),
    # CRLF, 12-hour times under 'Timeline (UTC)', date headings without a year crossing midnight.
    "crlf-checkout-12h-good.md": set(),
    # Status-page updates, each written in PDT, no declaration: one finding at the first one.
    "statuspage-uploads-pdt.md": {("PM101", 23)},
    # A heading per timestamp under 'Timeline (all times PST)' on a June date, and '13:55 PM'.
    "heading-per-time-pst-june.md": {("PM101", 10), ("PM101", 27)},
    # Times in code spans under 'Timeline (UTC)', one entry in CET (14:20 UTC, in its place), and a
    # summary saying 20 minutes for the 14:05-15:10 window it states.
    "codespan-api-mixed-zone.md": {("PM101", 26), ("PM103", 6)},
    # UTC entries with the local time in brackets, a range, a relative 'T+2 days' follow-up, a
    # Duration field with its window.
    "dual-zone-ranges-good.md": set(),
}


def findings(name: str) -> set[tuple[str, int]]:
    return labelled_findings(HERE / name, CODES)


def test_every_document_is_labelled() -> None:
    assert sorted(p.name for p in HERE.glob("*.md")) == sorted(LABELS)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labelled_document(name: str) -> None:
    assert findings(name) == LABELS[name]
