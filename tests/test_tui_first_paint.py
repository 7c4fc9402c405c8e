"""What the first paint of `planner tui` does, counted, never timed: the footer's keys it
builds, the list lines it makes and draws, and the solving and search folding it leaves until
the keys rest. Each was work that made the first paint of a day of 700 sessions 4-5.6x a bare Textual
app's (``bench/tui_profile.py --first-paint`` measures the time)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen
from textual.visual import Visual
from textual.widgets import Footer

import planner.tui.board as board_module
import planner.tui.session_list as session_list
from planner.tui.board import Board
from planner.tui.grid import SessionGrid
from planner.tui.session_list import SessionList
from test_tui import COMMENTED, make_app, pilot_test, settle


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """Count, through the real methods: the footer's builds of its keys, the screen's layouts,
    the session lines made, the days solved and the session texts folded for the search."""
    counts = {"footer builds": 0, "layouts": 0, "lines": 0, "rows drawn": 0, "solved": 0, "folded": 0}
    recompose, refresh_layout = Footer.recompose, Screen._refresh_layout
    to_strips = Visual.to_strips.__func__
    session_line, search_text = session_list.session_line, board_module._search_text
    compute = Board.compute_suggestions

    async def counting_recompose(self):
        counts["footer builds"] += 1
        return await recompose(self)

    def counting_layout(self, *args, **kwargs):
        counts["layouts"] += 1
        return refresh_layout(self, *args, **kwargs)

    def counting_line(*args):
        counts["lines"] += 1
        return session_line(*args)

    def counting_to_strips(cls, widget, *args, **kwargs):
        if isinstance(widget, SessionList):
            counts["rows drawn"] += 1
        return to_strips(cls, widget, *args, **kwargs)

    def counting_compute(self, day):
        counts["solved"] += 1
        return compute(self, day)

    def counting_search_text(session):
        counts["folded"] += 1
        return search_text(session)

    monkeypatch.setattr(Footer, "recompose", counting_recompose)
    monkeypatch.setattr(Screen, "_refresh_layout", counting_layout)
    monkeypatch.setattr(session_list, "session_line", counting_line)
    monkeypatch.setattr(Visual, "to_strips", classmethod(counting_to_strips))
    monkeypatch.setattr(Board, "compute_suggestions", counting_compute)
    monkeypatch.setattr(board_module, "_search_text", counting_search_text)
    return counts


async def laid_out(pilot, counted) -> None:
    """Until the screen has stopped laying itself out: the first paint has settled."""
    for _ in range(100):
        before = counted["layouts"]
        await pilot.pause()
        if counted["layouts"] == before:
            return


@pilot_test
async def test_the_first_paint_makes_one_screen_of_lines_and_leaves_the_day_to_the_rest(
    agenda: Path, counted, monkeypatch
) -> None:
    # Keys that never rest: nothing is solved or folded for the search, whatever the day's length.
    monkeypatch.setattr("planner.tui.app.SUGGEST_AFTER_SECONDS", 600, raising=False)
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(pilot, counted)
        height = app.session_list.scrollable_content_region.height
        assert app.board.day_size() > height  # 99 sessions: more than a screen
        assert 0 < counted["lines"] <= height  # the rows on screen, each once (not again for a redraw)
        # Drawn once: the list has the focus from the first frame (it came after it, and drew them again).
        assert counted["lines"] <= counted["rows drawn"] <= height
        assert counted["solved"] == 0
        assert counted["folded"] == 0
        assert app.suggestions_due
        # The grid (a DataTable) is made when `g` first asks for it, once.
        assert not app.query(SessionGrid)
        await pilot.press("g", "g", "g")
        await pilot.pause()
        assert len(app.query(SessionGrid)) == 1 and app.grid_shown


@pilot_test
async def test_the_footer_builds_its_keys_once_and_the_day_is_solved_once_the_keys_rest(
    agenda: Path, counted
) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await laid_out(pilot, counted)
        # Textual's footer built the same keys again on each focus change and mount (four times).
        assert counted["footer builds"] == 1
        assert counted["solved"] == 1 and app.board.day in app.board.suggested
        assert counted["folded"] >= app.board.day_size()  # the search texts, in the same thread
        footer = app.query_one(Footer)
        assert "Quit" in " ".join(str(key.description) for key in footer.children)
        # The search box takes the printable keys (the footer shows only /), then the list: once each.
        await pilot.press("slash")
        await laid_out(pilot, counted)
        assert counted["footer builds"] == 2
        await pilot.press("escape")
        await laid_out(pilot, counted)
        assert counted["footer builds"] == 3
        assert "Quit" in " ".join(str(key.description) for key in footer.children)


@pilot_test
async def test_a_key_puts_the_solve_off_until_the_keys_rest(agenda: Path, counted, monkeypatch) -> None:
    monkeypatch.setattr("planner.tui.app.SUGGEST_AFTER_SECONDS", 600, raising=False)
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await laid_out(pilot, counted)
        assert app.suggestions_due and counted["solved"] == 0
        # The wait after the first paint is over, but a key came just now: the solve waits again.
        monkeypatch.setattr("planner.tui.app.SUGGEST_AFTER_SECONDS", 0.3, raising=False)
        app._suggest_timer.stop()
        app.collector.saw_input()
        app._rested()
        assert app.suggestions_due and counted["solved"] == 0
        await settle(app, pilot)  # the keys rest
        assert counted["solved"] == 1 and not app.suggestions_due
