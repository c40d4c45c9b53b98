"""Reading the timestamps people write in incident timelines.

``find_timestamps(text)`` returns every time (with the date and zone written around it) and every
stand-alone date in a piece of text, with offsets into the text. Formats seen in real post-mortems:
ISO 8601 with ``Z`` or offsets, ``2026-03-15 14:05[:30]``, bare ``14:05``, 12-hour clocks (``3:15pm``,
``10:18 AM``), month-name dates (``Jan 14, 10:18 AM``, ``June 14th, 2022``, ``15 March 2026``),
``07-27-2023 2:14 pm``, slashed US dates (``4/21/23``), military ``1430Z`` and zone abbreviations or
offsets after the time (``UTC``, ``(PST)``, ``UTC+1``, ``+02:00``, ``local time``). Impossible values
(``13:55 PM``, ``25:10``, ``2026-13-45``) are returned with ``error`` set, never guessed.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# -- zones --------------------------------------------------------------------------------------

# Abbreviation → (minutes east of UTC as the abbreviation says, or None for a generic name such as
# "PT"; the IANA zone whose clock people mean by it). Writers keep "PST" all year, so on a date the
# IANA zone is what converts a time: "10:00 PST" on a June date is 17:00 UTC (Pacific daylight time).
_ZONES: dict[str, tuple[int | None, str | None]] = {
    "UTC": (0, None), "Z": (0, None), "UT": (0, None), "GMT": (0, None), "ZULU": (0, None),
    "PST": (-480, "America/Los_Angeles"), "PDT": (-420, "America/Los_Angeles"), "PT": (None, "America/Los_Angeles"),
    "MST": (-420, "America/Denver"), "MDT": (-360, "America/Denver"), "MT": (None, "America/Denver"),
    "CST": (-360, "America/Chicago"), "CDT": (-300, "America/Chicago"), "CT": (None, "America/Chicago"),
    "EST": (-300, "America/New_York"), "EDT": (-240, "America/New_York"), "ET": (None, "America/New_York"),
    "AKST": (-540, "America/Anchorage"), "AKDT": (-480, "America/Anchorage"), "HST": (-600, "Pacific/Honolulu"),
    "NST": (-210, "America/St_Johns"), "NDT": (-150, "America/St_Johns"),
    "WET": (0, "Europe/Lisbon"), "WEST": (60, "Europe/Lisbon"), "BST": (60, "Europe/London"),
    "IST": (330, "Asia/Kolkata"), "CET": (60, "Europe/Berlin"), "CEST": (120, "Europe/Berlin"),
    "MET": (60, "Europe/Berlin"), "MEST": (120, "Europe/Berlin"), "EET": (120, "Europe/Helsinki"),
    "EEST": (180, "Europe/Helsinki"), "MSK": (180, "Europe/Moscow"), "SAST": (120, "Africa/Johannesburg"),
    "PKT": (300, "Asia/Karachi"), "WIB": (420, "Asia/Jakarta"), "SGT": (480, "Asia/Singapore"),
    "HKT": (480, "Asia/Hong_Kong"), "CST+8": (480, None), "JST": (540, "Asia/Tokyo"), "KST": (540, "Asia/Seoul"),
    "AWST": (480, "Australia/Perth"), "ACST": (570, "Australia/Adelaide"), "ACDT": (630, "Australia/Adelaide"),
    "AEST": (600, "Australia/Sydney"), "AEDT": (660, "Australia/Sydney"),
    "NZST": (720, "Pacific/Auckland"), "NZDT": (780, "Pacific/Auckland"),
    "BRT": (-180, "America/Sao_Paulo"), "ART": (-180, "America/Argentina/Buenos_Aires"),
}
# Abbreviations whose region has places without daylight saving: in summer "MST" may be Arizona
# (UTC-7 all year) or Denver (UTC-6), "AEST" Queensland or Sydney. Such a time is ambiguous then.
_ALSO_WITHOUT_DST = {"MST": "America/Phoenix", "AEST": "Australia/Brisbane"}
# Zones that are UTC by definition. GMT is accepted as UTC by default (same clock, and the way most
# writers mean it); the PM101 option `accept-gmt` turns that off.
UTC_NAMES = frozenset({"UTC", "Z", "UT", "ZULU", "GMT"})
_REGION_WORDS = {"pacific": "PT", "eastern": "ET", "central": "CT", "mountain": "MT"}
# Places people name a clock after ("Berlin time"), with their IANA zone.
_CITIES = {
    "amsterdam": "Europe/Amsterdam", "auckland": "Pacific/Auckland", "bangalore": "Asia/Kolkata",
    "beijing": "Asia/Shanghai", "bengaluru": "Asia/Kolkata", "berlin": "Europe/Berlin", "boston": "America/New_York",
    "brussels": "Europe/Brussels", "cape town": "Africa/Johannesburg", "chicago": "America/Chicago",
    "copenhagen": "Europe/Copenhagen", "denver": "America/Denver", "dubai": "Asia/Dubai", "dublin": "Europe/Dublin",
    "helsinki": "Europe/Helsinki", "hong kong": "Asia/Hong_Kong", "johannesburg": "Africa/Johannesburg",
    "lisbon": "Europe/Lisbon", "london": "Europe/London", "los angeles": "America/Los_Angeles",
    "madrid": "Europe/Madrid", "melbourne": "Australia/Melbourne", "moscow": "Europe/Moscow",
    "mumbai": "Asia/Kolkata", "new york": "America/New_York", "oslo": "Europe/Oslo", "paris": "Europe/Paris",
    "prague": "Europe/Prague", "rome": "Europe/Rome", "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles", "seoul": "Asia/Seoul", "shanghai": "Asia/Shanghai",
    "singapore": "Asia/Singapore", "stockholm": "Europe/Stockholm", "sydney": "Australia/Sydney",
    "tokyo": "Asia/Tokyo", "toronto": "America/Toronto", "vancouver": "America/Vancouver",
    "vienna": "Europe/Vienna", "warsaw": "Europe/Warsaw", "zurich": "Europe/Zurich",
}
_REGION_NAMES = {"pacific": "PT", "eastern": "ET", "central": "CT", "mountain": "MT",
                 "central european": "CET", "eastern european": "EET", "western european": "WET",
                 "british": "BST", "india": "IST", "indian": "IST", "japan": "JST", "australian eastern": "AEST"}

_ZONE_NAMES = "|".join(sorted((re.escape(name) for name in _ZONES if name.isalpha()), key=len, reverse=True))
_CITY_NAMES = "|".join(sorted((re.escape(name).replace(r"\ ", r"\s") for name in _CITIES), key=len, reverse=True))
_UTC_OFFSET = r"[+\-\u2212]\d{1,2}(?::?\d{2})?"  # after UTC/GMT: "UTC+1", "GMT-05:00"
_BARE_OFFSET = r"[+\-\u2212](?:0\d|1[0-4]):?[0-5]\d"  # ISO 8601 / RFC 2822: "+01:00", "-0700"
# "Europe/Berlin", "America/Argentina/Buenos_Aires": checked against the zone database when read.
_IANA = r"(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Canada|Europe|Indian|Pacific|US)/[A-Z][A-Za-z_\-]{1,30}(?:/[A-Z][A-Za-z_\-]{1,30})?"
# "Pacific time", "Central European Summer Time", "Berlin time", "Berlin local time".
_NAMED_TIME = (r"(?:(?i:pacific|eastern|central(?:\s+european)?|mountain|eastern\s+european|western\s+european|british"
               r"|indian?|japan|australian\s+eastern)(?:\s+(?i:standard|daylight|summer))?\s+(?i:time)"
               rf"|(?i:{_CITY_NAMES})(?:\s+(?i:local))?\s+(?i:time)(?![a-z]))")
_ZONE_AFTER = re.compile(
    r"\s?(?P<open>\()?\s?"
    rf"(?P<zone>(?:UTC|GMT|UT)\s?{_UTC_OFFSET}|(?:{_ZONE_NAMES})(?![A-Za-z])|(?<=\d)Z(?![A-Za-z])|{_BARE_OFFSET}(?![\d:])"
    rf"|{_IANA}|{_NAMED_TIME}|[Ll]ocal\s+time|utc(?![a-z]))"
    r"\s?(?P<close>\))?")
_ZONE_ANYWHERE = re.compile(
    rf"(?<![A-Za-z])(?P<zone>(?:UTC|GMT)\s?{_UTC_OFFSET}|(?:{_ZONE_NAMES})(?![A-Za-z])|{_IANA}|[Ll]ocal\s+time"
    rf"|utc(?![a-z])|{_NAMED_TIME})")
# The first word (in ASCII letters, lower-cased) of every zone ``_ZONE_AFTER`` reads: an abbreviation,
# "UTC+1", an IANA zone's area ("Europe/Berlin"), a region or a city before "time", "local time".
_IANA_AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Canada", "Europe", "Indian",
               "Pacific", "US")
_NAMED_FIRST_WORDS = ("pacific", "eastern", "central", "mountain", "western", "british", "india", "indian", "japan",
                      "australian")
_ZONE_FIRST_WORDS = frozenset({name.lower() for name in _ZONES if name.isalpha()} | {"utc", "gmt", "ut", "z", "local"}
                              | {area.lower() for area in _IANA_AREAS} | set(_NAMED_FIRST_WORDS)
                              | {city.split()[0] for city in _CITIES})
# Where a zone after a time would start (after a blank, a bracket and a blank), its first word in ASCII
# letters and the character after that word.
_ZONE_START = re.compile(r"\s?\(?\s?(?P<word>[A-Za-z]*)(?P<next>[\s\S]?)")
# An abbreviation pmlint does not know, where a zone is declared: "All times in XYZ", "Timeline (XYZ)".
# The bracketed form only in a text about time ("Timeline (XYZ)", "Time (XYZ)"): "### Rollout (API)" is no zone.
_UNKNOWN_DECLARED = re.compile(r"\b(?i:all\s+times|times\s+are|times\s+in)\s+(?:(?i:are|in)\s+)?(?P<zone>[A-Z]{2,5})(?![A-Za-z])"
                               r"|(?i:time(?:line|s)?)\b[^()\n]{0,40}\((?i:all\s+times\s+)?(?P<bracketed>[A-Z]{2,5})\)")

# "All times are UTC", "Times in this report are UTC", "Times below are in UTC", "Timestamps shown are UTC".
ALL_TIMES = re.compile(r"\b(?:all\s+times|times\s+(?:are|in)|(?:times|timestamps)(?:\s+(?:below|above|shown|listed|here|used))?"
                       r"\s+are|time\s*zone|timezone)\b", re.IGNORECASE)


def says_all_times(text: str) -> bool:
    """``ALL_TIMES.search(text) is not None``, without the search for a text that says neither "times"
    nor "zone".

    Every saying holds one of them, matched ignoring case as Unicode does: besides their capitals, only
    "i" and "s" match other letters ("\u0130", "\u0131" and "\u017f"), which are made "i" and "s" before
    the text is lower-cased. Few paragraphs say either: two substring tests are much cheaper than the
    pattern tried at every character."""
    folded = text.lower() if text.isascii() else text.translate(_FOLDS).lower()
    if "times" not in folded and "zone" not in folded:
        return False
    return ALL_TIMES.search(text) is not None


_FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s"}

_REGION_ALONE = re.compile(r"(?<![A-Za-z])(?P<zone>[Pp]acific|[Ee]astern|[Cc]entral|[Mm]ountain)(?![A-Za-z])")

# -- dates and times ----------------------------------------------------------------------------

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE_PATTERNS = [
    r"(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})",
    r"(?P<m2>\d{1,2})-(?P<d2>\d{1,2})-(?P<y2>\d{4})",
    r"(?P<m3>\d{1,2})/(?P<d3>\d{1,2})/(?P<y3>\d{2}(?:\d{2})?)",
    rf"{_WEEKDAY}{_MONTH}\s+(?P<d4>\d{{1,2}}){_ORDINAL}(?:,?\s+(?P<y4>\d{{4}}))?",
    rf"{_WEEKDAY}(?P<d5>\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+)?{_MONTH.replace('month', 'month5')}(?:,?\s+(?P<y5>\d{{4}}))?",
]
_DATE = re.compile(r"(?<![\w/-])(?:" + "|".join(f"(?:{pattern})" for pattern in _DATE_PATTERNS) + r")(?![\w/])",
                   re.IGNORECASE)
# A date right after a time and its zone: "12:45 PM PST Saturday Oct 30th", "14:05 on 15 March 2026".
_DATE_AFTER = re.compile(r",?\s+(?:on\s+)?(?:" + "|".join(f"(?:{pattern})" for pattern in _DATE_PATTERNS[3:]) + r")(?![\w/])",
                         re.IGNORECASE)
# A date right before a time: "2026-03-15T14:05", "Jan 14, 10:18", "June 14th, 2022, 10:00 AM", "07-27-2023 2:14 pm".
_DATE_BEFORE = re.compile(r"(?<![\w/-])(?:" + "|".join(f"(?:{pattern})" for pattern in _DATE_PATTERNS)
                          + r")(?:T|,?\s+(?:at\s+)?~?|,?\s*-\s*)$", re.IGNORECASE)
# A numeric date before a time that none of the date patterns reads: a year of 3 or 5+ digits.
_MALFORMED_BEFORE = re.compile(r"(?<![\w/.-])(?P<date>(?:\d{3}|\d{5,8})-\d{1,2}-\d{1,2}|\d{1,2}[-/]\d{1,2}[-/](?:\d{3}|\d{5,8}))"
                               r"(?:T|,?\s+)$")
_TIME = re.compile(
    r"(?:(?<=\dT)|(?<![\w:.,/+\-]))(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s?(?P<ampm>[aApP]\.?[mM]\.?)(?![A-Za-z]))?(?!\d|:\d)"
    r"|(?<![\w:.,/])(?P<h12>\d{1,2})\s?(?P<ampm12>[aApP]\.?[mM]\.?)(?![A-Za-z])"
    r"|(?<![\w:.,/])(?P<hm>[0-2]\d[0-5]\d)(?=Z(?![A-Za-z])|\s?UTC\b)")


_RANGE_TAIL = re.compile(r"\s?(?:-|\u2013|\u2014|to)\s?\d{1,2}(?::\d{2})?\s?(?P<ampm>[aApP]\.?[mM]\.?)(?![A-Za-z])")


@dataclass(slots=True, unsafe_hash=True)
class Timestamp:
    """A time (and the date and zone written with it), or a date alone, found in a text.

    Never changed once made (``dataclasses.replace`` makes another): the timestamps at the start of a
    line are shared by the entries that read the same fields (``_interned``). It hashes by its fields as
    a frozen dataclass does, and is not frozen only because a frozen one sets each of its 15 fields
    through ``object.__setattr__``: 1.9 us a timestamp rather than 0.3 (the timelines view on /tmp/p500
    took 8% longer)."""

    start: int  # offsets into the text searched
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None  # None for a date alone
    minute: int = 0
    second: int = 0
    zone: str | None = None  # as normalised: "UTC", "PST", "UTC+01:00", "+02:00", "LOCAL"
    time_start: int | None = None  # offsets of the time part, for precise findings
    time_end: int | None = None
    error: str | None = None
    # For numeric dates: "dmy" or "mdy" when only that order can be right, else "ambiguous" (read
    # month first). A timeline whose other dates prove day-first rereads its ambiguous ones.
    numeric_order: str | None = None
    zone_start: int | None = None  # offsets of the zone as written ("PST" in "10:00 (PST)"), when there is one
    zone_end: int | None = None

    @property
    def has_time(self) -> bool:
        return self.hour is not None

    @property
    def has_date(self) -> bool:
        return self.month is not None and self.day is not None


# What every numeric date with an order to tell (the 2nd and 3rd date patterns) has in it, and what
# a word that starts a date starts with (a weekday or a month, in the 4th and 5th patterns): cheap
# tests that spare timelines a full search of text that cannot hold what they look for. A year-first
# date ("2026-03-15") has no order to tell: it does not count.
_NUMERIC_DATE = re.compile(r"\d-\d{1,2}-\d{4}|\d/\d{1,2}/\d\d")
_DATE_WORD = re.compile("|".join(("mon", "tue", "wed", "thu", "fri", "sat", "sun", *_MONTHS)), re.IGNORECASE)
# Every time and every date holds a digit (``\d`` as the patterns spell it, so any Unicode digit).
_DIGIT = re.compile(r"\d")


def may_hold_numeric_date(text: str) -> bool:
    """False when ``text`` holds no numeric date with an order to tell (``numeric_orders`` is empty)."""
    return _NUMERIC_DATE.search(text) is not None


def may_hold_time(text: str) -> bool:
    """False when ``text`` holds no time of day: every timestamp ``find_timestamps`` finds in it is a date alone."""
    return _TIME.search(text) is not None


def numeric_orders(text: str) -> set[str | None]:
    """The ``numeric_order`` of every timestamp in ``text`` (empty when it has no numeric date)."""
    if not may_hold_numeric_date(text):
        return set()
    return {stamp.numeric_order for stamp in find_timestamps(text)}


def can_start_timestamp(text: str, position: int) -> bool:
    """False when no timestamp can start at ``position``: each starts with a digit, a weekday or a month."""
    return position < len(text) and (text[position].isdigit() or _DATE_WORD.match(text, position) is not None)


def find_timestamps(text: str) -> list[Timestamp]:
    """Every time (with its date and zone) and every stand-alone date in ``text``, in order."""
    if _DIGIT.search(text) is None:
        return []  # every time and every date has a digit
    found: list[Timestamp] = []
    covered: list[tuple[int, int]] = []
    for match in _TIME.finditer(text):
        stamp = _from_time_match(text, match)
        found.append(stamp)
        covered.append((stamp.start, stamp.end))
    for match in _DATE.finditer(text):
        if any(start <= match.start() < end or start < match.end() <= end for start, end in covered):
            continue
        year, month, day, error, order = _date_fields(match)
        found.append(Timestamp(match.start(), match.end(), year, month, day, error=error, numeric_order=order))
    found.sort(key=lambda stamp: stamp.start)
    return found


def find_times(text: str) -> list[Timestamp]:
    """The timestamps of ``find_timestamps(text)`` that have a time of day, in order, found without its
    search for stand-alone dates.

    Those are the time matches' timestamps, in the order of the matches: a later time's date would start
    before an earlier time's timestamp only if it held that time, and no date holds a time."""
    if _DIGIT.search(text) is None:
        return []
    found = []
    for match in _TIME.finditer(text):
        stamp = _from_time_match(text, match)
        if stamp.hour is not None:
            found.append(stamp)
    return found


