"""Hostile input to `planner sync` (issue 25): names from a state file or a server never
choose where a request or a write goes; CalDAV answers are bounded in size and time;
a vdir's odd files and a strange NETRC are one clear line (exit 2), never a hang."""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from planner.sync import CalDAVStore, SyncError, VdirStore

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kubecon-thursday.yaml"
NOW = "2025-11-01T09:00:00Z"


@pytest.fixture
def agenda(tmp_path):
    path = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def run(runner, cli, agenda, *args):
    return runner.invoke(cli, ["sync", *args, "-a", str(agenda), "--now", NOW])


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line and not line.startswith("hint:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


class Hostile:
    """An HTTP server on 127.0.0.1 answering every request with ``answer(handler)``; it
    notes each request it gets."""

    def __init__(self, answer) -> None:
        self.requests: list[tuple[str, str, str | None]] = []
        self.stop = threading.Event()
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                owner.requests.append((self.command, self.path, self.headers.get("Authorization")))
                with contextlib.suppress(OSError):  # the client gave up
                    answer(self, owner)

            do_GET = do_PUT = do_DELETE = do_PROPFIND = do_MKCALENDAR = do_MKCOL = handle_one

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ann/cal/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def multistatus(body: bytes, status: int = 207, extra: dict | None = None):
    def answer(handler, owner) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/xml")
        for key, value in (extra or {"Content-Length": str(len(body))}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def endless(handler, owner) -> None:
    handler.send_response(207)
    handler.send_header("Content-Type", "application/xml")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<response>" + b"x" * 65536 + b"</response>"
    prelude = b'<?xml version="1.0"?><multistatus xmlns="DAV:">'
    handler.wfile.write(b"%x\r\n%s\r\n" % (len(prelude), prelude))
    while not owner.stop.is_set():
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))


def dripping(handler, owner) -> None:
    # One header byte at a time, each well inside the per-read timeout: only an overall deadline ends it.
    for byte in b"HTTP/1.1 207 Multi-Status\r\nX-Slow: " + b"a" * 100_000:
        if owner.stop.wait(0.3):
            return
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><multistatus xmlns="DAV:"><response><href>&c;</href>'
    b"</response></multistatus>"
)


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (multistatus(b"<multistatus xmlns='DAV:'><response>"), "not well-formed XML"),
        (multistatus(b""), "is empty"),
        (multistatus(BOMB), "declares a DTD or entities"),
        (multistatus(b"", extra={"Content-Length": str(600 * 1024 * 1024)}), "over 16 MB"),
        (endless, "over 16 MB"),
        (dripping, "did not answer within"),
    ],
    ids=["malformed", "empty", "entities", "600-MB", "endless", "dripping"],
)
def test_a_hostile_caldav_answer_is_one_line(runner, cli, agenda, monkeypatch, answer, says):
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    monkeypatch.setenv("PLANNER_FETCH_TIMEOUT", "1")
    server = Hostile(answer)
    try:
        before = agenda.read_bytes()
        assert says in one_line_error(run(runner, cli, agenda, server.url))
        assert agenda.read_bytes() == before
    finally:
        server.close()


def test_a_redirect_is_not_followed_with_the_password(runner, cli, agenda, monkeypatch):
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    other = Hostile(multistatus(b""))

    def redirect(handler, owner) -> None:
        handler.send_response(301)
        handler.send_header("Location", other.url)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server = Hostile(redirect)
    try:
        assert "does not follow it" in one_line_error(run(runner, cli, agenda, server.url))
        assert other.requests == []
    finally:
        server.close()
        other.close()


def write_state(agenda: Path, target: str, name: str) -> None:
    folder = agenda.parent / ".planner" / agenda.name
    folder.mkdir(parents=True)
    event = {"uid": "x@planner", "name": name, "etag": '"1"', "hash": "0"}
    state = {"version": 1, "url": target, "targets": {target: {"events": {"8q2qm": event}}}}
    (folder / "sync.json").write_text(json.dumps(state))


