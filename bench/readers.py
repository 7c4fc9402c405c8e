"""Benchmark: read a 10,000-session schedule in each format planner reads.

Run: python bench/readers.py [--sessions N]
The sessions are the synthetic ones of synthetic.py, written out as a c3voc
schedule JSON, a frab schedule.xml and an iCalendar feed (planner's own
`export --all`), then read back; prints the median of 3 reads of each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from synthetic import write_in_child  # noqa: E402


def _duration(session) -> str:
    minutes = int(session.minutes)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def pretalx_json(schedule) -> str:
    days = defaultdict(lambda: defaultdict(list))
    for n, s in enumerate(schedule.sessions):
        days[s.day][s.location.place].append(
            {
                "guid": f"00000000-0000-4000-8000-{n:012d}",
                "id": n,
                "date": s.start.isoformat(),
                "start": f"{s.start:%H:%M}",
                "duration": _duration(s),
                "room": s.location.place,
                "title": s.title,
                "subtitle": "",
                "track": s.type,
                "type": "Talk",
                "language": "en",
                "abstract": s.description or "",
                "description": "",
                "persons": [{"public_name": p.name} for p in s.speakers],
            }
        )
    return json.dumps(
        {
            "schedule": {
                "version": "bench",
                "conference": {
                    "acronym": "bench",
                    "title": "Synthetic Conference",
                    "time_zone_name": schedule.timezone,
                    "days": [
                        {"index": i + 1, "date": day.isoformat(), "rooms": rooms}
                        for i, (day, rooms) in enumerate(sorted(days.items()))
                    ],
                },
            }
        }
    )


def frab_xml(schedule) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<schedule><version>bench</version>'
        f"<conference><title>Synthetic Conference</title><time_zone_name>{schedule.timezone}"
        "</time_zone_name></conference>"
    ]
    by_day = defaultdict(lambda: defaultdict(list))
    for n, s in enumerate(schedule.sessions):
        by_day[s.day][s.location.place].append((n, s))
    for index, (day, rooms) in enumerate(sorted(by_day.items()), 1):
        out.append(f'<day index="{index}" date="{day.isoformat()}">')
        for room, events in rooms.items():
            out.append(f'<room name="{escape(room)}">')
            for n, s in events:
                persons = "".join(
                    f'<person id="{i}">{escape(p.name)}</person>' for i, p in enumerate(s.speakers)
                )
                out.append(
                    f'<event guid="00000000-0000-4000-8000-{n:012d}" id="{n}">'
                    f"<date>{s.start.isoformat()}</date><start>{s.start:%H:%M}</start>"
                    f"<duration>{_duration(s)}</duration><room>{escape(room)}</room>"
                    f"<title>{escape(s.title)}</title><track>{escape(s.type or '')}</track>"
                    f"<abstract>{escape(s.description or '')}</abstract><persons>{persons}</persons></event>"
                )
            out.append("</room>")
        out.append("</day>")
    out.append("</schedule>")
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    args = parser.parse_args()
    from planner import load_schedule
    from planner.export.service import export_schedule
    from planner.planning import Planner
    from planner.query import SessionFilter
    from planner.readers import ScheduleSource

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "synthetic.txt"
        write_in_child(args.sessions, source)
        planner = Planner.open(folder / "agenda.yaml", ScheduleSource(str(source)))
        files = {
            "sched-text": source,
            "pretalx-json": folder / "schedule.json",
            "frab-xml": folder / "schedule.xml",
            "ical-feed": folder / "schedule.ics",
        }
        files["pretalx-json"].write_text(pretalx_json(planner.schedule), encoding="utf-8")
        files["frab-xml"].write_text(frab_xml(planner.schedule), encoding="utf-8")
        export_schedule(planner, SessionFilter(), "ics", str(files["ical-feed"]))
        for name, path in files.items():
            times = []
            for _ in range(3):
                began = time.perf_counter()
                schedule = load_schedule(path, kept=False)
                times.append(time.perf_counter() - began)
            assert len(schedule) == args.sessions, (name, len(schedule))
            size = path.stat().st_size / 1e6
            print(f"{name:<13} {size:5.1f} MB  {statistics.median(times):.2f} s (median of 3)")


if __name__ == "__main__":
    main()
