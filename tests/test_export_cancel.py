"""A dropped pick's CANCELLED event keeps its place, as the sync's does (issue 21)."""

from __future__ import annotations

import shutil
from pathlib import Path

from icalendar import Calendar

from conftest import run

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"


def test_a_cancelled_event_keeps_its_location(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, agenda)
    out = tmp_path / "agenda.ics"
    assert run(runner, cli, "export", "-a", agenda, "-o", out).exit_code == 0
    (live,) = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if "8q2qm" in str(e["UID"])]
    assert run(runner, cli, "drop", "8q2qm", "-a", agenda).exit_code == 0
    assert run(runner, cli, "export", "-a", agenda, "-o", out, "--cancel-dropped").exit_code == 0
    (gone,) = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if "8q2qm" in str(e["UID"])]
    assert str(gone["STATUS"]) == "CANCELLED" and int(gone["SEQUENCE"]) == 1
    assert str(gone["LOCATION"]) == str(live["LOCATION"])
