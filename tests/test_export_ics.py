"""The .ics export, read back with the real icalendar parser, event by event."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import block
from planner.agenda_file import AgendaFile
from planner.planning import Planner

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
NOW = "2025-11-01T09:00:00Z"


@pytest.fixture
def example_agenda(tmp_path) -> Path:
    path = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def export(runner, cli, agenda: Path, *args: str, now: str | None = NOW):
    extra = ["--now", now] if now else []
    return runner.invoke(cli, ["export", "-a", str(agenda), *extra, *args])


def read_calendar(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events_by_uid(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_export_writes_beside_the_agenda_and_says_what_it_wrote(runner, cli, example_agenda):
    result = export(runner, cli, example_agenda)
    assert result.exit_code == 0, result.output
    target = example_agenda.with_suffix(".ics")
    assert result.stdout.startswith(f"Wrote 14 events to {target}")
    assert "4 as TENTATIVE, 2 of them in hard conflicts" in result.stdout
    assert target.exists()


def test_calendar_properties(runner, cli, example_agenda):
    export(runner, cli, example_agenda)
    raw = example_agenda.with_suffix(".ics").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded at 75 octets
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert re.fullmatch(r"-//planner//planner \d+\.\d+\.\d+//EN", str(calendar["PRODID"]))
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    name = "KubeCon + CloudNativeCon North America 2025 - my agenda"
    assert str(calendar["X-WR-CALNAME"]) == name and str(calendar["NAME"]) == name
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/New_York"
    parts = {c.name: c for c in zone.subcomponents}
    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    assert parts["DAYLIGHT"]["RRULE"]["BYDAY"] == ["2SU"] and parts["STANDARD"]["RRULE"]["BYDAY"] == ["1SU"]
    assert b"RDATE" not in raw
    assert b"ORGANIZER" not in raw and b"ATTENDEE" not in raw


def test_every_event_matches_its_pick(runner, cli, example_agenda):
    export(runner, cli, example_agenda)
    calendar = read_calendar(example_agenda.with_suffix(".ics"))
    planner = Planner.open(example_agenda)
    day = planner.plan()
    events = events_by_uid(calendar)
    assert len(events) == len(day.entries)
    hard_overlaps = {i for c in day.conflicts if c.hard and c.kind == "overlap" for i in c.ids}
    for entry in day.entries:
        session, pick = entry.session, entry.pick
        event = events[f"{pick.id}-kubecon-cloudnativecon-north-america-2025@planner"]
        assert event["DTSTART"].dt == session.start and event["DTEND"].dt == session.end
        assert event["DTSTART"].params["TZID"] == "America/New_York"
        assert event["DTSTAMP"].dt == dt.datetime(2025, 11, 1, 9, tzinfo=dt.UTC)
        assert str(event["SUMMARY"]) == session.title
        location = str(event["LOCATION"])
        loc = session.location
        assert location == (
            f"{loc.place}, Level {loc.level}, Building {loc.building}, "
            "Georgia World Congress Center, Atlanta, GA, USA"
        )
        description = str(event["DESCRIPTION"])
        for person in session.speakers:
            assert str(person) in description
        assert f"Track: {session.type}" in description
        if session.description:
            assert session.description in description
        if pick.note:
            assert f"Note: {pick.note}" in description
        assert [str(c) for c in event["CATEGORIES"].cats] == [session.type]
        expected_status = "CONFIRMED" if pick.must and pick.id not in hard_overlaps else "TENTATIVE"
        assert str(event["STATUS"]) == expected_status
        assert str(event["TRANSP"]) == ("OPAQUE" if pick.must else "TRANSPARENT")
        (alarm,) = event.walk("VALARM")
        trigger = -alarm["TRIGGER"].dt
        if entry.walk is None:
            assert trigger == dt.timedelta(minutes=10)
        else:
            assert trigger == dt.timedelta(minutes=entry.walk.minutes + (day.buffer_minutes))
        if entry.walk is not None and entry.walk.minutes > 0:
            assert event["X-APPLE-TRAVEL-DURATION"].dt == dt.timedelta(minutes=entry.walk.minutes)
            assert f"a {entry.walk.minutes} min walk" in description
            leave = session.start - dt.timedelta(minutes=entry.walk.minutes + day.buffer_minutes)
            assert f"by {leave:%H:%M}" in description
            assert "Leave now" in str(alarm["DESCRIPTION"])
        else:
            assert "X-APPLE-TRAVEL-DURATION" not in event
        assert int(event["SEQUENCE"]) == 0


def test_the_leave_by_time_of_the_issue(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    # B401-402 until 11:30, then C111-112 at 11:45: leave B401-402 walk+buffer before 11:45.
    runner.invoke(cli, ["pick", "kubevirt", "sig storage", "-a", str(agenda)])
    export(runner, cli, agenda)
    events = read_calendar(agenda.with_suffix(".ics")).walk("VEVENT")
    storage = next(e for e in events if "SIG Storage" in str(e["SUMMARY"]))
    walk = Planner.open(agenda).plan().entry("yr25e").walk.minutes
    leave = dt.datetime(2025, 11, 13, 11, 45) - dt.timedelta(minutes=walk + 2)
    assert "Leave B401-402 (High-Performance AI Workloads" in str(storage["DESCRIPTION"])
    assert f"by {leave:%H:%M}" in str(storage["DESCRIPTION"])
    (alarm,) = storage.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == f"Leave now: {walk} min walk to C111-112, Building C, Level 1"


def test_exporting_twice_is_byte_identical_with_a_fixed_now(runner, cli, example_agenda, tmp_path):
    export(runner, cli, example_agenda, "-o", str(tmp_path / "one.ics"))
    first = (tmp_path / "one.ics").read_bytes()
    export(runner, cli, example_agenda, "-o", str(tmp_path / "one.ics"))
    assert (tmp_path / "one.ics").read_bytes() == first


def test_without_a_fixed_now_only_dtstamp_differs(runner, cli, example_agenda, tmp_path):
    export(runner, cli, example_agenda, "-o", str(tmp_path / "one.ics"), now=None)
    first = (tmp_path / "one.ics").read_bytes()
    export(runner, cli, example_agenda, "-o", str(tmp_path / "one.ics"), now="2030-01-01T00:00:00Z")

    def without_dtstamp(data):
        return [line for line in data.decode().split("\r\n") if not line.startswith("DTSTAMP")]

    assert without_dtstamp(first) == without_dtstamp((tmp_path / "one.ics").read_bytes())


def test_second_export_prints_the_google_hint(runner, cli, example_agenda):
    first = export(runner, cli, example_agenda)
    assert "Google" not in first.stderr
    second = export(runner, cli, example_agenda)
    assert "Google skips events it has" in second.stderr and "planner sync" in second.stderr


def test_a_changed_session_gets_a_higher_sequence(runner, cli, tmp_path, write_schedule):
    schedule = write_schedule(
        block(title="Stays Put", time="11:00am EST - 11:30am EST"),
        block(title="Moves Later", time="1:00pm EST - 1:30pm EST"),
        block(title="Changes Room", time="3:00pm EST - 3:30pm EST"),
        name="conf.txt",
    )
    agenda = tmp_path / "a.yaml"
    runner.invoke(
        cli, ["pick", "stays put", "moves later", "changes room", "-a", str(agenda), "-s", str(schedule)]
    )
    export(runner, cli, agenda, now="2025-11-01T09:00:00Z")
    before = events_by_uid(read_calendar(agenda.with_suffix(".ics")))
    schedule.write_text(
        schedule.read_text(encoding="utf-8")
        .replace("1:00pm EST - 1:30pm EST", "2:00pm EST - 2:30pm EST")
        .replace(
            "Changes Room#\nTime: 3:00pm EST - 3:30pm EST\nVenue: Building B | Level 4 | B401-402",
            "Changes Room#\nTime: 3:00pm EST - 3:30pm EST\nVenue: Building C | Level 1 | C111-112",
        ),
        encoding="utf-8",
    )
    export(runner, cli, agenda, now="2025-11-05T12:00:00Z")
    after = events_by_uid(read_calendar(agenda.with_suffix(".ics")))
    assert before.keys() == after.keys()  # same UIDs: calendars update, not duplicate
    by_title = {str(e["SUMMARY"]): e for e in after.values()}
    first_export = dt.datetime(2025, 11, 1, 9, tzinfo=dt.UTC)
    second_export = dt.datetime(2025, 11, 5, 12, tzinfo=dt.UTC)
    assert int(by_title["Stays Put"]["SEQUENCE"]) == 0
    assert by_title["Stays Put"]["LAST-MODIFIED"].dt == first_export
    for title in ("Moves Later", "Changes Room"):
        assert int(by_title[title]["SEQUENCE"]) == 1
        assert by_title[title]["LAST-MODIFIED"].dt == second_export
    assert by_title["Moves Later"]["DTSTART"].dt.hour == 14
    assert "C111-112" in str(by_title["Changes Room"]["LOCATION"])


def test_dropped_pick_is_cancelled_once(runner, cli, example_agenda):
    export(runner, cli, example_agenda)
    runner.invoke(cli, ["drop", "qtqhf", "-a", str(example_agenda)])
    result = export(runner, cli, example_agenda, "--cancel-dropped")
    assert "1 dropped pick as CANCELLED" in result.stdout
    events = events_by_uid(read_calendar(example_agenda.with_suffix(".ics")))
    cancelled = events["qtqhf-kubecon-cloudnativecon-north-america-2025@planner"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 1
    assert str(cancelled["SUMMARY"]) == "GitOps Without Variables"
    # The overlap is gone, so the eBPF talk is now CONFIRMED, with a new SEQUENCE.
    ebpf = events["fvrvd-kubecon-cloudnativecon-north-america-2025@planner"]
    assert (str(ebpf["STATUS"]), int(ebpf["SEQUENCE"])) == ("CONFIRMED", 1)
    export(runner, cli, example_agenda, "--cancel-dropped")
    later = events_by_uid(read_calendar(example_agenda.with_suffix(".ics")))
    assert "qtqhf-kubecon-cloudnativecon-north-america-2025@planner" not in later


def test_re_picking_a_cancelled_session_continues_its_sequence(runner, cli, example_agenda):
    export(runner, cli, example_agenda)
    runner.invoke(cli, ["drop", "qtqhf", "-a", str(example_agenda)])
    export(runner, cli, example_agenda, "--cancel-dropped")
    runner.invoke(cli, ["pick", "qtqhf", "-a", str(example_agenda)])
    export(runner, cli, example_agenda)
    event = events_by_uid(read_calendar(example_agenda.with_suffix(".ics")))[
        "qtqhf-kubecon-cloudnativecon-north-america-2025@planner"
    ]
    assert str(event["STATUS"]) == "TENTATIVE" and int(event["SEQUENCE"]) == 2


def test_no_alarms_and_must_only(runner, cli, example_agenda, tmp_path):
    export(runner, cli, example_agenda, "--no-alarms", "--must-only", "-o", str(tmp_path / "x.ics"))
    calendar = read_calendar(tmp_path / "x.ics")
    assert calendar.walk("VALARM") == []
    statuses = [str(e["TRANSP"]) for e in calendar.walk("VEVENT")]
    assert len(statuses) == 12 and set(statuses) == {"OPAQUE"}


def test_text_survives_exactly(runner, cli, tmp_path, write_schedule):
    title = 'Crème brûlée, ☕ & 🚀; the <best> "talk"'
    description = "Line one, with commas; and semicolons.\nLine two: émoji 🎉 and 日本語 \\ backslash."
    schedule = write_schedule(block(title=title, description=description), name="odd.txt")
    agenda = tmp_path / "a.yaml"
    note = "ask: why; how, when?\nand 🙂"
    runner.invoke(cli, ["pick", "creme brulee", "--note", note, "-a", str(agenda), "-s", str(schedule)])
    export(runner, cli, agenda)
    (event,) = read_calendar(agenda.with_suffix(".ics")).walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert description in str(event["DESCRIPTION"])
    assert f"Note: {note}" in str(event["DESCRIPTION"])


def test_export_all_with_a_filter(runner, cli, tmp_path, schedule, example_agenda):
    target = tmp_path / "maintainer-track.ics"
    result = runner.invoke(
        cli, ["export", "--all", "--type", "MAINTAINER TRACK", "-o", str(target), "--now", NOW]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 18 events" in result.stdout
    events = read_calendar(target).walk("VEVENT")
    expected = {s.id for s in schedule.sessions if s.type == "MAINTAINER TRACK"}
    assert {str(e["UID"]).split("-")[0] for e in events} == expected
    assert all(str(e["TRANSP"]) == "TRANSPARENT" and not e.walk("VALARM") for e in events)
    # The full grid's UIDs are its own: imported into one calendar with the agenda,
    # neither set skips or overwrites the other.
    export(runner, cli, example_agenda)
    agenda_uids = set(events_by_uid(read_calendar(example_agenda.with_suffix(".ics"))))
    grid = runner.invoke(cli, ["export", "--all", "-o", str(tmp_path / "all.ics"), "--now", NOW])
    assert "Wrote 99 events" in grid.stdout
    grid_uids = set(events_by_uid(read_calendar(tmp_path / "all.ics")))
    assert not agenda_uids & grid_uids
    assert {u.split("-")[0] for u in agenda_uids} <= {u.split("-")[0] for u in grid_uids}


def test_empty_agenda_gives_a_valid_empty_calendar_and_a_warning(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    agenda.write_text("version: 1\npicks: []\n", encoding="utf-8")
    result = export(runner, cli, agenda)
    assert result.exit_code == 0
    assert "nothing to export" in result.stderr
    calendar = read_calendar(agenda.with_suffix(".ics"))
    assert calendar.walk("VEVENT") == [] and str(calendar["VERSION"]) == "2.0"


def test_output_in_a_missing_folder_is_an_input_error(runner, cli, example_agenda, tmp_path):
    before = example_agenda.read_bytes()
    result = export(runner, cli, example_agenda, "-o", str(tmp_path / "nope" / "x.ics"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert example_agenda.read_bytes() == before  # nothing recorded for an export that failed


def test_stdout_is_a_preview_that_records_nothing(runner, cli, example_agenda):
    before = example_agenda.read_bytes()
    result = export(runner, cli, example_agenda, "-o", "-")
    assert result.stdout.startswith("BEGIN:VCALENDAR")
    assert example_agenda.read_bytes() == before


def test_the_export_is_recorded_apart_and_the_agenda_file_left_alone(runner, cli, example_agenda):
    before = example_agenda.read_bytes()
    export(runner, cli, example_agenda)
    export(runner, cli, example_agenda, "-o", example_agenda.parent / "phone.ics")
    state = AgendaFile(example_agenda).exports()
    assert state.count == 1 and len(state.events) == 14
    assert list(state.outputs) == ["phone.ics"]  # relative to the agenda's folder
    assert example_agenda.read_bytes() == before


def test_filters_need_all(runner, cli, example_agenda):
    result = export(runner, cli, example_agenda, "--type", "SECURITY")
    assert result.exit_code == 2
    assert "the session filters go with --all" in result.stderr


def test_now_must_have_an_offset(runner, cli, example_agenda):
    result = export(runner, cli, example_agenda, now="2025-11-01T09:00")
    assert result.exit_code == 2
    assert "give a UTC offset" in result.stderr


def test_agenda_json_is_unaffected_by_exports(runner, cli, example_agenda):
    export(runner, cli, example_agenda)
    data = json.loads(runner.invoke(cli, ["agenda", "-a", str(example_agenda), "--json"]).stdout)
    assert len(data) == 14


def test_a_session_in_the_repeated_autumn_hour_is_written_in_utc(runner, cli, tmp_path, write_schedule):
    # 02:30 CET on the night clocks go back happens twice; only UTC can say which.
    schedule = write_schedule(
        block(title="Night Owl Session", time="2:30am CET - 2:50am CET"),
        block(title="Morning Session", time="10:00am CET - 10:30am CET"),
        header="Berlin Conf#\nSunday, October 26, 2025#\n",
        name="berlin.txt",
    )
    agenda = tmp_path / "a.yaml"
    runner.invoke(cli, ["pick", "night owl", "morning session", "-a", str(agenda), "-s", str(schedule)])
    export(runner, cli, agenda)
    raw = agenda.with_suffix(".ics").read_bytes()
    assert b"DTSTART:20251026T013000Z" in raw and b"DTEND:20251026T015000Z" in raw
    assert b"DTSTART;TZID=Europe/Berlin:20251026T100000" in raw
    events = {str(e["SUMMARY"]): e for e in read_calendar(agenda.with_suffix(".ics")).walk("VEVENT")}
    night = events["Night Owl Session"]
    assert night["DTEND"].dt - night["DTSTART"].dt == dt.timedelta(minutes=20)


def test_the_first_pick_of_a_day_has_no_walk_from_yesterday(runner, cli, tmp_path):
    schedule = tmp_path / "two-days.txt"
    schedule.write_text(
        "Conf#\nThursday, November 13, 2025#\n"
        + block(title="Late Talk", time="5:00pm EST - 5:30pm EST")
        + "Friday, November 14, 2025#\n"
        + block(
            title="Early Talk",
            time="9:00am EST - 9:30am EST",
            venue="Building C | Level 3 | Georgia Ballroom 1, Atlanta, GA, USA",
        ),
        encoding="utf-8",
    )
    agenda = tmp_path / "a.yaml"
    runner.invoke(cli, ["pick", "late talk", "early talk", "-a", str(agenda), "-s", str(schedule)])
    data = json.loads(runner.invoke(cli, ["agenda", "-a", str(agenda), "--json"]).stdout)
    assert [(e["title"], e["walk_minutes"]) for e in data] == [("Late Talk", None), ("Early Talk", None)]
    export(runner, cli, agenda)
    events = {str(e["SUMMARY"]): e for e in read_calendar(agenda.with_suffix(".ics")).walk("VEVENT")}
    (alarm,) = events["Early Talk"].walk("VALARM")
    assert -alarm["TRIGGER"].dt == dt.timedelta(minutes=10)
