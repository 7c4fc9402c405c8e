"""Resolving what a user typed (an ID, an ID prefix, title words) to one item.

Kept apart from :mod:`planner.query` so that :class:`planner.models.Schedule` can
use it without importing the browsing filters (which import the models).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from .errors import LookupFailed
from .text import normalize, phrase_in, words


class Location(Protocol):
    """What a place needs for its names (:class:`planner.models.Location` has it)."""

    # Read-only: the models are frozen.
    @property
    def building(self) -> str | None: ...
    @property
    def level(self) -> str | None: ...
    @property
    def room(self) -> str | None: ...
    @property
    def area(self) -> str | None: ...
    @property
    def place(self) -> str: ...
    @property
    def short(self) -> str: ...
    @property
    def long(self) -> str: ...


class _HasIdTitle(Protocol):
    # Read-only: sessions and picks are frozen models.
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def start(self) -> dt.datetime | None: ...


Named = TypeVar("Named", bound=_HasIdTitle)


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


def place_matches(text: str, location: Location, *, exact: bool = False) -> bool:
    """Whether ``text`` names ``location`` the way planner prints it anywhere (the
    one place matcher of ``--room`` and ``walk``): the whole of a printed name when
    ``exact``, else words at the start of one (``B401``, ``Hall 3 Room B``).

    >>> from planner.models import Location
    >>> hall = Location(building="Hall 3", room="Room B")
    >>> place_matches("Hall 3 Room B", hall), place_matches("room b", hall, exact=True)
    (True, True)
    """
    wanted = normalize(text)
    labels = place_labels(location)
    if exact:
        return any(normalize(label) == wanted for label in labels)
    return any(phrase_in(text, label) for label in labels)


def place_code(location: Location) -> str:
    """``C3 Georgia Ballroom 2``: building and level as a code, then the room (how lists show it)."""
    code = f"{location.building or ''}{location.level or ''}"
    if not (location.room or location.area):
        return code or location.place  # a hall with no room: its name, not "(no room given)"
    return f"{code} {location.place}" if code else location.place


def place_labels(location: Location) -> tuple[str, ...]:
    """Every way planner prints a place (list, details, day plan, routes), so that
    each can be typed back (``--room``, ``walk``).

    >>> from planner.models import Location
    >>> place_labels(Location(building="Hall 3", room="Room B"))
    ('Room B', 'Hall 3 Room B', 'Room B (Hall 3)', 'Room B, Building Hall 3', 'Building Hall 3 Room B')
    """
    loc = location
    if not (loc.room or loc.area):
        # A place known only by its building (``Hall 4``) is named by it.
        return (loc.building, f"Building {loc.building}") if loc.building else ()
    labels = [loc.place, place_code(loc), loc.short, loc.long]
    if loc.building:
        labels.append(f"Building {loc.building} {loc.place}")
        labels.append(f"{loc.building} {loc.place}")
    if loc.room and loc.area:
        labels.append(loc.room)
    return tuple(dict.fromkeys(labels))
