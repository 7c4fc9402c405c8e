"""Which parts of an event are planner's, and merging the two sides property by property.

planner owns the time, title, place, status, description and alarm of its events;
the person owns the rest (Thunderbird's ``X-MOZ-LASTACK``, Apple's ``X-APPLE-*``,
a colour, categories, an alarm acknowledgement inside the alarm). Values are
compared as they mean, not as they are written (a time in another zone, a folded
line, DTSTAMP and LAST-MODIFIED do not count).

Example::

    >>> body = (b"BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:x@planner\\r\\nSUMMARY:Talk\\r\\n"
    ...         b"DTSTART:20251113T150000Z\\r\\nX-MOZ-LASTACK:20251113T145000Z\\r\\n"
    ...         b"END:VEVENT\\r\\nEND:VCALENDAR\\r\\n")
    >>> owned_values(body)
    {'SUMMARY': 'Talk', 'DTSTART': '20251113T150000Z'}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from ..frozen import frozen
from .store import SyncError

OWNED = ("SUMMARY", "DTSTART", "DTEND", "DURATION", "LOCATION", "STATUS", "DESCRIPTION", "VALARM")
LABELS = {
    "SUMMARY": "the title",
    "DTSTART": "the start",
    "DTEND": "the end",
    "DURATION": "the length",
    "LOCATION": "the place",
    "STATUS": "the status",
    "DESCRIPTION": "the description",
    "VALARM": "the reminder",
}
# Longer values are kept (and compared) as a hash.
MAX_KEPT_CHARS = 200
# planner's bookkeeping, set from what it sends whenever it writes an event.
_STAMPS = ("SEQUENCE", "DTSTAMP", "LAST-MODIFIED")


def parse_event(body: bytes, label: str = "the calendar"):
    """The calendar and its one VEVENT in ``body``; a body that is not one is one clear error."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(body)
        events = list(calendar.walk("VEVENT"))
    except (ValueError, KeyError, IndexError, TypeError, RecursionError) as exc:
        raise SyncError(f"holds an event planner cannot read ({str(exc)[:80]})", path=label) from None
    if not events:
        raise SyncError("holds a resource with no event in it", path=label)
    return calendar, events[0]


def _text(event, name: str) -> str:
    value = event[name]
    if name in ("DTSTART", "DTEND"):
        try:
            moment = event.decoded(name)
        except (ValueError, KeyError, TypeError):
            return str(value.to_ical().decode("utf-8", "replace"))
        if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
            return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        return moment.isoformat()
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if hasattr(value, "to_ical") and not isinstance(value, str):
        return value.to_ical().decode("utf-8", "replace")
    return str(value)


def _alarm(alarm) -> str:
    trigger = alarm.get("TRIGGER")
    return "|".join(
        (
            str(alarm.get("ACTION", "")),
            trigger.to_ical().decode("utf-8", "replace") if trigger is not None else "",
            str(alarm.get("DESCRIPTION", "")),
        )
    )


def _short(value: str) -> str:
    # A long text is kept as its hash: equal is all a sync asks of it, and the state stays small.
    if len(value) <= MAX_KEPT_CHARS:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def owned_of(event) -> dict[str, str]:
    """The values of the properties planner owns in ``event`` (an icalendar VEVENT)."""
    values = {name: _short(_text(event, name)) for name in OWNED[:-1] if name in event}
    alarms = sorted(_alarm(c) for c in event.subcomponents if c.name == "VALARM")
    if alarms:
        values["VALARM"] = _short("\n".join(alarms))
    return values


def owned_values(body: bytes) -> dict[str, str]:
    """The values of the properties planner owns in the event of ``body``."""
    return owned_of(parse_event(body)[1])


def owned_hash(owned: dict[str, str]) -> str:
    """A short hash of owned values: equal hashes, same event as far as planner is concerned."""
    text = json.dumps(owned, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def sequence_of(body: bytes) -> int:
    try:
        return max(0, int(parse_event(body)[1].get("SEQUENCE", 0)))
    except (ValueError, TypeError):
        return 0


@frozen(kw_only=False)
class Clash:
    """A property both sides changed since the last sync, to different values."""

    name: str
    before: str | None  # what planner sent last time
    schedule: str | None  # what the schedule says now
    calendar: str | None  # what the calendar holds now


@frozen(kw_only=False)
class Merge:
    """The event both sides agree on: which owned properties take planner's value."""

    take: frozenset[str]
    clashes: tuple[Clash, ...]
    result: dict[str, str]


def merge(
    base_planner: dict[str, str], base_calendar: dict[str, str | None], wanted: dict, server: dict
) -> Merge:
    """Three-way merge of owned values: a property changed on one side takes that side's value;
    one changed on both sides to different values is a :class:`Clash` (planner's value is taken,
    for ``--force``)."""
    take, clashes, result = set(), [], {}
    for name in OWNED:
        mine, theirs = wanted.get(name), server.get(name)
        planner_changed = mine != base_planner.get(name)
        calendar_changed = theirs != base_calendar.get(name, base_planner.get(name))
        if planner_changed and calendar_changed and mine != theirs:
            clashes.append(Clash(name, base_planner.get(name), mine, theirs))
        # A property only the calendar changed keeps the calendar's value (the person's edit).
        use_mine = planner_changed
        value = mine if use_mine else theirs
        if use_mine and mine != theirs:
            take.add(name)
        if value is not None:
            result[name] = value
    return Merge(frozenset(take), tuple(clashes), result)


def merged_body(server: bytes, wanted: bytes, take: frozenset[str] | set[str], sequence: int) -> bytes:
    """The calendar's copy with planner's values for the properties in ``take`` (and its
    SEQUENCE, DTSTAMP, LAST-MODIFIED): everything else the calendar holds stays."""
    server_calendar, server_event = parse_event(server)
    wanted_calendar, wanted_event = parse_event(wanted)
    for name in sorted(take):
        if name == "VALARM":
            others = [c for c in server_event.subcomponents if c.name != "VALARM"]
            alarms = [c for c in wanted_event.subcomponents if c.name == "VALARM"]
            server_event.subcomponents = others + alarms
            continue
        if name in server_event:
            del server_event[name]
        if name in wanted_event:
            server_event[name] = wanted_event[name]
    for name in _STAMPS[1:]:
        if name in wanted_event:
            if name in server_event:
                del server_event[name]
            server_event[name] = wanted_event[name]
    if "SEQUENCE" in server_event:
        del server_event["SEQUENCE"]
    server_event.add("SEQUENCE", sequence)
    have = {str(z.get("TZID")) for z in server_calendar.walk("VTIMEZONE")}
    for zone in wanted_calendar.walk("VTIMEZONE"):
        if str(zone.get("TZID")) not in have:
            server_calendar.subcomponents.insert(0, zone)
    return server_calendar.to_ical()


def with_sequence(body: bytes, sequence: int) -> bytes:
    """``body`` with its event's SEQUENCE set to ``sequence``."""
    calendar, event = parse_event(body)
    if int(event.get("SEQUENCE", 0)) == sequence:
        return body
    del event["SEQUENCE"]
    event.add("SEQUENCE", sequence)
    return calendar.to_ical()


def shown(value: str | None, name: str) -> str:
    """A value as a person reads it in a conflict line."""
    if value is None:
        return "none"
    if value.startswith("sha256:"):
        return "(a long text)"
    if name in ("DTSTART", "DTEND") and len(value) == 16 and value.endswith("Z"):
        moment = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        return f"{moment:%a %H:%M} UTC"
    flat = " ".join(value.split())
    return repr(flat if len(flat) <= 60 else flat[:57] + "...")
