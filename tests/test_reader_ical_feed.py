"""The iCalendar feed reader, and what the four formats have in common.

tests/data/kccncna2025-sched.ics is a feed as sched publishes it (RFC 5545,
CRLF, folded lines, UTC times with X-WR-TIMEZONE, escaped commas and
semicolons, CATEGORIES, sched's ``Building | Level | Room, City`` LOCATION, an
all-day entry, a DURATION instead of a DTEND). tests/data/oid2025-schedule.ics is
the three-day conference of the JSON and XML tests as pretalx exports it
(VTIMEZONE and TZID, SUMMARY ``Title - Speaker, Speaker``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import BUNDLED, by_title, file_writer, line_of, run
from planner import load_schedule
from planner.errors import ScheduleError
from planner.models import Location
from planner.readers import READERS
from test_bad_input import assert_clean_failure

DATA = Path(__file__).parent / "data"
SCHED_ICS = DATA / "kccncna2025-sched.ics"
OID = {suffix: DATA / f"oid2025-schedule.{suffix}" for suffix in ("json", "xml", "ics")}


@pytest.fixture(scope="module")
def kubecon():
    return load_schedule(SCHED_ICS)


def vevent(summary="A Talk", start="DTSTART:20251113T160000Z", end="DTEND:20251113T163000Z", *extra) -> str:
    lines = ["BEGIN:VEVENT", "DTSTAMP:20251020T180512Z", f"UID:{abs(hash(summary))}@test"]
    lines += [line for line in (start, end, f"SUMMARY:{summary}" if summary is not None else None) if line]
    lines += [*extra, "END:VEVENT"]
    return "\r\n".join(lines)


def calendar(*events: str, header: tuple[str, ...] = ("X-WR-TIMEZONE:America/New_York",)) -> str:
    return "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *header, *events, "END:VCALENDAR"]
    ) + ("\r\n")


@pytest.fixture
def write_ics(tmp_path):
    return file_writer(tmp_path, "feed", ".ics", calendar)


# -- a sched feed --------------------------------------------------------------------


def test_feed_facts(kubecon):
    assert kubecon.name == "KubeCon + CloudNativeCon North America 2025"
    assert kubecon.timezone == "America/New_York"
    assert len(kubecon) == 11
    assert kubecon.days == [dt.date(2025, 11, 11), dt.date(2025, 11, 12), dt.date(2025, 11, 13)]
    assert [(w.line, w.message, w.skipped) for w in kubecon.warnings] == [
        (9, "left out all-day event 'Registration Open Daily' on 2025-11-11: not a session", False)
    ]


def test_a_session_has_every_field(kubecon):
    keda = by_title(kubecon, "Autoscaling Spring Boot Apps in Kubernetes With KEDA")
    assert keda.id == "8q2qm"  # the same ID as in the bundled sched text: IDs hash the title
    assert keda.start.isoformat() == "2025-11-13T11:00:00-05:00"
    assert keda.end.isoformat() == "2025-11-13T11:30:00-05:00"
    assert keda.speakers == ()
    assert keda.location == Location(building="B", level="4", room="B406b-407", city="Atlanta, GA, USA")
    assert keda.type == "APPLICATION DEVELOPMENT"
    assert keda.description.startswith("The Horizonal Pod Autoscaler (HPA) in Kubernetes has limited")
    assert keda.description.endswith("to monitor pod scaling performance.")
    assert keda.line == line_of(SCHED_ICS, "BEGIN:VEVENT", nth=10)


def test_escaped_text_and_areas(kubecon):
    supply = by_title(kubecon, "Securing the Software Supply Chain; One Signature at a Time")
    assert supply.location == Location(building="A", level="4", room="A412", city="Atlanta, GA, USA")
    cilium = by_title(kubecon, "Cilium Project Update: What's New in 1.18")
    assert cilium.description == "A tour of the 1.18 release; then Q&A with the maintainers."
    assert cilium.type == "MAINTAINER TRACK"


def test_duration_and_a_place_without_building(kubecon):
    party = by_title(kubecon, "All-Attendee Party at the Georgia Aquarium 🐠")
    assert (party.start.isoformat(), party.end.isoformat()) == (
        "2025-11-11T18:00:00-05:00",
        "2025-11-11T21:00:00-05:00",
    )
    assert party.location == Location(room="Georgia Aquarium")
    assert party.description == "Shuttles leave from Building B every 15 minutes.\nBring your badge."


def test_after_midnight_is_the_next_day(kubecon):
    late = by_title(kubecon, "Late Night Hallway Track")
    assert late.start.isoformat() == "2025-11-12T00:30:00-05:00"
    assert late.day == dt.date(2025, 11, 12)


def test_day_filter_and_tz_through_the_cli(runner, cli):
    result = run(runner, cli, "sessions", "--schedule", SCHED_ICS, "--day", "2", "--json")
    assert result.exit_code == 0, result.output
    assert [s["title"] for s in json.loads(result.stdout)] == [
        "Late Night Hallway Track",
        "Coffee Break ☕",
        "Kubernetes SIG Auth: Intro and Deep Dive",
        "Multi-Cluster GitOps Without Tears",
    ]
    utc = run(runner, cli, "sessions", "--schedule", SCHED_ICS, "--tz", "UTC", "--day", "1", "--json")
    assert utc.exit_code == 0, utc.output
    assert [s["start"] for s in json.loads(utc.stdout)][-1] == "2025-11-11T23:00:00+00:00"


def test_the_bundled_venue_knows_sched_rooms(runner, cli, tmp_path):
    agenda = tmp_path / "agenda.yaml"
    result = run(
        runner, cli, "walk", "B207", "Georgia Ballroom 2", "--schedule", SCHED_ICS, "--agenda", agenda
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("13 min walk from B207 to Georgia Ballroom 2")
    assert "concourse to Building C" in result.stdout
    away = run(runner, cli, "walk", "Georgia Aquarium", "B207", "--schedule", SCHED_ICS, "--agenda", agenda)
    assert away.exit_code == 0, away.output
    assert "no building known for Georgia Aquarium" in away.stderr


def test_pick_agenda_and_conflicts_over_two_days(runner, cli, tmp_path):
    agenda = tmp_path / "agenda.yaml"
    picked = run(
        runner, cli, "pick", "cilium", "securing", "keda", "etcd", "--schedule", SCHED_ICS, "--agenda", agenda
    )
    assert picked.exit_code == 0, picked.output
    days = {
        e["start"][:10] for e in json.loads(run(runner, cli, "agenda", "--agenda", agenda, "--json").stdout)
    }
    assert days == {"2025-11-11", "2025-11-13"}
    conflicts = run(runner, cli, "conflicts", "--agenda", agenda, "--json")
    assert conflicts.exit_code == 1
    assert sorted(c["minutes"] for c in json.loads(conflicts.stdout) if c["kind"] == "overlap") == [30, 30]


# -- a pretalx feed, and the same conference in every format ---------------------------


def test_pretalx_summary_carries_the_speakers():
    schedule = load_schedule(OID["ics"])
    assert schedule.timezone == "Europe/Berlin"  # from its VTIMEZONE: pretalx writes no X-WR-TIMEZONE
    talk = by_title(schedule, "Tools and Strategies for Making the Most of Kubernetes Access Control")
    assert [(p.name, p.affiliation) for p in talk.speakers] == [
        ("Lucas Käldström", None),
        ("Micah Hausler", None),
    ]
    assert talk.location == Location(room="Saal 1")
    assert talk.type is None
    assert by_title(schedule, "Late Night Lightning Talks").speakers == ()
    rust = by_title(schedule, "Rust 🦀 in the Kernel - Two Years of Drivers Written in Rust")
    assert [p.name for p in rust.speakers] == ["Marta Nowak"]


def test_the_same_conference_in_three_formats():
    seen = {}
    for suffix, path in OID.items():
        schedule = load_schedule(path)
        # The .ics has one SUMMARY for what JSON and XML give as title and subtitle.
        seen[suffix] = [
            (
                s.title + (f" - {s.subtitle}" if s.subtitle else ""),
                s.start.isoformat(),
                s.end.isoformat(),
                s.location.room,
                [p.name for p in s.speakers],
            )
            for s in schedule.sessions
        ]
    assert seen["json"] == seen["xml"] == seen["ics"]
    assert len(seen["json"]) == 16


SAMPLES = {
    "sched-text": BUNDLED,
    "pretalx-json": OID["json"],
    "frab-xml": OID["xml"],
    "ical-feed": SCHED_ICS,
}


@pytest.mark.parametrize("expected", sorted(SAMPLES))
def test_sniffing_is_unambiguous(expected):
    head = SAMPLES[expected].read_text(encoding="utf-8-sig")[:8192]
    assert [name for name, cls in sorted(READERS.items()) if cls().sniff(head)] == [expected]
    assert READERS["ical-feed"]().sniff(OID["ics"].read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_format_forces_the_reader(runner, cli, name):
    ok = run(runner, cli, "sessions", "--schedule", SAMPLES[name], "--format", name, "--json")
    assert ok.exit_code == 0, ok.output
    for other in sorted(set(SAMPLES) - {name}):
        forced = run(runner, cli, "sessions", "--schedule", SAMPLES[name], "--format", other)
        assert forced.exit_code == 2, (name, other, forced.output)
        assert "Traceback" not in forced.output


# -- how times are read ---------------------------------------------------------------


@pytest.mark.parametrize(
    "tzid",
    ["Europe/Berlin", "W. Europe Standard Time", "/freeassociation.sourceforge.net/Tzfile/Europe/Berlin"],
)
def test_tzid_times_and_zone_names_that_are_not_iana(write_ics, tzid):
    path = write_ics(
        vevent("Local", f"DTSTART;TZID={tzid}:20251024T100000", "DURATION:PT45M"),
        header=(
            "BEGIN:VTIMEZONE",
            f"TZID:{tzid}",
            "BEGIN:STANDARD",
            "DTSTART:16011028T030000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
            "TZOFFSETFROM:+0200",
            "TZOFFSETTO:+0100",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:16010325T020000",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
            "TZOFFSETFROM:+0100",
            "TZOFFSETTO:+0200",
            "END:DAYLIGHT",
            "END:VTIMEZONE",
        ),
    )
    schedule = load_schedule(path)
    assert schedule.timezone == "Europe/Berlin"
    [session] = schedule.sessions
    assert (session.start.isoformat(), session.end.isoformat()) == (
        "2025-10-24T10:00:00+02:00",
        "2025-10-24T10:45:00+02:00",
    )


def test_floating_times_are_read_in_the_display_zone(write_ics):
    path = write_ics(vevent("Floating", "DTSTART:20251113T100000", "DTEND:20251113T110000"), header=())
    assert load_schedule(path).sessions[0].start.isoformat() == "2025-11-13T10:00:00+00:00"
    assert load_schedule(path, tz="Asia/Tokyo").sessions[0].start.isoformat() == "2025-11-13T10:00:00+09:00"


def test_an_unknown_tzid_is_read_in_the_display_zone_with_a_warning(write_ics):
    path = write_ics(
        vevent("Mars", "DTSTART;TZID=Mars/Olympus:20251113T100000", "DTEND;TZID=Mars/Olympus:20251113T103000")
    )
    schedule = load_schedule(path)
    assert schedule.sessions[0].start.isoformat() == "2025-11-13T10:00:00-05:00"
    assert [(w.line, w.message) for w in schedule.warnings] == [
        (
            line_of(path, "DTSTART;TZID=Mars"),
            "unknown time zone TZID=Mars/Olympus; read its times in America/New_York (pass --tz)",
        )
    ]


def test_an_unknown_calendar_zone_falls_back_to_utc(write_ics):
    path = write_ics(vevent("Somewhere"), header=("X-WR-TIMEZONE:Middle Earth/Shire",))
    schedule = load_schedule(path)
    assert schedule.timezone == "UTC"
    assert (
        schedule.warnings[0].message
        == "unknown time zone 'Middle Earth/Shire'; showing times in UTC (pass --tz)"
    )


def test_no_end_no_duration_is_an_instant(write_ics):
    path = write_ics(vevent("Instant", "DTSTART:20251113T160000Z", None))
    schedule = load_schedule(path)
    assert schedule.sessions[0].minutes == 0
    assert (
        schedule.warnings[0].message
        == "session 'Instant' has neither DTEND nor DURATION; read as ending when it starts"
    )


def test_cancelled_and_repeating_events(write_ics):
    path = write_ics(
        vevent("Cancelled", "DTSTART:20251113T160000Z", "DTEND:20251113T163000Z", "STATUS:CANCELLED"),
        vevent(
            "Daily Standup", "DTSTART:20251113T140000Z", "DTEND:20251113T141500Z", "RRULE:FREQ=DAILY;COUNT=3"
        ),
    )
    schedule = load_schedule(path, strict=True)
    assert [s.title for s in schedule.sessions] == ["Daily Standup"]
    assert [(w.line, w.message, w.skipped) for w in schedule.warnings] == [
        (line_of(path, "STATUS:CANCELLED"), "left out cancelled session 'Cancelled'", False),
        (
            line_of(path, "RRULE"),
            "session 'Daily Standup' repeats (RRULE); read only its first occurrence",
            False,
        ),
    ]


def test_categories_are_joined(write_ics):
    path = write_ics(
        vevent("Tagged", "DTSTART:20251113T160000Z", "DTEND:20251113T163000Z", "CATEGORIES:SECURITY,AI + ML")
    )
    assert load_schedule(path).sessions[0].type == "SECURITY, AI + ML"


# -- bad input ------------------------------------------------------------------------


def test_unreadable_dtstart_is_skipped_with_its_line(runner, cli, write_ics):
    path = write_ics(
        vevent("Good"),
        vevent("Bad", "DTSTART:2025-11-13 16:00", "DTEND:20251113T163000Z"),
        vevent("Also Good", "DTSTART:20251113T170000Z", "DTEND:20251113T173000Z"),
    )
    result = run(runner, cli, "sessions", "--schedule", path)
    assert result.exit_code == 0, result.output
    line = line_of(path, "DTSTART:2025-11-13 16:00")
    assert f"{path}:{line}: skipped session 'Bad': unreadable DTSTART" in result.stderr
    assert "Good" in result.stdout and "Also Good" in result.stdout and "Bad" not in result.stdout
    strict = run(runner, cli, "sessions", "--schedule", path, "--strict")
    assert_clean_failure(strict, f"{path}:{line}: session 'Bad': unreadable DTSTART")


def test_end_before_start_and_missing_start(write_ics):
    path = write_ics(
        vevent("Good"),
        vevent("Backwards", "DTSTART:20251113T160000Z", "DTEND:20251113T150000Z"),
        vevent("Startless", None, "DTEND:20251113T150000Z"),
        vevent("Mixed", "DTSTART:20251113T160000Z", "DTEND;VALUE=DATE:20251114"),
    )
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Good"]
    assert [(w.line, w.message, w.skipped) for w in schedule.warnings] == [
        (
            line_of(path, "DTEND:20251113T150000Z"),
            "skipped session 'Backwards': ends (2025-11-13 10:00) before it starts (2025-11-13 11:00)",
            True,
        ),
        (line_of(path, "BEGIN:VEVENT", nth=3), "skipped session 'Startless': no DTSTART", True),
        (
            line_of(path, "DTEND;VALUE=DATE"),
            "skipped session 'Mixed': DTEND 2025-11-14 is not a date-time like DTSTART",
            True,
        ),
    ]
    with pytest.raises(ScheduleError, match="session 'Backwards': ends"):
        load_schedule(path, strict=True)


def test_a_missing_summary(write_ics):
    path = write_ics(vevent("Good"), vevent(None))
    [warning] = load_schedule(path).warnings
    assert (warning.line, warning.message) == (
        line_of(path, "BEGIN:VEVENT", nth=2),
        "skipped event 2: no SUMMARY (title)",
    )


def test_an_unreadable_line_in_an_event(runner, cli, write_ics):
    path = write_ics(
        vevent("Good", "DTSTART:20251113T160000Z", "DTEND:20251113T163000Z", "this is not a content line")
    )
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Good"]
    line = line_of(path, "this is not")
    assert schedule.warnings[0].line == line
    assert schedule.warnings[0].message.startswith("session 'Good': ignored a line icalendar cannot read")
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", path, "--strict"),
        f"{path}:{line}: session 'Good': a line icalendar cannot read",
    )


@pytest.mark.parametrize(
    ("mangle", "fragment", "message"),
    [
        (
            lambda t: t.replace("END:VEVENT\r\n", "", 1),
            "BEGIN:VEVENT",
            "BEGIN:VEVENT inside the VEVENT of line",
        ),
        (lambda t: t.replace("END:VCALENDAR\r\n", ""), "BEGIN:VCALENDAR", "BEGIN:VCALENDAR is never closed"),
        (
            lambda t: t.replace("END:VEVENT", "END:VTODO", 1),
            "END:VTODO",
            "END:VTODO where BEGIN:VEVENT of line",
        ),
        (lambda t: t + t, "BEGIN:VCALENDAR", "a second BEGIN:VCALENDAR after the calendar ended"),
        (
            lambda t: t.replace("VERSION:2.0", "VERSION 2.0"),
            "VERSION 2.0",
            "is not a readable iCalendar file",
        ),
        (
            lambda t: t.replace("PRODID:-//test//EN", "PRODID 'quoted': it is"),
            "PRODID 'quoted'",
            "is not a readable iCalendar file",
        ),
    ],
    ids=["missing END:VEVENT", "unclosed calendar", "wrong END", "two calendars", "broken line", "quotes"],
)
def test_broken_calendars_name_the_line(runner, cli, tmp_path, mangle, fragment, message):
    path = tmp_path / "broken.ics"
    path.write_bytes(mangle(calendar(vevent("One"), vevent("Two"))).encode("utf-8"))
    text = path.read_text(encoding="utf-8").split("\n")
    candidates = [n for n, line in enumerate(text, 1) if fragment in line]
    # The line at fault: the second BEGIN:VEVENT, the only BEGIN:VCALENDAR, the END:VTODO, ...
    line = {"BEGIN:VEVENT": candidates[-1], "BEGIN:VCALENDAR": candidates[-1]}.get(fragment, candidates[0])
    result = run(runner, cli, "sessions", "--schedule", path)
    assert_clean_failure(result, f"{path}:{line}: {message}")


def test_only_bad_events(runner, cli, write_ics):
    path = write_ics(vevent("Bad", "DTSTART:soon"), vevent("Worse", "DTSTART:later"))
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", path), "no session could be read (2 problem(s)"
    )


def test_only_all_day_events(runner, cli, write_ics):
    path = write_ics(vevent("Holiday", "DTSTART;VALUE=DATE:20251113", "DTEND;VALUE=DATE:20251114"))
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", path), "holds no sessions that could be read"
    )


def test_not_a_calendar_but_forced(runner, cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list\n- eggs\n", encoding="utf-8")
    result = run(runner, cli, "sessions", "--schedule", path, "--format", "ical-feed")
    assert_clean_failure(result, f"{path}:1: is not a readable iCalendar file")
