"""The template presets (google-sre, pagerduty, atlassian): they load, a complete post-mortem in each
template's structure lints clean, each missing required section is reported once, and the template
files themselves lint without crashing."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from pmlint.cli import cli
from pmlint.config.loading import load_config
from pmlint.config.settings import Config
from pmlint.resources import preset_path
from pmlint.ruledefs import load_rules

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

# Keys the default preset uses for sections other rules read; a preset with the same section must
# use the same key.
SHARED_KEYS = {"summary", "timeline", "root-cause-analysis", "action-items"}


GOOGLE_SRE = """\
# Postmortem: checkout errors after a cache configuration rollout

### Date

2026-03-15

### Authors

Priya Natarajan, Tom Becker

### Status

Complete; action items in progress.

### Summary

For 45 minutes on 2026-03-15, from 14:05 to 14:50 UTC, about 18% of checkout requests failed because
the payment service could not read exchange rates from its cache.

### Impact

About 9,400 checkout attempts failed. 2,100 customers retried successfully later; no card was charged twice.

### Root Causes

- Checkout failed because the payment service received no exchange rates.
- It received none because the cache client read keys under a prefix that the rollout had renamed.
- The rename was not caught because staging fills its cache at start-up and never reads the old keys.
- The database fallback did not take over because it had been switched off in 2024 to reduce load.

### Trigger

A configuration rollout at 14:02 UTC that renamed the cache key prefix.

### Resolution

The on-call engineer rolled the configuration back at 14:41 UTC. Error rates were back to normal by
14:50 UTC, once the caches had refilled.

### Detection

The checkout error-rate alert paged the on-call engineer at 14:09 UTC, four minutes after the errors began.

## Action Items

| Action | Owner | Due |
|---|---|---|
| Fail the payment service health check when the rate cache returns no keys | @priya | 2026-04-01 |
| Re-enable the exchange-rate database fallback, limited to 200 queries per second | @tom | 2026-04-08 |
| Run the staging cache tests against a copy of the production cache | @amara | 2026-04-15 |

## Lessons Learned

### What went well

- The alert fired within four minutes and paged the team that owns the service.
- The rollback took one command.

### What went wrong

- The rollout had no canary stage, so every region received the change at once.
- The runbook did not mention the exchange-rate cache.

### Where we got lucky

- The incident happened before the evening peak, when checkout traffic is a third of its maximum.

## Timeline

All times are in UTC.

- 2026-03-15 14:02 Configuration rollout begins.
- 2026-03-15 14:05 Checkout errors begin.
- 2026-03-15 14:09 Error-rate alert pages the on-call engineer.
- 2026-03-15 14:30 The renamed key prefix is identified as the cause.
- 2026-03-15 14:41 Configuration rolled back.
- 2026-03-15 14:50 Error rates back to normal.

## Supporting information

- Checkout error dashboard for 2026-03-15, 13:30 to 15:30 UTC.
"""

PAGERDUTY = """\
# Postmortem: delayed notifications on 2026-02-03

**Postmortem Owner:** Lena Fischer

**Meeting Scheduled For:** 2026-02-06 15:00 UTC

**Call Recording:** recording INC-4821 in the incident archive

## Overview

On 2026-02-03 notifications were delayed for 38 minutes, from 09:12 to 09:50 UTC: a schema change stalled
the only queue consumer in each region, and 6.1% of notifications were delivered outside their target time.

## What Happened

At 09:12 UTC a schema change added a column to the delivery table. The notification consumer waited on a
table lock while it rebuilt its prepared statements and stopped reading from the queue. The queue grew
until the consumer was restarted and more consumers were added.

## Contributing Factors

- The migration ran during business hours without a lock timeout.
- The consumer had no health check on queue lag, so the scheduler kept it in service.
- Each region ran a single consumer, leaving no spare capacity.

## Resolution

The incident commander restarted the stalled consumer and scaled the pool to three consumers per region.
The backlog drained by 09:50 UTC.

## Impact

