"""Scores with their reasons, and what the picks already made are about."""

from __future__ import annotations

from collections.abc import Iterable

from ..frozen import frozen
from ..models import Session
from ..text import words
from .matching import contains, stem, stems, text_has, title_stems, track_key
from .preferences import Preferences

# Points per weight unit of an interest found in each field.
FIELD_WEIGHTS = (("title", 3), ("speakers", 2), ("description", 1))


@frozen(kw_only=False)
class Reason:
    """One contribution to a score: ``gitops (x3) in title (+9)``."""

    label: str
    points: int

    def __str__(self) -> str:
        return f"{self.label} ({self.points:+d})"


@frozen(kw_only=False)
class Score:
    points: int = 0
    reasons: tuple[Reason, ...] = ()


class Scorer:
    """Scores sessions by :class:`Preferences` (see "Scoring" in :mod:`planner.suggest`)."""

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
                    if text_has(fields[name], needle):
                        label = f"{weighted.text} (x{weighted.weight}) in {name}"
                        reasons.append(Reason(label, weighted.weight * factor))
        for weighted, needle in self._tracks:
            if text_has(session.category, needle):
                reasons.append(Reason(f"track {session.category}", weighted.weight))
        for weighted, needle in self._speakers:
            person = next((p for p in session.speakers if contains(words(p.name), needle)), None)
            if person is not None:
                reasons.append(Reason(f"speaker {person.name}", weighted.weight))
        live = self.preferences.prefer_live
        # Only the schedule's own word counts: a session it says nothing of is neither.
        if live and session.recorded is False:
            reasons.append(Reason("not recorded: see it live", live))
        elif live and session.recorded is True and reasons:
            reasons.append(Reason("recorded: can be watched later", 0))
        return Score(sum(r.points for r in reasons), tuple(reasons))


@frozen(kw_only=False)
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
            frozenset().union(*(title_stems(s) for s in sessions)),
            frozenset(k for k in (track_key(s) for s in sessions) if k),
        )

    def shared(self, session: Session) -> tuple[str, ...]:
        """The words of ``session``'s title the picks share, in order, then its track if shared."""
        seen: dict[str, str] = {}
        mine = title_stems(session)
        for word in words(session.title):
            key = stem(word)
            if key in mine and key in self.stems:
                seen.setdefault(key, word)
        found = tuple(seen.values())
        if track_key(session) in self.tracks:
            found += (f"track {session.category}",)
        return found
