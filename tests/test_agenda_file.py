"""The agenda file: created by the first pick, hand-editable, validated, atomic, locked."""

from __future__ import annotations

import json
import logging
import os
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import block, run
from planner.agenda_file import AgendaFile
from planner.errors import AgendaError

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"


def test_first_pick_creates_the_file_naming_the_schedule(runner, cli, tmp_path, schedule):
    agenda = tmp_path / "agenda.yaml"
    result = run(runner, cli, "pick", "keda", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    assert "Picked" in result.stdout and "Saved to" in result.stdout
    data = AgendaFile(agenda).load()
    assert data.version == 1
    assert data.schedule == "bundled:kubecon-na-2025-thursday"
    (pick,) = data.picks
    keda = schedule.find("keda")
    assert (pick.id, pick.title, pick.start, pick.end, pick.room, pick.priority) == (
        keda.id,
        keda.title,
        keda.start,
        keda.end,
        "B406b-407",
        "must",
    )
    text = agenda.read_text(encoding="utf-8")
    assert text.startswith("# planner agenda")
    assert "start: 2025-11-13T11:00:00-05:00" in text  # readable, unquoted ISO times


def test_default_path_and_environment(runner, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(runner, cli, "pick", "keda").exit_code == 0
    assert (tmp_path / "agenda.yaml").exists()
    other = tmp_path / "other.yaml"
    result = runner.invoke(cli, ["pick", "etcd"], env={"PLANNER_AGENDA": str(other)})
    assert result.exit_code == 0
    assert [p.title for p in AgendaFile(other).load().picks] == [
        "etcd V3.6 and Beyond + etcd-operator Updates"
    ]
    assert len(AgendaFile(tmp_path / "agenda.yaml").load().picks) == 1


def test_maybe_and_note(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "in-place pod resize", "--maybe", "--note", "ask about VPA", "-a", agenda)
    (pick,) = AgendaFile(agenda).load().picks
    assert (pick.priority, pick.note) == ("maybe", "ask about VPA")


def test_picking_again_is_a_no_op_with_a_message(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "-a", agenda)
    before = agenda.read_bytes()
    result = run(runner, cli, "pick", "keda", "-a", agenda)
    assert result.exit_code == 0
    assert "Already picked" in result.stdout
    assert agenda.read_bytes() == before


def test_picking_again_with_maybe_updates_the_priority(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "-a", agenda)
    result = run(runner, cli, "pick", "keda", "--maybe", "-a", agenda)
    assert "Updated" in result.stdout
    assert AgendaFile(agenda).load().picks[0].priority == "maybe"


def test_ambiguous_pick_lists_candidates_exits_2_and_changes_nothing(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "-a", agenda)
    before = agenda.read_bytes()
    result = run(runner, cli, "pick", "etcd", "kubernetes", "-a", agenda)
    assert result.exit_code == 2
    assert "'kubernetes' matches" in result.stderr
    assert "11:00–11:30" in result.stderr  # candidates with ID, time and title
    assert agenda.read_bytes() == before  # etcd was not picked either


def test_drop(runner, cli, tmp_path):
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keda", "etcd", "-a", agenda)
    result = run(runner, cli, "drop", "keda", "-a", agenda)
    assert result.exit_code == 0
    assert "Dropped" in result.stdout
    assert [p.title for p in AgendaFile(agenda).load().picks] == [
        "etcd V3.6 and Beyond + etcd-operator Updates"
    ]
    missing = run(runner, cli, "drop", "keda", "-a", agenda)
    assert missing.exit_code == 2
    assert "is not in the agenda; nothing to drop" in missing.stderr


HAND_WRITTEN = """\
# Thursday at KubeCon -- my notes
version: 1
schedule: bundled:kubecon-na-2025-thursday
picks:
  # morning
  - priority: must   # keys in my own order
    id: 8q2qm
    note: talk to the KEDA folks
  # the etcd one is a must
  - id: n9db0
  # afternoon
  - id: fvrvd
    priority: maybe
"""


def test_comments_and_key_order_survive_pick_and_drop(runner, cli, tmp_path):
    agenda = tmp_path / "mine.yaml"
    agenda.write_text(HAND_WRITTEN, encoding="utf-8")
    assert run(runner, cli, "pick", "spark on kubernetes", "-a", agenda).exit_code == 0
    text = agenda.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN)  # everything written by hand is still there, as written
    assert "- id: ctg1n" in text
    assert run(runner, cli, "drop", "n9db0", "-a", agenda).exit_code == 0
    text = agenda.read_text(encoding="utf-8")
    assert "# the etcd one is a must" in text  # comments around a dropped pick are kept
    assert "# afternoon" in text
    assert "n9db0" not in text
    assert text.index("# afternoon") < text.index("id: fvrvd")
    assert "  - priority: must   # keys in my own order\n    id: 8q2qm" in text


def test_dropping_the_first_pick_keeps_the_comment_after_it(runner, cli, tmp_path):
    agenda = tmp_path / "mine.yaml"
    agenda.write_text(HAND_WRITTEN, encoding="utf-8")
    assert run(runner, cli, "drop", "8q2qm", "-a", agenda).exit_code == 0
    text = agenda.read_text(encoding="utf-8")
    assert "# the etcd one is a must" in text
    assert text.index("# the etcd one is a must") < text.index("id: n9db0")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("version: 1\npicks:\n  - id: keda\n    priority: [oops\n", 4, "not valid YAML"),
        ("version: 1\npicks:\n  - id: 8q2qm\n  - id: n9db0\n    priority: someday\n", 5, "priority"),
        ("version: 1\npicks:\n  - id: 8q2qm\n    start: next tuesday\n", 4, "start"),
        ("version: 2\npicks: []\n", 1, "version"),
        ("picks: []\n", 1, "no 'version' key"),
        ("version: 1\npicks:\n  - id: 8q2qm\n  - id: 8q2qm\n", None, "picked twice"),
        ("version: 1\npicks:\n  - id: 8q2qm\n    colour: blue\n", 4, "colour"),
        ("", 1, "is empty"),
    ],
)
def test_invalid_agenda_files_are_reported_with_line_and_left_alone(
    runner, cli, tmp_path, text, line, message
):
    agenda = tmp_path / "broken.yaml"
    agenda.write_text(text, encoding="utf-8")
    before = agenda.read_bytes()
    for command in (["agenda"], ["pick", "etcd"], ["drop", "8q2qm"], ["conflicts"]):
        result = run(runner, cli, *command, "-a", agenda)
        assert result.exit_code == 2, (command, result.output)
        assert message in result.stderr
        if line is not None:
            assert f"{agenda}:{line}:" in result.stderr
        assert "Traceback" not in result.output
    assert agenda.read_bytes() == before


