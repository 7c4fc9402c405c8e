"""Times as people type them, and the one rule for whole minutes.

Everything a user types about time goes through here: a clock time (``11:15``,
``2pm``, ``noon``), a window of the day (``12:15-13:00``), a day (``thursday``,
``2``, ``2025-11-13``) and the moment they make together in the schedule's
zone. The readers have their own parsers for the formats they read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

from .errors import PlannerError
from .timezones import localize

# An ISO 8601 date and time of day; a time with seconds or an offset is left to say it is unreadable.
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})[Tt](\S+)$")
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])?\.?m?\.?$", re.IGNORECASE)


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole minutes from ``start`` to ``end``, rounded down (negative if end is earlier).

    The one minute rule: gaps, overlaps and durations all go through it. Schedules
    give whole minutes, so it only matters for a feed with seconds, and rounding
    down never promises a minute that is not there.

    >>> t = dt.datetime(2025, 11, 13, 11, 0)
    >>> second = dt.timedelta(seconds=1)
    >>> minutes_between(t, t + 590 * second), minutes_between(t, t - second)
    (9, -1)
    """
    # Float division: timedelta // timedelta is several times slower, and the solver
    # calls this for every pair of sessions it weighs.
    return math.floor((end - start).total_seconds() / 60)


def parse_clock(text: str) -> dt.time:
    """A time of day as people type it: ``11:15``, ``11:15am``, ``2pm``, ``14:00``, ``noon``.

    >>> parse_clock("2:30pm"), parse_clock("12am"), parse_clock("noon")
    (datetime.time(14, 30), datetime.time(0, 0), datetime.time(12, 0))
    """
    value = text.strip().lower()
    if value in ("noon", "midday"):
        return dt.time(12, 0)
    if value == "midnight":
        return dt.time(0, 0)
    match = _CLOCK.match(value)
    if not match:
        raise PlannerError(f"unreadable time {text!r:.40} (expected e.g. 11:15, 2pm or 14:30)")
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise PlannerError(f"unreadable time {text!r:.40}: {hour} is not a 12-hour clock hour")
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        raise PlannerError(f"unreadable time {text!r:.40}: out of range")
    return dt.time(hour, minute)


def parse_window(text: str) -> tuple[dt.time, dt.time]:
    """A window of the day as typed: ``12:15-13:00``, ``noon-1pm``.

    >>> parse_window("12:15-13:00")
    (datetime.time(12, 15), datetime.time(13, 0))
    """
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2:
        raise PlannerError(f"unreadable window {text!r:.40} (expected e.g. 12:15-13:00)")
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if end <= start:
        raise PlannerError(f"window {text!r:.40} ends before it starts")
    return start, end


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _day_names(days: Sequence[dt.date]) -> str:
    """``1 = Thu 13 Nov (2025-11-13), 2 = ...``: what ``--day`` may say for each day."""
    return ", ".join(f"{i} = {d:%a} {d.day} {d:%b} ({d.isoformat()})" for i, d in enumerate(days, 1))


def parse_day(text: str, days: Sequence[dt.date] = ()) -> dt.date:
    """``2025-11-13``, a weekday name (``thursday``, ``thu``), or a 1-based day number.

    When the schedule's ``days`` are given, the day must be one of them, and the
    error names them.

    >>> days = [dt.date(2025, 11, 12), dt.date(2025, 11, 13)]
    >>> parse_day("thu", days), parse_day("1", days)
    (datetime.date(2025, 11, 13), datetime.date(2025, 11, 12))
    """
    value = text.strip().lower()
    # A day number: decimal digits only (isdigit() passes '²', which int() refuses), and few
    # of them (int() refuses over 4,300; no schedule has a thousand days).
    number = int(value) if value.isdecimal() and len(value) <= 3 else None
    if number is not None and days and 1 <= number <= len(days):
        return days[number - 1]
    for day in days:
        if value and day.strftime("%A").lower().startswith(value[:3]) and len(value) >= 3:
            return day
    if days and number is not None and len(value) <= 2:
        raise PlannerError(f"the schedule has {len(days)} day{'s' * (len(days) != 1)}: {_day_names(days)}")
    weekday = next((name for name in _WEEKDAYS if len(value) >= 3 and name.startswith(value)), None)
    if days and weekday:
        raise PlannerError(f"the schedule has no {weekday.title()}; its days: {_day_names(days)}")
    try:
        found = dt.date.fromisoformat(value)
    except ValueError:
        known = f"; the schedule's days: {_day_names(days)}" if days else ""
        raise PlannerError(
            f"unreadable day {text!r:.40} "
            f"(expected a date like 2025-11-13, a weekday, or a day number){known}"
        ) from None
    if days and found not in days:
        raise PlannerError(
            f"the schedule has no sessions on {found.isoformat()}; the schedule's days: {_day_names(days)}"
        )
    return found


def local_datetime(day: dt.date, clock: dt.time, like: dt.datetime) -> dt.datetime:
    """``day`` at ``clock`` in the time zone of ``like`` (DST-correct for pytz zones)."""
    naive = dt.datetime.combine(day, clock)
    zone = like.tzinfo
    if hasattr(zone, "localize"):
        return localize(naive, zone)
    return naive.replace(tzinfo=zone)


def one_day(day: dt.date | str | None, days: Sequence[dt.date], today: dt.date) -> dt.date:
    """The day a clock time refers to: the one asked for, the schedule's only day,
    or ``today`` if the conference is on."""
    if day is not None:
        return day if isinstance(day, dt.date) else parse_day(day, days)
    if len(days) == 1:
        return days[0]
    if today in days:
        return today
    raise PlannerError(
        f"the schedule has {len(days)} days; say which with --day",
        hint=f"e.g. --day {days[0].isoformat()}" if days else None,
    )


def split_day(text: str) -> tuple[str | None, str]:
    """A day typed with the time, as people say it: ``sat 11:00``, ``2025-02-01 9am``, or
    as ISO 8601 writes it (``2025-02-01T09:00``, as the agenda file shows its times).

    >>> split_day("sat 11:00"), split_day("2025-02-01 9am"), split_day("11:00"), split_day("11:00 pm")
    (('sat', '11:00'), ('2025-02-01', '9am'), (None, '11:00'), (None, '11:00 pm'))
    >>> split_day("2025-02-01T09:00")
    ('2025-02-01', '09:00')
    """
    iso = _ISO_DAY.match(text.strip())
    if iso:
        return iso.group(1), iso.group(2)
    first, _, rest = text.strip().partition(" ")
    rest = rest.strip()
    if rest and ((first[:1].isalpha() and first.lower() not in ("noon", "midnight")) or "-" in first):
        return first, rest
    return None, text


def moment(
    clock: str | dt.time | dt.datetime | None,
    day: dt.date | str | None,
    days: Sequence[dt.date],
    now: dt.datetime,
    like: dt.datetime | None = None,
) -> dt.datetime:
    """The moment a user means by ``clock`` on ``day`` (default: ``now``), in the zone of ``like``."""
    if isinstance(clock, dt.datetime):
        return clock
    if clock is None:
        return now
    if isinstance(clock, str) and day is None:
        day, clock = split_day(clock)
    when = parse_clock(clock) if isinstance(clock, str) else clock
    return local_datetime(one_day(day, days, now.date()), when, like or now)
