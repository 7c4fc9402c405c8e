"""Servers that misbehave, on 127.0.0.1: each ends in a schedule or one line (exit 2),
within the fetch's limits, and never spoils the last good copy or writes a password."""

from __future__ import annotations

import base64
import contextlib
import gzip
import socket
import threading
import time
import zlib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from planner.cache import Cache
from planner.errors import ScheduleError
from planner.fetch import _decoded, fetch
from planner.readers import kept
from test_fetch import V1, site  # noqa: F401 - the fixture is used by name

Handler = Callable[[socket.socket, bytes], None]


class RawServer:
    """A TCP server on 127.0.0.1 that answers every request with ``handler(conn, request)``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[bytes] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.closed = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            request = b""
            while b"\r\n\r\n" not in request:
                data = conn.recv(4096)
                if not data:
                    return
                request += data
            self.requests.append(request)
            self.handler(conn, request)

    def close(self) -> None:
        self.closed.set()
        self.sock.close()


@pytest.fixture
def raw(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    servers: list[RawServer] = []

    def start(handler: Handler) -> RawServer:
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def answer(body: bytes, *headers: bytes) -> Handler:
    def handle(conn: socket.socket, request: bytes) -> None:
        head = b"HTTP/1.1 200 OK\r\n" + b"".join(h + b"\r\n" for h in headers)
        conn.sendall(head + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body)

    return handle


def drip(start: bytes, byte: bytes) -> Handler:
    """Send ``start``, then ``byte`` every 20 ms until the client hangs up."""

    def handle(conn: socket.socket, request: bytes) -> None:
        conn.sendall(start)
        while True:
            conn.sendall(byte)
            time.sleep(0.02)

    return handle


def test_a_non_ascii_etag_is_neither_kept_nor_sent(raw, runner, cli):
    # It poisoned the cache: every later fetch of the URL exited 70 until it was deleted by hand.
    server = raw(answer(V1.encode(), 'ETag: "\xe9t\xe9"'.encode("latin-1"), b"Last-Modified: \xff\xfe"))
    for _ in range(3):
        done = runner.invoke(cli, ["sessions", "--schedule", f"{server.url}/s.txt"])
        assert done.exit_code == 0, done.output
    assert len(server.requests) == 3
    assert all(b"If-None-Match" not in r and b"If-Modified-Since" not in r for r in server.requests)


def test_a_broken_gzip_body_is_one_line(raw, runner, cli):
    server = raw(answer(b"\x1f\x8b\x08\x00broken gzip", b"Content-Encoding: gzip"))
    with pytest.raises(ScheduleError, match="compressed body is broken"):
        fetch(f"{server.url}/s.txt")
    done = runner.invoke(cli, ["sessions", "--schedule", f"{server.url}/s.txt"])
    assert done.exit_code == 2 and len(done.stderr.strip().splitlines()) == 1, done.output


def test_a_gzip_body_cut_short_is_one_line(raw):
    server = raw(answer(gzip.compress(V1.encode())[:-30], b"Content-Encoding: gzip"))
    with pytest.raises(ScheduleError, match="ends before its end"):
        fetch(f"{server.url}/s.txt")


def test_gzip_and_deflate_bodies_are_read(raw):
    body = V1.encode()
    for coding, data in (
        (b"gzip", gzip.compress(body)),
        (b"deflate", zlib.compress(body)),
        (b"gzip, gzip", gzip.compress(gzip.compress(body))),
        (b"deflate", zlib.compress(body, wbits=-zlib.MAX_WBITS)),  # raw, as some servers send it
    ):
        server = raw(answer(data, b"Content-Encoding: " + coding))
        assert fetch(f"{server.url}/s.txt").data == body, coding


def _gzip_of_zeros(megabytes: int) -> bytes:
    """A gzip stream of ``megabytes`` MB of zeros, made without compressing them all:
    after a full flush every 1 MB piece compresses to the same bytes (its trailer is
    wrong, which a reader meets only at the end)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    first = squeeze.compress(zeros) + squeeze.flush(zlib.Z_FULL_FLUSH)
    piece = squeeze.compress(zeros) + squeeze.flush(zlib.Z_FULL_FLUSH)
    return first + piece * (megabytes - 1) + squeeze.flush()


def test_stacked_gzip_cannot_inflate_past_the_limit(raw):
    # 444 bytes of gzip,gzip,gzip inflated to gigabytes in one call; here 4 GB of zeros.
    bomb = gzip.compress(gzip.compress(_gzip_of_zeros(4096)))
    server = raw(answer(bomb, b"Content-Encoding: gzip, gzip", b"Content-Encoding: gzip"))
    before = time.process_time()
    with pytest.raises(ScheduleError, match=r"over 1 MB; planner stopped reading"):
        fetch(f"{server.url}/s.txt", max_bytes=1_000_000)
    # Decoding stops at the limit: a few MB of work, not 4 GB (bounded by CPU time, not wall time).
    assert time.process_time() - before < 3


