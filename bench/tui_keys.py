"""Benchmark: `planner tui` key-to-screen latency against a bare Textual app of the same length.

Run: python bench/tui_keys.py [--keys K]

For each day (the bundled day, the busiest day of a real schedule given by --real, FOSDEM
2019's by default, and a synthetic day of 700 sessions) the planner app and the floor run
alternately, headless at 120x40 (Textual's run_test). Each key is pressed K times and
timed from the press until the app has handled it and drawn (pilot.press waits for both):
Down, PgDn, a letter typed into the search box, and a day switch (``]`` then ``[``).
The floor is a bare Textual app showing a list of the same number of lines (the line
API, as planner's list), an Input that filters it by substring, and ``]`` swapping in
another list of the same length. Printed: p95 of each, and planner / floor (target 1.5x),
and the first paint of each (target 5x). Then the same for the CPU time of the process per
key (all threads): what the key cost, which moves less than the wall time when other work
shares the machine (a press's wall time is also rounded up to Textual's 20 ms idle checks).
Both apps run with the objects alive after their first paint frozen out of the cyclic
collector (planner's app does it itself; the floor is given the same). Planner's app also puts
the collector's full passes off until the keys rest (keys pressed here back to back never
rest); the floor keeps Python's thresholds, and keeps no drawn lines for a full pass to go over.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

KEYS = ("down", "pagedown", "letter", "day")


def busiest_day(schedule) -> tuple[dt.date, dt.datetime]:
    """The day with the most sessions, and its first start (the moment the app opens at)."""
    counts = Counter(session.day for session in schedule.sessions)
    day = max(counts, key=counts.__getitem__)
    return day, next(s.start for s in schedule.sessions if s.day == day)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def bare_app(lines: list[str]):
    from rich.segment import Segment
    from textual.app import App
    from textual.binding import Binding
    from textual.geometry import Size
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import Footer, Input, Static

    class BareList(ScrollView, can_focus=True):
        BINDINGS: ClassVar = [Binding("down", "move(1)"), Binding("pagedown", "move(30)")]

        def __init__(self) -> None:
            super().__init__()
            self.lines = lines
            self.cursor = 0

        def show(self, shown: list[str]) -> None:
            self.lines = shown
            self.virtual_size = Size(self.size.width, len(shown))
            self.refresh()

        def on_mount(self) -> None:
            self.show(self.lines)

        def action_move(self, step: int) -> None:
            self.cursor = min(self.cursor + step, len(self.lines) - 1)
            self.scroll_to(y=max(0, self.cursor - 20), animate=False, immediate=True)
            self.refresh()

        def render_line(self, y: int) -> Strip:
            index = self.scroll_offset.y + y
            text = self.lines[index] if index < len(self.lines) else ""
            style = "reverse" if index == self.cursor else ""
            from rich.style import Style

            return Strip(
                [Segment(text[: self.size.width].ljust(self.size.width), Style.parse(style or "none"))]
            )

    class Bare(App):
        BINDINGS: ClassVar = [
            Binding("slash", "find"),
            Binding("right_square_bracket", "day"),
            Binding("left_square_bracket", "day"),
        ]

        def compose(self):
            yield Static("bare")
            yield Input(id="search")
            yield BareList()
            yield Static("status")
            yield Footer()

        def on_mount(self) -> None:
            self.query_one(BareList).focus()

        def action_find(self) -> None:
            self.query_one(Input).focus()

        def action_day(self) -> None:
            self.query_one(BareList).show([line[::-1] for line in self.query_one(BareList).lines])

        def on_input_changed(self, event: Input.Changed) -> None:
            self.query_one(BareList).show([line for line in lines if event.value in line.lower()])

    return Bare()


async def measure(make, keys: int) -> tuple[float, dict[str, float], dict[str, float]]:
    began = time.perf_counter()
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        paint = time.perf_counter() - began
        # The keys are timed once planner's suggestions are in: they are solved when the keys have
        # rested after the first paint, in a thread this waits for.
        while getattr(app, "suggestions_due", False):
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()
        # The objects alive now (this process's schedules, the app) out of the cyclic collector, as
        # planner's app does after its first paint: the floor's keys no longer pay for full passes
        # over a schedule the bare app never uses (its p95 was up to 10x its median on big days).
        gc.freeze()
        found: dict[str, list[float]] = {name: [] for name in KEYS}
        cpu: dict[str, list[float]] = {name: [] for name in KEYS}

        async def press(name: str, key: str) -> None:
            start, start_cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            found[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)

        for name, key in (("down", "down"), ("pagedown", "pagedown")):
            for _ in range(keys):
                await press(name, key)
        for index in range(keys):
            await press("day", "right_square_bracket" if index % 2 == 0 else "left_square_bracket")
        await pilot.press("slash")
        for index in range(keys):
            # Typing, then clearing the word, so the list does not empty out.
            await press("letter", "e" if index % 4 != 3 else "backspace")
        await app.workers.wait_for_complete()
    gc.unfreeze()
    return (
        paint,
        {name: p95(values) for name, values in found.items()},
        {name: p95(values) for name, values in cpu.items()},
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    # The busiest real day at hand: FOSDEM 2019's Saturday, 390 events (the corpus README says
    # where it comes from); the real Sched feed in tests/data has 4 sessions a day.
    parser.add_argument("--real", default="/work/shared/corpus/fosdem-2019-schedule.xml")
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_CACHE_DIR", tempfile.mkdtemp())
    from planner.planning import Planner
    from planner.readers import ScheduleSource
    from planner.tui.app import PlannerApp
    from planner.tui.session_list import session_line

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        synthetic.ROOMS_PER_DAY = 70
        seven = folder / "day700.txt"
        seven.write_text(synthetic.sched_text(700), encoding="utf-8")
        cases = [
            ("bundled day", None),
            (f"a real day ({Path(args.real).name})", args.real),
            ("synthetic day of 700", str(seven)),
        ]
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; p95 of {args.keys} presses")
        heads = " | ".join(f"{k} (x bare)" for k in KEYS)
        print(f"| day | sessions | p95 of | first paint (x bare) | {heads} |")
        print("|---|---|---|---|" + "---|" * len(KEYS))
        for label, schedule in cases:
            planner = Planner.open(folder / "agenda.yaml", ScheduleSource(schedule))
            # As `planner tui` does once the planner is open (cli/options.py): what it loaded is
            # out of the cyclic collector before the app starts, for the floor's app too.
            gc.freeze()
            day, now = busiest_day(planner.schedule)
            lines = [session_line(s, None).plain for s in planner.schedule.sessions if s.day == day]
            ours: list[tuple[float, dict[str, float], dict[str, float]]] = []
            bare: list[tuple[float, dict[str, float], dict[str, float]]] = []
            for _ in range(args.rounds):
                bare.append(asyncio.run(measure(partial(bare_app, lines), args.keys)))
                ours.append(
                    asyncio.run(measure(partial(PlannerApp, planner, open_browser=False, now=now), args.keys))
                )
            paint = statistics.median(p for p, _, _ in ours) / statistics.median(p for p, _, _ in bare)
            for kind, which in (("wall", 1), ("CPU", 2)):
                cells = []
                for key in KEYS:
                    mine = statistics.median(r[which][key] for r in ours)
                    floor = statistics.median(r[which][key] for r in bare)
                    cells.append(f"{mine * 1000:.0f} ms ({mine / floor:.2f}x)")
                mid = statistics.median(p for p, _, _ in ours)
                first = f"{mid:.2f} s ({paint:.1f}x)" if which == 1 else ""
                print(f"| {label} | {len(lines)} | {kind} | {first} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
