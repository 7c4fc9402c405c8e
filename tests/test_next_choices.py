"""planner next counts maybe picks: a maybe before the next must is the next choice, and a
day whose only pick is a maybe is not "your last pick"; staying in the room says so plainly."""

from __future__ import annotations

from conftest import block, run


def _day(write_schedule):
    return write_schedule(
        block(title="Opening Talk", time="10:00am EST - 10:30am EST", venue="Building B | Level 4 | B401"),
        block(title="Maybe Talk", time="11:00am EST - 11:30am EST", venue="Building B | Level 4 | B401"),
        block(title="Afternoon Talk", time="2:00pm EST - 2:30pm EST", venue="Building C | Level 1 | C101"),
    )


def test_a_maybe_before_the_next_must_is_next(runner, cli, write_schedule, tmp_path) -> None:
    path, agenda = _day(write_schedule), tmp_path / "a.yaml"
    run(runner, cli, "pick", "opening", "afternoon", "-s", path, "-a", agenda)
    run(runner, cli, "pick", "maybe talk", "--maybe", "-s", path, "-a", agenda)
    result = run(runner, cli, "next", "--at", "10:40", "-a", agenda)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("Next at 11:00") and "Maybe Talk" in lines[2] and "(maybe)" in lines[2]
    assert "      same room" in lines and "leave by" not in result.stdout


def test_only_a_maybe_left_is_not_the_end(runner, cli, write_schedule, tmp_path) -> None:
    path, agenda = _day(write_schedule), tmp_path / "a.yaml"
    run(runner, cli, "pick", "opening", "-s", path, "-a", agenda)
    run(runner, cli, "pick", "afternoon", "--maybe", "-s", path, "-a", agenda)
    result = run(runner, cli, "next", "--at", "12:00", "-a", agenda)
    assert result.exit_code == 0, result.output
    assert "that was your last pick" not in result.stdout
    assert "Afternoon Talk" in result.stdout and "leave by" in result.stdout


def test_a_day_typed_with_the_time_is_understood(runner, cli, tmp_path) -> None:
    from pathlib import Path

    schedule = Path(__file__).parent / "data" / "corpus" / "fosdem-2025-excerpt.xml"
    agenda = tmp_path / "a.yaml"
    sessions = run(runner, cli, "sessions", "--schedule", schedule, "--json")
    import json

    days = sorted({s["day"] for s in json.loads(sessions.stdout)})
    last = days[-1]
    weekday = __import__("datetime").date.fromisoformat(last).strftime("%a").lower()
    together = run(runner, cli, "sessions", "--schedule", schedule, "--at", f"{weekday} 9:10", "-a", agenda)
    apart = run(
        runner, cli, "sessions", "--schedule", schedule, "--at", "9:10", "--day", weekday, "-a", agenda
    )
    assert together.exit_code == 0, together.output
    assert "Top Accessibility Errors" in together.stdout and together.stdout == apart.stdout
