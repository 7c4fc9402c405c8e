"""The ``planner`` group, and the one place where errors become messages and exit codes."""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__
from ..errors import PlannerError
from ..settings import from_environment
from .output import EXIT_INPUT, report_error

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class PlannerGroup(click.Group):
    """Turns domain errors into one clear message and exit 2, for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        # Imported here, not at the top: `planner --help` never gets this far.

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
    if from_environment().no_color:
        ctx.color = False


def main() -> None:
    """The console script: ``planner``."""
    cli(prog_name="planner")
