"""Timeline rules: times in UTC (PM101), in chronological order (PM102), matching the stated duration (PM103)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from pmlint.checks.registration import RuleContext, check
from pmlint.checks.utc_fix import convert_run
from pmlint.model import Span, Violation
from pmlint.reading.document import Document
from pmlint.reading.durations import format_minutes, prose_duration, read_duration
from pmlint.reading.incident_dates import RecoveryWords, impact_window
from pmlint.reading.parts import Block, Label
from pmlint.reading.summary import executive_summary
from pmlint.reading.timeline_entries import Timeline, TimelineEntry, timelines
from pmlint.reading.timestamps import (
    Timestamp,
    find_times,
    format_offset,
    is_known_zone,
    is_utc,
    zone_family,
    zone_label,
    zone_offset,
)

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
    unreadable: dict[tuple[int, str], list[TimelineEntry]] = {}
    found = timelines(doc)
    for timeline in found:
        for entry in timeline.entries:
            if entry.stamp.error is not None:
                unreadable.setdefault((entry.timeline, _error_kind(entry.stamp.error)), []).append(entry)
                continue
            if not entry.has_time or is_utc(entry.zone, accept_gmt):
                continue
            runs.setdefault(_run_key(entry), []).append(entry)
    for entries in unreadable.values():
        yield _unreadable_violation(entries)
    for key, entries in runs.items():
        yield _run_violation(doc, found[entries[0].timeline], key, entries)


_LINES_LISTED = 10  # the other unreadable times' lines named in the finding; the rest are counted


def _error_kind(error: str) -> str:
    """What is wrong with an unreadable time, without the time: "is not a valid 12-hour time"."""
    return error.rsplit("' ", 1)[-1]


def _unreadable_violation(entries: list[TimelineEntry]) -> Violation:
    """One finding for the times of a timeline that cannot be read for one reason: a writer who puts "PM"
    after 24-hour times ("13:55 PM") does it on every entry, and that habit is one thing to tell them."""
    first = entries[0]
    assert first.stamp.error is not None
    if len(entries) == 1:
        return Violation(first.span, kind="invalid", args={"error": first.stamp.error})
    others = entries[1:]
    lines = ", ".join(str(entry.line) for entry in others[:_LINES_LISTED])
    if len(others) > _LINES_LISTED:
        lines += f" and {len(others) - _LINES_LISTED} more"
    return Violation(first.span, kind="run-invalid",
                     args={"error": first.stamp.error, "count": len(entries) - 1, "lines": lines})


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
        fix = convert_run(doc, timeline, [], entries) if key[0] == "written" else None
        return Violation(first.span, kind=_kind(zone, run=True),
                         args={"zone": zone_label(zone), "where": "written on the entries", "count": count},
                         suggestion=_run_suggestion(entries), fix=fix)
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
    """Report entries earlier than the entry before them, within each timeline; a timeline written newest
    first (status-page updates as posted) once, as one edit reverses it."""
    for timeline in timelines(doc):
        pairs = list(_out_of_order(doc, timeline))
        if len(pairs) >= 2 and _newest_first(timeline):
            if not _says_newest_first(doc, timeline):
                count = sum(1 for entry in timeline.entries if entry.stamp.error is None)
                yield Violation(pairs[0][1].span, kind="reversed", args={"count": count})
            continue
        for entry, previous in pairs:
            dated = entry.date != previous.date  # "22:00 is earlier than 08:00" only makes sense with dates
            yield Violation(entry.span, args={"current": _shown(entry, dated), "previous": _shown(previous, dated),
                                              "previous_line": previous.line})


def _newest_first(timeline: Timeline) -> bool:
    """Whether no entry of the timeline is later than the one before it (those that can be compared)."""
    previous: TimelineEntry | None = None
    for entry in timeline.entries:
        if entry.stamp.error is not None:
            continue
        if previous is not None and _earlier(previous, entry):
            return False
        previous = entry
    return True


_NEWEST_FIRST = re.compile(r"\b(?:newest|latest|most\s+recent)(?:\s+(?:updates?|entries|events))?\s+first\b"
                           r"|\breverse(?:d)?\s+chronological\b", re.IGNORECASE)


def _says_newest_first(doc: Document, timeline: Timeline) -> bool:
    """Whether the timeline's heading or text says it lists the newest first ("Updates (newest first)")."""
    heading = timeline.section.heading
    texts = _prose_texts(doc, timeline) + ([heading.segment.text] if heading is not None else [])
    return _NEWEST_FIRST.search("\x00".join(texts)) is not None


