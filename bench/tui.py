"""Benchmark: `planner tui` first paint and key-to-render latency.

Run: python bench/tui.py [--sessions N] [--runs R] [--keys K]

- First paint (run_test): from creating the app on an opened planner to its first
  screen drawn, headless (Textual's ``App.run_test``), median of R runs.
- Time to first screen: the whole ``planner tui`` process in a real terminal (tmux
  at 120x40, when tmux is installed): start to the status line on screen,
  Python's start, the imports and the parse included.
- Suggestions in: from creating the app until what suggest would put in the empty
  slots is drawn (suggest runs in a thread after the first paint).
- Key to render (after the suggestions are in): K presses of Down (and PgDn)
  through the list, each awaited until the app has handled it and redrawn; the
  per-key median on N sessions against the same on the bundled day (the floor,
  measured in the same run).

Schedules: the bundled day (99 sessions); N synthetic sessions over N/500 days (the
list shows one day: 500 sessions); and N synthetic sessions on one day, one list of N.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402


def _open(schedule: str | None, folder: Path):
    from planner.planning import Planner
    from planner.readers import ScheduleSource

    return Planner.open(folder / "agenda.yaml", ScheduleSource(schedule))


async def _settle(app, pilot) -> None:
    """Until the suggestions (a thread started after the first paint) are in."""
    while app.board.day not in app.board.suggested:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _first_paint(planner) -> tuple[float, float]:
    """Seconds to the first paint, and to the suggestions drawn in."""
    from planner.tui.app import PlannerApp

    began = time.perf_counter()
    app = PlannerApp(planner, open_browser=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        took = time.perf_counter() - began
        await _settle(app, pilot)
        suggested = time.perf_counter() - began
    return took, suggested


async def _bare_first_paint() -> float:
    """The floor: an app with one line of text, on the same machine at the same time."""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("planner")

    began = time.perf_counter()
    async with Bare().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - began


async def _key_latency(planner, keys: int, key: str) -> float:
    from planner.tui.app import PlannerApp

    app = PlannerApp(planner, open_browser=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        times = []
        for _ in range(keys):
            began = time.perf_counter()
            await pilot.press(key)
            times.append(time.perf_counter() - began)
    return statistics.median(times)


def _terminal_first_screen(schedule: str | None, folder: Path) -> float | None:
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    socket = folder / "bench.sock"
    command = [sys.executable, "-m", "planner", "tui", "--agenda", str(folder / "agenda.yaml")]
    if schedule:
        command += ["--schedule", schedule]
    base = [tmux, "-S", str(socket), "-f", os.devnull]
    began = time.perf_counter()
    subprocess.run(
        [*base, "new-session", "-d", "-x", "120", "-y", "40", "-s", "b", " ".join(command)], check=True
    )
    try:
        while time.perf_counter() - began < 60:
            screen = subprocess.run([*base, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True)
            if "agenda.yaml ·" in screen.stdout:
                return time.perf_counter() - began
            time.sleep(0.02)
        return None
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keys", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        spread = folder / "synthetic.txt"
        synthetic.write_in_child(args.sessions, spread)
        one_day = folder / "one-day.txt"
        synthetic.ROOMS_PER_DAY = args.sessions // synthetic.SLOTS_PER_DAY
        one_day.write_text(synthetic.sched_text(args.sessions), encoding="utf-8")
        cases = [
            ("bundled day (99)", None),
            (f"{args.sessions:,} over {args.sessions // 500} days", str(spread)),
            (f"{args.sessions:,} on one day", str(one_day)),
        ]
        bare = statistics.median(asyncio.run(_bare_first_paint()) for _ in range(args.runs))
        print(f"floor: a bare Textual app's first paint (run_test): {bare:.2f} s")
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        columns = ("first paint (run_test)", "suggestions in", "first screen in tmux", "Down", "PgDn")
        print("| schedule | list shows | " + " | ".join(columns) + " |")
        print("|---|---|---|---|---|---|---|")
        floor = {}
        for label, schedule in cases:
            planner = _open(schedule, folder)
            day = planner.schedule.days[0]
            listed = sum(1 for s in planner.schedule.sessions if s.day == day)
            runs = [asyncio.run(_first_paint(planner)) for _ in range(args.runs)]
            paints = [paint for paint, _ in runs]
            suggested = statistics.median(ready for _, ready in runs)
            screen = _terminal_first_screen(schedule, folder)
            down = asyncio.run(_key_latency(planner, args.keys, "down"))
            page = asyncio.run(_key_latency(planner, max(5, args.keys // 4), "pagedown"))
            floor.setdefault("down", down)
            floor.setdefault("page", page)
            shown = f"{screen:.2f} s" if screen is not None else "(no tmux)"
            print(
                f"| {label} | {listed:,} | {statistics.median(paints):.2f} s "
                f"({statistics.median(paints) / bare:.1f}x bare) | {suggested:.2f} s | {shown} | "
                f"{down * 1000:.0f} ms ({down / floor['down']:.2f}x) | "
                f"{page * 1000:.0f} ms ({page / floor['page']:.2f}x) |"
            )


if __name__ == "__main__":
    main()
