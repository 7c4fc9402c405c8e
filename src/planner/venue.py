"""The venue: buildings, levels, rooms, and how long it takes to walk between them.

A venue file (YAML) gives minutes within a building on one level, minutes per
level change, and the connections between buildings. A walk goes: along the
level, by escalator to the level of the connection, through the connection(s),
and by escalator to the destination's level.

>>> venue = load_venue()
>>> walk = venue.walk(Location(building="B", level="4", room="B401-402"),
...                   Location(building="C", level="1", room="C111-112"))
>>> walk.minutes, " -> ".join(walk.route)
(12, 'B401-402 (B, L4) -> escalators down to L1 -> concourse to Building C -> C111-112 (C, L1)')
"""

from __future__ import annotations

import heapq
import math
import os
import re
from collections.abc import Iterable
from dataclasses import field, replace
from functools import cached_property
from pathlib import Path
from typing import Annotated

from .errors import VenueError
from .frozen import Invalid, Limits, frozen, validate
from .models import Location
from .text import normalize

# "255 Courtland St NE", "1600 Pennsylvania Avenue": a house number, up to four
# words, a street word. Bounded repeats: it cannot backtrack far.
_STREET_WORDS = (
    r"Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Square|Sq|"
    r"Court|Ct|Parkway|Pkwy|Highway|Hwy|Terrace|Row|Quay|Embankment"
)
# Patterns, compiled (and cached by re) on a street address's first search: few commands
# look for one, and compiling both was about 20 M instructions of every command's start.
_US_ADDRESS = (
    rf"\b\d{{1,5}}[A-Za-z]?(?:\s+[\w'.-]{{1,30}}){{0,4}}?\s+(?:{_STREET_WORDS})\b\.?"
    r"(?:\s+(?:NE|NW|SE|SW|N|S|E|W)\b)?"
)
# "Musterstraße 12", "Rue de la Loi 42", "Via Roma 1": a street word first, then the number.
_EU_ADDRESS = (
    r"(?i)\b(?:[\w-]{1,30}(?:straße|strasse|str\.|weg|gasse|platz|laan|straat|gade|vej)"
    r"|(?:Rue|Avenue|Boulevard|Via|Calle|Avenida|Rua|Chaussée)(?:\s+[\w'-]{1,20}){1,4}?)\s+\d{1,5}[a-z]?\b"
)


def street_address(text: str) -> str | None:
    """The street address in ``text``, if it holds one.

    >>> street_address("Hilton Atlanta, 255 Courtland St NE, Atlanta")
    '255 Courtland St NE'
    >>> street_address("Hotel Amigo, Rue de l'Amigo 1-3") is None, street_address("Room 204") is None
    (False, True)
    """
    match = re.search(_US_ADDRESS, text) or re.search(_EU_ADDRESS, text)
    return match.group(0).strip() if match else None


def offsite_address(location: Location) -> str | None:
    """The street address a location names (in its building, room, area or city), if any:
    such a place is off-site, whatever the venue.

    >>> offsite_address(Location(room="Hilton", area="255 Courtland St NE", city="Atlanta, GA, USA"))
    '255 Courtland St NE'
    """
    text = " | ".join(p for p in (location.building, location.room, location.area, location.city) if p)
    return street_address(text) if text else None


BUNDLED_VENUES = ("gwcc",)
# A bundled venue applies to a schedule when it knows this share of its rooms.
VENUE_MATCH_SHARE = 0.8


# A day: no walk in a venue is longer, and a venue file's figure past it (or infinite) is refused.
MAX_WALK_MINUTES = 24 * 60


# A walk's figure in a venue file: minutes, at most a day.
Minutes = Annotated[float, Limits(ge=0, le=MAX_WALK_MINUTES)]


@frozen
class Building:
    # Typical walk between two rooms on one level.
    within_minutes: Minutes
    levels: tuple[str, ...] = ()
    # Away from the venue (a hotel down the street): the walk there is not known.
    offsite: bool = False
    address: str | None = None


@frozen
class Connection:
    between: tuple[str, str]
    minutes: Minutes
    level: str | None = None
    via: str = "concourse"


@frozen
class RoomPlace:
    building: str | None = None
    level: str | None = None


