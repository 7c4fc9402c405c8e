"""`planner sync` into a real Radicale with htpasswd authentication, started here
(and into a vdir folder)."""

from __future__ import annotations

import json
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
PICKS = 14
NOW = "2025-11-01T09:00:00Z"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Radicale:
    """A Radicale server on 127.0.0.1 with user ann (password "secret")."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.users = folder / "users"
        folder.mkdir(exist_ok=True)
        # Plain htpasswd entries: radicale's htpasswd_encryption "plain" (bcrypt needs the bcrypt package).
        self.users.write_text("ann:secret\n")
        self.process = None
        self.url = f"http://127.0.0.1:{self.port}/"
        self.calendar = f"{self.url}ann/kubecon/"

    def start(self, hook: str = "") -> None:
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
            str(self.users),
            "--auth-htpasswd-encryption",
            "plain",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ]
        if hook:
            command += ["--storage-hook", hook]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=1)
                return
            except urllib.error.HTTPError:
                return  # answering (a 401 or the like)
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    pytest.fail(f"Radicale did not start: {self.process.stdout.read().decode()}")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def events(self, url: str | None = None) -> dict[str, Calendar]:
        """The calendar's events, by UID, read with the caldav library."""
        import caldav

        client = caldav.DAVClient(url=url or self.calendar, username="ann", password="secret")
        calendar = client.calendar(url=url or self.calendar)
        found = {}
        for item in calendar.events():
            (event,) = Calendar.from_ical(item.data).walk("VEVENT")
            assert str(event["UID"]) not in found, "a UID twice"
            found[str(event["UID"])] = event
        return found


@pytest.fixture
def radicale(tmp_path, monkeypatch):
    server = Radicale(tmp_path / "radicale")
    server.start()
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    yield server
    server.stop()


