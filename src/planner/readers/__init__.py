"""Schedule readers: one class per published format, behind one registry.

A reader has a ``name`` (what ``--format`` takes), a ``sniff`` that recognises
its format from the start of a file, and a ``read`` that turns the text into
session drafts. This module turns drafts into a :class:`~planner.models.Schedule`
(IDs, order, validation), so every format gets the same IDs and checks.

Adding a format is adding a module to :mod:`.formats` with one ``@register``-ed class.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ScheduleError, SourceWarning
from ..fetch import fetch, is_url, public_url
from ..frozen import frozen
from ..text import normalize, short_hash
from . import kept as kept_copy
from .base import READERS, BadBlock, Draft, Reader, ReadResult, collector_paused, register

__all__ = [
    "READERS",
    "BadBlock",
    "Draft",
    "ReadResult",
    "Reader",
    "ScheduleSource",
    "load_schedule",
    "register",
]

if TYPE_CHECKING:
    from ..cache import Cache
    from ..models import Schedule

DEFAULT_SCHEDULE = "kubecon-na-2025-thursday"
BUNDLED_PREFIX = "bundled:"
# A conference schedule is rarely over 2 MB; 10,000 sessions are about 10 MB.
MAX_SCHEDULE_BYTES = 32 * 1024 * 1024
NOT_A_SCHEDULE = "is not a schedule planner can read"


def _load_builtin_readers() -> None:
    """Import every module of :mod:`.formats`, for its ``@register`` side effect:
    adding a format is adding a module there, with no list to edit."""
    if _loaded:
        return
    from . import formats

    for module in pkgutil.iter_modules(formats.__path__):
        importlib.import_module(f"{formats.__name__}.{module.name}")
    _loaded.append(True)


_loaded: list[bool] = []


def reader_names() -> list[str]:
    _load_builtin_readers()
    return sorted(READERS)


def bundled_schedule_path(name: str) -> Path:
    """The path of a schedule that ships with planner (``schedules/NAME.txt``)."""
    # Installed, they ship inside the package, a plain folder (pip never installs planner as a
    # zip, and importlib.resources is an import every command would pay for); from a source
    # checkout they are at the top level.
    here = Path(__file__).resolve()
    candidates = [here.parents[1] / "schedules", here.parents[3] / "schedules"]
    for folder in candidates:
        for found in sorted(folder.glob(f"{name}.*")) if folder.is_dir() else []:
            return found
    raise ScheduleError(f"no bundled schedule named {name!r}")


def resolve_schedule_path(path: str | os.PathLike | None) -> tuple[Path, str]:
    """``(file, label)`` for a schedule argument; ``None`` or ``bundled:NAME`` is bundled."""
    if path is None or str(path) == "":
        path = BUNDLED_PREFIX + DEFAULT_SCHEDULE
    text = str(path)
    if text.startswith(BUNDLED_PREFIX):
        name = text[len(BUNDLED_PREFIX) :]
        return bundled_schedule_path(name), text
    return Path(text), text


def _read_bytes(file: Path, label: str) -> bytes:
    """The schedule's bytes, through the one safe way to open input (regular files
    only, the size limit enforced while reading)."""
    from ..files import read_input

    return read_input(file, what="schedule", limit=MAX_SCHEDULE_BYTES, label=label, error=ScheduleError)


def _read_text(data: bytes, label: str) -> str:
    """The schedule's text from its bytes; NUL and UTF-8 errors with a line."""
    from ..files import decode_text

    if not data.strip():
        raise ScheduleError("is empty: there is no schedule in it", path=label, line=1)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper() == b"BEGIN:VCALENDAR":
        # An iCal fold may split a character; only iCalendar folds (and only it needs
        # icalendar imported).
        from .formats.ical_feed import mend_folded_characters

        data = mend_folded_characters(data)
    return decode_text(data, what="schedule", label=label, error=ScheduleError)


