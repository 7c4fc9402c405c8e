"""Indico's event export (``/export/event/<id>.json?detail=contributions`` or
``detail=sessions``) and its iCalendar export (PRODID ``-//CERN//INDICO//EN``).

    {"_type": "HTTPAPIResult", "count": 1, "results": [{"_type": "Conference",
      "title": "CHEP 2015", "timezone": "Asia/Tokyo", "location": "OIST",
      "contributions": [{"id": "349", "title": "...", "type": "poster presentation",
        "track": "Track8: ...", "startDate": {"date": "2015-04-13", "time": "02:00:00",
        "tz": "Europe/Zurich"}, "endDate": {...}, "duration": 15, "room": "C209",
        "speakers": [{"fullName": "BHIMJI, Wahid", "affiliation": "University of Edinburgh (GB)"}]}],
      "sessions": [{"_type": "SessionSlot", "title": "Plenary: Session #2",
        "session": {"title": "Plenary"}, "startDate": {...}, "location": "Auditorium",
        "contributions": [...]}]}]}

Each date carries its own zone (the server's, often not the event's): the moment is
that clock in that zone, and it is shown in the event's ``timezone`` (or ``--tz``).
A contribution with a time is a session; one the timetable does not hold (no
``startDate``) is counted in a note. A session slot with contributions gives them
its room and its session's title as their track; a slot with none (a poster
session, a meeting) is a session itself. Speakers are written ``SURNAME, Given`` and
shown ``Given Surname``, with their affiliation. The room is ``roomFullname``, else
``room``, else ``location`` when it is not the event's venue (older exports put the
room there).

The iCalendar export is read as any feed (:mod:`.ical_feed`); then each event's
``Speakers: Name (Affiliation), ...`` line of DESCRIPTION gives its speakers, and its
``Room (Venue)`` LOCATION its room.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytz

from ...errors import PlannerError, ScheduleError, SourceWarning
from ...models import Speaker
from ...timezones import Zone, get_zone, localize, zone_name
from ..base import READERS, BadBlock, Draft, Reader, ReadResult, register
from ..frab import LineIndex, json_string, load_json
from ..html_text import html_to_text
from .ical_feed import IcalFeedReader

_RESULT = re.compile(r'"_type"\s*:\s*"(?:HTTPAPIResult|Conference|Meeting|Lecture)"')
_ID = re.compile(r'"id"\s*:\s*"?([^",}\s]{1,80})')
_HONORIFIC = re.compile(r"^((?:(?:Dr|Prof|Mr|Mrs|Ms|Mx)\.?\s+)+)", re.IGNORECASE)
# The longest contribution a timetable holds; a longer one is a typo in the file.
MAX_SESSION = dt.timedelta(days=14)


@register
class IndicoJsonReader(Reader):
    name = "indico-json"
    verbose_name = 'Indico event export JSON ({"_type": "HTTPAPIResult", "results": [...]})'
    extensions = (".json",)

    def sniff(self, head: str) -> bool:
        return head.lstrip().startswith("{") and bool(_RESULT.search(head)) and '"results"' in head

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        shown = get_zone(tz) if tz else None
        data = load_json(text, path)
        events = data.get("results") if isinstance(data, dict) else None
        if isinstance(events, dict):
            events = [events]
        if not isinstance(events, list) or not any(isinstance(e, dict) for e in events):
            raise ScheduleError(
                "is JSON but not an Indico export: no 'results' list of events", path=path, line=1
            )
        reading = _Reading(path, strict, text)
        names = []
        for event in (e for e in events if isinstance(e, dict)):
            names.append(json_string(event.get("title")))
            if shown is None:
                shown = reading.event_zone(event)
            reading.event(event, shown)
        if reading.unscheduled:
            reading.warnings.append(
                SourceWarning(
                    f"{reading.unscheduled} contribution(s) have no time in the timetable and are left out",
                    path,
                    None,
                )
            )
        if not reading.drafts and not reading.lost and not reading.unscheduled:
            raise ScheduleError(
                "is an Indico export without contributions (export the event with "
                "?detail=contributions, e.g. /export/event/<id>.json?detail=contributions)",
                path=path,
                line=1,
            )
        if not reading.drafts and reading.lost:
            first = reading.lost[0]
            raise ScheduleError(
                f"no session could be read ({len(reading.lost)} problem(s); first: {first.message})",
                path=path,
                line=first.line,
            )
        return ReadResult(
            drafts=reading.drafts,
            timezone=zone_name(shown or pytz.utc),
            name=next((n.strip() for n in names if n and n.strip()), None),
            warnings=reading.warnings,
        )


class _Reading:
    def __init__(self, path: str, strict: bool, text: str) -> None:
        self.path, self.strict, self.text = path, strict, text
        self.drafts: list[Draft] = []
        self.warnings: list[SourceWarning] = []
        self.unscheduled = 0
        self.seen: set[str] = set()
        self._ids: dict[str, int] | None = None

    @property
    def lost(self) -> list[SourceWarning]:
        return [w for w in self.warnings if w.skipped]

    def line_of(self, item: dict) -> int | None:
        if self._ids is None:
            lines, self._ids = LineIndex(self.text), {}
            for match in _ID.finditer(self.text):
                self._ids.setdefault(match.group(1), lines.line(match.start()))
        key = json_string(item.get("id"))
        return self._ids.get(key) if key else None

    def event_zone(self, event: dict) -> Zone:
        name = json_string(event.get("timezone"))
        if name:
            try:
                return get_zone(name)
            except PlannerError:
                raise ScheduleError(
                    f"unknown event timezone {name.strip()[:60]!r}",
                    path=self.path,
                    hint="pass --tz with an IANA zone such as Europe/Zurich",
                ) from None
        self.warnings.append(
            SourceWarning(
                "the event names no time zone; showing times in UTC (pass --tz with the conference's zone)",
                self.path,
                1,
                notice=True,
            )
        )
        return pytz.utc

    def event(self, event: dict, shown: Zone) -> None:
        venue = (json_string(event.get("location")) or "").strip()
        for contribution in _objects(event.get("contributions")):
            self.contribution(contribution, shown, venue, None, None)
        for slot in _objects(event.get("sessions")):
            inner = session if isinstance(session := slot.get("session"), dict) else {}
            track = json_string(inner.get("title")) or json_string(slot.get("title"))
            room = _room(slot, venue) or _room(inner, venue)
            contributions = _objects(slot.get("contributions"))
            for contribution in contributions:
                self.contribution(contribution, shown, venue, room, track)
            if not contributions:
                kind = "Poster session" if inner.get("isPoster") is True else "Session"
                self.add(slot, shown, venue, room, None, kind)

    def contribution(self, item: dict, shown: Zone, venue: str, room: str | None, track: str | None) -> None:
        if not isinstance(item.get("startDate"), dict):
            key = json_string(item.get("id")) or ""
            if key not in self.seen:
                self.seen.add(key)
                self.unscheduled += 1
            return
        self.add(item, shown, venue, room, track, None)

    def add(
        self,
        item: dict,
        shown: Zone,
        venue: str,
        room: str | None,
        track: str | None,
        kind: str | None,
    ) -> None:
        key = f"{item.get('_type')}:{json_string(item.get('id'))}"
        if json_string(item.get("id")) and key in self.seen:
            return
        self.seen.add(key)
        title = (json_string(item.get("title")) or "").strip()
        try:
            self.drafts.append(_draft(item, title, shown, venue, room, track, kind))
        except BadBlock as exc:
            message = f"contribution {title[:80] or json_string(item.get('id'))!r}: {exc}"
            if self.strict:
                raise ScheduleError(message, path=self.path, line=self.line_of(item)) from None
            self.warnings.append(
                SourceWarning(f"skipped {message}", self.path, self.line_of(item), skipped=True)
            )


def _objects(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _room(item: dict, venue: str) -> str | None:
    for key in ("roomFullname", "room"):
        if text := (json_string(item.get(key)) or "").strip():
            return text
    location = (json_string(item.get("location")) or "").strip()
    return location if location and location != venue else None


def moment(value: Any, field: str) -> dt.datetime:
    """An Indico date object (``{"date", "time", "tz"}``) as an aware moment.

    >>> moment({"date": "2015-04-13", "time": "02:00:00", "tz": "Europe/Zurich"}, "startDate").isoformat()
    '2015-04-13T02:00:00+02:00'
    """
    if not isinstance(value, dict):
        raise BadBlock(f"no {field}", field)
    date, time, zone = (json_string(value.get(k)) for k in ("date", "time", "tz"))
    try:
        naive = dt.datetime.fromisoformat(f"{(date or '').strip()}T{(time or '00:00:00').strip()}")
    except ValueError:
        raise BadBlock(f"unreadable {field} {str(date)[:20]!r} {str(time)[:20]!r}", field) from None
    if naive.tzinfo is not None:
        return naive
    try:
        return localize(naive, get_zone(zone or "UTC"))
    except PlannerError:
        raise BadBlock(f"unknown time zone {str(zone)[:60]!r} in {field}", field) from None


def _draft(
    item: dict,
    title: str,
    shown: Zone,
    venue: str,
    room: str | None,
    track: str | None,
    kind: str | None,
) -> Draft:
    if not title:
        raise BadBlock("no title", "title")
    try:
        start = moment(item.get("startDate"), "startDate").astimezone(shown)
        if isinstance(item.get("endDate"), dict):
            end = moment(item.get("endDate"), "endDate").astimezone(shown)
        else:
            minutes = item.get("duration")
            if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 20_160:
                raise BadBlock("no endDate and no duration in minutes", "endDate")
            end = start + dt.timedelta(minutes=minutes)
    except OverflowError:
        raise BadBlock("its time is out of the range planner can read", "startDate") from None
    if end < start or end - start > MAX_SESSION:
        raise BadBlock(f"ends {end:%Y-%m-%d %H:%M}, before it starts or weeks later", "endDate")
    place = _room(item, venue) or room
    description = json_string(item.get("description"))
    url = (json_string(item.get("url")) or "").strip()
    return Draft(
        title=title,
        start=start,
        end=end,
        speakers=tuple(_speakers(item.get("speakers") or item.get("conveners"))),
        location={"room": place} if place else {},
        type=(json_string(item.get("type")) or "").strip() or kind,
        track=(json_string(item.get("track")) or "").strip() or track,
        description=(html_to_text(description).strip() or None) if description else None,
        url=url if url.lower().startswith(("http://", "https://")) and len(url) < 2000 else None,
    )


def person(full_name: str) -> str:
    """``SURNAME, Given`` (as Indico writes names) as ``Given Surname``.

    >>> person("BHIMJI, Wahid"), person("Dr. PEACH, Ken"), person("Ada Lovelace")
    ('Wahid Bhimji', 'Dr. Ken Peach', 'Ada Lovelace')
    """
    name = " ".join(full_name.split())
    honorific = ""
    if match := _HONORIFIC.match(name):
        honorific, name = match.group(1), name[match.end() :]
    surname, comma, given = name.partition(", ")
    if comma and given.strip() and "," not in given:
        if surname.isupper():
            surname = " ".join(part.capitalize() for part in surname.split())
        name = f"{given.strip()} {surname.strip()}"
    return f"{honorific}{name}".strip()


def _speakers(value: Any):
    for entry in _objects(value):
        full = json_string(entry.get("fullName")) or json_string(entry.get("name"))
        if not full:
            first, last = json_string(entry.get("first_name")), json_string(entry.get("last_name"))
            full = " ".join(p for p in (first, last) if p)
        if full and full.strip():
            affiliation = (json_string(entry.get("affiliation")) or "").strip()
            yield Speaker(name=person(full[:300]), affiliation=affiliation[:300] or None)


# -- the iCalendar export --------------------------------------------------------------

_INDICO_PRODID = re.compile(r"^PRODID:.*\bINDICO\b", re.IGNORECASE | re.MULTILINE)
_SPEAKERS_LINE = re.compile(r"^Speakers?:[ \t]*(.+)$", re.MULTILINE)
_LOCATION = re.compile(r"^(.+?) \(([^()]+)\)$")


def speakers_line(line: str) -> tuple[Speaker, ...]:
    """The speakers of Indico's ``Speakers: Name (Affiliation), Name`` line: split at the
    commas outside parentheses, in one pass (an affiliation may hold commas and parentheses).

    >>> [str(s) for s in speakers_line("Ada Lovelace (Analytical Engines, Ltd), Bo Chen")]
    ['Ada Lovelace (Analytical Engines, Ltd)', 'Bo Chen']
    """
    text = line[:5000]
    pieces, depth, start = [], 0, 0
    for position, character in enumerate(text):
        if character == "(":
            depth += 1
        elif character == ")":
            depth = max(0, depth - 1)
        elif character == "," and depth == 0:
            pieces.append(text[start:position])
            start = position + 1
    pieces.append(text[start:])
    found = []
    for piece in pieces:
        name, paren, rest = piece.partition("(")
        affiliation = rest.rsplit(")", 1)[0].strip() if paren else ""
        if name.strip():
            found.append(Speaker(name=name.strip()[:300], affiliation=affiliation[:300] or None))
    return tuple(found)


@register
class IndicoIcsReader(Reader):
    name = "indico-ics"
    verbose_name = "Indico iCalendar export (.ics with PRODID -//CERN//INDICO//EN)"
    extensions = (".ics",)

    def sniff(self, head: str) -> bool:
        return head.lstrip("\ufeff \t\r\n")[:15].upper() == "BEGIN:VCALENDAR" and bool(
            _INDICO_PRODID.search(head)
        )

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        result = IcalFeedReader().read(text, path=path, tz=tz, strict=strict)
        for draft in result.drafts:
            _indico_fields(draft)
        return result


def _indico_fields(draft: Draft) -> None:
    """Speakers from the DESCRIPTION's ``Speakers:`` line, the room from ``Room (Venue)``;
    the line and the trailing URL leave the description."""
    text = draft.description or ""
    if match := _SPEAKERS_LINE.search(text):
        draft.speakers = speakers_line(match.group(1)) or draft.speakers
        text = (text[: match.start()] + text[match.end() :]).strip()
    if draft.url and text.endswith(draft.url):
        text = text[: -len(draft.url)].strip()
    draft.description = text or None
    room = draft.location.get("room")
    if room and (found := _LOCATION.match(room)) and not draft.location.get("building"):
        draft.location = {**draft.location, "room": found.group(1).strip()}


def _first_in_sniffing_order() -> None:
    # Its sniffer is narrower than the generic iCalendar feed's, so it must be asked first.
    ours = READERS.pop(IndicoIcsReader.name)
    rest = dict(READERS)
    READERS.clear()
    READERS[IndicoIcsReader.name] = ours
    READERS.update(rest)


_first_in_sniffing_order()
