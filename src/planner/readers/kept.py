"""A schedule as JSON and back: the layout of the ``schedule`` entries of :mod:`planner.cache`.

Reading a big programme is most of what a command costs (10,000 sched sessions take
about 1.5 s to read, and about 0.2 s to load from here; see ``bench/README.md``), and
an attendee runs many commands on the same file. :func:`dumps` writes a validated
schedule; :func:`loads` makes it again without validating, which is safe only because
the cache loads nothing it did not sign itself (see :mod:`planner.cache`: when, and
for which bytes, options and code, a copy is used). A copy that cannot be read is
``None``: the caller parses the schedule again.

>>> from planner import load_schedule
>>> schedule = load_schedule()
>>> loads(dumps(schedule)) == schedule
True
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import PlannerError, SourceWarning
from ..timezones import get_zone, zone_name
from .base import collector_paused

if TYPE_CHECKING:
    from ..cache import Cache
    from ..fetch import Fetched
    from ..models import Schedule

_LOCATION = ("building", "level", "room", "area", "city")
_TEXTS = ("type", "description", "subtitle", "track", "language", "url")


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
            "guid": s.guid,
            "feed_id": s.feed_id,
            "links": [list(link) for link in s.links],
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
                "guid": row["guid"],
                "feed_id": row["feed_id"],
                "links": tuple((label, url) for label, url in row["links"]),
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
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, PlannerError):
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


def recall(cache: Cache, source: str, data: bytes, options: tuple) -> Schedule | None:
    """The schedule read before from these ``data`` (under ``source`` and ``options``), or None."""
    key = _key(data, options)
    known = cache.remembered("schedule", source, key)
    if known is not None:
        return known
    entry = cache.read("schedule", source, key)
    schedule = loads(entry[1]) if entry is not None else None
    if schedule is not None:
        cache.remember("schedule", source, key, schedule)
    return schedule


def keep(cache: Cache, source: str, data: bytes, options: tuple, schedule: Schedule) -> None:
    """Keep ``schedule``, read from ``data`` with ``options``, for the next command."""
    key = _key(data, options)
    cache.remember("schedule", source, key, schedule)
    try:
        payload = dumps(schedule)
    except (TypeError, ValueError):  # a value JSON cannot hold (a 20-digit count): not kept
        return
    cache.keep("schedule", source, key, payload)


def _key(data: bytes, options: tuple) -> str:
    """What a kept schedule was read from: the exact bytes (an edit that keeps the size and
    time is new bytes), the read options that change the result, and the code that read it."""
    from ..cache import code_stamp

    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    return orjson.dumps([code_stamp(), digest, list(options)]).decode()


def last_good(cache: Cache, url: str) -> Fetched | None:
    """The last copy of the schedule at ``url`` that read as a schedule, or None."""
    from ..fetch import Fetched, validator

    entry = cache.read("fetched", url, "")
    if entry is None:
        return None
    info, data = entry
    try:
        fetched_at = dt.datetime.fromisoformat(str(info["fetched_at"]))
    except (KeyError, ValueError):
        return None
    if fetched_at.tzinfo is None:
        return None
    etag, modified = validator(info.get("etag")), validator(info.get("last_modified"))
    sha = hashlib.sha256(data).hexdigest()
    return Fetched(url, data, sha, "cached", fetched_at, etag=etag, last_modified=modified)


def keep_good(cache: Cache, fetched: Fetched) -> None:
    """Keep ``fetched`` as the last good copy of its URL (once its bytes have read as a schedule)."""
    info = {
        "fetched_at": fetched.fetched_at.isoformat(),
        "etag": fetched.etag,
        "last_modified": fetched.last_modified,
    }
    cache.keep("fetched", fetched.url, "", fetched.data, info)
