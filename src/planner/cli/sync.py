"""``planner sync``: options in, one library call (:func:`planner.sync.sync_agenda`), the report out."""

from __future__ import annotations

import click

from ..wording import count
from .agenda import report_notices
from .app import cli
from .options import (
    Workspace,
    agenda_options_with,
    calendar_name_option,
    dry_run_option,
    json_option,
    sync_now_option,
)
from .output import output


def sync_text(report, agenda_label: str) -> str:
    """The sync report in words: what was (or would be) sent, and what was left alone."""
    verb = "Would send to" if report.dry_run else "Synced"
    lines = []
    if report.created_calendar:
        lines.append(f"{'Would create' if report.dry_run else 'Created'} the calendar {report.target}.")
    lines.append(f"{verb} {report.target} from {agenda_label}:")
    lines.append(
        f"  {len(report.created)} created, {len(report.updated)} updated, "
        f"{len(report.deleted)} deleted, {report.unchanged} unchanged."
    )
    if report.merged:
        lines.append(
            f"  {count(len(report.merged), 'event')} kept your calendar's own changes,"
            " with the schedule's on top."
        )
    for conflict in report.conflicts:
        lines.append(
            click.style("  conflict ", fg="red") + f"{conflict.id} ({conflict.uid}): {conflict.reason}"
        )
    if report.conflicts:
        lines.append(
            "Properties changed both in the calendar and in the schedule are left as the calendar has them; "
            "planner sync --force takes the schedule's."
        )
    return "\n".join(lines)


@cli.command()
@click.argument("target", metavar="[URL|DIR/]", required=False)
@click.option(
    "--cancel/--no-cancel",
    default=None,
    help="Keep dropped picks as CANCELLED events instead of deleting them (remembered per calendar; "
    "--no-cancel deletes them again).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Where the calendar and the schedule both changed a property, take the schedule's "
    "(your other edits in the calendar are kept).",
)
@dry_run_option
@click.option("--no-alarms", is_flag=True, help="No reminders in the events.")
@calendar_name_option
@sync_now_option
@json_option
@agenda_options_with("--schedule-format")
def sync(
    workspace: Workspace,
    target: str | None,
    cancel: bool | None,
    force: bool,
    dry_run: bool,
    no_alarms: bool,
    name: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Write the agenda into a CalDAV calendar (or a vdir folder), sending only what
    changed since the last sync. The URL is remembered: next time `planner sync` is
    enough (a one-off sync into a folder does not replace it).

    planner owns the time, title, place, status, description and reminder of its
    events; your other edits in the calendar (a colour, categories, a dismissed
    reminder) are kept and the schedule's changes go on top. A property changed
    both in the calendar and in the schedule is reported with both values, left as
    the calendar has it, and the exit status is 1 (--force takes the schedule's).
    What each calendar holds is kept in the .planner folder beside the agenda. The
    user name and password come from PLANNER_CALDAV_USERNAME and
    PLANNER_CALDAV_PASSWORD, ~/.netrc, or the system keyring; they are never written.

    \b
    Examples:
      planner sync https://dav.example.org/calendars/ann/kubecon/
      planner sync                       # the same calendar again
      planner sync ~/.calendars/kubecon/  # a vdir, for khal and vdirsyncer
      planner sync --dry-run --json
    """
    from ..export import parse_moment
    from ..settings import from_environment
    from ..sync import sync_agenda

    planner = workspace.open()
    report = sync_agenda(
        planner,
        target,
        cancel=cancel,
        force=force,
        dry_run=dry_run,
        alarms=not no_alarms,
        now=parse_moment(now) if now else None,
        name=name,
        timeout=from_environment().fetch_timeout_seconds(),
    )
    for notice in report.notices:
        click.echo(f"planner: {notice}", err=True)
    report_notices(planner.plan())
    output(report, as_json, lambda r: sync_text(r, planner.file.label), finding=bool(report.conflicts))
