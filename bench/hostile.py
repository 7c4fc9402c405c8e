"""Benchmark: hostile inputs of the sched-hosted formats grow 10x, and so does the time.

Run: python bench/hostile.py [--size N]
Each pattern is written at size N and 10N and read with load_schedule (a clean
ScheduleError counts as a read: refusing fast is the point). The floor is a benign
file of the same length (one long Description), read in the same run; the report
gives each pattern's time, its 10x ratio (linear is ~10; quadratic would be ~100)
and its time against the floor. Median of 3 reads.

Patterns (issue 15):
- sched-time-spaces: ``Time: 1`` + N spaces + ``x`` (the old Time pattern was cubic)
- sched-speakers-semicolons: ``Speakers: (`` + N ``;`` (the old top-level split was quadratic)
- sched-summary-dashes: a Sched iCal SUMMARY of N `` - `` (the title/speaker split)
- pretalx-summary-dashes: a pretalx iCal SUMMARY of N `` - `` (was 12 s at 30,000)
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from planner import load_schedule
from planner.errors import PlannerError

HEAD = "Conf#\nThursday, November 13, 2025#\nTalk#\n"
TIME = "Time: 11:00am EST - 11:30am EST\n"


def ics(prodid: str, summary: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{prodid}",
            "X-WR-TIMEZONE:Europe/Berlin",
            "BEGIN:VEVENT",
            "UID:x@bench",
            "DTSTAMP:20251101T000000Z",
            "DTSTART:20251113T100000Z",
            "DTEND:20251113T110000Z",
            f"SUMMARY:{summary}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


PATTERNS = {
    "sched-time-spaces": (".txt", lambda n: HEAD + "Time: 1" + " " * n + "x\n"),
    "sched-speakers-semicolons": (".txt", lambda n: HEAD + TIME + "Speakers: (" + ";" * n + "\n"),
    "sched-summary-dashes": (
        ".ics",
        lambda n: ics("-//Sched.com Bench//EN", "T" + " - " * (n // 3) + "Ana Lima, Acme"),
    ),
    "pretalx-summary-dashes": (
        ".ics",
        lambda n: ics("-//pretalx//bench//", "T" + " - " * (n // 3) + "Ana Lima"),
    ),
}


def floor(n: int) -> str:
    return HEAD + TIME + "Description: " + "a" * n + "\n"


def read_seconds(path: Path) -> float:
    times = []
    for _ in range(3):
        start = time.perf_counter()
        with contextlib.suppress(PlannerError):
            load_schedule(path, kept=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="the smaller size N [20000]")
    size = parser.parse_args().size
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)

        def timed(name: str, suffix: str, text: str) -> float:
            path = root / f"{name}{suffix}"
            path.write_text(text, encoding="utf-8")
            return read_seconds(path)

        base = {n: timed(f"floor{n}", ".txt", floor(n)) for n in (size, 10 * size)}
        sizes = f"{size:,} / {10 * size:,}"
        print(f"floor (a benign {sizes}-character file): {base[size]:.4f} s / {base[10 * size]:.4f} s")
        print(f"{'pattern':<28}{'N s':>9}{'10N s':>9}{'10x ratio':>11}{'vs floor':>10}")
        for name, (suffix, make) in PATTERNS.items():
            small = timed(f"{name}-small", suffix, make(size))
            large = timed(f"{name}-large", suffix, make(10 * size))
            print(
                f"{name:<28}{small:>9.4f}{large:>9.4f}{large / small:>11.1f}{large / base[10 * size]:>10.1f}"
            )


if __name__ == "__main__":
    main()