@pytest.fixture
def agenda(tmp_path):
    path = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def sync(runner, cli, agenda, *args, code=0):
    result = runner.invoke(cli, ["sync", *args, "-a", str(agenda), "--now", NOW, "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if result.stdout.strip().startswith("{") else result


def test_first_sync_creates_one_event_per_pick_and_the_second_sends_nothing(runner, cli, agenda, radicale):
    report = sync(runner, cli, agenda, radicale.calendar)
    assert report == {"created": PICKS, "updated": 0, "deleted": 0, "unchanged": 0, "conflicts": []}
    served = radicale.events()
    assert len(served) == PICKS
    assert all(int(e["SEQUENCE"]) == 0 for e in served.values())
    text = agenda.read_text()
    assert f"url: {radicale.calendar}" in text and "secret" not in text

    # No argument: the agenda remembers the calendar. Nothing changed, nothing is sent.
    etags_before = {uid: e.get("DTSTAMP").to_ical() for uid, e in served.items()}
    again = sync(runner, cli, agenda)
    assert again == {"created": 0, "updated": 0, "deleted": 0, "unchanged": PICKS, "conflicts": []}
    assert {uid: e.get("DTSTAMP").to_ical() for uid, e in radicale.events().items()} == etags_before


def test_a_change_is_one_update_with_the_sequence_planner_exported(runner, cli, agenda, radicale):
    sync(runner, cli, agenda, radicale.calendar)
    assert (
        runner.invoke(cli, ["pick", "8q2qm", "--note", "sit near the front", "-a", str(agenda)]).exit_code
        == 0
    )
    report = sync(runner, cli, agenda)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, PICKS - 1)
    (event,) = [e for uid, e in radicale.events().items() if uid.startswith("8q2qm-")]
    assert "sit near the front" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == 1  # planner's one bump, no second one by the library


def test_a_drop_deletes_and_a_re_pick_comes_back_under_a_new_uid(runner, cli, agenda, radicale):
    sync(runner, cli, agenda, radicale.calendar)
    assert runner.invoke(cli, ["drop", "8q2qm", "-a", str(agenda)]).exit_code == 0
    report = sync(runner, cli, agenda)
    # The pick after it may change too (its walk now starts elsewhere).
    assert (report["created"], report["deleted"]) == (0, 1)
    assert report["updated"] + report["unchanged"] == PICKS - 1
    assert not [uid for uid in radicale.events() if uid.startswith("8q2qm-")]

    assert runner.invoke(cli, ["pick", "8q2qm", "-a", str(agenda)]).exit_code == 0
    report = sync(runner, cli, agenda)
    assert (report["created"], report["deleted"]) == (1, 0)
    (uid,) = [uid for uid in radicale.events() if uid.startswith("8q2qm-")]
    # A fresh UID: a server that keeps deleted UIDs in a trash bin (Nextcloud) takes it.
    assert uid.endswith("-2@planner")
    assert len(radicale.events()) == PICKS


def test_cancel_keeps_a_dropped_pick_as_cancelled(runner, cli, agenda, radicale):
    sync(runner, cli, agenda, radicale.calendar)
    runner.invoke(cli, ["drop", "8q2qm", "-a", str(agenda)])
    report = sync(runner, cli, agenda, "--cancel")
    assert report["deleted"] == 0 and report["updated"] >= 1
    (event,) = [e for uid, e in radicale.events().items() if uid.startswith("8q2qm-")]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert sync(runner, cli, agenda, "--cancel")["unchanged"] == PICKS


def test_an_event_edited_on_the_server_is_kept_and_reported(runner, cli, agenda, radicale):
    import caldav

    sync(runner, cli, agenda, radicale.calendar)
    client = caldav.DAVClient(url=radicale.calendar, username="ann", password="secret")
    (item,) = [
        i
        for i in client.calendar(url=radicale.calendar).events()
        if "8q2qm-" in str(i.icalendar_component["UID"])
    ]
    item.icalendar_component["SUMMARY"] = "My own title"
    item.save(increase_seqno=False)

    runner.invoke(cli, ["pick", "8q2qm", "--note", "changed here too", "-a", str(agenda)])
    report = sync(runner, cli, agenda, code=1)
    assert [c["id"] for c in report["conflicts"]] == ["8q2qm"]
    assert "changed in the calendar" in report["conflicts"][0]["reason"]
    (event,) = [e for uid, e in radicale.events().items() if uid.startswith("8q2qm-")]
    assert str(event["SUMMARY"]) == "My own title"

    forced = sync(runner, cli, agenda, "--force")
    assert forced["updated"] == 1 and forced["conflicts"] == []
    (event,) = [e for uid, e in radicale.events().items() if uid.startswith("8q2qm-")]
    assert str(event["SUMMARY"]) != "My own title" and "changed here too" in str(event["DESCRIPTION"])


def test_a_wrong_password_is_one_line_and_changes_nothing(runner, cli, agenda, radicale, monkeypatch):
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "wrong")
    before = agenda.read_bytes()
    result = sync(runner, cli, agenda, radicale.calendar, code=2)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("hint:")]
    assert len(lines) == 1 and "401" in lines[0] and "nothing was changed" in lines[0]
    assert agenda.read_bytes() == before
    assert urllib_status(radicale.calendar) == 404  # the calendar was not created


def test_credentials_from_netrc(runner, cli, agenda, radicale, monkeypatch, tmp_path):
    monkeypatch.delenv("PLANNER_CALDAV_USERNAME")
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD")
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login ann password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert sync(runner, cli, agenda, radicale.calendar)["created"] == PICKS


def test_not_a_calendar_and_an_unreachable_server(runner, cli, agenda, radicale):
    before = agenda.read_bytes()
    result = sync(runner, cli, agenda, radicale.url + "ann/", code=2)
    assert "is not a calendar collection" in result.stderr
    down = f"http://127.0.0.1:{free_port()}/ann/kubecon/"
    result = sync(runner, cli, agenda, down, code=2)
    assert "cannot reach the server" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert agenda.read_bytes() == before


