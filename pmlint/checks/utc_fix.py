"""The unsafe fix for a timeline declared in a local zone: every time of the run in UTC, and the declaration.

Each time converts through the IANA zone on its own date (so "PST" on a June date is read as the
Pacific daylight clock, UTC-7), the date goes with it when the conversion crosses midnight, and the
declaration ("All times in CET") becomes "UTC". The fix is offered only when every time under the
declaration converts without doubt: each has a date with a known year, an offset that daylight
saving does not make uncertain, and a form the fix can rewrite; and no other time in the timeline's
text (a time mentioned in an entry's prose) would be left in the old zone. The edited document is
read again and must give the same instants, in UTC, or there is no fix.
"""
from __future__ import annotations

import datetime as dt

from pmlint.edits import apply_fixes
from pmlint.model import UNSAFE, Edit, Fix, Span
from pmlint.reading.document import Document
from pmlint.reading.prose import ProseSegment
from pmlint.reading.source import Source
from pmlint.reading.timeline_entries import (
    Declaration,
    Timeline,
    TimelineEntry,
    reread,
    reread_edited,
    timelines,
)
from pmlint.reading.timestamps import (
    find_time_starts,
    is_utc,
    normalize_zone,
    zone_mentions,
)


def convert_run(doc: Document, timeline: Timeline, declarations: list[Declaration],
                run: list[TimelineEntry]) -> Fix | None:
    """A fix that rewrites ``run`` (the entries whose zone ``declarations`` give, or without declarations
    the entries that write the zone themselves) and the declarations to UTC."""
    if not run:
        return None
    if declarations:
        scoped = [entry for entry in timeline.entries if entry.declaration in declarations]
        first_line = declarations[0].span.line
    else:
        scoped = [entry for entry in timeline.entries if entry.declaration is None]
        first_line = run[0].line
    if any(entry.stamp.error is not None for entry in scoped):
        return None  # "13:55 PM" under the declaration: no way to tell what it becomes
    if _loose_times(doc, timeline, first_line):
        return None
    restated: list[Edit] = []
    for declared in declarations:
        dropped = _restatements(doc, declared)
        if dropped is None:
            return None
        restated.extend(dropped)
    members = {id(entry) for entry in run}
    if any(entry.has_time and id(entry) not in members and not is_utc(entry.zone) for entry in scoped):
        return None  # an entry in a third zone: the reader may no longer see it as that zone
    converted: dict[int, dt.datetime] = {}
    for entry in run:
        moment = _utc(entry)
        if moment is None:
            return None
        converted[id(entry)] = moment
    expected = [(entry.line, converted.get(id(entry)) or entry.instant()) for entry in timeline.entries]
    crossing = [entry for entry in run if entry.date is not None and entry.date_carried
                and converted[id(entry)].date() != entry.date]
    for written in ([], crossing) if crossing else ([],):
        edits = [Edit(declared.span, "UTC", doc.source.span_text(declared.span)) for declared in declarations]
        edits.extend(restated)
        for entry in run:
            entry_edits = _entry_edits(doc, entry, converted[id(entry)], with_date=entry in written)
            if entry_edits is None:
                return None
            edits.extend(entry_edits)
        fix = _fix(edits)
        if _reads_back(doc, fix, timeline.index, expected, {entry.line for entry in run}):
            return fix
    # The reader did not roll a carried date over midnight where UTC does, even with the dates written out.
    return None


def _fix(edits: list[Edit]) -> Fix:
    edits.sort(key=lambda edit: (edit.span.line, edit.span.column))
    first = edits[0]
    return Fix(first.span, first.replacement, first.original, applicability=UNSAFE, further=tuple(edits[1:]))


def _utc(entry: TimelineEntry) -> dt.datetime | None:
    reading = entry.reading
    stamp = entry.stamp
    # ``time_span`` is None exactly when the stamp has no time part: tested without making the span.
    if entry.date is None or not entry.year_known or entry.clock is None or stamp.time_start is None \
            or stamp.time_end is None:
        return None
    if reading.offset is None or reading.ambiguous:
        return None
    try:
        return dt.datetime.combine(entry.date, entry.clock) - dt.timedelta(minutes=reading.offset)
    except OverflowError:
        return None


