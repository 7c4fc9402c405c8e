"""What a key costs in `planner tui`, counted, never timed: the rows a key draws again, the
layouts of the whole screen it causes, and the suggestions it solves. Each count is what
made a key 2-4x slower than a bare Textual list before (bench/tui_keys.py measures the time)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.screen import Screen

from planner.tui.board import Board
from planner.tui.session_list import SessionList
from test_tui import COMMENTED, DATA, make_app, pilot_test, settle


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    path = tmp_path / "agenda.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    return path


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """Count the list rows drawn, the screen layouts and the solves, through the real methods."""
    counts = {"rows": 0, "layouts": 0, "solved": 0}
    render_line, refresh_layout = SessionList.render_line, Screen._refresh_layout
    compute = Board.compute_suggestions

    def counting_render_line(self, y):
        counts["rows"] += 1
        return render_line(self, y)

    def counting_layout(self, *args, **kwargs):
        counts["layouts"] += 1
        return refresh_layout(self, *args, **kwargs)

    def counting_compute(self, day):
        counts["solved"] += 1
        return compute(self, day)

    monkeypatch.setattr(SessionList, "render_line", counting_render_line)
    monkeypatch.setattr(Screen, "_refresh_layout", counting_layout)
    monkeypatch.setattr(Board, "compute_suggestions", counting_compute)
    return counts


@pilot_test
async def test_down_draws_only_the_rows_whose_highlight_moved(agenda: Path, counted) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        height = app.session_list.scrollable_content_region.height
        for _ in range(5):  # near the top: the list does not scroll
            counted["rows"] = 0
            top = app.session_list.scroll_offset.y
            await pilot.press("down")
            await pilot.pause()
            assert app.session_list.scroll_offset.y == top
            # The session left and the one reached (each with its conflict lines), not the screen.
            assert 2 <= counted["rows"] <= 6 < height


async def laid_out(pilot, counted) -> None:
    """Until the screen has stopped laying itself out (Textual's footer builds its keys after
    the first paint, and again when the focus moves)."""
    for _ in range(100):
        before = counted["layouts"]
        await pilot.pause()
        if counted["layouts"] == before:
            return


@pilot_test
async def test_moving_and_typing_never_lay_out_the_whole_screen(agenda: Path, counted) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await laid_out(pilot, counted)
        counted["layouts"] = 0
        # Down through sessions whose details differ in length (the pane's scroll range changes),
        # PgDn scrolling the list, and the search narrowing the list's length.
        await pilot.press(*["down"] * 12, "pagedown", "pagedown", "pageup")
        await pilot.pause()
        assert counted["layouts"] == 0
        await pilot.press("slash")
        await laid_out(pilot, counted)
        before = counted["layouts"]
        await pilot.press("k")
        await pilot.pause()
        # Textual's Input lays the screen out once per letter itself (its width follows its text);
        # the list's new length and the status line add none.
        assert counted["layouts"] - before <= 1
        assert app.board.filters.search == "k"


async def solved(app, pilot) -> None:
    """Until the day shown has its suggestions (solved after the keys rest)."""
    while app.board.day not in app.board.suggested:
        await pilot.pause(0.05)
    await settle(app, pilot)


async def run_and_drawn(app, pilot) -> None:
    """Until what was started has run and been drawn (not waiting for the keys to rest)."""
    await app.workers.wait_for_complete()
    await pilot.pause()


@pilot_test
async def test_a_day_is_solved_once_the_keys_rest_and_only_once(tmp_path: Path, counted, monkeypatch) -> None:
    app = make_app(tmp_path / "oid.yaml", str(DATA / "oid2025-schedule.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert counted["solved"] == 1  # the first day, once the first paint has rested
        # Keys that never rest: the day switched to is not solved while they come.
        monkeypatch.setattr("planner.tui.app.SUGGEST_AFTER_SECONDS", 600, raising=False)
        for key in ("right_square_bracket", "left_square_bracket") * 2 + ("right_square_bracket",):
            await pilot.press(key)
            await run_and_drawn(app, pilot)
        assert counted["solved"] == 1 and app.board.day not in app.board.suggested
        # The keys rest: the day stopped on is solved, once; going back and forth solves nothing more.
        monkeypatch.setattr("planner.tui.app.SUGGEST_AFTER_SECONDS", 0.01, raising=False)
        for key in ("left_square_bracket", "right_square_bracket") * 3:
            await pilot.press(key)
            await solved(app, pilot)
        assert counted["solved"] == 2  # each of the two days once
        assert set(app.board.suggested) == set(app.board.days[:2])
        # A change makes every day's suggestions stale: the day shown is solved again.
        await pilot.press("p")
        await settle(app, pilot)
        assert counted["solved"] == 3


@pilot_test
async def test_the_long_lived_objects_leave_the_collector_while_the_app_runs(agenda: Path) -> None:
    frozen_before = gc.get_freeze_count()
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert gc.get_freeze_count() > frozen_before
    assert gc.get_freeze_count() == 0


@pilot_test
async def test_the_first_letter_typed_does_not_fold_the_whole_day(agenda: Path, monkeypatch) -> None:
    import planner.tui.board as board

    folded: list[str] = []
    normalize = board.normalize

    def counting_normalize(text: str) -> str:
        folded.append(text)
        return normalize(text)

    monkeypatch.setattr(board, "normalize", counting_normalize)
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert len(folded) >= app.board.day_size()  # in the background, after the first paint
        folded.clear()
        await pilot.press("slash", "k")
        await pilot.pause()
        assert app.board.filters.search == "k"
        assert set(folded) == {"k"}  # the search itself (once a matcher); the texts were ready


@pilot_test
async def test_a_day_shown_again_draws_no_line_anew_and_details_once(tmp_path: Path, monkeypatch) -> None:
    import planner.tui.app as app_module
    import planner.tui.session_list as session_list

    built = {"lines": 0, "details": 0}
    session_line, details = session_list.session_line, app_module.details

    def counting_line(*args):
        built["lines"] += 1
        return session_line(*args)

    def counting_details(*args):
        built["details"] += 1
        return details(*args)

    monkeypatch.setattr(session_list, "session_line", counting_line)
    monkeypatch.setattr(app_module, "details", counting_details)
    app = make_app(tmp_path / "oid.yaml", str(DATA / "oid2025-schedule.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "left_square_bracket")
        await settle(app, pilot)
        built.update(lines=0, details=0)
        for key in ("right_square_bracket", "left_square_bracket") * 2:
            await pilot.press(key)
            await pilot.pause()
            assert built["details"] == 1  # not again when the redrawn list moves the highlight
            built["details"] = 0
        assert built["lines"] == 0


@pytest.fixture
def drawn(monkeypatch) -> dict[str, int]:
    """Count the details pane's rows drawn, its paragraphs wrapped and the screen's passes."""
    from textual._compositor import Compositor
    from textual.visual import Visual

    from planner.tui.details import DetailsPane

    counts = {"rows": 0, "wrapped": 0, "passes": 0}
    render_line, render_update = DetailsPane.render_line, Compositor.render_update
    to_strips = Visual.to_strips.__func__

    def counting_render_line(self, y):
        counts["rows"] += 1
        return render_line(self, y)

    def counting_to_strips(cls, widget, *args, **kwargs):
        if isinstance(widget, DetailsPane):
            counts["wrapped"] += 1
        return to_strips(cls, widget, *args, **kwargs)

    def counting_update(self, *args, **kwargs):
        counts["passes"] += 1
        return render_update(self, *args, **kwargs)

    monkeypatch.setattr(DetailsPane, "render_line", counting_render_line)
    monkeypatch.setattr(Visual, "to_strips", classmethod(counting_to_strips))
    monkeypatch.setattr(Compositor, "render_update", counting_update)
    return counts


@pilot_test
async def test_down_redraws_only_the_details_rows_that_changed_in_one_pass(agenda: Path, drawn) -> None:
    from planner.tui.details import DetailsPane

    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.pause()
        pane = app.query_one(DetailsPane)
        height = pane.scrollable_content_region.height
        fewer = 0
        for _ in range(12):
            before = [pane.render_line(y) for y in range(height)]
            drawn.update(rows=0, passes=0)
            await pilot.press("down")
            await pilot.pause()
            rows = drawn["rows"]
            after = [pane.render_line(y) for y in range(height)]
            changed = sum(old != new for old, new in zip(before, after, strict=True))
            # The rows whose line changed, each once; the rows two sessions share are left alone.
            assert rows == changed
            fewer += changed < height
            # The list's highlight and the details in one pass of the screen (they were two).
            assert drawn["passes"] == 1
        assert fewer  # sessions of shorter details than the pane share its blank rows at least


@pilot_test
async def test_a_session_seen_again_wraps_no_paragraph_anew(agenda: Path, drawn) -> None:
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*["down"] * 6)
        await pilot.pause()
        drawn["wrapped"] = 0
        await pilot.press(*["up"] * 6, *["down"] * 6)
        await pilot.pause()
        assert drawn["wrapped"] == 0
        # A new session wraps only the paragraphs no session shown had (its title, its description...).
        await pilot.press("down")
        await pilot.pause()
        assert 0 < drawn["wrapped"] < len(app.query_one("#details").text.splitlines())


@pytest.fixture
def bar_rows(monkeypatch) -> dict[str, int]:
    """Count the scrollbar rows drawn, by the widget the bar scrolls ("list", "details")."""
    from textual._styles_cache import StylesCache
    from textual.scrollbar import ScrollBar

    counts = {"list": 0, "details": 0}
    render_line = StylesCache.render_line

    def counting_render_line(self, styles, y, size, content_size, padding, base, background, line, *args):
        bar = getattr(line, "__self__", None)
        if isinstance(bar, ScrollBar) and bar.parent is not None:
            counts[bar.parent.id] += 1
        return render_line(self, styles, y, size, content_size, padding, base, background, line, *args)

    monkeypatch.setattr(StylesCache, "render_line", counting_render_line)
    return counts


def bar_lines(bar) -> list:
    """The scrollbar's rows as it draws them now."""
    return [bar.render_line(y) for y in range(bar.size.height)]


