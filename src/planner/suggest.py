"""Let planner plan your day: scores from your interests, the best agenda you can
actually walk, alternatives for a clash, free windows, and what comes next.

Scoring
-------
Every point a session scores comes with a reason, so a suggestion can be checked.

- **Interests** are terms with whole-number weights, ``"gitops:3, security:2, ebpf"``
  (weight 1 when none is given; a negative weight pushes a topic down). A term
  with weight *w* scores *w* x 3 when it is in the title, *w* x 2 in the speakers
  (names and affiliations) and *w* x 1 in the description; each field counts
  once per term, however often the term occurs in it. So a title match is worth
  three description matches.
- **Tracks** (``"MAINTAINER TRACK:1"``) add their weight when the session's type
  matches; **speakers** (``"Stefan Prodan:5"``) add theirs when one of the
  session's speakers matches (once per session).
- Matching is by whole words, in order, ignoring case, accents and punctuation
  (``ebpf`` finds "eBPF", ``in-place`` finds "In-Place"; ``kube`` does not find
  "Kubernetes"), after light stemming of both sides: a plural ``s``/``es``/``ies``,
  then ``-ing`` or ``-ed``, then a doubled final consonant and a final ``e`` are
  dropped, so scale, scales, scaled and scaling are one word. Speaker names are
  matched as whole words without stemming.
- Drop-in items (breaks, lounges, the expo hall: the agenda's ``drop_in_types``)
  are left out unless asked for, and so are sessions whose type matches
  ``avoid`` (whole words, like tracks).

>>> scorer = Scorer(Preferences.parse(interests="gitops:3, deploy", tracks="operations:2"))
>>> from planner import load_schedule
>>> [str(r) for r in scorer.score(load_schedule().find("gitops without variables")).reasons]
['gitops (x3) in title (+9)', 'gitops (x3) in description (+3)', 'track OPERATIONS + PERFORMANCE (+2)']

The solver
----------
:func:`solve` finds, exactly, the agenda with the highest total score in which
no two picks overlap and every move from one pick to the next is walkable with
the buffer to spare: staying in the same room (a walk of 0 minutes) needs no
gap, any other move needs ``gap >= walk + buffer`` (the rule of
:mod:`planner.conflicts`: nothing ``overlap``, ``unreachable`` or ``tight``).
It is weighted interval scheduling with travel times, a dynamic programme over
the sessions in time order, run from the end of the day backwards: the best
agenda that starts with a session is the session plus the best agenda that
starts with a compatible later one. Every session starting at least
``W = venue.max_walk(rooms) + buffer`` minutes after one ends is compatible with
it, so a running maximum over start order covers those; only the sessions that
start inside that window need a pairwise walk check. That is O(n log n + n k)
for k sessions per window.

What is maximised, in this order: the number of must picks kept (so musts are
forced in whenever they fit together, and a must never loses to a higher
score), the total score, then the number of picks (a talk that matches nothing
fills an otherwise empty slot; ``fill=False`` leaves those out). Ties break
toward the earliest sessions: of the best agendas, the one whose sequence of
(start, ID) is lexicographically smallest, whatever the input order. Two must
picks the user chose may follow each other with less than the buffer (they are
reported as tight, not changed); they may never be unreachable.

Around the agenda
-----------------
:func:`alternatives_at` (a time), :func:`conflict_alternatives` (each hard
conflict) and :func:`find_gaps` (free windows) offer sessions that fit: adding
one to the must picks creates no conflict of any kind involving it, by
:func:`planner.conflicts.find_conflicts` itself. They are ranked by the same
score, then by similarity with the picks already made (title and track words
shared with them), then by time. :func:`whats_next` says where you are and
where to go next.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .conflicts import (
    Conflict,
    Item,
    find_conflicts,
    is_drop_in_type,
    minutes_between,
    overlaps,
    previous_items,
)
from .errors import PlannerError
from .models import Location, Session
from .query import local_datetime, parse_clock, parse_day, resolve
from .text import words
from .venue import Venue, Walk

if TYPE_CHECKING:
    from .planning import DayPlan, PlanEntry, Planner

# Points per weight unit of an interest found in each field.
FIELD_WEIGHTS = (("title", 3), ("speakers", 2), ("description", 1))
DEFAULT_MIN_GAP_MINUTES = 10
LUNCH_ID = "lunch"
# Words too common to make two sessions similar (English glue, and what every
# talk at a cloud native conference says).
STOP_WORDS = frozenset(
    "a an and are as at be beyond by can do for from how in into is it its more my new next not "
    "of on or our the their this to up us using via vs we what when where who why will with you "
    "your cloud native kubernetes k8s cncf intro introduction deep dive update updates session "
    "talk track".split()
)


# -- words -------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Light stemming of a folded word: plurals, -ing, -ed, doubled consonants, final e.

    >>> [stem(w) for w in ("policies", "pods", "scaling", "scaled", "scale", "running", "runs")]
    ['policy', 'pod', 'scal', 'scal', 'scal', 'run', 'run']
    >>> [stem(w) for w in ("gitops", "status", "class", "processes", "string", "need", "ebpf", "k8s")]
    ['gitop', 'status', 'class', 'process', 'string', 'need', 'ebpf', 'k8s']
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    cut = word
    if word.endswith("ing"):
        cut = word[:-3]
    elif word.endswith("ed") and not word.endswith("eed"):
        cut = word[:-2]
    if cut is not word and len(cut) >= 3 and any(v in cut for v in "aeiouy"):
        word = cut
        if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouylsz":
            word = word[:-1]
    if len(word) >= 4 and word.endswith("e") and not word.endswith("ee"):
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=1 << 16)
def stems(text: str) -> tuple[str, ...]:
    """The stemmed, folded words of ``text`` (cached: schedules repeat their texts)."""
    return tuple(stem(w) for w in words(text))


@functools.lru_cache(maxsize=1 << 16)
def _stem_set(text: str) -> frozenset[str]:
    return frozenset(stems(text))


STOP_STEMS = frozenset(stem(w) for w in STOP_WORDS)


def _contains(haystack: Sequence[str], needle: Sequence[str], as_set: frozenset[str] | None = None) -> bool:
    """True if the words ``needle`` occur in ``haystack`` together and in order."""
    if not needle:
        return False
    if len(needle) == 1 and as_set is not None:
        return needle[0] in as_set
    width = len(needle)
    first = needle[0]
    return any(
        haystack[i] == first and tuple(haystack[i : i + width]) == tuple(needle)
        for i in range(len(haystack) - width + 1)
    )


def _text_has(text: str | None, needle: Sequence[str]) -> bool:
    return bool(text) and _contains(stems(text), needle, _stem_set(text))


# -- what the user wants -------------------------------------------------------------


@dataclass(frozen=True)
class Weighted:
    """A term, track or speaker with its weight: ``gitops:3`` is ``Weighted("gitops", 3)``."""

    text: str
    weight: int = 1

    def __str__(self) -> str:
        return f"{self.text}:{self.weight}"


def parse_weighted(values: str | Iterable[str], what: str = "interest") -> tuple[Weighted, ...]:
    """``"gitops:3, security:2, ebpf"`` (or several such strings) as weighted terms.

    A term without ``:N`` weighs 1; a repeated term keeps its last weight.

    >>> parse_weighted("gitops:3, security:2, ebpf")
    (Weighted(text='gitops', weight=3), Weighted(text='security', weight=2), Weighted(text='ebpf', weight=1))
    """
    if isinstance(values, str):
        values = [values]
    found: dict[tuple[str, ...], Weighted] = {}
    for value in values:
        for part in value.split(","):
            text = part.strip()
            if not text:
                continue
            weight = 1
            head, colon, tail = text.rpartition(":")
            if colon:
                try:
                    weight = int(tail.strip())
                except ValueError:
                    raise PlannerError(
                        f"{what} {text!r}: the weight after ':' must be a whole number, like 'gitops:3'"
                    ) from None
                text = head.strip()
            if not words(text):
                raise PlannerError(f"{what} {part.strip()!r} has no words to match")
            key = tuple(words(text))
            found.pop(key, None)
            found[key] = Weighted(text, weight)
    return tuple(found.values())


def parse_window(text: str) -> tuple[dt.time, dt.time]:
    """A window of the day as typed: ``12:15-13:00``, ``noon-1pm``.

    >>> parse_window("12:15-13:00")
    (datetime.time(12, 15), datetime.time(13, 0))
    """
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2:
        raise PlannerError(f"unreadable window {text!r} (expected e.g. 12:15-13:00)")
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if end <= start:
        raise PlannerError(f"window {text!r} ends before it starts")
    return start, end


@dataclass(frozen=True)
class Preferences:
    """What the user wants from a day: weights for scoring, what to leave out,
    what must be in, and a lunch window to keep free."""

    interests: tuple[Weighted, ...] = ()
    tracks: tuple[Weighted, ...] = ()
    speakers: tuple[Weighted, ...] = ()
    avoid: tuple[str, ...] = ()
    include_drop_ins: bool = False
    # Session queries (ID, prefix, title words) forced into a suggestion.
    musts: tuple[str, ...] = ()
    lunch: tuple[dt.time, dt.time] | None = None
    # Fill slots where nothing matches with a talk that scores 0.
    fill: bool = True

    @classmethod
    def parse(
        cls,
        interests: str | Iterable[str] = (),
        tracks: str | Iterable[str] = (),
        speakers: str | Iterable[str] = (),
        avoid: str | Iterable[str] = (),
        include_drop_ins: bool = False,
        musts: Iterable[str] = (),
        lunch: str | None = None,
        fill: bool = True,
    ) -> Preferences:
        """Preferences from what a user typed (each list may hold comma-separated items).

        >>> Preferences.parse(interests="gitops:3, ebpf", avoid="solutions showcase").interests
        (Weighted(text='gitops', weight=3), Weighted(text='ebpf', weight=1))
        """
        if isinstance(avoid, str):
            avoid = [avoid]
        return cls(
            interests=parse_weighted(interests, "interest"),
            tracks=parse_weighted(tracks, "track"),
            speakers=parse_weighted(speakers, "speaker"),
            avoid=tuple(a.strip() for value in avoid for a in value.split(",") if words(a)),
            include_drop_ins=include_drop_ins,
            musts=tuple(musts),
            lunch=parse_window(lunch) if lunch else None,
            fill=fill,
        )

    def but(
        self, *, musts: Iterable[str] | None = None, lunch: str | None = None, fill: bool | None = None
    ) -> Preferences:
        """A copy with the day's options of ``suggest`` and ``gaps`` added."""
        from dataclasses import replace

        changes: dict[str, Any] = {}
        if musts is not None:
            changes["musts"] = tuple(musts)
        if lunch:
            changes["lunch"] = parse_window(lunch)
        if fill is not None:
            changes["fill"] = fill
        return replace(self, **changes)

    def avoids(self, session: Session) -> bool:
        return any(_text_has(session.track or session.type, stems(a)) for a in self.avoid)