@frozen
class Walk:
    """A walk between two places: whole minutes (rounded up) and the route taken."""

    minutes: int
    route: tuple[str, ...]
    # What had to be assumed (an unknown room or building), for a warning.
    assumptions: tuple[str, ...] = ()
    # The figure is planner's default for a venue it does not know (see venue_infer).
    estimated: bool = False
    # To or from an off-site place: no one knows; ``minutes`` is only what is allowed for it.
    unknown: bool = False


@frozen
class Venue:
    name: str
    city: str | None = None
    level_change_minutes: Minutes = 0.6
    escalator_access_minutes: Minutes = 1.0
    default_within_minutes: Minutes = 3
    default_between_buildings_minutes: Minutes = 8
    buildings: dict[str, Building] = field(default_factory=dict)
    connections: tuple[Connection, ...] = ()
    rooms: dict[str, RoomPlace] = field(default_factory=dict)
    # How fast this person walks: 1.0 is the pace the figures assume; 1.25 takes a quarter longer.
    pace: Annotated[float, Limits(gt=0, le=5)] = 1.0
    # The figures are planner's defaults, not the venue's (planner venue init writes them).
    estimated: bool = False
    # What a walk to or from an off-site building is planned with: its real time is unknown.
    offsite_minutes: Minutes = 20
    # Where the venue was read from (a path, or bundled:NAME); not part of the file.
    source: str | None = None

    def at_pace(self, pace: float | None) -> Venue:
        """This venue for someone who walks at ``pace`` (a fresh copy: walk caches are per pace)."""
        if pace is None or pace == self.pace:
            return self
        return replace(self, pace=pace)

    @classmethod
    def generic(cls, name: str = "Venue") -> Venue:
        """A venue that knows nothing but the defaults: every walk is an estimate."""
        return cls(name=name, source="generic", estimated=True)

    @cached_property
    def _rooms_by_name(self) -> dict[str, RoomPlace]:
        return {normalize(name): place for name, place in self.rooms.items()}

    def knows_room(self, room: str | None) -> bool:
        return room is not None and normalize(room) in self._rooms_by_name

    def place_of(self, location: Location) -> Location:
        """``location`` with building and level filled in from the venue's room list."""
        if location.building and location.level:
            return location
        known = self._rooms_by_name.get(normalize(location.room or ""))
        if known is None:
            return location
        return replace(
            location, building=location.building or known.building, level=location.level or known.level
        )

    def walk(self, origin: Location, destination: Location) -> Walk:
        """The walk from ``origin`` to ``destination`` (see the module docstring),
        flagged ``estimated`` in a venue of defaults and ``unknown`` to an off-site place."""
        walk = self._offsite_walk(origin, destination) or self._walk_in_venue(origin, destination)
        if not self.estimated or not walk.minutes:
            return walk
        # In a venue of defaults, the caveat said once covers what each walk assumed;
        # only an off-site walk keeps its word, it is not a default but an unknown.
        kept = walk.assumptions if walk.unknown else ()
        return replace(walk, estimated=True, assumptions=kept)

    def _offsite_walk(self, origin: Location, destination: Location) -> Walk | None:
        a, b = self.place_of(origin), self.place_of(destination)
        if a.building == b.building and (
            a.building is not None or normalize(a.room or "") == normalize(b.room or "")
        ):
            return None
        where: list[str] = []
        for loc in (a, b):
            building = self.buildings.get(loc.building) if loc.building else None
            if building is not None:
                if building.offsite:
                    where.append(building.address or loc.building or "an off-site place")
            elif not self.knows_room(loc.room) and (address := offsite_address(loc)):
                # A street address the venue does not list: off-site, whatever venue this is.
                where.append(address)
        if not where:
            return None
        named = " and ".join(dict.fromkeys(where))
        return Walk(
            minutes=self._whole(self.offsite_minutes),
            route=(_label(a), f"to {named} (off-site: walking time unknown)", _label(b)),
            assumptions=(
                f"{named} {'are' if len(set(where)) > 1 else 'is'} off-site: planner does not know the walk; "
                f"it allows {self.offsite_minutes:g} min (set offsite_minutes in the venue file)",
            ),
            unknown=True,
        )

    def _walk_in_venue(self, origin: Location, destination: Location) -> Walk:
        a, b = self.place_of(origin), self.place_of(destination)
        start_label, end_label = _label(a), _label(b)
        assumptions: list[str] = []
        if normalize(a.room or "") == normalize(b.room or "") and a.room and a.building == b.building:
            if (a.area or "") == (b.area or ""):
                return Walk(minutes=0, route=(start_label,))
            minutes = self._within(a.building, assumptions)
            return Walk(
                minutes=self._whole(minutes),
                route=(start_label, f"across {a.room}", end_label),
                assumptions=tuple(assumptions),
            )
        for loc in (a, b):
            # A venue without buildings (one hall, or the generic venue) needs no such guess.
            if loc.building is None and self.buildings:
                assumptions.append(f"no building known for {loc.place}; assumed the same building")
        if a.building is None or b.building is None or a.building == b.building:
            building = a.building or b.building
            minutes = self._within(building, assumptions)
            route = [start_label]
            levels, step = self._level_steps(building, a.level, b.level, assumptions)
            minutes += self._escalators(levels)
            if step:
                route.append(step)
            route.append(end_label)
            return Walk(minutes=self._whole(minutes), route=tuple(route), assumptions=tuple(assumptions))
        return self._walk_between(a, b, assumptions)

    def minutes(self, origin: Location, destination: Location) -> int:
        """Whole minutes (rounded up) from ``origin`` to ``destination``; cached."""
        key = (origin, destination)
        if key not in self._minutes_cache:
            self._minutes_cache[key] = self.walk(origin, destination).minutes
        return self._minutes_cache[key]

    @cached_property
    def _minutes_cache(self) -> dict[tuple[Location, Location], int]:
        return {}

    def max_walk(self, locations: Iterable[Location]) -> int:
        """The longest walk between any two of ``locations``: a bound for the planners."""
        places = list(dict.fromkeys(locations))
        return max((self.minutes(a, b) for a in places for b in places), default=0)

    # -- internals ----------------------------------------------------------

    def _within(self, building: str | None, assumptions: list[str]) -> float:
        if building in self.buildings:
            return self.buildings[building].within_minutes
        if building is not None and self.buildings:
            assumptions.append(f"Building {building} is not in the venue file; assumed a default walk")
        return self.default_within_minutes

    def _escalators(self, levels: float) -> float:
        """Minutes to change ``levels`` levels: reach the escalators once, then ride each."""
        return self.escalator_access_minutes + levels * self.level_change_minutes if levels else 0.0

    def _level_index(self, building: str | None, level: str | None) -> float | None:
        if level is None:
            return None
        known = self.buildings.get(building) if building else None
        if known and level in known.levels:
            return float(known.levels.index(level))
        try:
            return float(level)
        except ValueError:
            return None

    def _level_steps(
        self, building: str | None, start: str | None, end: str | None, assumptions: list[str]
    ) -> tuple[float, str | None]:
        """How many levels to change, and the route step that says so."""
        if start == end:
            return 0, None
        i, j = self._level_index(building, start), self._level_index(building, end)
        if i is None or j is None:
            if start is not None and end is not None:
                assumptions.append(f"cannot order levels {start!r} and {end!r}; assumed one level")
                return 1, f"escalators to {_level_label(end)}"
            return 0, None
        direction = "up" if j > i else "down"
        return abs(j - i), f"escalators {direction} to {_level_label(end)}"

    @cached_property
    def _graph(self) -> dict[str, list[Connection]]:
        graph: dict[str, list[Connection]] = {}
        for connection in self.connections:
            x, y = connection.between
            graph.setdefault(x, []).append(connection)
            graph.setdefault(y, []).append(connection)
        return graph

    def _shortest_path(self, start: str, end: str) -> list[tuple[str, Connection]] | None:
        """Dijkstra over the buildings: ``[(next_building, connection), ...]``."""
        queue: list[tuple[float, str, list[tuple[str, Connection]]]] = [(0.0, start, [])]
        seen: set[str] = set()
        while queue:
            cost, here, path = heapq.heappop(queue)
            if here == end:
                return path
            if here in seen:
                continue
            seen.add(here)
            for connection in self._graph.get(here, []):
                there = connection.between[1] if connection.between[0] == here else connection.between[0]
                if there not in seen:
                    heapq.heappush(queue, (cost + connection.minutes, there, [*path, (there, connection)]))
        return None

    def _walk_between(self, a: Location, b: Location, assumptions: list[str]) -> Walk:
        # walk() walks within one building when either building is unknown.
        assert a.building is not None and b.building is not None
        route = [_label(a)]
        # Half a building's walk to reach its connection, and half at the other end.
        minutes = (self._within(a.building, assumptions) + self._within(b.building, assumptions)) / 2
        path = self._shortest_path(a.building, b.building)
        level = a.level
        current = a.building
        if path is None:
            assumptions.append(
                f"no connection from Building {a.building} to Building {b.building} in the venue "
                f"file; assumed {self.default_between_buildings_minutes:g} min"
            )
            minutes += self.default_between_buildings_minutes
            route.append(f"walk to {_building_label(b)}")
        else:
            for there, connection in path:
                if connection.level is not None:
                    levels, step = self._level_steps(current, level, connection.level, assumptions)
                    minutes += self._escalators(levels)
                    if step:
                        route.append(step)
                    level = connection.level
                minutes += connection.minutes
                route.append(f"{connection.via} to Building {there}")
                current = there
        levels, step = self._level_steps(b.building, level, b.level, assumptions)
        minutes += self._escalators(levels)
        if step:
            route.append(step)
        route.append(_label(b))
        return Walk(minutes=self._whole(minutes), route=tuple(route), assumptions=tuple(assumptions))

    def _whole(self, minutes: float) -> int:
        # Rounded up: a walk of 5.1 minutes does not fit in a 5-minute gap. A level named
        # "1e400" makes an endless walk: a day, the longest there is.
        minutes = minutes * self.pace
        return math.ceil(round(minutes, 6)) if minutes < MAX_WALK_MINUTES else MAX_WALK_MINUTES


