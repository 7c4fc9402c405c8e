"""The frab/pentabarf schedule.xml reader, on the same three-day conference as the JSON tests.

tests/data/oid2025-schedule.xml follows the schema of github.com/voc/schedule
(validator/xsd/schedule.xml.xsd) the way pretalx's agenda/schedule.xml template
writes it: XML declaration, a comment, <generator>, then days, rooms and events.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zlib
from pathlib import Path

import pytest

from conftest import by_title, file_writer, line_of, run
from planner import load_schedule
from planner.errors import ScheduleError
from planner.models import Location
from planner.readers import READERS
from test_bad_input import assert_clean_failure

DATA = Path(__file__).parent / "data"
OID_XML = DATA / "oid2025-schedule.xml"
OID_JSON = DATA / "oid2025-schedule.json"


@pytest.fixture(scope="module")
def oid():
    return load_schedule(OID_XML)


def event_xml(
    title="A Talk", date="2025-10-24T10:00:00+02:00", start="10:00", duration="00:30", **extra
) -> str:
    fields = {"date": date, "start": start, "duration": duration, "room": "Saal 1", "title": title, **extra}
    body = "".join(f"<{name}>{value}</{name}>" for name, value in fields.items() if value is not None)
    return (
        f"<event guid='0f0e5e6a-0000-4000-8000-{zlib.crc32(title.encode()):012d}' id='1'>\n{body}\n</event>"
    )


def schedule_xml(*events: str, prolog: str = "<?xml version='1.0' encoding='utf-8' ?>\n") -> str:
    body = "\n".join(events)
    return (
        prolog
        + "<schedule>\n<version>1</version>\n<conference>\n<title>Tiny Conf</title>\n<acronym>tiny</acronym>\n"
        + "<time_zone_name>Europe/Berlin</time_zone_name>\n</conference>\n"
        + "<day index='1' date='2025-10-24' start='2025-10-24T04:00:00+02:00' end='2025-10-25T03:59:00+02:00'>\n"
        + f"<room name='Saal 1'>\n{body}\n</room>\n</day>\n</schedule>\n"
    )


@pytest.fixture
def write_xml(tmp_path):
    return file_writer(tmp_path, "schedule", ".xml", schedule_xml)


# -- the conference ------------------------------------------------------------------


def test_conference_facts(oid):
    assert oid.name == "Open Infrastructure Days 2025"
    assert oid.timezone == "Europe/Berlin"
    assert len(oid) == 16
    assert oid.days == [dt.date(2025, 10, 24), dt.date(2025, 10, 25), dt.date(2025, 10, 26)]
    assert oid.warnings == ()


def test_a_workshop_has_every_field(oid):
    workshop = by_title(oid, "Hands-on: Writing Your First Kubernetes Operator")
    assert workshop.start.isoformat() == "2025-10-25T14:00:00+02:00"
    assert workshop.end.isoformat() == "2025-10-25T15:30:00+02:00"
    assert [(p.name, p.affiliation) for p in workshop.speakers] == [
        ("Ayşe Yılmaz", None),
        ("Björn Åberg", None),
        ("Zoë Martin", None),
    ]
    assert workshop.location == Location(room="Werkstatt")
    assert (workshop.track, workshop.type) == ("Cloud Native", "Workshop")
    assert workshop.description == (
        "Bring a laptop with Go 1.24 and kind installed.\n\n"
        "We build an operator for a small web app, step by step: the API type, the reconcile loop, tests."
    )
    assert workshop.line == line_of(OID_XML, "<event guid='bf15bf0a-")


def test_escaped_text_subtitle_and_track_apart_from_type(oid):
    assert by_title(oid, "Reproducible Builds for Everyone").description == (
        "Why bit-for-bit identical builds matter & how to get there."
    )
    rust = by_title(oid, "Rust 🦀 in the Kernel")
    assert (rust.subtitle, rust.track) == ("Two Years of Drivers Written in Rust", "Kernel")
    # An empty <track/> stays empty: the type is another vocabulary.
    postgres = by_title(oid, "Zero-Downtime Postgres Upgrades")
    assert (postgres.track, postgres.type) == (None, "Talk")


def test_after_midnight_and_the_autumn_clock_change(oid):
    late = by_title(oid, "Late Night Lightning Talks")
    # Listed under day 1: it is on the first conference day, though past midnight.
    assert (late.start.isoformat(), late.day) == ("2025-10-25T01:30:00+02:00", dt.date(2025, 10, 24))
    assert "<day index='1'" in OID_XML.read_text(encoding="utf-8").split("Late Night Lightning Talks")[0]
    twice = by_title(oid, "The Hour That Happens Twice: Time Zones Explained")
    assert (twice.start.isoformat(), twice.end.isoformat()) == (
        "2025-10-26T02:30:00+02:00",
        "2025-10-26T02:30:00+01:00",
    )


def test_the_xml_and_the_json_are_the_same_schedule(oid):
    from_json = load_schedule(OID_JSON)
    assert [dataclasses.replace(s, line=None) for s in oid.sessions] == [
        dataclasses.replace(s, line=None) for s in from_json.sessions
    ]
    assert (oid.name, oid.timezone, oid.days) == (from_json.name, from_json.timezone, from_json.days)


def test_day_filter_through_the_cli(runner, cli):
    result = run(runner, cli, "sessions", "--schedule", OID_XML, "--day", "3", "--json")
    assert result.exit_code == 0, result.output
    # The 02:30 talk is in the night after day 2, so on day 2.
    assert [(s["start"], s["room"]) for s in json.loads(result.stdout)] == [
        ("2025-10-26T09:30:00+01:00", "Saal 2"),
        ("2025-10-26T10:00:00+01:00", "Saal 1"),
        ("2025-10-26T10:00:00+01:00", "Saal 2"),
        ("2025-10-26T11:00:00+01:00", "Werkstatt"),
    ]


def test_sniffed_and_forced(runner, cli, tmp_path):
    renamed = tmp_path / "fahrplan"
    renamed.write_bytes(OID_XML.read_bytes())
    sniffed = run(runner, cli, "sessions", "--schedule", renamed, "--json")
    assert sniffed.exit_code == 0 and len(json.loads(sniffed.stdout)) == 16
    forced = run(runner, cli, "sessions", "--schedule", renamed, "--format", "frab-xml", "--json")
    assert forced.stdout == sniffed.stdout
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", renamed, "--format", "ical-feed"),
        f"{renamed}:1: is not a readable iCalendar file",
    )


def test_walk_in_a_venue_without_buildings(runner, cli, tmp_path):
    result = run(
        runner,
        cli,
        "walk",
        "Saal 2",
        "Saal 1",
        "--schedule",
        OID_XML,
        "--agenda",
        tmp_path / "a.yaml",
        "--json",
    )
    assert result.exit_code == 0, result.output
    # A venue planner does not know: a default figure, and flagged as one.
    assert json.loads(result.stdout) == {
        "minutes": 3,
        "route": ["Saal 2", "Saal 1"],
        "from": "Saal 2",
        "to": "Saal 1",
        "estimated": True,
        "unknown": False,
    }


# -- reading the raw text -------------------------------------------------------------


def test_comments_and_cdata_do_not_shift_line_numbers(write_xml):
    path = write_xml(
        "<!-- an <event> that is not one -->",
        event_xml("First", description="<![CDATA[Use <event> tags <b>wisely</b>]]>"),
        event_xml("Broken", duration="ninety"),
    )
    schedule = load_schedule(path)
    # CDATA is text to XML, and HTML to the feed: shown as text.
    assert schedule.sessions[0].description == "Use tags wisely"
    assert schedule.sessions[0].line == line_of(path, "<event guid", nth=1)
    [warning] = schedule.warnings
    assert warning.line == line_of(path, "<duration>ninety")
    assert warning.message == "skipped session 'Broken': unreadable duration 'ninety' (expected HH:MM)"


def test_sniffing_looks_past_the_prolog():
    reader = READERS["frab-xml"]()
    assert reader.sniff("\n  <?xml version='1.0'?>\n<!-- made by frab -->\n<?pi x?>\n<schedule>")
    assert reader.sniff("<schedule\n  xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>")
    assert not reader.sniff("<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>")
    assert not reader.sniff("<?xml version='1.0'?>\n<schedules/>")


# -- bad input ------------------------------------------------------------------------


def test_unreadable_duration_is_skipped_then_strict_fails(runner, cli, write_xml):
    path = write_xml(event_xml("Good"), event_xml("Bad", duration="90 minutes"), event_xml("Also Good"))
    result = run(runner, cli, "sessions", "--schedule", path)
    assert result.exit_code == 0, result.output
    line = line_of(path, "<duration>90 minutes")
    assert f"{path}:{line}: skipped session 'Bad': unreadable duration '90 minutes'" in result.stderr
    assert "Good" in result.stdout and "Also Good" in result.stdout and "Bad" not in result.stdout
    strict = run(runner, cli, "sessions", "--schedule", path, "--strict")
    assert_clean_failure(strict, f"{path}:{line}: session 'Bad': unreadable duration '90 minutes'")


def test_missing_date_and_start(write_xml):
    path = write_xml(event_xml("Good"), event_xml("Nowhen", date=None, start=None))
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Good"]
    assert [(w.line, w.message) for w in schedule.warnings] == [
        (
            line_of(path, "<event guid", nth=2),
            "skipped session 'Nowhen': no start: neither 'date' nor 'start'",
        )
    ]


def test_malformed_xml_gives_line_and_column(runner, cli, write_xml, tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(schedule_xml(event_xml("Good")).replace("</title>", "</titel>"), encoding="utf-8")
    line = line_of(path, "</titel>")
    result = run(runner, cli, "sessions", "--schedule", path)
    assert_clean_failure(result, f"{path}:{line}: is not well-formed XML: mismatched tag (column")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE schedule [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n',
        '<!DOCTYPE schedule SYSTEM "file:///etc/passwd">\n',
    ],
    ids=["entity expansion", "external DTD"],
)
def test_a_doctype_is_refused(runner, cli, tmp_path, doctype):
    path = tmp_path / "dtd.xml"
    path.write_text(
        schedule_xml(event_xml("&c;"), prolog="<?xml version='1.0'?>\n<!-- hi -->\n" + doctype),
        encoding="utf-8",
    )
    result = run(runner, cli, "sessions", "--schedule", path)
    assert_clean_failure(result, f"{path}:3: has a <!DOCTYPE> declaration; planner refuses XML with a DTD")


def test_an_undeclared_entity_is_malformed(write_xml):
    path = write_xml(event_xml("&xxe;"))
    with pytest.raises(ScheduleError, match="is not well-formed XML: undefined entity"):
        load_schedule(path)


def test_xml_that_is_not_a_frab_schedule(runner, cli, tmp_path):
    rss = tmp_path / "feed.xml"
    rss.write_text("<?xml version='1.0'?>\n<rss version='2.0'><channel/></rss>\n", encoding="utf-8")
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", rss), "is not a schedule planner can read"
    )
    forced = run(runner, cli, "sessions", "--schedule", rss, "--format", "frab-xml")
    assert_clean_failure(forced, f"{rss}:1: is XML but not a frab schedule: the root element is <rss>")
    bare = tmp_path / "bare.xml"
    bare.write_text("<schedule><version>1</version></schedule>", encoding="utf-8")
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", bare), "the <schedule> has no <conference>"
    )


def test_only_bad_events(runner, cli, write_xml):
    path = write_xml(event_xml("Bad", duration="x"), event_xml("Worse", duration="y"))
    assert_clean_failure(
        run(runner, cli, "sessions", "--schedule", path), "no session could be read (2 problem(s)"
    )


def test_a_bad_day_attribute_is_a_warning(tmp_path):
    path = tmp_path / "day.xml"
    path.write_text(
        schedule_xml(event_xml("Good")).replace("start='2025-10-24T04:00:00+02:00'", "start='early'"),
        encoding="utf-8",
    )
    schedule = load_schedule(path)
    assert len(schedule) == 1
    assert [w.message for w in schedule.warnings] == [
        "day 1: unreadable start 'early' (expected ISO 8601, e.g. 2025-10-24T10:00:00+02:00); ignored"
    ]


def test_the_fixture_helpers_make_valid_xml(write_xml):
    # The helpers above must produce what the reader reads, or the bad-input tests prove nothing.
    path = write_xml(event_xml("Fine", persons="<person id='3'>Ada Lovelace</person>"))
    [session] = load_schedule(path).sessions
    assert (session.title, session.start.isoformat(), [p.name for p in session.speakers]) == (
        "Fine",
        "2025-10-24T10:00:00+02:00",
        ["Ada Lovelace"],
    )


def test_a_large_schedule_keeps_every_line_number(write_xml):
    # Line numbers once came from counting newlines from the top for every event
    # (quadratic); bench/readers.py measures the speed, this checks the answer.
    path = write_xml(*(event_xml(f"Talk {n}", start=None) for n in range(12000)))
    schedule = load_schedule(path)
    assert len(schedule) == 12000
    assert schedule.sessions[-1].line == line_of(path, "<event guid", nth=12000)