| | |
|-|-|
| Time in SEV-2 | 30 mins |
| Notifications delivered out of SLA | 6.1% (14,200 of 232,800) |
| Events dropped | 0 |
| Accounts affected | 310 |
| Support requests raised | 12 |

## Responders

- Incident commander: Lena Fischer
- Scribe: Omar Haddad
- Database expert: Jonas Weber

## Timeline

| Time (UTC) | Event |
|---|---|
| 2026-02-03 09:12 | Schema migration starts |
| 2026-02-03 09:14 | Queue lag alert pages the on-call engineer |
| 2026-02-03 09:20 | Incident declared at SEV-2 |
| 2026-02-03 09:31 | Status page updated |
| 2026-02-03 09:38 | Stalled consumer restarted; pool scaled to three per region |
| 2026-02-03 09:50 | Backlog drained; incident resolved |

## How'd We Do?

### What Went Well?

- The queue lag alert paged within two minutes of the stall.
- The status page was updated 19 minutes after the delays began.

### What Didn't Go So Well?

- The migration was not announced in the deploys channel, so responders first searched application releases.
- The consumer runbook did not describe how to scale the pool.

## Action Items

| Action | Owner | Due | Ticket |
|---|---|---|---|
| Set a 5-second lock timeout on schema migrations | Omar Haddad | 2026-02-20 | NOTIF-311 |
| Take a consumer out of service when its queue lag exceeds 60 seconds | Jonas Weber | 2026-02-27 | NOTIF-312 |
| Run at least two consumers per region | Lena Fischer | 2026-03-06 | NOTIF-313 |

## Messaging

### Internal Email

> On 3 February some notifications were delivered late for 38 minutes. The postmortem page has the details
> and the follow-up tickets.

### External Message

> On February 3 between 09:12 and 09:50 UTC, some notifications were delivered later than usual. A database
> change paused our notification workers. We have added capacity and are changing how such updates run.
> We are sorry for the delay.
"""

ATLASSIAN = """\
# Postmortem: product search served stale results

## Incident summary

Between 06:10 and 08:55 UTC on 2026-01-20 (2 hours 45 minutes), product search showed prices and stock
levels up to a day old to every customer in the EU region, because the nightly index build failed without
reporting it and the search service kept serving the previous index.

## Leadup

On 2026-01-19 the index build job was moved to a new worker pool whose machines have smaller disks.

## Fault

The build ran out of disk space while writing the new index, exited with a success code and left the
previous index in place.

## Impact

Customers in the EU region saw prices and stock levels up to 24 hours old. 1,870 orders were placed for
items that were out of stock and had to be cancelled; support received 64 tickets.

## Detection

A support engineer noticed the stock mismatch in tickets at 08:35 UTC and paged the search team at
08:40 UTC. The index age metric existed but had no alert.

## Response

The on-call search engineer joined at 08:44 UTC, confirmed the age of the index from the metric and called
in the platform team for the worker disks.

## Recovery

The platform team moved the build back to the previous worker pool; a fresh index was built and promoted
at 08:55 UTC.

## Timeline

All times are in UTC.

### 2026-01-19

- 16:00 Index build job moved to the new worker pool.

### 2026-01-20

- 02:00 Nightly build starts.
- 06:10 Build runs out of disk; the previous index stays live.
- 08:35 Support engineer notices mismatched stock levels.
- 08:40 Search team paged.
- 08:44 On-call engineer confirms the live index is 26 hours old.
- 08:55 Fresh index promoted; results current again.

## Five whys

1. Search served stale results because the new index was never promoted.
2. It was never promoted because the build stopped when the disk filled up.
3. The disk filled up because the new pool has 50 GB disks and the index needs 70 GB.
4. The gap went unnoticed because the job's disk requirement was not written down.
5. The failed build looked successful because the build script ignores the index writer's exit status.

## Root cause

The index build script ignores the writer's exit status, so a failed build looks like a successful one.

## Backlog check

SEARCH-118 (alert on index age) was opened in 2025 and never scheduled; it would have paged within an hour.

