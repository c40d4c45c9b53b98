"""The unsafe PM101 fix that converts a timeline declared in a local zone to UTC, applied to text."""
from __future__ import annotations

from helpers import lint_text

from pmlint.edits import apply_fixes


def fixed(text: str) -> str | None:
    """``text`` with the PM101 fix applied, or None when PM101 offers no fix."""
    fixes = [finding.fix for finding in lint_text(text, select=("PM101",)) if finding.fix is not None]
    if not fixes:
        return None
    assert all(fix.applicability == "unsafe" for fix in fixes)
    result, applied = apply_fixes(text.encode("utf-8"), fixes)
    assert applied == len(fixes)
    return result.decode("utf-8")


def test_a_cet_timeline_becomes_utc_with_its_declaration() -> None:
    text = ("## Timeline\n\nAll times in CET.\n\n"
            "- 2026-01-05 10:00 Alerts fire.\n- 10:25 Rollback starts.\n- 11:40 Error rates back to normal.\n")
    assert fixed(text) == ("## Timeline\n\nAll times in UTC.\n\n"
                           "- 2026-01-05 09:00 Alerts fire.\n- 09:25 Rollback starts.\n- 10:40 Error rates back to normal.\n")
    assert lint_text(fixed(text) or "", select=("PM101", "PM102")) == []


def test_summer_dates_convert_through_the_iana_zone() -> None:
    # "PST" on 2 July is the Pacific daylight clock: UTC-7, so 10:00 is 17:00 UTC (not 18:00).
    text = "## Timeline (all times PST)\n\n- 2026-07-02 10:00 Alerts fire.\n- 10:45 Fixed.\n"
    assert fixed(text) == "## Timeline (all times UTC)\n\n- 2026-07-02 17:00 Alerts fire.\n- 17:45 Fixed.\n"


def test_dates_roll_over_midnight() -> None:
    # 00:30 CET on 4 December is 23:30 UTC on 3 December; 01:00 CET is midnight UTC on the 4th.
    text = ("## Timeline\n\n| Date and time (CET) | Event |\n|---|---|\n"
            "| 2019-12-04 00:30 | Nodes deleted. |\n| 2019-12-04 01:00 | Nodes back. |\n")
    assert fixed(text) == ("## Timeline\n\n| Date and time (UTC) | Event |\n|---|---|\n"
                           "| 2019-12-03 23:30 | Nodes deleted. |\n| 2019-12-04 00:00 | Nodes back. |\n")


def test_a_carried_date_that_rolls_over_is_written_out() -> None:
    # 18:00 PST on 5 January is 02:00 UTC on the 6th, after 23:00: read as the next day without help.
    text = "## Timeline (PST)\n\n- 2026-01-05 15:00 Alerts fire.\n- 18:00 Fixed.\n"
    result = fixed(text)
    assert result == "## Timeline (UTC)\n\n- 2026-01-05 23:00 Alerts fire.\n- 02:00 Fixed.\n"
    assert lint_text(result, select=("PM101", "PM102")) == []
    # 22:30 PST is 06:30 UTC on the 6th: a bare 06:30 after 23:00 would read as the 5th, so the date is written.
    text = "## Timeline (PST)\n\n- 2026-01-05 15:00 Alerts fire.\n- 22:30 Fixed.\n"
    result = fixed(text)
    assert result == "## Timeline (UTC)\n\n- 2026-01-05 23:00 Alerts fire.\n- 2026-01-06 06:30 Fixed.\n"
    assert lint_text(result, select=("PM101", "PM102")) == []


def test_date_headings_and_zones_on_entries_are_rewritten() -> None:
    text = ("## Timeline\n\n"
            "### 2026-01-05 (all times CET)\n\n- 10:00 CET Alerts fire.\n\n"
            "### 2026-01-06 (all times CET)\n\n- 09:00 Fixed.\n")
    assert fixed(text) == ("## Timeline\n\n"
                           "### 2026-01-05 (all times UTC)\n\n- 09:00 UTC Alerts fire.\n\n"
                           "### 2026-01-06 (all times UTC)\n\n- 08:00 Fixed.\n")


