"""The venue line of sched-hosted schedules (text scrape and iCal feed alike)."""

from __future__ import annotations

import re

_LEVEL = re.compile(r"^(?:Level\s+(\S+)|(\S+)\s+Level)$", re.IGNORECASE)
_BUILDING = re.compile(r"^Building\s+(.+)$", re.IGNORECASE)


def parse_venue(text: str) -> dict[str, str | None]:
    """``Building B | Level 4 | B401-402, Atlanta, GA, USA`` -> building, level, room, area, city.

    Parts after the room (``Exhibit Hall B3-B5 | Learning Lounge``) are an area within it.
    """
    parts = [p.strip() for p in text.split("|")]
    last, _, city = parts[-1].partition(",")
    parts[-1] = last.strip()
    building = level = None
    rest = []
    for part in parts:
        if building is None and (m := _BUILDING.match(part)):
            building = m.group(1).strip()
        elif level is None and (m := _LEVEL.match(part)):
            level = m.group(1) or m.group(2)
        elif part:
            rest.append(part)
    return {
        "building": building,
        "level": level,
        "room": rest[0] if rest else None,
        "area": " | ".join(rest[1:]) or None,
        "city": city.strip() or None,
    }
