"""The day plan: an agenda placed in a schedule and a venue. Pure: no files, no
environment, no clock; :class:`planner.planning.Planner` does the opening.

>>> from planner import load_schedule
>>> from planner.agenda import Agenda, Pick
>>> from planner.venue_infer import venue_for
>>> schedule = load_schedule()
>>> agenda = Agenda(picks=[Pick.of(schedule.find("keda")), Pick.of(schedule.find("sig api machinery"))])
>>> plan = plan_day(agenda, schedule, venue_for(schedule))
>>> [e.pick.id for e in plan.entries], plan.entries[1].walk.minutes, plan.entries[1].gap_minutes
(['8q2qm', 'm54fx'], 14, 15)
>>> [(c.kind, c.ids, c.minutes) for c in plan.conflicts]  # 1 min to spare, with a 2 min buffer
[('tight', ('8q2qm', 'm54fx'), 1)]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from .agenda import Agenda, Pick, ScheduledPick
from .clock import minutes_between
from .conflicts import (
    DEFAULT_BUFFER_MINUTES,
    DEFAULT_DROP_IN_TYPES,
    Conflict,
    Item,
    find_conflicts,
    is_drop_in_type,
    previous_items,
)
from .frozen import frozen
from .matching import Snapshot, match
from .models import Location, Schedule, Session
from .venue import Venue, Walk


@frozen(kw_only=False)
class PlanEntry:
    """A pick placed in the day: its session (None if the schedule lost it), the
    walk from the previous pick, and what changed since it was picked."""

    pick: Pick
    session: Session | None
    item: Item
    previous: str | None = None
    walk: Walk | None = None
    gap_minutes: int | None = None
    changes: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return ScheduledPick(self.pick, self.session).title

    @property
    def location(self) -> Location:
        return self.item.location

    @property
    def day(self) -> dt.date:
        """The conference day of the pick (the session's own, else its snapshot's date)."""
        return self.session.day if self.session else self.item.start.date()

    def to_json(self) -> dict[str, Any]:
        loc = self.location
        return {
            "id": self.pick.id,
            "title": self.title,
            "start": self.item.start.isoformat(),
            "end": self.item.end.isoformat(),
            "building": loc.building,
            "level": loc.level,
            "room": loc.room,
            "priority": self.pick.priority,
            "drop_in": self.item.drop_in,
            "note": self.pick.note,
            "previous": self.previous,
            "walk_minutes": self.walk.minutes if self.walk else None,
            "gap_minutes": self.gap_minutes,
            "in_schedule": self.session is not None,
            "changes": list(self.changes),
        }


@frozen(kw_only=False)
class DayPlan:
    """The agenda resolved against the schedule and venue: entries in time order,
    the conflicts among them, and notices about what changed or was assumed."""

    entries: tuple[PlanEntry, ...]
    conflicts: tuple[Conflict, ...]
    buffer_minutes: int
    notices: tuple[str, ...] = ()
    # Picks that cannot be placed: gone from the schedule and without a snapshot time.
    unplaced: tuple[Pick, ...] = ()
    drop_in_types: tuple[str, ...] = DEFAULT_DROP_IN_TYPES
    # The notices about one pick's session (moved, retitled, gone, a new ID): also
    # in ``notices``; a view that marks them beside the pick leaves them out there.
    pick_notices: tuple[str, ...] = ()
    # The picks those notices are about.
    changed_picks: tuple[str, ...] = ()

    @property
    def general_notices(self) -> tuple[str, ...]:
        """The notices not about one pick's session."""
        return tuple(n for n in self.notices if n not in self.pick_notices)

    @property
    def hard_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.hard]

    @property
    def must_entries(self) -> list[PlanEntry]:
        return [e for e in self.entries if e.pick.must]

    def on(self, day: dt.date | None) -> DayPlan:
        """The plan of one conference ``day`` (all of it when None): its entries and
        the conflicts among them."""
        if day is None:
            return self
        entries = tuple(e for e in self.entries if e.day == day)
        ids = {e.pick.id for e in entries}
        conflicts = tuple(c for c in self.conflicts if set(c.ids) <= ids)
        return dataclasses.replace(self, entries=entries, conflicts=conflicts, unplaced=())

    def entry(self, session_id: str) -> PlanEntry | None:
        return next((e for e in self.entries if e.pick.id == session_id), None)

    def conflicts_of(self, session_id: str) -> list[Conflict]:
        return [c for c in self.conflicts if session_id in c.ids]


