"""Benchmark: parse a 10,000-session sched text schedule; and `planner --help` start-up.

Run: python bench/parse.py [--sessions N]
Prints the median parse time over 5 runs, the peak memory of a fresh process
that parses the file once, and the median start-up time of `planner --help`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from synthetic import write_in_child  # noqa: E402

PEAK_SCRIPT = """
import resource, sys
from planner import load_schedule
schedule = load_schedule(sys.argv[1], kept=False)
assert len(schedule) == int(sys.argv[2])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
BASELINE_SCRIPT = """
import resource
import planner.readers, planner.models, planner.readers.formats.sched_text
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.txt"
        # Everything big happens in child processes first: Linux carries a parent's
        # memory high-water mark over fork+exec, which would inflate the children's.
        write_in_child(args.sessions, path)
        size_mb = path.stat().st_size / 1e6
        peak_kb = int(
            subprocess.check_output([sys.executable, "-c", PEAK_SCRIPT, str(path), str(args.sessions)])
        )
        base_kb = int(subprocess.check_output([sys.executable, "-c", BASELINE_SCRIPT]))
        help_times = []
        for _ in range(7):
            began = time.perf_counter()
            subprocess.run(["planner", "--help"], check=True, capture_output=True)
            help_times.append(time.perf_counter() - began)

        from planner import load_schedule

        times = []
        for _ in range(5):
            began = time.perf_counter()
            schedule = load_schedule(path, kept=False)
            times.append(time.perf_counter() - began)
        assert len(schedule) == args.sessions, len(schedule)
    print(f"sessions:            {args.sessions} ({size_mb:.1f} MB of text)")
    print(f"parse, median of 5:  {statistics.median(times):.3f} s (min {min(times):.3f} s)")
    print(f"peak RSS:            {peak_kb / 1024:.0f} MB (of which imports: {base_kb / 1024:.0f} MB)")
    print(f"planner --help:      {statistics.median(help_times):.3f} s (median of 7, whole process)")


if __name__ == "__main__":
    main()
