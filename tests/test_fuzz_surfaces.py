"""Fuzzing the surfaces beside the schedule readers: every registered reader has a
fixture, the team and venue YAML files, and the answers of an HTTP server and of a
CalDAV server (a hostile server on 127.0.0.1 that says what hypothesis draws).

A PlannerError (exit 2) or a finding (exit 1) is a fine answer; exit 70, a
traceback, or more than the CPU bound of test_fuzz.py is not. Bounded for CI by
count: ``PLANNER_FUZZ_EXAMPLES`` per test (30 by default).
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz_inputs import FIXTURES, OPERATIONS, YAML_FIXTURES, apply, apply_agenda
from planner.errors import PlannerError
from planner.readers import reader_names
from test_fuzz import fuzz_settings, time_bound

operations = st.lists(
    st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 1 << 20), st.integers(0, 1 << 16)),
    min_size=1,
    max_size=4,
)


def test_every_registered_reader_is_fuzzed():
    """A new reader is picked up from the registry (fuzz_inputs finds it a fixture in
    tests/data); one with no sample there fails here, not silently."""
    from fuzz_inputs import _reader_of

    fuzzed = {_reader_of(data) for _, data in FIXTURES.values()}
    assert set(reader_names()) <= fuzzed


# -- team and venue YAML -----------------------------------------------------------------


def _load_yaml_file(kind: str, path: Path) -> None:
    from planner.agenda_file import AgendaFile
    from planner.team.spec import load_team_spec
    from planner.venue import load_venue

    load = {"agenda": lambda p: AgendaFile(p).load(), "team": load_team_spec, "venue": load_venue}[kind]
    with time_bound(), contextlib.suppress(PlannerError):
        load(path)


@pytest.mark.parametrize("kind", ["team", "venue"])
def test_team_and_venue_files_survive_mutation(kind, tmp_path):
    @fuzz_settings
    @given(changes=operations)
    def check(changes):
        path = tmp_path / f"fuzzed-{kind}.yaml"
        path.write_bytes(apply_agenda(YAML_FIXTURES[kind], changes))
        _load_yaml_file(kind, path)

    check()


# -- a hostile server --------------------------------------------------------------------


class HostileServer:
    """Answers every request on 127.0.0.1 with ``self.answer`` (raw bytes), then closes."""

    def __init__(self) -> None:
        self.answer = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                with contextlib.suppress(OSError):
                    request = b""
                    while b"\r\n\r\n" not in request and len(request) < 65536:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        request += chunk
                    conn.sendall(self.answer)

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def server():
    hostile = HostileServer()
    yield hostile
    hostile.close()


def _gzip(data: bytes, times: int) -> bytes:
    for _ in range(times):
        data = gzip.compress(data)
    return data


HEADERS = (
    b'ETag: "\xc3\xa9t\xc3\xa9"',
    b'ETag: "\xff"',
    b"Last-Modified: Thu, 99 Foo 9999 99:99:99 GMT",
    b"Last-Modified: \xe2\x80\x94",
    b"Content-Type: text/calendar; charset=utf-8",
    b'Content-Type: application/xml; charset="utf-8"',
    b"Content-Length: 99999999",
    b"Content-Length: -1",
    b"Transfer-Encoding: chunked",
    b"Location: http://127.0.0.2:1/elsewhere",
    b"Location: //other-host/x",
    b"DAV: 1, 2, calendar-access",
    b"Content-Encoding: gzip",
    b"Content-Encoding: gzip, gzip, gzip",
    b"Content-Encoding: br",
    b"Content-Encoding: deflate",
    b"X-\x1b]52;c;aGk=\x07: y",
    b"Set-Cookie: " + b"a" * 9000,
)

MULTISTATUS = (
    b"<?xml version='1.0'?><d:multistatus xmlns:d='DAV:'></d:multistatus>",
    b"<?xml version='1.0'?><d:multistatus xmlns:d='DAV:'><d:response><d:href>/cal/x.ics</d:href>"
    b'<d:propstat><d:prop><d:getetag>"1"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status>'
    b"</d:propstat></d:response></d:multistatus>",
    b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>"
    b"<d:multistatus xmlns:d='DAV:'>&b;</d:multistatus>",
    b"<d:multistatus xmlns:d='DAV:'><d:response>",
    b"",
    b"not xml at all",
    b"<?xml version='1.0'?><d:multistatus xmlns:d='DAV:'><d:response><d:href>//other/x.ics</d:href>"
    b'<d:propstat><d:prop><d:getetag>"\xc3\xa9"</d:getetag></d:prop></d:propstat></d:response>'
    b"</d:multistatus>",
)


@st.composite
def answers(draw, bodies) -> bytes:
    """A raw HTTP answer: a status, a few hostile headers, a body (maybe gzipped)."""
    status = draw(
        st.sampled_from(
            (
                b"200 OK",
                b"201 Created",
                b"204 No Content",
                b"207 Multi-Status",
                b"301 Moved",
                b"304 Not Modified",
                b"401 Unauthorized",
                b"412 Precondition Failed",
                b"500 Oops",
                b"999 What",
            )
        )
    )
    headers = draw(st.lists(st.sampled_from(HEADERS), max_size=4))
    body = draw(bodies)
    if b"Content-Encoding: gzip" in headers:
        body = _gzip(body, draw(st.integers(1, 3)))
    elif b"Content-Encoding: gzip, gzip, gzip" in headers:
        body = _gzip(body, 3)[: draw(st.sampled_from((None, 10)))]
    if not any(h.startswith((b"Content-Length", b"Transfer-Encoding")) for h in headers):
        headers.append(b"Content-Length: %d" % len(body))
    return b"HTTP/1.1 " + status + b"\r\n" + b"\r\n".join(headers) + b"\r\n\r\n" + body


def schedule_bodies():
    fuzzed = st.tuples(st.sampled_from(sorted(FIXTURES)), operations).map(
        lambda pair: apply(FIXTURES[pair[0]][1], pair[0], pair[1])
    )
    return st.one_of(
        st.sampled_from([data for _, data in FIXTURES.values()]), fuzzed, st.binary(max_size=200)
    )


def _invoke(runner, cli, argv):
    with time_bound():
        result = runner.invoke(cli, argv)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not crashed, f"traceback: {result.exception!r}"
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-400:])


def test_a_hostile_http_server_is_exit_0_or_2(runner, server, tmp_path, monkeypatch):
    from planner.cli import cli

    monkeypatch.setenv("PLANNER_FETCH_TIMEOUT", "2")

    @fuzz_settings
    @given(answer=answers(schedule_bodies()), second=answers(schedule_bodies()))
    def check(answer, second):
        monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
        url = f"http://127.0.0.1:{server.port}/schedule.ics"
        # Twice: the second fetch reads what the first left in the cache.
        for raw in (answer, second):
            server.answer = raw
            _invoke(runner, cli, ["sessions", "--schedule", url, "--json"])

    check()


def test_a_hostile_caldav_server_is_exit_0_1_or_2(runner, server, tmp_path, monkeypatch):
    from planner.cli import cli

    monkeypatch.setenv("PLANNER_FETCH_TIMEOUT", "2")
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    agenda = tmp_path / "agenda.yaml"
    agenda.write_bytes(YAML_FIXTURES["agenda"])
    bodies = st.one_of(st.sampled_from(MULTISTATUS), st.binary(max_size=200))

    @fuzz_settings
    @given(answer=answers(bodies))
    def check(answer):
        server.answer = answer
        _invoke(runner, cli, ["sync", f"http://127.0.0.1:{server.port}/cal/", "-a", str(agenda)])

    check()
