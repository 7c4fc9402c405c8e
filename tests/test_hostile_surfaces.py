"""Issue 25's classes held at the one place each input enters: YAML values no Python type
holds, the team file on the safe input path, escape sequences in agenda text, team
agendas kept beside the team file, writes into devices and FIFOs, $COLUMNS, a
20-digit session count, and the work `conflicts` does per clash.

Work is bounded by CPU time (``time.process_time``) or by a count, never the wall clock.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BUNDLED, block, run, sched_text
from planner.agenda_file import AgendaFile
from planner.errors import PlannerError
from planner.files import atomic_write
from planner.team.spec import TeamError, load_team_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_AGENDA = (ROOT / "examples" / "kubecon-thursday.yaml").read_text()
EXAMPLE_TEAM = (ROOT / "examples" / "team.yaml").read_text()
FIRST_START = "start: 2025-11-13T09:07:00-05:00"

# -- YAML values no Python type holds -----------------------------------------------------

BAD_VALUES = [
    ("2025-13-45", "month must be in 1..12"),
    ("2025-02-30", "day is out of range"),
    ("2025-02-30T09:00:00-05:00", "day is out of range"),
    ("1" * 5000, "not a valid int"),
    ("!!int abc", "not a valid int"),
]


@pytest.mark.parametrize(("value", "message"), BAD_VALUES)
def test_a_bad_yaml_value_in_an_agenda_is_one_line_and_exit_2(runner, cli, tmp_path, value, message):
    agenda = tmp_path / "a.yaml"
    agenda.write_text(EXAMPLE_AGENDA.replace(FIRST_START, f"start: {value}", 1))
    result = run(runner, cli, "agenda", "--agenda", agenda)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert f"{agenda}:17: not valid YAML" in result.stderr


@pytest.mark.parametrize(("value", "message"), BAD_VALUES)
def test_a_bad_yaml_value_in_a_team_file_names_its_line(tmp_path, value, message):
    team = tmp_path / "team.yaml"
    team.write_text(EXAMPLE_TEAM.replace("version: 1\n", f"version: 1\nwhen: {value}\n", 1))
    with pytest.raises(TeamError, match=message) as caught:
        load_team_spec(team)
    assert caught.value.line == 5


@pytest.mark.parametrize("kind", ["agenda", "team"])
@pytest.mark.parametrize("version", ["true", "1.0", "'1'"])
def test_version_must_be_the_integer_1(runner, cli, tmp_path, kind, version):
    text = EXAMPLE_AGENDA if kind == "agenda" else EXAMPLE_TEAM
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text.replace("\nversion: 1\n", f"\nversion: {version}\n", 1))
    argv = ["agenda", "--agenda", path] if kind == "agenda" else ["team", "plan", path]
    result = run(runner, cli, *argv)
    assert result.exit_code == 2
    assert "version" in result.stderr


# -- the team file takes the safe input path ----------------------------------------------


def _alias_bomb() -> str:
    lines = ["version: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bomb.yaml", _alias_bomb(), "aliases"),
        ("deep.yaml", "version: 1\nmembers: " + "[" * 100_000, "nests deeper"),
        (
            "deep-block.yaml",
            "version: 1\nmembers:\n" + "".join("  " * i + "- \n" for i in range(200)),
            "nests",
        ),
    ],
    ids=["alias-bomb", "deep-flow", "deep-block"],
)
def test_a_hostile_team_file_is_refused_quickly(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    began = time.process_time()
    with pytest.raises(TeamError, match=message):
        load_team_spec(path)
    assert time.process_time() - began < 5


def test_a_team_file_that_is_a_device_or_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "team.yaml"
    os.mkfifo(fifo)
    with pytest.raises(TeamError, match="pipe"):
        load_team_spec(fifo)  # opened without waiting for a writer
    with pytest.raises(TeamError, match="device"):
        load_team_spec("/dev/zero")


# -- escape sequences in agenda text ------------------------------------------------------

OSC52 = "\x1b]52;c;aGVsbG8=\x07"


def test_escapes_in_an_agenda_never_reach_the_terminal(runner, cli, tmp_path):
    agenda = tmp_path / "esc.yaml"
    agenda.write_text(
        "version: 1\nschedule: bundled:kubecon-na-2025-thursday\npicks:\n"
        '  - id: zzzzz\n    title: "Gone \\e]52;c;aGVsbG8=\\a talk"\n'
        "    start: 2025-11-13T11:00:00-05:00\n    end: 2025-11-13T11:30:00-05:00\n"
        '    room: "Room \\e[31mRED"\n'
        '  - id: ymmrs\n    title: "Keynote \\e]52;c;aGVsbG8=\\a"\n    room: "B2 \\e[2J"\n'
        '    note: "n \\e[2J"\n'
    )
    assert AgendaFile(agenda).load().picks[0].title == "Gone ]52;c;aGVsbG8= talk"
    for command in ("agenda", "conflicts", "gaps", "update"):
        result = run(runner, cli, command, "--agenda", agenda)
        assert "\x1b" not in result.output + result.stderr and "\x07" not in result.output, command


def test_escapes_in_a_path_an_agenda_names_are_not_printed(runner, cli, tmp_path):
    agenda = tmp_path / "s.yaml"
    agenda.write_text('version: 1\nschedule: "x\\e]52;c;aGk=\\a.txt"\npicks: []\n')
    result = run(runner, cli, "agenda", "--agenda", agenda)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert str(PlannerError(OSC52, path="a\x1bb")) == "ab: ]52;c;aGVsbG8="


# -- team agendas stay beside the team file -----------------------------------------------


@pytest.mark.parametrize("agenda", ["../outside.yaml", "/tmp/abs.yaml", "a/../../b.yaml", "C:/x.yaml"])
def test_a_team_file_cannot_send_an_agenda_elsewhere(runner, cli, tmp_path, agenda):
    folder = tmp_path / "team"
    folder.mkdir()
    team = folder / "team.yaml"
    team.write_text(f"version: 1\nmembers:\n  - name: ana\n    agenda: {agenda}\n")
    result = run(runner, cli, "team", "plan", team, "--save")
    assert result.exit_code == 2
    assert "beside the team file" in result.stderr
    assert not (tmp_path / "outside.yaml").exists()


def test_a_linked_folder_does_not_lead_a_team_agenda_out(runner, cli, tmp_path):
    folder, outside = tmp_path / "team", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (folder / "out").symlink_to(outside)
    team = folder / "team.yaml"
    team.write_text("version: 1\nmembers:\n  - name: ana\n    agenda: out/ana.yaml\n")
    result = run(runner, cli, "team", "plan", team, "--save")
    assert result.exit_code == 2
    assert "outside the team file" in result.stderr
    assert list(outside.iterdir()) == []


# -- writing into devices and FIFOs -------------------------------------------------------


def test_a_write_to_dev_null_leaves_it_a_device(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    agenda.write_text(EXAMPLE_AGENDA)
    for argv in (["export", "--agenda", agenda], ["export", "--all"], ["view", "--agenda", agenda]):
        result = run(runner, cli, *argv, "-o", "/dev/null")
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not list(Path("/dev").glob(".null.*"))


def test_a_write_to_a_fifo_goes_into_it(tmp_path):
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    # The read end is open first (non-blocking), so the write has its reader and fits the pipe.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, "BEGIN:VCALENDAR\n")
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert received == b"BEGIN:VCALENDAR\n"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_bytes_to_a_fifo_go_into_it_as_they_are(tmp_path):
    # A QR code's PNG or a diary's bytes to /dev/stdout: written as they are, not encoded again.
    fifo = tmp_path / "out.png"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, b"\x89PNG\r\n\x1a\n")
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert received == b"\x89PNG\r\n\x1a\n"


def test_a_fifo_nobody_reads_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    with pytest.raises(PlannerError, match="nobody reads"):
        atomic_write(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_folder_as_output_is_refused(tmp_path):
    with pytest.raises(PlannerError, match="is a folder"):
        atomic_write(tmp_path, "x")


def test_dev_stdout_writes_into_what_stdout_is(tmp_path):
    agenda = tmp_path / "a.yaml"
    agenda.write_text(EXAMPLE_AGENDA)
    out = tmp_path / "out.ics"
    out.write_text("kept\n")
    with out.open("a") as stdout:  # as `>> out.ics` would
        subprocess.run(
            [sys.executable, "-m", "planner", "export", "--agenda", str(agenda), "-o", "/dev/stdout"],
            stdout=stdout,
            check=True,
        )
    text = out.read_text()
    assert text.startswith("kept\nBEGIN:VCALENDAR")
    assert text.endswith("END:VCALENDAR\n")  # the "Wrote ..." line went to stderr


# -- $COLUMNS and a 20-digit session count ------------------------------------------------


def test_a_huge_columns_is_bounded(monkeypatch):
    from planner.terminal import MAX_WIDTH, terminal_width

    monkeypatch.setenv("COLUMNS", "999999999")
    assert terminal_width() == MAX_WIDTH


def test_sessions_with_a_huge_columns_stays_small(tmp_path):
    """In a child with 1 GB of address space: the old code sized lines of gigabytes."""
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
        "from planner.cli import main; sys.argv = ['planner', 'sessions']; main()"
    )
    env = {**os.environ, "COLUMNS": "999999999"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-500:]


def test_a_20_digit_session_count_is_a_warning(runner, cli, tmp_path):
    text = BUNDLED.read_text().replace("Total Sessions: 101", "Total Sessions: 12345678901234567890")
    path = tmp_path / "s.txt"
    path.write_text(text)
    for _ in range(2):  # the second run loads the kept parsed copy
        result = run(runner, cli, "check", "--schedule", path)
        assert result.exit_code in (0, 1), result.output
        assert "unreadable session count" in result.output


# -- conflicts: the work per clash --------------------------------------------------------


def test_alternatives_for_clashes_do_not_search_every_session(tmp_path, monkeypatch):
    """20 picks at one busy time: every clash used to run a conflict search for each
    of the schedule's sessions (120 clashes x 600 sessions here); now candidates that
    overlap a kept pick are skipped, and the rest are tried best first up to the limit."""
    from planner.planning import Planner
    from planner.readers import ScheduleSource
    from planner.suggest import around

    rooms = [f"Building B | Level 4 | Room {n}, Atlanta, GA, USA" for n in range(600)]
    schedule = tmp_path / "busy.txt"
    schedule.write_text(sched_text(*(block(f"Talk {n}", venue=rooms[n]) for n in range(600))))
    agenda = tmp_path / "a.yaml"
    planner = Planner.open(agenda, ScheduleSource(str(schedule)))
    planner.pick([s.id for s in planner.schedule.sessions[:20]])
    planner = Planner.open(agenda, ScheduleSource(str(schedule)))
    searches = 0
    real = around.find_conflicts

    def counted(*args, **kwargs):
        nonlocal searches
        searches += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(around, "find_conflicts", counted)
    report = planner.conflict_report()
    clashes = len(report.day.hard_conflicts)
    assert clashes == 190
    assert searches <= clashes * 3


def test_an_event_at_the_end_of_year_9999_is_skipped_not_exported(runner, cli, tmp_path):
    """Found by the 10,000-input fuzz run: its export overflowed past datetime.max (exit 70)."""
    source = Path(__file__).parent / "data" / "fuzz" / "ical-fuzz-year-9999-export.ics"
    result = run(runner, cli, "export", "--all", "--schedule", source, "-o", tmp_path / "all.ics")
    assert result.exit_code == 0, result.output
    assert "9999" not in (tmp_path / "all.ics").read_text()


def test_a_venue_figure_past_a_day_is_refused(runner, cli):
    """Found by the 10,000-input fuzz run: an endless number of minutes overflowed (exit 70)."""
    source = Path(__file__).parent / "data" / "fuzz" / "venue-fuzz-infinite-minutes.yaml"
    result = run(runner, cli, "walk", "B401-402", "Exhibit Hall B2", "--venue", source)
    assert result.exit_code == 2
    assert "less than or equal to 1440" in result.stderr
