"""The sessions as suggestions see them: placed in the venue, drop-in or not, left
out or not; the lunch window as a block; the days in scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..clock import local_datetime, parse_day
from ..conflicts import Item, is_drop_in_type
from ..models import Location, Session
from ..venue import Venue
from .preferences import Preferences

LUNCH_ID = "lunch"


@dataclass
class SessionPool:
    """The schedule's sessions, each placed in the venue as an :class:`Item`, and the
    rule for which of them suggestions leave out."""

    sessions: Sequence[Session]
    venue: Venue
    drop_in_types: tuple[str, ...]
    preferences: Preferences
    _drop_in_by_type: dict[str | None, bool] = field(default_factory=dict, repr=False)

    def drop_in(self, session: Session) -> bool:
        if session.type not in self._drop_in_by_type:
            self._drop_in_by_type[session.type] = is_drop_in_type(session.type, self.drop_in_types)
        return self._drop_in_by_type[session.type]

    def excluded(self, session: Session) -> bool:
        """Left out of suggestions: drop-ins unless asked for, and avoided types."""
        if not self.preferences.include_drop_ins and self.drop_in(session):
            return True
        return self.preferences.avoids(session)

    def item(self, session: Session) -> Item:
        place = self.venue.place_of(session.location)
        return Item(session.id, session.start, session.end, place, True, self.drop_in(session), session.day)

    def lunch_blocks(self, days: Iterable[dt.date]) -> list[Item]:
        """The protected lunch window on each of ``days``, as a drop-in item (nothing may overlap it)."""
        if self.preferences.lunch is None or not self.sessions:
            return []
        like = self.sessions[0].start
        start, end = self.preferences.lunch
        return [
            Item(
                LUNCH_ID,
                local_datetime(d, start, like),
                local_datetime(d, end, like),
                Location(),
                True,
                True,
                d,
            )
            for d in sorted(set(days))
        ]


def days_in_scope(day: dt.date | str | None, schedule_days: Sequence[dt.date]) -> list[dt.date] | None:
    """The days asked for: the one named, or all of them (None)."""
    if day is None:
        return None
    return [parse_day(day, schedule_days) if isinstance(day, str) else day]
