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
from dataclasses import dataclass
from typing import Any

import click

from . import __version__
from .errors import LookupFailed, PlannerError

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


@dataclass(frozen=True)
class ScheduleSource:
    """The schedule options every command shares (``--schedule``, ``--format``, ...)."""

    path: str | None = None
    format: str | None = None
    tz: str | None = None
    strict: bool = False

    def load(self, *, show_warnings: bool = True):
        from .readers import load_schedule

        schedule = load_schedule(self.path, format=self.format, tz=self.tz, strict=self.strict)
        if show_warnings:
            for warning in schedule.warnings:
                warn(warning)
        return schedule


def schedule_options(command):
    """Adds ``--schedule/--format/--tz/--strict`` and passes them as one ``source``."""

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
        "--format",
        "schedule_format",
        metavar="NAME",
        help="Schedule format, instead of guessing from the content (e.g. sched-text).",
    )
    @click.option("--tz", metavar="ZONE", help="Time zone of the schedule's times (IANA name).")
    @click.option(
        "--strict", is_flag=True, help="Fail on the first bad session instead of skipping it."
    )
    @functools.wraps(command)
    def wrapper(*args, schedule_path, schedule_format, tz, strict, **kwargs):
        source = ScheduleSource(schedule_path, schedule_format, tz, strict)
        return command(*args, source=source, **kwargs)

    return wrapper


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def complete_session_id(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Shell completion of session IDs from the schedule in use."""
    from click.shell_completion import CompletionItem

    from .readers import load_schedule

    try:
        schedule = load_schedule(
            ctx.params.get("schedule_path") or os.environ.get("PLANNER_SCHEDULE")
        )
    except PlannerError:
        return []
    return [
        CompletionItem(s.id, help=s.title)
        for s in schedule.sessions
        if s.id.startswith(incomplete.lower())
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
        click.option(
            "--between", nargs=2, metavar="T1 T2", help="Running at some point between T1 and T2."
        ),
        click.option(
            "--day", metavar="DAY", help="On DAY (2025-11-13, thursday, or 1 for the first day)."
        ),
        click.option(
            "--type", "types", multiple=True, metavar="TEXT", help="Type or track (repeatable)."
        ),
        click.option(
            "--building",
            "buildings",
            multiple=True,
            metavar="B",
            help="In building B (repeatable).",
        ),
        click.option(
            "--room", "rooms", multiple=True, metavar="TEXT", help="In a room matching TEXT."
        ),
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
    schedule = source.load()
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
    session = source.load(show_warnings=False).find(query)
    if as_json:
        emit_json(session.to_json())
        return
    from .render import session_details

    click.echo(session_details(session))


def main() -> None:
    cli(prog_name="planner")
