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
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from icalendar import Event

from ...agenda import ExportedEvent, ExportState, grid_uid_for, uid_for
from ...frozen import frozen
from ...models import Session
from ...venue_infer import walking_caveat
from ...wording import count
from ..base import (
    MUST_ONLY,
    ExportRequest,
    OptionSpec,
    Rendered,
    Writer,
    WriterOptions,
    parse_moment,
    register,
)
from ..ics_agenda import agenda_lines, alarm, origin_of
from ..ics_parts import (
    MIN_LENGTH,
    Text,
    Zones,
    calendar_time,
    fingerprint,
    location_text,
    new_calendar,
    session_lines,
)

if TYPE_CHECKING:
    from ...day import DayPlan


def wrote_calendar(rendered: Rendered, path: str, noun: str, dropped: str) -> str:
    """``Wrote 14 events to agenda.ics (4 as TENTATIVE; 2 changed since the last export)``:
    what an iCalendar export did, for the agenda's calendar and the team's alike."""
    details = []
    if isinstance(rendered, IcsRendered):
        if rendered.tentative:
            details.append(
                f"{rendered.tentative} as TENTATIVE"
                + (f", {rendered.in_conflict} of them in hard conflicts" if rendered.in_conflict else "")
            )
        if rendered.changed:
            details.append(f"{rendered.changed} changed since the last export")
        if rendered.cancelled:
            details.append(f"{count(rendered.cancelled, dropped)} as CANCELLED")
    text = f"Wrote {count(rendered.events, noun)} to {path}"
    return text + (f" ({'; '.join(details)})" if details else "")


class _Recorded(Protocol):
    """What an export record keeps of an event (a session, or a team calendar's event)."""

    @property
    def title(self) -> str: ...
    @property
    def start(self) -> dt.datetime: ...
    @property
    def end(self) -> dt.datetime: ...


@frozen(kw_only=False)
class IcsOptions(WriterOptions):
    """What ``planner export --format ics`` takes."""

    alarms: bool = True
    cancel_dropped: bool = False
    # A fixed "now" (DTSTAMP, LAST-MODIFIED of changes) for reproducible output.
    now: dt.datetime | None = None


@frozen(kw_only=False)
class IcsRendered(Rendered):
    """The calendar, with what its report line counts."""

    tentative: int = 0
    in_conflict: int = 0
    cancelled: int = 0
    changed: int = 0


