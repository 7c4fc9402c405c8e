"""The parts an iCalendar event of planner is made of: UIDs, TEXT, times, places, zones.

Shared by the ics writers (:mod:`.ics`) and the agenda's events
(:mod:`.ics_agenda`); not a writer itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytz
from icalendar import Event, vText

from ..models import Location, Session
from ..timezones import zone_name
from .vtimezone import vtimezone


def uid_for(session_id: str, schedule_key: str) -> str:
    return f"{session_id}-{schedule_key}@planner"


def grid_uid_for(session_id: str, schedule_key: str) -> str:
    """The UID of a session in a whole-schedule export (``--all``): not the agenda
    event's, so both files can go into one calendar without one replacing the other."""
    return f"{session_id}-{schedule_key}.all@planner"


class Text(vText):
    """iCalendar TEXT, escaped as RFC 5545 section 3.3.11 says, and only so.

    icalendar's own escaping first turns a literal backslash-N into a line
    break (it takes ``\\N`` in a value as already escaped), so a title such as
    ``C:\\New`` or ``\\N`` would change; here a backslash is always a backslash.
    """

    encoding: str  # set by vText.__new__

    def to_ical(self) -> bytes:
        text = str(self)
        return (
            text.replace("\\", "\\\\")
            .replace(";", "\\;")
            .replace(",", "\\,")
            .replace("\r\n", "\\n")
            .replace("\n", "\\n")
            .replace("\r", "\\n")
            .encode(self.encoding)
        )


# A session with no length (a "doors open" marker) gets this much: validators and
# Thunderbird's ical.js want an end after the start (RFC 5545 allows DTEND = DTSTART,
# not every client takes it).
MIN_LENGTH = dt.timedelta(minutes=1)


def location_text(location: Location, venue_name: str | None) -> str:
    """Room, level, building, venue, city: what a person would type into maps."""
    parts = [location.place if location.room else None]
    if location.level:
        parts.append(f"Level {location.level}")
    if location.building:
        parts.append(f"Building {location.building}")
    parts += [venue_name, location.city]
    return ", ".join(p for p in parts if p)


def session_lines(session: Session) -> list[str]:
    lines = []
    if session.speakers:
        lines.append("Speakers: " + "; ".join(str(p) for p in session.speakers))
    if session.category:
        lines.append(f"Track: {session.category}")
    return lines


def fingerprint(event: Event) -> str:
    """A hash of what the event says, with its times as instants: showing the same
    moments in another zone (``--tz``, or the zone an agenda records) is no change,
    so it does not raise the SEQUENCE."""
    digest = hashlib.sha256()
    for name, value in event.property_items(recursive=True, sorted=True):
        moment = getattr(value, "dt", None)
        if name in ("DTSTART", "DTEND") and isinstance(moment, dt.datetime):
            digest.update(f"{name}:{moment.astimezone(dt.UTC).isoformat()}\n".encode())
        else:
            text = value.to_ical() if hasattr(value, "to_ical") else value  # BEGIN/END: bytes
            digest.update(
                name.encode() + b":" + (text if isinstance(text, bytes) else str(text).encode()) + b"\n"
            )
    return digest.hexdigest()[:16]


class Zones:
    """Collects the zones the events use, with the years, for the VTIMEZONEs."""

    def __init__(self) -> None:
        self.years: dict[str, set[int]] = {}

    def note(self, *moments: dt.datetime) -> None:
        for moment in moments:
            name = zone_name(moment.tzinfo)
            if name != "UTC" and name in pytz.all_timezones_set:
                self.years.setdefault(name, set()).add(moment.year)

    def components(self):
        return [vtimezone(name, years) for name, years in sorted(self.years.items())]


def calendar_time(moment: dt.datetime, zone: str) -> dt.datetime:
    """``moment`` as a calendar should carry it.

    A time in an IANA zone keeps its zone (a TZID), unless it falls in the hour
    that repeats when clocks go back: local time alone cannot say which of the
    two it is, so it is written in UTC. A bare UTC offset (as YAML gives back a
    snapshot) becomes the schedule's zone, or UTC.
    """
    name = zone_name(moment.tzinfo)
    if name not in pytz.all_timezones_set:
        target = pytz.timezone(zone) if zone in pytz.all_timezones_set else pytz.utc
        moment = moment.astimezone(target)
        name = zone_name(moment.tzinfo)
    if name == "UTC":
        return moment
    local = moment.replace(tzinfo=None)
    try:
        pytz.timezone(name).localize(local, is_dst=None)
    except (pytz.AmbiguousTimeError, pytz.NonExistentTimeError):
        return moment.astimezone(pytz.utc)
    return moment
