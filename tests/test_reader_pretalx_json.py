"""The pretalx/frab schedule JSON reader, on a three-day conference written like pretalx writes it.

tests/data/oid2025-schedule.json follows the c3voc schedule JSON (the schema of
github.com/voc/schedule, validator/json/schema.json) as pretalx exports it:
Europe/Berlin, 24-26 October 2025, three rooms without buildings, a talk at 01:30
listed under the day before, one in the hour the clocks go back, a subtitle, several
persons, non-ASCII names and emoji.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import by_title, file_writer, line_of, run
from planner import load_schedule
from planner.errors import ScheduleError
from planner.models import Location
from planner.readers import READERS, reader_names
from planner.text import normalize, short_hash
from test_bad_input import assert_clean_failure

DATA = Path(__file__).parent / "data"
OID_JSON = DATA / "oid2025-schedule.json"
BERLIN_DAYS = [dt.date(2025, 10, 24), dt.date(2025, 10, 25), dt.date(2025, 10, 26)]


@pytest.fixture(scope="module")
def oid():
    return load_schedule(OID_JSON)


def sessions_json(runner, cli, path, *extra):
    result = run(runner, cli, "sessions", "--schedule", path, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def frab_json(*events, days=None, time_zone: str | None = "Europe/Berlin") -> str:
    """A small schedule JSON: ``events`` as (day index, room, event fields) on 24-26 Oct 2025."""
    days = days or [
        {
            "index": i + 1,
            "date": date.isoformat(),
            "day_start": f"{date}T04:00:00+02:00",
            "day_end": f"{date + dt.timedelta(days=1)}T03:59:00+02:00",
            "rooms": {},
        }
        for i, date in enumerate(BERLIN_DAYS[:2])
    ]
    for index, room, fields in events:
        event = {
            "guid": fields.pop("guid", None),
            "id": 1,
            "title": "A Talk",
            "subtitle": "",
            "track": None,
            "type": "Talk",
            "language": "en",
            "abstract": "",
            "description": "",
            "persons": [],
            "room": room,
            **fields,
        }
        if event["guid"] is None:
            del event["guid"]
        days[index - 1]["rooms"].setdefault(room, []).append(event)
    conference = {"acronym": "tiny", "title": "Tiny Conf", "start": "2025-10-24", "end": "2025-10-25"}
    if time_zone:
        conference["time_zone_name"] = time_zone
    conference["days"] = days
    return json.dumps({"schedule": {"version": "1", "conference": conference}}, indent=2, ensure_ascii=False)


@pytest.fixture
def write_json(tmp_path):
    return file_writer(tmp_path, "schedule", ".json", frab_json)


def talk(title: str, date: str | None, duration: str = "00:30", **fields) -> dict:
    event = {"title": title, "duration": duration, **fields}
    if date is not None:
        event["date"] = date
        event.setdefault("start", date[11:16])
    return event


# -- the conference ------------------------------------------------------------------


def test_the_reader_is_registered():
    assert {"pretalx-json", "frab-xml", "ical-feed", "sched-text"} <= set(reader_names())
    assert READERS["pretalx-json"].extensions == (".json",)


def test_conference_facts(oid):
    assert oid.name == "Open Infrastructure Days 2025"
    assert oid.timezone == "Europe/Berlin"
    assert len(oid) == 16
    assert oid.days == BERLIN_DAYS
    assert oid.warnings == ()


def test_a_talk_has_every_field(oid):
    talk_ = by_title(oid, "Tools and Strategies for Making the Most of Kubernetes Access Control")
    assert talk_.start.isoformat() == "2025-10-24T10:45:00+02:00"
    assert talk_.end.isoformat() == "2025-10-24T11:30:00+02:00"
    assert [(p.name, p.affiliation) for p in talk_.speakers] == [
        ("Lucas Käldström", None),
        ("Micah Hausler", None),
    ]
    assert talk_.location == Location(room="Saal 1")
    assert (talk_.track, talk_.type, talk_.language) == ("Security", "Talk", "en")
    assert talk_.url == "https://pretalx.example.org/oid2025/talk/BEB7JW/"
    assert talk_.description == (
        "Least-privilege RBAC without the pain.\n\n"
        "Lucas and Micah show open source tools that right-size RBAC rules semi-automatically,\n"
        "audit who can access sensitive resources, and check whether policy refactors are correct."
    )
    assert talk_.line == line_of(OID_JSON, '"5712de9d-f0e3-5d61-9e74-787daaba5fd8"')


def test_ids_come_from_the_registry_not_from_the_file(oid):
    for session in oid.sessions:
        assert session.id == short_hash(normalize(session.title))
    assert {s.id for s in oid.sessions}.isdisjoint({"200", "201", "RM7MRT", "BEB7JW"})


def test_subtitle_is_its_own_field_and_emoji_survive(oid):
    rust = by_title(oid, "Rust 🦀 in the Kernel")
    assert (rust.title, rust.subtitle) == ("Rust 🦀 in the Kernel", "Two Years of Drivers Written in Rust")
    assert (rust.start.isoformat(), rust.end.isoformat()) == (
        "2025-10-24T13:00:00+02:00",
        "2025-10-24T14:00:00+02:00",
    )
    assert rust.track == "Kernel"
    assert rust.description == "What went well, what did not, and what the next drivers will do differently."
    assert [p.name for p in by_title(oid, "Key Signing Party 🔑").speakers] == []


def test_track_and_type_apart(oid):
    postgres = by_title(oid, "Zero-Downtime Postgres Upgrades")  # "track": null
    assert (postgres.track, postgres.type) == (None, "Talk")
    soldering = by_title(oid, "Soldering Workshop: Build Your Own Badge")
    assert (soldering.track, soldering.type) == ("Hardware", "Workshop")


def test_several_persons_with_accents(oid):
    workshop = by_title(oid, "Hands-on: Writing Your First Kubernetes Operator")
    assert [p.name for p in workshop.speakers] == ["Ayşe Yılmaz", "Björn Åberg", "Zoë Martin"]
    assert all(p.affiliation is None for p in workshop.speakers)
    assert workshop.location == Location(room="Werkstatt")
    assert workshop.minutes == 90


def test_hours_minutes_seconds_duration(oid):
    tracing = by_title(oid, "Debugging Distributed Systems with Tracing")
    assert (tracing.start.isoformat(), tracing.end.isoformat()) == (
        "2025-10-26T10:00:00+01:00",
        "2025-10-26T10:45:00+01:00",
    )


def test_after_midnight_lands_on_its_calendar_date_and_its_listed_day():
    data = json.loads(OID_JSON.read_text(encoding="utf-8"))
    friday = data["schedule"]["conference"]["days"][0]
    assert "Late Night Lightning Talks" in [e["title"] for e in friday["rooms"]["Saal 2"]]
    late = by_title(load_schedule(OID_JSON), "Late Night Lightning Talks")
    assert late.start.isoformat() == "2025-10-25T01:30:00+02:00"
    assert late.end.isoformat() == "2025-10-25T02:30:00+02:00"
    assert late.day == dt.date(2025, 10, 24)
    assert late.speakers == ()


def test_the_hour_the_clocks_go_back(oid):
    talk_ = by_title(oid, "The Hour That Happens Twice: Time Zones Explained")
    assert talk_.start.isoformat() == "2025-10-26T02:30:00+02:00"
    assert talk_.end.isoformat() == "2025-10-26T02:30:00+01:00"
    assert talk_.minutes == 60


def test_every_time_is_aware_and_ordered(oid):
    starts = [s.start for s in oid.sessions]
    assert starts == sorted(starts)
    assert all(s.start.tzinfo is not None and s.end >= s.start for s in oid.sessions)
    assert {s.start.tzinfo.zone for s in oid.sessions} == {"Europe/Berlin"}


def test_tz_moves_the_clock_not_the_moment(oid):
    new_york = load_schedule(OID_JSON, tz="America/New_York")
    assert new_york.timezone == "America/New_York"
    assert [s.start for s in new_york.sessions] == [s.start for s in oid.sessions]
    late = by_title(new_york, "Late Night Lightning Talks")
    assert late.start.isoformat() == "2025-10-24T19:30:00-04:00"
    assert late.day == dt.date(2025, 10, 24)


# -- through the CLI -----------------------------------------------------------------


def test_day_filter_through_the_cli(runner, cli):
    titles = [s["title"] for s in sessions_json(runner, cli, OID_JSON, "--day", "2")]
    # Saturday holds the night after it (02:30 Sunday), not the night before.
    assert titles == [
        "Observability Without the Bill",
        "Self-Hosting Matrix at Scale",
        "eBPF for the Rest of Us",
        "Hands-on: Writing Your First Kubernetes Operator",
        "The Hour That Happens Twice: Time Zones Explained",
    ]
    friday = [s["title"] for s in sessions_json(runner, cli, OID_JSON, "--day", "1")]
    assert friday[-1] == "Late Night Lightning Talks"
    sunday = sessions_json(runner, cli, OID_JSON, "--day", "sunday")
    assert [s["start"] for s in sunday][:1] == ["2025-10-26T09:30:00+01:00"]
    assert sessions_json(runner, cli, OID_JSON, "--day", "2025-10-24")[0]["title"] == (
        "Opening: Welcome to Open Infrastructure Days"
    )


def test_json_output_of_one_session(runner, cli):
    [found] = sessions_json(runner, cli, OID_JSON, "--speaker", "kaldstrom")
    assert found == {
        "id": short_hash(normalize(found["title"])),
        "title": "Tools and Strategies for Making the Most of Kubernetes Access Control",
        "start": "2025-10-24T10:45:00+02:00",
        "end": "2025-10-24T11:30:00+02:00",
        "speakers": [
            {"name": "Lucas Käldström", "affiliation": None},
            {"name": "Micah Hausler", "affiliation": None},
        ],
        "building": None,
        "level": None,
        "room": "Saal 1",
        "area": None,
        "city": None,
        "type": "Talk",
        "description": found["description"],
        "day": "2025-10-24",
        "subtitle": None,
        "track": "Security",
        "language": "en",
        "url": "https://pretalx.example.org/oid2025/talk/BEB7JW/",
        "recorded": True,
        "guid": "5712de9d-f0e3-5d61-9e74-787daaba5fd8",
        "links": [],
        "picked": None,
    }


def test_sniffed_whatever_the_file_is_called(runner, cli, tmp_path):
    renamed = tmp_path / "programme.txt"
    renamed.write_bytes(OID_JSON.read_bytes())
    assert len(sessions_json(runner, cli, renamed)) == 16
    assert READERS["pretalx-json"]().sniff(OID_JSON.read_text(encoding="utf-8")[:8192])


def test_format_option_forces_the_reader(runner, cli):
    assert len(sessions_json(runner, cli, OID_JSON, "--format", "pretalx-json")) == 16
    forced = run(runner, cli, "sessions", "--schedule", OID_JSON, "--format", "frab-xml")
    assert_clean_failure(forced, f"{OID_JSON}:1: is not well-formed XML")
    xml = DATA / "oid2025-schedule.xml"
    forced = run(runner, cli, "sessions", "--schedule", xml, "--format", "pretalx-json")
    assert_clean_failure(forced, f"{xml}:1: is not valid JSON")


def test_walking_between_rooms_without_buildings(runner, cli, tmp_path):
    result = run(
        runner, cli, "walk", "Saal 1", "Werkstatt", "--schedule", OID_JSON, "--agenda", tmp_path / "a.yaml"
    )
    assert result.exit_code == 0, result.output
    # The generic one-building venue: its default walk within a building, 3 minutes.
    assert result.stdout.startswith("3 min walk from Saal 1 to Werkstatt")
    assert "Traceback" not in result.output


def test_pick_agenda_and_conflicts_across_two_days(runner, cli, tmp_path):
    agenda = tmp_path / "agenda.yaml"
    picked = run(
        runner,
        cli,
        "pick",
        "Tools and Strategies",
        "Reproducible Builds",
        "Late Night Lightning",
        "Observability Without",
        "Self-Hosting Matrix",
        "--schedule",
        OID_JSON,
        "--agenda",
        agenda,
    )
    assert picked.exit_code == 0, picked.output
    # The agenda remembers the schedule: later commands need no --schedule.
    shown = run(runner, cli, "agenda", "--agenda", agenda, "--json")
    assert shown.exit_code == 0, shown.output
    entries = json.loads(shown.stdout)
    assert [(e["title"], e["start"]) for e in entries] == [
        ("Reproducible Builds for Everyone", "2025-10-24T10:45:00+02:00"),
        (
            "Tools and Strategies for Making the Most of Kubernetes Access Control",
            "2025-10-24T10:45:00+02:00",
        ),
        ("Late Night Lightning Talks", "2025-10-25T01:30:00+02:00"),
        ("Observability Without the Bill", "2025-10-25T10:00:00+02:00"),
        ("Self-Hosting Matrix at Scale", "2025-10-25T10:00:00+02:00"),
    ]
    text = run(runner, cli, "agenda", "--agenda", agenda)
    assert text.exit_code == 0, text.output
    assert "Friday 24 October 2025" in text.stdout and "Saturday 25 October 2025" in text.stdout
    conflicts = run(runner, cli, "conflicts", "--agenda", agenda, "--json")
    assert conflicts.exit_code == 1, conflicts.output
    found = {(c["kind"], frozenset(c["sessions"]), c["minutes"]) for c in json.loads(conflicts.stdout)}
    ids = {e["title"].split()[0]: e["id"] for e in entries}
    assert found == {
        ("overlap", frozenset({ids["Reproducible"], ids["Tools"]}), 30),
        ("overlap", frozenset({ids["Observability"], ids["Self-Hosting"]}), 45),
    }


# -- how times are read ---------------------------------------------------------------


def test_start_without_date_uses_the_day_and_its_night(write_json):
    path = write_json(
        (1, "Saal 1", talk("Evening", None, start="20:00", duration="01:00")),
        (1, "Saal 1", talk("After Midnight", None, start="01:30", duration="00:45")),
    )
    schedule = load_schedule(path)
    evening, late = schedule.sessions
    assert evening.start.isoformat() == "2025-10-24T20:00:00+02:00"
    assert late.start.isoformat() == "2025-10-25T01:30:00+02:00"
    assert late.end.isoformat() == "2025-10-25T02:15:00+02:00"


def test_date_and_start_disagreeing_is_a_note(write_json):
    path = write_json(
        (1, "Saal 1", talk("Moved", "2025-10-24T11:00:00+02:00", start="10:00", guid="g-moved"))
    )
    schedule = load_schedule(path)
    assert schedule.sessions[0].start.isoformat() == "2025-10-24T11:00:00+02:00"
    [warning] = schedule.warnings
    assert warning.line == line_of(path, '"g-moved"')
    assert warning.message == "session 'Moved': 'start' says 10:00 but 'date' says 11:00; used 'date'"
    assert not warning.skipped


def test_an_event_outside_its_day_is_noted(write_json):
    path = write_json((1, "Saal 1", talk("Misfiled", "2025-10-25T15:00:00+02:00", guid="g-mis")))
    schedule = load_schedule(path)
    assert schedule.sessions[0].day == dt.date(2025, 10, 25)
    assert [w.message for w in schedule.warnings] == [
        "session 'Misfiled': is listed under day 1 but starts 2025-10-25 15:00; used its date"
    ]


def test_no_time_zone_name_and_no_place_shows_the_files_offset_never_a_named_zone(write_json):
    path = write_json((1, "Saal 1", talk("Offset Only", "2025-10-24T10:00:00+02:00")), time_zone=None)
    schedule = load_schedule(path)
    assert schedule.timezone == "UTC+02:00"
    assert schedule.sessions[0].start.isoformat() == "2025-10-24T10:00:00+02:00"
    [warning] = schedule.warnings
    assert warning.message == "the schedule gives only UTC+02:00; --tz Europe/Berlin names the zone"
    assert load_schedule(path, tz="Europe/Berlin").timezone == "Europe/Berlin"


def test_a_date_without_offset_is_read_in_the_zone(write_json):
    path = write_json((1, "Saal 1", talk("Naive", "2025-10-24T10:00:00")))
    assert load_schedule(path).sessions[0].start.isoformat() == "2025-10-24T10:00:00+02:00"
    assert load_schedule(path, tz="Asia/Tokyo").sessions[0].start.isoformat() == "2025-10-24T10:00:00+09:00"


# -- bad input ------------------------------------------------------------------------


def test_invalid_json_names_file_and_line(runner, cli, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"schedule": {"conference": {"days": [\n  {"index": 1,,}\n]}}}\n', encoding="utf-8")
    result = run(runner, cli, "sessions", "--schedule", path)
    assert_clean_failure(result, f"{path}:2: is not valid JSON: Expecting property name")


def test_unreadable_duration_is_skipped_with_a_warning(runner, cli, write_json):
    path = write_json(
        (1, "Saal 1", talk("Good", "2025-10-24T10:00:00+02:00", guid="g1")),
        (1, "Saal 1", talk("Bad", "2025-10-24T11:00:00+02:00", duration="an hour", guid="g2")),
        (2, "Saal 2", talk("Also Good", "2025-10-25T10:00:00+02:00", guid="g3")),
    )
    result = run(runner, cli, "sessions", "--schedule", path)
    assert result.exit_code == 0, result.output
    line = line_of(path, '"g2"')
    assert f"{path}:{line}: skipped session 'Bad': unreadable duration 'an hour' (expected HH:MM)" in (
        result.stderr
    )
    assert "Good" in result.stdout and "Also Good" in result.stdout
    assert "Bad" not in result.stdout


def test_strict_fails_on_the_first_bad_event(runner, cli, write_json):
    path = write_json(
        (1, "Saal 1", talk("Good", "2025-10-24T10:00:00+02:00", guid="g1")),
        (1, "Saal 1", talk("Bad", "2025-10-24T11:00:00+02:00", duration="-0:30", guid="g2")),
    )
    result = run(runner, cli, "sessions", "--schedule", path, "--strict")
    line = line_of(path, '"g2"')
    assert_clean_failure(result, f"{path}:{line}: session 'Bad': unreadable duration '-0:30'")


def test_missing_start_and_missing_guid_give_the_path(write_json):
    path = write_json(
        (1, "Saal 1", talk("Fine", "2025-10-24T10:00:00+02:00", guid="g1")),
        (1, "Saal 1", talk("Timeless", None)),
        (2, "Saal 1", talk("Unreadable", "tomorrow-ish", guid="g3")),
    )
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Fine"]
    assert [(w.line, w.message, w.skipped) for w in schedule.warnings] == [
        (
            None,
            "skipped session 'Timeless' at days[0].rooms[\"Saal 1\"][1]: no start: neither 'date' nor 'start'",
            True,
        ),
        (
            line_of(path, '"g3"'),
            "skipped session 'Unreadable': unreadable date 'tomorrow-ish' "
            "(expected ISO 8601, e.g. 2025-10-24T10:00:00+02:00)",
            True,
        ),
    ]
    with pytest.raises(ScheduleError, match="'Timeless' at days"):
        load_schedule(path, strict=True)


def test_an_event_without_a_title(write_json):
    path = write_json(
        (1, "Saal 1", talk("Fine", "2025-10-24T10:00:00+02:00")),
        (1, "Saal 1", talk("  ", "2025-10-24T11:00:00+02:00", guid="g-empty")),
    )
    [warning] = load_schedule(path).warnings
    assert (warning.line, warning.message) == (line_of(path, '"g-empty"'), "skipped event: no title")


def test_a_day_that_is_not_a_day(tmp_path):
    path = tmp_path / "days.json"
    good = json.loads(frab_json((1, "Saal 1", talk("Fine", "2025-10-24T10:00:00+02:00"))))
    good["schedule"]["conference"]["days"].append("not a day")
    path.write_text(json.dumps(good), encoding="utf-8")
    schedule = load_schedule(path)
    assert [w.message for w in schedule.warnings] == [
        "skipped day days[2]: not an object with a 'rooms' object"
    ]
    with pytest.raises(ScheduleError, match=r"day days\[2\]"):
        load_schedule(path, strict=True)


def test_only_bad_events(runner, cli, write_json):
    path = write_json(
        (1, "Saal 1", talk("Bad", "2025-10-24T10:00:00+02:00", duration="soon")),
        (1, "Saal 2", talk("Worse", "2025-10-24T10:00:00+02:00", duration="later")),
    )
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", path), "no session could be read (2 problem(s)"
    )


def test_unknown_time_zone_name_asks_for_tz(runner, cli, write_json):
    path = write_json((1, "Saal 1", talk("Far", "2025-10-24T10:00:00+02:00")), time_zone="Europe/Atlantis")
    result = run(runner, cli, "sessions", "--schedule", path)
    assert_clean_failure(
        result, f"{path}:{line_of(path, 'time_zone_name')}: unknown time_zone_name 'Europe/Atlantis'", "--tz"
    )
    assert run(runner, cli, "sessions", "--schedule", path, "--tz", "Europe/Lisbon").exit_code == 0


def test_json_that_is_not_a_schedule(runner, cli, tmp_path):
    path = tmp_path / "package.json"
    path.write_text('{"name": "left-pad", "version": "1.3.0"}\n', encoding="utf-8")
    result = run(runner, cli, "sessions", "--schedule", path)
    assert_clean_failure(result, f"{path}:1: is not a schedule planner can read", "--format")
    forced = run(runner, cli, "sessions", "--schedule", path, "--format", "pretalx-json")
    assert_clean_failure(forced, f"{path}:1: is JSON but not a c3voc schedule")


def test_a_conference_without_days(runner, cli, tmp_path):
    path = tmp_path / "nodays.json"
    path.write_text('{"schedule": {"version": "2", "conference": {"title": "X"}}}', encoding="utf-8")
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", path), "the conference has no 'days' list"
    )


def test_a_large_schedule_reads_cleanly(write_json):
    # Line numbers once came from counting newlines from the top for every event
    # (5,000 events took 38 s); bench/readers.py measures the speed, this the answer.
    events = [
        (1, f"Room {n % 40}", talk(f"Talk {n}", f"2025-10-24T{9 + n % 9:02d}:00:00+02:00", guid=f"g-{n}"))
        for n in range(12000)
    ]
    path = write_json(*events)
    schedule = load_schedule(path)
    assert len(schedule) == 12000
    assert schedule.warnings == ()
