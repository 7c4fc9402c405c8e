"""Writing the agenda out: ``export`` (any writer of the registry) and ``view``.

The ``--format`` choices and each writer's options come from the writers'
registry (:mod:`planner.export`); they are read only when the command runs or
shows its help, since the writers import their libraries (icalendar, jinja2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .app import cli
from .options import Workspace, agenda_options, agenda_options_with, buffer_option, filter_options
from .output import echo, hint, warn

if TYPE_CHECKING:
    from ..export.base import OptionSpec


class WriterCommand(click.Command):
    """A command that takes the options of the writers it can use (all of them,
    unless ``writers`` names some), added from the registry on first use; with
    more than one writer, ``--format`` chooses among them."""

    def __init__(self, *args, writers: tuple[str, ...] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.writers = writers
        self._own_params = list(self.params)
        self._read_for: tuple[type, ...] | None = None

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        from ..export import writer_classes

        classes = {n: c for n, c in writer_classes().items() if n in (self.writers or (n,))}
        # Built again only when a writer was registered since (the same objects must
        # serve parsing and processing of one command line).
        if self._read_for != tuple(classes.values()):
            self._read_for = tuple(classes.values())
            self.params = [self._own_params[0], *self._writer_params(classes), *self._own_params[1:]]
        return super().get_params(ctx)

    @staticmethod
    def _writer_params(classes: dict) -> list[click.Parameter]:
        params: list[click.Parameter] = []
        if len(classes) > 1:
            params.append(
                click.Option(
                    ["--format", "fmt"],
                    type=click.Choice(list(classes)),
                    default=next(iter(classes)),
                    show_default=True,
                    help="; ".join(f"{name}: {cls.verbose_name}" for name, cls in classes.items()) + ".",
                )
            )
        takers: dict[str, list[str]] = {}
        specs: dict[str, OptionSpec] = {}
        for name, cls in classes.items():
            for spec in cls.option_specs:
                specs.setdefault(spec.flag, spec)
                takers.setdefault(spec.flag, []).append(name)
        for flag, spec in specs.items():
            only = "" if len(takers[flag]) == len(classes) else ", ".join(takers[flag]) + ": "
            if spec.metavar:
                params.append(click.Option([flag, spec.param], metavar=spec.metavar, help=only + spec.help))
            else:
                params.append(click.Option([flag, spec.param], is_flag=True, help=only + spec.help))
        return params


@cli.command(cls=WriterCommand)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Where to write [default: the agenda file's name with "
    ".ics; with --all, the schedule's name; - for stdout, recording nothing].",
)
@click.option(
    "--all",
    "all_sessions",
    is_flag=True,
    help="Export the whole schedule (or what the filters select) instead of the agenda.",
)
@filter_options
@click.option("--name", metavar="TEXT", help="Calendar name [default: '<conference> - my agenda'].")
@click.option(
    "--feed",
    is_flag=True,
    help="The calendar to publish at a URL for subscribing (no METHOD, no alarms; "
    "the same as --format ics-feed) [default file: agenda.feed.ics].",
)
@buffer_option
@agenda_options_with("--schedule-format")
def export(
    workspace: Workspace,
    output: str | None,
    all_sessions: bool,
    name: str | None,
    feed: bool,
    filters: dict,
    fmt: str = "ics",
    **writer_values,
) -> None:
    """Export the agenda as a calendar file (.ics) that Google Calendar, Outlook,
    Apple Calendar and Thunderbird import, or as a printable HTML day view.

    Exporting again after changes raises the changed events' SEQUENCE, so
    calendars that honour it update them in place; see docs/calendar-clients.md for Google.

    \b
    Examples:
      planner export                                  # agenda.ics beside agenda.yaml
      planner export -o ~/kubecon.ics --no-alarms
      planner export --all --track "MAINTAINER TRACK" -o maintainer-track.ics
      planner export --format html -o day.html
      planner export --feed -o public/kubecon.ics     # to publish at a URL and subscribe to
    """
    from ..errors import PlannerError
    from ..export import get_writer
    from ..export.service import export_agenda, export_schedule
    from ..files import is_standard_output
    from .options import build_filter

    if feed:
        if fmt not in ("ics", "ics-feed") or all_sessions:
            raise click.UsageError("--feed is an ics calendar of the agenda: no --format html, no --all")
        fmt = "ics-feed"
    writer = get_writer(fmt)
    options = writer.options_from(writer_values)
    planner = workspace.open()
    if all_sessions:
        outcome = export_schedule(
            planner, build_filter(planner.schedule, filters), fmt, output, options, name
        )
    else:
        if any(filters.values()):
            raise PlannerError("the session filters go with --all")
        outcome = export_agenda(planner, fmt, output, options, name)
    for warning in outcome.warnings:
        warn(warning)
    if outcome.path is None:
        click.echo(outcome.rendered.text, nl=False)
        return
    # Written into standard output itself (/dev/stdout): the report must not join the calendar.
    echo(writer.report(outcome.rendered, outcome.path), err=is_standard_output(outcome.path))
    if outcome.hint:
        hint(outcome.hint)


@cli.command(cls=WriterCommand, writers=("html",))
@click.option("-o", "--output", metavar="FILE", help="Write here [default: a new temporary file].")
@click.option("--no-open", is_flag=True, help="Only write the file and print its path.")
@buffer_option
@agenda_options
def view(workspace: Workspace, output: str | None, no_open: bool, fmt: str = "html", **writer_values) -> None:
    """See the day in the browser: picks on a timeline, walks, free time and
    conflicts, as one self-contained page that prints on one page a day.

    \b
    Examples:
      planner view
      planner view --with-alternatives -o day.html --no-open
    """
    from ..export import get_writer
    from ..export.service import view_agenda
    from .agenda import report_notices

    options = get_writer(fmt).options_from(writer_values)
    outcome = view_agenda(workspace.open(), fmt, output, options)
    report_notices(outcome)
    click.echo(outcome.path)
    if not no_open:
        click.launch(str(outcome.path))
