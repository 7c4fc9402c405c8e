"""Session IDs: short, deterministic, unique, and stable across edits of a session."""

from __future__ import annotations

import re

from conftest import BUNDLED, block
from planner import load_schedule


def test_ids_are_short_unique_and_typable(schedule):
    ids = [s.id for s in schedule.sessions]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[0-9a-hjkmnp-tv-z]{5}", i) for i in ids)


def test_ids_are_deterministic_across_loads(schedule):
    again = load_schedule(BUNDLED)
    assert [s.id for s in again.sessions] == [s.id for s in schedule.sessions]


def test_ids_survive_changes_of_description_speakers_and_room(write_schedule):
    before = write_schedule(
        block(title="Other"),
        block(title="Keep Me", speakers="Ann Lee (Engineer, Acme)", description="Old."),
    )
    after = write_schedule(
        block(
            title="Keep Me",
            speakers="Bob Roe (Engineer, Initech)",
            venue="Building C | Level 3 | Georgia Ballroom 2, Atlanta, GA, USA",
            description="New and longer.",
        ),
        block(title="Brand New"),
        block(title="Other"),
    )
    old = {s.title: s.id for s in load_schedule(before).sessions}
    new = {s.title: s.id for s in load_schedule(after).sessions}
    assert old["Keep Me"] == new["Keep Me"]
    assert old["Other"] == new["Other"]


def test_ids_ignore_case_and_punctuation_of_the_title(write_schedule):
    a = load_schedule(write_schedule(block(title="Intro to eBPF!"))).sessions[0]
    b = load_schedule(write_schedule(block(title="Intro To EBPF"))).sessions[0]
    assert a.id == b.id


def test_duplicated_titles_get_distinct_ids_and_the_first_keeps_its_own(write_schedule):
    single = load_schedule(write_schedule(block(title="Coffee Break ☕", time="10:30am EST - 11:00am EST")))
    twice = load_schedule(
        write_schedule(
            block(title="Coffee Break ☕", time="10:30am EST - 11:00am EST"),
            block(title="Coffee Break ☕", time="3:00pm EST - 3:30pm EST"),
            block(title="Coffee Break ☕", time="3:00pm EST - 3:30pm EST", venue="Hall C"),
        )
    )
    ids = [s.id for s in twice.sessions]
    assert len(set(ids)) == 3
    assert ids[0] == single.sessions[0].id
