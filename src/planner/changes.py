"""Schedules change: compare a saved agenda, or an older schedule, with a new one.

Matching is by session ID first (IDs survive changes of description, speakers,
room and time); what is left is matched by title similarity, with the time
and room as tie-breakers, so a retitled talk is still found:

- a title at least 80% alike (difflib ratio on the folded words) is a match;
- at least 50% alike is a match when the start or the room is the same too.

Each pick (or session) then gets a list of statuses: ``unchanged``, ``moved``
(start or end), ``room_changed``, ``renamed``, ``cancelled`` (no match).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .agenda import Agenda, ExportState, Pick, room_of, snapshot_changes
from .conflicts import Conflict, find_conflicts, is_drop_in_type
from .day import buffer_for, drop_in_types_for, plan_day, snapshot_item
from .models import Schedule, Session
from .text import normalize
from .venue import Venue

STRONG_TITLE = 0.8
WEAK_TITLE = 0.5


@dataclass(frozen=True)
class Snapshot:
    """What is compared: a pick's snapshot, or a session of the old schedule."""

    id: str
    title: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    room: str | None

    @classmethod
    def of_pick(cls, pick: Pick) -> Snapshot:
        return cls(pick.id, pick.title, pick.start, pick.end, pick.room)

    @classmethod
    def of_session(cls, session: Session) -> Snapshot:
        return cls(session.id, session.title, session.start, session.end, room_of(session))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "room": self.room,
        }


@dataclass(frozen=True)
class Change:
    """One pick or session, before and after."""

    before: Snapshot
    after: Session | None
    status: tuple[str, ...]
    matched_by: str | None = None  # "id", "title", or None when cancelled
    note: str | None = None  # e.g. the walk that a room change brings

    @property
    def changed(self) -> bool:
        return self.status != ("unchanged",)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.before.id,
            "status": list(self.status),
            "before": self.before.to_json(),
            "after": Snapshot.of_session(self.after).to_json() if self.after else None,
            "matched_by": self.matched_by,
            **({"note": self.note} if self.note else {}),
        }


def _title_ratio(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, normalize(a), normalize(b)).ratio()


def match(
    before: Sequence[Snapshot], sessions: Sequence[Session]
) -> dict[str, tuple[Session | None, str | None]]:
    """For each snapshot, the session that it became (or None), and how it was found."""
    by_id = {s.id: s for s in sessions}
    found: dict[str, tuple[Session | None, str | None]] = {}
    taken: set[str] = set()
    for old in before:
        if old.id in by_id:
            found[old.id] = (by_id[old.id], "id")
            taken.add(old.id)
    left = [o for o in before if o.id not in found]
    free = [s for s in sessions if s.id not in taken and s.id not in {o.id for o in before}]
    candidates = []
    for old in left:
        for new in free:
            ratio = _title_ratio(old.title, new.title)
            same_start = old.start is not None and old.start == new.start
            same_room = old.room is not None and old.room == room_of(new)
            if ratio >= STRONG_TITLE or (ratio >= WEAK_TITLE and (same_start or same_room)):
                candidates.append((-(ratio + 0.1 * same_start + 0.1 * same_room), old.id, new.id, new))
    for _, old_id, new_id, new in sorted(candidates, key=lambda c: c[:3]):
        if old_id not in found and new_id not in taken:
            found[old_id] = (new, "title")
            taken.add(new_id)
    for old in left:
        found.setdefault(old.id, (None, None))
    return found


def statuses(before: Snapshot, after: Session | None) -> tuple[str, ...]:
    """``before``'s statuses against what it became (see :func:`planner.agenda.snapshot_changes`)."""
    if after is None:
        return ("cancelled",)
    return snapshot_changes(before, after) or ("unchanged",)


def compare(before: Sequence[Snapshot], sessions: Sequence[Session]) -> list[Change]:
    matched = match(before, sessions)
    return [
        Change(old, matched[old.id][0], statuses(old, matched[old.id][0]), matched[old.id][1])
        for old in before
    ]


@dataclass(frozen=True)
class ScheduleDiff:
    """``planner diff OLD NEW``: what changed, what went, what came."""

    changed: tuple[Change, ...]
    removed: tuple[Change, ...]
    added: tuple[Session, ...]
    unchanged: int

    @property
    def any(self) -> bool:
        return bool(self.changed or self.removed or self.added)

    def to_json(self) -> dict[str, Any]:
        return {
            "changed": [c.to_json() for c in self.changed],
            "removed": [c.to_json() for c in self.removed],
            "added": [s.to_json() for s in self.added],
            "unchanged": self.unchanged,
        }


def diff_schedules(old: Schedule, new: Schedule) -> ScheduleDiff:
    changes = compare([Snapshot.of_session(s) for s in old.sessions], new.sessions)
    reached = {c.after.id for c in changes if c.after is not None}
    return ScheduleDiff(
        changed=tuple(c for c in changes if c.changed and c.after is not None),
        removed=tuple(c for c in changes if c.after is None),
        added=tuple(s for s in new.sessions if s.id not in reached),
        unchanged=sum(1 for c in changes if not c.changed),
    )


