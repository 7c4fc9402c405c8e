"""The long fuzz run: N hostile inputs per format through the CLI, counting exit codes.

Run: python bench/fuzz.py [--inputs 1000] [--seed 1] [--keep bench/fuzz-failures]

Each input is a real file of one format changed by a few random operations
(tests/fuzz_inputs.py, the same operations the fuzz tests draw), read by
``planner sessions --schedule FILE --json`` and, when that succeeds, written back
by ``planner export --all -o -``. A worker subprocess runs the CLI (click's test
runner, so the process does not start again per input); the parent gives each
input 10 s and kills and restarts the worker when one takes longer (a hang).

Prints, per format, the count of each exit code (0 ok, 1 finding, 2 input
error, 70 internal error, "tb" a traceback that escaped, "hang" over 10 s) and
the slowest input. Inputs that ended in 70, a traceback or a hang are saved
under --keep (one file each, with the crash's innermost planner frame in the
name) to be added to tests/data/fuzz/.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from fuzz_inputs import FIXTURES, FORMATS, YAML_FIXTURES, apply_agenda, random_input, random_operations  # noqa: E402

# A worker that answers nothing for this long is killed (a hang); the 10 s target itself
# is on CPU time, which the worker measures per input.
HANG_SECONDS = 30.0
CPU_LIMIT_SECONDS = 10.0
# The hand-edited YAML files, through the command that reads each.
YAML_COMMANDS = {
    "agenda": [["agenda", "--agenda", "{path}"], ["conflicts", "--agenda", "{path}"]],
    "team": [["team", "plan", "{path}"]],
    "venue": [["walk", "B401-402", "Exhibit Hall B2", "--venue", "{path}"]],
}


def _where(exc_info) -> str:
    """The innermost frame in planner's own code: where the crash is to be fixed."""
    frames = [f for f in traceback.extract_tb(exc_info[2]) if "/planner/" in f.filename]
    if not frames:
        return "outside-planner"
    frame = frames[-1]
    return f"{Path(frame.filename).stem}.{frame.name}"


def worker() -> None:
    """Read one JSON request a line (a file path), answer one JSON line per request."""
    import os

    from click.testing import CliRunner

    from planner.cli import cli

    runner = CliRunner()
    for line in sys.stdin:
        request = json.loads(line)
        path = request["path"]
        started = time.process_time()
        answer = {"exit": None, "where": None, "message": ""}
        commands = [
            [a.replace("{path}", path) for a in argv] for argv in YAML_COMMANDS.get(request["kind"], [])
        ]
        for argv in commands or (
            ["sessions", "--schedule", path, "--json"],
            ["export", "--all", "--schedule", path, "-o", "-"],
        ):
            os.environ.pop("PLANNER_DEBUG", None)
            result = runner.invoke(cli, argv)
            code = result.exit_code
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                code = "tb"
            answer["exit"] = code
            answer["message"] = (result.stderr or "").strip().splitlines()[:1]
            if code in (70, "tb"):
                os.environ["PLANNER_DEBUG"] = "1"  # again, for where it broke
                again = runner.invoke(cli, argv)
                if again.exc_info and again.exception is not None:
                    answer["where"] = _where(again.exc_info)
                    answer["message"] = [f"{type(again.exception).__name__}: {again.exception}"[:200]]
            if code != 0:
                break
        answer["seconds"] = time.process_time() - started
        print(json.dumps(answer), flush=True)


class Worker:
    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )

    def run(self, path: Path, kind: str) -> dict:
        import selectors

        started = time.perf_counter()
        self.process.stdin.write(json.dumps({"path": str(path), "kind": kind}) + "\n")
        self.process.stdin.flush()
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=HANG_SECONDS)
        selector.close()
        if not ready:
            self.process.kill()
            self.process.wait()
            self.start()
            return {"exit": "hang", "where": None, "message": [], "seconds": time.perf_counter() - started}
        line = self.process.stdout.readline()
        if not line:  # the worker died (e.g. out of memory)
            self.process.wait()
            self.start()
            return {"exit": "died", "where": None, "message": [], "seconds": time.perf_counter() - started}
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1000, help="inputs per format (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=HERE / "fuzz-failures")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker()
        return
    rng = random.Random(args.seed)
    pool = Worker()
    kinds = [*FORMATS, *YAML_FIXTURES]
    counts: dict[str, Counter] = {fmt: Counter() for fmt in kinds}
    slowest: dict[str, float] = dict.fromkeys(kinds, 0.0)
    kept = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.inputs):
            for fmt in kinds:
                if fmt in YAML_FIXTURES:
                    suffix, data = ".yaml", apply_agenda(YAML_FIXTURES[fmt], random_operations(rng))
                else:
                    suffix, data = FIXTURES[fmt][0], random_input(fmt, rng)
                path = Path(folder) / f"input{suffix}"
                path.write_bytes(data)
                answer = pool.run(path, fmt)
                if answer["exit"] not in ("hang", "died") and answer["seconds"] > CPU_LIMIT_SECONDS:
                    answer["exit"] = "cpu"
                counts[fmt][str(answer["exit"])] += 1
                slowest[fmt] = max(slowest[fmt], answer["seconds"])
                if answer["exit"] in (70, "tb", "hang", "died", "cpu"):
                    args.keep.mkdir(parents=True, exist_ok=True)
                    name = f"{fmt}-{answer['exit']}-{answer['where'] or 'unknown'}-{n}{suffix}"
                    (args.keep / name).write_bytes(data)
                    kept += 1
                    print(f"{name}: {answer['message']}", file=sys.stderr, flush=True)
    pool.close()
    total = sum(sum(c.values()) for c in counts.values())
    print(f"{total} inputs in {time.perf_counter() - started:.0f} s (seed {args.seed})")
    print(
        "| input | inputs | exit 0 | exit 1 | exit 2 | exit 70 | traceback | over 10 s CPU | hang "
        "| slowest (CPU) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for fmt in kinds:
        c = counts[fmt]
        print(
            f"| {fmt} | {sum(c.values())} | {c['0']} | {c['1']} | {c['2']} | {c['70']} | {c['tb']} "
            f"| {c['cpu']} | {c['hang'] + c['died']} | {slowest[fmt]:.2f} s |"
        )
    if kept:
        print(f"{kept} failing inputs kept in {args.keep}")


if __name__ == "__main__":
    main()
