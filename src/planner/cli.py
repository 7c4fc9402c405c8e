"""The ``planner`` command: click commands over the library, nothing more.

Each command parses its options, makes one library call and prints the result.
Errors are handled in one place (:class:`PlannerGroup`): a
:class:`~planner.errors.PlannerError` becomes one line on stderr and exit code 2.
Heavy modules are imported inside the commands so ``planner --help`` starts fast.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Any

import click

from . import __version__
from .errors import LookupFailed, PlannerError
from .readers import ScheduleSource

EXIT_FINDING = 1  # e.g. conflicts found
EXIT_INPUT = 2  # usage or input error


class PlannerGroup(click.Group):
    """Turns domain errors into one clear message and exit 2, for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            report_error(exc)
            ctx.exit(EXIT_INPUT)
        except BrokenPipeError:
            # `planner sessions | head`: the reader went away; that is fine.
            sys.stderr.close()
            ctx.exit(0)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("PLANNER_DEBUG"):
                raise
            click.echo(
                click.style("planner: internal error: ", fg="red", bold=True)
                + f"{type(exc).__name__}: {exc}\n"
                "This is a bug in planner; run again with PLANNER_DEBUG=1 for the traceback.",
                err=True,
            )
            ctx.exit(70)  # EX_SOFTWARE


def report_error(exc: PlannerError) -> None:
    click.echo(click.style("planner: error: ", fg="red", bold=True) + str(exc), err=True)
    if isinstance(exc, LookupFailed) and exc.candidates:
        from .render import session_list

        click.echo(session_list(exc.candidates), err=True)
    if exc.hint:
        click.echo(click.style("hint: ", fg="yellow") + exc.hint, err=True)


def warn(message: object) -> None:
    click.echo(click.style("planner: warning: ", fg="yellow") + str(message), err=True)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def load_schedule_for(source: ScheduleSource, *, all_warnings: bool = True):
    """Load the schedule, printing the reader's warnings (only lost sessions unless ``all_warnings``)."""
    schedule = source.load()
    report_schedule_warnings(schedule, all_warnings=all_warnings)
    return schedule


def report_schedule_warnings(schedule, *, all_warnings: bool) -> None:
    if all_warnings:
        for warning in schedule.warnings:
            warn(warning)
        return
    lost = sum(1 for w in schedule.warnings if w.skipped)
    if lost:
        warn(f"{lost} session(s) of the schedule could not be read; `planner check` lists them")


def schedule_options_with(*format_flags: str):
    """Adds ``--schedule/--format/--tz/--strict`` and passes them as one ``source``.

    ``format_flags`` names the schedule-format option: ``export`` keeps ``--format``
    for its output format and takes ``--schedule-format`` for the schedule's.
    """

    def decorate(command):
        @click.option(
            "--schedule",
            "-s",
            "schedule_path",
            metavar="FILE",
            envvar="PLANNER_SCHEDULE",
            help="Schedule file to use [env PLANNER_SCHEDULE; default: the bundled "
            "KubeCon NA 2025 Thursday schedule].",
        )
        @click.option(
            *format_flags,
            "schedule_format",
            metavar="NAME",
            help="Schedule format, instead of guessing from the content: sched-text, "
            "pretalx-json, frab-xml or ical-feed.",
        )
        @click.option("--tz", metavar="ZONE", help="Time zone of the schedule's times (IANA name).")
        @click.option("--strict", is_flag=True, help="Fail on the first bad session instead of skipping it.")
        @functools.wraps(command)
        def wrapper(*args, schedule_path, schedule_format, tz, strict, **kwargs):
            source = ScheduleSource(schedule_path, schedule_format, tz, strict)
            return command(*args, source=source, **kwargs)

        return wrapper

    return decorate


