"""The HTML dashboard of `pmlint report` (output/report_html.py), read back with html.parser.

A snapshot of a small report (``PMLINT_UPDATE_SNAPSHOTS=1`` rewrites it; then read the diff), the ledger
and the figures parsed back and compared with the report they came from, hostile strings escaped, no
URL but the ledger's links, a Content-Security-Policy that names the page's own style and script, and
the same bytes for the same report. The page in a real browser: tests/test_report_browser.py.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import os
import re
from pathlib import Path

import pytest
from report_html_samples import (
    IMG_TAG,
    LONG,
    QUOTES,
    SCRIPT_TAG,
    Page,
    empty_report,
    hostile_report,
    parse_page,
    realistic_report,
    small_report,
)

from pmlint.output.report_html import render

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "report.html"


def _page(report: dict) -> Page:
    return parse_page(render(report))


def test_snapshot_of_a_small_report() -> None:
    output = render(small_report())
    if os.environ.get("PMLINT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(output, encoding="utf-8", newline="")
    assert SNAPSHOT.is_file(), f"no snapshot {SNAPSHOT}; run with PMLINT_UPDATE_SNAPSHOTS=1, then review it"
    assert output == SNAPSHOT.read_text(encoding="utf-8"), "report.html differs from its snapshot"


def test_same_report_same_bytes() -> None:
    report = realistic_report()
    first = render(report)
    assert render(copy.deepcopy(report)) == first
    assert report == realistic_report()  # rendering changes nothing in the report


# -- the ledger and the figures, parsed back ----------------------------------------------------------


def test_ledger_has_one_row_per_item_with_its_cells() -> None:
    report = realistic_report()
    page = _page(report)
    assert page.head_rows["ledger"][0].texts() == [
        "ID", "Action", "Owner", "Due", "Status", "Days overdue", "Incident", "Age (days)", "Document", "Links"]
    rows = page.body_rows["ledger"]
    assert len(rows) == 40 == len(report["action_items"])
    for row, item in zip(rows, report["action_items"]):
        cells = row.texts()
        assert cells[0] == item["id"]
        assert cells[1] == item["text"]
        assert cells[2] == (", ".join(item["owners"]) or "none")
        assert cells[3] == (item["due_text"] or "none")
        assert cells[4] == item["status"]
        assert cells[6] == item["incident_date"]
        assert cells[7] == str(item["age_days"])
        assert cells[8] == f"{item['path']}:{item['line']}"
        assert row.cells[9].hrefs == item["links"]
        assert row.attrs["data-status"] == item["status"]
        assert row.attrs["data-overdue"] == ("true" if item["overdue"] else "false")
        assert (cells[5] != "") == item["overdue"]
        assert "hidden" not in row.attrs  # without JavaScript every row is shown


def test_ledger_cells_worked_out_by_hand() -> None:
    rows = {row.texts()[0]: row for row in _page(realistic_report()).body_rows["ledger"]}
    # Due 2026-03-01, as of 2026-12-06: 30 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 5 days.
    assert rows["AI-3"].texts()[5] == "280"
    assert rows["AI-3"].cells[5].attrs["data-sort"] == "280"
    assert rows["BILL-2"].texts()[5] == "5"
    # Done items are never overdue; an item due in the future is not; a vague due date sorts last.
    assert rows["AI-1"].texts()[5] == "" and rows["AI-1"].cells[5].attrs["data-sort"] == ""
    assert rows["BILL-1"].texts()[5] == ""
    generated = rows["pm-01a7c3-6"]
    assert generated.texts()[2:4] == ["none", "Q2"] and generated.cells[3].attrs["data-sort"] == ""
    assert rows["AI-14"].texts()[2] == "Sarah, Tom"
    # Status sorts open, in progress, done, not doing.
    assert [rows[key].cells[4].attrs["data-sort"] for key in ("AI-3", "AI-5", "AI-1", "PAY-3")] == ["0", "1", "2", "3"]


def test_key_figures_are_on_the_page() -> None:
    page = _page(realistic_report())
    assert page.figure("documents") == "12"
    assert page.figure("action-items") == "40"
    assert page.figure("overdue") == "11"  # counted by hand from the sample's 40 items
    assert page.figure("publication-median") == "38 h"
    assert page.figure("publication-p90") == "70 h"
    assert page.figure("repeat-rate") == "33%"
    assert "over the 48 h limit" in page.text("figure-publication-p90")
    assert "within the 48 h limit" in page.text("figure-publication-median")
    assert "1 file could not be read" in page.text("figure-documents")
    small = _page(small_report())
    assert small.figure("completion-rate") == "33%"
    assert "1 of 3 done" in small.text("figure-completion-rate")
    assert "50% of the 2 past their due date" in small.text("figure-completion-rate")
    assert small.text("figure-action-items").endswith("1 open, 1 in progress, 1 done")


def test_overdue_list_longest_overdue_first() -> None:
    rows = _page(realistic_report()).body_rows["overdue-table"]
    assert [(row.texts()[0], row.texts()[4]) for row in rows] == [
        ("AI-3", "280"), ("AI-5", "271"), ("AI-13", "219"), ("SRCH-1", "219"), ("DB-2", "97"), ("API-2", "96"),
        ("DB-3", "67"), ("DB-8", "66"), ("MAIL-1", "35"), ("MOB-2", "35"), ("BILL-2", "5")]


def test_owners_findings_chart_and_repeats() -> None:
    report = realistic_report()
    page = _page(report)
    owners = [row.texts() for row in page.body_rows["owners-table"]]
    assert owners == [[entry["owner"], str(entry["open"]), str(entry["overdue"]), str(entry["done"])]
                      for entry in report["metrics"]["by_owner"]]
    assert [row.texts() for row in page.body_rows["findings-table"]][:2] == [
        ["PM303", "action-due-date", "9"], ["PM302", "action-owner", "7"]]
    months = [row.texts() for row in page.body_rows["completion-table"]]
    assert months[0] == ["2026-01", "7", "4", "57%"]  # 7 items of January's two incidents, 4 done
    assert len(months) == 11
    bars = [attrs for tag, attrs in page.tags if tag == "rect" and attrs.get("class") in ("bar-done", "bar-open")]
    assert len(bars) == 21  # a done and a not-done part for each month but May, all done
    assert page.text("completion-title") == "Action items done per incident month"
    assert "11 months from 2026-01 to 2026-11: 19 of 40 action items done" in page.text("completion-desc")
    assert "service: auth: postmortems/2026-01-27-auth.md, postmortems/2026-03-15-auth.md" in page.text("repeat-groups")
    assert page.text("error-list") == "postmortems/draft-notes.md: invalid UTF-8 at byte 1,204"


def test_empty_report() -> None:
    page = _page(empty_report())
    assert page.body_rows["ledger"] == []
    assert page.text("ledger-none") == "No action items."
    assert "hidden" not in page.attrs_by_id["ledger-none"]
    for key in ("completion-rate", "publication-median", "publication-p90", "repeat-rate"):
        assert page.figure(key) == "n/a"
    assert page.figure("documents") == "0" and page.figure("overdue") == "0"
    assert "completion-chart" not in page.attrs_by_id
    assert "No action item has a known incident date." in page.text("section-completion")
    assert "error-list" not in page.attrs_by_id


def test_a_report_missing_keys_still_renders() -> None:
    # Keys may be added to the contract, never removed; an older or partial report shows what it has.
    page = _page({"as_of": "2026-01-01", "action_items": [{"id": "A", "text": "Do it", "status": "open"}]})
    assert page.body_rows["ledger"][0].texts()[:5] == ["A", "Do it", "none", "none", "open"]
    assert page.figure("completion-rate") == "n/a"


def test_numbers_that_are_not_numbers_are_unknown() -> None:
    report = small_report()
    report["metrics"]["completion"]["rate"] = "0.5"
    report["metrics"]["publication"]["median_hours"] = float("nan")
    report["metrics"]["publication"]["p90_hours"] = True
    report["metrics"]["overdue"] = None
    report["action_items"][0]["age_days"] = "47"
    page = _page(report)
    assert page.figure("completion-rate") == "n/a"
    assert page.figure("publication-median") == "n/a" and page.figure("publication-p90") == "n/a"
    assert page.figure("overdue") == "0"
    assert page.body_rows["ledger"][0].texts()[7] == ""


# -- safety ------------------------------------------------------------------------------------------


def test_hostile_strings_are_escaped_text() -> None:
    report = hostile_report()
    output = render(report)
    page = parse_page(output)
    assert [tag for tag, _ in page.tags].count("script") == 1
    assert not [tag for tag, _ in page.tags if tag in ("img", "h1") and tag != "h1"]
    assert [tag for tag, _ in page.tags].count("h1") == 1
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
    assert page.title == "Post-mortem action items as of 2026-05-01"
    first, second, third = page.body_rows["ledger"]
    assert first.texts()[0] == QUOTES
    assert first.texts()[1] == f"{SCRIPT_TAG} {IMG_TAG}"
    # Bidi overrides and terminal controls are shown, not obeyed.
    assert first.texts()[2] == "fix \\u202egnp.exe\\u202c now"
    assert second.texts()[2] == "\\x1b[31mred\\x1b[0m"
    assert "\u202e" not in output and "\x1b" not in output and "\u2028" not in output
    assert second.texts()[1] == LONG.strip()
    assert second.texts()[3] == "</td></tr></table><h1>forged</h1>"
    assert third.texts()[1] == "line one line two\\u2028</script><script>alert(1)</script>"
    assert page.text("error-list") == "fix \\u202egnp.exe\\u202c now: " + SCRIPT_TAG
    assert page.body_rows["owners-table"][0].texts()[0] == SCRIPT_TAG
    assert page.body_rows["findings-table"][0].texts()[1] == IMG_TAG


def test_file_names_that_are_not_utf8_and_nul_characters_are_shown_escaped() -> None:
    report = small_report()
    report["action_items"][0]["path"] = "pm/caf\udce9.md"  # byte 0xE9 of a Latin-1 file name
    report["action_items"][0]["text"] = "nul\x00here"
    output = render(report)
    output.encode("utf-8")  # no lone surrogate left to fail the write
    first = parse_page(output).body_rows["ledger"][0].texts()
    assert first[8] == "pm/caf\\xe9.md:40" and first[1] == "nul\\x00here"


def test_only_http_links_become_links() -> None:
    page = _page(hostile_report())
    first = page.body_rows["ledger"][0]
    assert first.cells[9].hrefs == ["https://tracker.example/a?b=\"c\"&d=<e>"]
    assert "javascript:document.title='pwned'" in first.texts()[9]
    assert "data:text/html,<script>alert(1)</script>" in first.texts()[9]


@pytest.mark.parametrize("make", [small_report, realistic_report, hostile_report, empty_report])
def test_no_url_but_the_ledgers_links(make) -> None:
    report = make()
    output = render(report)
    page = parse_page(output)
    allowed = {url for item in report["action_items"] for url in item["links"] if url.startswith("https://")}
    for tag, attrs in page.tags:
        for name in ("src", "srcset", "action", "formaction", "data", "poster", "xlink:href"):
            assert name not in attrs, (tag, attrs)
        href = attrs.get("href")
        if href is None or tag == "link" and href == "data:,":
            continue
        if href.startswith("#"):
            continue
        assert tag == "a" and href in allowed, (tag, attrs)
        assert attrs.get("rel") == "noopener noreferrer"
    # No URL in the style or the script either, and nothing they could load.
    for text in page.styles + page.scripts:
        assert not re.search(r"https?:|//[a-z]|@import|url\((?!#)", text, re.IGNORECASE), text
    # Each link once (its text leaves out the scheme), and the chart's SVG namespace, which is not fetched.
    chart = 1 if report["metrics"]["completion_over_time"] else 0
    assert len(re.findall(r"https?://", output)) == len(allowed) + chart
    assert output.count("http://www.w3.org/2000/svg") == chart


def test_content_security_policy_allows_only_the_pages_own_style_and_script() -> None:
    page = _page(small_report())
    policies = [attrs["content"] for tag, attrs in page.tags
                if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(policies) == 1
    directives = dict(part.strip().split(" ", 1) for part in policies[0].split(";"))
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in policies[0] and "http" not in policies[0]

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"

    assert page.styles and directives["style-src"] == " ".join(digest(style) for style in page.styles)
    assert len(page.scripts) == 1 and directives["script-src"] == digest(page.scripts[0])
    assert directives["base-uri"] == "'none'" and directives["form-action"] == "'none'"


def test_accessible_structure() -> None:
    output = render(realistic_report())
    page = parse_page(output)
    assert output.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    tags = [tag for tag, _ in page.tags]
    assert tags.count("h1") == 1 and tags.count("h2") >= 8
    assert tags.count("caption") == tags.count("table")
    for tag, attrs in page.tags:
        if tag == "th":
            assert attrs.get("scope") in ("col", "row"), attrs
        if tag in ("input", "select"):
            assert any(t == "label" and a.get("for") == attrs["id"] for t, a in page.tags), attrs
    svg = page.attrs_by_id["completion-chart"]
    assert svg["role"] == "img" and svg["aria-labelledby"] == "completion-title completion-desc"
    assert "prefers-color-scheme: dark" in page.styles[0] and "@media print" in page.styles[0]
    # The filter controls only work with the script, which shows them.
    assert "hidden" in page.attrs_by_id["ledger-controls"]
    # Overdue is said in words and numbers, not only in red.
    assert "past the due date and not done" in page.text("figure-overdue")
