"""Conflict detection: each kind, the rules of the issue, and a brute-force property test."""

from __future__ import annotations

import datetime as dt
import json
import math
from itertools import combinations
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import examples
from planner.conflicts import (
    Item,
    consecutive_pairs,
    find_conflicts,
    overlapping_pairs,
)
from planner.models import Location
from planner.venue import load_venue

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
DAY = dt.datetime(2025, 11, 13, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
ROOMS = [
    Location(building="B", level="4", room="B401-402"),
    Location(building="B", level="4", room="B405-406a"),
    Location(building="B", level="5", room="Thomas Murphy Ballroom 4"),
    Location(building="C", level="1", room="C111-112"),
    Location(building="C", level="3", room="Georgia Ballroom 2"),
]


def at(minute: int) -> dt.datetime:
    return DAY + dt.timedelta(minutes=minute)


def item(name, start, end, room=0, must=True, drop_in=False):
    return Item(name, at(start), at(end), ROOMS[room], must, drop_in)


def kinds(conflicts):
    return sorted((c.kind, c.ids, c.minutes, c.hard) for c in conflicts)


# -- the example agenda --------------------------------------------------------


def test_the_example_agenda_has_each_kind_of_conflict(runner, cli):
    result = runner.invoke(cli, ["conflicts", "--agenda", str(EXAMPLE), "--json"])
    assert result.exit_code == 1  # hard conflicts are a finding
    found = {(c["kind"], tuple(c["sessions"]), c["minutes"], c["hard"]) for c in json.loads(result.stdout)}
    assert found == {
        ("soft", ("jjjee", "mpb2z"), 15, False),  # coffee and the lounge talk: both drop-in
        ("backup", ("8q2qm", "m8j0e"), 30, False),  # KEDA, with pod resize as its backup
        ("unreachable", ("8q2qm", "m54fx"), 2, True),  # B4 to C3 at pace 1.2 in 15 min
        ("unreachable", ("m8j0e", "m54fx"), 3, False),  # from the backup: not hard
        ("overlap", ("fvrvd", "qtqhf"), 30, True),  # two musts at 13:45
        ("tight", ("fvrvd", "vtpx6"), 1, False),
        ("tight", ("qtqhf", "vtpx6"), 0, False),
    }


def test_the_example_at_a_normal_pace_is_reachable(runner, cli):
    result = runner.invoke(cli, ["conflicts", "--agenda", str(EXAMPLE), "--json", "--pace", "1"])
    found = {c["kind"] for c in json.loads(result.stdout)}
    assert "unreachable" not in found
    assert "tight" in found  # B4 to C3 is still within 2 minutes of the 15-minute gap


def test_buffer_option_makes_more_transitions_tight(runner, cli):
    plain = json.loads(runner.invoke(cli, ["conflicts", "-a", str(EXAMPLE), "--json"]).stdout)
    wide = json.loads(
        runner.invoke(cli, ["conflicts", "-a", str(EXAMPLE), "--json", "--buffer", "15"]).stdout
    )
    assert sum(c["kind"] == "tight" for c in wide) > sum(c["kind"] == "tight" for c in plain)


def test_no_hard_conflict_exits_0(runner, cli, tmp_path):
    agenda = tmp_path / "calm.yaml"
    assert runner.invoke(cli, ["pick", "keda", "-a", str(agenda)]).exit_code == 0
    result = runner.invoke(cli, ["conflicts", "-a", str(agenda)])
    assert result.exit_code == 0
    assert "No conflicts." in result.stdout


# -- the rules ---------------------------------------------------------------


def test_intervals_are_half_open(venue):
    a, b = item("a", 0, 30, room=0), item("b", 30, 60, room=0)
    assert list(overlapping_pairs([a, b])) == []
    # Back to back in the same room is fine; across to Building C it is not.
    assert find_conflicts([a, b], venue, 2) == []
    far = item("far", 30, 60, room=4)
    (conflict,) = find_conflicts([a, far], venue, 2)
    assert conflict.kind == "unreachable"
    assert conflict.minutes == venue.minutes(ROOMS[0], ROOMS[4])


def test_identical_start_and_end_overlap(venue):
    for start, end in ((0, 30), (10, 10)):
        conflicts = find_conflicts([item("a", start, end), item("b", start, end, room=1)], venue, 2)
        assert [c.kind for c in conflicts] == ["overlap"]


def test_a_long_session_overlaps_every_later_one(venue):
    long = item("long", 0, 240, room=0)
    talks = [item(f"t{i}", 15 + 45 * i, 45 + 45 * i, room=0) for i in range(5)]
    overlaps = [c for c in find_conflicts([long, *talks], venue, 2) if c.kind == "overlap"]
    assert sorted(c.ids for c in overlaps) == [("long", t.id) for t in talks]


def test_backup_soft_and_hard(venue):
    must, backup = item("must", 0, 30, room=0), item("maybe", 0, 30, room=1, must=False)
    lunch = item("lunch", 0, 90, room=2, drop_in=True)
    found = kinds(find_conflicts([must, backup, lunch], venue, 2))
    assert found == [
        ("backup", ("maybe", "must"), 30, False),
        ("soft", ("maybe", "lunch"), 30, False),
        ("soft", ("must", "lunch"), 30, False),
    ]


def test_two_maybes_overlapping_are_not_hard(venue):
    (conflict,) = find_conflicts([item("x", 0, 30, must=False), item("y", 0, 30, must=False)], venue, 2)
    assert (conflict.kind, conflict.hard) == ("overlap", False)


def test_tight_and_unreachable_say_their_minutes(venue):
    walk = venue.minutes(ROOMS[0], ROOMS[3])
    tight = find_conflicts([item("a", 0, 30, room=0), item("b", 30 + walk + 1, 90, room=3)], venue, 2)
    assert kinds(tight) == [("tight", ("a", "b"), 1, False)]
    assert tight[0].gap_minutes == walk + 1 and tight[0].walk.minutes == walk
    short = find_conflicts([item("a", 0, 30, room=0), item("b", 30 + walk - 3, 90, room=3)], venue, 2)
    assert kinds(short) == [("unreachable", ("a", "b"), 3, True)]


def test_only_consecutive_picks_are_walk_checked(venue):
    # a (B4) -> b (same room) -> c (C1): the walk that matters is b -> c, not a -> c.
    a, b = item("a", 0, 30, room=0), item("b", 35, 60, room=0)
    c = item("c", 60 + venue.minutes(ROOMS[0], ROOMS[3]), 120, room=3)
    assert find_conflicts([a, b, c], venue, 0) == []


def test_drop_in_transitions_are_never_conflicts(venue):
    lunch = item("lunch", 0, 90, room=0, drop_in=True)
    talk = item("talk", 90, 120, room=4)
    assert find_conflicts([lunch, talk], venue, 2) == []


# -- against brute force -------------------------------------------------------


def brute_overlap(a: Item, b: Item) -> bool:
    return (a.start < b.end and b.start < a.end) or (a.start == b.start and a.end == b.end)


def brute_consecutive(items: list[Item]) -> set[tuple[str, str]]:
    timed = [i for i in items if i.end > i.start]
    return {
        (a.id, b.id)
        for a in timed
        for b in timed
        if a is not b
        and a.end <= b.start
        and not any(c is not a and c is not b and c.start >= a.end and c.end <= b.start for c in timed)
    }


def brute_conflicts(items: list[Item], venue, buffer: int) -> list[tuple]:
    found = []
    for a, b in combinations(items, 2):
        if brute_overlap(a, b):
            minutes = max(0, math.ceil((min(a.end, b.end) - max(a.start, b.start)).total_seconds() / 60))
            if a.drop_in or b.drop_in:
                kind, hard = "soft", False
            elif a.must and b.must:
                kind, hard = "overlap", True
            elif a.must or b.must:
                kind, hard = "backup", False
            else:
                kind, hard = "overlap", False
            first, second = sorted((a, b), key=lambda i: (i.start, i.end, i.id))
            found.append((kind, (first.id, second.id), minutes, hard))
    path = [i for i in items if not i.drop_in]
    pairs = brute_consecutive([i for i in path if i.must])
    pairs |= {(x, y) for x, y in brute_consecutive(path) if not all(i.must for i in path if i.id in (x, y))}
    by_id = {i.id: i for i in items}
    for x, y in pairs:
        a, b = by_id[x], by_id[y]
        walk = venue.minutes(a.location, b.location)
        gap = math.floor((b.start - a.end).total_seconds() / 60)
        if walk > gap:
            found.append(("unreachable", (x, y), walk - gap, a.must and b.must))
        elif gap - walk < buffer and walk > 0:
            found.append(("tight", (x, y), gap - walk, False))
    return sorted(found)


random_items = st.lists(
    st.tuples(
        st.integers(0, 40),  # start, in 5-minute steps
        st.sampled_from([0, 1, 2, 3, 6, 12, 24]),  # duration, in 5-minute steps
        st.integers(0, len(ROOMS) - 1),
        st.booleans(),  # must
        st.integers(0, 5),  # drop-in one time in six
    ),
    max_size=14,
)


def build(specs) -> list[Item]:
    return [
        item(f"s{i:02d}", 5 * start, 5 * (start + length), room, must, drop == 0)
        for i, (start, length, room, must, drop) in enumerate(specs)
    ]


@settings(max_examples=examples(400), deadline=None)
@given(random_items)
def test_overlaps_match_brute_force(specs):
    items = build(specs)
    fast = {tuple(sorted((a.id, b.id))) for a, b in overlapping_pairs(items)}
    slow = {tuple(sorted((a.id, b.id))) for a, b in combinations(items, 2) if brute_overlap(a, b)}
    assert fast == slow


@settings(max_examples=examples(400), deadline=None)
@given(random_items)
def test_consecutive_pairs_match_brute_force(specs):
    items = build(specs)
    assert {(a.id, b.id) for a, b in consecutive_pairs(items)} == brute_consecutive(items)


@settings(max_examples=examples(300), deadline=None)
@given(random_items, st.integers(0, 6))
def test_conflicts_match_brute_force(specs, buffer):
    venue = load_venue()
    items = build(specs)
    assert kinds(find_conflicts(items, venue, buffer)) == brute_conflicts(items, venue, buffer)


def test_a_hard_conflict_with_no_alternative_says_so(runner, cli, tmp_path, write_schedule):
    # Three talks at once, all must: any session that could replace one pair still
    # overlaps the third, so nothing fits instead, and the output says it.
    from conftest import block

    schedule = write_schedule(
        block("Alpha Talk", venue="Building B | Level 4 | B401-402, Atlanta, GA, USA"),
        block("Beta Talk", venue="Building B | Level 4 | B403-404, Atlanta, GA, USA"),
        block("Gamma Talk", venue="Building B | Level 4 | B405, Atlanta, GA, USA"),
    )
    agenda = tmp_path / "a.yaml"
    for title in ("alpha", "beta", "gamma"):
        assert runner.invoke(cli, ["pick", title, "-s", str(schedule), "-a", str(agenda)]).exit_code == 0
    result = runner.invoke(cli, ["conflicts", "-a", str(agenda)])
    assert result.exit_code == 1
    assert result.stdout.count("nothing fits instead beside your other must picks") == 3
    assert "fits instead:" not in result.stdout