schedule_options = schedule_options_with("--format", "--schedule-format")


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def complete_session_id(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Shell completion of session IDs from the schedule in use."""
    from click.shell_completion import CompletionItem

    from .readers import load_schedule

    try:
        schedule = load_schedule(ctx.params.get("schedule_path") or os.environ.get("PLANNER_SCHEDULE"))
    except PlannerError:
        return []
    return [
        CompletionItem(s.id, help=s.title) for s in schedule.sessions if s.id.startswith(incomplete.lower())
    ]


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=PlannerGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="planner")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Plan your day at a multi-track conference.

    Browse the schedule, pick sessions into an agenda file, see conflicts and
    walking times, and export the day to your calendar. Without --schedule,
    planner uses the bundled KubeCon + CloudNativeCon NA 2025 Thursday schedule.

    \b
    Examples:
      planner sessions --at 11:15 --building C
      planner show 8q2qm
    """
    if os.environ.get("NO_COLOR"):
        ctx.color = False


def filter_options(command):
    """The browsing filters, shared by every command that selects sessions."""
    options = [
        click.option("--at", "at", metavar="TIME", help="Running at TIME (11:15, 2pm)."),
        click.option("--between", nargs=2, metavar="T1 T2", help="Running at some point between T1 and T2."),
        click.option("--day", metavar="DAY", help="On DAY (2025-11-13, thursday, or 1 for the first day)."),
        click.option("--type", "types", multiple=True, metavar="TEXT", help="Type or track (repeatable)."),
        click.option(
            "--building",
            "buildings",
            multiple=True,
            metavar="B",
            help="In building B (repeatable).",
        ),
        click.option("--room", "rooms", multiple=True, metavar="TEXT", help="In a room matching TEXT."),
        click.option("--speaker", "speakers", multiple=True, metavar="NAME", help="Given by NAME."),
        click.option(
            "--search",
            "searches",
            multiple=True,
            metavar="TEXT",
            help="TEXT in title, description or speakers (case and accents ignored).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def build_filter(schedule, at, between, day, types, buildings, rooms, speakers, searches):
    from .query import SessionFilter, parse_day

    return SessionFilter(
        at=at,
        between=tuple(between) if between else None,
        day=parse_day(day, schedule.days) if day else None,
        type=types,
        building=buildings,
        room=rooms,
        speaker=speakers,
        search=searches,
    )


@cli.command()
@filter_options
@json_option
@schedule_options
def sessions(source: ScheduleSource, as_json: bool, **filters) -> None:
    """List sessions, grouped by time slot; filters combine.

    \b
    Examples:
      planner sessions --at 11:15 --building C
      planner sessions --type "maintainer track" --search ebpf
      planner sessions --speaker "Stefan Prodan" --json
    """
    schedule = load_schedule_for(source)
    found = build_filter(schedule, **filters).apply(schedule.sessions)
    if as_json:
        emit_json([s.to_json() for s in found])
        return
    from .render import session_table

    if not found:
        click.echo("No sessions match.", err=True)
        return
    click.echo(session_table(found))


@cli.command()
@click.argument("query", shell_complete=complete_session_id)
@json_option
@schedule_options
def show(source: ScheduleSource, query: str, as_json: bool) -> None:
    """Show one session in full: QUERY is an ID, a unique ID prefix, or title words.

    \b
    Examples:
      planner show 8q2qm
      planner show keda --json
    """
    session = load_schedule_for(source, all_warnings=False).find(query)
    if as_json:
        emit_json(session.to_json())
        return
    from .render import session_details

    click.echo(session_details(session))


# -- the agenda ------------------------------------------------------------------


def agenda_options_with(*format_flags: str):
    """Adds ``--agenda``, ``--venue`` and ``--pace`` to the schedule options and
    passes them all as one ``workspace``."""

    def decorate(command):
        @click.option(
            "--agenda",
            "-a",
            "agenda_path",
            metavar="FILE",
            envvar="PLANNER_AGENDA",
            help="Agenda file [env PLANNER_AGENDA; default ./agenda.yaml].",
        )
        @click.option(
            "--venue",
            "venue_path",
            metavar="FILE",
            envvar="PLANNER_VENUE",
            help="Venue file for walking times [env PLANNER_VENUE; default: the bundled venue "
            "that knows the schedule's rooms].",
        )
        @click.option(
            "--pace",
            type=click.FloatRange(0.2, 5),
            metavar="X",
            help="Your walking pace against the venue's figures: 1.25 makes every walk a quarter "
            "longer [default: the agenda's 'pace', else 1].",
        )
        @schedule_options_with(*format_flags)
        @functools.wraps(command)
        def wrapper(*args, source, agenda_path, venue_path, pace, buffer=None, **kwargs):
            from .planning import PlanOptions

            options = PlanOptions(buffer_minutes=buffer, venue=venue_path, pace=pace)
            workspace = Workspace(source, agenda_path, options)
            return command(*args, workspace=workspace, **kwargs)

        return wrapper

    return decorate


agenda_options = agenda_options_with("--format", "--schedule-format")


buffer_option = click.option(
    "--buffer",
    type=click.IntRange(0, 120),
    metavar="MIN",
    help="Minutes to spare after a walk before a transition counts as tight "
    "[default: the agenda's 'buffer', else 2].",
)


class Workspace:
    """What the agenda options name, opened on demand (so errors surface in one place)."""

    def __init__(self, source: ScheduleSource, agenda_path: str | None, options) -> None:
        self.source, self.agenda_path, self.options = source, agenda_path, options

    def open(self):
        from .planning import Planner

        planner = Planner.open(self.agenda_path, self.source, self.options)
        report_schedule_warnings(planner.schedule, all_warnings=False)
        for notice in planner.notices:
            warn(notice)
        planner.notices.clear()
        return planner


def report_notices(day) -> None:
    for notice in day.notices:
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
    planner = workspace.open()
    results = planner.pick(list(queries), priority="maybe" if maybe else "must", note=note)
    from .render import pick_report

    day = planner.plan()
    click.echo(pick_report(results, day, planner.file.label))


@cli.command()
@click.argument("query")
@agenda_options
def drop(workspace: Workspace, query: str) -> None:
    """Remove a pick from the agenda: QUERY is an ID, a prefix, or title words.

    \b
    Example:
      planner drop keda
    """
    planner = workspace.open()
    dropped = planner.drop(query)
    click.echo(
        f"Dropped {click.style(dropped.id, fg='cyan')} {dropped.title or ''} from {planner.file.label}"
    )


@cli.command("agenda")
@json_option
@buffer_option
@agenda_options
def agenda_command(workspace: Workspace, as_json: bool) -> None:
    """Show the day: picks in order, the walk and free time between them, conflicts in place.

    \b
    Examples:
      planner agenda
      planner agenda --agenda examples/kubecon-thursday.yaml --json
    """
    planner = workspace.open()
    day = planner.plan()
    report_notices(day)
    if as_json:
        emit_json([entry.to_json() for entry in day.entries])
        return
    from .render import day_plan

    click.echo(day_plan(day))


@cli.command()
@json_option
@buffer_option
@agenda_options
@click.pass_context
def conflicts(ctx: click.Context, workspace: Workspace, as_json: bool) -> None:
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
    planner = workspace.open()
    day = planner.plan()
    report_notices(day)
    # For each hard conflict, the sessions that fit instead (ranked like suggest's).
    instead = planner.conflict_alternatives(day)
    if as_json:
        emit_json(
            [
                {**c.to_json(), "alternatives": [o.id for o in instead[c.ids]]} if c.hard else c.to_json()
                for c in day.conflicts
            ]
        )
    else:
        from .render import conflict_list

        click.echo(conflict_list(day, alternatives=instead))
    if day.hard_conflicts:
        ctx.exit(EXIT_FINDING)


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
    planner = workspace.open()
    start, end, route = planner.walk(origin, destination)
    for assumption in route.assumptions:
        warn(assumption)
    if as_json:
        emit_json({"minutes": route.minutes, "route": list(route.route), "from": start, "to": end})
        return
    from .render import walk_text

    click.echo(walk_text(start, end, route))


@cli.command()
@json_option
@agenda_options
@click.pass_context
def check(ctx: click.Context, workspace: Workspace, as_json: bool) -> None:
    """Check the schedule itself: rooms booked twice at once, rooms the venue does
    not know, sessions that could not be read. Exit status 1 if a room is double-booked.

    \b
    Example:
      planner check --schedule next-week.txt
    """
    from .checks import check_schedule

    planner = workspace.open()
    report = check_schedule(planner.schedule, planner.venue, planner.drop_in_types(planner.agenda()))
    if as_json:
        emit_json(report.to_json())
    else:
        from .render import check_report

        click.echo(check_report(report))
    if report.double_booked:
        ctx.exit(EXIT_FINDING)


@cli.command()
@click.argument("new_schedule", metavar="NEW_SCHEDULE")
@click.option("--apply", "apply_changes", is_flag=True, help="Take the changes into the agenda file.")
@json_option
@buffer_option
@agenda_options
@click.pass_context
def update(
    ctx: click.Context, workspace: Workspace, new_schedule: str, apply_changes: bool, as_json: bool
) -> None:
    """Compare the agenda with a new version of the schedule: what moved, changed
    room, was renamed or cancelled, the conflicts that brings, and what is new.
    Exit status 1 when anything changed.

    With --apply, the agenda follows the new schedule (notes and priorities kept,
    cancelled picks removed); the next `planner export` then updates your
    calendar in place (add --cancel-dropped to cancel what went).

    \b
    Examples:
      planner update schedule-v2.txt
      planner update schedule-v2.txt --apply
    """
    from .changes import apply_update, check_update

    planner = workspace.open()
    new = ScheduleSource(new_schedule, tz=workspace.source.tz, strict=workspace.source.strict)
    report = check_update(planner, load_schedule_for(new, all_warnings=False))
    if as_json:
        emit_json(report.to_json())
    else:
        from .render import update_report

        click.echo(update_report(report, planner.file.label, new_schedule, applying=apply_changes))
    if apply_changes:
        changed = apply_update(planner, report, planner.schedule_reference_for(new_schedule))
        click.echo(
            f"Updated {changed} pick(s) in {planner.file.label}; it now follows {new_schedule}.", err=as_json
        )
    if report.any:
        ctx.exit(EXIT_FINDING)


@cli.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@json_option
@click.option("--tz", metavar="ZONE", help="Time zone of both schedules' times (IANA name).")
@click.pass_context
def diff(ctx: click.Context, old: str, new: str, as_json: bool, tz: str | None) -> None:
    """Show what changed between two versions of a schedule; exit status 1 if anything did.

    \b
    Example:
      planner diff schedule-v1.txt schedule-v2.txt
    """
    from .changes import diff_schedules

    result = diff_schedules(
        load_schedule_for(ScheduleSource(old, tz=tz), all_warnings=False),
        load_schedule_for(ScheduleSource(new, tz=tz), all_warnings=False),
    )
    if as_json:
        emit_json(result.to_json())
    else:
        from .render import diff_report

        click.echo(diff_report(result))
    if result.any:
        ctx.exit(EXIT_FINDING)


GOOGLE_HINT = (
    "Exported before: Outlook, Apple Calendar and Thunderbird update these events in place "
    "when you import again. Google Calendar does not: it skips events it already has. "
    "Import into a calendar of its own and re-create it after changes, or subscribe to a "
    "published copy of the file (see the README, 'Keeping your calendar current')."
)


@cli.command()
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write [default: the agenda file's name with "
    ".ics; with --all, the schedule's name; - for stdout, recording nothing].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ics", "html"]),
    default="ics",
    show_default=True,
    help="ics for calendars, html for a printable day view.",
)
@click.option(
    "--all",
    "all_sessions",
    is_flag=True,
    help="Export the whole schedule (or what the filters select) instead of the agenda.",
)
@filter_options
@click.option("--no-alarms", is_flag=True, help="No reminders (by default each event says when to leave).")
@click.option("--must-only", is_flag=True, help="Leave out maybe picks (backups).")
@click.option(
    "--cancel-dropped",
    is_flag=True,
    help="Include picks dropped since the last export, as cancelled, so subscribed calendars remove them.",
)
@click.option("--name", metavar="TEXT", help="Calendar name [default: '<conference> - my agenda'].")
@click.option("--now", metavar="ISO", help="A fixed time for DTSTAMP and changes, for reproducible files.")
@click.option("--with-alternatives", is_flag=True, help="html: show the other sessions of each slot.")
@buffer_option
@agenda_options_with("--schedule-format")
def export(
    workspace: Workspace,
    output: str | None,
    fmt: str,
    all_sessions: bool,
    no_alarms: bool,
    must_only: bool,
    cancel_dropped: bool,
    name: str | None,
    now: str | None,
    with_alternatives: bool,
    **filters,
) -> None:
    """Export the agenda as a calendar file (.ics) that Google Calendar, Outlook,
    Apple Calendar and Thunderbird import, or as a printable HTML day view.

    Exporting again after changes raises the changed events' SEQUENCE, so
    calendars that honour it update them in place; see the README for Google.

    \b
    Examples:
      planner export                                  # agenda.ics beside agenda.yaml
      planner export -o ~/kubecon.ics --no-alarms
      planner export --all --type "MAINTAINER TRACK" -o maintainer-track.ics
      planner export --format html -o day.html
    """
    from .export import ExportOptions
    from .export.service import export_agenda, export_schedule

    options = ExportOptions(
        alarms=not no_alarms,
        must_only=must_only,
        cancel_dropped=cancel_dropped,
        now=parse_now(now),
        with_alternatives=with_alternatives,
    )
    planner = workspace.open()
    if all_sessions:
        outcome = export_schedule(
            planner, build_filter(planner.schedule, **filters), fmt, output, options, name
        )
    else:
        if any(filters.values()):
            raise click.UsageError("the session filters go with --all")
        outcome = export_agenda(planner, fmt, output, options, name)
        report_notices(outcome)
    if outcome.path is None:
        click.echo(outcome.rendered.text, nl=False)
        return
    from .render import export_report

    if outcome.rendered.events == 0:
        warn("nothing to export: the calendar has no events")
    click.echo(export_report(outcome))
    if outcome.export_count == 2:
        click.echo(click.style("hint: ", fg="yellow") + GOOGLE_HINT, err=True)


def parse_now(text: str | None):
    if text is None:
        return None
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not an ISO 8601 time", param_hint="--now") from None
    if moment.tzinfo is None:
        raise click.BadParameter("give a UTC offset, e.g. 2025-11-01T09:00:00Z", param_hint="--now")
    return moment


@cli.command()
@click.option("--from", "after", metavar="TIME", help="Start at the first slot at or after TIME.")
@click.option("--include-drop-ins", is_flag=True, help="Offer breaks, lounges and the expo hall too.")
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
    from .query import parse_clock
    from .render import slot_menu

    planner = workspace.open()
    slots = planner.slots(parse_clock(after) if after else None, include_drop_ins)
    if not slots:
        click.echo("No slots to plan.")
        return
    chosen: dict[int, str] = {}
    index = 0
    while 0 <= index < len(slots):
        options = planner.slot_options(slots[index], list(chosen.values()))
        click.echo(slot_menu(slots[index], options, index, len(slots)))
        try:
            answer = click.prompt("choice", default="s", show_default=False).strip().lower()
        except click.Abort:
            answer = "q"
        if answer == "q":
            break
        if answer == "b":
            index = max(0, index - 1)
            chosen.pop(index, None)
            continue
        if answer in ("s", ""):
            chosen.pop(index, None)
            index += 1
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            chosen[index] = options[int(answer) - 1].session.id
            index += 1
            continue
        click.echo(f"Answer 1-{len(options)}, s, b or q.", err=True)
    if chosen:
        results = planner.pick(list(chosen.values()))
        added = sum(1 for r in results if r.status == "added")
        click.echo(f"Saved {added} new pick(s) to {planner.file.label}.")
    else:
        click.echo("Nothing new to save.")


@cli.command()
@click.option("-o", "--output", metavar="FILE", help="Write here [default: a new temporary file].")
@click.option("--with-alternatives", is_flag=True, help="Also show the other sessions of each slot.")
@click.option("--no-open", is_flag=True, help="Only write the file and print its path.")
@buffer_option
@agenda_options
def view(workspace: Workspace, output: str | None, with_alternatives: bool, no_open: bool) -> None:
    """See the day in the browser: picks on a timeline, walks, free time and
    conflicts, as one self-contained page that prints on one page a day.

    \b
    Examples:
      planner view
      planner view --with-alternatives -o day.html --no-open
    """
    from .export.html import write_view

    planner = workspace.open()
    day = planner.plan()
    report_notices(day)
    path = write_view(planner, output, with_alternatives=with_alternatives, day=day)
    click.echo(path)
    if not no_open:
        click.launch(str(path))


# -- planning the day for you (suggest.py) ----------------------------------------


def preference_options(command):
    """The scoring options of suggest, alternatives and gaps, passed as one ``preferences``."""

    @click.option(
        "--interest",
        "interests",
        multiple=True,
        metavar="TERMS",
        help="Topics, with weights: 'gitops:3, security:2, ebpf' (weight 1 if none; repeatable).",
    )
    @click.option(
        "--track",
        "tracks",
        multiple=True,
        metavar="TRACKS",
        help="Weights for session types/tracks: 'MAINTAINER TRACK:1'.",
    )
    @click.option(
        "--speaker",
        "speakers",
        multiple=True,
        metavar="NAMES",
        help="Weights for speakers: 'Stefan Prodan:5'.",
    )
    @click.option(
        "--avoid", multiple=True, metavar="TYPE", help="Leave out sessions of this type (repeatable)."
    )
    @click.option("--include-drop-ins", is_flag=True, help="Consider breaks, lounges and the expo hall too.")
    @functools.wraps(command)
    def wrapper(*args, interests, tracks, speakers, avoid, include_drop_ins, **kwargs):
        from .suggest import Preferences

        preferences = Preferences.parse(interests, tracks, speakers, avoid, include_drop_ins)
        return command(*args, preferences=preferences, **kwargs)

    return wrapper


day_option = click.option(
    "--day", metavar="DAY", help="Which day (2025-11-13, thursday, or 1 for the first)."
)
lunch_option = click.option("--lunch", metavar="T1-T2", help="Keep a lunch window free: 12:15-13:00.")


@cli.command()
@click.option(
    "--must",
    "musts",
    multiple=True,
    metavar="QUERY",
    shell_complete=complete_session_id,
    help="A session the day must keep (ID, prefix or title words; repeatable).",
)
@lunch_option
@click.option("--no-fill", is_flag=True, help="Leave slots where nothing matches free.")
@click.option("--save", is_flag=True, help="Write the suggested picks into the agenda, as musts.")
@day_option
@preference_options
@json_option
@buffer_option
@agenda_options
def suggest(
    workspace: Workspace,
    preferences,
    musts: tuple[str, ...],
    lunch,
    no_fill: bool,
    save: bool,
    day,
    as_json: bool,
) -> None:
    """Plan the day for you: the highest-scoring agenda with no conflict of any kind.

    Interests score in the title (x3), the speakers (x2) and the description
    (x1); tracks and speakers add their weight. Your must picks (and --must)
    are kept, your maybe picks compete like any session, drop-ins are left out
    unless asked for. Each pick says why it scored. See the README for the rules.

    \b
    Examples:
      planner suggest --interest "gitops:3, security:2, ebpf" --track "MAINTAINER TRACK:1" \\
                      --speaker "Stefan Prodan:5" --must keda --avoid "SOLUTIONS SHOWCASE"
      planner suggest --interest ebpf --lunch 12:15-13:00 --save
      planner suggest --interest gitops --json
    """
    planner = workspace.open()
    suggestion = planner.suggest(preferences.but(musts=musts, lunch=lunch, fill=not no_fill), day)
    for notice in suggestion.notices:
        warn(notice)
    saved = planner.pick(suggestion.new_ids) if save and suggestion.new_ids else None
    if as_json:
        emit_json(suggestion.to_json())
        return
    from .render_suggest import suggestion_text

    click.echo(suggestion_text(suggestion, [] if save and saved is None else saved, planner.file.label))


@cli.command()
@click.argument("when", metavar="TIME")
@click.option("--limit", type=click.IntRange(0), default=5, show_default=True, help="How many (0: all).")
@day_option
@preference_options
@json_option
@buffer_option
@agenda_options
def alternatives(workspace: Workspace, preferences, when: str, limit: int, day, as_json: bool) -> None:
    """What else fits at TIME instead of your must picks there, best first.

    An alternative is running at TIME, reachable from your pick before it and
    to your pick after it with the buffer to spare. TIME may also be a session
    (its start is used). Ranked by the scoring of suggest, then by the words it
    shares with your picks.

    \b
    Examples:
      planner alternatives 11:45
      planner alternatives 13:45 --interest "gitops:3, ebpf" --json
    """
    planner = workspace.open()
    found = planner.alternatives(when, preferences, day, limit or None)
    if as_json:
        emit_json(found.to_json())
        return
    from .render_suggest import alternatives_text

    click.echo(alternatives_text(found))


@cli.command()
@lunch_option
@click.option(
    "--min",
    "min_minutes",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="Leave out windows with less free time (minutes).",
)
@click.option(
    "--limit", type=click.IntRange(0), default=5, show_default=True, help="Sessions per window (0: all)."
)
@day_option
@preference_options
@json_option
@buffer_option
@agenda_options
def gaps(workspace: Workspace, preferences, lunch, min_minutes: int, limit: int, day, as_json: bool) -> None:
    """Free windows in your day, and the sessions that fit each one whole.

    A window's free time is what is left after the walk from the pick before
    to the pick after. Sessions that fit are reachable from both, and ranked by
    the scoring of suggest, then by the words they share with your picks.

    \b
    Examples:
      planner gaps
      planner gaps --lunch 12:15-13:00 --interest "ebpf:2, security" --json
    """
    planner = workspace.open()
    found = planner.gaps(preferences.but(lunch=lunch), day, min_minutes, limit or None)
    if as_json:
        emit_json([gap.to_json() for gap in found])
        return
    from .render_suggest import gaps_text

    click.echo(gaps_text(found))


@cli.command("next")
@click.option("--at", "at", metavar="TIME", help="Pretend it is TIME (11:15, 2pm) [default: now].")
@day_option
@json_option
@agenda_options
def next_command(workspace: Workspace, at: str | None, day, as_json: bool) -> None:
    """Where your agenda has you now, where to go next, and when to leave.

    \b
    Examples:
      planner next
      planner next --at 13:40 --json
    """
    planner = workspace.open()
    step = planner.whats_next(at, day)
    if as_json:
        emit_json(step.to_json())
        return
    from .render_suggest import next_text

    click.echo(next_text(step))


def main() -> None:
    cli(prog_name="planner")


from .cli_tui import tui  # noqa: E402

cli.add_command(tui)
