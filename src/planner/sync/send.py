"""Carrying out decided actions, one conditional request at a time, noting each as it is acknowledged.

After every request the server acknowledged, ``commit`` saves what planner knows
of that calendar, so a sync killed between two requests (or right after one) is
finished by the next without a conflict or a duplicate. A create the server
refuses for its UID is retried under another one; a precondition that fails
(someone changed the event a moment ago) becomes a conflict, never an overwrite.
"""

from __future__ import annotations

from collections.abc import Callable

from .decide import Action, Decision
from .owned import owned_values
from .records import SyncedEvent, SyncTarget
from .state import Plan, SyncConflict, resource_name, with_uid
from .store import Changed, Exists, Refused, Store


def fresh_uid(pick_id: str, schedule_key: str, generation: int) -> str:
    """The UID of a pick picked again after its event was deleted ``generation`` times.

    >>> fresh_uid("ab12c", "test-conf", 1)
    'ab12c-test-conf-2@planner'
    """
    return f"{pick_id}-{schedule_key}-{generation + 1}@planner"


class Sender:
    """Runs a :class:`Decision` against a store, keeping ``target`` current and committing it."""

    def __init__(
        self, store: Store, target: SyncTarget, commit: Callable[[SyncTarget, list[str]], None]
    ) -> None:
        self.store = store
        self.target = target
        self.commit = commit
        self.plan = Plan()
        # UIDs the events got on the way (a create retried under another UID).
        self.renamed: dict[str, str] = {}

    def _keep(self, pick_id: str, record: SyncedEvent | None, *, deleted: bool = False) -> None:
        events = dict(self.target.events)
        counts = dict(self.target.deleted)
        if record is None:
            events.pop(pick_id, None)
        else:
            events[pick_id] = record
        if deleted:
            counts[pick_id] = counts.get(pick_id, 0) + 1
        self.target = self.target.model_copy(update={"events": events, "deleted": counts})

    def run(self, decision: Decision, *, dry_run: bool) -> Plan:
        plan = self.plan
        plan.unchanged += decision.unchanged
        plan.conflicts.extend(decision.conflicts)
        if dry_run:
            for action in decision.actions:
                {"create": plan.created, "update": plan.updated, "delete": plan.deleted}[action.kind].append(
                    action.pick_id
                )
            return plan
        if decision.adopt or decision.forget:
            for pick_id, record in decision.adopt.items():
                self._keep(pick_id, record)
            for pick_id in decision.forget:
                self._keep(pick_id, None, deleted=True)
            self.commit(self.target, [*decision.adopt, *decision.forget])
        for action in decision.actions:
            getattr(self, f"_{action.kind}")(action)
        return plan

    def _create(self, action: Action) -> None:
        item, record, body, name = action.item, action.record, action.body, action.name
        assert item is not None and record is not None
        uid = item.uid
        for attempt in range(3):
            try:
                etag = self.store.create(name, body)
            except Refused:
                # A UID the server keeps (in a trash bin, say): the same event under another UID.
                new_uid = uid.replace("@planner", f"-r{attempt + 2}@planner")
                body, uid = with_uid(body, uid, new_uid), new_uid
                name = resource_name(uid)
                continue
            except Exists:
                found = self.store.get(name)
                if found is not None and owned_values(found[0]) == item.owned:
                    self._keep(action.pick_id, record.model_copy(update={"etag": found[1], "foreign": True}))
                    self.commit(self.target, [action.pick_id])
                    self.plan.unchanged += 1
                    return
                reason = "another event was put there a moment ago; left as it is"
                self.plan.conflicts.append(SyncConflict(action.pick_id, uid, reason))
                return
            self._keep(action.pick_id, record.model_copy(update={"uid": uid, "name": name, "etag": etag}))
            self.commit(self.target, [action.pick_id])
            if uid != item.uid:
                self.renamed[action.pick_id] = uid
            self.plan.created.append(action.pick_id)
            return
        self.plan.conflicts.append(SyncConflict(action.pick_id, uid, "the server refused the event's UID"))

    def _update(self, action: Action) -> None:
        assert action.record is not None
        try:
            etag = self.store.update(action.name, action.body, action.etag)
        except Changed:
            reason = "changed in the calendar a moment ago; left as it is (sync again to merge)"
            self.plan.conflicts.append(SyncConflict(action.pick_id, action.record.uid, reason))
            return
        self._keep(action.pick_id, action.record.model_copy(update={"etag": etag}))
        self.commit(self.target, [action.pick_id])
        self.plan.updated.append(action.pick_id)
        if action.merged:
            self.plan.merged.append(action.pick_id)

    def _delete(self, action: Action) -> None:
        assert action.record is not None
        try:
            self.store.delete(action.name, action.etag)
        except Changed:
            reason = "dropped, but changed in the calendar a moment ago; left as it is"
            self.plan.conflicts.append(SyncConflict(action.pick_id, action.record.uid, reason))
            return
        self._keep(action.pick_id, None, deleted=True)
        self.commit(self.target, [action.pick_id])
        self.plan.deleted.append(action.pick_id)
