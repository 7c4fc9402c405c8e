"""What planning or showing a team gives back, and its JSON: each member's picks
(:class:`TeamPlan`), what nobody covers, and the members' own agendas merged
(:class:`TeamView`). Plain frozen data; the work is in :mod:`.strategies` and :mod:`.show`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ..conflicts import Item
from ..frozen import frozen
from ..models import Session
from ..suggest import Score
from ..venue import Walk
from .solver import SolveStats


@frozen(kw_only=False)
class TeamPick:
    """Where a member is: a session (or a duty block), its team value, and the walk there."""

    member: str
    item: Item
    session: Session | None
    title: str
    # The team value the pick brings (0 for a duty block, or for a session a teammate covers too).
    value: int
    own: Score
    reasons: tuple[str, ...]
    kind: Literal["session", "must", "together", "duty"] = "session"
    previous: str | None = None
    walk: Walk | None = None
    gap_minutes: int | None = None

    @property
    def id(self) -> str:
        return self.item.id

    def to_json(self) -> dict[str, Any]:
        loc = self.item.location
        return {
            "id": self.item.id,
            "title": self.title,
            "start": self.item.start.isoformat(),
            "end": self.item.end.isoformat(),
            "room": loc.place if loc.room else None,
            "kind": self.kind,
            "value": self.value,
            "own_score": self.own.points,
            "reasons": list(self.reasons),
            "from": self.previous,
            "walk_minutes": self.walk.minutes if self.walk else None,
        }


@frozen(kw_only=False)
class MemberDay:
    name: str
    agenda: str
    picks: tuple[TeamPick, ...]

    @property
    def share(self) -> int:
        """The team value this member brings: what they cover first (in member order)."""
        return sum(p.value for p in self.picks)

    @property
    def own_score(self) -> int:
        return sum(p.own.points for p in self.picks)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "agenda": self.agenda,
            "share": self.share,
            "own_score": self.own_score,
            "picks": [p.to_json() for p in self.picks],
        }


@frozen(kw_only=False)
class Uncovered:
    """A session someone wanted that nobody attends, and why each member is elsewhere."""

    session: Session
    value: int
    wanted_by: tuple[tuple[str, int], ...]
    why: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.session.id,
            "title": self.session.title,
            "start": self.session.start.isoformat(),
            "end": self.session.end.isoformat(),
            "value": self.value,
            "wanted_by": [{"name": n, "score": s} for n, s in self.wanted_by],
            "why": list(self.why),
        }


@frozen(kw_only=False)
class TeamPlan:
    """The team's day(s): each member's picks, the team value, and what nobody covers."""

    strategy: str
    members: tuple[MemberDay, ...]
    uncovered: tuple[Uncovered, ...]
    notices: tuple[str, ...] = ()
    stats: tuple[SolveStats, ...] = ()

    @property
    def total(self) -> int:
        """The team value: each covered session's value, once."""
        return sum(m.share for m in self.members)

    @property
    def solver_seconds(self) -> float:
        return sum(s.seconds for s in self.stats)

    def member(self, name: str) -> MemberDay:
        return next(m for m in self.members if m.name == name)

    def on_duty(self) -> dict[str, tuple[str, ...]]:
        """Who holds each duty block (by its ID), in member order."""
        found: dict[str, tuple[str, ...]] = {}
        for member in self.members:
            for pick in member.picks:
                if pick.kind == "duty":
                    found[pick.id] = (*found.get(pick.id, ()), member.name)
        return found

    def to_json(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "members": [m.to_json() for m in self.members],
            "total": self.total,
            "uncovered": [u.to_json() for u in self.uncovered],
        }


@frozen(kw_only=False)
class SaveResult:
    member: str
    agenda: str
    added: tuple[str, ...]


# -- the merged day of members who pick for themselves ---------------------------------


@frozen(kw_only=False)
class Seat:
    """A member's pick (as their agenda holds it) in the merged day."""

    member: str
    item: Item
    title: str
    # must, maybe, ... as the agenda says; "duty" for a duty block the saved plan gave them.
    priority: str
    value: int
    # The members whose interest the session serves (they score it above zero).
    serves: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """Where the member is, for a sentence: "at <session ID>" or "on duty at <place>"."""
        if self.priority == "duty":
            return f"on duty at {self.item.location.place}"
        return f"at {self.item.id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "member": self.member,
            "id": self.item.id,
            "title": self.title,
            "start": self.item.start.isoformat(),
            "end": self.item.end.isoformat(),
            "room": self.item.location.place if self.item.location.room else None,
            "priority": self.priority,
            "value": self.value,
            "serves": list(self.serves),
        }


@frozen(kw_only=False)
class TeamSlot:
    start: dt.datetime
    seats: tuple[Seat, ...]
    # Session IDs two or more members hold as must picks (not a together session).
    doubled: tuple[str, ...]
    uncovered: tuple[Uncovered, ...]


@frozen(kw_only=False)
class DutyWindow:
    """A duty of the team file on one day: where, when, how many it needs, who the
    saved plan put there, and who else is free for all of it in their own agenda."""

    where: str
    start: dt.datetime
    end: dt.datetime
    need: int
    # Whose agendas leave them free for all of it (those on duty among them, unless they clash).
    free: tuple[str, ...]
    # Who the saved plan put on duty (``team plan --save``; empty before).
    on_duty: tuple[str, ...] = ()
    # A member on duty whose agenda now holds a pick in the window: "ben: at 22bw3".
    clashes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "need": self.need,
            "on_duty": list(self.on_duty),
            "free": list(self.free),
            "clashes": list(self.clashes),
        }


@frozen(kw_only=False)
class TeamView:
    """The members' own agendas merged: slot by slot, doubled-up and best uncovered flagged."""

    slots: tuple[TeamSlot, ...]
    doubled: dict[str, tuple[str, ...]]
    uncovered: tuple[Uncovered, ...]
    total: int
    members: tuple[str, ...]
    # Each duty window of the team file, with the members whose agendas leave them free for it.
    duties: tuple[DutyWindow, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "total": self.total,
            "duties": [d.to_json() for d in self.duties],
            "slots": [
                {
                    "start": slot.start.isoformat(),
                    "seats": [s.to_json() for s in slot.seats],
                    "doubled": list(slot.doubled),
                    "uncovered": [u.to_json() for u in slot.uncovered],
                }
                for slot in self.slots
            ],
            "doubled": {k: list(v) for k, v in self.doubled.items()},
            "uncovered": [u.to_json() for u in self.uncovered],
        }
