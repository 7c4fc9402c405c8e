"""The frab readers on what real feeds do (issue 11) and on hostile input (issue 15):
conference days past midnight and frab's day_change, zones named or not, HTML
abstracts, the fields a feed carries, and files built to crash or hang a reader.

Each schedule is written by the test, small, in the shape the real feeds have.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner import load_schedule
from planner.errors import ScheduleError
from planner.readers.formats.frab_xml import scan_prolog
from planner.readers.html_text import html_to_text
from test_bad_input import assert_clean_failure


def run(runner, cli, *args):
    return runner.invoke(cli, [str(a) for a in args])


def xml_event(title, start, duration="00:30", room="Saal 1", date=None, **extra) -> str:
    fields = {"start": start, "duration": duration, "room": room, "title": title, **extra}
    if date:
        fields = {"date": date, **fields}
    body = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items() if v is not None)
    return f"<event id='{abs(hash(title)) % 10000}'>{body}</event>"


def congress_xml(days: dict[str, list[str]], conference_extra: str = "", prolog: str = "") -> str:
    """A CCC-style schedule.xml: days with a date only, the conference's day_change."""
    body = "".join(
        f"<day index='{i + 1}' date='{date}'><room name='Saal 1'>{''.join(events)}</room></day>"
        for i, (date, events) in enumerate(days.items())
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?>\n{prolog}<schedule><version>1</version><conference>"
        f"<title>31C3</title><acronym>31c3</acronym>{conference_extra}</conference>{body}</schedule>\n"
    )


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str = "schedule.xml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# -- conference days -------------------------------------------------------------------


def test_a_talk_after_midnight_is_on_the_day_it_is_listed_under(write, runner, cli):
    """31C3: Citizenfour ran 00:00-02:15 after day 1 and is listed under day 1."""
    path = write(
        congress_xml(
            {
                "2014-12-27": [xml_event("Opening", "11:00"), xml_event("Citizenfour", "00:00", "02:15")],
                "2014-12-28": [xml_event("Day Two Talk", "11:00")],
            },
            "<time_zone_name>Europe/Berlin</time_zone_name><day_change>06:00</day_change>",
        )
    )
    schedule = load_schedule(path)
    film = next(s for s in schedule.sessions if s.title == "Citizenfour")
    assert (film.start.isoformat(), film.end.isoformat()) == (
        "2014-12-28T00:00:00+01:00",
        "2014-12-28T02:15:00+01:00",
    )
    assert film.day == dt.date(2014, 12, 27)
    day1 = run(runner, cli, "sessions", "--schedule", path, "--day", "1", "--json")
    assert [s["title"] for s in json.loads(day1.stdout)] == ["Opening", "Citizenfour"]


def test_day_change_makes_a_four_day_congress_four_days(write):
    # Days with a date and no start: the conference's day_change says when the night ends.
    days = {
        f"2024-12-{27 + i}": [xml_event(f"Talk {i}", "12:00"), xml_event(f"Night {i}", "03:00")]
        for i in range(4)
    }
    schedule = load_schedule(write(congress_xml(days, "<day_change>06:00:00</day_change>" + _BERLIN)))
    assert len(schedule.days) == 4
    night = next(s for s in schedule.sessions if s.title == "Night 3")
    assert (night.start.date(), night.day) == (dt.date(2024, 12, 31), dt.date(2024, 12, 30))
    assert schedule.warnings == ()


_BERLIN = "<time_zone_name>Europe/Berlin</time_zone_name>"


def test_a_zone_that_agrees_once_converted_gives_no_warning(write):
    # 'date' in UTC, 'start' on the Kolkata clock: the same moment, so nothing to say.
    event = xml_event("Keynote", "10:30", date="2025-01-10T05:00:00+00:00")
    schedule = load_schedule(
        write(congress_xml({"2025-01-10": [event]}, "<time_zone_name>Asia/Kolkata</time_zone_name>"))
    )
    assert schedule.warnings == ()
    assert schedule.sessions[0].start.isoformat() == "2025-01-10T10:30:00+05:30"
    wrong = xml_event("Keynote", "11:30", date="2025-01-10T05:00:00+00:00")
    [warning] = load_schedule(
        write(congress_xml({"2025-01-10": [wrong]}, "<time_zone_name>Asia/Kolkata</time_zone_name>"))
    ).warnings
    assert "'start' says 11:30 but 'date' says 10:30" in warning.message


