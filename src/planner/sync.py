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
import hashlib
import os
import re
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from .agenda import SyncedEvent, SyncState, SyncTarget
from .errors import PlannerError
from .fetch import is_url

if TYPE_CHECKING:
    from .planning import Planner

TIMEOUT = 30
_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"


class SyncError(PlannerError):
    """The calendar cannot be reached, or refuses: one line, exit 2."""


@dataclass(frozen=True)
class SyncConflict:
    """An event planner left alone, and why."""

    id: str
    uid: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "uid": self.uid, "reason": self.reason}


@dataclass(frozen=True)
class SyncReport:
    """What a sync sent (or, with ``dry_run``, would send)."""

    target: str
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    unchanged: int = 0
    conflicts: tuple[SyncConflict, ...] = ()
    dry_run: bool = False
    created_calendar: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "unchanged": self.unchanged,
            "conflicts": [c.to_json() for c in self.conflicts],
        }


# -- where events go ---------------------------------------------------------------


class _Exists(Exception):
    """Something is already at that name (If-None-Match: * failed)."""


class _Changed(Exception):
    """The event is not the version planner last saw (If-Match failed)."""


class _Refused(Exception):
    """The server will not take this UID (a trash bin keeps it, say)."""


class Store:
    """A calendar planner writes events into, by resource name with ETags."""

    label: str

    def open(self, *, create: bool) -> bool:
        """Check it is there and writable (creating it if ``create``); True if created."""
        raise NotImplementedError

    def list(self) -> dict[str, str | None]:
        raise NotImplementedError

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        raise NotImplementedError

    def create(self, name: str, body: bytes) -> str | None:
        raise NotImplementedError

    def update(self, name: str, body: bytes, etag: str | None) -> str | None:
        raise NotImplementedError

    def delete(self, name: str, etag: str | None) -> None:
        raise NotImplementedError


