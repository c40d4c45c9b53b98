"""PM305 action-tracking: off by default; IDs, duplicate IDs, statuses and links when turned on."""
from __future__ import annotations

from pathlib import Path

from helpers import brief, lint_text

TABLE = """\
# T

## Action Items

| ID | Action | Owner | Due | Status |
|----|--------|-------|-----|--------|
| AI-1 | Add a pool alert at 90% (OPS-12) | Sarah | 2026-04-01 | In progress |
| AI-1 | Write the checkout runbook | Mei | 2026-04-03 | Someday |
|  | Add a canary stage (OPS-14) | Ana | 2026-04-04 | Done |
"""


def test_pm305_is_off_by_default() -> None:
    assert not any(f.code == "PM305" for f in lint_text(TABLE))


def test_pm305_reports_duplicate_id_status_missing_link_and_missing_id() -> None:
    findings = lint_text(TABLE, select=("PM305",))
    assert brief(findings) == [("PM305", 8, 10, 8, 36), ("PM305", 8, 10, 8, 36), ("PM305", 8, 10, 8, 36),
                               ("PM305", 9, 6, 9, 33)]
    messages = sorted(f.message for f in findings)
    assert messages == [
        "action item ID 'AI-1' is also used on line 7",
        "action item has no ID; give each item a unique ID (for example 'AI-1')",
        "action item has no link to a ticket or pull request",
        "action item status 'Someday' is not one of: not started, in progress, complete, done, open, blocked",
    ]


def test_pm305_options_turn_checks_off(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("rules:\n  action-tracking:\n    enabled: true\n    require-id: false\n"
                      "    require-link: false\n    statuses: []\n", encoding="utf-8")
    assert [f for f in lint_text(TABLE, config_file=config) if f.code == "PM305"] == []


def test_pm305_enabled_from_config(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("rules:\n  PM305: info\n", encoding="utf-8")
    assert any(f.code == "PM305" for f in lint_text(TABLE, config_file=config))
