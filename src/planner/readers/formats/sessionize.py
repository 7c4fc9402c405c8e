"""Sessionize's public schedule JSON: the "All" view and the "GridSmart" view.

The "All" view (``https://sessionize.com/api/v2/<id>/view/All``) joins by ids::

    {"sessions": [{"id": "476012", "title": "...", "startsAt": "2023-05-12T09:00:00",
       "endsAt": "2023-05-12T09:10:00", "isServiceSession": false, "speakers": ["7d6d..."],
       "categoryItems": [172893], "roomId": 33910}],
     "speakers": [{"id": "7d6d...", "fullName": "Ada Lovelace", "tagLine": "CTO at Acme"}],
     "categories": [{"title": "Language", "items": [{"id": 172893, "name": "English"}]}],
     "rooms": [{"id": 33910, "name": "Room 1"}], "questions": [...]}

The "GridSmart" view (``.../view/GridSmart``) is a list of days, each with its rooms
and their sessions (speakers and categories embedded), and the same sessions again
under ``timeSlots``; the rooms' lists are read, so a session is read once.

Times are the venue's wall clock with no zone. The zone is ``--tz`` (or the
agenda's ``timezone:``, which the agenda passes as ``tz``), else the zone of a place
the file names (a room such as ``Hall A, Berlin, Germany``), said in a notice;
with none, the clock is shown as written (held as UTC) and a notice says the zone
is unknown and how to set it (see docs/sources.md for what exports do then).

Service sessions (breaks, lunch, registration) are drop-in kinds (``BREAKS``,
``REGISTRATION``); a category group named like a track gives the track, one named
like a format or type the type, ``Language`` the language; a speaker's tagline is
kept as the affiliation.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytz

from ...errors import ScheduleError, SourceWarning
from ...models import Speaker
from ...timezones import Zone, get_zone, localize, zone_name
from ..base import BadBlock, Draft, Reader, ReadResult, register
from ..frab import LineIndex, json_string, load_json
from ..html_text import html_to_text
from ..zones import zone_for_places

# A session id or the first of its keys, near the start of a Sessionize file.
_STARTS_AT = re.compile(r'"startsAt"\s*:')
_SESSIONS = re.compile(r'"(?:sessions|timeSlots)"\s*:\s*\[')
_ID = re.compile(r'"id"\s*:\s*"?([^",}\s]{1,80})')
_REGISTRATION = re.compile(r"regist|check[- ]?in|badge", re.IGNORECASE)
_BREAK = re.compile(
    r"break|lunch|coffee|breakfast|dinner|snack|reception|party|networking|happy hour|drinks",
    re.IGNORECASE,
)
_TRACK_GROUP = re.compile(r"track|topic|theme|stream", re.IGNORECASE)
_TYPE_GROUP = re.compile(r"format|type|kind", re.IGNORECASE)
_LANGUAGE_GROUP = re.compile(r"language|sprache|langue", re.IGNORECASE)
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Universal", "Zulu"})
# The longest session a conference schedules; a longer one is a typo in the file.
MAX_SESSION = dt.timedelta(days=14)


@register
class SessionizeReader(Reader):
    name = "sessionize"
    verbose_name = 'Sessionize JSON, "All" or "GridSmart" view ({"sessions": [{"startsAt": ...}]})'
    extensions = (".json",)

    def sniff(self, head: str) -> bool:
        text = head.lstrip()
        return text[:1] in ("{", "[") and bool(_STARTS_AT.search(head)) and bool(_SESSIONS.search(head))

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        zone = get_zone(tz) if tz else None
        data = load_json(text, path)
        rooms, speakers, categories = _lookups(data)
        found = list(_sessions(data))
        if not found and not (isinstance(data, dict) and isinstance(data.get("sessions"), list)):
            raise ScheduleError(
                "is JSON but not a Sessionize schedule: no 'sessions' list, nor days with rooms",
                path=path,
                line=1,
            )
        reading = _Reading(path, strict, LineIndex(text), text)
        if zone is None:
            zone = reading.guess_zone([_room_name(s, rooms) for s in found])
        elif zone_name(zone) in _UTC_NAMES:
            # UTC as a venue's clock is rare; it is what an agenda records when the zone was unknown.
            reading.warnings.append(
                SourceWarning(
                    "the schedule's wall-clock times are taken as UTC (from --tz or the agenda's "
                    "'timezone:'); if the venue is elsewhere, name its zone there, e.g. Europe/Berlin",
                    path,
                    1,
                    notice=True,
                )
            )
        seen: set[str] = set()
        for where, session in found:
            key = json_string(session.get("id")) or where
            if key in seen:
                continue  # a plenum session listed in every room of a day
            seen.add(key)
            try:
                reading.drafts.append(_draft(session, where, zone, rooms, speakers, categories))
            except BadBlock as exc:
                title = json_string(session.get("title")) or where
                reading.bad(f"session {title!r}: {exc}", reading.line_of(session))
        if not reading.drafts and reading.lost:
            lost = reading.lost
            raise ScheduleError(
                f"no session could be read ({len(lost)} problem(s); first: {lost[0].message})",
                path=path,
                line=lost[0].line,
            )
        return ReadResult(
            drafts=reading.drafts, timezone=zone_name(zone), name=None, warnings=reading.warnings
        )


class _Reading:
    def __init__(self, path: str, strict: bool, lines: LineIndex, text: str) -> None:
        self.path, self.strict, self.lines, self.text = path, strict, lines, text
        self.drafts: list[Draft] = []
        self.warnings: list[SourceWarning] = []
        self._ids: dict[str, int] | None = None

    @property
    def lost(self) -> list[SourceWarning]:
        return [w for w in self.warnings if w.skipped]

    def line_of(self, session: dict) -> int | None:
        if self._ids is None:
            self._ids = {}
            for match in _ID.finditer(self.text):
                self._ids.setdefault(match.group(1), self.lines.line(match.start()))
        key = json_string(session.get("id"))
        return self._ids.get(key) if key else None

    def bad(self, message: str, line: int | None) -> None:
        if self.strict:
            raise ScheduleError(message, path=self.path, line=line)
        self.warnings.append(SourceWarning(f"skipped {message}", self.path, line, skipped=True))

    def guess_zone(self, places: list[str | None]) -> Zone:
        guess = zone_for_places(places)
        if guess is not None:
            self.warnings.append(
                SourceWarning(
                    f"the schedule gives wall-clock times with no time zone; taking them in {guess.zone} "
                    f"({guess.reason}; pass --tz to choose another)",
                    self.path,
                    1,
                    notice=True,
                )
            )
            return get_zone(guess.zone)
        self.warnings.append(
            SourceWarning(
                "the schedule gives wall-clock times with no time zone and names no place; showing "
                "them as written, held as UTC (pass --tz with the venue's zone, e.g. --tz Europe/Berlin, "
                "or set 'timezone:' in the agenda, before exporting)",
                self.path,
                1,
                notice=True,
            )
        )
        return pytz.utc


def _lookups(data: Any) -> tuple[dict[str, str], dict[str, dict], dict[str, tuple[str, str]]]:
    """The "All" view's rooms (id -> name), speakers (id -> object) and category
    items (id -> (group title, item name)); empty for the GridSmart view."""
    rooms: dict[str, str] = {}
    speakers: dict[str, dict] = {}
    categories: dict[str, tuple[str, str]] = {}
    if not isinstance(data, dict):
        return rooms, speakers, categories
    for room in _objects(data.get("rooms")):
        key, name = json_string(room.get("id")), json_string(room.get("name"))
        if key and name:
            rooms[key] = name
    for speaker in _objects(data.get("speakers")):
        if key := json_string(speaker.get("id")):
            speakers[key] = speaker
    for group in _objects(data.get("categories")):
        title = json_string(group.get("title")) or json_string(group.get("name")) or ""
        for item in _objects(group.get("items")):
            key, name = json_string(item.get("id")), json_string(item.get("name"))
            if key and name:
                categories[key] = (title, name)
    return rooms, speakers, categories


def _objects(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _sessions(data: Any):
    """``(where, session)`` for every session object of either view (or the
    "Sessions" view's groups)."""
    if isinstance(data, dict):
        for index, session in enumerate(_objects(data.get("sessions"))):
            yield f"sessions[{index}]", session
        return
    for day_index, day in enumerate(_objects(data)):
        if isinstance(day.get("rooms"), list):
            for room_index, room in enumerate(_objects(day.get("rooms"))):
                for index, session in enumerate(_objects(room.get("sessions"))):
                    where = f"[{day_index}].rooms[{room_index}].sessions[{index}]"
                    yield where, ({"room": room.get("name"), **session} if "room" not in session else session)
        elif isinstance(day.get("sessions"), list):  # the "Sessions" view: groups of sessions
            for index, session in enumerate(_objects(day.get("sessions"))):
                yield f"[{day_index}].sessions[{index}]", session


def _room_name(found: tuple[str, dict], rooms: dict[str, str]) -> str | None:
    session = found[1]
    return json_string(session.get("room")) or rooms.get(json_string(session.get("roomId")) or "")


def _moment(value: Any, field: str, zone: Zone) -> dt.datetime:
    text = json_string(value)
    if not text:
        raise BadBlock(f"no {field}", field)
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadBlock(f"unreadable {field} {text[:40]!r}", field) from None
    if moment.tzinfo is not None:  # an offset was given after all: the moment is exact
        return moment.astimezone(zone)
    return localize(moment, zone)


def _draft(
    session: dict,
    where: str,
    zone: Zone,
    rooms: dict[str, str],
    speakers: dict[str, dict],
    categories: dict[str, tuple[str, str]],
) -> Draft:
    title = (json_string(session.get("title")) or "").strip()
    if not title:
        raise BadBlock("no title", "title")
    try:
        start = _moment(session.get("startsAt"), "startsAt", zone)
        end = _moment(session.get("endsAt"), "endsAt", zone) if session.get("endsAt") else start
    except OverflowError:
        raise BadBlock("its time is out of the range planner can read", "startsAt") from None
    if end < start or end - start > MAX_SESSION:
        raise BadBlock(f"ends {end:%Y-%m-%d %H:%M}, before it starts or weeks later", "endsAt")
    groups = _category_items(session, categories)
    track = _first(groups, _TRACK_GROUP)
    kind = _first(groups, _TYPE_GROUP)
    language = _first(groups, _LANGUAGE_GROUP)
    if track is None:  # a group of another name (Tags, Level aside) still says what it is about
        track = next((n for g, n in groups if not re.search(r"level|tag", g, re.IGNORECASE)), None)
        track = track if track not in (kind, language) else None
    if session.get("isServiceSession") is True:
        if _REGISTRATION.search(title):
            kind = "REGISTRATION"
        elif _BREAK.search(title):
            kind = "BREAKS"
        else:
            kind = kind or "Service"
    room = _room_name((where, session), rooms)
    description = json_string(session.get("description"))
    return Draft(
        title=title,
        start=start,
        end=end,
        speakers=tuple(_speakers(session.get("speakers"), speakers)),
        location={"room": room.strip()} if room and room.strip() else {},
        type=kind,
        track=track,
        language=language,
        description=html_to_text(description).strip() or None if description else None,
        url=_web_url(session.get("liveUrl")),
    )


def _category_items(session: dict, categories: dict[str, tuple[str, str]]) -> list[tuple[str, str]]:
    """``(group title, item name)`` of a session, from either view."""
    found = []
    items = session.get("categoryItems")
    if isinstance(items, list):
        for item in items:
            key = json_string(item.get("id")) if isinstance(item, dict) else json_string(item)
            if key in categories:
                found.append(categories[key])
    for group in _objects(session.get("categories")):
        title = json_string(group.get("name")) or json_string(group.get("title")) or ""
        for item in _objects(group.get("categoryItems")):
            if name := json_string(item.get("name")):
                found.append((title, name))
    return found


def _first(groups: list[tuple[str, str]], pattern: re.Pattern) -> str | None:
    return next((name.strip() for title, name in groups if pattern.search(title) and name.strip()), None)


def _speakers(value: Any, speakers: dict[str, dict]):
    for entry in value if isinstance(value, list) else ():
        person: dict | None
        if isinstance(entry, dict):  # GridSmart: {"id", "name"} embedded
            person = speakers.get(json_string(entry.get("id")) or "", entry)
        else:
            person = speakers.get(json_string(entry) or "")
        if not isinstance(person, dict):
            continue
        name = json_string(person.get("fullName")) or json_string(person.get("name"))
        if not name:
            first, last = json_string(person.get("firstName")), json_string(person.get("lastName"))
            name = " ".join(p for p in (first, last) if p)
        if name and name.strip():
            tagline = (json_string(person.get("tagLine")) or "").strip()
            yield Speaker(name=name.strip(), affiliation=tagline[:200] or None)


def _web_url(value: Any) -> str | None:
    text = (json_string(value) or "").strip()
    return text if text.lower().startswith(("http://", "https://")) and len(text) < 2000 else None
