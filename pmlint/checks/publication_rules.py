"""Publication rules: a post-mortem published within the guide's 48 hours of the resolution (PM501)."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from pmlint.checks.registration import RuleContext, check
from pmlint.checks.timeline_rules import recovery_words
from pmlint.model import Violation
from pmlint.reading.document import Document
from pmlint.reading.git_history import first_commit
from pmlint.reading.incident_dates import DatedFact, publication, resolution

_DAY = dt.timedelta(days=1)


@check("PM501")
def publication_delay(doc: Document, context: RuleContext) -> Iterator[Violation]:
    """Report a publication more than ``max-hours`` after the resolution, once, naming both dates.

    A date written without a time is taken at the bound that makes the delay shortest (a publication
    at the start of its day, a resolution at the end of its): the finding is reported only when every
    reading of the dates is late. Silent when either date is unknown or the publication comes first.
    """
    max_hours = _max_hours(context.options.get("max-hours", 48))
    words = recovery_words(context)
    path = doc.path if doc.path not in ("", "-") else None
    # The publication first: without one (and without git's) the resolution, which reads every timeline
    # entry's instant, is not needed (a timeline of 290,000 entries held 33 MB more for it).
    published = publication(doc, path)
    use_git = bool(context.options.get("git-first-commit", False)) and path is not None
    if published is None and not use_git:
        return
    resolved = resolution(doc, words)
    if resolved is None:
        return
    if published is None and use_git:
        when = first_commit(path)
        published = DatedFact(when, "git's first commit") if when is not None else None
    if published is None:
        return
    try:
        latest_resolution = resolved.when if resolved.has_time else resolved.when + _DAY
    except OverflowError:  # 9999-12-31: nothing can be published after it
        return
    if (published.when - latest_resolution).total_seconds() / 3600 <= max_hours:
        return
    yield Violation(published.span or doc.title_span, args={
        "published": _shown(published), "published_source": _source(published),
        "delay": _delay(resolved, published), "resolved": _shown(resolved), "resolved_source": _source(resolved),
        "max": f"{max_hours:g}"})


def _max_hours(value: object) -> float:
    """The option as a number of hours: ``.inf`` never reports, a negative number is 0, NaN the default 48."""
    try:
        hours = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 48.0
    return 48.0 if math.isnan(hours) else max(0.0, hours)


def _shown(fact: DatedFact) -> str:
    return fact.when.strftime("%Y-%m-%d %H:%M UTC") if fact.has_time else fact.when.strftime("%Y-%m-%d")


def _source(fact: DatedFact) -> str:
    """The source for a message in parentheses: "the timeline's recovery entry, line 42"."""
    if fact.source.endswith(")") and " (line " in fact.source:
        named, line = fact.source[:-1].rsplit(" (", 1)
        return f"{named}, {line}"
    return fact.source


def _delay(resolved: DatedFact, published: DatedFact) -> str:
    """The delay as a person says it: in calendar days when a date has no time, else in hours up to
    three days and in days, to the nearest, beyond."""
    if not (resolved.has_time and published.has_time):
        days = (published.when.date() - resolved.when.date()).days
        return f"{days} day" if days == 1 else f"{days} days"
    hours = (published.when - resolved.when).total_seconds() / 3600
    if hours < 72:
        return f"{round(hours)} hours"
    return f"{round(hours / 24)} days"