def buffer_for(agenda: Agenda | None, override: int | None = None) -> int:
    """The buffer to keep between picks: the override, else the agenda's, else the default."""
    if override is not None:
        return override
    if agenda is not None and agenda.buffer is not None:
        return agenda.buffer
    return DEFAULT_BUFFER_MINUTES


def drop_in_types_for(agenda: Agenda | None) -> tuple[str, ...]:
    """The session types the agenda treats as drop-in (its own list, else the default)."""
    if agenda is not None and agenda.drop_in_types is not None:
        return agenda.drop_in_types
    return DEFAULT_DROP_IN_TYPES


def snapshot_item(pick: Pick, venue: Venue, drop_in: bool = False) -> Item | None:
    """``pick`` placed where and when its snapshot says (None if it has no times)."""
    if pick.start is None or pick.end is None:
        return None
    location = venue.place_of(Location(room=pick.room))
    return Item(pick.id, pick.start, pick.end, location, pick.must, drop_in)


def plan_day(
    agenda: Agenda,
    schedule: Schedule,
    venue: Venue,
    *,
    buffer_minutes: int | None = None,
    notices: Iterable[str] = (),
) -> DayPlan:
    """Place every pick of ``agenda`` in the day: walks, gaps, conflicts and what changed.

    ``buffer_minutes`` overrides the agenda's buffer; ``notices`` come first in
    the plan's notices (what the caller noticed while opening things). A pick
    whose session got a new ID follows it, found as ``planner update`` finds it
    (:func:`planner.matching.match`); a pick whose session is gone is listed
    where its snapshot was, and collides with nothing.
    """
    drop_in = drop_in_types_for(agenda)
    buffer = buffer_for(agenda, buffer_minutes)
    notices = list(notices)
    about_picks: dict[str, list[str]] = {}

    def tell(pick_id: str, text: str) -> None:
        notices.append(text)
        about_picks.setdefault(pick_id, []).append(text)

    placed: list[tuple[Pick, Session | None, Item, tuple[str, ...]]] = []
    unplaced: list[Pick] = []
    became = _sessions_of_lost_picks(agenda, schedule)
    for pick in agenda.picks:
        session = schedule.get(pick.id) or became.get(pick.id)
        if session is not None and session.id != pick.id:
            tell(
                pick.id,
                f"pick {pick.id} is now {session.id} ({session.title}); planner update --apply follows it",
            )
        if session is None:
            was = f" (it was {pick.title!r})" if pick.title else ""
            tell(pick.id, f"pick {pick.id}: the schedule no longer has this session{was}")
            item = snapshot_item(pick, venue)
            if item is None:
                unplaced.append(pick)
            else:
                placed.append((pick, None, item, ()))
            continue
        changes = tuple(pick.changes(session))
        for change in changes:
            tell(pick.id, f"pick {pick.id} ({session.title}): {change}")
        location = venue.place_of(session.location)
        drops_in = is_drop_in_type(session.type, drop_in)
        item = Item(pick.id, session.start, session.end, location, pick.must, drops_in, session.day)
        placed.append((pick, session, item, changes))
    # A session the schedule no longer has books no time: it neither walks nor collides.
    items = [item for _, session, item, _ in placed if session is not None]
    previous = previous_items(items)
    entries = []
    for pick, session, item, changes in sorted(placed, key=lambda p: (p[2].start, p[2].end, p[2].id)):
        before = previous.get(item.id)
        walk = venue.walk(before.location, item.location) if before else None
        for assumption in walk.assumptions if walk else ():
            if assumption not in notices:
                notices.append(assumption)
        entries.append(
            PlanEntry(
                pick,
                session,
                item,
                previous=before.id if before else None,
                walk=walk,
                gap_minutes=minutes_between(before.end, item.start) if before else None,
                changes=changes,
            )
        )
    conflicts = find_conflicts(items, venue, buffer)
    pick_notices = tuple(text for texts in about_picks.values() for text in texts)
    return DayPlan(
        tuple(entries),
        tuple(conflicts),
        buffer,
        tuple(notices),
        tuple(unplaced),
        drop_in,
        pick_notices,
        tuple(about_picks),
    )


