"""Real CalDAV servers for the sync tests, started on 127.0.0.1 with free ports.

Radicale (htpasswd, user ann, password "secret") and Xandikos (no authentication:
its Basic authentication needs TLS) run the same suite; a test asks the
``server`` fixture for a fresh calendar URL of its own.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from icalendar import Calendar


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A CalDAV server process; ``calendar()`` names a calendar no test has used."""

    kind = ""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    def command(self, hook: str = "") -> list[str]:
        raise NotImplementedError

    def start(self, hook: str = "") -> None:
        self.process = subprocess.Popen(self.command(hook), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=1)
                return
            except urllib.error.HTTPError:
                return  # answering (a 401 or a 404)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    output = self.process.stdout.read().decode()
                    raise RuntimeError(f"{self.kind} did not start: {output}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def calendar(self) -> str:
        return f"{self.url}ann/c{uuid.uuid4().hex[:10]}/"

    def client(self, url: str):
        import caldav

        return caldav.DAVClient(url=url, username="ann", password="secret")

    def items(self, url: str) -> list:
        """The calendar's objects, read with the caldav library."""
        return list(self.client(url).calendar(url=url).events())

    def events(self, url: str) -> dict:
        """The calendar's events, by UID; a UID twice fails the test."""
        found = {}
        for item in self.items(url):
            (event,) = Calendar.from_ical(item.data).walk("VEVENT")
            assert str(event["UID"]) not in found, "a UID twice"
            found[str(event["UID"])] = event
        return found


class Radicale(Server):
    kind = "radicale"

    def command(self, hook: str = "") -> list[str]:
        users = self.folder / "users"
        # Plain htpasswd entries: radicale's htpasswd_encryption "plain" (bcrypt needs the bcrypt package).
        users.write_text("ann:secret\n")
        command = [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{self.port}",
            "--storage-filesystem-folder",
            str(self.folder / "storage"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(users),
            "--auth-htpasswd-encryption",
            "plain",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ]
        return command + (["--storage-hook", hook] if hook else [])


class Xandikos(Server):
    kind = "xandikos"

    def command(self, hook: str = "") -> list[str]:
        store = self.folder / "store"
        store.mkdir(exist_ok=True)
        return [
            sys.executable,
            "-m",
            "xandikos",
            "serve",
            "-d",
            str(store),
            "-l",
            "127.0.0.1",
            "-p",
            str(self.port),
        ]


KINDS = {"radicale": Radicale, "xandikos": Xandikos}


@pytest.fixture(scope="module", params=sorted(KINDS))
def server(request, tmp_path_factory):
    """Each CalDAV server, started once per test module on 127.0.0.1 (the same suite runs on both)."""
    running = KINDS[request.param](tmp_path_factory.mktemp(request.param))
    running.start()
    yield running
    running.stop()
