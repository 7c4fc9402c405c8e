"""How planner says things, in plain words: no colour, no terminal, no click.

The terminal (:mod:`planner.terminal`) styles these phrases; the HTML day view
(:mod:`planner.export.writers.html`) puts them in a page. Both say the same thing the
same way because both call these functions.

>>> import datetime as dt
>>> span(dt.datetime(2025, 11, 13, 11, 0), dt.datetime(2025, 11, 13, 11, 30))
'11:00–11:30'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .lookup import place_code
from .text import ellipsize

if TYPE_CHECKING:
    from .conflicts import Conflict
    from .day import DayPlan, PlanEntry
    from .models import Location, Session
    from .venue import Walk


def hm(moment: dt.datetime) -> str:
    """``11:00``: the time of day in the moment's own zone."""
    return moment.strftime("%H:%M")


def span(start: dt.datetime, end: dt.datetime) -> str:
    """``11:00–11:30``."""
    return f"{hm(start)}–{hm(end)}"


def day_heading(day: dt.date) -> str:
    """``Thursday 13 November 2025``.

    >>> day_heading(dt.date(2025, 11, 13))
    'Thursday 13 November 2025'
    """
    return f"{day:%A} {day.day} {day:%B %Y}"


def day_label(day: dt.date) -> str:
    """``Thu 13 Nov``: the day of an item, where a schedule has several.

    >>> day_label(dt.date(2025, 11, 13))
    'Thu 13 Nov'
    """
    return f"{day:%a} {day.day} {day:%b}"


def days_differ(moments: Sequence[dt.datetime]) -> bool:
    """True when ``moments`` fall on more than one day (so each item names its day)."""
    return len({moment.date() for moment in moments}) > 1


def where_code(session: Session) -> str:
    """``C3 Georgia Ballroom 2``: building and level as a code, then the room."""
    return place_code(session.location)


def same_room(walk: Walk) -> bool:
    return walk.minutes == 0 and len(walk.route) == 1


def walk_phrase(walk: Walk, destination: Location) -> str:
    """``6 min walk to Building C, Level 3`` (or ``same room``)."""
    if same_room(walk):
        return "same room"
    where = destination.building_level or destination.place
    if walk.unknown:
        return f"walk to {where} unknown (off-site; {walk.minutes} min allowed)"
    return f"{walk.minutes} min walk to {where}"


def walk_words(walk: Walk, origin: Location, destination: Location) -> str:
    """``6 min, B to C``: the walk in a few words, for a marker.

    >>> from planner.models import Location
    >>> from planner.venue import Walk
    >>> walk_words(Walk(minutes=6, route=()), Location(building="B"), Location(building="C"))
    '6 min, B to C'
    >>> lobby, ballroom = Location(building="B", level="1"), Location(building="B", level="4")
    >>> walk_words(Walk(minutes=7, route=()), lobby, ballroom)
    '7 min, B L1 to L4'
    """
    if same_room(walk):
        return "same room"
    a, b = origin, destination
    if a.building and b.building and a.building != b.building:
        return f"{walk.minutes} min, {a.building} to {b.building}"
    building = a.building or b.building
    if a.level and b.level and a.level != b.level:
        return f"{walk.minutes} min, {building + ' ' if building else ''}L{a.level} to L{b.level}"
    return f"{walk.minutes} min, within {building}" if building else f"{walk.minutes} min"


def walk_in_gap(walk_minutes: int, gap_minutes: int | None) -> str:
    """``12 min walk in a 10 min gap``: a move between two picks, in numbers."""
    return f"{walk_minutes} min walk in a {gap_minutes} min gap"


def move_words(walk_minutes: int, gap_minutes: int | None) -> str:
    """The move between two picks as a person says it: no "0 min walk" in one room.

    >>> move_words(0, 0), move_words(0, 15), move_words(4, 10)
    ('same room, back to back', 'same room · 15 min free', '4 min walk in a 10 min gap')
    """
    if walk_minutes == 0:
        return "same room, back to back" if not gap_minutes else f"same room · {gap_minutes} min free"
    return walk_in_gap(walk_minutes, gap_minutes)


def walk_text(walk: Walk) -> str:
    """``a 5 min walk``; an off-site walk is unknown, and says only what is allowed for it."""
    if walk.unknown:
        return f"a walk of unknown length (off-site; {walk.minutes} min allowed)"
    return f"a {walk.minutes} min walk"


def clash_words(conflict: Conflict) -> str:
    """A clash of two picks in a few words, for a line that names both:
    ``overlap by 10 min``, or ``12 min walk in a 10 min gap``."""
    if conflict.kind == "overlap":
        return f"overlap by {conflict.minutes} min"
    # The walk kinds (unreachable, tight) always carry their walk and gap (conflicts.find_conflicts).
    assert conflict.walk is not None and conflict.gap_minutes is not None
    return walk_in_gap(conflict.walk.minutes, conflict.gap_minutes)


def calendar_conflict(conflict: Conflict, name: str, *, first: bool) -> str:
    """A hard problem as a pick's calendar event says it (``first``: the event is the
    first of the two): ``overlaps Keynote by 10 min``, or
    ``a 12 min walk to Keynote in a 10 min gap (2 min short)``."""
    if conflict.kind == "overlap":
        return f"overlaps {name} by {conflict.minutes} min"
    # The other hard kind, unreachable, always carries its walk (conflicts.find_conflicts).
    assert conflict.walk is not None
    return (
        f"{walk_text(conflict.walk)} {'to' if first else 'from'} {name} "
        f"in a {conflict.gap_minutes} min gap ({conflict.minutes} min short)"
    )


