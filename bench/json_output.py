"""Benchmark: `planner sessions --json` on a 10,000-session schedule, against a floor.

Run: python bench/json_output.py [--sessions N] [--runs N]

The floor is plain Python (floor_json.py below, run as its own process): it
parses the same sched text file with a few regular expressions, builds the
same fields for each session and prints them with the standard library's
`json.dumps` (compact: its C encoder). Both run as fresh processes, alternating;
the best of N wall times is kept, and the CPU time (user + sys) of the best run
is shown too, since on a shared machine wall time also counts waiting.
Target: planner within 3x of the floor, and under 1 s.

planner's modules are byte-compiled first, as pip does when it installs a wheel:
in an editable install under PYTHONDONTWRITEBYTECODE=1 (this machine's default)
every run would otherwise compile planner's sources again (about 0.1 s), which no
installed copy does. The median of the per-round ratios (floor and planner run
back to back) is printed beside the best-of ratio: on a shared machine it moves less.

planner keeps a schedule it has read (planner.readers.kept), so its runs are timed
twice: cold (the kept copy removed first: the file is parsed, as on its first read)
and warm (the copy the cold run kept is loaded, as on every later command). Both
share the kept city index, built by an untimed run in the bench's own cache folder.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from synthetic import write_in_child  # noqa: E402

FLOOR = r"""
import datetime as dt, hashlib, json, re, sys

DAY = re.compile(r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\w+) (\d+), (\d{4})#$")
TIME = re.compile(r"(\d+):(\d\d)(am|pm) (\w+) - (\d+):(\d\d)(am|pm) (\w+)")
SPEAKER = re.compile(r"^(.*?)(?: \((.*)\))?$")
ZONES = {"EST": dt.timezone(dt.timedelta(hours=-5)), "EDT": dt.timezone(dt.timedelta(hours=-4))}
MONTHS = {m: i for i, m in enumerate(["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"], 1)}


def clock(day, h, m, half, zone):
    hour = int(h) % 12 + (12 if half == "pm" else 0)
    return dt.datetime(day.year, day.month, day.day, hour, int(m), tzinfo=ZONES[zone])


def session(title, fields, day):
    t = TIME.match(fields["Time"])
    start, end = clock(day, *t.group(1, 2, 3, 4)), clock(day, *t.group(5, 6, 7, 8))
    place, _, city = fields["Venue"].partition(", ")
    parts = place.split(" | ")
    building = parts[0].removeprefix("Building ") if len(parts) == 3 else None
    level = parts[1].removeprefix("Level ") if len(parts) == 3 else None
    speakers = [SPEAKER.match(s.strip()).groups() for s in fields.get("Speakers", "").split(";") if s.strip()]
    key = f"{title}|{start.isoformat()}|{parts[-1]}".encode()
    return {
        "id": hashlib.blake2b(key, digest_size=8).hexdigest()[:5],
        "title": title,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "speakers": [{"name": n, "affiliation": a} for n, a in speakers],
        "building": building,
        "level": level,
        "room": parts[-1],
        "area": None,
        "city": city,
        "type": fields.get("Type"),
        "description": fields.get("Description"),
        "day": day.isoformat(),
        "subtitle": None,
        "track": None,
        "language": None,
        "url": None,
        "recorded": None,
        "guid": None,
        "links": [],
        "picked": None,
    }


out, day, title, fields = [], None, None, {}
with open(sys.argv[1], encoding="utf-8") as handle:
    lines = handle.read().splitlines()
for line in lines[1:]:
    found = DAY.match(line)
    if found or line.endswith("#"):
        if title is not None:
            out.append(session(title, fields, day))
        title, fields = None, {}
        if found:
            day = dt.date(int(found[4]), MONTHS[found[2]], int(found[3]))
        else:
            title = line[:-1]
        continue
    name, _, value = line.partition(": ")
    fields[name] = value
if title is not None:
    out.append(session(title, fields, day))
sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
"""


# What `--json` cost before orjson: planner's own parse, then the standard
# library's pure-Python indenting encoder (indent= turns off its C encoder).
STDLIB_INDENT = (
    "import json, sys\n"
    "from planner.readers import load_schedule\n"
    "data = [{**s.to_json(), 'picked': None} for s in load_schedule(sys.argv[1], kept=False).sessions]\n"
    "sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + '\\n')\n"
)


def timed(argv: list[str], env: dict | None = None) -> tuple[float, float, bytes]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, check=True, stdout=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import planner as package

    compileall.compile_dir(Path(package.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        schedule = Path(folder) / "synthetic.txt"
        write_in_child(args.sessions, schedule)
        floor_script = Path(folder) / "floor_json.py"
        floor_script.write_text(FLOOR, encoding="utf-8")
        floor_argv = [sys.executable, str(floor_script), str(schedule)]
        planner_argv = [
            sys.executable,
            "-c",
            "from planner.cli import main; main()",
            "sessions",
            "--json",
            "--schedule",
            str(schedule),
        ]
        stdlib_argv = [sys.executable, "-c", STDLIB_INDENT, str(schedule)]
        cache = Path(folder) / "cache"
        env = {**os.environ, "PLANNER_CACHE_DIR": str(cache)}
        subprocess.run(planner_argv, check=True, stdout=subprocess.DEVNULL, env=env)  # the city index
        floors, planners, warms, stdlibs = [], [], [], []
        for _ in range(args.runs):
            floors.append(timed(floor_argv))
            # The kept schedules (planner.cache keeps them under "schedule"): without them
            # the run below parses the file, as a first read does.
            shutil.rmtree(cache / "schedule", ignore_errors=True)
            planners.append(timed(planner_argv, env))
            assert any((cache / "schedule").glob("*.entry")), "the cold run kept no copy"
            warms.append(timed(planner_argv, env))
            stdlibs.append(timed(stdlib_argv, env))
        paired = statistics.median(p[0] / f[0] for p, f in zip(planners, floors, strict=True))
        floor, planner, warm, stdlib = min(floors), min(planners), min(warms), min(stdlibs)
        assert planner[2] == stdlib[2], "orjson and json.dumps(indent=2) wrote different bytes"
        assert warm[2] == planner[2], "the kept copy printed other bytes than the parse"
        floor_data, planner_data = json.loads(floor[2]), json.loads(planner[2])
        assert len(floor_data) == len(planner_data) == args.sessions
        assert list(floor_data[0]) == list(planner_data[0]), "the floor prints other fields"
        print(f"{args.sessions:,} sessions, {schedule.stat().st_size / 1e6:.1f} MB; best of {args.runs}")
        print(f"floor (plain Python + json.dumps): {floor[0]:.2f} s wall, {floor[1]:.2f} s CPU")
        print(f"planner sessions --json, cold:     {planner[0]:.2f} s wall, {planner[1]:.2f} s CPU")
        print(f"planner sessions --json, warm:     {warm[0]:.2f} s wall, {warm[1]:.2f} s CPU")
        print(f"planner's parse + json indent=2:   {stdlib[0]:.2f} s wall, {stdlib[1]:.2f} s CPU")
        print(
            f"ratio, cold: {planner[0] / floor[0]:.2f}x wall, {planner[1] / floor[1]:.2f}x CPU "
            f"(median of the {args.runs} rounds: {paired:.2f}x); warm: {warm[0] / floor[0]:.2f}x wall "
            "(targets: cold within 2x and under 1 s; warm within 3x)"
        )


if __name__ == "__main__":
    main()
