"""Labelled publication documents: what a careful reviewer applying the guide reports for PM501.

Each document in ``fixtures/labelled/publication`` is written the way teams publish post-mortems (a
Jekyll post, a Zola post with a TOML ``path``, a wiki page named after the incident's day, a preliminary
report, front matter with both dates, CRLF). The labels were decided by reading each document against the
guide's 48 hours before running pmlint: the exact set of (code, line) a reviewer would keep.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from helpers import labelled_findings

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
}


def test_every_labelled_document_is_listed() -> None:
    assert {path.name for path in HERE.glob("*.md")} == set(LABELS)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_labelled_document(name: str) -> None:
    assert labelled_findings(HERE / name, CODES) == LABELS[name]