def test_a_range_converts_both_ends() -> None:
    text = "## Timeline\n\nAll times in CET\n\n### 2026-01-05 12:35\n\nDeploy.\n\n### ~13:30-13:45\n\nLaunches fail.\n"
    assert fixed(text) == ("## Timeline\n\nAll times in UTC\n\n### 2026-01-05 11:35\n\nDeploy.\n\n"
                           "### ~12:30-12:45\n\nLaunches fail.\n")


def test_no_fix_without_dates_for_a_zone_with_daylight_saving() -> None:
    assert fixed("## Timeline (PST)\n\n- 10:00 Alerts fire.\n- 10:45 Fixed.\n") is None


def test_no_fix_when_an_entry_cannot_be_read() -> None:
    assert fixed("## Timeline (PST)\n\n- 2026-01-05 10:00 Alerts fire.\n- 13:55 PM Fixed.\n") is None


def test_no_fix_when_the_timeline_prose_mentions_other_times() -> None:
    # "around 09:40" would be read as UTC once the declaration says UTC.
    text = "## Timeline (CET)\n\n- 2026-01-05 10:00 Alerts fire; the errors began around 09:40.\n- 10:45 Fixed.\n"
    assert fixed(text) is None


def test_no_fix_in_the_repeated_hour_of_a_clock_change() -> None:
    # 01:30 on 1 November 2026 happens twice in Los Angeles.
    assert fixed("## Timeline (Pacific time)\n\n- 2026-11-01 01:30 Alerts fire.\n- 2026-11-01 03:00 Fixed.\n") is None


def test_no_fix_when_a_date_in_another_format_would_change() -> None:
    # "Jan 5" would have to become "Jan 6": such dates are not rewritten.
    assert fixed("## Timeline (PST)\n\n- Jan 5 2026, 18:00 Alerts fire.\n") is None


def test_a_fixed_offset_zone_converts_without_a_date() -> None:
    # JST has no daylight saving: a time without a date still converts; the date heading stays.
    text = "## Timeline (JST)\n\n### 2026-01-05\n\n- 10:00 Alerts fire.\n- 10:30 Fixed.\n"
    assert fixed(text) == "## Timeline (UTC)\n\n### 2026-01-05\n\n- 01:00 Alerts fire.\n- 01:30 Fixed.\n"


def test_a_bracketed_second_zone_in_the_declaration_is_dropped() -> None:
    # "All times in UTC (GMT+1)" would contradict itself: the bracketed restatement goes.
    text = "## Timeline\n\nAll times in CET (GMT+1)\n\n- 2026-01-05 10:00 Alerts fire.\n"
    assert fixed(text) == "## Timeline\n\nAll times in UTC\n\n- 2026-01-05 09:00 Alerts fire.\n"
    text = "## Timeline\n\nAll times in Central European Time (CET).\n\n- 2026-01-05 10:00 Alerts fire.\n"
    assert fixed(text) == "## Timeline\n\nAll times in UTC.\n\n- 2026-01-05 09:00 Alerts fire.\n"


def test_no_fix_when_the_declaration_names_a_second_zone_unbracketed() -> None:
    assert fixed("## Timeline\n\nAll times in CET, i.e. GMT+1\n\n- 2026-01-05 10:00 Alerts fire.\n") is None


def test_a_zone_written_on_the_entries_converts_too() -> None:
    # No declaration: the first entry's "PST" carries to the bare times below; all become UTC.
    text = "## Timeline\n\n### 2026-01-05 16:22 PST\n\nOut of memory.\n\n### 16:59 PST\n\nRestarted.\n\n### 17:10\n\nFine.\n"
    assert fixed(text) == ("## Timeline\n\n### 2026-01-06 00:22 UTC\n\nOut of memory.\n\n### 00:59 UTC\n\nRestarted.\n\n"
                           "### 01:10\n\nFine.\n")
