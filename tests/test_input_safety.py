"""Issue 15, outside the readers: hostile input and files that must be respected.

Every reproducer ends in under 5 s with exit 0 or a one-line exit 2 (never 70,
never a traceback). The slow ones run as real subprocesses with a timeout, so a
hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import block, sched_text
from planner.agenda_file import AgendaFile
from planner.errors import AgendaError, PlannerError
from planner.files import read_chunks, read_input, remove_stale_temps

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
SECONDS = 5.0


def planner(*args, cwd, preexec=None, timeout=SECONDS * 24):
    """Run the real CLI; returns (completed process, the CPU seconds it used).

    The work is bounded by CPU time, which a loaded machine does not inflate; a hang
    (a FIFO opened for reading waits without using any) is the timeout's to catch.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "planner", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        env={**os.environ, "NO_COLOR": "1", "PLANNER_DEBUG": ""},
        timeout=timeout,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return done, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def assert_one_line_error(done, *fragments):
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def invoke(runner, cli, *args):
    return runner.invoke(cli, [str(a) for a in args])


def assert_clean(result, *fragments):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


# -- one way to open input ---------------------------------------------------------


def test_dev_zero_as_a_schedule_is_refused_at_once(tmp_path):
    done, seconds = planner("sessions", "--schedule", "/dev/zero", cwd=tmp_path)
    assert_one_line_error(done, "/dev/zero: is a device, not a schedule")
    assert seconds < SECONDS


def test_dev_zero_named_by_an_agenda_is_refused(tmp_path):
    (tmp_path / "agenda.yaml").write_text("version: 1\nschedule: /dev/zero\npicks: []\n", encoding="utf-8")
    done, seconds = planner("agenda", cwd=tmp_path)
    assert_one_line_error(done, "is a device, not a schedule")
    assert seconds < SECONDS


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "feed.ics"
    os.mkfifo(fifo)
    done, seconds = planner("sessions", "--schedule", fifo, cwd=tmp_path)
    assert_one_line_error(done, f"{fifo}: is a pipe (FIFO), not a schedule")
    assert seconds < SECONDS


def test_a_venue_or_agenda_that_is_a_device_is_refused(runner, cli, tmp_path):
    assert_clean(invoke(runner, cli, "agenda", "--venue", "/dev/zero"), "/dev/zero: is a device")
    assert_clean(invoke(runner, cli, "agenda", "-a", "/dev/zero"), "/dev/zero: is a device, not an agenda")
    assert_clean(invoke(runner, cli, "agenda", "-a", tmp_path), "is a folder, not an agenda file")


def test_the_limit_holds_while_reading_not_only_by_the_size_on_disk():
    endless = iter(lambda: b"x" * 4096, b"")  # a body that never ends
    with pytest.raises(PlannerError, match="is over 64 KB; planner reads calendars up to 64 KB"):
        read_chunks(endless, what="calendar", limit=64 * 1024, label="https://example.org/feed.ics")
    assert read_chunks([b"a" * 10, b"b" * 6], what="calendar", limit=16) == b"a" * 10 + b"b" * 6


def test_read_input_reads_regular_files_up_to_the_limit(tmp_path):
    path = tmp_path / "team.yaml"
    path.write_bytes(b"x" * 100)
    assert read_input(path, what="team file", limit=100) == b"x" * 100
    with pytest.raises(
        PlannerError, match=r"team.yaml:1: is 0.0 MB; planner reads team files up to 99 bytes"
    ):
        read_input(path, what="team file", limit=99)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"version: 1\npicks:\n  - id: a\x00b\n", 3, "is binary, not an agenda file (found a NUL byte)"),
        (b"version: 1\npicks:\n  - id: caf\xe9\n", 3, "is not UTF-8 text (byte 0xe9"),
    ],
)
def test_agenda_encoding_errors_name_the_line(runner, cli, tmp_path, content, line, message):
    agenda = tmp_path / "a.yaml"
    agenda.write_bytes(content)
    assert_clean(invoke(runner, cli, "agenda", "-a", agenda), f"{agenda}:{line}: {message}")
    assert agenda.read_bytes() == content


# -- the agenda YAML, with limits before any expansion ----------------------------


