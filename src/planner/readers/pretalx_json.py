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

import json
import re
from typing import Any

from ..errors import ScheduleError
from ..timezones import get_zone
from .base import Reader, ReadResult, register
from .frab import FrabDay, FrabEvent, FrabReading, LineIndex

# -- the JSON serialisation ----------------------------------------------------------

_SCHEDULE_KEY = re.compile(r'"schedule"\s*:\s*\{')
_CONFERENCE_KEY = re.compile(r'"conference"\s*:\s*\{')
_GUID = re.compile(r'"guid"\s*:\s*"([^"\\]+)"')
_TIME_ZONE = re.compile(r'"time_zone_name"\s*:')


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
