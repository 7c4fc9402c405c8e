"""The team calendar versioned like the agenda's, its feed, and its record (issue 21).

Real team and agenda files in a temporary folder, the bundled schedule, the real
CLI; every calendar is read back with the icalendar parser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar

TEAM = """\
version: 1
schedule: bundled:kubecon-na-2025-thursday
members:
  - name: ana
  - name: ben
"""
FIRST = "2026-01-01T00:00:00Z"
SECOND = "2026-01-02T00:00:00Z"
THIRD = "2026-01-03T00:00:00Z"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    (tmp_path / "team.yaml").write_text(TEAM, encoding="utf-8")
    picks(tmp_path, ana=["22bw3", "42r4z"], ben=["fvrvd"])
    return tmp_path / "team.yaml"


def picks(folder: Path, **members: list[str]) -> None:
    for name, ids in members.items():
        lines = "".join(f"  - id: {i}\n" for i in ids)
        (folder / f"{name}.yaml").write_text(f"version: 1\npicks:\n{lines}", encoding="utf-8")


def export(runner, cli, team: Path, output: Path, now: str, *extra: str):
    args = ["team", "export", str(team), "-o", str(output), "--agendas", "--now", now, *extra]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result


def events(path: Path) -> dict[str, dict]:
    """Each event by the session its description names: SEQUENCE, LAST-MODIFIED, UID, STATUS."""
    found = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        key = str(event["UID"]).split("-")[2]
        found[key] = {
            "sequence": int(event["SEQUENCE"]),
            "modified": event["LAST-MODIFIED"].dt.isoformat(),
            "uid": str(event["UID"]),
            "status": str(event["STATUS"]),
            "summary": str(event["SUMMARY"]),
        }
    return found


def test_a_second_export_with_no_change_keeps_every_sequence(runner, cli, team: Path, tmp_path: Path) -> None:
    output = tmp_path / "team.ics"
    export(runner, cli, team, output, FIRST)
    first = events(output)
    result = export(runner, cli, team, output, SECOND)
    assert "changed" not in result.output
    assert events(output) == first
    assert {e["sequence"] for e in first.values()} == {0}
    assert {e["modified"] for e in first.values()} == {"2026-01-01T00:00:00+00:00"}
    assert "DTSTAMP:20260102T000000Z" in output.read_text(encoding="utf-8")


def test_a_changed_plan_raises_sequence_only_for_the_changed_events(
    runner, cli, team: Path, tmp_path: Path
) -> None:
    output = tmp_path / "team.ics"
    export(runner, cli, team, output, FIRST)
    first = events(output)
    picks(tmp_path, ben=["fvrvd", "22bw3"])  # ben joins ana at 22bw3: only that event says more
    result = export(runner, cli, team, output, SECOND)
    assert "(1 changed since the last export)" in result.output
    second = events(output)
    assert second["22bw3"]["summary"].endswith("(ana, ben)")
    assert second["22bw3"]["sequence"] == 1 and second["22bw3"]["modified"] == "2026-01-02T00:00:00+00:00"
    assert {k: v["uid"] for k, v in second.items()} == {k: v["uid"] for k, v in first.items()}
    for key in ("42r4z", "fvrvd"):
        assert second[key] == first[key]
    export(runner, cli, team, output, THIRD)
    assert events(output) == second  # the change is counted once


def test_a_dropped_event_is_cancelled_once_with_its_uid(runner, cli, team: Path, tmp_path: Path) -> None:
    output = tmp_path / "team.ics"
    export(runner, cli, team, output, FIRST, "--cancel-dropped")
    uid = events(output)["fvrvd"]["uid"]
    picks(tmp_path, ben=[])
    export(runner, cli, team, output, SECOND)  # without the option: gone, not cancelled
    assert "fvrvd" not in events(output)
    result = export(runner, cli, team, output, THIRD, "--cancel-dropped")
    assert "1 dropped event as CANCELLED" in result.output
    dropped = events(output)["fvrvd"]
    assert dropped == {**dropped, "uid": uid, "status": "CANCELLED", "sequence": 1}
    export(runner, cli, team, output, "2026-01-04T00:00:00Z", "--cancel-dropped")
    assert "fvrvd" not in events(output)  # cancelled once
    picks(tmp_path, ben=["fvrvd"])  # picked again: the event continues its SEQUENCE
    export(runner, cli, team, output, "2026-01-05T00:00:00Z")
    again = events(output)["fvrvd"]
    assert again["uid"] == uid and again["sequence"] == 2 and again["status"] == "CONFIRMED"


def test_the_feed_has_no_method_no_alarm_no_cancel_and_asks_for_refreshes(
    runner, cli, team: Path, tmp_path: Path
) -> None:
    feed, ics = tmp_path / "team.feed.ics", tmp_path / "team.ics"
    export(runner, cli, team, feed, FIRST, "--feed", "--cancel-dropped")
    export(runner, cli, team, ics, FIRST)
    picks(tmp_path, ben=["fvrvd", "22bw3"], ana=["42r4z"])
    export(runner, cli, team, feed, SECOND, "--feed", "--cancel-dropped")
    calendar = Calendar.from_ical(feed.read_bytes())
    assert "METHOD" not in calendar
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert calendar["REFRESH-INTERVAL"].dt.total_seconds() == 3600
    assert not list(calendar.walk("VALARM"))
    shown = events(feed)
    assert {e["status"] for e in shown.values()} == {"CONFIRMED"}
    assert shown["22bw3"]["summary"].endswith("(ben)") and shown["22bw3"]["sequence"] == 1
    # Each output keeps its own record: the feed's change left the import file's versions alone.
    assert Calendar.from_ical(ics.read_bytes())["METHOD"] == "PUBLISH"
    export(runner, cli, team, ics, SECOND)
    assert events(ics)["22bw3"]["sequence"] == 1 and events(ics)["42r4z"]["sequence"] == 0


def test_the_record_lives_beside_the_team_file_and_a_damaged_one_is_one_line(
    runner, cli, team: Path, tmp_path: Path
) -> None:
    output = tmp_path / "team.ics"
    export(runner, cli, team, output, FIRST)
    record = tmp_path / ".planner" / "team.yaml" / "team_export.json"
    assert record.stat().st_mode & 0o777 == 0o600
    assert "team:" not in team.read_text(encoding="utf-8") and team.read_text(encoding="utf-8") == TEAM
    record.write_text("{not json", encoding="utf-8")
    result = runner.invoke(cli, ["team", "export", str(team), "-o", str(output), "--agendas"])
    assert result.exit_code == 2
    assert "team_export.json" in result.output and "Traceback" not in result.output


def test_the_html_view_refuses_the_calendar_options(runner, cli, team: Path, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["team", "export", str(team), "-o", str(tmp_path / "t.html"), "--feed"])
    assert result.exit_code == 2 and "leave out --agendas, --feed" in result.output