## Recurrence

No earlier incident had this cause. A stale index in June 2025 came from a paused scheduler.

## Lessons learned

- A zero exit code does not show that a build produced its output; check the output.
- A metric without an alert detects nothing.

## Corrective actions

| Action | Owner | Due |
|---|---|---|
| Make the build script fail when the index writer exits with an error | @mei | 2026-02-03 |
| Alert when the live index is older than 26 hours (SEARCH-118) | @sam | 2026-02-10 |
| Declare the build's disk requirement in the job definition and check it before the build starts | @mei | 2026-02-17 |
"""

DOCUMENTS = {"google-sre": GOOGLE_SRE, "pagerduty": PAGERDUTY, "atlassian": ATLASSIAN}

# The heading, in each document above, that provides each required section (by title).
REQUIRED_HEADINGS = {
    "google-sre": {
        "Summary": "Summary",
        "Root Causes": "Root Causes",
        "Resolution": "Resolution",
        "Detection": "Detection",
        "Action Items": "Action Items",
        "What Went Well": "What went well",
        "What Went Wrong": "What went wrong",
        "Where We Got Lucky": "Where we got lucky",
        "Timeline": "Timeline",
    },
    "pagerduty": {
        "Overview": "Overview",
        "What Happened": "What Happened",
        "Contributing Factors": "Contributing Factors",
        "Resolution": "Resolution",
        "Impact": "Impact",
        "Responders": "Responders",
        "Timeline": "Timeline",
        "What Went Well?": "What Went Well?",
        "What Didn't Go So Well?": "What Didn't Go So Well?",
        "Action Items": "Action Items",
        "Messaging": "Messaging",
    },
    "atlassian": {
        "Incident Summary": "Incident summary",
        "Leadup": "Leadup",
        "Fault": "Fault",
        "Impact": "Impact",
        "Detection": "Detection",
        "Response": "Response",
        "Recovery": "Recovery",
        "Timeline": "Timeline",
        "Five Whys": "Five whys",
        "Root Cause": "Root cause",
        "Backlog Check": "Backlog check",
        "Recurrence": "Recurrence",
        "Lessons Learned": "Lessons learned",
        "Corrective Actions": "Corrective actions",
    },
}

TEMPLATES = {
    "google-sre": ["dastergon__google-sre-book-template.md", "dastergon__google-api-infra-template.md"],
    "pagerduty": ["pagerduty__post-mortem-template.md"],
    "atlassian": ["cog-uk__postmortem-template.md"],
}

PRESETS = sorted(DOCUMENTS)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")


# -- helpers ------------------------------------------------------------------------------------


def _project(directory: Path, preset: str) -> Path:
    """A directory whose `.pmlint.yaml` extends ``preset``; returns the config file."""
    config = directory / ".pmlint.yaml"
    config.write_text(f"extends: {preset}\n", encoding="utf-8")
    return config


def _load(tmp_path: Path, preset: str) -> Config:
    return load_config(_project(tmp_path, preset), load_rules())


def _check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", "--format", "json", *args])


def _findings(result: Result) -> list[dict[str, object]]:
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)
    assert isinstance(findings, list)
    return findings


def _without_section(text: str, heading: str) -> str:
    """``text`` without the section under ``heading``: the heading and everything up to the next
    heading of the same or a higher level."""
    lines = text.splitlines(keepends=True)
    start = level = None
    for index, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and match.group(2) == heading:
            start, level = index, len(match.group(1))
            break
    assert start is not None and level is not None, f"no heading {heading!r}"
    end = len(lines)
    for index in range(start + 1, len(lines)):
        match = _HEADING.match(lines[index])
        if match and len(match.group(1)) <= level:
            end = index
            break
    return "".join(lines[:start] + lines[end:])


def _cases() -> list[tuple[str, str, str]]:
    return [(preset, title, heading) for preset in PRESETS for title, heading in REQUIRED_HEADINGS[preset].items()]


# -- (a) loading --------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_loads_through_extends(tmp_path: Path, preset: str) -> None:
    config = _load(tmp_path, preset)
    catalog = config.catalog
    keys = {spec.key for spec in catalog.sections}
    assert catalog.summary_section in keys
    assert SHARED_KEYS <= keys
    required = {spec.title for spec in catalog.sections if spec.required}
    assert required == set(REQUIRED_HEADINGS[preset])


@pytest.mark.parametrize("preset", PRESETS)
def test_preset_is_standalone_and_says_what_it_follows(preset: str) -> None:
    path = preset_path(preset)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), "a comment header naming the template comes first"
    data = yaml.safe_load(text)
    assert "extends" not in data
    # A preset may also turn rules on or off, or set their options, as its template asks (issue 17).
    assert {"sections", "summary"} <= set(data) <= {"sections", "summary", "rules"}


@pytest.mark.parametrize("preset", PRESETS)
def test_each_title_matches_only_its_own_section(tmp_path: Path, preset: str) -> None:
    """A heading written as a section's title must not also satisfy another section or field."""
    catalog = _load(tmp_path, preset).catalog
    for spec in (*catalog.sections, *catalog.fields):
        assert catalog.keys_for(spec.title) == {spec.key}, spec.title


