"""The planner: a schedule, the user's agenda file and the venue, put together.

This is the API the CLI calls; each command is one call here::

    from planner.planning import Planner
    planner = Planner.open("agenda.yaml")
    planner.pick("keda")
    day = planner.plan()
    for conflict in day.conflicts:
        print(conflict.kind, conflict.ids)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .agenda import Agenda, Pick, Priority, ScheduledPick
from .agenda_file import AgendaFile
from .clock import minutes_between, moment, parse_clock
from .conflicts import Item, is_drop_in_type, move_problem
from .day import (
    DayPlan,
    WhatsNext,
    buffer_for,
    drop_in_types_for,
    plan_day,
    snapshot_item,
    whats_next,
)
from .errors import LookupFailed, PlannerError, VenueError
from .fetch import is_url, public_url
from .frozen import frozen
from .lookup import place_labels, place_matches, resolve
from .models import Location, Schedule, Session
from .plan_options import PlanOptions
from .readers import BUNDLED_PREFIX, ScheduleSource
from .schedule_choice import choose_schedule, from_agenda
from .seen import record_seen
from .settings import from_environment
from .text import normalize
from .timezones import get_zone
from .venue import Venue, Walk
from .venue_infer import VenueInit, venue_for

if TYPE_CHECKING:
    from .cache import Cache
    from .suggest import Alternatives, ConflictReport, Gap, Option, Preferences, Suggestion

__all__ = ["PickResult", "Planner", "Slot", "SlotOption"]


@frozen(kw_only=False)
class Slot:
    start: dt.datetime
    sessions: tuple[Session, ...]


@frozen(kw_only=False)
class SlotOption:
    session: Session
    walk: Walk | None
    gap_minutes: int | None
    picked: bool

    @property
    def reachable(self) -> bool:
        """Whether one can walk here from the pick before in time (the buffer aside)."""
        if self.walk is None:
            return True
        return move_problem(self.gap_minutes or 0, self.walk.minutes, 0) != "unreachable"


@frozen(kw_only=False)
class PickResult:
    session: Session
    status: Literal["added", "unchanged", "updated"]
    pick: Pick


@dataclass
class Planner:
    schedule: Schedule
    venue: Venue
    file: AgendaFile
    source: ScheduleSource = field(default_factory=ScheduleSource)
    options: PlanOptions = field(default_factory=PlanOptions)
    notices: list[str] = field(default_factory=list)

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        agenda: str | os.PathLike | None = None,
        source: ScheduleSource | None = None,
        options: PlanOptions | None = None,
        cache: Cache | None = None,
    ) -> Planner:
        """Open the agenda file (it may not exist yet) with its schedule and venue.

        The agenda is ``agenda``, else ``$PLANNER_AGENDA``, else ./agenda.yaml.
        The schedule is ``source.path`` (else ``$PLANNER_SCHEDULE``) if given,
        else the one the agenda names, else the bundled one. The venue is
        ``options.venue``, else ``$PLANNER_VENUE``, else the agenda's, else a
        bundled venue that knows the schedule's rooms. The environment is read
        here, through :func:`planner.settings.from_environment`, and nowhere below.
        The schedule is read through ``cache`` when one is given (the CLI gives
        :meth:`Cache.default() <planner.cache.Cache.default>`); without one nothing is written there.
        """
        env = from_environment()
        choice = choose_schedule(agenda, source)
        file, saved, chosen, notices = choice.file, choice.saved, choice.source, list(choice.notices)
        options = options or PlanOptions()
        schedule = chosen.load(cache)
        venue_ref = (
            options.venue
            or env.venue
            or (from_agenda(saved.venue, file.path) if saved and saved.venue else None)
        )
        venue = venue_for(schedule, venue_ref).at_pace(
            options.pace if options.pace is not None else (saved.pace if saved else None)
        )
        return cls(schedule, venue, file, chosen, options, notices)

    # -- settings --------------------------------------------------------------

    def buffer_minutes(self, agenda: Agenda | None = None) -> int:
        return buffer_for(agenda, self.options.buffer_minutes)

    @staticmethod
    def drop_in_types(agenda: Agenda | None = None) -> tuple[str, ...]:
        return drop_in_types_for(agenda)

    # -- the agenda ------------------------------------------------------------

    def agenda(self) -> Agenda:
        """The agenda file as it is now (an empty agenda if there is none yet)."""
        return self.file.load() if self.file.exists() else Agenda.empty()

    def _schedule_reference(self) -> str:
        return self.schedule_reference_for(self.source.reference)

    def schedule_reference_for(self, reference: str) -> str:
        """How the agenda file names a schedule: bundled:NAME, or a path relative to the file."""
        if is_url(reference):
            return public_url(reference)  # a password in the URL is never saved
        if reference.startswith(BUNDLED_PREFIX):
            return reference
        folder = self.file.path.resolve().parent
        return os.path.relpath(Path(reference).resolve(), folder)

    def pick(
        self, queries: str | Sequence[str], priority: Priority = "must", note: str | None = None
    ) -> list[PickResult]:
        """Add the sessions ``queries`` name to the agenda (creating the file if needed).

        Every query is resolved before anything is saved, so an ambiguous one
        changes nothing. Picking a session already picked changes nothing,
        unless a different priority or a note is given, which then replace the old.
        """
        if isinstance(queries, str):
            queries = [queries]
        try:
            found = [resolve(q, self.schedule.sessions) for q in queries]
        except LookupFailed as exc:
            if exc.candidates or not self.source.reference.startswith(BUNDLED_PREFIX) or self.file.exists():
                raise
            # A first pick with no --schedule looked in the bundled day: say so, not only "no match".
            raise LookupFailed(
                f"{exc.message} in the bundled example schedule",
                hint="pick from your conference's schedule with --schedule FILE|URL",
            ) from None
        sessions = list({s.id: s for s in found}.values())
        results = []
        with self.file.edit(create_for_schedule=self._schedule_reference()) as document:
            # A zone chosen (--tz) or guessed (a feed that names none) is recorded, so
            # later commands show the same clock; a zone the file states needs no record.
            guessed = any(w.notice for w in self.schedule.warnings) and not document.agenda().timezone
            if self.source.tz or guessed:
                document.set("timezone", self.schedule.timezone, after="schedule")
            for session in sessions:
                existing = document.agenda().get(session.id)
                if existing is None:
                    new = Pick.of(session, priority, note)
                    document.add_pick(new)
                    results.append(PickResult(session, "added", new))
                elif existing.priority == priority and (note is None or note == existing.note):
                    results.append(PickResult(session, "unchanged", existing))
                else:
                    document.update_pick(session.id, priority=priority, note=note or existing.note)
                    updated = document.agenda().get(session.id)
                    assert updated is not None  # changed in place, so still picked
                    results.append(PickResult(session, "updated", updated))
        if not self.file.state.path("seen").exists():
            # The first look at the schedule (once the picks are saved): `update` lists what comes after.
            record_seen(self, self.schedule, self._schedule_reference())
        return results

    def drop(self, query: str) -> Pick:
        """Remove the pick ``query`` names (ID, prefix or title words, among the picks)."""
        label = self.file.label
        with self.file.edit() as document:
            picks = document.agenda().picks
            if not picks:
                try:
                    session = resolve(query, self.schedule.sessions)
                except LookupFailed:
                    raise LookupFailed("the agenda has no picks to drop", path=label) from None
                raise _not_in_agenda(session, label)
            target = self.named_pick(query, picks, lambda s: _not_in_agenda(s, label))
            document.remove_pick(target.id)
            return target

    def named_pick(
        self, query: str, picks: Sequence[Pick], not_picked: Callable[[Session], LookupFailed]
    ) -> Pick:
        """The pick of ``picks`` that ``query`` names (ID, prefix or title words); ``not_picked(session)``
        is raised when ``query`` names a session of the schedule that is not among them. The ID or
        whole title of a session not picked never resolves to a pick whose title shares words."""
        exact = _exactly(query, self.schedule)
        if exact is not None and all(p.id != exact.id for p in picks):
            raise not_picked(exact)
        try:
            target = resolve(query, [ScheduledPick.of(p, self.schedule) for p in picks])
        except LookupFailed as failure:
            _raise_if_not_picked(query, self.schedule, not_picked, failure)
            raise
        return next(p for p in picks if p.id == target.id)

    # -- the day ---------------------------------------------------------------

    def plan(self, agenda: Agenda | None = None) -> DayPlan:
        """Place every pick in the day: walks, gaps, conflicts and what changed."""
        agenda = agenda if agenda is not None else self.agenda()
        return plan_day(
            agenda,
            self.schedule,
            self.venue,
            buffer_minutes=self.options.buffer_minutes,
            notices=self.notices,
        )

    def snapshot_item(self, pick: Pick, drop_in: bool = False) -> Item | None:
        """``pick`` placed where and when its snapshot says (None if it has no times)."""
        return snapshot_item(pick, self.venue, drop_in)

    # -- slot by slot ----------------------------------------------------------

    def slots(self, after: dt.time | None = None, include_drop_ins: bool = False) -> list[Slot]:
        """The day's slots: sessions that start together, in time order."""
        drop_in = self.drop_in_types(self.agenda())
        groups: dict[dt.datetime, list[Session]] = {}
        for session in self.schedule.sessions:
            if not include_drop_ins and is_drop_in_type(session.type, drop_in):
                continue
            if after is not None and session.start.time() < after:
                continue
            groups.setdefault(session.start, []).append(session)
        return [
            Slot(start, tuple(sorted(group, key=lambda s: (s.location.long, s.title))))
            for start, group in sorted(groups.items())
        ]

    def slot_options(self, slot: Slot, chosen: Sequence[str] = ()) -> list[SlotOption]:
        """The sessions of ``slot``, each with the walk from the pick before the slot.

        "The pick before" is the latest must pick (saved, or in ``chosen``) that
        ends by the slot's start.
        """
        agenda = self.agenda()
        picked = {p.id for p in agenda.picks}
        before_ids = [p.id for p in agenda.picks if p.must] + list(chosen)
        before = [
            s for s in (self.schedule.get(i) for i in before_ids) if s is not None and s.end <= slot.start
        ]
        previous = max(before, key=lambda s: (s.end, s.start), default=None)
        options = []
        for session in slot.sessions:
            walk = None
            if previous is not None:
                walk = self.venue.walk(
                    self.venue.place_of(previous.location), self.venue.place_of(session.location)
                )
            options.append(
                SlotOption(
                    session,
                    walk,
                    minutes_between(previous.end, session.start) if previous else None,
                    session.id in picked or session.id in chosen,
                )
            )
        return options

    # -- walking ---------------------------------------------------------------

    def place(self, text: str) -> tuple[str, Location]:
        """A place from what the user typed: a room under any name planner prints for it
        (:func:`~planner.lookup.place_matches`), a venue room, or a session (ID, prefix, words)."""
        rooms: dict[str, Location] = {}
        for session in self.schedule.sessions:
            loc = session.location
            if loc.room:
                rooms.setdefault(loc.place, loc)
                rooms.setdefault(loc.room, replace(loc, area=None))
            elif loc.building:
                rooms.setdefault(f"Building {loc.building}", loc)
        exact = [loc for loc in rooms.values() if place_matches(text, loc, exact=True)]
        if len({place_labels(loc)[0] for loc in exact}) == 1:
            return place_labels(exact[0])[0], self.venue.place_of(exact[0])
        wanted = normalize(text)
        for name, known in self.venue.rooms.items():
            if normalize(name) == wanted:
                return name, Location(room=name, building=known.building, level=known.level)
        try:
            session = resolve(text, self.schedule.sessions)
            return f"{session.title} [{session.id}]", self.venue.place_of(session.location)
        except LookupFailed as failure:
            similar = {loc.place: loc for loc in exact or rooms.values() if place_matches(text, loc)}
            if len(similar) == 1:
                loc = next(iter(similar.values()))
                return loc.place, self.venue.place_of(loc)
            if similar:
                raise PlannerError(f"{text!r} matches several rooms: {', '.join(sorted(similar))}") from None
            raise PlannerError(
                f"{text!r} is neither a room nor a session",
                hint="give a room as `planner sessions` shows it (B401-402) or a session ID",
            ) from failure

    def init_venue(self, output: str | os.PathLike | None = None, *, force: bool = False) -> VenueInit:
        """Write the inferred venue of the schedule as ``venue.yaml`` beside the agenda
        (or at ``output``) and name it in the agenda (``venue:``), creating the agenda
        if needed. An existing venue file is kept unless ``force``."""
        from .files import atomic_write
        from .venue import load_venue
        from .venue_infer import venue_yaml

        agenda = self.file.path
        path = Path(output) if output else agenda.resolve().parent / "venue.yaml"
        if path.exists() and not force:
            raise VenueError(
                "already exists; planner keeps it (pass --force to write it anew)", path=str(path)
            )
        reference = os.path.relpath(path.resolve(), agenda.resolve().parent)
        schedule = self.schedule_reference_for(self.source.reference)
        # The agenda is read (and refused if broken) before the venue file is written.
        with self.file.edit(create_for_schedule=schedule) as document:
            atomic_write(path, venue_yaml(self.schedule), label=str(path), error=VenueError)
            document.set("venue", reference)
        return VenueInit(path=path, agenda=agenda, reference=reference, venue=load_venue(path))

    def walk(self, origin: str, destination: str) -> tuple[str, str, Walk]:
        """The walk between two places (rooms or sessions) typed by the user."""
        a_label, a = self.place(origin)
        b_label, b = self.place(destination)
        return a_label, b_label, self.venue.walk(a, b)

    # -- the clock -----------------------------------------------------------

    def now(self) -> dt.datetime:
        """Now, in the schedule's time zone."""
        return dt.datetime.now(dt.UTC).astimezone(get_zone(self.schedule.timezone))

    def moment(
        self, clock: str | dt.time | dt.datetime | None = None, day: dt.date | str | None = None
    ) -> dt.datetime:
        """The moment a user means: ``11:15`` on ``day`` (needed when the schedule has
        several days and the conference is not on today), or now."""
        sessions = self.schedule.sessions
        now = self.now() if not isinstance(clock, dt.datetime) else clock
        return moment(clock, day, self.schedule.days, now, sessions[0].start if sessions else None)

    def moment_or_session(self, text: str, day: dt.date | str | None = None) -> dt.datetime:
        """``11:45`` as a moment of ``day``, or else the start of the session ``text`` names."""
        try:
            parse_clock(text)
        except PlannerError:
            return resolve(text, self.schedule.sessions).start
        return self.moment(text, day)

    # -- planning the day for the user (the work is in suggest/) ----------------

    def suggest(
        self,
        preferences: Preferences | None = None,
        day: dt.date | str | None = None,
    ) -> Suggestion:
        """The best conflict-free agenda for ``preferences``, keeping every must pick.

        ``day`` limits it to one day (a date, a weekday, a day number). Save it
        with ``planner.pick(suggestion.new_ids)``.
        """
        from .suggest import suggest_day  # the solver is loaded only by commands that suggest

        return suggest_day(self.plan(), self.schedule, self.venue, preferences, day)

    def alternatives(
        self,
        when: str | dt.datetime,
        preferences: Preferences | None = None,
        day: dt.date | str | None = None,
        limit: int | None = 5,
    ) -> Alternatives:
        """What else fits at ``when`` (a time such as ``11:45``, or a session), best first."""
        at = when if isinstance(when, dt.datetime) else self.moment_or_session(when, day)
        from .suggest import alternatives_at  # the solver is loaded only by commands that suggest

        return alternatives_at(self.plan(), self.schedule, self.venue, at, preferences, limit)

    def conflict_alternatives(
        self,
        day_plan: DayPlan | None = None,
        preferences: Preferences | None = None,
        limit: int | None = 3,
    ) -> dict[tuple[str, str], tuple[Option, ...]]:
        """For each hard conflict of ``day_plan`` (by its two IDs), the sessions that fit instead."""
        plan = day_plan if day_plan is not None else self.plan()
        from .suggest import conflict_alternatives  # the solver is loaded only by commands that suggest

        return conflict_alternatives(plan, self.schedule, self.venue, preferences, limit)

    def conflict_report(
        self, preferences: Preferences | None = None, limit: int | None = 3
    ) -> ConflictReport:
        """The day plan's conflicts, with the sessions that fit instead of each hard one."""
        from .suggest import conflict_report  # the solver is loaded only by commands that suggest

        return conflict_report(self.plan(), self.schedule, self.venue, preferences, limit)

    def gaps(
        self,
        preferences: Preferences | None = None,
        day: dt.date | str | None = None,
        min_minutes: int = 10,
        limit: int | None = 5,
    ) -> list[Gap]:
        """The free windows of the day, each with the sessions that fit it whole, best first."""
        from .suggest import find_gaps  # the solver is loaded only by commands that suggest

        return find_gaps(self.plan(), self.schedule, self.venue, preferences, day, min_minutes, limit)

    def whats_next(self, at: str | dt.datetime | None = None, day: dt.date | str | None = None) -> WhatsNext:
        """Where the agenda has you at ``at`` (default: now), and where to go next."""
        return whats_next(self.plan(), self.venue, self.moment(at, day), self.schedule)


def _exactly(query: str, schedule: Schedule) -> Session | None:
    """The session whose ID, or whole title, ``query`` is (None if none, or several)."""
    text = query.strip()
    by_id = schedule.get(text.lower())
    if by_id is not None:
        return by_id
    titled = [s for s in schedule.sessions if normalize(s.title) == normalize(text)]
    return titled[0] if len(titled) == 1 else None


def _not_in_agenda(session: Session, label: str) -> LookupFailed:
    return LookupFailed(f"{session.id} {session.title!r} is not in the agenda; nothing to drop", path=label)


def _raise_if_not_picked(
    query: str,
    schedule: Schedule,
    not_picked: Callable[[Session], LookupFailed],
    failure: LookupFailed,
) -> None:
    """Raise ``not_picked`` when ``query`` names a session of the schedule that is not picked."""
    if failure.candidates:
        return  # several picks match: that list is the better answer
    try:
        session = resolve(query, schedule.sessions)
    except LookupFailed:
        return
    raise not_picked(session) from failure
