"""Every option that more than one command takes, declared once.

Options that belong together reach the command as one object: the schedule
options as a ``source`` (:class:`~planner.readers.ScheduleSource`), the agenda
options as a ``workspace`` (:class:`Workspace`), the filters as ``filters``
(turned into a :class:`~planner.query.SessionFilter` by :func:`build_filter`),
the scoring options as ``preferences``. Nothing heavy is imported here, so
``planner --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
from typing import TYPE_CHECKING, Any

import click

from ..errors import PlannerError
from ..settings import from_environment
from ..wording import count
from .output import warn

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator, Sequence

    from ..agenda import Agenda
    from ..models import Schedule
    from ..planning import Planner
    from ..query import SessionFilter
    from ..readers import ScheduleSource


class ReaderFormatOption(click.Option):
    """``--format NAME``: its help lists the readers of the registry, found only
    when the help is shown (the readers import their parsers)."""

    def get_help_record(self, ctx: click.Context):
        from ..readers import READERS, reader_names

        # A verbose name's first words say what it is; its parenthesis shows an example.
        self.help = "Schedule format, instead of guessing from the content: " + "; ".join(
            f"{name} ({READERS[name].verbose_name.split(' (')[0]})" for name in reader_names()
        )
        return super().get_help_record(ctx)


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
            metavar="FILE|URL",
            default=lambda: from_environment().schedule,
            help="Schedule file or http(s) URL to use [env PLANNER_SCHEDULE; default: the one the "
            "agenda names, else the bundled KubeCon NA 2025 Thursday schedule].",
        )
        @click.option(*format_flags, "schedule_format", metavar="NAME", cls=ReaderFormatOption)
        @click.option("--tz", metavar="ZONE", help="Time zone of the schedule's times (IANA name).")
        @click.option(
            "--strict",
            is_flag=True,
            help="Fail on the first bad session instead of skipping it; also show every "
            "note about the schedule.",
        )
        @functools.wraps(command)
        def wrapper(*args, schedule_path, schedule_format, tz, strict, **kwargs):
            from ..readers import ScheduleSource

            source = ScheduleSource(schedule_path, schedule_format, tz, strict)
            return command(*args, source=source, **kwargs)

        return wrapper

    return decorate


schedule_options = schedule_options_with("--format", "--schedule-format")

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")

day_option = click.option(
    "--day", metavar="DAY", help="On DAY (2025-11-13, thursday, or 1 for the first day)."
)

buffer_option = click.option(
    "--buffer",
    type=click.IntRange(0, 120),
    metavar="MIN",
    help="Minutes to spare after a walk before a transition counts as tight "
    "[default: the agenda's 'buffer', else 2].",
)

lunch_option = click.option("--lunch", metavar="T1-T2", help="Keep a lunch window free: 12:15-13:00.")

# How --at takes a day with the time (clock.split_day), said once for every --at.
AT_WITH_DAY = "; with a day: 'sat 11:00', 2025-11-13T11:00"

# The moment a diary command records (rate, attended).
moment_option = click.option(
    "--at", "at", metavar="TIME", help=f"The moment it is (11:15, 2pm{AT_WITH_DAY}) [default: now]."
)

# Of the commands that send a calendar to a server or a folder (sync, team sync).
dry_run_option = click.option("--dry-run", is_flag=True, help="Say what would be sent, and send nothing.")
calendar_name_option = click.option("--name", metavar="TEXT", help="Name of a calendar created by the sync.")
sync_now_option = click.option(
    "--now", metavar="ISO", help="A fixed time for DTSTAMP and changes, for reproducible events."
)

include_drop_ins_option = click.option(
    "--include-drop-ins", is_flag=True, help="Consider breaks, lounges and the expo hall too."
)


def report_schedule_warnings(schedule: Schedule, *, every: bool = False, each_lost: bool = False) -> None:
    """What the reader noticed, on stderr. Notes about the data (a header that
    counts sessions differently, a guessed zone) only with ``every`` (``planner
    check``, ``--strict``); each lost session with ``each_lost`` (``planner
    sessions``, which lists the schedule); otherwise a count of lost sessions."""
    if every:
        for warning in schedule.warnings:
            warn(warning)
        return
    for warning in schedule.warnings:
        if warning.notice:  # said every time, e.g. a stale cached copy of a schedule URL
            warn(warning)
    lost = [w for w in schedule.warnings if w.skipped]
    if each_lost:
        for warning in lost:
            warn(warning)
    elif lost:
        warn(f"{count(len(lost), 'session')} of the schedule could not be read; `planner check` lists them")


@contextlib.contextmanager
def _kept_for_good() -> Iterator[None]:
    """In the console script's process, which runs one command: what is loaded inside (a
    schedule, or a planner's schedule, agenda and venue) lives until the process ends, so the
    cyclic collector stays off while it is made and then leaves it be (``gc.freeze``). It would
    otherwise walk it (some 200,000 objects for 10,000 sessions, next to none in a cycle) at the
    first collection after the reader's pause, at each later one, at exit, and during the
    terminal UI's first paint. Elsewhere (CliRunner, a library caller) nothing changes."""
    from .app import ONE_COMMAND

    if not ONE_COMMAND:
        yield
        return
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def load_schedule_for(source: ScheduleSource, *, each_lost: bool = False) -> Schedule:
    """Load the schedule, printing what the reader noticed (see :func:`report_schedule_warnings`)."""
    from ..cache import Cache

    with _kept_for_good():
        schedule = source.load(Cache.default())
    report_schedule_warnings(schedule, every=source.strict, each_lost=each_lost)
    return schedule


