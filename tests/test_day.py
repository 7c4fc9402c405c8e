"""The pure core of the day: objects in, a day plan out; no file, no environment, no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.agenda import Agenda, Pick
from planner.day import plan_day, whats_next
from planner.models import Location, Schedule, Session

EST = dt.timezone(dt.timedelta(hours=-5))
DAY = dt.datetime(2025, 11, 13, 9, 0, tzinfo=EST)


def talk(session_id: str, start: int, minutes: int, room: str, building: str) -> Session:
    return Session(
        id=session_id,
        title=f"Talk {session_id}",
        start=DAY + dt.timedelta(minutes=start),
        end=DAY + dt.timedelta(minutes=start + minutes),
        location=Location(building=building, level="1", room=room),
    )


@pytest.fixture
def schedule() -> Schedule:
    sessions = (
        talk("aaaaa", 0, 30, "A1", "A"),
        talk("bbbbb", 35, 30, "B1", "B"),  # 5 min gap, another building
        talk("ccccc", 70, 30, "B1", "B"),  # same room as bbbbb
    )
    return Schedule(source="memory", timezone="America/New_York", sessions=sessions)


def test_a_plan_from_objects_alone(schedule, venue, tmp_path, monkeypatch):
    # Nothing to open: an empty folder, and an environment that points nowhere.
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("PLANNER_AGENDA", str(folder / "must-not-be-read.yaml"))
    agenda = Agenda(buffer=3, picks=tuple(Pick.of(s) for s in schedule.sessions))
    plan = plan_day(agenda, schedule, venue)
    assert [e.pick.id for e in plan.entries] == ["aaaaa", "bbbbb", "ccccc"]
    assert plan.buffer_minutes == 3
    assert [e.gap_minutes for e in plan.entries] == [None, 5, 5]
    assert plan.entries[2].walk.minutes == 0  # staying in the room
    assert list(folder.iterdir()) == []
    assert plan_day(agenda, schedule, venue, buffer_minutes=0).buffer_minutes == 0


def test_what_next_is_the_day_plans(schedule, venue):
    agenda = Agenda(picks=tuple(Pick.of(s) for s in schedule.sessions))
    plan = plan_day(agenda, schedule, venue)
    step = whats_next(plan, venue, DAY + dt.timedelta(minutes=10))
    assert step.here.pick.id == "aaaaa"
    [coming] = step.next
    assert coming.entry.pick.id == "bbbbb"
    assert coming.leave_by == coming.entry.item.start - dt.timedelta(minutes=coming.walk.minutes)
    assert whats_next(plan, venue, DAY + dt.timedelta(minutes=200)).next == ()
