"""The parts an iCalendar event of planner is made of: TEXT, times, places, zones
(UIDs are the agenda's: :func:`planner.agenda.uid_for`).

Shared by the ics writers (:mod:`.ics`) and the agenda's events
(:mod:`.ics_agenda`); not a writer itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytz
from icalendar import Calendar, Event, vText

from .. import __version__
from ..models import Location, Session
from ..timezones import zone_name
from .vtimezone import vtimezone


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


PRODID = f"-//planner//planner {__version__}//EN"


def new_calendar(name: str, *, feed: bool = False) -> Calendar:
    """An empty calendar of planner's, called ``name``: a file to import, or with
    ``feed`` a calendar to publish at a URL and subscribe to."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if not feed:
        # A file to import: PUBLISH, as Google and Outlook export it (no ORGANIZER, so the
        # events are the user's own, not invitations). A feed has no METHOD: it is a
        # calendar, not an iTIP message (RFC 5545 section 3.7.2).
        calendar.add("method", "PUBLISH")
    # Text: the name is TEXT (RFC 7986 section 5.1), so "Conf, Europe; 2026" and a
    # backslash are escaped; icalendar would write an unknown property raw.
    calendar.add("x-wr-calname", Text(name))
    calendar.add("name", Text(name))
    # For subscribed copies (a published URL): ask for an hourly refresh. Clients decide:
    # see docs/calendar-clients.md.
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    return calendar


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
