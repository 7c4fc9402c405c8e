"""Real published schedules, read right: hand-checked keys of a sample of each.

The excerpts in tests/data/corpus/ are cut unchanged from the corpus files
(provenance in tests/data/corpus/README.md). Each key below was read off the
raw file by hand: the title without subtitle or speakers, start and end with
the conference's UTC offset, the room, the speaker list, the conference day.
When the whole corpus is beside the checkout (../shared/corpus), every event
of every file is read and counted per conference day as well.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from planner import load_schedule

DATA = Path(__file__).parent / "data" / "corpus"
CORPUS = next(
    (p for p in (Path(__file__).resolve().parents[n] / "shared" / "corpus" for n in (1, 2, 3)) if p.is_dir()),
    None,
)

# (file, title, start, end, room, speakers, conference day)
KEYS = [
    (
        "fosdem-2025-excerpt.xml",
        "A New Approach to Callee-Saved Registers in LLVM",
        "2025-02-01T10:35:00+01:00",
        "2025-02-01T11:00:00+01:00",
        "K.3.201",
        ["Mikhail Gudim"],
        "2025-02-01",
    ),
    (
        "fosdem-2025-excerpt.xml",
        "Welcome to the GCC (GNU Toolchain) devroom",
        "2025-02-01T15:00:00+01:00",
        "2025-02-01T15:05:00+01:00",
        "K.3.201",
        ["Jose E. Marchesi", "Thomas Schwinge", "Marc Poulhiès"],
        "2025-02-01",
    ),
    (
        "fosdem-2025-excerpt.xml",
        "Welcome to the Legal and Policy Issues DevRoom",
        "2025-02-01T10:30:00+01:00",
        "2025-02-01T10:35:00+01:00",
        "H.1301 (Cornil)",
        [
            "Tom Marble",
            "Richard Fontana",
            "Karen Sandler",
            "Matthias Kirschner",
            "Bradley M. Kuhn",
            "Alexander Sander",
        ],
        "2025-02-01",
    ),
    (
        "fosdem-2025-excerpt.xml",
        "Top Accessibility Errors Found in Open Source Through Automated Testing",
        "2025-02-02T09:00:00+01:00",
        "2025-02-02T09:25:00+01:00",
        "K.3.201",
        ["Raashi Saxena"],
        "2025-02-02",
    ),
    (
        "fosdem-2019-excerpt.xml",
        "Can Anyone Live in Full Software Freedom Today?",
        "2019-02-02T10:00:00+01:00",
        "2019-02-02T10:50:00+01:00",
        "Janson",
        ["Bradley M. Kuhn", "Karen Sandler"],
        "2019-02-02",
    ),
    (
        "fosdem-2019-excerpt.xml",
        "Matrix in the French State",
        "2019-02-02T14:00:00+01:00",
        "2019-02-02T14:50:00+01:00",
        "Janson",
        ["Matthew Hodgson"],
        "2019-02-02",
    ),
    (
        "fosdem-2019-excerpt.xml",
        "Welcome to the Open Source Design Collective!",
        "2019-02-02T10:30:00+01:00",
        "2019-02-02T10:50:00+01:00",
        "AW1.120",
        ["Bernard Tyers", "Open Source Design Collective"],
        "2019-02-02",
    ),
    (
        "fosdem-2019-excerpt.xml",
        "SSPL, Confluent License, CockroachDB License and the Commons Clause",
        "2019-02-03T09:00:00+01:00",
        "2019-02-03T09:50:00+01:00",
        "Janson",
        ["Michael Cheng"],
        "2019-02-03",
    ),
    # DemoCon names UTC as its zone and writes +01:00 dates: shown on the clock it names.
    (
        "pretalx-democon-excerpt.json",
        "Focused 5thgeneration hardware",
        "2020-12-14T08:00:00+00:00",
        "2020-12-14T08:30:00+00:00",
        "Gray Room",
        ["Brian Robinson"],
        "2020-12-14",
    ),
    (
        "pretalx-democon-excerpt.json",
        "Secured grid-enabled policy",
        "2020-12-14T10:30:00+00:00",
        "2020-12-14T12:00:00+00:00",
        "Tan Room",
        ["Amy Sanchez", "Teresa Terrell"],
        "2020-12-14",
    ),
    (
        "pretalx-democon-excerpt.json",
        "Enhanced dynamic interface",
        "2020-12-16T08:00:00+00:00",
        "2020-12-16T08:30:00+00:00",
        "Gray Room",
        ["Jonathan Conway"],
        "2020-12-16",
    ),
    (
        "c3voc-hub-schedule2.json",
        "38C3: Opening Ceremony",
        "2024-12-27T10:30:00+01:00",
        "2024-12-27T11:00:00+01:00",
        "Saal 1",
        ["Gabriela Bogk", "Aline Blankertz", "Senficon"],
        "2024-12-27",
    ),
    # 00:15 after the first evening: on day 1, which runs to 06:00.
    (
        "c3voc-hub-schedule2.json",
        "A Competitive Time-Trial AI for Need for Speed:",
        "2024-12-28T00:15:00+01:00",
        "2024-12-28T00:55:00+01:00",
        "Saal ZIGZAG",
        ["Sebastian Schwarz"],
        "2024-12-27",
    ),
    # 33C3 gives only +01:00 offsets: shown at the offset the file gives, not in UTC.
    (
        "33c3-frab-excerpt.xml",
        "33C3 Opening Ceremony",
        "2016-12-27T11:00:00+01:00",
        "2016-12-27T11:30:00+01:00",
        "Saal 1",
        ["anna", "elisa"],
        "2016-12-27",
    ),
    (
        "33c3-frab-excerpt.xml",
        "Nicht öffentlich.",
        "2016-12-28T00:15:00+01:00",
        "2016-12-28T01:15:00+01:00",
        "Saal 1",
        ["anna", "Kai Biermann", "Felix Betzin", "Elisabeth Pleß", "Johannes Wolf", "vieuxrenard"],
        "2016-12-27",
    ),
]


@pytest.fixture(scope="module")
def read():
    cache: dict[str, object] = {}

    def read(name: str):
        if name not in cache:
            cache[name] = load_schedule(DATA / name)
        return cache[name]

    return read


@pytest.mark.parametrize("key", KEYS, ids=[k[1][:40] for k in KEYS])
def test_hand_checked_keys(read, key):
    name, title, start, end, room, speakers, day = key
    [session] = [s for s in read(name).sessions if s.title == title]
    assert (session.start.isoformat(), session.end.isoformat()) == (start, end)
    assert session.location.room == room
    assert [p.name for p in session.speakers] == speakers
    assert session.day.isoformat() == day


def test_subtitles_stay_out_of_titles(read):
    fosdem = read("fosdem-2019-excerpt.xml")
    matrix = next(s for s in fosdem.sessions if s.title == "Matrix in the French State")
    assert matrix.subtitle == (
        "What happens when a government adopts open source & open standards for all its internal communication?"
    )
    hub = read("c3voc-hub-schedule2.json")
    ai = next(s for s in hub.sessions if s.title.startswith("A Competitive"))
    assert ai.subtitle == "Most Wanted Using Deep Reinforcement Learning"
    assert (ai.track, ai.type, ai.language) == ("Hardware & Making", "TALK", "en")


def test_fosdem_is_brussels_time_even_when_the_file_names_no_zone(read):
    new, old = read("fosdem-2025-excerpt.xml"), read("fosdem-2019-excerpt.xml")
    assert new.timezone == "Europe/Brussels" and new.warnings == ()
    # 2019 names no zone, only <city>Brussels</city>: the zone comes from the city, said once.
    assert old.timezone == "Europe/Brussels"
    [warning] = old.warnings
    assert "Europe/Brussels" in warning.message and "Brussels" in warning.message
    assert {s.start.utcoffset() for s in (*new.sessions, *old.sessions)} == {dt.timedelta(hours=1)}


def test_fosdem_track_is_the_devrooms_name_and_type_its_kind(read):
    # Issue 19/20: FOSDEM writes <track>LLVM</track><type>devroom</type>; two fields, never swapped.
    for name in ("fosdem-2025-excerpt.xml", "fosdem-2019-excerpt.xml"):
        sessions = read(name).sessions
        assert {s.type for s in sessions} <= {"devroom", "maintrack", "keynote", "lightningtalk"}
        assert not {s.track for s in sessions} & {"devroom", "maintrack", None}
    gcc = next(s for s in read("fosdem-2025-excerpt.xml").sessions if "GCC" in s.title)
    assert gcc.type == "devroom" and "GCC" in gcc.track


def test_33c3_offsets_only_is_the_wall_clock_said_once_and_exact_in_exports(read, tmp_path):
    from planner.export.ics_parts import calendar_time

    congress = read("33c3-frab-excerpt.xml")
    assert congress.timezone == "UTC+01:00"
    assert [w.message for w in congress.warnings] == [
        "the schedule gives only UTC+01:00; --tz Europe/Berlin names the zone"
    ]
    opening = congress.sessions[0]
    assert opening.start.tzname() == "UTC+01:00"  # what `planner show` prints beside the time
    # An export carries the instant, in UTC: a fixed offset is no VTIMEZONE of a place.
    assert calendar_time(opening.start, congress.timezone).isoformat() == "2016-12-27T10:00:00+00:00"
    named = load_schedule(DATA / "33c3-frab-excerpt.xml", tz="Europe/Berlin")
    assert named.timezone == "Europe/Berlin" and named.warnings == ()
    assert named.sessions[0].start == opening.start


def test_fosdem_abstracts_are_text_with_their_links(read):
    llvm = next(s for s in read("fosdem-2025-excerpt.xml").sessions if "Callee-Saved" in s.title)
    assert "<p>" not in llvm.description and "&lt;" not in llvm.description
    assert "https://github.com/llvm/llvm-project/pull/90819" in llvm.description
    assert llvm.url.startswith("https://fosdem.org/2025/schedule/event/fosdem-2025-6210-")
    assert (llvm.track, llvm.type, llvm.language) == ("LLVM", "devroom", "en")


# -- the whole corpus, when it is beside the checkout ------------------------------------


def _listed(path: Path) -> Counter:
    """Events per listed day, counted from the file itself, not by planner."""
    if path.suffix == ".xml":
        return Counter(
            {day.get("date"): len(day.findall("room/event")) for day in ET.parse(path).getroot().iter("day")}
        )
    schedule = json.loads(path.read_text(encoding="utf-8"))["schedule"]
    days = schedule["conference"]["days"]
    if "events" in schedule:
        counts: Counter = Counter()
        for event in schedule["events"]:
            start = dt.datetime.fromisoformat(event["start"])
            for day in days:
                if dt.datetime.fromisoformat(day["start"]) <= start < dt.datetime.fromisoformat(day["end"]):
                    counts[day["date"]] += 1
        return counts
    return Counter({day["date"]: sum(len(v) for v in day["rooms"].values()) for day in days})


@pytest.mark.skipif(CORPUS is None, reason="the shared corpus is not beside this checkout")
@pytest.mark.parametrize(
    "name",
    [
        "fosdem-2025-schedule.xml",
        "fosdem-2019-schedule.xml",
        "pretalx-democon-schedule.json",
        "c3voc-hub-schedule2.json",
        "33c3-frab-schedule.xml",
    ],
)
def test_every_event_read_on_its_conference_day(name):
    path = CORPUS / name
    schedule = load_schedule(path)
    assert Counter(s.day.isoformat() for s in schedule.sessions) == _listed(path)
    assert not [w for w in schedule.warnings if w.skipped]
    if name.startswith("fosdem"):
        assert {s.start.utcoffset() for s in schedule.sessions} == {dt.timedelta(hours=1)}
