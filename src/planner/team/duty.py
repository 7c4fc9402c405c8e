"""Who is on duty: the one answer ``team plan`` and ``team show`` both give.

A member's agenda holds sessions only, so ``team plan --save`` records the duty
roster it chose in planner's state beside the team file (part ``team_duty``),
each duty window by its place and times (not its position in the file)::

    team/team.yaml
    team/.planner/team.yaml/team_duty.json

:func:`read_roster` reads it back for the duty windows the team file still has
(:meth:`.opening.OpenedTeam.on_duty`): ``team show`` puts those members there, and
``team plan`` keeps them there when their day still allows it, so a saved plan
and the view of it agree::

    Team.open("team.yaml").on_duty()   # {"duty-1": ("ben",)}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..conflicts import Item
from ..state import AgendaState

PART = "team_duty"


class DutyRecord(BaseModel):
    """One duty window as saved: where, when, and who holds it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    where: str
    start: AwareDatetime
    end: AwareDatetime
    members: tuple[str, ...] = ()


class DutyRoster(BaseModel):
    """Every duty window the last ``team plan --save`` staffed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    duties: tuple[DutyRecord, ...] = Field(default=(), max_length=10_000)


Window = tuple[str, Item]


def read_roster(
    team_path: Path, windows: Iterable[Window], names: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """Who the last saved plan put on each of ``windows`` (place as the team file says
    it, block), by block ID, of the members ``names``; a window nobody was saved for is absent."""
    roster = AgendaState.for_agenda(team_path).read(PART, DutyRoster)
    if not roster.duties:
        return {}
    known = set(names)
    saved = {(r.where, r.start.timestamp(), r.end.timestamp()): r.members for r in roster.duties}
    found = {}
    for where, item in windows:
        members = tuple(
            n for n in saved.get((where, item.start.timestamp(), item.end.timestamp()), ()) if n in known
        )
        if members:
            found[item.id] = members
    return found


def write_roster(team_path: Path, windows: Iterable[Window], holders: Mapping[str, Iterable[str]]) -> None:
    """Record who holds each of ``windows`` (``holders``: block ID -> member names)."""
    records = tuple(
        DutyRecord(where=where, start=item.start, end=item.end, members=tuple(holders.get(item.id, ())))
        for where, item in windows
    )
    state = AgendaState.for_agenda(team_path)
    with state.locked(what="team file", label=str(team_path)):
        state.write(PART, DutyRoster(duties=records))
