"""One team calendar (.ics): each session someone goes to, naming who goes.

Built with ``icalendar`` and the building blocks of planner's own writer
(:mod:`planner.export.ics`: the PRODID, stable UIDs, the location text, times in
their zone with one VTIMEZONE each). Events are TRANSPARENT (they inform; they
do not block anyone's free/busy) and carry no ATTENDEE or ORGANIZER, so no
client treats them as invitations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytz
from icalendar import Calendar, Event

from ..conflicts import Item
from ..export.ics import PRODID, calendar_time, location_text, uid_for
from ..export.vtimezone import vtimezone
from ..timezones import zone_name
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


def team_calendar(team: OpenedTeam, events: list[TeamEvent], now: dt.datetime | None = None) -> str:
    """The team calendar as iCalendar text."""
    schedule, venue = team.planner.schedule, team.planner.venue
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    name = f"{schedule.name or 'Conference'} - team {team.path.stem}"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    years: dict[str, set[int]] = {}
    built = []
    venue_name = None if venue.source == "generic" else venue.name
    for item in sorted(events, key=lambda e: (e.item.start, e.item.id)):
        event = Event()
        key = item.session_id or item.item.id
        event.add("uid", uid_for(f"team-{team.path.stem}-{key}", schedule.key))
        event.add("dtstamp", stamp)
        event.add("sequence", 0)
        start = calendar_time(item.item.start, schedule.timezone)
        end = calendar_time(item.item.end, schedule.timezone)
        for moment in (start, end):
            zone = zone_name(moment.tzinfo)
            if zone != "UTC" and zone in pytz.all_timezones_set:
                years.setdefault(zone, set()).add(moment.year)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"{item.title} ({', '.join(item.who)})")
        event.add("location", location_text(item.item.location, venue_name))
        footer = f"planner session {item.session_id}" if item.session_id else "planner team duty"
        body = [f"Who goes: {', '.join(item.who)}", *item.lines, "", footer]
        event.add("description", "\n".join(body))
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        built.append(event)
    for zone, zone_years in sorted(years.items()):
        calendar.add_component(vtimezone(zone, zone_years))
    for event in built:
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
