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
import hashlib
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import PlannerError, SourceWarning
from ..frozen import trusted
from ..timezones import get_zone, zone_name
from .base import collector_paused

if TYPE_CHECKING:
    from ..cache import Cache
    from ..fetch import Fetched
    from ..models import Schedule


def dumps(schedule: Schedule) -> bytes:
    """``schedule`` as the JSON :func:`loads` reads back to an equal schedule, zones included.

    orjson writes the sessions itself, field by field (they are dataclasses); only their
    times come back here, each distinct one once: parallel sessions share their time
    objects (readers make each distinct time once), and a time is written as planner
    writes it (``isoformat``, which keeps an offset's seconds) with its zone's name."""
    moments: dict[int, Any] = {}

    def written(value: Any) -> Any:
        # The schedule holds every value handed here until dumps returns: an id is not reused.
        found = moments.get(id(value))
        if found is None:
            if isinstance(value, dt.datetime):
                found = [value.isoformat(), zone_name(value.tzinfo)]
            elif isinstance(value, dt.date):
                found = value.isoformat()
            else:
                raise TypeError(f"a kept schedule holds no {type(value).__name__}")
            moments[id(value)] = found
        return found

    return orjson.dumps(
        {
            "name": schedule.name,
            "source": schedule.source,
            "timezone": schedule.timezone,
            "declared_total": schedule.declared_total,
            "warnings": [[w.message, w.path, w.line, w.skipped, w.notice] for w in schedule.warnings],
            "sessions": schedule.sessions,
        },
        default=written,
        option=orjson.OPT_PASSTHROUGH_DATETIME,
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
        days: dict[str, dt.date] = {}
        sessions = []
        for row in kept["sessions"]:
            # orjson made ``row`` for this session alone: its values are replaced in place (a row
            # of other fields is refused by ``trusted``).
            (start, zone), (end, end_zone) = row["start"], row["end"]
            row["start"] = _moment(start, zone, moments)
            row["end"] = _moment(end, end_zone, moments)
            row["speakers"] = tuple(trusted(Speaker, person) for person in row["speakers"])
            row["location"] = trusted(Location, row["location"])
            day = row["day"]
            row["day"] = days.get(day) or days.setdefault(day, dt.date.fromisoformat(day))
            row["links"] = tuple((label, url) for label, url in row["links"])
            sessions.append(trusted(Session, row))
        return trusted(
            Schedule,
            {
                "name": kept["name"],
                "source": kept["source"],
                "timezone": kept["timezone"],
                "declared_total": kept["declared_total"],
                "warnings": tuple(SourceWarning(*w) for w in kept["warnings"]),
                "sessions": tuple(sessions),
            },
        )
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, PlannerError):
        # Another layout, a damaged file: the caller parses the schedule again.
        return None


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


def recall(cache: Cache, source: str, key: str) -> Schedule | None:
    """The schedule read before under ``source`` and ``key`` (:func:`key`), or None."""
    known = cache.remembered("schedule", source, key)
    if known is not None:
        return known
    entry = cache.read("schedule", source, key)
    schedule = loads(entry[1]) if entry is not None else None
    if schedule is not None:
        cache.remember("schedule", source, key, schedule)
    return schedule


def keep(cache: Cache, source: str, key: str, schedule: Schedule) -> None:
    """Keep ``schedule``, read under ``key`` (:func:`key`), for the next command."""
    cache.remember("schedule", source, key, schedule)
    try:
        payload = dumps(schedule)
    except (TypeError, ValueError):  # a value JSON cannot hold (a 20-digit count): not kept
        return
    cache.keep("schedule", source, key, payload)


def key(data: bytes, options: tuple) -> str:
    """What a kept schedule was read from: the exact bytes (an edit that keeps the size and
    time is new bytes), the read options that change the result, and the code that read it.
    Made once per read (hashing 10 MB is some 0.05 s), for :func:`recall` then :func:`keep`."""
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
