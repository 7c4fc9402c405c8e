"""Schedules change: compare a saved agenda, or an older schedule, with a new one.

Which session a pick became is decided in :mod:`planner.matching` (the rule
``planner agenda`` uses too). Each pick (or session) then gets a list of
statuses: ``unchanged``, ``moved`` (start or end), ``room_changed``,
``renamed``, ``cancelled`` (no match).

What the schedule held at the last look (``planner update``, or the first pick)
is kept in planner's state folder (part ``seen``), so that an agenda following
a URL, or a file replaced in place, hears of the sessions new since then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from .agenda import Agenda, ExportState, Pick, uid_for
from .conflicts import Conflict, find_conflicts, is_drop_in_type
from .day import buffer_for, drop_in_types_for, plan_day, snapshot_item
from .frozen import frozen
from .matching import Change, Snapshot, compare
from .models import Schedule, Session
from .seen import last_seen, record_seen
from .venue import Venue


@frozen(kw_only=False)
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


@frozen(kw_only=False)
class UpdateReport:
    """``planner update NEW``: each pick against the new schedule."""

    picks: tuple[Change, ...]
    new_conflicts: tuple[Conflict, ...]
    new_sessions: tuple[Session, ...]
    new_schedule: Schedule
    # False when nothing earlier is known to compare with (a first look), so new sessions are unknown.
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


def check_update(planner, new_schedule: Schedule, *, remember: bool = False) -> UpdateReport:
    """Compare ``planner``'s agenda (its snapshots) with ``new_schedule`` (see :func:`update_report`).

    When ``new_schedule`` is the one the agenda follows (read again), the new
    sessions are those the last look did not see; with ``remember``, this look
    is then kept as the last (:func:`record_seen`), so each new session is told once.
    """
    reference = planner.schedule_reference_for(planner.source.reference)
    seen = last_seen(planner, reference)
    if remember and planner.file.exists() and new_schedule.source == planner.schedule.source:
        record_seen(planner, new_schedule, reference)
    return update_report(
        planner.agenda(),
        planner.schedule,
        new_schedule,
        planner.venue,
        buffer_minutes=planner.options.buffer_minutes,
        seen=seen.snapshots() if seen else None,
    )


def update_report(
    agenda: Agenda,
    schedule: Schedule,
    new_schedule: Schedule,
    venue: Venue,
    *,
    buffer_minutes: int | None = None,
    seen: Sequence[Snapshot] | None = None,
) -> UpdateReport:
    """Each pick of ``agenda`` (made from ``schedule``) against ``new_schedule``. Pure.

    The picks are placed twice: as their snapshots say (before) and as the new
    schedule says (after, each pick following its session); the conflicts of
    the second that the first did not have are the new ones. New sessions are
    those of ``new_schedule`` that ``schedule`` lacks or, when both are the same
    source, that ``seen`` (the last look) lacks.
    """
    changes = compare([Snapshot.of_pick(p) for p in agenda.picks], new_schedule.sessions)
    new_id = {c.before.id: c.after.id for c in changes if c.after is not None}
    following = tuple(
        Pick.of(change.after, pick.priority, pick.note)
        for change, pick in zip(changes, agenda.picks, strict=True)
        if change.after is not None
    )
    day = plan_day(replace(agenda, picks=following), new_schedule, venue, buffer_minutes=buffer_minutes)
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
        # A pick with a walk into it has the pick it walks from (day.plan_day).
        if "room_changed" in change.status and entry and entry.walk and entry.previous is not None:
            note = (
                f"now a {entry.walk.minutes} min walk from {titles[entry.previous]}, "
                f"in a {entry.gap_minutes} min gap"
            )
            changes[index] = Change(change.before, change.after, change.status, change.matched_by, note)
    same_schedule = schedule.source == new_schedule.source
    new_sessions: tuple[Session, ...] = ()
    if not same_schedule:
        new_sessions = diff_schedules(schedule, new_schedule).added
    elif seen is not None:
        reached = {c.after.id for c in compare(seen, new_schedule.sessions) if c.after is not None}
        new_sessions = tuple(s for s in new_schedule.sessions if s.id not in reached)
    compared = not same_schedule or seen is not None
    return UpdateReport(tuple(changes), new_conflicts, new_sessions, new_schedule, compared)


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
            document.update_pick(
                pick.id, id=fresh.id, title=fresh.title, start=fresh.start, end=fresh.end, room=fresh.room
            )
            for exported in outputs.values():
                if fresh.id != pick.id and pick.id in exported and fresh.id not in exported:
                    record = exported.pop(pick.id)
                    uid = record.uid or uid_for(pick.id, planner.schedule.key)
                    exported[fresh.id] = replace(record, uid=uid)
        document.set("schedule", schedule_reference)
        state = agenda.exported
        for key, exported in outputs.items():
            if exported != state.output(key).events:
                state = state.with_output(key, ExportState(count=state.output(key).count, events=exported))
        if state != agenda.exported:
            document.set_exported(state)
    # The agenda follows the new schedule now: this look at it is the last one.
    record_seen(planner, report.new_schedule, schedule_reference)
    return changed
