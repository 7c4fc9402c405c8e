"""Finding sessions: filters for browsing, and resolving what a user typed to one session."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from .errors import LookupFailed, PlannerError
from .models import Session
from .text import normalize, phrase_in, words


class _HasIdTitle(Protocol):
    id: str
    title: str | None
    start: dt.datetime | None


Named = TypeVar("Named", bound=_HasIdTitle)

_CLOCK = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap])?\.?m?\.?$", re.IGNORECASE)


def parse_clock(text: str) -> dt.time:
    """A time of day as people type it: ``11:15``, ``11:15am``, ``2pm``, ``14:00``, ``noon``.

    >>> parse_clock("2:30pm"), parse_clock("12am"), parse_clock("noon")
    (datetime.time(14, 30), datetime.time(0, 0), datetime.time(12, 0))
    """
    value = text.strip().lower()
    if value in ("noon", "midday"):
        return dt.time(12, 0)
    if value == "midnight":
        return dt.time(0, 0)
    match = _CLOCK.match(value)
    if not match:
        raise PlannerError(f"unreadable time {text!r} (expected e.g. 11:15, 2pm or 14:30)")
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if meridiem:
        if not 1 <= hour <= 12:
            raise PlannerError(f"unreadable time {text!r}: {hour} is not a 12-hour clock hour")
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        raise PlannerError(f"unreadable time {text!r}: out of range")
    return dt.time(hour, minute)


def parse_day(text: str, days: Sequence[dt.date] = ()) -> dt.date:
    """``2025-11-13``, a weekday name (``thursday``, ``thu``), or a 1-based day number."""
    value = text.strip().lower()
    if value.isdigit() and days and 1 <= int(value) <= len(days):
        return days[int(value) - 1]
    for day in days:
        if value and day.strftime("%A").lower().startswith(value[:3]) and len(value) >= 3:
            return day
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PlannerError(
            f"unreadable day {text!r} (expected a date like 2025-11-13, a weekday, or a day number)"
        ) from None


def local_datetime(day: dt.date, clock: dt.time, like: dt.datetime) -> dt.datetime:
    """``day`` at ``clock`` in the time zone of ``like`` (DST-correct for pytz zones)."""
    naive = dt.datetime.combine(day, clock)
    zone = like.tzinfo
    if hasattr(zone, "localize"):
        return zone.localize(naive)
    return naive.replace(tzinfo=zone)


class SessionFilter(BaseModel):
    """Criteria for browsing; all given criteria must hold (a list means any of them).

    >>> from planner import load_schedule
    >>> hits = SessionFilter(at="11:15", building=["C"]).apply(load_schedule().sessions)
    >>> sorted(s.location.room for s in hits)
    ['C111-112', 'Georgia Ballroom 1', 'Georgia Ballroom 2']
    """

    model_config = ConfigDict(frozen=True)

    at: dt.time | None = None
    between: tuple[dt.time, dt.time] | None = None
    day: dt.date | None = None
    type: tuple[str, ...] = ()
    building: tuple[str, ...] = ()
    room: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()
    search: tuple[str, ...] = ()

    def __init__(self, **data) -> None:
        for key in ("at",):
            if isinstance(data.get(key), str):
                data[key] = parse_clock(data[key])
        if isinstance(data.get("between"), (list, tuple)) and data["between"]:
            data["between"] = tuple(parse_clock(v) if isinstance(v, str) else v for v in data["between"])
        for key in ("type", "building", "room", "speaker", "search"):
            if isinstance(data.get(key), str):
                data[key] = (data[key],)
        super().__init__(**data)

    def matches(self, session: Session) -> bool:
        loc = session.location
        if self.day is not None and session.day != self.day:
            return False
        if self.at is not None:
            moment = local_datetime(session.day, self.at, session.start)
            if not session.start <= moment < session.end:
                return False
        if self.between is not None:
            first = local_datetime(session.day, self.between[0], session.start)
            last = local_datetime(session.day, self.between[1], session.start)
            if not (session.start < last and session.end > first):
                return False
        kinds = (session.track or "", session.type or "")  # --type matches either vocabulary
        if self.type and not any(phrase_in(t, k) for t in self.type for k in kinds):
            return False
        if self.building and not any(_same_building(b, loc.building) for b in self.building):
            return False
        if self.room and not any(phrase_in(r, loc.place) for r in self.room):
            return False
        if self.speaker and not any(
            phrase_in(name, p.name) for name in self.speaker for p in session.speakers
        ):
            return False
        return not self.search or all(phrase_in(q, _search_text(session)) for q in self.search)

    def apply(self, sessions: Iterable[Session]) -> list[Session]:
        return [s for s in sessions if self.matches(s)]


def _same_building(wanted: str, building: str | None) -> bool:
    if building is None:
        return False
    wanted = normalize(wanted).removeprefix("building ").strip()
    return wanted == normalize(building)


def _search_text(session: Session) -> str:
    people = " ".join(f"{p.name} {p.affiliation or ''}" for p in session.speakers)
    return f"{session.title} {session.description or ''} {people}"


def resolve(query: str, pool: Iterable[Named]) -> Named:
    """The one item of ``pool`` (sessions, or picks) that ``query`` names.

    ``query`` is an ID, a unique prefix of an ID, or words of the title
    (``keda``, ``in-place pod resize``). Raises :class:`LookupFailed` listing the
    candidates when several match, or when none does.
    """
    items = list(pool)
    text = query.strip()
    if not text:
        raise LookupFailed("empty session query")
    lowered = text.lower()
    for item in items:
        if item.id == lowered:
            return item
    wanted = normalize(text)
    exact = [i for i in items if i.title and normalize(i.title) == wanted]
    if len(exact) == 1:
        return exact[0]
    query_words = words(text)
    by_id = [i for i in items if i.id.startswith(lowered)] if len(lowered) >= 2 else []
    by_title = [i for i in items if i.title and _title_has_words(i.title, query_words)]
    candidates = list({i.id: i for i in by_id + by_title}.values())
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise LookupFailed(
            f"no session matches {text!r}",
            hint=f"try: planner sessions --search {text!r}",
        )
    candidates.sort(key=lambda i: (i.start is None, i.start, i.title or ""))
    raise LookupFailed(
        f"{text!r} matches {len(candidates)} sessions; use an ID or more words",
        candidates=tuple(candidates),
    )


def _title_has_words(title: str, query_words: list[str]) -> bool:
    if not query_words:
        return False
    title_words = words(title)
    return all(any(tw.startswith(qw) for tw in title_words) for qw in query_words)
