"""The user's agenda: the sessions they picked, as kept in their agenda file.

Each pick keeps a snapshot of the session (title, start, end, room) as it was
when picked, so that a later schedule change is noticed and reported rather
than followed silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field, replace
from typing import Annotated, Any, Literal, Protocol

from .frozen import Aware, Before, Limits, clean_fields, frozen
from .models import Schedule, Session

Priority = Literal["must", "maybe"]
AGENDA_VERSION: Literal[1] = 1


def whole_version(value: object) -> object:
    """A file's ``version`` as written: an integer, never ``true`` or ``1.0`` (which equal 1)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{value!r:.40} is not a version number (write 'version: 1')")
    return value


# A time in a file planner reads must say its zone.
Moment = Annotated[dt.datetime, Aware()]


@frozen
class Pick:
    """One picked session: its ID, a snapshot of it, how much it matters, a note."""

    id: Annotated[str, Limits(min_length=1)]
    title: str | None = None
    start: Moment | None = None
    end: Moment | None = None
    room: str | None = None
    priority: Priority = "must"
    note: str | None = None
    # After the talk (planner attended / planner rate): whether the person went, and what they thought.
    attended: bool | None = None
    rating: Annotated[int, Limits(ge=1, le=5)] | None = None
    review: str | None = None

    def __post_init__(self) -> None:
        # Agenda text is cleaned of terminal escapes exactly as schedule text is.
        clean_fields(self, ("id", "title", "room", "note", "review"))
        # Cleaning drops control characters: an ID of escapes alone is no ID.
        if not self.id.strip():
            raise ValueError("a pick's id is empty once control characters are taken out")

    @classmethod
    def of(cls, session: Session, priority: Priority = "must", note: str | None = None) -> Pick:
        return cls(
            id=session.id,
            title=session.title,
            start=session.start,
            end=session.end,
            room=room_of(session),
            priority=priority,
            note=note,
        )

    @property
    def must(self) -> bool:
        return self.priority == "must"

    def changes(self, session: Session) -> list[str]:
        """How ``session`` differs from this pick's snapshot, in words (empty if not at all)."""
        found = snapshot_changes(self, session)
        words = []
        # In words, a retitle comes first: it is what a reader recognises the pick by.
        if "renamed" in found:
            words.append(f"retitled from {self.title!r}")
        if "moved" in found:
            before = _span(self.start or session.start, self.end or session.end)
            words.append(f"moved from {before} to {_span(session.start, session.end)}")
        if "room_changed" in found:
            words.append(f"moved from room {self.room} to {room_of(session)}")
        return words


@frozen(kw_only=False)
class ScheduledPick:
    """A pick as the schedule has it now: the session's title, times and room while the
    schedule still has it, else the pick's snapshot. The one rule for naming and
    placing a pick the schedule may have lost (the trip report, finding a pick by name).
    """

    pick: Pick
    session: Session | None

    @classmethod
    def of(cls, pick: Pick, schedule: Schedule) -> ScheduledPick:
        return cls(pick, schedule.get(pick.id))

    @property
    def id(self) -> str:
        return self.pick.id

    @property
    def title(self) -> str:
        return (self.session.title if self.session else self.pick.title) or self.pick.id

    @property
    def start(self) -> dt.datetime | None:
        return self.session.start if self.session else self.pick.start

    @property
    def end(self) -> dt.datetime | None:
        return self.session.end if self.session else self.pick.end

    def begun(self, now: dt.datetime) -> bool:
        """Whether it has begun by ``now`` (a pick with no time at all counts as begun)."""
        return self.start is None or self.start <= now

    @property
    def room(self) -> str | None:
        if self.session is not None and self.session.location.place:
            return self.session.location.place
        return self.pick.room

    @property
    def speakers(self) -> str:
        return self.session.speaker_names if self.session else ""

    @property
    def url(self) -> str | None:
        return self.session.url if self.session else None

    @property
    def media(self) -> tuple[tuple[str, str], ...]:
        """(``recording``/``slides``, address) for the links the schedule gives."""
        if self.session is None:
            return ()
        found = (("recording", self.session.recording_url), ("slides", self.session.slides_url))
        return tuple((label, url) for label, url in found if url)


class _Snapshot(Protocol):
    # Read-only: picks and old schedules' sessions are frozen.
    @property
    def title(self) -> str | None: ...
    @property
    def start(self) -> dt.datetime | None: ...
    @property
    def end(self) -> dt.datetime | None: ...
    @property
    def room(self) -> str | None: ...


def room_of(session: Session) -> str | None:
    """The room as a snapshot keeps it (None when the schedule gives no room)."""
    return session.location.place if session.location.room else None


