"""What the user wants from a day, parsed from what they typed:
``--interest gitops:3``, ``--track``, ``--speaker``, ``--avoid``, ``--must``, ``--lunch``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..clock import parse_window
from ..errors import PlannerError
from ..frozen import frozen
from ..models import Session
from ..text import words
from .matching import stems, text_has


@frozen(kw_only=False)
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


@frozen(kw_only=False)
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
    # Points for a session the schedule says will not be recorded (0: recordings do not count).
    prefer_live: int = 0

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
        self,
        *,
        musts: Iterable[str] | None = None,
        lunch: str | None = None,
        fill: bool | None = None,
        prefer_live: int | None = None,
    ) -> Preferences:
        """A copy with the day's options of ``suggest`` and ``gaps`` added."""
        changes: dict[str, Any] = {}
        if prefer_live is not None:
            changes["prefer_live"] = prefer_live
        if musts is not None:
            changes["musts"] = tuple(musts)
        if lunch:
            changes["lunch"] = parse_window(lunch)
        if fill is not None:
            changes["fill"] = fill
        return replace(self, **changes)

    def avoids(self, session: Session) -> bool:
        """Whether ``session``'s type is one the user asked to leave out."""
        return any(text_has(session.category, stems(a)) for a in self.avoid)
