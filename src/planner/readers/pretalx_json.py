"""The c3voc schedule JSON that pretalx, frab and many conferences publish.

    {"schedule": {"version": "1.2", "conference": {"acronym": "oid2025", "title": "...",
      "time_zone_name": "Europe/Berlin", "days": [{"index": 1, "date": "2025-10-24",
        "day_start": "2025-10-24T04:00:00+02:00", "day_end": "2025-10-25T03:59:00+02:00",
        "rooms": {"Saal 1": [{"guid": "...", "date": "2025-10-24T10:00:00+02:00",
          "start": "10:00", "duration": "00:45", "room": "Saal 1", "title": "...",
          "subtitle": "", "track": "Security", "type": "Talk", "abstract": "...",
          "persons": [{"public_name": "Ada Lovelace"}]}]}}]}}}

The format is described at https://c3voc.de/wiki/schedule and checked by the JSON
schema of https://github.com/voc/schedule (``validator/json/schema.json``). frab
writes the same data model as XML (:mod:`.frab_xml`); both readers turn an event
into a session with :func:`frab_draft`, so they cannot drift apart.

Times: an event's ``date`` (ISO 8601 with its UTC offset) is its true start. A
conference day runs past midnight (pretalx's runs 04:00 to 03:59), so an event at
01:30 is listed under the day before; it gets the calendar date of its ``date``.
Sessions are shown in the conference's ``time_zone_name``, or in the ``--tz``
zone: the moments stay the same, only the clock they are shown on changes. A
``date`` without an offset (or an event with only ``start``) is wall-clock time
in that zone.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytz

from ..errors import PlannerError, ScheduleError, SourceWarning
from ..models import Speaker
from ..timezones import get_zone, localize, zone_name
from . import Draft, Reader, ReadResult, register
from .sched_text import BadBlock

_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
# A conference day without a stated start is taken to begin at 04:00, as
# pretalx's do: earlier clock times belong to the night after the day.
DEFAULT_DAY_START = dt.time(4, 0)


# -- the frab data model, shared with the XML reader ---------------------------------


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


# -- the JSON serialisation ----------------------------------------------------------

_SCHEDULE_KEY = re.compile(r'"schedule"\s*:\s*\{')
_CONFERENCE_KEY = re.compile(r'"conference"\s*:\s*\{')
_GUID = re.compile(r'"guid"\s*:\s*"([^"\\]+)"')
_TIME_ZONE = re.compile(r'"time_zone_name"\s*:')


class LineIndex:
    """Line numbers of positions in ``text``, each found in O(log n).

    >>> LineIndex("one\\ntwo\\nthree").line(8)
    3
    """

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, position: int) -> int:
        return bisect.bisect_left(self.newlines, position) + 1


def _string(value: Any) -> str | None:
    """A text field: strings as they are, numbers as text, anything else absent."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _person_name(person: Any) -> str:
    if isinstance(person, str):
        return person
    if isinstance(person, dict):
        # frab writes public_name, pretalx name (and, lately, both).
        return _string(person.get("public_name")) or _string(person.get("name")) or ""
    return ""


@register
class PretalxJsonReader(Reader):
    name = "pretalx-json"
    verbose_name = 'c3voc schedule JSON of pretalx or frab ({"schedule": {"conference": {"days": ...}}})'
    extensions = (".json",)

    def sniff(self, head: str) -> bool:
        return (
            head.lstrip().startswith("{")
            and bool(_SCHEDULE_KEY.search(head))
            and bool(_CONFERENCE_KEY.search(head))
        )

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        if tz:
            get_zone(tz)  # an unknown --tz is an error before anything is read
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScheduleError(
                f"is not valid JSON: {exc.msg} (column {exc.colno})", path=path, line=exc.lineno
            ) from None
        except RecursionError:
            raise ScheduleError("is nested too deeply to be a schedule", path=path) from None
        schedule = data.get("schedule") if isinstance(data, dict) else None
        conference = schedule.get("conference") if isinstance(schedule, dict) else None
        if not isinstance(conference, dict):
            raise ScheduleError(
                "is JSON but not a c3voc schedule: no 'schedule' object with a 'conference'",
                path=path,
                line=1,
            )
        days = conference.get("days")
        if not isinstance(days, list):
            raise ScheduleError(
                "the conference has no 'days' list (this reader reads the c3voc schedule JSON, "
                "version 1: days, then rooms, then events)",
                path=path,
                line=1,
            )
        reading = FrabReading(path=path, strict=strict, name=_string(conference.get("title")))
        lines = LineIndex(text)
        zone_match = _TIME_ZONE.search(text)
        reading.set_zone(
            _string(conference.get("time_zone_name")),
            tz,
            lines.line(zone_match.start()) if zone_match else None,
        )
        guid_lines: dict[str, int] = {}
        for match in _GUID.finditer(text):
            guid_lines.setdefault(match.group(1), lines.line(match.start()))

        found: list[tuple[FrabEvent, FrabDay]] = []
        for index, day_data in enumerate(days):
            where = f"days[{index}]"
            if not isinstance(day_data, dict) or not isinstance(day_data.get("rooms"), dict):
                reading.bad(f"day {where}: not an object with a 'rooms' object", None)
                continue
            day = self._day(day_data, where, reading)
            for room_name, events in day_data["rooms"].items():
                room_where = f"{where}.rooms[{json.dumps(room_name, ensure_ascii=False)}]"
                if not isinstance(events, list):
                    reading.bad(f"room {room_where}: not a list of events", None)
                    continue
                for position, event_data in enumerate(events):
                    event_where = f"{room_where}[{position}]"
                    if not isinstance(event_data, dict):
                        reading.bad(f"event at {event_where}: not an object", None)
                        continue
                    found.append((self._event(event_data, event_where, room_name, guid_lines), day))
        return reading.finish_with(found)

    @staticmethod
    def _day(data: dict, where: str, reading: FrabReading) -> FrabDay:
        label = f"day {data['index']}" if isinstance(data.get("index"), int) else where
        day = FrabDay(label=label)
        for key, attribute in (("date", "date"), ("day_start", "start"), ("day_end", "end")):
            day.read(attribute, _string(data.get(key)), key, reading)
        return day

    @staticmethod
    def _event(data: dict, where: str, room_name: str, guid_lines: dict[str, int]) -> FrabEvent:
        guid = _string(data.get("guid"))
        persons = data.get("persons")
        return FrabEvent(
            where=where,
            line=guid_lines.get(guid) if guid else None,
            guid=guid,
            title=_string(data.get("title")),
            subtitle=_string(data.get("subtitle")),
            date=_string(data.get("date")),
            start=_string(data.get("start")),
            duration=_string(data.get("duration")),
            room=_string(data.get("room")) or room_name,
            track=_string(data.get("track")),
            type=_string(data.get("type")),
            abstract=_string(data.get("abstract")),
            description=_string(data.get("description")),
            persons=tuple(_person_name(p) for p in persons) if isinstance(persons, list) else (),
        )
