"""Time zones: abbreviations as schedules print them, and localizing with pytz.

Every datetime planner makes is aware. Localizing goes through
``zone.localize(naive)``; ``datetime(..., tzinfo=pytz_zone)`` would silently
use the zone's local mean time (-4:56 for New York), a classic bug.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

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


# "UTC+01:00", "UTC-05:30": the name planner gives a fixed offset (never an IANA name).
_FIXED = re.compile(r"UTC([+-])(\d{2}):(\d{2})")
# A zone that uses an offset, to name in a hint ("--tz Europe/Berlin names the zone").
_ZONE_FOR_OFFSET = {
    -480: "America/Los_Angeles",
    -420: "America/Denver",
    -360: "America/Chicago",
    -300: "America/New_York",
    -240: "America/New_York",
    -180: "America/Sao_Paulo",
    0: "Europe/London",
    60: "Europe/Berlin",
    120: "Europe/Berlin",
    180: "Europe/Istanbul",
    330: "Asia/Kolkata",
    480: "Asia/Singapore",
    540: "Asia/Tokyo",
    600: "Australia/Sydney",
}


class FixedZone(pytz._FixedOffset):
    """A zone that is only a UTC offset, named ``UTC+01:00`` so that nothing takes it
    for a place's zone (it has no summer time); exports write its times in UTC.

    >>> zone = get_zone("UTC+01:00")
    >>> moment = zone.localize(dt.datetime(2016, 12, 27, 14))
    >>> zone_name(zone), moment.isoformat(), moment.tzname()
    ('UTC+01:00', '2016-12-27T14:00:00+01:00', 'UTC+01:00')
    """

    def __init__(self, minutes: int) -> None:
        super().__init__(minutes)
        self.name = fixed_zone_name(dt.timedelta(minutes=minutes))
        # zone_name() reads .zone, which pytz (and its stubs) leave None for a fixed offset.
        self.zone = self.name  # type: ignore[misc, assignment]

    def __reduce__(self):
        return _fixed, (int(self._minutes),)

    def tzname(self, moment: object) -> str:  # type: ignore[override]
        # pytz gives a fixed offset no name; shown beside a time, "UTC+01:00" says what it is.
        return self.name


# A zone planner hands out: pytz's, or a fixed offset with a name.
Zone = pytz.BaseTzInfo | FixedZone


def fixed_zone_name(offset: dt.timedelta) -> str:
    """``UTC+01:00`` for an offset of one hour.

    >>> fixed_zone_name(dt.timedelta(hours=-5, minutes=-30))
    'UTC-05:30'
    """
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def zone_with_offset(offset: dt.timedelta) -> str | None:
    """A well-known zone whose clocks use ``offset`` at some time of year, for a hint."""
    return _ZONE_FOR_OFFSET.get(int(offset.total_seconds() // 60))


def get_zone(name: str) -> Zone:
    """The pytz zone for an IANA name (``Europe/Paris``), a known abbreviation (``EST``)
    or a fixed offset as planner names one (``UTC+01:00``)."""
    key = name.strip()
    if key.upper() in ABBREVIATIONS:
        key = ABBREVIATIONS[key.upper()][0]
    if (fixed := _FIXED.fullmatch(key)) and int(fixed.group(2)) < 24 and int(fixed.group(3)) < 60:
        minutes = int(fixed.group(2)) * 60 + int(fixed.group(3))
        return _fixed(minutes if fixed.group(1) == "+" else -minutes)
    try:
        return pytz.timezone(key)
    except pytz.UnknownTimeZoneError:
        raise PlannerError(
            f"unknown time zone {name!r}",
            hint="use an IANA name such as America/New_York or Europe/Paris",
        ) from None


def zone_name(zone: dt.tzinfo | None) -> str:
    """The IANA name of a zone (pytz, zoneinfo or UTC); a naive time's None is named "None"."""
    return getattr(zone, "zone", None) or getattr(zone, "key", None) or str(zone)


@functools.lru_cache(maxsize=4096)
def localize(naive: dt.datetime, zone: Zone, is_dst: bool | None = None) -> dt.datetime:
    """Attach ``zone`` to a naive local time; ``is_dst`` settles the repeated autumn hour.

    Cached: a schedule repeats the same few dozen start times many times over.
    """
    try:
        return zone.localize(naive, is_dst=None)
    except (pytz.AmbiguousTimeError, pytz.NonExistentTimeError):
        return zone.localize(naive, is_dst=bool(is_dst))


@functools.cache
def _fixed(minutes: int) -> FixedZone:
    return FixedZone(minutes)
