"""Walking times: the bundled GWCC venue, venue files, fallbacks, and `planner walk`."""

from __future__ import annotations

import json

import pytest

from planner.errors import VenueError
from planner.models import Location
from planner.venue import Venue, load_venue
from planner.venue_infer import venue_for


def place(building, level, room, area=None):
    return Location(building=building, level=level, room=room, area=area)


@pytest.fixture(scope="module")
def gwcc():
    return load_venue()


B401 = place("B", "4", "B401-402")
B405 = place("B", "4", "B405-406a")
B308 = place("B", "3", "B308-309")
MURPHY4 = place("B", "5", "Thomas Murphy Ballroom 4")
C111 = place("C", "1", "C111-112")
GEORGIA2 = place("C", "3", "Georgia Ballroom 2")
GEORGIA1 = place("C", "3", "Georgia Ballroom 1")
A412 = place("A", "4", "A412")


def test_same_room_is_no_walk(gwcc):
    walk = gwcc.walk(B401, B401)
    assert walk.minutes == 0
    assert walk.route == ("B401-402 (B, L4)",)


def test_same_floor_is_a_few_minutes(gwcc):
    assert 1 <= gwcc.minutes(B401, B405) <= 5
    assert 1 <= gwcc.minutes(GEORGIA1, GEORGIA2) <= 5


def test_a_level_change_costs_more_than_the_same_floor(gwcc):
    assert gwcc.minutes(B401, B308) > gwcc.minutes(B401, B405)
    assert gwcc.minutes(B401, MURPHY4) == gwcc.minutes(MURPHY4, B401)


def test_building_b_to_c_is_longer_than_b_to_b(gwcc):
    longest_in_b = max(gwcc.minutes(a, b) for a in (B401, B308, MURPHY4) for b in (B401, B308, MURPHY4))
    assert gwcc.minutes(B401, C111) > longest_in_b
    assert gwcc.minutes(B401, GEORGIA2) > gwcc.minutes(B401, C111)  # and up two levels in C


def test_a_to_c_goes_through_b(gwcc):
    walk = gwcc.walk(A412, GEORGIA2)
    assert walk.route == (
        "A412 (A, L4)",
        "escalators down to L1",
        "concourse over the rail tracks to Building B",
        "concourse to Building C",
        "escalators up to L3",
        "Georgia Ballroom 2 (C, L3)",
    )
    assert walk.minutes > gwcc.minutes(B401, GEORGIA2)


def test_the_route_from_the_issue(gwcc):
    walk = gwcc.walk(B401, C111)
    assert walk.route == (
        "B401-402 (B, L4)",
        "escalators down to L1",
        "concourse to Building C",
        "C111-112 (C, L1)",
    )
    assert 8 <= walk.minutes <= 15


def test_an_area_within_a_room_is_a_short_walk(gwcc):
    hall = place("B", "1", "Exhibit Hall B3-B5")
    lounge = place("B", "1", "Exhibit Hall B3-B5", area="Learning Lounge")
    assert 0 < gwcc.minutes(hall, lounge) <= 3


def test_rooms_without_building_resolve_from_the_venue_room_list(gwcc):
    bare = Location(room="Georgia Ballroom 2")
    assert gwcc.place_of(bare).building == "C"
    assert gwcc.minutes(Location(room="B401-402"), bare) == gwcc.minutes(B401, GEORGIA2)


def test_unknown_rooms_and_buildings_fall_back_with_a_stated_assumption(gwcc):
    walk = gwcc.walk(place("D", "1", "Hall D"), B401)
    assert walk.minutes > 0
    assert any("Building D is not in the venue file" in a for a in walk.assumptions)
    nowhere = gwcc.walk(Location(room="Somewhere"), B401)
    assert any("no building known for Somewhere" in a for a in nowhere.assumptions)


def test_pace_scales_every_walk(gwcc):
    slow = gwcc.at_pace(1.5)
    assert slow.minutes(B401, GEORGIA2) > gwcc.minutes(B401, GEORGIA2)
    assert slow.minutes(B401, B401) == 0
    assert gwcc.at_pace(1.0) is gwcc


