"""Benchmark: the frab readers stay linear on the hostile inputs of issue 15.

Run: python bench/hostile_frab.py

Each pattern is grown 10x and then 10x again; a linear reader takes ~10x the
time at each step (the DOCTYPE check was exponential in the comment lines
before <schedule>: 14 lines took 8.5 s). Prints the median of 3 reads of each
size and the ratio to the size before. The floor is the same schedule without
the pattern, read in the same run.
"""

from __future__ import annotations

import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from planner import load_schedule
from planner.errors import ScheduleError

EVENT = (
    "<day index='1' date='2025-02-01'><room name='K.1.105'><event id='1'>"
    "<date>2025-02-01T10:00:00+01:00</date><start>10:00</start><duration>00:30</duration>"
    "<room>K.1.105</room><title>Talk</title></event></room></day>"
)


def schedule_xml(prolog: str) -> str:
    return (
        f"<?xml version='1.0' encoding='utf-8'?>\n{prolog}<schedule><conference><title>Bench</title>"
        f"<time_zone_name>Europe/Brussels</time_zone_name></conference>{EVENT}</schedule>\n"
    )


PATTERNS = {
    # Comment lines before <schedule> (was exponential).
    "comment lines before <schedule>": lambda n: schedule_xml("<!-- a comment line -->\n" * n),
    # Comments, then a DOCTYPE that must be found and refused.
    "comments, then a DOCTYPE (refused)": lambda n: schedule_xml(
        "<!-- a comment line -->\n" * n + "<!DOCTYPE schedule>"
    ),
    # Unclosed comment-like openings: each one must not rescan the rest.
    "'<!DOCTYPE' runs without '['": lambda n: "\ufeff" + "<!DOCTYPE x>" * n + "<schedule/>",
}


def timed_read(path: Path) -> float:
    times = []
    for _ in range(3):
        began = time.perf_counter()
        # Refused (a DOCTYPE) or nothing to read: the time is what counts.
        with contextlib.suppress(ScheduleError):
            load_schedule(path, kept=False)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        floor_path = Path(folder) / "floor.xml"
        floor_path.write_text(schedule_xml(""), encoding="utf-8")
        floor = timed_read(floor_path)
        print(f"floor (the schedule alone): {floor * 1000:.2f} ms\n")
        print("| pattern | repeats | size | read (median of 3) | x previous |")
        print("|---|---|---|---|---|")
        for name, build in PATTERNS.items():
            previous = None
            for repeats in (10_000, 100_000, 1_000_000):
                path = Path(folder) / "hostile.xml"
                path.write_text(build(repeats), encoding="utf-8")
                seconds = timed_read(path)
                ratio = f"{seconds / previous:.1f}x" if previous else "-"
                size = path.stat().st_size / 1e6
                print(f"| {name} | {repeats:,} | {size:.2f} MB | {seconds * 1000:.1f} ms | {ratio} |")
                previous = seconds


if __name__ == "__main__":
    main()
