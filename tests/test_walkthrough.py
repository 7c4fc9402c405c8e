"""A day at a multi-day foreign conference, played through the CLI as a new user would.

FOSDEM 2025 (the excerpt in tests/data/corpus: two days in Brussels, devroom
tracks, slots that rarely align): browse, pick, maybe, drop, agenda, next at
several moments, update with a moved, a renamed, a cancelled and a new session,
export. Every output is checked for what it says and for fitting 80 columns.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest
from wcwidth import wcswidth

from conftest import run

FOSDEM = Path(__file__).parent / "data" / "corpus" / "fosdem-2025-excerpt.xml"
WIDTH = 80


def fits(text: str, width: int = WIDTH) -> str:
    """``text``, after checking that no line is wider than ``width`` display cells."""
    for line in text.splitlines():
        assert wcswidth(line) <= width, f"{wcswidth(line)} columns: {line!r}"
    return text


@pytest.fixture
def day(runner, cli, tmp_path, monkeypatch):
    """``planner ARGS`` in a fresh folder holding fosdem.xml, at 80 columns: its stdout,
    checked for width; the result when ``result=True``."""
    shutil.copy(FOSDEM, tmp_path / "fosdem.xml")
    monkeypatch.chdir(tmp_path)

    def planner(*args, code: int = 0, result: bool = False, stdin: str | None = None):
        done = run(runner, cli, *args, env={"COLUMNS": str(WIDTH)}, input=stdin)
        assert done.exit_code == code, (args, done.output)
        fits(done.stdout)
        return done if result else done.stdout

    return planner


def second_version(folder: Path) -> Path:
    """FOSDEM as it changed: the GCC welcome moved to 16:00, the accessibility talk
    renamed, the state of Go cancelled, a new lightning talk in its place."""
    text = (folder / "fosdem.xml").read_text(encoding="utf-8")
    gcc = text.index("<title>Welcome to the GCC (GNU Toolchain) devroom</title>")
    start = text.rindex("<start>15:00</start>", 0, gcc)
    text = text[:start] + "<start>16:00</start>" + text[start + len("<start>15:00</start>") :]
    text = text.replace(
        "T15:00:00+01:00</date>\n        <start>16:00", "T16:00:00+01:00</date>\n        <start>16:00"
    )
    text = text.replace(
        "Top Accessibility Errors Found in Open Source Through Automated Testing",
        "Top Accessibility Errors Found in Open Source",
    )
    go = text.index('<event guid="10fe3dac')
    end = text.index("</event>", go) + len("</event>")
    cancelled = text[go:end]
    new = (
        cancelled.replace("10fe3dac-5ae0-526e-b23a-e5fac70816ee", "10fe3dac-5ae0-526e-b23a-e5fac70816ff")
        .replace('id="5353"', 'id="9999"')
        .replace("The state of Go", "Go generics in practice")
    )
    path = folder / "fosdem-v2.xml"
    path.write_text(text[:go] + new + text[end:], encoding="utf-8")
    return path


def test_a_day_at_fosdem(day, tmp_path):
    # Browse: both days under their headings, the devroom as the track, end times kept.
    listing = day("sessions", "--schedule", "fosdem.xml")
    assert "Saturday 1 February 2025" in listing and "Sunday 2 February 2025" in listing
    assert "(until 10:55)" in listing and "(until 11:00)" in listing
    assert "Geospatial" in listing
    go = day("sessions", "--schedule", "fosdem.xml", "--track", "go")
    assert "The state of Go" in go and "MapTCHA" not in go

    # Pick, from the schedule given once; the agenda remembers it from then on.
    assert "Picked" in day("pick", "--schedule", "fosdem.xml", "the state of go")
    assert "MapTCHA" in day("show", "maptcha")  # the agenda's schedule, not the bundled day
    maybe = day("pick", "maptcha", "--maybe")
    assert "↔ backup for The state of Go" in maybe
    again = day("pick", "the state of go")
    assert "Already picked" in again and "↔ has a backup: MapTCHA" in again
    day("pick", "callee-saved", "welcome to the gcc", "top accessibility")
    assert "not in the agenda" in day("drop", "devroom welcome", code=2, result=True).stderr
    assert "Dropped" in day("drop", "maptcha")

    # The picks, marked in the list, and the agenda by day.
    picked = day("sessions", "--picked")
    assert picked.count("must") == 4 and "MapTCHA" not in picked
    agenda = day("agenda")
    assert "4 picks" in agenda and "Sunday 2 February 2025" in agenda
    assert "✗ overlaps The state of Go" in agenda
    sunday = day("agenda", "--day", "sunday")
    assert "Top Accessibility" in sunday and "The state of Go" not in sunday
    assert "has no Friday" in day("agenda", "--day", "friday", code=2, result=True).stderr

    # Next, at several moments.
    before = day("next", "--day", "1", "--at", "09:00")
    assert "the conference starts Sat 1 Feb at 10:30" in before and "Next at 10:30" in before
    overlap = day("next", "--day", "1", "--at", "10:32")
    assert "Next at 10:35" in overlap and "A New Approach to Callee-Saved" in overlap
    assert "before" in overlap and "ends: leave it early" in overlap
    between = day("next", "--day", "1", "--at", "12:00")
    assert "free; last at" in between and "Next at 15:00" in between
    evening = day("next", "--day", "1", "--at", "16:00")
    assert "Next on Sunday 2 February 2025, at 09:00" in evening
    morning = day("next", "--day", "2", "--at", "08:30")
    assert "free since Sat 1 Feb" in morning and "last at" not in morning  # not "last at" of yesterday
    over = day("next", "--day", "2", "--at", "12:00")
    assert "The conference is over: it ended Sun 2 Feb at 09:25." in over

    # The schedule changes.
    v2 = second_version(tmp_path)
    update = day("update", v2, code=1)
    assert "moved" in update and "renamed" in update and "cancelled" in update
    assert "New in the schedule (1)" in update and "Go generics in practice" in update
    applied = day("update", v2, "--apply", code=1)
    assert "removed 1 cancelled pick" in applied and "it now follows" in applied
    after = day("agenda")
    assert "16:00–16:05" in after and "The state of Go" not in after
    assert "Top Accessibility Errors Found in Open Source" in after

    # And into the calendar.
    assert "Wrote 3 events" in day("export", "-o", "fosdem.ics")
    calendar = icalendar.Calendar.from_ical((tmp_path / "fosdem.ics").read_bytes())
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert len(summaries) == 3 and any("Callee-Saved" in s for s in summaries)
