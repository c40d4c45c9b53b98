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
_PART = re.compile(rf"(?<![\w.]){_AMOUNT}{_UNIT}(?![a-z])", re.IGNORECASE)
_HALF = re.compile(r"\bhalf\s+an?\s+hour\b", re.IGNORECASE)
_JOINER = re.compile(r"^\s*(?:(?:,|and|&)\s*)?$", re.IGNORECASE)


def parse_duration(text: str) -> tuple[float, int, int] | None:
    """Minutes stated at the first duration in ``text``, with its (start, end) offsets; None if none.

    Adjacent parts add up: "1 hour 10 minutes", "1h 30m", "2 days, 4 hours".
    """
    half = _HALF.search(text)
    parts = list(_PART.finditer(text))
    if half is not None and (not parts or half.start() < parts[0].start()):
        return 30.0, half.start(), half.end()
    if not parts:
        return None
    total = _minutes(parts[0])
    start, end = parts[0].start(), parts[0].end()
    for part in parts[1:]:
        if not _JOINER.match(text[end:part.start()]):
            break
        total += _minutes(part)
        end = part.end()
    return total, start, end


def _minutes(match: re.Match[str]) -> float:
    digits, word = match.group("n"), match.group("w")
    number = float(digits) if digits is not None else float(_NUMBER_WORDS[word.lower()])
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
