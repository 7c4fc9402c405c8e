"""Write the bundled day as Sched writes its ``all.ics``: tests/data/kubecon-na-2025-thursday-sched.ics.

    python tests/make_sched_feed.py

Sched's form (as in its real exports, e.g. tests/data/jococruise2024-sched-excerpt.ics):
``X-WR-TIMEZONE:UTC``, every time in UTC (``Z``), ``SUMMARY:Title - Speaker, Role,
Company; Speaker2, Company2`` (people of one company as ``A & B, Company``), and the
LOCATION with its city. The SUMMARY is the scrape's title line and its Speakers line with the
scrape's rewrite undone (``Name (Rest)`` back to ``Name, Rest``): the title as Sched
wrote it. Times and rooms are the scrape's as planner reads them. The test then checks
that reading the feed gives the same sessions as reading the scrape. Lines are folded at 75 octets with
icalendar, as Sched's are.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import icalendar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planner import load_schedule  # noqa: E402

OUT = ROOT / "tests" / "data" / "kubecon-na-2025-thursday-sched.ics"
SOURCE = ROOT / "schedules" / "kubecon-na-2025-thursday.txt"
STAMP = dt.datetime(2025, 11, 1, 12, 0, tzinfo=dt.UTC)


def sched_form(speakers_line: str) -> str:
    """Undo the scrape's rewrite: each ``Name (Rest)`` entry back to sched's ``Name, Rest``."""
    entries, depth, start = [], 0, 0
    for i, ch in enumerate(speakers_line):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth == 0:
            entries.append(speakers_line[start:i].strip())
            start = i + 1
    entries.append(speakers_line[start:].strip())
    flat = []
    for entry in entries:
        if entry.endswith(")"):
            depth = 0
            for i in range(len(entry) - 1, -1, -1):
                depth += {")": 1, "(": -1}.get(entry[i], 0)
                if depth == 0:
                    entry = f"{entry[:i].strip()}, {entry[i + 1 : -1].strip()}"
                    break
        flat.append(entry)
    return "; ".join(flat)


def raw_block(lines: list[str], title_line: int) -> tuple[str, str | None]:
    """The title as the scrape wrote it and its Speakers line, from the title's line number."""
    title = lines[title_line - 1].strip().removesuffix("#").strip()
    for line in lines[title_line:]:
        if line.strip().endswith("#"):
            break
        if line.startswith("Speakers:"):
            return title, line.partition(":")[2].strip()
    return title, None


def venue_text(location) -> str | None:
    parts = [
        f"Building {location.building}" if location.building else None,
        f"Level {location.level}" if location.level else None,
        location.room,
        location.area,
    ]
    place = " | ".join(p for p in parts if p)
    if not place:
        return None
    return f"{place}, {location.city}" if location.city else place


def build() -> bytes:
    schedule = load_schedule(SOURCE)
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    calendar = icalendar.Calendar()
    for key, value in (
        ("VERSION", "2.0"),
        ("X-WR-CALNAME", schedule.name),
        ("X-WR-CALDESC", "Event Calendar"),
        ("METHOD", "PUBLISH"),
        ("CALSCALE", "GREGORIAN"),
        ("PRODID", f"-//Sched.com {schedule.name}//EN"),
        ("X-WR-TIMEZONE", "UTC"),
    ):
        calendar.add(key, value)
    for session in schedule.sessions:
        event = icalendar.Event()
        event.add("DTSTAMP", STAMP)
        event.add("DTSTART", session.start.astimezone(dt.UTC))
        event.add("DTEND", session.end.astimezone(dt.UTC))
        title, speakers = raw_block(lines, session.line)
        event.add("SUMMARY", f"{title} - {sched_form(speakers)}" if speakers else title)
        event.add("DESCRIPTION", session.description or "")
        if session.type:
            event.add("CATEGORIES", session.type)
        if (where := venue_text(session.location)) is not None:
            event.add("LOCATION", where)
        event.add("SEQUENCE", 0)
        event.add("UID", f"SCHED-{session.id}")
        event.add("URL", f"https://kccncna2025.sched.com/event/{session.id}")
        calendar.add_component(event)
    return calendar.to_ical()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(ROOT)}")