def _pick_reader(text: str, fmt: str | None, label: str) -> Reader:
    _load_builtin_readers()
    if fmt:
        try:
            return READERS[fmt]()
        except KeyError:
            known = ", ".join(sorted(READERS))
            raise ScheduleError(f"unknown schedule format {fmt!r} (known: {known})") from None
    head = text[:8192]
    for cls in READERS.values():
        reader = cls()
        if reader.sniff(head):
            return reader
    known = "; ".join(f"{c.name} ({c.verbose_name})" for c in READERS.values())
    raise ScheduleError(
        f"{NOT_A_SCHEDULE} (known formats: {known})",
        path=label,
        line=1,
        hint="pass --format to choose a reader",
    )


def assign_ids(drafts: list[Draft]) -> list[str]:
    """Short IDs for ``drafts``: a hash of the title, so they survive changes of
    description, speakers and room. A repeated title (or a hash collision) adds
    the start time, then a counter; the first occurrence keeps the plain hash.
    """
    taken: set[str] = set()
    # The last counter used for each title and time: n copies cost n hashes, not n*n/2.
    counters: dict[str, int] = {}
    ids = []
    for draft in drafts:
        title = normalize(draft.title)
        session_id = short_hash(title)
        if session_id in taken:
            # Only a repeated title (or a collision) pays for the start time and a counter.
            timed = f"{title}|{draft.start.isoformat()}"
            session_id = short_hash(timed)
            counter = counters.get(timed, 1) + 1
            while session_id in taken:
                session_id = short_hash(f"{timed}|{counter}")
                counters[timed] = counter
                counter += 1
        taken.add(session_id)
        ids.append(session_id)
    return ids


def build_schedule(result: ReadResult, *, source: str) -> Schedule:
    from ..models import NOWHERE, Location, Schedule, Session

    drafts = sorted(result.drafts, key=lambda d: d.start)
    # Each session cleans its own text and checks its times as it is made (models.Session).
    sessions = tuple(
        Session(
            id=session_id,
            title=d.title,
            start=d.start,
            end=d.end,
            speakers=tuple(d.speakers),
            location=Location(**d.location) if d.location else NOWHERE,
            type=d.type,
            description=d.description,
            day=d.day,  # type: ignore[arg-type]  # None: the start's date (Session.__post_init__)
            subtitle=d.subtitle,
            track=d.track,
            language=d.language,
            url=d.url,
            recorded=d.recorded,
            line=d.line,
            guid=d.guid,
            links=d.links,
            feed_id=d.feed_id,
        )
        for session_id, d in zip(assign_ids(drafts), drafts, strict=True)
    )
    return Schedule(
        name=result.name,
        source=source,
        timezone=result.timezone,
        sessions=sessions,
        declared_total=result.declared_total,
        warnings=tuple(result.warnings),
    )


def load_schedule(
    path: str | os.PathLike | None = None,
    *,
    format: str | None = None,
    tz: str | None = None,
    strict: bool = False,
    cache: Cache | None = None,
    kept: bool = True,
) -> Schedule:
    """Read a schedule file into a :class:`~planner.models.Schedule`.

    ``path`` ``None`` reads the bundled KubeCon NA 2025 Thursday schedule; an
    ``http(s)://`` URL is fetched (see :mod:`planner.fetch`).
    ``format`` picks a reader by name instead of sniffing the content; ``tz``
    (an IANA zone) overrides the zone the file names; ``strict`` makes the
    first bad block an error instead of a warning.

    Pure unless given a ``cache`` (:class:`planner.cache.Cache`, as the CLI and
    :meth:`Planner.open <planner.planning.Planner.open>` hand in): then a schedule once
    read is kept, the next read of the same bytes loads it instead of parsing, and a URL
    is revalidated against its last good copy, which is replaced only once the new bytes
    read as a schedule. ``kept=False`` reads without the cache's schedules (benchmarks do).

    >>> schedule = load_schedule()
    >>> len(schedule), schedule.timezone
    (99, 'America/New_York')
    """
    from .. import cache as caches

    options = (format, tz, strict)
    with caches.using(cache):
        if not is_url(path):
            file, label = resolve_schedule_path(path)
            display = file.name if label.startswith(BUNDLED_PREFIX) else label
            data = _read_bytes(file, display)
            return _schedule_of(data, label, display, options, cache if kept else None)
        return _load_url(str(path), options, cache, kept)


