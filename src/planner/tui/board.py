"""What the terminal UI shows, without any widget: the day's slots, the marks on
each session, the filters, the details of one session, and the changes (pick,
maybe, drop, undo) saved through :class:`planner.planning.Planner`.

The agenda file stays the one source of truth: every change goes through
``Planner.pick`` / ``Planner.drop`` (the locked, atomic, comment-keeping save of
``planner pick``), and the board re-reads the file after each one and whenever
it changes on disk.

>>> from planner.planning import Planner
>>> board = Board(Planner.open("no-such-agenda.yaml"))
>>> board.filters = Filters(search="keda")
>>> [s.id for slot in board.slots() for s in slot.sessions]
['8q2qm', 'sbxjz']
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..agenda import Agenda, Pick, Priority
from ..clock import minutes_between
from ..conflicts import Conflict, item_after, item_before, overlaps
from ..errors import PlannerError
from ..frozen import frozen
from ..models import Session
from ..query import SessionFilter, _search_text, building_of
from ..text import normalize
from ..venue import Walk
from ..wording import conflict_phrase

if TYPE_CHECKING:
    from ..day import DayPlan
    from ..planning import Planner

# Marks are text, so nothing relies on colour alone.
MUST, MAYBE, SUGGESTED, CONFLICT, TIGHT, NONE = "✓", "?", "☆", "✗", "!", "·"


@frozen(kw_only=False)
class Filters:
    """What the list shows: a search (the matching of ``planner sessions --search``),
    a track or type, a building, and "free now": only sessions that no must pick overlaps."""

    search: str = ""
    track: str | None = None
    building: str | None = None
    free_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.search.strip() or self.track or self.building or self.free_only)

    def describe(self) -> str:
        parts = []
        if self.search.strip():
            parts.append(f"search {self.search.strip()!r}")
        if self.track:
            parts.append(f"track {self.track}")
        if self.building:
            parts.append(f"building {self.building}")
        if self.free_only:
            parts.append("free now")
        return ", ".join(parts)


@frozen(kw_only=False)
class Mark:
    """How a session is marked: a symbol (text, not only colour) and words saying why."""

    symbol: str
    priority: Priority | None = None
    suggested: bool = False
    problems: tuple[str, ...] = ()
    # The same problems without the other session's title, the minutes first, for a line too
    # narrow for them: the other session's ID and the minutes are what a cut line lost.
    briefs: tuple[str, ...] = ()
    # "overlap", "unreachable" or "tight": the worst problem, for the stylesheet.
    worst: str | None = None

    @property
    def label(self) -> str:
        """``✓✗``: the pick mark, then a conflict mark if any."""
        if self.worst in ("overlap", "unreachable"):
            return self.symbol + CONFLICT
        if self.worst == "tight":
            return self.symbol + TIGHT
        return self.symbol + " "


@frozen(kw_only=False)
class SlotView:
    """Sessions starting together on the day, and what suggest would put there if
    nothing of the slot is picked."""

    start: dt.datetime
    end: dt.datetime
    sessions: tuple[Session, ...]
    picked: bool
    suggestion: Session | None = None


@frozen(kw_only=False)
class Change:
    """One change made from the UI, with what it replaced, so it can be undone."""

    session_id: str
    before: Pick | None
    after: Pick | None


@frozen(kw_only=False)
class Neighbour:
    """The must pick before (or after) a session, and the walk between them."""

    session: Session
    walk: Walk
    gap_minutes: int


@dataclass
class Board:
    planner: Planner
    day_index: int = 0
    filters: Filters = field(default_factory=Filters)
    # What is shown: the file as last read, with a change being saved already in it.
    agenda: Agenda = field(default_factory=Agenda)
    # The file as last read.
    saved: Agenda = field(default_factory=Agenda)
    plan: DayPlan | None = None
    error: str | None = None
    undo_stack: list[Change] = field(default_factory=list)
    suggested: dict[dt.date, frozenset[str]] = field(default_factory=dict)
    # Why a day has no suggestions, when suggest could not make it.
    suggest_notes: dict[dt.date, str] = field(default_factory=dict)
    # The moment the board opens at; None: now.
    now: dt.datetime | None = None
    _stamp: tuple[int, int, int] | None = None

    def __post_init__(self) -> None:
        by_day: dict[dt.date, list] = {}
        for slot in self.planner.slots(include_drop_ins=True):
            for session in slot.sessions:
                by_day.setdefault(session.day, [])
            day = slot.sessions[0].day
            by_day[day].append(slot)
        self.days: list[dt.date] = sorted(by_day)
        self._search_texts: dict[str, str] = {}
        self._slots = by_day
        self.reload()
        self.day_index = self.opening_day(self.now or self.planner.now())

    def opening_day(self, now: dt.datetime) -> int:
        """The day to open on: today during the conference, else the day of the next pick
        (else of the first pick, else the first day)."""
        if not self.days:
            return 0
        zone = self.planner.now().tzinfo
        today = now.astimezone(zone).date()
        if today in self.days:
            return self.days.index(today)
        # (start, day) of every pick: the schedule's day when it has the session, else the snapshot's.
        starts = []
        for pick in self.agenda.picks:
            session = self.planner.schedule.get(pick.id)
            if session is not None:
                starts.append((session.start, session.day))
            elif pick.start is not None:
                starts.append((pick.start, pick.start.astimezone(zone).date()))
        upcoming = [s for s in starts if s[0] >= now] or starts
        if upcoming and min(upcoming)[1] in self.days:
            return self.days.index(min(upcoming)[1])
        return 0

    # -- the file ------------------------------------------------------------------

    def file_stamp(self) -> tuple[int, int, int] | None:
        """What identifies the file's content on disk (None when there is no file)."""
        try:
            info = os.stat(self.planner.file.path)
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size, info.st_ino)

    def changed_on_disk(self) -> bool:
        return self.file_stamp() != self._stamp

    def reload(self) -> None:
        """Read the agenda file again and place its picks; a broken file keeps the last
        good state and says what is wrong (the file is never written over)."""
        self._stamp = self.file_stamp()
        try:
            self.agenda = self.saved = self.planner.agenda()
            self.plan = self.planner.plan(self.agenda)
            self.error = None
        except PlannerError as exc:
            self.error = str(exc)
            if self.plan is None:
                self.plan = self.planner.plan(Agenda.empty())

    # -- the day -------------------------------------------------------------------

    @property
    def day(self) -> dt.date:
        return self.days[self.day_index]

    def shift_day(self, step: int) -> bool:
        index = min(max(self.day_index + step, 0), len(self.days) - 1)
        moved = index != self.day_index
        self.day_index = index
        return moved

    def day_size(self) -> int:
        """How many sessions the day has (all of them, whatever the filters)."""
        return sum(len(slot.sessions) for slot in self._slots.get(self.day, []))

    def day_label(self) -> str:
        label = f"{self.day:%a %d %b %Y}"
        if len(self.days) > 1:
            label += f" (day {self.day_index + 1} of {len(self.days)})"
        return label

    def tracks(self) -> list[str]:
        return sorted({t for slot in self._slots[self.day] for s in slot.sessions if (t := _track(s))})

    def buildings(self) -> list[str]:
        return sorted(
            {b for slot in self._slots[self.day] for s in slot.sessions if (b := building_of(s.location))}
        )

    def next_choice(self, current: str | None, choices: Sequence[str]) -> str | None:
        """Cycle ``None`` -> each choice -> ``None``: one key walks through a filter."""
        if not choices:
            return None
        if current not in choices:
            return choices[0]
        index = choices.index(current) + 1
        return choices[index] if index < len(choices) else None

    def slots(self, day: dt.date | None = None) -> list[SlotView]:
        """The day's slots with the sessions the filters let through (empty slots left out)."""
        day = day or self.day
        wanted = self._matcher()
        picked = {p.id for p in self.agenda.picks}
        suggested = self.suggested.get(day, frozenset())
        views = []
        for slot in self._slots.get(day, []):
            sessions = tuple(s for s in slot.sessions if wanted(s))
            if not sessions:
                continue
            has_pick = any(s.id in picked for s in slot.sessions)
            suggestion = None
            if not has_pick:
                suggestion = next((s for s in slot.sessions if s.id in suggested), None)
            views.append(
                SlotView(
                    slot.start,
                    max(s.end for s in slot.sessions),
                    sessions,
                    has_pick,
                    suggestion,
                )
            )
        return views

    def matches_elsewhere(self) -> int:
        """How many sessions of the other days the filters let through."""
        wanted = self._matcher()
        return sum(
            1
            for day in self.days
            if day != self.day
            for slot in self._slots[day]
            for s in slot.sessions
            if wanted(s)
        )

    def fold_for_search(self, day: dt.date) -> None:
        """Make the folded search text of each session of ``day`` now (in the background, after
        the first paint), so the first letter typed does not fold a whole day."""
        texts = self._search_texts
        for slot in self._slots.get(day, []):
            for session in slot.sessions:
                if session.id not in texts:
                    texts[session.id] = f" {normalize(_search_text(session))} "

    def _matcher(self):
        filters = self.filters
        # The matching of `planner sessions --search` (phrase_in), on each session's folded text
        # made once: a typed letter then costs a substring test per session, not a regex over it.
        needle = normalize(filters.search.strip())
        texts = self._search_texts
        building = SessionFilter(building=(filters.building,)) if filters.building else None
        busy = [e.item for e in self.plan.entries if e.pick.must] if filters.free_only and self.plan else []
        picked = {p.id for p in self.agenda.picks}

        def wanted(session: Session) -> bool:
            if needle:
                text = texts.get(session.id)
                if text is None:
                    text = texts[session.id] = f" {normalize(_search_text(session))} "
                if f" {needle}" not in text:
                    return False
            if filters.track and _track(session) != filters.track:
                return False
            if building is not None and not building.matches(session):
                return False
            if busy and session.id not in picked:
                return not any(overlaps(i, session) for i in busy)
            return True

        return wanted

    # -- marks ---------------------------------------------------------------------

    def marks(self) -> dict[str, Mark]:
        """The mark of every session that has one: picked, suggested, or in a conflict."""
        plan = self.plan
        marks: dict[str, Mark] = {}
        for pick in self.agenda.picks:
            marks[pick.id] = Mark(MUST if pick.must else MAYBE, pick.priority)
        for ids in self.suggested.values():
            for session_id in ids:
                if session_id not in marks:
                    marks[session_id] = Mark(SUGGESTED, suggested=True)
        if plan is None:
            return marks
        for conflict in plan.conflicts:
            if conflict.kind not in ("overlap", "unreachable", "tight"):
                continue
            for own, other in ((conflict.first, conflict.second), (conflict.second, conflict.first)):
                mark = marks.get(own.id) or Mark(NONE)
                is_first = own.id == conflict.first.id
                words = conflict_words(conflict, self._title(other.id), is_first)
                brief = conflict_words(conflict, "", is_first, brief=True)
                worst = _worse(mark.worst, conflict.kind)
                marks[own.id] = replace(
                    mark, problems=(*mark.problems, words), briefs=(*mark.briefs, brief), worst=worst
                )
        return marks

    def _title(self, session_id: str) -> str:
        session = self.planner.schedule.get(session_id)
        if session is not None:
            return session.title
        pick = self.agenda.get(session_id)
        return (pick.title if pick else None) or session_id

    # -- one session ---------------------------------------------------------------

    def neighbours(self, session: Session) -> tuple[Neighbour | None, Neighbour | None]:
        """The must picks just before and just after ``session`` on its day, with the walks."""
        venue = self.planner.venue
        here = venue.place_of(session.location)
        # The musts of its day, and of them the picks one walks from and to, as the day plan has them.
        musts = {
            e.item.id: e.session
            for e in (self.plan.entries if self.plan else ())
            if e.session is not None
            and e.pick.must
            and e.session.id != session.id
            and e.session.day == session.day
        }
        items = [e.item for e in self.plan.entries if e.item.id in musts] if self.plan else []
        nearest = (item_before(items, session.start), item_after(items, session.end))
        before, after = (musts[i.id] if i is not None else None for i in nearest)
        found: list[Neighbour | None] = []
        for other, origin_first in ((before, True), (after, False)):
            if other is None:
                found.append(None)
                continue
            there = venue.place_of(other.location)
            if origin_first:
                walk, gap = venue.walk(there, here), minutes_between(other.end, session.start)
            else:
                walk, gap = venue.walk(here, there), minutes_between(session.end, other.start)
            found.append(Neighbour(other, walk, gap))
        return found[0], found[1]

    # -- changes -------------------------------------------------------------------

    def expect(self, session_id: str, priority: Priority | None) -> None:
        """Show a pick (or with None, a drop) at once, before the file is written; the next
        :meth:`reload` shows the file as it is."""
        picks = list(self.agenda.picks)
        index = next((i for i, p in enumerate(picks) if p.id == session_id), None)
        session = self.planner.schedule.get(session_id)
        if priority is None:
            if index is not None:
                del picks[index]
        elif index is not None:
            picks[index] = replace(picks[index], priority=priority)
        elif session is not None:
            picks.append(Pick.of(session, priority))
        self.agenda = replace(self.agenda, picks=tuple(picks))

    def pick(self, session_id: str, priority: Priority) -> str:
        """Pick ``session_id`` as must or maybe, saved at once; returns what happened, in words."""
        before = self.saved.get(session_id)
        result = self.planner.pick([session_id], priority)[0]
        self.reload()
        if result.status == "unchanged":
            return f"{session_id} is already a {priority} pick"
        self.undo_stack.append(Change(session_id, before, result.pick))
        return f"{'picked' if before is None else 'made'} {session_id} a {priority}: {result.session.title}"

    def drop(self, session_id: str) -> str:
        before = self.saved.get(session_id)
        if before is None:
            return f"{session_id} is not picked"
        self.planner.drop(session_id)
        self.reload()
        self.undo_stack.append(Change(session_id, before, None))
        return f"dropped {session_id}: {self._title(session_id)}"

    def undo(self) -> str:
        """Put back what the last change replaced (saved at once, like any change)."""
        if not self.undo_stack:
            return "nothing to undo"
        change = self.undo_stack.pop()
        try:
            if change.before is None:
                if self.saved.get(change.session_id) is not None:
                    self.planner.drop(change.session_id)
            else:
                self.planner.pick([change.session_id], change.before.priority, change.before.note)
        except PlannerError:
            self.undo_stack.append(change)
            raise
        self.reload()
        if change.before is None:
            return f"undone: {change.session_id} is no longer picked"
        return f"undone: {change.session_id} is a {change.before.priority} pick again"

    # -- suggestions ---------------------------------------------------------------

    def compute_suggestions(self, day: dt.date) -> frozenset[str]:
        """The sessions ``planner suggest`` would add on ``day`` to the agenda as it is."""
        try:
            suggestion = self.planner.suggest(day=day)
        except PlannerError:
            # Musts that conflict leave no day to suggest; the marks already say which.
            self.suggest_notes[day] = "no suggestions while must picks clash"
            return frozenset()
        self.suggest_notes.pop(day, None)
        return frozenset(p.id for p in suggestion.picks if p.status == "new" and p.session is not None)


# The other session's title in a conflict, cut to fit the details pane with the minutes.
TITLE_WIDTH = 24


def conflict_words(conflict: Conflict, other_title: str, is_first: bool, *, brief: bool = False) -> str:
    """A conflict as seen from one of its two sessions, as ``planner agenda`` says it,
    after its mark, so the words stand without colour (``brief``: the short form of
    :func:`~planner.wording.conflict_phrase`, for a narrow list)."""
    other = conflict.second if is_first else conflict.first
    mark = TIGHT if conflict.kind == "tight" else CONFLICT
    titles = {other.id: other_title}
    words = conflict_phrase(conflict, titles, for_second=not is_first, title_width=TITLE_WIDTH, brief=brief)
    return f"{mark} {words}"


_SEVERITY = ("tight", "unreachable", "overlap")


def _worse(a: str | None, b: str) -> str:
    if a is None:
        return b
    return a if _SEVERITY.index(a) >= _SEVERITY.index(b) else b


def _track(session: Session) -> str | None:
    return session.track or session.type