def test_a_server_killed_mid_sync_is_finished_by_the_next_sync(runner, cli, agenda, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    server = Radicale(tmp_path / "radicale")
    counter = tmp_path / "writes"
    # Radicale runs the hook after each stored change, in a shell whose parent is the server:
    # at the 6th write (the calendar and 5 events) it kills the server before it answers.
    hook = (
        f"n=$(($(cat {counter} 2>/dev/null || echo 0)+1)); echo $n > {counter}; [ $n -ge 6 ] && kill -9 $PPID"
    )
    server.start(hook=hook)
    try:
        result = sync(runner, cli, agenda, server.calendar, code=2)
        assert "run planner sync again" in result.stderr
        server.process.wait(timeout=10)
        server.start()
        report = sync(runner, cli, agenda)
        assert report["conflicts"] == []
        # The 5th event was stored before the kill cut the answer: adopted, not sent twice.
        assert report["created"] + report["unchanged"] == PICKS
        served = server.events()
        assert len(served) == PICKS
        assert sync(runner, cli, agenda)["unchanged"] == PICKS
    finally:
        server.stop()


def test_dry_run_sends_nothing(runner, cli, agenda, radicale):
    before = agenda.read_bytes()
    report = sync(runner, cli, agenda, radicale.calendar, "--dry-run")
    assert report["created"] == PICKS
    assert agenda.read_bytes() == before
    assert urllib_status(radicale.calendar) == 404


def urllib_status(url: str) -> int:
    request = urllib.request.Request(url, method="PROPFIND", headers={"Depth": "0"})
    password = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    password.add_password(None, url, "ann", "secret")
    opener = urllib.request.build_opener(urllib.request.HTTPBasicAuthHandler(password))
    try:
        return opener.open(request, timeout=5).status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_vdir_gets_one_file_per_event(runner, cli, agenda, tmp_path):
    folder = tmp_path / "calendars" / "kubecon"
    report = sync(runner, cli, agenda, f"{folder}/")
    assert report["created"] == PICKS
    files = sorted(folder.glob("*.ics"))
    assert len(files) == PICKS
    for file in files:
        (event,) = Calendar.from_ical(file.read_bytes()).walk("VEVENT")
        assert file.name == str(event["UID"]) + ".ics"
        assert "METHOD" not in Calendar.from_ical(file.read_bytes())
    assert sync(runner, cli, agenda)["unchanged"] == PICKS
    runner.invoke(cli, ["drop", "8q2qm", "-a", str(agenda)])
    assert sync(runner, cli, agenda)["deleted"] == 1
    assert len(list(folder.glob("*.ics"))) == PICKS - 1
    assert not list(folder.glob(".*.tmp"))
    # The whole calendar gone: made again, every event created afresh, no conflicts.
    shutil.rmtree(folder)
    again = sync(runner, cli, agenda)
    assert (again["created"], again["conflicts"]) == (PICKS - 1, [])


def test_a_uid_the_server_refuses_is_sent_under_another(runner, cli, agenda, radicale):
    """Radicale answers 409 no-uid-conflict when the UID is already in the calendar under
    another name, as Nextcloud answers for a UID in its trash bin: the pick still gets in."""
    import caldav

    client = caldav.DAVClient(url=radicale.calendar, username="ann", password="secret")
    client.mkcalendar(radicale.calendar)
    taken = "8q2qm-kubecon-cloudnativecon-north-america-2025@planner"
    other = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:someone else\r\nBEGIN:VEVENT\r\n"
        f"UID:{taken}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20251113T160000Z\r\n"
        "DTEND:20251113T163000Z\r\nSUMMARY:Not planner's\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert (
        client.put(radicale.calendar + "someone-else.ics", other, {"Content-Type": "text/calendar"}).status
        == 201
    )
    report = sync(runner, cli, agenda, radicale.calendar)
    assert (report["created"], report["conflicts"]) == (PICKS, [])
    served = radicale.events()
    assert str(served[taken]["SUMMARY"]) == "Not planner's"  # left alone
    assert taken.replace("@planner", "-r2@planner") in served
    assert sync(runner, cli, agenda)["unchanged"] == PICKS


def test_a_password_in_the_url_is_used_but_never_kept(runner, cli, agenda, radicale, monkeypatch):
    monkeypatch.delenv("PLANNER_CALDAV_USERNAME")
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD")
    with_password = radicale.calendar.replace("http://", "http://ann:secret@")
    assert sync(runner, cli, agenda, with_password)["created"] == PICKS
    text = agenda.read_text()
    assert "secret" not in text and f"url: {radicale.calendar}" in text
