"""What a signed cache costs, against checking a kept copy as strictly as a fresh read.

A kept schedule is loaded without validating it (see ``planner.readers.kept``); that is
safe because every entry is signed with a key only the user can read (``planner.cache``).
The other design would validate every kept copy as strictly as a fresh read. This
measures, for a synthetic schedule: the fresh read, the signed load (read, MAC check,
rebuild), the MAC check alone, and what strict validation of the same copy adds.

    python bench/cache.py [SESSIONS]
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import sched_text


def timed(action, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-cache-"))
    path = folder / "schedule.txt"
    path.write_text(sched_text(count), encoding="utf-8")

    from planner.cache import Cache
    from planner.models import Schedule
    from planner.readers import load_schedule

    cache = Cache(folder / "cache")
    read = timed(lambda: load_schedule(path), runs=1)
    schedule = load_schedule(path, cache=cache)  # kept
    (entry,) = (cache.folder / "schedule").glob("*.entry")
    signed = entry.read_bytes().partition(b"\n")[2]
    secret = (cache.folder / "key").read_bytes()
    signed_load = timed(lambda: load_schedule(path, cache=Cache(cache.folder)))
    mac = timed(lambda: hashlib.blake2b(signed, key=secret, digest_size=32).hexdigest())
    dumped = schedule.model_dump()
    strict = timed(lambda: Schedule.model_validate(dumped), runs=1)
    sizes = f"{path.stat().st_size / 1e6:.1f} MB; kept copy {entry.stat().st_size / 1e6:.1f} MB"
    print(f"{count} sessions ({sizes})")
    print(f"  fresh read (parse + validate):      {read:.3f} s CPU")
    print(f"  signed load (read, MAC, rebuild):   {signed_load:.3f} s CPU")
    print(f"    of which the MAC check:           {mac:.4f} s CPU")
    print(f"  strict validation of the copy adds: {strict:.3f} s CPU (pydantic, from plain values)")


if __name__ == "__main__":
    main()
