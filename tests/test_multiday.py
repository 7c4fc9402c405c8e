"""Papercuts of multi-day schedules and of what people type: each result carries its
day, a day outside the schedule names the schedule's days, a window may run across
midnight, and a conflict said of the earlier pick points the right way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run
from planner.agenda_file import AgendaFile
from planner.clock import parse_day
from planner.errors import PlannerError
from planner.planning import Planner
from planner.query import SessionFilter
from planner.readers import ScheduleSource

DATA = Path(__file__).parent / "data"
OID_JSON = DATA / "oid2025-schedule.json"


@pytest.fixture
def oid():
    from planner import load_schedule

    return load_schedule(OID_JSON)


def test_a_day_outside_the_schedule_names_the_schedule_days(oid):
    with pytest.raises(PlannerError) as raised:
        parse_day("2025-11-13", oid.days)
    message = str(raised.value)
    assert "2025-11-13" in message
    for day in ("1 = Fri 24 Oct (2025-10-24)", "2 = Sat 25 Oct (2025-10-25)", "3 = Sun 26 Oct (2025-10-26)"):
        assert day in message


def test_a_day_outside_the_schedule_through_the_cli(runner, cli):
    result = run(runner, cli, "sessions", "--schedule", OID_JSON, "--day", "2025-11-13")
    assert result.exit_code == 2
    assert (
        "1 = Fri 24 Oct (2025-10-24), 2 = Sat 25 Oct (2025-10-25), 3 = Sun 26 Oct (2025-10-26)"
        in result.output
    )
    assert "Traceback" not in result.output


def test_a_window_that_ends_before_it_starts_runs_across_midnight(oid):
    late = SessionFilter(between=("23:00", "03:00")).apply(oid.sessions)
    # 01:30 after Friday, and 02:30 in the night the clocks go back; nothing of the daytime.
    assert sorted(s.id for s in late) == ["4pq02", "80tyh"]
    assert all(s.start.hour < 3 for s in late)


def test_an_empty_window_is_an_error_not_an_empty_list():
    with pytest.raises(PlannerError, match="empty window"):
        SessionFilter(between=("14:00", "14:00"))


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"day": "13 November"}, "is not a date"),
        ({"day": 20251113}, "is not a date"),
        ({"at": 1115}, "takes a time of day"),
        ({"between": ("09:00",)}, "takes two times"),
        ({"track": [3]}, "takes text"),
    ],
)
def test_a_filter_refuses_what_it_cannot_mean(given, message):
    # The library's own check, one clear PlannerError (the CLI hands it parsed values).
    with pytest.raises(PlannerError, match=message):
        SessionFilter(**given)


def test_a_filter_takes_text_for_times_days_and_lists():
    text = SessionFilter(at="11:15", day="2025-11-13", track="AI", search=["keda", "scale"])
    assert (text.at.hour, text.at.minute, text.day.day) == (11, 15, 13)
    assert text.track == ("AI",) and text.search == ("keda", "scale")
    assert text == SessionFilter(at="11:15", day="2025-11-13", track=("AI",), search=("keda", "scale"))


def test_the_window_across_midnight_through_the_cli(runner, cli):
    result = run(runner, cli, "sessions", "--schedule", OID_JSON, "--between", "23:00", "03:00", "--json")
    assert result.exit_code == 0, result.output
    assert sorted(s["id"] for s in json.loads(result.stdout)) == ["4pq02", "80tyh"]


def test_an_unreachable_pick_is_said_the_right_way_round(runner, cli, tmp_path):
    agenda = tmp_path / "agenda.yaml"
    # 8q2qm ends 15 min before m54fx starts, a 14 min walk away: 17 at the example's pace.
    result = run(runner, cli, "pick", "8q2qm", "m54fx", "-a", agenda, "--pace", "1.2")
    assert result.exit_code == 0, result.output
    earlier, later = result.stdout.split("Picked ")[1:3]
    assert earlier.startswith("8q2qm")
    assert "cannot reach SIG API Machinery" in earlier and "[m54fx] in time: 17 min walk" in earlier
    assert "unreachable from" not in earlier
    assert later.startswith("m54fx")
    assert "unreachable from" in later and "[8q2qm]" in later


def test_conflicts_and_suggestions_carry_their_day(tmp_path, oid):
    agenda = tmp_path / "agenda.yaml"
    planner = Planner.open(agenda, ScheduleSource(str(OID_JSON)))
    planner.pick(["wsbtc", "4qxy4", "r6bc9", "nv0gr"])  # two overlaps, on Saturday and on Sunday
    plan = planner.plan()
    days = sorted({c.to_json()["day"] for c in plan.conflicts if c.kind == "overlap"})
    assert days == ["2025-10-25", "2025-10-26"]
    AgendaFile(agenda).save_text(f"version: 1\nschedule: {OID_JSON}\npicks:\n")
    suggestion = Planner.open(agenda).suggest()
    assert {p.to_json()["day"] for p in suggestion.picks} == {d.isoformat() for d in oid.days}
    late = next(p for p in suggestion.picks if p.id == "80tyh")
    assert late.day == oid.get("80tyh").day


def test_schedule_check_carries_the_day_of_a_double_booking(runner, cli, write_schedule):
    from conftest import block

    path = write_schedule(block("First Talk"), block("Second Talk"))
    result = run(runner, cli, "check", "--schedule", path, "--json")
    data = json.loads(result.stdout)
    assert [d["day"] for d in data["double_booked"]] == ["2025-11-13"]


def test_walks_run_within_a_conference_day_not_a_calendar_date(tmp_path):
    # oid2025: the 01:30 lightning talks are listed under Friday, the day before their date.
    planner = Planner.open(tmp_path / "night.yaml", ScheduleSource(str(OID_JSON)))
    planner.pick(["hxf1y", "80tyh", "wsbtc"])  # Fri 15:00 workshop, Fri-night 01:30 talks, Sat 10:00
    entries = {e.pick.id: e for e in planner.plan().entries}
    assert entries["80tyh"].previous == "hxf1y" and entries["80tyh"].walk is not None
    assert entries["wsbtc"].previous is None  # Saturday starts afresh