@pytest.mark.parametrize("name", ["//other-host/x.ics", "../../tmp/x.ics", "/etc/x.ics", ".."])
def test_a_resource_name_in_the_state_never_chooses_where_a_request_goes(runner, cli, agenda, tmp_path, name):
    watcher = Hostile(multistatus(b""))
    try:
        calendar = Hostile(multistatus(b""))
        write_state(agenda, calendar.url, name)
        assert "sync.json" in one_line_error(run(runner, cli, agenda, "--force"))
        assert watcher.requests == [] and calendar.requests == []
        calendar.close()
    finally:
        watcher.close()


def test_a_name_in_an_old_sync_section_is_refused_too(runner, cli, agenda, tmp_path):
    folder = tmp_path / "vdir"
    agenda.write_text(
        agenda.read_text()
        + f"sync:\n  url: {folder}/\n  targets:\n    {folder}:\n      events:\n"
        + "        8q2qm: {uid: x@planner, name: ../../escaped.ics, etag: '1', hash: '0'}\n"
    )
    assert "not a safe resource name" in one_line_error(run(runner, cli, agenda, "--force"))
    assert not (tmp_path.parent / "escaped.ics").exists() and not folder.exists()


def test_the_stores_refuse_a_name_that_is_not_one_segment(tmp_path):
    store = CalDAVStore("http://127.0.0.1:9/ann/cal/", "ann", "secret")
    with pytest.raises(SyncError, match="not one plain name"):
        store.update("//other-host/x.ics", b"", None)
    vdir = VdirStore(tmp_path / "vdir")
    vdir.open(create=True)
    with pytest.raises(SyncError, match="not one plain name"):
        vdir.create("../x.ics", b"BEGIN:VCALENDAR\r\n")
    assert not (tmp_path / "x.ics").exists()


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_odd_files_in_a_vdir_are_one_line(runner, cli, agenda, tmp_path, kind):
    folder = tmp_path / "vdir"
    folder.mkdir()
    odd = folder / "x.ics"
    if kind == "folder":
        odd.mkdir()
    elif kind == "fifo":
        os.mkfifo(odd)
    else:
        odd.symlink_to("/dev/zero")
    message = one_line_error(run(runner, cli, agenda, f"{folder}/"))
    assert "x.ics" in message and ("folder" in message or "FIFO" in message or "device" in message)


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_a_strange_netrc_is_one_line(runner, cli, agenda, tmp_path, monkeypatch, kind):
    monkeypatch.delenv("PLANNER_CALDAV_USERNAME", raising=False)
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    if kind == "device":
        monkeypatch.setenv("NETRC", "/dev/zero")
    else:
        fifo = tmp_path / "netrc"
        os.mkfifo(fifo)
        monkeypatch.setenv("NETRC", str(fifo))
    assert "netrc" in one_line_error(run(runner, cli, agenda, "http://127.0.0.1:9/ann/cal/"))


def test_the_sync_journal_replays_whole_lines_and_refuses_a_damaged_one(tmp_path):
    from planner.state import StateError
    from planner.sync.records import Journal, SyncedEvent, SyncState, SyncTarget

    journal = Journal(tmp_path / "sync.journal")
    target = SyncTarget(events={"a": SyncedEvent(uid="a@planner", name="a@planner.ics", hash="1")})
    journal.append("cal", "a", target)
    journal.append("cal", "b", target.model_copy(update={"deleted": {"b": 2}}))
    with open(journal.path, "ab") as handle:
        handle.write(b'{"target": "cal", "pick": "c", "ev')  # a crash mid-line
    state = journal.replay(SyncState())
    assert list(state.targets["cal"].events) == ["a"] and state.targets["cal"].deleted == {"b": 2}
    journal.path.write_bytes(b'{"target": "cal"}\n' + journal.path.read_bytes())
    with pytest.raises(StateError, match="damaged sync journal at line 1"):
        journal.replay(SyncState())
    journal.clear()
    assert not journal.path.exists() and journal.replay(SyncState()) == SyncState()