def _schedule_of(data: bytes, label: str, display: str, options: tuple, cache: Cache | None) -> Schedule:
    """The schedule in ``data``: kept from before in ``cache``, else read (and kept there)."""
    key = kept_copy.key(data, options) if cache is not None else ""
    if cache is not None and (copy := kept_copy.recall(cache, label, key)) is not None:
        return copy
    format, tz, strict = options
    text = _read_text(data, display)
    reader = _pick_reader(text, format, display)
    with collector_paused():
        result = reader.read(text, path=display, tz=tz, strict=strict)
        if not result.drafts:
            raise ScheduleError("holds no sessions that could be read", path=display)
        schedule = build_schedule(result, source=label)
        if cache is not None:
            # Its JSON is as many objects again, none in a cycle: made with the collector paused too.
            kept_copy.keep(cache, label, key, schedule)
    return schedule


def _load_url(url: str, options: tuple, cache: Cache | None, kept: bool) -> Schedule:
    """The schedule at ``url``; with a ``cache``, its last good copy is revalidated, used
    when the server is away, and replaced only by new bytes that read as a schedule."""
    label = public_url(url)
    previous = kept_copy.last_good(cache, label) if cache is not None else None
    fetched = fetch(url, previous=previous)
    parsed = cache if kept else None
    try:
        schedule = _schedule_of(fetched.data, label, label, options, parsed)
    except ScheduleError as exc:
        if previous is None or not fetched.downloaded:
            raise
        # A captive portal's login page, a half-published file: the good copy stays.
        fetched = previous.stale(f"the server's new answer is not a schedule ({exc.message})")
        schedule = _schedule_of(fetched.data, label, label, options, parsed)
    if cache is not None and fetched.downloaded:
        # A 304 keeps the copy as it is: its time says when its bytes were downloaded.
        kept_copy.keep_good(cache, fetched)
    if fetched.warning is None:
        return schedule
    warning = SourceWarning(fetched.warning, path=label, notice=True)
    return replace(schedule, warnings=(warning, *schedule.warnings))


@frozen(kw_only=False)
class ScheduleSource:
    """Where a schedule comes from and how to read it: what ``--schedule``,
    ``--format``, ``--tz`` and ``--strict`` say, as one small object."""

    path: str | None = None
    format: str | None = None
    tz: str | None = None
    strict: bool = False

    @property
    def reference(self) -> str:
        """How an agenda names this schedule: ``bundled:NAME`` or the path."""
        return self.path or BUNDLED_PREFIX + DEFAULT_SCHEDULE

    def with_path(self, path: str | None) -> ScheduleSource:
        return ScheduleSource(path, self.format, self.tz, self.strict)

    def load(self, cache: Cache | None = None) -> Schedule:
        """The schedule, through ``cache`` when one is given (see :func:`load_schedule`); a
        web page given as the schedule is followed to the export it publishes
        (:func:`planner.discover.discover`), said in a notice."""
        try:
            return load_schedule(self.path, format=self.format, tz=self.tz, strict=self.strict, cache=cache)
        except ScheduleError as exc:
            if self.format or not is_url(self.path) or not exc.message.startswith(NOT_A_SCHEDULE):
                raise
        from ..discover import read_page_export

        def load_export(url: str, *, tz: str | None = None) -> Schedule:
            return load_schedule(url, tz=tz, strict=self.strict, cache=cache)

        return read_page_export(str(self.path), load=load_export, tz=self.tz)
