"""Where a key's time goes in `planner tui`: one key pressed K times under a profiler.

Run: python bench/tui_profile.py [--key down] [--keys 30] [--schedule FILE | --sessions 700]
     [--profiler pyinstrument|cprofile|none]

Headless at 120x40 (Textual's run_test), on the busiest day of the schedule (the bundled
day by default, or a synthetic day of --sessions). The profiler runs only while the keys
are pressed, after the first paint and the suggestions. Printed: the CPU time of the
process per key (median and max, all threads: what the key cost, whatever else shares the
machine), then the profile (pyinstrument is not a dependency: ``pip install pyinstrument``;
SHOW_ALL=1 shows the library frames it hides; with cprofile, SORT=tottime sorts the table
another way and PSTATS=FILE also saves the profile, for pstats' callers and callees).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402
from tui_keys import busiest_day  # noqa: E402

KEYS = {"down": ["down"], "pagedown": ["pagedown"], "day": ["right_square_bracket", "left_square_bracket"]}


async def run(planner, now, keys: list[str], count: int, profiler: str) -> None:
    from planner.tui.app import PlannerApp

    app = PlannerApp(planner, open_browser=False, now=now)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if keys == ["letter"]:
            await pilot.press("slash")
        profile = None
        if profiler == "pyinstrument":
            from pyinstrument import Profiler

            profile = Profiler(interval=0.0005, async_mode="disabled")
            profile.start()
        elif profiler == "cprofile":
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        cpu, wall = [], []
        for index in range(count):
            key = keys[index % len(keys)]
            if key == "letter":
                key = "e" if index % 4 != 3 else "backspace"
            began, began_cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            cpu.append(time.process_time() - began_cpu)
            wall.append(time.perf_counter() - began)
        if profiler == "pyinstrument":
            profile.stop()
        elif profiler == "cprofile":
            profile.disable()
    print(
        f"{count} x {'/'.join(keys)}: CPU per key median {statistics.median(cpu) * 1000:.1f} ms, "
        f"max {max(cpu) * 1000:.1f} ms; wall median {statistics.median(wall) * 1000:.0f} ms, "
        f"max {max(wall) * 1000:.0f} ms (load average {os.getloadavg()[0]:.1f})"
    )
    if profiler == "pyinstrument":
        print(profile.output_text(unicode=True, color=False, show_all=bool(os.environ.get("SHOW_ALL"))))
    elif profiler == "cprofile":
        import pstats

        if os.environ.get("PSTATS"):
            profile.dump_stats(os.environ["PSTATS"])
        pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", choices=[*KEYS, "letter"], default="down")
    parser.add_argument("--keys", type=int, default=30)
    parser.add_argument("--schedule")
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--profiler", choices=["pyinstrument", "cprofile", "none"], default="pyinstrument")
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_CACHE_DIR", tempfile.mkdtemp())
    from planner.planning import Planner
    from planner.readers import ScheduleSource

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        schedule = args.schedule
        if args.sessions:
            synthetic.ROOMS_PER_DAY = max(1, args.sessions // synthetic.SLOTS_PER_DAY)
            schedule = str(folder / "day.txt")
            Path(schedule).write_text(synthetic.sched_text(args.sessions), encoding="utf-8")
        planner = Planner.open(folder / "agenda.yaml", ScheduleSource(schedule))
        _, now = busiest_day(planner.schedule)
        keys = ["letter"] if args.key == "letter" else KEYS[args.key]
        asyncio.run(run(planner, now, keys, args.keys, args.profiler))


if __name__ == "__main__":
    main()