class VdirStore(Store):
    """A folder with one ``.ics`` file per event (vdir, as khal and vdirsyncer use).

    The "ETag" of a file is a hash of its bytes: an edit by khal changes it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.label = str(folder)

    def open(self, *, create: bool) -> bool:
        if self.folder.is_dir():
            return False
        if self.folder.exists():
            raise SyncError("is not a folder (a vdir is a folder of .ics files)", path=self.label)
        if create:
            try:
                self.folder.mkdir(parents=True)
            except OSError as exc:
                raise SyncError(f"cannot create the folder: {exc.strerror}", path=self.label) from None
        return True

    @staticmethod
    def _tag(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()[:32]

    def list(self) -> dict[str, str | None]:
        if not self.folder.is_dir():
            return {}
        return {p.name: self._tag(p.read_bytes()) for p in sorted(self.folder.glob("*.ics"))}

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        path = self.folder / name
        if not path.exists():
            return None
        data = path.read_bytes()
        return data, self._tag(data)

    def _write(self, name: str, body: bytes) -> str:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            "wb", dir=self.folder, prefix=f".{name}.", suffix=".tmp", delete=False
        )
        try:
            with handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self.folder / name)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
            raise SyncError(f"cannot write {name}: {exc.strerror}", path=self.label) from None
        return self._tag(body)

    def create(self, name: str, body: bytes) -> str | None:
        if (self.folder / name).exists():
            raise _Exists
        return self._write(name, body)

    def update(self, name: str, body: bytes, etag: str | None) -> str | None:
        found = self.get(name)
        if etag is not None and (found is None or found[1] != etag):
            raise _Changed
        return self._write(name, body)

    def delete(self, name: str, etag: str | None) -> None:
        found = self.get(name)
        if found is None:
            return
        if etag is not None and found[1] != etag:
            raise _Changed
        (self.folder / name).unlink()


class CalDAVStore(Store):
    """A CalDAV calendar collection, through ``caldav.DAVClient``'s requests.

    Events are written with plain conditional PUT/DELETE (RFC 4791 section
    5.3.2, RFC 9110 section 13): the bytes go as planner built them, with the
    ETag precondition planner chose.
    """

    def __init__(self, url: str, username: str | None, password: str | None, name: str | None = None):
        import caldav

        self.url = url if url.endswith("/") else url + "/"
        self.label = _without_userinfo(self.url)
        self.name = name
        self.client = caldav.DAVClient(url=self.url, username=username, password=password, timeout=TIMEOUT)

    def _request(self, url: str, method: str, body: str = "", headers: dict | None = None):
        from caldav.lib import error

        try:
            return self.client.request(url, method, body, headers or {})
        except error.AuthorizationError:
            raise SyncError(
                "the server refused the user name or password (401); nothing was changed"
                if method in ("PROPFIND", "MKCALENDAR")
                else "the server refused the user name or password (401)",
                path=self.label,
                hint="set PLANNER_CALDAV_USERNAME and PLANNER_CALDAV_PASSWORD, or a ~/.netrc entry",
            ) from None
        except error.DAVError as exc:
            raise SyncError(f"the server failed: {exc}", path=self.label) from None
        except OSError as exc:  # niquests' ConnectionError and timeouts are OSErrors
            raise SyncError(f"cannot reach the server ({_short(exc)})", path=self.label) from None

    def _href(self, name: str) -> str:
        return urllib.parse.urljoin(self.url, urllib.parse.quote(name))

    def open(self, *, create: bool) -> bool:
        body = '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>'
        response = self._request(self.url, "PROPFIND", body, {"Depth": "0", **_XML})
        if response.status == 404:
            if not create:
                return True
            return self._make_calendar()
        if response.status != 207:
            raise SyncError(f"the server answered {response.status} {response.reason}", path=self.label)
        tree = ElementTree.fromstring(response.raw)
        if tree.find(f".//{_DAV}resourcetype/{_CALDAV}calendar") is None:
            raise SyncError(
                "is not a calendar collection (give the URL of one calendar); nothing was changed",
                path=self.label,
            )
        return False

    def _make_calendar(self) -> bool:
        name = escape(self.name or "planner")
        body = (
            '<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f"<D:set><D:prop><D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"
        )
        response = self._request(self.url, "MKCALENDAR", body, _XML)
        if response.status not in (200, 201):
            raise SyncError(
                f"cannot create the calendar: the server answered {response.status} {response.reason}",
                path=self.label,
            )
        return True

    def list(self) -> dict[str, str | None]:
        body = '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
        response = self._request(self.url, "PROPFIND", body, {"Depth": "1", **_XML})
        if response.status == 404:
            return {}
        if response.status != 207:
            raise SyncError(f"the server answered {response.status} {response.reason}", path=self.label)
        found: dict[str, str | None] = {}
        own = urllib.parse.urlparse(self.url).path.rstrip("/")
        for item in ElementTree.fromstring(response.raw).iter(f"{_DAV}response"):
            href = urllib.parse.urlparse((item.findtext(f"{_DAV}href") or "").strip()).path
            if href.rstrip("/") == own or href.endswith("/"):
                continue
            etag = item.findtext(f".//{_DAV}getetag")
            found[urllib.parse.unquote(href.rsplit("/", 1)[-1])] = etag.strip() if etag else None
        return found

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        response = self._request(self._href(name), "GET")
        if response.status == 404:
            return None
        if response.status != 200:
            raise SyncError(f"the server answered {response.status} {response.reason}", path=self.label)
        raw = response.raw if isinstance(response.raw, bytes) else str(response.raw).encode("utf-8")
        return raw, response.headers.get("ETag")

    def _put(self, name: str, body: bytes, headers: dict[str, str]) -> str | None:
        response = self._request(self._href(name), "PUT", body.decode("utf-8"), {**_ICS, **headers})
        if response.status in (200, 201, 204):
            return response.headers.get("ETag")
        if response.status == 412:
            raise _Exists if "If-None-Match" in headers else _Changed
        if response.status in (400, 403, 409) and "If-None-Match" in headers:
            raise _Refused
        raise SyncError(f"the server refused {name}: {response.status} {response.reason}", path=self.label)

    def create(self, name: str, body: bytes) -> str | None:
        return self._put(name, body, {"If-None-Match": "*"})

    def update(self, name: str, body: bytes, etag: str | None) -> str | None:
        return self._put(name, body, {"If-Match": etag} if etag else {})

    def delete(self, name: str, etag: str | None) -> None:
        response = self._request(self._href(name), "DELETE", "", {"If-Match": etag} if etag else {})
        if response.status in (200, 204, 404):
            return
        if response.status == 412:
            raise _Changed
        raise SyncError(f"the server refused to delete {name}: {response.status}", path=self.label)


_XML = {"Content-Type": "application/xml; charset=utf-8"}
_ICS = {"Content-Type": "text/calendar; charset=utf-8"}


def _short(exc: Exception) -> str:
    text = str(exc)
    found = re.search(r"\[Errno -?\d+\] ([^')\]]+)", text)
    if found:
        return found.group(1).lower()
    if "timed out" in text.lower():
        return "timed out"
    return (text.splitlines() or [type(exc).__name__])[0][:120]


def _without_userinfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


# -- credentials ---------------------------------------------------------------------


def credentials_for(url: str) -> tuple[str | None, str | None]:
    """User name and password for ``url``: the URL's own, else
    ``PLANNER_CALDAV_USERNAME``/``PLANNER_CALDAV_PASSWORD``, else the
    ``~/.netrc`` (or ``$NETRC``) entry for the host, else the system keyring
    (service ``planner``/the host, when the ``keyring`` package is installed)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username and parts.password:
        return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password)
    user = os.environ.get("PLANNER_CALDAV_USERNAME") or (
        urllib.parse.unquote(parts.username) if parts.username else None
    )
    password = os.environ.get("PLANNER_CALDAV_PASSWORD")
    if user and password:
        return user, password
    host = parts.hostname or ""
    found = _from_netrc(host)
    if found and (user is None or found[0] == user):
        return found
    with contextlib.suppress(Exception):  # keyring is optional, and its backends vary
        import keyring

        credential = keyring.get_credential(f"planner:{host}", user)
        if credential is not None:
            return credential.username, credential.password
    return user, password


