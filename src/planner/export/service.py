"""Exporting: the agenda or the schedule, through a writer, to a file (atomically).

An agenda export to a file also records, in the agenda file and under its lock,
what each event looked like (``exported:``), so that the next export raises the
SEQUENCE of events that changed and can cancel dropped ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import AgendaError, PlannerError
from ..files import atomic_write
from . import ExportOptions, ExportRequest, Rendered, calendar_name, get_writer

if TYPE_CHECKING:
    from ..planning import Planner
    from ..query import SessionFilter

STDOUT = "-"


@dataclass(frozen=True)
class ExportOutcome:
    """What an export did, for the command to report."""

    format: str
    path: str | None  # None: written to stdout (``rendered.text``)
    rendered: Rendered
    # How many times this agenda has been exported to a file, this one included.
    export_count: int = 0
    notices: tuple[str, ...] = ()


def default_output(planner: Planner, extension: str, *, all_sessions: bool) -> str:
    """``agenda.ics`` beside ``agenda.yaml``; for the whole schedule, ``<schedule>.ics`` here."""
    if all_sessions:
        return f"{planner.schedule.key}{extension}"
    return str(planner.file.path.with_suffix(extension))


def export_agenda(
    planner: Planner,
    fmt: str = "ics",
    output: str | None = None,
    options: ExportOptions | None = None,
    name: str | None = None,
) -> ExportOutcome:
    """Write the user's agenda in ``fmt`` to ``output`` (``-`` for stdout)."""
    options = options or ExportOptions()
    writer = get_writer(fmt)
    target = output or default_output(planner, writer.extension, all_sessions=False)
    written = False
    try:
        with planner.file.edit() as document:
            agenda = document.agenda()
            day = planner.plan(agenda)
            request = ExportRequest(
                planner.schedule,
                planner.venue,
                options,
                calendar_name(planner.schedule, "my agenda", name),
                day=day,
                agenda=agenda,
            )
            result = writer.build(request)
            if target == STDOUT:
                # A preview: nothing is recorded, so the next real export still counts changes.
                return ExportOutcome(fmt, None, result, notices=day.notices)
            atomic_write(target, result.text, newline="")
            written = True
            count = 0
            if result.state is not None:
                document.set_exported(result.state)
                count = result.state.count
    except AgendaError as exc:
        if not written:
            raise
        # The calendar file is there; only the record of it is missing. Say both.
        reason = exc.message.removesuffix("; the file is unchanged")
        raise AgendaError(
            f"wrote {target}, but could not record the export in the agenda ({reason}); "
            "the agenda is unchanged, so the next export counts these changes again",
            path=exc.path,
        ) from None
    return ExportOutcome(fmt, target, result, export_count=count, notices=day.notices)


def export_schedule(
    planner: Planner,
    session_filter: SessionFilter,
    fmt: str = "ics",
    output: str | None = None,
    options: ExportOptions | None = None,
    name: str | None = None,
) -> ExportOutcome:
    """Write the whole schedule, or the part ``session_filter`` selects (``--all``)."""
    options = options or ExportOptions()
    writer = get_writer(fmt)
    if not writer.writes_schedules:
        raise PlannerError(f"--all writes calendars; the {fmt} format shows an agenda")
    sessions = tuple(session_filter.apply(planner.schedule.sessions))
    suffix = "all sessions" if sessions == planner.schedule.sessions else "selected sessions"
    request = ExportRequest(
        planner.schedule,
        planner.venue,
        options,
        calendar_name(planner.schedule, suffix, name),
        sessions=sessions,
    )
    result = writer.build(request)
    target = output or default_output(planner, writer.extension, all_sessions=True)
    if target == STDOUT:
        return ExportOutcome(fmt, None, result)
    atomic_write(Path(target), result.text, newline="")
    return ExportOutcome(fmt, target, result)
