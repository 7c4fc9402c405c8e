"""After the talk: planner attended, planner rate, planner log (the trip report) and
planner later (what to watch later), through the CLI on the bundled day."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run
from planner.agenda_file import AgendaFile

EXAMPLE = Path(__file__).parents[1] / "examples" / "kubecon-thursday.yaml"


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def test_a_talk_cannot_be_rated_before_it_begins(runner, cli, agenda) -> None:
    before = agenda.read_bytes()
    result = run(runner, cli, "rate", "keda", "4", "--at", "10:00", "--agenda", agenda)
    assert result.exit_code == 2
    assert "starts Thu 11:00; rate it once it has begun" in result.output
    assert agenda.read_bytes() == before


def test_rating_keeps_stars_and_words_in_the_agenda_with_its_comments(runner, cli, agenda) -> None:
    agenda.write_text(agenda.read_text() + "# my own comment at the end\n")
    result = run(
        runner, cli, "rate", "keda", "4", "--note", "great demo", "--at", "12:00", "--agenda", agenda
    )
    assert result.exit_code == 0, result.output
    assert "★★★★☆" in result.output
    pick = AgendaFile(agenda).load().get("8q2qm")
    assert (pick.rating, pick.review, pick.attended) == (4, "great demo", True)
    assert "# my own comment at the end" in agenda.read_text()


def test_rating_a_session_not_picked_says_so(runner, cli, agenda) -> None:
    result = run(runner, cli, "rate", "792em", "3", "--at", "18:00", "--agenda", agenda)
    assert result.exit_code == 2
    assert "is not in your agenda" in result.output


def test_attended_marks_the_musts_that_began_but_not_breaks_nor_clashing_pairs(runner, cli, agenda) -> None:
    result = run(runner, cli, "attended", "--at", "12:00", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    marked = {p.id for p in AgendaFile(agenda).load().picks if p.attended}
    assert "ymmrs" in marked  # the first keynote
    assert "jjjee" not in marked  # the coffee break is not a talk
    assert not {p.id for p in AgendaFile(agenda).load().picks if p.attended and p.start.hour >= 12}


def test_attended_adds_the_talk_you_went_to_instead(runner, cli, agenda) -> None:
    result = run(runner, cli, "attended", "792em", "--at", "12:00", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    pick = AgendaFile(agenda).load().get("792em")
    assert pick is not None and pick.attended


def test_the_trip_report_lists_attended_talks_in_order_with_ratings(runner, cli, agenda, tmp_path) -> None:
    run(runner, cli, "attended", "792em", "--at", "12:00", "--agenda", agenda)
    run(runner, cli, "rate", "keda", "5", "--note", "*the* talk", "--at", "12:00", "--agenda", agenda)
    result = run(runner, cli, "log", "--md", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "# KubeCon + CloudNativeCon North America 2025: talks attended"
    assert "## Thursday, November 13" in lines
    talks = [line for line in lines if line.startswith("- ")]
    # Two talks at 11:00 (one picked, one gone to instead), then nothing else: in time order.
    assert [t[:15] for t in talks] == ["- 11:00–11:30 *"] * 2
    assert any("Autoscaling Spring Boot Apps" in t for t in talks)
    assert "★★★★★" in result.output and r"> \*the\* talk" in result.output
    page = run(runner, cli, "log", "--html", "-o", tmp_path / "trip.html", "--agenda", agenda)
    assert page.exit_code == 0, page.output
    html = (tmp_path / "trip.html").read_text()
    assert "<blockquote>*the* talk</blockquote>" in html and "<script" not in html


def test_later_lists_the_picks_lost_to_a_clash_and_says_recording_unknown(runner, cli, agenda) -> None:
    result = run(runner, cli, "later", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    assert "GitOps Without Variables" in result.output
    assert "recording unknown" in result.output and "(recorded)" not in result.output
    assert "Lunch" not in result.output


def test_later_says_recorded_only_where_the_schedule_says_so(runner, cli, tmp_path) -> None:
    schedule = Path(__file__).parent / "data" / "corpus" / "pretalx-democon-excerpt.json"
    agenda = tmp_path / "agenda.yaml"
    sessions = run(runner, cli, "sessions", "--schedule", schedule, "--json")
    import json

    talks = [s for s in json.loads(sessions.output) if s["recorded"] is not None]
    assert talks, "the pretalx excerpt says which talks are recorded"
    first = talks[0]
    clash = next(
        s for s in json.loads(sessions.output) if s["start"] == first["start"] and s["id"] != first["id"]
    )
    run(runner, cli, "pick", first["id"], "--schedule", schedule, "--agenda", agenda)
    run(runner, cli, "pick", clash["id"], "--maybe", "--schedule", schedule, "--agenda", agenda)
    result = run(runner, cli, "later", "--json", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    listed = {t["id"]: t for t in json.loads(result.output)}
    assert clash["id"] in listed and listed[clash["id"]]["recorded"] == clash["recorded"]


def test_later_writes_events_one_after_another_on_the_chosen_evening(runner, cli, agenda, tmp_path) -> None:
    from icalendar import Calendar

    path = tmp_path / "watch.ics"
    result = run(runner, cli, "later", "--ics", path, "--evening", "21:00", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert events and all(str(e["SUMMARY"]).startswith("Watch: ") for e in events)
    starts = [e["DTSTART"].dt for e in events]
    ends = [e["DTEND"].dt for e in events]
    assert starts[0].astimezone().hour == starts[0].astimezone().hour  # aware
    assert all(ends[i] == starts[i + 1] for i in range(len(events) - 1))
    assert starts[0].isoformat() == "2025-11-14T02:00:00+00:00"  # 21:00 in Atlanta (UTC-5)


def test_the_watch_later_calendar_is_built_like_the_export_with_text_kept_as_written() -> None:
    # The watch-later events come from the export's parts: a title with a backslash and
    # an "N" stays as written (icalendar's own escaping read "\N" as a line break).
    import datetime as dt

    from icalendar import Calendar

    from planner.export.ics_parts import PRODID
    from planner.later import LaterTalk, WatchLater, later_calendar
    from planner.models import Location, Session

    start = dt.datetime(2025, 11, 13, 11, 0, tzinfo=dt.UTC)
    session = Session(
        id="abcde",
        title="Paths like C:\\New; commas, too",
        start=start,
        end=start + dt.timedelta(minutes=30),
        location=Location(room="A1"),
    )
    talk = LaterTalk(session, "clashes with 'X': one of the two live", True)
    text = later_calendar(WatchLater((talk,)), start + dt.timedelta(hours=10), "Conf, Europe")
    calendar = Calendar.from_ical(text)
    assert str(calendar["PRODID"]) == PRODID and str(calendar["METHOD"]) == "PUBLISH"
    assert b"\r\nX-WR-CALNAME:Watch later: Conf\\, Europe\r\n" in text  # TEXT, escaped
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Watch: Paths like C:\\New; commas, too"
    assert str(event["DESCRIPTION"]).startswith("clashes with 'X': one of the two live\nThu 13 Nov 11:00")
