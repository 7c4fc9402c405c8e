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

import re
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