@dataclass(frozen=True)
class Reason:
    """One contribution to a score: ``gitops (x3) in title (+9)``."""

    label: str
    points: int

    def __str__(self) -> str:
        return f"{self.label} ({self.points:+d})"


@dataclass(frozen=True)
class Score:
    points: int = 0
    reasons: tuple[Reason, ...] = ()


class Scorer:
    """Scores sessions by :class:`Preferences` (see the module docstring)."""

    def __init__(self, preferences: Preferences) -> None:
        self.preferences = preferences
        self._interests = [(w, stems(w.text)) for w in preferences.interests]
        self._tracks = [(w, stems(w.text)) for w in preferences.tracks]
        self._speakers = [(w, tuple(words(w.text))) for w in preferences.speakers]

    def score(self, session: Session) -> Score:
        reasons: list[Reason] = []
        if self._interests:
            people = " ".join(f"{p.name} {p.affiliation or ''}" for p in session.speakers)
            fields = {"title": session.title, "speakers": people, "description": session.description}
            for weighted, needle in self._interests:
                for name, factor in FIELD_WEIGHTS:
                    if _text_has(fields[name], needle):
                        reasons.append(
                            Reason(
                                f"{weighted.text} (x{weighted.weight}) in {name}", weighted.weight * factor
                            )
                        )
        for weighted, needle in self._tracks:
            if _text_has(session.track or session.type, needle):
                reasons.append(Reason(f"track {session.track or session.type}", weighted.weight))
        for weighted, needle in self._speakers:
            person = next((p for p in session.speakers if _contains(words(p.name), needle)), None)
            if person is not None:
                reasons.append(Reason(f"speaker {person.name}", weighted.weight))
        return Score(sum(r.points for r in reasons), tuple(reasons))


