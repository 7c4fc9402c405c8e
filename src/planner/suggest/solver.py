"""The exact solver: the best-scoring agenda one can walk (see "The solver" in
:mod:`planner.suggest`)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

from ..clock import minutes_between
from ..conflicts import Item, move_problem
from ..frozen import frozen
from ..venue import Venue


@frozen(kw_only=False)
class Candidate:
    """A session the solver may pick: where and when (an :class:`Item`), its score,
    and whether it is a must (kept whenever the musts fit together)."""

    item: Item
    score: int = 0
    must: bool = False


def solve(candidates: Iterable[Candidate], venue: Venue, buffer_minutes: int) -> tuple[Candidate, ...]:
    """The best feasible agenda among ``candidates``, in time order.

    Candidates must have positive durations and distinct IDs.
    """
    pool = sorted(candidates, key=lambda c: (c.item.start, c.item.id))
    if len({c.item.id for c in pool}) != len(pool):
        raise ValueError("candidates must have distinct IDs")
    if any(not c.item.positive for c in pool):
        raise ValueError("candidates must end after they start")
    if not pool:
        return ()
    places = list(dict.fromkeys(c.item.location for c in pool))
    where = {place: k for k, place in enumerate(places)}
    walks = [[venue.minutes(a, b) for b in places] for a in places]
    window = dt.timedelta(minutes=venue.max_walk(places) + buffer_minutes)
    starts = [c.item.start for c in pool]
    room = [where[c.item.location] for c in pool]
    zero = (0, 0, 0)
    n = len(pool)
    # value[i]: (musts, score, picks) of the best agenda that starts with pool[i];
    # follow[i]: its second pick; best_from[p]: the best start among pool[p:],
    # the earliest on ties (pool is in (start, ID) order).
    value: list[tuple[int, int, int]] = [zero] * n
    follow = [-1] * n
    best_from = [-1] * (n + 1)

    def better(j: int, k: int) -> bool:
        return k == -1 or value[j] > value[k] or (value[j] == value[k] and j < k)

    for i in range(n - 1, -1, -1):
        here = pool[i]
        end = here.item.end
        lo = bisect.bisect_left(starts, end, i + 1)
        hi = bisect.bisect_left(starts, end + window, lo)
        best = best_from[hi]  # far enough for any walk: all compatible
        for j in range(lo, hi):
            problem = move_problem(
                minutes_between(end, pool[j].item.start), walks[room[i]][room[j]], buffer_minutes
            )
            # Two musts the user chose may be tight (reported, not changed), never unreachable.
            allowed = problem is None or (problem == "tight" and here.must and pool[j].must)
            if allowed and better(j, best):
                best = j
        own = (int(here.must), here.score, 1)
        if best != -1 and value[best] > zero:
            later = value[best]
            value[i] = (own[0] + later[0], own[1] + later[1], own[2] + later[2])
            follow[i] = best
        else:
            value[i] = own
        best_from[i] = i if better(i, best_from[i + 1]) else best_from[i + 1]
    chosen: list[Candidate] = []
    i = best_from[0]
    if i != -1 and value[i] > zero:
        while i != -1:
            chosen.append(pool[i])
            i = follow[i]
    return tuple(chosen)
