"""Benchmark: a 10,000-session `--all` calendar, against a bare icalendar loop.

Run: python bench/export.py [--sessions N] [--profile]
The floor is what icalendar alone costs for the same events with the same
properties (about 1 ms an event, most of it line folding); planner's target is
within 1.3x of it. --profile prints the top of a cProfile of planner's export.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from synthetic import write_in_child  # noqa: E402


def bare_icalendar(schedule, venue_name: str, now: dt.datetime, path: Path) -> None:
    """The same calendar, written with icalendar and nothing else."""
    from icalendar import Calendar, Event

    from planner.export.vtimezone import vtimezone

    calendar = Calendar()
    calendar.add("prodid", "-//planner//planner bench//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "bench")
    calendar.add("name", "bench")
    calendar.add_component(vtimezone(schedule.timezone, {s.start.year for s in schedule.sessions}))
    for s in schedule.sessions:
        loc = s.location
        event = Event()
        event.add("uid", f"{s.id}-{schedule.key}@planner")
        event.add("dtstamp", now)
        event.add("sequence", 0)
        event.add("dtstart", s.start)
        event.add("dtend", s.end)
        event.add("summary", s.title)
        event.add(
            "location",
            f"{loc.place}, Level {loc.level}, Building {loc.building}, {venue_name}, {loc.city}",
        )
        people = "; ".join(f"{p.name} ({p.affiliation})" for p in s.speakers)
        event.add(
            "description",
            f"Speakers: {people}\nTrack: {s.type}\n\n{s.description}\n\nplanner session {s.id}",
        )
        event.add("categories", [s.type])
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    path.write_bytes(calendar.to_ical())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from planner.export.service import export_schedule
    from planner.export.writers.ics import IcsOptions
    from planner.planning import Planner
    from planner.query import SessionFilter
    from planner.readers import ScheduleSource

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "synthetic.txt"
        write_in_child(args.sessions, source)
        planner = Planner.open(folder / "agenda.yaml", ScheduleSource(str(source)))
        now = dt.datetime(2025, 11, 1, 9, tzinfo=dt.UTC)
        options = IcsOptions(now=now)

        def ours():
            export_schedule(planner, SessionFilter(), "ics", str(folder / "planner.ics"), options)

        def floor():
            bare_icalendar(planner.schedule, planner.venue.name, now, folder / "bare.ics")

        ours()  # warm up caches and imports
        floor()
        planner_times, floor_times = [], []
        for _ in range(args.runs):
            for timed, times in ((ours, planner_times), (floor, floor_times)):
                began = time.perf_counter()
                timed()
                times.append(time.perf_counter() - began)
        events = (folder / "planner.ics").read_bytes().count(b"BEGIN:VEVENT")
        size = (folder / "planner.ics").stat().st_size / 1e6
        ours_s, floor_s = statistics.median(planner_times), statistics.median(floor_times)
        print(f"events:                 {events} ({size:.1f} MB)")
        print(f"planner export --all:   {ours_s:.2f} s ({1000 * ours_s / events:.2f} ms/event)")
        print(f"bare icalendar loop:    {floor_s:.2f} s ({1000 * floor_s / events:.2f} ms/event)")
        print(f"ratio:                  {ours_s / floor_s:.2f}x (median of {args.runs} runs each)")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(ours)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
            print(out.getvalue())


if __name__ == "__main__":
    main()