def _prose_texts(doc: Document, timeline: Timeline) -> list[str]:
    """The texts of the timeline section's blocks outside tables (what it says about its entries)."""
    return [block.segment.text for block in doc.blocks_in(timeline.section) if block.table is None]


def _out_of_order(doc: Document, timeline: Timeline) -> Iterator[tuple[TimelineEntry, TimelineEntry]]:
    """Each entry earlier than the entry before it, with that entry, unless the timeline says why."""
    may_place_late = _may_say_placed_late(doc, timeline)
    # What _OUT_OF_ORDER matches holds "order", one of _PLACED_LATE_WORDS, in a text searched for them:
    # a timeline without them does not explain its order.
    if may_place_late and _order_explained(doc, timeline):
        return
    previous: TimelineEntry | None = None
    for entry in timeline.entries:
        if entry.stamp.error is not None:
            continue
        if previous is not None and may_place_late and _placed_late(entry.text):
            continue  # "(earlier; found later in the logs)": placed where it was learned, and says so
        if previous is not None and _earlier(entry, previous):
            yield entry, previous
        previous = entry


_OUT_OF_ORDER = re.compile(r"\bout\s+of\s+(?:chronological\s+)?order\b|\bnot\s+in\s+chronological\s+order\b", re.IGNORECASE)


# An entry that says it happened before where it stands: "(earlier)", "found later", "we later learned",
# "in hindsight", "backfilled". Writers put such an event where the team learned of it.
_PLACED_LATE = re.compile(
    r"^\W{0,3}earlier\b|[(\[]\s*earlier\b"
    r"|\b(?:found|learned|learnt|discovered|determined|identified|confirmed|established)\s+later\b"
    r"|\blater\s+(?:found|learned|learnt|discovered|determined|identified|confirmed|established)\b"
    r"|\bin\s+(?:hindsight|retrospect)\b|\bretroactively\b|\bback-?filled\b|\bout\s+of\s+order\b",
    re.IGNORECASE)


def _placed_late(text: str) -> bool:
    # Every saying holds one of _PLACED_LATE_WORDS: a text without one (most entries) is not searched
    # for them all, which costs several times more.
    return _has_placed_late_word(text) and _PLACED_LATE.search(text) is not None


# A word each saying of _PLACED_LATE holds, matched with the same flags. The lookahead (the words' first
# letters, with the same flags) only spares the search trying each word at every character.
_PLACED_LATE_WORDS = re.compile(r"(?=[elhrfo])(?:earlier|later|hindsight|retrospect|retroactively|filled|order)",
                                re.IGNORECASE)
# The same words as written, for a lower-cased ASCII text: ASCII letters fold to each other only, so it
# finds a word where _PLACED_LATE_WORDS does, and a plain alternation searches 2-3 times faster.
_PLACED_LATE_WORDS_LOWER = re.compile(r"earlier|later|hindsight|retrospect|retroactively|filled|order")


def _has_placed_late_word(text: str) -> bool:
    if text.isascii():
        return _PLACED_LATE_WORDS_LOWER.search(text.lower()) is not None
    return _PLACED_LATE_WORDS.search(text) is not None


def _may_say_placed_late(doc: Document, timeline: Timeline) -> bool:
    """False when no entry of ``timeline`` can say it is placed late (``_placed_late``), from one search.

    An entry's text is cut from the texts of its section's blocks (with or without their code spans),
    joined to others by a blank or " | " at most and its blanks made single: a word of it, such as one
    of ``_PLACED_LATE_WORDS``, is in one of those texts. Joined by NUL, no word spans two of them; a
    thousand blocks are searched at a time, so that no copy of a whole long timeline is made."""
    blocks = doc.blocks_in(timeline.section)
    for start in range(0, len(blocks), _BLOCKS_PER_SEARCH):
        texts: list[str] = []
        for block in blocks[start:start + _BLOCKS_PER_SEARCH]:
            texts.append(block.segment.text)
            if block.segment.code_spans:
                texts.append(block.segment.with_code().text)
        if _has_placed_late_word("\x00".join(texts)):
            return True
    return False


