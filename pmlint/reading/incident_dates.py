"""The dates of an incident: when it happened, when it was resolved, and when its post-mortem was published.

Each date comes from the first place that states it. The resolution: a front matter key (``resolved``,
``ended_at``, ``mitigated``, ...), else the timeline's recovery entry (the first entry after the impact
started that says the impact ended, as PM103 duration-mismatch reads it). The publication: a front
matter key (``published``, ``publishDate``, ``date``, ...), else a date in a front matter ``path``,
``permalink`` or ``url`` (static-site generators), else a date in the file's path (``2020/02/26/...``,
``2026-03-15-title.md``). The incident's day: a front matter key (``incident_date``, ``started``, ...,
then ``date``), else a "Date:" label, else the file's path, else the timeline's first date.

A value that cannot be read as one date is ignored (PM900 reports broken front matter); a time with no
zone is read as UTC, and a date alone as 00:00 UTC on that day.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pmlint.model import Span
from pmlint.reading.document import Document
from pmlint.reading.timeline_entries import TimelineEntry, timelines
from pmlint.reading.timestamps import Timestamp, find_timestamps, read_zone
from pmlint.resources import data_dir


@dataclass(frozen=True)
class DatedFact:
    """An instant the document (or its path, or git) states, and where it says so.

    ``when`` is timezone-aware (UTC when the text gives no zone; a date alone is 00:00 UTC). ``source``
    names the place for a message ("front matter 'resolved'", "the file's path", "the timeline's recovery
    entry (line 42)", "git's first commit"); ``span`` is where it is written in the document, when it is.
    ``has_time`` is False for a date written without a time of day."""

    when: dt.datetime
    source: str
    span: Span | None = None
    has_time: bool = True


@dataclass(frozen=True)
class IncidentDates:
    """The incident's day, its resolution and its post-mortem's publication; None when unknown."""

    incident: dt.date | None
    resolved: DatedFact | None
    published: DatedFact | None


@dataclass(frozen=True)
class RecoveryWords:
    """What marks timeline entries: the start of the impact, its end, and a follow-up after it (the
    wordlists ``timeline-impact-start``, ``timeline-resolution`` and ``timeline-follow-up``)."""

    starts: re.Pattern[str]
    ends: re.Pattern[str]
    follow_ups: re.Pattern[str]
    # The three patterns' searches with a cheap first test (a rule's wordlists' ``Wordlist.search``, which
    # finds what ``pattern.search`` finds), used in their place when given. They tell no two sets apart.
    searches: tuple[Callable[[str], object], Callable[[str], object], Callable[[str], object]] | None = \
        field(default=None, compare=False, repr=False)


# Front matter keys, compared lower-cased with "-" and "_" removed (``resolved_at``, ``resolvedAt`` and
# ``resolved-at`` are one key), in order of preference. A mitigation comes last: it may precede the
# resolution, and a delay counted from it would be longer than the real one.
_RESOLVED_KEYS = ("resolved", "resolvedat", "resolvedon", "resolutiontime", "resolutiondate", "resolution",
                  "end", "ended", "endedat", "endtime", "enddate", "recovered", "recoveredat", "restored",
                  "restoredat", "mitigated", "mitigatedat", "mitigationtime")
_PUBLISHED_KEYS = ("published", "publishedat", "publishedon", "publishdate", "publicationdate", "datepublished",
                   "pubdate", "date")
_INCIDENT_KEYS = ("incidentdate", "dateofincident", "incidentstart", "started", "startedat", "start",
                  "starttime", "startdate", "began", "occurred", "occurredat", "date")
# Keys that hold the page's address, whose date is the publication's: ``path = "2020/02/26/title"``.
_ADDRESS_KEYS = ("path", "permalink", "url")
_INCIDENT_LABELS = ("date", "incident date", "date of incident")

# A date in a path: ``2020/02/26/`` (directories) or ``2026-03-15`` (a name), one separator throughout.
_PATH_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([-/])(0[1-9]|1[0-2])([-/])(0[1-9]|[12][0-9]|3[01])(?![0-9])")
# What may stand before a date in a front matter string: a weekday ("Sun, 15 Mar 2026").
_WEEKDAY = re.compile(r"[A-Za-z]{3,9},?")
_MAX_VALUE_CHARS = 100  # a longer string is prose, not a date
_MAX_PATH_CHARS = 4096
# A recovery that is not yet the end of the impact: "traffic partially restored", "started to recover".
PARTIAL = re.compile(r"\b(?:partial(?:ly)?|some|gradual(?:ly)?|begins?|beginning|began|start(?:s|ed|ing)?\s+to|starting)\b",
                     re.IGNORECASE)


def incident_dates(doc: Document, path: str | None, words: RecoveryWords | None = None) -> IncidentDates:
    """The incident's dates for ``doc``, read from it at ``path`` (None for stdin), found once per
    Document. ``words`` finds the timeline's recovery entry (the shipped wordlists when None)."""
    found: dict[tuple[str | None, RecoveryWords | None], IncidentDates] = doc.view("incident-dates", lambda _: {})
    key = (path, words)
    if key not in found:
        found[key] = _read(doc, path, words or shipped_recovery_words())
    return found[key]


def resolution(doc: Document, words: RecoveryWords | None = None) -> DatedFact | None:
    """When the incident was resolved: front matter, else the timeline's recovery entry (found once per
    Document and ``words``; None when unknown)."""
    found: dict[RecoveryWords, DatedFact | None] = doc.view("incident-resolution", lambda _: {})
    words = words or shipped_recovery_words()
    if words not in found:
        found[words] = _front_matter_fact(doc, _RESOLVED_KEYS) or _timeline_resolution(doc, words)
    return found[words]


def publication(doc: Document, path: str | None) -> DatedFact | None:
    """When the post-mortem was published: front matter, the page's address, or the file's path."""
    return _front_matter_fact(doc, _PUBLISHED_KEYS) or _address_fact(doc) or _path_fact(path)


def _read(doc: Document, path: str | None, words: RecoveryWords) -> IncidentDates:
    resolved = resolution(doc, words)
    published = publication(doc, path)
    incident_fact = _front_matter_fact(doc, _INCIDENT_KEYS)
    incident = incident_fact.when.date() if incident_fact is not None else None
    if incident is None:
        incident = _label_date(doc)
    if incident is None:
        path_fact = _path_fact(path)
        incident = path_fact.when.date() if path_fact is not None else None
    if incident is None:
        incident = _first_timeline_date(doc)
    return IncidentDates(incident, resolved, published)


# -- front matter ----------------------------------------------------------------------------------

def _front_matter_fact(doc: Document, keys: tuple[str, ...]) -> DatedFact | None:
    front = doc.front_matter
    if front is None or front.error is not None or not isinstance(front.data, dict):
        return None
    by_key: dict[str, str] = {}
    for written in front.data:
        if isinstance(written, str):
            by_key.setdefault(_key(written), written)
    for key in keys:
        written = by_key.get(key)
        if written is None:
            continue
        read = read_date_value(front.data[written])
        if read is not None:
            when, has_time = read
            return DatedFact(when, f"front matter '{written}'", _value_span(doc, written), has_time)
    return None


def _key(written: str) -> str:
    return written.lower().replace("-", "").replace("_", "").replace(" ", "")


def read_date_value(value: Any) -> tuple[dt.datetime, bool] | None:
    """A front matter value as a UTC instant and whether it had a time of day: a YAML or TOML date or
    datetime, or a string that is one date (with a time and zone, perhaps). None for anything else."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=dt.timezone.utc), True
        try:
            return value.astimezone(dt.timezone.utc), True
        except OverflowError:
            return None
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc), False
    if isinstance(value, str) and len(value) <= _MAX_VALUE_CHARS:
        return _read_string(value.strip())
    return None


def _read_string(text: str) -> tuple[dt.datetime, bool] | None:
    stamps = [stamp for stamp in find_timestamps(text) if stamp.has_date]
    if len(stamps) != 1:
        return None
    stamp = stamps[0]
    if text[stamp.end:].strip() or (text[:stamp.start].strip() and not _WEEKDAY.fullmatch(text[:stamp.start].strip())):
        return None  # more than a date ("2026-03-15 (draft)"): not for us to guess
    return _stamp_instant(stamp)


def _stamp_instant(stamp: Timestamp) -> tuple[dt.datetime, bool] | None:
    """A stamp with a full, unambiguous date as a UTC instant; None when its date or zone cannot be read."""
    if stamp.error is not None or stamp.year is None or stamp.month is None or stamp.day is None:
        return None
    if stamp.numeric_order == "ambiguous" and stamp.month != stamp.day:
        return None  # 03/10/2021: March or October
    try:
        day = dt.date(stamp.year, stamp.month, stamp.day)
    except ValueError:
        return None
    if stamp.hour is None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc), False
    clock = dt.time(stamp.hour, stamp.minute, stamp.second)
    offset = 0
    if stamp.zone is not None:
        read = read_zone(stamp.zone, day, clock).offset
        if read is None:
            return None  # a zone we cannot convert: the instant is unknown
        offset = read
    try:
        moment = dt.datetime.combine(day, clock) - dt.timedelta(minutes=offset)
    except OverflowError:
        return None
    return moment.replace(tzinfo=dt.timezone.utc), True


def _value_span(doc: Document, written: str) -> Span | None:
    """Where the value of top-level front matter key ``written`` is written (quotes excluded)."""
    front = doc.front_matter
    assert front is not None
    for index in range(front.first_line + 1, front.last_line):
        line = doc.source.line_text(index)
        if line.startswith("["):
            break  # a TOML table: the keys below are not top-level
        after = _after_key(line, written)
        if after is None:
            continue
        value = line[after:]
        end = len(value.rstrip())
        if end == 0:
            return None
        start = 0
        if value[0] in "\"'":
            closing = value.find(value[0], 1)
            if closing != -1:
                start, end = 1, closing
        elif " #" in value[:end]:
            end = len(value[:value.index(" #")].rstrip())
        base = doc.source.offset(index, after)
        return doc.source.span(base + start, base + end)
    return None


def _after_key(line: str, written: str) -> int | None:
    """Where the value starts on a line that sets top-level key ``written`` (``key: value``, ``"key" = value``)."""
    for quote in ("", '"', "'"):
        name = f"{quote}{written}{quote}"
        if line.startswith(name):
            at = len(name)
            while at < len(line) and line[at] in " \t":
                at += 1
            if at < len(line) and line[at] in ":=":
                at += 1
                while at < len(line) and line[at] in " \t":
                    at += 1
                return at
    return None


def _address_fact(doc: Document) -> DatedFact | None:
    """The date in a front matter address (``path = "inside-rust/2020/02/26/title"``)."""
    front = doc.front_matter
    if front is None or front.error is not None or not isinstance(front.data, dict):
        return None
    for written, value in front.data.items():
        if not isinstance(written, str) or _key(written) not in _ADDRESS_KEYS or not isinstance(value, str):
            continue
        when = path_date(value)
        if when is not None:
            return DatedFact(when, f"front matter '{written}'", _value_span(doc, written), False)
    return None


# -- the file's path -------------------------------------------------------------------------------

def path_date(path: str) -> dt.datetime | None:
    """The last date written in ``path`` (``2020/02/26/``, ``2026-03-15-title.md``) as 00:00 UTC."""
    if len(path) > _MAX_PATH_CHARS:
        path = path[-_MAX_PATH_CHARS:]
    found = None
    for match in _PATH_DATE.finditer(path.replace("\\", "/")):
        if match.group(2) != match.group(4):
            continue  # "2026-03/15": not one date
        try:
            found = dt.date(int(match.group(1)), int(match.group(3)), int(match.group(5)))
        except ValueError:
            continue
    if found is None:
        return None
    return dt.datetime(found.year, found.month, found.day, tzinfo=dt.timezone.utc)


def _path_fact(path: str | None) -> DatedFact | None:
    if not path:
        return None
    when = path_date(path)
    return DatedFact(when, "the file's path", None, False) if when is not None else None


# -- the document's labels and timeline ------------------------------------------------------------

def _label_date(doc: Document) -> dt.date | None:
    for label in doc.labels:
        if label.name.strip(" *_:").lower() not in _INCIDENT_LABELS or len(label.value) > _MAX_VALUE_CHARS:
            continue
        for stamp in find_timestamps(label.value):
            read = _stamp_instant(stamp)
            if read is not None:
                return read[0].date()
    return None


def _first_timeline_date(doc: Document) -> dt.date | None:
    for timeline in timelines(doc):
        for entry in timeline.entries:
            if entry.date is not None and entry.year_known and entry.stamp.error is None:
                return entry.date
    return None


def _timeline_resolution(doc: Document, words: RecoveryWords) -> DatedFact | None:
    found = timelines(doc)
    if not found:
        return None
    window = impact_window(found[0].entries, words)
    if window is None:
        return None
    last = window[1]
    if last.date is None or not last.year_known:
        return None  # a time with no date (or no year): the day of the resolution is unknown
    moment = window[3][id(last)]
    return DatedFact(moment.replace(tzinfo=dt.timezone.utc), f"the timeline's recovery entry (line {last.line})",
                     last.span, True)


def impact_window(entries: list[TimelineEntry], words: RecoveryWords) \
        -> tuple[TimelineEntry, TimelineEntry, list[TimelineEntry], dict[int, dt.datetime]] | None:
    """From the first entry about the impact to the entry where it ended, the entries up to the first
    one where the impact may have begun, and each timed entry's instant (by ``id``); None without a
    recovery entry.

    The end is the first recovery after the start that is not partial ("partially restored") and not
    a communication or follow-up ("status page updated: resolved", "post-mortem review held").
    """
    moments = entry_moments(entries)
    timed = [entry for entry in entries if id(entry) in moments]
    if len(timed) < 2:
        return None
    if len({entry.offset is None for entry in timed}) > 1:
        return None  # some zones convert to UTC and some cannot: the window would be wrong
    starts, ends, follow_ups = words.searches or (words.starts.search, words.ends.search, words.follow_ups.search)
    # An entry that says the impact ended ("Search is back to normal; incident resolved") does not start it.
    first = next((entry for entry in timed if starts(entry.text)
                  and not (ends(entry.text) and not follow_ups(entry.text))), timed[0])
    position = timed.index(first)
    # The first recovery after the start that is not partial, else the last partial one. The entries after
    # that first one are not read: their words decide nothing (a timeline goes on for hours after it).
    last = None
    for entry in timed[position + 1:]:
        text = entry.text
        if ends(text) and not follow_ups(text):
            last = entry
            if not PARTIAL.search(text):
                break
    return (first, last, timed[:position + 1], moments) if last is not None else None


def entry_moments(entries: list[TimelineEntry]) -> dict[int, dt.datetime]:
    """Each readable entry's instant (naive UTC), by ``id``. A timeline of bare times with no date
    anywhere ("09:15", "11:20") is placed on one nominal day, the next day after a time past midnight
    that follows an evening time; its differences are what a window needs, not its dates."""
    # An entry has a clock exactly when its stamp has an hour: tested without making the clock.
    readable = [entry for entry in entries if entry.stamp.error is None and entry.stamp.hour is not None]
    result: dict[int, dt.datetime] = {}
    if any(entry.date is not None for entry in readable):
        for entry in readable:
            moment = entry.instant()
            if moment is not None:
                result[id(entry)] = moment
        return result
    day = dt.date(2000, 1, 3)
    previous: TimelineEntry | None = None
    for entry in readable:
        assert entry.clock is not None
        if previous is not None and previous.clock is not None and previous.clock.hour >= 18 and entry.clock.hour < 6:
            day += dt.timedelta(days=1)  # past midnight
        offset = entry.offset
        result[id(entry)] = dt.datetime.combine(day, entry.clock) - dt.timedelta(minutes=offset or 0)
        previous = entry
    return result


# -- the shipped wordlists -------------------------------------------------------------------------

def words_pattern(entries: Iterable[str]) -> re.Pattern[str]:
    """Entries as one case-insensitive whole-word pattern, as a rule's wordlist builds it."""
    return re.compile(r"\b(?:" + "|".join(re.escape(entry) for entry in entries) + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def shipped_recovery_words() -> RecoveryWords:
    """The recovery words from the wordlists pmlint ships (a rule passes its configured ones instead)."""
    return RecoveryWords(*(words_pattern(_shipped_entries(name)) for name in
                           ("timeline-impact-start", "timeline-resolution", "timeline-follow-up")))


def _shipped_entries(name: str) -> list[str]:
    entries = []
    for line in (data_dir("wordlists") / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        term = line.split("->", 1)[0].strip()
        if term and not line.lstrip().startswith("#"):
            entries.append(term)
    return entries
