"""What planner makes of every real schedule the readers own (issue 20), and what
``planner check`` says it was unsure of.

Run: python bench/corpus_readers.py [FOLDER]   (default: ../shared/corpus beside the checkout)

For each frab/c3voc/iCalendar file: the events the file holds (counted from the file,
not by planner), the sessions read, the sessions per conference day (against the
events the file lists under each day, for frab and c3voc), the zone and how it was
chosen, the sessions with speakers, the titles kept whole, the check's findings,
and the CPU time of one read (no kept copy).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from corpus import DEFAULT, listed_per_day

from planner import load_schedule
from planner.checks import check_schedule
from planner.conflicts import DEFAULT_DROP_IN_TYPES
from planner.venue_infer import venue_for


def measure(path: Path) -> dict:
    began = time.process_time()
    schedule = load_schedule(path, kept=False)
    cpu = time.process_time() - began
    read = Counter(s.day.isoformat() for s in schedule.sessions)
    if path.suffix == ".ics":
        listed = None
        in_file = path.read_text(encoding="utf-8").count("BEGIN:VEVENT")
    else:
        listed = listed_per_day(path)
        in_file = sum(listed.values())
    report = check_schedule(schedule, venue_for(schedule), DEFAULT_DROP_IN_TYPES)
    notices = [w.message for w in schedule.warnings if w.notice]
    return {
        "file": path.name,
        "in file": in_file,
        "read": len(schedule),
        "days": ", ".join(
            f"{d[5:]} {read[d]}" + (f"/{listed[d]}" if listed is not None else "")
            for d in sorted(read | (listed or Counter()))
        ),
        "days right": "n/a (no day list)" if listed is None else ("yes" if read == listed else "NO"),
        "zone": schedule.timezone + (" (said)" if notices else ""),
        "speakers": sum(1 for s in schedule.sessions if s.speakers),
        "unsure": sum(1 for w in schedule.warnings if "kept whole" in w.message),
        "other warnings": sum(1 for w in schedule.warnings if not w.notice and "kept whole" not in w.message),
        "double": len(report.double_booked),
        "offsite": len(report.offsite),
        "cpu": cpu,
    }


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    load_schedule(folder / "c3voc-hub-schedule2.json", kept=False)  # imports and gazetteer, once
    # The frab, c3voc and iCalendar files (Sessionize and Indico have readers of their own).
    files = [p for p in sorted(folder.iterdir()) if p.suffix in (".xml", ".ics") or "schedule" in p.name]
    rows = [measure(p) for p in files if p.suffix in (".xml", ".ics", ".json")]
    print(
        "| file | events in file | read | per day (read/listed) | days right | zone | with speakers "
        "| titles kept whole | other warnings | double-booked pairs | off-site | CPU |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['file']} | {r['in file']} | {r['read']} | {r['days']} | {r['days right']} | {r['zone']} "
            f"| {r['speakers']} | {r['unsure']} | {r['other warnings']} | {r['double']} | {r['offsite']} "
            f"| {r['cpu']:.2f} s |"
        )


if __name__ == "__main__":
    main()
