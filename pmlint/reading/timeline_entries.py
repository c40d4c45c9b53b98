"""Timeline entries: every timestamped event of the document's timeline sections, read like a person would.

Entries come from table rows (the time column found from its header, or a first column of times),
list items and plain lines that start with a time (after ``~``, "At", bold or code markup), and
headings that are a time (``### 14:05``). A zone declared once applies to the bare times below it:
in the timeline heading (``Timeline (all times PST)``), an intro line (``All times are in UTC.``), a
table header (``Time (UTC)``) or a statement about all times elsewhere in the document; failing
those, the zone written on the previous entry carries on. Dates carry forward from the previous
entry or a date heading (``### 2022-04-25``); a bare time after midnight that follows an evening time
moves to the next day. Times in fenced code (pasted logs) are never entries.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.parts import Block, Cell, Section, Table
from pmlint.reading.prose import ProseSegment
from pmlint.reading.summary import executive_summary
from pmlint.reading.timestamps import (
    Timestamp,
    ZoneReading,
    can_start_timestamp,
    find_timestamps,
    find_zone_declaration,
    first_full_date,
    is_utc,
    leading_timestamp,
    may_hold_numeric_date,
    may_hold_time,
    numeric_orders,
    read_zone,
    says_all_times,
)

TIMELINE_KEY = "timeline"
# What is stripped from around an entry's text ("14:05 - Deploy", "**14:05**: Deploy").
_TEXT_AROUND = " \t:-\u2013\u2014*"
# What may stand before an entry's time: list and quote markers, task boxes, brackets, "~", "At"...
_LEAD = re.compile(r"^(?:\[[ xX]\]|[\s\-\u2013\u2014*\u2022>|(\[~\u2248]|(?:at|around|approx\.?|approximately|about"
                   r"|circa|ca\.|by|on|from|starting|since)\s)*", re.IGNORECASE)
_TIME_WORDS = ("time", "times", "timestamp", "timestamps", "when", "hour", "clock")
# A bare time before this hour that follows one at or after _EVENING is on the next day.
_MORNING, _EVENING = 6, 18


# What a not yet worked out cached value of an entry holds.
_UNREAD = object()


@dataclass(frozen=True, slots=True)
class Declaration:
    """A zone stated once for the times below it: ``span`` covers the zone as written."""

    zone: str
    source: str  # "heading", "intro", "table header", "document"
    span: Span


@dataclass(slots=True, eq=False)
class TimelineEntry:
    """One timestamped event. ``span`` covers the timestamp as written (date, time and zone).

    An entry keeps the prose segment it was read from and where its line starts in it; its spans (and
    its line number) are worked out when asked for, which only a finding or a fix does: a timeline of
    290,000 entries made 580,000 spans that no rule read. Entries compare by identity: no two entries
    of a document stand at the same place.

    Entries are not changed once the reader has made them (but for the values worked out once, below,
    and a heading's text the reader completes): the class is not frozen only because a frozen dataclass
    sets each of its 16 fields through ``object.__setattr__``, which made an entry take 2.2 us to build
    rather than 0.2 (a tenth of the timelines view on /tmp/p500)."""

    timeline: int
    stamp: Timestamp  # offsets into the line the entry was read from
    segment: ProseSegment = field(repr=False)
    base: int  # where that line starts in ``segment.text``
    # The event's text when it is not simply the rest of the line (a table row's other cells, a heading
    # with the paragraphs below it); None for the rest of the line, read again when asked for.
    given_text: str | None
    date: dt.date | None = None
    date_carried: bool = False
    year_known: bool = True
    zone: str | None = None
    zone_source: str | None = None  # "entry", "heading", "intro", "table header", "document", "previous entry"
    zone_line: int | None = None
    # The declaration in effect where the entry stands (also when the entry writes its own zone).
    declaration: Declaration | None = None
    # A range's end ("13:45" in "13:30-13:45"): its start and end in the line, and its clock.
    range_tail: tuple[int, int, dt.time] | None = None

    @property
    def text(self) -> str:
        """What happened: the entry's line after its timestamp, unless the entry was given its text."""
        if self.given_text is not None:
            return self.given_text
        written = self.segment.text
        start = self.base + self.stamp.end
        end = written.find("\n", start)
        return written[start:end if end != -1 else len(written)].strip(_TEXT_AROUND)

    @property
    def span(self) -> Span:
        return self.segment.span(self.base + self.stamp.start, self.base + self.stamp.end)

    @property
    def line(self) -> int:  # 1-based
        # The line ``span`` starts on, without making the span: the timestamp's first character is a digit
        # or a letter (of a weekday or a month), never a blank the span would trim from its start.
        segment = self.segment
        return segment.source.position(segment.source_offset(self.base + self.stamp.start))[0]

    # The parts of the timestamp as written, for a conversion: the clock ("10:18 AM"), the zone ("PST"),
    # an ISO date ("2026-03-15") written before the clock, and a range's end ("13:45" in "13:30-13:45").
    @property
    def time_span(self) -> Span | None:
        return self._part_span(self.stamp.time_start, self.stamp.time_end)

    @property
    def zone_span(self) -> Span | None:
        return self._part_span(self.stamp.zone_start, self.stamp.zone_end)

    def _part_span(self, start: int | None, end: int | None) -> Span | None:
        """The span of a part of the timestamp (offsets in its line), None when it has no such part."""
        if start is None or end is None:
            return None
        return self.segment.span(self.base + start, self.base + end)

    @property
    def date_span(self) -> Span | None:
        # Matched in the segment's text rather than the line: an ISO date and the digit after it hold no
        # line break, so the match lies inside the line either way.
        start = self.base + self.stamp.start
        if _ISO_DATE.match(self.segment.text, start) is None:
            return None
        return self.segment.span(start, start + 10)

    @property
    def range_end(self) -> tuple[Span, dt.time] | None:
        if self.range_tail is None:
            return None
        start, end, clock = self.range_tail
        return self.segment.span(self.base + start, self.base + end), clock

    @property
    def has_time(self) -> bool:
        return self.stamp.has_time

    @property
    def clock(self) -> dt.time | None:
        if self.stamp.hour is None:
            return None
        return dt.time(self.stamp.hour, self.stamp.minute, self.stamp.second)

    # The incident's date from the document (front matter, a "Date:" field, the title), for an entry
    # with no date of its own: only its zone's offset is read from it.
    date_hint: dt.date | None = None
    # ``reading``, once read (a slot: the class has no __dict__ for functools.cached_property).
    _reading: ZoneReading | None = field(default=None, init=False, repr=False)
    # ``instant()``, once worked out (``_UNREAD`` until then: None is an answer).
    _instant: object = field(default=_UNREAD, init=False, repr=False)

    @property
    def reading(self) -> ZoneReading:
        """How the entry's time converts to UTC, through the IANA zone on the entry's date (or, for an
        entry with none, on the document's date when the zone's clock does not change within a week
        of it: the date may be when the post-mortem was written)."""
        if self._reading is None:
            self._reading = self._read()
        return self._reading

    def _read(self) -> ZoneReading:
        if self.zone is None:
            return read_zone(None)  # no zone, no offset: neither date nor clock to read
        clock = self.clock
        if self.date is None and self.date_hint is not None and self.zone is not None:
            week = dt.timedelta(days=7)
            hinted = read_zone(self.zone, self.date_hint, clock)
            if (self.date_hint.year > 1 and self.date_hint < dt.date.max - week and hinted.offset is not None
                    and not hinted.ambiguous
                    and read_zone(self.zone, self.date_hint - week, clock).offset == hinted.offset
                    and read_zone(self.zone, self.date_hint + week, clock).offset == hinted.offset):
                return hinted
        return read_zone(self.zone, self.date if self.year_known else None, clock)

    @property
    def offset(self) -> int | None:
        return self.reading.offset

    def instant(self) -> dt.datetime | None:
        """The entry as a UTC datetime (naive, local clock when the zone's offset is unknown).

        Worked out once: the order rule compares each entry with its neighbours, and the incident's
        dates read every entry's instant too. What it depends on (date, clock, zone) never changes."""
        moment = self._instant
        if moment is _UNREAD:
            moment = self._read_instant()
            self._instant = moment
        return moment  # type: ignore[return-value]

    def _read_instant(self) -> dt.datetime | None:
        clock = self.clock
        if self.date is None or clock is None:
            return None
        moment = dt.datetime.combine(self.date, clock)
        offset = self.offset
        try:
            return moment - dt.timedelta(minutes=offset) if offset is not None else moment
        except OverflowError:  # beyond year 1 or 9999 in UTC: no instant to compare
            return None


@dataclass
class Timeline:
    index: int
    section: Section
    entries: list[TimelineEntry] = field(default_factory=list)
    # Every zone declared in the section, in order, also one that no entry takes (a heading's zone
    # under a table whose header declares its own).
    declarations: list[Declaration] = field(default_factory=list)


def timelines(doc: Document) -> list[Timeline]:
    """The document's timelines (one per timeline section), built once per document."""
    return doc.view("timelines", _extract)


@dataclass(frozen=True)
class _Hints:
    """What the whole document tells every timeline: a zone stated for all times, the incident's year and date."""

    document_zone: Declaration | None
    year_hint: int | None
    date_hint: dt.date | None


def _hints(doc: Document) -> _Hints:
    return doc.view("timeline-hints", lambda doc: _Hints(
        _document_zone(doc, doc.outermost_sections(TIMELINE_KEY)), _year_hint(doc), _date_hint(doc)))


def reread(edited: Document, original: Document, timeline: Timeline) -> list[TimelineEntry] | None:
    """The entries of ``timeline`` (of ``original``) read again from ``edited``: a copy of the document
    with an edit inside the timeline's section, cut after the section and blank before it (so reading it
    costs the section, not the document). The document-wide hints are the original's. None when the
    section is not found in ``edited`` at the same line and level."""
    found = [section for section in edited.sections if section.heading is not None
             and section.first_line == timeline.section.first_line and section.level == timeline.section.level]
    if len(found) != 1:
        return None
    reader = _Reader(edited, timeline.index, found[0], _hints(original))
    reader.read()
    return reader.entries


def reread_edited(doc: Document, timeline: Timeline, edits: list[tuple[int, int, str]]) -> list[TimelineEntry] | None:
    """The entries of ``timeline`` read again, with the text edits ``edits`` (source start, end, replacement)
    made to the prose the reader reads, without parsing the document again (what ``reread`` gives for the
    edited document). None when that is not sure: then parse the edited document.

    The Markdown structure of the section is the original's. That holds for an edit that replaces plain
    text (one contiguous run of a segment, each character as written: letters, digits, blanks, ":", "."
    and "-" or "+", starting with a letter, a digit or a sign and ending with a letter or a digit) by
    what the fix writes (a word of letters, "UTC", or digits with a ":" or "-" between them, "04:10",
    "2026-01-06 04:10"), not after an unclosed "<" nor after a "&" in the same word (no HTML, autolink
    or character reference it could make or unmake):
    - no block starts or ends with what it writes, where it writes it (a list marker is digits alone
      before "." or ")", or "+" or "-" before a blank; a heading, quote, fence or rule starts with
      another character), and the plain text it replaces was no marker either;
    - markup next to an edit (emphasis, a backslash) reads the same as long as the character it touches
      stays a letter or digit, or stays none: an edit whose first or last character changes from a
      sign to a letter or digit must have a blank, a letter, a digit or a line's end beside it.
    Every edit must be found in the prose the reader reads (else something the reader does not read,
    markup or a link, would change). tests/test_utc_fix_reread.py checks the two readings agree.
    """
    text = doc.source.text
    if not all(_plain_edit(text, start, end, replacement) for start, end, replacement in edits):
        return None
    section = timeline.section
    segments: list[ProseSegment] = [] if section.heading is None else [section.heading.segment]
    for block in doc.blocks_in(section):
        segments.append(block.segment)
        if block.segment.with_code() is not block.segment:
            segments.append(block.segment.with_code())
    ordered = sorted(edits)
    starts = [start for start, _, _ in ordered]
    found = [False] * len(ordered)
    changed: dict[int, _EditedSegment] = {}
    for segment in segments:
        text = segment.text
        if not text:
            continue
        first, last = segment.source_offset(0), segment.source_offset(len(text) - 1)
        marks = []
        for number in range(bisect.bisect_right(starts, last), 0, -1):
            start, end, replacement = ordered[number - 1]
            if end <= first:
                break
            index = _literal_at(segment, start, end)
            if index is None:
                return None  # the edit's text is in the segment, but not all of it as written in one piece
            if index == -1:
                continue  # not in this segment (in a code span the segment leaves out, or between two blocks)
            found[number - 1] = True
            marks.append((index, index + end - start, replacement))
        if marks:
            changed[id(segment)] = _EditedSegment(segment, sorted(marks))
    if not all(found):
        return None
    reader = _Reader(doc, timeline.index, section, _hints(doc), changed)
    reader.read()
    return reader.entries


# Plain text an edit may write, and replace, for ``reread_edited``: see there why.
_PLAIN_WRITTEN = re.compile(r"[A-Za-z]+|[0-9][0-9 ]*[:-][0-9: -]*[0-9]")
_PLAIN_REPLACED = re.compile(r"[0-9A-Za-z+-](?:[0-9A-Za-z:. +-]*[0-9A-Za-z])?")


def _plain_edit(text: str, start: int, end: int, replacement: str) -> bool:
    """Whether replacing ``text[start:end]`` by ``replacement`` keeps the Markdown around it (``reread_edited``)."""
    if _PLAIN_WRITTEN.fullmatch(replacement) is None or _PLAIN_REPLACED.fullmatch(text, start, end) is None:
        return False
    if text.rfind("<", 0, start) > text.rfind(">", 0, start):
        return False  # maybe inside an HTML tag or an autolink (a tag may span lines)
    word_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
    if "&" in text[word_start:start]:
        return False  # maybe inside a character reference ("&#x3A;"), which holds no blank
    if text[start].isalnum() != replacement[0].isalnum() and start > 0 and _is_punctuation(text[start - 1]):
        return False
    return text[end - 1].isalnum() == replacement[-1].isalnum() or end == len(text) or not _is_punctuation(text[end])


def _is_punctuation(char: str) -> bool:
    return not (char.isalnum() or char.isspace())


def _literal_at(segment: ProseSegment, start: int, end: int) -> int | None:
    """Where ``source.text[start:end]`` stands in ``segment.text``, character for character from
    contiguous source offsets; -1 when no character of the segment comes from there, None when some do
    but not so.

    A segment's characters are in source order, each from a character of its own (but for a character
    reference, whose characters all come from its "&", which ``_PLAIN_REPLACED`` keeps out of the
    range): their offsets increase. So the first one at or after ``start`` is found by bisection (or at
    once, in a segment that is one run up to there), and the text is contiguous there when its last
    character comes from ``end - 1``."""
    text = segment.text
    size = end - start
    index = start - segment.source_offset(0)  # in a segment of one run from its first character
    if not (0 <= index < len(text) and segment.source_offset(index) == start):
        low, high = 0, len(text)
        while low < high:
            middle = (low + high) // 2
            if segment.source_offset(middle) < start:
                low = middle + 1
            else:
                high = middle
        if low == len(text) or segment.source_offset(low) >= end:
            return -1
        index = low
    if text[index:index + size] != segment.source.text[start:end] or segment.source_offset(index + size - 1) != end - 1:
        return None
    return index


class _EditedSegment:
    """A segment's text with edits made (``reread_edited``): read like the segment, its offsets mapped
    back to the original's source offsets (an edit holds no line break, so lines stay true)."""

    __slots__ = ("_marks", "_starts", "original", "source", "text")

    def __init__(self, original: ProseSegment, marks: list[tuple[int, int, str]]) -> None:
        # marks: (start, end, replacement) in the original's text, in order, not overlapping.
        self.original = original
        self.source = original.source
        pieces = []
        self._marks: list[tuple[int, int, int, int]] = []  # (start, end) in the edited text, then in the original
        done = 0
        length = 0
        for start, end, replacement in marks:
            pieces.append(original.text[done:start])
            length += start - done
            pieces.append(replacement)
            self._marks.append((length, length + len(replacement), start, end))
            length += len(replacement)
            done = end
        pieces.append(original.text[done:])
        self.text = "".join(pieces)
        self._starts = [mark[0] for mark in self._marks]

    def source_offset(self, index: int) -> int:
        number = bisect.bisect_right(self._starts, index) - 1
        if number < 0:
            return self.original.source_offset(index)
        start, end, original_start, original_end = self._marks[number]
        if index < end:  # within the replacement: its first character, or as far into the original text
            return self.original.source_offset(original_start + min(index - start, original_end - original_start - 1))
        return self.original.source_offset(index - end + original_end)

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """As ``ProseSegment.span``, through the mapped offsets."""
        text = self.text
        if end is None:
            end = len(text)
        if not text:
            return Span(1, 1, 1, 1)
        while start < end - 1 and text[start].isspace():
            start += 1
        while end - 1 > start and text[end - 1].isspace():
            end -= 1
        first = self.source_offset(start)
        last = self.source_offset(max(start, end - 1)) + 1
        return self.source.span(first, max(first, last) if end > start else first)


def _extract(doc: Document) -> list[Timeline]:
    outermost = doc.outermost_sections(TIMELINE_KEY)
    hints = _hints(doc)
    result = []
    for index, section in enumerate(outermost):
        reader = _Reader(doc, index, section, hints)
        reader.read()
        result.append(Timeline(index, section, reader.entries, reader.declarations))
    if not outermost:
        result = _unnamed_timelines(doc, hints)
    return result


# A section with no timeline heading is read as one ("## What happened", "## Updates as posted") when
# at least this many of its list items and table rows are timed events, and most of them are.
_UNNAMED_MIN_ENTRIES = 3
_UNNAMED_SHARE = 0.75


def _unnamed_timelines(doc: Document, hints: _Hints) -> list[Timeline]:
    """Timelines under other headings, in a document with no timeline section: a section (the
    innermost that holds them) whose list items and table rows are, nearly all, timed events."""
    result: list[Timeline] = []
    taken_end = 0
    for section in doc.sections:
        if section.heading is None or section.first_line < taken_end:
            continue
        if any(_is_unnamed_timeline(doc, doc.sections[child]) for child in section.children):
            continue  # the events are in a subsection: that one is the timeline
        if not _is_unnamed_timeline(doc, section):
            continue
        reader = _Reader(doc, len(result), section, hints)
        reader.read()
        result.append(Timeline(len(result), section, reader.entries, reader.declarations))
        taken_end = section.end_line
    return result


def _is_unnamed_timeline(doc: Document, section: Section) -> bool:
    items: set[int] = set()
    rows = 0
    timed = 0
    tables: set[int] = set()
    for block in doc.blocks_in(section):
        if block.table is not None:
            if block.table in tables:
                continue
            tables.add(block.table)
            for row in doc.tables[block.table].rows:
                rows += 1
                if row and any(_leading_timed(cell.text) for cell in row[:2]):
                    timed += 1
            continue
        if block.list_item is None or block.list_item in items:
            continue
        items.add(block.list_item)
        first = block.segment.with_code().text.split("\n", 1)[0]
        if _leading_timed(first) or _early_timed(first):
            timed += 1
    total = len(items) + rows
    return timed >= _UNNAMED_MIN_ENTRIES and timed >= _UNNAMED_SHARE * total


def _day_first(texts: list[str]) -> bool:
    """True when the numeric dates of ``texts`` prove day-first ("29-09-2021") and none month-first.

    The texts are tested as one first (what every numeric date holds has no line break, so no match
    spans two of them): a timeline without a numeric date, the usual one, costs one search rather than
    one per block."""
    if not may_hold_numeric_date("\n".join(texts)):
        return False
    orders = set().union(*(numeric_orders(text) for text in texts))
    return "dmy" in orders and "mdy" not in orders


def _leading_timed(text: str) -> bool:
    stamp = _leading_stamp(text)
    return stamp is not None and stamp.has_time and stamp.error is None


def _early_timed(text: str) -> bool:
    """A time of day within the first few words ("**Resolved** - Jun 3, 8:52 AM PDT - ...")."""
    # Only a time makes the first stamp a timed one: without one (an action item, a line of prose) there
    # is no need to read the dates.
    window = text[:60]
    if not may_hold_time(window):
        return False
    for stamp in find_timestamps(window):
        return stamp.has_time and stamp.error is None and stamp.start <= 40
    return False


_OTHERWISE = re.compile(r"\botherwise\b", re.IGNORECASE)  # "unless otherwise noted", "otherwise stated"


class _Reader:
    def __init__(self, doc: Document, index: int, section: Section, hints: _Hints,
                 changed: dict[int, _EditedSegment] | None = None) -> None:
        self.doc = doc
        # Reading a fix back (``reread_edited``): the edited text of a segment, by the segment's id.
        self.changed = changed
        self.index = index
        self.section = section
        self.entries: list[TimelineEntry] = []
        self.zone: Declaration | None = hints.document_zone
        self.declarations: list[Declaration] = []
        self.carry_date: dt.date | None = None
        self.carry_year_known = True
        self.carry_declared = False  # the carried date comes from a date heading, not the previous entry
        # "Unless otherwise noted all events happened on 2019-10-21": an entry's own date is its alone; the
        # entries after it without one are on the stated date still.
        self.own_dates_are_exceptions = False
        self.year_hint = hints.year_hint
        self.date_hint = hints.date_hint  # given to the entries without a date
        # The last entry that wrote its own zone: a bare entry with no declaration above it takes that
        # zone. Its line, worked out once for the bare entries after it.
        self.last_zoned: TimelineEntry | None = None
        self.last_zoned_line: int | None = None
        # "29-09-2021" can only be day-first; then "03-10-2021" in the same timeline is 3 October.
        self.day_first = _day_first([self._as_read(block.segment.with_code()).text for block in doc.blocks_in(section)])
        if section.heading is not None:
            heading = self._as_read(section.heading.segment)
            self._declare(heading, 0, heading.text, "heading")

    def _as_read(self, segment: ProseSegment) -> ProseSegment:
        """``segment``, or its edited text when a fix is read back."""
        if self.changed is None:
            return segment
        return self.changed.get(id(segment), segment)  # type: ignore[return-value]  # read alike

    def read(self) -> None:
        done_tables: set[int] = set()
        heading_entry: int | None = None  # the entry a heading is, while the paragraphs below it tell its event
        for block in self.doc.blocks_in(self.section):
            if block.table is not None:
                if block.table not in done_tables:
                    done_tables.add(block.table)
                    self._read_table(self.doc.tables[block.table])
                continue
            segment = self._as_read(block.segment.with_code())
            if block.kind == "heading":
                heading_entry = None
                count = len(self.entries)
                if not self._read_line(segment, 0, segment.text, entry_allowed=True):
                    self._declare(segment, 0, segment.text, "heading")
                elif len(self.entries) > count:
                    heading_entry = len(self.entries) - 1
                continue
            offset = 0
            read_any = False
            for number, line in enumerate(segment.text.split("\n")):
                if self._read_line(segment, offset, line, entry_allowed=True):
                    read_any = True
                elif number == 0 and block.list_item is not None and self._read_embedded(self._as_read(block.segment)):
                    read_any = True  # "1. **Fix deployed** (24 August ~18:30 UTC)"; code spans are not read here
                offset += len(line) + 1
            # ALL_TIMES spells every blank as \s, which matches what str.split splits at: no need to join the words.
            if not read_any and says_all_times(segment.text):
                self._declare(segment, 0, segment.text, "intro")
                self._state_date(segment.text)
            elif not read_any and heading_entry is not None and block.kind == "paragraph":
                # "### 18:00" and the event in the paragraphs below it: they are the entry's text.
                entry = self.entries[heading_entry]
                body = " ".join(self._as_read(block.segment).text.split())
                # The entry is still the reader's own (no one has seen it): its text is completed in place.
                entry.given_text = f"{entry.text} {body}".strip()
            if read_any:
                heading_entry = None

    # -- lines ----------------------------------------------------------------------------------

    def _read_line(self, segment: ProseSegment, offset: int, line: str, entry_allowed: bool,
                   table_zone: Declaration | None = None, row_date: Timestamp | None = None,
                   text: str | None = None) -> bool:
        """Read an entry or a date from the start of ``line``; True when the line was one."""
        stamp = _leading_stamp(line)
        if stamp is None:
            return False
        if not stamp.has_time and stamp.error is None:
            rest = line[stamp.end:].strip(" \t:-\u2013\u2014*()")
            if not rest or not entry_allowed or find_zone_declaration(rest) is not None:
                # A date heading or a date line ("#### 29-09-2021 (All times CEST)"): context below.
                self._carry(stamp)
                self._declare(segment, offset + stamp.end, line[stamp.end:], "heading")
                return True
        if stamp.has_time and stamp.zone is None:
            stamp = _unknown_zone(line, stamp)
        if stamp.has_time and stamp.error is None and "(" in line[stamp.end:stamp.end + 3] and not is_utc(stamp.zone):
            stamp = _utc_in_brackets(line, stamp) or stamp  # "06:20 PST (14:20 UTC)": the writer's UTC time
        if text is None and "\n" in line:  # a heading of several lines: its text is not one line's rest
            text = line[stamp.end:].strip(_TEXT_AROUND)
        self._add(stamp, segment, offset, line, text, table_zone, row_date)
        return True

    def _read_embedded(self, segment: ProseSegment) -> bool:
        """A list item in a timeline whose time is not at its start is still an event at that time."""
        line = segment.text.split("\n", 1)[0]
        for stamp in find_timestamps(line):
            if stamp.has_time or stamp.error is not None:
                text = (line[:stamp.start] + line[stamp.end:]).strip(" \t:-\u2013\u2014*()~,")
                self._add(stamp, segment, 0, line, text, None, None)
                return True
        return False

    def _add(self, stamp: Timestamp, segment: ProseSegment, offset: int, line: str, text: str | None,
             table_zone: Declaration | None, row_date: Timestamp | None) -> None:
        """An entry for ``stamp``, found in ``line`` (at ``offset`` in ``segment``); ``text`` None for the
        rest of the line."""
        date, carried, year_known = self._date_for(stamp, row_date)
        zone, source, zone_line = self._zone_for(stamp, table_zone)
        entry = TimelineEntry(self.index, stamp, segment, offset, text, date, carried, year_known, zone, source,
                              zone_line, table_zone or self.zone, _range_tail(line, stamp),
                              self.date_hint if date is None else None)
        self.entries.append(entry)
        if source == "entry":
            self.last_zoned, self.last_zoned_line = entry, None
        if date is not None and not (self.own_dates_are_exceptions and not carried):
            self.carry_date, self.carry_year_known = date, year_known
            self.carry_declared = False

    def _date_for(self, stamp: Timestamp, row_date: Timestamp | None) -> tuple[dt.date | None, bool, bool]:
        source = stamp if stamp.has_date else row_date if row_date is not None and row_date.has_date else None
        if source is not None and source.month is not None and source.day is not None:
            year = source.year or (self.carry_date.year if self.carry_date else None) or self.year_hint
            return self._calendar_date(source, year), False, year is not None
        if self.carry_date is None:
            return None, False, True
        date = self.carry_date
        # The previous entry's hour, its clock's (None without one), read without making the clock.
        previous = self.entries[-1].stamp.hour if self.entries and not self.carry_declared else None
        if previous is not None and stamp.hour is not None and previous >= _EVENING and stamp.hour < _MORNING \
                and date < dt.date.max:
            date += dt.timedelta(days=1)
        return date, True, self.carry_year_known

    def _zone_for(self, stamp: Timestamp, table_zone: Declaration | None) -> tuple[str | None, str | None, int | None]:
        if stamp.zone is not None:
            return stamp.zone, "entry", None
        declared = table_zone or self.zone
        if declared is not None:
            return declared.zone, declared.source, declared.span.line
        previous = self.last_zoned
        if previous is not None:
            if self.last_zoned_line is None:
                self.last_zoned_line = previous.line
            return previous.zone, "previous entry", self.last_zoned_line
        return None, None, None

    def _calendar_date(self, stamp: Timestamp, year: int | None) -> dt.date:
        """The stamp's date; an ambiguous numeric date is read day-first when the timeline proves that order."""
        assert stamp.month is not None and stamp.day is not None
        month, day = stamp.month, stamp.day
        if self.day_first and stamp.numeric_order == "ambiguous":
            month, day = day, month
        return dt.date(year or 2000, month, day)

    def _carry(self, stamp: Timestamp) -> None:
        if stamp.month is None or stamp.day is None:
            return
        year = stamp.year or (self.carry_date.year if self.carry_date else None) or self.year_hint
        self.carry_date, self.carry_year_known = self._calendar_date(stamp, year), year is not None
        self.carry_declared = True

    def _state_date(self, text: str) -> None:
        """A sentence on all the times that states one date ("Unless otherwise noted all events happened on
        2019-10-21, and all times are in UTC"): the date of the entries below that give none, as a date
        heading's is. "Otherwise" makes an entry's own date an exception that the next entries do not take."""
        dates = [stamp for stamp in find_timestamps(text)
                 if stamp.error is None and not stamp.has_time and stamp.month is not None and stamp.day is not None]
        if len(dates) != 1:
            return  # none, or a range of days: no one date for every entry
        self._carry(dates[0])
        self.own_dates_are_exceptions = _OTHERWISE.search(text) is not None

    def _declare(self, segment: ProseSegment, offset: int, text: str, source: str) -> None:
        declared = find_zone_declaration(text)
        if declared is not None:
            zone, start, end = declared
            self.zone = Declaration(zone, source, segment.span(offset + start, offset + end))
            self.declarations.append(self.zone)

    # -- tables ---------------------------------------------------------------------------------

    def _cell_text(self, cell: Cell) -> str:
        """``cell.text`` (its text single-spaced), of the edited text when a fix is read back."""
        if self.changed is None:
            return cell.text
        segment = self._as_read(cell.segment)
        return cell.text if segment is cell.segment else " ".join(segment.text.split())

    def _read_table(self, table: Table) -> None:
        headers = [self._cell_text(cell).lower() for cell in table.header]
        time_column = _column(headers, _TIME_WORDS)
        date_column = _column(headers, ("date",), exclude=_TIME_WORDS)
        if date_column is None:
            date_column = _column(headers, ("day",), exclude=_TIME_WORDS)
        table_year = None
        if date_column is not None:
            year = re.search(r"\b(19|20)\d{2}\b", headers[date_column])  # "Date (2022)"
            table_year = int(year.group(0)) if year else None
        if time_column is None and date_column is not None:
            time_column, date_column = date_column, None
        if time_column is None:
            time_column = _first_column_of_times(table, self._as_read)
            if time_column is None:
                return
        # "| Time (PST) | Time (UTC) | Event |": the column in UTC is the timeline's, the other a courtesy.
        zoned = {number: declared for number, cell in enumerate(table.header)
                 if (declared := find_zone_declaration(self._as_read(cell.segment).text)) is not None}
        in_utc = [number for number in _columns(headers, _TIME_WORDS)
                  if number in zoned and is_utc(zoned[number][0])]
        if in_utc and time_column not in in_utc:
            time_column = in_utc[0]
        table_zone = None
        # The zone of the time column's own header, else of the first header that names one.
        for number in ([time_column] if time_column in zoned else []) + sorted(zoned):
            header = self._as_read(table.header[number].segment)
            zone, start, end = zoned[number]
            table_zone = Declaration(zone, "table header", header.span(start, end))
            self.declarations.append(table_zone)
            break
        for row in table.rows:
            if time_column >= len(row):
                continue
            segment = self._as_read(row[time_column].segment.with_code())
            row_date = None
            if date_column is not None and date_column < len(row):
                row_date = _leading_stamp(self._as_read(row[date_column].segment.with_code()).text)
                if row_date is not None and row_date.year is None and table_year is not None:
                    row_date = replace(row_date, year=table_year)
            text = " | ".join(self._cell_text(cell) for number, cell in enumerate(row)
                              if number not in (time_column, date_column))
            self._read_line(segment, 0, segment.text, entry_allowed=True, table_zone=table_zone, row_date=row_date,
                            text=text)


# Right after an entry's time, capitals ending in T that name no zone pmlint knows ("14:05 WAT"): an
# unknown zone, said as such rather than "no zone". Words that are not zones are left out.
# The shapes of zone abbreviations: three letters ending in T (WAT, ICT), four ending in ST or DT (SAST, ACDT).
_UNKNOWN_AFTER = re.compile(r"[ \t]?(?P<open>\()?(?P<zone>[A-Z]{2}T|[A-Z]{2}[SD]T)(?(open)\))"
                            r"(?=[\s:,;.\-\u2013\u2014]|$)(?![ \t]+[A-Z]{2})")
_NOT_ZONE_WORDS = frozenset({"ACT", "BAT", "BEST", "BIT", "BOT", "COST", "CUT", "DUST", "FAST", "FIT", "GET", "GIT", "HIT",
                             "HOST", "HOT", "JIT", "JUST", "KIT", "LAST", "LIST", "LOST", "LOT", "MOST", "NOT", "OUT",
                             "PAST", "POST", "PUT", "REST", "SET", "TEST", "VAT"})


def _unknown_zone(line: str, stamp: Timestamp) -> Timestamp:
    # Such a zone ends in "T" within six characters of the time (a blank, a bracket, four letters): a line
    # without one there is not searched.
    if "T" not in line[stamp.end:stamp.end + 6]:
        return stamp
    match = _UNKNOWN_AFTER.match(line, stamp.end)
    if match is None or match.group("zone") in _NOT_ZONE_WORDS:
        return stamp
    end = match.end()
    return replace(stamp, zone=match.group("zone"), end=end, zone_start=match.start("zone"), zone_end=match.end("zone"))


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?=[T ]\d)")
_RANGE_END = re.compile(r"[ \t]?[-\u2013\u2014][ \t]?~?(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d:]|\s?[aApP]\.?[mM])")