def schedule_day(text: str | None, days: Sequence[dt.date]) -> dt.date | None:
    """The day ``--day`` names, which must be one of the schedule's ``days``.

    >>> import datetime as dt
    >>> schedule_day("2", [dt.date(2025, 11, 12), dt.date(2025, 11, 13)])
    datetime.date(2025, 11, 13)
    """
    if text is None:
        return None
    from ..clock import parse_day
    from ..text import ellipsize

    try:
        return parse_day(text, days)
    except PlannerError as exc:
        raise PlannerError(f"--day {ellipsize(text, 40)}: {exc.message}") from None


def complete_session_id(ctx: click.Context, param: click.Parameter, incomplete: str):
    """Shell completion of session IDs from the schedule in use."""
    from click.shell_completion import CompletionItem

    from ..errors import PlannerError
    from ..readers import ScheduleSource
    from ..schedule_choice import choose_schedule

    try:
        source = ScheduleSource(ctx.params.get("schedule_path"))
        schedule = choose_schedule(ctx.params.get("agenda_path"), source).source.load()
    except PlannerError:
        return []
    return [
        CompletionItem(s.id, help=s.title) for s in schedule.sessions if s.id.startswith(incomplete.lower())
    ]


def filter_options(command):
    """The browsing filters, shared by every command that selects sessions; they
    reach the command as one ``filters`` dict, for :func:`build_filter`."""
    options = [
        click.option("--at", "at", metavar="TIME", help=f"Running at TIME (11:15, 2pm{AT_WITH_DAY})."),
        click.option("--between", nargs=2, metavar="T1 T2", help="Running at some point between T1 and T2."),
        day_option,
        click.option(
            "--track",
            "tracks",
            multiple=True,
            metavar="TEXT",
            help="In a track matching TEXT (where a schedule has no tracks, its types; repeatable).",
        ),
        click.option(
            "--type", "types", multiple=True, metavar="TEXT", help="Of a type matching TEXT (repeatable)."
        ),
        click.option(
            "--building",
            "buildings",
            multiple=True,
            metavar="B",
            help="In building B: the schedule's, else the one the room's name says "
            "(K.3.201 is in K) (repeatable).",
        ),
        click.option(
            "--room",
            "rooms",
            multiple=True,
            metavar="TEXT",
            help="In a room matching TEXT, as planner prints rooms ('Hall 3 Room B', 'B401').",
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

    @functools.wraps(command)
    def wrapper(*args, at, between, day, tracks, types, buildings, rooms, speakers, searches, **kwargs):
        filters = {
            "at": at,
            "between": between,
            "day": day,
            "tracks": tracks,
            "types": types,
            "buildings": buildings,
            "rooms": rooms,
            "speakers": speakers,
            "searches": searches,
        }
        return command(*args, filters=filters, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def build_filter(schedule: Schedule, filters: dict[str, Any]) -> SessionFilter:
    """The :class:`~planner.query.SessionFilter` the filter options ask for."""
    from ..clock import split_day
    from ..query import SessionFilter

    at, day = filters["at"], filters["day"]
    if at and day is None:
        day, at = split_day(at)  # --at "sat 11:00"
    return SessionFilter(
        at=at,
        between=tuple(filters["between"]) if filters["between"] else None,
        day=schedule_day(day, schedule.days),
        track=filters["tracks"],
        type=filters["types"],
        building=filters["buildings"],
        room=filters["rooms"],
        speaker=filters["speakers"],
        search=filters["searches"],
    )


class Workspace:
    """What the agenda options name, opened on demand (so errors surface in one place)."""

    def __init__(self, source: ScheduleSource, agenda_path: str | None, options) -> None:
        self.source, self.agenda_path, self.options = source, agenda_path, options

    def open(self) -> Planner:
        """The :class:`~planner.planning.Planner` over these files; prints its notices."""
        from ..cache import Cache
        from ..planning import Planner

        with _kept_for_good():
            planner = Planner.open(self.agenda_path, self.source, self.options, cache=Cache.default())
        report_schedule_warnings(planner.schedule, every=self.source.strict)
        for notice in planner.notices:
            warn(notice)
        planner.notices.clear()
        planner.file.on_notice = warn  # e.g. an older agenda's export record moved on its first edit
        return planner

    def browse(self, *, each_lost: bool = False) -> tuple[Schedule, Agenda]:
        """The schedule (by :func:`~planner.schedule_choice.choose_schedule`, the rule every
        command follows) and the agenda, without the venue: for browsing."""
        from ..agenda import Agenda
        from ..schedule_choice import choose_schedule

        choice = choose_schedule(self.agenda_path, self.source)
        for notice in choice.notices:
            warn(notice)
        return load_schedule_for(choice.source, each_lost=each_lost), choice.saved or Agenda.empty()

    def day(self, planner: Planner, text: str | None) -> dt.date | None:
        """The day ``--day`` names, checked against the schedule (None: not given)."""
        return schedule_day(text, planner.schedule.days)


def agenda_options_with(*format_flags: str):
    """Adds ``--agenda``, ``--venue`` and ``--pace`` to the schedule options and
    passes them all as one ``workspace``."""

    def decorate(command):
        @click.option(
            "--agenda",
            "-a",
            "agenda_path",
            metavar="FILE",
            help="Agenda file [env PLANNER_AGENDA; default ./agenda.yaml].",
        )
        @click.option(
            "--venue",
            "venue_path",
            metavar="FILE",
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
            from ..plan_options import PlanOptions

            options = PlanOptions(buffer_minutes=buffer, venue=venue_path, pace=pace)
            workspace = Workspace(source, agenda_path, options)
            return command(*args, workspace=workspace, **kwargs)

        return wrapper

    return decorate


agenda_options = agenda_options_with("--format", "--schedule-format")


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
        help="Weights for tracks (the field `sessions --track` filters on): 'MAINTAINER TRACK:1'.",
    )
    @click.option(
        "--like-speaker",
        "speakers",
        multiple=True,
        metavar="NAMES",
        help="Weights for speakers: 'Stefan Prodan:5' (sessions --speaker filters by speaker instead).",
    )
    @click.option(
        "--avoid",
        multiple=True,
        metavar="TRACK",
        help="Leave out sessions of this track (the field `sessions --track` filters on; repeatable).",
    )
    @include_drop_ins_option
    @functools.wraps(command)
    def wrapper(*args, interests, tracks, speakers, avoid, include_drop_ins, **kwargs):
        from ..suggest import Preferences

        preferences = Preferences.parse(interests, tracks, speakers, avoid, include_drop_ins)
        return command(*args, preferences=preferences, **kwargs)

    return wrapper