_BLOCKS_PER_SEARCH = 1000


def _order_explained(doc: Document, timeline: Timeline) -> bool:
    """True when the timeline's own text says an event is out of chronological order, and why.

    The blocks' texts are searched as one, joined by NUL: the pattern matches only letters and blanks
    between its word boundaries, so no match spans two blocks and each is found as in its own block."""
    return _OUT_OF_ORDER.search("\x00".join(_prose_texts(doc, timeline))) is not None


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
        if entry.has_time and previous.has_time:  # their clocks are not None
            if (entry.offset is None) != (previous.offset is None) and entry.zone != previous.zone:
                return False  # one converts to UTC, the other cannot: not comparable
            now, before = entry.instant(), previous.instant()
            if now is None or before is None or now >= before:
                return False
            return not _within_uncertain_hour(entry, previous, (before - now).total_seconds() / 60)
        return entry.date < previous.date
    if entry.date is not None or previous.date is not None:
        return False
    # The clocks read from the timestamps (an entry's clock is its stamp's hour, minute and second): the
    # walk compares every entry with the one before it, and builds no time object to do so.
    stamp, previous_stamp = entry.stamp, previous.stamp
    if stamp.hour is not None and previous_stamp.hour is not None:
        offset, previous_offset = entry.offset, previous.offset
        if entry.zone != previous.zone and (offset is None or previous_offset is None):
            return False
        now_minutes = _stamp_minutes(stamp) - (offset or 0)
        before_minutes = _stamp_minutes(previous_stamp) - (previous_offset or 0)
        if previous_stamp.hour >= 18 and stamp.hour < 6:
            return False  # past midnight
        return now_minutes < before_minutes and not _within_uncertain_hour(entry, previous, before_minutes - now_minutes)
    return False


def _within_uncertain_hour(entry: TimelineEntry, previous: TimelineEntry, gap: float) -> bool:
    """True when the two entries are in different zones, one of whose offsets daylight saving makes
    uncertain ("16:20 CET" with no date may be 14:20 or 15:20 UTC), and they are at most an hour apart."""
    if entry.zone == previous.zone or gap > 60:
        return False
    return entry.reading.ambiguous or previous.reading.ambiguous


def _stamp_minutes(stamp: Timestamp) -> float:
    """Minutes since midnight of a timestamp's clock."""
    assert stamp.hour is not None
    return stamp.hour * 60 + stamp.minute + stamp.second / 60


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
    """Report a stated duration that differs from the impact window beyond tolerance.

    The window is the one the summary states ("from 14:05 to 14:50 UTC") when it states one, else the
    first timeline's, from its first impact entry to its recovery entry (not a later status-page update
    or follow-up). Rounded figures get the tolerance of their unit ("2 days" for 30 hours is fine).
    """
    stated = _stated_duration(doc, str(context.options.get("field", "duration")))
    if stated is None:
        return
    minutes, span, unit, loose = stated
    window = _summary_window(doc)
    if window is not None:
        actual, start_text, end_text, where = window
    else:
        found = timelines(doc)
        entries = _impact_window(found[0].entries, context) if found else None
        if entries is None:
            return
        first, last, starts, moments = entries
        start, end = moments[id(first)], moments[id(last)]
        if end <= start:
            return
        if any(entry is first or entry is last for entry, _ in _out_of_order(doc, found[0])):
            return  # a window that ends (or starts) at an entry out of order: PM102's finding, one typo
        actual = (end - start).total_seconds() / 60
        # Where the impact began is a reading of the entries' words: a stated duration that fits a
        # start the timeline allows (an entry up to the first impact entry, such as the deploy that
        # caused it; for a stats block's or the prose's figure, which may count from detection or
        # speak of one of several outages, any later entry about impact before recovery) is not
        # contradicted. An entry that is not about impact ("Rollback starts") starts no window.
        impact = context.wordlist("timeline-impact-start")  # its search: the pattern's, after a cheap first test
        candidates = starts
        if loose:
            candidates = starts + [e for e in found[0].entries if e not in starts and impact.search(e.text)]
        for candidate in candidates:
            moment = moments.get(id(candidate))
            if moment is not None and moment < end and _agrees(minutes, (end - moment).total_seconds() / 60, unit, context):
                return
        dated = first.date != last.date
        start_text, end_text = _shown(first, dated), _shown(last, dated)
        where = f"lines {first.line}-{last.line}"
    if _agrees(minutes, actual, unit, context):
        return
    kind = "default" if window is None else "summary-window"
    yield Violation(span, kind=kind, args={"stated": format_minutes(minutes), "window": format_minutes(actual),
                                           "start": start_text, "end": end_text, "where": where})


