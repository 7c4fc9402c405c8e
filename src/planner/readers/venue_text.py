"""The venue line of sched-hosted schedules (text scrape and iCal feed alike).

A venue is ``[Building | Hall] | [Level] | Room | [Area...]``, then the city:
``Building B | Level 4 | B401-402, Atlanta, GA, USA``, ``Hall 8 | Room D, Amsterdam, Netherlands``.
The city is the trailing ``City, [State,] Country`` that the gazetteer recognises
(:func:`planner.readers.zones.split_place`), not whatever follows the first comma:
``Salon A, B & C`` is one room.
"""

from __future__ import annotations

import functools
import re

from .zones import split_place

_LEVEL = re.compile(r"(?:Level\s+(\S+)|(\S+)\s+Level)", re.IGNORECASE)
_BUILDING = re.compile(r"Building\s+(.+)", re.IGNORECASE)
# "Hall 8 | Room D": a numbered hall holds rooms, like a building does.
_HALL = re.compile(r"Hall\s+\w+", re.IGNORECASE)


def parse_venue(text: str) -> dict[str, str | None]:
    """``Building B | Level 4 | B401-402, Atlanta, GA, USA`` -> building, level, room, area, city.

    Parts after the room (``Exhibit Hall B3-B5 | Learning Lounge``) are an area within it.
    A ``Hall N`` part with a room after it is the building the room is in.

    >>> parse_venue("Hall 8 | Room D, Amsterdam, Netherlands")
    {'building': 'Hall 8', 'level': None, 'room': 'Room D', 'area': None, 'city': 'Amsterdam, Netherlands'}
    >>> parse_venue("Amtrium 1+2, Amsterdam, Netherlands")["room"]
    'Amtrium 1+2'
    """
    # A schedule has few rooms and names each at every session: read each venue once.
    # The cache holds a tuple; each caller gets a dict of its own to change.
    return dict(_parse_venue(text))


@functools.lru_cache(maxsize=4096)
def _parse_venue(text: str) -> tuple[tuple[str, str | None], ...]:
    parts = [p.strip() for p in text.split("|")]
    last, place = split_place(parts[-1])
    parts[-1] = last.strip()
    building: str | None = None
    level: str | None = None
    rest: list[str] = []
    # Whether a non-empty part follows, from one pass backwards (asking it per part was quadratic).
    last_filled = max((i for i, p in enumerate(parts) if p), default=-1)
    for index, part in enumerate(parts):
        later = index < last_filled
        if building is None and not rest and (m := _BUILDING.fullmatch(part)):
            building = m.group(1).strip()
        elif building is None and not rest and later and _HALL.fullmatch(part):
            building = part
        elif level is None and (m := _LEVEL.fullmatch(part)):
            level = m.group(1) or m.group(2)
        elif part:
            rest.append(part)
    return (
        ("building", building),
        ("level", level),
        ("room", rest[0] if rest else None),
        ("area", " | ".join(rest[1:]) or None),
        ("city", place.text if place else None),
    )


# "Deck 7", "Level 2", "Floor 3", "3rd Floor", "Lower Level", "Etage 1".
_LEVEL_PART = re.compile(
    r"(?:(?:Level|Floor|Deck|Etage|Stock|Verdieping)\s+(-?\w{1,6})"
    r"|(-?\d{1,3})(?:st|nd|rd|th)?\s+(?:Floor|Level|Deck)|(\w{1,10})\s+(?:Level|Floor|Deck))",
    re.IGNORECASE,
)
# "Aurora Building", "Building B", "North Tower", "Hall 8" (a hall holding a room).
_BUILDING_PART = re.compile(
    r"(?:Building|Bldg\.?|Tower|Pavilion)\s+(\S.{0,40})|(\S.{0,40}?)\s+(?:Building|Bldg\.?|Tower|Pavilion)",
    re.IGNORECASE,
)
# Where within a room or deck: "Forward", "Aft", "North Wing", "Foyer".
_AREA_PART = re.compile(
    r"(?:Forward|Aft|Midships?|Port|Starboard|Foyer|Lobby|Terrace|Atrium|Mezzanine|"
    r"(?:North|South|East|West|Main|Upper|Lower)\s+(?:Wing|Side|Entrance|Foyer|Lobby|Concourse))",
    re.IGNORECASE,
)


def parse_place(text: str) -> dict[str, str | None]:
    """A LOCATION written with commas or a dash instead of sched's ``|``, into its parts:
    room, level (``Deck 7``), area (``Forward``), building (``Aurora Building``), and a
    street address, which is an off-site place (kept as the building, so that walks to
    it are unknown). The city tail is the gazetteer's. Parts that are none of these keep
    the location whole as the room (``Salon A, B & C``).

    >>> parse_place("Lagoon Bar, Deck 7, Forward")
    {'building': None, 'level': '7', 'room': 'Lagoon Bar', 'area': 'Forward', 'city': None}
    >>> parse_place("Orchid Ballroom, Parkstraat 12, The Hague, Netherlands")["building"]
    'Parkstraat 12'
    >>> parse_place("Aurora Building - E302")
    {'building': 'Aurora', 'level': None, 'room': 'E302', 'area': None, 'city': None}
    >>> parse_place("Salon A, B & C")["room"]
    'Salon A, B & C'
    """
    from ..venue import street_address

    rest, place = split_place(text)
    city = place.text if place else None
    parts = [p.strip() for p in rest.split(",") if p.strip()]
    if len(parts) == 1 and " - " in parts[0]:
        head, _, tail = parts[0].partition(" - ")
        if _BUILDING_PART.fullmatch(head.strip()) or _BUILDING_PART.fullmatch(tail.strip()):
            parts = [head.strip(), tail.strip()]
    building = level = address = None
    rooms: list[str] = []
    areas: list[str] = []
    for part in parts[:64]:  # no real location has more parts; the rest is kept as area text
        if level is None and (m := _LEVEL_PART.fullmatch(part)):
            level = next(g for g in m.groups() if g)
        elif address is None and street_address(part):
            address = part
        elif building is None and (m := _BUILDING_PART.fullmatch(part)):
            # "Aurora Building" is building Aurora; "North Tower" keeps its word.
            building = (
                part if re.search(r"Tower|Pavilion", part, re.I) else (m.group(1) or m.group(2)).strip()
            )
        elif rooms and _AREA_PART.fullmatch(part):
            areas.append(part)
        else:
            rooms.append(part)
    recognised = level or address or building or areas
    if not recognised or len(rooms) > 1:
        return {"building": None, "level": None, "room": rest.strip() or None, "area": None, "city": city}
    if parts[64:]:
        areas.append(", ".join(parts[64:]))
    return {
        "building": address or building,
        "level": level,
        "room": rooms[0] if rooms else None,
        "area": ", ".join(areas) or None,
        "city": city,
    }
