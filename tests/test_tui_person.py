"""`planner tui` as a new user found it (issue 23) and with hostile feed text (issue 25),
driven through Textual's pilot on real files: the real schedule readers, the real save."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from planner.agenda_file import AgendaFile
from planner.planning import Planner
from planner.readers import ScheduleSource
from planner.tui.app import PlannerApp
from test_tui import COMMENTED, DATA, line_of, make_app, pilot_test, saved, settle, shown_ids

OID = DATA / "oid2025-schedule.json"
OPENING = "Opening: Welcome to Open Infrastructure Days"
# Textual markup that would quit the app on a click, or kill it when parsed.
LIVE_LINK = "[@click=app.quit]Quit[/]"


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def plain(app: PlannerApp, selector: str) -> str:
    return str(app.query_one(selector).render())


def hostile_schedule(folder: Path) -> Path:
    """The OID pretalx JSON with Textual markup in the conference name, a title and a room."""
    text = OID.read_text(encoding="utf-8")
    text = text.replace(f'"{OPENING}"', '"[/broken title"')
    text = text.replace('"Open Infrastructure Days 2025"', f'"Conf [/oops {LIVE_LINK}"')
    text = text.replace('"Saal 1"', '"[/r]oom"')
    path = folder / "hostile.json"
    path.write_text(text, encoding="utf-8")
    return path


@pilot_test
async def test_feed_text_is_never_read_as_markup(tmp_path: Path) -> None:
    schedule = hostile_schedule(tmp_path)
    path = tmp_path / "picks.yaml"
    app = make_app(path, str(schedule))
    broken = next(s for s in app.planner.schedule.sessions if s.title == "[/broken title")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # The name is shown as written; the link is text, not a live action.
        assert f"Conf [/oops {LIVE_LINK}" in plain(app, "#top")
        app.session_list.highlight(broken.id)
        await pilot.press("p")
        assert saved(path) == {broken.id: "must"}
        assert "[/broken title" in plain(app, "#status")
        assert "[/broken title" in app.query_one("#details").text
        await pilot.press("g")
        labels = [str(column.label) for column in app.grid.columns.values()]
        assert any(label.startswith("[/r]oom") for label in labels), labels
        assert app.is_running


@pilot_test
async def test_opens_on_today_during_the_conference_else_on_the_next_picks_day(tmp_path: Path) -> None:
    path = tmp_path / "picks.yaml"
    planner = Planner.open(path, ScheduleSource(str(OID)))
    days = planner.schedule.days
    assert len(days) >= 2
    on_second = next(s for s in planner.schedule.sessions if s.day == days[1])
    planner.pick([on_second.id])
    before = on_second.start - dt.timedelta(days=30)
    app = make_app(path, str(OID), now=before)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.board.day == days[1]
        assert app.current_id is not None
    # During the conference: today, whatever the picks say.
    on_first_day = on_second.start - (on_second.day - days[0])
    app = make_app(path, str(OID), now=on_first_day)
    assert app.board.day == days[0]
    # No pick, before the conference: the first day.
    assert make_app(tmp_path / "empty.yaml", str(OID), now=before).board.day == days[0]


@pilot_test
async def test_escape_after_a_search_stays_on_the_session(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"keda", "enter", "down")
        chosen = app.current_id
        assert chosen == "sbxjz"
        await pilot.press("escape")
        assert len(shown_ids(app)) == len(app.planner.schedule.sessions)
        assert app.current_id == chosen
        # And on screen, not scrolled away to the top.
        index = app.session_list.index_of(chosen)
        top = app.session_list.scroll_offset.y
        assert top <= index < top + app.session_list.scrollable_content_region.height


@pilot_test
async def test_details_link_to_the_session_page_and_decode_entities(tmp_path: Path) -> None:
    # Sched's all.ics leaves HTML entities in its descriptions (the corpus's ETLS feed has &nbsp;);
    # the reader decodes them, and the pane shows the text as read.
    text = (DATA / "kubecon-na-2025-thursday-sched.ics").read_text(encoding="utf-8")
    path = tmp_path / "entities.ics"
    path.write_text(
        text.replace("DESCRIPTION:Please", "DESCRIPTION:Be&nbsp\\;there &amp\\; ok. Please", 1), "utf-8"
    )
    app = make_app(tmp_path / "agenda.yaml", str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        session = next(s for s in app.planner.schedule.sessions if "ok. Please" in (s.description or ""))
        assert session.url
        app.session_list.highlight(session.id)
        await pilot.pause()
        details = app.query_one("#details").text
        assert "Be there & ok. Please" in details
        assert "&nbsp;" not in details
        assert f"Page     {session.url}" in details
        await pilot.press("o")
        assert f"page: {session.url}" in plain(app, "#status")


@pilot_test
async def test_no_error_on_teardown_with_a_row_highlighted(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down")
    # A highlight message or the suggestions arriving after the panes are gone.
    app.show_details()
    app._suggestions_ready(app.board.day, frozenset())
    assert app.return_code in (None, 0)


@pilot_test
async def test_a_pick_shows_as_picked_before_the_file_is_written(agenda: Path) -> None:
    app = make_app(agenda)
    lock = AgendaFile(agenda).lock_path
    # Another planner holds the agenda's lock: the save waits for it.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import os, sys, zc.lockfile; os.makedirs({str(lock.parent)!r}); "
            f"f = zc.lockfile.LockFile({str(lock)!r}); "
            "print('held', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            app.session_list.highlight("8q2qm")
            pressing = asyncio.ensure_future(pilot.press("p"))
            while not line_of(app, "8q2qm").startswith("✓"):
                await asyncio.sleep(0.01)
            assert saved(agenda) == {}
            holder.stdin.close()
            await pressing
            assert saved(agenda) == {"8q2qm": "must"}
            assert line_of(app, "8q2qm").startswith("✓")
    finally:
        holder.kill()
        holder.wait()


@pilot_test
async def test_the_footer_and_the_grid_fit_80x24(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # Every key of the footer is on screen, not cut at the edge.
        keys = list(app.query("FooterKey"))
        assert len(keys) == sum(1 for b in app.BINDINGS if b.show)
        assert all(0 < key.region.right <= 80 for key in keys), [(k.description, k.region) for k in keys]
        # The others are listed by ?.
        await pilot.press("question_mark")
        await pilot.pause()
        screen = app.export_screenshot().replace("&#160;", " ")
        assert "Export the calendar" in screen and "Next building" in screen
        await pilot.press("question_mark")
        assert not app.query_one("#keys").display
        await pilot.press("g")
        # The grid takes the whole width and scrolls across the rooms.
        assert not app.query_one("DetailsPane").display
        visible = app.grid.scrollable_content_region.width
        assert visible >= 70
        before = app.grid.current_id
        await pilot.press("right", "right", "right", "right")
        assert app.grid.cursor_coordinate.column >= 4 or app.grid.current_id != before
        # Back to the list: the pane draws the session highlighted now, not the last one it drew.
        await pilot.press("g")
        await pilot.pause()
        pane = app.query_one("DetailsPane")
        assert pane.display and app.current_id is not None
        first = " ".join(pane.render_line(y).text for y in range(2)).split()
        assert first[:2] == app.planner.schedule.get(app.current_id).title.split()[:2], first


@pilot_test
async def test_a_day_past_the_suggest_limit_says_so_instead_of_solving(agenda: Path, monkeypatch) -> None:
    # The bundled day stands in for a 10,000-session day: the limit is lowered, not the day grown.
    monkeypatch.setattr("planner.tui.app.SUGGEST_LIMIT", 50)
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "no suggestions on a day of 99 sessions (over 50" in plain(app, "#status")
        assert app.board.suggested[app.board.day] == frozenset()
        assert not any(row.plain.startswith("☆") for row in app.session_list.rows)
        await pilot.press("down", "p")
        assert len(saved(agenda)) == 1
