"""Walking at venues planner does not know: a venue inferred from room names, with
honest defaults that say they are defaults, and ``planner venue init``.

Schedules are FOSDEM's real rooms (tests/data/corpus) and small ones written here
with sched-style locations and off-site hotels.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner import load_schedule
from planner.models import Location
from planner.venue import load_venue
from planner.venue_infer import (
    CAVEAT,
    guess_room,
    infer_venue,
    street_address,
    venue_for,
    venue_yaml,
    walking_caveat,
)
from test_bad_input import assert_clean_failure

FOSDEM = Path(__file__).parent / "data" / "corpus" / "fosdem-2025-excerpt.xml"
KUBECON = Path(__file__).resolve().parents[1] / "schedules" / "kubecon-na-2025-thursday.txt"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kubecon-thursday.yaml"


def run(runner, cli, *args):
    return runner.invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize(
    ("location", "building", "level"),
    [
        (Location(room="K.4.201"), "K", "4"),
        (Location(room="J.1.106"), "J", "1"),
        (Location(room="H.1308 (Rolin)"), "H", "1"),
        (Location(room="UA2.114 (Baudoux)"), "UA", "2"),
        (Location(room="AW1.120"), "AW", "1"),
        (Location(room="Building B | Level 4 | B401"), "B", "4"),
        (Location(room="Hall 8 | Room D"), "Hall 8", None),
        # sched's reader already split the venue line: its building is taken as given.
        (Location(building="Hall 8", room="Room D"), "Hall 8", None),
        (Location(room="Janson"), None, None),
        (Location(room="Saal 1"), None, None),
    ],
)
def test_what_a_room_name_says(location, building, level):
    guess = guess_room(location)
    assert (guess.building, guess.level, guess.address) == (building, level, None)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Hilton Atlanta, 255 Courtland St NE, Atlanta", "255 Courtland St NE"),
        ("Omni Hotel | 100 CNN Center", None),
        ("Marriott Marquis, 265 Peachtree Center Ave", "265 Peachtree Center Ave"),
        ("Hotel Bristol, Musterstraße 12", "Musterstraße 12"),
        ("Rue de la Loi 42", "Rue de la Loi 42"),
        ("Room 204", None),
        ("B401-402", None),
    ],
)
def test_street_addresses(text, address):
    assert street_address(text) == address


def _hotels_schedule(tmp_path: Path) -> Path:
    """A sched-style day: two halls of one centre and two hotels at different addresses."""
    blocks = [
        ("Keynote", "9:00am", "10:00am", "Hall 8 | Room D, Amsterdam, Netherlands"),
        ("Next Door", "10:05am", "10:30am", "Hall 8 | Room E, Amsterdam, Netherlands"),
        ("Other Hall", "10:35am", "11:00am", "Hall 12 | Room A, Amsterdam, Netherlands"),
        ("Hotel One", "11:05am", "11:30am", "Hilton, 255 Courtland St NE"),
        ("Hotel Two", "11:35am", "12:00pm", "Marriott Marquis, 265 Peachtree Center Ave"),
    ]
    lines = ["Hotel Conf#", "", "Thursday, November 13, 2025#", ""]
    for title, start, end, venue in blocks:
        lines += [f"{title}#", f"Time: {start} EST - {end} EST", f"Venue: {venue}", ""]
    path = tmp_path / "hotels.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_honest_defaults(tmp_path):
    schedule = load_schedule(_hotels_schedule(tmp_path))
    venue = venue_for(schedule)
    assert venue.estimated and walking_caveat(venue) == CAVEAT
    by = {s.title: s.location for s in schedule.sessions}
    same = venue.walk(by["Keynote"], by["Keynote"])
    hall = venue.walk(by["Keynote"], by["Next Door"])
    other = venue.walk(by["Keynote"], by["Other Hall"])
    hotels = venue.walk(by["Hotel One"], by["Hotel Two"])
    to_hotel = venue.walk(by["Other Hall"], by["Hotel One"])
    assert same.minutes == 0
    assert 0 < hall.minutes < other.minutes
    assert hall.estimated and other.estimated and not hall.unknown
    for walk in (hotels, to_hotel):
        assert walk.unknown and walk.minutes != 3
        assert any("off-site" in a for a in walk.assumptions)


def test_fosdem_buildings(tmp_path):
    venue = infer_venue(load_schedule(FOSDEM))
    assert {"K", "H", "AW", "UA", "UD"} <= set(venue.buildings)
    k3 = Location(room="K.3.201")
    assert venue.walk(k3, Location(room="K.3.201")).minutes == 0
    assert venue.walk(k3, Location(room="H.1301 (Cornil)")).minutes > venue.default_within_minutes


def test_a_known_venue_says_nothing(runner, cli, tmp_path):
    assert not load_venue().estimated
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "etcd", "--agenda", agenda)
    result = run(runner, cli, "agenda", "--agenda", agenda)
    assert result.exit_code == 0 and CAVEAT not in result.output


def test_caveat_once_in_agenda_walk_and_suggest(runner, cli, tmp_path):
    schedule = _hotels_schedule(tmp_path)
    agenda = tmp_path / "a.yaml"
    common = ("--schedule", schedule, "--agenda", agenda)
    assert run(runner, cli, "pick", "keynote", "hotel one", *common).exit_code == 0
    for args in (("agenda",), ("walk", "Room D", "Room A"), ("suggest", "--interest", "hotel"), ("check",)):
        result = run(runner, cli, *args, *common)
        assert result.exit_code in (0, 1), result.output
        assert result.stdout.count(CAVEAT) == 1, (args, result.stdout)
    agenda_text = run(runner, cli, "agenda", *common).stdout
    assert "unknown (off-site" in agenda_text
    walk = json.loads(run(runner, cli, "walk", "Hotel One", "Hotel Two", *common, "--json").stdout)
    assert walk["unknown"] and walk["estimated"] and walk["minutes"] != 3
    # Between two halls: no per-walk warning of a default, the one caveat says it.
    between = run(runner, cli, "walk", "Room D", "Room A", *common)
    assert "assumed" not in between.stderr and between.stdout.count(CAVEAT) == 1


def test_venue_init_writes_an_editable_file_and_points_the_agenda_at_it(runner, cli, tmp_path):
    agenda = tmp_path / "agenda.yaml"
    common = ("--schedule", FOSDEM, "--agenda", agenda)
    result = run(runner, cli, "venue", "init", *common)
    assert result.exit_code == 0, result.output
    written = tmp_path / "venue.yaml"
    text = written.read_text(encoding="utf-8")
    assert "# From the room names: campus code K.3.201: building K, level 3" in text
    assert "estimated: true" in text
    assert "venue: venue.yaml" in agenda.read_text(encoding="utf-8")
    # The file reads back into the same walks as the inferred venue.
    inferred, loaded = infer_venue(load_schedule(FOSDEM)), load_venue(written)
    rooms = [Location(room=r) for r in inferred.rooms]
    assert [inferred.minutes(a, b) for a in rooms for b in rooms] == [
        loaded.minutes(a, b) for a in rooms for b in rooms
    ]
    # Kept unless --force; the second run says so and exits 2.
    written.write_text(
        text.replace("default_between_buildings_minutes: 5", "default_between_buildings_minutes: 7")
    )
    assert_clean_failure(run(runner, cli, "venue", "init", *common), "already exists")
    assert "default_between_buildings_minutes: 7" in written.read_text(encoding="utf-8")
    # Corrected and marked checked: planner uses it and stops calling its walks defaults.
    written.write_text(written.read_text(encoding="utf-8").replace("estimated: true", "estimated: false"))
    walk = run(runner, cli, "walk", "K.3.201", "H.1301 (Cornil)", *common)
    assert walk.exit_code == 0 and CAVEAT not in walk.stdout
    assert run(runner, cli, "venue", "init", "--force", *common).exit_code == 0
    assert "estimated: true" in written.read_text(encoding="utf-8")


def test_venue_yaml_quotes_odd_room_names(tmp_path):
    lines = ["Odd Conf#", "", "Thursday, November 13, 2025#", ""]
    for n, venue in enumerate(['Room "A": #1', "Salon A, B & C", "K.1.105 (La Fontaine)"]):
        lines += [f"Talk {n}#", f"Time: 9:0{n}am EST - 9:3{n}am EST", f"Venue: {venue}", ""]
    path = tmp_path / "odd.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    schedule = load_schedule(path)
    out = tmp_path / "venue.yaml"
    out.write_text(venue_yaml(schedule), encoding="utf-8")
    assert set(load_venue(out).rooms) == {s.location.room for s in schedule.sessions}


# -- the exports say it too: the calendar, each event with a walk, the day view ----------


def _exports(runner, cli, tmp_path: Path, *common) -> tuple[str, str]:
    ics, html = tmp_path / "a.ics", tmp_path / "a.html"
    for fmt, out in (("ics", ics), ("html", html)):
        result = run(
            runner, cli, "export", "--format", fmt, *common, "-o", out, "--now", "2025-11-01T00:00:00Z"
        )
        assert result.exit_code == 0, result.output
    return ics.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")


def test_exports_say_once_that_walks_are_estimates(runner, cli, tmp_path):
    from html import unescape

    from icalendar import Calendar

    from planner.export.ics_agenda import ESTIMATE_LINE

    schedule = _hotels_schedule(tmp_path)
    agenda = tmp_path / "a.yaml"
    common = ("--schedule", schedule, "--agenda", agenda)
    assert run(runner, cli, "pick", "keynote", "other hall", "hotel one", *common).exit_code == 0
    ics, html = _exports(runner, cli, tmp_path, *common)

    calendar = Calendar.from_ical(ics)
    # icalendar keeps an X- property as written: TEXT, its "; " escaped, as in the name.
    raw = str(calendar["X-WR-CALDESC"])
    assert raw == f"Note: {CAVEAT}.".replace(";", "\\;")
    events = {str(e["SUMMARY"]): str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}
    walking = {title for title, text in events.items() if " walk" in text}
    assert walking == {"Other Hall", "Hotel One"}
    for title, text in events.items():
        assert text.count(ESTIMATE_LINE) == (title in walking), (title, text)
    # The off-site walk is unknown, not a figure given as fact.
    hotel = events["Hotel One"]
    assert "unknown" in hotel and "a 20 min walk" not in hotel
    alarms = [str(a["DESCRIPTION"]) for e in calendar.walk("VEVENT") for a in e.walk("VALARM")]
    assert any("unknown" in a and "Hilton" in a for a in alarms)
    assert not any("20 min walk" in a for a in alarms)

    assert unescape(html).count(CAVEAT) == 1


def test_exports_of_a_known_venue_say_nothing_of_estimates(runner, cli, tmp_path):
    from planner.export.ics_agenda import ESTIMATE_LINE

    agenda = tmp_path / "a.yaml"
    shutil.copy(EXAMPLE, agenda)
    ics, html = _exports(runner, cli, tmp_path, "--agenda", agenda)
    assert " walk" in ics.replace("\r\n ", "")  # it does give walks
    unfolded = ics.replace("\r\n ", "")
    assert "X-WR-CALDESC" not in unfolded and ESTIMATE_LINE not in unfolded and "unknown" not in unfolded
    assert "caveat" not in html and "estimates" not in html
