"""What every schedule reader shares: the draft of a session, the result of a
read, the reader base class and the registry it registers in.

Format modules import from here, never from each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import SourceWarning


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a schedule's objects are made.

    Reading 10,000 sessions makes some 200,000 objects, next to none in a cycle;
    the collector would walk the growing heap again and again as they are made
    (about a third of a load of the kept copy). What cycles there are are
    collected once it runs again.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class BadBlock(Exception):
    """A session block that cannot be read; skipped with a warning unless strict.

    ``field`` names the line at fault (its number is reported), if it is one line.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Draft:
    """A session as a reader found it, before it gets its ID."""

    title: str
    start: dt.datetime
    end: dt.datetime
    line: int | None = None
    speakers: tuple = ()
    location: dict[str, Any] = field(default_factory=dict)
    type: str | None = None
    description: str | None = None
    # The conference day it is listed under, when that is not the start's date.
    day: dt.date | None = None
    subtitle: str | None = None
    track: str | None = None
    language: str | None = None
    url: str | None = None
    recorded: bool | None = None
    guid: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    feed_id: str | None = None


@dataclass
class ReadResult:
    """What a reader hands back: the drafts and the schedule-wide facts it found."""

    drafts: list[Draft]
    timezone: str
    name: str | None = None
    declared_total: int | None = None
    warnings: list[SourceWarning] = field(default_factory=list)


class Reader:
    """Base class of schedule readers (see the module docstring)."""

    name: ClassVar[str]
    verbose_name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()

    def sniff(self, head: str) -> bool:
        """True if ``head`` (the first few KB of the file) is in this format."""
        raise NotImplementedError

    def read(self, text: str, *, path: str, tz: str | None, strict: bool) -> ReadResult:
        raise NotImplementedError


READERS: dict[str, type[Reader]] = {}


def register(cls: type[Reader]) -> type[Reader]:
    READERS[cls.name] = cls
    return cls
