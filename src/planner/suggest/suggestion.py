"""``planner suggest``: the best day one can walk, keeping every must pick."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..clock import minutes_between
from ..conflicts import Conflict, Item, find_conflicts, overlaps, previous_items
from ..day import DayPlan
from ..errors import PlannerError
from ..frozen import frozen
from ..lookup import resolve
from ..models import Schedule, Session
from ..venue import Venue, Walk
from ..wording import clash_words
from .pool import LUNCH_ID, SessionPool, days_in_scope
from .preferences import Preferences
from .scoring import Score, Scorer
from .solver import Candidate, solve

# Why a pick that scored nothing is in the day.
MUST_REASON = "your must pick"
FILL_REASON = "nothing matched; fills a free slot"


@frozen(kw_only=False)
class SuggestedPick:
    """A session of the suggested day, why it scored, and the walk to it."""

    item: Item
    session: Session | None
    title: str
    score: Score
    # "must" (a must pick already), "maybe" (a maybe pick), or "new".
    status: str
    forced: bool = False
    previous: str | None = None
    walk: Walk | None = None
    gap_minutes: int | None = None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def day(self) -> dt.date:
        return self.session.day if self.session else self.item.conference_day

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it is in the day: its score's reasons, else that it is a must or fills a slot."""
        if self.score.reasons:
            return tuple(str(r) for r in self.score.reasons)
        return (MUST_REASON if self.forced else FILL_REASON,)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "day": self.day.isoformat(),
            "start": self.item.start.isoformat(),
            "end": self.item.end.isoformat(),
            "score": self.score.points,
            "reasons": list(self.reasons),
        }


@frozen(kw_only=False)
class Suggestion:
    picks: tuple[SuggestedPick, ...]
    buffer_minutes: int
    # Sessions the solver could choose from (after leaving out drop-ins, avoided types, ...).
    considered: int
    notices: tuple[str, ...] = ()
    # The day's conflicts that remain: only ever between the user's own musts.
    conflicts: tuple[Conflict, ...] = ()

    @property
    def total_score(self) -> int:
        return sum(p.score.points for p in self.picks)

    @property
    def new_ids(self) -> list[str]:
        """The picks to write into the agenda: new ones, and maybes that become musts."""
        return [p.id for p in self.picks if p.status != "must" and p.session is not None]

    def to_json(self) -> dict[str, Any]:
        return {"total_score": self.total_score, "picks": [p.to_json() for p in self.picks]}


@frozen(kw_only=False)
class _Forced:
    """A pick the day must keep: the agenda's musts and ``--must``."""

    item: Item
    session: Session | None
    status: str
    title: str

    @property
    def solvable(self) -> bool:
        """Whether the solver places it (drop-ins and empty items are kept as they are)."""
        return not self.item.drop_in and self.item.positive


def _forced_picks(
    plan: DayPlan, schedule: Schedule, pool: SessionPool, days: list[dt.date] | None
) -> dict[str, _Forced]:
    def in_scope(item: Item) -> bool:
        return days is None or item.start.date() in days

    forced: dict[str, _Forced] = {}
    for entry in plan.must_entries:
        if in_scope(entry.item):
            forced[entry.pick.id] = _Forced(entry.item, entry.session, "must", entry.title)
    for query in pool.preferences.musts:
        session = resolve(query, schedule.sessions)
        item = pool.item(session)
        if not in_scope(item):
            raise PlannerError(
                f"--must {query!r} is {session.title!r} on {session.day}, not on the day asked"
            )
        if session.id not in forced:
            picked = plan.entry(session.id)
            forced[session.id] = _Forced(
                item, session, picked.pick.priority if picked else "new", session.title
            )
    return forced


