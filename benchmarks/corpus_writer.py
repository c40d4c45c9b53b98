"""The writer of one generated post-mortem: it chooses a shape, builds a skeleton, grows it to a size, renders it."""
from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.corpus_pools import (
    BLAME,
    BLAME_WHY,
    CHARGED_SENTENCES,
    EVENTS,
    FACTORS,
    FIRST_NAMES,
    LAST_NAMES,
    LESSONS,
    MONTHS,
    NEAR_MISS,
    NESTED,
    RCA,
    REGIONS,
    RISKY,
    SCENARIOS,
    SPECIFIC_ACTIONS,
    TEAMS,
    TICKET_PROJECTS,
    VAGUE_ACTIONS,
    WELL,
    WRONG,
    Scenario,
)


@dataclass
class _Section:
    kind: str
    heading: str
    intro: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    joiner: str = "\n\n"
    tail: Callable[[], list[str]] | None = None  # blocks computed at render time, joined like the body
    after: list[str] = field(default_factory=list)
    grow: Callable[[], list[str]] | None = None
    weight: float = 0.0
    cap: int | None = None  # most growth units this section takes
    grown: int = 0

    def render(self) -> str:
        parts = [self.heading, *self.intro]
        items = self.body + (self.tail() if self.tail else [])
        if items:
            parts.append(self.joiner.join(items).strip("\n"))
        parts.extend(self.after)
        return "\n\n".join(part for part in parts if part)


class _Slots(dict):
    """Template slots, each drawn once per template from the writer's random generator."""

    def __init__(self, writer: Writer, fixed: dict[str, str]) -> None:
        super().__init__(fixed)
        self.writer = writer

    def __missing__(self, key: str) -> str:
        value = self.writer.slot(key)
        self[key] = value
        return value


