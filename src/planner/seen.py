"""What the schedule held at the last look, kept in planner's state folder (part ``seen``).

``planner update`` compares the schedule the agenda follows with it, so an
agenda that follows a URL (or a file replaced in place) hears of the sessions
added since; the first pick makes the first look.

>>> from planner import load_schedule
>>> schedule = load_schedule()
>>> seen = SeenSchedule.of(schedule, "bundled:kubecon-na-2025-thursday")
>>> len(seen.snapshots()) == len(schedule.sessions)
True
"""

from __future__ import annotations

from dataclasses import field
from typing import ClassVar

from .agenda import Moment, room_of
from .frozen import frozen
from .matching import Snapshot
from .models import Schedule
from .state import StateError


@frozen
class SeenSession:
    """A session as the last look saw it (enough to match a retitled one)."""

    title: str | None = None
    start: Moment | None = None
    end: Moment | None = None
    room: str | None = None


@frozen
class SeenSchedule:
    """State part ``seen``: the schedule the agenda follows, as the last look found it."""

    STATE_VERSION: ClassVar[int] = 1

    schedule: str | None = None
    sessions: dict[str, SeenSession] = field(default_factory=dict)

    @classmethod
    def of(cls, schedule: Schedule, reference: str) -> SeenSchedule:
        return cls(
            schedule=reference,
            sessions={
                s.id: SeenSession(title=s.title, start=s.start, end=s.end, room=room_of(s))
                for s in schedule.sessions
            },
        )

    def snapshots(self) -> list[Snapshot]:
        return [Snapshot(i, s.title, s.start, s.end, s.room) for i, s in self.sessions.items()]


def last_seen(planner, reference: str) -> SeenSchedule | None:
    """What the last look at ``reference`` (as the agenda names it) found; None if none."""
    if not planner.file.exists():
        return None
    seen = planner.file.state.read("seen", SeenSchedule)
    return seen if seen.schedule == reference and seen.sessions else None


def record_seen(planner, schedule: Schedule, reference: str) -> bool:
    """Remember what ``schedule`` holds now, as the last look at ``reference``.

    A look is worth keeping, not worth failing a pick or an update for (a folder
    one cannot write): False when it could not be kept.
    """
    try:
        planner.file.state.write("seen", SeenSchedule.of(schedule, reference))
    except StateError:
        return False
    return True