def suggest_day(
    plan: DayPlan,
    schedule: Schedule,
    venue: Venue,
    preferences: Preferences | None = None,
    day: dt.date | str | None = None,
) -> Suggestion:
    """The best conflict-free agenda for ``preferences``, keeping every must pick of ``plan``.

    Must picks are the agenda's and ``preferences.musts``; if they conflict among
    themselves (overlap, or a walk longer than the gap) this raises a
    :class:`PlannerError` that names them. Maybe picks are ordinary candidates.
    """
    prefs = preferences or Preferences()
    pool = SessionPool(schedule.sessions, venue, plan.drop_in_types, prefs)
    scorer = Scorer(prefs)
    buffer = plan.buffer_minutes
    days = days_in_scope(day, schedule.days)
    forced = _forced_picks(plan, schedule, pool, days)
    blocks = pool.lunch_blocks(days if days is not None else {s.day for s in schedule.sessions})
    fixed = [f.item for f in forced.values() if not f.solvable]
    _check_musts([f.item for f in forced.values()], schedule, venue, buffer, blocks)
    time_blocks = blocks + [i for i in fixed if i.drop_in]

    scores: dict[str, Score] = {}
    candidates: list[Candidate] = []
    for session in schedule.sessions:
        if session.id in forced or session.end <= session.start or pool.excluded(session):
            continue
        item = pool.item(session)
        if (days is not None and item.start.date() not in days) or any(
            overlaps(item, b) for b in time_blocks
        ):
            continue
        score = scorer.score(session)
        if score.points < 0 or (score.points == 0 and not prefs.fill):
            continue
        scores[session.id] = score
        candidates.append(Candidate(item, score.points, False))
    considered = len(candidates)
    for must in forced.values():
        if must.solvable:
            score = scorer.score(must.session) if must.session else Score()
            scores[must.item.id] = score
            candidates.append(Candidate(must.item, score.points, True))

    chosen = [c.item for c in solve(candidates, venue, buffer)]
    missing = {f.item.id for f in forced.values() if f.solvable} - {i.id for i in chosen}
    if missing:  # cannot happen when the musts passed _check_musts; kept as a safety net
        raise PlannerError(f"the must picks {', '.join(sorted(missing))} do not fit together")
    items = sorted([*chosen, *fixed], key=lambda i: (i.start, i.end, i.id))
    # Every pick is a must once suggested: that is how conflicts are judged.
    items = [Item(i.id, i.start, i.end, i.location, True, i.drop_in, i.day) for i in items]
    remaining = find_conflicts([*items, *blocks], venue, buffer)
    notices = list(plan.notices)
    for conflict in remaining:
        a, b = conflict.ids
        if LUNCH_ID in (a, b):
            notices.append(f"your must pick {a if b == LUNCH_ID else b} overlaps the lunch window")
        else:
            notices.append(f"your must picks {a} and {b} stay {conflict.kind} ({conflict.minutes} min)")
    previous = previous_items(items)
    picks = []
    for item in items:
        if item.id in forced:
            held, status, title = forced[item.id].session, forced[item.id].status, forced[item.id].title
        else:
            held = schedule.get(item.id)
            # Not forced: a candidate, made of one of the schedule's sessions.
            assert held is not None
            entry = plan.entry(item.id)
            status, title = (entry.pick.priority if entry else "new"), held.title
        before = previous.get(item.id)
        picks.append(
            SuggestedPick(
                item,
                held,
                title,
                scores.get(item.id) or (scorer.score(held) if held else Score()),
                status,
                item.id in forced,
                before.id if before else None,
                venue.walk(before.location, item.location) if before else None,
                minutes_between(before.end, item.start) if before else None,
            )
        )
    return Suggestion(tuple(picks), buffer, considered, tuple(notices), tuple(remaining))


def _check_musts(
    musts: list[Item], schedule: Schedule, venue: Venue, buffer: int, blocks: list[Item]
) -> None:
    hard = [c for c in find_conflicts([*musts, *blocks], venue, buffer) if c.hard]
    if not hard:
        return
    parts = []
    for conflict in hard:
        a, b = conflict.first, conflict.second
        what = clash_words(conflict)
        title_a = session_a.title if (session_a := schedule.get(a.id)) else ""
        title_b = session_b.title if (session_b := schedule.get(b.id)) else ""
        parts.append(f"{a.id} ({a.start:%H:%M} {title_a}) and {b.id} ({b.start:%H:%M} {title_b}): {what}")
    raise PlannerError(
        "your must picks conflict, so no day can keep them all: " + "; ".join(parts),
        hint="drop one (planner drop ID) or make it a backup (planner pick ID --maybe)",
    )
