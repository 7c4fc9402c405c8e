"""What a sync knows and reports: the events wanted, what changed, the report.

Each event is one calendar object resource (the VEVENT with the VTIMEZONEs it
uses) under a fixed name derived from its UID; its hash ignores what a server
may rewrite (DTSTAMP, folding, line order), so "changed" means what it says.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from ..frozen import frozen


@frozen(kw_only=False)
class SyncConflict:
    """An event planner left alone, and why; for a property both sides changed, both values."""

    id: str
    uid: str
    reason: str
    property: str | None = None
    schedule: str | None = None
    calendar: str | None = None

    def to_json(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {"id": self.id, "uid": self.uid, "reason": self.reason}
        if self.property:
            found.update(property=self.property, schedule=self.schedule, calendar=self.calendar)
        return found


@frozen(kw_only=False)
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
    # One-line notices for the person (a sync record moved out of the agenda file, say).
    notices: tuple[str, ...] = ()
    # Events where the calendar's own changes were kept and planner's applied on top.
    merged: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "deleted": len(self.deleted),
            "unchanged": self.unchanged,
            "merged": len(self.merged),
            "conflicts": [c.to_json() for c in self.conflicts],
        }


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
class Wanted:
    """A pick's event as this sync would send it: its resource body, the values of the
    properties planner owns in it, their hash and the event's SEQUENCE."""

    pick_id: str
    uid: str
    body: bytes
    hash: str
    owned: dict[str, str] = field(default_factory=dict)
    sequence: int = 0
    cancelled: bool = False


@dataclass
class Plan:
    """What a sync did (or would do) so far, by pick id: the report in the making."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[SyncConflict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)


def calendar_resources(text: str) -> dict[str, bytes]:
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


def with_uid(body: bytes, old: str, new: str) -> bytes:
    """The same resource under the UID ``new``."""
    return body.replace(f"UID:{old}\r\n".encode(), f"UID:{new}\r\n".encode())
