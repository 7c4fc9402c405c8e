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
01:30 is listed under the day before: it keeps the calendar date of its ``date``
and belongs to (``day``) the day it is listed under.
Sessions are shown in the conference's ``time_zone_name``, or in the ``--tz``
zone: the moments stay the same, only the clock they are shown on changes. A
``date`` without an offset (or an event with only ``start``) is wall-clock time
in that zone.
"""

from __future__ import annotations

import json
import re

from ...errors import ScheduleError
from ..base import READERS, Reader, ReadResult, register
from ..frab import (
    FrabEvent,
    FrabReading,
    json_event,
    json_flag,
    json_string,
    load_schedule_json,
    looks_like_schedule2,
    looks_like_schedule_json,
    open_json_reading,
    person_name,
)
from ..frab_days import FrabDay

# -- the JSON serialisation ----------------------------------------------------------

_CONFERENCE_KEY = re.compile(r'"conference"\s*:\s*\{')


@register
class PretalxJsonReader(Reader):
    name = "pretalx-json"
    verbose_name = 'c3voc schedule JSON of pretalx or frab ({"schedule": {"conference": {"days": ...}}})'
    extensions = (".json",)

    def sniff(self, head: str) -> bool:
        return (
            looks_like_schedule_json(head)
            and bool(_CONFERENCE_KEY.search(head))
            and not looks_like_schedule2(head)
        )

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        schedule, conference = load_schedule_json(text, path, tz)
        if not isinstance(conference, dict):
            raise ScheduleError(
                "is JSON but not a c3voc schedule: no 'schedule' object with a 'conference'",
                path=path,
                line=1,
            )
        days = conference.get("days")
        if isinstance(schedule.get("events"), list) and not any(
            isinstance(d, dict) and "rooms" in d for d in days or ()
        ):
            # The flat schedule2 layout, whose tell-tale came after the first few KB.
            return READERS["schedule2-json"]().read(text, path=path, tz=tz, strict=strict)
        if not isinstance(days, list):
            raise ScheduleError(
                "the conference has no 'days' list (this reader reads the c3voc schedule JSON, "
                "version 1: days, then rooms, then events)",
                path=path,
                line=1,
            )
        reading, guid_lines = open_json_reading(text, conference, path=path, strict=strict, tz=tz)

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
        place = ", ".join(t for t in (json_string(conference.get(k)) for k in ("venue", "city")) if t)
        return reading.finish_with(found, place or None)

    @staticmethod
    def _day(data: dict, where: str, reading: FrabReading) -> FrabDay:
        label = f"day {data['index']}" if isinstance(data.get("index"), int) else where
        day = FrabDay(label=label)
        for key, attribute in (("date", "date"), ("day_start", "start"), ("day_end", "end")):
            day.read(attribute, json_string(data.get(key)), key, reading)
        return day

    @staticmethod
    def _event(data: dict, where: str, room_name: str, guid_lines: dict[str, int]) -> FrabEvent:
        persons = data.get("persons")
        return json_event(
            data,
            where,
            guid_lines,
            date=json_string(data.get("date")),
            start=json_string(data.get("start")),
            room=json_string(data.get("room")) or json_string(room_name),
            track=json_string(data.get("track")),
            abstract=json_string(data.get("abstract")),
            description=json_string(data.get("description")),
            persons=tuple(person_name(p) for p in persons) if isinstance(persons, list) else (),
            not_recorded=json_flag(data.get("do_not_record")),
        )