@pilot_test
async def test_a_page_redraws_only_the_scrollbar_rows_that_changed(agenda: Path, bar_rows) -> None:
    from planner.tui.details import DetailsPane

    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.pause()
        bars = {
            "list": app.session_list.vertical_scrollbar,
            "details": app.query_one(DetailsPane).vertical_scrollbar,
        }
        height = bars["list"].size.height
        assert height > 30 and bars["details"].size.height == height
        moved = 0
        for key in ["pagedown"] * 3 + ["pageup"] * 3 + ["down"] * 6:
            before = {name: bar_lines(bar) for name, bar in bars.items()}
            bar_rows.update(list=0, details=0)
            await pilot.press(key)
            await pilot.pause()
            for name, bar in bars.items():
                after = bar_lines(bar)
                changed = sum(old != new for old, new in zip(before[name], after, strict=True))
                # Each row whose look changed, once; the rest of the bar is left as it was drawn.
                assert bar_rows[name] == changed, (key, name)
                # What is on the screen is what the bar shows now (no row left stale).
                shown = bar.render_lines(bar.size.region)
                assert [s.text for s in shown] == [s.text for s in after]
                assert [s._segments for s in shown] == [s._segments for s in after]
            moved += 0 < bar_rows["list"] < height
        assert moved >= 4  # a page that scrolls moves the list's thumb: a part of its bar, not the whole