def _title_stems(session: Session) -> frozenset[str]:
    return frozenset(
        w for w in stems(session.title) if len(w) > 1 and not w.isdigit() and w not in STOP_STEMS
    )


def _track_key(session: Session) -> str | None:
    track = session.track or session.type  # sched writes its tracks as the type
    return " ".join(words(track)) if track and words(track) else None


@dataclass(frozen=True)
class Profile:
    """What the picks already made are about (their title words and tracks), to
    rank sessions when scores tie.

    >>> from planner import load_schedule
    >>> schedule = load_schedule()
    >>> profile = Profile.of([schedule.find("gitops without variables")])
    >>> profile.shared(schedule.find("bringing oci into the gitops world"))
    ('gitops',)
    """

    stems: frozenset[str] = frozenset()
    tracks: frozenset[str] = frozenset()

    @classmethod
    def of(cls, sessions: Iterable[Session]) -> Profile:
        sessions = list(sessions)
        return cls(
            frozenset().union(*(_title_stems(s) for s in sessions)),
            frozenset(k for k in (_track_key(s) for s in sessions) if k),
        )

    def shared(self, session: Session) -> tuple[str, ...]:
        """The words of ``session``'s title the picks share, in order, then its track if shared."""
        seen: dict[str, str] = {}
        mine = _title_stems(session)
        for word in words(session.title):
            key = stem(word)
            if key in mine and key in self.stems:
                seen.setdefault(key, word)
        found = tuple(seen.values())
        if _track_key(session) in self.tracks:
            found += (f"track {session.track or session.type}",)
        return found


