"""Schedules at a URL, through a real HTTP server on 127.0.0.1 started by each test."""

from __future__ import annotations

import contextlib
import email.utils
import http.server
import json
import os
import subprocess
import sys
import threading
import time

import pytest

from conftest import block, sched_text
from planner.cache import Cache
from planner.errors import ScheduleError
from planner.fetch import fetch
from planner.readers import kept, load_schedule
from test_kept import _crafted, entry_of, resign

V1 = sched_text(
    block("Opening Keynote", "9:00am EST - 9:30am EST"),
    block("Supply Chain Security", "11:00am EST - 11:30am EST"),
)
# The second version moves the security talk an hour later.
V2 = sched_text(
    block("Opening Keynote", "9:00am EST - 9:30am EST"),
    block("Supply Chain Security", "12:00pm EST - 12:30pm EST"),
)


class Site:
    """What the server serves, and what it was asked."""

    def __init__(self) -> None:
        self.routes: dict[str, dict] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        # Set when the test ends: a route served with hold=True answers nothing until then.
        self.released = threading.Event()

    def serve(self, path: str, body: str | bytes, **options) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = {"body": data, **options}


def _handler(site: Site):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            site.requests.append((self.path, dict(self.headers)))
            route = site.routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.get("redirect"):
                self.send_response(302)
                self.send_header("Location", route["redirect"])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.get("hold"):
                # No answer while the test runs (waiting for a state, not a fixed sleep): the
                # client's own timeout is what ends the request, however loaded the machine.
                site.released.wait()
                return
            etag, modified = route.get("etag"), route.get("last_modified")
            if (etag and self.headers.get("If-None-Match") == etag) or (
                not etag and modified and self.headers.get("If-Modified-Since") == modified
            ):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.get("status", 200))
            if etag:
                self.send_header("ETag", etag)
            if modified:
                self.send_header("Last-Modified", modified)
            if not route.get("no_length"):
                self.send_header("Content-Length", str(len(route["body"])))
            self.end_headers()
            # The client may stop reading, as it should past the limit.
            with contextlib.suppress(OSError):
                self.wfile.write(route["body"])

    return Handler


@pytest.fixture
def site(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    served = Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(served))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    served.server = server
    yield served
    served.released.set()
    server.shutdown()
    server.server_close()


def test_a_repeat_fetch_revalidates_with_the_etag_and_parses_nothing_on_304(site):
    site.serve("/s.txt", V1, etag='"v1"')
    cache = Cache.default()
    first = load_schedule(f"{site.url}/s.txt", cache=cache)
    assert [s.title for s in first.sessions] == ["Opening Keynote", "Supply Chain Security"]
    assert first.source == f"{site.url}/s.txt"
    second = load_schedule(f"{site.url}/s.txt", cache=cache)
    assert site.requests[1][1].get("If-None-Match") == '"v1"'
    # The 304 brought no bytes, and the schedule parsed from the cached copy is the same object.
    assert second is first
    assert (
        fetch(f"{site.url}/s.txt", previous=kept.last_good(cache, f"{site.url}/s.txt")).how == "not-modified"
    )
    # Without a cache nothing is revalidated, nor kept.
    assert fetch(f"{site.url}/s.txt").how == "downloaded"
    assert "If-None-Match" not in site.requests[-1][1]


def test_a_plain_load_of_a_url_writes_nothing(site):
    site.serve("/s.txt", V1, etag='"v1"')
    assert len(load_schedule(f"{site.url}/s.txt")) == 2
    assert not Cache.default().folder.exists()


def test_a_new_version_is_downloaded_and_read(site):
    site.serve("/s.txt", V1, etag='"v1"')
    assert load_schedule(f"{site.url}/s.txt").sessions[1].start.hour == 11
    site.serve("/s.txt", V2, etag='"v2"')
    assert load_schedule(f"{site.url}/s.txt").sessions[1].start.hour == 12


def test_last_modified_is_sent_back_as_if_modified_since(site):
    stamp = email.utils.formatdate(time.time() - 3600, usegmt=True)
    site.serve("/s.txt", V1, last_modified=stamp)
    first = fetch(f"{site.url}/s.txt")
    assert first.how == "downloaded"
    again = fetch(f"{site.url}/s.txt", previous=first)
    assert site.requests[-1][1].get("If-Modified-Since") == stamp
    assert again.how == "not-modified"


