"""``planner team show``: the members' own agendas merged, slot by slot, with who
doubles up and the best sessions nobody holds::

    view(Team.open("examples/team.yaml")).doubled
"""

from __future__ import annotations

from ..conflicts import Item, overlaps
from ..models import Session
from .model import DutyWindow, Seat, TeamSlot, TeamView
from .opening import OpenedTeam, member_item
from .strategies import nobody_covers


def view(team: OpenedTeam, best: int = 8) -> TeamView:
    """The merged day of ``team``'s agendas as they are (see :class:`TeamView`).

    A session counts as covered when a member holds it as a must pick; the
    ``best`` uncovered sessions (highest team value) are flagged in their slot.
    A duty window is held by whom the saved plan put there (:meth:`.opening.OpenedTeam.on_duty`).
    """
    scores = team.scores()
    together = {s.id for s in team.together}
    seats: list[Seat] = []
    holders: dict[str, list[str]] = {}
    for member in team.members:
        for entry in member.planner.plan(member.agenda).entries:
            score = scores.get(entry.pick.id, [])
            value = team.team_value(score)
            serves = tuple(m.name for m, s in zip(team.members, score, strict=False) if s.points > 0)
            seats.append(Seat(member.name, entry.item, entry.title, entry.pick.priority, value, serves))
            if entry.pick.must:
                holders.setdefault(entry.pick.id, []).append(member.name)
    # Who is on duty is what the saved plan recorded: the same answer `team plan` keeps.
    rostered = team.on_duty()
    windows = [(duty, item) for date in team.days() for duty, item in team.duty_items(date)]
    for duty, item in windows:
        for name in rostered.get(item.id, ()):
            seats.append(Seat(name, item, f"Duty: {duty.where}", "duty", 0))
    doubled = {s: tuple(names) for s, names in holders.items() if len(names) > 1 and s not in together}
    covered = set(holders)
    total = sum(team.team_value(scores.get(s, [])) for s in covered)
    by_member: dict[str, list[Seat]] = {}
    for seat in seats:
        if seat.priority in ("must", "duty"):
            by_member.setdefault(seat.member, []).append(seat)

    def why(session: Session) -> tuple[str, ...]:
        reasons = []
        for member in team.members:
            busy = [
                s for s in by_member.get(member.name, []) if overlaps(s.item, member_item(member, session))
            ]
            reasons.append(
                f"{member.name}: " + ", ".join(s.where for s in busy) if busy else f"{member.name}: free then"
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
    for duty, item in windows:

        def busy(name: str, item: Item = item) -> list[Seat]:
            # Their agenda's must picks in the window (a duty is not in an agenda).
            return [s for s in by_member.get(name, []) if s.priority != "duty" and overlaps(s.item, item)]

        held = rostered.get(item.id, ())
        free = tuple(m.name for m in team.members if m.available(item.start, item.end) and not busy(m.name))
        clashes = tuple(f"{name}: " + ", ".join(s.where for s in busy(name)) for name in held if busy(name))
        duties.append(DutyWindow(duty.where, item.start, item.end, duty.need, free, held, clashes))
    names = tuple(m.name for m in team.members)
    return TeamView(tuple(slots), doubled, tuple(top), total, names, tuple(duties))
