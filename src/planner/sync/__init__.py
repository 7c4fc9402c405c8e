"""``planner sync``: the agenda written into a calendar that updates in place.

Importing an ``.ics`` file again does not update most calendars (see
docs/calendar-clients.md); a calendar server does. ``sync`` writes one event per
pick into a CalDAV calendar collection (iCloud, Fastmail, Nextcloud, Radicale,
Xandikos, ...) or into a vdir (a folder of ``.ics`` files, for khal and
vdirsyncer), and sends only what changed. As vdirsyncer does, it first decides
every action (:mod:`.decide`), then carries them out (:mod:`.send`):

- a new pick is created with ``If-None-Match: *`` (never over something there);
- a changed one is updated with ``If-Match`` on the ETag planner last saw. planner
  owns the time, title, place, status, description and alarm of its events; the
  person owns the rest (a Thunderbird alarm acknowledgement, Apple's properties,
  a colour, categories): their edits are kept and planner's changes go on top.
  Only a property both sides changed is a conflict, reported with both values
  and left (``force`` takes the schedule's, with a higher SEQUENCE);
- a dropped one is deleted with ``If-Match`` too, or kept as CANCELLED with
  ``cancel`` (a choice remembered per calendar);
- a re-pick after a delete gets a fresh UID (a server with a trash bin refuses a
  UID it still keeps); a create the server refuses for its UID is retried.

What each calendar holds is kept in planner's state folder beside the agenda
(``.planner/<agenda>/sync.json``, see :mod:`planner.state`), written after every
acknowledged request, so a sync killed at any point is finished by the next one.
Credentials are never kept: they come from ``PLANNER_CALDAV_USERNAME`` /
``PLANNER_CALDAV_PASSWORD``, ``~/.netrc`` (``$NETRC``) or the system keyring.

Example::

    from planner.planning import Planner
    from planner.sync import sync_agenda
    report = sync_agenda(Planner.open("agenda.yaml"), "https://dav.example.org/ann/kubecon/")
    print(report.to_json())
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..agenda import uid_for
from ..errors import PlannerError
from ..fetch import is_url
from ..state import AgendaState
from .caldav import TIMEOUT, CalDAVStore, without_userinfo
from .credentials import credentials_for
from .decide import Decider
from .owned import owned_hash, owned_of, parse_event, sequence_of
from .records import Journal, SyncedEvent, SyncState, SyncTarget
from .send import Sender, fresh_uid
from .state import Plan, SyncConflict, SyncReport, Wanted, calendar_resources, event_hash, resource_name
from .store import Store, SyncError
from .vdir import VdirStore

if TYPE_CHECKING:
    from ..agenda import Agenda, ExportedEvent, ExportState
    from ..agenda_document import AgendaDocument
    from ..planning import Planner

# The package is split by concern (store.py the interface, caldav.py and vdir.py the
# targets, http.py bounded requests, credentials.py, records.py what is kept, owned.py
# what planner owns of an event, decide.py and send.py the two steps of a sync).
__all__ = [
    "TIMEOUT",
    "CalDAVStore",
    "Store",
    "SyncConflict",
    "SyncError",
    "SyncReport",
    "SyncState",
    "SyncTarget",
    "SyncedEvent",
    "VdirStore",
    "credentials_for",
    "event_hash",
    "resource_name",
    "sync_agenda",
]


def _store_for(target: str, name: str | None, timeout: float | None) -> tuple[Store, str]:
    if is_url(target):
        if not target.lower().startswith(("http://", "https://")):
            raise SyncError("planner syncs to http:// or https:// CalDAV URLs, or a folder", path=target)
        username, password = credentials_for(target)
        store = CalDAVStore(target, username, password, name, timeout=timeout)
        return store, store.label
    folder = Path(target).expanduser()
    return VdirStore(folder), str(folder.resolve())


def _export_state(agenda: Agenda, output: str) -> ExportState:
    """The export record of one sync target's events (SEQUENCE, UIDs of re-picks).

    The one place sync reads the per-output export state; :func:`_keep_export_state` writes it.
    """
    return agenda.exported.output(output)


def _keep_export_state(document: AgendaDocument, agenda: Agenda, output: str, state: ExportState) -> None:
    document.set_exported(agenda.exported.with_output(output, state))


def _load_state(
    store: AgendaState, document: AgendaDocument, agenda: Agenda, dry_run: bool
) -> tuple[SyncState, list[str]]:
    """The sync state, moving a ``sync:`` section of an older agenda file into the state folder."""
    state = store.read("sync", SyncState)
    legacy: Any = agenda.sync
    if legacy is None:
        return state, []
    notices = []
    if not os.path.exists(store.path("sync")):
        try:
            state = SyncState.model_validate(_plain(legacy))
        except ValueError as exc:
            first = str(exc).splitlines()[:3][-1].strip()
            raise SyncError(
                f"the agenda's old sync: section cannot be read ({first})",
                path=document.path,
                hint="delete the sync: section; the next sync compares with what the calendar holds",
            ) from None
        notices.append(f"moved the sync record out of the agenda file into {store.path('sync')}")
    else:
        notices.append("removed the agenda's old sync: section (planner keeps it in its state folder now)")
    if not dry_run:
        store.write("sync", state)
        # The section leaves the file the person edits (AgendaDocument has no call for removing one).
        data = document.data
        if isinstance(data, dict) and "sync" in data:
            del data["sync"]
            document.changed = True
    return state, notices


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _wanted(rendered_text: str, records: dict, schedule_key: str) -> list[Wanted]:
    bodies = calendar_resources(rendered_text)
    found = []
    for pick_id, record in records.items():
        uid = record.uid or uid_for(pick_id, schedule_key)
        if uid in bodies:
            event = parse_event(bodies[uid])[1]
            owned = owned_of(event)
            cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
            found.append(
                Wanted(
                    pick_id, uid, bodies[uid], owned_hash(owned), owned, sequence_of(bodies[uid]), cancelled
                )
            )
    return found


def _rekeyed(target: SyncTarget, wanted: list[Wanted]) -> SyncTarget:
    """``target`` with each record under the pick that wants its UID now (a retitled session
    gets a new ID; ``planner update --apply`` keeps its UID)."""
    by_uid = {record.uid: pick_id for pick_id, record in target.events.items()}
    events = dict(target.events)
    for item in wanted:
        old = by_uid.get(item.uid)
        if old is not None and old != item.pick_id and item.pick_id not in events:
            events[item.pick_id] = events.pop(old)
    return target.model_copy(update={"events": events})


def run_sync(
    store: Store,
    key: str,
    target: str,
    synced: SyncState,
    kept: AgendaState,
    part: str,
    wanted: list[Wanted],
    records: dict[str, ExportedEvent],
    picked: set[str],
    uid_key: str,
    *,
    cancel: bool,
    force: bool,
    dry_run: bool,
) -> tuple[Plan, dict[str, ExportedEvent], bool, SyncError | None]:
    """Decide, then send, the events ``wanted`` in the calendar ``key`` of ``store``: the one
    sync engine of the agenda and the team calendar. Its state is ``kept``'s ``part`` (and
    the journal beside it); ``records`` is the export record of this target, returned with
    the UIDs the sync gave (re-picks, deletes). ``picked``: what is still chosen.

    Returns the plan done, the records, whether the calendar was created, and the
    failure that stopped it part way (its work so far recorded), if one did.
    """
    failure: SyncError | None = None
    journal = Journal(kept.folder / f"{part}.journal")
    held = synced.targets.get(key, SyncTarget())
    created_calendar = store.open(create=not dry_run)
    listing = {} if created_calendar else store.list()
    if created_calendar:
        # A calendar made afresh (or one deleted since) holds nothing of the last sync.
        held = SyncTarget()
    held = _rekeyed(held.model_copy(update={"cancel": cancel}), wanted)
    # A one-off sync into a folder does not replace the CalDAV calendar a plain sync goes to.
    url = without_userinfo(target) if is_url(target) else target
    default = url if is_url(target) or not (synced.url and is_url(synced.url)) else synced.url

    def commit(current: SyncTarget, changed: list[str] | None = None) -> None:
        if changed is None:
            kept.write(part, synced.model_copy(update={"url": default}).with_target(key, current))
            journal.clear()
        else:
            for pick_id in changed:
                journal.append(key, pick_id, current)

    if not dry_run:
        commit(held)  # the calendar is remembered before the first request goes
    decider = Decider(store, listing, held, force=force)
    wanted_ids = {w.pick_id for w in wanted}
    records = dict(records)
    for item in wanted:
        decider.wanted(item)
    for pick_id, record in sorted(held.events.items()):
        if pick_id in wanted_ids:
            continue
        exported = records.get(pick_id)
        if cancel and exported is not None and exported.cancelled:
            decider.decision.unchanged += 1  # sent as CANCELLED before: it stays so
            continue
        decider.dropped(pick_id, record)
    sender = Sender(store, held, commit)
    try:
        plan = sender.run(decider.decision, dry_run=dry_run)
    except SyncError as exc:
        failure = exc
        plan = sender.plan
    if not dry_run:
        current = sender.target
        if any(e.etag is None for e in current.events.values()):
            with contextlib.suppress(SyncError):
                served = store.list()
                events = {
                    k: e if e.etag else e.model_copy(update={"etag": served.get(e.name)})
                    for k, e in current.events.items()
                }
                current = current.model_copy(update={"events": events})
        commit(current)
        for pick_id, uid in sender.renamed.items():
            if pick_id in records:
                records[pick_id] = replace(records[pick_id], uid=uid)
        for pick_id, exported_record in list(records.items()):
            gone = current.deleted.get(pick_id)
            if (
                gone
                and pick_id not in picked
                and pick_id not in current.events
                and not exported_record.cancelled
            ):
                # Never cancel it again; a re-pick gets a fresh UID (see fresh_uid).
                fresh = fresh_uid(pick_id, uid_key, gone)
                records[pick_id] = replace(exported_record, cancelled=True, uid=fresh)
    return plan, records, created_calendar, failure


def sync_agenda(
    planner: Planner,
    target: str | None = None,
    *,
    cancel: bool | None = None,
    force: bool = False,
    dry_run: bool = False,
    alarms: bool = True,
    now: dt.datetime | None = None,
    name: str | None = None,
    timeout: float | None = None,
) -> SyncReport:
    """Bring the calendar at ``target`` (a CalDAV URL or a folder) in step with the agenda.

    ``target`` ``None`` is the agenda's calendar (the last CalDAV URL synced to, else
    the last folder). ``cancel`` ``None`` keeps that calendar's last choice. Raises
    :class:`SyncError` (nothing changed) when the calendar cannot be reached or is
    not one; a failure part way has recorded what was done, so the next sync
    finishes the rest.
    """
    from ..export import calendar_name
    from ..export.service import agenda_request
    from ..export.writers.ics import IcsOptions, IcsWriter

    failure: SyncError | None = None
    kept = AgendaState.for_agenda(planner.file.path)
    with planner.file.edit() as document:
        agenda = document.agenda()
        synced, notices = _load_state(kept, document, agenda, dry_run)
        journal = Journal(kept.folder / "sync.journal")
        synced = journal.replay(synced)  # what a sync cut short did after its last whole save
        target = target or synced.url
        if not target:
            raise PlannerError(
                "no calendar to sync to yet",
                hint="planner sync URL (a CalDAV calendar) or planner sync DIR/ (a vdir folder)",
            )
        store, key = _store_for(target, name or calendar_name(planner.schedule, "my agenda"), timeout)
        held = synced.targets.get(key, SyncTarget())
        cancel = held.cancel if cancel is None else cancel
        output = f"sync:{key}"
        previous = _export_state(agenda, output)
        options = IcsOptions(alarms=alarms, cancel_dropped=cancel, now=now)
        request = agenda_request(planner, options, name, agenda=replace(agenda, exported=previous))
        rendered = IcsWriter().build(request)
        # An iCalendar export always records its events' state (IcsWriter.build).
        exported = rendered.state
        assert exported is not None
        wanted = _wanted(rendered.text, exported.events, planner.schedule.key)

        plan, records, created_calendar, failure = run_sync(
            store,
            key,
            target,
            synced,
            kept,
            "sync",
            wanted,
            dict(exported.events),
            {p.id for p in agenda.picks},
            planner.schedule.key,
            cancel=cancel,
            force=force,
            dry_run=dry_run,
        )
        if not dry_run:
            new_state = replace(exported, events=records)
            _keep_export_state(document, agenda, output, new_state)
    return outcome(key, plan, failure, dry_run, created_calendar, tuple(notices), again="planner sync")


def outcome(
    key: str,
    plan: Plan,
    failure: SyncError | None,
    dry_run: bool,
    created_calendar: bool,
    notices: tuple[str, ...] = (),
    *,
    again: str,
) -> SyncReport:
    """The report of a sync that ran ``plan``; a sync cut short by ``failure`` is an error that
    says what was done and recorded, and that ``again`` (the command) sends the rest."""
    if failure is not None:
        done = len(plan.created) + len(plan.updated) + len(plan.deleted)
        raise SyncError(
            f"{failure.message}; {done} change(s) were made and recorded, run {again} again to send the rest",
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
        notices,
        tuple(plan.merged),
    )