@dataclass(frozen=True)
class UpdateReport:
    """``planner update NEW``: each pick against the new schedule."""

    picks: tuple[Change, ...]
    new_conflicts: tuple[Conflict, ...]
    new_sessions: tuple[Session, ...]
    new_schedule: Schedule
    # False when the agenda already names the new schedule, so new sessions are unknown.
    compared_schedules: bool = True

    @property
    def any(self) -> bool:
        return any(c.changed for c in self.picks) or bool(self.new_conflicts or self.new_sessions)

    def to_json(self) -> dict[str, Any]:
        return {
            "picks": [c.to_json() for c in self.picks],
            "new_conflicts": [c.to_json() for c in self.new_conflicts],
            "new_sessions": [s.to_json() for s in self.new_sessions],
        }


def check_update(planner, new_schedule: Schedule) -> UpdateReport:
    """Compare ``planner``'s agenda (its snapshots) with ``new_schedule`` (see :func:`update_report`)."""
    return update_report(
        planner.agenda(),
        planner.schedule,
        new_schedule,
        planner.venue,
        buffer_minutes=planner.options.buffer_minutes,
    )


def update_report(
    agenda: Agenda,
    schedule: Schedule,
    new_schedule: Schedule,
    venue: Venue,
    *,
    buffer_minutes: int | None = None,
) -> UpdateReport:
    """Each pick of ``agenda`` (made from ``schedule``) against ``new_schedule``. Pure.

    The picks are placed twice: as their snapshots say (before) and as the new
    schedule says (after, each pick following its session); the conflicts of
    the second that the first did not have are the new ones.
    """
    changes = compare([Snapshot.of_pick(p) for p in agenda.picks], new_schedule.sessions)
    new_id = {c.before.id: c.after.id for c in changes if c.after is not None}
    following = tuple(
        Pick.of(change.after, pick.priority, pick.note)
        for change, pick in zip(changes, agenda.picks, strict=True)
        if change.after is not None
    )
    day = plan_day(
        agenda.model_copy(update={"picks": following}), new_schedule, venue, buffer_minutes=buffer_minutes
    )
    before = _snapshot_conflicts(agenda, schedule, venue, buffer_for(agenda, buffer_minutes))
    new_conflicts = tuple(
        c
        for c in day.conflicts
        if c.kind not in ("backup", "soft")
        and (c.kind, c.ids) not in {(k, tuple(new_id.get(i, i) for i in ids)) for k, ids in before}
    )
    titles = {e.pick.id: e.title for e in day.entries}
    for index, change in enumerate(changes):
        entry = day.entry(change.after.id) if change.after is not None else None
        if "room_changed" in change.status and entry is not None and entry.walk is not None:
            note = (
                f"now a {entry.walk.minutes} min walk from {titles[entry.previous]}, "
                f"in a {entry.gap_minutes} min gap"
            )
            changes[index] = Change(change.before, change.after, change.status, change.matched_by, note)
    same_schedule = schedule.source == new_schedule.source
    new_sessions: tuple[Session, ...] = ()
    if not same_schedule:
        new_sessions = diff_schedules(schedule, new_schedule).added
    return UpdateReport(tuple(changes), new_conflicts, new_sessions, new_schedule, not same_schedule)


def _snapshot_conflicts(
    agenda: Agenda, schedule: Schedule, venue: Venue, buffer_minutes: int
) -> set[tuple[str, tuple[str, str]]]:
    """The conflicts among the picks as their snapshots place them."""
    drop_in = drop_in_types_for(agenda)
    kinds = {s.id: s.type for s in schedule.sessions}
    placed = (snapshot_item(p, venue, is_drop_in_type(kinds.get(p.id), drop_in)) for p in agenda.picks)
    items = [item for item in placed if item is not None]
    return {(c.kind, c.ids) for c in find_conflicts(items, venue, buffer_minutes)}


def apply_update(planner, report: UpdateReport, schedule_reference: str) -> int:
    """Take ``report`` into the agenda file, atomically: each pick follows its
    session (keeping its note and priority), cancelled picks go, and the agenda
    names the new schedule. Returns how many picks changed.

    A pick whose session got a new ID (a retitle) keeps its calendar identity:
    its export record moves to the new ID with the old UID, so the next export
    updates the event instead of adding a second one.
    """
    from .export.ics import uid_for

    changed = 0
    with planner.file.edit() as document:
        agenda = document.agenda()
        # Every output keeps its own records (the default calendar, -o files, sync targets).
        keys = [None, *agenda.exported.outputs]
        outputs = {key: dict(agenda.exported.output(key).events) for key in keys}
        for change in report.picks:
            pick = agenda.get(change.before.id)
            if pick is None or not change.changed:
                continue
            changed += 1
            if change.after is None:
                document.remove_pick(pick.id)
                continue
            fresh = Pick.of(change.after, pick.priority, pick.note)
            document.update_pick(pick.id, **fresh.model_dump(include={"id", "title", "start", "end", "room"}))
            for exported in outputs.values():
                if fresh.id != pick.id and pick.id in exported and fresh.id not in exported:
                    record = exported.pop(pick.id)
                    uid = record.uid or uid_for(pick.id, planner.schedule.key)
                    exported[fresh.id] = record.model_copy(update={"uid": uid})
        document.set("schedule", schedule_reference)
        state = agenda.exported
        for key, exported in outputs.items():
            if exported != state.output(key).events:
                state = state.with_output(key, ExportState(count=state.output(key).count, events=exported))
        if state != agenda.exported:
            document.set_exported(state)
    return changed
