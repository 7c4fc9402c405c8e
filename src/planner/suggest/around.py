"""Around the agenda: what else fits at a moment, instead of a conflict, or in a
free window. An option fits when adding it to the must picks makes no conflict of
any kind involving it, by :func:`planner.conflicts.find_conflicts` itself."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import field
from typing import Any

from ..clock import minutes_between
from ..conflicts import Item, Span, find_conflicts, item_after, item_before, overlaps
from ..day import DayPlan, PlanEntry
from ..frozen import frozen
from ..models import Schedule, Session
from ..venue import Venue, Walk
from .pool import LUNCH_ID, SessionPool, days_in_scope
from .preferences import Preferences
from .relevance import Closeness, Relevance
from .scoring import Score, Scorer

DEFAULT_MIN_GAP_MINUTES = 10


@frozen(kw_only=False)
class Option:
    """A session that fits a window of the day, with its score, what it shares with
    the picks, and the walks from the pick before and to the pick after."""

    session: Session
    score: Score
    # How close it is to the picks (BM25), by which words, like which pick.
    closeness: Closeness = field(default_factory=Closeness)
    before: Item | None = None
    walk_from: Walk | None = None
    after: Item | None = None
    walk_to: Walk | None = None
    # Its priority if it is in the agenda already (a maybe), else None.
    picked: str | None = None

    @property
    def id(self) -> str:
        return self.session.id

    def rank_key(self) -> tuple:
        """Best first: score, then closeness to the picks (BM25), then time and ID."""
        return (-self.score.points, -self.closeness.score, self.session.start, self.session.id)

    @property
    def shared(self) -> tuple[str, ...]:
        """The words that make it close to the picks, weightiest first."""
        return self.closeness.words

    def to_json(self) -> dict[str, Any]:
        s, loc = self.session, self.session.location
        return {
            "id": s.id,
            "title": s.title,
            "day": s.day.isoformat(),
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "building": loc.building,
            "level": loc.level,
            "room": loc.room,
            "score": self.score.points,
            "reasons": [str(r) for r in self.score.reasons],
            "similar": list(self.shared),
            "like": self.closeness.like.id if self.closeness.like else None,
            "closeness": self.closeness.score,
            "from": self.before.id if self.before else None,
            "walk_from_minutes": self.walk_from.minutes if self.walk_from else None,
            "to": self.after.id if self.after else None,
            "walk_to_minutes": self.walk_to.minutes if self.walk_to else None,
            "picked": self.picked,
        }


class OptionFinder:
    """Turns sessions into ranked :class:`Option` s that fit beside the picks kept."""

    def __init__(self, plan: DayPlan, pool: SessionPool, scorer: Scorer) -> None:
        self.plan, self.pool, self.scorer = plan, pool, scorer
        self._picks = [e.session for e in plan.entries if e.session is not None and not e.item.drop_in]
        self._relevance: Relevance | None = None
        self._ranks: dict[str, tuple] = {}

    @property
    def relevance(self) -> Relevance:
        """BM25 against the picks, built on first use over the sessions of the picks' days:
        its word weights are what is rare in those days' programme, where every option is.
        (Over a whole 10,000-session schedule, tokenizing it was 5 s of a `conflicts`.)"""
        if self._relevance is None:
            days = {p.day for p in self._picks}
            corpus = [s for s in self.pool.sessions if s.day in days]
            self._relevance = Relevance(corpus, self._picks)
        return self._relevance

    def fits(self, item: Item, kept: Sequence[Item]) -> bool:
        """Whether adding ``item`` to ``kept`` makes no conflict of any kind involving it."""
        # An overlap with a kept item is always a conflict (overlap, backup or soft): said
        # without building the day's conflicts, which most candidates in a clash would cost.
        if any(overlaps(item, k) for k in kept):
            return False
        found = find_conflicts([*kept, item], self.pool.venue, self.plan.buffer_minutes)
        return not any(item.id in c.ids for c in found)

    def rank_key(self, session: Session) -> tuple:
        """:meth:`Option.rank_key` of ``session`` without the option (it does not depend on
        the picks kept), worked out once per session however many clashes list it."""
        key = self._ranks.get(session.id)
        if key is None:
            points = self.scorer.score(session).points
            closeness = self.relevance.of(session).score
            key = self._ranks[session.id] = (-points, -closeness, session.start, session.id)
        return key

    def option(self, session: Session, kept: Sequence[Item]) -> Option:
        item = self.pool.item(session)
        venue = self.pool.venue
        path = [k for k in kept if not k.drop_in]
        before, after = item_before(path, item.start), item_after(path, item.end)
        entry = self.plan.entry(session.id)
        return Option(
            session,
            self.scorer.score(session),
            self.relevance.of(session),
            before,
            venue.walk(before.location, item.location) if before else None,
            after,
            venue.walk(item.location, after.location) if after else None,
            entry.pick.priority if entry else None,
        )

    def options(
        self, sessions: Iterable[Session], kept: Sequence[Item], limit: int | None
    ) -> tuple[Option, ...]:
        # Best first, so that with a limit only the first few that fit are checked and built:
        # a clash at a busy time must not cost a conflict search per session running then.
        busy = _busy_spans(kept)
        free = [s for s in sessions if not _in_busy(busy, s.start, s.end)]
        found = []
        for session in sorted(free, key=self.rank_key):
            if self.fits(self.pool.item(session), kept):
                found.append(self.option(session, kept))
                if limit and len(found) >= limit:
                    break
        found.sort(key=Option.rank_key)
        return tuple(found)


def _busy_spans(kept: Sequence[Item]) -> tuple[list[dt.datetime], list[dt.datetime]]:
    """The times some kept item with a length takes, merged: (starts, ends), sorted."""
    starts: list[dt.datetime] = []
    ends: list[dt.datetime] = []
    for item in sorted((k for k in kept if k.positive), key=lambda k: k.start):
        if ends and item.start <= ends[-1]:
            ends[-1] = max(ends[-1], item.end)
        else:
            starts.append(item.start)
            ends.append(item.end)
    return starts, ends


def _in_busy(busy: tuple[list[dt.datetime], list[dt.datetime]], start: dt.datetime, end: dt.datetime) -> bool:
    """Whether ``start``-``end`` (with a length) overlaps a kept item: then it cannot fit."""
    starts, ends = busy
    index = bisect.bisect_right(ends, start)  # the first span ending after ``start``
    return end > start and index < len(starts) and starts[index] < end


def _finder(plan: DayPlan, schedule: Schedule, venue: Venue, preferences: Preferences | None) -> OptionFinder:
    preferences = preferences or Preferences()
    pool = SessionPool(schedule.sessions, venue, plan.drop_in_types, preferences)
    return OptionFinder(plan, pool, Scorer(preferences))


# -- at a moment, and instead of a conflict -----------------------------------------


@frozen(kw_only=False)
class Alternatives:
    """What else fits at a moment: the must picks there now, and the options."""

    at: dt.datetime
    current: tuple[PlanEntry, ...]
    options: tuple[Option, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "current": [e.pick.id for e in self.current],
            "alternatives": [o.to_json() for o in self.options],
        }


def alternatives_at(
    plan: DayPlan,
    schedule: Schedule,
    venue: Venue,
    at: dt.datetime,
    preferences: Preferences | None = None,
    limit: int | None = 5,
) -> Alternatives:
    """Sessions running at ``at`` that fit in place of the must picks there:
    reachable from the pick before, and to the one after."""
    finder = _finder(plan, schedule, venue, preferences)
    musts = plan.must_entries
    current = tuple(e for e in musts if e.item.start <= at < e.item.end)
    replaced = {e.pick.id for e in current}
    kept = [e.item for e in musts if e.pick.id not in replaced]
    taken = {k.id for k in kept} | replaced
    sessions = [
        s
        for s in schedule.sessions
        if s.start <= at < s.end and s.id not in taken and not finder.pool.excluded(s)
    ]
    return Alternatives(at, current, finder.options(sessions, kept, limit))


def conflict_alternatives(
    plan: DayPlan,
    schedule: Schedule,
    venue: Venue,
    preferences: Preferences | None = None,
    limit: int | None = 3,
) -> dict[tuple[str, str], tuple[Option, ...]]:
    """For each hard conflict of ``plan`` (by its pair of IDs), the sessions that fit instead.

    An overlap replaces both picks with one session overlapping the clash; an
    unreachable move replaces the later pick with one in its time.
    """
    finder = _finder(plan, schedule, venue, preferences)
    found: dict[tuple[str, str], tuple[Option, ...]] = {}
    for conflict in plan.hard_conflicts:
        a, b = conflict.first, conflict.second
        if conflict.kind == "overlap":
            replaced, start, end = {a.id, b.id}, max(a.start, b.start), min(a.end, b.end)
        else:
            replaced, start, end = {b.id}, b.start, b.end
        kept = [e.item for e in plan.must_entries if e.pick.id not in replaced]
        taken = {k.id for k in kept} | replaced
        window = Span(start, end)
        sessions = [
            s
            for s in schedule.sessions
            if overlaps(s, window) and s.id not in taken and not finder.pool.excluded(s)
        ]
        found[conflict.ids] = finder.options(sessions, kept, limit)
    return found


@frozen(kw_only=False)
class ConflictReport:
    """What ``planner conflicts`` answers: the day's conflicts, and for each hard one
    the sessions that fit instead (by the conflict's pair of IDs)."""

    day: DayPlan
    alternatives: dict[tuple[str, str], tuple[Option, ...]]

    @property
    def hard(self) -> bool:
        """A conflict between two must picks: ``planner conflicts`` exits 1."""
        return bool(self.day.hard_conflicts)

    def to_json(self) -> list[dict[str, Any]]:
        """Each conflict's JSON; a hard one also lists the IDs of its alternatives."""
        return [
            {**c.to_json(), "alternatives": [o.id for o in self.alternatives.get(c.ids, ())]}
            if c.hard
            else c.to_json()
            for c in self.day.conflicts
        ]


def conflict_report(
    plan: DayPlan,
    schedule: Schedule,
    venue: Venue,
    preferences: Preferences | None = None,
    limit: int | None = 3,
) -> ConflictReport:
    """``plan``'s conflicts with :func:`conflict_alternatives` for the hard ones."""
    return ConflictReport(plan, conflict_alternatives(plan, schedule, venue, preferences, limit))


# -- free windows --------------------------------------------------------------------


@frozen(kw_only=False)
class Gap:
    """A free window between two busy times, and the sessions that fit it whole."""

    start: dt.datetime
    end: dt.datetime
    before: Item | None
    after: Item | None
    walk: Walk | None
    options: tuple[Option, ...]
    day: dt.date | None = None

    @property
    def minutes(self) -> int:
        return minutes_between(self.start, self.end)

    @property
    def free_minutes(self) -> int:
        return self.minutes - (self.walk.minutes if self.walk else 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "day": (self.day or self.start.date()).isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "minutes": self.minutes,
            "walk_minutes": self.walk.minutes if self.walk else None,
            "free_minutes": self.free_minutes,
            "before": self.before.id if self.before else None,
            "after": self.after.id if self.after else None,
            "sessions": [o.to_json() for o in self.options],
        }


def _windows(
    busy: Sequence[Item], opens: dt.datetime, closes: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime, Item | None, Item | None]]:
    """The free stretches between ``busy`` items (in time order) within opening hours."""
    windows: list[tuple[dt.datetime, dt.datetime, Item | None, Item | None]] = []
    cursor, before = opens, None
    for item in busy:
        if item.start > cursor:
            windows.append((cursor, item.start, before, item))
        if item.end > cursor:
            cursor, before = item.end, item
    if closes > cursor:
        windows.append((cursor, closes, before, None))
    return windows