def conflict_phrase(
    conflict: Conflict,
    titles: dict[str, str],
    *,
    for_second: bool = True,
    title_width: int = 40,
    brief: bool = False,
) -> str:
    """What a conflict means for one of its picks (the second, unless ``for_second``
    is False), in one line: ``overlaps Keynote [abc12] by 10 min``. The other pick's
    title is cut to ``title_width`` characters (a narrow pane passes fewer). ``brief``
    leaves the title out and says a walk's minutes short or to spare before the walk, for
    a line that would otherwise be cut: ``cannot reach [abc12] in time: 3 min short, 18
    min walk in a 15 min gap``."""
    other = conflict.first if for_second else conflict.second
    title = "" if brief else ellipsize(titles.get(other.id, other.id), title_width) + " "
    name = f"{title}[{other.id}]"
    kind, minutes = conflict.kind, conflict.minutes
    if kind == "overlap":
        return f"overlaps {name} by {minutes} min"
    if kind == "backup":
        described = conflict.second if for_second else conflict.first
        return f"has a backup: {name}" if described.must else f"backup for {name}"
    if kind == "soft":
        return f"overlaps drop-in {name} by {minutes} min (fine)"
    # The walk kinds (unreachable, tight) always carry their walk and gap (conflicts.find_conflicts).
    assert conflict.walk is not None and conflict.gap_minutes is not None
    walk = walk_in_gap(conflict.walk.minutes, conflict.gap_minutes)
    # The walk goes from the first pick to the second: said from either end, it keeps its direction.
    if kind == "unreachable":
        lead = f"unreachable from {name}" if for_second else f"cannot reach {name} in time"
        spare = f"{minutes} min short"
    else:
        lead = f"tight after {name}" if for_second else f"tight before {name}"
        spare = f"{minutes} min to spare"
    return f"{lead}: {spare}, {walk}" if brief else f"{lead}: {walk}, {spare}"


def arrival(entry: PlanEntry, previous: PlanEntry) -> tuple[str, str]:
    """How the walk into ``entry`` fits its gap, in words, and which case it is:
    ``free`` (``9 min free``), ``leave`` (out of a drop-in: ``leave Lunch by 13:38``),
    ``late`` (into a drop-in: ``arrive 4 min after it opens``) or ``short``.
    The terminal day plan and the HTML day view both say it this way."""
    walk = entry.walk
    # A pick with a previous one has the walk from it and the gap (day.plan_day).
    assert walk is not None and entry.gap_minutes is not None
    free = entry.gap_minutes - walk.minutes
    if free >= 0:
        return f"{free} min free", "free"
    if previous.item.drop_in:
        leave = entry.item.start - dt.timedelta(minutes=walk.minutes)
        return f"leave {ellipsize(previous.title, 32)} by {hm(leave)}", "leave"
    if entry.item.drop_in:
        return f"arrive {-free} min after it opens", "late"
    return f"{-free} min short", "short"


def day_summary(day: DayPlan) -> str:
    """``5 picks (1 maybe), 1 hard conflict, 2 tight, buffer 2 min``: a day plan in a line."""
    picks = len(day.entries) + len(day.unplaced)
    maybes = sum(1 for e in day.entries if not e.pick.must)
    counts: dict[str, int] = {}
    for conflict in day.conflicts:
        key = (
            conflict.kind
            if conflict.hard or conflict.kind not in ("overlap", "unreachable")
            else f"{conflict.kind} (maybe)"
        )
        counts[key] = counts.get(key, 0) + 1
    hard = len(day.hard_conflicts)
    parts = [count(picks, "pick") + (f" ({maybes} maybe)" if maybes else "")]
    parts.append(f"{hard} hard conflict{'s' if hard != 1 else ''}")
    for kind in ("tight", "backup", "soft"):
        if counts.get(kind):
            # "2 tight", "2 soft" (conflicts), but "2 backups".
            parts.append(count(counts[kind], kind) if kind == "backup" else f"{counts[kind]} {kind}")
    parts.append(f"buffer {day.buffer_minutes} min")
    return ", ".join(parts)


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 event``, ``3 events``.

    >>> count(1, "event"), count(3, "event")
    ('1 event', '3 events')
    """
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def recording_hint(
    conflict: Conflict, recorded: dict[str, bool | None], titles: dict[str, str]
) -> str | None:
    """Which of two overlapping picks the schedule says is recorded, to watch later:
    ``Talk B [b1] is recorded: watch it later``; None when it says neither (unknown is never "yes").

    >>> import datetime as dt
    >>> from planner.conflicts import Conflict, Item
    >>> from planner.models import Location
    >>> at = dt.datetime(2025, 11, 13, 11, 0)
    >>> a = Item("a1", at, at + dt.timedelta(minutes=30), Location())
    >>> b = Item("b1", at, at + dt.timedelta(minutes=30), Location())
    >>> clash = Conflict("overlap", a, b, 30, True)
    >>> recording_hint(clash, {"a1": None, "b1": True}, {"b1": "Talk B"})
    'Talk B [b1] is recorded: watch it later'
    >>> recording_hint(clash, {"a1": None, "b1": None}, {}) is None
    True
    """
    if conflict.kind not in ("overlap", "backup"):
        return None
    first, second = conflict.first.id, conflict.second.id
    on = [i for i in (first, second) if recorded.get(i) is True]
    off = [i for i in (first, second) if recorded.get(i) is False]

    def name(i: str) -> str:
        return f"{ellipsize(titles.get(i, i), 40)} [{i}]"

    if len(on) == 2:
        return "both are recorded: watch either later"
    if on:
        hint = f"{name(on[0])} is recorded: watch it later"
        return hint + (f"; {name(off[0])} is not recorded" if off else "")
    if len(off) == 2:
        return "neither is recorded"
    return None
