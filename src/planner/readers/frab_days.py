"""Conference days and the times of frab events, shared by every frab reader.

A day is its date and, if given, its hours; times are ISO 8601 moments, ``HH:MM``
clocks and durations. :func:`conference_day` says which day a session belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from ..timezones import Zone, localize
from .base import BadBlock


class _Warns(Protocol):
    def warn(self, message: str, line: int | None, notice: bool = False) -> None: ...


_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
# A conference day without a stated start is taken to begin at 04:00, as
# pretalx's do: earlier clock times belong to the night after the day.
DEFAULT_DAY_START = dt.time(4, 0)
# A day whose hours cannot be read (merged c3voc files give start == end) turns at
# the conference's day_change, else at 06:00, as CCC's do.
UNREAD_DAY_CHANGE = dt.time(6, 0)


@dataclass
class FrabDay:
    """A conference day: its date and, if given, when it starts and ends."""

    label: str
    date: dt.date | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    # The clock at which one conference day turns into the next (frab's day_change).
    change: dt.time | None = None

    @property
    def hours(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The day's start and end, when both are given and the start is before the end."""
        if self.start and self.end and self.start < self.end:
            return self.start, self.end
        return None

    @property
    def hours_unread(self) -> bool:
        """Both hours given but no span (``start`` == ``end``, as merged c3voc files write)."""
        return bool(self.start and self.end) and self.hours is None

    def read(self, attribute: str, value: str | None, field_name: str, reading: _Warns) -> None:
        """Set ``date``, ``start`` or ``end`` from text; an unreadable one is ignored with a warning."""
        if not value:
            return
        try:
            moment = parse_moment(value, field_name)
        except BadBlock as exc:
            reading.warn(f"{self.label}: {exc}; ignored", None)
            return
        if attribute == "date":
            self.date = moment.date() if isinstance(moment, dt.datetime) else moment
        elif isinstance(moment, dt.datetime) and moment.tzinfo is not None:
            setattr(self, attribute, moment)


def parse_duration(text: str) -> dt.timedelta:
    """``00:45``, ``1:30`` or ``0:45:00`` (hours, minutes, seconds) as a timedelta.

    >>> parse_duration("00:45") == parse_duration("0:45:00") == dt.timedelta(minutes=45)
    True
    """
    match = _DURATION.match(text.strip())
    if not match:
        raise BadBlock(f"unreadable duration {text.strip()!r} (expected HH:MM)", "duration")
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_moment(text: str, what: str) -> dt.datetime | dt.date:
    """An ISO 8601 date-time (aware or naive), or a bare date."""
    value = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise BadBlock(
            f"unreadable {what} {value!r} (expected ISO 8601, e.g. 2025-10-24T10:00:00+02:00)", what
        ) from None


def parse_clock(text: str, what: str = "start") -> dt.time:
    """``06:00`` or ``06:00:00`` as a time of day.

    >>> parse_clock("06:00:00")
    datetime.time(6, 0)
    """
    match = _CLOCK.match(text.strip())
    if not match:
        raise BadBlock(f"unreadable {what} {text.strip()!r} (expected HH:MM)", what)
    hour, minute, second = (int(g or 0) for g in match.groups())
    return dt.time(hour, minute, second)


def in_zone(moment: dt.datetime, zone: Zone) -> dt.datetime:
    """``moment`` on the clock of ``zone``: converted if aware, localized if naive."""
    if moment.tzinfo is not None:
        return moment.astimezone(zone)
    return localize(moment, zone)


def conference_day(start: dt.datetime, day: FrabDay, zone: Zone) -> dt.date:
    """The date of the conference day a session starting at ``start`` belongs to.

    The day it is listed under, if it has a date and (when its hours are given)
    they hold the start; else the start's date, one day earlier before the
    day-change clock.

    >>> import pytz
    >>> zone = pytz.timezone("Europe/Berlin")
    >>> night = zone.localize(dt.datetime(2014, 12, 28, 0, 0))
    >>> conference_day(night, FrabDay("day 1", date=dt.date(2014, 12, 27)), zone)
    datetime.date(2014, 12, 27)
    >>> conference_day(night, FrabDay("", change=dt.time(6, 0)), zone)
    datetime.date(2014, 12, 27)

    A day whose start equals its end (a merged c3voc file) says nothing of its hours:
    the clock decides, turning at ``day_change`` or 06:00.

    >>> merged = zone.localize(dt.datetime(2014, 12, 27, 0, 0))
    >>> conference_day(night, FrabDay("day 2", date=dt.date(2014, 12, 28), start=merged, end=merged), zone)
    datetime.date(2014, 12, 27)
    """
    hours = day.hours
    inside = (not day.hours_unread) if hours is None else hours[0] <= start < hours[1]
    if day.date is not None and inside:
        return day.date
    local = start.astimezone(zone)
    change = day.change or (UNREAD_DAY_CHANGE if day.hours_unread else DEFAULT_DAY_START)
    return local.date() - dt.timedelta(days=1) if local.time() < change else local.date()
