"""Benchmark: `suggest` on a 10,000-session synthetic schedule.

Run: python bench/suggest.py [--sessions N] [--runs R]
Prints the median over R runs of the library call (scoring every session and
solving; the schedule already parsed), the same with a cold word cache (what
one `planner suggest` process pays), and the median of the whole command
`planner suggest ... --json`, parse included, in a fresh process.
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

INTERESTS = "gitops:3, security:2, ebpf, autoscaling:2, observability"
TRACKS = "MAINTAINER TRACK:1"
SPEAKERS = "Stefan Prodan:5"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "synthetic.txt"
        agenda = Path(folder) / "agenda.yaml"
        # The schedule is generated in a child process, as in parse.py.
        write_in_child(args.sessions, path)
        command = [
            "planner",
            "suggest",
            "--schedule",
            str(path),
            "--agenda",
            str(agenda),
            "--interest",
            INTERESTS,
            "--track",
            TRACKS,
            "--like-speaker",
            SPEAKERS,
            "--json",
        ]
        cli_times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            cli_times.append(time.perf_counter() - began)

        from planner.planning import Planner
        from planner.readers import ScheduleSource
        from planner.suggest import Preferences, stem, stem_set, stems

        began = time.perf_counter()
        planner = Planner.open(agenda, ScheduleSource(str(path)))
        parse_time = time.perf_counter() - began
        assert len(planner.schedule) == args.sessions, len(planner.schedule)
        preferences = Preferences.parse(interests=INTERESTS, tracks=TRACKS, speakers=SPEAKERS)
        cold, warm = [], []
        for _ in range(args.runs):
            for cache in (stem, stems, stem_set):
                cache.cache_clear()
            began = time.perf_counter()
            suggestion = planner.suggest(preferences)
            cold.append(time.perf_counter() - began)
            began = time.perf_counter()
            planner.suggest(preferences)
            warm.append(time.perf_counter() - began)
    days = len(planner.schedule.days)
    print(f"sessions:                    {args.sessions} over {days} days")
    print(f"picks suggested:             {len(suggestion.picks)} (total score {suggestion.total_score})")
    print(f"parse + open (once):         {parse_time:.3f} s")
    print(f"suggest, cold word cache:    {statistics.median(cold):.3f} s (median of {args.runs})")
    print(f"suggest, warm word cache:    {statistics.median(warm):.3f} s (median of {args.runs})")
    whole = statistics.median(cli_times)
    print(f"`planner suggest --json`:    {whole:.3f} s (median of {args.runs}, whole process)")


if __name__ == "__main__":
    main()