def find_time_starts(text: str, wanted: Callable[[int], bool]) -> Iterator[int]:
    """Where the times of ``find_times(text)`` start (their ``time_start``) that ``wanted`` accepts, in order.

    A time is read in full (its date, zone and whether it is valid) only when ``wanted`` accepts where it
    starts: a caller that knows most of a text's times already (the fix for a timeline, which looks for a
    time that is not an entry's) reads only the others."""
    if _DIGIT.search(text) is None:
        return
    for match in _TIME.finditer(text):
        start = match.start()
        if wanted(start) and _time_fields(text, match, 0)[_HOUR_FIELD] is not None:
            yield start


def first_full_date(text: str) -> Timestamp | None:
    """The first timestamp of ``text`` that names a whole day (year, month and day) without an error."""
    return next((stamp for stamp in find_timestamps(text) if stamp.error is None and stamp.year is not None
                 and stamp.month is not None and stamp.day is not None), None)


def leading_timestamp(text: str, shift: int = 0) -> Timestamp | None:
    """The timestamp that starts at the very start of ``text`` (the first ``find_timestamps(text)`` gives,
    when it starts at 0), its offsets moved by ``shift``; None when none starts there.

    A time at offset 0 is read from its one match, without searching the rest of ``text``: ``_TIME``
    matches at 0 exactly when ``finditer`` would find it first, nothing stands before it for a date to
    take its start back, and a time sorts before a date that starts where it does.

    A date before a time ("2026-03-15T14:05 ...", the usual line of many timelines) is read from the
    first time's match: a timestamp starts at 0 then only when that time's does (a later time's date
    would start at 0 only if it held the first time, and no date holds a time: no colon, no "am" or "pm"
    after a number, no "Z" or "UTC"), or when a date alone starts there, which takes the full search.
    """
    match = _TIME.match(text)
    if match is not None:
        return _interned(_time_fields(text, match, shift))
    first = _TIME.search(text)
    if first is not None:
        fields = _time_fields(text, first, shift)
        if fields[0] == shift:  # its date (or a malformed one) starts the text
            return _interned(fields)
    if _DATE.match(text) is None:
        return None  # no date alone starts the text, and no time's timestamp does
    for stamp in find_timestamps(text):
        if stamp.start == 0:
            return _shifted(stamp, shift) if shift else stamp
        break
    return None