def _agrees(stated: float, actual: float, unit: float, context: RuleContext) -> bool:
    """True when ``actual`` minutes is what a writer would round to ``stated`` (in minutes, given in ``unit``)."""
    difference = abs(actual - stated)
    if difference <= float(context.options.get("tolerance-minutes", 15)):
        return True
    if difference <= float(context.options.get("tolerance-ratio", 0.2)) * stated:
        return True
    if not context.options.get("allow-rounding", True):
        return False
    # "3 hours" stands for 2.5 to 3.5 hours; "2 days" for anything that touches two days (a day either way).
    rounding = unit if unit >= 1440 else unit / 2 if unit >= 60 else 0
    return difference <= rounding


_WINDOW_JOINER = re.compile(r"^\s*(?:(?:UTC|GMT|Z)\s*)?(?:to|until|till|through|and|-|\u2013|\u2014)\s*(?:~\s*)?$",
                            re.IGNORECASE)


def _summary_blocks(doc: Document) -> list[Block]:
    """The blocks of the executive summary as pmlint.reading.summary defines it (a named summary, else a blog
    post's untitled opening, else an opening narrative section), so PM003 and PM103 read the same text."""
    return [block for section in executive_summary(doc) for block in doc.blocks_in(section)]


def _summary_window(doc: Document) -> tuple[float, str, str, str] | None:
    """The impact window the summary states ("from 14:05 to 14:50 UTC"): minutes, ends as written, where."""
    for block in _summary_blocks(doc):
        text = block.segment.text
        if ":" not in text and not re.search(r"\d\s?[ap]\.?m", text, re.IGNORECASE):
            continue
        stamps = [stamp for stamp in find_times(text) if stamp.error is None]
        for first, second in zip(stamps, stamps[1:]):
            if not _WINDOW_JOINER.match(text[first.end:second.start]):
                continue
            minutes = _between(first, second)
            if minutes is not None:
                line = block.segment.span(first.start, first.end).line
                return minutes, text[first.start:first.end], text[second.start:second.end], f"line {line}"
    return None


def _between(first: Timestamp, second: Timestamp) -> float | None:
    """Minutes from ``first`` to ``second``; a zone written on one end only applies to both."""
    zone_first, zone_second = first.zone or second.zone, second.zone or first.zone
    offsets = (zone_offset(zone_first), zone_offset(zone_second)) if zone_first != zone_second else (0, 0)
    if offsets[0] is None or offsets[1] is None:
        return None
    # "14:05 to 14:50 UTC on March 15": a date written on one end is the other's too.
    dated = first if first.has_date else second if second.has_date else None
    start_date = dt.date(dated.year or 2000, dated.month, dated.day) if dated is not None and \
        dated.month is not None and dated.day is not None else dt.date(2000, 1, 1)
    end_date = dt.date(second.year or start_date.year, second.month, second.day) if second.has_date and \
        second.month is not None and second.day is not None else start_date
    assert first.hour is not None and second.hour is not None
    start = dt.datetime.combine(start_date, dt.time(first.hour, first.minute)) - dt.timedelta(minutes=offsets[0])
    end = dt.datetime.combine(end_date, dt.time(second.hour, second.minute)) - dt.timedelta(minutes=offsets[1])
    if end < start and not second.has_date:
        end += dt.timedelta(days=1)  # "23:40 to 00:15": past midnight
    minutes = (end - start).total_seconds() / 60
    return minutes if minutes > 0 else None


