"""Deciding what a sync does, before it does any of it (vdirsyncer's shape).

For each event, what the calendar holds now is compared with what planner last
left there, property by property (:mod:`.owned`): a change only to properties
planner does not own is kept and planner's changes go on top of it; only a
property both sides changed to different values is a conflict. planner knows its
own earlier upload by the values it owns, whatever DTSTAMP or LAST-MODIFIED say,
so a sync cut short is finished without a conflict or a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .owned import LABELS, OWNED, Clash, merge, merged_body, owned_values, sequence_of, shown, with_sequence
from .records import SyncedEvent, SyncTarget
from .state import SyncConflict, Wanted, resource_name
from .store import Store

Listing = dict[str, str | None]


@dataclass
class Action:
    """One request to make: a create (``If-None-Match: *``), an update or a delete (``If-Match``)."""

    kind: Literal["create", "update", "delete"]
    pick_id: str
    name: str
    body: bytes = b""
    etag: str | None = None
    # What the calendar holds once the request is acknowledged (its ETag filled in then).
    record: SyncedEvent | None = None
    item: Wanted | None = None
    merged: bool = False


@dataclass
class Decision:
    """Every action, and what needs none: events already right, records to adopt or forget."""

    actions: list[Action] = field(default_factory=list)
    adopt: dict[str, SyncedEvent] = field(default_factory=dict)
    forget: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[SyncConflict] = field(default_factory=list)


def record_for(
    item: Wanted, name: str, etag: str | None, result: dict[str, str], sequence: int, foreign: bool
):
    """The record of ``item`` as sent (or found) under ``name``: ``result`` is what the calendar's
    copy holds of the owned properties, kept where it differs from what planner wants."""
    kept = {p: result.get(p) for p in OWNED if result.get(p) != item.owned.get(p)}
    return SyncedEvent(
        uid=item.uid,
        name=name,
        etag=etag,
        hash=item.hash,
        owned=item.owned,
        kept=kept,
        sequence=sequence,
        foreign=foreign,
    )


def next_sequence(wanted: int, held: int) -> int:
    """The SEQUENCE of a new version over one at ``held``: never lower, always higher.

    >>> next_sequence(0, 1), next_sequence(3, 1)
    (2, 3)
    """
    return wanted if wanted > held else held + 1


def clash_reason(clash: Clash, before: dict[str, str]) -> str:
    """ "moved Thu 15:15 UTC → Thu 16:00 UTC in the schedule; you changed the start in your calendar"."""
    name = clash.name
    label = LABELS[name]
    verb = {"DTSTART": "moved", "DTEND": "moved its end", "SUMMARY": "renamed"}.get(name, f"changed {label}")
    schedule = f"{verb} {shown(clash.before, name)} → {shown(clash.schedule, name)} in the schedule"
    calendar = f"you changed {label} in your calendar to {shown(clash.calendar, name)}"
    return f"{schedule}; {calendar}; left as it is (--force takes the schedule's)"


class Decider:
    """Decides the actions for one calendar from the wanted events, its listing and its record."""

    def __init__(self, store: Store, listing: Listing, target: SyncTarget, *, force: bool) -> None:
        self.store = store
        self.listing = listing
        self.target = target
        self.force = force
        self.decision = Decision()

    def conflict(self, pick_id: str, uid: str, reason: str, clash: Clash | None = None) -> None:
        extra = {}
        if clash is not None:
            extra = {"property": clash.name, "schedule": clash.schedule, "calendar": clash.calendar}
        self.decision.conflicts.append(SyncConflict(pick_id, uid, reason, **extra))

    def wanted(self, item: Wanted) -> None:
        record = self.target.events.get(item.pick_id)
        if record is not None and record.uid != item.uid:
            self.dropped(item.pick_id, record)  # the event has another UID now: the old one goes
            record = None
        if record is None:
            self._new(item)
        elif record.name not in self.listing:
            if self.force:
                self._create(item, record.name)
            else:
                reason = "deleted in the calendar since the last sync; left out (--force puts it back)"
                self.conflict(item.pick_id, item.uid, reason)
        else:
            self._held(item, record)

    def _create(self, item: Wanted, name: str) -> None:
        record = record_for(item, name, None, item.owned, item.sequence, False)
        self.decision.actions.append(
            Action("create", item.pick_id, name, item.body, record=record, item=item)
        )

    def _new(self, item: Wanted) -> None:
        name = resource_name(item.uid)
        found = self.store.get(name) if name in self.listing else None
        if found is None:
            self._create(item, name)
            return
        body, etag = found
        etag = etag or self.listing.get(name)
        held = owned_values(body)
        if held == item.owned:
            # planner's own upload from a sync cut short before it could note it.
            sequence = max(item.sequence, sequence_of(body))
            self.decision.adopt[item.pick_id] = record_for(item, name, etag, held, sequence, True)
            self.decision.unchanged += 1
            return
        if not self.force:
            reason = "another event with this UID is already there; left as it is (--force replaces it)"
            self.conflict(item.pick_id, item.uid, reason)
            return
        sequence = next_sequence(item.sequence, sequence_of(body))
        sent = merged_body(body, item.body, set(OWNED), sequence)
        record = record_for(item, name, None, item.owned, sequence, True)
        self.decision.actions.append(Action("update", item.pick_id, name, sent, etag, record, item))

    def _held(self, item: Wanted, record: SyncedEvent) -> None:
        etag = self.listing[record.name]
        legacy = not record.owned
        same = etag is not None and etag == record.etag
        if same and not legacy:
            if item.hash == record.hash:
                self.decision.unchanged += 1
                return
            if not record.foreign and not item.cancelled:
                sequence = next_sequence(item.sequence, record.sequence)
                sent = with_sequence(item.body, sequence)
                new = record_for(item, record.name, None, item.owned, sequence, False)
                self.decision.actions.append(
                    Action("update", item.pick_id, record.name, sent, etag, new, item)
                )
                return
        found = self.store.get(record.name)
        if found is None:
            self.listing.pop(record.name, None)
            self.wanted(item)
            return
        body, etag = found[0], found[1] or etag
        held = owned_values(body)
        if legacy:
            # A record from before planner compared properties: the calendar's copy is the base
            # when it is the one planner left, else nothing is known of either side.
            base_planner = held if same else {}
            base_calendar: dict[str, str | None] = dict(base_planner)
        else:
            base_planner = record.owned
            base_calendar = {**record.owned, **record.kept}
        wanted = dict(item.owned)
        if item.cancelled and "LOCATION" in held and "LOCATION" not in wanted:
            wanted["LOCATION"] = base_planner.get(
                "LOCATION", held["LOCATION"]
            )  # a cancelled event keeps its place
        result = merge(base_planner, base_calendar, wanted, held)
        if result.clashes and not self.force:
            for clash in result.clashes:
                self.conflict(item.pick_id, item.uid, clash_reason(clash, base_planner), clash)
            return
        theirs = any(held.get(p) != base_calendar.get(p) for p in OWNED) or record.foreign or not same
        if not result.take:
            sequence = max(record.sequence, sequence_of(body))
            self.decision.adopt[item.pick_id] = record_for(item, record.name, etag, held, sequence, True)
            self.decision.unchanged += 1
            return
        sequence = next_sequence(item.sequence, sequence_of(body))
        sent = merged_body(body, item.body, result.take, sequence)
        new = record_for(item, record.name, None, result.result, sequence, True)
        action = Action("update", item.pick_id, record.name, sent, etag, new, item, merged=theirs)
        self.decision.actions.append(action)

    def dropped(self, pick_id: str, record: SyncedEvent) -> None:
        """The event of a pick no longer wanted goes, unless the person changed what planner owns."""
        if record.name not in self.listing:
            self.decision.forget.append(pick_id)
            return
        etag = self.listing[record.name]
        if etag is not None and etag == record.etag:
            self.decision.actions.append(Action("delete", pick_id, record.name, etag=etag, record=record))
            return
        found = self.store.get(record.name)
        if found is None:
            self.decision.forget.append(pick_id)
            return
        held = owned_values(found[0])
        base = {**record.owned, **record.kept}
        changed = [p for p in OWNED if held.get(p) != base.get(p)]
        if (changed or not record.owned) and not self.force:
            # A record from before planner compared properties cannot say what changed.
            what = ", ".join(LABELS[p] for p in changed) if record.owned else "the event"
            reason = (
                f"dropped from your agenda; you changed {what} in your calendar; left as it is "
                "(--force deletes it)"
            )
            self.conflict(pick_id, record.uid, reason)
            return
        action = Action("delete", pick_id, record.name, etag=found[1] or etag, record=record)
        self.decision.actions.append(action)