_BRACKET_OPEN = re.compile(r"[ \t]?\([ \t]*")
_BRACKET_CLOSE = re.compile(r"[ \t]*\)")
# How far a zone's clock is from UTC: UTC-12 to UTC+14, so UTC minus the local clock is -14 to +12 hours.
_UTC_MINUS_LOCAL = (-14 * 60, 12 * 60)


def _utc_in_brackets(line: str, stamp: Timestamp) -> Timestamp | None:
    """``stamp`` read as the UTC time written after it in brackets ("2026-03-15 06:20 PST (14:20 UTC)"):
    the writer converted it, and that instant, not a conversion pmlint would make (PST in March is
    PDT), is the event's. Its date is the local date moved across midnight where the two clocks say so.
    The stamp keeps its start, so the entry's place and text are as before; its time and zone are the
    bracketed ones."""
    opening = _BRACKET_OPEN.match(line, stamp.end)
    if opening is None:
        return None
    inner = leading_timestamp(line[opening.end():opening.end() + 40])
    if inner is None or inner.start != 0 or not inner.has_time or inner.has_date or inner.error is not None \
            or not is_utc(inner.zone) or inner.time_start is None or inner.time_end is None:
        return None
    closing = _BRACKET_CLOSE.match(line, opening.end() + inner.end)
    if closing is None or stamp.hour is None or inner.hour is None:
        return None
    local = stamp.hour * 60 + stamp.minute
    raw = inner.hour * 60 + inner.minute - local
    low, high = _UTC_MINUS_LOCAL
    differences = [difference for difference in (raw - 1440, raw, raw + 1440) if low <= difference <= high]
    if not differences:
        return None
    shift = (local + min(differences, key=abs)) // 1440  # -1, 0 or +1 day
    month, day, year = stamp.month, stamp.day, stamp.year
    if shift and month is not None and day is not None:
        if stamp.numeric_order == "ambiguous":
            return None  # the timeline may read it day first: not moved here
        try:
            moved = dt.date(year or 2000, month, day) + dt.timedelta(days=shift)
        except (ValueError, OverflowError):
            return None
        month, day, year = moved.month, moved.day, moved.year if year is not None else None
    base = opening.end()
    return replace(stamp, end=closing.end(), year=year, month=month, day=day, hour=inner.hour, minute=inner.minute,
                   second=inner.second, zone=inner.zone, time_start=base + inner.time_start,
                   time_end=base + inner.time_end,
                   zone_start=None if inner.zone_start is None else base + inner.zone_start,
                   zone_end=None if inner.zone_end is None else base + inner.zone_end)


