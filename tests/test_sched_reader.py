"""The sched text reader on the bundled schedule and on each quirk of the scrape."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conftest import BUNDLED, block, sched_text
from planner import load_schedule
from planner.errors import ScheduleError
from planner.readers.sched_lines import _entries_walked, _top_level_entries, parse_speakers


def speakers_of(line: str) -> list[tuple[str, str | None]]:
    people, _ = parse_speakers(line)
    return [(p.name, p.affiliation) for p in people]


# -- the bundled schedule ---------------------------------------------------


def test_bundled_schedule_has_every_session_of_the_file(schedule):
    text = BUNDLED.read_text(encoding="utf-8")
    titles_in_file = [line for line in text.splitlines() if line.endswith("#")][2:]
    assert len(schedule) == len(titles_in_file) == 99
    assert schedule.name == "KubeCon + CloudNativeCon North America 2025"
    assert schedule.timezone == "America/New_York"
    assert schedule.days == [dt.date(2025, 11, 13)]


def test_bundled_schedule_reports_the_header_count_mismatch(schedule):
    assert schedule.declared_total == 101
    messages = [w.message for w in schedule.warnings]
    assert messages == ["the header says 'Total Sessions: 101' but 99 sessions were found"]


def test_a_session_has_every_field(schedule):
    keda = schedule.find("keda")
    assert keda.title == "Autoscaling Spring Boot Apps in Kubernetes With KEDA"
    assert keda.start.isoformat() == "2025-11-13T11:00:00-05:00"
    assert keda.end.isoformat() == "2025-11-13T11:30:00-05:00"
    assert [(p.name, p.affiliation) for p in keda.speakers] == [
        ("John Coyne", "Distinguished Engineer, Capital One")
    ]
    loc = keda.location
    assert (loc.building, loc.level, loc.room, loc.area, loc.city) == (
        "B",
        "4",
        "B406b-407",
        None,
        "Atlanta, GA, USA",
    )
    assert keda.type == "APPLICATION DEVELOPMENT"
    assert keda.description.startswith("The Horizonal Pod Autoscaler (HPA)")


def test_sessions_without_speakers_or_description(schedule):
    badge = schedule.find("badge pick-up")
    assert badge.speakers == ()
    assert badge.description is None
    assert badge.type == "REGISTRATION"
    assert badge.end - badge.start == dt.timedelta(hours=8)


def test_every_bundled_session_is_aware_and_ordered(schedule):
    starts = [s.start for s in schedule.sessions]
    assert starts == sorted(starts)
    for session in schedule.sessions:
        assert session.start.utcoffset() == dt.timedelta(hours=-5)
        assert session.end >= session.start
        assert session.location.city == "Atlanta, GA, USA"


def test_sessions_are_immutable(schedule):
    session = schedule.sessions[0]
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its ValidationError
        session.title = "changed"


# -- speakers: each artifact of the scrape ----------------------------------


def test_joint_speakers_share_one_affiliation():
    assert speakers_of("Tim Allclair & Mofi Rahman (Software Engineer, Google)") == [
        ("Tim Allclair", "Software Engineer, Google"),
        ("Mofi Rahman", "Software Engineer, Google"),
    ]


def test_joint_speakers_inside_a_list():
    line = (
        "Siyuan Zhang & Justin Santa Barbara (Software Engineer, Google); "
        "Wei Fu (Software Engineer, Microsoft)"
    )
    assert [name for name, _ in speakers_of(line)] == [
        "Siyuan Zhang",
        "Justin Santa Barbara",
        "Wei Fu",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Lucas Käldström (Upbound & Micah Hausler, AWS)",
            [("Lucas Käldström", "Upbound"), ("Micah Hausler", "AWS")],
        ),
        (
            "Ajay Sundar Karuppasamy (Google LLC & Itamar Holder, Red Hat)",
            [("Ajay Sundar Karuppasamy", "Google LLC"), ("Itamar Holder", "Red Hat")],
        ),
    ],
)
def test_pair_written_as_one_speaker_is_split(line, expected):
    assert speakers_of(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Clyde Seepersad (SVP & General Manager, Linux Foundation Education)",
        "Jesse Suen (Argo & Kargo Project Creator & Co-Founder & CTO, Akuity)",
        "Alexandre Gaudreault (Software Developer & Argo CD Maintainer, Intuit)",
        "Idit Levine (Founder & CEO, Solo.io)",
    ],
)
def test_an_ampersand_inside_a_job_title_is_not_a_pair(line):
    people = speakers_of(line)
    assert len(people) == 1
    assert people[0][1] == line[line.index("(") + 1 : -1]


def test_subtitle_pushed_into_speakers_goes_back_to_the_title():
    people, subtitle = parse_speakers(
        "The Problems With Feature Flagging and How To Avoid Them - "
        "Pete Hodgson (Software Delivery Consultant, PH1)"
    )
    assert subtitle == "The Problems With Feature Flagging and How To Avoid Them"
    assert [(p.name, p.affiliation) for p in people] == [
        ("Pete Hodgson", "Software Delivery Consultant, PH1")
    ]


def test_subtitle_with_an_ampersand_and_a_speaker_list():
    people, subtitle = parse_speakers(
        "What Zynga Monitors When Game Teams Perform World Wide Launches & How We Prepare - "
        "Molly Sheets (Director of Engineering, Kubernetes, Take-Two Interactive Software, Inc.); "
        "Justin Schwartz (Sr. Architect, Zynga)"
    )
    assert subtitle == "What Zynga Monitors When Game Teams Perform World Wide Launches & How We Prepare"
    assert [p.name for p in people] == ["Molly Sheets", "Justin Schwartz"]


def test_subtitle_then_a_pair():
    people, subtitle = parse_speakers("Where Are We Heading? - Orlin Vasilev (SUSE & Vadim Bauer, 8gears)")
    assert subtitle == "Where Are We Heading?"
    assert [(p.name, p.affiliation) for p in people] == [
        ("Orlin Vasilev", "SUSE"),
        ("Vadim Bauer", "8gears"),
    ]


@pytest.mark.parametrize(
    ("line", "subtitle", "expected"),
    [
        (
            "Intro (Updates, Model Distribution With Cloud Native Infra - Wenbo Qi & Tao Peng, Ant Group)",
            "Intro, Updates, Model Distribution With Cloud Native Infra",
            [("Wenbo Qi", "Ant Group"), ("Tao Peng", "Ant Group")],
        ),
        (
            "The Why (What and How of K8s Schedulers - Rahul Sharma); "
            "Wilfred Spiegelenburg (Principal Engineer, Cloudera)",
            "The Why, What and How of K8s Schedulers",
            [("Rahul Sharma", None), ("Wilfred Spiegelenburg", "Principal Engineer, Cloudera")],
        ),
    ],
)
def test_subtitle_split_at_its_comma_into_a_fake_affiliation(line, subtitle, expected):
    people, found = parse_speakers(line)
    assert found == subtitle
    assert [(p.name, p.affiliation) for p in people] == expected


def test_a_dash_inside_an_affiliation_is_kept():
    people, subtitle = parse_speakers("William Rizzo (Strategy Lead, Mirantis Inc - USA)")
    assert subtitle is None
    assert [(p.name, p.affiliation) for p in people] == [
        ("William Rizzo", "Strategy Lead, Mirantis Inc - USA")
    ]


def test_a_date_in_place_of_the_affiliation_is_dropped():
    people, subtitle = parse_speakers("Gustavo Carvalho (Thursday November 13, 2025 1:45pm - 3:00pm EST)")
    assert subtitle is None
    assert [(p.name, p.affiliation) for p in people] == [("Gustavo Carvalho", None)]


@pytest.mark.parametrize(
    ("line", "affiliation"),
    [
        ("David Ashpole (David Ashpole, Google)", "Google"),
        ("Hemant Kumar (Software Engineer, Red Hat, Red Hat)", "Software Engineer, Red Hat"),
        (
            "Kazuki Yamamoto (Software Research Engineer, NIPPON TELEGRAPH AND TELEPHONE CORPORATION(NTT))",
            "Software Research Engineer, NIPPON TELEGRAPH AND TELEPHONE CORPORATION(NTT)",
        ),
        ("Joe Lanford (Red Hat)", "Red Hat"),
    ],
)
def test_affiliation_cleanups(line, affiliation):
    assert speakers_of(line)[0][1] == affiliation


def test_unrepairable_text_is_kept_raw():
    # No person-like name after the dash: nothing is invented.
    people, subtitle = parse_speakers("Lightning Talks - 5 Minutes of Fame (Community)")
    assert subtitle is None
    assert [(p.name, p.affiliation) for p in people] == [("Lightning Talks - 5 Minutes of Fame", "Community")]


def test_repaired_titles_in_the_bundled_schedule(schedule):
    titles = {s.title for s in schedule.sessions}
    for title in (
        "Feature Flags Suck! - The Problems With Feature Flagging and How To Avoid Them",
        "Project Harbor Maintainers Update - Where Are We Heading?",
        "Dragonfly v2.3.0 - Intro, Updates, Model Distribution With Cloud Native Infra",
        "Optimized Scheduling for Big Data Workloads - The Why, What and How of K8s Schedulers",
        "Final Boss Fights - What Zynga Monitors When Game Teams Perform World Wide Launches "
        "& How We Prepare",
    ):
        assert title in titles


# -- times ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("time", "start", "end"),
    [
        ("11:00am EST - 11:30am EST", "11:00", "11:30"),
        ("12:00pm EST - 1:00pm EST", "12:00", "13:00"),
        ("11:30am EST - 12:15pm EST", "11:30", "12:15"),
        ("12:00am EST - 12:30am EST", "00:00", "00:30"),
        ("12:45pm EST - 1:15pm EST", "12:45", "13:15"),
        ("9am EST - 10am EST", "09:00", "10:00"),
        ("9:00 - 10:30am EST", "09:00", "10:30"),
        ("11:00 - 1:00pm EST", "11:00", "13:00"),
        ("14:00 - 15:30 EST", "14:00", "15:30"),
    ],
)
def test_time_ranges(write_schedule, time, start, end):
    session = load_schedule(write_schedule(block(time=time))).sessions[0]
    assert (f"{session.start:%H:%M}", f"{session.end:%H:%M}") == (start, end)


@pytest.mark.parametrize(
    ("abbreviation", "zone", "offset"),
    [
        ("EST", "America/New_York", -5),
        ("CST", "America/Chicago", -6),
        ("MST", "America/Denver", -7),
        ("PST", "America/Los_Angeles", -8),
        ("GMT", "Europe/London", 0),
        ("CET", "Europe/Berlin", 1),
        ("UTC", "UTC", 0),
    ],
)
def test_zone_abbreviations_in_november(write_schedule, abbreviation, zone, offset):
    path = write_schedule(block(time=f"10:00am {abbreviation} - 11:00am {abbreviation}"))
    schedule = load_schedule(path)
    assert schedule.timezone == zone
    assert schedule.sessions[0].start.utcoffset() == dt.timedelta(hours=offset)


@pytest.mark.parametrize(
    ("abbreviation", "offset"),
    [("EDT", -4), ("CDT", -5), ("MDT", -6), ("PDT", -7), ("BST", 1), ("CEST", 2)],
)
def test_summer_abbreviations_on_a_summer_day(write_schedule, abbreviation, offset):
    header = "Summer Conf#\nWednesday, July 16, 2025#\n"
    path = write_schedule(block(time=f"10:00am {abbreviation} - 11:00am {abbreviation}"), header=header)
    session = load_schedule(path).sessions[0]
    assert session.start.utcoffset() == dt.timedelta(hours=offset)
    assert session.start.date() == dt.date(2025, 7, 16)


def test_tz_option_overrides_the_abbreviation(write_schedule):
    path = write_schedule(block(time="10:00am EST - 11:00am EST"))
    schedule = load_schedule(path, tz="Europe/Paris")
    assert schedule.timezone == "Europe/Paris"
    assert schedule.sessions[0].start.isoformat() == "2025-11-13T10:00:00+01:00"


def test_an_abbreviation_that_contradicts_the_season_is_reported(write_schedule):
    header = "Summer Conf#\nWednesday, July 16, 2025#\n"
    schedule = load_schedule(write_schedule(block(time="10:00am EST - 11:00am EST"), header=header))
    assert any("times say EST but 2025-07-16 is in EDT" in w.message for w in schedule.warnings)


def test_a_range_that_ends_before_it_starts_is_an_error(write_schedule):
    path = write_schedule(block(title="Backwards", time="3:00pm EST - 2:00pm EST"), block(title="Fine"))
    with pytest.raises(ScheduleError) as error:
        load_schedule(path, strict=True)
    assert error.value.line == 4  # the Time: line
    assert "ends (14:00) before it starts (15:00)" in str(error.value)
    lenient = load_schedule(path)
    assert [s.title for s in lenient.sessions] == ["Fine"]


# -- venues -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("venue", "expected"),
    [
        (
            "Building B | Level 4 | B401-402, Atlanta, GA, USA",
            ("B", "4", "B401-402", None, "Atlanta, GA, USA"),
        ),
        (
            "Building B | Level 1 | Exhibit Hall B3-B5 | Learning Lounge, Atlanta, GA, USA",
            ("B", "1", "Exhibit Hall B3-B5", "Learning Lounge", "Atlanta, GA, USA"),
        ),
        ("Level 2 | Hall 7, Paris, France", (None, "2", "Hall 7", None, "Paris, France")),
        (
            "Building C | Georgia Ballroom 1, Atlanta, GA, USA",
            ("C", None, "Georgia Ballroom 1", None, "Atlanta, GA, USA"),
        ),
        ("Auditorium", (None, None, "Auditorium", None, None)),
        ("Building A | Lower Level | Room 1", ("A", "Lower", "Room 1", None, None)),
    ],
)
def test_venue_lines(write_schedule, venue, expected):
    loc = load_schedule(write_schedule(block(venue=venue))).sessions[0].location
    assert (loc.building, loc.level, loc.room, loc.area, loc.city) == expected


def test_a_session_without_venue_type_or_speakers_still_parses(write_schedule):
    session = load_schedule(write_schedule(block(venue=None, type_=None))).sessions[0]
    assert session.location.room is None
    assert session.type is None


def test_multi_line_description_is_kept_whole(tmp_path):
    file = tmp_path / "multi.txt"
    file.write_text(sched_text(block(description="First line.")) + "Second line.\n", encoding="utf-8")
    assert load_schedule(file).sessions[0].description == "First line.\nSecond line."


@given(st.text(alphabet="ab (;)", max_size=30))
@example("A (x; y); B")
@example("A ); B (x; y)")
@example("A (x)); B (y; z)")
@example("A )(; x")
def test_a_speakers_line_splits_the_same_with_or_without_the_shortcut(text):
    # The shortcut (each piece between two ";" closes what it opens) must split as the walk
    # over the parentheses does.
    assert _top_level_entries(text) == _entries_walked(text)


def test_a_header_count_against_one_session_says_one_was_found(write_schedule):
    path = write_schedule(block(title="Alone"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n", "\nTotal Sessions: 2\n", 1), encoding="utf-8")
    messages = [w.message for w in load_schedule(path).warnings]
    assert "the header says 'Total Sessions: 2' but 1 session was found" in messages, messages


def test_a_description_of_many_lines_is_read_in_linear_time(tmp_path):
    # Each further line was added to the text so far, copying it again: a description of
    # 200,000 lines (4.5 MB) took 14 s of CPU; joined once, it takes a fraction of a second.
    lines = 200_000
    file = tmp_path / "long.txt"
    more = "".join(f"words of line {i}\n" for i in range(lines))
    file.write_text(sched_text(block(description="First line.")) + more, encoding="utf-8")
    before = time.process_time()
    description = load_schedule(file).sessions[0].description
    spent = time.process_time() - before
    assert description.count("\n") == lines and description.endswith(f"line {lines - 1}")
    # Quadratic work is some 4e11 bytes copied here (minutes on any machine); linear, 4.5 MB.
    assert spent < 5.0


def test_a_title_line_without_its_hash_is_read_with_a_warning(write_schedule):
    path = write_schedule(block(title="Fine"), block(title="No Hash").replace("No Hash#", "No Hash"))
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Fine", "No Hash"]
    assert any("without a closing '#'" in w.message for w in schedule.warnings)


def test_several_days_in_one_file(tmp_path):
    file = tmp_path / "two-days.txt"
    file.write_text(
        "Conf#\nThursday, November 13, 2025#\n"
        + block(title="Day one")
        + "Friday, November 14, 2025#\n"
        + block(title="Day two"),
        encoding="utf-8",
    )
    schedule = load_schedule(file)
    assert [(s.title, s.day.isoformat()) for s in schedule.sessions] == [
        ("Day one", "2025-11-13"),
        ("Day two", "2025-11-14"),
    ]
