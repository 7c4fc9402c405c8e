"""The conference's zone from where it is: the gazetteer, state codes, countries, offsets."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from planner.readers.zones import ZoneGuess, split_place, zone_for_offsets, zone_for_place, zone_for_places

HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("place", "zone"),
    [
        ("Hall 8 | Room D, Amsterdam, Netherlands", "Europe/Amsterdam"),
        ("Amtrium 1+2, Amsterdam, The Netherlands", "Europe/Amsterdam"),
        ("Building B | Level 4 | B401-402, Atlanta, GA, USA", "America/New_York"),
        ("Salt Palace | Level 1 | 155, Salt Lake City, UT, United States", "America/Denver"),
        ("McCormick Place, Chicago, Illinois, USA", "America/Chicago"),
        ("Paris", "Europe/Paris"),
        ("Room 1, Paris, TX, USA", "America/Chicago"),
        ("Sala 2, München, Germany", "Europe/Berlin"),
        ("Hall A, Valencia, Spain", "Europe/Madrid"),
        ("Room 7, Netherlands", "Europe/Amsterdam"),
        ("ExCeL, London, UK", "Europe/London"),
        ("Room 5, Hyderabad, India", "Asia/Kolkata"),
    ],
)
def test_zone_for_place(place, zone):
    guess = zone_for_place(place)
    assert guess is not None and guess.zone == zone
    assert guess.reason.startswith("the venue is in")


@pytest.mark.parametrize("place", [None, "", "Room 101", "Online", "Building B | Level 4 | B401", "USA"])
def test_no_zone_without_a_place_that_has_one(place):
    # The United States has many zones: a country alone names none of them.
    assert zone_for_place(place) is None


def test_the_guess_is_a_frozen_value():
    guess = zone_for_place("Amsterdam, Netherlands")
    assert guess == ZoneGuess("Europe/Amsterdam", "the venue is in Amsterdam, Netherlands")
    with pytest.raises(AttributeError):
        guess.zone = "UTC"  # type: ignore[misc]


def test_a_lone_city_is_the_largest_of_that_name_and_says_so():
    guess = zone_for_place("Valencia")
    assert guess is not None and "largest city of that name" in guess.reason


@pytest.mark.parametrize(
    ("text", "before", "tail"),
    [
        ("Amtrium 1+2, Amsterdam, Netherlands", "Amtrium 1+2", "Amsterdam, Netherlands"),
        ("B401-402, Atlanta, GA, USA", "B401-402", "Atlanta, GA, USA"),
        ("Room D, Amsterdam, Netherlands", "Room D", "Amsterdam, Netherlands"),
        ("Room 1, Level 2", "Room 1, Level 2", None),
        ("Salon A, B & C", "Salon A, B & C", None),
    ],
)
def test_split_place_recognises_the_city_tail(text, before, tail):
    rest, place = split_place(text)
    assert rest == before
    assert (place.text if place else None) == tail


def test_zone_for_places_takes_the_most_used():
    places = ["Online", "A, Atlanta, GA, USA", "B, Atlanta, GA, USA", "Hotel, Paris, France", None]
    assert zone_for_places(places).zone == "America/New_York"
    assert zone_for_places(["Online", None]) is None


def test_zone_for_offsets_checks_the_clocks():
    assert zone_for_offsets({HOUR, 2 * HOUR}, "Room, Amsterdam, Netherlands").zone == "Europe/Amsterdam"
    assert zone_for_offsets({5 * HOUR + dt.timedelta(minutes=30)}, "Hall, Hyderabad, India").zone == (
        "Asia/Kolkata"
    )
    # An offset the place's clocks never show, or no place: write UTC times.
    assert zone_for_offsets({3 * HOUR}, "Room, Amsterdam, Netherlands") is None
    assert zone_for_offsets({HOUR}, None) is None
    assert zone_for_offsets({HOUR}, "Room 101") is None


def test_the_city_index_is_kept_in_the_cache_handed_in_and_read_back(tmp_path):
    """Reading the gazetteer costs a third of a second in every process: its index is
    kept in the cache handed in, read back next time, and rebuilt if unusable."""
    from planner.cache import Cache, using
    from planner.readers import zones

    def fresh() -> None:
        for cached in (zones._kept_index, zones._cities_by_name, zones._country_zones, zones.split_place):
            cached.cache_clear()

    def guess(place: str, cache: Cache | None) -> str:
        fresh()
        with using(cache):
            return zones.zone_for_place(place).zone

    cache = Cache(tmp_path / "cache")
    assert guess("Atlanta, GA, USA", None) == "America/New_York"
    assert not cache.folder.exists()  # no cache handed in: nothing written
    assert guess("Atlanta, GA, USA", cache) == "America/New_York"
    # What the index says is what planner uses: a town only it knows is found.
    data = json.loads(cache.cities())
    data["cities"]["planner test town"] = [["Planner Test Town", "JP", "40", 1, "Asia/Tokyo"]]
    cache.keep_cities(json.dumps(data).encode())
    assert guess("Planner Test Town, Japan", cache) == "Asia/Tokyo"
    # A broken index is rebuilt from the gazetteer, silently.
    cache.keep_cities(b"{not json")
    assert guess("Atlanta, GA, USA", cache) == "America/New_York"
    assert json.loads(cache.cities())["cities"]["atlanta"]
    fresh()