# Timestamps already made at the start of a line, by their fields. A long timeline repeats its clocks (a day
# has 1,440 minutes) and its lines' layout: its entries share one immutable timestamp per clock and place,
# rather than each making its own. Emptied when full, so it stays small whatever the document.
_LEADING: dict[tuple[object, ...], Timestamp] = {}
_LEADING_MAX = 4096


def _interned(fields: tuple[object, ...]) -> Timestamp:
    stamp = _LEADING.get(fields)
    if stamp is None:
        if len(_LEADING) >= _LEADING_MAX:
            _LEADING.clear()
        stamp = _LEADING[fields] = Timestamp(*fields)  # type: ignore[arg-type]
    return stamp


def _shifted(stamp: Timestamp, by: int) -> Timestamp:
    def moved(offset: int | None) -> int | None:
        return None if offset is None else offset + by
    return Timestamp(stamp.start + by, stamp.end + by, stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute,
                     stamp.second, stamp.zone, moved(stamp.time_start), moved(stamp.time_end), stamp.error,
                     stamp.numeric_order, moved(stamp.zone_start), moved(stamp.zone_end))


def _from_time_match(text: str, match: re.Match[str]) -> Timestamp:
    """The timestamp around a time match in ``text``."""
    return Timestamp(*_time_fields(text, match, 0))


