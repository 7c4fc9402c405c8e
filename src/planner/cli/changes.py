"""When the schedule changes: ``update`` (the agenda against a new schedule), ``diff``."""

from __future__ import annotations

import shlex

import click

from ..text import clean_text
from ..wording import count
from .app import cli
from .options import Workspace, agenda_options, buffer_option, json_option, load_schedule_for
from .output import EXIT_FINDING, echo, output


@cli.command()
@click.argument("new_schedule", metavar="[NEW_SCHEDULE]", required=False)
@click.option("--apply", "apply_changes", is_flag=True, help="Take the changes into the agenda file.")
@json_option
@buffer_option
@agenda_options
def update(workspace: Workspace, new_schedule: str | None, apply_changes: bool, as_json: bool) -> None:
    """Compare the agenda with a new version of the schedule: what moved, changed
    room, was renamed or cancelled, the conflicts that brings, and what is new.
    Exit status 1 when anything changed.

    With --apply, the agenda follows the new schedule (notes and priorities kept,
    cancelled picks removed); the next `planner export` then updates your
    calendar in place (add --cancel-dropped to cancel what went).

    Without NEW_SCHEDULE, the agenda's own schedule is read again (a URL is
    fetched afresh) and the picks are compared with it; the sessions listed as
    new are those added since the last `planner update` (or the first pick).

    \b
    Examples:
      planner update schedule-v2.txt
      planner update schedule-v2.txt --apply
      planner update                      # the agenda's schedule URL, fetched again
    """
    from ..changes import apply_update, check_update
    from ..readers import ScheduleSource
    from ..terminal.render import update_report

    planner = workspace.open()
    # What to type to take the changes in: this command again, quoted for the shell, with
    # the agenda it was about (without it, --apply would change ./agenda.yaml instead); shown
    # as text, as the agenda's label is.
    words = ["planner", "update", *([new_schedule] if new_schedule else [])]
    words += ["--agenda", workspace.agenda_path] if workspace.agenda_path else []
    apply_with = None if apply_changes else clean_text(shlex.join([*words, "--apply"]))
    if new_schedule is None:
        new_schedule = planner.source.reference
        report = check_update(planner, planner.schedule, remember=True)
    else:
        # The zone the agenda keeps (or --tz) reads the new version too.
        new = ScheduleSource(new_schedule, tz=planner.source.tz, strict=workspace.source.strict)
        report = check_update(planner, load_schedule_for(new), remember=True)
    output(
        report, as_json, lambda r: update_report(r, planner.file.label, new_schedule, apply_with=apply_with)
    )
    if apply_changes:
        changed = apply_update(planner, report, planner.schedule_reference_for(new_schedule))
        follows = f"it now follows {new_schedule}"
        removed = sum(1 for change in report.picks if change.changed and change.after is None)
        done = [f"updated {count(changed - removed, 'pick')}"] if changed > removed else []
        if removed:
            done.append(f"removed {count(removed, 'cancelled pick')}")
        did = " and ".join(done) or "changed no pick"
        echo(f"{did[0].upper()}{did[1:]} in {planner.file.label}; {follows}.", err=as_json)
    if report.any:
        raise click.exceptions.Exit(EXIT_FINDING)


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@json_option
@click.option("--tz", metavar="ZONE", help="Time zone of both schedules' times (IANA name).")
def diff(old: str, new: str, as_json: bool, tz: str | None) -> None:
    """Show what changed between two versions of a schedule; exit status 1 if anything did.

    \b
    Example:
      planner diff schedule-v1.txt schedule-v2.txt
    """
    from ..changes import diff_schedules
    from ..readers import ScheduleSource
    from ..terminal.render import diff_report

    result = diff_schedules(
        load_schedule_for(ScheduleSource(old, tz=tz)), load_schedule_for(ScheduleSource(new, tz=tz))
    )
    output(result, as_json, diff_report, finding=result.any)
