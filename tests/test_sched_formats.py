"""Sched's formats on real shapes: the UTC-only all.ics, its SUMMARY speakers and
LOCATION cities, the text scrape past midnight, and hostile input that must fail cleanly.

tests/data/kubecon-na-2025-thursday-sched.ics is the bundled day in Sched's exact
all.ics form, written by tests/make_sched_feed.py; jococruise2024-sched-excerpt.ics is
a real Sched export (see its PROVENANCE file).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from conftest import BUNDLED, block
from planner import load_schedule
from planner.errors import ScheduleError
from planner.readers.sched_lines import parse_speakers, split_subtitle, split_summary
from planner.readers.sched_speakers import (
    group_speakers,
    looks_like_person,
    rule_company_after_one_name,
    rule_date_is_no_affiliation,
    rule_joint_name,
    rule_one_word_name,
    rule_repeated_piece,
    rule_role_waits_for_company,
    segments,
)

DATA = Path(__file__).parent / "data"
SCHED_FEED = DATA / "kubecon-na-2025-thursday-sched.ics"
JOCO = DATA / "jococruise2024-sched-excerpt.ics"


def people(pairs) -> list[tuple[str, str | None]]:
    return [(p.name, p.affiliation) for p in pairs]


def key(session):
    return (
        session.title,
        session.start.isoformat(),
        session.end.isoformat(),
        session.location.building,
        session.location.level,
        session.location.room,
        session.location.city,
        people(session.speakers),
    )


def write_feed(tmp_path: Path, *lines: str, name: str = "feed.ics") -> Path:
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *lines, "END:VCALENDAR", ""])
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def event(*lines: str, summary: str = "A Talk") -> list[str]:
    return [
        "BEGIN:VEVENT",
        "UID:x@test",
        "DTSTAMP:20251101T000000Z",
        f"SUMMARY:{summary}",
        *lines,
        "END:VEVENT",
    ]


# -- B: the bundled day as Sched's all.ics ------------------------------------------


def test_the_fixture_is_what_the_script_writes():
    # The committed feed is the script's output: a change to either shows here.
    sys.path.insert(0, str(Path(__file__).parent))
    from make_sched_feed import build

    assert build() == SCHED_FEED.read_bytes()


def test_the_sched_feed_gives_the_same_sessions_as_the_scrape():
    scrape = load_schedule(BUNDLED)
    feed = load_schedule(SCHED_FEED)
    assert feed.timezone == "America/New_York"
    assert sorted(map(key, feed.sessions)) == sorted(map(key, scrape.sessions))
    assert all(s.start.utcoffset() == dt.timedelta(hours=-5) for s in feed.sessions)
    assert feed.name == scrape.name


def test_the_sched_feed_is_in_sched_form():
    raw = SCHED_FEED.read_bytes().decode("utf-8")
    assert "X-WR-TIMEZONE:UTC" in raw and "PRODID:-//Sched.com " in raw
    assert "TZID" not in raw and "VTIMEZONE" not in raw
    unfolded = raw.replace("\r\n ", "")
    assert (
        "SUMMARY:Autoscaling Spring Boot Apps in Kubernetes With KEDA - John Coyne\\, Distinguished Engineer\\, Capital One"
        in unfolded
    )


def test_the_zone_of_a_utc_feed_is_chosen_from_its_city_and_said_once(runner, cli):
    result = runner.invoke(cli, ["sessions", "--schedule", str(SCHED_FEED), "--json"])
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "America/New_York" in line]
    assert said == [
        f"planner: warning: {SCHED_FEED}:1: the feed says its times are UTC; showing them in "
        "America/New_York: the venue is in Atlanta, GA, USA (--tz to change)"
    ]
    assert '"start": "2025-11-13T11:00:00-05:00"' in result.stdout


def test_tz_overrides_the_inferred_zone(runner, cli):
    result = runner.invoke(cli, ["sessions", "--schedule", str(SCHED_FEED), "--tz", "Europe/Paris", "--json"])
    assert result.exit_code == 0, result.output
    assert '"start": "2025-11-13T17:00:00+01:00"' in result.stdout
    assert "showing them in" not in result.stderr


def test_sched_summary_speakers_and_url():
    feed = load_schedule(SCHED_FEED)
    keda = feed.find("keda")
    assert keda.title == "Autoscaling Spring Boot Apps in Kubernetes With KEDA"
    assert people(keda.speakers) == [("John Coyne", "Distinguished Engineer, Capital One")]
    assert keda.url == f"https://kccncna2025.sched.com/event/{keda.id}"


def test_speaker_search_finds_people_of_the_sched_feed(runner, cli):
    result = runner.invoke(cli, ["sessions", "--schedule", str(SCHED_FEED), "--speaker", "John Coyne"])
    assert result.exit_code == 0, result.output
    assert "Autoscaling Spring Boot Apps in Kubernetes With KEDA" in result.stdout
    assert "11:00–11:30" in result.stdout


def test_export_of_an_agenda_from_the_utc_only_feed_has_local_times(runner, cli, tmp_path):
    agenda = tmp_path / "agenda.yaml"
    picked = runner.invoke(cli, ["pick", "keda", "-a", str(agenda), "--schedule", str(SCHED_FEED)])
    assert picked.exit_code == 0, picked.output
    out = tmp_path / "picked.ics"
    exported = runner.invoke(
        cli, ["export", "-a", str(agenda), "-o", str(out), "--now", "2025-11-01T09:00:00Z"]
    )
    assert exported.exit_code == 0, exported.output
    calendar = Calendar.from_ical(out.read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    [vevent] = calendar.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "America/New_York"
    assert vevent["DTSTART"].dt.replace(tzinfo=None) == dt.datetime(2025, 11, 13, 11, 0)


# -- A: iCalendar feeds in general --------------------------------------------------


def test_a_real_sched_feed_without_a_city_is_read_in_utc_with_a_warning():
    schedule = load_schedule(JOCO)
    assert schedule.timezone == "UTC"
    assert schedule.name == "jococruise2024"
    assert [w.message for w in schedule.warnings] == [
        "the feed says its times are UTC and its locations name no city; showing times in UTC (pass --tz)"
    ]
    concert = schedule.find("main concert")
    # "Opening Night Concert" reads like a name, but nothing says it is a speaker.
    assert concert.title == "Main Concert (Gold Team) - Opening Night Concert"
    assert concert.speakers == ()
    # A LOCATION with parts (issue 20): room, deck (the level) and the area within it.
    loc = concert.location
    assert (loc.room, loc.level, loc.area, loc.building) == ("World Stage", "2", "Forward", None)
    opening = schedule.find("game library")
    assert opening.start == opening.end  # a zero-length event, as Sched wrote it
    assert opening.url == "http://jococruise2024.sched.com/event/9cd29a34cd522e9c6091121569dd1cdc"


@pytest.mark.parametrize(
    ("place", "room", "building", "city"),
    [
        ("Hall 8 | Room D\\, Amsterdam\\, Netherlands", "Room D", "Hall 8", "Amsterdam, Netherlands"),
        ("Amtrium 1+2\\, Amsterdam\\, Netherlands", "Amtrium 1+2", None, "Amsterdam, Netherlands"),
        ("Salon A\\, B & C", "Salon A, B & C", None, None),
    ],
)
def test_sched_locations_and_the_zone_they_give(tmp_path, place, room, building, city):
    path = write_feed(
        tmp_path,
        "PRODID:-//Sched.com KubeCon Europe//EN",
        "X-WR-TIMEZONE:UTC",
        *event("DTSTART:20260324T100000Z", "DTEND:20260324T103000Z", f"LOCATION:{place}"),
    )
    schedule = load_schedule(path)
    [session] = schedule.sessions
    assert (session.location.room, session.location.building, session.location.city) == (room, building, city)
    assert schedule.timezone == ("Europe/Amsterdam" if city else "UTC")
    if city:
        assert session.start.isoformat() == "2026-03-24T11:00:00+01:00"


def test_a_feed_whose_events_name_a_tzid_is_shown_in_that_zone(tmp_path):
    path = write_feed(
        tmp_path,
        "PRODID:-//test//EN",
        *event("DTSTART;TZID=Europe/Paris:20251113T100000", "DTEND;TZID=Europe/Paris:20251113T110000"),
    )
    schedule = load_schedule(path)
    assert schedule.timezone == "Europe/Paris"
    assert schedule.sessions[0].start.isoformat() == "2025-11-13T10:00:00+01:00"
    assert schedule.warnings == ()


def test_z_times_that_name_no_zone_are_utc_with_a_warning(tmp_path):
    path = write_feed(
        tmp_path, "PRODID:-//test//EN", *event("DTSTART:20251113T100000Z", "DTEND:20251113T110000Z")
    )
    schedule = load_schedule(path)
    assert schedule.timezone == "UTC"
    assert [w.message for w in schedule.warnings] == [
        "the feed names no time zone and its locations name no city; showing times in UTC (pass --tz)"
    ]


def test_the_calendar_name_may_be_only_in_the_description(tmp_path):
    path = write_feed(
        tmp_path,
        "PRODID:-//test//EN",
        "X-WR-CALDESC:Open Source Days 2026",
        "X-WR-TIMEZONE:Europe/Berlin",
        *event("DTSTART:20260501T100000Z", "DTEND:20260501T110000Z"),
    )
    assert load_schedule(path).name == "Open Source Days 2026"


def test_a_fold_inside_a_multibyte_character(tmp_path, runner, cli):
    summary = "SUMMARY:Käse und Brötchen für alle Teilnehmenden der Konferenz am Morgen"
    raw = summary.encode("utf-8")
    cut = raw.index("ü".encode()) + 1  # between the two bytes of ü
    folded = raw[:cut] + b"\r\n " + raw[cut:]
    body = b"\r\n".join(
        [
            b"BEGIN:VCALENDAR",
            b"VERSION:2.0",
            b"PRODID:-//test//EN",
            b"X-WR-TIMEZONE:Europe/Berlin",
            b"BEGIN:VEVENT",
            b"UID:x@test",
            b"DTSTART:20260501T100000Z",
            b"DTEND:20260501T110000Z",
            folded,
            b"END:VEVENT",
            b"END:VCALENDAR",
            b"",
        ]
    )
    path = tmp_path / "folded.ics"
    path.write_bytes(body)
    assert load_schedule(path).sessions[0].title == summary.removeprefix("SUMMARY:")
    assert runner.invoke(cli, ["sessions", "--schedule", str(path)]).exit_code == 0


def test_a_duplicate_summary_is_the_first_with_a_warning(tmp_path):
    path = write_feed(
        tmp_path,
        "PRODID:-//test//EN",
        "X-WR-TIMEZONE:UTC",
        *event("SUMMARY:Two", "DTSTART:20251113T100000Z", "DTEND:20251113T110000Z", summary="One"),
    )
    schedule = load_schedule(path)
    assert schedule.sessions[0].title == "One"
    assert any("more than one SUMMARY; kept the first" in w.message for w in schedule.warnings)


def test_a_time_past_the_last_date_is_a_clear_error(tmp_path, runner, cli):
    path = write_feed(
        tmp_path, "PRODID:-//test//EN", *event("DTSTART:99991231T235900Z", "DURATION:P1D", summary="Never")
    )
    result = runner.invoke(cli, ["sessions", "--schedule", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "past the last date a calendar can hold" in result.stderr
    with pytest.raises(ScheduleError, match="past the last date"):
        load_schedule(path)


def test_a_pretalx_summary_of_many_dashes_is_read(tmp_path):
    path = write_feed(
        tmp_path,
        "PRODID:-//pretalx//pretalx.example.org//",
        "X-WR-TIMEZONE:Europe/Berlin",
        *event("DTSTART:20251113T100000Z", "DTEND:20251113T110000Z", summary="T" + " - " * 3000 + "Ana Lima"),
    )
    [session] = load_schedule(path).sessions
    assert [p.name for p in session.speakers] == ["Ana Lima"]


# -- C: the text scrape ---------------------------------------------------------------


def test_a_session_that_ends_after_midnight_ends_the_next_date(write_schedule, runner, cli):
    path = write_schedule(
        block(title="Party", time="10:30pm EST - 12:30am EST"),
        block(title="Late", time="11:45pm - 12:00am"),
    )
    schedule = load_schedule(path)
    party, late = schedule.sessions
    assert (party.start.isoformat(), party.end.isoformat()) == (
        "2025-11-13T22:30:00-05:00",
        "2025-11-14T00:30:00-05:00",
    )
    assert late.end.isoformat() == "2025-11-14T00:00:00-05:00"
    assert party.day == late.day == dt.date(2025, 11, 13)
    result = runner.invoke(cli, ["sessions", "--schedule", str(path), "--json"])
    assert result.exit_code == 0 and '"day": "2025-11-13"' in result.stdout
    assert "skipped" not in result.stderr


def test_a_backwards_range_longer_than_a_night_is_still_an_error(write_schedule):
    path = write_schedule(block(title="Backwards", time="3:00pm EST - 2:00pm EST"), block(title="Fine"))
    assert [s.title for s in load_schedule(path).sessions] == ["Fine"]


def test_a_title_that_begins_with_a_field_word(write_schedule):
    path = write_schedule(
        block(title="Before"),
        block(title="Time: The Missing Dimension in Your Traces", time="1:00pm EST - 1:30pm EST"),
        block(title="After", time="2:00pm EST - 2:30pm EST"),
    )
    schedule = load_schedule(path)
    assert [(s.title, f"{s.start:%H:%M}") for s in schedule.sessions] == [
        ("Before", "11:00"),
        ("Time: The Missing Dimension in Your Traces", "13:00"),
        ("After", "14:00"),
    ]
    assert schedule.warnings == ()


def test_a_non_schedule_is_refused_without_quoting_it(runner, cli, tmp_path):
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n")
    result = runner.invoke(cli, ["sessions", "--schedule", str(secret), "--format", "sched-text"])
    assert result.exit_code == 2
    assert "/bin/bash" not in result.output and "x:0:0" not in result.output
    assert "Traceback" not in result.output
    assert "is not a sched text scrape" in result.stderr


def test_a_day_out_of_range_is_a_clear_error(runner, cli, tmp_path):
    path = tmp_path / "far.txt"
    path.write_text("Conf#\n9999-12-31#\nTalk#\nTime: 11:30pm UTC - 12:30am UTC\n")
    result = runner.invoke(cli, ["sessions", "--schedule", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:2: the day line says 9999-12-31, outside the years planner reads" in result.stderr


# -- D: the speaker grammar, rule by rule ---------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected", "subtitle"),
    [
        (
            "Ana Lima (Staff Engineer, Acme & Bo Chen, Principal Engineer - Platform, Acme)",
            [("Ana Lima", "Staff Engineer, Acme"), ("Bo Chen", "Principal Engineer - Platform, Acme")],
            None,
        ),
        (
            "Ana Lima (Acme, Bo Chen, and Cy Dorr, Initech)",
            [("Ana Lima", "Acme"), ("Bo Chen", "Initech"), ("Cy Dorr", "Initech")],
            None,
        ),
        (
            "Ana Lima (Bo Chen, Cy Dorr & Di Eng, Initech)",
            [("Ana Lima", "Initech"), ("Bo Chen", "Initech"), ("Cy Dorr", "Initech"), ("Di Eng", "Initech")],
            None,
        ),
        ("Ana Lima and Bo Chen (Acme)", [("Ana Lima", "Acme"), ("Bo Chen", "Acme")], None),
        (
            "Ana Lima (Senior Engineer and Bo Chen, Acme)",
            [("Ana Lima", "Senior Engineer, Acme"), ("Bo Chen", "Acme")],
            None,
        ),
        ("Part Two - Ana Lima & Bo Chen (Acme)", [("Ana Lima", "Acme"), ("Bo Chen", "Acme")], "Part Two"),
        ("Are You Ready? -Ana Lima (Acme)", [("Ana Lima", "Acme")], "Are You Ready?"),
        ("Vaclav (Oisin) Haken (Red Hat)", [("Vaclav (Oisin) Haken", "Red Hat")], None),
        (
            "Vaclav (Oisin) Haken (Principal Engineer, Red Hat & Bo Chen, Acme)",
            [("Vaclav (Oisin) Haken", "Principal Engineer, Red Hat"), ("Bo Chen", "Acme")],
            None,
        ),
        (
            "Ana Lima (Red Hat & Bo Chen, Capital One)",
            [("Ana Lima", "Red Hat"), ("Bo Chen", "Capital One")],
            None,
        ),
    ],
)
def test_speaker_lines_from_real_schedules(line, expected, subtitle):
    found, tail = parse_speakers(line)
    assert (people(found), tail) == (expected, subtitle)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Ana Lima (Acme, Bo Chen, and Cy Dorr, Initech)",
            [("Ana Lima", "Acme"), ("Bo Chen", "Initech"), ("Cy Dorr", "Initech")],
        ),
        ("Part Two - Ana Lima & Bo Chen (Acme)", [("Ana Lima", "Acme"), ("Bo Chen", "Acme")]),
    ],
)
def test_the_same_speakers_through_the_text_scrape_and_the_feed(write_schedule, tmp_path, line, expected):
    scrape = load_schedule(write_schedule(block(title="Talk", speakers=line)))
    flat = line.replace(" (", ", ").removesuffix(")")
    path = write_feed(
        tmp_path,
        "PRODID:-//Sched.com Test//EN",
        "X-WR-TIMEZONE:UTC",
        *event(
            "DTSTART:20251113T160000Z",
            "DTEND:20251113T163000Z",
            "LOCATION:Room 1\\, Atlanta\\, GA\\, USA",
            summary=f"Talk - {flat}".replace(",", "\\,"),
        ),
    )
    feed = load_schedule(path)
    assert people(scrape.sessions[0].speakers) == people(feed.sessions[0].speakers) == expected
    assert scrape.sessions[0].title == feed.sessions[0].title


def test_a_one_word_name_before_a_speaker_list():
    line = "Flynn (Buoyant & Daniel Bryant, Ambassador Labs)"
    expected = [("Flynn", "Buoyant"), ("Daniel Bryant", "Ambassador Labs")]
    assert people(parse_speakers(line)[0]) == expected
    title, found = split_summary(
        "Emissary + Linkerd Resilience Patterns - Flynn, Buoyant & Daniel Bryant, Ambassador Labs"
    )
    assert (title, people(found)) == ("Emissary + Linkerd Resilience Patterns", expected)
    assert rule_one_word_name(segments("Flynn, Buoyant & Daniel Bryant, Ambassador Labs"))
    # A lone word with nothing that reads as a speaker list after it stays in the title.
    assert not rule_one_word_name(segments("Intro, Updates & More"))
    assert split_summary("Kubernetes - Intro, Updates & More") == ("Kubernetes - Intro, Updates & More", [])


def test_unsure_text_is_kept_as_written():
    found, subtitle = parse_speakers("Kubernetes SIG Network (Community)")
    assert (people(found), subtitle) == ([("Kubernetes SIG Network", "Community")], None)
    assert split_summary("Lightning Talks - 5 Minutes of Fame") == ("Lightning Talks - 5 Minutes of Fame", [])


def test_each_rule():
    def seg(text, before=","):
        return (
            segments("X, " + text)[1]
            if before == ","
            else [s for s in segments("X " + before + " " + text)][1]
        )

    from planner.readers.sched_speakers import _Group

    assert rule_joint_name(_Group(["Ana Lima"], []), seg("Bo Chen", "&"))
    assert not rule_joint_name(_Group(["Ana Lima"], [seg("Acme")]), seg("Bo Chen", "&"))
    assert rule_company_after_one_name(_Group(["Ana Lima"], []), seg("Red Hat"), None)
    assert not rule_company_after_one_name(_Group(["Ana Lima"], []), seg("Bo Chen"), seg("Initech"))
    assert rule_role_waits_for_company(_Group(["Ana Lima"], [seg("Staff Engineer")]), seg("Red Hat"))
    assert not rule_role_waits_for_company(_Group(["Ana Lima"], [seg("Acme")]), seg("Bo Chen"))
    assert rule_repeated_piece(_Group(["David Ashpole"], []), seg("David Ashpole"))
    assert rule_date_is_no_affiliation("Thursday November 13, 2025 1:45pm - 3:00pm EST") is None
    assert rule_date_is_no_affiliation("Acme") == "Acme"
    assert split_subtitle("Part Two - Ana Lima & Bo Chen") == ("Part Two", "Ana Lima & Bo Chen")
    assert not looks_like_person("Acme Labs") and looks_like_person("Ana de la Cruz")
    assert group_speakers(segments("Staff Engineer, Acme")) is None


# -- E: hostile input ends fast with exit 0 or a one-line exit 2 ------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("time-spaces.txt", "Conf#\nThursday, November 13, 2025#\nTalk#\nTime: 1" + " " * 2000 + "x\n"),
        (
            "speakers-semicolons.txt",
            "Conf#\nThursday, November 13, 2025#\nTalk#\nTime: 11:00am EST - 11:30am EST\nSpeakers: ("
            + ";" * 200_000
            + "\n",
        ),
        ("far-day.txt", "Conf#\n9999-12-31#\nTalk#\nTime: 11:00pm UTC - 11:30pm UTC\n"),
        (
            "pretalx-dashes.ics",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pretalx//x//\r\nBEGIN:VEVENT\r\nUID:a\r\n"
            "DTSTART:20251113T100000Z\r\nDTEND:20251113T110000Z\r\nSUMMARY:T" + " - " * 30_000 + "\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n",
        ),
    ],
    ids=lambda value: value if len(value) < 40 else "",  # the file name, not the 200 KB text
)
def test_reproducers_end_cleanly(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    done = subprocess.run(
        [sys.executable, "-m", "planner", "sessions", "--schedule", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode in (0, 2), done.stderr
    assert "Traceback" not in done.stderr
    if done.returncode == 2:
        assert len(done.stderr.strip().splitlines()) == 1
