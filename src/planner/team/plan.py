"""A team file opened against its schedule and venue, planned, shown and saved::

    team = Team.open("examples/team.yaml")
    plan = team.plan()              # exact; team.plan("greedy") for the baseline
    plan.total, [(m.name, m.share) for m in plan.members]
    team.save(plan)                 # each member's agenda, one locked save each

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
  covered by ``need`` members who each hold the whole block.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..agenda import Agenda
from ..agenda_file import AgendaFile
from ..conflicts import Item, find_conflicts, is_drop_in_type, minutes_between, overlaps, previous_items
from ..errors import PlannerError
from ..models import Session
from ..planning import Planner, PlanOptions
from ..query import local_datetime, parse_day, resolve
from ..readers import BUNDLED_PREFIX, ScheduleSource
from ..suggest import Preferences, Score, Scorer
from ..venue import Venue, Walk
from ..venue_infer import venue_for
from .solver import Attendee, SolveStats, TeamDay, compatible, solve_exact, solve_greedy, team_value
from .spec import DutySpec, MemberSpec, TeamError, TeamSpec, load_team_spec

Strategy = Literal["exact", "greedy", "independent"]
# Seconds the exact solver may take for one day before it settles for the best plan found.
DEFAULT_TIME_LIMIT = 120.0
STRATEGIES: tuple[str, ...] = ("exact", "greedy", "independent")


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


@dataclass(frozen=True)
class TeamPick:
    """Where a member is: a session (or a duty block), its team value, and the walk there."""

    member: str
    item: Item
    session: Session | None
    title: str
    # The team value the pick brings (0 for a duty block, or for a session a teammate covers too).
    value: int
    own: Score
    reasons: tuple[str, ...]
    kind: Literal["session", "must", "together", "duty"] = "session"
    previous: str | None = None
    walk: Walk | None = None
    gap_minutes: int | None = None

    @property
    def id(self) -> str:
        return self.item.id

    def to_json(self) -> dict[str, Any]:
        loc = self.item.location
        return {
            "id": self.item.id,
            "title": self.title,
            "start": self.item.start.isoformat(),
            "end": self.item.end.isoformat(),
            "room": loc.place if loc.room else None,
            "kind": self.kind,
            "value": self.value,
            "own_score": self.own.points,
            "reasons": list(self.reasons),
            "from": self.previous,
            "walk_minutes": self.walk.minutes if self.walk else None,
        }


@dataclass(frozen=True)
class MemberDay:
    name: str
    agenda: str
    picks: tuple[TeamPick, ...]

    @property
    def share(self) -> int:
        """The team value this member brings: what they cover first (in member order)."""
        return sum(p.value for p in self.picks)

    @property
    def own_score(self) -> int:
        return sum(p.own.points for p in self.picks)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "agenda": self.agenda,
            "share": self.share,
            "own_score": self.own_score,
            "picks": [p.to_json() for p in self.picks],
        }


@dataclass(frozen=True)
class Uncovered:
    """A session someone wanted that nobody attends, and why each member is elsewhere."""

    session: Session
    value: int
    wanted_by: tuple[tuple[str, int], ...]
    why: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.session.id,
            "title": self.session.title,
            "start": self.session.start.isoformat(),
            "end": self.session.end.isoformat(),
            "value": self.value,
            "wanted_by": [{"name": n, "score": s} for n, s in self.wanted_by],
            "why": list(self.why),
        }


@dataclass(frozen=True)
class TeamPlan:
    """The team's day(s): each member's picks, the team value, and what nobody covers."""

    strategy: str
    members: tuple[MemberDay, ...]
    uncovered: tuple[Uncovered, ...]
    notices: tuple[str, ...] = ()
    stats: tuple[SolveStats, ...] = ()

    @property
    def total(self) -> int:
        """The team value: each covered session's value, once."""
        return sum(m.share for m in self.members)

    @property
    def solver_seconds(self) -> float:
        return sum(s.seconds for s in self.stats)

    def member(self, name: str) -> MemberDay:
        return next(m for m in self.members if m.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "members": [m.to_json() for m in self.members],
            "total": self.total,
            "uncovered": [u.to_json() for u in self.uncovered],
        }


@dataclass(frozen=True)
class SaveResult:
    member: str
    agenda: str
    added: tuple[str, ...]