def test_a_coding_planner_did_not_ask_for_is_one_line(raw):
    server = raw(answer(b"xx", b"Content-Encoding: br"))
    with pytest.raises(ScheduleError, match="encoded as 'br'"):
        fetch(f"{server.url}/s.txt")


@pytest.mark.parametrize(
    "handler",
    [
        drip(b"HTTP/1.1 200 OK\r\nX-Drip: ", b"x"),
        drip(b"", b"HTTP/1.1 100 Continue\r\n\r\n"),
        drip(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", b"x"),
    ],
    ids=["dripped-headers", "continue-flood", "dripped-body"],
)
def test_a_dripping_server_ends_at_the_fetch_deadline(raw, runner, cli, monkeypatch, handler):
    # Each read is answered in time; only a deadline for the whole fetch ends these.
    server = raw(handler)
    with pytest.raises(ScheduleError, match=r"the whole fetch took over 0\.5 s, its limit"):
        fetch(f"{server.url}/s.txt", timeout=0.5)
    monkeypatch.setenv("PLANNER_FETCH_TIMEOUT", "0.5")
    done = runner.invoke(cli, ["sessions", "--schedule", f"{server.url}/s.txt"])
    assert done.exit_code == 2
    assert "took over 0.5 s, its limit (PLANNER_FETCH_TIMEOUT)" in done.stderr


def test_a_captive_portal_page_does_not_replace_the_good_copy(site, runner, cli):  # noqa: F811
    url = f"{site.url}/s.txt"
    site.serve("/s.txt", V1, etag='"v1"')
    assert runner.invoke(cli, ["sessions", "--schedule", url]).exit_code == 0
    site.serve("/s.txt", "<html><body>Log in to the hotel Wi-Fi</body></html>", etag='"portal"')
    done = runner.invoke(cli, ["sessions", "--schedule", url, "--json"])
    assert done.exit_code == 0, done.output
    assert "Opening Keynote" in done.stdout
    (notice,) = done.stderr.strip().splitlines()
    assert "new answer is not a schedule" in notice and "using the copy fetched" in notice
    # The good copy is still the one kept: the portal's ETag was not, so the next fetch is not a 304.
    assert kept.last_good(Cache.default(), url).data == V1.encode()
    site.serve("/s.txt", V1, etag='"v1"')
    assert runner.invoke(cli, ["sessions", "--schedule", url]).exit_code == 0
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'


def test_a_password_in_the_url_is_sent_but_never_written(site, runner, cli, tmp_path):  # noqa: F811
    site.serve("/s.txt", V1, etag='"v1"')
    secret_url = site.url.replace("http://", "http://ann:s3cr3t@") + "/s.txt"
    agenda = tmp_path / "agenda.yaml"
    picked = runner.invoke(cli, ["pick", "supply chain", "-a", str(agenda), "--schedule", secret_url])
    assert picked.exit_code == 0, picked.output
    sent = site.requests[-1][1].get("Authorization")
    assert sent == "Basic " + base64.b64encode(b"ann:s3cr3t").decode()
    assert f"schedule: {site.url}/s.txt" in agenda.read_text()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and not [p for p in written if b"s3cr3t" in p.read_bytes()]
    # A URL the server refuses is shown without the password too.
    missing = runner.invoke(cli, ["sessions", "--schedule", secret_url.replace("s.txt", "nope")])
    assert missing.exit_code == 2 and "s3cr3t" not in missing.output


# The decoder on its own, driven by hypothesis: any bytes under any stack of codings end in
# the decoded body (within the limit) or one ScheduleError, and chunking changes nothing.
_WBITS = st.sampled_from([16 + zlib.MAX_WBITS, zlib.MAX_WBITS])


@settings(max_examples=examples(200), deadline=None)
@given(st.binary(max_size=2000), st.lists(_WBITS, max_size=3), st.integers(1, 64))
def test_any_body_decodes_or_is_one_error(data, codings, size):
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    try:
        out = _decoded(iter(chunks), codings, 10_000, "u")
    except ScheduleError:
        return
    assert len(out) <= 10_000


@settings(max_examples=examples(100), deadline=None)
@given(st.binary(max_size=5000), st.lists(_WBITS, min_size=1, max_size=3), st.integers(1, 300))
def test_a_good_body_decodes_whatever_its_chunks(body, codings, size):
    data = body
    for wbits in reversed(codings):  # applied in the reverse order of undoing
        squeeze = zlib.compressobj(6, zlib.DEFLATED, wbits)
        data = squeeze.compress(data) + squeeze.flush()
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    assert _decoded(iter(chunks), codings, 1_000_000, "u") == body