# -- the solver -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A session the solver may pick: where and when (an :class:`Item`), its score,
    and whether it is a must (kept whenever the musts fit together)."""

    item: Item
    score: int = 0
    must: bool = False


def fits_after(gap_minutes: int, walk_minutes: int, buffer_minutes: int) -> bool:
    """Whether a move is neither unreachable nor tight (the rule of conflicts.py).

    >>> fits_after(0, 0, 2), fits_after(8, 6, 2), fits_after(7, 6, 2)
    (True, True, False)
    """
    return (walk_minutes == 0 and gap_minutes >= 0) or gap_minutes >= walk_minutes + buffer_minutes


def solve(candidates: Iterable[Candidate], venue: Venue, buffer_minutes: int) -> tuple[Candidate, ...]:
    """The best feasible agenda among ``candidates``, in time order (see the module docstring).

    Candidates must have positive durations and distinct IDs.
    """
    pool = sorted(candidates, key=lambda c: (c.item.start, c.item.id))
    if len({c.item.id for c in pool}) != len(pool):
        raise ValueError("candidates must have distinct IDs")
    if any(not c.item.positive for c in pool):
        raise ValueError("candidates must end after they start")
    if not pool:
        return ()
    places = list(dict.fromkeys(c.item.location for c in pool))
    where = {place: k for k, place in enumerate(places)}
    walks = [[venue.minutes(a, b) for b in places] for a in places]
    window = dt.timedelta(minutes=venue.max_walk(places) + buffer_minutes)
    starts = [c.item.start for c in pool]
    room = [where[c.item.location] for c in pool]
    zero = (0, 0, 0)
    n = len(pool)
    # value[i]: (musts, score, picks) of the best agenda that starts with pool[i];
    # follow[i]: its second pick; best_from[p]: the best start among pool[p:],
    # the earliest on ties (pool is in (start, ID) order).
    value: list[tuple[int, int, int]] = [zero] * n
    follow = [-1] * n
    best_from = [-1] * (n + 1)

    def better(j: int, k: int) -> bool:
        return k == -1 or value[j] > value[k] or (value[j] == value[k] and j < k)

    for i in range(n - 1, -1, -1):
        here = pool[i]
        end = here.item.end
        lo = bisect.bisect_left(starts, end, i + 1)
        hi = bisect.bisect_left(starts, end + window, lo)
        best = best_from[hi]  # far enough for any walk: all compatible
        for j in range(lo, hi):
            walk = walks[room[i]][room[j]]
            gap = minutes_between(end, pool[j].item.start)
            # Two musts the user chose may be tight (reported, not changed), never unreachable.
            if (fits_after(gap, walk, buffer_minutes) or (here.must and pool[j].must and walk <= gap)) and (
                better(j, best)
            ):
                best = j
        own = (int(here.must), here.score, 1)
        if best != -1 and value[best] > zero:
            later = value[best]
            value[i] = (own[0] + later[0], own[1] + later[1], own[2] + later[2])
            follow[i] = best
        else:
            value[i] = own
        best_from[i] = i if better(i, best_from[i + 1]) else best_from[i + 1]
    chosen: list[Candidate] = []
    i = best_from[0]
    if i != -1 and value[i] > zero:
        while i != -1:
            chosen.append(pool[i])
            i = follow[i]
    return tuple(chosen)


# -- the planner's day as the suggestions see it ------------------------------------


@dataclass
class _Context:
    planner: Planner
    preferences: Preferences
    plan: DayPlan
    buffer: int
    drop_in_types: tuple[str, ...]
    scorer: Scorer = field(init=False)

    def __post_init__(self) -> None:
        self.scorer = Scorer(self.preferences)

    @classmethod
    def open(cls, planner: Planner, preferences: Preferences | None, plan: DayPlan | None = None) -> _Context:
        agenda = planner.agenda()
        return cls(
            planner,
            preferences or Preferences(),
            plan if plan is not None else planner.plan(agenda),
            planner.buffer_minutes(agenda),
            planner.drop_in_types(agenda),
        )

    @property
    def venue(self) -> Venue:
        return self.planner.venue

    @property
    def sessions(self) -> tuple[Session, ...]:
        return self.planner.schedule.sessions

    def drop_in(self, session: Session) -> bool:
        if session.type not in self._drop_in_by_type:
            self._drop_in_by_type[session.type] = is_drop_in_type(session.type, self.drop_in_types)
        return self._drop_in_by_type[session.type]

    @functools.cached_property
    def _drop_in_by_type(self) -> dict[str | None, bool]:
        return {}

    def excluded(self, session: Session) -> bool:
        """Left out of suggestions: drop-ins unless asked for, and avoided types."""
        return (not self.preferences.include_drop_ins and self.drop_in(session)) or self.preferences.avoids(
            session
        )

    def item(self, session: Session) -> Item:
        return Item(
            session.id,
            session.start,
            session.end,
            self.venue.place_of(session.location),
            True,
            self.drop_in(session),
        )

    @functools.cached_property
    def must_entries(self) -> list[PlanEntry]:
        return [e for e in self.plan.entries if e.pick.must]

    @functools.cached_property
    def profile(self) -> Profile:
        return Profile.of(
            e.session for e in self.plan.entries if e.session is not None and not e.item.drop_in
        )

    def lunch_blocks(self, days: Iterable[dt.date]) -> list[Item]:
        """The protected lunch window on each of ``days``, as a drop-in item (nothing may overlap it)."""
        if self.preferences.lunch is None or not self.sessions:
            return []
        like = self.sessions[0].start
        start, end = self.preferences.lunch
        return [
            Item(
                LUNCH_ID,
                local_datetime(day, start, like),
                local_datetime(day, end, like),
                Location(),
                True,
                True,
            )
            for day in sorted(set(days))
        ]

    def days(self, day: dt.date | str | None) -> list[dt.date] | None:
        """The days in scope: the one asked for, or all (None)."""
        if day is None:
            return None
        if isinstance(day, str):
            day = parse_day(day, self.planner.schedule.days)
        return [day]

    def one_day(self, day: dt.date | str | None) -> dt.date:
        """The day a clock time refers to: the one asked for, the schedule's only
        day, or today if the conference is on."""
        days = self.planner.schedule.days
        if day is not None:
            return day if isinstance(day, dt.date) else parse_day(day, days)
        if len(days) == 1:
            return days[0]
        today = self.now().date()
        if today in days:
            return today
        raise PlannerError(
            f"the schedule has {len(days)} days; say which with --day",
            hint=f"e.g. --day {days[0].isoformat()}",
        )

    def now(self) -> dt.datetime:
        from .timezones import get_zone

        return dt.datetime.now(dt.UTC).astimezone(get_zone(self.planner.schedule.timezone))

    def moment(self, clock: str | dt.time | dt.datetime | None, day: dt.date | str | None) -> dt.datetime:
        if isinstance(clock, dt.datetime):
            return clock
        if clock is None:
            return self.now()
        when = parse_clock(clock) if isinstance(clock, str) else clock
        like = self.sessions[0].start if self.sessions else self.now()
        return local_datetime(self.one_day(day), when, like)

    def fits(self, item: Item, kept: Sequence[Item]) -> bool:
        """Whether adding ``item`` to ``kept`` makes no conflict of any kind involving it."""
        return not any(item.id in c.ids for c in find_conflicts([*kept, item], self.venue, self.buffer))

    def option(self, session: Session, kept: Sequence[Item]) -> Option:
        item = self.item(session)
        path = [k for k in kept if not k.drop_in and k.positive]
        before = max(
            (k for k in path if k.end <= item.start), key=lambda k: (k.end, k.start, k.id), default=None
        )
        after = min(
            (k for k in path if k.start >= item.end), key=lambda k: (k.start, k.end, k.id), default=None
        )
        entry = self.plan.entry(session.id)
        return Option(
            session,
            self.scorer.score(session),
            self.profile.shared(session),
            before,
            self.venue.walk(before.location, item.location) if before else None,
            after,
            self.venue.walk(item.location, after.location) if after else None,
            entry.pick.priority if entry else None,
        )

    def options(
        self, sessions: Iterable[Session], kept: Sequence[Item], limit: int | None
    ) -> tuple[Option, ...]:
        found = [self.option(s, kept) for s in sessions if self.fits(self.item(s), kept)]
        found.sort(key=Option.rank_key)
        return tuple(found[:limit] if limit else found)


# -- suggest --------------------------------------------------------------------


@dataclass(frozen=True)
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

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "start": self.item.start.isoformat(),
            "end": self.item.end.isoformat(),
            "score": self.score.points,
            "reasons": [str(r) for r in self.score.reasons],
        }


@dataclass(frozen=True)
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


def suggest_day(
    planner: Planner, preferences: Preferences | None = None, day: dt.date | str | None = None
) -> Suggestion:
    """The best conflict-free agenda for ``preferences``, keeping every must pick.

    Must picks are the agenda's and ``preferences.musts``; if they conflict among
    themselves (overlap, or a walk longer than the gap) this raises a
    :class:`PlannerError` that names them. Maybe picks are ordinary candidates.
    """
    ctx = _Context.open(planner, preferences)
    prefs = ctx.preferences
    days = ctx.days(day)

    def in_scope(item: Item) -> bool:
        return days is None or item.start.date() in days

    forced: dict[str, tuple[Item, Session | None, str, str]] = {}
    for entry in ctx.must_entries:
        if in_scope(entry.item):
            forced[entry.pick.id] = (entry.item, entry.session, "must", entry.title)
    for query in prefs.musts:
        session = resolve(query, ctx.sessions)
        item = ctx.item(session)
        if not in_scope(item):
            raise PlannerError(
                f"--must {query!r} is {session.title!r} on {session.day}, not on the day asked"
            )
        if session.id not in forced:
            entry = ctx.plan.entry(session.id)
            forced[session.id] = (item, session, entry.pick.priority if entry else "new", session.title)
    blocks = ctx.lunch_blocks(days if days is not None else {s.day for s in ctx.sessions})
    fixed = [f for f in forced.values() if f[0].drop_in or not f[0].positive]
    _check_musts([f[0] for f in forced.values()], ctx, blocks)
    time_blocks = blocks + [f[0] for f in fixed if f[0].drop_in]

    scores: dict[str, Score] = {}
    candidates: list[Candidate] = []
    for session in ctx.sessions:
        if session.id in forced or session.end <= session.start or ctx.excluded(session):
            continue
        item = ctx.item(session)
        if not in_scope(item) or any(overlaps(item, b) for b in time_blocks):
            continue
        score = ctx.scorer.score(session)
        if score.points < 0 or (score.points == 0 and not prefs.fill):
            continue
        scores[session.id] = score
        candidates.append(Candidate(item, score.points, False))
    considered = len(candidates)
    for item, session, _, _ in forced.values():
        if not item.drop_in and item.positive:
            score = ctx.scorer.score(session) if session else Score()
            scores[item.id] = score
            candidates.append(Candidate(item, score.points, True))

    chosen = [c.item for c in solve(candidates, ctx.venue, ctx.buffer)]
    missing = {i.id for i, *_ in forced.values() if not i.drop_in and i.positive} - {i.id for i in chosen}
    if missing:  # cannot happen when the musts passed _check_musts; kept as a safety net
        raise PlannerError(f"the must picks {', '.join(sorted(missing))} do not fit together")
    items = sorted([*chosen, *(f[0] for f in fixed)], key=lambda i: (i.start, i.end, i.id))
    # Every pick is a must once suggested: that is how conflicts are judged.
    items = [Item(i.id, i.start, i.end, i.location, True, i.drop_in) for i in items]
    remaining = find_conflicts([*items, *blocks], ctx.venue, ctx.buffer)
    notices = list(ctx.plan.notices)
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
            _, session, status, title = forced[item.id]
        else:
            session = ctx.planner.schedule.get(item.id)
            entry = ctx.plan.entry(item.id)
            status, title = (entry.pick.priority if entry else "new"), session.title
        before = previous.get(item.id)
        picks.append(
            SuggestedPick(
                item,
                session,
                title,
                scores.get(item.id) or (ctx.scorer.score(session) if session else Score()),
                status,
                item.id in forced,
                before.id if before else None,
                ctx.venue.walk(before.location, item.location) if before else None,
                minutes_between(before.end, item.start) if before else None,
            )
        )
    return Suggestion(tuple(picks), ctx.buffer, considered, tuple(notices), tuple(remaining))


def _check_musts(musts: list[Item], ctx: _Context, blocks: list[Item]) -> None:
    hard = [c for c in find_conflicts([*musts, *blocks], ctx.venue, ctx.buffer) if c.hard]
    if not hard:
        return
    titles = {s.id: s.title for s in ctx.sessions}
    parts = []
    for conflict in hard:
        a, b = conflict.first, conflict.second
        what = (
            f"overlap by {conflict.minutes} min"
            if conflict.kind == "overlap"
            else f"{conflict.walk.minutes} min walk in a {conflict.gap_minutes} min gap"
        )
        parts.append(
            f"{a.id} ({a.start:%H:%M} {titles.get(a.id, '')}) and {b.id} ({b.start:%H:%M} "
            f"{titles.get(b.id, '')}): {what}"
        )
    raise PlannerError(
        "your must picks conflict, so no day can keep them all: " + "; ".join(parts),
        hint="drop one (planner drop ID) or make it a backup (planner pick ID --maybe)",
    )


# -- alternatives -----------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """A session that fits a window of the day, with its score, what it shares with
    the picks, and the walks from the pick before and to the pick after."""

    session: Session
    score: Score
    shared: tuple[str, ...] = ()
    before: Item | None = None
    walk_from: Walk | None = None
    after: Item | None = None
    walk_to: Walk | None = None
    # Its priority if it is in the agenda already (a maybe), else None.
    picked: str | None = None

    @property
    def id(self) -> str:
        return self.session.id

    def rank_key(self) -> tuple:
        """Best first: score, then similarity with the picks, then time and ID."""
        return (-self.score.points, -len(self.shared), self.session.start, self.session.id)

    def to_json(self) -> dict[str, Any]:
        s, loc = self.session, self.session.location
        return {
            "id": s.id,
            "title": s.title,
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "building": loc.building,
            "level": loc.level,
            "room": loc.room,
            "score": self.score.points,
            "reasons": [str(r) for r in self.score.reasons],
            "similar": list(self.shared),
            "from": self.before.id if self.before else None,
            "walk_from_minutes": self.walk_from.minutes if self.walk_from else None,
            "to": self.after.id if self.after else None,
            "walk_to_minutes": self.walk_to.minutes if self.walk_to else None,
            "picked": self.picked,
        }


@dataclass(frozen=True)
class Alternatives:
    """What else fits at a moment: the must picks there now, and the options."""

    at: dt.datetime
    current: tuple[PlanEntry, ...]
    options: tuple[Option, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "current": [e.pick.id for e in self.current],
            "alternatives": [o.to_json() for o in self.options],
        }


def alternatives_at(
    planner: Planner,
    when: str | dt.datetime,
    preferences: Preferences | None = None,
    day: dt.date | str | None = None,
    limit: int | None = 5,
) -> Alternatives:
    """Sessions running at ``when`` (a time, or a session whose start to use) that fit
    in place of the must picks there: reachable from the pick before, and to the one after."""
    ctx = _Context.open(planner, preferences)
    at = when if isinstance(when, dt.datetime) else _moment_or_session(ctx, when, day)
    current = tuple(e for e in ctx.must_entries if e.item.start <= at < e.item.end)
    replaced = {e.pick.id for e in current}
    kept = [e.item for e in ctx.must_entries if e.pick.id not in replaced]
    taken = {k.id for k in kept} | replaced
    sessions = [
        s for s in ctx.sessions if s.start <= at < s.end and s.id not in taken and not ctx.excluded(s)
    ]
    return Alternatives(at, current, ctx.options(sessions, kept, limit))


def _moment_or_session(ctx: _Context, text: str, day: dt.date | str | None) -> dt.datetime:
    try:
        clock = parse_clock(text)
    except PlannerError:
        return resolve(text, ctx.sessions).start
    return ctx.moment(clock, day)


def conflict_alternatives(
    planner: Planner,
    plan: DayPlan | None = None,
    preferences: Preferences | None = None,
    limit: int | None = 3,
) -> dict[tuple[str, str], tuple[Option, ...]]:
    """For each hard conflict of the day (by its pair of IDs), the sessions that fit instead.

    An overlap replaces both picks with one session overlapping the clash; an
    unreachable move replaces the later pick with one in its time.
    """
    ctx = _Context.open(planner, preferences, plan)
    found: dict[tuple[str, str], tuple[Option, ...]] = {}
    for conflict in ctx.plan.hard_conflicts:
        a, b = conflict.first, conflict.second
        if conflict.kind == "overlap":
            replaced, start, end = {a.id, b.id}, max(a.start, b.start), min(a.end, b.end)
        else:
            replaced, start, end = {b.id}, b.start, b.end
        kept = [e.item for e in ctx.must_entries if e.pick.id not in replaced]
        taken = {k.id for k in kept} | replaced
        sessions = [
            s
            for s in ctx.sessions
            if s.start < end and start < s.end and s.id not in taken and not ctx.excluded(s)
        ]
        found[conflict.ids] = ctx.options(sessions, kept, limit)
    return found


# -- gaps ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A free window between two busy times, and the sessions that fit it whole."""

    start: dt.datetime
    end: dt.datetime
    before: Item | None
    after: Item | None
    walk: Walk | None
    options: tuple[Option, ...]

    @property
    def minutes(self) -> int:
        return minutes_between(self.start, self.end)

    @property
    def free_minutes(self) -> int:
        return self.minutes - (self.walk.minutes if self.walk else 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "minutes": self.minutes,
            "walk_minutes": self.walk.minutes if self.walk else None,
            "free_minutes": self.free_minutes,
            "before": self.before.id if self.before else None,
            "after": self.after.id if self.after else None,
            "sessions": [o.to_json() for o in self.options],
        }