# Where ``_time_fields`` puts the hour (None for a time with an error), in ``Timestamp``'s order.
_HOUR_FIELD = 5


def _time_fields(text: str, match: re.Match[str], shift: int) -> tuple[object, ...]:
    """The fields of the timestamp around a time match in ``text`` (in ``Timestamp``'s order), its offsets
    moved by ``shift``."""
    error = None
    military, h12, h, mi, s, ampm, ampm12 = match.group("hm", "h12", "h", "mi", "s", "ampm", "ampm12")
    if military:
        hour, minute, second, meridiem = int(military[:2]), int(military[2:]), 0, None
    elif h12:
        hour, minute, second, meridiem = int(h12), 0, 0, ampm12
    else:
        hour, minute = int(h), int(mi)
        second = int(s or 0)
        meridiem = ampm
    written = match.group(0)
    if not meridiem and not military and hour <= 12:
        tail = _RANGE_TAIL.match(text, match.end())
        if tail is not None:
            meridiem = tail.group("ampm")  # "1:00-2:00 PM": the range's PM applies to its start too
    if meridiem:
        if not 1 <= hour <= 12:
            error = f"'{written}' is not a valid 12-hour time"
        else:
            hour = hour % 12 + (12 if meridiem.lower().startswith("p") else 0)
    if error is None and (hour > 23 or minute > 59 or second > 59):
        error = f"'{written}' is not a valid time of day"
    start, end = match.start(), match.end()
    year: int | None = None
    month: int | None = None
    day: int | None = None
    order: str | None = None
    window = text[max(0, start - 40):start]
    # Both patterns before a time end in a date: nothing before the time, nothing to search.
    before = _DATE_BEFORE.search(window) if window else None
    if before is not None:
        year, month, day, date_error, order = _date_fields(before)
        error = error or date_error
        start = start - (len(window) - before.start())
    elif window:
        malformed = _MALFORMED_BEFORE.search(window)
        if malformed is not None:  # "20202-01-16 12:00": a typo in the date, reported rather than skipped
            error = error or f"'{malformed.group('date')}' is not a valid date"
            start = start - (len(window) - malformed.start())
    zone = None
    zone_start = zone_end = None
    after = _ZONE_AFTER.match(text, end) if _zone_may_follow(text, end) else None
    iso_like = bool(s) or text[max(0, match.start() - 1):match.start()] == "T"
    if after is not None and (after.group("open") is None or after.group("close") is not None) \
            and not _is_range_end(after, iso_like):
        zone = normalize_zone(after.group("zone"))
        zone_start, zone_end = after.start("zone"), after.end("zone")
        end = after.end("close") if after.group("open") else after.end("zone")
    if year is None and month is None:
        following = _DATE_AFTER.match(text, end)
        if following is not None:
            year, month, day, date_error, order = _date_fields(following)
            error = error or date_error
            end = following.end()
    if error is not None:
        hour, minute, second = 0, 0, 0
    if shift:
        start, end = start + shift, end + shift
        if zone_start is not None and zone_end is not None:
            zone_start, zone_end = zone_start + shift, zone_end + shift
    return (start, end, year, month, day, hour if error is None else None, minute, second, zone,
            match.start() + shift, match.end() + shift, error, order, zone_start, zone_end)


