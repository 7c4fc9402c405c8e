"""Places and walks at venues planner does not know (issue 20): LOCATIONs with parts, one
consistent walking model, off-site street addresses unknown and flagged everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run
from planner import load_schedule
from planner.checks import check_schedule
from planner.models import Location
from planner.readers.venue_text import parse_place
from planner.venue import load_venue
from planner.venue_infer import BETWEEN_BUILDINGS_MINUTES, venue_for
from test_sched_formats import write_feed

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Lagoon Bar, Deck 7, Forward", ("Lagoon Bar", "7", "Forward", None)),
        ("Orchid Ballroom, Parkstraat 12", ("Orchid Ballroom", None, None, "Parkstraat 12")),
        ("Aurora Building - E302", ("E302", None, None, "Aurora")),
        ("Main Stage, 2nd Floor, North Tower", ("Main Stage", "2", None, "North Tower")),
        ("Salon A, B & C", ("Salon A, B & C", None, None, None)),
        ("Hall C, Ballroom A, Room 310/311", ("Hall C, Ballroom A, Room 310/311", None, None, None)),
    ],
)
def test_location_parts(text, parts):
    found = parse_place(text)
    assert (found["room"], found["level"], found["area"], found["building"]) == parts


def test_the_real_cruise_feed_has_decks_and_areas():
    schedule = load_schedule(DATA / "jococruise2024-sched-excerpt.ics")
    places = {(s.location.room, s.location.level, s.location.area) for s in schedule.sessions}
    assert ("Crow's Nest", "11", "Forward") in places and ("Sea View Pool", "9", "Aft") in places
    venue = venue_for(schedule)
    stage = Location(room="World Stage", level="2", area="Forward")
    nest = Location(room="Crow's Nest", level="11", area="Forward")
    # One ship, no buildings: a walk within it, longer for nine decks than for none.
    assert (
        venue.walk(stage, nest).minutes > venue.walk(stage, Location(room="Hudson Room", level="2")).minutes
    )


def test_a_room_with_no_building_is_not_closer_than_buildings_are_to_each_other():
    schedule = load_schedule(DATA / "corpus" / "fosdem-2019-excerpt.xml")
    venue = venue_for(schedule)
    janson, h, aw = (Location(room=r) for r in ("Janson", "H.1308 (Rolin)", "AW1.120"))
    between = venue.walk(h, aw).minutes  # two buildings, both on level 1
    assert venue.walk(janson, h).minutes >= BETWEEN_BUILDINGS_MINUTES
    assert venue.walk(janson, aw).minutes >= between - 2  # only the levels differ
    assert venue.walk(janson, janson).minutes == 0
    assert "Janson (Janson)" not in " ".join(venue.walk(janson, h).route)


def test_a_venue_with_no_buildings_is_one_place():
    schedule = load_schedule(DATA / "corpus" / "33c3-frab-excerpt.xml")
    venue = venue_for(schedule)
    assert venue.walk(Location(room="Saal 1"), Location(room="Saal 2")).minutes == 3


def _sched_feed(tmp_path):
    return write_feed(
        tmp_path,
        "PRODID:-//Sched.com X//EN",
        "X-WR-TIMEZONE:UTC",
        "BEGIN:VEVENT",
        "UID:a",
        "DTSTART:20251113T160000Z",
        "DTEND:20251113T163000Z",
        "SUMMARY:Talk",
        "LOCATION:Building B | Level 4 | B401-402\\, Atlanta\\, GA\\, USA",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:b",
        "DTSTART:20251113T170000Z",
        "DTEND:20251113T173000Z",
        "SUMMARY:Party",
        "LOCATION:Hilton Atlanta\\, 255 Courtland St NE\\, Atlanta\\, GA\\, USA",
        "END:VEVENT",
    )


def test_an_offsite_address_is_unknown_in_every_venue_and_flagged_by_check(tmp_path, runner, cli):
    schedule = load_schedule(_sched_feed(tmp_path))
    talk, party = (s.location for s in schedule.sessions)
    for venue in (venue_for(schedule), load_venue()):  # inferred, and the bundled venue file
        walk = venue.walk(talk, party)
        assert walk.unknown and walk.minutes == 20
        report = check_schedule(schedule, venue, ())
        assert report.offsite == ("Hilton Atlanta",) and "Hilton Atlanta" not in report.unknown_rooms
    result = run(runner, cli, "check", "--schedule", str(_sched_feed(tmp_path)), "--json")
    data = json.loads(result.stdout)
    assert data["offsite"] == ["Hilton Atlanta"]
    [said] = [w["message"] for w in data["warnings"] if w["message"].startswith("off-site")]
    assert "Hilton Atlanta (255 Courtland St NE)" in said
