"""The agenda records the zone a feed's times are shown in, when it was chosen
(``--tz``) or guessed, so later commands and exports use it (issue 11); showing
the same moments in another zone never bumps an event's SEQUENCE."""

from __future__ import annotations

from pathlib import Path

from icalendar import Calendar

from conftest import run
from planner.agenda_file import AgendaFile

DATA = Path(__file__).parent / "data"
# A real Sched feed: UTC times, no city in its locations (see its PROVENANCE file).
CRUISE = DATA / "jococruise2024-sched-excerpt.ics"


def sequences(path: Path) -> dict[str, int]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["SUMMARY"]): int(e.get("SEQUENCE", 0)) for e in calendar.walk("VEVENT")}


def test_a_zone_given_at_pick_is_recorded_and_used_later(runner, cli, tmp_path):
    agenda = tmp_path / "cruise.yaml"
    picked = run(runner, cli, "pick", "speed meeting", "-s", CRUISE, "--tz", "America/New_York", "-a", agenda)
    assert picked.exit_code == 0, picked.output
    assert AgendaFile(agenda).load().timezone == "America/New_York"
    shown = run(runner, cli, "agenda", "-a", agenda)
    # 18:30 UTC on 9 March 2024 is 13:30 in New York (EST: the clocks change on the 10th).
    assert "Speed Meeting" in shown.stdout and "13:30–15:00" in shown.stdout
    assert "showing times in UTC" not in shown.stderr
    exported = run(runner, cli, "export", "-a", agenda, "-o", tmp_path / "c.ics")
    assert exported.exit_code == 0
    assert "DTSTART;TZID=America/New_York:" in (tmp_path / "c.ics").read_text(encoding="utf-8")


def test_another_zone_for_the_same_moments_is_no_change(runner, cli, tmp_path):
    agenda = tmp_path / "cruise.yaml"
    run(runner, cli, "pick", "speed meeting", "-s", CRUISE, "--tz", "America/New_York", "-a", agenda)
    first = tmp_path / "a.ics"
    run(runner, cli, "export", "-a", agenda, "-o", first)
    text = agenda.read_text(encoding="utf-8").replace("timezone: America/New_York", "timezone: Europe/Paris")
    agenda.write_text(text, encoding="utf-8")
    run(runner, cli, "export", "-a", agenda, "-o", first)
    assert "TZID=Europe/Paris" in first.read_text(encoding="utf-8")
    assert set(sequences(first).values()) == {0}


def test_a_zone_the_file_states_is_not_written_into_the_agenda(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    assert run(runner, cli, "pick", "keda", "-a", agenda).exit_code == 0
    assert "timezone:" not in agenda.read_text(encoding="utf-8")