def find_gaps(
    planner: Planner,
    preferences: Preferences | None = None,
    day: dt.date | str | None = None,
    min_minutes: int = DEFAULT_MIN_GAP_MINUTES,
    limit: int | None = 5,
) -> list[Gap]:
    """The free windows of the day(s), with the sessions that fit each one whole.

    A window runs between busy times (must picks, and the lunch window of
    ``preferences`` if any), within the hours of the day's programme; its free
    time is what remains after the walk from the pick before to the pick after.
    Windows with less than ``min_minutes`` free are left out. The days are the
    one asked for, else those with must picks, else all the schedule's.
    """
    ctx = _Context.open(planner, preferences)
    days = (
        ctx.days(day) or sorted({e.item.start.date() for e in ctx.must_entries}) or ctx.planner.schedule.days
    )
    gaps: list[Gap] = []
    for date in days:
        programme = [s for s in ctx.sessions if s.day == date and not ctx.excluded(s)]
        if not programme:
            continue
        opens, closes = min(s.start for s in programme), max(s.end for s in programme)
        busy = [e.item for e in ctx.must_entries if e.item.start.date() == date] + ctx.lunch_blocks([date])
        busy.sort(key=lambda i: (i.start, i.end, i.id))
        windows: list[tuple[dt.datetime, dt.datetime, Item | None, Item | None]] = []
        cursor, before = opens, None
        for item in busy:
            if item.start > cursor:
                windows.append((cursor, item.start, before, item))
            if item.end > cursor:
                cursor, before = item.end, item
        if closes > cursor:
            windows.append((cursor, closes, before, None))
        taken = {i.id for i in busy}
        for start, end, first, then in windows:
            walk = None
            if first is not None and then is not None and LUNCH_ID not in (first.id, then.id):
                walk = ctx.venue.walk(first.location, then.location)
            gap = Gap(start, end, first, then, walk, ())
            if gap.free_minutes < min_minutes:
                continue
            inside = [
                s
                for s in programme
                if start <= s.start and s.end <= end and s.id not in taken and s.end > s.start
            ]
            gaps.append(Gap(start, end, first, then, walk, ctx.options(inside, busy, limit)))
    return gaps


