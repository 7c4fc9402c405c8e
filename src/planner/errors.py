"""Errors and warnings that carry a place in a file.

Everything the user can fix (a bad schedule line, an unknown session, a broken
agenda file) is a :class:`PlannerError`. The CLI turns it into one line on
stderr and exit code 2, in one place (``cli.PlannerGroup``).
"""

from __future__ import annotations

from .frozen import frozen
from .text import clean_text


def _where(path: str | None, line: int | None) -> str:
    if path and line:
        return f"{path}:{line}: "
    if path:
        return f"{path}: "
    if line:
        return f"line {line}: "
    return ""


class PlannerError(Exception):
    """A problem with the user's input; the CLI exits 2 with this message.

    >>> str(PlannerError("unreadable time '25:00pm'", path="day.txt", line=12))
    "day.txt:12: unreadable time '25:00pm'"
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        # Messages quote files and servers: no escape sequence of theirs reaches the terminal.
        message = clean_text(message)
        super().__init__(message)
        self.message = message
        self.path = clean_text(str(path)) if path is not None else None
        self.line = line
        self.hint = clean_text(hint) if hint is not None else None

    def __str__(self) -> str:
        return clean_text(_where(self.path, self.line) + self.message)


class ScheduleError(PlannerError):
    """The schedule file cannot be read (or, with ``strict``, has a bad block)."""


class AgendaError(PlannerError):
    """The agenda file cannot be read, validated or saved."""


class VenueError(PlannerError):
    """The venue file cannot be read or validated."""


class LookupFailed(PlannerError):
    """A query names no session, or more than one.

    ``candidates`` holds the sessions that matched when there were several.
    """

    def __init__(self, message: str, candidates: tuple = (), **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.candidates = candidates


@frozen(kw_only=False)
class SourceWarning:
    """Something odd in an input that was worked around, with where it was."""

    message: str
    path: str | None = None
    line: int | None = None
    # True when a session was lost (skipped); False for a note about the data.
    skipped: bool = False
    # True for what every command shows, not only `check`: the zone planner chose for a
    # schedule that names none, a schedule read from a stale cached copy.
    notice: bool = False

    def __str__(self) -> str:
        return clean_text(_where(self.path, self.line) + self.message)
