"""`planner team sync`: the team calendar through planner's one sync engine (issue 21).

Real CalDAV servers (Radicale and Xandikos, tests/sync_servers.py) on 127.0.0.1 and a
real vdir folder; what the calendar holds is read back with the caldav library and
the icalendar parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from test_team_calendar import TEAM, picks

NOW = "2026-01-01T00:00:00Z"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    (tmp_path / "team.yaml").write_text(TEAM, encoding="utf-8")
    picks(tmp_path, ana=["22bw3", "42r4z"], ben=["fvrvd"])
    return tmp_path / "team.yaml"


@pytest.fixture
def calendar(server, monkeypatch):
    monkeypatch.setenv("PLANNER_CALDAV_USERNAME", "ann")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "secret")
    return server.calendar()


def sync(runner, cli, team: Path, *args: str, now: str = NOW) -> dict:
    result = runner.invoke(cli, ["team", "sync", str(team), *args, "--agendas", "--now", now, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def by_session(events: dict) -> dict:
    return {uid.split("-")[2]: event for uid, event in events.items()}


def test_the_team_calendar_syncs_changes_only_and_remembers_its_calendar(
    runner, cli, team: Path, tmp_path: Path, server, calendar
) -> None:
    first = sync(runner, cli, team, calendar)
    assert first["created"] == 3 and not first["updated"]
    served = by_session(server.events(calendar))
    assert {int(e["SEQUENCE"]) for e in served.values()} == {0}
    assert str(served["22bw3"]["SUMMARY"]).endswith("(ana)")
    again = sync(runner, cli, team)  # the calendar is remembered beside the team file
    assert again["unchanged"] == 3 and not (again["created"] or again["updated"] or again["deleted"])
    picks(tmp_path, ana=["22bw3"], ben=["fvrvd", "22bw3"])  # ben joins 22bw3; ana drops 42r4z
    changed = sync(runner, cli, team, now="2026-01-02T00:00:00Z")
    assert (changed["updated"], changed["deleted"], changed["unchanged"]) == (1, 1, 1)
    served = by_session(server.events(calendar))
    assert sorted(served) == ["22bw3", "fvrvd"]
    assert str(served["22bw3"]["SUMMARY"]).endswith("(ana, ben)") and int(served["22bw3"]["SEQUENCE"]) == 1
    assert int(served["fvrvd"]["SEQUENCE"]) == 0
    state = tmp_path / ".planner" / "team.yaml" / "team_sync.json"
    assert calendar in state.read_text(encoding="utf-8")


def test_a_vdir_sync_cancels_once_keeps_the_place_and_the_persons_edit(
    runner, cli, team: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "vdir"
    sync(runner, cli, team, str(folder), "--cancel")
    (path,) = folder.glob("team-team-42r4z-*.ics")
    place = str(Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]["LOCATION"])
    # The person's calendar app acknowledges a reminder on another event: planner keeps it.
    (other,) = folder.glob("team-team-22bw3-*.ics")
    other.write_bytes(
        other.read_bytes().replace(b"END:VEVENT", b"X-MOZ-LASTACK:20260101T000000Z\r\nEND:VEVENT")
    )
    picks(tmp_path, ana=["22bw3"], ben=["fvrvd", "22bw3"])
    report = sync(runner, cli, team, now="2026-01-02T00:00:00Z")  # --cancel is remembered
    assert (report["updated"], report["deleted"], report["merged"]) == (2, 0, 1)
    (cancelled,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(cancelled["STATUS"]) == "CANCELLED" and int(cancelled["SEQUENCE"]) == 1
    assert str(cancelled["LOCATION"]) == place
    (kept,) = Calendar.from_ical(other.read_bytes()).walk("VEVENT")
    assert str(kept["SUMMARY"]).endswith("(ana, ben)") and "X-MOZ-LASTACK" in kept
    assert sync(runner, cli, team, now="2026-01-03T00:00:00Z")["unchanged"] == 3  # cancelled once


def test_no_calendar_yet_is_one_line_and_exit_2(runner, cli, team: Path) -> None:
    result = runner.invoke(cli, ["team", "sync", str(team), "--agendas"])
    assert result.exit_code == 2 and "no calendar to sync the team to yet" in result.output
