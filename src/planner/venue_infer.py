"""A venue for a schedule planner does not know, from what its room names say.

Rooms often name their building and level: ``Building B | Level 4 | B401`` (sched),
``Hall 8 | Room D``, FOSDEM's campus codes (``K.4.201`` is building K, level 4;
``H.1308`` building H, level 1; ``UA2.114`` and ``AW1.120`` buildings UA and AW,
levels 2 and 1). A room that is a street address (``Hilton, 255 Courtland St NE``)
is off-site. From these, :func:`infer_venue` builds the same
:class:`~planner.venue.Venue` a venue file gives, with honest defaults:

- the same room: 0 minutes;
- another room of the same building (or of a venue with no buildings named):
  a few minutes, :data:`WITHIN_BUILDING_MINUTES`, plus escalators per level;
- another building: :data:`BETWEEN_BUILDINGS_MINUTES` more; in a venue of buildings,
  a room that names none (``Janson``, ``Hall 4``) is a place of its own, as far
  from the others as two buildings are (never closer to everything);
- an off-site address: unknown. Never a flat figure presented as known: the walk
  is flagged ``unknown`` and planned with :data:`OFFSITE_MINUTES`.

Every figure is an estimate, and the venue says so (``estimated``); where a person
reads a walk, :func:`walking_caveat` is the one sentence that says it.
:func:`venue_yaml` writes the venue as a file to correct, with the reason for each
figure beside it (``planner venue init``).

>>> from planner.models import Location, Schedule, Session
>>> import datetime as dt
>>> t = dt.datetime(2025, 2, 1, 10, tzinfo=dt.timezone.utc)
>>> rooms = ["K.4.201", "K.3.401", "UA2.114 (Baudoux)", "Hilton, 255 Courtland St NE"]
>>> schedule = Schedule(source="x", timezone="UTC", sessions=tuple(
...     Session(id=str(n), title=r, start=t, end=t, location=Location(room=r)) for n, r in enumerate(rooms)))
>>> venue = infer_venue(schedule)
>>> sorted(venue.buildings), venue.estimated
(['255 Courtland St NE', 'K', 'UA'], True)
>>> [venue.walk(Location(room="K.4.201"), Location(room=r)).minutes for r in rooms]
[0, 5, 11, 20]
>>> venue.walk(Location(room="K.4.201"), Location(room=rooms[3])).unknown
True
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .frozen import frozen
from .models import Location, Schedule
from .venue import BUNDLED_VENUES, VENUE_MATCH_SHARE, Building, RoomPlace, Venue, load_venue, street_address

WITHIN_BUILDING_MINUTES = 3.0
BETWEEN_BUILDINGS_MINUTES = 5.0
OFFSITE_MINUTES = 20.0
LEVEL_CHANGE_MINUTES = 0.6
ESCALATOR_ACCESS_MINUTES = 1.0

CAVEAT = (
    "walking times are planner's default estimates for a venue it does not know; "
    "planner venue init writes them to a file you can correct"
)

# K.4.201, J.1.106: building, level, room.
_DOTTED = re.compile(r"([A-Z]{1,3})\.(\d{1,2})\.\d{1,4}[A-Za-z]?")
# H.1308: building, then the level as the room number's first digit.
_DOT_NUMBER = re.compile(r"([A-Z]{1,3})\.(\d)\d{2,3}[A-Za-z]?")
# UA2.114, AW1.120: building letters, the level, then the room.
_LETTERS_LEVEL = re.compile(r"([A-Z]{1,3})(\d{1,2})\.\d{1,4}[A-Za-z]?")
_BUILDING = re.compile(r"Building\s+(\S.{0,40})", re.IGNORECASE)
_HALL = re.compile(r"Hall\s+\w{1,10}", re.IGNORECASE)
_LEVEL = re.compile(r"(?:Level|Floor|Etage)\s+(-?\w{1,4})", re.IGNORECASE)


@frozen(kw_only=False)
class RoomGuess:
    """Where a room name says a room is, and the rule that said it."""

    building: str | None = None
    level: str | None = None
    address: str | None = None
    rule: str = "no building or level in the name"


def guess_room(location: Location) -> RoomGuess:
    """What a session's location says of its building and level.

    >>> guess_room(Location(room="K.4.201"))
    RoomGuess(building='K', level='4', address=None, rule='campus code K.4.201: building K, level 4')
    >>> guess_room(Location(room="UA2.114 (Baudoux)")).building, guess_room(Location(room="H.1308")).level
    ('UA', '1')
    >>> guess_room(Location(room="Hall 8 | Room D")).building
    'Hall 8'
    """
    # The city too: a reader may have taken the tail after a comma for one.
    text = " | ".join(p for p in (location.building, location.room, location.area, location.city) if p)
    if address := street_address(text):
        return RoomGuess(building=address, address=address, rule=f"a street address ({address}): off-site")
    if location.building:
        return RoomGuess(location.building, location.level, rule="the schedule names its building")
    room = (location.room or "").strip()
    if location.area and _HALL.fullmatch(room):
        # "Hall 8 | Room D" read as room Hall 8, area Room D: the hall is the building.
        return RoomGuess(room, location.level, rule=f"{room} holds rooms: a building")
    for pattern, shape in (
        (_DOTTED, "campus code"),
        (_LETTERS_LEVEL, "campus code"),
        (_DOT_NUMBER, "campus code"),
    ):
        if match := pattern.match(room):
            building, level = match.group(1), match.group(2)
            return RoomGuess(
                building, level, rule=f"{shape} {match.group(0)}: building {building}, level {level}"
            )
    parts = [p.strip() for p in room.split("|")]
    building = next((m.group(1).strip() for p in parts if (m := _BUILDING.fullmatch(p))), None)
    if building is None and len(parts) > 1:
        building = next((p for p in parts[:-1] if _HALL.fullmatch(p)), None)
    level = next((m.group(1) for p in parts if (m := _LEVEL.fullmatch(p))), None)
    if building or level:
        said = ", ".join(
            x for x in (f"building {building}" if building else "", f"level {level}" if level else "") if x
        )
        return RoomGuess(building, level, rule=f"the room name says {said}")
    return RoomGuess()


def infer_venue(schedule: Schedule) -> Venue:
    """The venue ``schedule``'s room names describe, with default figures (see the module)."""
    return _build(schedule)[0]


