"""A schedule once read is kept, and used again only for the same bytes, options and code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import block
from planner.readers import kept, load_schedule
from planner.timezones import zone_name

DATA = Path(__file__).parent / "data"
# One file per reader, and the bundled day (None).
FILES = [
    None,
    DATA / "kubecon-na-2025-thursday-sched.ics",
    DATA / "jococruise2024-sched-excerpt.ics",
    DATA / "oid2025-schedule.ics",
    DATA / "oid2025-schedule.json",
    DATA / "oid2025-schedule.xml",
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name if p else "bundled")
def test_a_kept_copy_loads_the_schedule_it_was_made_from(path):
    read = load_schedule(path, kept=False)
    again = kept.loads(kept.dumps(read))
    assert again == read
    # Equal datetimes may still differ in their zone; these keep the zone, wall time and offset.
    for a, b in zip(read.sessions, again.sessions, strict=True):
        assert (a.start.isoformat(), a.end.isoformat()) == (b.start.isoformat(), b.end.isoformat())
        assert zone_name(a.start.tzinfo) == zone_name(b.start.tzinfo)
    assert again.warnings == read.warnings and again.by_id.keys() == read.by_id.keys()


def planner(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_a_new_process_loads_the_kept_copy_and_only_for_the_same_bytes(write_schedule):
    path = write_schedule(block("Opening Keynote"), block("Bad", time="eleven-ish"))
    first = planner("sessions", "--schedule", path, "--json")
    assert first.returncode == 0 and "Opening Keynote" in first.stdout
    copy = kept._path(str(path))
    # Edited by hand, the copy shows whether it was used or the file was read again.
    copy.write_text(copy.read_text().replace("Opening Keynote", "Edited Keynote"))
    second = planner("sessions", "--schedule", path, "--json")
    assert "Edited Keynote" in second.stdout
    # The reader's warnings come back with the copy.
    assert second.stderr == first.stderr
    # Other options, other bytes: read again.
    assert "Opening Keynote" in planner("sessions", "--schedule", path, "--json", "--tz", "UTC").stdout
    path.write_text(path.read_text() + "\n")
    assert "Opening Keynote" in planner("sessions", "--schedule", path, "--json").stdout


@pytest.mark.parametrize(
    "damage",
    [
        lambda header, body: header + b"\n" + body[: len(body) // 2],  # cut short
        lambda header, body: header + b"\n" + body.replace(b'"sessions"', b'"sesions"'),  # other layout
        lambda header, body: header.replace(b'"code":"', b'"code":"older') + b"\n" + body,  # other code
        lambda header, body: b"\x00\xff garbage",
    ],
    ids=["cut-short", "other-layout", "other-code", "garbage"],
)
def test_a_copy_that_does_not_match_is_ignored(write_schedule, damage):
    path = write_schedule(block("Opening Keynote"))
    load_schedule(path)
    copy = kept._path(str(path))
    header, _, body = copy.read_bytes().partition(b"\n")
    copy.write_bytes(damage(header, body.replace(b"Opening Keynote", b"Edited Keynote")))
    assert [s.title for s in load_schedule(path).sessions] == ["Opening Keynote"]


def test_an_unreadable_schedule_is_never_kept(write_schedule):
    path = write_schedule(block("Bad", time="eleven-ish"))
    with pytest.raises(Exception, match="no session could be read"):
        load_schedule(path)
    assert not kept._path(str(path)).exists()


def test_only_the_last_few_schedules_are_kept(write_schedule, monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(kept, "KEEP", 3)
    paths = [write_schedule(block(f"Talk {n}", venue=None)) for n in range(5)]
    for path in paths:
        load_schedule(path)
    left = {p.name for p in (tmp_path / "cache" / "parsed").iterdir()}
    assert left == {kept._path(str(p)).name for p in paths[-3:]}
