"""Measure the frab readers on the corpus of real published schedules.

Run: python bench/corpus.py [FOLDER]   (default: ../shared/corpus beside the checkout)

For each file: the events the file holds (counted straight from the XML tree or
the JSON, not by planner), the sessions planner read, the sessions per
conference day against the events listed under each day in the file, the zone,
the warnings, and the time to read it (median of 3).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from planner import load_schedule

DEFAULT = Path(__file__).resolve().parents[1].parent.parent / "shared" / "corpus"


def listed_per_day(path: Path) -> Counter:
    """Events per listed day, from the file itself: ``{date: count}``."""
    counts: Counter = Counter()
    if path.suffix == ".xml":
        for day in ET.parse(path).getroot().iter("day"):
            counts[day.get("date")] += len(day.findall("room/event"))
        return counts
    schedule = json.loads(path.read_text(encoding="utf-8"))["schedule"]
    days = schedule["conference"].get("days", [])
    if "events" in schedule:  # schedule2: a flat list; a day is the hours from start to end
        from datetime import datetime

        for event in schedule["events"]:
            start = datetime.fromisoformat(event["start"])
            for day in days:
                if datetime.fromisoformat(day["start"]) <= start < datetime.fromisoformat(day["end"]):
                    counts[day["date"]] += 1
        return counts
    for day in days:
        counts[day["date"]] += sum(len(events) for events in day["rooms"].values())
    return counts


def measure(path: Path) -> dict:
    times = []
    for _ in range(3):
        began = time.perf_counter()
        schedule = load_schedule(path, kept=False)
        times.append(time.perf_counter() - began)
    read_per_day = Counter(s.day.isoformat() for s in schedule.sessions)
    listed = listed_per_day(path)
    offsets = sorted({s.start.strftime("%z") for s in schedule.sessions})
    return {
        "file": path.name,
        "in file": sum(listed.values()),
        "read": len(schedule),
        "days": ", ".join(f"{d} {read_per_day[d]}/{listed[d]}" for d in sorted(listed | read_per_day)),
        "days right": read_per_day == listed,
        "zone": schedule.timezone,
        "offsets": " ".join(offsets),
        "warnings": len(schedule.warnings),
        "seconds": statistics.median(times),
    }


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = [measure(p) for p in sorted(folder.iterdir()) if p.suffix in (".xml", ".json")]
    print(
        "| file | events in file | read | per day (read/listed) | days right | zone | offsets "
        "| warnings | read time |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['file']} | {r['in file']} | {r['read']} | {r['days']} "
            f"| {'yes' if r['days right'] else 'NO'} "
            f"| {r['zone']} | {r['offsets']} | {r['warnings']} | {r['seconds'] * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
