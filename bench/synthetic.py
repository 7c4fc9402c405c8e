"""Synthetic schedules in the sched text format, for benchmarks.

Sessions are drawn from the bundled schedule (titles, speakers, rooms, types,
descriptions), with numbered titles so each is distinct, laid out as a grid of
rooms x 30-minute slots over as many days as needed.
"""

from __future__ import annotations

import datetime as dt
import random

ROOMS_PER_DAY = 50
SLOTS_PER_DAY = 10


def sched_text(count: int, seed: int = 13) -> str:
    from planner import load_schedule

    rng = random.Random(seed)
    base = [s for s in load_schedule().sessions if s.speakers]
    rooms = sorted({s.location for s in load_schedule().sessions}, key=lambda loc: loc.long)
    out = ["Synthetic Conference 2026#"]
    per_day = ROOMS_PER_DAY * SLOTS_PER_DAY
    day0 = dt.date(2026, 3, 2)
    out.append(f"Total Sessions: {count}")
    for index in range(count):
        day_index, within = divmod(index, per_day)
        if within == 0:
            day = day0 + dt.timedelta(days=day_index)
            out.append(f"{day:%A}, {day:%B} {day.day}, {day.year}#")
        slot, room_index = divmod(within, ROOMS_PER_DAY)
        start = dt.datetime(2026, 1, 1, 9, 0) + dt.timedelta(minutes=45 * slot)
        end = start + dt.timedelta(minutes=rng.choice((30, 30, 30, 40, 75)))
        model = rng.choice(base)
        room = rooms[room_index % len(rooms)]
        building = f"Building {room.building} | " if room.building else ""
        level = f"Level {room.level} | " if room.level else ""
        out.append(f"{model.title} (part {index})#")
        out.append(f"Time: {_clock(start)} EST - {_clock(end)} EST")
        out.append("Speakers: " + "; ".join(str(p) for p in model.speakers))
        out.append(f"Venue: {building}{level}{room.place}, Atlanta, GA, USA")
        out.append(f"Type: {model.type}")
        if model.description:
            out.append(f"Description: {model.description}")
    return "\n".join(out) + "\n"


def write_in_child(count: int, target) -> None:
    """Write a synthetic schedule from a child process, so this one stays small:
    Linux carries a parent's memory high-water mark into its children."""
    import subprocess
    import sys
    from pathlib import Path

    subprocess.run([sys.executable, str(Path(__file__)), str(count), str(target)], check=True)


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%I:%M%p").lstrip("0").lower()


if __name__ == "__main__":
    import sys

    count, target = int(sys.argv[1]), sys.argv[2]
    with open(target, "w", encoding="utf-8") as out:
        out.write(sched_text(count))
