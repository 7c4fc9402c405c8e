"""Exporting: the agenda or the schedule, through a writer, to a file (atomically).

An agenda export to a file also records, under the agenda's lock, what each event
looked like, so that the next export raises the SEQUENCE of events that changed
and can cancel dropped ones. The record is kept in planner's state folder beside
the agenda (:mod:`planner.state`, part ``export``); the agenda file is not written.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AgendaError, PlannerError
from ..files import atomic_write
from ..frozen import frozen
from . import get_writer
from .base import ExportRequest, Rendered, calendar_name

if TYPE_CHECKING:
    from ..agenda import Agenda
    from ..day import DayPlan
    from ..planning import Planner
    from ..query import SessionFilter

STDOUT = "-"

# Said after the second export to a file, when a re-import first matters.
REIMPORT_HINT = (
    "Exported before: importing the file again does not update most calendars (Google skips "
    "events it has, Outlook desktop opens a new calendar, an iPhone keeps the old event). To keep "
    "a calendar current, planner sync writes into a CalDAV calendar, or publish "
    "planner export --feed and subscribe to it (see docs/calendar-clients.md)."
)


@frozen(kw_only=False)
class ExportOutcome:
    """What an export did, for the command to report."""

    format: str
    path: str | None  # None: written to stdout (``rendered.text``)
    rendered: Rendered
    # How many times this agenda has been exported to a file, this one included.
    export_count: int = 0
    notices: tuple[str, ...] = ()

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the user should hear about the file written: notices of the day
        plan, and an empty calendar."""
        empty = self.path is not None and self.rendered.events == 0
        return self.notices + (("nothing to export: the calendar has no events",) if empty else ())

    @property
    def hint(self) -> str | None:
        """Advice for this export: how calendars take a second import of the same events."""
        return REIMPORT_HINT if self.export_count == 2 else None


def default_output(planner: Planner, extension: str, *, all_sessions: bool) -> str:
    """``agenda.ics`` beside ``agenda.yaml``; for the whole schedule, ``<schedule>.ics`` here."""
    if all_sessions:
        return f"{planner.schedule.key}{extension}"
    return str(planner.file.path.with_suffix(extension))


def agenda_request(
    planner: Planner,
    options: Any,
    name: str | None = None,
    *,
    day: DayPlan | None = None,
    agenda: Agenda | None = None,
) -> ExportRequest:
    """What a writer gets for ``planner``'s agenda (planned now unless ``day`` is given)."""
    agenda = agenda if agenda is not None else planner.agenda()
    return ExportRequest(
        planner.schedule,
        planner.venue,
        options,
        calendar_name(planner.schedule, "my agenda", name),
        day=day if day is not None else planner.plan(agenda),
        agenda=agenda,
    )


def export_agenda(
    planner: Planner,
    fmt: str = "ics",
    output: str | None = None,
    options: Any = None,
    name: str | None = None,
) -> ExportOutcome:
    """Write the user's agenda in ``fmt`` to ``output`` (``-`` for stdout).

    ``options`` are the writer's own (``IcsOptions``, ``HtmlOptions``; its
    defaults if None)."""
    writer = get_writer(fmt)
    options = options if options is not None else writer.Options()
    target = output or default_output(planner, writer.extension, all_sessions=False)
    written = False
    try:
        with planner.file.edit() as document:
            agenda = document.agenda()
            day = planner.plan(agenda)
            # Each output has its own versions: the writer sees only what this file said last.
            key = output_key(planner, target)
            own = replace(agenda, exported=agenda.exported.output(key))
            request = agenda_request(planner, options, name, day=day, agenda=own)
            result = writer.build(request)
            if target == STDOUT:
                # A preview: nothing is recorded, so the next real export still counts changes.
                return ExportOutcome(fmt, None, result, notices=day.notices)
            atomic_write(target, result.text, newline="")
            written = True
            count = 0
            if result.state is not None:
                document.set_exported(agenda.exported.with_output(key, result.state))
                count = result.state.count
    except PlannerError as exc:
        if not written:
            raise
        # The calendar file is there; only the record of it is missing. Say both.
        reason = exc.message.removesuffix("; the file is unchanged")
        raise AgendaError(
            f"wrote {target}, but could not record the export ({reason}); "
            "the next export counts these changes again",
            path=exc.path,
        ) from None
    return ExportOutcome(fmt, target, result, export_count=count, notices=day.notices)


def output_key(planner: Planner, target: str) -> str | None:
    """How the export record names an output: ``None`` for the default calendar
    file beside the agenda (``agenda.ics``), else the path relative to the
    agenda's folder (so a moved folder keeps its records), else the absolute path
    (kept only in the state folder, never in the agenda file)."""
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
    options: Any = None,
    name: str | None = None,
) -> ExportOutcome:
    """Write the whole schedule, or the part ``session_filter`` selects (``--all``)."""
    writer = get_writer(fmt)
    options = options if options is not None else writer.Options()
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
    # With an agenda file, the grid is versioned too (its own output in the export record),
    # so after `planner update` the changed sessions carry a higher SEQUENCE.
    key = "all:" + (output_key(planner, target) or Path(target).name)
    with planner.file.edit() as document:
        agenda = document.agenda()
        request = ExportRequest(
            planner.schedule,
            planner.venue,
            options,
            calendar_name(planner.schedule, suffix, name),
            agenda=replace(agenda, exported=agenda.exported.output(key)),
            sessions=sessions,
        )
        result = writer.build(request)
        atomic_write(Path(target), result.text, newline="")
        if result.state is not None:
            document.set_exported(agenda.exported.with_output(key, result.state))
    return ExportOutcome(fmt, target, result)


def view_agenda(
    planner: Planner,
    fmt: str = "html",
    output: str | None = None,
    options: Any = None,
    *,
    day: DayPlan | None = None,
) -> ExportOutcome:
    """Write the agenda in ``fmt`` to ``output`` (a new temporary file if None), to
    look at: unlike :func:`export_agenda`, nothing is recorded in the agenda file."""
    writer = get_writer(fmt)
    options = options if options is not None else writer.Options()
    request = agenda_request(planner, options, day=day)
    assert request.day is not None  # agenda_request always plans the day
    result = writer.build(request)
    if output is None:
        handle, output = tempfile.mkstemp(prefix="planner-day-", suffix=writer.extension)
        os.close(handle)
    atomic_write(output, result.text)
    return ExportOutcome(fmt, output, result, notices=request.day.notices)


def html_for(
    planner: Planner,
    with_alternatives: bool = False,
    day: DayPlan | None = None,
    agenda: Agenda | None = None,
) -> str:
    """The day view of ``planner``'s agenda (``day``, if already planned), as HTML.

    ``planner view`` writes this to a file; ``planner export --format html``
    gets the same page through the registry's HTML writer.
    """
    from .writers.html import HtmlOptions, HtmlWriter

    options = HtmlOptions(with_alternatives=with_alternatives)
    return HtmlWriter().render(agenda_request(planner, options, day=day, agenda=agenda))


def write_view(
    planner: Planner,
    path: str | os.PathLike[str] | None = None,
    *,
    with_alternatives: bool = False,
    day: DayPlan | None = None,
) -> Path:
    """Write the day view to ``path`` (a new temporary file if None) and return where."""
    from .writers.html import HtmlOptions

    options = HtmlOptions(with_alternatives=with_alternatives)
    outcome = view_agenda(planner, "html", None if path is None else str(path), options, day=day)
    assert outcome.path is not None  # a view is always written to a file
    return Path(outcome.path)