@pilot_test
async def test_a_page_of_the_list_cuts_its_long_lines_without_measuring_each_character(
    agenda: Path, monkeypatch
) -> None:
    import textual.content

    cut = {"by textual": 0}
    set_cell_size = textual.content.set_cell_size

    def counting_set_cell_size(*args, **kwargs):
        cut["by textual"] += 1
        return set_cell_size(*args, **kwargs)

    monkeypatch.setattr(textual.content, "set_cell_size", counting_set_cell_size)
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        width = app.session_list.scrollable_content_region.width
        cut_here = 0
        for _ in range(2):
            cut["by textual"] = 0
            await pilot.press("pagedown")
            await pilot.pause()
            top, height = app.session_list.scroll_offset.y, app.session_list.size.height
            long_lines = [
                row.plain for row in app.session_list.rows[top : top + height] if len(row.plain) > width
            ]
            # Titles with an emoji or a curly quote: Textual measures those.
            others = sum(any(ord(c) > 127 and c not in "✓☆✗·–…" for c in line) for line in long_lines)
            # Lines of ASCII and the list's marks are cut at a cell a character (Textual measured
            # each grapheme of each: a third of drawing a row); the details pane wraps its own.
            assert cut["by textual"] <= others
            cut_here += len(long_lines) - others
        assert cut_here > 20  # most of the bundled day's titles are longer than the list


