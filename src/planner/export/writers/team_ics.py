"""The team calendar (.ics) as writers of the registry: ``team-ics`` (a file to import)
and ``team-ics-feed`` (to publish at a URL), for ``planner team export``.

Each event is a session someone of the team goes to (or a duty window), titled
with who goes. Built from the agenda writer's own parts (:class:`.ics.IcsWriter`:
the calendar, the versioning of each event, its stamp and its cancelled form;
:func:`.ics.carry_dropped`; the place text, zones and UIDs of :mod:`.ics_parts`),
so the two calendars follow one set of rules. Events are TRANSPARENT (they
inform; they do not block anyone's free/busy) and carry no ATTENDEE or
ORGANIZER, so no client treats them as invitations. The request's ``team`` is a
:class:`TeamCalendarInput`; ``planner.team.calendar`` makes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import field, replace
from typing import Protocol

from icalendar import Event

from ...agenda import ExportedEvent, ExportState, uid_for
from ...conflicts import Item
from ...errors import PlannerError
from ...frozen import frozen
from ..base import ExportRequest, OptionSpec, Rendered, Writer, WriterOptions, parse_moment, register
from ..ics_parts import Text, Zones, calendar_time, fingerprint, location_text, new_calendar
from .ics import IcsRendered, IcsWriter, carry_dropped, wrote_calendar


class TeamEvent(Protocol):
    """One event of the team calendar, as :class:`planner.team.calendar.TeamEvent` has it."""

    @property
    def item(self) -> Item: ...
    @property
    def title(self) -> str: ...
    @property
    def who(self) -> tuple[str, ...]: ...
    @property
    def lines(self) -> tuple[str, ...]: ...
    @property
    def session_id(self) -> str | None: ...


@frozen(kw_only=False)
class TeamCalendarInput:
    """What the team calendar draws: its events, the team's name (in every UID, so two
    teams' calendars never collide), and what this output said last (to version it)."""

    events: Sequence[TeamEvent]
    team: str
    previous: ExportState = field(default_factory=ExportState)


@frozen(kw_only=False)
class TeamIcsOptions(WriterOptions):
    """What ``planner team export`` takes for a calendar."""

    cancel_dropped: bool = False
    # A fixed "now" (DTSTAMP, LAST-MODIFIED of changes) for reproducible output.
    now: dt.datetime | None = None


@frozen(kw_only=False)
class _Snapshot:
    # What the export record keeps of an event, to cancel it later (as the agenda's).
    title: str
    start: dt.datetime
    end: dt.datetime


@register
class TeamIcsWriter(Writer):
    """The team calendar as a file to import (see the module docstring)."""

    name = "team-ics"
    extension = ".ics"
    content_type = "text/calendar"
    verbose_name = "the team's iCalendar file: each session someone goes to, naming who goes"
    subject = "team"
    Options = TeamIcsOptions
    option_specs = (
        OptionSpec(
            "--cancel-dropped",
            "cancel_dropped",
            "Include events dropped since this file's last export, as cancelled, so calendars remove them.",
        ),
        OptionSpec(
            "--now",
            "now",
            "A fixed DTSTAMP (and time of changes), for reproducible files.",
            metavar="ISO",
            parse=parse_moment,
        ),
    )
    # True for TeamFeedWriter: no METHOD, no CANCELLED events.
    feed = False

    def render(self, request: ExportRequest) -> str:
        return self.build(request).text

    def report(self, rendered: Rendered, path: str) -> str:
        """``Wrote 19 team events to team.ics (4 changed since the last export; ...)``."""
        return wrote_calendar(rendered, path, "team event", "dropped event")

    def build(self, request: ExportRequest) -> IcsRendered:
        """The team calendar, versioned against what this output said last by the agenda
        export's own rules: an event that changed gets SEQUENCE + 1 and a new
        LAST-MODIFIED, the rest keep theirs."""
        given = request.team
        if not isinstance(given, TeamCalendarInput):
            raise PlannerError("the team calendar is written by `planner team export`")
        schedule, venue, options = request.schedule, request.venue, request.options
        previous = given.previous
        stamp = (options.now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        calendar = new_calendar(request.calendar_name, feed=self.feed)
        zones = Zones()
        built, state, changed = [], {}, 0
        venue_name = None if venue.source == "generic" else venue.name

        def uid_of(key: str) -> str:
            return uid_for(f"team-{given.team}-{key}", schedule.key)

        for item in sorted(given.events, key=lambda e: (e.item.start, e.item.id)):
            key = item.session_id or item.item.id
            start = calendar_time(item.item.start, schedule.timezone)
            end = calendar_time(item.item.end, schedule.timezone)
            zones.note(start, end)
            content = Event()
            content.add("dtstart", start)
            content.add("dtend", end)
            title = f"{item.title} ({', '.join(item.who)})"
            content.add("summary", Text(title))
            content.add("location", Text(location_text(item.item.location, venue_name)))
            footer = f"planner session {item.session_id}" if item.session_id else "planner team duty"
            body = [f"Who goes: {', '.join(item.who)}", *item.lines, "", footer]
            content.add("description", Text("\n".join(body)))
            content.add("status", "CONFIRMED")
            content.add("transp", "TRANSPARENT")
            record, was_changed = IcsWriter._record(
                previous.events.get(key),
                fingerprint(content),
                stamp,
                _Snapshot(title, item.item.start, item.item.end),
            )
            changed += was_changed
            uid = record.uid or uid_of(key)
            place = location_text(item.item.location, venue_name)
            if record.uid != uid or record.room != place:
                # The record names its UID (a sync finds the event by it) and place (a cancel keeps it).
                record = replace(record, uid=uid, room=place)
            state[key] = record
            built.append(IcsWriter._stamped(content, uid, stamp, record))

        def cancelled_event(key: str, record: ExportedEvent) -> Event:
            event = IcsWriter()._cancelled_event(key, record, request, stamp, zones)
            # The team's own UID, not the agenda's, so the cancel reaches the event it ends.
            event["uid"] = record.uid or uid_of(key)
            event["description"] = Text("Dropped from the team's plan.")
            return event

        dropped = carry_dropped(
            previous, state, set(), options.cancel_dropped and not self.feed, stamp, cancelled_event
        )
        for component in zones.components():
            calendar.add_component(component)
        for event in built + dropped:
            calendar.add_component(event)
        return IcsRendered(
            calendar.to_ical().decode("utf-8"),
            len(built) + len(dropped),
            ExportState(count=previous.count + 1, events=state),
            cancelled=len(dropped),
            changed=changed,
        )


@register
class TeamFeedWriter(TeamIcsWriter):
    """The team calendar as a feed to publish at a URL: as ``planner export --feed``,
    no METHOD and no CANCELLED events (a subscriber drops what the feed no longer has)."""

    name = "team-ics-feed"
    extension = ".feed.ics"
    verbose_name = "the team's iCalendar feed, to publish at a URL and subscribe to"
    feed = True
