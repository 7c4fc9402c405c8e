"""Benchmark: how read, `conflicts`, `suggest` and `export --all` grow with the schedule.

Run: python bench/scale.py [--sizes 1000,3000,10000] [--picks 20]
(the figures in bench/README.md come from ``--sizes 1000,10000,100000``).

For each size a synthetic schedule (bench/synthetic.py) is written, an agenda of
``--picks`` sessions spread over the first day is made (for ``conflicts``; ``suggest``
plans from an empty one), and each command runs in
its own process; the table shows each child's CPU time (user + system) and peak
memory, as the kernel counts them (``os.wait4``), and the CPU time per 1,000
sessions, which stays flat when the work is linear. ``read`` is the first
command on the file (it parses and keeps a parsed copy); the others load that copy.
``--busy`` puts every session of a day in one hour, so that each of the picks clashes
with all the others and with every session (the worst case for ``conflicts``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from synthetic import write_in_child  # noqa: E402

INTERESTS = "gitops:3, security:2, ebpf, autoscaling:2, observability"


def make_agenda(schedule: str, agenda: str, picks: int) -> None:
    """Pick ``picks`` sessions of the first day, a few per time slot (run in a child)."""
    from planner.planning import Planner
    from planner.readers import ScheduleSource

    planner = Planner.open(agenda, ScheduleSource(schedule))
    sessions = planner.schedule.sessions
    first_day = sessions[0].start.date()
    chosen = [s for s in sessions if s.start.date() == first_day][:: max(1, 500 // picks)][:picks]
    planner.pick([s.id for s in chosen])


def _all_at_once(path: Path) -> None:
    """Every session at the same hour: the worst case for alternatives to each clash."""
    lines = path.read_text(encoding="utf-8").split("\n")
    busy = ["Time: 9:00am EST - 10:00am EST" if line.startswith("Time:") else line for line in lines]
    path.write_text("\n".join(busy), encoding="utf-8")


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(CPU seconds, peak MB, exit status) of ``command`` run in a child process."""
    with open(os.devnull, "wb") as devnull:
        child = subprocess.Popen(command, stdout=devnull, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        error = child.stderr.read().decode() if child.stderr else ""
        if child.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} exited {child.returncode}: {error[-400:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,3000,10000", help="session counts, comma-separated")
    parser.add_argument("--picks", type=int, default=20)
    parser.add_argument(
        "--busy", action="store_true", help="every session of a day at 9:00-10:00: each pick clashes with all"
    )
    parser.add_argument("--make-agenda", nargs=2, metavar=("SCHEDULE", "AGENDA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_agenda:
        make_agenda(*args.make_agenda, args.picks)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'sessions':>9} {'command':<11} {'CPU s':>8} {'peak MB':>8} {'CPU ms / 1k sessions':>21}")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PLANNER_CACHE_DIR": str(Path(folder) / "cache"), "COLUMNS": "120"}
        for size in sizes:
            schedule = Path(folder) / f"synthetic-{size}.txt"
            agenda = Path(folder) / f"agenda-{size}.yaml"
            fresh = Path(folder) / f"empty-{size}.yaml"  # suggest plans a day from nothing
            write_in_child(size, schedule)
            if args.busy:
                _all_at_once(schedule)
            common = ["--schedule", str(schedule)]
            commands = {
                "read": ["planner", "sessions", "--json", *common],
                "conflicts": ["planner", "conflicts", *common, "--agenda", str(agenda)],
                "suggest": ["planner", "suggest", *common, "--agenda", str(fresh), "--interest", INTERESTS],
                "export-all": ["planner", "export", "--all", *common, "-o", str(Path(folder) / "all.ics")],
            }
            for name, command in commands.items():
                if name == "conflicts":
                    make = [sys.executable, __file__, "--picks", str(args.picks), "--make-agenda"]
                    subprocess.run([*make, str(schedule), str(agenda)], check=True, env=env)
                cpu, peak, _ = run(command, env)
                print(f"{size:>9} {name:<11} {cpu:>8.2f} {peak:>8.0f} {cpu * 1e6 / size:>21.1f}", flush=True)


if __name__ == "__main__":
    main()
