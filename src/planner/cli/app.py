"""The ``planner`` group, and the one place where errors become messages and exit codes."""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Each command's module (in this package) and the line `planner --help` shows for it.
# A command's module is imported only when the command runs (or its own help is asked
# for): building the ~300 options of all the commands was a fifth of `planner --help`.
# tests/test_startup.py fails when this table and the commands' own help disagree.
COMMANDS = {
    "agenda": (
        "agenda",
        "Show the day: picks in order, the walk and free time between them, conflicts in place.",
    ),
    "alternatives": ("suggest", "What else fits at TIME instead of your must picks there, best first."),
    "attended": ("diary", "Mark talks you went to; without QUERIES, every must pick that has begun."),
    "check": (
        "browse",
        "Check the schedule itself: rooms booked twice at once, rooms the venue does not know, "
        "sessions that could not be read, notes about the data.",
    ),
    "conflicts": ("agenda", "List conflicts between picks; exit status 1 if any is hard."),
    "diff": (
        "changes",
        "Show what changed between two versions of a schedule; exit status 1 if anything did.",
    ),
    "drop": ("agenda", "Remove a pick from the agenda: QUERY is an ID, a prefix, or title words."),
    "export": (
        "export",
        "Export the agenda as a calendar file (.ics) that Google Calendar, Outlook, Apple Calendar "
        "and Thunderbird import, or as a printable HTML day view.",
    ),
    "gaps": ("suggest", "Free windows in your day, and the sessions that fit each one whole."),
    "import": ("diary", "Add the favourites another tool exported as picks."),
    "later": ("diary", "Talks to watch later: picks lost to a clash, and related talks during your musts."),
    "log": ("diary", "Your trip report: the talks you attended in order, with speakers, ratings and notes."),
    "next": ("suggest", "Where your agenda has you now, where to go next, and when to leave."),
    "open": (
        "open",
        "Find the schedule a conference publishes from its web address (a pretalx event page, a Sched "
        "site, a page embedding Sessionize, an Indico event, a frab conference), say what was found, "
        "and write an agenda that follows it.",
    ),
    "pick": ("agenda", "Pick sessions into the agenda (the first pick creates the file)."),
    "plan": ("agenda", "Walk the day slot by slot and choose a session for each."),
    "rate": (
        "diary",
        "Rate a talk you picked, 1 to 5 stars, once it has begun (it is then marked attended).",
    ),
    "sessions": ("browse", "List sessions by time slot, your picks marked must or maybe; filters combine."),
    "share": ("diary", "Print your picks as one line to send to a friend (or as a QR code)."),
    "show": ("browse", "Show one session in full: QUERY is an ID, a unique ID prefix, or title words."),
    "suggest": ("suggest", "Plan the day for you: the highest-scoring agenda with no conflict of any kind."),
    "sync": (
        "sync",
        "Write the agenda into a CalDAV calendar (or a vdir folder), sending only what changed since "
        "the last sync.",
    ),
    "team": (
        "team",
        "Plan as a team: split the team across parallel tracks, see who is where, share one calendar.",
    ),
    "tui": ("tui", "Pick sessions in a full-screen terminal UI, saved at once to the agenda."),
    "update": (
        "changes",
        "Compare the agenda with a new version of the schedule: what moved, changed room, was renamed "
        "or cancelled, the conflicts that brings, and what is new.",
    ),
    "venue": ("venue", "The venue whose walking times planner uses."),
    "view": (
        "export",
        "See the day in the browser: picks on a timeline, walks, free time and conflicts, as one "
        "self-contained page that prints on one page a day.",
    ),
    "walk": ("browse", "How long it takes to walk between two rooms or two sessions, and the route."),
}


# A command people type that planner spells otherwise, and what to type instead.
MEANT = {
    "maybe": "a backup pick is: planner pick --maybe QUERY",
    "unpick": "to remove a pick: planner drop QUERY",
    "remove": "to remove a pick: planner drop QUERY",
    "add": "to pick a session: planner pick QUERY",
    "list": "to list sessions: planner sessions",
    "search": "to search: planner sessions --search WORDS",
}


class PlannerGroup(click.Group):
    """Turns domain errors into one clear message and exit 2, for every command; loads a
    command's module when the command is asked for (:data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            # The module registers its commands on this group as it is imported. __import__,
            # not importlib.import_module, so `python -X importtime` lists it (tests count).
            __import__(f"{__package__}.{COMMANDS[cmd_name][0]}")
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            # Words people reach for that are options or other commands here.
            meant = MEANT.get(args[0]) if args else None
            if meant is None:
                raise
            ctx.fail(f"No such command {args[0]!r}; {meant}.")

    def load_all(self) -> PlannerGroup:
        """This group with every command's module imported (for the reference and tests)."""
        for name in COMMANDS:
            self.get_command(None, name)
        return self

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands' list, from :data:`COMMANDS` for those not loaded: the same lines."""
        real = self.commands
        try:
            self.commands = {
                name: real.get(name) or click.Command(name, help=COMMANDS[name][1])
                for name in self.list_commands(ctx)
            }
            super().format_commands(ctx, formatter)
        finally:
            self.commands = real

    def invoke(self, ctx: click.Context) -> Any:
        # Imported here, not at the top: `planner --help` never gets this far.
        from .. import cache as caches
        from ..errors import PlannerError
        from ..settings import from_environment
        from .output import EXIT_INPUT, report_error

        try:
            # A command keeps what it read and validated in the user's cache (see planner.cache).
            with caches.using(caches.Cache.default()):
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
            if from_environment().debug:
                raise
            click.echo(
                click.style("planner: internal error: ", fg="red", bold=True)
                + f"{type(exc).__name__}: {exc}\n"
                "This is a bug in planner; run again with PLANNER_DEBUG=1 for the traceback.",
                err=True,
            )
            ctx.exit(70)  # EX_SOFTWARE


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
    from ..settings import from_environment

    if from_environment().no_color:
        ctx.color = False


# True in the console script's process, which runs one command: a schedule it loads lives
# until the process ends (cli/options.py freezes it). Not under CliRunner, which runs many.
ONE_COMMAND = False


def main() -> None:
    """The console script: ``planner``."""
    global ONE_COMMAND
    ONE_COMMAND = True
    cli(prog_name="planner")
