"""The HTML dashboard in a real browser: headless Chromium renders it, runs its script and takes a screenshot.

``--dump-dom`` prints the page after its script ran: the script marks the ledger ``data-ready`` when it
has set up sorting and filtering, and a URL fragment (``#sort=due&order=desc&status=overdue&q=words``)
opens the ledger sorted and filtered through the same header buttons a person clicks. The page collects
``window.onerror`` and ``console.error`` into ``#script-errors``, which the dump shows, and Chromium's own
log (``--enable-logging=stderr``) is searched for uncaught errors and Content-Security-Policy refusals.

Without Chromium the tests are skipped, unless ``CI=true``: there a missing browser is a failure
(``.ci/run`` installs Debian's ``chromium`` package). ``PMLINT_UPDATE_SCREENSHOT=1`` rewrites the README's
screenshot, docs/images/report-dashboard.png.
"""
from __future__ import annotations

import os
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from report_html_samples import (
    Page,
    hostile_report,
    parse_page,
    realistic_report,
    small_report,
)

from pmlint.output.report_html import render

# Each test that opens the page starts a browser (about a second): marked slow.
slow = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
README_SCREENSHOT = ROOT / "docs" / "images" / "report-dashboard.png"


def find_chromium() -> str:
    """The browser's path; a skip without one, or a failure when ``CI=true`` (CI must run these tests)."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but no chromium on PATH: .ci/run installs Debian's chromium package when it runs as root")
    pytest.skip("chromium is not installed (apt-get install chromium); CI=true makes this a failure")


@pytest.fixture(scope="module")
def chromium() -> str:
    return find_chromium()


def test_a_missing_browser_is_skipped_or_on_ci_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        find_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true but no chromium"):
        find_chromium()
    monkeypatch.setattr(shutil, "which", lambda name: "/opt/bin/chromium-browser" if name == "chromium-browser" else None)
    assert find_chromium() == "/opt/bin/chromium-browser"


Browser = Callable[..., tuple[str, str]]


@pytest.fixture
def browse(chromium: str, tmp_path: Path) -> Browser:
    """Open a report's page in headless Chromium with extra arguments; the output and Chromium's log."""
    runs = iter(range(1000))

    def run(report: dict, *arguments: str, fragment: str = "") -> tuple[str, str]:
        number = next(runs)
        page = tmp_path / f"report-{number}.html"
        page.write_text(render(report), encoding="utf-8")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                   "--no-first-run", "--disable-extensions", "--disable-background-networking",
                   f"--user-data-dir={tmp_path / f'profile-{number}'}", *arguments, page.as_uri() + fragment]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "HOME": str(tmp_path)})
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout, done.stderr

    return run


def _dom(browse: Browser, report: dict, fragment: str = "") -> Page:
    dom, log = browse(report, "--dump-dom", fragment=fragment)
    _assert_no_errors(log)
    page = parse_page(dom)
    assert page.attrs_by_id["ledger"].get("data-ready") == "true", "the script did not finish setting up the ledger"
    assert page.attrs_by_id["script-errors"]["data-count"] == "0", page.text("script-errors")
    return page


def _assert_no_errors(log: str) -> None:
    console = [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert not [line for line in console if "Uncaught" in line or "Refused to" in line or "Error" in line], console
    assert "Content Security Policy" not in log


def _shown_ids(page: Page) -> list[str]:
    return [row.texts()[0] for row in page.body_rows["ledger"] if "hidden" not in row.attrs]


@slow
def test_key_figures_are_rendered_and_the_console_is_clean(browse: Browser) -> None:
    page = _dom(browse, realistic_report())
    assert page.figure("documents") == "12"
    assert page.figure("action-items") == "40"
    assert page.figure("overdue") == "11"
    assert page.figure("publication-median") == "38 h"
    assert page.figure("publication-p90") == "70 h"
    assert page.figure("repeat-rate") == "33%"
    assert page.text("ledger-count") == "Showing 40 of 40 action items."
    assert "hidden" not in page.attrs_by_id["ledger-controls"]
    assert _shown_ids(page)[:3] == ["AI-1", "AI-2", "AI-3"]  # the report's order until a heading is clicked
    # The script turned each sortable heading into a button, and left the links column alone.
    buttons = [attrs for tag, attrs in page.tags if tag == "button" and attrs.get("type") == "button"]
    assert len(buttons) == 9


@slow
def test_sort_by_due_date_unknown_last_either_way(browse: Browser) -> None:
    page = _dom(browse, small_report(), "#sort=due")
    assert _shown_ids(page) == ["AI-1", "AI-2", "pm-3f2a9c-1"]
    assert page.attrs_by_id["ledger"]["data-sorted-by"] == "due ascending"
    page = _dom(browse, small_report(), "#sort=due&order=desc")
    assert _shown_ids(page) == ["AI-2", "AI-1", "pm-3f2a9c-1"]  # "Q3" is no date: last
    headers = {attrs.get("data-key"): attrs for tag, attrs in page.tags if tag == "th" and attrs.get("data-key")}
    assert headers["due"]["aria-sort"] == "descending" and "aria-sort" not in headers["id"]


@slow
def test_sort_by_id_is_numeric_aware(browse: Browser) -> None:
    page = _dom(browse, realistic_report(), "#sort=id")
    assert _shown_ids(page)[:9] == ["AI-1", "AI-2", "AI-3", "AI-4", "AI-5", "AI-7", "AI-12", "AI-13", "AI-14"]


@slow
def test_filter_overdue_sorted_by_days_overdue(browse: Browser) -> None:
    page = _dom(browse, realistic_report(), "#status=overdue&sort=overdue&order=desc")
    # Worked out by hand from the sample: the 11 items past due as of 2026-12-06, ties in report order.
    assert _shown_ids(page) == ["AI-3", "AI-5", "AI-13", "SRCH-1", "DB-2", "API-2", "DB-3", "DB-8", "MAIL-1",
                                "MOB-2", "BILL-2"]
    assert page.text("ledger-count") == "Showing 11 of 40 action items."
    assert page.attrs_by_id["ledger"]["data-visible"] == "11"
    # Every row is still in the page, only hidden.
    assert len(page.body_rows["ledger"]) == 40


@slow
def test_filter_by_text_and_status(browse: Browser) -> None:
    page = _dom(browse, realistic_report(), "#q=database")
    assert _shown_ids(page) == ["AI-12", "pm-06a7c3-22"]
    page = _dom(browse, realistic_report(), "#q=marco%20failover&status=open")
    assert _shown_ids(page) == ["DB-2"]
    page = _dom(browse, realistic_report(), "#q=no-such-words")
    assert _shown_ids(page) == [] and "hidden" not in page.attrs_by_id["ledger-none"]
    assert page.text("ledger-count") == "Showing 0 of 40 action items."


@slow
def test_hostile_strings_run_nothing(browse: Browser) -> None:
    page = _dom(browse, hostile_report())
    assert page.title == "Post-mortem action items as of 2026-05-01"  # no injected script set it
    assert [tag for tag, _ in page.tags].count("script") == 1
    assert page.text("ledger-count") == "Showing 3 of 3 action items."


@slow
def test_screenshot(browse: Browser, tmp_path: Path) -> None:
    shot = tmp_path / "dashboard.png"
    _, log = browse(realistic_report(), f"--screenshot={shot}", "--window-size=1280,2000",
                    "--hide-scrollbars", "--force-device-scale-factor=1")
    _assert_no_errors(log)
    width, height = _png_size(shot)
    assert (width, height) == (1280, 2000)
    assert shot.stat().st_size > 50_000  # text, boxes and a chart, not a blank page
    if os.environ.get("PMLINT_UPDATE_SCREENSHOT") == "1":
        # The README's picture: the top of the page (figures, chart, owners), small enough to keep in git.
        readme = tmp_path / "readme.png"
        browse(realistic_report(), f"--screenshot={readme}", "--window-size=1100,1200", "--hide-scrollbars",
               "--force-device-scale-factor=1")
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(readme, README_SCREENSHOT)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])
