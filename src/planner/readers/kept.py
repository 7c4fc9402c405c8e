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
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import PlannerError, SourceWarning
from ..timezones import get_zone, zone_name
from .base import collector_paused

if TYPE_CHECKING:
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