def _zone_may_follow(text: str, end: int) -> bool:
    """False when ``_ZONE_AFTER`` cannot match at ``end``: a cheap test before its long list of zones (most
    times are followed by an event's first word, which names no zone).

    Every zone it reads starts with a sign ("+02:00") or with one of ``_ZONE_FIRST_WORDS`` as a whole word
    (each is followed by a blank, "/", a sign or a character that is no letter), or is "utc" followed by
    a capital. A character beyond ASCII there could be a letter the case-blind names match ("ſ" is "s"):
    such a text is left to the full pattern.
    """
    start = _ZONE_START.match(text, end)
    assert start is not None  # every part of the pattern is optional
    word, following = start.group("word", "next")
    if not following.isascii():
        return True
    if not word:
        return following in "+-" and following != ""
    lowered = word.lower()
    return lowered in _ZONE_FIRST_WORDS or lowered.startswith("utc")


def _month_number(word: str) -> int:
    """The month a matched month word names; the match ignores case as Unicode does ("ſep" is "sep")."""
    for name, number in _MONTHS.items():
        if re.match(name, word, re.IGNORECASE):
            return number
    raise ValueError(word)  # cannot happen: the word matched one of the month names


def _month_day(first: int, second: int) -> tuple[int, int]:
    """Numeric dates are month first (US) unless only day-first can be right: 29-09-2021 is 29 September."""
    if first > 12 >= second:
        return second, first
    return first, second