def _sessions_of_lost_picks(agenda: Agenda, schedule: Schedule) -> dict[str, Session]:
    """The sessions that picks whose ID the schedule lacks became (a retitle gives a new ID)."""
    if all(schedule.get(p.id) is not None for p in agenda.picks):
        return {}
    found = match([Snapshot.of_pick(p) for p in agenda.picks], schedule.sessions)
    return {pick_id: session for pick_id, (session, how) in found.items() if how == "title" and session}


# -- where next --------------------------------------------------------------------


@frozen(kw_only=False)
class NextStep:
    """A pick coming up: the walk there from where you are, and when to leave."""

    entry: PlanEntry
    walk: Walk | None
    leave_by: dt.datetime


@frozen(kw_only=False)
class WhatsNext:
    at: dt.datetime
    now: tuple[PlanEntry, ...]
    here: PlanEntry | None
    next: tuple[NextStep, ...]
    # When the schedule's first session starts and its last ends (None: not known).
    opens: dt.datetime | None = None
    closes: dt.datetime | None = None
    # Several days: each moment names its day.
    several_days: bool = False

    @property
    def before_conference(self) -> bool:
        return self.opens is not None and self.at < self.opens

    @property
    def after_conference(self) -> bool:
        return self.closes is not None and self.at >= self.closes

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "now": [e.to_json() for e in self.now],
            "from": self.here.pick.id if self.here else None,
            "conference": (
                "before" if self.before_conference else "after" if self.after_conference else "on"
            ),
            "next": [
                {
                    **step.entry.to_json(),
                    "walk_minutes": step.walk.minutes if step.walk else None,
                    "leave_by": step.leave_by.isoformat(),
                }
                for step in self.next
            ],
        }


def whats_next(
    plan: DayPlan, venue: Venue, moment: dt.datetime, schedule: Schedule | None = None
) -> WhatsNext:
    """Where ``plan`` has you at ``moment`` and the next picks, with the walk there and
    the time to leave: the earliest picks still to start (a maybe that comes before
    the next must is next, as a choice; maybes starting with a must are listed too). A
    pick that starts before the current one ends is next all the same (a conflict,
    not a miss). A pick whose session the schedule no longer has is nowhere to go.
    With ``schedule``, the answer knows when the conference opens and closes."""
    entries: Sequence[PlanEntry] = [e for e in plan.entries if e.session is not None]
    musts = [e for e in entries if e.pick.must]
    now = tuple(e for e in entries if e.item.start <= moment < e.item.end)
    musts_now = [e for e in now if e.pick.must]
    here: PlanEntry | None
    if musts_now:
        here = max(musts_now, key=lambda e: (not e.item.drop_in, e.item.end, e.item.start))
    else:
        ended = [e for e in musts if e.item.end <= moment]
        here = max(ended, key=lambda e: (e.item.end, not e.item.drop_in, e.item.start), default=None)
    coming = [e for e in entries if e.item.start > moment and (e.pick.must or not e.item.drop_in)]
    steps: list[NextStep] = []
    if coming:
        first = min(e.item.start for e in coming)
        group = [e for e in entries if e.item.start == first]
        for entry in sorted(group, key=lambda e: (not e.pick.must, e.item.end, e.pick.id)):
            walk = venue.walk(here.location, entry.location) if here else None
            leave = entry.item.start - dt.timedelta(minutes=walk.minutes if walk else 0)
            steps.append(NextStep(entry, walk, leave))
    sessions = schedule.sessions if schedule is not None else ()
    opens = min((s.start for s in sessions), default=None)
    closes = max((s.end for s in sessions), default=None)
    several = schedule is not None and len(schedule.days) > 1
    return WhatsNext(moment, now, here, tuple(steps), opens, closes, several)
