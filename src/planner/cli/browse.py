"""Browsing the schedule: ``sessions``, ``show``, ``walk``, ``check``."""

from __future__ import annotations

import click

from .app import cli
from .options import (
    Workspace,
    agenda_options,
    build_filter,
    complete_session_id,
    filter_options,
    json_option,
)
from .output import output, warn, with_walking_note


@cli.command()
@filter_options
@click.option("--picked", "picked", flag_value="picked", help="Only the agenda's picks.")
@click.option("--not-picked", "picked", flag_value="not-picked", help="Only sessions not picked yet.")
@json_option
@agenda_options
def sessions(workspace: Workspace, as_json: bool, filters: dict, picked: str | None) -> None:
    """List sessions by time slot, your picks marked must or maybe; filters combine.

    The schedule is --schedule, else $PLANNER_SCHEDULE, else the one your agenda
    names, else the bundled day.

    \b
    Examples:
      planner sessions --at 11:15 --building C
      planner sessions --track "maintainer track" --search ebpf
      planner sessions --day 2 --not-picked
      planner sessions --speaker "Stefan Prodan" --json
    """
    from ..terminal.render import session_table

    schedule, agenda = workspace.browse(each_lost=True)
    found = build_filter(schedule, filters).apply(schedule.sessions)
    marks = {p.id: p.priority for p in agenda.picks}
    if picked:
        found = [s for s in found if (s.id in marks) == (picked == "picked")]
    output(
        found,
        as_json,
        lambda found: session_table(found, picks=marks, show_days=len(schedule.days) > 1),
        data=lambda found: [{**s.to_json(), "picked": marks.get(s.id)} for s in found],
        empty="No sessions match.",
    )


@cli.command()
@click.argument("query", shell_complete=complete_session_id)
@json_option
@agenda_options
def show(workspace: Workspace, query: str, as_json: bool) -> None:
    """Show one session in full: QUERY is an ID, a unique ID prefix, or title words.

    The schedule is the one `planner sessions` lists (your agenda's, unless --schedule).

    \b
    Examples:
      planner show 8q2qm
      planner show keda --json
    """
    from ..terminal.render import session_details

    schedule, _ = workspace.browse()
    output(schedule.find(query), as_json, session_details)


@cli.command()
@click.argument("origin")
@click.argument("destination")
@json_option
@agenda_options
def walk(workspace: Workspace, origin: str, destination: str, as_json: bool) -> None:
    """How long it takes to walk between two rooms or two sessions, and the route.

    \b
    Examples:
      planner walk B401-402 "Georgia Ballroom 2"
      planner walk keda etcd --json
    """
    from ..terminal.render import walk_text

    planner = workspace.open()
    start, end, route = planner.walk(origin, destination)
    for assumption in route.assumptions:
        warn(assumption)
    output(
        route,
        as_json,
        lambda route: with_walking_note(walk_text(start, end, route), planner.venue),
        data=lambda route: {
            "minutes": route.minutes,
            "route": list(route.route),
            "from": start,
            "to": end,
            "estimated": route.estimated,
            "unknown": route.unknown,
        },
    )


@cli.command()
@json_option
@agenda_options
def check(workspace: Workspace, as_json: bool) -> None:
    """Check the schedule itself: rooms booked twice at once, rooms the venue does
    not know, sessions that could not be read, notes about the data. Exit status 1
    if a room is double-booked.

    \b
    Example:
      planner check --schedule next-week.txt
    """
    from ..checks import check_schedule
    from ..terminal.render import check_report

    planner = workspace.open()
    report = check_schedule(planner.schedule, planner.venue, planner.drop_in_types(planner.agenda()))
    output(
        report,
        as_json,
        lambda report: with_walking_note(check_report(report), planner.venue),
        finding=bool(report.double_booked),
    )