def test_missing_agenda_file(runner, cli, tmp_path):
    result = run(runner, cli, "drop", "keda", "-a", tmp_path / "none.yaml")
    assert result.exit_code == 2
    assert "no such agenda file" in result.stderr


def test_schedule_changes_are_reported_and_never_written_back(runner, cli, tmp_path, write_schedule):
    schedule = write_schedule(
        block(title="Keep Me", time="11:00am EST - 11:30am EST"),
        block(title="Move Me", time="1:00pm EST - 1:30pm EST"),
        block(title="Cancel Me", time="3:00pm EST - 3:30pm EST"),
        name="v1.txt",
    )
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "keep me", "move me", "cancel me", "-a", agenda, "-s", schedule)
    before = agenda.read_bytes()
    schedule.write_text(
        schedule.read_text(encoding="utf-8")
        .replace("1:00pm EST - 1:30pm EST", "2:00pm EST - 2:30pm EST")
        .replace("Cancel Me#", "Something Else#"),
        encoding="utf-8",
    )
    result = run(runner, cli, "agenda", "-a", agenda)
    assert result.exit_code == 0
    # Each change is marked beside its pick, once; stderr says only how to take them in.
    assert "~ moved from Thu 13:00–13:30 to Thu 14:00–14:30" in result.stdout
    assert "no longer in the schedule" in result.stdout
    assert "moved from" not in result.stderr
    assert "the schedule changed under 2 picks (marked below)" in result.stderr
    # Commands that do not show the picks one by one still name each change.
    exported = run(runner, cli, "conflicts", "-a", agenda)
    assert "(Move Me): moved from Thu 13:00–13:30 to Thu 14:00–14:30" in exported.stderr
    assert "the schedule no longer has this session (it was 'Cancel Me')" in exported.stderr
    assert agenda.read_bytes() == before