def _utf8(text: str) -> int:
    return len(text.encode("utf-8"))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _twelve_hour(moment: dt.datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


class Writer:
    """Writes one post-mortem: chooses its shape, builds a skeleton, grows it to a size, renders it."""

    def __init__(self, rng: random.Random, seed_text: str, *, issues: bool, strict: bool = False,
                 near_miss: bool = False, big: bool = False) -> None:
        self.rng = rng
        self.seed_text = seed_text
        self.issues = issues
        self.strict = strict
        self.near_miss = near_miss and not strict
        self.big = big
        # How often a sentence of a document with language issues is blame or charged.
        self.salt = 0.004 if big else 0.025
        self.scn = rng.choice(SCENARIOS)
        self.people = [(first, rng.choice(LAST_NAMES)) for first in rng.sample(FIRST_NAMES, rng.randint(3, 6))]
        self.authors = self.people[:rng.randint(1, 3)]
        day = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(1270))
        self.start = dt.datetime(day.year, day.month, day.day, rng.randint(0, 22), rng.randrange(60))
        self.resolve_gap = dt.timedelta(minutes=rng.randint(2, 15))
        self.trigger_gap = dt.timedelta(minutes=rng.randint(3, 80))
        # The shape of the document.
        self.front_matter = strict or rng.random() < 0.85
        self.numbered = rng.random() < 0.15
        self.zone = "utc-heading" if strict else rng.choices(
            ["utc-heading", "utc-intro", "utc-entry", "pst", "offset", "none"], [30, 20, 25, 10, 8, 7])[0]
        self.twelve_hour = self.zone == "pst" and rng.random() < 0.5
        self.entry_zone_style = rng.choice(["suffix", "iso", "dated"])
        self.tl_style = rng.choices(["table", "bullets", "numbered", "bold", "headings"], [40, 30, 8, 17, 5])[0]
        if self.tl_style == "table" and big:
            self.tl_style = "bullets"  # a date heading per day, which a table cannot hold
        self.tl_bullet = rng.choice(["- {t} — {e}", "- **{t}** {e}", "- `{t}` - {e}", "* {t}: {e}", "- {t} - {e}"])
        self.tl_date_heading = big or rng.random() < 0.4
        self.tl_table_dates = rng.random() < 0.2
        self.tl_table_header = rng.choice(["Time (UTC)", "Time"]) if self.zone == "utc-heading" \
            else rng.choice(["Time", "When", "Timestamp"])
        self.summary_style = rng.choices(["bullets", "bold", "table", "prose"], [45, 15, 10, 30])[0]
        self.summary_defect = None if strict or rng.random() >= 0.1 else rng.choice(
            ["no-status", "tbd-cause", "wrong-duration"])
        self.jargon = issues and rng.random() < 0.7
        self.charged = issues and rng.random() < 0.8
        self.action_style = rng.choices(["table", "list", "grouped", "will"], [50, 30, 15, 5])[0]
        self.action_bullet = rng.choice(["task", "dash", "bold", "semi"])
        self.action_columns = rng.choice([("ID", "Action", "Owner", "Due", "Status"),
                                          ("Action", "Owner", "Due date", "Ticket"),
                                          ("#", "Item", "Owner", "Due", "Status", "Ticket"),
                                          ("Action item", "Assignee", "Deadline")])
        self.vague_rate = 0.0 if strict else rng.choice([0.0, 0.0, 0.1, 0.25])
        self.list_marker = rng.choice(["-", "-", "*"])
        # State that growth changes (restored by undo).
        self.clock = self.start
        self.times: list[dt.datetime] = []  # the timeline entries' times, in body order
        self.tl_day: dt.date | None = None
        self.tl_dated_cells = False
        self.out_of_order = 0 if strict else (2 if rng.random() < 0.15 else 0)
        self.action_count = 0
        self.appendix_count = 0
        self.sections: list[_Section] = []
        self.head_text = ""
        self.history: list[tuple[_Section, int, int, tuple]] = []
        self.used: set[str] = set()  # templates and sentences written so far (looked up, never iterated)
        if self.scn.users in ("partners", "engineering teams"):
            self.affected = str(rng.randint(30, 400))
        else:
            self.affected = f"{rng.choice([1, 2, 3, 5, 8, 12, 20, 40])},{rng.randint(100, 999)}"

    # -- slots and sentences -----------------------------------------------------------------------

    def slot(self, key: str) -> str:
        rng, scn = self.rng, self.scn
        if key in Scenario.__dataclass_fields__:
            return str(getattr(scn, key))
        if key == "person":
            first, last = rng.choice(self.people)
            return f"{first} {last}"
        if key == "first":
            return rng.choice(self.people)[0]
        if key == "name":  # someone blamed: a responder of this document, or a common given name
            return rng.choice(self.people)[0] if rng.random() < 0.5 else rng.choice(
                ("John", "Sarah", "Mike", "Anna", "David", "Laura"))
        if key == "other_team":
            return rng.choice(TEAMS)
        if key == "n":
            return f"{rng.choice((rng.randint(12, 99), rng.randint(100, 999), rng.randint(1000, 48000))):,}"
        if key == "fleet":
            return str(rng.randint(12, 400))
        if key == "few":
            return str(rng.randint(3, 80))
        if key == "small":
            return str(rng.randint(2, 9))
        if key == "pct":
            return str(rng.randint(11, 99))
        if key == "mins":
            return str(rng.randint(4, 55))
        if key == "region":
            return rng.choice(REGIONS)
        if key == "version":
            return f"v{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}"
        if key == "pr":
            number = rng.randint(1200, 48000)
            return f"[#{number}](https://git.example.com/{scn.team.split()[0]}/{scn.component}/pull/{number})"
        if key == "ticket":
            return self.ticket()
        if key == "dashboard":
            uid = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(9))
            return f"[{scn.service} dashboard](https://grafana.example.com/d/{uid}/{scn.slug}?orgId=1&from=now-6h)"
        if key == "month":
            return rng.choice(MONTHS)
        if key == "date":
            return (self.start.date() + dt.timedelta(days=rng.randint(3, 20))).isoformat()
        if key == "log_short":
            return scn.log.split(" ", 2)[-1]
        raise KeyError(key)

    def handle(self, person: tuple[str, str]) -> str:
        first, last = person
        plain = (first[0] + last).lower() if self.rng.random() < 0.5 else first.lower()
        return "@" + re.sub(r"[^a-z0-9]", "", plain.replace("á", "a").replace("í", "i"))

    def ticket(self) -> str:
        project = self.rng.choice(TICKET_PROJECTS)
        number = self.rng.randint(100, 9999)
        return f"[{project}-{number}](https://tracker.example.com/browse/{project}-{number})"

    def fill(self, template: str, **fixed: str) -> str:
        return _cap(template.format_map(_Slots(self, fixed)))

    def sentence(self, pool: tuple[str, ...]) -> str:
        """One filled template: one this document has not used yet while there are any, and never the same
        words twice if that can be helped; a strict (clean) document never takes one with a risky word."""
        fresh = [template for template in pool if template not in self.used]
        fallback = None
        for attempt in range(50):
            template = self.rng.choice(fresh if fresh and attempt < 10 else pool)
            text = self.fill(template)
            if self.strict and RISKY.search(text):
                continue
            if text not in self.used:
                self.used.add(template)
                self.used.add(text)
                return text
            fallback = fallback or text
        if fallback is None:
            raise RuntimeError("no neutral sentence in this pool")
        return fallback

    def salted(self, pool: tuple[str, ...]) -> tuple[str, ...]:
        """The pool, or now and then blame, charged or near-miss sentences when the document has them."""
        roll = self.rng.random()
        if self.issues and roll < self.salt:
            return BLAME
        if self.charged and roll < 2 * self.salt:
            return CHARGED_SENTENCES
        if (self.near_miss or self.issues) and roll > 1 - self.salt:
            return NEAR_MISS
        return pool

    def prose(self, pool: tuple[str, ...], low: int = 2, high: int = 5) -> str:
        sentences = [self.sentence(self.salted(pool)) for _ in range(self.rng.randint(low, high))]
        return " ".join(dict.fromkeys(sentences))

    # -- front matter and title --------------------------------------------------------------------

    def head(self) -> str:
        rng = self.rng
        date = self.start.date().isoformat()
        title = self.scn.title
        blocks = []
        names = [f"{first} {last}" for first, last in self.authors]
        if self.front_matter:
            lines = ["---", f'title: "{title}"', f"date: {date}"]
            style = rng.random()
            if style < 0.5:
                lines.append("authors: [" + ", ".join(f'"{name}"' if "'" in name else name for name in names) + "]")
            elif style < 0.85 or len(names) > 1:
                lines.append("authors:")
                lines.extend(f"  - {name}" for name in names)
            else:
                lines.append(f"author: {names[0]}")
            lines.append("status: " + rng.choice(["draft", "in review", "published", "final", "complete"]))
            if rng.random() < 0.4:
                lines.append(f"severity: SEV{rng.randint(1, 3)}")
            if rng.random() < 0.3:
                lines.append(f"incident: INC-{rng.randint(1000, 9999)}")
            if rng.random() < 0.3:
                lines.append(f"services: [{self.scn.component}, {self.scn.host}]")
            if rng.random() < 0.2:
                lines.append("reviewers:")
                lines.extend(f"  - {first} {last}" for first, last in self.people[-2:])
            lines.append("---")
            blocks.append("\n".join(lines))
        form = rng.random()
        if form < 0.35:
            blocks.append(f"# Incident Post-Mortem: {title}")
        elif form < 0.6:
            blocks.append(f"# {title}")
        elif form < 0.75:
            blocks.append(f"# Post-mortem: {title} ({date})")
        elif form < 0.9:
            blocks.append(f"# {date}: {title}")
        else:
            blocks.append(f"{title}\n{'=' * len(title)}")
        if not self.front_matter:
            status = rng.choice(["Draft", "Published", "In review"])
            if rng.random() < 0.5:
                blocks.append(f"| | |\n|---|---|\n| **Date** | {date} |\n| **Authors** | {', '.join(names)} |\n"
                              f"| **Status** | {status} |")
            else:
                blocks.append(f"**Date:** {date}  \n**Authors:** {', '.join(names)}  \n**Status:** {status}")
        if rng.random() < 0.3:
            review = (self.start.date() + dt.timedelta(days=rng.randint(2, 9))).isoformat()
            blocks.append(rng.choice(["<!-- Written from the post-mortem template v3. Delete the hints before "
                                      "publishing. -->",
                                      f"<!-- Reviewed in the weekly incident review on {review} -->",
                                      "<!-- pmlint-disable-file PM301 -->"]))
        return "\n\n".join(blocks)

    def heading(self, text: str, number: list[int]) -> str:
        if self.numbered:
            number[0] += 1
            text = f"{number[0]}. {text}"
        return "## " + text

    # -- times ---------------------------------------------------------------------------------------

    def local(self, moment: dt.datetime) -> dt.datetime:
        if self.zone == "pst":
            return moment - dt.timedelta(hours=8)
        if self.zone == "offset":
            return moment + dt.timedelta(hours=2)
        return moment

    def clock_text(self, moment: dt.datetime, dated: bool = False) -> str:
        local = self.local(moment)
        if self.zone == "offset":
            return local.strftime("%Y-%m-%dT%H:%M") + "+02:00"
        text = _twelve_hour(local) if self.twelve_hour else local.strftime("%H:%M")
        if self.zone == "utc-entry":
            if self.entry_zone_style == "iso":
                return local.strftime("%Y-%m-%dT%H:%MZ")
            if self.entry_zone_style == "dated":
                return local.strftime("%Y-%m-%d %H:%M UTC")
            text += " UTC"
        if dated:
            text = local.strftime("%Y-%m-%d ") + text
        return text

    def zone_words(self) -> str:
        return {"pst": " PST", "offset": " (UTC+02:00)", "none": ""}.get(self.zone, " UTC")

    def span_text(self, with_date: bool = True) -> str:
        start, end = self.local(self.start), self.local(self.end())
        show = _twelve_hour if self.twelve_hour else (lambda moment: moment.strftime("%H:%M"))
        zone = self.zone_words()
        if start.date() == end.date():
            return f"from {show(start)} to {show(end)}{zone}" + (f" on {_long_date(start.date())}" if with_date else "")
        return (f"from {show(start)}{zone} on {_long_date(start.date())} to {show(end)}{zone} on "
                f"{_long_date(end.date())}")

    def end(self) -> dt.datetime:
        return max(self.times, default=self.start) + self.resolve_gap

    # -- the executive summary ---------------------------------------------------------------------

    def summary_section(self, number: list[int]) -> _Section:
        title = self.rng.choice(["Executive Summary", "Summary", "Overview"] if self.strict else
                                ["Executive Summary", "Executive Summary", "Summary", "TL;DR", "Overview",
                                 "Incident Summary", "Issue Summary"])
        section = _Section("summary", self.heading(title, number))
        section.tail = self.summary_blocks
        return section

    def summary_blocks(self) -> list[str]:
        # Written last (it states the timeline's final duration), from its own generator so that
        # rendering again while sizing the document gives the same words.
        scn, rng = self.scn, random.Random(f"summary:{self.seed_text}")
        minutes = int((self.end() - self.start).total_seconds() // 60)
        if self.summary_defect == "wrong-duration":
            minutes = max(5, minutes // 3)
        count = self.affected
        form = rng.choice([0, 0, 1, 2])
        if self.jargon:
            impact = f"{_cap(scn.impact_tech)}; about {count} {scn.users} were affected."
            cause = _cap(scn.cause_tech) + "."
        else:
            impact = f"About {count} {scn.users} could not {scn.impact_verb}: {scn.symptom}."
            cause = _cap(scn.cause) + "."
        duration = f"{_duration_text(minutes, form)}, {self.span_text()}."
        status = rng.choice([f"Resolved. {_cap(scn.remedy)}.", "Resolved; follow-up work is listed under Action Items.",
                             f"Mitigated: {scn.remedy}. Long-term fixes are in progress."])
        if self.summary_defect == "tbd-cause":
            cause = "TBD"
        fields = [("Impact", impact), ("Duration", duration), ("Root Cause", cause), ("Status", status)]
        if self.summary_defect == "no-status":
            fields.pop()
        if self.summary_style == "bullets":
            line = rng.choice(["- **{k}:** {v}", "- {k}: {v}", "* **{k}**: {v}"])
            return ["\n".join(line.format(k=k, v=v) for k, v in fields)]
        if self.summary_style == "bold":
            return [f"**{k}:** {v}" for k, v in fields]
        if self.summary_style == "table":
            rows = "\n".join(f"| {k} | {v.replace('|', '/')} |" for k, v in fields)
            return ["| Field | Details |\n|-------|---------|\n" + rows]
        if self.local(self.start).date() == self.local(self.end()).date():
            text = f"On {_long_date(self.local(self.start).date())}, {self.span_text(with_date=False)} "
        else:
            text = f"{_cap(self.span_text())} "
        text += f"({_duration_text(minutes, form)}), "
        if self.jargon:
            text += f"{scn.impact_tech}. This happened because {scn.cause_tech}."
        else:
            text += f"about {count} {scn.users} could not {scn.impact_verb}. This happened because {scn.cause}."
        if self.summary_defect != "no-status":
            text += " " + status
        blocks = [text]
        if rng.random() < 0.3:
            blocks.append(f"This document covers the response, the causes and the work that follows. The "
                          f"{scn.team} team owns the follow-up.")
        return blocks

    # -- the timeline --------------------------------------------------------------------------------

    def timeline_section(self, number: list[int]) -> _Section:
        rng = self.rng
        title = rng.choice(["Timeline", "Timeline", "Incident Timeline", "Chronology", "Timeline of Events"])
        if self.zone == "utc-heading":
            title += rng.choice([" (UTC)", " (all times UTC)"])
        elif self.zone == "pst" and rng.random() < 0.6:
            title += " (all times PST)"
        section = _Section("timeline", self.heading(title, number), weight=40)
        if self.zone == "utc-intro":
            section.intro.append(rng.choice(["All times are in UTC.", "All times UTC.", "All times below are in UTC."]))
        elif self.zone == "pst" and "PST" not in title:
            section.intro.append("All times are in PST.")
        if rng.random() < 0.2:
            section.intro.append(f"Times come from the incident channel and the {self.scn.alert} alert history.")
        if self.tl_style == "table":
            section.joiner = "\n"
            if self.tl_table_dates:
                section.body.append(f"| Date | {self.tl_table_header} | Event |\n|------|------|-------|")
            else:
                section.body.append(f"| {self.tl_table_header} | Event |\n|------|-------|")
        elif self.tl_style in ("bullets", "numbered"):
            section.joiner = "\n"
        elif self.tl_style == "bold":
            section.joiner = rng.choice(["\n\n", "\n"])
        section.tail = self.timeline_resolution
        section.grow = self.timeline_entry
        # The skeleton: the change that started it (no impact words), then the first alert.
        section.body.extend(self.entry(self.start - self.trigger_gap, self.fill(self.scn.trigger)))
        section.body.extend(self.entry(self.start, self.fill(rng.choice([
            "{alert} alert fires for the {service}.", "{alert} alert fired; on-call paged.",
            "First customer reports: {symptom}.", "Monitoring alert: error rate for the {service} above {pct}%."]))))
        return section

    def entry(self, moment: dt.datetime, text: str) -> list[str]:
        """The blocks of one timeline entry, with a date heading first when its day starts."""
        blocks = []
        day = self.local(moment).date()
        new_day = self.tl_day is not None and day > self.tl_day
        if self.tl_style == "table":
            self.tl_dated_cells = self.tl_dated_cells or new_day
        elif new_day or (self.tl_day is None and self.tl_date_heading):
            blocks.append(self.date_heading(day, self.rng.random() < 0.6))
        if self.tl_day is None or new_day:
            self.tl_day = day
        blocks.append(self.entry_text(moment, text, len(self.times) + 1))
        self.times.append(moment)
        return blocks

    def date_heading(self, day: dt.date, iso: bool) -> str:
        text = day.isoformat() if iso else f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        return f"\n### {text}\n" if self.tl_style in ("bullets", "numbered", "bold") else f"### {text}"

    def entry_text(self, moment: dt.datetime, text: str, index: int, nested: bool = True) -> str:
        style = self.tl_style
        if style == "table":
            cell = text.replace("|", "\\|")
            if self.tl_table_dates:
                return f"| {self.local(moment).date().isoformat()} | {self.clock_text(moment)} | {cell} |"
            return f"| {self.clock_text(moment, dated=self.tl_dated_cells)} | {cell} |"
        stamp = self.clock_text(moment)
        if style == "bullets":
            line = self.tl_bullet.format(t=stamp, e=text)
            if nested and self.rng.random() < 0.08:
                line += "\n  - " + self.fill(self.rng.choice(NESTED))
            return line
        if style == "numbered":
            return f"{index}. {stamp} — {text}"
        if style == "bold":
            return f"**{stamp}** — {text}"
        return f"#### {stamp}\n\n{text}"

    def timeline_entry(self) -> list[str]:
        rng = self.rng
        if self.out_of_order and len(self.times) > 3 and rng.random() < 0.05:
            moment = self.clock - dt.timedelta(minutes=rng.randint(4, 20))
            if self.local(moment).date() == self.tl_day:
                self.out_of_order -= 1
                return self.entry(moment, "(Added later) " + self.sentence(EVENTS))
        step = rng.choice((0, 1, 1, 2, 2, 3)) if self.big else rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 12))
        self.clock += dt.timedelta(minutes=step)
        return self.entry(self.clock, self.sentence(self.salted(EVENTS)))

    def timeline_resolution(self) -> list[str]:
        moment = self.end()
        text = random.Random(f"resolution:{self.seed_text}").choice([
            "Error rates back to normal; incident resolved.", "{service} fully operational; incident closed.",
            "All clear: {metric} back to normal for 30 minutes. Incident resolved.",
            "Service restored in all regions; monitoring continues."]).format(
            service=_cap(self.scn.service), metric=self.scn.metric)
        day = self.local(moment).date()
        new_day = self.tl_day is not None and day > self.tl_day
        if self.tl_style == "table" and not self.tl_table_dates:
            return [f"| {self.clock_text(moment, dated=self.tl_dated_cells or new_day)} | {text} |"]
        blocks = [self.date_heading(day, True)] if new_day and self.tl_style != "table" else []
        return blocks + [self.entry_text(moment, text, len(self.times) + 1, nested=False)]

    # -- other sections ------------------------------------------------------------------------------

    def rca_section(self, number: list[int]) -> _Section:
        rng, scn = self.rng, self.scn
        title = rng.choice(["Root Cause Analysis", "Root Cause Analysis", "Root Cause", "Root Causes",
                            "Contributing Factors", "Why It Happened"])
        section = _Section("rca", self.heading(title, number), weight=18)
        section.intro.append(f"{_cap(scn.cause_tech)}. " + self.prose(RCA, 1, 2))
        if rng.random() < 0.5:
            section.intro.append(self.config_block())
        if rng.random() < 0.75:
            section.intro.append(self.five_whys())
        section.grow = lambda: self.rca_growth(section)
        return section

    def five_whys(self) -> str:
        scn, rng = self.scn, self.rng
        whys = [
            f"Why could {scn.users} not {scn.impact_verb}? Because {scn.symptom}.",
            f"Why was that? Because {scn.cause}.",
            f"Why was the change not caught before production? Nothing in the pipeline checks `{scn.key}`, and "
            "staging never reaches the load where the value matters.",
            "Why is there no such check? Configuration files are reviewed by hand, and the review template has "
            "no item for limits and defaults.",
            "Why does the review rely on people alone? Configuration was never part of the release checklist.",
        ]
        if self.issues and rng.random() < 0.3:
            whys[2] = self.fill(BLAME_WHY)
        lines = [f"{index}. {why}" for index, why in enumerate(whys, 1)]
        if rng.random() < 0.4:
            lines.insert(2, "   - " + self.fill(rng.choice(NESTED)))
        heading = rng.choice(["### Five whys", "**Five whys**", ""])
        return (heading + "\n\n" if heading else "") + "\n".join(lines)

    def config_block(self) -> str:
        scn, rng = self.scn, self.rng
        path = scn.key.split(".")
        if scn.config_lang == "json":
            body = f'{{\n  "{path[0]}": {{\n    "{".".join(path[1:])}": {scn.bad}\n  }}\n}}'
        elif scn.config_lang == "ini":
            body = f"[{path[0]}]\n{'.'.join(path[1:])} = {scn.bad.strip(chr(34))}"
        elif scn.config_lang == "hcl":
            body = f'resource "dns_record" "api" {{\n  {scn.key} = {scn.bad}\n  ttl = 3600\n}}'
        else:
            lines = [f"{'  ' * depth}{part}:" for depth, part in enumerate(path[:-1])]
            lines.append(f"{'  ' * (len(path) - 1)}{path[-1]}: {scn.bad}   # was {scn.good}")
            body = "\n".join(lines)
        fence = rng.choice(["```", "~~~"])
        intro = rng.choice([f"The value that reached production ({self.fill('{pr}')}):",
                            "The configuration as deployed:", f"From `{scn.component}/config/production`:"])
        return f"{intro}\n\n{fence}{scn.config_lang}\n{body}\n{fence}"

    def log_block(self) -> str:
        rng = self.rng
        moment = self.start + dt.timedelta(minutes=rng.randint(0, 30))
        lines = []
        for _ in range(rng.randint(3, 7)):
            moment += dt.timedelta(seconds=rng.randint(1, 50), milliseconds=rng.randint(0, 999))
            lines.append(f"{moment.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}Z {self.scn.host}-{rng.randint(1, 24):02d} "
                         f"{self.scn.log}")
        intro = rng.choice(["Log excerpt:", f"From `{self.scn.component}`:", "What the logs showed:"])
        return intro + "\n\n```text\n" + "\n".join(lines) + "\n```"

    def rca_growth(self, section: _Section) -> list[str]:
        rng = self.rng
        blocks = []
        if section.grown % 4 == 3 and (self.big or rng.random() < 0.3):
            blocks.append(f"### {self.fill(rng.choice(FACTORS))}")
        roll = rng.random()
        if roll < 0.08:
            blocks.append(self.log_block())
        elif roll < 0.14:
            blocks.append(f"We checked with `{self.scn.command}`." if rng.random() < 0.4 else
                          f"We checked with:\n\n```sh\n{self.scn.command}\n```")
        elif roll < 0.2:
            marker = self.list_marker
            items = [f"{marker} {self.sentence(RCA)}" for _ in range(rng.randint(2, 4))]
            items.insert(1, f"  {marker} {self.fill(rng.choice(NESTED))}")
            blocks.append("\n".join(items))
        elif roll < 0.24:
            blocks.append("> " + self.prose(RCA, 1, 2) + f"\n>\n> — from the notes of {self.fill('{person}')}")
        else:
            blocks.append(self.prose(RCA, 2, 5))
        return blocks

    def list_section(self, kind: str, title: str, pool: tuple[str, ...], number: list[int], weight: float,
                     cap: int, salt: bool) -> _Section:
        section = _Section(kind, self.heading(title, number), joiner="\n", weight=weight, cap=cap)
        marker = self.list_marker

        def grow() -> list[str]:
            item = f"{marker} {self.sentence(self.salted(pool) if salt else pool)}"
            if self.rng.random() < 0.12:
                item += f"\n  {marker} {self.fill(self.rng.choice(NESTED))}"
            return [item]

        section.grow = grow
        section.body.extend(grow())
        return section

    def action_section(self, number: list[int]) -> _Section:
        rng = self.rng
        title = rng.choice(["Action Items", "Action Items", "Action items", "Corrective Actions", "Follow-ups",
                            "Next Steps", "Remediation"])
        section = _Section("actions", self.heading(title, number), weight=8, cap=60 if self.big else 30)
        if rng.random() < 0.2:
            section.intro.append("Each item has a ticket; the tracker has the current status.")
        if self.action_style == "table":
            section.joiner = "\n"
            columns = self.action_columns
            section.body.append("| " + " | ".join(columns) + " |\n|" + "|".join("---" for _ in columns) + "|")
        elif self.action_style in ("list", "will"):
            section.joiner = "\n"
        section.grow = self.action_item
        for _ in range(2):
            section.body.extend(self.action_item())
        return section

    def action_item(self) -> list[str]:
        rng = self.rng
        self.action_count += 1
        blocks = []
        if self.action_style == "grouped" and self.action_count in (1, 4, 9):
            blocks.append("### " + {1: "Immediate", 4: "Short-term", 9: "Long-term"}[self.action_count])
        vague = rng.random() < self.vague_rate
        what = self.sentence(VAGUE_ACTIONS if vague else SPECIFIC_ACTIONS)
        person = rng.choice(self.people)
        roll = rng.random()
        if roll < 0.6 or self.strict:
            owner = f"{person[0]} {person[1]}"
        elif roll < 0.75:
            owner = self.handle(person)
        elif roll < 0.83:
            owner = rng.choice(["Platform team", "SRE", "infra", f"{_cap(self.scn.team)} team"])
        elif roll < 0.93:
            owner = ""
        else:
            owner = "TBD"
        due_day = self.start.date() + dt.timedelta(days=rng.randint(7, 120))
        roll = rng.random()
        if roll < 0.55 or self.strict:
            due = due_day.isoformat()
        elif roll < 0.7:
            due = f"{MONTHS[due_day.month - 1]} {due_day.day}, {due_day.year}"
        elif roll < 0.78:
            due = f"Q{(due_day.month - 1) // 3 + 1} {due_day.year}"
        elif roll < 0.85:
            due = "ASAP"
        elif roll < 0.95:
            due = ""
        else:
            due = "next sprint"
        status = rng.choice(["Open", "In progress", "Done", "Not started", "Open"])
        ticket = self.ticket() if rng.random() < 0.5 else ""
        if self.action_style == "table":
            values = {"ID": f"AI-{self.action_count}", "#": str(self.action_count), "Action": what, "Item": what,
                      "Action item": what, "Owner": owner, "Assignee": owner, "Due": due, "Due date": due,
                      "Deadline": due, "Status": status, "Ticket": ticket}
            blocks.append("| " + " | ".join(values[column] for column in self.action_columns) + " |")
            return blocks
        if self.action_style == "will" and " " in owner and due:
            line = f"- {person[0]} will {what[0].lower() + what[1:]} by {due}."
            blocks.append(line + (f" {ticket}" if ticket else ""))
            return blocks
        if self.action_bullet == "task":
            details = ", ".join(part for part in (f"owner: {owner}" if owner else "", f"due: {due}" if due else "")
                                if part)
            line = f"- [{'x' if status == 'Done' else ' '}] {what}" + (f" ({details})" if details else "")
            line += f" {ticket}" if ticket else ""
        elif self.action_bullet == "dash":
            line = f"- {what}" + (f" — {owner}" if owner else "") + (f", by {due}" if due else "")
            line += f" ({ticket})" if ticket else ""
        elif self.action_bullet == "bold":
            line = f"{self.action_count}. **{what}.**" + (f" Owner: {owner}." if owner else "")
            line += (f" Due: {due}." if due else "") + (f" Ticket: {ticket}" if ticket else "")
        else:
            line = f"- {what}." + (f" Owner: {owner}" if owner else "") + (f"; due {due}." if due else "")
            line += f" {ticket}" if ticket else ""
        blocks.append(line)
        return blocks

    def lessons_section(self, number: list[int]) -> _Section:
        rng = self.rng
        title = rng.choice(["Lessons Learned", "Lessons Learned", "Lessons learnt", "Key Takeaways", "Learnings"])
        section = _Section("lessons", self.heading(title, number), weight=5, cap=25)
        if not self.strict and rng.random() < 0.05:
            section.body.append("TBD")  # not written yet
            return section
        if rng.random() < 0.5:
            section.joiner = "\n"
            marker = self.list_marker
            section.grow = lambda: [f"{marker} {self.sentence(self.salted(LESSONS))}"]
        else:
            section.grow = lambda: [self.prose(LESSONS, 1, 3)]
        section.body.extend(section.grow())
        return section

    def prose_section(self, title: str, opener: str, number: list[int], weight: float) -> _Section:
        section = _Section("prose", self.heading(title, number), weight=weight, cap=20)
        section.body.append(self.fill(opener) + " " + self.prose(RCA, 1, 2))
        section.grow = lambda: [self.prose(RCA, 2, 4)]
        return section

    def impact_section(self, number: list[int]) -> _Section:
        rng = self.rng
        section = _Section("impact", self.heading(rng.choice(["Impact", "Customer Impact", "User Impact"]), number),
                           weight=4, cap=10)
        section.body.append(self.fill("Between the first alert and the fix, {pct}% of requests to the {service} "
                                      "returned errors, and about {affected} {users} were affected.",
                                      affected=self.affected))
        if rng.random() < 0.5:
            section.body.append("| Region | Requests with errors | Share |\n|---|---|---|\n" + "\n".join(
                f"| {region} | {rng.randint(1000, 90000):,} | {rng.randint(2, 60)}% |"
                for region in rng.sample(REGIONS, 3)))
        if rng.random() < 0.4:
            section.body.append(self.fill("> We could not {impact_verb} for most of the afternoon. Is there an "
                                          "estimate for the fix?\n>\n> — a customer, in {ticket}"))
        section.grow = lambda: [self.prose(RCA, 2, 4)]
        return section

    def communication_section(self, number: list[int]) -> _Section:
        section = _Section("communication", self.heading("Customer Communication", number), weight=2, cap=8)
        moment = self.local(self.start + dt.timedelta(minutes=self.rng.randint(8, 30)))
        shown = _twelve_hour(moment) if self.twelve_hour else moment.strftime("%H:%M")
        section.body.append(f"The first status page update, published at {shown}{self.zone_words()}:")
        section.body.append(f"> **Investigating** — Some {self.scn.users} cannot {self.scn.impact_verb}. We are "
                            f"working on it and will post an update within 30 minutes.")
        section.grow = lambda: [self.prose(WELL, 1, 3)]
        return section

    def appendix_section(self, number: list[int]) -> _Section:
        section = _Section("appendix", self.heading("Appendix", number), weight=14 if self.big else 3)
        section.body.append(f"![{_cap(self.scn.metric)} during the incident](images/{self.scn.slug}-"
                            f"{self.rng.randint(1, 99)}.png)")
        section.grow = lambda: self.appendix_growth(section)
        return section

    def appendix_growth(self, section: _Section) -> list[str]:
        rng = self.rng
        blocks = []
        if section.grown % 3 == 0:
            if self.big and section.grown % 15 == 0:
                self.appendix_count += 1
                topic = rng.choice(["Notes from `{host}`", "Investigation of the {dependency}", "Metrics for {region}",
                                    "Follow-up analysis of `{component}`", "Review of release `{version}`"])
                blocks.append(f"## Appendix {self.appendix_count}: {self.fill(topic)}")
            else:
                topic = rng.choice(["Notes on `{host}`", "The {dependency} in {region}", "Queue `{queue}`",
                                    "Table `{table}`", "Release `{version}`"])
                blocks.append(f"### {self.fill(topic)}")
        roll = rng.random()
        if roll < 0.2:
            blocks.append(self.log_block())
        elif roll < 0.3:
            blocks.append(f"| Host | {_cap(self.scn.metric)} | Restarts |\n|---|---|---|\n" + "\n".join(
                f"| `{self.scn.host}-{rng.randint(1, 40):02d}` | {rng.randint(10, 99)}% | {rng.randint(0, 14)} |"
                for _ in range(rng.randint(3, 8))))
        elif roll < 0.35:
            blocks.append(f"<!-- TODO: replace with the graph from {self.fill('{dashboard}')} -->")
        else:
            blocks.append(self.prose(RCA, 2, 5))
        return blocks

    # -- the whole document ------------------------------------------------------------------------

    def build(self, target: int) -> None:
        """The skeleton of every section, grown by about ``target`` bytes in all."""
        rng = self.rng
        number = [0]
        sections = [self.summary_section(number)]
        if self.big or rng.random() < 0.3:
            sections.append(self.impact_section(number))
        if self.big or rng.random() < 0.2:
            sections.append(self.prose_section("Detection", "The {alert} alert paged the {team} on-call engineer.",
                                               number, 3))
        timeline = self.timeline_section(number)
        sections.append(timeline)
        rca = self.rca_section(number)
        sections.append(rca)
        if self.big or rng.random() < 0.25:
            sections.append(self.prose_section("Recovery", "Recovery started once the cause was clear: {remedy}.",
                                               number, 3))
        sections.append(self.list_section("well", rng.choice(["What Went Well", "What went well",
                                                              "Things that went well", "What went right"]),
                                          WELL, number, 6, 25, salt=False))
        wrong = self.list_section("wrong", rng.choice(["What Went Wrong", "What went wrong", "Areas for improvement",
                                                       "What could have gone better"]
                                                      + ([] if self.strict else ["What didn't go well"])),
                                  WRONG, number, 7, 30, salt=True)
        sections.append(wrong)
        if rng.random() < 0.15:
            sections.append(self.list_section("lucky", "Where We Got Lucky", WELL, number, 2, 6, salt=False))
        if self.strict or rng.random() < 0.97:
            sections.append(self.action_section(number))
        if self.strict or rng.random() < 0.95:
            sections.append(self.lessons_section(number))
        if rng.random() < 0.2:
            sections.append(self.communication_section(number))
        if rng.random() < 0.15:
            participants = _Section("participants", self.heading("Participants", number), joiner="\n")
            participants.body.extend(f"- {first} {last} ({self.handle((first, last))})" for first, last in self.people)
            sections.append(participants)
        if self.big or rng.random() < 0.25:
            sections.append(self.appendix_section(number))
        self.sections = sections
        if self.issues:
            # At least one blame phrase, in the analysis or in what went wrong; usually a charged word too.
            where = rng.choice([rca, wrong])
            sentence = self.fill(rng.choice(BLAME))
            where.body.append(f"{self.list_marker} {sentence}" if where.joiner == "\n" else sentence)
            if self.charged:
                rng.choice([rca, wrong, timeline]).after.append(self.fill(rng.choice(CHARGED_SENTENCES)))
        self.head_text = self.head()
        size = _utf8(self.render())
        while size < target:
            size += self.grow_once()

    def grow_once(self) -> int:
        candidates = [section for section in self.sections
                      if section.grow is not None and section.weight > 0
                      and (section.cap is None or section.grown < section.cap)]
        section = self.rng.choices(candidates, [section.weight for section in candidates])[0]
        state = (self.clock, self.tl_day, self.tl_dated_cells, self.out_of_order, self.action_count,
                 self.appendix_count)
        entries = len(self.times)
        assert section.grow is not None
        blocks = section.grow()
        if section.joiner == "\n":  # a heading inside a list or table needs blank lines around it
            blocks = [f"\n{block}\n" if block.startswith("#") else block for block in blocks]
        section.body.extend(blocks)
        section.grown += 1
        self.history.append((section, len(blocks), len(self.times) - entries, state))
        return sum(_utf8(block) + len(section.joiner) for block in blocks)

    def undo(self) -> None:
        section, blocks, entries, state = self.history.pop()
        del section.body[len(section.body) - blocks:]
        del self.times[len(self.times) - entries:]
        section.grown -= 1
        (self.clock, self.tl_day, self.tl_dated_cells, self.out_of_order, self.action_count,
         self.appendix_count) = state

    def render(self) -> str:
        return "\n\n".join([self.head_text] + [section.render() for section in self.sections]) + "\n"

    def sized(self, target: int, low: int, high: int) -> str:
        """The document grown to about ``target`` bytes, then adjusted until it is within [low, high]."""
        self.build(target)
        text = self.render()
        for _ in range(100_000):
            size = _utf8(text)
            if size < low:
                self.grow_once()
            elif size > high and self.history:
                self.undo()
            else:
                return text
            text = self.render()
        raise RuntimeError(f"cannot size the document to {low}..{high} bytes")


def _long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _duration_text(minutes: int, form: int = 0) -> str:
    """``134`` → "2 hours and 14 minutes" (form 0), "2 hours 14 minutes" (1) or "2 h 14 min" (2)."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    units = (("day", "days"), ("hour", "hours"), ("minute", "minutes")) if form < 2 else \
        (("d", "d"), ("h", "h"), ("min", "min"))
    parts = [f"{amount} {unit[amount != 1]}" for amount, unit in zip((days, hours, mins), units) if amount]
    if not parts:
        parts = [f"0 {units[2][1]}"]
    if len(parts) == 1 or form > 0:
        return " ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
