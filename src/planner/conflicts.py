"""Conflicts between picks: overlaps in time, and walks that do not fit the gap.

Kinds, as ``planner conflicts`` reports them:

- ``overlap``: two picks overlap in time (``minutes`` of overlap). Hard when
  both are ``must`` picks.
- ``backup``: a ``maybe`` pick overlapping a ``must`` pick is its backup, a
  second choice for the slot. Shown, not an error.
- ``soft``: an overlap with a drop-in item (a break, lunch, the exhibit hall,
  a lounge): those are flexible.
- ``unreachable``: consecutive picks that do not overlap, but the walk between
  their rooms is longer than the gap (``minutes`` short). Hard between musts.
- ``tight``: reachable, with less than the buffer to spare (``minutes`` spare);
  staying in the same room is never tight.

Intervals are half-open: 11:00-11:30 and 11:30-12:00 do not overlap. Every
pair is checked for overlap (a sweep over start times, O(n log n + k)), and
each pick is checked against the picks that come just before it, those with
nothing else fitting between (O(n log n + k) too).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, Protocol

__all__ = [
    "DEFAULT_BUFFER_MINUTES",
    "DEFAULT_DROP_IN_TYPES",
    "Conflict",
    "Item",
    "Span",
    "find_conflicts",
    "is_drop_in_kind",
    "is_drop_in_type",
    "item_after",
    "item_before",
    "move_problem",
    "overlaps",
    "previous_items",
    "walk_fits",
]

from .clock import minutes_between
from .frozen import frozen
from .models import Location
from .text import fold
from .venue import Venue, Walk

Kind = Literal["overlap", "unreachable", "tight", "backup", "soft"]
KIND_ORDER = ("overlap", "unreachable", "tight", "backup", "soft")
DEFAULT_BUFFER_MINUTES = 2
# Types of the bundled schedule that are drop-in: breaks, lunch, registration
# and coat check, the exhibit hall with its demos, lounges and pavilions.
DEFAULT_DROP_IN_TYPES = (
    "BREAKS",
    "REGISTRATION",
    "EXPERIENCES",
    "SOLUTIONS SHOWCASE",
    "PROJECT OPPORTUNITIES",
)


def is_drop_in_type(session_type: str | None, drop_in_types: Iterable[str]) -> bool:
    return session_type is not None and fold(session_type.strip()) in {fold(t.strip()) for t in drop_in_types}


# Kinds of programme item people walk through rather than sit in, whatever a schedule calls its types.
class _Kinded(Protocol):
    """A session, or anything with its type and track."""

    @property
    def type(self) -> str | None: ...
    @property
    def track(self) -> str | None: ...


DROP_IN_WORDS = frozenset(
    "poster posters expo exhibition exhibit exhibits booth booths lounge lounges showcase registration "
    "break breaks lunch coffee hallway".split()
)


def is_drop_in_kind(session: _Kinded, drop_in_types: Iterable[str]) -> bool:
    """Whether ``session`` is of a drop-in kind: a type of ``drop_in_types``, or a type
    or track whose words say posters, an expo, a lounge, a break (these book no room).

    >>> from types import SimpleNamespace as S
    >>> poster, talk = S(type="Poster", track="Physics"), S(type="Talk", track=None)
    >>> is_drop_in_kind(poster, ()), is_drop_in_kind(talk, ())
    (True, False)
    """
    if is_drop_in_type(session.type, drop_in_types):
        return True
    kinds = f"{session.type or ''} {session.track or ''}"
    return bool(DROP_IN_WORDS.intersection(fold(kinds).replace("-", " ").split()))


@frozen(kw_only=False)
class Item:
    """What conflict detection needs to know of a pick."""

    id: str
    start: dt.datetime
    end: dt.datetime
    location: Location
    must: bool = True
    drop_in: bool = False
    # The conference day (a session after midnight may belong to the day before).
    day: dt.date | None = None

    @property
    def conference_day(self) -> dt.date:
        return self.day or self.start.date()

    @property
    def positive(self) -> bool:
        return self.end > self.start


@frozen(kw_only=False)
class Conflict:
    kind: Kind
    first: Item
    second: Item
    minutes: int
    hard: bool
    walk: Walk | None = None
    gap_minutes: int | None = None

    @property
    def ids(self) -> tuple[str, str]:
        return (self.first.id, self.second.id)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "sessions": list(self.ids),
            "minutes": self.minutes,
            "hard": self.hard,
            "day": self.first.conference_day.isoformat(),
        }
        if self.walk is not None:
            data["walk_minutes"] = self.walk.minutes
            data["gap_minutes"] = self.gap_minutes
        return data


def move_problem(gap_minutes: int, walk_minutes: int, buffer_minutes: int) -> Kind | None:
    """What is wrong with a move from one pick to the next, by the walk rule: a walk
    longer than the gap is ``unreachable``; less than the buffer to spare is
    ``tight``, except when staying in the same room (a 0 min walk). None if it fits.

    >>> move_problem(10, 12, 2), move_problem(10, 9, 2), move_problem(10, 8, 2), move_problem(0, 0, 2)
    ('unreachable', 'tight', None, None)
    """
    if walk_minutes > gap_minutes:
        return "unreachable"
    if gap_minutes - walk_minutes < buffer_minutes and walk_minutes > 0:
        return "tight"
    return None


def walk_fits(gap_minutes: int, walk_minutes: int, buffer_minutes: int) -> bool:
    """Whether the walk fits the gap with the buffer to spare (neither unreachable nor tight)."""
    return move_problem(gap_minutes, walk_minutes, buffer_minutes) is None


class Timed(Protocol):
    """Anything with a start and an end: an item, a session, a span."""

    @property
    def start(self) -> dt.datetime: ...

    @property
    def end(self) -> dt.datetime: ...


@frozen(kw_only=False)
class Span:
    """A stretch of time that is not a pick: a window to fill, a free gap."""

    start: dt.datetime
    end: dt.datetime


def overlaps(a: Timed, b: Timed) -> bool:
    """Half-open intervals overlap; two identical intervals always do (so a zero-length
    item overlaps its exact twin, and one strictly inside another's time).

    >>> t = dt.datetime(2025, 11, 13, 11, tzinfo=dt.UTC)
    >>> hour = dt.timedelta(hours=1)
    >>> overlaps(Span(t, t + hour), Span(t + hour, t + 2 * hour)), overlaps(Span(t, t), Span(t, t))
    (False, True)
    """
    return (a.start < b.end and b.start < a.end) or (a.start == b.start and a.end == b.end)


def _order(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.start, i.end, i.id))


def overlapping_pairs(items: Iterable[Item]) -> Iterator[tuple[Item, Item]]:
    """Every overlapping pair, earlier start first: a sweep, O(n log n + k)."""
    active: list[tuple[dt.datetime, int, Item]] = []
    zero_length: dict[tuple[dt.datetime, dt.datetime], list[Item]] = {}
    for seq, item in enumerate(_order(items)):
        while active and active[0][0] <= item.start:
            heapq.heappop(active)
        for _, _, other in active:
            yield other, item
        if item.positive:
            heapq.heappush(active, (item.end, seq, item))
        else:
            # Empty intervals overlap only their exact twins.
            twins = zero_length.setdefault((item.start, item.end), [])
            for other in twins:
                yield other, item
            twins.append(item)


def consecutive_pairs(items: Sequence[Item]) -> Iterator[tuple[Item, Item]]:
    """Pairs (a, b) where a ends before b starts and no other item fits between them.

    With items ordered by end, the items ending by ``b.start`` are a prefix;
    the latest start ``M`` among them blocks every ``a`` ending at or before
    ``M``, so the pairs are the items ending in ``(M, b.start]``: O(n log n + k).
    """
    timed = [i for i in items if i.positive]
    by_end = sorted(timed, key=lambda i: (i.end, i.start, i.id))
    ends = [i.end for i in by_end]
    latest_start: list[dt.datetime] = []
    for item in by_end:
        latest_start.append(max(latest_start[-1], item.start) if latest_start else item.start)
    for b in _order(timed):
        count = bisect.bisect_right(ends, b.start)
        if count == 0:
            continue
        blocker = latest_start[count - 1]
        for a in by_end[bisect.bisect_right(ends, blocker) : count]:
            yield a, b


def find_conflicts(items: Iterable[Item], venue: Venue, buffer_minutes: int) -> list[Conflict]:
    """All conflicts among ``items``, in time order."""
    items = list(items)
    found: list[Conflict] = []
    for a, b in overlapping_pairs(items):
        minutes = max(0, minutes_between(max(a.start, b.start), min(a.end, b.end)))
        kind: Kind
        if a.drop_in or b.drop_in:
            kind, hard = "soft", False
        elif a.must and b.must:
            kind, hard = "overlap", True
        elif a.must != b.must:
            kind, hard = "backup", False
        else:
            kind, hard = "overlap", False
        found.append(Conflict(kind, a, b, minutes, hard))

    path = [i for i in items if not i.drop_in]
    musts = [i for i in path if i.must]
    pairs = list(consecutive_pairs(musts))
    pairs += [(a, b) for a, b in consecutive_pairs(path) if not (a.must and b.must)]
    for a, b in pairs:
        walk = venue.walk(a.location, b.location)
        gap = minutes_between(a.end, b.start)
        problem = move_problem(gap, walk.minutes, buffer_minutes)
        if problem == "unreachable":
            found.append(Conflict("unreachable", a, b, walk.minutes - gap, a.must and b.must, walk, gap))
        elif problem == "tight":
            found.append(Conflict("tight", a, b, gap - walk.minutes, False, walk, gap))
    found.sort(key=lambda c: (c.first.start, c.second.start, KIND_ORDER.index(c.kind), c.ids))
    return found


def _walked_from(item: Item) -> tuple[dt.datetime, bool, bool, dt.datetime, str]:
    # Of picks ending at once, one walks from a must rather than a maybe, and from a
    # talk rather than a drop-in; then the later start.
    return (item.end, item.must, not item.drop_in, item.start, item.id)


def item_before(items: Iterable[Item], start: dt.datetime) -> Item | None:
    """The item one walks from to something starting at ``start``: of those with a
    length, the one that ended last by then (:func:`previous_items`' rule, for one time).
    """
    return max((i for i in items if i.positive and i.end <= start), key=_walked_from, default=None)


def item_after(items: Iterable[Item], end: dt.datetime) -> Item | None:
    """The item one walks to from something ending at ``end``: of those with a length,
    the first to start from then on."""
    return min(
        (i for i in items if i.positive and i.start >= end),
        key=lambda i: (i.start, i.end, i.id),
        default=None,
    )


def previous_items(items: Sequence[Item]) -> dict[str, Item]:
    """For each item, the pick one walks from to reach it (absent for the first).

    That is the pick that ended last before it starts, on the same day: among
    the must picks for a must pick, among all picks for a maybe. A drop-in
    counts (you walk from lunch to the next talk), though transitions out of a
    drop-in are never conflicts: you can leave lunch early.
    """
    by_end = sorted((i for i in items if i.positive), key=_walked_from)
    ends = [i.end for i in by_end]
    musts = [i for i in by_end if i.must]
    must_ends = [i.end for i in musts]
    previous: dict[str, Item] = {}
    for item in items:
        pool, pool_ends = (musts, must_ends) if item.must else (by_end, ends)
        index = bisect.bisect_right(pool_ends, item.start) - 1
        while index >= 0 and pool[index].id == item.id:
            index -= 1
        # A conference day starts afresh: nobody walks from last night's talk to this
        # morning's; the film at 00:30 listed under the evening before is still that day.
        if index >= 0 and pool[index].conference_day == item.conference_day:
            previous[item.id] = pool[index]
    return previous
