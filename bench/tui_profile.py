"""Where a key's time goes in `planner tui`: one key pressed K times under a profiler.

Run: python bench/tui_profile.py [--key down] [--keys 30] [--schedule FILE | --sessions 700]
     [--profiler pyinstrument|cprofile|none] [--first-paint [--rounds 5]]

Headless at 120x40 (Textual's run_test), on the busiest day of the schedule (the bundled
day by default, or a synthetic day of --sessions). The profiler runs only while the keys
are pressed, after the first paint and the suggestions. Printed: the CPU time of the
process per key (median and max, all threads: what the key cost, whatever else shares the
machine), then the profile (pyinstrument is not a dependency: ``pip install pyinstrument``;
SHOW_ALL=1 shows the library frames it hides; with cprofile, SORT=tottime sorts the table
another way and PSTATS=FILE also saves the profile, for pstats' callers and callees).

With --first-paint, no key is pressed: the profiler runs from making the app until its
first ``pilot.pause()`` returns (what ``bench/tui_keys.py`` times as the first paint), over
--rounds apps made one after the other on the same opened planner, each after the bare app
of ``bench/tui_keys.py`` (the floor, not profiled). Printed: the CPU and wall time of each
first paint, planner's over the floor's, how long after the app is made the suggestions show,
then the profile.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from functools import partial
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
        while getattr(app, "suggestions_due", False):  # solved once the first paint has rested
            await pilot.pause(0.02)
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
    print_profile(profile, profiler)


def print_profile(profile, profiler: str) -> None:
    if profiler == "pyinstrument":
        print(profile.output_text(unicode=True, color=False, show_all=bool(os.environ.get("SHOW_ALL"))))
    elif profiler == "cprofile":
        import pstats

        if os.environ.get("PSTATS"):
            profile.dump_stats(os.environ["PSTATS"])
        pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)


def first_paints(planner, now, rounds: int, profiler: str) -> None:
    """Make the app and wait for its first paint, ``rounds`` times, under one profiler; the bare
    app of ``bench/tui_keys.py`` (the floor) made as often, alternately, not profiled."""
    import gc

    from tui_keys import bare_app

    from planner.tui.app import PlannerApp
    from planner.tui.session_list import session_line

    profile = None
    if profiler == "pyinstrument":
        from pyinstrument import Profiler

        profile = Profiler(interval=0.0005, async_mode="disabled")
    elif profiler == "cprofile":
        import cProfile

        profile = cProfile.Profile()

    async def once(make, profiled: bool) -> tuple[float, float, float | None]:
        """The CPU and wall time to the first paint, and the wall time until the day shown
        has its suggestions (None for the floor, which has none)."""
        gc.freeze()  # as bench/tui_keys.py does once the planner is open
        if profiled and profiler == "pyinstrument":
            profile.start()
        elif profiled and profiler == "cprofile":
            profile.enable()
        began, began_cpu = time.perf_counter(), time.process_time()
        app = make()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            cpu, wall = time.process_time() - began_cpu, time.perf_counter() - began
            if profiled and profiler == "pyinstrument":
                profile.stop()
            elif profiled and profiler == "cprofile":
                profile.disable()
            suggested = None
            if isinstance(app, PlannerApp):
                while app.board.day not in app.board.suggested:
                    await asyncio.sleep(0.005)
                suggested = time.perf_counter() - began
            await app.workers.wait_for_complete()
        gc.unfreeze()
        return cpu, wall, suggested

    day = now.date()
    lines = [session_line(s, None).plain for s in planner.schedule.sessions if s.day == day]
    ours = partial(PlannerApp, planner, open_browser=False, now=now)
    floor = partial(bare_app, lines)
    # The first app of a process also imports what the later ones reuse.
    asyncio.run(once(floor, False))
    asyncio.run(once(ours, False))
    found: dict[str, list[tuple[float, float, float | None]]] = {"floor": [], "planner": []}
    for _ in range(rounds):
        found["floor"].append(asyncio.run(once(floor, False)))
        found["planner"].append(asyncio.run(once(ours, True)))
    mid = {name: [statistics.median(r[i] for r in runs) for i in (0, 1)] for name, runs in found.items()}
    load = os.getloadavg()[0]
    print(f"{rounds} first paints each, {len(lines)} sessions on the day (load average {load:.1f}):")
    for name, runs in found.items():
        each = ", ".join(f"{r[0] * 1000:.0f}" for r in runs)
        cpu, wall = mid[name]
        print(f"  {name}: CPU median {cpu * 1000:.0f} ms ({each}); wall median {wall * 1000:.0f} ms")
    cpu, wall = (mid["planner"][i] / mid["floor"][i] for i in (0, 1))
    shown = statistics.median(r[2] for r in found["planner"])
    print(
        f"  planner / floor: CPU {cpu:.2f}x, wall {wall:.2f}x; "
        f"suggestions shown {shown * 1000:.0f} ms after the app is made (median)"
    )
    if profiler != "none":
        print("(the profiler slows planner's first paints above; --profiler none for the figures alone)")
    print_profile(profile, profiler)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", choices=[*KEYS, "letter"], default="down")
    parser.add_argument("--keys", type=int, default=30)
    parser.add_argument("--schedule")
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--profiler", choices=["pyinstrument", "cprofile", "none"], default="pyinstrument")
    parser.add_argument("--first-paint", action="store_true", help="profile the first paint, not keys")
    parser.add_argument("--rounds", type=int, default=5, help="first paints profiled (with --first-paint)")
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
        if args.first_paint:
            first_paints(planner, now, args.rounds, args.profiler)
            return
        keys = ["letter"] if args.key == "letter" else KEYS[args.key]
        asyncio.run(run(planner, now, keys, args.keys, args.profiler))


if __name__ == "__main__":
    main()
