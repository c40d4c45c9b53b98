"""Reading a stated duration: "45 minutes", "1h 30m", "2.5 hours", "a 45-minute outage", "half an hour"."""
from __future__ import annotations

import re

_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                 "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90}
_UNITS = {"s": 1 / 60, "sec": 1 / 60, "second": 1 / 60, "m": 1, "min": 1, "minute": 1, "h": 60, "hr": 60,
          "hour": 60, "d": 1440, "day": 1440, "w": 10080, "week": 10080}
# A number may touch its unit ("3h"); a number word may not: "and" is not "an" + "d" (a day).
_AMOUNT = (r"(?:(?P<n>\d+(?:\.\d+)?)\s*(?:-\s*)?|(?P<w>" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
           + r")(?:\s+|\s*-\s*))")
_UNIT = r"(?P<u>weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)"
# "1h50m": a part may follow a unit letter right after a digit.
_PART = re.compile(rf"(?:(?<![\w.])|(?<=\d[hmdsw])){_AMOUNT}{_UNIT}(?![a-z])", re.IGNORECASE)
_HALF = re.compile(r"\bhalf\s+an?\s+hour\b", re.IGNORECASE)
_JOINER = re.compile(r"^\s*(?:(?:,|and|&)\s*)?$", re.IGNORECASE)
# What marks a duration in prose as the incident's: "for 45 minutes", "lasted about nine hours", "a
# 45-minute outage". Other durations in a summary ("within seven minutes of the change") are not it.
_LEAD = re.compile(r"\b(?:for|lasted|lasting|lasts|outage\s+of|downtime\s+of|duration\s+of|disruption\s+of"
                   r"|interruption\s+of)\s+(?:(?:about|approximately|approx\.|around|roughly|nearly|almost|just\s+over"
                   r"|just\s+under|over|under|some|~)\s*)?", re.IGNORECASE)
_TRAIL = re.compile(r"(?:[ \t]{1,3}long)?[ \t-]{1,3}(?:outage|incident|downtime|disruption|degradation|interruption)\b",
                    re.IGNORECASE)


def parse_duration(text: str) -> tuple[float, int, int] | None:
    """Minutes stated at the first duration in ``text``, with its (start, end) offsets; None if none.

    Adjacent parts add up: "1 hour 10 minutes", "1h 30m", "2 days, 4 hours".
    """
    read = read_duration(text)
    return None if read is None else (read[0], read[1], read[2])


def read_duration(text: str, at_start: bool = False) -> tuple[float, int, int, float] | None:
    """Like ``parse_duration``, with the minutes in the unit of its last part: a stated "2 days" is
    rounded to the day, "1 hour 10 minutes" to the minute. With ``at_start``, only a duration that
    starts ``text``."""
    half = _HALF.search(text)
    parts = list(_PART.finditer(text))
    if half is not None and (not parts or half.start() < parts[0].start()):
        return (30.0, half.start(), half.end(), 30.0) if not at_start or half.start() == 0 else None
    if not parts or (at_start and parts[0].start() != 0):
        return None
    total = _minutes(parts[0])
    unit = _minutes(parts[0]) / _number(parts[0]) if _number(parts[0]) else 1.0
    start, end = parts[0].start(), parts[0].end()
    for part in parts[1:]:
        if not _JOINER.match(text[end:part.start()]):
            break
        total += _minutes(part)
        unit = _minutes(part) / _number(part) if _number(part) else unit
        end = part.end()
    return total, start, end, unit


def _number(match: re.Match[str]) -> float:
    digits, word = match.group("n"), match.group("w")
    return float(digits) if digits is not None else float(_NUMBER_WORDS[word.lower()])


def _minutes(match: re.Match[str]) -> float:
    number = _number(match)
    unit = match.group("u").lower().rstrip("s") or "s"
    if unit not in _UNITS:
        unit = {"hr": "hr", "min": "min", "sec": "sec"}.get(unit, unit[0])
    return number * _UNITS[unit]


def format_minutes(minutes: float) -> str:
    """``130`` → ``"2 h 10 min"``; ``45`` → ``"45 min"``; ``2880`` → ``"2 d"``."""
    total = round(minutes)
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} d" if days else "", f"{hours} h" if hours else "", f"{mins} min" if mins else ""]
    return " ".join(part for part in parts if part) or "0 min"


def prose_duration(text: str) -> tuple[float, int, int, float] | None:
    """The incident's duration stated in a sentence ("for 45 minutes", "a 45-minute outage"), as
    ``read_duration`` gives it, with offsets into ``text``; None when no duration is marked as the incident's."""
    for lead in _LEAD.finditer(text):
        found = read_duration(text[lead.end():lead.end() + 60], at_start=True)
        if found is not None:
            return found[0], lead.end() + found[1], lead.end() + found[2], found[3]
    for part in _PART.finditer(text):
        if _TRAIL.match(text, part.end()):
            found = read_duration(text[part.start():part.end()], at_start=True)
            if found is not None:
                return found[0], part.start() + found[1], part.start() + found[2], found[3]
    return None