# -- what next ---------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """A pick coming up: the walk there from where you are, and when to leave."""

    entry: PlanEntry
    walk: Walk | None
    leave_by: dt.datetime


@dataclass(frozen=True)
class WhatsNext:
    at: dt.datetime
    now: tuple[PlanEntry, ...]
    here: PlanEntry | None
    next: tuple[NextStep, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "now": [e.to_json() for e in self.now],
            "from": self.here.pick.id if self.here else None,
            "next": [
                {
                    **step.entry.to_json(),
                    "walk_minutes": step.walk.minutes if step.walk else None,
                    "leave_by": step.leave_by.isoformat(),
                }
                for step in self.next
            ],
        }


def whats_next(
    planner: Planner, at: str | dt.datetime | None = None, day: dt.date | str | None = None
) -> WhatsNext:
    """Where you are at ``at`` (default: now) and the next must picks, with the walk
    there and the time to leave. Maybe picks starting with them are listed too."""
    ctx = _Context.open(planner, None)
    moment = ctx.moment(at, day)
    entries = ctx.plan.entries
    now = tuple(e for e in entries if e.item.start <= moment < e.item.end)
    musts_now = [e for e in now if e.pick.must]
    if musts_now:
        here = max(musts_now, key=lambda e: (not e.item.drop_in, e.item.end, e.item.start))
    else:
        ended = [e for e in ctx.must_entries if e.item.end <= moment]
        here = max(ended, key=lambda e: (e.item.end, not e.item.drop_in, e.item.start), default=None)
    after = here.item.end if here and here.item.end > moment else moment
    coming = [e for e in ctx.must_entries if e.item.start >= after and e.item.start > moment]
    steps: list[NextStep] = []
    if coming:
        first = min(e.item.start for e in coming)
        group = [e for e in entries if e.item.start == first]
        for entry in sorted(group, key=lambda e: (not e.pick.must, e.item.end, e.pick.id)):
            walk = ctx.venue.walk(here.location, entry.location) if here else None
            leave = entry.item.start - dt.timedelta(minutes=walk.minutes if walk else 0)
            steps.append(NextStep(entry, walk, leave))
    return WhatsNext(moment, now, here, tuple(steps))
