"""PM501 publication-delay: the resolution and the publication, where each comes from, and git's first commit.

Every document is written for the test; each expected delay, date and position was worked out by hand.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import ENGINE, brief

from pmlint.config.loading import load_config
from pmlint.model import Finding, Severity
from pmlint.reading import git_history
from pmlint.reading.source import Source
from pmlint.ruledefs import load_rules

TIMELINE = """\
# Checkout errors

## Timeline (UTC)

- 2026-03-15 14:05 Alerts fire for checkout errors.
- 2026-03-15 15:00 Traffic partially restored.
- 2026-03-15 16:15 Error rates are back to normal; incident resolved.
- 2026-03-16 09:00 Status page updated: resolved.
"""


def lint(text: str, path: str = "doc.md", config_file: Path | None = None) -> list[Finding]:
    config = load_config(config_file, load_rules())
    config.cli_select = frozenset({"PM501"})
    return ENGINE.lint(Source.from_text(path, text), config)


def front(**keys: str) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in keys.items()) + "---\n"


def test_late_publication_in_front_matter_is_reported_at_its_value() -> None:
    findings = lint(front(title="Checkout errors", date="2026-03-18") + TIMELINE)
    # The recovery is line 7 of TIMELINE, line 11 after four lines of front matter; "date: " is 6 columns.
    assert brief(findings) == [("PM501", 3, 7, 3, 17)]
    assert findings[0].message == (
        "published 2026-03-18 (front matter 'date'), 3 days after resolution 2026-03-15 16:15 UTC "
        "(the timeline's recovery entry, line 11); the guide asks for 48 hours at most")
    assert findings[0].severity == Severity.WARNING


def test_publication_within_48_hours_is_fine() -> None:
    # 2026-03-17 00:00 is 31 h 45 min after 16:15 on the 15th.
    assert lint(front(date="2026-03-17") + TIMELINE) == []
    # Exactly 48 hours is within the limit; a minute more is not.
    assert lint(front(published="'2026-03-17 16:15 UTC'") + TIMELINE) == []
    late = lint(front(published="'2026-03-17 16:16 UTC'") + TIMELINE)
    assert len(late) == 1 and "48 hours after resolution 2026-03-15 16:15 UTC" in late[0].message


def test_preliminary_report_before_the_resolution_is_fine() -> None:
    assert lint(front(published="2026-03-15T15:00:00Z") + TIMELINE) == []


def test_silent_when_either_date_is_unknown() -> None:
    assert lint(TIMELINE) == []  # no publication date
    assert lint(front(date="2026-04-30") + "# Checkout errors\n\nIt broke; we fixed it.\n") == []  # no resolution
    assert lint(front(date="TBD") + TIMELINE) == []


def test_front_matter_resolution_and_hours() -> None:
    text = front(resolved_at="2026-03-15T18:00:00+02:00", published_at="2026-03-18T06:00:00Z") + "# Outage\n"
    findings = lint(text)
    # 18:00 at UTC+2 is 16:00 UTC; to 06:00 UTC on the 18th is 62 hours.
    assert brief(findings) == [("PM501", 3, 15, 3, 35)]
    assert findings[0].message.startswith(
        "published 2026-03-18 06:00 UTC (front matter 'published_at'), 62 hours after resolution "
        "2026-03-15 16:00 UTC (front matter 'resolved_at');")


def test_resolution_date_without_a_time_counts_to_the_end_of_its_day() -> None:
    # Resolved some time on the 15th (by 24:00 at the latest): published on the 18th (from 00:00) may be
    # within 48 hours, on the 19th is not.
    assert lint(front(resolved="2026-03-15", published="2026-03-18") + "# Outage\n") == []
    findings = lint(front(resolved="2026-03-15", published="2026-03-19") + "# Outage\n")
    assert len(findings) == 1
    assert "published 2026-03-19 (front matter 'published'), 4 days after resolution 2026-03-15 " \
           "(front matter 'resolved')" in findings[0].message


def test_publication_from_the_path_is_reported_at_the_title() -> None:
    findings = lint(TIMELINE, path="postmortems/2026/03/20/checkout.md")
    assert brief(findings) == [("PM501", 1, 3, 1, 18)]
    assert findings[0].message.startswith("published 2026-03-20 (the file's path), 5 days after resolution "
                                          "2026-03-15 16:15 UTC (the timeline's recovery entry, line 7);")


def test_timeline_in_a_local_zone() -> None:
    text = "# Outage\n\n## Timeline (all times PST)\n\n- 2026-01-15 13:00 Errors start\n" \
           "- 2026-01-15 17:30 Service restored\n"
    # 17:30 PST on the 15th is 01:30 UTC on the 16th; the 18th at 00:00 is 46.5 hours later, the 19th is not.
    assert lint(text, path="2026-01-18-outage.md") == []
    findings = lint(text, path="2026-01-19-outage.md")
    assert len(findings) == 1 and "after resolution 2026-01-16 01:30 UTC" in findings[0].message


def test_crlf_and_a_table_timeline() -> None:
    text = ("---\r\npublished: \"2026-03-20\"\r\n---\r\n# Outage\r\n\r\n## Timeline\r\n\r\n"
            "| Time (UTC) | Event |\r\n|---|---|\r\n| 2026-03-15 14:05 | Alerts fire |\r\n"
            "| 2026-03-15 16:15 | Service restored |\r\n")
    findings = lint(text)
    assert brief(findings) == [("PM501", 2, 13, 2, 23)]
    assert "(the timeline's recovery entry, line 11)" in findings[0].message


def test_max_hours_option(tmp_path: Path) -> None:
    config = tmp_path / ".pmlint.yaml"
    config.write_text("rules:\n  publication-delay:\n    max-hours: 168\n", encoding="utf-8")
    text = front(date="2026-03-20") + TIMELINE
    assert lint(text, config_file=config) == []
    config.write_text("rules:\n  publication-delay:\n    max-hours: 24\n", encoding="utf-8")
    findings = lint(front(date="2026-03-17") + TIMELINE, config_file=config)
    assert len(findings) == 1 and findings[0].message.endswith("the guide asks for 24 hours at most")


def test_configured_wordlist_finds_the_recovery(tmp_path: Path) -> None:
    text = front(date="2026-03-20") + "# Outage\n\n## Timeline (UTC)\n\n- 2026-03-15 14:05 Alerts fire\n" \
                                      "- 2026-03-15 16:15 All green\n"
    assert lint(text) == []
    config = tmp_path / ".pmlint.yaml"
    config.write_text("wordlists:\n  timeline-resolution:\n    add: [all green]\n", encoding="utf-8")
    assert len(lint(text, config_file=config)) == 1


# -- git's first commit ----------------------------------------------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def _git(repo: Path, *args: str, date: str = "2026-03-19T12:00:00Z") -> None:
    environment = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
                   "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
                   "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull,
                   "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=environment)


def _repo_with(tmp_path: Path, name: str) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / name).write_text(TIMELINE, encoding="utf-8")
    _git(repo, "add", "--", name)
    _git(repo, "commit", "-q", "-m", "add", date="2026-03-19T12:00:00Z")
    (repo / name).write_text(TIMELINE + "\nMore.\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "edit", date="2026-03-25T12:00:00Z")
    return repo


def _git_config(tmp_path: Path) -> Path:
    config = tmp_path / "pmlint.yaml"
    config.write_text("rules:\n  publication-delay:\n    git-first-commit: true\n", encoding="utf-8")
    return config


@needs_git
def test_git_first_commit_is_the_publication_when_asked(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, "checkout.md")
    path = str(repo / "checkout.md")
    assert lint(TIMELINE, path=path) == []  # off by default
    findings = lint(TIMELINE, path=path, config_file=_git_config(tmp_path))
    # Added 2026-03-19 12:00 UTC (not the later edit): 91 h 45 min after 16:15 on the 15th, nearly 4 days.
    assert brief(findings) == [("PM501", 1, 3, 1, 18)]
    assert findings[0].message.startswith("published 2026-03-19 12:00 UTC (git's first commit), 4 days after")


@needs_git
def test_git_first_commit_does_not_override_a_written_date(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, "checkout.md")
    assert lint(front(date="2026-03-16") + TIMELINE, path=str(repo / "checkout.md"),
                config_file=_git_config(tmp_path)) == []


@needs_git
def test_git_with_a_hostile_file_name(tmp_path: Path) -> None:
    name = "-rf $(touch pwned) `id`; \x1b[31m\u00e9.md"
    repo = _repo_with(tmp_path, name)
    findings = lint(TIMELINE, path=str(repo / name), config_file=_git_config(tmp_path))
    assert len(findings) == 1 and "(git's first commit)" in findings[0].message
    assert not (repo / "pwned").exists() and not Path("pwned").exists()


@needs_git
def test_git_gives_nothing_for_uncommitted_files_shallow_clones_and_outside_a_repository(tmp_path: Path) -> None:
    repo = _repo_with(tmp_path, "checkout.md")
    (repo / "new.md").write_text(TIMELINE, encoding="utf-8")
    config = _git_config(tmp_path)
    assert lint(TIMELINE, path=str(repo / "new.md"), config_file=config) == []
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True,
                   capture_output=True)
    assert git_history.first_commit(str(shallow / "checkout.md")) is None
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "x.md").write_text(TIMELINE, encoding="utf-8")
    assert lint(TIMELINE, path=str(outside / "x.md"), config_file=config) == []


def test_git_missing_gives_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-dir"))
    git_history._first_commits.cache_clear()
    assert git_history.first_commit(str(tmp_path / "x.md")) is None
    git_history._first_commits.cache_clear()


def test_parse_log() -> None:
    # Newest first: b.md was added in the newer commit, a.md in the older one and again (re-added) later.
    output = b"\x001774612800\x00\nb.md\x00a.md\x00\x001773921600\x00\na.md\x00dir/\nodd.md\x00"
    found = git_history.parse_log(output)
    assert {path: when.isoformat() for path, when in found.items()} == {
        "b.md": "2026-03-27T12:00:00+00:00", "a.md": "2026-03-19T12:00:00+00:00",
        "dir/\nodd.md": "2026-03-19T12:00:00+00:00"}
    assert git_history.parse_log(b"") == {}
    assert git_history.parse_log(b"\x00not-a-time\x00\nx.md\x00") == {}


@pytest.mark.parametrize(("preset", "enabled", "max_hours"), [
    ("default", True, 48), ("pagerduty", True, 168), ("google-sre", False, 48), ("atlassian", False, 48)])
def test_presets(tmp_path: Path, preset: str, enabled: bool, max_hours: int) -> None:
    config_file = tmp_path / ".pmlint.yaml"
    config_file.write_text(f"extends: {preset}\n", encoding="utf-8")
    rule = load_config(config_file, load_rules()).rules["PM501"]
    assert (rule.enabled, rule.options["max-hours"], rule.options["git-first-commit"]) == (enabled, max_hours, False)


def test_extreme_dates_and_limits(tmp_path: Path) -> None:
    # A resolution on the last day there is: no publication can be after it, and nothing overflows.
    assert lint(front(resolved="9999-12-31", published="9999-12-31") + "# Outage\n") == []
    assert lint(front(resolved="0001-01-01", published="9999-12-31") + "# Outage\n") != []
    config = tmp_path / ".pmlint.yaml"
    config.write_text("rules:\n  publication-delay:\n    max-hours: .inf\n", encoding="utf-8")
    assert lint(front(resolved="0001-01-01", published="9999-12-31") + "# Outage\n", config_file=config) == []
    config.write_text("rules:\n  publication-delay:\n    max-hours: 1.0e+300\n", encoding="utf-8")
    assert lint(front(resolved="0001-01-01", published="9999-12-31") + "# Outage\n", config_file=config) == []


def test_without_a_publication_date_the_timeline_is_not_read_for_the_resolution(monkeypatch) -> None:
    # The resolution reads every timeline entry's instant (33 MB more for a timeline of 290,000 entries):
    # PM501 asks for it only when it knows when the post-mortem was published.
    from pmlint.reading import incident_dates

    asked: list[str] = []
    real = incident_dates._timeline_resolution

    def counted(doc, words):  # noqa: ANN001, ANN202 - the function it wraps
        asked.append(doc.path)
        return real(doc, words)

    monkeypatch.setattr(incident_dates, "_timeline_resolution", counted)
    assert lint(TIMELINE, path="notes/checkout.md") == []
    assert asked == []
    # "---" is line 1, "date: 2026-03-18" line 2, its value at columns 7-16.
    assert brief(lint(front(date="2026-03-18") + TIMELINE, path="late.md")) == [("PM501", 2, 7, 2, 17)]
    assert asked == ["late.md"]