def test_max_walk_bounds_every_pair(gwcc, schedule):
    locations = [s.location for s in schedule.sessions]
    bound = gwcc.max_walk(locations)
    assert all(gwcc.minutes(a, b) <= bound for a in locations[::7] for b in locations[::5])


def test_bundled_schedule_gets_the_gwcc(schedule):
    assert venue_for(schedule).name == "Georgia World Congress Center"


def test_other_schedules_get_a_generic_venue(write_schedule):
    from conftest import block
    from planner import load_schedule

    schedule = load_schedule(write_schedule(block(venue="Level 2 | Salon A, Paris, France")))
    venue = venue_for(schedule)
    assert venue.source == "generic"
    assert venue.minutes(Location(room="Salon A", level="2"), Location(room="Salon B", level="2")) > 0


def test_a_venue_file_of_ones_own(tmp_path):
    path = tmp_path / "venue.yaml"
    path.write_text(
        "name: Small Hall\nlevel_change_minutes: 1\nescalator_access_minutes: 0\n"
        "buildings:\n  North: {within_minutes: 2, levels: ['G', '1']}\n"
        "  South: {within_minutes: 2}\n"
        "connections:\n  - {between: [North, South], minutes: 4, level: 'G', via: bridge}\n",
        encoding="utf-8",
    )
    venue = load_venue(path)
    walk = venue.walk(place("North", "1", "N1"), place("South", "G", "S1"))
    assert walk.route == (
        "N1 (North, L1)",
        "escalators down to LG",
        "bridge to Building South",
        "S1 (South, LG)",
    )
    assert walk.minutes == 2 + 1 + 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "a venue file is a mapping"),
        ("name: X\nlevel_change_minutes: -1\n", "level_change_minutes"),
        (
            "name: X\nbuildings: {A: {within_minutes: 1}}\nconnections:\n  - {between: [A, Z], minutes: 1}\n",
            "Building Z",
        ),
    ],
)
def test_bad_venue_files(tmp_path, text, message):
    path = tmp_path / "venue.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VenueError, match=message):
        load_venue(path)


def test_generic_venue_is_usable():
    venue = Venue.generic()
    assert venue.minutes(Location(room="A"), Location(room="B")) == 3


# -- planner walk -------------------------------------------------------------


def test_walk_between_rooms(runner, cli):
    result = runner.invoke(cli, ["walk", "B401-402", "Georgia Ballroom 2"])
    assert result.exit_code == 0, result.output
    assert "min walk from B401-402 to Georgia Ballroom 2" in result.stdout
    assert "-> escalators down to L1" in result.stdout


def test_walk_between_sessions_as_json(runner, cli, gwcc, schedule):
    result = runner.invoke(cli, ["walk", "keda", "etcd", "--json"])
    data = json.loads(result.stdout)
    keda, etcd = schedule.find("keda"), schedule.find("etcd")
    assert data["minutes"] == gwcc.minutes(keda.location, etcd.location)
    assert data["route"][0] == "B406b-407 (B, L4)"
    assert data["route"][-1] == "Georgia Ballroom 2 (C, L3)"


def test_walk_with_a_pace(runner, cli):
    normal = json.loads(runner.invoke(cli, ["walk", "B401-402", "C111-112", "--json"]).stdout)
    slow = json.loads(runner.invoke(cli, ["walk", "B401-402", "C111-112", "--json", "--pace", "2"]).stdout)
    assert slow["minutes"] >= 2 * normal["minutes"] - 1


def test_walk_to_an_unknown_place(runner, cli):
    result = runner.invoke(cli, ["walk", "B401-402", "the moon"])
    assert result.exit_code == 2
    assert "'the moon' is neither a room nor a session" in result.stderr


def test_walk_with_a_bad_venue_file(runner, cli, tmp_path):
    path = tmp_path / "venue.yaml"
    path.write_text("name: [broken\n", encoding="utf-8")
    result = runner.invoke(cli, ["walk", "B401-402", "C111-112", "--venue", str(path)])
    assert result.exit_code == 2
    assert "not valid YAML" in result.stderr
