"""Agenda writers: one class per output format, behind one registry.

Like pretalx's exporters, a writer declares ``name`` (what ``--format`` takes),
``extension``, ``content_type`` and ``verbose_name``, and has one method,
``render(request) -> str``. Adding a format is adding a module with one
``@register``-ed class and importing it in ``_load_builtin_writers``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..errors import PlannerError

if TYPE_CHECKING:
    from ..agenda import Agenda, ExportState
    from ..day import DayPlan
    from ..models import Schedule, Session
    from ..venue import Venue


@dataclass(frozen=True)
class ExportOptions:
    """What the user asked of an export (``planner export`` options)."""

    alarms: bool = True
    must_only: bool = False
    cancel_dropped: bool = False
    # A fixed "now" (DTSTAMP, LAST-MODIFIED of changes) for reproducible output.
    now: dt.datetime | None = None
    with_alternatives: bool = False


@dataclass(frozen=True)
class ExportRequest:
    """Everything a writer may need: the schedule and venue, and either the
    user's day (an agenda export) or a list of sessions (``--all``)."""

    schedule: Schedule
    venue: Venue
    options: ExportOptions
    calendar_name: str
    day: DayPlan | None = None
    agenda: Agenda | None = None
    sessions: tuple[Session, ...] | None = None

    @property
    def is_agenda(self) -> bool:
        return self.day is not None


def calendar_name(schedule: Schedule, suffix: str = "my agenda", name: str | None = None) -> str:
    """What a calendar or a page is called: ``name``, else ``<conference> - my agenda``."""
    return name or f"{schedule.name or 'Conference'} - {suffix}"


@dataclass(frozen=True)
class Rendered:
    """A writer's output, with what it counted on the way (for the command's report)."""

    text: str
    events: int
    tentative: int = 0
    in_conflict: int = 0
    cancelled: int = 0
    changed: int = 0
    # What an ics export records in the agenda file, to version the next one.
    state: ExportState | None = None


class Writer:
    name: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]
    verbose_name: ClassVar[str]
    # Whether the writer can show the whole schedule (``--all``), not only an agenda.
    writes_schedules: ClassVar[bool] = False

    def render(self, request: ExportRequest) -> str:
        raise NotImplementedError

    def build(self, request: ExportRequest) -> Rendered:
        count = len(request.day.entries) if request.day else len(request.sessions or ())
        return Rendered(self.render(request), count)


WRITERS: dict[str, type[Writer]] = {}


def register(cls: type[Writer]) -> type[Writer]:
    WRITERS[cls.name] = cls
    return cls


def _load_builtin_writers() -> None:
    # Imported for their @register side effect.
    from . import html, ics  # noqa: F401


def get_writer(name: str) -> Writer:
    _load_builtin_writers()
    try:
        return WRITERS[name]()
    except KeyError:
        known = ", ".join(sorted(WRITERS))
        raise PlannerError(f"unknown export format {name!r} (known: {known})") from None