def test_only_utc_offsets_and_no_place_is_the_files_offset_said_once(write):
    # Issue 20: an attendee reads the wall clock; 10:00+01:00 is shown at 10:00, not 09:00 UTC.
    events = [xml_event(f"T{i}", f"1{i}:00", date=f"2025-02-01T1{i}:00:00+01:00") for i in range(5)]
    schedule = load_schedule(write(congress_xml({"2025-02-01": events})))
    assert schedule.timezone == "UTC+01:00"
    assert "Etc/" not in schedule.timezone
    assert [s.start.isoformat() for s in schedule.sessions][:1] == ["2025-02-01T10:00:00+01:00"]
    [warning] = schedule.warnings
    assert warning.message == "the schedule gives only UTC+01:00; --tz Europe/Berlin names the zone"


def test_offsets_across_a_clock_change_show_the_most_used_one(write):
    events = [xml_event(f"T{i}", f"1{i}:00", date=f"2025-10-25T1{i}:00:00+02:00") for i in range(3)]
    events.append(xml_event("Late", "10:00", date="2025-10-26T10:00:00+01:00"))
    schedule = load_schedule(write(congress_xml({"2025-10-25": events})))
    assert schedule.timezone == "UTC+02:00"
    assert schedule.sessions[-1].start.isoformat() == "2025-10-26T11:00:00+02:00"
    [warning] = schedule.warnings
    assert "gives only UTC+01:00 and UTC+02:00; shown at UTC+02:00" in warning.message


def test_clock_times_only_and_no_place_is_utc(write):
    events = [xml_event("T", "10:00")]
    schedule = load_schedule(write(congress_xml({"2025-02-01": events})))
    assert schedule.timezone == "UTC"
    assert "gives clock times only; showing times in UTC" in schedule.warnings[0].message


# -- what an event carries ---------------------------------------------------------------


def test_fields_of_an_event(write):
    event = xml_event(
        "Reproducible Builds",
        "10:00",
        subtitle="Moving Beyond Single Points of Failure",
        track="Security",
        type="lecture",
        language="en",
        url="https://example.org/talk/1",
        recording="<license/><optout>true</optout>",
        abstract="&lt;p&gt;Fish &amp;amp; chips, see &lt;a href='https://x.org/a'&gt;the page&lt;/a&gt;.&lt;/p&gt;",
    )
    [talk] = load_schedule(write(congress_xml({"2014-12-27": [event]}, _BERLIN))).sessions
    assert (talk.title, talk.subtitle) == ("Reproducible Builds", "Moving Beyond Single Points of Failure")
    assert (talk.track, talk.type, talk.language) == ("Security", "lecture", "en")
    assert (talk.url, talk.recorded) == ("https://example.org/talk/1", False)
    assert talk.description == "Fish & chips, see the page (https://x.org/a)."


def test_track_and_type_are_two_filters(write, runner, cli):
    events = [
        xml_event("Kernel Talk", "10:00", track="Kernel", type="lecture"),
        xml_event("A Workshop", "11:00", type="workshop"),
    ]
    path = write(congress_xml({"2014-12-27": events}, _BERLIN))
    for option, wanted, titles in (
        ("--track", "kernel", ["Kernel Talk"]),
        ("--type", "workshop", ["A Workshop"]),
        ("--type", "kernel", []),
    ):
        result = run(runner, cli, "sessions", "--schedule", path, option, wanted, "--json")
        assert [s["title"] for s in json.loads(result.stdout)] == titles


def test_show_prints_subtitle_track_and_link(write, runner, cli):
    event = xml_event(
        "Reproducible Builds",
        "10:00",
        subtitle="Beyond One Builder",
        track="Security",
        type="lecture",
        url="https://example.org/talk/1",
        abstract="&lt;p&gt;A &lt;b&gt;bold&lt;/b&gt; plan&lt;/p&gt;",
    )
    path = write(congress_xml({"2014-12-27": [event]}, _BERLIN))
    result = run(runner, cli, "show", "reproducible", "--schedule", path)
    assert result.exit_code == 0, result.output
    for text in ("Beyond One Builder", "Security", "lecture", "https://example.org/talk/1", "A bold plan"):
        assert text in result.output
    assert "<b>" not in result.output and "<p>" not in result.output