@dataclass
class Team:
    """A team file opened: its members with their agendas, the schedule and the venue."""

    path: Path
    spec: TeamSpec
    members: tuple[Member, ...]
    together: tuple[Session, ...]
    notices: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: str | os.PathLike, options: PlanOptions | None = None) -> Team:
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
            file = AgendaFile(agenda_path)
            file.label = os.path.relpath(agenda_path)
            agenda = file.load() if file.exists() else Agenda()
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
                    f"together: {query!r}: {exc.message}", path=str(path), line=_line_naming(path, query)
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

    def team_value(self, scores: list[Score]) -> int:
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
                    line=_line_naming(self.path, duty.where),
                    hint="give a room as the schedule names it, or a session ID",
                ) from None
            start = local_datetime(date, duty.clock_start, like)
            end = local_datetime(date, duty.clock_end, like)
            suffix = f"-{date.isoformat()}" if len(self.planner.schedule.days) > 1 else ""
            found.append((duty, Item(f"duty-{k}{suffix}", start, end, location)))
        return found

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
                    fixed[session.id] = _item(member, session)
            hard = [c for c in find_conflicts(list(fixed.values()), member.venue, member.buffer) if c.hard]
            if hard:
                what = "; ".join(f"{c.first.id} and {c.second.id} ({c.kind})" for c in hard)
                raise TeamError(
                    f"{member.name}'s must picks and the together sessions conflict: {what}",
                    path=member.planner.file.label,
                    hint=f"drop one from {member.planner.file.label}, or from 'together'",
                )
            own: dict[str, int] = {}
            allowed = set(fixed)
            for session in sessions:
                points = scores[session.id][m].points
                if (
                    value[session.id] > 0
                    and points >= 0
                    and not member.excluded(session)
                    and member.available(session.start, session.end)
                    and not any(overlaps(_item(member, session), b) for b in blocks)
                ):
                    allowed.add(session.id)
                own[session.id] = max(0, points)
            for _, item in duties:
                if member.available(item.start, item.end) and not any(overlaps(item, b) for b in blocks):
                    allowed.add(item.id)
            for session in sessions:
                if session.id in allowed and session.id not in items:
                    items[session.id] = _item(member, session)
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

    # -- planning -------------------------------------------------------------------

    def plan(self, strategy: Strategy = "exact", time_limit: float = DEFAULT_TIME_LIMIT) -> TeamPlan:
        """Each member's day, chosen together (``exact``), in turn (``greedy``), or
        alone (``independent``: each member's own ``suggest``, ignoring the team).

        ``time_limit`` (seconds, per day) bounds the exact solver; a plan it could
        not prove best says so in the notices, with how far from the bound it may be.
        """
        if strategy not in STRATEGIES:
            raise TeamError(f"unknown strategy {strategy!r} (known: {', '.join(STRATEGIES)})")
        scores = self.scores()
        chosen: dict[str, list[str]] = {m.name: [] for m in self.members}
        stats: list[SolveStats] = []
        problems = []
        for date in self.days():
            day = self.day_problem(date, scores)
            problems.append(day)
            if strategy == "exact":
                assignment, figures = solve_exact(day, time_limit)
                stats.append(figures)
                if not figures.proven:
                    assignment = self._unproven(date, day, assignment, figures, time_limit)
            elif strategy == "greedy":
                assignment = solve_greedy(day)
            else:
                assignment = self._independent(date)
            for name, ids in assignment.items():
                chosen[name] += ids
        return self._result(strategy, chosen, problems, scores, tuple(stats))

    def _unproven(
        self, date: dt.date, day: TeamDay, assignment: dict, figures: SolveStats, time_limit: float
    ) -> dict:
        """The solver ran out of time: keep the better of its plan and the greedy one, and say
        how far from the best possible it may be."""
        kept, how = assignment, "the solver's best plan so far"
        try:
            greedy = solve_greedy(day)
        except TeamError:
            greedy = None
        if greedy is not None and team_value(day, greedy) > team_value(day, assignment):
            kept, how = greedy, "the greedy plan (better than the solver's so far)"
        value = team_value(day, kept)
        bound = f"; no plan can beat {figures.bound}" if figures.bound is not None else ""
        self.notices.append(
            f"{date}: the exact solver stopped at its time limit ({time_limit:g} s), so this day is "
            f"{how}, team value {value}, not proven best{bound} (--time-limit gives it longer)"
        )
        return kept

    def _independent(self, date: dt.date) -> dict[str, tuple[str, ...]]:
        return {
            m.name: tuple(p.id for p in m.planner.suggest(m.preferences.but(fill=True), date).picks)
            for m in self.members
        }

    def _result(
        self,
        strategy: str,
        chosen: dict[str, list[str]],
        problems: list[TeamDay],
        scores: dict[str, list[Score]],
        stats: tuple[SolveStats, ...],
    ) -> TeamPlan:
        items: dict[str, Item] = {}
        fixed: dict[str, set[str]] = {m.name: set() for m in self.members}
        for day in problems:
            items.update(day.by_id())
            for attendee in day.attendees:
                fixed[attendee.name] |= attendee.musts
        duty_ids = {i for day in problems for i in day.need}
        together = {s.id for s in self.together}
        counted: set[str] = set()
        days = []
        for m, member in enumerate(self.members):
            ids = chosen[member.name]
            placed = [items.get(i) or _item(member, self.planner.schedule.get(i)) for i in ids]
            placed.sort(key=lambda i: (i.start, i.end, i.id))
            previous = previous_items([Item(i.id, i.start, i.end, i.location) for i in placed])
            picks = []
            for item in placed:
                session = self.planner.schedule.get(item.id)
                before = previous.get(item.id)
                if item.id in duty_ids:
                    kind, title, value, own, reasons = "duty", self._duty_title(item), 0, Score(), ("duty",)
                else:
                    kind = (
                        "together"
                        if item.id in together
                        else "must"
                        if item.id in fixed[member.name]
                        else "session"
                    )
                    title = session.title if session else item.id
                    value = 0 if item.id in counted else self.team_value(scores.get(item.id, []))
                    own = scores[item.id][m] if item.id in scores else Score()
                    reasons = self._reasons(scores.get(item.id, []))
                    counted.add(item.id)
                picks.append(
                    TeamPick(
                        member.name,
                        item,
                        session,
                        title,
                        value,
                        own,
                        reasons,
                        kind,
                        before.id if before else None,
                        member.venue.walk(before.location, item.location) if before else None,
                        minutes_between(before.end, item.start) if before else None,
                    )
                )
            days.append(MemberDay(member.name, member.planner.file.label, tuple(picks)))
        uncovered = self._uncovered(days, problems, scores, counted)
        return TeamPlan(strategy, tuple(days), uncovered, tuple(self.notices), stats)

    def _duty_title(self, item: Item) -> str:
        index = int(item.id.split("-")[1]) - 1
        return f"Duty: {self.spec.duty[index].where}"

    def _reasons(self, scores: Sequence[Score]) -> tuple[str, ...]:
        return tuple(
            f"{member.name}: {reason}"
            for member, score in zip(self.members, scores, strict=False)
            if score.points > 0
            for reason in score.reasons
        )

    def _uncovered(
        self,
        days: list[MemberDay],
        problems: list[TeamDay],
        scores: dict[str, list[Score]],
        covered: set[str],
    ) -> tuple[Uncovered, ...]:
        allowed = {a.name: set() for a in problems[0].attendees} if problems else {}
        for day in problems:
            for attendee in day.attendees:
                allowed[attendee.name] |= attendee.allowed
        found = []
        for session in self.sessions:
            value = self.team_value(scores[session.id])
            if value <= 0 or session.id in covered or session.end <= session.start:
                continue
            wanted = tuple(
                (m.name, s.points)
                for m, s in zip(self.members, scores[session.id], strict=True)
                if s.points > 0
            )
            why = tuple(
                self._why_not(member, day, session, allowed.get(member.name, set()))
                for member, day in zip(self.members, days, strict=True)
            )
            found.append(Uncovered(session, value, wanted, why))
        found.sort(key=lambda u: (-u.value, u.session.start, u.session.id))
        return tuple(found)

    def _why_not(self, member: Member, day: MemberDay, session: Session, allowed: set[str]) -> str:
        name = member.name
        if session.id not in allowed:
            if member.excluded(session):
                return f"{name}: not for them (a drop-in or avoided type)"
            if not member.available(session.start, session.end):
                return f"{name}: not there then (available {member.spec.available})"
            if member.score(session).points < 0:
                return f"{name}: scores it below zero"
            return f"{name}: kept free by a must drop-in"
        item = _item(member, session)
        for pick in day.picks:
            if overlaps(item, pick.item):
                return f"{name}: at {pick.id} (value {pick.value})"
        for pick in day.picks:
            if not compatible(item, pick.item, member.venue, member.buffer):
                first, second = (pick.item, item) if pick.item.start <= item.start else (item, pick.item)
                walk = member.venue.minutes(first.location, second.location)
                gap = minutes_between(first.end, second.start)
                side = "from" if first is pick.item else "to"
                return f"{name}: {walk} min walk {side} {pick.id} in a {gap} min gap"
        return f"{name}: free then, but not sent (no plan has room for it)"

    # -- saving -----------------------------------------------------------------------

    def save(self, plan: TeamPlan) -> list[SaveResult]:
        """Write each member's sessions into their agenda as must picks: one locked,
        atomic save per member, keeping what was there (notes, maybes, comments)."""
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
        return results


