"""A team file opened against its schedule and venue: its members, the day as a
problem for the solvers, and saving a plan into the members' agendas::

    team = OpenedTeam.open("examples/team.yaml")   # planner.team.plan.Team can also .plan()
    team.day_problem(team.days()[0], team.scores())  # one day, for the solvers
    team.save(plan)     # a TeamPlan into each member's agenda, one locked save each

Rules (README, "Plan as a team"):

- A member's **score** for a session is ``suggest``'s, from their interests,
  tracks and speakers; drop-ins (their agenda's ``drop_in_types``) and avoided
  types score nothing for them. A session's **team value** is the sum of the
  members' positive scores: everyone who cares gets the report.
- A member **may attend** a session of positive team value that they do not
  score below zero, that is not a drop-in or avoided type for them, that lies
  inside their ``available`` hours, and that does not overlap one of their must
  drop-ins (lunch). Their must picks (agenda) and the ``together`` sessions
  (for every member available then) are fixed in their day.
- A **duty** window is a block at the ``where`` place from ``from`` to ``to``,
  on every day of the schedule (or its ``day``). A member on duty is there for
  the whole window: the block is part of their day like a session (nothing may
  overlap it; the walks to and from it are made with the buffer), so a duty is
  covered by ``need`` members who each hold the whole block. A member the
  saved plan put on duty (:mod:`.duty`) keeps it while their day allows, as a must.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from ..agenda import Agenda
from ..agenda_file import AgendaFile
from ..clock import local_datetime, parse_day
from ..conflicts import Item, find_conflicts, is_drop_in_type, overlaps
from ..errors import PlannerError
from ..lookup import resolve
from ..models import Session
from ..plan_options import PlanOptions
from ..planning import Planner
from ..readers import BUNDLED_PREFIX, ScheduleSource
from ..suggest import Preferences, Score, Scorer
from ..venue import Venue
from ..venue_infer import venue_for
from .duty import read_roster, write_roster
from .model import SaveResult, TeamPlan
from .solver import Attendee, TeamDay, compatible
from .spec import DutySpec, MemberSpec, TeamError, TeamSpec, load_team_spec


def _beside(reference: str, folder: Path) -> str:
    """A schedule or venue named in the team file: bundled, a URL, absolute, or relative to the file."""
    if reference.startswith(BUNDLED_PREFIX) or "://" in reference or os.path.isabs(reference):
        return reference
    return str(folder / reference)


@dataclass
class Member:
    """One member, opened: their agenda file and planner (schedule, venue at their pace)."""

    spec: MemberSpec
    planner: Planner
    agenda: Agenda
    preferences: Preferences
    scorer: Scorer

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def buffer(self) -> int:
        return self.planner.buffer_minutes(self.agenda)

    @property
    def venue(self) -> Venue:
        return self.planner.venue

    def excluded(self, session: Session) -> bool:
        """Drop-ins and avoided types are not for this member (as in ``suggest``)."""
        return is_drop_in_type(session.type, self.planner.drop_in_types(self.agenda)) or (
            self.preferences.avoids(session)
        )

    def available(self, start: dt.datetime, end: dt.datetime) -> bool:
        window = self.spec.window
        if window is None:
            return True
        return start.date() == end.date() and window[0] <= start.time() and end.time() <= window[1]

    def score(self, session: Session) -> Score:
        return Score() if self.excluded(session) else self.scorer.score(session)


@dataclass
class OpenedTeam:
    """A team file opened: its members with their agendas, the schedule and the venue.

    :class:`planner.team.plan.Team` is this with :meth:`~planner.team.plan.Team.plan`.
    """

    path: Path
    spec: TeamSpec
    members: tuple[Member, ...]
    together: tuple[Session, ...]
    notices: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: str | os.PathLike, options: PlanOptions | None = None) -> Self:
        """Read the team file, its schedule (once) and venue, and every member's agenda."""
        path = Path(path)
        spec = load_team_spec(path)
        folder = path.resolve().parent
        options = options or PlanOptions()
        source = ScheduleSource(_beside(spec.schedule, folder) if spec.schedule else None)
        schedule = source.load()
        venue_ref = options.venue or (_beside(spec.venue, folder) if spec.venue else None)
        venue = venue_for(schedule, venue_ref)
        notices: list[str] = []
        members = []
        for member in spec.members:
            agenda_path = folder / (member.agenda or f"{member.name}.yaml")
            if not agenda_path.parent.resolve().is_relative_to(folder):
                # spec.is_beside checked the words; this checks a linked folder on the way.
                raise TeamError(
                    f"member {member.name}: agenda {member.agenda} is in a folder outside the team file's",
                    path=str(path),
                    line=line_naming(path, member.agenda or member.name),
                )
            file = AgendaFile(agenda_path)
            file.label = os.path.relpath(agenda_path)
            agenda = file.load() if file.exists() else Agenda.empty()
            pace = options.pace if options.pace is not None else agenda.pace
            planner = Planner(schedule, venue.at_pace(pace), file, source, options)
            members.append(
                Member(member, planner, agenda, member.preferences(), Scorer(member.preferences()))
            )
            if agenda.schedule and source.path and agenda.schedule != spec.schedule:
                notices.append(
                    f"{file.label} was made from {agenda.schedule}; the team plans with {spec.schedule}"
                )
        together = []
        for query in spec.together:
            try:
                together.append(resolve(query, schedule.sessions))
            except PlannerError as exc:
                raise TeamError(
                    f"together: {query!r}: {exc.message}", path=str(path), line=line_naming(path, query)
                ) from None
        return cls(path, spec, tuple(members), tuple(together), notices)

    @property
    def planner(self) -> Planner:
        return self.members[0].planner

    @property
    def sessions(self) -> tuple[Session, ...]:
        return self.planner.schedule.sessions

    # -- the problem -------------------------------------------------------------

    def scores(self) -> dict[str, list[Score]]:
        """Each session's score for each member (in member order)."""
        return {s.id: [m.score(s) for m in self.members] for s in self.sessions}

    def team_value(self, scores: Sequence[Score]) -> int:
        return sum(max(0, s.points) for s in scores)

    def duty_items(self, date: dt.date) -> list[tuple[DutySpec, Item]]:
        found = []
        for k, duty in enumerate(self.spec.duty, start=1):
            if duty.day is not None and parse_day(duty.day, self.planner.schedule.days) != date:
                continue
            like = self.sessions[0].start
            try:
                _, location = self.planner.place(duty.where)
            except PlannerError as exc:
                raise TeamError(
                    f"duty: where {duty.where!r}: {exc.message}",
                    path=str(self.path),
                    line=line_naming(self.path, duty.where),
                    hint="give a room as the schedule names it, or a session ID",
                ) from None
            start = local_datetime(date, duty.clock_start, like)
            end = local_datetime(date, duty.clock_end, like)
            suffix = f"-{date.isoformat()}" if len(self.planner.schedule.days) > 1 else ""
            found.append((duty, Item(f"duty-{k}{suffix}", start, end, location)))
        return found

    def duty_windows(self) -> list[tuple[str, Item]]:
        """Each duty window on each day: its place (as the team file says it) and its block."""
        return [(duty.where, item) for date in self.days() for duty, item in self.duty_items(date)]

    def on_duty(self) -> dict[str, tuple[str, ...]]:
        """Who the last saved plan put on each duty block (by its ID): the one answer
        ``team plan`` keeps and ``team show`` shows (see :mod:`.duty`)."""
        if not self.spec.duty:
            return {}
        return read_roster(self.path, self.duty_windows(), [m.name for m in self.members])

    def day_problem(self, date: dt.date, scores: dict[str, list[Score]]) -> TeamDay:
        """One day of the team, for the solvers (see the module docstring for the rules)."""
        items: dict[str, Item] = {}
        value: dict[str, int] = {}
        sessions = [s for s in self.sessions if s.start.date() == date and s.end > s.start]
        together = {s.id for s in self.together if s.start.date() == date}
        for session in sessions:
            value[session.id] = self.team_value(scores[session.id])
        duties = self.duty_items(date)
        need = {item.id: duty.need for duty, item in duties}
        saved_duty = self.on_duty() if duties else {}
        attendees = []
        for m, member in enumerate(self.members):
            plan = member.planner.plan(member.agenda)
            musts = [
                e.item
                for e in plan.entries
                if e.pick.must and e.item.start.date() == date and e.item.positive
            ]
            blocks = [i for i in musts if i.drop_in]
            fixed = {i.id: Item(i.id, i.start, i.end, i.location) for i in musts if not i.drop_in}
            for session in self.together:
                if session.id in together and member.available(session.start, session.end):
                    fixed[session.id] = member_item(member, session)
            hard = [c for c in find_conflicts(list(fixed.values()), member.venue, member.buffer) if c.hard]
            if hard:
                what = "; ".join(f"{c.first.id} and {c.second.id} ({c.kind})" for c in hard)
                raise TeamError(
                    f"{member.name}'s must picks and the together sessions conflict: {what}",
                    path=member.planner.file.label,
                    hint=f"drop one from {member.planner.file.label}, or from 'together'",
                )
            for _, item in duties:
                # A duty the saved plan gave this member stays theirs while their day allows it.
                if (
                    member.name in saved_duty.get(item.id, ())
                    and member.available(item.start, item.end)
                    and not any(overlaps(item, b) for b in blocks)
                    and all(compatible(item, f, member.venue, member.buffer) for f in fixed.values())
                ):
                    fixed[item.id] = item
            own: dict[str, int] = {}
            allowed = set(fixed)
            for session in sessions:
                points = scores[session.id][m].points
                if (
                    value[session.id] > 0
                    and points >= 0
                    and not member.excluded(session)
                    and member.available(session.start, session.end)
                    and not any(overlaps(member_item(member, session), b) for b in blocks)
                ):
                    allowed.add(session.id)
                own[session.id] = max(0, points)
            for _, item in duties:
                if member.available(item.start, item.end) and not any(overlaps(item, b) for b in blocks):
                    allowed.add(item.id)
            for session in sessions:
                if session.id in allowed and session.id not in items:
                    items[session.id] = member_item(member, session)
            for item in fixed.values():
                items.setdefault(item.id, item)
            attendees.append(
                Attendee(member.name, member.venue, member.buffer, own, frozenset(allowed), frozenset(fixed))
            )
        for _, item in duties:
            items[item.id] = item
        return TeamDay(tuple(items.values()), tuple(attendees), value, need, frozenset(together))

    def days(self) -> list[dt.date]:
        return list(self.planner.schedule.days)

    # -- saving -----------------------------------------------------------------------

    def save(self, plan: TeamPlan) -> list[SaveResult]:
        """Write each member's sessions into their agenda as must picks: one locked,
        atomic save per member, keeping what was there (notes, maybes, comments);
        and who is on duty, beside the team file (:mod:`.duty`)."""
        results = []
        for member, day in zip(self.members, plan.members, strict=True):
            ids = [p.id for p in day.picks if p.session is not None and p.kind != "duty"]
            existing = {p.id for p in member.planner.agenda().picks if p.must}
            new = [i for i in ids if i not in existing]
            added: tuple[str, ...] = ()
            if new:
                done = member.planner.pick(new)
                added = tuple(r.session.id for r in done if r.status != "unchanged")
            results.append(SaveResult(member.name, member.planner.file.label, added))
        if self.spec.duty:
            # An agenda holds sessions only: who is on duty is kept beside the team file.
            write_roster(self.path, self.duty_windows(), plan.on_duty())
        return results


def line_naming(path: Path, text: str) -> int | None:
    """The first line of the team file that mentions ``text`` (for an error about it)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((n for n, line in enumerate(lines, start=1) if text in line), None)


def member_item(member: Member, session: Session) -> Item:
    """``session`` as an item of ``member``'s day, placed on their venue's map."""
    return Item(session.id, session.start, session.end, member.venue.place_of(session.location))
