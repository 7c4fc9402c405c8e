"""`planner sync` into real CalDAV servers started here (Radicale and Xandikos, the same
suite against each), and into a vdir folder."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from sync_servers import KINDS, Radicale, Xandikos, free_port

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kubecon-thursday.yaml"
SCHEDULE = ROOT / "schedules" / "kubecon-na-2025-thursday.txt"
PICKS = 14
NOW = "2025-11-01T09:00:00Z"
KEDA = "8q2qm"


@pytest.fixture
def calendar(server, monkeypatch):
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    return server.calendar()


@pytest.fixture
def agenda(tmp_path):
    """The example agenda over a copy of its schedule, which a test may change."""
    shutil.copy(SCHEDULE, tmp_path / "schedule.txt")
    path = tmp_path / "agenda.yaml"
    path.write_text(EXAMPLE.read_text().replace("bundled:kubecon-na-2025-thursday", "schedule.txt"))
    return path


def sync(runner, cli, agenda, *args, code=0):
    result = runner.invoke(cli, ["sync", *args, "-a", str(agenda), "--now", NOW, "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if result.stdout.strip().startswith("{") else result


def state(agenda: Path) -> dict:
    return json.loads((agenda.parent / ".planner" / agenda.name / "sync.json").read_text())


def keda(server, calendar):
    (event,) = [e for uid, e in server.events(calendar).items() if uid.startswith(f"{KEDA}-")]
    return event


def edit_on_server(server, calendar, change) -> None:
    """Change planner's KEDA event as a calendar app would (its own PUT, no SEQUENCE bump)."""
    (item,) = [i for i in server.items(calendar) if f"{KEDA}-" in str(i.icalendar_component["UID"])]
    change(item.icalendar_component)
    item.save(increase_seqno=False)


def move_keda(agenda: Path, time: str = "11:15am EST - 11:45am EST", title: str | None = None) -> None:
    schedule = agenda.parent / "schedule.txt"
    text = schedule.read_text()
    block = "Autoscaling Spring Boot Apps in Kubernetes With KEDA#\nTime: 11:00am EST - 11:30am EST"
    assert block in text
    new_title = title or "Autoscaling Spring Boot Apps in Kubernetes With KEDA"
    schedule.write_text(text.replace(block, f"{new_title}#\nTime: {time}"))


def test_first_sync_creates_one_event_per_pick_and_the_second_sends_nothing(
    runner, cli, agenda, server, calendar
):
    report = sync(runner, cli, agenda, calendar)
    assert (report["created"], report["updated"], report["conflicts"]) == (PICKS, 0, [])
    served = server.events(calendar)
    assert len(served) == PICKS
    assert all(int(e["SEQUENCE"]) == 0 for e in served.values())
    # The record is planner's own state beside the agenda, not in the file the person edits.
    assert "sync:\n" not in agenda.read_text() and "secret" not in agenda.read_text()
    kept = state(agenda)
    assert kept["url"] == calendar and len(kept["targets"][calendar]["events"]) == PICKS
    assert "secret" not in json.dumps(kept)

    stamps = {uid: e.get("DTSTAMP").to_ical() for uid, e in served.items()}
    again = sync(runner, cli, agenda)
    assert (again["created"], again["updated"], again["unchanged"], again["conflicts"]) == (0, 0, PICKS, [])
    assert {uid: e.get("DTSTAMP").to_ical() for uid, e in server.events(calendar).items()} == stamps


def test_a_change_is_one_update_with_the_sequence_planner_exported(runner, cli, agenda, server, calendar):
    sync(runner, cli, agenda, calendar)
    assert (
        runner.invoke(cli, ["pick", KEDA, "--note", "sit near the front", "-a", str(agenda)]).exit_code == 0
    )
    report = sync(runner, cli, agenda)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, PICKS - 1)
    event = keda(server, calendar)
    assert "sit near the front" in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == 1  # planner's one bump, no second one by a library


def test_a_drop_deletes_and_a_re_pick_comes_back_under_a_new_uid(runner, cli, agenda, server, calendar):
    sync(runner, cli, agenda, calendar)
    assert runner.invoke(cli, ["drop", KEDA, "-a", str(agenda)]).exit_code == 0
    report = sync(runner, cli, agenda)
    # The pick after it may change too (its walk now starts elsewhere).
    assert (report["created"], report["deleted"], report["conflicts"]) == (0, 1, [])
    assert not [uid for uid in server.events(calendar) if uid.startswith(f"{KEDA}-")]

    assert runner.invoke(cli, ["pick", KEDA, "-a", str(agenda)]).exit_code == 0
    report = sync(runner, cli, agenda)
    assert (report["created"], report["deleted"]) == (1, 0)
    (uid,) = [uid for uid in server.events(calendar) if uid.startswith(f"{KEDA}-")]
    # A fresh UID: a server that keeps deleted UIDs in a trash bin (Nextcloud) takes it.
    assert uid.endswith("-2@planner")
    assert len(server.events(calendar)) == PICKS