def _range_tail(line: str, stamp: Timestamp) -> tuple[int, int, dt.time] | None:
    """The end of a range right after ``stamp`` in ``line`` ("13:45" in "13:30-13:45"): its offsets in the
    line and its clock. ``_RANGE_END`` starts with a dash after at most one blank: a line with no dash
    in those two places is not searched."""
    if stamp.time_start is None or stamp.time_end is None:
        return None
    after = line[stamp.end:stamp.end + 2]
    if "-" not in after and "\u2013" not in after and "\u2014" not in after:
        return None
    tail = _RANGE_END.match(line, stamp.end)
    if tail is None:
        return None
    return tail.start("h"), tail.end("m"), dt.time(int(tail.group("h")), int(tail.group("m")))


def _column(headers: list[str], words: tuple[str, ...], exclude: tuple[str, ...] = ()) -> int | None:
    return next(iter(_columns(headers, words, exclude)), None)


def _columns(headers: list[str], words: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[int]:
    """The columns whose header holds one of ``words`` and none of ``exclude``, in order."""
    found = []
    for number, header in enumerate(headers):
        tokens = set(re.findall(r"[a-z]+", header))
        if tokens & set(words) and not tokens & set(exclude):
            found.append(number)
    return found


def _first_column_of_times(table: Table, as_read: Callable[[ProseSegment], ProseSegment]) -> int | None:
    rows = [row for row in table.rows if row]
    if not rows:
        return None
    timed = sum(1 for row in rows if _leading_stamp(as_read(row[0].segment.with_code()).text) is not None)
    return 0 if timed * 2 >= len(rows) else None


def _leading_stamp(line: str) -> Timestamp | None:
    """The timestamp a line starts with (after list markers, "~", "At"...), if any: the first one
    ``find_timestamps`` finds in the 80 characters from there, when it starts there."""
    if line[:1].isdigit():
        # The usual timeline line: no lead to skip (each part of ``_LEAD`` starts with a bracket, a blank,
        # a mark or a letter, never with a digit), and a timestamp can start at its first character.
        return leading_timestamp(line[:80])
    lead = _LEAD.match(line)
    start = lead.end() if lead else 0
    if not can_start_timestamp(line, start):
        return None
    return leading_timestamp(line[start:start + 80], start)


def _document_zone(doc: Document, timeline_sections: list[Section]) -> Declaration | None:
    """A statement about all times outside the timeline ("All times in this report are UTC")."""
    # The timeline sections do not overlap and are in document order, like the blocks: walk them together
    # (asking every section about every block was quadratic).
    sections = iter(timeline_sections)
    current = next(sections, None)
    for block in doc.blocks:
        while current is not None and current.end_line <= block.first_line:
            current = next(sections, None)
        if block.kind != "paragraph" or (current is not None and current.first_line <= block.first_line):
            continue
        text = block.segment.text
        if says_all_times(text):
            declared = find_zone_declaration(text)
            if declared is not None:
                return Declaration(declared[0], "document", block.segment.span(declared[1], declared[2]))
    return None


def _year_hint(doc: Document) -> int | None:
    """The incident's year from front matter ``date`` or the title, for dates written without one."""
    if doc.front_matter is not None:
        for key in ("date", "incident-date", "incident_date", "published"):
            value = doc.front_matter.data.get(key)
            if isinstance(value, (dt.date, dt.datetime)):
                return value.year
            if isinstance(value, str):
                match = re.search(r"\b(19|20)\d{2}\b", value)
                if match:
                    return int(match.group(0))
    candidates = [label.value for label in doc.labels if label.name.strip().lower().startswith("date")]
    if doc.headings:
        candidates.insert(0, doc.headings[0].text)
    for text in candidates:
        match = re.search(r"\b(19|20)\d{2}\b", text)
        if match:
            return int(match.group(0))
    name = re.search(r"(?<!\d)((?:19|20)\d{2})-[01]\d-[0-3]\d(?!\d)", doc.path.replace("\\", "/").rsplit("/", 1)[-1])
    if name:  # "2022-01-05-unpublish.md", as static-site generators name posts
        return int(name.group(1))
    # Failing those, the first full date written anywhere in the document.
    if not _holds_year(doc.blocks):
        return None
    for block in doc.blocks:
        if _YEAR.search(block.segment.text) is None:
            continue
        for stamp in find_timestamps(block.segment.text):
            if stamp.year is not None and stamp.error is None:
                return stamp.year
    return None


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_BLOCKS_PER_SEARCH = 1000


def _holds_year(blocks: list[Block]) -> bool:
    """Whether a block's text holds a year, tested a thousand blocks at a time (a year is digits between
    non-digits, so a line end between two blocks joins no two into one): a long timeline of bare times
    costs a search per thousand blocks rather than one per block, and no copy of the whole document."""
    for start in range(0, len(blocks), _BLOCKS_PER_SEARCH):
        if _YEAR.search("\n".join(block.segment.text for block in blocks[start:start + _BLOCKS_PER_SEARCH])):
            return True
    return False


def _date_hint(doc: Document) -> dt.date | None:
    """The incident's full date from front matter, a "Date:" field, the title, the executive summary
    or the file name; None when none of them gives one."""
    texts: list[str] = []
    if doc.front_matter is not None:
        for key in ("incident-date", "incident_date", "date"):
            value = doc.front_matter.data.get(key)
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            if isinstance(value, str):
                texts.append(value)
    texts.extend(label.value for label in doc.labels if label.name.strip(" *_:").lower() in ("date", "incident date"))
    if doc.headings:
        texts.append(doc.headings[0].text)
    texts.extend(block.segment.text for section in executive_summary(doc) for block in doc.blocks_in(section)
                 if block.kind != "heading")
    texts.append(doc.path.replace("\\", "/").rsplit("/", 1)[-1].replace("_", " "))
    for text in texts:
        stamp = first_full_date(text) if _YEAR.search(text) is not None else None
        if stamp is not None:
            try:
                return dt.date(stamp.year, stamp.month, stamp.day)  # type: ignore[arg-type]  # all three are set
            except ValueError:
                return None
    return None

