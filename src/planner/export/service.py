"""Exporting: the agenda or the schedule, through a writer, to a file (atomically).

An agenda export to a file also records, in the agenda file and under its lock,
what each event looked like (``exported:``), so that the next export raises the
SEQUENCE of events that changed and can cancel dropped ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlannerError
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
    with planner.file.edit() as document:
        agenda = document.agenda()
        day = planner.plan(agenda)
        # Each output has its own versions: the writer sees only what this file said last.
        key = output_key(planner, target)
        request = ExportRequest(
            planner.schedule,
            planner.venue,
            options,
            calendar_name(planner.schedule, "my agenda", name),
            day=day,
            agenda=agenda.model_copy(update={"exported": agenda.exported.output(key)}),
        )
        result = writer.build(request)
        if target == STDOUT:
            # A preview: nothing is recorded, so the next real export still counts changes.
            return ExportOutcome(fmt, None, result, notices=day.notices)
        atomic_write(target, result.text, newline="")
        count = 0
        if result.state is not None:
            document.set_exported(agenda.exported.with_output(key, result.state))
            count = result.state.count
    return ExportOutcome(fmt, target, result, export_count=count, notices=day.notices)


def output_key(planner: Planner, target: str) -> str | None:
    """How the agenda's ``exported:`` names an output: ``None`` for the default
    calendar file beside the agenda (``agenda.ics``), else the path relative to
    the agenda's folder."""
    if target == STDOUT:
        return None
    path = Path(target).expanduser().resolve()
    if path == Path(default_output(planner, ".ics", all_sessions=False)).resolve():
        return None
    folder = planner.file.path.resolve().parent
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:
        return path.as_posix()


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
    target = output or default_output(planner, writer.extension, all_sessions=True)
    if target == STDOUT or not planner.file.exists():
        # Nowhere to keep versions: every event is at SEQUENCE 0.
        request = ExportRequest(
            planner.schedule,
            planner.venue,
            options,
            calendar_name(planner.schedule, suffix, name),
            sessions=sessions,
        )
        result = writer.build(request)
        if target != STDOUT:
            atomic_write(Path(target), result.text, newline="")
        return ExportOutcome(fmt, None if target == STDOUT else target, result)
    # With an agenda file, the grid is versioned too (its own entry under exported.outputs),
    # so after `planner update` the changed sessions carry a higher SEQUENCE.
    key = "all:" + (output_key(planner, target) or Path(target).name)
    with planner.file.edit() as document:
        agenda = document.agenda()
        request = ExportRequest(
            planner.schedule,
            planner.venue,
            options,
            calendar_name(planner.schedule, suffix, name),
            agenda=agenda.model_copy(update={"exported": agenda.exported.output(key)}),
            sessions=sessions,
        )
        result = writer.build(request)
        atomic_write(Path(target), result.text, newline="")
        if result.state is not None:
            document.set_exported(agenda.exported.with_output(key, result.state))
    return ExportOutcome(fmt, target, result)