# -- (b) a complete document lints clean -------------------------------------------------------


@pytest.mark.parametrize("preset", PRESETS)
def test_complete_postmortem_lints_clean(tmp_path: Path, preset: str) -> None:
    _project(tmp_path, preset)
    document = tmp_path / "postmortem.md"
    document.write_text(DOCUMENTS[preset], encoding="utf-8")
    result = _check(str(document))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


def test_the_preset_decides_what_is_required(tmp_path: Path) -> None:
    """The same document is judged by the template its configuration names: the SRE document has
    what Atlassian calls Root Cause, Recovery and Lessons Learned, under other headings, but not the rest."""
    document = tmp_path / "postmortem.md"
    document.write_text(GOOGLE_SRE, encoding="utf-8")
    _project(tmp_path, "atlassian")
    missing = [str(finding["message"]) for finding in _findings(_check(str(document))) if finding["code"] == "PM001"]
    assert missing == ["missing 6 required sections: 'Leadup', 'Fault', 'Response', 'Five Whys', 'Backlog Check' "
                       "and 'Recurrence'"]


# -- (c) a missing required section -------------------------------------------------------------


@pytest.mark.parametrize(("preset", "title", "heading"), _cases())
def test_missing_required_section_is_reported_once(tmp_path: Path, preset: str, title: str, heading: str) -> None:
    _project(tmp_path, preset)
    document = tmp_path / "postmortem.md"
    document.write_text(_without_section(DOCUMENTS[preset], heading), encoding="utf-8")
    result = _check(str(document))
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    missing = [finding for finding in findings if finding["code"] == "PM001"]
    assert len(missing) == 1, findings
    assert f"missing required section '{title}'" in str(missing[0]["message"])
    assert missing[0]["line"] == 1
    assert findings == missing


# -- (d) the unfilled templates -----------------------------------------------------------------


@pytest.mark.parametrize(("preset", "name"), [(preset, name) for preset in PRESETS for name in TEMPLATES[preset]])
def test_unfilled_template_lints_without_crashing(tmp_path: Path, preset: str, name: str) -> None:
    template = CORPUS / "templates" / name
    if not template.is_file():
        pytest.skip(f"corpus not present at {CORPUS}")
    config = _project(tmp_path, preset)
    result = _check("--config", str(config), str(template))
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert isinstance(json.loads(result.stdout), list)


# -- an unknown preset --------------------------------------------------------------------------


def test_unknown_preset_is_a_config_error_naming_extends(tmp_path: Path) -> None:
    _project(tmp_path, "nope")
    document = tmp_path / "postmortem.md"
    document.write_text(GOOGLE_SRE, encoding="utf-8")
    result = _check(str(document))
    assert result.exit_code == 2
    assert "'extends'" in result.stderr
    assert "nope" in result.stderr
    assert "Traceback" not in result.output
