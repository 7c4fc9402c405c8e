"""Sending what changed to a store: creates, updates and deletes, each conditional.

An event changed or deleted in the calendar since the last sync is reported as
a :class:`~.state.SyncConflict` and left alone (``force`` overwrites); a create
the server refuses for its UID is retried under another one.
"""

from __future__ import annotations

from ..agenda import ExportedEvent, SyncedEvent
from .state import Plan, SyncConflict, Wanted, event_hash, resource_name, with_uid
from .store import Changed, Exists, Refused, Store

# What a sync works on, kept by pick id: the events the store holds, how often each
# was deleted (for fresh UIDs), and the export records.
Listing = dict[str, str | None]
Events = dict[str, SyncedEvent]
Deleted = dict[str, int]
Records = dict[str, ExportedEvent]


def fresh_uid(pick_id: str, schedule_key: str, generation: int) -> str:
    """The UID of a pick picked again after its event was deleted ``generation`` times.

    >>> fresh_uid("ab12c", "test-conf", 1)
    'ab12c-test-conf-2@planner'
    """
    return f"{pick_id}-{schedule_key}-{generation + 1}@planner"


def _edited_since(listing: Listing, synced: SyncedEvent) -> bool:
    """Whether the calendar holds the event with another ETag than the last sync left:
    someone changed it there since."""
    return synced.name in listing and listing[synced.name] != synced.etag


def _if_match(listing: Listing, synced: SyncedEvent, force: bool) -> str | None:
    """The ETag a conditional write must match: the last sync's, or with ``force`` the server's own."""
    return listing.get(synced.name) if force else synced.etag


def send(
    store: Store,
    listing: Listing,
    wanted: list[Wanted],
    events: Events,
    deleted: Deleted,
    records: Records,
    plan: Plan,
    *,
    force: bool,
    dry_run: bool,
) -> None:
    """Create or update each wanted event that differs from what the store holds, noting it in ``plan``."""
    for item in wanted:
        synced = events.get(item.pick_id)
        if synced is not None and synced.uid == item.uid:
            on_server = synced.name in listing
            if not on_server and not force:
                plan.conflicts.append(
                    SyncConflict(
                        item.pick_id, item.uid, "deleted in the calendar since the last sync; left out"
                    )
                )
                continue
            if _edited_since(listing, synced) and not force:
                plan.conflicts.append(
                    SyncConflict(
                        item.pick_id,
                        item.uid,
                        "changed in the calendar since the last sync; left as it is (--force overwrites)",
                    )
                )
                continue
            if on_server and synced.hash == item.hash and not _edited_since(listing, synced):
                plan.unchanged += 1
                continue
            if dry_run:
                (plan.updated if on_server else plan.created).append(item.pick_id)
                continue
            try:
                if on_server:
                    etag = store.update(synced.name, item.body, _if_match(listing, synced, force))
                else:
                    etag = store.create(synced.name, item.body)
            except (Changed, Exists, Refused):
                plan.conflicts.append(
                    SyncConflict(item.pick_id, item.uid, "changed in the calendar just now; left as it is")
                )
                continue
            events[item.pick_id] = synced.model_copy(update={"etag": etag, "hash": item.hash})
            (plan.updated if on_server else plan.created).append(item.pick_id)
            continue
        if synced is not None:
            # The event has another UID now: the old one goes.
            drop(store, listing, item.pick_id, synced, events, deleted, records, plan, force, dry_run)
        _create(store, item, events, records, plan, force=force, dry_run=dry_run)


def _create(
    store: Store, item: Wanted, events: Events, records: Records, plan: Plan, *, force: bool, dry_run: bool
) -> None:
    uid, body = item.uid, item.body
    for attempt in range(3):
        name = resource_name(uid)
        if dry_run:
            plan.created.append(item.pick_id)
            return
        try:
            etag = store.create(name, body)
        except Refused:
            # A UID the server keeps (in a trash bin, say): the same event under another UID.
            new_uid = uid.replace("@planner", f"-r{attempt + 2}@planner")
            body, uid = with_uid(body, uid, new_uid), new_uid
            continue
        except Exists:
            found = store.get(name)
            if found is not None and event_hash(found[0]) == item.hash:
                # Ours already (a sync cut short after the server stored it): adopt it.
                events[item.pick_id] = SyncedEvent(uid=uid, name=name, etag=found[1], hash=item.hash)
                plan.unchanged += 1
                return
            try:
                if not force or found is None:
                    raise Changed
                etag = store.update(name, body, found[1])
            except Changed:
                plan.conflicts.append(
                    SyncConflict(item.pick_id, uid, "another event is already there; left as it is")
                )
                return
        # The hash of what was sent: under another UID, that is another body.
        events[item.pick_id] = SyncedEvent(uid=uid, name=name, etag=etag, hash=event_hash(body))
        if uid != item.uid and item.pick_id in records:
            records[item.pick_id] = records[item.pick_id].model_copy(update={"uid": uid})
        plan.created.append(item.pick_id)
        return
    plan.conflicts.append(SyncConflict(item.pick_id, uid, "the server refused the event's UID"))


def drop(
    store: Store,
    listing: Listing,
    pick_id: str,
    synced: SyncedEvent,
    events: Events,
    deleted: Deleted,
    records: Records,
    plan: Plan,
    force: bool,
    dry_run: bool,
) -> None:
    """Delete the event of a pick no longer wanted, unless it changed in the calendar since."""
    if _edited_since(listing, synced) and not force:
        plan.conflicts.append(
            SyncConflict(
                pick_id,
                synced.uid,
                "dropped, but changed in the calendar since the last sync; left as it is",
            )
        )
        return
    if dry_run:
        plan.deleted.append(pick_id)
        return
    if synced.name in listing:
        try:
            store.delete(synced.name, _if_match(listing, synced, force))
        except Changed:
            plan.conflicts.append(
                SyncConflict(pick_id, synced.uid, "dropped, but changed in the calendar just now; left")
            )
            return
        plan.deleted.append(pick_id)
    events.pop(pick_id, None)
    deleted[pick_id] = deleted.get(pick_id, 0) + 1
