"""The agenda (or the whole schedule) as an iCalendar file for Google, Outlook,
Apple Calendar and Thunderbird.

Built with the ``icalendar`` library, never by hand. What each property is for:

- ``UID``: ``<session id>-<schedule key>@planner``, the same on every export and
  machine, so a re-import updates instead of duplicating.
- ``SEQUENCE``/``LAST-MODIFIED``: raised and set when an event changed since the
  last export (state kept in the agenda file), so clients update in place.
- ``STATUS``: CONFIRMED for a must pick; TENTATIVE for a maybe (a backup), and
  for a must pick in a hard overlap (you still have to choose); CANCELLED for a
  dropped pick with ``--cancel-dropped``.
- ``TRANSP``: TRANSPARENT for backups (and the full grid) so they do not block
  free/busy.
- ``VALARM``: fires the walk plus the buffer before the start, saying where to
  go; ``X-APPLE-TRAVEL-DURATION`` gives Apple Calendar the walk.
- One ``VTIMEZONE`` per zone, in RRULE form (see vtimezone.py); no ORGANIZER or
  ATTENDEE (they would turn the events into read-only invitations).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytz
from icalendar import Alarm, Calendar, Event

from .. import __version__
from ..agenda import ExportedEvent, ExportState
from ..models import Location, Session
from ..timezones import zone_name
from . import ExportRequest, Rendered, Writer, register
from .vtimezone import vtimezone

PRODID = f"-//planner//planner {__version__}//EN"
DEFAULT_REMINDER_MINUTES = 10


def uid_for(session_id: str, schedule_key: str) -> str:
    return f"{session_id}-{schedule_key}@planner"


def location_text(location: Location, venue_name: str | None) -> str:
    """Room, level, building, venue, city: what a person would type into maps."""
    parts = [location.place if location.room else None]
    if location.level:
        parts.append(f"Level {location.level}")
    if location.building:
        parts.append(f"Building {location.building}")
    parts += [venue_name, location.city]
    return ", ".join(p for p in parts if p)


def _session_lines(session: Session) -> list[str]:
    lines = []
    if session.speakers:
        lines.append("Speakers: " + "; ".join(str(p) for p in session.speakers))
    if session.track or session.type:
        lines.append(f"Track: {session.track or session.type}")
    return lines


def _fingerprint(event: Event) -> str:
    return hashlib.sha256(event.to_ical()).hexdigest()[:16]


class _Zones:
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


@register
class IcsWriter(Writer):
    name = "ics"
    extension = ".ics"
    content_type = "text/calendar"
    verbose_name = "iCalendar, for Google Calendar, Outlook, Apple Calendar and Thunderbird"
    writes_schedules = True

    def render(self, request: ExportRequest) -> str:
        return self.build(request).text

    def build(self, request: ExportRequest) -> Rendered:
        now = (request.options.now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        calendar = self._calendar(request.calendar_name)
        zones = _Zones()
        if request.is_agenda:
            events, result = self._agenda_events(request, now, zones)
        else:
            events = [self._grid_event(s, request, now) for s in request.sessions or ()]
            for session in request.sessions or ():
                zones.note(session.start, session.end)
            result = Rendered("", len(events))
        for component in zones.components():
            calendar.add_component(component)
        for event in events:
            calendar.add_component(event)
        text = calendar.to_ical().decode("utf-8")
        return Rendered(
            text,
            result.events,
            result.tentative,
            result.cancelled,
            result.in_conflict,
            result.changed,
            result.state,
        )

    # -- the calendar ---------------------------------------------------------

    @staticmethod
    def _calendar(name: str) -> Calendar:
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        # For subscribed copies (a published URL): refresh hourly.
        calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
        return calendar

    # -- the whole grid (--all) -----------------------------------------------

    def _grid_event(self, session: Session, request: ExportRequest, now: dt.datetime) -> Event:
        event = Event()
        event.add("uid", uid_for(session.id, request.schedule.key))
        event.add("dtstamp", now)
        event.add("sequence", 0)
        self._session_properties(event, session, request, _session_lines(session))
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        return event

    def _session_properties(
        self, event: Event, session: Session, request: ExportRequest, lines: list[str]
    ) -> None:
        venue_name = None if request.venue.source == "generic" else request.venue.name
        event.add("dtstart", calendar_time(session.start, request.schedule.timezone))
        event.add("dtend", calendar_time(session.end, request.schedule.timezone))
        event.add("summary", session.title)
        event.add("location", location_text(session.location, venue_name))
        body = "\n".join(lines)
        if session.description:
            body = f"{body}\n\n{session.description}" if body else session.description
        footer = f"planner session {session.id}" + (
            f" · {request.schedule.name}" if request.schedule.name else ""
        )
        event.add("description", f"{body}\n\n{footer}" if body else footer)
        if session.track or session.type:
            event.add("categories", [session.track or session.type])

    # -- the agenda -------------------------------------------------------------

    def _agenda_events(self, request: ExportRequest, now: dt.datetime, zones: _Zones):
        day, options = request.day, request.options
        previous_state = request.agenda.exported if request.agenda else ExportState()
        titles = {e.pick.id: e.title for e in day.entries}
        entries = [e for e in day.entries if e.session is not None and (e.pick.must or not options.must_only)]
        overlapped = {
            session_id
            for conflict in day.conflicts
            if conflict.hard and conflict.kind == "overlap"
            for session_id in conflict.ids
        }
        events, state = [], {}
        tentative = changed = 0
        for entry in entries:
            session = entry.session
            zones.note(session.start, session.end)
            in_overlap = entry.pick.id in overlapped
            status = "CONFIRMED" if entry.pick.must and not in_overlap else "TENTATIVE"
            tentative += status == "TENTATIVE"
            content = Event()
            self._session_properties(
                content, session, request, self._agenda_lines(entry, day, titles, request)
            )
            content.add("status", status)
            content.add("transp", "OPAQUE" if entry.pick.must else "TRANSPARENT")
            if entry.walk is not None and entry.walk.minutes > 0:
                content.add(
                    "x-apple-travel-duration",
                    dt.timedelta(minutes=entry.walk.minutes),
                    parameters={"VALUE": "DURATION"},
                )
            if options.alarms:
                content.add_component(self._alarm(entry, day.buffer_minutes))
            record, was_changed = self._record(
                previous_state.events.get(entry.pick.id), _fingerprint(content), now, session
            )
            changed += was_changed
            state[entry.pick.id] = record
            events.append(
                self._stamped(
                    content, record.uid or uid_for(entry.pick.id, request.schedule.key), now, record
                )
            )
        cancelled = 0
        for session_id, record in sorted(previous_state.events.items()):
            if session_id in state:
                continue
            if options.cancel_dropped and not record.cancelled and record.start and record.end:
                record = record.model_copy(
                    update={"sequence": record.sequence + 1, "modified": now, "cancelled": True}
                )
                events.append(self._cancelled_event(session_id, record, request, now, zones))
                cancelled += 1
            # A dropped pick stays on record, so a later --cancel-dropped can still cancel it
            # and a re-pick continues its SEQUENCE.
            state[session_id] = record
        new_state = ExportState(count=previous_state.count + 1, events=state)
        result = Rendered(
            "", len(events), tentative, cancelled, len(overlapped & set(titles)), changed, new_state
        )
        return events, result

    @staticmethod
    def _record(
        previous: ExportedEvent | None, fingerprint: str, now: dt.datetime, session: Session
    ) -> tuple[ExportedEvent, bool]:
        # Enough to cancel the event later, even if the schedule has lost the session.
        snapshot = {"title": session.title, "start": session.start, "end": session.end}
        if previous is None:
            return ExportedEvent(sequence=0, modified=now, fingerprint=fingerprint, **snapshot), False
        if previous.fingerprint == fingerprint and not previous.cancelled:
            return previous, False
        return (
            ExportedEvent(
                sequence=previous.sequence + 1,
                modified=now,
                fingerprint=fingerprint,
                uid=previous.uid,
                **snapshot,
            ),
            True,
        )

    @staticmethod
    def _stamped(content: Event, uid: str, now, record) -> Event:
        """The final event: identity and versioning first, then the content."""
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", now)
        event.add("sequence", record.sequence)
        event.add("last-modified", record.modified.astimezone(dt.UTC))
        for name, value in content.items():
            event[name] = value
        for component in content.subcomponents:
            event.add_component(component)
        return event

    def _cancelled_event(self, session_id, record: ExportedEvent, request, now, zones: _Zones) -> Event:
        start = calendar_time(record.start, request.schedule.timezone)
        end = calendar_time(record.end, request.schedule.timezone)
        zones.note(start, end)
        event = Event()
        event.add("uid", record.uid or uid_for(session_id, request.schedule.key))
        event.add("dtstamp", now)
        event.add("sequence", record.sequence)
        event.add("last-modified", record.modified.astimezone(dt.UTC))
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", record.title or session_id)
        if record.room:
            event.add("location", record.room)
        event.add("description", "Dropped from the agenda.")
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
        return event

    @staticmethod
    def _agenda_lines(entry, day, titles: dict[str, str], request: ExportRequest) -> list[str]:
        lines = []
        session = entry.session
        if entry.walk is not None and entry.walk.minutes > 0:
            previous = day.entry(entry.previous)
            leave = session.start - dt.timedelta(minutes=entry.walk.minutes + day.buffer_minutes)
            lines.append(
                f"Leave {previous.location.place} ({titles[entry.previous]}) by {leave:%H:%M}: "
                f"a {entry.walk.minutes} min walk, with {day.buffer_minutes} min to spare."
            )
            lines.append("Route: " + " -> ".join(entry.walk.route))
        elif entry.walk is not None:
            lines.append(f"Same room as {titles[entry.previous]}.")
        if entry.pick.note:
            lines.append(f"Note: {entry.pick.note}")
        if not entry.pick.must:
            lines.append("A backup pick (maybe).")
        for conflict in day.conflicts_of(entry.pick.id):
            if conflict.kind in ("overlap", "unreachable"):
                first = conflict.first.id == entry.pick.id
                other = conflict.second if first else conflict.first
                name = titles.get(other.id, other.id)
                what = (
                    f"overlaps {name} by {conflict.minutes} min"
                    if conflict.kind == "overlap"
                    else f"a {conflict.walk.minutes} min walk {'to' if first else 'from'} {name} "
                    f"in a {conflict.gap_minutes} min gap ({conflict.minutes} min short)"
                )
                lines.append(f"Conflict: {what}.")
        lines += _session_lines(session)
        lines.append(f"Where: {session.location.long}")
        return lines

    @staticmethod
    def _alarm(entry, buffer_minutes: int) -> Alarm:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        loc = entry.location
        where = ", ".join(p for p in (loc.place, loc.building_level) if p)
        if entry.walk is None:
            minutes = DEFAULT_REMINDER_MINUTES
            text = f"In {minutes} min: {entry.title}, {where}"
        elif entry.walk.minutes == 0:
            minutes = buffer_minutes
            text = f"Next, here in {loc.place}: {entry.title}"
        else:
            minutes = entry.walk.minutes + buffer_minutes
            text = f"Leave now: {entry.walk.minutes} min walk to {where}"
        alarm.add("trigger", -dt.timedelta(minutes=minutes))
        alarm.add("description", text)
        return alarm