def snapshot_changes(before: _Snapshot, session: Session) -> tuple[str, ...]:
    """What changed between a snapshot and ``session`` now: ``moved`` (start or end),
    ``room_changed``, ``renamed``, in that order. A field the snapshot does not
    know (None) is never a change. The one change rule, for picks and old schedules.
    """
    found = []
    if (before.start is not None and before.start != session.start) or (
        before.end is not None and before.end != session.end
    ):
        found.append("moved")
    if before.room is not None and before.room != room_of(session):
        found.append("room_changed")
    if before.title is not None and before.title != session.title:
        found.append("renamed")
    return tuple(found)


def _span(start: dt.datetime, end: dt.datetime) -> str:
    return f"{start:%a %H:%M}–{end:%H:%M}"


def uid_for(pick_id: str, schedule_key: str) -> str:
    """A pick's calendar identity, the same on every export, machine and sync target,
    so a re-import or a sync updates its event instead of adding a second one.

    >>> uid_for("8q2qm", "kubecon-na-2025")
    '8q2qm-kubecon-na-2025@planner'
    """
    return f"{pick_id}-{schedule_key}@planner"


def grid_uid_for(session_id: str, schedule_key: str) -> str:
    """The UID of a session in a whole-schedule export (``--all``): not the agenda
    event's, so both files can go into one calendar without one replacing the other."""
    return f"{session_id}-{schedule_key}.all@planner"


@frozen
class ExportedEvent:
    """What the last calendar export said of one event, so the next can tell
    whether it changed (and raise its SEQUENCE) or was dropped (and cancel it)."""

    sequence: Annotated[int, Limits(ge=0)] = 0
    modified: Moment
    fingerprint: str
    title: str | None = None
    start: Moment | None = None
    end: Moment | None = None
    room: str | None = None
    cancelled: bool = False
    # Set when the session got a new ID (a retitle) but the calendar event must keep its UID.
    uid: str | None = None

    def __post_init__(self) -> None:
        clean_fields(self, ("title", "room"))


@frozen
class ExportState:
    """Kept by ``planner export`` (and ``planner sync``) in planner's state folder
    beside the agenda (:mod:`planner.state`, part ``export``), never in the agenda file.

    ``count`` and ``events`` are the default output (``agenda.ics`` beside the
    agenda); every other output (``-o phone.ics``, a sync target) is versioned
    on its own under ``outputs``, so exporting a variant (no alarms, musts
    only) never raises the SEQUENCE of the events in another calendar.
    """

    count: Annotated[int, Limits(ge=0)] = 0
    events: dict[str, ExportedEvent] = field(default_factory=dict)
    outputs: dict[str, ExportState] = field(default_factory=dict)

    def output(self, key: str | None) -> ExportState:
        """The state of one output (``None``: the default one), without the others."""
        if key is None:
            return ExportState(count=self.count, events=self.events)
        return self.outputs.get(key, ExportState())

    def with_output(self, key: str | None, state: ExportState) -> ExportState:
        """This state with ``key``'s output replaced by ``state``."""
        if key is None:
            return ExportState(count=state.count, events=state.events, outputs=self.outputs)
        bare = ExportState(count=state.count, events=state.events)
        return replace(self, outputs={**self.outputs, key: bare})


def _none_is_empty(value: object) -> object:
    return () if value is None else value


def _none_is_fresh(value: object) -> object:
    return {} if value is None else value


@frozen
class Agenda:
    """A whole agenda file, validated."""

    version: Annotated[Literal[1], Before(whole_version)] = AGENDA_VERSION
    # The schedule the agenda was made from: a path (relative to the agenda
    # file) or bundled:NAME.
    schedule: str | None = None
    # The zone the schedule's times are shown in, as the agenda's first pick found it
    # (``--tz``, or the zone planner chose for a feed that names none): every later
    # command, export and sync uses it, unless ``--tz`` says otherwise.
    timezone: str | None = None
    venue: str | None = None
    buffer: Annotated[int, Limits(ge=0, le=120)] | None = None
    # Walking pace relative to the venue's figures: 1.25 means walks take a quarter longer.
    pace: Annotated[float, Limits(gt=0, le=5)] | None = None
    drop_in_types: tuple[str, ...] | None = None
    picks: Annotated[tuple[Pick, ...], Before(_none_is_empty)] = ()
    # Not the person's: what exports recorded, read from the state folder while an edit
    # holds the lock (an older file's `exported:` section is read, then moved there).
    exported: Annotated[ExportState, Before(_none_is_fresh)] = field(default_factory=ExportState)
    # An older planner kept its sync record here; the next sync moves it to the state folder.
    sync: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        clean_fields(self, ("schedule", "timezone", "venue"))
        seen: set[str] = set()
        for pick in self.picks:
            if pick.id in seen:
                raise ValueError(f"session {pick.id} is picked twice")
            seen.add(pick.id)

    @classmethod
    def empty(cls) -> Agenda:
        """No picks, no settings: what a missing agenda file means."""
        return cls()

    def get(self, session_id: str) -> Pick | None:
        return next((p for p in self.picks if p.id == session_id), None)