def _build(schedule: Schedule) -> tuple[Venue, dict[str, RoomGuess]]:
    guesses: dict[str, RoomGuess] = {}
    for session in schedule.sessions:
        name = session.location.room
        if name and name not in guesses:
            guesses[name] = guess_room(session.location)
    if any(g.building and not g.address for g in guesses.values()):
        # Rooms that name no building, in a venue of buildings, are places of their own:
        # "Janson" is no closer to every building than the buildings are to each other.
        for name, guess in guesses.items():
            if not guess.building:
                guesses[name] = RoomGuess(
                    name, guess.level, rule="no building in its name: a place of its own, between buildings"
                )
    addresses: dict[str, str | None] = {}
    for guess in guesses.values():
        if guess.building:
            addresses[guess.building] = addresses.get(guess.building) or guess.address
    # No level lists: numbered levels order themselves, and a list would be taken as
    # the order of only the levels seen.
    buildings = {
        name: Building(within_minutes=WITHIN_BUILDING_MINUTES, offsite=bool(address), address=address)
        for name, address in sorted(addresses.items())
    }
    venue = Venue(
        name=schedule.name or "Venue",
        level_change_minutes=LEVEL_CHANGE_MINUTES,
        escalator_access_minutes=ESCALATOR_ACCESS_MINUTES,
        default_within_minutes=WITHIN_BUILDING_MINUTES,
        default_between_buildings_minutes=BETWEEN_BUILDINGS_MINUTES,
        offsite_minutes=OFFSITE_MINUTES,
        buildings=buildings,
        rooms={
            name: RoomPlace(building=g.building, level=g.level)
            for name, g in guesses.items()
            if g.building or g.level
        },
        estimated=True,
        # Not read from a file: exports name no venue for it.
        source="generic",
    )
    return venue, guesses


def walking_caveat(venue: Venue | None) -> str | None:
    """The one sentence to show with walking figures that are planner's defaults, or None
    (also for no venue: nothing walked).

    >>> walking_caveat(Venue.generic()) == CAVEAT
    True
    """
    return CAVEAT if venue is not None and venue.estimated else None


def _q(text: str) -> str:
    """A YAML scalar: JSON's double-quoted strings are YAML's."""
    return json.dumps(text, ensure_ascii=False)


