"""The team's day as an optimisation problem, and its two solvers.

A :class:`TeamDay` is one day: the items (sessions and duty blocks), and for
each member (an :class:`Attendee`) what they may attend, their own score for
it, their musts, their walking pace (a :class:`~planner.venue.Venue`) and
buffer. Nothing here reads a file, so the solvers can be checked against brute
force on made-up days.

A member's day is **feasible** when it holds all their musts, only items they
may attend, and every two of its items are compatible: they do not overlap,
and the later one can be reached from the earlier with the buffer to spare
(:func:`planner.conflicts.walk_fits`: staying in the room needs no gap, any other
move needs ``gap >= walk + buffer``). Every pair, not only consecutive ones: with
walks that obey the triangle inequality (the venue's do) that is the same thing.
Two musts the member chose may be tight (as in ``suggest``), never overlapping
or unreachable.

The team's **value** is the sum of ``value[s]`` over the sessions at least one
member attends: each session counts once, however many go.

:func:`solve_exact` is an integer linear programme (HiGHS, through
``scipy.optimize.milp``):

- ``x[m,s]`` binary: member ``m`` attends ``s`` (only for ``s`` they may attend;
  fixed to 1 for their musts).
- no overlap: for each member and each maximal set of their items running at
  one moment (a start time), ``sum x <= 1``;
- walks: for each member and item ``a``, the later items ``b`` that start
  within the longest walk plus the buffer of ``a``'s end and cannot be reached
  from it, split into groups that run at one moment: ``x[a] + sum x[b] <= 1``
  (items ``a`` that share a group and run at one moment share the row);
- nobody doubles up: ``sum_m x[m,s] <= 1`` unless ``s`` is a session everyone
  attends (``together``) or several members' must. So ``y[s] = sum_m x[m,s]``
  says whether ``s`` is covered, and needs no variable of its own (a session
  someone must attend is covered whatever the plan: its value is a constant);
- duty: ``sum_m x[m,d] >= need[d]``;
- maximise ``B * sum value[s] y[s] + sum own[m,s] x[m,s]``, where ``B`` is one
  more than the sum of all own scores: the team value first, exactly, then, of
  the plans with that value, the one where members sit in what they like most
  themselves.

:func:`solve_greedy` is the baseline people use today: duty handed out first,
in member order, then each member in turn takes their own best day
(:func:`planner.suggest.solve`, by their own score) among the sessions nobody
before them covers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..clock import minutes_between
from ..conflicts import Item, overlaps, walk_fits
from ..frozen import frozen
from ..suggest import Candidate, solve
from ..venue import Venue
from .spec import TeamError

Assignment = dict[str, tuple[str, ...]]


@frozen(kw_only=False)
class Attendee:
    """A member as the solvers see them."""

    name: str
    venue: Venue
    buffer: int
    # Own points for each item they may attend (0 if it matters only to others).
    scores: Mapping[str, int]
    allowed: frozenset[str]
    musts: frozenset[str] = frozenset()


@frozen(kw_only=False)
class TeamDay:
    """One day to plan: items (positive durations, distinct IDs) and members."""

    items: tuple[Item, ...]
    attendees: tuple[Attendee, ...]
    # Team value of each item (absent: 0); duty blocks are worth nothing themselves.
    value: Mapping[str, int]
    # Duty block ID -> how many members must be there.
    need: Mapping[str, int] = field(default_factory=dict)
    together: frozenset[str] = frozenset()

    def by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}


def compatible(a: Item, b: Item, venue: Venue, buffer: int, both_musts: bool = False) -> bool:
    """Whether one member can attend both ``a`` and ``b`` (see the module docstring)."""
    if overlaps(a, b):
        return False
    first, second = (a, b) if a.start <= b.start else (b, a)
    gap = minutes_between(first.end, second.start)
    walk = venue.minutes(first.location, second.location)
    return walk_fits(gap, walk, buffer) or (both_musts and walk <= gap)


def is_feasible(day: TeamDay, attendee: Attendee, ids: Iterable[str]) -> bool:
    """Whether ``ids`` is a feasible day for ``attendee`` (musts in, all pairs compatible)."""
    chosen = list(dict.fromkeys(ids))
    if not attendee.musts <= set(chosen) or not set(chosen) <= attendee.allowed:
        return False
    items = day.by_id()
    for k, a in enumerate(chosen):
        for b in chosen[k + 1 :]:
            both = a in attendee.musts and b in attendee.musts
            if not compatible(items[a], items[b], attendee.venue, attendee.buffer, both):
                return False
    return True


def team_value(day: TeamDay, assignment: Mapping[str, Iterable[str]]) -> int:
    """The value of the sessions at least one member attends, each counted once."""
    covered = {s for ids in assignment.values() for s in ids}
    return sum(day.value.get(s, 0) for s in covered)


def check_duty(day: TeamDay, assignment: Mapping[str, Iterable[str]]) -> bool:
    return all(sum(d in ids for ids in assignment.values()) >= need for d, need in day.need.items())


# -- the exact solver ------------------------------------------------------------


def clique_groups(items: list[Item]) -> list[list[Item]]:
    """The maximal sets of ``items`` running at one moment (each at some start time).

    The set at a start ``t`` is contained in the set at the next start unless
    something ends in between, so only those starts are kept.
    """
    timed = sorted((i for i in items if i.positive), key=lambda i: (i.start, i.end, i.id))
    starts = sorted({i.start for i in timed})
    ends = sorted(i.end for i in timed)
    groups = []
    for k, moment in enumerate(starts):
        following = starts[k + 1] if k + 1 < len(starts) else None
        if following is not None and bisect.bisect_right(ends, following) == bisect.bisect_right(
            ends, moment
        ):
            continue  # nothing ends in (moment, following]: the next set holds this one
        groups.append([i for i in timed if i.start <= moment < i.end])
    return groups


def stabbing_groups(items: list[Item]) -> list[list[Item]]:
    """``items`` split into groups that each run at one common moment (greedy by end)."""
    remaining = sorted(items, key=lambda i: (i.end, i.start, i.id))
    groups = []
    while remaining:
        first_end = remaining[0].end
        group = [i for i in remaining if i.start < first_end]
        groups.append(group)
        taken = {i.id for i in group}
        remaining = [i for i in remaining if i.id not in taken]
    return groups


@dataclass
class _Model:
    columns: list[tuple[str, str]] = field(default_factory=list)  # ("x", m:s) or ("y", s)
    objective: list[float] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[int] = field(default_factory=list)
    rows: list[tuple[list[int], list[float], float, float]] = field(default_factory=list)

    def column(self, key: tuple[str, str], cost: float, lo: float, hi: float, integer: bool) -> int:
        self.columns.append(key)
        self.objective.append(cost)
        self.lower.append(lo)
        self.upper.append(hi)
        self.integer.append(int(integer))
        return len(self.columns) - 1

    def row(self, cols: list[int], coeffs: list[float], lo: float, hi: float) -> None:
        self.rows.append((cols, coeffs, lo, hi))


@frozen(kw_only=False)
class SolveStats:
    """What the exact solver built and how long HiGHS took (seconds)."""

    variables: int = 0
    constraints: int = 0
    nonzeros: int = 0
    seconds: float = 0.0
    # False when HiGHS stopped at the time limit: the plan is feasible, ``gap`` from the best bound.
    proven: bool = True
    gap: float = 0.0
    # The best team value any plan of the day could have, as HiGHS bounded it (when not proven).
    bound: float | None = None


def solve_exact(day: TeamDay, time_limit: float = 120.0) -> tuple[Assignment, SolveStats]:
    """The plan of highest team value (see the module docstring), and the solver's figures.

    If HiGHS reaches ``time_limit`` (seconds) with a plan in hand, that plan is
    returned with ``proven=False`` and its relative gap to the best bound.
    """
    import time

    from ..extras import require

    require("team")
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    items = day.by_id()
    model = _Model()
    big = 1 + sum(max(0, a.scores.get(s, 0)) for a in day.attendees for s in a.allowed)
    x: dict[tuple[int, str], int] = {}
    for m, attendee in enumerate(day.attendees):
        for s in sorted(attendee.allowed):
            fixed = s in attendee.musts
            own = max(0, attendee.scores.get(s, 0))
            x[m, s] = model.column(("x", f"{m}:{s}"), -own, 1.0 if fixed else 0.0, 1.0, True)
    attendees_of: dict[str, list[int]] = {}
    for (_, s), col in x.items():
        attendees_of.setdefault(s, []).append(col)
    for s, cols in sorted(attendees_of.items()):
        value = day.value.get(s, 0)
        forced = sum(s in a.musts for a in day.attendees)
        if s in day.need:
            model.row(cols, [1.0] * len(cols), float(day.need[s]), np.inf)
            continue
        if not forced and value > 0:
            # Nobody must: at most one goes (the row below), so x itself says "covered".
            for col in cols:
                model.objective[col] -= big * value
        if len(cols) > 1 and not (s in day.together and forced):
            model.row(cols, [1.0] * len(cols), -np.inf, float(max(1, forced)))

    # Members who walk alike (same venue pace, same buffer) share one table of blocked moves.
    tables: dict[tuple[int, int], dict] = {}
    for attendee in day.attendees:
        key = (id(attendee.venue), attendee.buffer)
        if key not in tables:
            alike = [a for a in day.attendees if (id(a.venue), a.buffer) == key]
            pool = {s for a in alike for s in a.allowed}
            tables[key] = blocked_successors([items[s] for s in pool], attendee.venue, attendee.buffer)
    for m, attendee in enumerate(day.attendees):
        mine = [items[s] for s in sorted(attendee.allowed)]
        for group in clique_groups(mine):
            if len(group) > 1:
                model.row([x[m, i.id] for i in group], [1.0] * len(group), -np.inf, 1.0)
        _walk_rows(model, x, m, attendee, tables[id(attendee.venue), attendee.buffer], items)

    stats = SolveStats(len(model.columns), len(model.rows), sum(len(r[0]) for r in model.rows))
    if not model.columns:
        return {a.name: () for a in day.attendees}, stats
    data, rows, cols = [], [], []
    for r, (columns, coeffs, _, _) in enumerate(model.rows):
        rows += [r] * len(columns)
        cols += columns
        data += coeffs
    constraints = []
    if model.rows:
        matrix = coo_array((data, (rows, cols)), shape=(len(model.rows), len(model.columns))).tocsr()
        lows, highs = np.array([r[2] for r in model.rows]), np.array([r[3] for r in model.rows])
        constraints.append(LinearConstraint(matrix, lows, highs))
    began = time.perf_counter()
    result = milp(
        np.array(model.objective),
        integrality=np.array(model.integer),
        bounds=Bounds(np.array(model.lower), np.array(model.upper)),
        constraints=constraints,
        # Exact: no relative gap allowed (HiGHS stops at 1e-4 by default).
        options={"mip_rel_gap": 0.0, "time_limit": time_limit, "presolve": True},
    )
    proven = result.status == 0
    gap = float(getattr(result, "mip_gap", 0.0) or 0.0)
    dual = getattr(result, "mip_dual_bound", None)
    # The objective is B * value + tie-break (< B), so the value is at most floor(-bound / B).
    bound = math.floor(-dual / big) if dual is not None and not proven and math.isfinite(dual) else None
    stats = SolveStats(
        stats.variables, stats.constraints, stats.nonzeros, time.perf_counter() - began, proven, gap, bound
    )
    if result.status == 2:
        raise TeamError("no plan satisfies every member's musts, the together sessions and the duty at once")
    if result.x is None or result.status not in (0, 1):
        raise TeamError(
            f"the solver stopped without a plan: {result.message}",
            hint="give it more time (--time-limit), or plan fewer members at once",
        )
    chosen: dict[int, list[str]] = {m: [] for m in range(len(day.attendees))}
    for (m, s), col in x.items():
        if result.x[col] > 0.5:
            chosen[m].append(s)
    return {
        a.name: tuple(sorted(chosen[m], key=lambda s: (items[s].start, s)))
        for m, a in enumerate(day.attendees)
    }, stats


def blocked_successors(
    items: Iterable[Item], venue: Venue, buffer: int
) -> dict[str, list[tuple[Item, int, int]]]:
    """For each item, the later ones that cannot be reached from it with the buffer to
    spare, each with its walk and gap (minutes).

    Only items starting within the longest walk plus the buffer of an item's end
    can be out of reach; rooms are numbered once so the walks are a table lookup.
    """
    pool = sorted(items, key=lambda i: (i.start, i.id))
    places = list(dict.fromkeys(i.location for i in pool))
    number = {place: k for k, place in enumerate(places)}
    walks = [[venue.minutes(a, b) for b in places] for a in places]
    window = dt.timedelta(minutes=max((max(row) for row in walks), default=0) + buffer)
    room = [number[i.location] for i in pool]
    starts = [i.start for i in pool]
    begins = [i.start.timestamp() for i in pool]
    found: dict[str, list[tuple[Item, int, int]]] = {}
    for a in pool:
        lo = bisect.bisect_left(starts, a.end)
        hi = bisect.bisect_left(starts, a.end + window, lo)
        here, ends = number[a.location], a.end.timestamp()
        out = []
        for j in range(lo, hi):
            walk = walks[here][room[j]]
            gap = math.floor((begins[j] - ends) / 60)
            if not walk_fits(gap, walk, buffer):
                out.append((pool[j], walk, gap))
        found[a.id] = out
    return found


def _walk_rows(
    model: _Model,
    x: dict,
    m: int,
    attendee: Attendee,
    blocked: dict[str, list[tuple[Item, int, int]]],
    items: dict[str, Item],
) -> None:
    """The rows that keep every walk of member ``m`` feasible (see the module docstring).

    Items ``a`` blocked from the same group of later items, and running at one
    moment themselves, share one row: none of them can be followed by any of the
    group, and no two of either side can be attended together. That row is
    stronger than one row per ``a`` (the LP relaxation is tighter), and there are fewer.
    """
    import numpy as np

    musts = attendee.musts
    sources: dict[tuple[str, ...], list[Item]] = {}
    for a in sorted(attendee.allowed):
        out = [
            b
            for b, walk, gap in blocked.get(a, ())
            if b.id in attendee.allowed and not (a in musts and b.id in musts and walk <= gap)
        ]
        for group in stabbing_groups(out):
            sources.setdefault(tuple(sorted(b.id for b in group)), []).append(items[a])
    for blocked_ids, froms in sources.items():
        for together in stabbing_groups(froms):
            cols = [x[m, a.id] for a in together] + [x[m, b] for b in blocked_ids]
            model.row(cols, [1.0] * len(cols), -np.inf, 1.0)


# -- the greedy baseline --------------------------------------------------------------


def solve_greedy(day: TeamDay) -> Assignment:
    """Each member in turn takes their own best day among what nobody before covers."""
    items = day.by_id()
    on_duty: dict[str, set[str]] = {a.name: set() for a in day.attendees}
    for duty in sorted(day.need, key=lambda d: (items[d].start, d)):
        # Those who must hold it (the saved plan's) first, then the rest in member order.
        found = 0
        for attendee in day.attendees:
            if duty in attendee.musts:
                on_duty[attendee.name].add(duty)
                found += 1
        for attendee in day.attendees:
            if found >= day.need[duty]:
                break
            if duty not in attendee.allowed or duty in attendee.musts:
                continue
            held = [items[s] for s in attendee.musts | on_duty[attendee.name]]
            if all(compatible(items[duty], h, attendee.venue, attendee.buffer) for h in held):
                on_duty[attendee.name].add(duty)
                found += 1
        if found < day.need[duty]:
            block = items[duty]
            raise TeamError(
                f"the greedy plan cannot staff the duty at {block.location.place} "
                f"({block.start:%a %H:%M}-{block.end:%H:%M}): too few members are free then"
            )
    covered: set[str] = set()
    assignment: Assignment = {}
    for attendee in day.attendees:
        forced = attendee.musts | on_duty[attendee.name]
        candidates = [Candidate(items[s], attendee.scores.get(s, 0), True) for s in sorted(forced)]
        candidates += [
            Candidate(items[s], attendee.scores[s], False)
            for s in sorted(attendee.allowed - forced)
            if s not in covered and s not in day.need and attendee.scores.get(s, 0) > 0
        ]
        chosen = tuple(c.item.id for c in solve(candidates, attendee.venue, attendee.buffer))
        assignment[attendee.name] = chosen
        covered |= {s for s in chosen if s not in day.together}
    return assignment
