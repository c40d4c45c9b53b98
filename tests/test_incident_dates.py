"""Incident dates: the incident's day, its resolution and its publication, each from the first place stating it.

Every document below is written for the test; every expectation (instants in UTC, 1-based spans with an
exclusive end, the source named) was worked out by hand from the text.
"""
from __future__ import annotations

import datetime as dt

import pytest

from pmlint.config.loading import load_config
from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.incident_dates import (
    DatedFact,
    IncidentDates,
    incident_dates,
    path_date,
    read_date_value,
)
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

CATALOG = load_config(None, load_rules()).catalog
UTC = dt.timezone.utc


def dates(text: str, path: str | None = "pm.md") -> IncidentDates:
    return incident_dates(Document.parse(Source.from_text(path or "-", text), CATALOG), path)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)


TIMELINE = """# Login outage

## Timeline (all times UTC)

- 2026-03-15 13:00 Errors start; users cannot log in
- 2026-03-15 13:40 Traffic partially restored
- 2026-03-15 14:05 Service restored
- 2026-03-16 10:00 Status page updated: resolved
"""


# -- resolution ------------------------------------------------------------------------------------

def test_resolution_from_the_timelines_recovery_entry() -> None:
    found = dates(TIMELINE)
    # Line 7 is the first full recovery: line 6 is partial, line 8 a status-page update.
    assert found.resolved == DatedFact(utc(2026, 3, 15, 14, 5), "the timeline's recovery entry (line 7)",
                                       Span(7, 3, 7, 19), True)


def test_resolution_from_front_matter_beats_the_timeline() -> None:
    text = "---\nresolved_at: 2026-03-15T16:30:00+02:00\n---\n" + TIMELINE
    found = dates(text)
    # 16:30 at UTC+2 is 14:30 UTC; the value starts after "resolved_at: " (13 characters).
    assert found.resolved == DatedFact(utc(2026, 3, 15, 14, 30), "front matter 'resolved_at'", Span(2, 14, 2, 39), True)


@pytest.mark.parametrize(("key", "value", "expected", "has_time"), [
    ("resolved", "2026-03-15", utc(2026, 3, 15), False),  # a YAML date: 00:00 UTC
    ("ended_at", "'2026-01-15 14:05 PST'", utc(2026, 1, 15, 22, 5), True),  # PST in January is UTC-8
    ("endedAt", "\"2026-03-15 14:05\"", utc(2026, 3, 15, 14, 5), True),  # no zone: UTC
    ("end", "2026-03-15 14:05:00", utc(2026, 3, 15, 14, 5), True),  # a YAML naive datetime: UTC
    ("mitigated", "March 15, 2026", utc(2026, 3, 15), False),
    ("Resolved", "Sun, 15 Mar 2026 09:00 UTC", utc(2026, 3, 15, 9, 0), True),
])
def test_resolution_front_matter_keys_and_forms(key: str, value: str, expected: dt.datetime, has_time: bool) -> None:
    found = dates(f"---\n{key}: {value}\n---\n# Outage\n")
    assert found.resolved is not None
    assert (found.resolved.when, found.resolved.source, found.resolved.has_time) == (expected, f"front matter '{key}'", has_time)
    assert found.resolved.when.tzinfo is not None


def test_resolved_is_preferred_to_mitigated() -> None:
    found = dates("---\nmitigated: 2026-03-15\nresolved: 2026-03-16\n---\n# Outage\n")
    assert found.resolved is not None and found.resolved.source == "front matter 'resolved'"


@pytest.mark.parametrize("value", [
    "TBD", "'03/10/2021'",  # March or October: not guessed
    "'2026-02-30'", "'2026-03-15 (draft)'", "42", "[2026-03-15, 2026-03-16]", "'the day after launch'",
    "'" + "2026-03-15 " * 20 + "'",
])
def test_unreadable_front_matter_values_are_ignored(value: str) -> None:
    found = dates(f"---\nresolved: {value}\n---\n" + TIMELINE)
    # Three lines of front matter move the recovery entry (line 7 of TIMELINE) to line 10.
    assert found.resolved is not None and found.resolved.source == "the timeline's recovery entry (line 10)"


def test_broken_front_matter_is_ignored() -> None:
    found = dates("---\nresolved: [2026-03-15\n---\n" + TIMELINE, path=None)
    assert found.resolved is not None and found.resolved.source.startswith("the timeline's")
    assert found.published is None


def test_timeline_in_a_declared_zone_converts_to_utc() -> None:
    text = "# Outage\n\n## Timeline (all times PST)\n\n- 2026-01-15 13:00 Errors start\n- 2026-01-15 17:30 Service restored\n"
    found = dates(text)
    assert found.resolved == DatedFact(utc(2026, 1, 16, 1, 30), "the timeline's recovery entry (line 6)",
                                       Span(6, 3, 6, 19), True)


def test_timeline_without_a_date_gives_no_resolution() -> None:
    text = "# Outage\n\n## Timeline (UTC)\n\n- 13:00 Errors start\n- 14:05 Service restored\n"
    assert dates(text).resolved is None


def test_timeline_without_a_recovery_gives_no_resolution() -> None:
    text = "# Outage\n\n## Timeline (UTC)\n\n- 2026-03-15 13:00 Errors start\n- 2026-03-15 14:05 Rollback started\n"
    assert dates(text).resolved is None


# -- publication -----------------------------------------------------------------------------------

def test_publication_from_front_matter() -> None:
    found = dates("---\ntitle: Outage\npublished: 2026-03-18T09:00:00Z\ndate: 2026-03-15\n---\n# Outage\n",
                  path="2026-03-20-outage.md")
    assert found.published == DatedFact(utc(2026, 3, 18, 9), "front matter 'published'", Span(3, 12, 3, 32), True)


