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
    building = level = None
    rest = []
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
