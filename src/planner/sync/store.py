"""What a sync writes into: a calendar of events by resource name, with ETags.

:class:`Store` is the one interface :mod:`planner.sync` talks to; the CalDAV
collection (:mod:`.caldav`) and the vdir folder (:mod:`.vdir`) implement it.
A store's conditional writes fail with :class:`Exists`, :class:`Changed` or
:class:`Refused`, which the sync turns into conflicts, never into overwrites.
"""

from __future__ import annotations

from ..errors import PlannerError


class SyncError(PlannerError):
    """The calendar cannot be reached, or refuses: one line, exit 2."""


class Exists(Exception):
    """Something is already at that name (If-None-Match: * failed)."""


class Changed(Exception):
    """The event is not the version planner last saw (If-Match failed)."""


class Refused(Exception):
    """The server will not take this UID (a trash bin keeps it, say)."""


class Store:
    """A calendar planner writes events into, by resource name with ETags."""

    label: str

    def open(self, *, create: bool) -> bool:
        """Check it is there and writable (creating it if ``create``); True if created."""
        raise NotImplementedError

    def list(self) -> dict[str, str | None]:
        raise NotImplementedError

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        raise NotImplementedError

    def create(self, name: str, body: bytes) -> str | None:
        raise NotImplementedError

    def update(self, name: str, body: bytes, etag: str | None) -> str | None:
        raise NotImplementedError

    def delete(self, name: str, etag: str | None) -> None:
        raise NotImplementedError
