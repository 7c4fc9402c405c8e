"""Benchmark: planner's everyday commands against the floor of starting Python with click.

Run: python bench/commands.py [--rounds R]

Each round runs the floor (``python -c "import click"``) and then each command once,
as fresh processes, on the bundled day with its parsed copy already kept (one warm-up
run first) and an agenda of three picks. Printed per command: the median wall time,
and the median over rounds of (command / the floor of the same round), so a busy
machine moves both alike. Targets (issue 23): agenda, sessions --at, show, conflicts,
next, pick then drop within 3x; export 4x; --help 1.3x. Memory: the peak RSS of
``planner agenda`` against ``python -c "import click, pydantic"`` (target 2x), read
from the child's own rusage (os.wait4). A last column gives each command's median CPU
time (user + system, from the same rusage) over the floor's: steadier than wall time
on a shared machine, though the targets are in wall time.

``--instructions`` counts instead the user-space instructions of one run of the floor
and of each command under ``valgrind --tool=callgrind`` (slow: about 15 s a command),
which do not move with the machine's load at all.

``--ladder`` counts (callgrind again) what the imports alone cost, one rung at a time: the
floor, then pydantic's ``BaseModel``, then planner's models, then everything ``planner
agenda`` imports. It shows how much of the 3x is spent before a command does any work.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PLANNER = [sys.executable, "-m", "planner"]
TARGETS = {"--help": 1.3, "export": 4.0}


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds (user + system) of one fresh process."""
    began = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - began
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):
        raise SystemExit(f"{command} exited {child.returncode}: {child.stderr.read().decode()[-400:]}")
    child.stderr.close()
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def instructions(command: list[str], env: dict[str, str]) -> int:
    """User-space instructions of one run of ``command``, counted by callgrind."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"{command}: no count from callgrind: {result.stderr[-400:]}")
    return int(found.group(1))


def count_instructions(floor: list[str], commands: dict[str, list[str]], env: dict[str, str]) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind")
    base = instructions(floor, env)
    print(f"floor `python -c 'import click'`: {base / 1e6:.0f} M instructions")
    print(f"{'command':<15} {'instructions':>14} {'ratio':>7} {'target':>7}")
    for name, command in commands.items():
        count = instructions(command, env)
        target = TARGETS.get(name, 3.0)
        mark = "ok" if count / base <= target else "NOT MET"
        print(f"{name:<15} {count / 1e6:12.0f} M {count / base:6.2f}x {target:6.1f}x {mark}")


# Each rung imports what the one before did, and more.
LADDER = {
    "click (the floor)": "import click",
    "+ pydantic.main (no command here imports it now)": "import click, pydantic.main",
    "+ planner.models": "import click, planner.models",
    "+ planner.agenda_file": "import click, planner.agenda_file",
    "+ planner.planning": "import click, planner.planning",
    "+ the agenda command's modules": (
        "import click, planner.planning, planner.cli.agenda, planner.cli.options, planner.terminal.render"
    ),
}


def count_ladder(env: dict[str, str]) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("--ladder needs valgrind")
    base = None
    print(f"{'imports':<50} {'instructions':>14} {'x floor':>8}")
    for name, code in LADDER.items():
        count = instructions([sys.executable, "-c", code], env)
        base = base or count
        print(f"{name:<50} {count / 1e6:12.0f} M {count / base:7.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--instructions", action="store_true", help="count instructions (valgrind)")
    parser.add_argument("--ladder", action="store_true", help="count the imports' instructions (valgrind)")
    args = parser.parse_args()
    import planner

    # As pip does for an installed wheel (this machine sets PYTHONDONTWRITEBYTECODE).
    compileall.compile_dir(str(Path(planner.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
        env["PLANNER_CACHE_DIR"] = str(folder / "cache")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        agenda = str(folder / "agenda.yaml")
        a = ["--agenda", agenda]
        subprocess.run(
            [*PLANNER, "pick", *a, "8q2qm", "sbxjz", "in-place pod resize"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        commands = {
            "--help": [*PLANNER, "--help"],
            "agenda": [*PLANNER, "agenda", *a],
            "sessions --at": [*PLANNER, "sessions", "--at", "11:00"],
            "show": [*PLANNER, "show", "8q2qm"],
            "conflicts": [*PLANNER, "conflicts", *a],
            "next": [*PLANNER, "next", *a, "--at", "10:45"],
            "pick": [*PLANNER, "pick", *a, "kcm19"],
            "drop": [*PLANNER, "drop", *a, "kcm19"],
            "export": [*PLANNER, "export", *a, "-o", str(folder / "out.ics")],
        }
        floor = [sys.executable, "-c", "import click"]
        for command in commands.values():  # the parsed copy kept, every import compiled
            run(command, env)
        if args.instructions:
            count_instructions(floor, commands, env)
            return
        if args.ladder:
            count_ladder(env)
            return
        walls: dict[str, list[float]] = {name: [] for name in ["floor", *commands]}
        ratios: dict[str, list[float]] = {name: [] for name in commands}
        # CPU time moves less than wall time when other work shares the cores: a second view.
        cpus: dict[str, list[float]] = {name: [] for name in ["floor", *commands]}
        for _ in range(args.rounds):
            base, _, base_cpu = run(floor, env)
            walls["floor"].append(base)
            cpus["floor"].append(base_cpu)
            for name, command in commands.items():
                wall, _, cpu = run(command, env)
                walls[name].append(wall)
                ratios[name].append(wall / base)
                cpus[name].append(cpu)
        load = os.getloadavg()[0]
        print(
            f"{args.rounds} rounds, load average {load:.1f}; floor `python -c 'import click'` "
            f"median {statistics.median(walls['floor']) * 1000:.0f} ms, "
            f"CPU {statistics.median(cpus['floor']) * 1000:.0f} ms"
        )
        print(f"{'command':<15} {'median':>8} {'ratio (median of rounds)':>26} {'target':>7}     CPU ratio")
        for name in commands:
            target = TARGETS.get(name, 3.0)
            ratio = statistics.median(ratios[name])
            mark = "ok" if ratio <= target else "NOT MET"
            cpu_ratio = statistics.median(cpus[name]) / statistics.median(cpus["floor"])
            print(
                f"{name:<15} {statistics.median(walls[name]) * 1000:6.0f} ms "
                f"{ratio:25.2f}x {target:6.1f}x {mark:<8} {cpu_ratio:5.2f}x"
            )
        rss_floor = [run([sys.executable, "-c", "import click, pydantic"], env)[1] for _ in range(3)]
        rss_agenda = [run(commands["agenda"], env)[1] for _ in range(3)]
        ratio = min(rss_agenda) / min(rss_floor)
        print(
            f"peak RSS: planner agenda {min(rss_agenda) / 1024:.0f} MB, `import click, pydantic` "
            f"{min(rss_floor) / 1024:.0f} MB: {ratio:.2f}x (target 2x) {'ok' if ratio <= 2 else 'NOT MET'}"
        )


if __name__ == "__main__":
    main()