def test_cancel_is_remembered_and_a_cancelled_event_keeps_its_place(runner, cli, agenda, server, calendar):
    sync(runner, cli, agenda, calendar)
    place = str(keda(server, calendar)["LOCATION"])
    runner.invoke(cli, ["drop", KEDA, "-a", str(agenda)])
    report = sync(runner, cli, agenda, "--cancel")
    assert report["deleted"] == 0 and report["updated"] >= 1
    event = keda(server, calendar)
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1
    assert str(event["LOCATION"]) == place
    # A plain sync keeps the choice: the CANCELLED event stays.
    again = sync(runner, cli, agenda)
    assert (again["deleted"], again["unchanged"]) == (0, PICKS)
    assert str(keda(server, calendar)["STATUS"]) == "CANCELLED"


def test_the_persons_own_properties_survive_a_moved_session(runner, cli, agenda, server, calendar):
    sync(runner, cli, agenda, calendar)

    def dismiss_and_colour(event):
        event["X-MOZ-LASTACK"] = "20251113T155000Z"  # Thunderbird: the reminder was dismissed
        event["X-APPLE-TRAVEL-ADVISORY-BEHAVIOR"] = "AUTOMATIC"
        event["COLOR"] = "tomato"
        event["CATEGORIES"] = "mine"

    edit_on_server(server, calendar, dismiss_and_colour)
    assert sync(runner, cli, agenda)["conflicts"] == []  # an edit of the person's own: nothing to do
    move_keda(agenda)
    report = sync(runner, cli, agenda)
    assert report["conflicts"] == [] and report["updated"] >= 1 and report["merged"] >= 1
    event = keda(server, calendar)
    assert event.decoded("DTSTART").strftime("%H:%M") == "11:15"
    assert str(event["X-MOZ-LASTACK"]) == "20251113T155000Z"
    assert str(event["X-APPLE-TRAVEL-ADVISORY-BEHAVIOR"]) == "AUTOMATIC"
    assert str(event["COLOR"]) == "tomato"
    assert int(event["SEQUENCE"]) == 1
    assert sync(runner, cli, agenda)["unchanged"] == PICKS


def test_a_title_changed_on_both_sides_is_one_conflict_naming_both(runner, cli, agenda, server, calendar):
    sync(runner, cli, agenda, calendar)

    def retitle(event):
        event["SUMMARY"] = "My own title"
        event["SEQUENCE"] = 5  # a client that counts its own versions

    edit_on_server(server, calendar, retitle)
    move_keda(agenda, title="KEDA Autoscaling for Spring Boot")
    # A retitle gives the session a new ID: the agenda follows it, the event keeps its UID.
    assert runner.invoke(cli, ["update", "--apply", "-a", str(agenda)]).exit_code == 1
    report = sync(runner, cli, agenda, code=1)
    (conflict,) = report["conflicts"]
    assert "property" in conflict, conflict
    assert conflict["property"] == "SUMMARY"
    assert (
        conflict["calendar"] == "My own title" and conflict["schedule"] == "KEDA Autoscaling for Spring Boot"
    )
    assert "renamed" in conflict["reason"] and "you changed the title" in conflict["reason"]
    assert str(keda(server, calendar)["SUMMARY"]) == "My own title"

    forced = sync(runner, cli, agenda, "--force")
    assert forced["conflicts"] == [] and forced["updated"] >= 1
    event = keda(server, calendar)
    assert str(event["SUMMARY"]) == "KEDA Autoscaling for Spring Boot"
    assert int(event["SEQUENCE"]) > 5  # --force never lowers it


def test_a_title_changed_only_in_the_calendar_is_kept(runner, cli, agenda, server, calendar):
    sync(runner, cli, agenda, calendar)
    edit_on_server(server, calendar, lambda event: event.__setitem__("SUMMARY", "KEDA (bring laptop)"))
    move_keda(agenda)  # moved, not renamed
    report = sync(runner, cli, agenda)
    assert report["conflicts"] == []
    event = keda(server, calendar)
    assert str(event["SUMMARY"]) == "KEDA (bring laptop)"
    assert event.decoded("DTSTART").strftime("%H:%M") == "11:15"