def test_html_to_text_keeps_paragraphs_lists_and_links():
    text = html_to_text(
        '<p>Why:</p><ul><li>one</li><li>two</li></ul><p><a href="https://a.org">https://a.org</a></p>'
    )
    assert text == "Why:\n\n  * one\n  * two\n\nhttps://a.org"
    assert html_to_text("a < b and c > d") == "a < b and c > d"


def test_json_fields_and_do_not_record(write):
    data = {
        "schedule": {
            "conference": {
                "title": "C",
                "time_zone_name": "Europe/Berlin",
                "days": [
                    {
                        "index": 1,
                        "date": "2025-10-24",
                        "day_start": "2025-10-24T06:00:00+02:00",
                        "day_end": "2025-10-25T05:59:00+02:00",
                        "rooms": {
                            "Saal 1": [
                                {
                                    "guid": "g1",
                                    "date": "2025-10-25T00:30:00+02:00",
                                    "start": "00:30",
                                    "duration": "00:30",
                                    "title": "Night \ud800 Talk",
                                    "subtitle": "A Subtitle",
                                    "track": "Art",
                                    "type": "Talk",
                                    "language": "de",
                                    "url": "https://example.org/1",
                                    "do_not_record": True,
                                    "persons": [{"public_name": "Ada"}],
                                }
                            ]
                        },
                    }
                ],
            }
        }
    }
    path = write(json.dumps(data), "schedule.json")
    [talk] = load_schedule(path).sessions
    assert (talk.title, talk.subtitle, talk.track, talk.type) == (
        "Night \ufffd Talk",
        "A Subtitle",
        "Art",
        "Talk",
    )
    assert (talk.day, talk.recorded, talk.language, talk.url) == (
        dt.date(2025, 10, 24),
        False,
        "de",
        "https://example.org/1",
    )


# -- schedule2 -------------------------------------------------------------------------


def schedule2(events: list[dict], days=None) -> dict:
    return {
        "$schema": "https://c3voc.de/schedule/schema2.json",
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "c",
                "title": "38C3",
                "time_zone_name": "Europe/Berlin",
                "tracks": [{"name": "Hardware & Making", "slug": "hardware-making"}],
                "rooms": [
                    {"name": "Saal GLITCH", "guid": "r1", "features": {"recording": "recording_forbidden"}}
                ],
                "days": days
                or [
                    {
                        "index": 1,
                        "date": "2024-12-27",
                        "start": "2024-12-27T06:00:00+01:00",
                        "end": "2024-12-28T06:00:00+01:00",
                    },
                    {
                        "index": 2,
                        "date": "2024-12-28",
                        "start": "2024-12-28T06:00:00+01:00",
                        "end": "2024-12-29T06:00:00+01:00",
                    },
                ],
            },
            "events": events,
        },
    }


def test_schedule2_days_tracks_rooms_and_participants(write, runner, cli):
    events = [
        {
            "guid": "e1",
            "start": "2024-12-28T00:15:00+01:00",
            "end": "2024-12-28T00:55:00+01:00",
            "room": {"guid": "r1"},
            "title": "A Time-Trial AI",
            "subtitle": None,
            "track": {"slug": "hardware-making"},
            "type": "TALK",
            "language": "en",
            "abstract": {"en": "<p>An <em>AI</em> drives.</p>", "de": "Eine KI fährt."},
            "url": "https://example.org/e1",
            "participants": [{"name": "Sebastian", "role": "SPEAKER"}],
        },
        {
            "guid": "e2",
            "start": "2024-12-28T11:00:00+01:00",
            "end": "2024-12-28T12:00:00+01:00",
            "room": {"name": "Saal 1", "guid": "r2"},
            "title": "Day Two",
            "track": "Science",
            "type": "TALK",
            "participants": [],
        },
    ]
    path = write(json.dumps(schedule2(events)), "hub.json")
    schedule = load_schedule(path)
    night, day2 = schedule.sessions
    assert (night.day, night.room if hasattr(night, "room") else night.location.room) == (
        dt.date(2024, 12, 27),
        "Saal GLITCH",
    )
    assert (night.track, night.type, night.recorded) == ("Hardware & Making", "TALK", False)
    assert night.description == "An AI drives."
    assert [p.name for p in night.speakers] == ["Sebastian"]
    assert (night.end - night.start) == dt.timedelta(minutes=40)
    assert (day2.day, day2.location.room, day2.track, day2.recorded) == (
        dt.date(2024, 12, 28),
        "Saal 1",
        "Science",
        None,
    )
    result = run(runner, cli, "sessions", "--schedule", path, "--day", "1", "--json")
    assert [s["title"] for s in json.loads(result.stdout)] == ["A Time-Trial AI"]


