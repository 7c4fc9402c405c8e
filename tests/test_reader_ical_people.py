"""Generic iCalendar feeds (issue 20): speakers from ATTENDEE/ORGANIZER and from a
``Speakers:`` line of the DESCRIPTION, none made up from a title; HTML entities
decoded once; events sharing one UID all kept.

The real excerpt is tests/data/ical-speakers-pycon-us-2025-excerpt.ics (provenance beside it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import by_title
from planner import load_schedule

PYCON = Path(__file__).parent / "data" / "ical-speakers-pycon-us-2025-excerpt.ics"


@pytest.fixture(scope="module")
def pycon():
    return load_schedule(PYCON)


def names(session) -> list[str]:
    return [p.name for p in session.speakers]


def test_pycon_speakers_come_from_the_speakers_line(pycon):
    assert names(by_title(pycon, "Looking At Audio")) == ["Łukasz Langa"]
    workshop = by_title(
        pycon, "Reviewing another year of security partnership between the PSF and Alpha-Omega"
    )
    assert names(workshop) == ["Seth Michael Larson", "Michael Winser", "Mike Fiedler"]
    assert names(by_title(pycon, "Lightning Talks")) == ["Abigail", "Chris", "Cristián", "Lorena"]
    assert names(by_title(pycon, "Or Else! An Exploration of Obscure Control Flow")) == ["Amethyst Reese"]


def test_pycon_title_is_never_a_speaker_list_and_kinds_become_types(pycon):
    keynote = by_title(pycon, "Keynote - Cory Doctorow")
    assert keynote.speakers == () and keynote.type == "plenary"
    assert {s.type for s in pycon.sessions} == {
        "talk",
        "plenary",
        "break",
        "lightning-talks",
        "sponsor-workshop",
    }
    assert not [s for s in pycon.sessions if s.title.startswith("[")]


def test_pycon_hand_checked_sample(pycon):
    audio = by_title(pycon, "Looking At Audio")
    assert (audio.start.isoformat(), audio.end.isoformat()) == (
        "2025-05-17T17:30:00+00:00",
        "2025-05-17T18:15:00+00:00",
    )
    assert audio.location.room == "Ballroom A"
    assert "<p>" not in audio.description and "&amp;" not in audio.description
    assert "Python 3.8 & 3.9 release manager" in audio.description
    # No zone and no place in the file: UTC, said once.
    assert pycon.timezone == "UTC"
    assert len([w for w in pycon.warnings if "UTC" in w.message]) == 1


def _feed(*events: str, prodid: str = "-//Example//Hand Made//EN") -> str:
    body = "".join(
        "BEGIN:VEVENT\r\n" + event.strip().replace("\n", "\r\n") + "\r\nEND:VEVENT\r\n" for event in events
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{prodid}\r\nX-WR-TIMEZONE:Europe/Rome\r\n{body}END:VCALENDAR\r\n"


def _event(title: str, uid: str = "u1", hour: int = 10, extra: str = "") -> str:
    return (
        f"UID:{uid}\nDTSTART:20250601T{hour:02d}0000Z\nDTEND:20250601T{hour:02d}3000Z\n"
        f"SUMMARY:{title}\nLOCATION:Room 1\n{extra}"
    )


def test_attendees_and_a_personal_organizer_are_speakers(tmp_path):
    path = tmp_path / "feed.ics"
    path.write_text(
        _feed(
            _event(
                "Panel",
                "a",
                extra='ORGANIZER;CN="Conf Team":mailto:team@example.org\n'
                "ATTENDEE;CN=Ana Lima;ROLE=CHAIR:mailto:ana@example.org\n"
                "ATTENDEE;CN=Bo Chen:mailto:bo@example.org",
            ),
            _event("Talk", "b", 11, extra='ORGANIZER;CN="Conf Team":mailto:team@example.org'),
        )
    )
    schedule = load_schedule(path)
    # The organizer of every event is the conference, not a speaker.
    assert names(by_title(schedule, "Panel")) == ["Ana Lima", "Bo Chen"]
    assert by_title(schedule, "Talk").speakers == ()


def test_an_inline_speakers_line_and_no_name_from_a_title(tmp_path):
    path = tmp_path / "feed.ics"
    path.write_text(
        _feed(
            _event("Intro - Ana Lima", "a", extra="DESCRIPTION:A talk.\\nSpeakers: Ana Lima & Bo Chen"),
            _event("Shore Excursion - Nassau", "b", 11),
            _event("Q&A", "c", 12, extra="DESCRIPTION:Speaker: this is not a name list at all."),
        )
    )
    schedule = load_schedule(path)
    assert names(by_title(schedule, "Intro - Ana Lima")) == ["Ana Lima", "Bo Chen"]
    assert by_title(schedule, "Shore Excursion - Nassau").speakers == ()
    assert by_title(schedule, "Q&A").speakers == ()


def test_html_entities_are_decoded_once(tmp_path):
    path = tmp_path / "feed.ics"
    path.write_text(
        _feed(
            _event(
                "Fish &amp; Chips &amp;lt;3",
                "a",
                extra="DESCRIPTION:Bring&nbsp;a friend &amp; a towel\nLOCATION:Lagoon&nbsp;Bar",
            ).replace("LOCATION:Room 1\n", "")
        )
    )
    [session] = load_schedule(path).sessions
    assert session.title == "Fish & Chips &lt;3"
    assert session.location.room == "Lagoon Bar"
    assert session.description == "Bring a friend & a towel"


def test_events_sharing_one_uid_are_all_kept(tmp_path):
    path = tmp_path / "feed.ics"
    path.write_text(_feed(*(_event(f"Talk {i}", "same-uid", 9 + i) for i in range(4))))
    schedule = load_schedule(path)
    assert sorted(s.title for s in schedule.sessions) == [f"Talk {i}" for i in range(4)]
    assert len({s.id for s in schedule.sessions}) == 4


def test_many_attendees_read_in_linear_work(tmp_path):
    import time

    # Each name was checked against a list of those before it: 50,000 attendees took 36 s of CPU.
    attendees = "\n".join(f"ATTENDEE;CN=Ana Lima{i}:mailto:a{i}@example.org" for i in range(30_000))
    crowd = tmp_path / "crowd.ics"
    crowd.write_text(_feed(_event("Panel", "a", extra=attendees)))
    before = time.process_time()
    [panel] = load_schedule(crowd, kept=False).sessions
    assert time.process_time() - before < 8  # about 1.5 s; quadratic work is about 15 s
    assert len(panel.speakers) == 30_000


def test_a_description_folded_over_many_lines_is_read_in_linear_work(tmp_path):
    import time

    # Each fold was added to the line so far, copying it again: a description folded over
    # 66,000 lines (4.9 MB) took 5 s of CPU, quadratic in its folds.
    text = "DESCRIPTION:" + "\\n".join(f"more words here {i}" for i in range(300_000))
    folded = "\n ".join(text[i : i + 73] for i in range(0, len(text), 73))
    path = tmp_path / "long.ics"
    path.write_text(_feed(_event("Talk", "a", extra=folded)))
    before = time.process_time()
    [talk] = load_schedule(path, kept=False).sessions
    assert time.process_time() - before < 8  # about 1 s; quadratic work is about 12 s
    assert talk.description.count("\n") == 299_999


def test_identical_sessions_cost_a_few_hashes_each(tmp_path, monkeypatch):
    import planner.readers as readers

    # Each copy tried every counter before it: 3,000 identical sessions took 11 s of CPU.
    calls = []
    real = readers.short_hash
    monkeypatch.setattr(readers, "short_hash", lambda text: calls.append(1) or real(text))
    copies = tmp_path / "copies.ics"
    copies.write_text(_feed(*(_event("Talk", f"u{i}") for i in range(1_000))))
    schedule = load_schedule(copies, kept=False)
    assert len({s.id for s in schedule.sessions}) == 1_000
    assert len(calls) <= 3 * 1_000
