"""``planner team``: plan a team's day together, show who is where, export or sync one calendar.

Thin commands over :mod:`planner.team`: options in, one library call, output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .app import cli
from .options import calendar_name_option, dry_run_option, json_option, sync_now_option
from .output import echo, output, warn

if TYPE_CHECKING:
    from ..team.strategies import Strategy

_buffer = click.option(
    "--buffer",
    type=click.IntRange(0, 120),
    metavar="MIN",
    help="Minutes to spare after a walk, for every member [default: each agenda's 'buffer', else 2].",
)
_strategy = click.option(
    "--strategy",
    type=click.Choice(["exact", "greedy", "independent"]),
    default="exact",
    show_default=True,
    help="exact: the best team value (an ILP); greedy: each member in turn takes their best day "
    "among what is left; independent: each member's own suggest, ignoring the team.",
)
_team_file = click.argument("team_file", metavar="TEAM_FILE", type=click.Path(dir_okay=False))


def _options(buffer: int | None):
    from ..plan_options import PlanOptions

    return PlanOptions(buffer_minutes=buffer)


@cli.group()
def team() -> None:
    """Plan as a team: split the team across parallel tracks, see who is where, share one calendar.

    A team file names the schedule, the members (interests, tracks, speakers,
    hours, an agenda file each), sessions everyone attends and duty windows.
    See examples/team.yaml and the README, "Plan as a team".

    \b
    Examples:
      planner team plan examples/team.yaml --save
      planner team add examples/team.yaml dana dana-agenda.yaml
      planner team show examples/team.yaml
      planner team export examples/team.yaml -o team.ics
      planner team sync examples/team.yaml ~/.calendars/team/
    """


@team.command("plan")
@_team_file
@_strategy
@click.option("--save", is_flag=True, help="Write each member's picks into their agenda, as musts.")
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1),
    default=120,
    show_default=True,
    metavar="S",
    help="Seconds the exact solver may spend on one day; then it says how close its plan is.",
)
@_buffer
@json_option
def plan_command(
    team_file: str, strategy: Strategy, save: bool, time_limit: float, buffer: int | None, as_json: bool
) -> None:
    """One walkable, conflict-free day per member, chosen together for the most team value.

    A session's value is the sum of every member's score for it, counted once
    however many go, so nobody doubles up (unless it is in 'together').

    \b
    Examples:
      planner team plan examples/team.yaml
      planner team plan examples/team.yaml --strategy greedy
      planner team plan examples/team.yaml --save --json
    """
    from ..team import plan_team
    from ..team.render import plan_text

    outcome = plan_team(team_file, strategy, save, _options(buffer), time_limit)
    for notice in outcome.plan.notices:
        warn(notice)
    from ..terminal import terminal_width

    output(outcome.plan, as_json, lambda plan: plan_text(plan, outcome.saved, terminal_width()))


@team.command("add")
@_team_file
@click.argument("name")
@click.argument("source", metavar="AGENDA|SHARE")
@json_option
def add_command(team_file: str, name: str, source: str, as_json: bool) -> None:
    """Add a member (or update one) from what they sent: their agenda file, the line
    `planner share` printed for them, or a file holding that line.

    Their picks (must and maybe) are copied into NAME.yaml beside the team file,
    which `team plan --save` writes to; their own file is only read. A new member
    joins the team file's members. Adding again merges: nothing is removed.

    \b
    Examples:
      planner team add examples/team.yaml dana ~/Downloads/agenda.yaml
      planner team add examples/team.yaml eve eve-share.txt
      planner team add team.yaml fay "planner-share/1 bundled%3A... must:8q2qm"
    """
    from ..team.members import add_member
    from ..wording import count

    done = add_member(team_file, name, source)
    if done.unknown:
        skipped = ", ".join(done.unknown)
        warn(f"{count(len(done.unknown), 'pick')} not in the team's schedule, skipped: {skipped}")

    def text(added) -> str:
        joined = f"Added {added.name} to {team_file}" if added.joined else f"Updated {added.name}"
        kept = f" ({len(added.kept)} already there)" if added.kept else ""
        return f"{joined}: {count(len(added.added), 'pick')} from {added.source} into {added.agenda}{kept}"

    output(done, as_json, text)


@team.command("show")
@_team_file
@click.option(
    "--best", type=click.IntRange(0), default=8, show_default=True, help="Uncovered sessions to flag."
)
@_buffer
@json_option
def show_command(team_file: str, best: int, buffer: int | None, as_json: bool) -> None:
    """The members' own agendas merged, slot by slot; exit 1 if someone doubles up.

    \b
    Examples:
      planner team show examples/team.yaml
      planner team show examples/team.yaml --json
    """
    from ..team import show_team
    from ..team.render import view_text

    found = show_team(team_file, _options(buffer), best)
    output(found, as_json, view_text, finding=bool(found.doubled))


@team.command("export")
@_team_file
@click.option(
    "-o", "--output", metavar="FILE", required=True, help="The .ics file to write (.html: the day view)."
)
@_strategy
@click.option("--agendas", "from_agendas", is_flag=True, help="Export what the agendas hold, not a new plan.")
@click.option(
    "--feed",
    is_flag=True,
    help="A feed to publish at a URL and subscribe to: no METHOD, no CANCELLED events, hourly refresh.",
)
@click.option(
    "--cancel-dropped",
    is_flag=True,
    help="Include events dropped since this file's last export, as cancelled, so calendars remove them.",
)
@click.option("--now", metavar="ISO", help="A fixed DTSTAMP (and time of changes), for reproducible files.")
@click.option(
    "--format",
    "fmt",
    metavar="NAME",
    help="A team writer: team-ics, team-ics-feed (as --feed) or team-html [default: by FILE's suffix].",
)
@_buffer
def export_command(
    team_file: str,
    output: str,
    strategy: Strategy,
    from_agendas: bool,
    feed: bool,
    cancel_dropped: bool,
    now: str | None,
    fmt: str | None,
    buffer: int | None,
) -> None:
    """One team calendar (.ics): each session someone goes to, naming who goes.

    Versioned like `planner export`: each output file remembers what it said
    last (in .planner/ beside the team file), so an event that changed gets a
    higher SEQUENCE and a new LAST-MODIFIED and the others keep theirs.
    With FILE ending in .html: the plan as a day view, a column per member.

    \b
    Examples:
      planner team export examples/team.yaml -o team.ics
      planner team export examples/team.yaml -o team.ics --agendas --cancel-dropped
      planner team export examples/team.yaml -o team.feed.ics --feed
      planner team export examples/team.yaml -o team.html
    """
    from ..export import parse_moment
    from ..team import export_team

    stamp = parse_moment(now) if now else None
    outcome = export_team(
        team_file,
        output,
        strategy,
        from_agendas,
        _options(buffer),
        stamp,
        feed=feed,
        cancel_dropped=cancel_dropped,
        fmt=fmt,
    )
    echo(outcome.report)


@team.command("sync")
@_team_file
@click.argument("target", metavar="[URL|DIR/]", required=False)
@_strategy
@click.option("--agendas", "from_agendas", is_flag=True, help="Sync what the agendas hold, not a new plan.")
@click.option(
    "--cancel/--no-cancel",
    default=None,
    help="Keep dropped events as CANCELLED instead of deleting them (remembered per calendar).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Where the calendar and the plan both changed a property, take the plan's.",
)
@dry_run_option
@calendar_name_option
@sync_now_option
@_buffer
@json_option
def sync_command(
    team_file: str,
    target: str | None,
    strategy: Strategy,
    from_agendas: bool,
    cancel: bool | None,
    force: bool,
    dry_run: bool,
    name: str | None,
    now: str | None,
    buffer: int | None,
    as_json: bool,
) -> None:
    """Write the team calendar into a CalDAV calendar (or a vdir folder), sending only
    what changed, through the same engine as `planner sync` (your edits in the
    calendar are kept; a property both sides changed is a conflict, exit 1). The
    calendar is remembered beside the team file: next time TEAM_FILE alone is enough.
    Credentials as for `planner sync` (PLANNER_CALDAV_USERNAME / _PASSWORD, ~/.netrc,
    the keyring); never written.

    \b
    Examples:
      planner team sync examples/team.yaml https://dav.example.org/calendars/team/kubecon/
      planner team sync examples/team.yaml --agendas
      planner team sync examples/team.yaml ~/.calendars/team/ --dry-run
    """
    from ..export import parse_moment
    from ..settings import from_environment
    from ..team.sync import sync_team
    from .sync import sync_text

    report = sync_team(
        team_file,
        target,
        strategy,
        from_agendas,
        _options(buffer),
        cancel=cancel,
        force=force,
        dry_run=dry_run,
        now=parse_moment(now) if now else None,
        name=name,
        timeout=from_environment().fetch_timeout_seconds(),
    )
    output(report, as_json, lambda r: sync_text(r, team_file), finding=bool(report.conflicts))