def test_agenda_remembers_its_schedule_relative_to_itself(runner, cli, tmp_path, write_schedule):
    schedule = write_schedule(block(title="Only Talk"), name="conf.txt")
    agenda = tmp_path / "a.yaml"
    run(runner, cli, "pick", "only talk", "-a", agenda, "-s", schedule)
    assert AgendaFile(agenda).load().schedule == "conf.txt"
    result = run(runner, cli, "agenda", "-a", agenda, "--json")  # no --schedule needed now
    assert [e["title"] for e in json.loads(result.stdout)] == ["Only Talk"]


def test_agenda_json(runner, cli):
    result = run(runner, cli, "agenda", "-a", EXAMPLE, "--json")
    assert result.exit_code == 0
    entries = json.loads(result.stdout)
    keys = {
        "id",
        "title",
        "start",
        "end",
        "building",
        "level",
        "room",
        "priority",
        "walk_minutes",
        "gap_minutes",
    }
    assert all(keys <= e.keys() for e in entries)
    assert [e["start"] for e in entries] == sorted(e["start"] for e in entries)
    assert entries[0]["walk_minutes"] is None and entries[0]["gap_minutes"] is None
    by_id = {e["id"]: e for e in entries}
    assert by_id["97tyz"]["walk_minutes"] == 0 and by_id["97tyz"]["gap_minutes"] == 9
    assert by_id["m54fx"]["previous"] == "8q2qm"
    assert by_id["m54fx"]["walk_minutes"] == 17 and by_id["m54fx"]["gap_minutes"] == 15


def test_agenda_reads_like_a_day_plan(runner, cli):
    result = run(runner, cli, "agenda", "-a", EXAMPLE)
    out = result.stdout
    assert "11:45–12:15  m54fx  SIG API Machinery and AI: What Comes Next?" in out
    assert "↓ 17 min walk to Building C, Level 3" in out
    assert "2 min short" in out
    assert "leave Lunch 🍲 by 13:38" in out
    assert "14 picks (2 maybe), 2 hard conflicts, 2 tight, 1 backup, 1 soft, buffer 2 min" in out


def test_empty_agenda(runner, cli, tmp_path):
    agenda = tmp_path / "empty.yaml"
    agenda.write_text("version: 1\npicks:\n", encoding="utf-8")
    result = run(runner, cli, "agenda", "-a", agenda)
    assert result.exit_code == 0
    assert "no picks yet" in result.stdout


# -- atomic saves and concurrent writers ----------------------------------------


def run_planner(*args, cwd, preexec=None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "planner", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        timeout=120,
    )