def _line_naming(path: Path, text: str) -> int | None:
    """The first line of the team file that mentions ``text`` (for an error about it)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return next((n for n, line in enumerate(lines, start=1) if text in line), None)


def _item(member: Member, session: Session) -> Item:
    return Item(session.id, session.start, session.end, member.venue.place_of(session.location))


def open_team(path: str | os.PathLike, options: PlanOptions | None = None) -> Team:
    """:meth:`Team.open`, as a function."""
    return Team.open(path, options)


# -- the merged day of members who pick for themselves ---------------------------------


@dataclass(frozen=True)
class Seat:
    """A member's pick (as their agenda holds it) in the merged day."""

    member: str
    item: Item
    title: str
    priority: str
    value: int

    def to_json(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "id": self.item.id,
            "title": self.title,
            "start": self.item.start.isoformat(),
            "end": self.item.end.isoformat(),
            "room": self.item.location.place if self.item.location.room else None,
            "priority": self.priority,
            "value": self.value,
        }


@dataclass(frozen=True)
class TeamSlot:
    start: dt.datetime
    seats: tuple[Seat, ...]
    # Session IDs two or more members hold as must picks (not a together session).
    doubled: tuple[str, ...]
    uncovered: tuple[Uncovered, ...]


@dataclass(frozen=True)
class TeamView:
    """The members' own agendas merged: slot by slot, doubled-up and best uncovered flagged."""

    slots: tuple[TeamSlot, ...]
    doubled: dict[str, tuple[str, ...]]
    uncovered: tuple[Uncovered, ...]
    total: int
    members: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "total": self.total,
            "slots": [
                {
                    "start": slot.start.isoformat(),
                    "seats": [s.to_json() for s in slot.seats],
                    "doubled": list(slot.doubled),
                    "uncovered": [u.to_json() for u in slot.uncovered],
                }
                for slot in self.slots
            ],
            "doubled": {k: list(v) for k, v in self.doubled.items()},
            "uncovered": [u.to_json() for u in self.uncovered],
        }


