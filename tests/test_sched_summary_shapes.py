"""Sched feeds as they really are (issue 20): speakers in SUMMARY by the same grammar as
the text scrape, the shapes that used to fail, a title kept whole when the grammar is not
sure (counted in ``planner check``), a `` - `` tail that is a place, and HTML entities.
"""

from __future__ import annotations

import json

from conftest import by_title, run
from planner import load_schedule
from test_sched_formats import write_feed

HEADER = ("PRODID:-//Sched.com Shapes Conf 2025//EN", "X-WR-TIMEZONE:UTC", "X-WR-CALNAME:Shapes Conf")


def _events(*pairs: tuple[str, str]) -> list[str]:
    lines: list[str] = []
    for hour, (summary, place) in enumerate(pairs):
        lines += [
            "BEGIN:VEVENT",
            f"UID:e{hour}@test",
            f"DTSTART:20250601T{8 + hour:02d}0000Z",
            f"DTEND:20250601T{8 + hour:02d}3000Z",
            "SUMMARY:" + summary.replace(",", "\\,"),
            "LOCATION:" + place.replace(",", "\\,"),
            "END:VEVENT",
        ]
    return lines


SHAPES = [
    ("Opening - Ana Lima, Acme Corp & Bo Chen, Initech", "Room 1, Lisbon, Portugal"),
    ("Scaling - Part Two - Tools, People and Culture - Ana Lima, Acme", "Room 1, Lisbon, Portugal"),
    ("Quick Wins - Rowan, Acme", "Room 2, Lisbon, Portugal"),
    ('Aces High - Ana "Ace" Lima, Acme', "Room 2, Lisbon, Portugal"),
    ("Docs Day - Ana Lima, Contributor", "Room 2, Lisbon, Portugal"),
    ("Shore Excursion - Belem", "Belem, Lisbon, Portugal"),
    ("Panel - Ana Lima, Bo Chen & Cy Dorr, Initech", "Room 1, Lisbon, Portugal"),
    ("Mystery - Ana Lima, Dee Fox & Cy Dorr, Initech", "Room 1, Lisbon, Portugal"),
    ("Fish &amp; Chips&nbsp;Social - Ana Lima, Acme", "Lagoon Bar&nbsp;, Lisbon, Portugal"),
]


def people(session) -> list[tuple[str, str | None]]:
    return [(p.name, p.affiliation) for p in session.speakers]


def test_the_shapes_of_real_sched_summaries(tmp_path):
    schedule = load_schedule(write_feed(tmp_path, *HEADER, *_events(*SHAPES)))
    assert people(by_title(schedule, "Opening")) == [("Ana Lima", "Acme Corp"), ("Bo Chen", "Initech")]
    assert people(by_title(schedule, "Scaling - Part Two - Tools, People and Culture")) == [
        ("Ana Lima", "Acme")
    ]
    assert people(by_title(schedule, "Quick Wins")) == [("Rowan", "Acme")]
    assert people(by_title(schedule, "Aces High")) == [('Ana "Ace" Lima', "Acme")]
    assert people(by_title(schedule, "Docs Day")) == [("Ana Lima", "Contributor")]
    # A place, named in its LOCATION, is no speaker.
    assert by_title(schedule, "Shore Excursion - Belem").speakers == ()
    # Bo Chen is a person elsewhere in the feed: the whole panel is three people.
    assert people(by_title(schedule, "Panel")) == [
        ("Ana Lima", "Initech"),
        ("Bo Chen", "Initech"),
        ("Cy Dorr", "Initech"),
    ]
    # Dee Fox appears nowhere else: person or company, planner cannot tell. Title kept whole.
    assert by_title(schedule, "Mystery - Ana Lima, Dee Fox & Cy Dorr, Initech").speakers == ()
    [unsure] = [w for w in schedule.warnings if "kept whole" in w.message]
    assert unsure.message.startswith("1 title(s) kept whole") and not unsure.notice


