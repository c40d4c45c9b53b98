"""Timeline rules: times in UTC (PM101), in chronological order (PM102), matching the stated duration (PM103)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pmlint.checks import RuleContext, check
from pmlint.document import Document
from pmlint.durations import format_minutes, parse_duration
from pmlint.model import Span, Violation
from pmlint.timeline import Timeline, TimelineEntry, timelines
from pmlint.timestamps import format_offset, is_known_zone, is_utc, zone_family, zone_label
from pmlint.zonefix import convert_run

_SOURCES = {"heading": "declared in the heading on line {line}", "intro": "declared on line {line}",
            "table header": "declared in the table header on line {line}",
            "document": "declared for all times on line {line}", "previous entry": "carried over from the entry on line {line}"}
# Where a run's zone comes from, said at the declaration itself.
_RUN_SOURCES = {"heading": "declared in the heading", "intro": "declared here", "table header": "declared in the table header",
                "document": "declared for all times in the document"}


@check("PM101")
def timestamp_not_utc(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report a timeline (or a run of its entries) in a zone other than UTC, or with no zone, once.

    Entries that share a declared zone (one clock: "PST" and "PDT" are one), the absence of any
    zone, or (without a declaration) one zone written on the entries make one run, reported once:
    at the first declaration of that zone, or at the first entry. An entry whose own zone differs
    from the one declared over it, and a time that cannot be read, are reported on their own.
    """
    accept_gmt = bool(context.options.get("accept-gmt", True))
    runs: dict[tuple[object, ...], list[TimelineEntry]] = {}
    found = timelines(doc)
    for timeline in found:
        for entry in timeline.entries:
            if entry.stamp.error is not None:
                yield Violation(entry.span, kind="invalid", args={"error": entry.stamp.error})
                continue
            if not entry.has_time or is_utc(entry.zone, accept_gmt):
                continue
            runs.setdefault(_run_key(entry), []).append(entry)
    for key, entries in runs.items():
        yield _run_violation(doc, found[entries[0].timeline], key, entries)


def _run_key(entry: TimelineEntry) -> tuple[object, ...]:
    declared = entry.declaration
    if entry.zone is None:
        return ("missing", entry.timeline)
    if declared is not None and zone_family(declared.zone) == zone_family(entry.zone):
        if declared.source == "document":
            return ("declared", declared.span)  # one statement for every timeline of the document
        return ("declared", entry.timeline, zone_family(entry.zone))
    if declared is not None:
        return ("own", entry.span)  # its own zone, other than the one declared over it
    return ("written", entry.timeline, zone_family(entry.zone))


def _run_violation(doc: Document, timeline: Timeline, key: tuple[object, ...], entries: list[TimelineEntry]) -> Violation:
    first = entries[0]
    count = f"{len(entries)} entries" if len(entries) > 1 else "1 entry"
    if key[0] == "missing":
        if len(entries) == 1:
            return Violation(first.span, kind="missing")
        return Violation(first.span, kind="run-missing", args={"count": count})
    if key[0] == "declared" and first.declaration is not None:
        family = zone_family(first.declaration.zone)
        declarations = [first.declaration]
        if first.declaration.source != "document":
            declarations = [declared for declared in timeline.declarations if zone_family(declared.zone) == family]
        declarations.sort(key=lambda declared: (declared.span.line, declared.span.column))
        where = _RUN_SOURCES[declarations[0].source]
        if len(declarations) > 1:
            where += f", and {len(declarations) - 1} more time" + ("s" if len(declarations) > 2 else "")
        zone = declarations[0].zone
        fix = None
        if all(declared.source != "document" for declared in declarations):
            fix = convert_run(doc, timeline, declarations, entries)
        return Violation(declarations[0].span, kind=_kind(zone, run=True),
                         args={"zone": zone_label(zone), "where": where, "count": count},
                         suggestion=_run_suggestion(entries), fix=fix)
    zone = first.zone
    assert zone is not None
    if len(entries) > 1:
        return Violation(first.span, kind=_kind(zone, run=True),
                         args={"zone": zone_label(zone), "where": "written on the entries", "count": count},
                         suggestion=_run_suggestion(entries))
    return Violation(first.span, kind=_kind(zone, run=False), args={"zone": zone_label(zone), "declared": _declared(first)},
                     suggestion=_in_utc(first))