def test_a_vdir_sync_does_not_forget_the_caldav_calendar(runner, cli, agenda, server, calendar, tmp_path):
    sync(runner, cli, agenda, calendar)
    folder = tmp_path / "vdir"
    assert sync(runner, cli, agenda, f"{folder}/")["created"] == PICKS
    assert state(agenda)["url"] == calendar
    assert sync(runner, cli, agenda)["unchanged"] == PICKS  # the CalDAV calendar again
    assert sorted(state(agenda)["targets"]) == sorted([calendar, str(folder.resolve())])


def test_not_a_calendar_and_an_unreachable_server(runner, cli, agenda, server, calendar):
    sync(runner, cli, agenda, calendar)
    before = agenda.read_bytes()
    result = sync(runner, cli, agenda, calendar.rsplit("/", 2)[0] + "/", code=2)
    assert "is not a calendar collection" in result.stderr
    down = f"http://127.0.0.1:{free_port()}/ann/kubecon/"
    result = sync(runner, cli, agenda, down, code=2)
    assert "cannot reach the server" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert agenda.read_bytes() == before


def test_dry_run_sends_nothing(runner, cli, agenda, server, calendar):
    before = agenda.read_bytes()
    report = sync(runner, cli, agenda, calendar, "--dry-run")
    assert report["created"] == PICKS
    assert agenda.read_bytes() == before
    assert not (agenda.parent / ".planner" / agenda.name / "sync.json").exists()
    assert server.kind not in ("radicale",) or server.client(calendar).propfind(calendar).status == 404


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_fresh_server_gets_its_calendar_created(runner, cli, agenda, tmp_path, monkeypatch, kind):
    """A fresh Radicale has no user folder (MKCALENDAR answers 409); Xandikos says "not found"
    inside a 207: both end with the calendar made and every event in it."""
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    fresh = KINDS[kind](tmp_path / kind)
    fresh.start()
    try:
        url = f"{fresh.url}ann/kubecon/"
        result = runner.invoke(cli, ["sync", url, "-a", str(agenda), "--now", NOW])
        assert result.exit_code == 0, result.output
        assert "Created the calendar" in result.stdout
        assert len(fresh.events(url)) == PICKS
    finally:
        fresh.stop()


def test_a_wrong_password_is_one_line_and_changes_nothing(runner, cli, agenda, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "wrong")
    radicale = Radicale(tmp_path / "radicale")
    radicale.start()
    try:
        before = agenda.read_bytes()
        result = sync(runner, cli, agenda, f"{radicale.url}ann/kubecon/", code=2)
        lines = [line for line in result.stderr.splitlines() if not line.startswith("hint:")]
        assert len(lines) == 1 and "401" in lines[0] and "nothing was changed" in lines[0]
        assert agenda.read_bytes() == before
        # A password in the URL is used, and kept nowhere.
        monkeypatch.delenv("PLANNER_CALDAV_USERNAME")
        monkeypatch.delenv("PLANNER_CALDAV_PASSWORD")
        with_password = f"http://ann:secret@127.0.0.1:{radicale.port}/ann/kubecon/"
        assert sync(runner, cli, agenda, with_password)["created"] == PICKS
        assert "secret" not in agenda.read_text()
        assert "secret" not in json.dumps(state(agenda))
        assert state(agenda)["url"] == f"{radicale.url}ann/kubecon/"
    finally:
        radicale.stop()


def test_credentials_from_netrc(runner, cli, agenda, tmp_path, monkeypatch):
    monkeypatch.delenv("PLANNER_CALDAV_USERNAME", raising=False)
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login ann password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    radicale = Radicale(tmp_path / "radicale")
    radicale.start()
    try:
        assert sync(runner, cli, agenda, f"{radicale.url}ann/kubecon/")["created"] == PICKS
    finally:
        radicale.stop()


