"""Exports that hold up: escaped calendar names, zero-length events, event URLs,
export state per output, --all UIDs and versions, the leave-by walk, the feed."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import block
from planner.export import ExportRequest
from planner.export.writers.ics import FeedWriter, IcsOptions, IcsWriter
from planner.models import Location, Schedule, Session
from planner.venue_infer import venue_for

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
NOW = "2025-11-01T09:00:00Z"
ZONE = dt.timezone(dt.timedelta(hours=-5))


@pytest.fixture
def agenda(tmp_path) -> Path:
    path = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def export(runner, cli, agenda: Path, *args: str):
    result = runner.invoke(cli, ["export", "-a", str(agenda), "--now", NOW, *args])
    assert result.exit_code == 0, result.output
    return result


def events(path: Path) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def one_session_schedule(**fields) -> Schedule:
    session = Session(
        id="s1",
        title=fields.pop("title", "A Talk"),
        start=dt.datetime(2026, 3, 24, 10, 0, tzinfo=ZONE),
        end=fields.pop("end", dt.datetime(2026, 3, 24, 10, 30, tzinfo=ZONE)),
        location=Location(room="Hall A"),
        **fields,
    )
    return Schedule(name="Test Conf, Europe; 2026", source="t.txt", timezone="UTC", sessions=(session,))


def grid(schedule: Schedule, name: str = "Test Conf, Europe; 2026") -> bytes:
    request = ExportRequest(schedule, venue_for(schedule), IcsOptions(), name, sessions=schedule.sessions)
    return IcsWriter().build(request).text.encode()


@pytest.mark.parametrize("name", ["Test Conf, Europe; 2026", "Back\\slash \\N conf", "Two\nlines"])
def test_the_calendar_name_is_escaped_text(name):
    data = grid(one_session_schedule(), name)
    calendar = Calendar.from_ical(data)
    # icalendar reads NAME and X-WR-CALNAME as unknown (raw) values: unescape them as
    # RFC 5545 TEXT here (section 3.3.11), independently of the writer.
    for prop in ("NAME", "X-WR-CALNAME"):
        raw = calendar[prop].to_ical().decode()
        assert re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], raw) == name
    if "," in name:
        assert b"NAME:Test Conf\\, Europe\\; 2026\r\n" in data


def test_a_literal_backslash_n_in_a_title_stays_literal():
    data = grid(one_session_schedule(title="Paths like C:\\New and \\N"))
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Paths like C:\\New and \\N"


def test_a_zero_length_session_gets_an_end_after_its_start():
    start = dt.datetime(2026, 3, 24, 10, 0, tzinfo=ZONE)
    (event,) = Calendar.from_ical(grid(one_session_schedule(end=start))).walk("VEVENT")
    assert event["DTEND"].dt > event["DTSTART"].dt
    assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(minutes=1)


def test_the_session_url_is_the_event_url():
    data = grid(one_session_schedule(url="https://example.org/talk/s1?a=1,2"))
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["URL"]) == "https://example.org/talk/s1?a=1,2"


def test_a_variant_output_does_not_bump_the_main_calendar(runner, cli, agenda, tmp_path):
    export(runner, cli, agenda)
    export(runner, cli, agenda, "-o", str(tmp_path / "phone.ics"), "--no-alarms")
    export(runner, cli, agenda)
    assert {int(e["SEQUENCE"]) for e in events(agenda.with_suffix(".ics")).values()} == {0}
    # The phone file keeps its own versions too.
    export(runner, cli, agenda, "-o", str(tmp_path / "phone.ics"), "--no-alarms")
    assert {int(e["SEQUENCE"]) for e in events(tmp_path / "phone.ics").values()} == {0}


def test_must_only_does_not_call_maybes_dropped(runner, cli, agenda):
    export(runner, cli, agenda)
    export(runner, cli, agenda, "--must-only", "--cancel-dropped")
    assert not [e for e in events(agenda.with_suffix(".ics")).values() if str(e["STATUS"]) == "CANCELLED"]
    # A real drop still is.
    runner.invoke(cli, ["drop", "8q2qm", "-a", str(agenda)])
    export(runner, cli, agenda, "--must-only", "--cancel-dropped")
    cancelled = [u for u, e in events(agenda.with_suffix(".ics")).items() if str(e["STATUS"]) == "CANCELLED"]
    assert [u.split("-")[0] for u in cancelled] == ["8q2qm"]


def test_exports_never_write_into_the_agenda_file(runner, cli, agenda):
    for _ in range(3):
        export(runner, cli, agenda)
        runner.invoke(cli, ["drop", "8q2qm", "-a", str(agenda)])
        export(runner, cli, agenda)
        runner.invoke(cli, ["pick", "8q2qm", "-a", str(agenda)])
    assert "Kept by `planner export`" not in agenda.read_text() and "exported:" not in agenda.read_text()


def test_all_events_are_versioned_after_an_update(runner, cli, write_schedule, tmp_path):
    v1 = write_schedule(
        block("Opening", "9:00am EST - 9:30am EST"), block("Security", "11:00am EST - 11:30am EST")
    )
    v2 = write_schedule(
        block("Opening", "9:00am EST - 9:30am EST"), block("Security", "12:00pm EST - 12:30pm EST")
    )
    agenda = tmp_path / "a.yaml"
    assert runner.invoke(cli, ["pick", "opening", "-a", str(agenda), "-s", str(v1)]).exit_code == 0
    target = tmp_path / "all.ics"
    export(runner, cli, agenda, "--all", "-o", str(target))
    first = events(target)
    assert all(u.endswith(".all@planner") for u in first)
    runner.invoke(cli, ["update", str(v2), "-a", str(agenda), "--apply"])
    result = runner.invoke(
        cli, ["export", "-a", str(agenda), "--all", "-o", str(target), "--now", "2025-11-02T09:00:00Z"]
    )
    assert result.exit_code == 0, result.output
    second = events(target)
    assert second.keys() == first.keys()
    by_title = {str(e["SUMMARY"]): e for e in second.values()}
    assert int(by_title["Security"]["SEQUENCE"]) == 1
    assert by_title["Security"]["LAST-MODIFIED"].dt == dt.datetime(2025, 11, 2, 9, 0, tzinfo=dt.UTC)
    assert int(by_title["Opening"]["SEQUENCE"]) == 0


def test_the_leave_by_walk_starts_where_the_person_is(runner, cli, write_schedule, tmp_path):
    schedule = write_schedule(
        block(
            "Long Workshop",
            "10:00am EST - 11:30am EST",
            venue="Building B | Level 4 | B401-402, Atlanta, GA, USA",
        ),
        block(
            "Short Backup",
            "10:00am EST - 10:45am EST",
            venue="Building C | Level 1 | C111-112, Atlanta, GA, USA",
        ),
        block(
            "Next Thing", "11:00am EST - 11:30am EST", venue="Building B | Level 3 | B312, Atlanta, GA, USA"
        ),
    )
    agenda = tmp_path / "a.yaml"
    for query, extra in (("long workshop", []), ("short backup", ["--maybe"]), ("next thing", ["--maybe"])):
        assert (
            runner.invoke(cli, ["pick", query, "-a", str(agenda), "-s", str(schedule), *extra]).exit_code == 0
        )
    export(runner, cli, agenda)
    (event,) = [e for e in events(agenda.with_suffix(".ics")).values() if str(e["SUMMARY"]) == "Next Thing"]
    # Still in the must workshop (it runs to 11:30), not in the backup that ended at 10:45.
    assert "Leave B401-402 (Long Workshop)" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert "walk to B312" in str(alarm["DESCRIPTION"])


def test_the_feed_is_for_subscribing(runner, cli, agenda, tmp_path):
    export(runner, cli, agenda)
    result = export(runner, cli, agenda, "--feed")
    feed = agenda.with_suffix(".feed.ics")
    assert str(feed) in result.stdout
    calendar = Calendar.from_ical(feed.read_bytes())
    assert "METHOD" not in calendar
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert calendar["REFRESH-INTERVAL"].dt == dt.timedelta(hours=1)
    assert not calendar.walk("VALARM")
    # The same UIDs as the import file, stable from one publication to the next.
    assert events(feed).keys() == events(agenda.with_suffix(".ics")).keys()
    before = feed.read_bytes()
    export(runner, cli, agenda, "--feed")
    assert feed.read_bytes() == before
    # Dropped picks leave the feed; nothing is sent as cancelled.
    runner.invoke(cli, ["drop", "8q2qm", "-a", str(agenda)])
    export(runner, cli, agenda, "--feed", "--cancel-dropped")
    assert not [u for u in events(feed) if u.startswith("8q2qm-")]
    assert FeedWriter.name == "ics-feed"
