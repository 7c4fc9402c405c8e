"""The TUI's rate key (`r`, then 1-5): the same library call as `planner rate`, through
Textual's pilot on a copy of the example agenda."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.agenda_file import AgendaFile
from test_tui import make_app, pilot_test, settle

EXAMPLE = Path(__file__).parents[1] / "examples" / "kubecon-thursday.yaml"
ATLANTA = ZoneInfo("America/New_York")


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, path)
    return path


@pilot_test
async def test_r_then_a_digit_rates_a_pick_that_has_begun_and_marks_it_attended(agenda: Path) -> None:
    app = make_app(agenda, now=dt.datetime(2025, 11, 13, 12, 0, tzinfo=ATLANTA))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"keda", "enter", "r", "4")
        pick = AgendaFile(agenda).load().get("8q2qm")
        assert (pick.rating, pick.attended) == (4, True)
        assert "rated 8q2qm ★★★★☆" in app.message


@pilot_test
async def test_a_talk_not_begun_is_not_rated_and_another_key_cancels(agenda: Path) -> None:
    before = agenda.read_bytes()
    app = make_app(agenda, now=dt.datetime(2025, 11, 13, 10, 0, tzinfo=ATLANTA))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"keda", "enter", "r", "5")
        assert "rate it once it has begun" in app.message
        await pilot.press("r", "x")
        assert app.message == "rating cancelled"
    assert agenda.read_bytes() == before
