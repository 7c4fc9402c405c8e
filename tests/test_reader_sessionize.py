"""The Sessionize reader, on real excerpts of the "All" view (Global Azure Austria 2023)
and the "GridSmart" view (droidcon Berlin 2022; provenance in tests/data/corpus/README.md),
and on small synthetic files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import by_title, file_writer, run
from planner import load_schedule
from planner.errors import ScheduleError
from planner.readers import READERS
from test_bad_input import assert_clean_failure

DATA = Path(__file__).parent / "data" / "corpus"
ALL = DATA / "sessionize-all-excerpt.json"
GRID = DATA / "sessionize-gridsmart-excerpt.json"


def all_view(*sessions: dict, **extra) -> str:
    """A Sessionize "All" view holding ``sessions`` (Room 1, one speaker, one category)."""
    data = {
        "sessions": list(sessions),
        "speakers": [{"id": "s1", "fullName": "Ada Lovelace", "tagLine": "Engineer at Acme"}],
        "categories": [
            {"id": 1, "title": "Track", "items": [{"id": 10, "name": "Cloud"}]},
            {"id": 2, "title": "Session format", "items": [{"id": 20, "name": "Talk"}]},
        ],
        "rooms": [{"id": 7, "name": "Room 1"}],
        "questions": [],
        **extra,
    }
    return json.dumps(data, indent=1)


def session(title="A Talk", starts="2025-05-12T10:00:00", ends="2025-05-12T10:45:00", **extra) -> dict:
    return {
        "id": str(abs(hash(title)) % 100000),
        "title": title,
        "startsAt": starts,
        "endsAt": ends,
        "isServiceSession": False,
        "speakers": ["s1"],
        "categoryItems": [10, 20],
        "roomId": 7,
        **extra,
    }


@pytest.fixture
def write_all(tmp_path):
    return file_writer(tmp_path, "sessionize", ".json", all_view)


# -- the "All" view ---------------------------------------------------------------------


def test_the_all_view_is_sniffed_and_read_with_rooms_speakers_and_language():
    schedule = load_schedule(ALL, tz="Europe/Vienna")
    assert len(schedule) == 6
    welcome = by_title(schedule, "Welcome to Global Azure Austria")
    # 09:00 on the venue's clock in Linz, May: UTC+02:00.
    assert welcome.start.isoformat() == "2023-05-12T09:00:00+02:00"
    assert welcome.end.isoformat() == "2023-05-12T09:10:00+02:00"
    assert welcome.location.room == "Room 1"
    assert welcome.language == "English"  # the "Language" category group
    assert [s.name for s in welcome.speakers] == ["Rainer Stropek"]
    assert schedule.timezone == "Europe/Vienna"
    assert not [w for w in schedule.warnings if w.notice]


def test_a_speakers_tagline_is_the_affiliation(write_all):
    schedule = load_schedule(write_all(session()), tz="Europe/Berlin")
    (talk,) = schedule.sessions
    assert [(s.name, s.affiliation) for s in talk.speakers] == [("Ada Lovelace", "Engineer at Acme")]
    assert (talk.track, talk.type) == ("Cloud", "Talk")


def test_without_a_zone_the_wall_clock_is_shown_as_written_and_said_once(write_all):
    schedule = load_schedule(write_all(session()))
    (talk,) = schedule.sessions
    assert talk.start.strftime("%H:%M") == "10:00"
    notices = [w.message for w in schedule.warnings if w.notice]
    assert len(notices) == 1
    assert "no time zone" in notices[0] and "--tz" in notices[0] and "timezone:" in notices[0]


def test_a_place_the_file_names_gives_the_zone_and_says_so(write_all):
    rooms = [{"id": 7, "name": "Hall A, Berlin, Germany"}]
    schedule = load_schedule(
        write_all(session(starts="2025-01-20T10:00:00", ends="2025-01-20T11:00:00"), rooms=rooms)
    )
    assert schedule.timezone == "Europe/Berlin"
    assert schedule.sessions[0].start.isoformat() == "2025-01-20T10:00:00+01:00"
    assert any("Europe/Berlin" in w.message and w.notice for w in schedule.warnings)


def test_the_agenda_zone_reaches_the_reader(runner, cli, write_all, tmp_path):
    path = write_all(session())
    agenda = tmp_path / "a.yaml"
    assert (
        run(runner, cli, "pick", "a talk", "-s", path, "--tz", "Europe/Lisbon", "-a", agenda).exit_code == 0
    )
    shown = run(runner, cli, "agenda", "-a", agenda)
    assert "10:00" in shown.stdout and "no time zone" not in shown.stderr


def test_service_sessions_are_drop_in_kinds(write_all):
    path = write_all(
        session("Registration & Check-in", isServiceSession=True, speakers=[], categoryItems=[]),
        session("Lunch", starts="2025-05-12T12:00:00", ends="2025-05-12T13:00:00", isServiceSession=True),
        session("Welcome", starts="2025-05-12T09:00:00", ends="2025-05-12T09:10:00", isServiceSession=True),
    )
    schedule = load_schedule(path, tz="UTC")
    assert by_title(schedule, "Registration & Check-in").type == "REGISTRATION"
    assert by_title(schedule, "Lunch").type == "BREAKS"
    assert by_title(schedule, "Welcome").type == "Talk"  # a service session of its own kind keeps it


# -- the "GridSmart" view ---------------------------------------------------------------


def test_the_gridsmart_view_reads_every_room_once():
    schedule = load_schedule(GRID, tz="Europe/Berlin")
    assert len(schedule) == 20
    registration = by_title(schedule, "Registration & Check-In Open")
    assert registration.type == "REGISTRATION"
    assert registration.start.isoformat() == "2022-07-06T07:30:00+02:00"
    assert by_title(schedule, "Break").type == "BREAKS"
    keynote = by_title(schedule, "Keynote: Now in Modern Android")
    assert keynote.type == "Session" and keynote.location.room == "Room 1"
    assert [s.name for s in keynote.speakers] == ["Jose Alcérreca", "Florina Muntenescu", "Wojtek Kaliciński"]
    assert keynote.end - keynote.start == dt.timedelta(minutes=55)


def test_a_plenum_session_listed_in_two_rooms_is_one_session(tmp_path):
    shared = {
        "id": "x1",
        "title": "Keynote",
        "startsAt": "2025-05-12T09:00:00",
        "endsAt": "2025-05-12T10:00:00",
    }
    days = [
        {
            "date": "2025-05-12T00:00:00",
            "rooms": [
                {"id": 1, "name": "Room 1", "sessions": [shared]},
                {"id": 2, "name": "Room 2", "sessions": [shared]},
            ],
            "timeSlots": [],
        }
    ]
    path = tmp_path / "grid.json"
    path.write_text(json.dumps(days), encoding="utf-8")
    assert len(load_schedule(path, tz="UTC")) == 1


def test_the_sessions_view_groups_are_read(tmp_path):
    talk = {
        "id": "1",
        "title": "Grouped Talk",
        "startsAt": "2025-05-12T11:00:00",
        "endsAt": "2025-05-12T11:30:00",
        "room": "Hall B",
        "speakers": [{"id": "a", "name": "Bo Chen"}],
        "categories": [{"name": "Track", "categoryItems": [{"id": 3, "name": "Mobile"}]}],
    }
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps([{"groupId": None, "groupName": "All", "sessions": [talk]}]), encoding="utf-8")
    (session,) = load_schedule(path, tz="Europe/Berlin").sessions
    assert (session.location.room, session.track, [s.name for s in session.speakers]) == (
        "Hall B",
        "Mobile",
        ["Bo Chen"],
    )


# -- hostile and broken input -----------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ({"startsAt": "tomorrow"}, "unreadable startsAt"),
        ({"startsAt": None}, "no startsAt"),
        ({"startsAt": 12345678901234567890}, "unreadable startsAt"),
        ({"endsAt": "2025-05-11T10:00:00"}, "before it starts"),
        ({"endsAt": "9999-12-31T23:59:59"}, "weeks later"),
        ({"title": ["not", "text"]}, "no title"),
    ],
)
def test_a_bad_session_is_skipped_with_its_reason(write_all, bad, fragment):
    path = write_all(
        session("Good"), session("Bad", **bad) if "title" not in bad else {**session("Bad"), **bad}
    )
    schedule = load_schedule(path, tz="UTC")
    assert [s.title for s in schedule.sessions] == ["Good"]
    assert any(fragment in w.message and w.skipped for w in schedule.warnings)
    with pytest.raises(ScheduleError, match=fragment):
        load_schedule(path, tz="UTC", strict=True)


@pytest.mark.parametrize(
    "text",
    [
        '{"sessions": [{"startsAt": 1}], "rooms": "x", "speakers": 5, "categories": [null]}',
        '{"sessions": [], "startsAt": ""}',
        '{"sessions": [{"startsAt": "' + "9" * 5000 + '"}]}',
        '{"sessions": [{"startsAt": 1' + "0" * 5000 + "}]}",
        '[{"timeSlots": [], "rooms": [{"sessions": [{"startsAt": {"a": 1}}]}]}]',
    ],
)
def test_hostile_files_are_one_line_and_exit_2(runner, cli, tmp_path, text):
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    result = run(runner, cli, "sessions", "-s", path, "--tz", "UTC")
    assert_clean_failure(result, str(path))


def test_the_format_can_be_named():
    assert "sessionize" in READERS
    assert len(load_schedule(ALL, format="sessionize", tz="UTC")) == 6


def test_times_taken_as_utc_keep_saying_so_after_the_agenda_records_utc(runner, cli, write_all, tmp_path):
    path = write_all(session())
    agenda = tmp_path / "a.yaml"
    picked = run(runner, cli, "pick", "a talk", "-s", path, "-a", agenda)
    assert picked.exit_code == 0 and "no time zone" in picked.stderr
    assert "timezone: UTC" in agenda.read_text(encoding="utf-8")
    shown = run(runner, cli, "agenda", "-a", agenda)
    assert "10:00" in shown.stdout and "taken as UTC" in shown.stderr


# -- the whole corpus files, when they are beside the checkout -----------------------------

CORPUS = next(
    (p for p in (Path(__file__).resolve().parents[n] / "shared" / "corpus" for n in (1, 2, 3)) if p.is_dir()),
    None,
)


@pytest.mark.skipif(CORPUS is None, reason="the corpus (../shared/corpus) is not beside the checkout")
@pytest.mark.parametrize(
    ("name", "zone", "days"),
    [
        ("sessionize-all-global-azure-austria-2023.json", "Europe/Vienna", {"2023-05-12": 24}),
        (
            "sessionize-gridsmart-droidcon-berlin-2022.json",
            "Europe/Berlin",
            {"2022-07-06": 50, "2022-07-07": 54, "2022-07-08": 33},
        ),
    ],
)
def test_the_whole_files_count_right_per_day(name, zone, days):
    from collections import Counter

    schedule = load_schedule(CORPUS / name, tz=zone)
    assert Counter(s.start.date().isoformat() for s in schedule.sessions) == days
    assert not schedule.warnings
