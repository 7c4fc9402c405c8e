"""Time zones: abbreviations as schedules print them, and localizing with pytz.

Every datetime planner makes is aware. Localizing goes through
``zone.localize(naive)``; ``datetime(..., tzinfo=pytz_zone)`` would silently
use the zone's local mean time (-4:56 for New York), a classic bug.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytz

from .errors import PlannerError

# Abbreviation -> (IANA zone, whether the abbreviation names daylight time).
ABBREVIATIONS: dict[str, tuple[str, bool | None]] = {
    "EST": ("America/New_York", False),
    "EDT": ("America/New_York", True),
    "ET": ("America/New_York", None),
    "CST": ("America/Chicago", False),
    "CDT": ("America/Chicago", True),
    "CT": ("America/Chicago", None),
    "MST": ("America/Denver", False),
    "MDT": ("America/Denver", True),
    "MT": ("America/Denver", None),
    "PST": ("America/Los_Angeles", False),
    "PDT": ("America/Los_Angeles", True),
    "PT": ("America/Los_Angeles", None),
    "AKST": ("America/Anchorage", False),
    "AKDT": ("America/Anchorage", True),
    "HST": ("Pacific/Honolulu", False),
    "GMT": ("Europe/London", False),
    "BST": ("Europe/London", True),
    "WET": ("Europe/Lisbon", False),
    "WEST": ("Europe/Lisbon", True),
    "CET": ("Europe/Berlin", False),
    "CEST": ("Europe/Berlin", True),
    "EET": ("Europe/Athens", False),
    "EEST": ("Europe/Athens", True),
    "UTC": ("UTC", False),
    "IST": ("Asia/Kolkata", False),
    "SGT": ("Asia/Singapore", False),
    "HKT": ("Asia/Hong_Kong", False),
    "CST8": ("Asia/Shanghai", False),
    "JST": ("Asia/Tokyo", False),
    "KST": ("Asia/Seoul", False),
    "AEST": ("Australia/Sydney", False),
    "AEDT": ("Australia/Sydney", True),
    "NZST": ("Pacific/Auckland", False),
    "NZDT": ("Pacific/Auckland", True),
}


def get_zone(name: str) -> pytz.BaseTzInfo:
    """The pytz zone for an IANA name (``Europe/Paris``) or a known abbreviation (``EST``)."""
    key = name.strip()
    if key.upper() in ABBREVIATIONS:
        key = ABBREVIATIONS[key.upper()][0]
    try:
        return pytz.timezone(key)
    except pytz.UnknownTimeZoneError:
        raise PlannerError(
            f"unknown time zone {name!r}",
            hint="use an IANA name such as America/New_York or Europe/Paris",
        ) from None


def zone_name(zone: dt.tzinfo) -> str:
    """The IANA name of a zone (pytz, zoneinfo or UTC)."""
    return getattr(zone, "zone", None) or getattr(zone, "key", None) or str(zone)


@functools.lru_cache(maxsize=4096)
def localize(naive: dt.datetime, zone: pytz.BaseTzInfo, is_dst: bool | None = None) -> dt.datetime:
    """Attach ``zone`` to a naive local time; ``is_dst`` settles the repeated autumn hour.

    Cached: a schedule repeats the same few dozen start times many times over.
    """
    try:
        return zone.localize(naive, is_dst=None)
    except (pytz.AmbiguousTimeError, pytz.NonExistentTimeError):
        return zone.localize(naive, is_dst=bool(is_dst))