# Labels of a stats block that state the incident's duration ("Time to recovery: 84 minutes").
_DURATION_LABELS = re.compile(r"^(?:total\s+)?(?:time\s+to\s+(?:recover(?:y)?|resolv(?:e|ed)|resolution|restore|restoration|mitigat(?:e|ion))"
                              r"|(?:outage|incident|impact|total)\s+duration|(?:total\s+)?downtime|mttr|ttr)$", re.IGNORECASE)


def _stated_duration(doc: Document, field_key: str) -> tuple[float, Span, float, bool] | None:
    """Minutes, span and unit of the duration the summary states: its duration field, a stats label
    ("Time to recovery: 84 minutes"), or a duration its prose marks as the incident's ("for 45 minutes").
    The last value is True for a stats label, whose start (impact, detection?) teams define differently,
    and for prose, which may speak of one of several outages ("unusable for about 1h50m")."""
    try:
        doc.catalog.section(field_key)
    except KeyError:
        return None
    summaries = executive_summary(doc)
    for label in doc.find_labels(field_key):
        # Only the summary's own field: a "**Duration:**" under one of several incidents is not it.
        if label.block < 0 or not any(s.first_line <= label.line < s.end_line for s in summaries):
            continue
        found = _label_duration(doc, label)
        if found is not None:
            return (*found, False)
    for section in doc.find_sections(field_key):
        for block in doc.blocks_in(section):
            if block.kind == "heading":
                continue
            read = read_duration(block.segment.text)
            if read is not None:
                minutes, start, end, unit = read
                return minutes, block.segment.span(start, end), unit, False
            break
    front = _front_matter_duration(doc, field_key)
    if front is not None:
        return (*front, False)
    for label in doc.labels:
        if label.block >= 0 and _DURATION_LABELS.match(" ".join(label.name.strip(" *_:").split())):
            found = _label_duration(doc, label)
            if found is not None:
                return (*found, True)
    for block in _summary_blocks(doc):
        if block.kind == "heading":
            continue
        read = prose_duration(block.segment.text)
        if read is not None:
            minutes, start, end, unit = read
            return minutes, block.segment.span(start, end), unit, True
    return None


def _label_duration(doc: Document, label: Label) -> tuple[float, Span, float] | None:
    segment = doc.blocks[label.block].segment
    start_at = segment.text.find(label.value) if label.value else -1
    if start_at == -1:
        return None
    read = read_duration(label.value)
    if read is None:
        return None
    minutes, start, end, unit = read
    return minutes, segment.span(start_at + start, start_at + end), unit


def _front_matter_duration(doc: Document, field_key: str) -> tuple[float, Span, float] | None:
    front = doc.front_matter
    if front is None or front.error is not None:
        return None
    value = front.data.get(field_key)
    if not isinstance(value, str):
        return None
    parsed = read_duration(value)
    if parsed is None:
        return None
    for index in range(front.first_line + 1, front.last_line):
        line = doc.source.line_text(index)
        if line.lstrip().startswith(f"{field_key}:"):
            column = line.find(value[parsed[1]:parsed[2]])
            if column != -1:
                start = doc.source.offset(index, column)
                return parsed[0], doc.source.span(start, start + parsed[2] - parsed[1]), parsed[3]
    return None


def _impact_window(entries: list[TimelineEntry], context: RuleContext) \
        -> tuple[TimelineEntry, TimelineEntry, list[TimelineEntry], dict[int, dt.datetime]] | None:
    """The timeline's impact window (``reading/incident_dates.py``), read with the rule's wordlists."""
    return impact_window(entries, recovery_words(context))


def recovery_words(context: RuleContext) -> RecoveryWords:
    """The rule's recovery wordlists, searched with their cheap first test (PM103 and PM501)."""
    lists = [context.wordlist(name) for name in ("timeline-impact-start", "timeline-resolution", "timeline-follow-up")]
    return RecoveryWords(lists[0].pattern, lists[1].pattern, lists[2].pattern,
                         searches=(lists[0].search, lists[1].search, lists[2].search))
