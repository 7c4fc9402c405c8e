"""Issue 20 and 25 on the readers' shared parts: conference days whose hours cannot be
read (merged c3voc files) and venue texts of any length read in linear time.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from pathlib import Path

from planner import load_schedule
from planner.readers.venue_text import parse_venue
from test_reader_pretalx_json import frab_json

DATA = Path(__file__).parent / "data" / "corpus"


def _merged_days(dates: list[dt.date]) -> list[dict]:
    # A c3voc file merging many events writes each day's start equal to its end.
    return [
        {"index": i + 1, "date": d.isoformat(), "day_start": f"{d}T00:00:00+01:00",
         "day_end": f"{d}T00:00:00+01:00", "rooms": {}}
        for i, d in enumerate(dates)
    ]  # fmt: skip


def test_merged_days_file_a_night_talk_under_its_evening_without_warnings(tmp_path):
    dates = [dt.date(2024, 12, 27), dt.date(2024, 12, 28)]
    talk = {"title": "Night", "date": "2024-12-28T04:00:00+01:00", "start": "04:00", "duration": "00:30"}
    day_talk = {"title": "Day", "date": "2024-12-28T11:00:00+01:00", "start": "11:00", "duration": "00:30"}
    # Filed under either date, as merged files do: the clock decides (06:00 is the turn).
    for listed in (1, 2):
        path = tmp_path / f"merged{listed}.json"
        path.write_text(
            frab_json((listed, "Saal 1", dict(talk)), (2, "Saal 1", dict(day_talk)), days=_merged_days(dates))
        )
        schedule = load_schedule(path)
        assert {s.title: s.day for s in schedule.sessions} == {"Night": dates[0], "Day": dates[1]}
        assert schedule.warnings == ()


def test_merged_days_turn_at_the_conferences_day_change(tmp_path):
    xml = (
        "<schedule><conference><title>C</title><time_zone_name>Europe/Berlin</time_zone_name>"
        "<day_change>03:00</day_change></conference>"
        "<day index='1' date='2024-12-28' start='2024-12-28T00:00:00+01:00' end='2024-12-28T00:00:00+01:00'>"
        "<room name='A'><event id='1'><date>2024-12-28T04:00:00+01:00</date><start>04:00</start>"
        "<duration>00:30</duration><room>A</room><title>Early</title></event></room></day></schedule>"
    )
    path = tmp_path / "s.xml"
    path.write_text(xml)
    schedule = load_schedule(path)
    assert schedule.sessions[0].day == dt.date(2024, 12, 28)
    assert schedule.warnings == ()


def test_real_democon_days_rewritten_as_a_merge_still_read_on_their_days(tmp_path):
    data = json.loads((DATA / "pretalx-democon-excerpt.json").read_text(encoding="utf-8"))
    merged = copy.deepcopy(data)
    for day in merged["schedule"]["conference"]["days"]:
        day["day_end"] = day["day_start"]
    path = tmp_path / "merged.json"
    path.write_text(json.dumps(merged))
    before = load_schedule(DATA / "pretalx-democon-excerpt.json")
    after = load_schedule(path)
    assert [(s.title, s.day) for s in after.sessions] == [(s.title, s.day) for s in before.sessions]
    assert after.warnings == before.warnings == ()


def test_a_venue_text_of_many_parts_is_read_in_linear_time():
    # Issue 25: 4.4 MB of "|" parts took 532 s of CPU (each part looked at every later one).
    parts = 40_000
    text = "|".join(f"Room {i}" for i in range(parts)) + ", Amsterdam, Netherlands"
    parse_venue("Room A, Amsterdam, Netherlands")  # the gazetteer loads once, outside the bound
    before = time.process_time()
    venue = parse_venue(text)
    spent = time.process_time() - before
    assert venue["room"] == "Room 0" and venue["city"] == "Amsterdam, Netherlands"
    assert venue["area"].count(" | ") == parts - 2
    # Quadratic work is 8e8 steps here (minutes); linear is a few milliseconds.
    assert spent < 2.0


def test_a_venue_with_only_empty_parts_after_a_hall_is_a_room():
    assert parse_venue("Hall 4 | | ")["room"] == "Hall 4"
    assert parse_venue("Hall 8 | Room D")["building"] == "Hall 8"


def test_the_real_hub_schedule2_with_merged_days_reads_each_talk_on_its_evening(tmp_path):
    data = json.loads((DATA / "c3voc-hub-schedule2.json").read_text(encoding="utf-8"))
    # One more talk at 05:00 the night after day 1: past 04:00, before the 06:00 turn.
    late = copy.deepcopy(data["schedule"]["events"][-1])
    late.update(title="Late", guid="00000000-0000-0000-0000-000000000005", start="2024-12-28T05:00:00+01:00")
    late["end"] = "2024-12-28T05:30:00+01:00"
    data["schedule"]["events"].append(late)
    hours = tmp_path / "hours.json"
    hours.write_text(json.dumps(data))
    for day in data["schedule"]["conference"]["days"]:
        day["end"] = day["start"]
    path = tmp_path / "merged.json"
    path.write_text(json.dumps(data))
    before = load_schedule(hours)
    after = load_schedule(path)
    assert {s.title: s.day.isoformat() for s in after.sessions}["Late"] == "2024-12-27"
    # The 00:15 talk belongs to the evening before (06:00 turns the day), as the hours said.
    assert [(s.title, s.day) for s in after.sessions] == [(s.title, s.day) for s in before.sessions]
    assert after.warnings == ()
