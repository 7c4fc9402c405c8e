"""One team calendar (.ics): each session someone goes to, naming who goes.

The events come from here (of a plan, or of the members' agendas); the calendar
is written by the registry's team writers (:mod:`planner.export.writers.team_ics`, built
from the agenda writer's parts) and versioned by its rules: SEQUENCE and
LAST-MODIFIED change only for events that changed since this output's last export,
kept in planner's state beside the team file (part ``team_export``).
"""

from __future__ import annotations

import datetime as dt

from ..agenda import ExportState
from ..conflicts import Item
from ..frozen import frozen
from .model import TeamPlan, TeamView
from .opening import OpenedTeam


@frozen(kw_only=False)
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
    """The events of the members' own agendas: their must picks, and the duty blocks
    the saved plan put them on (as :func:`events_of_plan` has them, with the same keys)."""
    grouped: dict[str, list] = {}
    for slot in view.slots:
        for seat in slot.seats:
            if seat.priority in ("must", "duty"):
                grouped.setdefault(seat.item.id, []).append(seat)
    events = []
    for seats in grouped.values():
        first, duty = seats[0], seats[0].priority == "duty"
        events.append(
            TeamEvent(
                first.item,
                first.title,
                tuple(x.member for x in seats),
                ("Duty",) if duty else (f"Team value {first.value}",),
                None if duty else first.item.id,
            )
        )
    return events


@frozen(kw_only=False)
class TeamCalendar:
    """The team calendar's text and what its export changed (for the report and the record)."""

    text: str
    events: int
    state: ExportState
    changed: int = 0
    cancelled: int = 0


def team_calendar(
    team: OpenedTeam,
    events: list[TeamEvent],
    now: dt.datetime | None = None,
    *,
    previous: ExportState | None = None,
    feed: bool = False,
    cancel_dropped: bool = False,
) -> TeamCalendar:
    """The team calendar, versioned against ``previous`` (what this output said last),
    written by the registry's ``team-ics`` writer (``team-ics-feed`` with ``feed``: no
    METHOD, no CANCELLED events). For example, ``team_calendar(open_team("team.yaml"),
    events, previous=ExportState())`` is a first export: every event at SEQUENCE 0,
    ``state.count`` 1.
    """
    from ..export import ExportRequest, calendar_name, get_writer
    from ..export.writers.ics import IcsRendered
    from ..export.writers.team_ics import TeamCalendarInput

    schedule = team.planner.schedule
    writer = get_writer("team-ics-feed" if feed else "team-ics")
    request = ExportRequest(
        schedule,
        team.planner.venue,
        writer.Options(cancel_dropped=cancel_dropped, now=now),
        calendar_name(schedule, f"team {team.path.stem}"),
        team=TeamCalendarInput(events, team.path.stem, previous if previous is not None else ExportState()),
    )
    built = writer.build(request)
    # The team writers are iCalendar writers, and record every event's state.
    assert isinstance(built, IcsRendered) and built.state is not None
    return TeamCalendar(built.text, built.events, built.state, built.changed, built.cancelled)
