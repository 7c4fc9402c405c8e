"""The strategies that choose each member's day: ``exact`` (the team's best, by the
ILP of :mod:`.solver`), ``greedy`` (members in turn, the baseline) and ``independent``
(each member's own ``suggest``, ignoring the team); and the plan they make, with
what nobody covers and why::

    make_plan(Team.open("examples/team.yaml"), "greedy").total   # as team.plan("greedy")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Literal

from ..clock import minutes_between
from ..conflicts import Item, overlaps, previous_items
from ..models import Session
from ..suggest import Score
from .model import MemberDay, TeamPick, TeamPlan, Uncovered
from .opening import Member, OpenedTeam, member_item
from .solver import SolveStats, TeamDay, compatible, solve_exact, solve_greedy, team_value
from .spec import TeamError

Strategy = Literal["exact", "greedy", "independent"]
# Seconds the exact solver may take for one day before it settles for the best plan found.
DEFAULT_TIME_LIMIT = 120.0
STRATEGIES: tuple[str, ...] = ("exact", "greedy", "independent")


def make_plan(
    team: OpenedTeam, strategy: Strategy = "exact", time_limit: float = DEFAULT_TIME_LIMIT
) -> TeamPlan:
    """Each member's day, chosen together (``exact``), in turn (``greedy``), or
    alone (``independent``: each member's own ``suggest``, ignoring the team).

    ``time_limit`` (seconds, per day) bounds the exact solver; a plan it could
    not prove best says so in the notices, with how far from the bound it may be.
    """
    if strategy not in STRATEGIES:
        raise TeamError(f"unknown strategy {strategy!r} (known: {', '.join(STRATEGIES)})")
    scores = team.scores()
    chosen: dict[str, list[str]] = {m.name: [] for m in team.members}
    stats: list[SolveStats] = []
    problems = []
    for date in team.days():
        day = team.day_problem(date, scores)
        problems.append(day)
        if strategy == "exact":
            assignment, figures = solve_exact(day, time_limit)
            stats.append(figures)
            if not figures.proven:
                assignment = _unproven(team, date, day, assignment, figures, time_limit)
        elif strategy == "greedy":
            assignment = solve_greedy(day)
        else:
            assignment = _independent(team, date)
        for name, ids in assignment.items():
            chosen[name] += ids
    return _result(team, strategy, chosen, problems, scores, tuple(stats))


def _unproven(
    team: OpenedTeam, date: dt.date, day: TeamDay, assignment: dict, figures: SolveStats, time_limit: float
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
    team.notices.append(
        f"{date}: the exact solver stopped at its time limit ({time_limit:g} s), so this day is "
        f"{how}, team value {value}, not proven best{bound} (--time-limit gives it longer)"
    )
    return kept


def _independent(team: OpenedTeam, date: dt.date) -> dict[str, tuple[str, ...]]:
    return {
        m.name: tuple(p.id for p in m.planner.suggest(m.preferences.but(fill=True), date).picks)
        for m in team.members
    }


def _result(
    team: OpenedTeam,
    strategy: str,
    chosen: dict[str, list[str]],
    problems: list[TeamDay],
    scores: dict[str, list[Score]],
    stats: tuple[SolveStats, ...],
) -> TeamPlan:
    items: dict[str, Item] = {}
    fixed: dict[str, set[str]] = {m.name: set() for m in team.members}
    for day in problems:
        items.update(day.by_id())
        for attendee in day.attendees:
            fixed[attendee.name] |= attendee.musts
    duty_ids = {i for day in problems for i in day.need}
    together = {s.id for s in team.together}
    counted: set[str] = set()
    days = []
    for m, member in enumerate(team.members):
        ids = chosen[member.name]
        # What is not a day's item (a duty, a must) is a session of the schedule: it was chosen there.
        placed = [items.get(i) or member_item(member, team.planner.schedule.by_id[i]) for i in ids]
        placed.sort(key=lambda i: (i.start, i.end, i.id))
        previous = previous_items([Item(i.id, i.start, i.end, i.location) for i in placed])
        picks = []
        for item in placed:
            session = team.planner.schedule.get(item.id)
            before = previous.get(item.id)
            kind: Literal["session", "must", "together", "duty"]
            reasons: tuple[str, ...]
            if item.id in duty_ids:
                kind, title, value, own, reasons = "duty", _duty_title(team, item), 0, Score(), ("duty",)
            else:
                kind = (
                    "together"
                    if item.id in together
                    else "must"
                    if item.id in fixed[member.name]
                    else "session"
                )
                title = session.title if session else item.id
                value = 0 if item.id in counted else team.team_value(scores.get(item.id, []))
                own = scores[item.id][m] if item.id in scores else Score()
                reasons = _reasons(team, scores.get(item.id, []))
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
    uncovered = _uncovered(team, days, problems, scores, counted)
    return TeamPlan(strategy, tuple(days), uncovered, tuple(team.notices), stats)


def _duty_title(team: OpenedTeam, item: Item) -> str:
    index = int(item.id.split("-")[1]) - 1
    return f"Duty: {team.spec.duty[index].where}"


def _reasons(team: OpenedTeam, scores: Sequence[Score]) -> tuple[str, ...]:
    return tuple(
        f"{member.name}: {reason}"
        for member, score in zip(team.members, scores, strict=False)
        if score.points > 0
        for reason in score.reasons
    )


def _uncovered(
    team: OpenedTeam,
    days: list[MemberDay],
    problems: list[TeamDay],
    scores: dict[str, list[Score]],
    covered: set[str],
) -> tuple[Uncovered, ...]:
    allowed: dict[str, set[str]] = {a.name: set() for a in problems[0].attendees} if problems else {}
    for day in problems:
        for attendee in day.attendees:
            allowed[attendee.name] |= attendee.allowed

    def why(session: Session) -> tuple[str, ...]:
        return tuple(
            _why_not(member, day, session, allowed.get(member.name, set()))
            for member, day in zip(team.members, days, strict=True)
        )

    return tuple(nobody_covers(team, scores, covered, why))


def nobody_covers(
    team: OpenedTeam,
    scores: Mapping[str, Sequence[Score]],
    covered: Collection[str],
    why: Callable[[Session], tuple[str, ...]],
) -> list[Uncovered]:
    """The sessions of team value that no member covers, best first, each with who
    wants it and ``why(session)`` (each member's reason to be elsewhere).

    Used for a plan (:func:`make_plan`) and for the members' own agendas (``team show``).
    """
    found = []
    for session in team.sessions:
        value = team.team_value(scores[session.id])
        if value <= 0 or session.id in covered or session.end <= session.start:
            continue
        wanted = tuple(
            (m.name, s.points) for m, s in zip(team.members, scores[session.id], strict=True) if s.points > 0
        )
        found.append(Uncovered(session, value, wanted, why(session)))
    found.sort(key=lambda u: (-u.value, u.session.start, u.session.id))
    return found


def _why_not(member: Member, day: MemberDay, session: Session, allowed: set[str]) -> str:
    name = member.name
    if session.id not in allowed:
        if member.excluded(session):
            return f"{name}: not for them (a drop-in or avoided type)"
        if not member.available(session.start, session.end):
            return f"{name}: not there then (available {member.spec.available})"
        if member.score(session).points < 0:
            return f"{name}: scores it below zero"
        return f"{name}: kept free by a must drop-in"
    item = member_item(member, session)
    for pick in day.picks:
        if overlaps(item, pick.item):
            if pick.kind == "duty":  # a duty block's ID is planner's own: name its place
                return f"{name}: on duty at {pick.item.location.place}"
            return f"{name}: at {pick.id} (value {pick.value})"
    for pick in day.picks:
        if not compatible(item, pick.item, member.venue, member.buffer):
            first, second = (pick.item, item) if pick.item.start <= item.start else (item, pick.item)
            walk = member.venue.minutes(first.location, second.location)
            gap = minutes_between(first.end, second.start)
            side = "from" if first is pick.item else "to"
            where = pick.title if pick.kind == "duty" else pick.id
            return f"{name}: {walk} min walk {side} {where} in a {gap} min gap"
    return f"{name}: free then, but not sent (no plan has room for it)"
