"""Who is on duty: the one answer ``team plan`` and ``team show`` both give.

A member's agenda holds sessions only, so ``team plan --save`` records the duty
roster it chose in planner's state beside the team file (part ``team_duty``),
each duty window by its place and times (not its position in the file)::

    team/team.yaml
    team/.planner/team.yaml/team_duty.json

:func:`on_duty` reads it back for the duty windows the team file still has:
``team show`` puts those members there, and ``team plan`` keeps them there when
their day still allows it, so a saved plan and the view of it agree.

    on_duty(Team.open("team.yaml"))   # {"duty-1": ("ben",)}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..conflicts import Item
from ..state import AgendaState
from .opening import OpenedTeam

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


def _key(where: str, item: Item) -> tuple[str, float, float]:
    return (where, item.start.timestamp(), item.end.timestamp())


def duty_windows(team: OpenedTeam) -> list[tuple[str, Item]]:
    """Each duty window of the team file on each of its days: its place (as the file
    says it) and its block."""
    return [(duty.where, item) for date in team.days() for duty, item in team.duty_items(date)]


def on_duty(team: OpenedTeam) -> dict[str, tuple[str, ...]]:
    """Who the last saved plan put on each duty window (by the block's ID), for the
    windows and members the team file still has; a window nobody was saved for is absent."""
    if not team.spec.duty:
        return {}
    roster = AgendaState.for_agenda(team.path).read(PART, DutyRoster)
    if not roster.duties:
        return {}
    names = {m.name for m in team.members}
    saved = {(r.where, r.start.timestamp(), r.end.timestamp()): r.members for r in roster.duties}
    found = {}
    for where, item in duty_windows(team):
        members = tuple(n for n in saved.get(_key(where, item), ()) if n in names)
        if members:
            found[item.id] = members
    return found


def save_roster(team: OpenedTeam, holders: Mapping[str, Iterable[str]]) -> None:
    """Record who holds each duty window (``holders``: block ID -> member names)."""
    from .export import locked

    records = tuple(
        DutyRecord(where=where, start=item.start, end=item.end, members=tuple(holders.get(item.id, ())))
        for where, item in duty_windows(team)
    )
    state = AgendaState.for_agenda(team.path)
    with locked(state, team.path):
        state.write(PART, DutyRoster(duties=records))
