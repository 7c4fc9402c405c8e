"""The parts every writer shares: the request it gets, its options, its output,
the base class and the registry it registers in. Writers import this module,
not the package, so loading the writers never comes back to the package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import PlannerError
from ..frozen import frozen
from ..wording import count

if TYPE_CHECKING:
    from ..agenda import Agenda, ExportState
    from ..day import DayPlan
    from ..models import Schedule, Session
    from ..venue import Venue


@frozen(kw_only=False)
class OptionSpec:
    """An option a writer takes, declared without click: ``--no-alarms`` sets the
    writer's ``alarms`` option to False. With ``metavar`` it takes a value,
    turned into the option's value by ``parse``."""

    flag: str
    field: str
    help: str
    value: Any = True
    metavar: str | None = None
    parse: Callable[[str], Any] | None = None

    @property
    def param(self) -> str:
        """The keyword the CLI passes it as: ``--no-alarms`` -> ``no_alarms``."""
        return self.flag.lstrip("-").replace("-", "_")


@frozen(kw_only=False)
class WriterOptions:
    """Options every writer has; a writer's own ``Options`` extends these."""

    must_only: bool = False


MUST_ONLY = OptionSpec("--must-only", "must_only", "Leave out maybe picks (backups).")


def parse_moment(text: str) -> dt.datetime:
    """An ISO 8601 time with a UTC offset, for ``--now``.

    >>> parse_moment("2025-11-01T09:00:00Z").isoformat()
    '2025-11-01T09:00:00+00:00'
    """
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise PlannerError(f"--now: {text!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise PlannerError(f"--now: {text!r} has no time zone; give a UTC offset, e.g. 2025-11-01T09:00:00Z")
    return moment


@frozen(kw_only=False)
class ExportRequest:
    """Everything a writer may need: the schedule and venue, the writer's own
    options, and either the user's day (an agenda export), a list of
    sessions (``--all``), or a team's output (a writer of ``subject`` "team")."""

    schedule: Schedule
    venue: Venue
    options: Any
    calendar_name: str
    day: DayPlan | None = None
    agenda: Agenda | None = None
    sessions: tuple[Session, ...] | None = None
    # What a team writer draws (its own type, from planner.team): the team's events or plan.
    team: Any = None

    @property
    def is_agenda(self) -> bool:
        return self.day is not None


def calendar_name(schedule: Schedule, suffix: str = "my agenda", name: str | None = None) -> str:
    """What a calendar or a page is called: ``name``, else ``<conference> - my agenda``."""
    return name or f"{schedule.name or 'Conference'} - {suffix}"


@frozen(kw_only=False)
class Rendered:
    """A writer's output and how many items it holds; a writer may return a
    subclass with counts of its own, for its :meth:`Writer.report`."""

    text: str
    events: int
    # What the export records in the agenda file, to version the next one (None: nothing).
    state: ExportState | None = None


class Writer:
    name: ClassVar[str]
    extension: ClassVar[str]
    content_type: ClassVar[str]
    verbose_name: ClassVar[str]
    # Whether the writer can show the whole schedule (``--all``), not only an agenda.
    writes_schedules: ClassVar[bool] = False
    # What it writes: "agenda" (``planner export``) or "team" (``planner team export``).
    subject: ClassVar[str] = "agenda"
    # The writer's options: what the CLI offers, and the dataclass they fill.
    Options: ClassVar[type] = WriterOptions
    option_specs: ClassVar[tuple[OptionSpec, ...]] = (MUST_ONLY,)

    def render(self, request: ExportRequest) -> str:
        raise NotImplementedError

    def build(self, request: ExportRequest) -> Rendered:
        number = len(request.day.entries) if request.day else len(request.sessions or ())
        return Rendered(self.render(request), number)

    def report(self, rendered: Rendered, path: str) -> str:
        """The line the command prints once the file is written."""
        return f"Wrote {count(rendered.events, 'event')} to {path}"

    @classmethod
    def options_from(cls, values: Mapping[str, Any]) -> Any:
        """The writer's ``Options`` from the CLI's values (by :attr:`OptionSpec.param`);
        options the writer does not take are ignored, as are those not given."""
        fields = {}
        for spec in cls.option_specs:
            given = values.get(spec.param)
            if given is None or given is False:
                continue
            fields[spec.field] = (spec.parse(given) if spec.parse else given) if spec.metavar else spec.value
        return cls.Options(**fields)


WRITERS: dict[str, type[Writer]] = {}


def register(cls: type[Writer]) -> type[Writer]:
    WRITERS[cls.name] = cls
    return cls