def test_publication_date_key_beats_the_path() -> None:
    found = dates("---\ndate: 2026-03-18 # first draft\n---\n# Outage\n", path="posts/2026/03/20/outage.md")
    assert found.published == DatedFact(utc(2026, 3, 18), "front matter 'date'", Span(2, 7, 2, 17), False)


def test_publication_from_a_toml_address() -> None:
    text = '+++\npath = "inside-rust/2020/02/26/report"\ntitle = "Report"\n\n[extra]\ndate = 2020-01-01\n+++\n# Report\n'
    found = dates(text, path="content/report.md")
    # The key inside [extra] is not the page's date.
    assert found.published == DatedFact(utc(2020, 2, 26), "front matter 'path'", Span(2, 9, 2, 38), False)


def test_toml_datetime() -> None:
    found = dates("+++\ndate = 2026-03-18T09:30:00-05:00\n+++\n# Report\n")
    assert found.published == DatedFact(utc(2026, 3, 18, 14, 30), "front matter 'date'", Span(2, 8, 2, 33), True)


@pytest.mark.parametrize(("path", "expected"), [
    ("postmortems/2020/02/26/db.md", utc(2020, 2, 26)),
    ("_posts/2026-03-15-auth-outage.md", utc(2026, 3, 15)),
    ("C:\\docs\\2026\\03\\15\\auth.md", utc(2026, 3, 15)),
    ("2025/2026-03-15-auth.md", utc(2026, 3, 15)),  # the deepest date
    ("archive/2019-12-31/2026-03-15-auth.md", utc(2026, 3, 15)),
    ("2026-13-45-auth.md", None), ("2026-02-30-auth.md", None), ("20260315-auth.md", None),
    ("2026-03/15-auth.md", None),  # two separators: not one date
    ("v12026-03-150.md", None),
    ("", None),
])
def test_path_dates(path: str, expected: dt.datetime | None) -> None:
    assert path_date(path) == expected


def test_publication_from_the_path_when_nothing_else_says() -> None:
    found = dates("# Outage\n", path="docs/2026-03-15-outage.md")
    assert found.published == DatedFact(utc(2026, 3, 15), "the file's path", None, False)
    assert found.incident == dt.date(2026, 3, 15)


@pytest.mark.parametrize("path", [
    "x" * 100_000 + "/2026-03-15-a.md",
    "evil\x1b[31m/2026-03-15-\n$(rm -rf ~)`reboot`.md",
    "../../../etc/2026/03/15/passwd",
    "-rf 2026-03-15.md",
])
def test_hostile_paths_are_only_read(path: str) -> None:
    found = dates("# Outage\n", path=path)
    assert found.published is not None and found.published.when == utc(2026, 3, 15)


def test_no_path_and_no_dates() -> None:
    found = dates("# Outage\n\nSomething broke.\n", path=None)
    assert found == IncidentDates(None, None, None)


# -- the incident's day ----------------------------------------------------------------------------

def test_incident_date_preference() -> None:
    front = "---\ndate: 2026-03-18\nincident_date: 2026-03-15\n---\n# Outage\n"
    assert dates(front, path="2026-03-20-x.md").incident == dt.date(2026, 3, 15)
    assert dates("---\ndate: 2026-03-18\n---\n# Outage\n", path="2026-03-20-x.md").incident == dt.date(2026, 3, 18)
    assert dates("# Outage\n\n**Date:** March 14, 2026\n", path="2026-03-20-x.md").incident == dt.date(2026, 3, 14)
    assert dates("# Outage\n\n**Date:** 03/10/2021\n", path="2026-03-20-x.md").incident == dt.date(2026, 3, 20)
    assert dates(TIMELINE, path="notes/outage.md").incident == dt.date(2026, 3, 15)


# -- line ends, caching ----------------------------------------------------------------------------

def test_crlf_positions() -> None:
    text = "---\r\ntitle: Outage\r\nresolved: \"2026-03-15 14:05 UTC\"\r\n---\r\n" + TIMELINE.replace("\n", "\r\n")
    found = dates(text)
    assert found.resolved == DatedFact(utc(2026, 3, 15, 14, 5), "front matter 'resolved'", Span(3, 12, 3, 32), True)
    timeline_only = dates(TIMELINE.replace("\n", "\r\n"))
    assert timeline_only.resolved is not None and timeline_only.resolved.span == Span(7, 3, 7, 19)


def test_read_once_per_document() -> None:
    doc = Document.parse(Source.from_text("pm.md", TIMELINE), CATALOG)
    assert incident_dates(doc, "pm.md") is incident_dates(doc, "pm.md")
    assert incident_dates(doc, "2026-03-20-pm.md").published is not None
    assert incident_dates(doc, "pm.md").published is None


def test_read_date_value_of_an_aware_datetime_far_away() -> None:
    assert read_date_value(dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))) is None
    assert read_date_value(None) is None
    assert read_date_value(dt.time(14, 5)) is None


def test_a_recovery_entry_that_names_the_incident_does_not_start_the_impact() -> None:
    # "incident" is an impact-start word, but line 6 says the impact ended: the window runs from line 5.
    text = "# Search outage\n\n## Timeline (UTC)\n\n- 2026-03-16 06:10 The rebuild switches the alias\n" \
           "- 2026-03-16 09:20 Search is back to normal; incident resolved\n- 2026-03-18 15:00 Review held\n"
    found = dates(text)
    assert found.resolved == DatedFact(utc(2026, 3, 16, 9, 20), "the timeline's recovery entry (line 6)",
                                       Span(6, 3, 6, 19), True)
