"""`planner plan` (slot by slot, driven through piped input) and `planner check`."""

from __future__ import annotations

import json

from conftest import block
from planner.agenda_file import AgendaFile


def test_plan_picks_skips_goes_back_and_saves(runner, cli, tmp_path, schedule):
    agenda = tmp_path / "a.yaml"
    # 11:00 slot: take option 1; 11:45: skip; back to 11:45, take 2; 13:45: quit.
    result = runner.invoke(cli, ["plan", "--from", "11:00", "-a", str(agenda)], input="1\ns\nb\n2\nq\n")
    assert result.exit_code == 0, result.output
    assert "[1/" in result.stdout and "11:00" in result.stdout
    assert "Saved 2 new picks" in result.stdout
    picks = AgendaFile(agenda).load().picks
    starts = sorted(f"{p.start:%H:%M}" for p in picks)
    assert starts == ["11:00", "11:45"]


def test_plan_shows_walks_from_the_previous_pick(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    runner.invoke(cli, ["pick", "keda", "-a", str(agenda)])
    result = runner.invoke(cli, ["plan", "--from", "11:45", "-a", str(agenda)], input="q\n")
    assert "the walk from your pick before" in result.stdout
    assert " 5 min" in result.stdout and "same room" in result.stdout and "0 min" not in result.stdout
    assert "Nothing new to save." in result.stdout


def test_plan_stops_cleanly_when_input_ends(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    result = runner.invoke(cli, ["plan", "-a", str(agenda)], input="1\n")
    assert result.exit_code == 0
    assert len(AgendaFile(agenda).load().picks) == 1


def test_plan_rejects_nonsense_and_asks_again(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    result = runner.invoke(cli, ["plan", "-a", str(agenda)], input="99\nmaybe\nq\n")
    assert result.exit_code == 0
    # The first slot has one session: "Answer 1-1" said the range of one backwards.
    assert result.stderr.count("Answer 1 to pick it, s to skip, b to go back or q to save and quit.") == 2


def test_plan_skips_drop_in_slots_unless_asked(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    plain = runner.invoke(cli, ["plan", "-a", str(agenda)], input="q\n")
    assert "08:00" not in plain.stdout.split("\n")[1]  # badge pick-up is not a slot to plan
    with_drop_ins = runner.invoke(cli, ["plan", "--include-drop-ins", "-a", str(agenda)], input="q\n")
    assert "Thu 08:00" in with_drop_ins.stdout


def test_check_on_the_bundled_schedule(runner, cli, schedule):
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    rooms = len({(s.location.building, s.location.place) for s in schedule.sessions})
    assert f"99 sessions (the header says 101), 1 day, {rooms} rooms in buildings A, B, C" in result.stdout
    assert "No room is booked twice at once." in result.stdout


def test_check_finds_a_double_booked_room(runner, cli, write_schedule):
    path = write_schedule(
        block(title="First", time="11:00am EST - 11:30am EST"),
        block(title="Second", time="11:15am EST - 11:45am EST"),
        block(title="Coffee", time="11:00am EST - 11:30am EST", type_="BREAKS"),
        block(
            title="Expo",
            time="11:00am EST - 1:00pm EST",
            type_="SOLUTIONS SHOWCASE",
            venue="Building B | Level 1 | Exhibit Hall B3-B5, Atlanta, GA, USA",
        ),
        block(
            title="Lunch",
            time="12:00pm EST - 1:00pm EST",
            type_="BREAKS",
            venue="Building B | Level 1 | Exhibit Hall B3-B5, Atlanta, GA, USA",
        ),
    )
    result = runner.invoke(cli, ["check", "--schedule", str(path), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    pairs = [sorted(d["sessions"]) for d in report["double_booked"]]
    assert len(pairs) == 1  # First/Second only: a drop-in (coffee, expo, lunch) books no room
    assert all(d["room"] == "B401-402" for d in report["double_booked"])


def test_check_lists_rooms_the_venue_cannot_place(runner, cli, write_schedule):
    path = write_schedule(block(title="Somewhere", venue="Salon Rouge, Paris, France"))
    result = runner.invoke(cli, ["check", "--schedule", str(path)])
    assert result.exit_code == 0
    assert "Rooms the venue cannot place (walks use default times): Salon Rouge" in result.stdout
