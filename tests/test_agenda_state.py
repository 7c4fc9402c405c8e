"""The agenda file holds what the person decided; planner's own state lives beside it.

Through the CLI on real files: exports never write the agenda, an older agenda's
``exported:`` section moves out on the first edit (with one line saying so), the
state survives moving the folder, and a command reads the agenda YAML once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import ruamel.yaml.main
from ruamel.yaml import YAML

from planner.agenda_file import AgendaFile

EXAMPLE = Path(__file__).parent.parent / "examples" / "kubecon-thursday.yaml"
NOW = ["--now", "2025-11-01T09:00:00+00:00"]
# What an agenda file may hold: the person's choices, nothing planner keeps for itself.
PERSONS_KEYS = {"version", "schedule", "timezone", "venue", "buffer", "pace", "drop_in_types", "picks"}

LEGACY = """
# Kept by `planner export` so that calendars update events in place
# (SEQUENCE, LAST-MODIFIED) and can cancel dropped ones. Leave it be.
exported:
  count: 3
  events:
    8q2qm: {sequence: 2, modified: 2025-10-01T09:00:00+00:00, fingerprint: 0123456789abcdef, title: 'Old: Title'}
  outputs:
    /home/ann/phone.ics:
      count: 1
      events: {}
# my drop-in kinds, after the record
drop_in_types: [POSTER]
"""


@pytest.fixture
def agenda(tmp_path) -> Path:
    folder = tmp_path / "talks"
    folder.mkdir()
    path = folder / "agenda.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def run(runner, cli, *args):
    return runner.invoke(cli, [str(a) for a in args])


def keys_of(path: Path) -> set[str]:
    return set(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def test_any_sequence_of_picks_and_exports_leaves_only_the_persons_choices(runner, cli, agenda, tmp_path):
    folder = agenda.parent
    steps = [
        ["pick", "keda", "--maybe", "--note", "ask about VPA"],
        ["export", *NOW],
        ["export", "--all", "-o", folder / "all.ics", *NOW],
        ["export", "-o", folder / "phone.ics", "--no-alarms", *NOW],
        ["export", "-o", tmp_path / "outside.ics", *NOW],
        ["export", "--format", "html", "-o", folder / "day.html"],
        ["drop", "keda"],
        ["export", "--cancel-dropped", *NOW],
    ]
    for step in steps:
        result = run(runner, cli, *step, "-a", agenda)
        assert result.exit_code in (0, 1), (step, result.output)
    text = agenda.read_text(encoding="utf-8")
    assert keys_of(agenda) <= PERSONS_KEYS
    assert str(tmp_path) not in text and "fingerprint" not in text
    assert text.startswith("# My KubeCon")  # the person's comments stay
    exports = AgendaFile(agenda).exports()
    assert exports.count == 2
    assert {"phone.ics", "all:all.ics", (tmp_path / "outside.ics").as_posix()} == set(exports.outputs)


def test_an_export_does_not_write_the_agenda_file(runner, cli, agenda):
    before = agenda.read_bytes(), agenda.stat().st_mtime_ns
    for args in (["export"], ["export", "--all"], ["export", "-o", agenda.parent / "b.ics"]):
        assert run(runner, cli, *args, *NOW, "-a", agenda).exit_code == 0
    assert (agenda.read_bytes(), agenda.stat().st_mtime_ns) == before


def test_the_state_survives_moving_the_folder(runner, cli, agenda, tmp_path):
    for args in (["export"], ["export", "-o", agenda.parent / "phone.ics"]):
        assert run(runner, cli, *args, *NOW, "-a", agenda).exit_code == 0
    moved = tmp_path / "elsewhere"
    shutil.move(agenda.parent, moved)
    agenda = moved / "agenda.yaml"
    for args in (["export"], ["export", "-o", moved / "phone.ics"]):
        assert run(runner, cli, *args, *NOW, "-a", agenda).exit_code == 0
    exports = AgendaFile(agenda).exports()
    assert exports.count == 2 and exports.outputs["phone.ics"].count == 2
    assert list(exports.outputs) == ["phone.ics"]


def test_an_older_agenda_is_migrated_on_its_first_write_with_one_notice(runner, cli, agenda):
    agenda.write_text(agenda.read_text(encoding="utf-8") + LEGACY, encoding="utf-8")
    # Reading changes nothing.
    assert run(runner, cli, "agenda", "-a", agenda).exit_code in (0, 1)
    assert "exported:" in agenda.read_text(encoding="utf-8")

    first = run(runner, cli, "export", *NOW, "-a", agenda)
    assert first.exit_code == 0, first.output
    notices = [line for line in first.stderr.splitlines() if "moved the export record" in line]
    assert len(notices) == 1 and ".planner/agenda.yaml/export.json" in notices[0]
    text = agenda.read_text(encoding="utf-8")
    assert "exported" not in text and "Kept by" not in text and "/home/ann" not in text
    # The person's lines after the section stay.
    assert "# my drop-in kinds, after the record\ndrop_in_types: [POSTER]\n" in text
    assert keys_of(agenda) <= PERSONS_KEYS
    exports = AgendaFile(agenda).exports()
    # The versions go on from the old record: this export is the fourth, the retitled event's third.
    assert exports.count == 4 and exports.events["8q2qm"].sequence == 3
    assert exports.outputs["/home/ann/phone.ics"].count == 1

    second = run(runner, cli, "export", *NOW, "-a", agenda)
    assert second.exit_code == 0 and "moved the export record" not in second.stderr
    assert AgendaFile(agenda).exports().count == 5


def test_the_lock_is_not_left_in_the_persons_folder(runner, cli, agenda):
    old_lock = agenda.with_name(".agenda.yaml.lock")
    old_lock.touch()  # left by an older planner
    assert run(runner, cli, "pick", "keda", "-a", agenda).exit_code == 0
    assert sorted(p.name for p in agenda.parent.iterdir()) == [".planner", "agenda.yaml"]
    state = agenda.parent / ".planner"
    assert (state / ".gitignore").read_text(encoding="utf-8").endswith("*\n")
    assert (state / "agenda.yaml" / "lock").exists()


@pytest.fixture
def yaml_reads(monkeypatch):
    """Every parse of a YAML text by ruamel, as (kind, text): a spy that calls through."""
    seen: list[tuple[str, str]] = []
    real_load, real_parse = ruamel.yaml.main.YAML.load, ruamel.yaml.main.YAML.parse

    def load(self, stream):
        seen.append(("safe" if "safe" in self.typ else "round-trip", stream))
        return real_load(self, stream)

    def parse(self, stream):
        seen.append(("events", stream))
        return real_parse(self, stream)

    monkeypatch.setattr(ruamel.yaml.main.YAML, "load", load)
    monkeypatch.setattr(ruamel.yaml.main.YAML, "parse", parse)
    return seen


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["agenda"], ["events", "safe"]),
        (["conflicts"], ["events", "safe"]),
        (["next", "--at", "11:00"], ["events", "safe"]),
        (["export", *NOW], ["events", "safe"]),
        (["pick", "spark on kubernetes"], ["events", "safe", "round-trip"]),  # limits checked once
    ],
)
def test_a_command_parses_the_agenda_once(runner, cli, agenda, yaml_reads, command, expected):
    text = agenda.read_text(encoding="utf-8")
    result = run(runner, cli, *command, "-a", agenda)
    assert result.exit_code in (0, 1), result.output
    assert [kind for kind, stream in yaml_reads if stream == text] == expected


def test_a_symlinked_agenda_keeps_its_state_beside_the_target(runner, cli, agenda, tmp_path):
    link = tmp_path / "mine.yaml"
    link.symlink_to(agenda)
    assert run(runner, cli, "export", *NOW, "-a", link).exit_code == 0
    assert AgendaFile(agenda).exports().count == 1 and AgendaFile(link).exports().count == 1
    assert not (tmp_path / ".planner").exists()


def test_a_damaged_state_file_is_one_line_naming_it(runner, cli, agenda):
    assert run(runner, cli, "export", *NOW, "-a", agenda).exit_code == 0
    record = AgendaFile(agenda).state.path("export")
    record.write_text('{"version": 1, "count": "many"}', encoding="utf-8")
    result = run(runner, cli, "export", *NOW, "-a", agenda)
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("planner: error")]
    assert str(record) in line and "damaged planner state" in line
