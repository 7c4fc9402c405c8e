"""`planner tui` driven through Textual's pilot: real agenda files, the real
schedule and venue, the real save of `planner pick`."""

from __future__ import annotations

import asyncio
import functools
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import block
from planner.agenda_file import AgendaFile
from planner.planning import Planner
from planner.query import SessionFilter
from planner.readers import ScheduleSource
from planner.tui.app import WATCH_SECONDS, PlannerApp

DATA = Path(__file__).parent / "data"
COMMENTED = """\
# my KubeCon day -- keep this comment
version: 1
schedule: bundled:kubecon-na-2025-thursday
picks: []
"""


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


def in_own_thread(call):
    """Run ``call()`` in a thread of its own and return its result (or raise its error).

    A session-wide Playwright browser (the day view's tests) keeps an event loop
    running in the main thread, where asyncio.run() then refuses to start another.
    """
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def pilot_test(test):
    """Run an async pilot test in its own event loop (no asyncio plugin needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        in_own_thread(lambda: asyncio.run(test(*args, **kwargs)))

    return run


def make_app(agenda: Path, schedule: str | None = None, **kwargs) -> PlannerApp:
    return PlannerApp(Planner.open(agenda, ScheduleSource(schedule)), open_browser=False, **kwargs)


async def settle(app: PlannerApp, pilot) -> None:
    """Wait for the suggestions (solved once the keys rest after the first paint or a day
    switch), their worker and the redraw it causes."""
    while app.suggestions_due:
        await pilot.pause(0.02)
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown_ids(app: PlannerApp) -> list[str]:
    return [row.session_id for row in app.session_list.rows if row.selectable]


def line_of(app: PlannerApp, session_id: str) -> str:
    """The session's line in the list, and its conflict lines under it."""
    return "\n".join(row.plain for row in app.session_list.rows if row.session_id == session_id)


def saved(agenda: Path) -> dict[str, str]:
    return {p.id: p.priority for p in AgendaFile(agenda).load().picks}


