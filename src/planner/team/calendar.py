"""One team calendar (.ics): each session someone goes to, naming who goes.

Built with ``icalendar`` and the building blocks of planner's own writer
(:mod:`planner.export.writers.ics`: the PRODID, stable UIDs, the location text, times in
their zone with one VTIMEZONE each) and versioned by its rules: SEQUENCE and
LAST-MODIFIED change only for events that changed since this output's last export,
kept in planner's state beside the team file (part ``team_export``). Events are TRANSPARENT (they inform; they
do not block anyone's free/busy) and carry no ATTENDEE or ORGANIZER, so no
client treats them as invitations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Event

from ..agenda import ExportedEvent, ExportState, uid_for
from ..conflicts import Item
from ..export.ics_parts import Text, Zones, calendar_time, fingerprint, location_text, new_calendar
from ..export.writers.ics import IcsWriter, carry_dropped
from ..models import Schedule
from .model import TeamPlan, TeamView
from .opening import OpenedTeam


@dataclass(frozen=True)
class TeamEvent:
    """One event of the team calendar: where and when, who goes, why it matters."""

    item: Item
    title: str
    who: tuple[str, ...]
    lines: tuple[str, ...]
    session_id: str | None


def events_of_plan(plan: TeamPlan) -> list[TeamEvent]:
    grouped: dict[str, list] = {}
    for member in plan.members:
        for pick in member.picks:
            grouped.setdefault(pick.id, []).append(pick)
    events = []
    for picks in grouped.values():
        first = picks[0]
        value = sum(p.value for p in picks)
        lines = [f"Team value {value}"] if first.kind != "duty" else ["Duty"]
        lines += list(first.reasons if first.kind != "duty" else ())
        events.append(
            TeamEvent(
                first.item,
                first.title,
                tuple(p.member for p in picks),
                tuple(lines),
                first.session.id if first.session else None,
            )
        )
    return events


def events_of_view(view: TeamView) -> list[TeamEvent]:
    grouped: dict[str, list] = {}
    for slot in view.slots:
        for seat in slot.seats:
            if seat.priority == "must":
                grouped.setdefault(seat.item.id, []).append(seat)
    return [
        TeamEvent(
            s[0].item, s[0].title, tuple(x.member for x in s), (f"Team value {s[0].value}",), s[0].item.id
        )
        for s in grouped.values()
    ]


@dataclass(frozen=True)
class TeamCalendar:
    """The team calendar's text and what its export changed (for the report and the record)."""

    text: str
    events: int
    state: ExportState
    changed: int = 0
    cancelled: int = 0


@dataclass(frozen=True)
class _Snapshot:
    # What the export record keeps of an event, to cancel it later (as the agenda's).
    title: str
    start: dt.datetime
    end: dt.datetime


def team_calendar(
    team: OpenedTeam,
    events: list[TeamEvent],
    now: dt.datetime | None = None,
    *,
    previous: ExportState | None = None,
    feed: bool = False,
    cancel_dropped: bool = False,
) -> TeamCalendar:
    """The team calendar, versioned against ``previous`` (what this output said last) by
    the agenda export's own rules: an event that changed gets SEQUENCE + 1 and a new
    LAST-MODIFIED, the rest keep theirs. ``feed``: no METHOD, no CANCELLED events.
    For example, ``team_calendar(open_team("team.yaml"), events, previous=ExportState())``
    is a first export: every event at SEQUENCE 0, ``state.count`` 1.
    """
    schedule, venue = team.planner.schedule, team.planner.venue
    previous = previous if previous is not None else ExportState()
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    name = f"{schedule.name or 'Conference'} - team {team.path.stem}"
    calendar = new_calendar(name, feed=feed)
    zones = Zones()
    built, state, changed = [], {}, 0
    venue_name = None if venue.source == "generic" else venue.name
    for item in sorted(events, key=lambda e: (e.item.start, e.item.id)):
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
        uid = record.uid or uid_for(f"team-{team.path.stem}-{key}", schedule.key)
        place = location_text(item.item.location, venue_name)
        if record.uid != uid or record.room != place:
            # The record names its UID (a sync finds the event by it) and place (a cancel keeps it).
            record = record.model_copy(update={"uid": uid, "room": place})
        state[key] = record
        built.append(IcsWriter._stamped(content, uid, stamp, record))

    def cancelled_event(key: str, record: ExportedEvent) -> Event:
        event = IcsWriter()._cancelled_event(key, record, _Request(schedule), stamp, zones)
        # The team's own UID, not the agenda's, so the cancel reaches the event it ends.
        event["uid"] = record.uid or uid_for(f"team-{team.path.stem}-{key}", schedule.key)
        event["description"] = Text("Dropped from the team's plan.")
        return event

    dropped = carry_dropped(previous, state, set(), cancel_dropped and not feed, stamp, cancelled_event)
    for component in zones.components():
        calendar.add_component(component)
    for event in built + dropped:
        calendar.add_component(event)
    return TeamCalendar(
        calendar.to_ical().decode("utf-8"),
        len(built) + len(dropped),
        ExportState(count=previous.count + 1, events=state),
        changed,
        len(dropped),
    )


@dataclass(frozen=True)
class _Request:
    # What IcsWriter._cancelled_event reads of an export request.
    schedule: Schedule
