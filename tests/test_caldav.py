"""The exported calendar through a real CalDAV server (Radicale), started here."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from icalendar import Calendar

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def radicale(tmp_path):
    """A Radicale server on 127.0.0.1 with a temporary folder and no authentication."""
    port = free_port()
    storage = tmp_path / "radicale"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(storage),
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.stdout.read().decode(errors="replace")
                pytest.fail(f"Radicale did not start: {output}")
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def test_every_event_round_trips_through_caldav(runner, cli, tmp_path, radicale):
    import caldav

    agenda = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, agenda)
    result = runner.invoke(cli, ["export", "-a", str(agenda), "--now", "2025-11-01T09:00:00Z"])
    assert result.exit_code == 0, result.output
    exported = Calendar.from_ical(agenda.with_suffix(".ics").read_bytes())
    zones = exported.walk("VTIMEZONE")
    events = exported.walk("VEVENT")

    client = caldav.DAVClient(url=radicale, username="attendee", password="unused")
    principal = client.principal()
    calendar = principal.make_calendar(name="KubeCon agenda")
    for event in events:
        # One resource per event, with the time zone it uses, and no METHOD (RFC 4791).
        resource = Calendar()
        resource.add("prodid", str(exported["PRODID"]))
        resource.add("version", "2.0")
        for zone in zones:
            resource.add_component(zone)
        resource.add_component(event)
        calendar.save_event(resource.to_ical().decode())

    new_york = dt.timezone(dt.timedelta(hours=-5))
    found = calendar.search(
        start=dt.datetime(2025, 11, 13, 0, 0, tzinfo=new_york),
        end=dt.datetime(2025, 11, 14, 0, 0, tzinfo=new_york),
        event=True,
    )
    served = {}
    for item in found:
        component = Calendar.from_ical(item.data).walk("VEVENT")[0]
        served[str(component["UID"])] = (component["DTSTART"].dt, component["DTEND"].dt)
    expected = {str(e["UID"]): (e["DTSTART"].dt, e["DTEND"].dt) for e in events}
    assert served.keys() == expected.keys()
    for uid, (start, end) in expected.items():
        assert served[uid][0] == start and served[uid][1] == end, uid

    # A narrower REPORT, only the morning, finds exactly the morning's events.
    morning = calendar.search(
        start=dt.datetime(2025, 11, 13, 9, 0, tzinfo=new_york),
        end=dt.datetime(2025, 11, 13, 10, 30, tzinfo=new_york),
        event=True,
    )
    morning_uids = {str(Calendar.from_ical(i.data).walk("VEVENT")[0]["UID"]) for i in morning}
    assert morning_uids == {
        uid
        for uid, (start, end) in expected.items()
        if start < dt.datetime(2025, 11, 13, 10, 30, tzinfo=new_york)
        and end > dt.datetime(2025, 11, 13, 9, 0, tzinfo=new_york)
    }
    assert len(morning_uids) == 4  # the four keynotes
