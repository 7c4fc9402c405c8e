"""Benchmark: `planner team plan`, exact (HiGHS) against the greedy baseline.

Run: python bench/team.py [--quick]
Prints, for the bundled day with 3 members and for synthetic multi-day
schedules (synthetic.py: 500 sessions a day) with 3-20 members: the team value
of the exact plan, the greedy one and every member alone (`suggest` each), the
time HiGHS spends (solver time, summed over the days), the whole plan (scoring,
building the model, solving), and the size of the model. Targets: 3 members on
the bundled day under 1 s of solver time; 10 members on 2,000 sessions under 10 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from synthetic import write_in_child  # noqa: E402

# Interests for made-up members, drawn in turn (each member gets three).
TOPICS = (
    "gitops:3, security:2, supply chain",
    "ebpf:3, observability:2, networking",
    "autoscaling:3, gpu:2, ai",
    "storage:3, database:2, backup",
    "platform:3, developer:2, portal",
    "policy:3, opa:2, kyverno",
    "serverless:3, wasm:2, edge",
    "multi-cluster:3, federation:2, fleet",
    "llm:3, inference:2, model",
    "service mesh:3, istio:2, envoy",
)


def team_text(schedule: str, members: int) -> str:
    lines = ["version: 1", f"schedule: {schedule}", "members:"]
    for k in range(members):
        interests = f"{TOPICS[k % len(TOPICS)]}, maintainer"
        if k >= len(TOPICS):
            # No two members alike: identical members make the ILP symmetric, which no real team is.
            second = TOPICS[(k + 1 + k // len(TOPICS)) % len(TOPICS)].split(",")[0].split(":")[0]
            interests += f", {second}:2"
        lines += [f"  - name: m{k + 1:02d}", f'    interests: "{interests}"']
    return "\n".join(lines) + "\n"


def measure(folder: Path, schedule: str, members: int, label: str, alone: bool = True) -> dict:
    from planner.team import Team

    path = folder / f"team-{label}.yaml"
    path.write_text(team_text(schedule, members), encoding="utf-8")
    team = Team.open(path)
    began = time.perf_counter()
    exact = team.plan("exact")
    whole = time.perf_counter() - began
    began = time.perf_counter()
    greedy = team.plan("greedy")
    greedy_time = time.perf_counter() - began
    independent = team.plan("independent").total if alone else None
    return {
        "label": label,
        "sessions": len(team.sessions),
        "days": len(team.days()),
        "members": members,
        "exact": exact.total,
        "greedy": greedy.total,
        "alone": independent,
        "solver": exact.solver_seconds,
        "whole": whole,
        "greedy_time": greedy_time,
        "variables": sum(s.variables for s in exact.stats),
        "constraints": sum(s.constraints for s in exact.stats),
        "proven": f"{sum(s.proven for s in exact.stats)}/{len(exact.stats)}",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="Only the bundled day and 10 x 2,000.")
    parser.add_argument(
        "--size", action="append", metavar="SESSIONSxMEMBERS", help="e.g. 2000x20 (repeatable)."
    )
    args = parser.parse_args()
    import scipy.optimize  # noqa: F401 - imported once before timing (about 1 s on its own)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows.append(measure(folder, "bundled:kubecon-na-2025-thursday", 3, "bundled"))
        sizes = [(2000, 10)] if args.quick else [(500, 10), (1000, 10), (2000, 10), (2000, 3), (2000, 20)]
        if args.size:
            sizes = [tuple(int(n) for n in size.split("x")) for size in args.size]
        for count, members in sizes:
            schedule = folder / f"synthetic-{count}.txt"
            if not schedule.exists():
                write_in_child(count, schedule)
            rows.append(measure(folder, str(schedule), members, f"{count}x{members}", alone=members <= 10))
    columns = "schedule, members, exact, greedy, alone, solver (HiGHS), whole plan, greedy, model, proven"
    print("| " + " | ".join(columns.split(", ")) + " |")
    print("|---" * 10 + "|")
    for r in rows:
        what = "bundled day" if r["label"] == "bundled" else f"{r['sessions']} sessions, {r['days']} days"
        alone = r["alone"] if r["alone"] is not None else "-"
        print(
            f"| {what} | {r['members']} | {r['exact']} | {r['greedy']} | {alone} | {r['solver']:.3f} s "
            f"| {r['whole']:.2f} s | {r['greedy_time']:.2f} s "
            f"| {r['variables']} vars, {r['constraints']} rows | {r['proven']} days |"
        )


if __name__ == "__main__":
    main()
