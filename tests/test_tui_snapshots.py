"""Snapshots of the main screens of `planner tui` (pytest-textual-snapshot).

After changing the look on purpose: ``pytest tests/test_tui_snapshots.py --snapshot-update``,
look at the report, and commit the new SVGs in ``tests/__snapshots__/``. The README's
screenshot, ``docs/tui.svg``, is made here too (``PLANNER_REGEN_GOLDEN=1`` rewrites it).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from planner.planning import Planner
from planner.tui.app import PlannerApp
from test_tui import in_own_thread, settle

SCREENSHOT = Path(__file__).parent.parent / "docs" / "tui.svg"


def app_with_picks(tmp_path: Path) -> PlannerApp:
    """The bundled day with a clash (two musts at 11:00) and a maybe."""
    planner = Planner.open(tmp_path / "agenda.yaml")
    planner.pick(["keda", "high-performance ai workloads"])
    planner.pick(["in-place pod resize"], "maybe")
    return PlannerApp(Planner.open(tmp_path / "agenda.yaml"), open_browser=False)


async def settled(pilot) -> None:
    await settle(pilot.app, pilot)


async def at_keda(pilot) -> None:
    await settled(pilot)
    pilot.app.session_list.highlight("8q2qm")
    await pilot.pause()


@pytest.fixture(autouse=True)
def _dark_terminal(monkeypatch) -> None:
    # The look must not depend on the terminal the tests run in.
    for name in ("COLORFGBG", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


def test_the_day_with_a_conflict_and_a_maybe(snap_compare, tmp_path: Path) -> None:
    assert in_own_thread(
        lambda: snap_compare(app_with_picks(tmp_path), terminal_size=(120, 40), run_before=at_keda)
    )


def test_the_grid(snap_compare, tmp_path: Path) -> None:
    assert in_own_thread(
        lambda: snap_compare(
            app_with_picks(tmp_path), press=["g"], terminal_size=(120, 40), run_before=at_keda
        )
    )


async def searching_keda(pilot) -> None:
    from textual.widgets import Input

    await settled(pilot)
    await pilot.press("slash", *"keda")
    # The search box's cursor blinks on a timer: drawn or not, by chance, when the shot is taken.
    for box in pilot.app.query(Input):
        box.cursor_blink = False
    await settled(pilot)


def test_search_at_80x24(snap_compare, tmp_path: Path) -> None:
    assert in_own_thread(
        lambda: snap_compare(app_with_picks(tmp_path), terminal_size=(80, 24), run_before=searching_keda)
    )


def test_the_day_at_80x24_on_a_light_terminal(snap_compare, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLORFGBG", "0;15")
    assert in_own_thread(
        lambda: snap_compare(app_with_picks(tmp_path), terminal_size=(80, 24), run_before=at_keda)
    )


def test_the_readme_screenshot(tmp_path: Path) -> None:
    """``docs/tui.svg``, as the README shows it: the day with a clash, at 120x40."""
    app = app_with_picks(tmp_path)

    async def shoot() -> Path:
        async with app.run_test(size=(120, 40)) as pilot:
            await at_keda(pilot)
            return Path(app.save_screenshot(filename="tui.svg", path=str(tmp_path)))

    svg = in_own_thread(lambda: asyncio.run(shoot())).read_text(encoding="utf-8")
    if os.environ.get("PLANNER_REGEN_GOLDEN"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        SCREENSHOT.write_text(svg, encoding="utf-8")
    assert SCREENSHOT.read_text(encoding="utf-8") == svg, "regenerate with PLANNER_REGEN_GOLDEN=1"
