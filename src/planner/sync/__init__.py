"""``planner sync``: the agenda written into a calendar that updates in place.

Importing an ``.ics`` file again does not update most calendars (see the
README, "Keeping your calendar current"); a calendar server does. ``sync``
writes one event per pick into a CalDAV calendar collection (iCloud, Fastmail,
Nextcloud, Radicale, ...) through the ``caldav`` library, or into a vdir (a
folder of ``.ics`` files, for khal and vdirsyncer), and sends only what changed:

- a new pick is created with ``If-None-Match: *`` (never over something there);
- a changed one is updated with ``If-Match`` on the ETag planner last saw, so an
  event the user edited in their calendar app since (moved, added a note) is
  never overwritten: it is reported as a conflict and left (``force`` overwrites);
- a dropped one is deleted with ``If-Match`` too, or sent once as CANCELLED
  with ``cancel``;
- the SEQUENCE on the server is the one planner exported: the bytes planner
  built are sent as they are (no library save that raises SEQUENCE again);
- a re-pick after a delete gets a fresh UID, since a server with a trash bin
  (Nextcloud) refuses a UID it still keeps; a create the server refuses for its
  UID is retried with another.

What the calendar holds (per event: UID, resource name, ETag, a hash of what
was sent) is kept in the agenda file under ``sync:``, beside the ``exported:``
versions it goes with: one atomic save under the agenda's lock records the
picks and what the server has of them together, and a copy of the agenda on
another machine knows what is already there. Credentials are never kept:
they come from ``PLANNER_CALDAV_USERNAME`` / ``PLANNER_CALDAV_PASSWORD``, or
``~/.netrc`` (``$NETRC``) for the host, or the system keyring.

Example::

    from planner.planning import Planner
    from planner.sync import sync_agenda
    report = sync_agenda(Planner.open("agenda.yaml"), "https://dav.example.org/ann/kubecon/")
    print(report.to_json())
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..agenda import SyncState, SyncTarget
from ..errors import PlannerError
from ..fetch import is_url
from .caldav import TIMEOUT, CalDAVStore, without_userinfo
from .credentials import credentials_for
from .send import drop, fresh_uid, send
from .state import Plan, SyncConflict, SyncReport, Wanted, calendar_resources, event_hash, resource_name
from .store import Store, SyncError
from .vdir import VdirStore

if TYPE_CHECKING:
    from ..planning import Planner

# The package is split by concern (store.py the interface, caldav.py and vdir.py the
# targets, credentials.py, state.py what is known and reported, send.py the conditional
# writes); these are the names code outside it uses.
__all__ = [
    "TIMEOUT",
    "CalDAVStore",
    "Store",
    "SyncConflict",
    "SyncError",
    "SyncReport",
    "VdirStore",
    "credentials_for",
    "event_hash",
    "resource_name",
    "sync_agenda",
]


def _store_for(target: str, name: str | None) -> tuple[Store, str]:
    if is_url(target):
        if not target.lower().startswith(("http://", "https://")):
            raise SyncError("planner syncs to http:// or https:// CalDAV URLs, or a folder", path=target)
        username, password = credentials_for(target)
        store = CalDAVStore(target, username, password, name)
        return store, store.label
    folder = Path(target).expanduser()
    return VdirStore(folder), str(folder.resolve())


def sync_agenda(
    planner: Planner,
    target: str | None = None,
    *,
    cancel: bool = False,
    force: bool = False,
    dry_run: bool = False,
    alarms: bool = True,
    now: dt.datetime | None = None,
    name: str | None = None,
) -> SyncReport:
    """Bring the calendar at ``target`` (a CalDAV URL or a folder) in step with the agenda.

    ``target`` ``None`` is the agenda's last one. Raises :class:`SyncError`
    (nothing changed) when the calendar cannot be reached or is not one; a
    failure part way records what was done, so the next sync finishes the rest.
    """
    from ..export import ExportOptions, ExportRequest, calendar_name
    from ..export.ics import IcsWriter, uid_for

    failure: SyncError | None = None
    with planner.file.edit() as document:
        agenda = document.agenda()
        target = target or agenda.sync.url
        if not target:
            raise PlannerError(
                "no calendar to sync to yet",
                hint="planner sync URL (a CalDAV calendar) or planner sync DIR/ (a vdir folder)",
            )
        store, key = _store_for(target, name or calendar_name(planner.schedule, "my agenda"))
        held = agenda.sync.targets.get(key, SyncTarget())
        output = f"sync:{key}"
        options = ExportOptions(alarms=alarms, cancel_dropped=cancel, now=now)
        request = ExportRequest(
            planner.schedule,
            planner.venue,
            options,
            calendar_name(planner.schedule, "my agenda", name),
            day=planner.plan(agenda),
            agenda=agenda.model_copy(update={"exported": agenda.exported.output(output)}),
        )
        rendered = IcsWriter().build(request)
        state = rendered.state
        bodies = calendar_resources(rendered.text)
        wanted = []
        for pick_id, record in state.events.items():
            uid = record.uid or uid_for(pick_id, planner.schedule.key)
            if uid in bodies:
                wanted.append(Wanted(pick_id, uid, bodies[uid], event_hash(bodies[uid])))

        created_calendar = store.open(create=not dry_run)
        listing = {} if created_calendar else store.list()
        if created_calendar:
            # A calendar made afresh (or one deleted since) holds nothing of the last sync.
            held = SyncTarget()
        plan = Plan()
        events = dict(held.events)
        deleted = dict(held.deleted)
        records = dict(state.events)
        try:
            send(store, listing, wanted, events, deleted, records, plan, force=force, dry_run=dry_run)
            wanted_ids = {w.pick_id for w in wanted}
            for pick_id, synced in sorted(held.events.items()):
                if pick_id in wanted_ids:
                    continue
                record = records.get(pick_id)
                if cancel and record is not None and record.cancelled:
                    plan.unchanged += 1  # sent as CANCELLED before: it stays so
                    continue
                drop(store, listing, pick_id, synced, events, deleted, records, plan, force, dry_run)
                if pick_id not in events and record is not None:
                    # Never cancel it again; a re-pick gets a fresh UID (see fresh_uid).
                    fresh = fresh_uid(pick_id, planner.schedule.key, deleted.get(pick_id, 1))
                    records[pick_id] = record.model_copy(update={"cancelled": True, "uid": fresh})
        except SyncError as exc:
            failure = exc
        if not dry_run:
            if any(e.etag is None for e in events.values()):
                with contextlib.suppress(SyncError):
                    served = store.list()
                    events = {
                        k: e if e.etag else e.model_copy(update={"etag": served.get(e.name)})
                        for k, e in events.items()
                    }
            new_state = state.model_copy(update={"events": records})
            document.set_exported(agenda.exported.with_output(output, new_state))
            targets = {**agenda.sync.targets, key: SyncTarget(events=events, deleted=deleted)}
            document.set_synced(
                SyncState(url=without_userinfo(target) if is_url(target) else target, targets=targets)
            )
    if failure is not None:
        done = len(plan.created) + len(plan.updated) + len(plan.deleted)
        raise SyncError(
            f"{failure.message}; {done} change(s) were made and recorded, "
            "run planner sync again to send the rest",
            path=failure.path,
        )
    return SyncReport(
        key,
        tuple(plan.created),
        tuple(plan.updated),
        tuple(plan.deleted),
        plan.unchanged,
        tuple(plan.conflicts),
        dry_run,
        created_calendar,
    )