def venue_yaml(schedule: Schedule) -> str:
    """The inferred venue of ``schedule`` as an editable venue file, each figure with its reason.

    ``planner.venue.load_venue`` reads it back into the same venue.
    """
    venue, guesses = _build(schedule)
    out = [
        f"# Walking times for {venue.name}, inferred by planner from the schedule's room names.",
        "#",
        "# planner does not know this venue: every figure below is a default estimate, not a",
        "# measurement. Correct what you know (a walk you timed, a building's real size, the",
        "# buildings' connections) and set estimated to false: planner then stops saying",
        "# that its walking times are defaults. The agenda names this file with `venue:`.",
        "#",
        "# How a walk is counted: the same room is 0 min; two rooms of one building take",
        "# the building's within_minutes, plus escalator_access_minutes once and",
        "# level_change_minutes per level when the levels differ; rooms in two buildings",
        "# take half of each building's within_minutes plus default_between_buildings_minutes",
        "# (or the connections you add). Walks are rounded up to whole minutes.",
        f"name: {_q(venue.name)}",
        "estimated: true",
        "# A typical indoor walk between two rooms of one building, door to door, at the",
        "# 0.8-1.0 m/s of a corridor at a session change: about 150 m.",
        f"default_within_minutes: {venue.default_within_minutes:g}",
        "# Leaving one building and entering the next, with no connection known: a few hundred",
        "# metres more. Add connections (below) where you know the way.",
        f"default_between_buildings_minutes: {venue.default_between_buildings_minutes:g}",
        "# Reaching the stairs or escalators once, then about half a minute per level.",
        f"escalator_access_minutes: {venue.escalator_access_minutes:g}",
        f"level_change_minutes: {venue.level_change_minutes:g}",
        "# A room at a street address is off-site: the walk there is not known. planner plans",
        "# such a walk with this many minutes and says it is unknown; put in the real figure.",
        f"offsite_minutes: {venue.offsite_minutes:g}",
        "",
        "buildings:" if venue.buildings else "buildings: {}",
    ]
    for name, building in venue.buildings.items():
        rules = sorted({g.rule for g in guesses.values() if g.building == name})
        more = f" (and {len(rules) - 1} more room(s) like it)" if len(rules) > 1 else ""
        out.append(f"  # From the room names: {rules[0]}{more}. The default walk within a building.")
        out.append(f"  {_q(name)}:")
        out.append(f"    within_minutes: {building.within_minutes:g}")
        levels = sorted({g.level for g in guesses.values() if g.building == name and g.level})
        if levels:
            out.append(f"    # levels seen: {', '.join(levels)} (numbered levels order themselves)")
        if building.offsite:
            out.append("    offsite: true")
            out.append(f"    address: {_q(building.address or name)}")
    out += [
        "",
        "# Walks between buildings you know, e.g.:",
        "#   - {between: [K, H], minutes: 4, via: corridor}",
        "connections: []",
        "",
        "# Each room of the schedule, where its name says it is.",
        "rooms:" if guesses else "rooms: {}",
    ]
    for name, guess in guesses.items():
        fields = ", ".join(
            f"{key}: {_q(value)}"
            for key, value in (("building", guess.building), ("level", guess.level))
            if value
        )
        out.append(f"  {_q(name)}: {{{fields}}}  # {guess.rule}")
    return "\n".join(out) + "\n"


@frozen(kw_only=False)
class VenueInit:
    """What ``planner venue init`` did: the file written and the agenda that names it."""

    path: Path
    agenda: Path
    reference: str
    venue: Venue


def venue_for(schedule: Schedule, path: str | os.PathLike | None = None) -> Venue:
    """The venue to use for ``schedule``: ``path`` if given, else a bundled venue
    that knows most of the schedule's rooms, else one inferred from its room names
    (:func:`infer_venue`), whose figures are flagged estimates."""
    if path:
        return load_venue(path)
    rooms = {s.location.room for s in schedule.sessions if s.location.room}
    for name in BUNDLED_VENUES:
        venue = load_venue(f"bundled:{name}")
        if rooms and sum(venue.knows_room(r) for r in rooms) >= VENUE_MATCH_SHARE * len(rooms):
            return venue
    return infer_venue(schedule)