@pilot_test
async def test_search_filters_as_you_type_with_the_matching_of_search(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        everything = shown_ids(app)
        assert len(everything) == len(app.planner.schedule.sessions)
        await pilot.press("slash")
        typed = ""
        for key in "keda":
            typed += key
            await pilot.press(key)
            expected = [s.id for s in SessionFilter(search=typed).apply(app.planner.schedule.sessions)]
            assert sorted(shown_ids(app)) == sorted(expected), typed
        assert len(shown_ids(app)) < len(everything)
        await pilot.press("enter")
        first = SessionFilter(search="keda").apply(app.planner.schedule.sessions)[0]
        assert app.current_id == first.id
        assert app.focused is app.session_list
        await pilot.press("escape")
        assert shown_ids(app) == everything
        assert not app.query_one("#search").has_class("shown")


@pilot_test
async def test_pick_saves_at_once_keeping_the_files_comments(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"keda", "enter", "p")
        # Saved before quitting: the file holds it while the app still runs.
        assert saved(agenda) == {"8q2qm": "must"}
        assert line_of(app, "8q2qm").startswith("✓")
    text = agenda.read_text(encoding="utf-8")
    assert "# my KubeCon day -- keep this comment" in text
    assert not list(agenda.parent.glob("*.tmp*"))


@pilot_test
async def test_maybe_drop_and_undo(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"keda", "enter")
        await pilot.press("m")
        assert saved(agenda) == {"8q2qm": "maybe"}
        assert line_of(app, "8q2qm").startswith("?")
        await pilot.press("p")
        assert saved(agenda) == {"8q2qm": "must"}
        await pilot.press("u")
        assert saved(agenda) == {"8q2qm": "maybe"}
        await pilot.press("d")
        assert saved(agenda) == {}
        assert line_of(app, "8q2qm").startswith("·")
        await pilot.press("u")
        assert saved(agenda) == {"8q2qm": "maybe"}
        await pilot.press("u")
        assert saved(agenda) == {}
        await pilot.press("u")
        assert "nothing to undo" in str(app.query_one("#status").render())
    assert "keep this comment" in agenda.read_text(encoding="utf-8")


SECOND_STARTS = {"overlap": "11:15am", "unreachable": "11:30am", "tight": "11:45am"}


def _conflicting_pair(
    kind: str, tmp_path: Path, write_schedule, titles: tuple[str, str] = ("First Talk", "Second Talk")
) -> tuple[Path, Path, int]:
    """Two must picks, B406b-407 then across to building C, timed for a ``kind`` conflict."""
    path = write_schedule(
        block(
            titles[0],
            "11:00am EST - 11:30am EST",
            venue="Building B | Level 4 | B406b-407, Atlanta, GA, USA",
        ),
        block(
            titles[1],
            f"{SECOND_STARTS[kind]} EST - 12:30pm EST",
            venue="Building C | Level 3 | Georgia Ballroom 2, Atlanta, GA, USA",
        ),
    )
    agenda = tmp_path / f"{kind}.yaml"
    planner = Planner.open(agenda, ScheduleSource(str(path)))
    planner.pick([title.lower() for title in titles])
    found = [c for c in planner.plan().conflicts if c.kind == kind]
    assert len(found) == 1, planner.plan().conflicts
    return agenda, path, found[0].minutes


@pytest.mark.parametrize(
    ("kind", "words"),
    # As planner agenda says them: from the first session, then from the second.
    [
        ("overlap", ("overlaps", "overlaps")),
        ("unreachable", ("cannot reach", "unreachable from")),
        ("tight", ("tight before", "tight after")),
    ],
)
@pilot_test
async def test_conflicts_are_marked_on_both_sessions_with_minutes(
    kind: str, words: tuple[str, str], tmp_path: Path, write_schedule
) -> None:
    agenda, schedule, minutes = _conflicting_pair(kind, tmp_path, write_schedule)
    app = make_app(agenda, str(schedule))
    first, second = (s.id for s in app.planner.schedule.sessions)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        symbol = "!" if kind == "tight" else "✗"
        for session_id, said in zip((first, second), words, strict=True):
            line = line_of(app, session_id)
            assert line.startswith("✓" + symbol), line
            assert said in line and f"{minutes} min" in line, line
        app.session_list.highlight(second)
        await pilot.pause()
        pane = app.query_one("#details").text
        assert words[1] in pane and f"{minutes} min" in pane


@pytest.mark.parametrize("kind", ["overlap", "unreachable", "tight"])
@pilot_test
async def test_a_conflict_line_at_80_columns_keeps_the_other_id_and_the_minutes(
    kind: str, tmp_path: Path, write_schedule
) -> None:
    # Living a day at PyCon US 2025 at 80x24: "✗ overlaps The PyArrow revolution… [fj8fh…",
    # the other talk's title cut, then the line cut at the list's edge, ID and minutes with it.
    titles = ("Processing Large Geospatial Datasets with Dask", "The PyArrow Revolution in Pandas Today")
    agenda, schedule, minutes = _conflicting_pair(kind, tmp_path, write_schedule, titles)
    app = make_app(agenda, str(schedule))
    first, second = (s.id for s in app.planner.schedule.sessions)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        rows = app.session_list.rows
        for own, other in ((first, second), (second, first)):
            [index] = [i for i, row in enumerate(rows) if row.session_id == own and not row.selectable]
            drawn = app.session_list.render_line(index - app.session_list.scroll_offset.y).text
            assert f"[{other}]" in drawn and f"{minutes} min" in drawn, drawn


@pilot_test
async def test_walk_from_the_pick_before_and_to_the_pick_after(agenda: Path) -> None:
    planner = Planner.open(agenda)
    keda = planner.schedule.find("keda")
    before = next(
        s for s in planner.schedule.sessions if s.end <= keda.start and s.type == "KEYNOTE SESSIONS"
    )
    after = next(s for s in planner.schedule.sessions if s.start >= keda.end and s.type == "MAINTAINER TRACK")
    planner.pick([before.id, after.id])
    walk_in = planner.venue.walk(
        planner.venue.place_of(before.location), planner.venue.place_of(keda.location)
    )
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"keda", "enter")
        pane = app.query_one("#details").text
        assert before.title[:20] in pane and after.title[:20] in pane
        assert f"{walk_in.minutes} min walk" in pane


