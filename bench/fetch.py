"""A schedule at a URL: the first fetch, a repeat (a 304), and the same file read from disk.

A local HTTP server (127.0.0.1, started here) serves a synthetic schedule with an
ETag. The floor is ``load_schedule`` of the same bytes from a file; the first
fetch should cost about that plus the download, a repeat (revalidated with
If-None-Match, answered 304, the parsed schedule reused) a small fraction of it,
in the same process (kept in memory by the Cache) and in a new one (the parsed copy
kept in the cache folder, signed, read back without validating); the last line is a
new process without that copy, which parses the cached bytes again.

    python bench/fetch.py [SESSIONS]
"""

from __future__ import annotations

import http.server
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import sched_text


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    body = sched_text(count).encode()
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-fetch-"))
    (folder / "schedule.txt").write_bytes(body)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/schedule.txt"

    from planner.cache import Cache
    from planner.readers import load_schedule

    def timed(action) -> float:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    def new_process(keep_parsed: bool):
        # What a new `planner` process has: a new Cache object (nothing in memory), the cache folder.
        cache = Cache.default()
        if not keep_parsed:
            for path in (cache.folder / "schedule").glob("*.entry"):
                path.unlink()
        return lambda: load_schedule(url, cache=cache)

    floors, firsts, repeats, kept, reparsed = [], [], [], [], []
    for run in range(3):
        os.environ["PLANNER_CACHE_DIR"] = str(folder / f"cache{run}")
        cache = Cache.default()
        floors.append(timed(lambda: load_schedule(folder / "schedule.txt")))
        firsts.append(timed(lambda cache=cache: load_schedule(url, cache=cache)))
        repeats.append(timed(lambda cache=cache: load_schedule(url, cache=cache)))
        kept.append(timed(new_process(keep_parsed=True)))
        reparsed.append(timed(new_process(keep_parsed=False)))
    server.shutdown()
    floor, first, repeat, kept_copy, again = (
        statistics.median(x) for x in (floors, firsts, repeats, kept, reparsed)
    )
    print(f"{count} sessions ({len(body) / 1e6:.1f} MB), median of 3")
    print(f"  file read (floor):                    {floor:.3f} s")
    print(f"  first fetch + parse:                  {first:.3f} s  ({first / floor:.2f}x the floor)")
    print(f"  repeat, same process (304):           {repeat:.4f} s  ({repeat / floor:.3f}x the floor)")
    print(f"  new process, 304, parsed copy kept:   {kept_copy:.4f} s  ({kept_copy / floor:.3f}x the floor)")
    print(f"  new process, 304, parsed copy gone:   {again:.4f} s  ({again / floor:.3f}x the floor)")


if __name__ == "__main__":
    main()