def test_a_404_is_one_line_and_exit_2(runner, cli, site):
    result = runner.invoke(cli, ["sessions", "--schedule", f"{site.url}/missing.txt"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "404" in lines[0] and f"{site.url}/missing.txt" in lines[0]


def test_a_slow_server_times_out(runner, cli, site, monkeypatch):
    site.serve("/slow.txt", V1, hold=True)
    with pytest.raises(ScheduleError, match=r"took over 0\.3 s"):
        fetch(f"{site.url}/slow.txt", timeout=0.3)
    monkeypatch.setenv("PLANNER_FETCH_TIMEOUT", "0.3")
    result = runner.invoke(cli, ["sessions", "--schedule", f"{site.url}/slow.txt"])
    assert result.exit_code == 2
    assert "took over 0.3 s, its limit (PLANNER_FETCH_TIMEOUT)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["soon", "0", "-1", "nan", "inf"])
def test_an_unreadable_fetch_timeout_is_an_input_error(runner, cli, site, monkeypatch, value):
    # Before settings read it, "soon" was a ValueError: planner's internal error, exit 70.
    site.serve("/s.txt", V1)
    monkeypatch.setenv("PLANNER_FETCH_TIMEOUT", value)
    result = runner.invoke(cli, ["sessions", "--schedule", f"{site.url}/s.txt"])
    assert result.exit_code == 2
    assert f"PLANNER_FETCH_TIMEOUT={value!r} is not a number of seconds" in result.stderr


@pytest.mark.parametrize("no_length", [False, True], ids=["content-length", "streamed"])
def test_a_body_over_the_limit_is_refused(site, no_length):
    site.serve("/big.txt", b"x" * 200_000, no_length=no_length)
    with pytest.raises(ScheduleError, match=r"over 0\.01 MB"):
        fetch(f"{site.url}/big.txt", max_bytes=10_000)


def test_only_http_and_https(runner, cli, site):
    result = runner.invoke(cli, ["sessions", "--schedule", "ftp://127.0.0.1/s.txt"])
    assert result.exit_code == 2
    assert "http:// or https:// only" in result.stderr


def test_redirects_are_followed_a_bounded_number_of_times(site):
    site.serve("/old.txt", "", redirect="/s.txt")
    site.serve("/s.txt", V1)
    assert len(load_schedule(f"{site.url}/old.txt")) == 2
    site.serve("/loop", "", redirect="/loop")
    with pytest.raises(ScheduleError, match="more than 5 redirects"):
        fetch(f"{site.url}/loop")


def test_a_server_that_is_down_falls_back_to_the_cached_copy(runner, cli, site):
    url = f"{site.url}/s.txt"
    site.serve("/s.txt", V1, etag='"v1"')
    assert runner.invoke(cli, ["sessions", "--schedule", url]).exit_code == 0
    site.server.shutdown()
    site.server.server_close()
    result = runner.invoke(cli, ["sessions", "--schedule", url, "--json"])
    assert result.exit_code == 0, result.output
    assert [s["title"] for s in json.loads(result.stdout)] == ["Opening Keynote", "Supply Chain Security"]
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1
    assert "cannot reach the server" in warning[0] and "using the copy fetched" in warning[0]
    assert "ago" in warning[0]


def test_a_server_down_without_a_cached_copy_is_exit_2(runner, cli, site):
    url = f"{site.url}/s.txt"
    site.server.shutdown()
    site.server.server_close()
    result = runner.invoke(cli, ["sessions", "--schedule", url])
    assert result.exit_code == 2
    assert "cannot reach the server" in result.stderr


def test_an_agenda_follows_its_schedule_url(runner, cli, site, tmp_path):
    url = f"{site.url}/s.txt"
    site.serve("/s.txt", V1, etag='"v1"')
    agenda = tmp_path / "agenda.yaml"
    picked = runner.invoke(cli, ["pick", "supply chain", "-a", str(agenda), "--schedule", url])
    assert picked.exit_code == 0, picked.output
    assert f"schedule: {url}" in agenda.read_text()
    # The agenda names the URL: no --schedule needed.
    assert runner.invoke(cli, ["agenda", "-a", str(agenda)]).exit_code == 0
    nothing = runner.invoke(cli, ["update", "-a", str(agenda)])
    assert nothing.exit_code == 0, nothing.output

    site.serve("/s.txt", V2, etag='"v2"')
    report = runner.invoke(cli, ["update", "-a", str(agenda), "--json"])
    assert report.exit_code == 1, report.output
    (pick,) = json.loads(report.stdout)["picks"]
    assert pick["status"] == ["moved"]
    assert pick["after"]["start"].startswith("2025-11-13T12:00")
    named = runner.invoke(cli, ["update", url, "-a", str(agenda)])
    assert named.exit_code == 1 and "moved" in named.stdout

    applied = runner.invoke(cli, ["update", "-a", str(agenda), "--apply"])
    assert applied.exit_code == 1
    assert "T12:00:00-05:00" in agenda.read_text()
    assert f"schedule: {url}" in agenda.read_text()
    assert runner.invoke(cli, ["update", "-a", str(agenda)]).exit_code == 0


# A schedule with one block that cannot be read: its warning is part of what is printed.
WITH_A_WARNING = sched_text(
    block("Opening Keynote", "9:00am EST - 9:30am EST"),
    block("Bad", "eleven-ish"),
    block("Supply Chain Security", "11:00am EST - 11:30am EST"),
)


def planner_process(*args: str) -> subprocess.CompletedProcess:
    """``planner ARGS`` in a new process: nothing parsed in this one is shared with it."""
    # The environment as os.environ has it: a width a library put into the C environment
    # behind os.environ's back (COLUMNS=80 was seen here) must not wrap the lines read below.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run(
        [sys.executable, "-m", "planner", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_a_new_process_answered_304_parses_nothing(site):
    url = f"{site.url}/s.txt"
    site.serve("/s.txt", WITH_A_WARNING, etag='"v1"')
    first = planner_process("sessions", "--schedule", url, "--json")
    assert first.returncode == 0, first.stderr
    assert f"{url}:8: skipped session 'Bad'" in first.stderr
    # The parsed copy edited (and signed) shows that the 304 parsed nothing.
    cache = Cache.default()
    resign(cache, "schedule", url, lambda p: p.replace(b"Opening Keynote", b"Edited Keynote"))
    second = planner_process("sessions", "--schedule", url, "--json")
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout.replace("Opening Keynote", "Edited Keynote")
    # The reader's warnings come back with the schedule.
    assert second.stderr == first.stderr
    # The control: without the parsed copy the same 304 parses the kept bytes.
    entry_of(cache, "schedule", url).unlink()
    control = planner_process("sessions", "--schedule", url, "--json")
    assert control.returncode == 0 and control.stdout == first.stdout
    # A new version (200) is parsed, and its parsed copy replaces the old one.
    site.serve("/s.txt", V2, etag='"v2"')
    third = planner_process("sessions", "--schedule", url, "--json")
    assert third.returncode == 0, third.stderr
    assert [s["start"][11:16] for s in json.loads(third.stdout)] == ["09:00", "12:00"]
    assert b"12:00pm EST" in cache.read("fetched", url, "")[1]
    assert (
        b"T12:00"
        in cache.read(
            "schedule", url, json.loads(entry_of(cache, "schedule", url).read_bytes().split(b"\n")[1])["key"]
        )[1]
    )


def test_the_offline_fallback_in_a_new_process_parses_nothing(site):
    url = f"{site.url}/s.txt"
    site.serve("/s.txt", WITH_A_WARNING, etag='"v1"')
    first = planner_process("sessions", "--schedule", url, "--json")
    assert first.returncode == 0, first.stderr
    site.server.shutdown()
    site.server.server_close()
    resign(Cache.default(), "schedule", url, lambda p: p.replace(b"Opening Keynote", b"Edited Keynote"))
    offline = planner_process("sessions", "--schedule", url, "--json")
    assert offline.returncode == 0, offline.stderr
    assert offline.stdout == first.stdout.replace("Opening Keynote", "Edited Keynote")
    notice, *rest = offline.stderr.strip().splitlines()
    assert "cannot reach the server" in notice and "using the copy fetched" in notice
    assert "\n".join(rest) == first.stderr.strip()


def test_a_parsed_copy_is_used_only_for_its_bytes_options_and_version(site):
    url = f"{site.url}/s.txt"
    site.serve("/s.txt", V1, etag='"v1"')
    cache = Cache.default()
    load_schedule(url, cache=cache)

    def titles(**options) -> list[str]:
        return [s.title for s in load_schedule(url, cache=Cache(cache.folder), **options).sessions]

    # A parsed copy edited (and signed) shows whether it was used or the bytes were read again.
    resign(cache, "schedule", url, lambda p: p.replace(b"Opening Keynote", b"Edited Keynote"))
    assert titles()[0] == "Edited Keynote"
    # Other read options change the result: the bytes are read again.
    assert titles(tz="Europe/Berlin")[0] == "Opening Keynote"
    resign(cache, "schedule", url, lambda p: p.replace(b"Opening Keynote", b"Edited Keynote"))
    _crafted(cache, url, lambda b: b.replace(b"Opening", b"Crafted"))
    assert titles()[0] == "Opening Keynote"