def test_schedule2_is_read_even_when_its_layout_shows_late(write):
    # The tell-tale ``events`` list after 8 KB of tracks and no $schema: the JSON reader hands it over.
    data = schedule2(
        [
            {
                "guid": "e1",
                "start": "2024-12-27T12:00:00+01:00",
                "end": "2024-12-27T13:00:00+01:00",
                "room": {"name": "Saal 1"},
                "title": "Late Layout",
                "participants": [],
            }
        ]
    )
    del data["$schema"]
    data["schedule"]["conference"]["tracks"] += [{"name": f"Track {i}", "slug": f"t{i}"} for i in range(400)]
    [session] = load_schedule(write(json.dumps(data), "late.json")).sessions
    assert session.title == "Late Layout"


# -- hostile input (issue 15) -----------------------------------------------------------


def test_prolog_scanner_is_linear_and_finds_the_root():
    comments = "<!-- c -->\n" * 20000
    prolog = scan_prolog(f"<?xml version='1.0'?>{comments}<schedule>")
    assert prolog.root == len(f"<?xml version='1.0'?>{comments}") and prolog.doctype == -1
    assert scan_prolog("<!-- a --><!DOCTYPE x>" * 3 + "<schedule/>").doctype == 10


def test_many_comments_before_the_schedule_read_fine(write):
    comments = "<!-- a comment line -->\n" * 40
    schedule = load_schedule(
        write(congress_xml({"2014-12-27": [xml_event("T", "11:00")]}, _BERLIN, prolog=comments))
    )
    assert len(schedule) == 1


@pytest.mark.parametrize("boms", ["\ufeff", "\ufeff\ufeff", "\ufeff\ufeff\ufeff"])
def test_a_doctype_behind_byte_order_marks_is_refused(write, runner, cli, boms):
    bomb = "<!DOCTYPE s [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
    text = congress_xml({"2014-12-27": [xml_event("&b;", "11:00")]}, _BERLIN).replace(
        "<schedule>", bomb + "<schedule>"
    )
    path = write(boms + text)
    assert_clean_failure(run(runner, cli, "sessions", "--schedule", path), "has a <!DOCTYPE> declaration")
    with pytest.raises(ScheduleError, match="DOCTYPE"):
        load_schedule(path)


def test_a_second_bom_without_doctype_still_reads(write):
    text = "\ufeff\ufeff" + congress_xml({"2014-12-27": [xml_event("T", "11:00")]}, _BERLIN)
    assert len(load_schedule(write(text))) == 1


def test_out_of_range_dates_are_a_clear_warning_or_error(write, runner, cli):
    events = [
        xml_event("Far Future", "23:00", date="9999-12-31T23:00:00+01:00", duration="02:00"),
        xml_event("Fine", "11:00"),
    ]
    path = write(congress_xml({"2014-12-27": events}, _BERLIN))
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Fine"]
    assert "out of the range" in schedule.warnings[0].message
    result = run(runner, cli, "sessions", "--schedule", path, "--strict")
    assert_clean_failure(result, "out of the range")
    lone = write(
        congress_xml({"9999-12-31": [xml_event("Last", "23:00", duration="02:00")]}, _BERLIN), "far.xml"
    )
    assert_clean_failure(run(runner, cli, "sessions", "--schedule", lone), "no session could be read")


def test_a_lone_surrogate_in_a_json_title_prints(write, runner, cli):
    text = json.dumps(
        {
            "schedule": {
                "conference": {
                    "title": "C\ud800",
                    "time_zone_name": "UTC",
                    "days": [
                        {
                            "index": 1,
                            "date": "2025-01-01",
                            "rooms": {
                                "R": [
                                    {
                                        "guid": "g",
                                        "date": "2025-01-01T10:00:00+00:00",
                                        "duration": "00:30",
                                        "title": "Bad \ud800 title",
                                    }
                                ]
                            },
                        }
                    ],
                }
            }
        }
    )
    assert "\\ud800" in text
    result = run(runner, cli, "sessions", "--schedule", write(text, "s.json"))
    assert result.exit_code == 0, result.output
    assert "Bad \ufffd title" in result.output


