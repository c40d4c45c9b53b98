"""Timeline rules: times in UTC (PM101) and in chronological order (PM102)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pmlint.checks import RuleContext, check
from pmlint.document import Document
from pmlint.model import Violation
from pmlint.timeline import TimelineEntry, timelines
from pmlint.timestamps import is_utc

_SOURCES = {"heading": "declared in the heading on line {line}", "intro": "declared on line {line}",
            "table header": "declared in the table header on line {line}",
            "document": "declared for all times on line {line}", "previous entry": "as on the entry on line {line}"}


@check("PM101")
def timestamp_not_utc(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report each timeline time that is unreadable, zoneless, local, or in a zone other than UTC."""
    accept_gmt = bool(context.options.get("accept-gmt", True))
    for timeline in timelines(doc):
        for entry in timeline.entries:
            if entry.stamp.error is not None:
                yield Violation(entry.span, kind="invalid", args={"error": entry.stamp.error})
                continue
            if not entry.has_time or is_utc(entry.zone, accept_gmt):
                continue
            declared = _declared(entry)
            if entry.zone is None:
                yield Violation(entry.span, kind="missing")
            elif entry.zone == "LOCAL":
                yield Violation(entry.span, kind="local", args={"declared": declared})
            else:
                yield Violation(entry.span, args={"zone": entry.zone, "declared": declared},
                                suggestion=_in_utc(entry))


@check("PM102")
def timeline_order(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report entries earlier than the entry before them, within each timeline."""
    for timeline in timelines(doc):
        previous: TimelineEntry | None = None
        for entry in timeline.entries:
            if entry.stamp.error is not None:
                continue
            if previous is not None and _earlier(entry, previous):
                yield Violation(entry.span, args={"current": _shown(entry), "previous": _shown(previous),
                                                  "previous_line": previous.line})
            previous = entry


def _declared(entry: TimelineEntry) -> str:
    if entry.zone_source in (None, "entry"):
        return ""
    return " (" + _SOURCES[entry.zone_source].format(line=entry.zone_line) + ")"


def _in_utc(entry: TimelineEntry) -> str | None:
    """The entry's time in UTC, with its date when the entry has a date with a year."""
    offset = entry.offset
    clock = entry.clock
    if offset is None or clock is None:
        return None
    base = entry.date if entry.date is not None else dt.date(2000, 1, 1)
    moment = dt.datetime.combine(base, clock) - dt.timedelta(minutes=offset)
    written = entry.stamp
    time_text = moment.strftime("%H:%M:%S" if written.second else "%H:%M")
    if entry.date is not None and entry.year_known:
        return f"{moment.date().isoformat()} {time_text} UTC"
    if entry.date is not None:
        return f"{moment.strftime('%b')} {moment.day} {time_text} UTC"
    shift = (moment.date() - base).days
    return f"{time_text} UTC" + (" (next day)" if shift > 0 else " (previous day)" if shift < 0 else "")


def _earlier(entry: TimelineEntry, previous: TimelineEntry) -> bool:
    if entry.date is not None and previous.date is not None:
        if entry.clock is not None and previous.clock is not None:
            if (entry.offset is None) != (previous.offset is None) and entry.zone != previous.zone:
                return False  # one converts to UTC, the other cannot: not comparable
            now, before = entry.instant(), previous.instant()
            return now is not None and before is not None and now < before
        return entry.date < previous.date
    if entry.date is None and previous.date is None and entry.clock is not None and previous.clock is not None:
        if entry.zone != previous.zone and (entry.offset is None or previous.offset is None):
            return False
        now = _minutes(entry.clock) - (entry.offset or 0)
        before = _minutes(previous.clock) - (previous.offset or 0)
        if previous.clock.hour >= 18 and entry.clock.hour < 6:
            return False  # past midnight
        return now < before
    return False


def _minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute + clock.second / 60  # type: ignore[return-value]


def _shown(entry: TimelineEntry) -> str:
    clock = entry.clock
    parts = []
    if entry.date is not None and (not entry.date_carried or clock is None):
        parts.append(entry.date.isoformat() if entry.year_known else entry.date.strftime("%b %d").replace(" 0", " "))
    if clock is not None:
        parts.append(clock.strftime("%H:%M:%S" if clock.second else "%H:%M"))
    if entry.zone and clock is not None:
        parts.append(entry.zone)
    return " ".join(parts)