@pilot_test
async def test_a_line_cut_by_the_list_is_the_line_textual_would_cut(agenda: Path) -> None:
    from textual.content import Content
    from textual.visual import Visual

    from planner.tui.session_list import cut_to

    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        rows = app.session_list
        width = rows.scrollable_content_region.width
        lines = [row.content for row in rows.rows]
        styled = Content.assemble(("✓ ", "$success bold"), ("x" * 100, "bold"), ("  A412", "$text-muted"))
        others = [
            "é" * 90,
            "会" * 50,
            "a\u0301" * 80,
            "tab\there" * 20,
            "✓" * 200,
            "x" * width,
            "x" * (width + 1),
        ]
        lines += [styled, *(Content(text) for text in others)]
        assert sum(cut_to(line, width) is not line for line in lines) > 20
        for line in lines:
            for w in (width, 1, 2, 30):
                ours = Visual.to_strips(rows, cut_to(line, w), w, 1, rows.visual_style, pad=True)
                textuals = Visual.to_strips(rows, line, w, 1, rows.visual_style, pad=True)
                assert [list(s) for s in ours] == [list(s) for s in textuals], (line.plain, w)


@pytest.fixture
def full_passes() -> dict[str, int]:
    """Count the cyclic collector's passes over every generation (the objects not frozen)."""
    counts = {"full": 0}

    def counting(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            counts["full"] += 1

    gc.callbacks.append(counting)
    yield counts
    gc.callbacks.remove(counting)


@pilot_test
async def test_keys_that_keep_coming_leave_the_full_collection_until_they_rest(
    agenda: Path, full_passes, monkeypatch
) -> None:
    import planner.tui.collector as collector

    thresholds = gc.get_threshold()
    app = make_app(agenda)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        gc.collect()  # none owed from the start
        full_passes["full"] = 0
        # Paging up and down the day, and moving: each page draws and keeps lines, and
        # Python's default made a full pass (over every line kept) about one key in ten.
        for key in (["pagedown"] * 3 + ["down"] * 2 + ["pageup"] * 3) * 5:
            await pilot.press(key)
            await pilot.pause()
        assert full_passes["full"] == 0
        assert gc.get_count()[2] >= collector.FULL_PASS_AT_REST  # one is owed
        # Not while keys come; once they rest, the pass Python would have made, and only then.
        monkeypatch.setattr(collector, "REST_SECONDS", 3600)
        assert not app.collector.collect_at_rest() and full_passes["full"] == 0
        monkeypatch.setattr(collector, "REST_SECONDS", 0)
        assert app.collector.collect_at_rest() and full_passes["full"] == 1
        assert not app.collector.collect_at_rest() and full_passes["full"] == 1  # none owed now
    assert gc.get_threshold() == thresholds
