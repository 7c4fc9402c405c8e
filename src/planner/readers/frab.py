"""The frab data model, shared by the JSON (:mod:`.pretalx_json`) and XML
(:mod:`.frab_xml`) readers: both turn an event into a session with
:func:`frab_draft`, so they cannot drift apart.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytz

from ..errors import PlannerError, ScheduleError, SourceWarning
from ..models import Speaker
from ..timezones import get_zone, localize, zone_name
from .base import BadBlock, Draft, ReadResult

_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
# A conference day without a stated start is taken to begin at 04:00, as
# pretalx's do: earlier clock times belong to the night after the day.
DEFAULT_DAY_START = dt.time(4, 0)


@dataclass
class FrabDay:
    """A conference day: its date and, if given, when it starts and ends."""

    label: str
    date: dt.date | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def read(self, attribute: str, value: str | None, field_name: str, reading: FrabReading) -> None:
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


@dataclass
class FrabEvent:
    """One event as either serialisation gives it, fields still as text."""

    # Where it is, for messages: the line if known, else a path in the document.
    where: str
    line: int | None = None
    guid: str | None = None
    title: str | None = None
    subtitle: str | None = None
    date: str | None = None
    start: str | None = None
    duration: str | None = None
    room: str | None = None
    track: str | None = None
    type: str | None = None
    abstract: str | None = None
    description: str | None = None
    persons: tuple[str, ...] = ()
    # The line of each field, where the format lets a reader find it.
    field_lines: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """``session 'Title'`` (and where, if no line is known) for messages."""
        named = f"session {self.title.strip()!r}" if (self.title or "").strip() else "event"
        return named if self.line else f"{named} at {self.where}"


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


def _clock(text: str) -> dt.time:
    match = _CLOCK.match(text.strip())
    if not match:
        raise BadBlock(f"unreadable start {text.strip()!r} (expected HH:MM)", "start")
    return dt.time(*(int(g or 0) for g in match.groups()))


def in_zone(moment: dt.datetime, zone: pytz.BaseTzInfo) -> dt.datetime:
    """``moment`` on the clock of ``zone``: converted if aware, localized if naive."""
    if moment.tzinfo is not None:
        return moment.astimezone(zone)
    return localize(moment, zone)


def _event_start(event: FrabEvent, day: FrabDay, zone: pytz.BaseTzInfo, note: Callable) -> dt.datetime:
    start = (event.start or "").strip()
    if event.date and event.date.strip():
        moment = parse_moment(event.date, "date")
        if not isinstance(moment, dt.datetime):
            if not start:
                raise BadBlock(f"'date' {event.date.strip()!r} has no time and there is no 'start'", "date")
            moment = dt.datetime.combine(moment, _clock(start))
        elif start and _CLOCK.match(start) and _clock(start) != moment.time().replace(microsecond=0):
            note(f"'start' says {start} but 'date' says {moment:%H:%M}; used 'date'", "start")
        return in_zone(moment, zone)
    if not start:
        raise BadBlock("no start: neither 'date' nor 'start'", "date")
    clock = _clock(start)
    if day.date is None:
        raise BadBlock("no 'date', and its day gives no date for its 'start'", "start")
    # The night after a day belongs to that day: 01:30 under Friday is Saturday 01:30.
    day_start = day.start.time() if day.start else DEFAULT_DAY_START
    date = day.date + dt.timedelta(days=1) if clock < day_start else day.date
    return localize(dt.datetime.combine(date, clock), zone)


def frab_draft(event: FrabEvent, day: FrabDay, zone: pytz.BaseTzInfo, note: Callable) -> Draft:
    """A session draft from a frab event; raises :class:`BadBlock` if it cannot be read.

    ``note(message, field)`` records something odd that was worked around.
    """
    title = (event.title or "").strip()
    if not title:
        raise BadBlock("no title", "title")
    start = _event_start(event, day, zone, note)
    if not (event.duration or "").strip():
        raise BadBlock("no duration", "duration")
    # Added in UTC: a talk that spans the autumn clock change is still 60 minutes long.
    end = (start.astimezone(pytz.utc) + parse_duration(event.duration)).astimezone(zone)
    if day.start and day.end and not day.start <= start <= day.end:
        note(f"is listed under {day.label} but starts {start:%Y-%m-%d %H:%M}; used its date", "date")
    subtitle = (event.subtitle or "").strip()
    texts = [t.strip() for t in (event.abstract, event.description) if t and t.strip()]
    room = (event.room or "").strip()
    return Draft(
        title=f"{title} - {subtitle}" if subtitle else title,
        start=start,
        end=end,
        line=event.line,
        speakers=tuple(Speaker(name=name.strip()) for name in event.persons if name.strip()),
        location={"room": room} if room else {},
        # The track says what a session is about (Security, Hardware), as the sched
        # reader's Type does; the type is its format, "Talk" for most. Track first.
        type=(event.track or "").strip() or (event.type or "").strip() or None,
        description="\n\n".join(dict.fromkeys(texts)) or None,
    )


class FrabReading:
    """Collects the sessions of a frab schedule (JSON or XML), skipping bad events
    with a warning, or failing on the first one when ``strict``."""

    def __init__(self, *, path: str, strict: bool, name: str | None) -> None:
        self.path = path
        self.strict = strict
        self.result = ReadResult(drafts=[], timezone="", name=name)
        self.zone: pytz.BaseTzInfo | None = None

    def warn(self, message: str, line: int | None) -> None:
        self.result.warnings.append(SourceWarning(message, self.path, line))

    def bad(self, message: str, line: int | None) -> None:
        """Something that loses sessions: an error if strict, else a warning."""
        if self.strict:
            raise ScheduleError(message, path=self.path, line=line)
        self.result.warnings.append(SourceWarning(f"skipped {message}", self.path, line, skipped=True))

    def set_zone(self, declared: str | None, tz: str | None, line: int | None) -> None:
        if tz:
            self.zone = get_zone(tz)
        elif declared and declared.strip():
            try:
                self.zone = get_zone(declared)
            except PlannerError:
                raise ScheduleError(
                    f"unknown time_zone_name {declared.strip()!r}",
                    path=self.path,
                    line=line,
                    hint="pass --tz with an IANA zone such as Europe/Berlin",
                ) from None

    def guess_zone(self, events: list[FrabEvent]) -> None:
        """No zone named: the fixed offset of the first event, said in a warning."""
        offset = None
        for event in events:
            try:
                moment = parse_moment(event.date or "", "date")
            except BadBlock:
                continue
            if isinstance(moment, dt.datetime) and moment.utcoffset() is not None:
                offset = moment.utcoffset()
                break
        hours = offset.total_seconds() / 3600 if offset is not None else 0
        # Etc/GMT-2 is UTC+02:00: the POSIX sign is inverted.
        name = f"Etc/GMT{-int(hours):+d}" if hours and hours.is_integer() else "UTC"
        self.zone = pytz.timezone(name)
        self.warn(f"the schedule names no time zone; showing times in {name} (pass --tz to choose one)", 1)

    def add(self, event: FrabEvent, day: FrabDay) -> None:
        assert self.zone is not None

        def note(message: str, field_name: str | None = None) -> None:
            self.warn(f"{event.name}: {message}", event.field_lines.get(field_name or "", event.line))

        try:
            self.result.drafts.append(frab_draft(event, day, self.zone, note))
        except BadBlock as exc:
            self.bad(f"{event.name}: {exc}", event.field_lines.get(exc.field or "", event.line))

    def finish_with(self, found: list[tuple[FrabEvent, FrabDay]]) -> ReadResult:
        """Add every event found (guessing the zone first if none was named) and finish."""
        if self.zone is None:
            self.guess_zone([event for event, _ in found])
        for event, day in found:
            self.add(event, day)
        return self.finish()

    def finish(self) -> ReadResult:
        result = self.result
        lost = [w for w in result.warnings if w.skipped]
        if not result.drafts and lost:
            raise ScheduleError(
                f"no session could be read ({len(lost)} problem(s); first: {lost[0].message})",
                path=self.path,
                line=lost[0].line,
            )
        result.timezone = zone_name(self.zone) if self.zone else "UTC"
        return result


class LineIndex:
    """Line numbers of positions in ``text``, each found in O(log n).

    >>> LineIndex("one\\ntwo\\nthree").line(8)
    3
    """

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, position: int) -> int:
        return bisect.bisect_left(self.newlines, position) + 1
