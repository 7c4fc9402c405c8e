"""The Indico readers: the event export JSON, on a real excerpt of CHEP 2015 (dates
written in Europe/Zurich for an event in Asia/Tokyo; provenance in
tests/data/corpus/README.md), and the iCalendar export, in the shape Indico's
``generate_basic_component`` writes (indico/modules/events/ical.py: LOCATION
``Room (Venue)``, DESCRIPTION ``Speakers: Name (Affiliation), ...``, then the text, then the URL)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import by_title, run
from planner import load_schedule
from planner.errors import ScheduleError
from planner.readers.formats.indico import person, speakers_line
from test_bad_input import assert_clean_failure

DATA = Path(__file__).parent / "data" / "corpus"
CHEP = DATA / "indico-chep2015-excerpt.json"


@pytest.fixture(scope="module")
def chep():
    return load_schedule(CHEP)


def test_instants_are_right_and_shown_at_the_events_zone(chep):
    welcome = by_title(chep, "Welcome Address")
    # Written 02:00 Europe/Zurich (CEST, UTC+2) = 00:00 UTC = 09:00 in Tokyo.
    assert welcome.start.isoformat() == "2015-04-13T09:00:00+09:00"
    assert welcome.start.astimezone(dt.UTC).hour == 0
    assert welcome.end - welcome.start == dt.timedelta(minutes=15)
    assert chep.timezone == "Asia/Tokyo"
    assert chep.name.startswith("21st International Conference on Computing in High Energy")


def test_sessions_contributions_rooms_and_speakers(chep):
    # Three plenary and three track contributions, and the poster slot with none.
    assert len(chep) == 7
    welcome = by_title(chep, "Welcome Address")
    assert welcome.location.room == "Auditorium"  # older exports put the room in "location"
    assert welcome.track == "Plenary"  # the session's title, when the contribution has no track
    assert [(s.name, s.affiliation) for s in welcome.speakers] == [("Dr. Ken Peach", "OIST")]
    daq = next(s for s in chep.sessions if s.title.startswith("THE DAQ NEEDLE"))
    assert daq.location.room == "Village Center"
    assert daq.type == "oral presentation"
    assert daq.track.startswith("Track1")
    poster = by_title(chep, "Poster session A: #1")
    assert poster.type == "Poster session" and poster.location.room == "Tunnel Gallery"


def test_unscheduled_contributions_are_counted_in_a_note_not_lost(chep):
    notes = [w.message for w in chep.warnings]
    assert any("3 contribution(s) have no time" in n for n in notes)
    assert not any(w.skipped or w.notice for w in chep.warnings)


def test_tz_shows_the_same_instants_on_another_clock():
    zurich = load_schedule(CHEP, tz="Europe/Zurich")
    welcome = by_title(zurich, "Welcome Address")
    assert welcome.start.isoformat() == "2015-04-13T02:00:00+02:00"


def test_names_are_turned_round():
    assert person("BHIMJI, Wahid") == "Wahid Bhimji"
    assert person("Prof. VAN DER BERG, Jan") == "Prof. Jan Van Der Berg"
    assert person("Ada Lovelace") == "Ada Lovelace"


def event_json(*contributions: dict, timezone: str = "Europe/Zurich") -> str:
    event = {"_type": "Conference", "title": "Tiny", "timezone": timezone, "location": "CERN"}
    event["contributions"] = list(contributions)
    return json.dumps({"_type": "HTTPAPIResult", "count": 1, "results": [event]}, indent=1)


def contribution(title="Talk", time="10:00:00", **extra) -> dict:
    date = {"date": "2025-03-10", "time": time, "tz": "Europe/Zurich"}
    return {"_type": "Contribution", "id": title, "title": title, "startDate": date, "duration": 20, **extra}


def test_a_contribution_with_only_a_duration_ends_after_it(tmp_path):
    path = tmp_path / "i.json"
    path.write_text(event_json(contribution(room="500-1-001")), encoding="utf-8")
    (talk,) = load_schedule(path).sessions
    assert talk.end - talk.start == dt.timedelta(minutes=20)
    assert talk.location.room == "500-1-001"


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ({"startDate": {"date": "2025-13-40", "time": "10:00:00", "tz": "UTC"}}, "unreadable startDate"),
        (
            {"startDate": {"date": "2025-03-10", "time": "10:00:00", "tz": "Mars/Olympus"}},
            "unknown time zone",
        ),
        ({"duration": 10**9}, "no endDate and no duration"),
        ({"duration": "20"}, "no endDate and no duration"),
        ({"title": None}, "no title"),
    ],
)
def test_a_bad_contribution_is_skipped_with_its_reason(tmp_path, extra, fragment):
    path = tmp_path / "i.json"
    path.write_text(event_json(contribution("Good"), {**contribution("Bad"), **extra}), encoding="utf-8")
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Good"]
    assert any(fragment in w.message and w.skipped for w in schedule.warnings)
    with pytest.raises(ScheduleError, match=fragment):
        load_schedule(path, strict=True)


@pytest.mark.parametrize(
    "text",
    [
        '{"_type": "HTTPAPIResult", "results": 5}',
        '{"_type": "HTTPAPIResult", "results": [{"timezone": "Nowhere/Land", "contributions": []}]}',
        '{"_type": "HTTPAPIResult", "results": [{"contributions": [{"startDate": {"date": 1}}]}]}',
        '{"_type": "HTTPAPIResult", "results": [{"sessions": [{"contributions": "x"}]}]}',
        '{"_type": "HTTPAPIResult", "results": [{"contributions": [{"duration": 1' + "0" * 5000 + "}]}]}",
    ],
)
def test_hostile_files_are_one_line_and_exit_2(runner, cli, tmp_path, text):
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    assert_clean_failure(run(runner, cli, "sessions", "-s", path), str(path))


def test_an_export_without_contributions_says_how_to_ask_for_them(runner, cli, tmp_path):
    path = tmp_path / "events.json"
    path.write_text(event_json(), encoding="utf-8")
    assert_clean_failure(run(runner, cli, "sessions", "-s", path), "?detail=contributions")


# -- the iCalendar export ---------------------------------------------------------------

INDICO_ICS = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//CERN//INDICO//EN",
        "BEGIN:VEVENT",
        "SUMMARY:Welcome Address",
        "DTSTART:20150413T000000Z",
        "DTEND:20150413T001500Z",
        "DTSTAMP:20150401T000000Z",
        "UID:indico-contribution-1@indico.cern.ch",
        "URL:https://indico.cern.ch/event/304944/contributions/1/",
        "LOCATION:Auditorium (OIST)",
        "DESCRIPTION:Speakers: Ken Peach (OIST)\\n\\nOpening of the conference.\\n\\nhttps://indico.cern.ch/",
        " event/304944/contributions/1/",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "SUMMARY:Fast and deep machine learning for HEP",
        "DTSTART:20150413T050000Z",
        "DTEND:20150413T051500Z",
        "DTSTAMP:20150401T000000Z",
        "UID:indico-contribution-2@indico.cern.ch",
        "LOCATION:C209 (OIST)",
        "DESCRIPTION:Speakers: Wahid Bhimji (University of Edinburgh (GB)), Andrew",
        "  Washbrook (University of Edinburgh\\, School of Physics)\\n\\nWe apply mach",
        " ine learning.",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def test_the_ical_export_gives_speakers_and_rooms(tmp_path):
    path = tmp_path / "event.ics"
    path.write_bytes(INDICO_ICS.encode())
    schedule = load_schedule(path, tz="Asia/Tokyo")
    welcome = by_title(schedule, "Welcome Address")
    assert welcome.start.isoformat() == "2015-04-13T09:00:00+09:00"
    assert welcome.location.room == "Auditorium"
    assert [(s.name, s.affiliation) for s in welcome.speakers] == [("Ken Peach", "OIST")]
    assert welcome.description == "Opening of the conference."
    ml = by_title(schedule, "Fast and deep machine learning for HEP")
    assert [(s.name, s.affiliation) for s in ml.speakers] == [
        ("Wahid Bhimji", "University of Edinburgh (GB)"),
        ("Andrew Washbrook", "University of Edinburgh, School of Physics"),
    ]
    assert ml.location.room == "C209"


def test_a_hostile_speakers_line_is_read_in_linear_time():
    import time

    # An unclosed parenthesis after a long run of spaces made a regex backtrack for minutes.
    started = time.process_time()
    for text in ("a" + " " * 4990 + "(", "a (" * 1600, "x" * 4999 + "(", "a (b (c (d" * 400):
        speakers_line(text)
    assert time.process_time() - started < 1.0
    assert [str(s) for s in speakers_line("Ana Lima (Acme (PT)), Bo Chen (X, Y)")] == [
        "Ana Lima (Acme (PT))",
        "Bo Chen (X, Y)",
    ]


# -- the whole corpus file, when it is beside the checkout ---------------------------------

CORPUS = next(
    (p for p in (Path(__file__).resolve().parents[n] / "shared" / "corpus" for n in (1, 2, 3)) if p.is_dir()),
    None,
)


@pytest.mark.skipif(CORPUS is None, reason="the corpus (../shared/corpus) is not beside the checkout")
def test_the_whole_chep_file_counts_right_per_day():
    from collections import Counter

    schedule = load_schedule(CORPUS / "indico-event-sessions-chep2015.json")
    # Counted independently from the raw file with zoneinfo (see docs/sources.md).
    by_day = Counter(s.start.date().isoformat() for s in schedule.sessions)
    assert by_day == {
        "2015-04-13": 101,
        "2015-04-14": 100,
        "2015-04-15": 7,
        "2015-04-16": 77,
        "2015-04-17": 9,
    }
    assert not any(w.skipped for w in schedule.warnings)