def alias_bomb() -> str:
    levels = "abcdefghi"
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for previous, name in itertools.pairwise(levels):
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
    return text


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bomb", alias_bomb(), "uses more than 20 YAML aliases"),
        ("bomb-in-picks", "version: 1\npicks: []\n" + alias_bomb(), "uses more than 20 YAML aliases"),
        ("deep-flow", "version: 1\npicks: " + "[" * 100_000 + "]" * 100_000 + "\n", "nests deeper than 64"),
        ("deep-flow-spaced", "version: 1\npicks: " + "[a, " * 100_000 + "\n", "nests deeper than 64"),
        ("deep-maps", "version: 1\npicks: " + "{a: " * 100_000 + "\n", "nests deeper than 64"),
        ("deep-block", "version: 1\npicks:\n" + "- " * 100_000 + "x\n", "nests deeper than 64"),
        (
            "deep-indented",
            "version: 1\npicks:\n" + "".join(" " * i + "a:\n" for i in range(1, 500)),
            "nests deeper than 64",
        ),
    ],
    # Named, not shown: a 100,000-character ID would reach the subprocess's
    # environment (PYTEST_CURRENT_TEST) and overflow the argument limit.
    ids=[
        "bomb",
        "bomb-in-picks",
        "deep-flow",
        "deep-flow-spaced",
        "deep-maps",
        "deep-block",
        "deep-indented",
    ],
)
def test_hostile_agenda_yaml_is_refused_quickly(tmp_path, name, text, message):
    assert len(alias_bomb()) < 400  # the bomb: a few hundred bytes
    agenda = tmp_path / f"{name}.yaml"
    agenda.write_text(text, encoding="utf-8")
    done, seconds = planner("agenda", "-a", agenda, cwd=tmp_path)
    assert_one_line_error(done, str(agenda), message)
    assert seconds < SECONDS
    assert agenda.read_text(encoding="utf-8") == text


def test_a_venue_alias_bomb_is_refused(runner, cli, tmp_path):
    venue = tmp_path / "venue.yaml"
    venue.write_text(alias_bomb(), encoding="utf-8")
    assert_clean(
        invoke(runner, cli, "agenda", "--venue", venue), f"{venue}:4: uses more than 20 YAML aliases"
    )


def test_a_few_aliases_are_still_fine(tmp_path):
    agenda = tmp_path / "a.yaml"
    agenda.write_text(
        "version: 1\nschedule: bundled:kubecon-na-2025-thursday\n"
        "picks:\n  - id: 8q2qm\n    priority: &p maybe\n  - id: n9db0\n    priority: *p\n",
        encoding="utf-8",
    )
    assert [p.priority for p in AgendaFile(agenda).load().picks] == ["maybe", "maybe"]


# -- writes that respect the file -------------------------------------------------


@pytest.fixture
def example_agenda(tmp_path) -> Path:
    agenda = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, agenda)
    return agenda


@pytest.mark.parametrize(
    "command",
    [["pick", "spark on kubernetes"], ["drop", "8q2qm"], ["export", "-o", "out.ics"], ["export"]],
)
def test_a_read_only_agenda_is_an_error_and_left_untouched(runner, cli, example_agenda, tmp_path, command):
    os.chmod(example_agenda, 0o444)
    before = example_agenda.read_bytes()
    result = invoke(runner, cli, *command, "-a", example_agenda)
    assert_clean(result, f"{example_agenda}: is read-only")
    assert example_agenda.read_bytes() == before
    assert stat.S_IMODE(example_agenda.stat().st_mode) == 0o444
    assert not list(tmp_path.glob("*.ics")) and not list(Path.cwd().glob("*.ics"))  # nothing exported