def _entry_edits(doc: Document, entry: TimelineEntry, moment: dt.datetime, with_date: bool) -> list[Edit] | None:
    # Each span is made once: a span is worked out from the entry's segment every time it is asked for.
    time_span = entry.time_span
    assert time_span is not None and entry.date is not None
    written = doc.source.span_text(time_span)
    clock = moment.strftime("%H:%M:%S" if written.count(":") == 2 else "%H:%M")
    edits: list[Edit] = []
    if moment.date() != entry.date:
        date_span = entry.date_span
        if date_span is not None:
            edits.append(Edit(date_span, moment.date().isoformat(), doc.source.span_text(date_span)))
        elif entry.date_carried and with_date:
            clock = f"{moment.date().isoformat()} {clock}"
        elif not entry.date_carried:
            return None  # a date written as "Oct 30th" or "4/21/23": not rewritten
    edits.append(Edit(time_span, clock, written))
    zone_span = entry.zone_span
    if zone_span is not None:
        edits.append(Edit(zone_span, "UTC", doc.source.span_text(zone_span)))
    range_end = entry.range_end
    if range_end is not None:
        span, end_clock = range_end
        end = dt.datetime.combine(entry.date, end_clock)
        if end_clock < (entry.clock or end_clock):
            end += dt.timedelta(days=1)
        offset = entry.reading.offset
        assert offset is not None
        end_utc = end - dt.timedelta(minutes=offset)
        edits.append(Edit(span, end_utc.strftime("%H:%M"), doc.source.span_text(span)))
    return edits


def _loose_times(doc: Document, timeline: Timeline, first_line: int) -> bool:
    """True when the timeline's text from ``first_line`` on mentions a time that is not an entry's:
    once the timeline says UTC, it would be read wrong.

    Times are told apart by where they start in the source: the offset of a time's first character
    (a digit, never a blank a span would trim) is where its span starts, so no span is made.
    """
    source = doc.source
    if first_line - 1 >= source.line_count:
        return False
    first_offset = source.line_starts[max(0, first_line - 1)]
    known: set[int] = set()
    for entry in timeline.entries:
        stamp = entry.stamp
        if stamp.time_start is not None and stamp.time_end is not None:
            known.add(entry.segment.source_offset(entry.base + stamp.time_start))
        if entry.range_tail is not None:
            known.add(entry.segment.source_offset(entry.base + entry.range_tail[0]))
    for block in doc.blocks_in(timeline.section):
        segment = block.segment.with_code()

        def loose(start: int, segment: ProseSegment = segment) -> bool:
            offset = segment.source_offset(start)
            return offset >= first_offset and offset not in known

        # Nothing, at once, in a text without a digit; an entry's own time is not read again.
        if next(find_time_starts(segment.text, loose), None) is not None:
            return True
    return False


def _restatements(doc: Document, declaration: Declaration) -> list[Edit] | None:
    """Edits that drop a bracketed second zone on the declaration's line ("All times in CET (GMT+1)",
    "Central European Time (CET)"), which would contradict "UTC"; None when another zone stands
    there unbracketed."""
    line = doc.source.line_text(declaration.span.line - 1)
    edits = []
    for start, end, written in zone_mentions(line):
        if start == declaration.span.column - 1 or is_utc(normalize_zone(written)):
            continue
        if line[max(0, start - 2):start] != " (" or line[end:end + 1] != ")":
            return None
        span = Span(declaration.span.line, start - 1, declaration.span.line, end + 2)
        edits.append(Edit(span, "", line[start - 2:end + 1]))
    return edits


def _reads_back(doc: Document, fix: Fix, index: int, expected: list[tuple[int, dt.datetime | None]],
                run_lines: set[int]) -> bool:
    """True when the document with ``fix`` applied reads as the same instants, with the run's in UTC."""
    data = doc.source.text.encode("utf-8")
    fixed, applied = apply_fixes(data, [fix])
    if applied != 1:
        return False
    timeline = timelines(doc)[index]
    section = timeline.section
    edits = [fix.span, *(edit.span for edit in fix.further)]
    entries: list[TimelineEntry] | None = None
    if all(section.first_line < span.line <= section.end_line for span in edits):
        # The edits made to the text the reader reads, without parsing the section again, when that
        # reads as the edited document would (see reread_edited), which is nearly always.
        source = doc.source
        entries = reread_edited(doc, timeline, [
            (source.offset(edit.span.line - 1, edit.span.column - 1),
             source.offset(edit.span.end_line - 1, edit.span.end_column - 1), edit.replacement) for edit in fix.edits])
    if entries is None and all(section.first_line < span.line <= section.end_line for span in edits):
        # Only the timeline's section is read again (every edit is inside it): the lines before it blank, so
        # line numbers stay true, and none after it. Parsing the whole document again for each timeline was
        # quadratic in a document of many post-mortems.
        lines = fixed.decode("utf-8").split("\n")[:section.end_line]
        lines[:section.first_line] = [""] * min(section.first_line, len(lines))
        again = Document.parse(Source.from_text(doc.path, "\n".join(lines)), doc.catalog)
        entries = reread(again, doc, timeline)
    if entries is None:  # the section's heading is not read the same without the text above it
        again = Document.parse(Source.from_text(doc.path, fixed.decode("utf-8")), doc.catalog)
        found = timelines(again)
        if index >= len(found):
            return False
        entries = found[index].entries
    if [(entry.line, entry.instant()) for entry in entries] != expected:
        return False
    return all(entry.zone is None or entry.offset is not None for entry in entries if entry.has_time) and \
        all(is_utc(entry.zone) for entry in entries if entry.line in run_lines and entry.has_time)
