"""Benchmark: `planner --help` start-up against `python -c "import click"`.

Run: python bench/startup.py [--runs N]
Both are run as fresh processes, alternating, and the best of N wall times of
each is kept (the best is the least disturbed by other work on the machine).
Target: planner within 1.5x of the floor. Also checks that `--help` imports
none of the heavy libraries (the commands import them when they run).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

FLOOR = [sys.executable, "-c", "import click"]
PLANNER = [sys.executable, "-c", "from planner.cli import main; main()", "--help"]
HEAVY = ("pydantic", "icalendar", "jinja2", "pytz", "dateutil", "ruamel", "orjson")
CHECK = (
    "import contextlib, io, sys; sys.argv = ['planner', '--help']\n"
    "from planner.cli import main\n"
    "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
    "    main()\n"
    f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
)


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    floor, planner = [], []
    for _ in range(args.runs):
        floor.append(wall(FLOOR))
        planner.append(wall(PLANNER))
    heavy = subprocess.run([sys.executable, "-c", CHECK], check=True, capture_output=True, text=True)
    loaded = heavy.stdout.strip()
    best_floor, best_planner = min(floor), min(planner)
    print(f"python -c 'import click': {best_floor * 1000:.0f} ms (best of {args.runs})")
    print(f"planner --help:           {best_planner * 1000:.0f} ms (best of {args.runs})")
    print(f"ratio: {best_planner / best_floor:.2f}x (target: within 1.5x)")
    print(f"heavy modules imported by --help: {loaded or 'none'}")


if __name__ == "__main__":
    main()