@pilot_test
async def test_an_outside_change_to_the_file_is_picked_up(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert line_of(app, "8q2qm").startswith("·") or line_of(app, "8q2qm").startswith("☆")
        # Another `planner pick`, in another process.
        subprocess.run(
            [sys.executable, "-m", "planner", "pick", "keda", "--agenda", str(agenda)],
            check=True,
            capture_output=True,
        )
        await pilot.pause(WATCH_SECONDS * 3)
        await settle(app, pilot)
        assert line_of(app, "8q2qm").startswith("✓")
        assert "changed on disk" in str(app.query_one("#status").render())
        # An editor breaks the file: the app says where, and never writes over it.
        broken = "version: 1\npicks: [\n"
        agenda.write_text(broken, encoding="utf-8")
        await pilot.pause(WATCH_SECONDS * 3)
        status = str(app.query_one("#status").render())
        assert "not valid YAML" in status and ":" in status
        await pilot.press("slash", *"keda", "enter", "d")
        assert agenda.read_text(encoding="utf-8") == broken


@pilot_test
async def test_an_empty_slot_shows_what_suggest_would_put_there(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        suggestion = app.planner.suggest(day=app.board.day)
        first = suggestion.picks[0].session
        headings = [row.plain for row in app.session_list.rows if row.session_id is None]
        assert any(f"suggest ☆ {first.title}" in h for h in headings)
        assert line_of(app, first.id).startswith("☆")
        # Picking in that slot takes the suggestion away from its heading.
        app.session_list.highlight(first.id)
        await pilot.press("p")
        await settle(app, pilot)
        assert line_of(app, first.id).startswith("✓")


@pilot_test
async def test_days_grid_and_filters(agenda: Path, tmp_path: Path) -> None:
    app = make_app(tmp_path / "oid.yaml", str(DATA / "oid2025-schedule.json"))
    schedule = app.planner.schedule
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        on_day = lambda day: sorted(s.id for s in schedule.sessions if s.day == day)  # noqa: E731
        assert sorted(shown_ids(app)) == on_day(schedule.days[0])
        await pilot.press("right_square_bracket")
        assert sorted(shown_ids(app)) == on_day(schedule.days[1])
        await pilot.press("left_square_bracket")
        assert app.board.day == schedule.days[0]
        # The grid: the same session stays highlighted, and p picks from it.
        highlighted = app.current_id
        await pilot.press("g")
        assert app.grid_shown and app.current_id == highlighted
        await pilot.press("p")
        assert saved(tmp_path / "oid.yaml") == {highlighted: "must"}
        await pilot.press("g")
        # Free now: nothing that a must pick overlaps, the pick itself kept.
        await pilot.press("f")
        busy = schedule.get(highlighted)
        for session_id in shown_ids(app):
            other = schedule.get(session_id)
            assert session_id == highlighted or not (other.start < busy.end and busy.start < other.end)
        await pilot.press("f", "t")
        track = app.board.filters.track
        assert track and all((schedule.get(i).track or schedule.get(i).type) == track for i in shown_ids(app))


@pilot_test
async def test_building_filter_cycles_through_the_days_buildings(agenda: Path) -> None:
    app = make_app(agenda)
    schedule = app.planner.schedule
    buildings = sorted({s.location.building for s in schedule.sessions if s.location.building})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for building in buildings:
            await pilot.press("b")
            assert app.board.filters.building == building
            assert sorted(shown_ids(app)) == sorted(
                s.id for s in schedule.sessions if s.location.building == building
            )
        await pilot.press("b")
        assert app.board.filters.building is None
        assert len(shown_ids(app)) == len(schedule.sessions)


@pilot_test
async def test_building_filter_knows_the_buildings_room_names_say(tmp_path: Path) -> None:
    # FOSDEM names no building: K.3.201 is in building K, as `planner agenda` says.
    app = make_app(tmp_path / "agenda.yaml", str(DATA / "corpus" / "fosdem-2025-excerpt.xml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        buildings = app.board.buildings()
        assert "K" in buildings
        for _ in range(buildings.index("K") + 1):
            await pilot.press("b")
        assert app.board.filters.building == "K"
        shown = {app.planner.schedule.get(i).location.room for i in shown_ids(app)}
        assert shown == {"K.3.201"}


@pilot_test
async def test_export_and_day_view(agenda: Path) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"keda", "enter", "p", "e")
        ics = agenda.with_suffix(".ics")
        assert "8q2qm" in ics.read_text(encoding="utf-8")
        assert "exported 1 event" in str(app.query_one("#status").render())
        await pilot.press("v")
        status = str(app.query_one("#status").render())
        path = Path(status.split("day view written: ", 1)[1].split(" ")[0])
        assert "Autoscaling Spring Boot" in path.read_text(encoding="utf-8")
        path.unlink()
    # The export's record is kept apart, and the agenda is as the person left it.
    assert "keep this comment" in agenda.read_text(encoding="utf-8")
    assert "exported:" not in agenda.read_text(encoding="utf-8")
    assert AgendaFile(agenda).exports().count == 1


@pilot_test
async def test_no_color_is_respected(agenda: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(agenda)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.no_color


def test_planner_help_does_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import planner.cli; planner.cli.cli.load_all()"],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "planner.cli.tui" in modules
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}


def test_without_textual_a_one_line_error_with_the_install_hint(agenda: Path) -> None:
    code = (
        "import sys; sys.modules['textual'] = None; sys.argv = ['planner', 'tui', '--agenda', sys.argv[1]];"
        "from planner.cli import main; main()"
    )
    result = subprocess.run([sys.executable, "-c", code, str(agenda)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "planner: error: the terminal UI needs textual, which is not installed: "
        "python3 -m pip install 'textual>=8.2,<9'"
    ]
    assert os.path.exists(agenda)


@pilot_test
async def test_a_move_in_one_room_reads_same_room_and_the_keys_panel_names_each_day_key(agenda: Path) -> None:
    planner = Planner.open(agenda)
    first, second = sorted(
        (s for s in planner.schedule.sessions if s.location.room == "Exhibit Hall B2"), key=lambda s: s.start
    )[:2]
    planner.pick([first.id])
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *second.title[:30].lower(), "enter")
        pane = app.query_one("#details").text
        assert "same room" in pane and "0 min walk" not in pane
        keys = app.keys_text()
        assert "]      Day after" in keys and "[      Day before" in keys and "[ ]" not in keys