def _is_range_end(after: re.Match[str], iso_like: bool) -> bool:
    """``13:30-13:45`` is a range, not 13:30 at offset -13:45; offsets follow ISO dates or seconds."""
    zone = after.group("zone")
    return zone[0] in "+-\u2212" and ":" in zone and not iso_like


def _date_fields(match: re.Match[str]) -> tuple[int | None, int | None, int | None, str | None, str | None]:
    """(year, month, day, error, numeric order) of a date match; the order is set for numeric dates only."""
    groups = match.groupdict()
    year: int | None
    order = None
    if groups.get("y"):
        year, month, day = int(groups["y"]), int(groups["m"]), int(groups["d"])
    elif groups.get("y2") or groups.get("m3"):
        first, second = (int(groups["m2"]), int(groups["d2"])) if groups.get("y2") else (int(groups["m3"]), int(groups["d3"]))
        written_year = groups.get("y2") or groups.get("y3")
        year = int(written_year) if written_year else None
        if year is not None and year < 100:
            year += 2000
        month, day = _month_day(first, second)
        order = "dmy" if first > 12 >= second else "mdy" if second > 12 >= first else "ambiguous"
    elif groups.get("month"):
        year = int(groups["y4"]) if groups.get("y4") else None
        month, day = _month_number(groups["month"]), int(groups["d4"])
    else:
        year = int(groups["y5"]) if groups.get("y5") else None
        month, day = _month_number(groups["month5"]), int(groups["d5"])
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 February without a year is fine
    except ValueError:
        return None, None, None, f"'{match.group(0).strip()}' is not a valid date", order
    return year, month, day, None, order