def test_a_5000_digit_number_is_a_clear_error(write, runner, cli):
    text = '{"schedule": {"conference": {"title": "C", "days": [], "x": ' + "9" * 5000 + "}}}"
    result = run(runner, cli, "sessions", "--schedule", write(text, "n.json"))
    assert_clean_failure(result, "holds a number of 5,000 digits")


@pytest.mark.parametrize("layout", ["schedule", "schedule2"])
def test_out_of_range_json_dates_are_a_clear_error(write, runner, cli, layout):
    far = {"guid": "g", "title": "Far", "room": "R", "persons": [], "participants": []}
    if layout == "schedule":
        far |= {"date": "9999-12-31T23:00:00+01:00", "duration": "02:00"}
        data = {
            "schedule": {
                "conference": {
                    "title": "C",
                    "time_zone_name": "Europe/Berlin",
                    "days": [{"index": 1, "date": "9999-12-31", "rooms": {"R": [far]}}],
                }
            }
        }
    else:
        far |= {"start": "9999-12-31T23:00:00-05:00", "end": "9999-12-31T23:30:00-05:00"}
        data = schedule2([far])
    result = run(runner, cli, "sessions", "--schedule", write(json.dumps(data), "far.json"))
    assert_clean_failure(result, "no session could be read")


def test_the_paragraph_fast_path_gives_inscriptis_text():
    import xml.etree.ElementTree as ET

    from planner.readers.html_text import looks_like_html

    corpus = Path(__file__).parent / "data" / "corpus"
    texts = [
        "".join(e.itertext())
        for name in ("fosdem-2025-excerpt.xml", "fosdem-2019-excerpt.xml")
        for e in ET.parse(corpus / name).getroot().iter()
        if e.tag in ("abstract", "description") and looks_like_html("".join(e.itertext()))
    ]
    texts.append('<p>See <a href="https://x.org/a">the <b>page</b></a>,\n   and   more.</p>\n<p>Second.</p>')
    assert len(texts) > 10
    for text in texts:
        # A leading empty <div> is no paragraph: it sends the text through inscriptis.
        assert html_to_text(text) == html_to_text("<div></div>" + text)


def test_agenda_lists_a_night_talk_under_its_conference_day(write, runner, cli, tmp_path):
    path = write(
        congress_xml(
            {
                "2014-12-27": [xml_event("Opening", "11:00"), xml_event("Citizenfour", "00:00", "02:15")],
                "2014-12-28": [xml_event("Day Two Talk", "11:00")],
            },
            _BERLIN + "<day_change>06:00</day_change>",
        )
    )
    common = ("--schedule", path, "--agenda", tmp_path / "a.yaml")
    assert run(runner, cli, "pick", "opening", "citizenfour", "day two", *common).exit_code == 0
    text = run(runner, cli, "agenda", *common).stdout
    saturday, sunday = text.split("Sunday 28 December 2014")
    assert "Citizenfour" in saturday and "Day Two Talk" in sunday


def test_each_json_layout_sniffs_as_one_reader():
    from planner.readers import READERS, reader_names

    reader_names()  # loads every format module
    corpus = Path(__file__).parent / "data" / "corpus"
    for name, expected in (
        ("c3voc-hub-schedule2.json", "schedule2-json"),
        ("pretalx-democon-excerpt.json", "pretalx-json"),
    ):
        head = (corpus / name).read_text(encoding="utf-8")[:8192]
        assert [n for n, cls in sorted(READERS.items()) if cls().sniff(head)] == [expected]


def test_offsets_and_a_city_name_the_zone_when_they_agree(write):
    events = [xml_event("T", "10:00", date="2025-02-01T10:00:00+01:00")]
    agree = load_schedule(write(congress_xml({"2025-02-01": events}, "<city>Brussels</city>"), "a.xml"))
    assert agree.timezone == "Europe/Brussels"
    assert agree.sessions[0].start.isoformat() == "2025-02-01T10:00:00+01:00"
    [warning] = agree.warnings
    assert "Europe/Brussels" in warning.message and "Etc/" not in warning.message
    events = [xml_event("T", "10:00", date="2025-02-01T10:00:00+05:00")]
    disagree = load_schedule(write(congress_xml({"2025-02-01": events}, "<city>Brussels</city>"), "b.xml"))
    assert disagree.timezone == "UTC+05:00"
    assert disagree.sessions[0].start.isoformat() == "2025-02-01T10:00:00+05:00"