def test_a_symlinked_agenda_is_written_through_to_its_target(runner, cli, tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "plan.yaml"
    link = tmp_path / "agenda.yaml"
    link.symlink_to(target)
    assert invoke(runner, cli, "pick", "keda", "-a", link).exit_code == 0  # creates the target
    assert invoke(runner, cli, "pick", "etcd", "-a", link).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert len(AgendaFile(target).load().picks) == 2
    assert AgendaFile(link).lock_path == synced / ".planner" / "plan.yaml" / "lock"
    assert (synced / ".planner" / "plan.yaml" / "lock").exists()
    assert not (tmp_path / ".planner").exists() and not (tmp_path / ".agenda.yaml.lock").exists()


def test_mode_is_kept(runner, cli, example_agenda):
    os.chmod(example_agenda, 0o640)
    assert invoke(runner, cli, "pick", "spark on kubernetes", "-a", example_agenda).exit_code == 0
    assert stat.S_IMODE(example_agenda.stat().st_mode) == 0o640


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_root_picking_into_another_users_agenda_keeps_its_owner(runner, cli, example_agenda):
    os.chown(example_agenda, 65534, 65534)
    assert invoke(runner, cli, "pick", "spark on kubernetes", "-a", example_agenda).exit_code == 0
    info = example_agenda.stat()
    assert (info.st_uid, info.st_gid) == (65534, 65534)
    assert "ctg1n" in example_agenda.read_text(encoding="utf-8")


def test_temp_files_a_crash_left_are_removed_by_the_next_edit(runner, cli, example_agenda, tmp_path):
    stale = tmp_path / ".agenda.yaml.k3j2h1.planner-tmp"
    legacy = tmp_path / ".agenda.yaml.abcd1234.tmp"  # named as before this change
    fresh = tmp_path / ".agenda.yaml.q9w8e7.planner-tmp"  # may be a save in progress
    other = tmp_path / ".notes.yaml.abcd1234.tmp"  # not ours
    for leftover in (stale, legacy, fresh, other):
        leftover.write_text("half a file", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    for old in (stale, legacy, other):
        os.utime(old, (an_hour_ago, an_hour_ago))
    assert invoke(runner, cli, "pick", "spark on kubernetes", "-a", example_agenda).exit_code == 0
    assert not stale.exists() and not legacy.exists()
    assert fresh.exists() and other.exists()
    assert remove_stale_temps(example_agenda, older_than=-1) == [fresh]


def test_a_killed_save_leaves_nothing_the_next_command_does_not_clean(tmp_path, example_agenda):
    """kill -9 in the middle of a save (stopped just before the rename): the next
    command removes what was left once it is no longer fresh."""
    script = (
        "import os, sys\n"
        "from planner import files\n"
        "real = os.replace\n"
        "def stop(*a):\n"
        "    print('saving', flush=True); os.kill(os.getpid(), 9)\n"
        "files.os.replace = stop\n"
        "from planner.planning import Planner\n"
        "Planner.open(sys.argv[1]).pick('spark on kubernetes')\n"
    )
    # The caches and the state folder made first, so the agenda's save is the first rename.
    planner("agenda", "-a", example_agenda, cwd=tmp_path)
    AgendaFile(example_agenda).state.ensure_folder()
    killed = subprocess.run(
        [sys.executable, "-c", script, str(example_agenda)], capture_output=True, timeout=60
    )
    assert killed.returncode == -signal.SIGKILL
    (left,) = tmp_path.glob(".agenda.yaml.*.planner-tmp")
    os.utime(left, (time.time() - 3600, time.time() - 3600))
    done, _ = planner("pick", "keda", "-a", example_agenda, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.glob(".agenda.yaml.*tmp"))
    assert "ctg1n" not in example_agenda.read_text(encoding="utf-8")  # the killed pick was not saved


def test_dropping_the_first_pick_keeps_the_next_comment_at_its_indent(runner, cli, tmp_path):
    agenda = tmp_path / "mine.yaml"
    agenda.write_text(
        "version: 1\nschedule: bundled:kubecon-na-2025-thursday\npicks:\n"
        "  # morning\n  - id: 8q2qm\n    note: KEDA folks\n"
        "  # the etcd one is a must\n  # really\n  - id: n9db0\n",
        encoding="utf-8",
    )
    assert invoke(runner, cli, "drop", "8q2qm", "-a", agenda).exit_code == 0
    assert agenda.read_text(encoding="utf-8").endswith(
        "picks:\n  # morning\n  # the etcd one is a must\n  # really\n  - id: n9db0\n"
    )


def test_an_export_whose_record_cannot_be_saved_says_the_ics_was_written(tmp_path, example_agenda):
    # A record of many old outputs is larger than the .ics: a file-size limit between the two
    # lets the .ics through and stops the record's save, as a disk filling up would.
    outputs = {f"old-{i}.ics": {"count": 1} for i in range(20_000)}
    state = AgendaFile(example_agenda).state
    state.ensure_folder()
    state.path("export").write_text(json.dumps({"version": 1, "outputs": outputs}), encoding="utf-8")

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    before = example_agenda.read_bytes()
    done, _ = planner("export", "-o", "elsewhere.ics", "-a", example_agenda, cwd=tmp_path, preexec=small_disk)
    assert_one_line_error(
        done, "wrote elsewhere.ics, but could not record the export", "counts these changes again"
    )
    assert (tmp_path / "elsewhere.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert example_agenda.read_bytes() == before


# -- text cleaned at the edge -----------------------------------------------------


def test_control_characters_never_reach_the_terminal_or_an_ics(runner, cli, tmp_path):
    path = tmp_path / "esc.txt"
    path.write_text(
        sched_text(block(title="Red \x1b[31malert\x07 and\x7f \x9bmore", description="a\x0cb")),
        encoding="utf-8",
    )
    shown = invoke(runner, cli, "show", "red", "--schedule", path)
    assert shown.exit_code == 0, shown.output
    assert "Red [31malert and more" in shown.stdout
    for char in "\x1b\x07\x7f\x9b\x00\x0c":
        assert char not in shown.output
    exported = invoke(runner, cli, "export", "--all", "--schedule", path, "-o", tmp_path / "all.ics")
    assert exported.exit_code == 0, exported.output
    ics = (tmp_path / "all.ics").read_text(encoding="utf-8")
    assert "Red [31malert and more" in ics
    assert not any(char in ics for char in "\x1b\x07\x7f\x9b\x00\x0c")


def test_a_lone_surrogate_and_escaped_controls_in_a_json_title_are_dropped(runner, cli, tmp_path):
    source = (Path(__file__).parent / "data" / "oid2025-schedule.json").read_text(encoding="utf-8")
    path = tmp_path / "surrogate.json"
    hostile = '"title": "\\ud800\\u0000\\u001b[2JOpening'
    path.write_text(source.replace('"title": "Opening', hostile, 1), encoding="utf-8")
    result = invoke(runner, cli, "sessions", "--schedule", path)
    assert result.exit_code == 0, result.output
    assert "[2JOpening" in result.stdout
    assert "\x00" not in result.stdout and "\x1b" not in result.stdout


def test_agenda_error_type_for_limits():
    with pytest.raises(AgendaError):
        AgendaFile("/dev/null").load()