# -- zone helpers -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def normalize_zone(written: str) -> str:
    """``"utc"`` → ``"UTC"``, ``"UTC + 1"`` → ``"UTC+01:00"``, ``"-0700"`` → ``"-07:00"``, ``"local time"`` → ``"LOCAL"``,
    ``"Pacific Daylight Time"`` → ``"PDT"``, ``"Berlin time"`` → ``"Europe/Berlin"``."""
    compact = re.sub(r"\s+", "", written).replace("\u2212", "-")
    upper = compact.upper()
    if upper == "LOCALTIME":
        return "LOCAL"
    if "/" in compact:
        return compact  # an IANA name, as written
    words = " ".join(written.lower().split())
    if words.endswith(" time") or words in _REGION_NAMES:
        return _named_zone(words.removesuffix(" time").removesuffix(" local"))
    offset = re.fullmatch(r"(UTC|GMT|UT)?([+-])(\d{1,2}):?(\d{2})?", upper)
    if offset:
        prefix, sign, hours, minutes = offset.groups()
        formatted = f"{sign}{int(hours):02d}:{minutes or '00'}"
        return f"{prefix}{formatted}" if prefix else formatted
    return upper


# "Pacific standard" → PST: a region with "standard", "daylight" or "summer" names one of its two clocks.
_QUALIFIED = {("PT", "standard"): "PST", ("PT", "daylight"): "PDT", ("ET", "standard"): "EST", ("ET", "daylight"): "EDT",
              ("CT", "standard"): "CST", ("CT", "daylight"): "CDT", ("MT", "standard"): "MST", ("MT", "daylight"): "MDT",
              ("CET", "summer"): "CEST", ("CET", "daylight"): "CEST", ("EET", "summer"): "EEST", ("WET", "summer"): "WEST",
              ("BST", "summer"): "BST", ("AEST", "daylight"): "AEDT"}


def _named_zone(words: str) -> str:
    qualifier = None
    for word in ("standard", "daylight", "summer"):
        if words.endswith(" " + word):
            words, qualifier = words.removesuffix(" " + word), word
    if words in _CITIES:
        return _CITIES[words]
    zone = _REGION_NAMES.get(words, words.upper())
    if zone == "BST" and qualifier is None:
        return "Europe/London"  # "British time": GMT in winter, BST in summer
    return _QUALIFIED.get((zone, qualifier), zone) if qualifier else zone


_IANA_NAME = re.compile(_IANA)


@functools.lru_cache(maxsize=256)
def _zoneinfo(name: str) -> dt.tzinfo | None:
    """The IANA zone ``name`` (the OS database or the ``tzdata`` package), or None when it does not exist."""
    if not _IANA_NAME.fullmatch(name):
        return None
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo(name)
    except Exception:  # unknown name, or no zone database on this machine
        return None


def is_known_zone(zone: str | None) -> bool:
    """True when ``zone`` (normalised) can be converted to UTC, given a date where it needs one."""
    if zone is None or zone == "LOCAL":
        return False
    return zone in _ZONES or re.fullmatch(r"(?:UTC|GMT|UT)?[+-]\d{2}:\d{2}", zone) is not None or \
        _zoneinfo(zone) is not None


def _utcoffset(zone: dt.tzinfo, moment: dt.datetime) -> int | None:
    offset = moment.replace(tzinfo=zone).utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


@functools.lru_cache(maxsize=256)
def _has_dst(iana: str) -> bool:
    zone = _zoneinfo(iana)
    if zone is None:
        return True
    return any(_utcoffset(zone, dt.datetime(year, 1, 1, 12)) != _utcoffset(zone, dt.datetime(year, 7, 1, 12))
               for year in (2000, 2024))


@dataclass(frozen=True, slots=True)
class ZoneReading:
    """How a time in a zone converts to UTC: ``offset`` in minutes east of UTC (None when unknown),
    ``note`` when the clock differs from what the abbreviation says ("PST" on a June date is UTC-7),
    ``ambiguous`` when the offset cannot be told for sure (no date for a zone with daylight saving,
    "MST" in summer, a time in the repeated or skipped hour of a clock change)."""

    offset: int | None
    note: str | None = None
    ambiguous: bool = False


def read_zone(zone: str | None, when: dt.date | None = None, clock: dt.time | None = None) -> ZoneReading:
    """The UTC offset of ``zone`` at local ``when`` ``clock`` (noon without a clock), through its IANA zone."""
    if zone is None:
        return _NO_OFFSET
    steady = _steady_reading(zone)
    if steady is not None:
        return steady
    fixed, iana = _ZONES.get(zone, (None, zone if "/" in zone else None))
    assert iana is not None
    tz = _zoneinfo(iana)
    assert tz is not None
    if when is None:
        return ZoneReading(fixed, ambiguous=True)
    try:
        moment = dt.datetime.combine(when, clock or dt.time(12))
        actual, other = _utcoffset(tz, moment), _utcoffset(tz, moment.replace(fold=1))
        back = moment.replace(tzinfo=tz).astimezone(dt.timezone.utc).astimezone(tz).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return ZoneReading(fixed, ambiguous=True)
    if actual != other and fixed in (actual, other):
        actual = other = fixed  # the repeated hour of a clock change, told apart by "PDT" or "PST"
    ambiguous = actual != other or back != moment  # the repeated hour, or the skipped one
    alternative = _zoneinfo(_ALSO_WITHOUT_DST.get(zone, ""))
    if alternative is not None:
        ambiguous = ambiguous or _utcoffset(alternative, moment) != actual
    note = None
    if fixed is not None and actual is not None and actual != fixed:
        note = f"{zone} on {when.isoformat()} is {_clock_name(zone, actual)}, {format_offset(actual)}"
    return ZoneReading(actual, note, ambiguous)


