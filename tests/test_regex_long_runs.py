"""Issue 15, resources: four patterns that backtracked on long runs of blanks or repeated path parts.

``actions._PLACEHOLDER_ITEM`` ('TBD ' + 20,000 blanks + 'x': 10.7 s), ``actions._DONE_ANYWHERE``
('- done on' + 2,000 blanks + '!x': 2.2 s), ``labels._LABEL_LINE`` ('!: ' + 8,000 blanks + newline +
'!': 0.84 s) and the full match of ``actions._LINK`` (a URL of 8,000 characters of '/issues/a'). Each is
now linear: the inputs below, 10 to 100 times longer, must finish well inside a limit that only catches a
hang (quadratic, they took minutes). The matches themselves are unchanged (the cases below).
"""
from __future__ import annotations

import subprocess
import sys

from pmlint.reading import action_items as actions
from pmlint.reading import labels

_HANG_SCRIPT = r"""
from pmlint.reading import action_items as actions, labels
assert not actions._PLACEHOLDER_ITEM.search("TBD " + " " * 200_000 + "x")
assert not actions._DONE_ANYWHERE.search("- done on" + " " * 100_000 + "!x")
assert not labels._LABEL_LINE.match("!: " + " " * 200_000 + "\n!")
assert not actions._link_fullmatch("http://x" + "/issues/a" * 100_000 + " ")
assert actions._link_fullmatch("http://x" + "/issues/a" * 100_000)
print("ok")
"""


def test_long_blank_runs_do_not_hang() -> None:
    result = subprocess.run([sys.executable, "-c", _HANG_SCRIPT], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_placeholder_item_matches_unchanged() -> None:
    for text in ("TBD", "TBD 3", "Item 2.", "  Action item 12 --", "   ", "...", "{{ owner }}", "<action>"):
        assert actions._PLACEHOLDER_ITEM.search(text), text
    for text in ("TBD x", "Item 2 rollback", "Restart the senders", "task3b"):
        assert not actions._PLACEHOLDER_ITEM.search(text), text


def test_done_anywhere_matches_unchanged() -> None:
    for text in ("Restart the senders - done", "Rotate keys. Done on 12 May", "Add alert - fixed in 2024, Q2.",
                 "Add alert - done 2026-03-15!", "Add alert - done on  ", "Add alert: done on ,", "(done) x"):
        assert actions._DONE_ANYWHERE.search(text), text
    for text in ("Add alert - done on", "Add alert - done on ", "Add alert - done on\t\t!", "Add alert - done later",
                 "Add alert - done on " + "x" * 25):
        assert not actions._DONE_ANYWHERE.search(text), text


def test_label_line_groups_unchanged() -> None:
    match = labels._LABEL_LINE.match("Owner:   Alice ")
    assert match and match.group("name") == "Owner" and match.start("value") == 9
    match = labels._LABEL_LINE.match("Owner:\t \n")
    assert match and match.group("value") == "" and match.start("value") == 8
    assert not labels._LABEL_LINE.match("Owner:   Alice\nBob")


def test_link_full_match_unchanged() -> None:
    assert actions._link_fullmatch("https://github.com/o/r/issues/1")
    assert actions._link_fullmatch("#123")
    for url in ("https://github.com/o/r/issues/1 x", "http://x/issues/", "https://example.com/docs", "#12a"):
        assert not actions._link_fullmatch(url), url
