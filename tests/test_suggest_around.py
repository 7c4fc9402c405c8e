"""Around the agenda: `alternatives`, `gaps`, `next`, and alternatives in `conflicts`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import block
from planner.conflicts import Item, find_conflicts, is_drop_in_type
from planner.planning import Planner
from planner.suggest import Preferences
from planner.text import display_width

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
B401 = "Building B | Level 4 | B401-402, Atlanta, GA, USA"
B405 = "Building B | Level 4 | B405-406a, Atlanta, GA, USA"
C111 = "Building C | Level 1 | C111-112, Atlanta, GA, USA"
GEORGIA2 = "Building C | Level 3 | Georgia Ballroom 2, Atlanta, GA, USA"


def at(clock: str) -> str:
    return f"2025-11-13T{clock}:00-05:00"


def invoke_json(runner, cli, *args, code=0):
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def example():
    return Planner.open(EXAMPLE)


def fits_with_musts(planner: Planner, session_id: str, without: set[str] = frozenset()) -> bool:
    """Independently: adding the session to the must picks (less ``without``) makes no conflict with it."""
    day = planner.plan()
    items = [e.item for e in day.entries if e.pick.must and e.pick.id not in without]
    s = planner.schedule.get(session_id)
    drop_in = is_drop_in_type(s.type, planner.drop_in_types(planner.agenda()))
    new = Item(s.id, s.start, s.end, planner.venue.place_of(s.location), True, drop_in)
    return not any(s.id in c.ids for c in find_conflicts([*items, new], planner.venue, day.buffer_minutes))


# -- alternatives ------------------------------------------------------------------


@pytest.fixture
def small(write_schedule, tmp_path, runner, cli):
    """A morning in B4 and C: an anchor pick at 11:00, a later pick at 12:30, and options."""
    path = write_schedule(
        block(title="Anchor Talk", time="11:00am EST - 11:30am EST", venue=B401),
        block(title="Clash Talk", time="11:15am EST - 11:45am EST", venue=B405),
        block(title="Next Door Talk", time="11:35am EST - 12:05pm EST", venue=B405),
        block(title="Far Away Talk", time="11:35am EST - 12:05pm EST", venue=GEORGIA2),
        block(title="Same Room Talk", time="11:30am EST - 12:00pm EST", venue=B401, type_="AI + ML"),
        block(title="Coffee", time="11:30am EST - 12:00pm EST", venue=B401, type_="BREAKS"),
        block(title="Later Talk", time="12:30pm EST - 1:00pm EST", venue=C111),
    )
    agenda = tmp_path / "small.yaml"
    for title in ("anchor", "later"):
        assert runner.invoke(cli, ["pick", title, "-s", str(path), "-a", str(agenda)]).exit_code == 0
    return ["-s", str(path), "-a", str(agenda)]


def titles(options):
    return [o["title"] for o in options]


def test_alternatives_are_what_runs_then_and_can_be_walked(runner, cli, small):
    data = invoke_json(runner, cli, "alternatives", "11:40", *small)
    assert data["at"] == at("11:40") and data["current"] == []
    # Not the clash (it overlaps the anchor), not the far room (no time to walk), not coffee (drop-in).
    assert sorted(titles(data["alternatives"])) == ["Next Door Talk", "Same Room Talk"]
    by_title = {o["title"]: o for o in data["alternatives"]}
    assert by_title["Same Room Talk"]["walk_from_minutes"] == 0
    door = by_title["Next Door Talk"]
    assert (door["from"], door["to"]) == (
        by_title["Same Room Talk"]["from"],
        by_title["Same Room Talk"]["to"],
    )
    assert door["from"] and door["to"] and door["walk_from_minutes"] > 0 and door["walk_to_minutes"] > 0
    with_coffee = invoke_json(runner, cli, "alternatives", "11:40", *small, "--include-drop-ins")
    assert "Coffee" in titles(with_coffee["alternatives"])


def test_alternatives_rank_by_the_same_score(runner, cli, small):
    door = invoke_json(runner, cli, "alternatives", "11:40", *small, "--interest", "door:2")
    assert titles(door["alternatives"]) == ["Next Door Talk", "Same Room Talk"]
    assert door["alternatives"][0]["reasons"] == ["door (x2) in title (+6)"]
    room = invoke_json(runner, cli, "alternatives", "11:40", *small, "--interest", "room:2")
    assert titles(room["alternatives"]) == ["Same Room Talk", "Next Door Talk"]
    avoided = invoke_json(runner, cli, "alternatives", "11:40", *small, "--avoid", "ai")
    assert titles(avoided["alternatives"]) == ["Next Door Talk"]


def test_alternatives_replace_the_must_pick_at_that_time(runner, cli, small):
    data = invoke_json(runner, cli, "alternatives", "11:10", *small)
    assert len(data["current"]) == 1  # the anchor, and nothing else runs at 11:10
    assert titles(data["alternatives"]) == []
    clash = invoke_json(runner, cli, "alternatives", "11:20", *small)
    assert clash["current"] and "Clash Talk" in titles(clash["alternatives"])


def test_alternatives_on_the_example_all_fit_and_none_is_missing(runner, cli, example):
    data = invoke_json(runner, cli, "alternatives", "11:45", "-a", str(EXAMPLE), "--limit", "0")
    assert data["current"] == ["m54fx"]
    listed = {o["id"] for o in data["alternatives"]}
    moment = dt.datetime.fromisoformat(at("11:45"))
    drop_in = example.drop_in_types(example.agenda())
    expected = {
        s.id
        for s in example.schedule.sessions
        if s.start <= moment < s.end
        and s.id != "m54fx"
        and not is_drop_in_type(s.type, drop_in)
        and fits_with_musts(example, s.id, {"m54fx"})
    }
    assert listed == expected and listed
    assert all(o["start"] <= at("11:45") < o["end"] for o in data["alternatives"])


def test_alternatives_take_a_session_and_say_so_in_words(runner, cli):
    result = runner.invoke(cli, ["alternatives", "m54fx", "-a", str(EXAMPLE), "--interest", "gitops:3"])
    assert result.exit_code == 0, result.output
    assert "At 11:45 you have m54fx" in result.stdout
    first = result.stdout.split("1. ", 1)[1]
    assert first.split("\n")[0].split()[1] == "a1w8r"  # the GitOps talk, in KEDA's room
    assert "gitops (x3) in title (+9)" in result.stdout and "same room as 8q2qm" in result.stdout


def test_alternatives_errors(runner, cli):
    result = runner.invoke(cli, ["alternatives", "no such thing at all", "-a", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "no session matches" in result.stderr


# -- conflicts ------------------------------------------------------------------------


def test_hard_conflicts_in_json_carry_their_alternatives(runner, cli, example):
    data = invoke_json(runner, cli, "conflicts", "-a", str(EXAMPLE), code=1)
    hard = [c for c in data if c["hard"]]
    assert len(hard) == 2
    assert all("alternatives" not in c for c in data if not c["hard"])
    overlap = next(c for c in hard if c["kind"] == "overlap")
    assert overlap["sessions"] == ["fvrvd", "qtqhf"] and 1 <= len(overlap["alternatives"]) <= 3
    for alternative in overlap["alternatives"]:
        s = example.schedule.get(alternative)
        assert s.start < dt.datetime.fromisoformat(at("14:15")) and s.end > dt.datetime.fromisoformat(
            at("13:45")
        )
        assert fits_with_musts(example, alternative, {"fvrvd", "qtqhf"})
    unreachable = next(c for c in hard if c["kind"] == "unreachable")
    assert unreachable["sessions"] == ["8q2qm", "m54fx"] and unreachable["alternatives"]
    for alternative in unreachable["alternatives"]:
        assert fits_with_musts(example, alternative, {"m54fx"})
        assert example.schedule.get(alternative).start.strftime("%H:%M") == "11:45"


def test_conflicts_in_words_list_up_to_three_per_clash(runner, cli):
    result = runner.invoke(cli, ["conflicts", "-a", str(EXAMPLE)])
    assert result.exit_code == 1
    blocks = result.stdout.split("fits instead:")
    assert len(blocks) == 3  # one list under each of the two hard conflicts
    for after in blocks[1:]:
        options = []
        for line in after.split("\n")[1:]:
            if not line.startswith("      "):
                break
            options.append(line)
        assert 1 <= len(options) <= 3
        # The rooms start in one column, after the titles, and no line runs past the width.
        assert len({line.rindex("  ") for line in options}) == 1
        assert all(display_width(line) <= 80 for line in options)


def test_conflicts_without_hard_ones_are_unchanged(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    runner.invoke(cli, ["pick", "8q2qm", "-a", str(agenda)])
    runner.invoke(cli, ["pick", "m8j0e", "--maybe", "-a", str(agenda)])
    data = invoke_json(runner, cli, "conflicts", "-a", str(agenda))
    assert data == [
        {"kind": "backup", "sessions": ["8q2qm", "m8j0e"], "minutes": 30, "hard": False, "day": "2025-11-13"}
    ]


# -- gaps ---------------------------------------------------------------------------


@pytest.fixture
def morning(write_schedule, tmp_path, runner, cli):
    path = write_schedule(
        block(title="First Pick", time="9:00am EST - 9:30am EST", venue=B401),
        block(title="Stay Seated", time="9:30am EST - 10:00am EST", venue=B401),
        block(title="Long Walk", time="10:00am EST - 11:00am EST", venue=C111),
        block(title="Coffee", time="10:00am EST - 10:30am EST", venue=B401, type_="BREAKS"),
        block(title="Too Late", time="11:45am EST - 12:15pm EST", venue=B405),
        block(title="No Time To Walk", time="11:50am EST - 12:00pm EST", venue=GEORGIA2),
        block(title="Last Pick", time="12:00pm EST - 12:30pm EST", venue=B401),
    )
    agenda = tmp_path / "morning.yaml"
    for title in ("first pick", "last pick"):
        assert runner.invoke(cli, ["pick", title, "-s", str(path), "-a", str(agenda)]).exit_code == 0
    return ["-s", str(path), "-a", str(agenda)]


def test_gaps_list_free_windows_and_what_fits_whole(runner, cli, morning):
    data = invoke_json(runner, cli, "gaps", *morning)
    assert [(g["start"], g["end"], g["free_minutes"], g["walk_minutes"]) for g in data] == [
        (at("09:30"), at("12:00"), 150, 0)
    ]
    assert sorted(titles(data[0]["sessions"])) == ["Long Walk", "Stay Seated"]


def test_gaps_protect_a_lunch_window(runner, cli, morning):
    data = invoke_json(runner, cli, "gaps", *morning, "--lunch", "10:30-11:30", "--min", "0")
    windows = [(g["start"], g["end"], g["before"], g["after"]) for g in data]
    assert windows[0][:2] == (at("09:30"), at("10:30")) and windows[1][:2] == (at("11:30"), at("12:00"))
    assert titles(data[0]["sessions"]) == ["Stay Seated"]  # Long Walk runs into lunch
    assert titles(data[1]["sessions"]) == []  # one overlaps the last pick, the other is too far
    text = runner.invoke(cli, ["gaps", *morning, "--lunch", "10:30-11:30"])
    assert "no session fits whole" in text.stdout and "Stay Seated" in text.stdout


def test_gap_free_time_is_after_the_walk(runner, cli, write_schedule, tmp_path):
    path = write_schedule(
        block(title="Start Here", time="9:00am EST - 9:30am EST", venue=B401),
        block(title="End There", time="10:00am EST - 10:30am EST", venue=GEORGIA2),
    )
    args = ["-s", str(path), "-a", str(tmp_path / "a.yaml")]
    for title in ("start here", "end there"):
        runner.invoke(cli, ["pick", title, *args])
    planner = Planner.open(tmp_path / "a.yaml")
    walk = planner.venue.minutes(
        planner.venue.place_of(planner.schedule.find("start here").location),
        planner.venue.place_of(planner.schedule.find("end there").location),
    )
    (gap,) = invoke_json(runner, cli, "gaps", *args)
    assert (gap["minutes"], gap["walk_minutes"], gap["free_minutes"]) == (30, walk, 30 - walk)
    assert walk > 5
    assert invoke_json(runner, cli, "gaps", *args, "--min", str(30 - walk + 1)) == []


def test_gaps_on_the_example_only_offer_sessions_that_fit(runner, cli, example):
    data = invoke_json(runner, cli, "gaps", "-a", str(EXAMPLE), "--min", "0", "--limit", "0")
    assert data
    picks = [e.item for e in example.plan().entries if e.pick.must]
    for gap in data:
        start, end = dt.datetime.fromisoformat(gap["start"]), dt.datetime.fromisoformat(gap["end"])
        assert not any(p.start < end and start < p.end for p in picks)
        for option in gap["sessions"]:
            assert gap["start"] <= option["start"] and option["end"] <= gap["end"]
            assert fits_with_musts(example, option["id"])
    scored = invoke_json(runner, cli, "gaps", "-a", str(EXAMPLE), "--min", "0", "--interest", "keynote, ai:2")
    for gap in scored:
        ranked = [o["score"] for o in gap["sessions"]]
        assert ranked == sorted(ranked, reverse=True)


def test_gaps_library_call(example):
    gaps = example.gaps(Preferences.parse(interests="keynote"), min_minutes=0)
    assert all(g.free_minutes >= 0 for g in gaps)
    assert gaps[0].start.strftime("%H:%M") == "09:00" and gaps[0].after.id == "ymmrs"


# -- next -------------------------------------------------------------------------------


def test_next_from_lunch_to_the_clash(runner, cli, example):
    data = invoke_json(runner, cli, "next", "--at", "13:40", "-a", str(EXAMPLE))
    assert [e["id"] for e in data["now"]] == ["bp4xy"] and data["from"] == "bp4xy"
    assert [e["id"] for e in data["next"]] == ["fvrvd", "qtqhf"]
    lunch = example.plan().entry("bp4xy").item
    for step in data["next"]:
        there = example.plan().entry(step["id"]).item
        walk = example.venue.minutes(lunch.location, there.location)
        assert step["walk_minutes"] == walk
        assert step["leave_by"] == (there.start - dt.timedelta(minutes=walk)).isoformat()


def test_next_during_a_talk_and_its_backup(runner, cli):
    data = invoke_json(runner, cli, "next", "--at", "11:10", "-a", str(EXAMPLE))
    assert {e["id"] for e in data["now"]} == {"8q2qm", "m8j0e"} and data["from"] == "8q2qm"
    (step,) = data["next"]
    assert (step["id"], step["walk_minutes"], step["leave_by"]) == ("m54fx", 17, at("11:28"))
    text = runner.invoke(cli, ["next", "--at", "11:10", "-a", str(EXAMPLE)]).stdout
    assert "leave by 11:28 (in 18 min)" in text and "(maybe)" in text


def test_next_before_and_after_the_day(runner, cli):
    early = invoke_json(runner, cli, "next", "--at", "8:00", "-a", str(EXAMPLE))
    assert early["now"] == [] and early["from"] is None
    assert [e["id"] for e in early["next"]] == ["ymmrs"] and early["next"][0]["walk_minutes"] is None
    late = runner.invoke(cli, ["next", "--at", "17:00", "-a", str(EXAMPLE)])
    assert late.exit_code == 0 and "The conference is over" in late.stdout


def test_next_running_late_says_so(runner, cli):
    text = runner.invoke(cli, ["next", "--at", "13:40", "-a", str(EXAMPLE)]).stdout
    assert "Now (13:40): bp4xy Lunch" in text and "min ago" in text


def test_next_defaults_to_the_clock(runner, cli):
    data = invoke_json(runner, cli, "next", "-a", str(EXAMPLE))
    moment = dt.datetime.fromisoformat(data["at"])
    assert moment.tzinfo is not None
    assert abs((moment - dt.datetime.now(dt.UTC)).total_seconds()) < 120


def test_a_conflicts_alternatives_weigh_words_over_the_picks_days_only(venue):
    # BM25 over a whole 10,000-session schedule tokenized every session for each `planner
    # conflicts` (5 s); the options are all on the picks' days, and so is the index now.
    import dataclasses

    from planner import load_schedule
    from planner.agenda import Agenda, Pick
    from planner.day import plan_day
    from planner.suggest.around import _finder, conflict_alternatives

    one_day = load_schedule()
    a_day = dt.timedelta(days=1)
    next_day = tuple(
        dataclasses.replace(s, id=f"{s.id}x", start=s.start + a_day, end=s.end + a_day, day=s.day + a_day)
        for s in one_day.sessions
    )
    two_days = dataclasses.replace(one_day, sessions=one_day.sessions + next_day)
    agenda = Agenda(picks=(Pick.of(one_day.get("8q2qm")), Pick.of(one_day.get("m8j0e"))))
    found = {}
    for schedule in (one_day, two_days):
        plan = plan_day(agenda, schedule, venue)
        assert plan.hard_conflicts
        assert len(_finder(plan, schedule, venue, None).relevance._index) == len(one_day.sessions)
        found[len(schedule.sessions)] = {
            key: [(o.session.id, o.closeness.score) for o in options]
            for key, options in conflict_alternatives(plan, schedule, venue).items()
        }
    # Another day in the schedule changes nothing of this day's options or their scores.
    assert found[len(one_day.sessions)] == found[len(two_days.sessions)] != {}
