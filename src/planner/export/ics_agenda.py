"""What an agenda event says beyond the session: when to leave, conflicts, the reminder.

The lines of its description (the walk from where the person is, the note,
the conflicts), its VALARM, and where they set off from. Used by
:class:`~.ics.IcsWriter`; not a writer itself.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Alarm

from ..wording import calendar_conflict, walk_text
from .base import ExportRequest
from .ics_parts import Text, session_lines

DEFAULT_REMINDER_MINUTES = 10
# Said once in an event whose walking figures are planner's defaults (a phone shows one
# event at a time, so the calendar's own description is not enough).
ESTIMATE_LINE = "Walking times are estimates (planner's defaults for this venue)."


def agenda_lines(entry, day, titles: dict[str, str], request: ExportRequest, origin=None) -> list[str]:
    """The description lines of a pick's event: when to leave and the route (from
    ``origin``, see :func:`origin_of`), the note, backup or not, its conflicts, then the session's."""
    lines = []
    session = entry.session
    estimated = False
    if origin is not None and origin[1].minutes > 0:
        previous, walk = origin
        estimated = walk.estimated
        leave = session.start - dt.timedelta(minutes=walk.minutes + day.buffer_minutes)
        lines.append(
            f"Leave {previous.location.place} ({titles[previous.pick.id]}) by {leave:%H:%M}: "
            f"{walk_text(walk)}, with {day.buffer_minutes} min to spare."
        )
        lines.append("Route: " + " -> ".join(walk.route))
    elif origin is not None:
        lines.append(f"Same room as {titles[origin[0].pick.id]}.")
    if entry.pick.note:
        lines.append(f"Note: {entry.pick.note}")
    if not entry.pick.must:
        lines.append("A backup pick (maybe).")
    for conflict in day.conflicts_of(entry.pick.id):
        if conflict.kind in ("overlap", "unreachable"):
            first = conflict.first.id == entry.pick.id
            other = conflict.second if first else conflict.first
            name = titles.get(other.id, other.id)
            if conflict.kind == "unreachable":
                estimated = estimated or conflict.walk.estimated
            lines.append(f"Conflict: {calendar_conflict(conflict, name, first=first)}.")
    lines += session_lines(session)
    lines.append(f"Where: {session.location.long}")
    if estimated:
        lines.append(ESTIMATE_LINE)
    return lines


def alarm(entry, buffer_minutes: int, origin=None) -> Alarm:
    """The reminder: the walk plus ``buffer_minutes`` before the start, saying where to go."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    loc = entry.location
    where = ", ".join(p for p in (loc.place, loc.building_level) if p)
    walk = origin[1] if origin is not None else None
    if walk is None:
        minutes = DEFAULT_REMINDER_MINUTES
        text = f"In {minutes} min: {entry.title}, {where}"
    elif walk.minutes == 0:
        minutes = buffer_minutes
        text = f"Next, here in {loc.place}: {entry.title}"
    else:
        minutes = walk.minutes + buffer_minutes
        if walk.unknown:
            text = f"Leave now: walk of unknown length to {where} (off-site)"
        else:
            about = "about " if walk.estimated else ""
            text = f"Leave now: {about}{walk.minutes} min walk to {where}"
    alarm.add("trigger", -dt.timedelta(minutes=minutes))
    alarm.add("description", Text(text))
    return alarm


def origin_of(entry, day, venue):
    """Where the person is when it is time to set off for ``entry``, and the walk from there.

    Usually the pick before it (``entry.previous``). But when picks overlap, the
    one that ended last may not be where they are: a must pick still running
    when ``entry`` starts, or a must that overlapped a backup, is. So: of the
    picks running just before ``entry`` starts, the must one (else the one that
    began last); if none is running, the planned previous pick.
    """
    moment = entry.item.start - dt.timedelta(minutes=1)
    running = [
        other
        for other in day.entries
        if other is not entry
        and other.item.start <= moment < other.item.end
        and other.item.start < entry.item.start
        and other.item.start.date() == entry.item.start.date()
    ]
    if running:
        chosen = max(running, key=lambda e: (e.pick.must, not e.item.drop_in, e.item.start, e.pick.id))
        if chosen.pick.id != entry.previous:
            return chosen, venue.walk(chosen.location, entry.location)
    if entry.walk is None or entry.previous is None:
        return None
    return day.entry(entry.previous), entry.walk
