"""``planner team show``: the members' own agendas merged, slot by slot, with who
doubles up and the best sessions nobody holds::

    view(Team.open("examples/team.yaml")).doubled
"""

from __future__ import annotations

from ..conflicts import overlaps
from ..models import Session
from .model import DutyWindow, Seat, TeamSlot, TeamView
from .opening import OpenedTeam, member_item
from .strategies import nobody_covers


def view(team: OpenedTeam, best: int = 8) -> TeamView:
    """The merged day of ``team``'s agendas as they are (see :class:`TeamView`).

    A session counts as covered when a member holds it as a must pick; the
    ``best`` uncovered sessions (highest team value) are flagged in their slot.
    """
    scores = team.scores()
    together = {s.id for s in team.together}
    seats: list[Seat] = []
    holders: dict[str, list[str]] = {}
    for member in team.members:
        for entry in member.planner.plan(member.agenda).entries:
            value = team.team_value(scores.get(entry.pick.id, []))
            seats.append(Seat(member.name, entry.item, entry.title, entry.pick.priority, value))
            if entry.pick.must:
                holders.setdefault(entry.pick.id, []).append(member.name)
    doubled = {s: tuple(names) for s, names in holders.items() if len(names) > 1 and s not in together}
    covered = set(holders)
    total = sum(team.team_value(scores.get(s, [])) for s in covered)
    by_member: dict[str, list[Seat]] = {}
    for seat in seats:
        if seat.priority == "must":
            by_member.setdefault(seat.member, []).append(seat)

    def why(session: Session) -> tuple[str, ...]:
        reasons = []
        for member in team.members:
            busy = [
                s for s in by_member.get(member.name, []) if overlaps(s.item, member_item(member, session))
            ]
            reasons.append(
                f"{member.name}: at " + ", ".join(s.item.id for s in busy)
                if busy
                else f"{member.name}: free then"
            )
        return tuple(reasons)

    top = nobody_covers(team, scores, covered, why)[:best]
    starts = sorted({s.item.start for s in seats} | {u.session.start for u in top})
    slots = []
    for start in starts:
        here = tuple(sorted((s for s in seats if s.item.start == start), key=lambda s: s.member))
        slots.append(
            TeamSlot(
                start,
                here,
                tuple(dict.fromkeys(s.item.id for s in here if s.item.id in doubled)),
                tuple(u for u in top if u.session.start == start),
            )
        )
    duties = []
    for date in team.days():
        for duty, item in team.duty_items(date):
            free = tuple(
                m.name
                for m in team.members
                if m.available(item.start, item.end)
                and not any(overlaps(s.item, item) for s in by_member.get(m.name, []))
            )
            duties.append(DutyWindow(duty.where, item.start, item.end, duty.need, free))
    names = tuple(m.name for m in team.members)
    return TeamView(tuple(slots), doubled, tuple(top), total, names, tuple(duties))
