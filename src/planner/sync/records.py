"""What a sync remembers, per calendar: planner's state part ``sync`` (see :mod:`planner.state`).

Kept beside the agenda in ``.planner/<agenda>/sync.json``, never in the agenda file,
and written after every request the server acknowledged, so a sync killed at any
point is finished by the next one. Never credentials: only URLs, names and ETags.

Example::

    state = AgendaState.for_agenda("agenda.yaml")
    records = state.read("sync", SyncState)
    state.write("sync", records)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..files import read_input
from ..state import MAX_STATE_BYTES, StateError

# A resource name is one path segment under the calendar: no "/", no "..", no leading dot.
_SAFE_NAME = re.compile(r"[A-Za-z0-9@_+=-][A-Za-z0-9@._+=-]{0,254}")


def is_safe_name(name: str) -> bool:
    """Whether ``name`` is a single safe path segment (what planner ever names an event).

    >>> is_safe_name("ab12c-conf@planner.ics"), is_safe_name("//other-host/x.ics")
    (True, False)
    >>> is_safe_name("../../tmp/x.ics"), is_safe_name("..")
    (False, False)
    """
    return bool(_SAFE_NAME.fullmatch(name)) and name not in (".", "..")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SyncedEvent(_Frozen):
    """One event as the last sync left it in a calendar.

    ``owned`` is what planner wanted of the properties it owns (time, title, place,
    status, description, alarm) at that sync, ``kept`` the calendar's own values of
    those where they differ (the person's edits planner kept): with the two, a later
    sync tells a change in the schedule from a change in the calendar, property by
    property. ``foreign`` says the calendar's copy holds more than planner sent.
    """

    uid: str
    name: str
    etag: str | None = None
    # A hash of ``owned``; an older record (kept in the agenda file) hashed the whole body.
    hash: str
    owned: dict[str, str] = {}
    kept: dict[str, str | None] = {}
    sequence: int = Field(0, ge=0)
    foreign: bool = False

    @field_validator("name")
    @classmethod
    def _one_segment(cls, value: str) -> str:
        if not is_safe_name(value):
            raise ValueError(f"not a safe resource name: {value[:80]!r}")
        return value


class SyncTarget(_Frozen):
    """What one calendar (a CalDAV URL or a vdir folder) holds from this agenda."""

    events: dict[str, SyncedEvent] = {}
    # Picks whose event planner deleted there, and how often: a re-pick gets a fresh UID,
    # as a server with a trash bin (Nextcloud) refuses a UID it still keeps.
    deleted: dict[str, int] = {}
    # ``--cancel`` is a choice kept per calendar: dropped picks stay as CANCELLED events.
    cancel: bool = False


class SyncState(_Frozen):
    """Everything ``planner sync`` keeps: the calendars and what each holds."""

    STATE_VERSION: ClassVar[int] = 1
    # The calendar a plain `planner sync` goes to: the last CalDAV URL (a folder while there is none).
    url: str | None = None
    targets: dict[str, SyncTarget] = {}

    def with_target(self, key: str, target: SyncTarget) -> SyncState:
        return self.model_copy(update={"targets": {**self.targets, key: target}})


class Journal:
    """What a running sync did since ``sync.json`` was last written: one line per event,
    appended and flushed to disk after each request the server acknowledged.

    Rewriting the whole state after every request would cost O(n²) bytes for n events;
    a line per request is linear. The next load replays it, and a whole save empties it.
    A last line cut short by a crash is ignored (its request is found again by content).
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, key: str, pick_id: str, target: SyncTarget) -> None:
        event = target.events.get(pick_id)
        line = {
            "target": key,
            "pick": pick_id,
            "event": event.model_dump(mode="json") if event is not None else None,
            "deleted": target.deleted.get(pick_id, 0),
        }
        data = (json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags, 0o600)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise StateError(
                f"cannot write planner's sync journal: {exc.strerror}", path=str(self.path)
            ) from None

    def replay(self, state: SyncState) -> SyncState:
        """``state`` with the journal's lines applied in order; ``state`` itself when there is none."""
        if not os.path.lexists(self.path):
            return state
        data = read_input(self.path, what="planner state file", limit=MAX_STATE_BYTES, error=StateError)
        lines = data.split(b"\n")
        targets = dict(state.targets)
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
                key, pick_id, deleted = str(line["target"]), str(line["pick"]), int(line["deleted"])
                event = SyncedEvent.model_validate(line["event"]) if line["event"] is not None else None
            except (ValueError, KeyError, TypeError, RecursionError) as exc:
                if number == len(lines) or (number == len(lines) - 1 and not lines[-1]):
                    break  # the line a crash cut short
                raise StateError(
                    f"damaged sync journal at line {number}: {str(exc).splitlines()[0][:80]}",
                    path=str(self.path),
                    hint="delete it; the next sync compares with what the calendar holds",
                ) from None
            target = targets.get(key, SyncTarget())
            events = dict(target.events)
            if event is None:
                events.pop(pick_id, None)
            else:
                events[pick_id] = event
            counts = {**target.deleted, pick_id: deleted} if deleted else dict(target.deleted)
            targets[key] = target.model_copy(update={"events": events, "deleted": counts})
        return state.model_copy(update={"targets": targets})

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
