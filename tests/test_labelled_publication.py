"""Labelled publication documents: what a careful reviewer applying the guide reports for PM501.

Each document in ``fixtures/labelled/publication`` is written the way teams publish post-mortems (a
Jekyll post, a Zola post with a TOML ``path``, a wiki page named after the incident's day, a preliminary
report, front matter with both dates, CRLF). The labels were decided by reading each document against the
guide's 48 hours before running pmlint: the exact set of (code, line) a reviewer would keep.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ENGINE

from pmlint.config.loading import load_config
from pmlint.reading.source import decode
from pmlint.ruledefs import load_rules

HERE = Path(__file__).parent / "fixtures" / "labelled" / "publication"
CODES = ("PM501",)

LABELS: dict[str, set[tuple[str, int]]] = {
    # Jekyll post dated 2026-03-20 09:00 +0000; the timeline's recovery ("back to normal; incident
    # resolved") is 2026-03-16 09:20 UTC, nearly four days earlier. Reported at the front matter date.
    "2026-03-20-search-outage.md": {("PM501", 3)},
    # Named for the day after the incident; recovery at 22:10 UTC the evening before: within hours.
    "2026-03-16-cache-eviction-good.md": set(),
    # Published while recovery was still under way (a preliminary report): not late.
    "preliminary-report-good.md": set(),
    # Zola post whose path says 2026/04/02; uploads restored 2026-03-27 12:10 PST (PDT, 19:10 UTC).
    "toml-blog-late.md": {("PM501", 2)},
    # CRLF; resolved 18:00 CET (17:00 UTC) on the 10th, published 12:00 UTC on the 13th: 67 hours.
    "crlf-front-matter-resolved-late.md": {("PM501", 4)},
    # A wiki page named after the incident's first day: its name is not a late publication.
    "2026-03-01-db-failover-good.md": set(),
    # No publication date anywhere: nothing to measure.
    "no-publication-date-good.md": set(),
    # Precision audit (timeline) docs 04, 05, 08 and the blog post (their PM101-PM103 labels are in
    # test_labelled_timeline.py).
    # 'published: 2026-05-12'; recovery at the '2026-05-04T03:45:00Z' heading (the '+08:00' heading
    # and "partially recovered" before it are not the recovery): 8 days.
    "heading-per-iso-timestamp-late.md": {("PM501", 3)},
    # 'date: 2026-04-09'; resolved 2026-04-01 19:35 UTC under a bare-time date heading: about 7 days.
    "date-headings-bare-times-late.md": {("PM501", 2)},
    # 'date: 2026-08-25'; the 'resolved: 2026-08-14 18:30' front matter key: 10 days.
    "multiday-resolved-front-matter-late.md": {("PM501", 3)},
    # Publication date only in the path (2026/09/30, kept as the fixture's directories); the table's
    # 'Sep 22 00:40' recovery takes its year from the path: 8 days. Reported at the title.
    "2026/09/30/cdn-purge.md": {("PM501", 1)},
    # Second precision audit (genres 01, 02; Markdown forms 01).
    # 'date: 2026-05-14'; resolved 2026-05-12 12:12: under 48 hours.
    "token-leak-disclosure.md": set(),
    # 'date: 2026-08-27'; 'resolved: 2026-08-21 16:40': 6 days.
    "data-loss-restore.md": {("PM501", 3)},
    # BOM + CRLF, 'date: 2026-03-05', a day after the incident.
    "crlf-bom-yaml-clean.md": set(),
}


def findings(name: str) -> set[tuple[str, int]]:
    # Linted under its path relative to HERE, so that a date in its directories is read as it is in a site.
    config = load_config(None, load_rules())
    config.cli_select = frozenset(CODES)
    return {(f.code, f.span.line) for f in ENGINE.lint(decode(name, (HERE / name).read_bytes()), config)}


def test_every_labelled_document_is_listed() -> None:
    assert {path.relative_to(HERE).as_posix() for path in HERE.rglob("*.md")} == set(LABELS)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labelled_document(name: str) -> None:
    assert findings(name) == LABELS[name]


def test_bom_crlf_document_keeps_its_bytes() -> None:
    data = (HERE / "crlf-bom-yaml-clean.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n")
