"""The flat c3voc "schedule2" JSON of the CCC hub (38C3 on): one list of events,
each with its own start and end, and the days only as hours.

    {"schedule": {"version": "...", "conference": {"title": "38C3",
      "time_zone_name": "Europe/Berlin",
      "tracks": [{"name": "Security", "slug": "security"}],
      "rooms": [{"name": "Saal 1", "guid": "ba69...", "features": {"recording": "..."}}],
      "days": [{"index": 1, "date": "2024-12-27", "start": "2024-12-27T09:30:00+00:00",
                "end": "2024-12-28T06:00:00+01:00"}]},
     "events": [{"guid": "...", "start": "2024-12-28T00:15:00+01:00",
       "end": "2024-12-28T00:55:00+01:00", "room": {"name": "Saal ZIGZAG", "guid": "..."},
       "title": "...", "subtitle": null, "language": "en", "track": {"slug": "security"},
       "type": "TALK", "abstract": "...", "url": "...",
       "participants": [{"name": "Ada Lovelace", "role": "SPEAKER"}]}]}}

The schema is ``validator/json/schema2.json`` of https://github.com/voc/schedule.
An event belongs to the conference day whose hours hold its start (the 00:15 talk
above is on day 1); a track may be given by name or by the slug of one of the
conference's ``tracks``; a room by name or by the guid of one of its ``rooms``.
A room whose recording is forbidden or not possible makes its events
``recorded: false``. Events become sessions as in the other frab formats
(:func:`~.frab.frab_draft`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...errors import ScheduleError
from ..base import BadBlock, Reader, ReadResult, register
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
from ..frab_days import UNREAD_DAY_CHANGE, FrabDay, parse_moment

# Room features that mean nothing in the room is recorded.
_UNRECORDED_ROOM = {"recording_forbidden", "recording_not_possible"}


def _by(items: Any, key: str) -> dict[str, dict]:
    """The objects of a list, by ``key`` (slug, guid, name)."""
    found: dict[str, dict] = {}
    for item in items if isinstance(items, list) else ():
        value = json_string(item.get(key)) if isinstance(item, dict) else None
        if value:
            found.setdefault(value, item)
    return found


def _named(value: Any, by_key: dict[str, dict], key: str) -> str | None:
    """A track or room given as text, or as an object with a name or a ``key``."""
    if not isinstance(value, dict):
        return json_string(value)
    ref = json_string(value.get(key))
    return json_string(value.get("name")) or json_string(by_key.get(ref or "", {}).get("name")) or ref


@register
class Schedule2JsonReader(Reader):
    name = "schedule2-json"
    verbose_name = 'c3voc "schedule2" JSON of the CCC hub ({"schedule": {"events": [...]}})'
    extensions = (".json",)

    def sniff(self, head: str) -> bool:
        return looks_like_schedule_json(head) and looks_like_schedule2(head)

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        schedule, conference = load_schedule_json(text, path, tz)
        events = schedule.get("events")
        if not isinstance(conference, dict) or not isinstance(events, list):
            raise ScheduleError(
                "is JSON but not a c3voc schedule2: no 'schedule' object with a 'conference' "
                "and an 'events' list",
                path=path,
                line=1,
            )
        reading, guid_lines = open_json_reading(text, conference, path=path, strict=strict, tz=tz)
        days = self._days(conference.get("days"), reading)
        tracks = _by(conference.get("tracks"), "slug")
        rooms = _by(conference.get("rooms"), "guid")
        found: list[tuple[FrabEvent, FrabDay]] = []
        for position, event_data in enumerate(events):
            where = f"events[{position}]"
            if not isinstance(event_data, dict):
                reading.bad(f"event at {where}: not an object", None)
                continue
            found.append((self._event(event_data, where, guid_lines, tracks, rooms), FrabDay(label=where)))
        if reading.zone is None:
            reading.guess_zone([event for event, _ in found], json_string(conference.get("city")))
        # Days are hours (aware moments): an event goes to the day that holds its start.
        for event, _ in found:
            reading.add(event, self._day_of(event, days))
        return reading.finish()

    @staticmethod
    def _days(data: Any, reading: FrabReading) -> list[FrabDay]:
        days = []
        for index, day_data in enumerate(data if isinstance(data, list) else ()):
            if not isinstance(day_data, dict):
                continue
            number = day_data.get("index")
            day = FrabDay(label=f"day {number}" if isinstance(number, int) else f"days[{index}]")
            for key in ("date", "start", "end"):
                day.read(key, json_string(day_data.get(key)), key, reading)
            days.append(day)
        return days

    @staticmethod
    def _day_of(event: FrabEvent, days: list[FrabDay]) -> FrabDay:
        try:
            start = parse_moment(event.date or "", "start")
        except BadBlock:
            return FrabDay(label=event.where)  # frab_draft says what is wrong with it
        if isinstance(start, dt.datetime) and start.tzinfo is not None:
            for day in days:
                if (hours := day.hours) and hours[0] <= start < hours[1]:
                    return day
        # Days with start == end (a merged file) hold nothing: the clock decides, at 06:00.
        unread = any(day.hours_unread for day in days)
        return FrabDay(label=event.where, change=UNREAD_DAY_CHANGE if unread else None)

    @staticmethod
    def _event(
        data: dict, where: str, guid_lines: dict[str, int], tracks: dict[str, dict], rooms: dict[str, dict]
    ) -> FrabEvent:
        room_value = data.get("room")
        room_guid = json_string(room_value.get("guid")) if isinstance(room_value, dict) else None
        features = rooms.get(room_guid or "", {}).get("features")
        recording = json_string(features.get("recording")) if isinstance(features, dict) else None
        not_recorded = json_flag(data.get("do_not_record"))
        if not_recorded is None and recording and recording.lower() in _UNRECORDED_ROOM:
            not_recorded = True
        participants = data.get("participants") or data.get("persons")
        return json_event(
            data,
            where,
            guid_lines,
            date=json_string(data.get("start")),
            end=json_string(data.get("end")),
            room=_named(room_value, rooms, "guid"),
            track=_named(data.get("track"), tracks, "slug"),
            abstract=_text(data.get("abstract")),
            description=_text(data.get("description")),
            persons=tuple(person_name(p) for p in participants) if isinstance(participants, list) else (),
            not_recorded=not_recorded,
        )


def _text(value: Any) -> str | None:
    """An abstract or description: text, or ``{"en": ..., "de": ...}`` (English first)."""
    if isinstance(value, dict):
        return json_string(value.get("en")) or next(
            (t for t in (json_string(v) for v in value.values()) if t), None
        )
    return json_string(value)