def find_gaps(
    plan: DayPlan,
    schedule: Schedule,
    venue: Venue,
    preferences: Preferences | None = None,
    day: dt.date | str | None = None,
    min_minutes: int = DEFAULT_MIN_GAP_MINUTES,
    limit: int | None = 5,
) -> list[Gap]:
    """The free windows of the day(s), with the sessions that fit each one whole.

    A window runs between busy times (must picks, and the lunch window of
    ``preferences`` if any), within the hours of the day's programme; its free
    time is what remains after the walk from the pick before to the pick after.
    Windows with less than ``min_minutes`` free are left out. The days are the
    one asked for, else those with must picks, else all the schedule's.
    """
    finder = _finder(plan, schedule, venue, preferences)
    pool = finder.pool
    musts = plan.must_entries
    days = days_in_scope(day, schedule.days) or sorted({e.item.start.date() for e in musts}) or schedule.days
    gaps: list[Gap] = []
    for date in days:
        programme = [s for s in schedule.sessions if s.day == date and not pool.excluded(s)]
        if not programme:
            continue
        opens, closes = min(s.start for s in programme), max(s.end for s in programme)
        busy = [e.item for e in musts if e.item.start.date() == date] + pool.lunch_blocks([date])
        busy.sort(key=lambda i: (i.start, i.end, i.id))
        taken = {i.id for i in busy}
        for start, end, first, then in _windows(busy, opens, closes):
            walk = None
            if first is not None and then is not None and LUNCH_ID not in (first.id, then.id):
                walk = venue.walk(first.location, then.location)
            if Gap(start, end, first, then, walk, ()).free_minutes < min_minutes:
                continue
            inside = [
                s
                for s in programme
                if start <= s.start and s.end <= end and s.id not in taken and s.end > s.start
            ]
            gaps.append(Gap(start, end, first, then, walk, finder.options(inside, busy, limit), date))
    return gaps
