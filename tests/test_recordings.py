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


def suggested(runner, cli, schedule: Path, agenda: Path, *options: str) -> dict[str, list[str]]:
    result = run(
        runner, cli, "suggest", "--track", "Horizontal, Phased", "--day", "2020-12-14", "--json",
        "--schedule", schedule, "--agenda", agenda, *options,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return {p["id"]: p["reasons"] for p in json.loads(result.output)["picks"]}


def test_prefer_live_weighs_the_talk_that_will_not_be_recorded_above_two_that_will(
    runner, cli, tmp_path
) -> None:
    # The 90-minute workshop (h5xn2) runs beside two recorded talks in a row: each scores 1 by track.
    schedule = schedule_with(
        tmp_path, {LONG: False, SHORT: True, "Quality-focused 6thgeneration website": True}
    )
    agenda = tmp_path / "agenda.yaml"
    assert "h5xn2" not in suggested(runner, cli, schedule, agenda)
    live = suggested(runner, cli, schedule, agenda, "--prefer-live")
    assert "h5xn2" in live and not {"20gyp", "5bp4s"} & set(live)
    assert "not recorded: see it live (+2)" in live["h5xn2"]


def test_prefer_live_gives_nothing_where_the_schedule_does_not_say(runner, cli, tmp_path) -> None:
    schedule = schedule_with(
        tmp_path, {LONG: None, SHORT: True, "Quality-focused 6thgeneration website": True}
    )
    agenda = tmp_path / "agenda.yaml"
    live = suggested(runner, cli, schedule, agenda, "--prefer-live")
    assert "h5xn2" not in live
    assert "recorded: can be watched later (+0)" in live["20gyp"]


FOSDEM_2019 = Path(__file__).parent / "data" / "corpus" / "fosdem-2019-excerpt.xml"


def test_later_and_the_trip_report_give_the_recording_link_the_schedule_gives(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    # vmbv3 (10:00-10:50) as a must, h0xfc (10:30-11:10) beside it as a maybe: that one is to watch later.
    run(runner, cli, "pick", "vmbv3", "--schedule", FOSDEM_2019, "--agenda", agenda)
    run(runner, cli, "pick", "h0xfc", "--maybe", "--schedule", FOSDEM_2019, "--agenda", agenda)
    later = run(runner, cli, "later", "--json", "--agenda", agenda)
    assert later.exit_code == 0, later.output
    listed = {t["id"]: t for t in json.loads(later.output)}
    assert (
        listed["h0xfc"]["recording_url"]
        == "https://video.fosdem.org/2019/H.1308/graph_weaviate_knowledge_graph.webm"
    )
    text = run(runner, cli, "later", "--agenda", agenda).output
    assert "recording: https://video.fosdem.org/2019/H.1308/" in text
    marked = run(runner, cli, "attended", "vmbv3", "--at", "10:30", "--day", "2019-02-02", "--agenda", agenda)
    assert marked.exit_code == 0, marked.output
    report = run(runner, cli, "log", "--md", "--agenda", agenda)
    assert report.exit_code == 0, report.output
    assert "[recording](https://video.fosdem.org/2019/Janson/full_software_freedom.webm)" in report.output
    assert "feedback" not in report.output
    # A link to the video is the schedule saying the talk is recorded: the clash says so.
    clash = run(runner, cli, "conflicts", "--agenda", agenda)
    assert "both are recorded: watch either later" in clash.output
