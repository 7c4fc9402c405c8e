"""Checks of the schedule itself: rooms booked twice at once, and what the venue lacks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .conflicts import Item, is_drop_in_kind, overlapping_pairs
from .errors import SourceWarning
from .frozen import frozen
from .models import Schedule, Session
from .text import normalize
from .venue import Venue


@frozen(kw_only=False)
class ScheduleReport:
    sessions: int
    days: int
    rooms: int
    buildings: tuple[str, ...]
    # Pairs of sessions in the same room at the same time (drop-in kinds book no room).
    double_booked: tuple[tuple[Session, Session], ...] = ()
    unknown_rooms: tuple[str, ...] = ()
    warnings: tuple[SourceWarning, ...] = ()
    venue: str = ""
    declared_total: int | None = None
    # Places at a street address (off-site): the walk to them is unknown, whatever the venue.
    offsite: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "declared_total": self.declared_total,
            "days": self.days,
            "rooms": self.rooms,
            "buildings": list(self.buildings),
            "venue": self.venue,
            "double_booked": [
                {
                    "room": a.location.place,
                    "sessions": [a.id, b.id],
                    "start": b.start.isoformat(),
                    "day": b.day.isoformat(),
                }
                for a, b in self.double_booked
            ],
            "unknown_rooms": list(self.unknown_rooms),
            "offsite": list(self.offsite),
            "warnings": [{"line": w.line, "message": w.message, "skipped": w.skipped} for w in self.warnings],
        }


def check_schedule(schedule: Schedule, venue: Venue, drop_in_types: Iterable[str]) -> ScheduleReport:
    """Find data errors in ``schedule``: two sessions in one room at once (unless
    one is of a drop-in kind, :func:`~planner.conflicts.is_drop_in_kind`: posters, an
    expo, a lounge share their hall), and rooms ``venue`` cannot place."""
    drop_in_types = tuple(drop_in_types)
    by_room: dict[tuple[str | None, str], list[Session]] = defaultdict(list)
    for session in schedule.sessions:
        if session.location.room:
            by_room[(session.location.building, normalize(session.location.place))].append(session)
    double: list[tuple[Session, Session]] = []
    for sessions in by_room.values():
        lookup = {s.id: s for s in sessions}
        items = [
            Item(s.id, s.start, s.end, s.location, True, is_drop_in_kind(s, drop_in_types), s.day)
            for s in sessions
        ]
        for a, b in overlapping_pairs(items):
            # A drop-in (posters, expo, a lounge) books no room: people walk through it.
            if not (a.drop_in or b.drop_in):
                double.append((lookup[a.id], lookup[b.id]))
    double.sort(key=lambda pair: (pair[1].start, pair[0].location.place))
    offsite = _offsite_places(schedule, venue)
    unknown = sorted(
        {
            s.location.place
            for s in schedule.sessions
            if s.location.room
            and not (s.location.building and s.location.level)
            and not venue.knows_room(s.location.room)
        }
        - set(offsite)
    )
    warnings = schedule.warnings
    if offsite:
        shown = ", ".join(f"{place} ({address})" for place, address in offsite.items())
        warnings += (
            SourceWarning(
                f"off-site (a street address; walks to it are unknown, planned with "
                f"{venue.offsite_minutes:g} min): {shown}"
            ),
        )
    buildings = sorted({s.location.building for s in schedule.sessions if s.location.building})
    return ScheduleReport(
        sessions=len(schedule),
        days=len(schedule.days),
        rooms=len(by_room),
        buildings=tuple(buildings),
        double_booked=tuple(double),
        unknown_rooms=tuple(unknown),
        warnings=warnings,
        venue=venue.name,
        declared_total=schedule.declared_total,
        offsite=tuple(offsite),
    )


def _offsite_places(schedule: Schedule, venue: Venue) -> dict[str, str]:
    """Each off-site place of the schedule (a street address, or a building the venue
    marks off-site) and its address, in the order first met."""
    from .venue import offsite_address

    found: dict[str, str] = {}
    seen: set = set()
    for session in schedule.sessions:
        location = session.location
        if location in seen:
            continue
        seen.add(location)
        building = venue.buildings.get(venue.place_of(location).building or "")
        if building is not None and building.offsite:
            found.setdefault(location.place, building.address or location.place)
        elif (
            building is None
            and not venue.knows_room(location.room)
            and (address := offsite_address(location))
        ):
            found.setdefault(location.place, address)
    return found
