"""Which session a pick (or an old session) became: the one matching rule.

Matching is by session ID first (IDs survive changes of description, speakers,
room and time); what is left is matched by title similarity, with the time
and room as tie-breakers, so a retitled talk is still found:

- a title at least 80% alike (difflib ratio on the folded words) is a match;
- at least 50% alike is a match when the start is the same too, or the room is and
  the new time overlaps the old (a talk moved a little in its room).

``planner agenda`` (through :func:`planner.day.plan_day`) and ``planner update``
both ask here, so they give one answer about a pick whose session changed.

>>> import datetime as dt
>>> from planner import load_schedule
>>> schedule = load_schedule()
>>> keda = schedule.find("keda")
>>> old = Snapshot("old-id", keda.title + "!", keda.start, keda.end, None)
>>> match([old], schedule.sessions)["old-id"] == (keda, "title")
True
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import Any

from .agenda import Pick, room_of, snapshot_changes
from .conflicts import Span, overlaps
from .frozen import frozen
from .models import Session
from .text import normalize

STRONG_TITLE = 0.8
WEAK_TITLE = 0.5


@frozen(kw_only=False)
class Snapshot:
    """What is compared: a pick's snapshot, or a session of the old schedule."""

    id: str
    title: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    room: str | None

    @classmethod
    def of_pick(cls, pick: Pick) -> Snapshot:
        return cls(pick.id, pick.title, pick.start, pick.end, pick.room)

    @classmethod
    def of_session(cls, session: Session) -> Snapshot:
        return cls(session.id, session.title, session.start, session.end, room_of(session))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "room": self.room,
        }


@frozen(kw_only=False)
class Change:
    """One pick or session, before and after."""

    before: Snapshot
    after: Session | None
    status: tuple[str, ...]
    matched_by: str | None = None  # "id", "title", or None when cancelled
    note: str | None = None  # e.g. the walk that a room change brings

    @property
    def changed(self) -> bool:
        return self.status != ("unchanged",)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.before.id,
            "status": list(self.status),
            "before": self.before.to_json(),
            "after": Snapshot.of_session(self.after).to_json() if self.after else None,
            "matched_by": self.matched_by,
            **({"note": self.note} if self.note else {}),
        }


def _title_ratio(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, normalize(a), normalize(b)).ratio()


def match(
    before: Sequence[Snapshot], sessions: Sequence[Session]
) -> dict[str, tuple[Session | None, str | None]]:
    """For each snapshot, the session that it became (or None), and how it was found."""
    by_id = {s.id: s for s in sessions}
    found: dict[str, tuple[Session | None, str | None]] = {}
    taken: set[str] = set()
    for old in before:
        if old.id in by_id:
            found[old.id] = (by_id[old.id], "id")
            taken.add(old.id)
    left = [o for o in before if o.id not in found]
    free = [s for s in sessions if s.id not in taken and s.id not in {o.id for o in before}]
    candidates = []
    for old in left:
        # Where the talk was: the same start, or the same room at a time that overlaps the old
        # one (moved by a quarter of an hour, say).
        was = Span(old.start, old.end) if old.start is not None and old.end is not None else None
        for new in free:
            ratio = _title_ratio(old.title, new.title)
            same_start = old.start is not None and old.start == new.start
            same_room = old.room is not None and old.room == room_of(new)
            near = same_start or (same_room and was is not None and overlaps(was, new))
            # A title alike only in part is the same session only near where it was: a room
            # hosts a day of talks on one theme, and a cancelled "Longhorn: Intro, Deep Dive
            # and Q&A" is not the "Prometheus Intro, Deep Dive, and Open Q+A" held in its room
            # that afternoon.
            if ratio >= STRONG_TITLE or (ratio >= WEAK_TITLE and near):
                candidates.append((-(ratio + 0.1 * same_start + 0.1 * same_room), old.id, new.id, new))
    for _, old_id, new_id, new in sorted(candidates, key=lambda c: c[:3]):
        if old_id not in found and new_id not in taken:
            found[old_id] = (new, "title")
            taken.add(new_id)
    for old in left:
        found.setdefault(old.id, (None, None))
    return found


def statuses(before: Snapshot, after: Session | None) -> tuple[str, ...]:
    """``before``'s statuses against what it became (see :func:`planner.agenda.snapshot_changes`)."""
    if after is None:
        return ("cancelled",)
    return snapshot_changes(before, after) or ("unchanged",)


def compare(before: Sequence[Snapshot], sessions: Sequence[Session]) -> list[Change]:
    matched = match(before, sessions)
    return [
        Change(old, matched[old.id][0], statuses(old, matched[old.id][0]), matched[old.id][1])
        for old in before
    ]