@register
class IcsWriter(Writer):
    name = "ics"
    extension = ".ics"
    content_type = "text/calendar"
    verbose_name = "iCalendar, for Google Calendar, Outlook, Apple Calendar and Thunderbird"
    writes_schedules = True
    Options = IcsOptions
    option_specs = (
        OptionSpec(
            "--no-alarms", "alarms", "No reminders (by default each event says when to leave).", False
        ),
        MUST_ONLY,
        OptionSpec(
            "--cancel-dropped",
            "cancel_dropped",
            "Include picks dropped since the last export, as cancelled, so subscribed calendars remove them.",
        ),
        OptionSpec(
            "--now",
            "now",
            "A fixed time for DTSTAMP and changes, for reproducible files.",
            metavar="ISO",
            parse=parse_moment,
        ),
    )

    def report(self, rendered: Rendered, path: str) -> str:
        """``Wrote 14 events to agenda.ics (4 as TENTATIVE; ...)``."""
        return wrote_calendar(rendered, path, "event", "dropped pick")

    def render(self, request: ExportRequest) -> str:
        return self.build(request).text

    def build(self, request: ExportRequest) -> Rendered:
        now = (request.options.now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
        calendar = new_calendar(request.calendar_name, feed=self.feed)
        if request.is_agenda and (caveat := walking_caveat(request.venue)):
            # TEXT, escaped like the name (its "; " would otherwise go out raw).
            calendar.add("x-wr-caldesc", Text(f"Note: {caveat}."))
        zones = Zones()
        if request.day is not None:
            events, result = self._agenda_events(request, request.day, now, zones)
        else:
            events, result = self._grid_events(request, now, zones)
        for component in zones.components():
            calendar.add_component(component)
        for event in events:
            calendar.add_component(event)
        text = calendar.to_ical().decode("utf-8")
        return replace(result, text=text)

    # -- the calendar ---------------------------------------------------------

    # True for FeedWriter: the calendar meant to be published at a URL and subscribed to.
    feed = False

    # -- the whole grid (--all) -----------------------------------------------

    def _grid_events(self, request: ExportRequest, now: dt.datetime, zones: Zones):
        """Every session, with UIDs of their own, versioned like the agenda's events
        when the request carries the last export's state (an agenda file exists)."""
        previous_state = request.agenda.exported if request.agenda else ExportState()
        events, state, changed = [], {}, 0
        for session in request.sessions or ():
            zones.note(session.start, session.end)
            content = Event()
            self._session_properties(content, session, request, session_lines(session))
            content.add("status", "CONFIRMED")
            content.add("transp", "TRANSPARENT")
            record, was_changed = self._record(
                previous_state.events.get(session.id), fingerprint(content), now, session
            )
            record = with_place(record, session, request)
            changed += was_changed
            state[session.id] = record
            uid = record.uid or grid_uid_for(session.id, request.schedule.key)
            events.append(self._stamped(content, uid, now, record))
        new_state = ExportState(count=previous_state.count + 1, events=state)
        return events, IcsRendered("", len(events), new_state, changed=changed)

    def _session_properties(
        self, event: Event, session: Session, request: ExportRequest, lines: list[str]
    ) -> None:
        venue_name = None if request.venue.source == "generic" else request.venue.name
        event.add("dtstart", calendar_time(session.start, request.schedule.timezone))
        end = max(session.end, session.start + MIN_LENGTH)
        event.add("dtend", calendar_time(end, request.schedule.timezone))
        event.add("summary", Text(session.title))
        event.add("location", Text(location_text(session.location, venue_name)))
        if session.url:
            event.add("url", session.url)
        body = "\n".join(lines)
        if session.description:
            body = f"{body}\n\n{session.description}" if body else session.description
        footer = f"planner session {session.id}" + (
            f" · {request.schedule.name}" if request.schedule.name else ""
        )
        event.add("description", Text(f"{body}\n\n{footer}" if body else footer))
        if session.category:
            event.add("categories", [session.category])

    # -- the agenda -------------------------------------------------------------

    def _agenda_events(self, request: ExportRequest, day: DayPlan, now: dt.datetime, zones: Zones):
        options = request.options
        previous_state = request.agenda.exported if request.agenda else ExportState()
        titles = {e.pick.id: e.title for e in day.entries}
        entries = [
            (e, e.session)
            for e in day.entries
            if e.session is not None and (e.pick.must or not options.must_only)
        ]
        overlapped = {
            session_id
            for conflict in day.conflicts
            if conflict.hard and conflict.kind == "overlap"
            for session_id in conflict.ids
        }
        events, state = [], {}
        tentative = changed = 0
        for entry, session in entries:
            zones.note(session.start, session.end)
            in_overlap = entry.pick.id in overlapped
            status = "CONFIRMED" if entry.pick.must and not in_overlap else "TENTATIVE"
            tentative += status == "TENTATIVE"
            origin = origin_of(entry, day, request.venue)
            content = Event()
            self._session_properties(
                content, session, request, agenda_lines(entry, day, titles, request, origin)
            )
            content.add("status", status)
            content.add("transp", "OPAQUE" if entry.pick.must else "TRANSPARENT")
            if origin is not None and origin[1].minutes > 0:
                content.add(
                    "x-apple-travel-duration",
                    dt.timedelta(minutes=origin[1].minutes),
                    parameters={"VALUE": "DURATION"},
                )
            if options.alarms and not self.feed:
                content.add_component(alarm(entry, day.buffer_minutes, origin))
            record, was_changed = self._record(
                previous_state.events.get(entry.pick.id), fingerprint(content), now, session
            )
            record = with_place(record, session, request)
            changed += was_changed
            state[entry.pick.id] = record
            events.append(
                self._stamped(
                    content, record.uid or uid_for(entry.pick.id, request.schedule.key), now, record
                )
            )
        # Picks left out by --must-only are not dropped: they stay on record, uncancelled.
        picked = {p.id for p in request.agenda.picks} if request.agenda else set()
        dropped = carry_dropped(
            previous_state,
            state,
            picked,
            options.cancel_dropped and not self.feed,
            now,
            lambda key, record: self._cancelled_event(key, record, request, now, zones),
        )
        events += dropped
        cancelled = len(dropped)
        new_state = ExportState(count=previous_state.count + 1, events=state)
        result = IcsRendered(
            "",
            len(events),
            new_state,
            tentative=tentative,
            in_conflict=len(overlapped & set(titles)),
            cancelled=cancelled,
            changed=changed,
        )
        return events, result

    @staticmethod
    def _record(
        previous: ExportedEvent | None, fingerprint: str, now: dt.datetime, session: _Recorded
    ) -> tuple[ExportedEvent, bool]:
        # Enough to cancel the event later, even if the schedule has lost the session.
        snapshot: dict[str, Any] = {"title": session.title, "start": session.start, "end": session.end}
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

    def _cancelled_event(self, session_id, record: ExportedEvent, request, now, zones: Zones) -> Event:
        # carry_dropped cancels only the records that say when the event was.
        assert record.start is not None and record.end is not None
        start = calendar_time(record.start, request.schedule.timezone)
        end = calendar_time(max(record.end, record.start + MIN_LENGTH), request.schedule.timezone)
        zones.note(start, end)
        event = Event()
        event.add("uid", record.uid or uid_for(session_id, request.schedule.key))
        event.add("dtstamp", now)
        event.add("sequence", record.sequence)
        event.add("last-modified", record.modified.astimezone(dt.UTC))
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", Text(record.title or session_id))
        if record.room:
            event.add("location", Text(record.room))
        event.add("description", "Dropped from the agenda.")
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
        return event


def with_place(record: ExportedEvent, session: Session, request: ExportRequest) -> ExportedEvent:
    """``record`` naming the event's place as the event does, so a cancelled event keeps it."""
    venue_name = None if request.venue.source == "generic" else request.venue.name
    place = location_text(session.location, venue_name)
    return record if record.room == place else replace(record, room=place)


def carry_dropped(
    previous: ExportState,
    state: dict[str, ExportedEvent],
    kept: set[str],
    cancel: bool,
    now: dt.datetime,
    cancelled_event: Callable[[str, ExportedEvent], Event],
) -> list[Event]:
    """Put the events ``previous`` had and ``state`` lacks back on record (in ``state``);
    with ``cancel``, those not in ``kept`` are cancelled once (SEQUENCE raised) and their
    CANCELLED events returned. The agenda's and the team calendar's one rule for drops.

    >>> carry_dropped(ExportState(), {}, set(), True, dt.datetime.now(dt.UTC), print)
    []
    """
    events = []
    for key, record in sorted(previous.events.items()):
        if key in state:
            continue
        if cancel and key not in kept and not record.cancelled and record.start and record.end:
            record = replace(record, sequence=record.sequence + 1, modified=now, cancelled=True)
            events.append(cancelled_event(key, record))
        # A dropped event stays on record, so a later cancel can still cancel it
        # and a re-pick continues its SEQUENCE.
        state[key] = record
    return events


@register
class FeedWriter(IcsWriter):
    """The agenda as a feed to publish at a URL and subscribe to (Google, Outlook web, Apple).

    What differs from the import file, and why: no METHOD (a subscribed
    calendar is not an iTIP message); no VALARM (Google drops reminders from
    subscribed and imported calendars, and an alarm a client does keep would
    go off on every device subscribed); no CANCELLED events (a subscriber drops
    what the feed no longer has). UIDs are the agenda's own, stable across
    exports, and REFRESH-INTERVAL / X-PUBLISHED-TTL ask for an hourly refresh.
    """

    name = "ics-feed"
    # Beside the import file, not over it: agenda.yaml -> agenda.feed.ics.
    extension = ".feed.ics"
    verbose_name = "iCalendar feed, to publish at a URL and subscribe to"
    writes_schedules = False
    feed = True
