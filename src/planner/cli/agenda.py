"""Keeping the agenda: ``pick``, ``drop``, ``agenda``, ``conflicts``, ``plan``."""

from __future__ import annotations

import click

from .app import cli
from .options import (
    Workspace,
    agenda_options,
    buffer_option,
    complete_session_id,
    day_option,
    include_drop_ins_option,
    json_option,
)
from .output import echo, output, warn, with_walking_note


def report_notices(result) -> None:
    """The notices a day plan (or an export) carries, as warnings."""
    for notice in result.notices:
        warn(notice)


@cli.command()
@click.argument("queries", nargs=-1, required=True, shell_complete=complete_session_id)
@click.option("--maybe", is_flag=True, help="A backup or second choice, not a must.")
@click.option("--note", metavar="TEXT", help="A note to keep with the pick.")
@agenda_options
def pick(workspace: Workspace, queries: tuple[str, ...], maybe: bool, note: str | None) -> None:
    """Pick sessions into the agenda (the first pick creates the file).

    Each QUERY is a session ID, a unique ID prefix, or words of the title. An
    ambiguous query lists the candidates and changes nothing.

    \b
    Examples:
      planner pick keda
      planner pick "in-place pod resize" --maybe --note "ask about VPA"
      planner pick 8q2qm n9db0 --agenda ~/kubecon.yaml
    """
    from ..terminal.render import pick_report

    planner = workspace.open()
    results = planner.pick(list(queries), priority="maybe" if maybe else "must", note=note)
    echo(pick_report(results, planner.plan(), planner.file.label))


@cli.command()
@click.argument("query")
@agenda_options
def drop(workspace: Workspace, query: str) -> None:
    """Remove a pick from the agenda: QUERY is an ID, a prefix, or title words.

    \b
    Example:
      planner drop keda
    """
    from ..terminal.render import drop_report

    planner = workspace.open()
    echo(drop_report(planner.drop(query), planner.file.label))


@cli.command("agenda")
@day_option
@json_option
@buffer_option
@agenda_options
def agenda_command(workspace: Workspace, as_json: bool, day: str | None) -> None:
    """Show the day: picks in order, the walk and free time between them, conflicts in place.

    \b
    Examples:
      planner agenda
      planner agenda --day 2
      planner agenda --agenda examples/kubecon-thursday.yaml --json
    """
    from ..terminal.render import day_plan
    from ..wording import count, day_heading

    planner = workspace.open()
    on = workspace.day(planner, day)
    whole = planner.plan()
    plan = whole.on(on)
    # The changes to a pick's session are marked beside the pick: one line here says how to take them in.
    for notice in plan.general_notices:
        warn(notice)
    if plan.pick_notices:
        changed = count(len(plan.changed_picks), "pick")
        warn(f"the schedule changed under {changed} (marked below); planner update takes the changes in")

    def text(day) -> str | None:
        if on is not None and not day.entries and whole.entries:
            return f"No picks on {day_heading(on)}."
        return day_plan(day) if len(day.entries) < 2 else with_walking_note(day_plan(day), planner.venue)

    output(
        plan,
        as_json,
        text,
        data=lambda day: [entry.to_json() for entry in day.entries],
    )


@cli.command()
@json_option
@buffer_option
@agenda_options
def conflicts(workspace: Workspace, as_json: bool) -> None:
    """List conflicts between picks; exit status 1 if any is hard.

    Kinds: overlap (two picks at once), unreachable (the walk is longer than the
    gap), tight (less than the buffer to spare), backup (a maybe pick beside a
    must: fine), soft (a drop-in item such as lunch: fine). Hard means between
    two must picks.

    \b
    Examples:
      planner conflicts
      planner conflicts --buffer 5 --json
    """
    from ..terminal.render import conflict_list

    planner = workspace.open()
    # For each hard conflict, the sessions that fit instead (ranked like suggest's).
    report = planner.conflict_report()
    report_notices(report.day)
    output(
        report,
        as_json,
        lambda r: conflict_list(r.day, alternatives=r.alternatives, show_days=len(planner.schedule.days) > 1),
        finding=report.hard,
    )


@cli.command()
@click.option("--from", "after", metavar="TIME", help="Start at the first slot at or after TIME.")
@include_drop_ins_option
@agenda_options
def plan(workspace: Workspace, after: str | None, include_drop_ins: bool) -> None:
    """Walk the day slot by slot and choose a session for each.

    For every slot (sessions starting together) planner lists the options with
    their room and the walk from your previous pick. Answer with a number to pick
    it, s to skip, b to go back, q to save and quit. Works with piped input too.
    New picks are saved when you quit or reach the end; existing picks are kept.

    \b
    Example:
      planner plan --from 11:00
    """
    from ..slot_by_slot import plan_slot_by_slot
    from ..terminal.render import slot_menu, slot_plan_report

    def ask(question) -> str:
        echo(slot_menu(question.slot, question.options, question.index, question.total))
        try:
            return click.prompt("choice", default="s", show_default=False)
        except click.Abort:
            return "q"

    planner = workspace.open()
    done = plan_slot_by_slot(
        planner,
        ask,
        lambda message: echo(message, err=True),
        after=after,
        include_drop_ins=include_drop_ins,
    )
    echo(slot_plan_report(done, planner.file.label))