def test_a_uid_the_server_refuses_is_sent_under_another(runner, cli, agenda, tmp_path, monkeypatch):
    """Radicale answers 409 no-uid-conflict when the UID is already in the calendar under
    another name, as Nextcloud answers for a UID in its trash bin: the pick still gets in."""
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    radicale = Radicale(tmp_path / "radicale")
    radicale.start()
    try:
        url = f"{radicale.url}ann/kubecon/"
        client = radicale.client(url)
        client.mkcalendar(url)
        taken = f"{KEDA}-kubecon-cloudnativecon-north-america-2025@planner"
        other = (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:someone else\r\nBEGIN:VEVENT\r\n"
            f"UID:{taken}\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20251113T160000Z\r\n"
            "DTEND:20251113T163000Z\r\nSUMMARY:Not planner's\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        assert client.put(url + "someone-else.ics", other, {"Content-Type": "text/calendar"}).status == 201
        report = sync(runner, cli, agenda, url)
        assert (report["created"], report["conflicts"]) == (PICKS, [])
        served = radicale.events(url)
        assert str(served[taken]["SUMMARY"]) == "Not planner's"  # left alone
        assert taken.replace("@planner", "-r2@planner") in served
        assert sync(runner, cli, agenda)["unchanged"] == PICKS
    finally:
        radicale.stop()


def test_an_old_sync_section_moves_out_of_the_agenda_file(runner, cli, agenda, tmp_path):
    folder = tmp_path / "vdir"
    sync(runner, cli, agenda, f"{folder}/")
    kept = state(agenda)
    (agenda.parent / ".planner" / agenda.name / "sync.json").unlink()
    # The section as planner 0.1 wrote it: url, and per target the events (uid, name, etag, hash).
    target = kept["targets"][str(folder.resolve())]
    lines = ["sync:", f"  url: {folder}/", "  targets:", f"    {folder.resolve()}:", "      events:"]
    for pick_id, event in target["events"].items():
        lines.append(
            f"        {pick_id}: {{uid: {event['uid']}, name: {event['name']}, etag: {event['etag']}, "
            "hash: 0123abcd}"
        )
    agenda.write_text(agenda.read_text() + "\n".join(lines) + "\n")
    result = runner.invoke(cli, ["sync", "-a", str(agenda), "--now", NOW])
    assert result.exit_code == 0, result.output
    assert "moved the sync record out of the agenda file" in result.stderr
    assert "0 created" in result.stdout and f"{PICKS} unchanged" in result.stdout
    assert "\nsync:" not in agenda.read_text()
    assert len(state(agenda)["targets"][str(folder.resolve())]["events"]) == PICKS


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
    runner.invoke(cli, ["drop", KEDA, "-a", str(agenda)])
    assert sync(runner, cli, agenda)["deleted"] == 1
    assert len(list(folder.glob("*.ics"))) == PICKS - 1
    assert not list(folder.glob(".*.tmp"))
    # The whole calendar gone: made again, every event created afresh, no conflicts.
    shutil.rmtree(folder)
    again = sync(runner, cli, agenda)
    assert (again["created"], again["conflicts"]) == (PICKS - 1, [])


def test_a_khal_style_edit_in_a_vdir_is_merged(runner, cli, agenda, tmp_path):
    folder = tmp_path / "vdir"
    sync(runner, cli, agenda, f"{folder}/")
    (file,) = [f for f in folder.glob("*.ics") if f.name.startswith(f"{KEDA}-")]
    file.write_bytes(
        re.sub(rb"END:VEVENT", b"X-MOZ-LASTACK:20251113T155000Z\r\nEND:VEVENT", file.read_bytes())
    )
    move_keda(agenda)
    report = sync(runner, cli, agenda)
    assert report["conflicts"] == []
    (event,) = Calendar.from_ical(file.read_bytes()).walk("VEVENT")
    assert "X-MOZ-LASTACK" in event and event.decoded("DTSTART").strftime("%H:%M") == "11:15"


_ = Xandikos  # imported for the reader: both servers run through the ``server`` fixture


def test_a_drop_deletes_an_event_with_only_the_persons_edits_but_not_one_retitled(
    runner, cli, agenda, tmp_path
):
    folder = tmp_path / "vdir"
    sync(runner, cli, agenda, f"{folder}/")
    files = {f.name.split("-", 1)[0]: f for f in folder.glob("*.ics")}
    acked = files[KEDA]
    acked.write_bytes(
        acked.read_bytes().replace(b"END:VEVENT", b"X-MOZ-LASTACK:20251113T155000Z\r\nEND:VEVENT")
    )
    retitled_id = next(pick_id for pick_id in sorted(files) if pick_id != KEDA)
    retitled = files[retitled_id]
    retitled.write_bytes(re.sub(rb"SUMMARY:[^\r]*(\r\n [^\r]*)*", b"SUMMARY:Mine", retitled.read_bytes()))
    for pick_id in (KEDA, retitled_id):
        assert runner.invoke(cli, ["drop", pick_id, "-a", str(agenda)]).exit_code == 0
    report = sync(runner, cli, agenda, code=1)
    assert report["deleted"] == 1 and not acked.exists()
    (conflict,) = report["conflicts"]
    assert conflict["id"] == retitled_id and "you changed the title" in conflict["reason"]
    assert retitled.exists()
    assert sync(runner, cli, agenda, "--force")["deleted"] == 1 and not retitled.exists()