def test_a_save_that_fails_half_way_leaves_the_old_file_intact(tmp_path):
    agenda = tmp_path / "a.yaml"
    first = run_planner("pick", "keda", "etcd", "-a", agenda, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = agenda.read_bytes()
    limit = len(before) + 40  # the new file outgrows this limit part way through the write

    def small_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    failed = run_planner("pick", "spark on kubernetes", "-a", agenda, cwd=tmp_path, preexec=small_disk)
    assert failed.returncode == 2
    assert "cannot write: File too large; the file is unchanged" in failed.stderr
    assert agenda.read_bytes() == before
    assert len(AgendaFile(agenda).load().picks) == 2  # and it still parses
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temp file left behind


# A second process that stops inside an edit (after its read, before its save) and
# goes on when told: the lost-update interleaving, made to happen every time.
HOLD_AN_EDIT = """
import sys
from planner import load_schedule
from planner.agenda import Pick
from planner.agenda_file import AgendaFile
with AgendaFile(sys.argv[1]).edit() as document:
    document.add_pick(Pick.of(load_schedule().find(sys.argv[2])))
    print("inside", flush=True)
    sys.stdin.readline()
"""


class _LockWaitSeen(logging.Handler):
    """Sets ``event`` when planner says a lock is taken and it is waiting (its
    "... is held by another planner; waiting" debug line)."""

    def __init__(self, event: threading.Event) -> None:
        super().__init__(logging.DEBUG)
        self.event = event

    def emit(self, record: logging.LogRecord) -> None:
        if "waiting" in record.getMessage():
            self.event.set()


def test_a_pick_waits_for_an_edit_in_progress_and_loses_nothing(tmp_path, schedule):
    from planner.planning import Planner

    first, held, waiting = [s.id for s in schedule.sessions if s.start.hour >= 11 and s.speakers][:3]
    agenda = tmp_path / "race.yaml"
    Planner.open(agenda).pick(first)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_AN_EDIT, str(agenda), held],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "inside\n", holder.stderr.read()
        # The other process has read the agenda and holds its edit open. A pick now
        # must wait for it; without the lock it reads the old file and saves at once.
        # Which comes first is the finding, not how long either takes: the pick waiting
        # on the lock (planner says so), or the pick done (it never waited).
        planner = Planner.open(agenda)
        errors: list[BaseException] = []
        waiting_or_done = threading.Event()
        done = threading.Event()

        def pick() -> None:
            try:
                planner.pick(waiting)
            except BaseException as exc:  # reported below, in the test's own thread
                errors.append(exc)
            finally:
                done.set()
                waiting_or_done.set()

        log = logging.getLogger("planner.lock")
        seen, level = _LockWaitSeen(waiting_or_done), log.level
        log.addHandler(seen)
        log.setLevel(logging.DEBUG)
        try:
            picker = threading.Thread(target=pick)
            picker.start()
            assert waiting_or_done.wait(60), "the pick neither waited on the lock nor finished"
            waited = not done.is_set()
        finally:
            log.removeHandler(seen)
            log.setLevel(level)
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0, holder.stderr.read()
        picker.join(60)
    finally:
        holder.kill()
    assert not errors, errors
    assert sorted(p.id for p in AgendaFile(agenda).load().picks) == sorted([first, held, waiting])
    assert waited, "the pick did not wait for the edit in progress"


@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_a_lock_that_is_not_a_regular_file_is_refused_and_never_written(runner, cli, tmp_path, kind):
    # The state folder may sit in a shared or synced folder: what is at its lock's place
    # never chooses where planner writes.
    agenda = tmp_path / "a.yaml"
    assert run(runner, cli, "pick", "8q2qm", "-a", agenda).exit_code == 0
    lock = AgendaFile(agenda).lock_path
    lock.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    if kind == "symlink":
        lock.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(lock)
    else:
        lock.mkdir()
    result = run(runner, cli, "pick", "sbxjz", "-a", agenda)
    assert result.exit_code == 2, result.output
    assert "cannot lock the agenda" in result.output and "not a regular file" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert [p.id for p in AgendaFile(agenda).load().picks] == ["8q2qm"]


def test_a_lock_held_too_long_is_a_clear_error(tmp_path, monkeypatch):
    import zc.lockfile

    from planner import state

    agenda = tmp_path / "a.yaml"
    file = AgendaFile(agenda)
    file.lock_path.parent.mkdir(parents=True)
    held = zc.lockfile.LockFile(str(file.lock_path))  # another planner's, as far as flock sees
    monkeypatch.setattr(state, "LOCK_TIMEOUT_SECONDS", 0.0)
    try:
        with (
            pytest.raises(AgendaError, match="another planner has held the agenda's lock") as found,
            file.edit(create_for_schedule="bundled:kubecon-na-2025-thursday"),
        ):
            pass
        assert found.value.hint and str(file.lock_path) in found.value.hint
    finally:
        held.close()
    assert not agenda.exists()


def test_an_agenda_where_no_file_can_be_is_a_clear_error(runner, cli, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    result = run(runner, cli, "pick", "keda", "-a", blocker / "a.yaml")
    assert result.exit_code == 2
    assert "cannot lock the agenda: Not a directory" in result.stderr


def test_agenda_error_type():
    with pytest.raises(AgendaError):
        AgendaFile("/nonexistent/folder/a.yaml").load()