def test_html_entities_are_decoded_once_at_the_edge(tmp_path):
    schedule = load_schedule(write_feed(tmp_path, *HEADER, *_events(*SHAPES)))
    social = by_title(schedule, "Fish & Chips Social")
    assert people(social) == [("Ana Lima", "Acme")]
    assert social.location.room == "Lagoon Bar"


def test_check_counts_what_planner_was_unsure_of(tmp_path, runner, cli):
    path = write_feed(tmp_path, *HEADER, *_events(*SHAPES))
    result = run(runner, cli, "check", "--schedule", str(path), "--json")
    assert result.exit_code == 0, result.output
    messages = [w["message"] for w in json.loads(result.stdout)["warnings"]]
    assert [m for m in messages if "kept whole" in m] == [
        "1 title(s) kept whole, speakers unread: planner cannot tell whether a name in them is a person "
        "or a company (first: 'Mystery - Ana Lima, Dee Fox & Cy Dorr, Initech')"
    ]


def test_a_real_sched_feed_reads_with_no_unsure_titles():
    from pathlib import Path

    data = Path(__file__).parent / "data"
    for name in ("kccncna2025-sched.ics", "jococruise2024-sched-excerpt.ics"):
        schedule = load_schedule(data / name)
        assert not [w for w in schedule.warnings if "kept whole" in w.message]
    cruise = load_schedule(data / "jococruise2024-sched-excerpt.ics")
    concert = next(s for s in cruise.sessions if s.title.startswith("Main Concert"))
    assert concert.title == "Main Concert (Gold Team) - Opening Night Concert" and concert.speakers == ()


def test_the_real_etls_feed_at_the_conference_clock_with_entities_decoded():
    from pathlib import Path

    schedule = load_schedule(Path(__file__).parent / "data" / "sched-etls-lasvegas-2025-excerpt.ics")
    assert schedule.timezone == "America/Los_Angeles"  # from its LOCATIONs' city, said once
    assert len([w for w in schedule.warnings if w.notice]) == 1
    opening = by_title(schedule, "Opening Remarks")
    assert (opening.start.isoformat(), opening.end.isoformat()) == (
        "2025-09-23T08:45:00-07:00",
        "2025-09-23T09:00:00-07:00",
    )
    assert (opening.location.room, opening.location.city) == ("Royal Ballroom", "Las Vegas, NV, USA")
    accelerator = by_title(schedule, "Team Leader Accelerator: Forge the Future You Envision")
    assert accelerator.day.isoformat() == "2025-09-22" and accelerator.end.hour == 17
    assert "&nbsp" not in accelerator.description and "\xa0" not in accelerator.description
    assert "Must be registered to attend." in accelerator.description
    assert "\n\nTransform Your Leadership:\n" in accelerator.description  # its line breaks kept
    breakfast = by_title(schedule, "Breakfast/Registration Open")
    assert breakfast.location.room is None and breakfast.location.city == "Las Vegas, NV, USA"
    assert schedule.warnings == tuple(w for w in schedule.warnings if w.notice)


def test_the_text_scrape_settles_a_name_by_the_rest_of_the_schedule(write_schedule):
    from conftest import block

    path = write_schedule(
        block(title="Panel", speakers="Ana Lima (Bo Chen & Cy Dorr, Initech)"),
        block(title="Solo", speakers="Bo Chen (Initech)", time="1:00pm EST - 1:30pm EST"),
        block(title="Pair", speakers="Di Eng (Red Hat & Fay Gu, Acme)", time="2:00pm EST - 2:30pm EST"),
    )
    schedule = load_schedule(path)
    # Bo Chen speaks on his own elsewhere: a person, not Ana's company.
    assert people(by_title(schedule, "Panel")) == [
        ("Ana Lima", "Initech"),
        ("Bo Chen", "Initech"),
        ("Cy Dorr", "Initech"),
    ]
    assert people(by_title(schedule, "Pair")) == [("Di Eng", "Red Hat"), ("Fay Gu", "Acme")]
