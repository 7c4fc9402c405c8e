"""The team solvers against brute force on random small days.

Each instance has 2-3 members, up to 12 sessions in random rooms of a random
venue (buildings, levels, connections: real walks from planner's venue model),
random scores, availability, musts, a session everyone attends, and duty. Brute
force enumerates every feasible day of every member and every combination; the
ILP must reach the same optimum value, and its plan must be feasible by
:func:`planner.conflicts.find_conflicts` itself (no overlap, unreachable or tight).
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from planner.conflicts import Item, find_conflicts
from planner.models import Location
from planner.team.solver import (
    Attendee,
    TeamDay,
    check_duty,
    compatible,
    is_feasible,
    solve_exact,
    solve_greedy,
    team_value,
)
from planner.team.spec import TeamError
from planner.venue import Building, Connection, RoomPlace, Venue

ZONE = dt.timezone(dt.timedelta(hours=-5))
INSTANCES = 200


def random_venue(rng: random.Random) -> tuple[Venue, list[Location]]:
    buildings = {
        name: Building(within_minutes=rng.choice((0.5, 1, 2, 3, 5)), levels=("1", "2", "3"))
        for name in "AB"[: rng.randint(1, 2)]
    }
    connections = ()
    if len(buildings) == 2:
        connections = (Connection(between=("A", "B"), minutes=rng.choice((1, 3, 6, 9)), level="1"),)
    rooms, places = {}, []
    for k in range(rng.randint(2, 5)):
        building, level = rng.choice(sorted(buildings)), rng.choice(("1", "2", "3"))
        name = f"R{k}"
        rooms[name] = RoomPlace(building=building, level=level)
        places.append(Location(room=name, building=building, level=level))
    venue = Venue(
        name="random",
        buildings=buildings,
        connections=connections,
        rooms=rooms,
        level_change_minutes=rng.choice((0.5, 1, 2)),
        escalator_access_minutes=rng.choice((0.5, 1, 2)),
    )
    return venue, places


def random_day(seed: int) -> TeamDay:
    rng = random.Random(seed)
    venue, places = random_venue(rng)
    base = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)
    items = []
    for k in range(rng.randint(4, 12)):
        start = base + dt.timedelta(minutes=10 * rng.randint(0, 18))
        end = start + dt.timedelta(minutes=rng.choice((20, 25, 30, 40, 60)))
        items.append(Item(f"s{k}", start, end, rng.choice(places)))
    need = {}
    if rng.random() < 0.35:
        start = base + dt.timedelta(minutes=10 * rng.randint(0, 15))
        items.append(
            Item("duty", start, start + dt.timedelta(minutes=rng.choice((30, 60))), rng.choice(places))
        )
        need["duty"] = rng.randint(1, 2)
    sessions = [i for i in items if i.id not in need]
    together = frozenset({rng.choice(sessions).id}) if rng.random() < 0.2 else frozenset()
    attendees, value = [], dict.fromkeys((i.id for i in sessions), 0)
    for m in range(rng.randint(2, 3)):
        scores = {i.id: rng.choice((0, 0, 1, 2, 3, 5, 8)) for i in sessions}
        allowed = {i.id for i in sessions if rng.random() < 0.85}
        if rng.random() < 0.3:  # leaves early
            leave = base + dt.timedelta(minutes=10 * rng.randint(6, 20))
            allowed = {s for s in allowed if next(i for i in items if i.id == s).end <= leave}
        allowed |= set(need) | (together & {i.id for i in sessions})
        musts = set(together)
        if rng.random() < 0.3 and allowed - set(need):
            musts.add(rng.choice(sorted(allowed - set(need))))
        for s, points in scores.items():
            value[s] += points
        attendees.append(
            Attendee(
                f"m{m}",
                venue.at_pace(rng.choice((None, 0.8, 1.5))),
                rng.choice((0, 1, 2, 3)),
                {s: p for s, p in scores.items() if s in allowed},
                frozenset(allowed),
                frozenset(musts),
            )
        )
    return TeamDay(tuple(items), tuple(attendees), value, need, together)


def feasible_days(day: TeamDay, attendee: Attendee) -> list[frozenset[str]]:
    """Every feasible day of ``attendee``, by exhaustive search."""
    items = day.by_id()
    pool = sorted(attendee.allowed, key=lambda s: (items[s].start, s))
    found = []

    def grow(k: int, chosen: list[str]) -> None:
        if k == len(pool):
            if attendee.musts <= set(chosen):
                found.append(frozenset(chosen))
            return
        s = pool[k]
        grow(k + 1, chosen)
        if all(
            compatible(
                items[s],
                items[c],
                attendee.venue,
                attendee.buffer,
                s in attendee.musts and c in attendee.musts,
            )
            for c in chosen
        ):
            grow(k + 1, [*chosen, s])

    grow(0, [])
    return found


def brute_force(day: TeamDay) -> int | None:
    """The best team value over every combination of feasible days (None: infeasible)."""
    duties = sorted(day.need)
    states = {(frozenset(), (0,) * len(duties))}
    for attendee in day.attendees:
        options = feasible_days(day, attendee)
        states = {
            (
                covered | option,
                tuple(min(n + (d in option), day.need[d]) for n, d in zip(counts, duties, strict=True)),
            )
            for covered, counts in states
            for option in options
        }
    goal = tuple(day.need[d] for d in duties)
    values = [sum(day.value.get(s, 0) for s in covered) for covered, counts in states if counts == goal]
    return max(values) if values else None


@pytest.mark.parametrize("batch", range(4))
def test_exact_matches_brute_force(batch: int) -> None:
    checked = infeasible = 0
    for seed in range(batch * INSTANCES // 4, (batch + 1) * INSTANCES // 4):
        day = random_day(seed)
        best = brute_force(day)
        if best is None:
            with pytest.raises(TeamError):
                solve_exact(day)
            infeasible += 1
            continue
        plan, _ = solve_exact(day)
        assert team_value(day, plan) == best, seed
        assert check_duty(day, plan), seed
        items = day.by_id()
        for attendee in day.attendees:
            ids = plan[attendee.name]
            assert is_feasible(day, attendee, ids), (seed, attendee.name, ids)
            chosen = [items[s] for s in ids]
            clashes = [
                c
                for c in find_conflicts(chosen, attendee.venue, attendee.buffer)
                if c.kind in ("overlap", "unreachable")
                or (c.kind == "tight" and not {*c.ids} <= attendee.musts)
            ]
            assert not clashes, (seed, attendee.name, clashes)
        # Nobody doubles up, unless everyone attends it or several members must.
        for s in {s for ids in plan.values() for s in ids} - set(day.need) - day.together:
            going = [a for a in day.attendees if s in plan[a.name]]
            assert len(going) == 1 or all(s in a.musts for a in going), (seed, s)
        checked += 1
    assert checked >= INSTANCES // 4 * 0.7, (checked, infeasible)


def test_greedy_is_feasible_and_never_beats_exact() -> None:
    for seed in range(30):
        day = random_day(seed)
        if brute_force(day) is None:
            continue
        try:
            greedy = solve_greedy(day)
        except TeamError:
            continue  # greedy hands out duty first come, first served: it may fail where exact does not
        exact, _ = solve_exact(day)
        for attendee in day.attendees:
            assert attendee.musts <= set(greedy[attendee.name])
        assert check_duty(day, greedy)
        assert team_value(day, greedy) <= team_value(day, exact), seed