_NO_OFFSET = ZoneReading(None)


@functools.lru_cache(maxsize=256)
def _steady_reading(zone: str) -> ZoneReading | None:
    """The reading of ``zone`` when it is the same on every date and clock (no zone, an offset, a zone
    without daylight saving, or no zone database to ask); None when the date and clock matter. Read once
    per zone and shared (a reading is immutable): a timeline of thousands of times in one zone made one
    object per time."""
    if zone == "LOCAL":
        return _NO_OFFSET
    offset = re.fullmatch(r"(?:UTC|GMT|UT)?([+-])(\d{2}):(\d{2})", zone)
    if offset:
        sign, hours, minutes = offset.groups()
        value = int(hours) * 60 + int(minutes)
        return ZoneReading(-value if sign == "-" else value)
    fixed, iana = _ZONES.get(zone, (None, zone if "/" in zone else None))
    if iana is None:
        return ZoneReading(fixed)
    tz = _zoneinfo(iana)
    if tz is None:  # no zone database: the abbreviation's own offset is the best there is
        return ZoneReading(fixed, ambiguous=True)
    if not _has_dst(iana):
        return ZoneReading(_utcoffset(tz, dt.datetime(2024, 1, 1, 12)))
    return None


def _clock_name(zone: str, offset: int) -> str:
    """What the clock at ``offset`` in the region of ``zone`` is called: "PDT"."""
    family = _ZONES[zone][1]
    for name, (fixed, iana) in _ZONES.items():
        if fixed == offset and iana == family and name != zone:
            return name
    return "local time"


def format_offset(minutes: int) -> str:
    """``-420`` → ``"UTC-7"``; ``330`` → ``"UTC+5:30"``."""
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_offset(zone: str | None, when: dt.date | None = None, clock: dt.time | None = None) -> int | None:
    """Minutes east of UTC for a normalised zone at a local date and time (through its IANA zone when
    there is a date; the offset an abbreviation names without one), or None when it cannot be known."""
    return read_zone(zone, when, clock).offset


def is_utc(zone: str | None, accept_gmt: bool = True) -> bool:
    if zone is None:
        return False
    if zone in UTC_NAMES:
        return accept_gmt or zone != "GMT"
    return re.fullmatch(r"(?:UTC|GMT|UT)?[+-]00:00", zone) is not None


def find_zone_declaration(text: str) -> tuple[str, int, int] | None:
    """A zone named anywhere in a heading or sentence ("Timeline (all times PST)", "All times are UTC").

    A bare region word ("All times Pacific") counts only in a sentence about all times, since
    "central" or "eastern" alone are ordinary words. An abbreviation pmlint does not know, where a
    zone is declared ("All times in XYZ"), is returned as written: ``is_known_zone`` tells it apart.
    """
    match = _ZONE_ANYWHERE.search(text)
    if match is None and says_all_times(text):
        match = _REGION_ALONE.search(text)
    group = "zone"
    if match is None:
        match = _UNKNOWN_DECLARED.search(text)
        group = "zone" if match is None or match.group("zone") else "bracketed"
        if match is None or match.group(group) in _NOT_ZONES:
            return None
    return normalize_zone(match.group(group)), match.start(group), match.end(group)


# Capitals that follow "all times" or stand in a heading's brackets without naming a zone.
_NOT_ZONES = frozenset({"AM", "PM", "ARE", "IN", "OF", "THE", "ALL", "TBD", "TODO", "WIP", "NOTE", "DRAFT", "APPROX"})


def zone_family(zone: str) -> str:
    """The clock a zone belongs to, for telling whether two zones are one: "PST", "PDT" and "PT" are
    all America/Los_Angeles; offsets and unknown names are their own family."""
    known = _ZONES.get(zone)
    if known is not None and known[1] is not None:
        return known[1]
    return zone


def zone_label(zone: str) -> str:
    """A normalised zone as a message shows it: "PST", "UTC+01:00", "Europe/Berlin", "local time"."""
    return "local time" if zone == "LOCAL" else zone


def zone_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of every zone named in ``text`` ("CET" and "GMT+1" in "All times in CET (GMT+1)")."""
    return [(match.start("zone"), match.end("zone"), match.group("zone")) for match in _ZONE_ANYWHERE.finditer(text)]
