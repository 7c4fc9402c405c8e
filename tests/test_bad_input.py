"""Bad schedule files: a clear message with file and line, exit code 2, never a traceback."""

from __future__ import annotations

import os

import pytest

from conftest import block
from planner import load_schedule
from planner.errors import ScheduleError


def run_sessions(runner, cli, path, *extra):
    return runner.invoke(cli, ["sessions", "--schedule", str(path), *extra])


def assert_clean_failure(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for fragment in fragments:
        assert fragment in result.stderr


def test_unreadable_time_is_skipped_with_a_warning(runner, cli, write_schedule):
    path = write_schedule(
        block(title="Good"), block(title="Bad", time="eleven-ish"), block(title="Also Good")
    )
    result = run_sessions(runner, cli, path)
    assert result.exit_code == 0
    assert f"{path}:8: skipped session 'Bad': unreadable time 'eleven-ish'" in result.stderr
    assert "Good" in result.stdout and "Also Good" in result.stdout
    assert "Bad" not in result.stdout


def test_strict_fails_on_the_first_bad_block(runner, cli, write_schedule):
    path = write_schedule(block(title="Good"), block(title="Bad", time="eleven-ish"))
    result = run_sessions(runner, cli, path, "--strict")
    assert_clean_failure(result, f"{path}:8: session 'Bad': unreadable time 'eleven-ish'")


def test_block_without_time(write_schedule):
    path = write_schedule(block(title="Good"), block(title="Timeless", time=None))
    schedule = load_schedule(path)
    assert [s.title for s in schedule.sessions] == ["Good"]
    assert [(w.line, w.message) for w in schedule.warnings] == [
        (7, "skipped session 'Timeless': no 'Time:' line")
    ]


def test_hour_out_of_range(write_schedule):
    path = write_schedule(block(title="Late", time="13:00pm EST - 2:00pm EST"))
    with pytest.raises(ScheduleError, match="13pm is not a 12-hour time"):
        load_schedule(path)


def test_unknown_zone_abbreviation_asks_for_tz(write_schedule):
    path = write_schedule(block(time="10:00am XYZ - 11:00am XYZ"))
    with pytest.raises(ScheduleError, match="unknown time zone 'XYZ'"):
        load_schedule(path)
    assert load_schedule(path, tz="Asia/Tokyo").sessions[0].start.utcoffset().total_seconds() == 9 * 3600


def test_unknown_tz_option(runner, cli):
    result = runner.invoke(cli, ["sessions", "--tz", "Mars/Olympus"])
    assert_clean_failure(result, "unknown time zone 'Mars/Olympus'")


def test_not_a_schedule(runner, cli, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list\n- eggs\n- milk\n", encoding="utf-8")
    assert_clean_failure(run_sessions(runner, cli, path), f"{path}:1: is not a schedule planner can read")


def test_empty_file(runner, cli, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n  \n", encoding="utf-8")
    assert_clean_failure(run_sessions(runner, cli, path), f"{path}:1: is empty")


def test_binary_garbage(runner, cli, tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(b"KubeCon#\nThursday#\n" + os.urandom(4096) + b"\x00\xff")
    assert_clean_failure(run_sessions(runner, cli, path), str(path), "binary")


def test_latin1_text_is_reported_with_its_line(runner, cli, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(("Conf#\nThursday, November 13, 2025#\n" + block(title="Caf\xe9")).encode("latin-1"))
    assert_clean_failure(run_sessions(runner, cli, path), f"{path}:3: is not UTF-8 text")


def test_fifty_megabyte_file(runner, cli, tmp_path):
    path = tmp_path / "huge.txt"
    chunk = block(title="Repeated").encode() * 1000
    with path.open("wb") as out:
        out.write(b"Conf#\nThursday, November 13, 2025#\n")
        while out.tell() < 50 * 1024 * 1024:
            out.write(chunk)
    assert_clean_failure(
        run_sessions(runner, cli, path),
        f"{path}:1: is 5",
        "MB; planner reads schedules up to 32 MB",
    )


def test_missing_file_and_folder(runner, cli, tmp_path):
    assert_clean_failure(run_sessions(runner, cli, tmp_path / "nope.txt"), "nope.txt: no such file")
    assert_clean_failure(run_sessions(runner, cli, tmp_path), "is a folder")


def test_no_day_line(runner, cli, write_schedule):
    path = write_schedule(block(title="Dayless"), header="Conf#\n")
    assert_clean_failure(run_sessions(runner, cli, path), f"{path}:2: no day line before the first session")


def test_field_outside_a_session(write_schedule):
    path = write_schedule(block(title="Fine"), header="Conf#\nThursday, November 13, 2025#\nType: KEYNOTE\n")
    schedule = load_schedule(path)
    assert len(schedule) == 1
    assert any(w.line == 3 and "'Type:' line outside any session" in w.message for w in schedule.warnings)
    with pytest.raises(ScheduleError, match="outside any session"):
        load_schedule(path, strict=True)


def test_only_bad_blocks(runner, cli, write_schedule):
    path = write_schedule(block(title="Bad", time="soon"), block(title="Worse", time="later"))
    assert_clean_failure(run_sessions(runner, cli, path), "no session could be read (2 problem(s)")


def test_unknown_format_name(runner, cli):
    result = runner.invoke(cli, ["sessions", "--format", "excel"])
    assert_clean_failure(result, "unknown schedule format 'excel'")