def _label(location: Location) -> str:
    """How a walk names a place: a room that is a place of its own is named once."""
    return location.place if location.building and location.building == location.room else location.short


def _building_label(location: Location) -> str:
    return location.place if location.building == location.room else f"Building {location.building}"


def _level_label(level: str | None) -> str:
    return f"L{level}" if level else "the level"


def bundled_venue_path(name: str) -> Path:
    # A plain folder in the package, as the bundled schedules (see bundled_schedule_path).
    return Path(__file__).resolve().parent / "venues" / f"{name}.yaml"


# A venue file lists buildings and rooms: a few KB; 1 MB is far beyond any real one.
MAX_VENUE_BYTES = 1024 * 1024


def load_venue(path: str | os.PathLike[str] | None = None) -> Venue:
    """Read a venue file; ``None`` reads the bundled Georgia World Congress Center."""
    from . import cache as caches
    from .files import decode_text, read_input

    label = str(path) if path is not None else "bundled:gwcc"
    file = bundled_venue_path(label.removeprefix("bundled:")) if label.startswith("bundled:") else Path(label)
    data = read_input(file, what="venue file", limit=MAX_VENUE_BYTES, label=label, error=VenueError)
    cache = caches.current()
    # The same bytes validated before by this code, under the same name (a venue knows its source).
    if cache is not None and (kept := cache.validated("venue", label, data, Venue)) is not None:
        return kept
    text = decode_text(data, what="venue file", label=label, error=VenueError)
    venue = _venue_of(text, label)
    if cache is not None:
        cache.keep_validated("venue", label, data, venue)
    return venue


def _venue_of(text: str, label: str) -> Venue:
    """The venue file ``text`` says, validated; ``VenueError`` with one line if it is not one."""
    from ruamel.yaml import YAML

    from .safe_yaml import load_yaml

    # A bundled venue is planner's own file: its limits are checked by the C parser.
    bundled = label.startswith("bundled:")
    data = load_yaml(text, label=label, error=VenueError, yaml=YAML(typ="safe"), fast=bundled)
    if not isinstance(data, dict):
        raise VenueError("a venue file is a mapping with name, buildings, connections", path=label)
    try:
        venue = validate(Venue, {**data, "source": label})
    except Invalid as exc:
        raise VenueError(f"invalid venue file: {_first_error(exc)}", path=label) from None
    for connection in venue.connections:
        for building in connection.between:
            if building not in venue.buildings:
                raise VenueError(
                    f"connection {connection.between} names Building {building}, "
                    "which the venue does not list",
                    path=label,
                )
    return venue


def _first_error(exc: Invalid) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {error['msg']}"
