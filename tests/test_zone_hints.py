"""Zone hints a person would see (issue 20): a misspelt X-WR-TIMEZONE or TZID, a
``VTIMEZONE:`` written as a property, a GEO, a city in the calendar's or conference's
name. Each is used, said once, and ``--tz`` overrides it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import load_schedule
from test_frab_formats import congress_xml, xml_event

DATA = Path(__file__).parent / "data"


def _feed(tmp_path: Path, *header: str, start: str = "DTSTART:20250601T080000Z", extra: str = "") -> Path:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Example//Hand Made//EN",
        *header,
        "BEGIN:VEVENT",
        "UID:a",
        start,
        "DURATION:PT30M",
        "SUMMARY:Talk",
        "LOCATION:Room 1",
        *([extra] if extra else []),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    path = tmp_path / "feed.ics"
    path.write_text("\r\n".join(lines))
    return path


@pytest.mark.parametrize(
    ("header", "extra", "zone", "said"),
    [
        (("X-WR-TIMEZONE:Europe/Berln",), "", "Europe/Berlin", "'Europe/Berln', read as Europe/Berlin"),
        (("X-WR-TIMEZONE:america/new york",), "", "America/New_York", "read as America/New_York"),
        (("VTIMEZONE:Europe/Rome",), "", "Europe/Rome", None),
        ((), "GEO:50.8466;4.3528", "Europe/Brussels", "GEO 50.847;4.353 is near"),
        (("X-WR-CALNAME:PyData Amsterdam 2025",), "", "Europe/Amsterdam", "names Amsterdam"),
        (("X-WR-CALDESC:All sessions of DevFest Lisbon",), "", "Europe/Lisbon", "names Lisbon"),
    ],
)
def test_a_hint_gives_the_zone_and_is_said_once(tmp_path, header, extra, zone, said):
    path = _feed(tmp_path, *header, extra=extra)
    schedule = load_schedule(path)
    assert schedule.timezone == zone
    notices = [w.message for w in schedule.warnings if w.notice]
    if said is None:
        assert notices == []
    else:
        [notice] = notices
        assert said in notice and "--tz" in notice
    # --tz overrides, and nothing is guessed then.
    chosen = load_schedule(path, tz="Asia/Tokyo")
    assert chosen.timezone == "Asia/Tokyo" and not [w for w in chosen.warnings if w.notice]
    assert chosen.sessions[0].start == schedule.sessions[0].start


def test_a_misspelt_tzid_reads_its_times_in_the_zone_meant(tmp_path):
    path = _feed(tmp_path, start="DTSTART;TZID=Europe/Berln:20250601T100000")
    session = load_schedule(path).sessions[0]
    assert session.start.isoformat() == "2025-06-01T10:00:00+02:00"


def test_no_hint_at_all_is_utc_the_last_resort(tmp_path):
    schedule = load_schedule(_feed(tmp_path, "X-WR-CALNAME:PyCon 2025 All Events"))
    assert schedule.timezone == "UTC"
    [notice] = [w.message for w in schedule.warnings if w.notice]
    assert "showing times in UTC" in notice


def test_a_city_in_a_frab_conference_title_names_the_zone_when_the_offsets_agree(tmp_path):
    events = [xml_event("T", "10:00", date="2025-02-01T10:00:00+01:00")]
    path = tmp_path / "s.xml"
    path.write_text(
        congress_xml({"2025-02-01": events}).replace("<title>31C3</title>", "<title>DevFest Berlin</title>")
    )
    schedule = load_schedule(path)
    assert schedule.timezone == "Europe/Berlin"
    assert "names Berlin" in schedule.warnings[0].message
    path.write_text(congress_xml({"2025-02-01": [xml_event("T", "10:00", date="2025-02-01T10:00:00+05:00")]}))
    assert load_schedule(path).timezone == "UTC+05:00"


def test_the_real_pycon_excerpt_has_no_place_and_stays_utc():
    schedule = load_schedule(DATA / "ical-speakers-pycon-us-2025-excerpt.ics")
    assert schedule.timezone == "UTC"
    assert (
        load_schedule(DATA / "ical-speakers-pycon-us-2025-excerpt.ics", tz="US/Eastern")
        .sessions[0]
        .start.utcoffset()
        .total_seconds()
        == -4 * 3600
    )


@pytest.mark.parametrize(
    ("location", "zone"),
    [
        ("Orchid Ballroom\\, Parkstraat 12\\, 2514 JP Den Haag\\, Netherlands", "Europe/Amsterdam"),
        ("Hilton\\, 255 Courtland St NE\\, Atlanta\\, GA 30303\\, USA", "America/New_York"),
        ("Room 1\\, Austin\\, TX 78701", "America/Chicago"),
    ],
)
def test_a_venue_address_with_a_postal_code_names_the_zone(tmp_path, location, zone):
    path = _feed(tmp_path, "X-WR-TIMEZONE:UTC")
    path.write_text(path.read_text().replace("LOCATION:Room 1", f"LOCATION:{location}"))
    schedule = load_schedule(path)
    assert schedule.timezone == zone
    [notice] = [w.message for w in schedule.warnings if w.notice]
    assert "the venue is in" in notice


def test_an_unknown_zone_name_still_lets_the_place_say(tmp_path):
    path = _feed(tmp_path, "X-WR-TIMEZONE:Mars/Olympus")
    path.write_text(path.read_text().replace("LOCATION:Room 1", "LOCATION:Room 1\\, Lisbon\\, Portugal"))
    schedule = load_schedule(path)
    assert schedule.timezone == "Europe/Lisbon"
    [notice] = [w.message for w in schedule.warnings if w.notice]
    assert "unknown time zone 'Mars/Olympus'" in notice and "Lisbon" in notice
    alone = _feed(tmp_path, "X-WR-TIMEZONE:Mars/Olympus")
    assert load_schedule(alone).timezone == "UTC"