def view(team: Team, best: int = 8) -> TeamView:
    """The merged day of ``team``'s agendas as they are (see :class:`TeamView`).

    A session counts as covered when a member holds it as a must pick; the
    ``best`` uncovered sessions (highest team value) are flagged in their slot.
    """
    scores = team.scores()
    together = {s.id for s in team.together}
    seats: list[Seat] = []
    holders: dict[str, list[str]] = {}
    for member in team.members:
        for entry in member.planner.plan(member.agenda).entries:
            value = team.team_value(scores.get(entry.pick.id, []))
            seats.append(Seat(member.name, entry.item, entry.title, entry.pick.priority, value))
            if entry.pick.must:
                holders.setdefault(entry.pick.id, []).append(member.name)
    doubled = {s: tuple(names) for s, names in holders.items() if len(names) > 1 and s not in together}
    covered = set(holders)
    total = sum(team.team_value(scores.get(s, [])) for s in covered)
    by_member: dict[str, list[Seat]] = {}
    for seat in seats:
        if seat.priority == "must":
            by_member.setdefault(seat.member, []).append(seat)
    wanted = []
    for session in team.sessions:
        value = team.team_value(scores[session.id])
        if value <= 0 or session.id in covered or session.end <= session.start:
            continue
        names = tuple(
            (m.name, s.points) for m, s in zip(team.members, scores[session.id], strict=True) if s.points > 0
        )
        why = []
        for member in team.members:
            busy = [s for s in by_member.get(member.name, []) if overlaps(s.item, _item(member, session))]
            why.append(
                f"{member.name}: at " + ", ".join(s.item.id for s in busy)
                if busy
                else f"{member.name}: free then"
            )
        wanted.append(Uncovered(session, value, names, tuple(why)))
    wanted.sort(key=lambda u: (-u.value, u.session.start, u.session.id))
    top = wanted[:best]
    starts = sorted({s.item.start for s in seats} | {u.session.start for u in top})
    slots = []
    for start in starts:
        here = tuple(sorted((s for s in seats if s.item.start == start), key=lambda s: s.member))
        slots.append(
            TeamSlot(
                start,
                here,
                tuple(dict.fromkeys(s.item.id for s in here if s.item.id in doubled)),
                tuple(u for u in top if u.session.start == start),
            )
        )
    return TeamView(tuple(slots), doubled, tuple(top), total, tuple(m.name for m in team.members))
