"""Finding sessions: filters for browsing, and resolving what a user typed to one session."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from .clock import local_datetime, parse_clock
from .errors import PlannerError
from .frozen import frozen, settle
from .lookup import place_matches
from .models import Location, Session
from .text import normalize, phrase_in

__all__ = ["SessionFilter"]


_TEXTS = ("track", "type", "building", "room", "speaker", "search")


@frozen
class SessionFilter:
    """Criteria for browsing; all given criteria must hold (a list means any of them).

    Times may be given as text (``"11:15"``), a day as an ISO date, and each list as one
    string. A plain dataclass: a filter is built on every browse, and a pydantic model
    would build its validator (and pydantic's plugin lookup) for it in every command.

    >>> from planner import load_schedule
    >>> hits = SessionFilter(at="11:15", building=["C"]).apply(load_schedule().sessions)
    >>> sorted(s.location.room for s in hits)
    ['C111-112', 'Georgia Ballroom 1', 'Georgia Ballroom 2']
    """

    at: dt.time | None = None
    between: tuple[dt.time, dt.time] | None = None
    day: dt.date | None = None
    track: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    building: tuple[str, ...] = ()
    room: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    search: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.at is not None:
            settle(self, "at", _clock(self.at, "at"))
        if self.between is not None:
            window = tuple(self.between)
            if len(window) != 2:
                raise PlannerError("between takes two times: the window's first and last")
            first, last = (_clock(value, "between") for value in window)
            if first == last:
                raise PlannerError(f"--between {first:%H:%M} {last:%H:%M} is an empty window")
            settle(self, "between", (first, last))
        if isinstance(self.day, str):
            try:
                settle(self, "day", dt.date.fromisoformat(self.day))
            except ValueError:
                raise PlannerError(f"day {self.day!r:.40} is not a date (YYYY-MM-DD)") from None
        elif isinstance(self.day, dt.datetime) or not isinstance(self.day, (dt.date, type(None))):
            raise PlannerError(f"day {self.day!r:.40} is not a date")
        for key in _TEXTS:
            value = getattr(self, key)
            values = (value,) if isinstance(value, str) else tuple(value or ())
            if not all(isinstance(item, str) for item in values):
                raise PlannerError(f"{key} takes text, not {values!r:.60}")
            settle(self, key, values)

    def matches(self, session: Session) -> bool:
        loc = session.location
        if self.day is not None and session.day != self.day:
            return False
        if self.at is not None:
            moment = local_datetime(session.day, self.at, session.start)
            if not session.start <= moment < session.end:
                return False
        if self.between is not None and not self._in_window(session, self.between):
            return False
        # The track is the track, else the type where a schedule writes its tracks as types (sched).
        if self.track and not any(phrase_in(t, session.category or "") for t in self.track):
            return False
        if self.type and not any(phrase_in(t, session.type or "") for t in self.type):
            return False
        if self.building and not any(_same_building(b, building_of(loc)) for b in self.building):
            return False
        if self.room and not any(place_matches(r, loc) for r in self.room):
            return False
        if self.speaker and not any(
            phrase_in(name, p.name) for name in self.speaker for p in session.speakers
        ):
            return False
        return not self.search or all(phrase_in(q, _search_text(session)) for q in self.search)

    def _in_window(self, session: Session, between: tuple[dt.time, dt.time]) -> bool:
        """Whether ``session`` runs in the ``between`` window of its day. A window that
        ends before it starts (``20:00 02:00``) runs across midnight, into the next
        day: evening events are part of a conference day."""
        first_clock, last_clock = between
        crosses = last_clock < first_clock
        # Across midnight, the window that began the evening before counts too.
        anchors = [session.day, session.day - dt.timedelta(days=1)] if crosses else [session.day]
        for day in anchors:
            first = local_datetime(day, first_clock, session.start)
            last = local_datetime(day + dt.timedelta(days=crosses), last_clock, session.start)
            if session.start < last and session.end > first:
                return True
        return False

    def apply(self, sessions: Iterable[Session]) -> list[Session]:
        return [s for s in sessions if self.matches(s)]


@functools.lru_cache(maxsize=4096)
def building_of(location: Location) -> str | None:
    """The building a location is in: the one the schedule names, else the one its room's
    name says (``K.3.201`` is in building K), as ``planner agenda`` and the walks read it
    (:func:`planner.venue_infer.guess_room`). Parallel sessions share their few rooms."""
    from .venue_infer import guess_room

    return guess_room(location).building


def _same_building(wanted: str, building: str | None) -> bool:
    if building is None:
        return False
    wanted = normalize(wanted).removeprefix("building ").strip()
    return wanted == normalize(building)


def _search_text(session: Session) -> str:
    people = " ".join(f"{p.name} {p.affiliation or ''}" for p in session.speakers)
    return f"{session.title} {session.description or ''} {people}"


def _clock(value: object, what: str) -> dt.time:
    """A time of day from a ``dt.time`` or text such as ``11:15``."""
    if isinstance(value, str):
        return parse_clock(value)
    if isinstance(value, dt.time):
        return value
    raise PlannerError(f"{what} takes a time of day, not {value!r:.40}")
