"""Recordings in planning: which of two clashing picks is recorded (conflicts, agenda),
and suggest --prefer-live, through the CLI on a real pretalx export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run

PRETALX = Path(__file__).parent / "data" / "corpus" / "pretalx-democon-excerpt.json"
# Two talks of the excerpt that overlap on its first morning (08:00-08:30 and 08:00-09:30 UTC).
SHORT, LONG = "Focused 5thgeneration hardware", "Managed stable function"


def schedule_with(tmp_path: Path, recorded: dict[str, bool | None]) -> Path:
    """The pretalx excerpt, with ``do_not_record`` of the talks named set (None: left out)."""
    data = json.loads(PRETALX.read_text())
    for day in data["schedule"]["conference"]["days"]:
        for events in day["rooms"].values():
            for event in events:
                if event["title"] in recorded:
                    if recorded[event["title"]] is None:
                        event.pop("do_not_record", None)
                    else:
                        event["do_not_record"] = not recorded[event["title"]]
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(data))
    return path


def pick_both(runner, cli, schedule: Path, agenda: Path) -> None:
    for title in (SHORT, LONG):
        result = run(runner, cli, "pick", title, "--schedule", schedule, "--agenda", agenda)
        assert result.exit_code in (0, 1), result.output


@pytest.mark.parametrize("command", ["conflicts", "agenda"])
def test_a_clash_says_which_pick_is_recorded(runner, cli, tmp_path, command) -> None:
    schedule = schedule_with(tmp_path, {SHORT: False, LONG: True})
    agenda = tmp_path / "agenda.yaml"
    pick_both(runner, cli, schedule, agenda)
    result = run(runner, cli, command, "--schedule", schedule, "--agenda", agenda)
    words = " ".join(result.output.split())  # a narrow terminal wraps the line
    assert f"{LONG} [h5xn2] is recorded: watch it later; {SHORT} [20gyp] is not recorded" in words


def test_a_clash_says_nothing_of_recordings_the_schedule_does_not_promise(runner, cli, tmp_path) -> None:
    schedule = schedule_with(tmp_path, {SHORT: None, LONG: None})
    agenda = tmp_path / "agenda.yaml"
    pick_both(runner, cli, schedule, agenda)
    result = run(runner, cli, "conflicts", "--schedule", schedule, "--agenda", agenda)
    assert "OVERLAP" in result.output
    assert "recorded" not in result.output