def _kind(zone: str, run: bool) -> str:
    if zone == "LOCAL":
        kind = "local"
    elif not is_known_zone(zone):
        kind = "unknown"
    else:
        kind = "default"
    return ("run-" + kind if kind != "default" else "run") if run else kind


def _run_suggestion(entries: list[TimelineEntry]) -> str | None:
    """The first entry in UTC as an example, and what to check by hand."""
    example = next((entry for entry in entries if entry.date is not None and _in_utc(entry) is not None), None)
    example = example or next((entry for entry in entries if _in_utc(entry) is not None), None)
    if example is None:
        return None
    text = f"convert each time to UTC: {_shown(example, dated=True)} is {_in_utc(example)}"
    unsure = [entry for entry in entries if entry.reading.ambiguous and entry is not example]
    if unsure:
        text += (f"; check {len(unsure)} {'more ' if example.reading.ambiguous else ''}of the times by hand,"
                 f" daylight saving makes their offset uncertain (first on line {unsure[0].line})")
    return text


@check("PM102")
def timeline_order(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report entries earlier than the entry before them, within each timeline."""
    for timeline in timelines(doc):
        previous: TimelineEntry | None = None
        for entry in timeline.entries:
            if entry.stamp.error is not None:
                continue
            if previous is not None and _earlier(entry, previous):
                dated = entry.date != previous.date  # "22:00 is earlier than 08:00" only makes sense with dates
                yield Violation(entry.span, args={"current": _shown(entry, dated), "previous": _shown(previous, dated),
                                                  "previous_line": previous.line})
            previous = entry


def _declared(entry: TimelineEntry) -> str:
    if entry.zone_source in (None, "entry"):
        return ""
    return " (" + _SOURCES[entry.zone_source].format(line=entry.zone_line) + ")"


def _in_utc(entry: TimelineEntry) -> str | None:
    """The entry's time in UTC, with its date when the entry has one, and a note when the clock was not
    the one the abbreviation names ("PST" on a June date) or the offset is uncertain."""
    reading = entry.reading
    offset = reading.offset
    clock = entry.clock
    if offset is None or clock is None:
        return None
    base = entry.date if entry.date is not None else dt.date(2000, 1, 1)
    try:
        moment = dt.datetime.combine(base, clock) - dt.timedelta(minutes=offset)
    except OverflowError:  # 0001-01-01 00:30 +01:00 is before the first date Python has
        return None
    written = entry.stamp
    time_text = moment.strftime("%H:%M:%S" if written.second else "%H:%M")
    if entry.date is not None and entry.year_known:
        result = f"{moment.date().isoformat()} {time_text} UTC"
    elif entry.date is not None:
        result = f"{moment.strftime('%b')} {moment.day} {time_text} UTC"
    else:
        shift = (moment.date() - base).days
        result = f"{time_text} UTC" + (" (next day)" if shift > 0 else " (previous day)" if shift < 0 else "")
    if reading.note:
        result += f" ({reading.note})"
    elif reading.ambiguous:
        result += f" if {entry.zone} was {format_offset(offset)}; daylight saving may make it an hour different"
    return result


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
        now_minutes = _minutes(entry.clock) - (entry.offset or 0)
        before_minutes = _minutes(previous.clock) - (previous.offset or 0)
        if previous.clock.hour >= 18 and entry.clock.hour < 6:
            return False  # past midnight
        return now_minutes < before_minutes
    return False


def _minutes(clock: dt.time) -> int:
    return clock.hour * 60 + clock.minute + clock.second / 60  # type: ignore[return-value]


def _shown(entry: TimelineEntry, dated: bool = False) -> str:
    """The entry's time as written for a message; with its date when written, or when ``dated``."""
    clock = entry.clock
    parts = []
    if entry.date is not None and (dated or not entry.date_carried or clock is None):
        parts.append(entry.date.isoformat() if entry.year_known else entry.date.strftime("%b %d").replace(" 0", " "))
    if clock is not None:
        parts.append(clock.strftime("%H:%M:%S" if clock.second else "%H:%M"))
    if entry.zone and clock is not None:
        parts.append(entry.zone)
    return " ".join(parts)


@check("PM103")
def duration_mismatch(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report a stated duration that differs from the first timeline's impact window beyond tolerance."""
    stated = _stated_duration(doc, str(context.options.get("field", "duration")))
    found = timelines(doc)
    if stated is None or not found:
        return
    minutes, span = stated
    window = _impact_window(found[0].entries, context)
    if window is None:
        return
    first, last = window
    start, end = first.instant(), last.instant()
    if start is None or end is None or end <= start:
        return
    actual = (end - start).total_seconds() / 60
    difference = abs(actual - minutes)
    if difference <= float(context.options.get("tolerance-minutes", 15)) or \
            difference <= float(context.options.get("tolerance-ratio", 0.25)) * minutes:
        return
    dated = first.date != last.date
    yield Violation(span, args={"stated": format_minutes(minutes), "window": format_minutes(actual),
                                "start": _shown(first, dated), "end": _shown(last, dated),
                                "start_line": first.line, "end_line": last.line})


def _stated_duration(doc: Document, field_key: str) -> tuple[float, Span] | None:
    """Minutes and span of the first duration written in the summary's duration field."""
    try:
        doc.catalog.section(field_key)
    except KeyError:
        return None
    summaries = doc.find_sections(doc.catalog.summary_section) if doc.catalog.summary_section else []
    for label in doc.find_labels(field_key):
        # Only the summary's own field: a "**Duration:**" under one of several incidents is not it.
        if label.block < 0 or not any(s.first_line <= label.line < s.end_line for s in summaries):
            continue
        segment = doc.blocks[label.block].segment
        start_at = segment.text.find(label.value) if label.value else -1
        if start_at == -1:
            continue
        parsed = parse_duration(label.value)
        if parsed is not None:
            minutes, start, end = parsed
            return minutes, segment.span(start_at + start, start_at + end)
    for section in doc.find_sections(field_key):
        for block in doc.blocks_in(section):
            if block.kind == "heading":
                continue
            parsed = parse_duration(block.segment.text)
            if parsed is not None:
                minutes, start, end = parsed
                return minutes, block.segment.span(start, end)
            break
    return _front_matter_duration(doc, field_key)


def _front_matter_duration(doc: Document, field_key: str) -> tuple[float, Span] | None:
    front = doc.front_matter
    if front is None or front.error is not None:
        return None
    value = front.data.get(field_key)
    if not isinstance(value, str):
        return None
    parsed = parse_duration(value)
    if parsed is None:
        return None
    for index in range(front.first_line + 1, front.last_line):
        line = doc.source.line_text(index)
        if line.lstrip().startswith(f"{field_key}:"):
            column = line.find(value[parsed[1]:parsed[2]])
            if column != -1:
                start = doc.source.offset(index, column)
                return parsed[0], doc.source.span(start, start + parsed[2] - parsed[1])
    return None


def _impact_window(entries: list[TimelineEntry], context: RuleContext) -> tuple[TimelineEntry, TimelineEntry] | None:
    timed = [entry for entry in entries if entry.stamp.error is None and entry.instant() is not None]
    if len(timed) < 2:
        return None
    if len({entry.offset is None for entry in timed}) > 1:
        return None  # some zones convert to UTC and some cannot: the window would be wrong
    starts = context.wordlist("timeline-impact-start").pattern
    ends = context.wordlist("timeline-resolution").pattern
    first = next((entry for entry in timed if starts.search(entry.text)), timed[0])
    last = next((entry for entry in reversed(timed) if ends.search(entry.text)), timed[-1])
    return (first, last) if timed.index(first) < timed.index(last) else None