def _from_netrc(host: str) -> tuple[str, str] | None:
    import netrc

    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.exists(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise SyncError(f"cannot read it: {exc}", path=path) from None
    if entry is None or not entry[2]:
        return None
    return entry[0], entry[2]


# -- events ---------------------------------------------------------------------


def resource_name(uid: str) -> str:
    """The fixed file/resource name of an event: its UID, made safe for a path.

    >>> resource_name("ab12c-test-conf@planner")
    'ab12c-test-conf@planner.ics'
    """
    return re.sub(r"[^A-Za-z0-9@._-]", "_", uid) + ".ics"


def event_hash(data: bytes) -> str:
    """A hash of what an event says, ignoring DTSTAMP, line folding and the order of lines
    (a server may store an event re-serialised)."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    unfolded = re.sub(r"\n[ \t]", "", text)
    lines = sorted(
        line for line in unfolded.split("\n") if line and not line.startswith(("DTSTAMP", "PRODID", "METHOD"))
    )
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:32]


@dataclass
class _Wanted:
    pick_id: str
    uid: str
    body: bytes
    hash: str


@dataclass
class _Plan:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[SyncConflict] = field(default_factory=list)


def _resources(text: str) -> dict[str, bytes]:
    """One calendar object resource per event: the event with the zones it uses, no METHOD."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    zones = {str(z["TZID"]): z for z in calendar.walk("VTIMEZONE")}
    found = {}
    for event in calendar.walk("VEVENT"):
        resource = Calendar()
        resource.add("prodid", str(calendar["PRODID"]))
        resource.add("version", "2.0")
        # A file of its own in a vdir is opened alone too: it says which calendar it is from.
        resource["X-WR-CALNAME"] = calendar["X-WR-CALNAME"]
        used = {
            str(event[name].params["TZID"])
            for name in ("DTSTART", "DTEND")
            if name in event and "TZID" in event[name].params
        }
        for tzid in sorted(used):
            if tzid in zones:
                resource.add_component(zones[tzid])
        resource.add_component(event)
        found[str(event["UID"])] = resource.to_ical()
    return found


def _with_uid(body: bytes, old: str, new: str) -> bytes:
    return body.replace(f"UID:{old}\r\n".encode(), f"UID:{new}\r\n".encode())


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
    from .export import ExportOptions, ExportRequest, calendar_name
    from .export.ics import IcsWriter, uid_for

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
        bodies = _resources(rendered.text)
        wanted = []
        for pick_id, record in state.events.items():
            uid = record.uid or uid_for(pick_id, planner.schedule.key)
            if uid in bodies:
                wanted.append(_Wanted(pick_id, uid, bodies[uid], event_hash(bodies[uid])))

        created_calendar = store.open(create=not dry_run)
        listing = {} if created_calendar else store.list()
        if created_calendar:
            # A calendar made afresh (or one deleted since) holds nothing of the last sync.
            held = SyncTarget()
        plan = _Plan()
        events = dict(held.events)
        deleted = dict(held.deleted)
        records = dict(state.events)
        try:
            _send(store, listing, wanted, events, deleted, records, plan, force=force, dry_run=dry_run)
            wanted_ids = {w.pick_id for w in wanted}
            for pick_id, synced in sorted(held.events.items()):
                if pick_id in wanted_ids:
                    continue
                record = records.get(pick_id)
                if cancel and record is not None and record.cancelled:
                    plan.unchanged += 1  # sent as CANCELLED before: it stays so
                    continue
                _drop(store, listing, pick_id, synced, events, deleted, records, plan, force, dry_run)
                if pick_id not in events and record is not None:
                    # Never cancel it again; a re-pick gets a fresh UID (see _fresh_uid).
                    fresh = _fresh_uid(pick_id, planner.schedule.key, deleted.get(pick_id, 1))
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
                SyncState(url=_without_userinfo(target) if is_url(target) else target, targets=targets)
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


def _fresh_uid(pick_id: str, schedule_key: str, generation: int) -> str:
    return f"{pick_id}-{schedule_key}-{generation + 1}@planner"


def _send(store, listing, wanted, events, deleted, records, plan, *, force, dry_run) -> None:
    for item in wanted:
        synced = events.get(item.pick_id)
        if synced is not None and synced.uid == item.uid:
            on_server = synced.name in listing
            server_etag = listing.get(synced.name)
            if not on_server and not force:
                plan.conflicts.append(
                    SyncConflict(
                        item.pick_id, item.uid, "deleted in the calendar since the last sync; left out"
                    )
                )
                continue
            if on_server and server_etag != synced.etag and not force:
                plan.conflicts.append(
                    SyncConflict(
                        item.pick_id,
                        item.uid,
                        "changed in the calendar since the last sync; left as it is (--force overwrites)",
                    )
                )
                continue
            if on_server and synced.hash == item.hash and server_etag == synced.etag:
                plan.unchanged += 1
                continue
            if dry_run:
                (plan.updated if on_server else plan.created).append(item.pick_id)
                continue
            try:
                if on_server:
                    etag = store.update(synced.name, item.body, server_etag if force else synced.etag)
                else:
                    etag = store.create(synced.name, item.body)
            except (_Changed, _Exists, _Refused):
                plan.conflicts.append(
                    SyncConflict(item.pick_id, item.uid, "changed in the calendar just now; left as it is")
                )
                continue
            events[item.pick_id] = synced.model_copy(update={"etag": etag, "hash": item.hash})
            (plan.updated if on_server else plan.created).append(item.pick_id)
            continue
        if synced is not None:
            # The event has another UID now: the old one goes.
            _drop(store, listing, item.pick_id, synced, events, deleted, records, plan, force, dry_run)
        _create(store, item, events, records, plan, force=force, dry_run=dry_run)


def _create(store, item: _Wanted, events, records, plan, *, force, dry_run) -> None:
    uid, body = item.uid, item.body
    for attempt in range(3):
        name = resource_name(uid)
        if dry_run:
            plan.created.append(item.pick_id)
            return
        try:
            etag = store.create(name, body)
        except _Refused:
            # A UID the server keeps (in a trash bin, say): the same event under another UID.
            new_uid = uid.replace("@planner", f"-r{attempt + 2}@planner")
            body, uid = _with_uid(body, uid, new_uid), new_uid
            continue
        except _Exists:
            found = store.get(name)
            if found is not None and event_hash(found[0]) == item.hash:
                # Ours already (a sync cut short after the server stored it): adopt it.
                events[item.pick_id] = SyncedEvent(uid=uid, name=name, etag=found[1], hash=item.hash)
                plan.unchanged += 1
                return
            try:
                if not force or found is None:
                    raise _Changed
                etag = store.update(name, body, found[1])
            except _Changed:
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


def _drop(
    store, listing, pick_id, synced: SyncedEvent, events, deleted, records, plan, force, dry_run
) -> None:
    server_etag = listing.get(synced.name)
    if synced.name in listing and server_etag != synced.etag and not force:
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
            store.delete(synced.name, server_etag if force else synced.etag)
        except _Changed:
            plan.conflicts.append(
                SyncConflict(pick_id, synced.uid, "dropped, but changed in the calendar just now; left")
            )
            return
        plan.deleted.append(pick_id)
    events.pop(pick_id, None)
    deleted[pick_id] = deleted.get(pick_id, 0) + 1
