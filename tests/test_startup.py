"""The everyday commands load only what they show (issue 23): counted, never timed.

Each test runs a real ``planner`` process under ``python -X importtime`` and reads the
modules it imported from stderr, so a heavy import coming back fails here on any machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

# Nothing the read-only everyday commands print needs these.
NEVER = ("textual", "rich", "icalendar", "bm25s", "numpy", "caldav", "planner.tui", "planner.sync")
# The solver and its scoring: only suggest/alternatives/gaps/conflicts load it.
SOLVER = ("planner.suggest",)
# planner's own modules `planner agenda` loads today: 46; room for a few, not for a package.
MAX_PLANNER_MODULES = 55


def imported(*args: str, env: dict[str, str]) -> set[str]:
    """The modules a fresh ``planner *args`` imports."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "planner", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return {
        line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }


def loaded(modules: set[str], packages: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)}


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    """An agenda of two picks on the bundled day, its parsed copy kept (as the benchmark runs)."""
    folder = tmp_path_factory.mktemp("startup")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
    env["PLANNER_CACHE_DIR"] = str(folder / "cache")
    agenda = str(folder / "agenda.yaml")
    subprocess.run(
        [sys.executable, "-m", "planner", "pick", "--agenda", agenda, "8q2qm", "sbxjz"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return env, agenda


@pytest.mark.parametrize(
    "command",
    [
        ["agenda"],
        ["next", "--at", "10:45"],
        ["sessions", "--at", "11:00"],
        ["show", "8q2qm"],
    ],
)
def test_an_everyday_command_loads_no_solver_ui_or_calendar(
    setup: tuple[dict[str, str], str], command: list[str]
) -> None:
    env, agenda = setup
    if command[0] in ("agenda", "next"):
        command = [command[0], "--agenda", agenda, *command[1:]]
    modules = imported(*command, env=env)
    assert "planner.planning" in modules or "planner.cli.browse" in modules  # the command did run
    assert not loaded(modules, NEVER)
    assert not loaded(modules, SOLVER)


@pytest.mark.parametrize(
    "command",
    [
        ["agenda"],
        ["next", "--at", "10:45"],
        ["conflicts"],
        ["show", "8q2qm"],
        ["sessions", "--at", "11:00"],
        ["pick", "kcm19"],
        ["drop", "kcm19"],
        ["export", "-o", "{folder}/out.ics"],
    ],
    ids=lambda c: " ".join(c).replace("{folder}/", ""),
)
def test_an_everyday_command_builds_no_validator_for_what_planner_validated_before(
    setup: tuple[dict[str, str], str], command: list[str]
) -> None:
    # The schedule, the agenda, the venue and planner's state were validated when first read
    # (or built by planner itself, as a pick is) and kept so: importing pydantic and building
    # its validators was 3x the floor on its own (bench/README.md, the ladder).
    env, agenda = setup
    folder = os.path.dirname(agenda)
    args = [part.format(folder=folder) for part in command]
    if args[0] not in ("show", "sessions"):
        args = [args[0], "--agenda", agenda, *args[1:]]
    undo = {"pick": "drop", "drop": "pick"}.get(args[0])
    if args[0] in ("drop", "export"):
        # A drop needs the pick; the export measured reads the record the one before wrote.
        imported(undo or "export", *args[1:], env=env)
    modules = imported(*args, env=env)
    if args[0] == "pick":
        imported("drop", *args[1:], env=env)
    assert "planner.readers.kept" in modules  # the command did run
    assert not loaded(modules, ("pydantic", "pydantic_core", "annotated_types"))
    if args[0] in ("agenda", "next", "conflicts", "show", "sessions", "export"):
        # Nor do the commands that only read parse YAML: the agenda and venue come kept.
        assert not loaded(modules, ("ruamel",))


def test_planner_agenda_loads_a_bounded_number_of_planner_modules(setup: tuple[dict[str, str], str]) -> None:
    env, agenda = setup
    modules = imported("agenda", "--agenda", agenda, env=env)
    own = loaded(modules, ("planner",))
    assert "planner.agenda_file" in own
    assert len(own) <= MAX_PLANNER_MODULES, sorted(own)


def test_conflicts_still_loads_the_solver_for_its_alternatives(setup: tuple[dict[str, str], str]) -> None:
    # The counterpart: the check above would pass on a command that never ran the solver's code path.
    env, agenda = setup
    modules = imported("conflicts", "--agenda", agenda, env=env)
    assert loaded(modules, SOLVER)


@pytest.mark.parametrize("command", [["show", "8q2qm"], ["sessions", "--at", "11:00"]])
def test_browsing_loads_no_planner_venue_or_day_plan(
    setup: tuple[dict[str, str], str], command: list[str]
) -> None:
    # show and sessions read the schedule and the agenda's marks only: no walks, no conflicts.
    env, _ = setup
    modules = imported(*command, env=env)
    assert "planner.readers.kept" in modules
    assert not loaded(modules, ("planner.planning", "planner.venue", "planner.day", "planner.conflicts"))
    # Nor do they validate anything (the kept copy was validated when it was made): building a
    # pydantic validator imports importlib.metadata and reads every installed package's
    # metadata for plugins, as did the cache's code stamp once.
    assert "importlib.metadata" not in modules


def test_help_builds_no_command_and_loads_no_library(setup: tuple[dict[str, str], str]) -> None:
    # `planner --help` lists the commands from app.COMMANDS: none of their modules, none of
    # the libraries they use, and of planner's own only the package, the group and the text.
    env, _ = setup
    modules = imported("--help", env=env)
    assert "planner.cli.app" in modules  # the command did run
    heavy = (
        "pydantic",
        "icalendar",
        "ruamel",
        "wcwidth",
        "pytz",
        "orjson",
        "zc.lockfile",
        "jinja2",
        "dateutil",
    )
    assert not loaded(modules, heavy)
    assert loaded(modules, ("planner",)) == {"planner", "planner.cli", "planner.cli.app"}


def test_the_command_table_says_what_each_command_says() -> None:
    # The lines `planner --help` shows without importing the commands are the commands' own.
    from planner.cli import cli
    from planner.cli.app import COMMANDS

    loaded_group = cli.load_all()
    assert sorted(loaded_group.commands) == sorted(COMMANDS), "add the command to planner.cli.app.COMMANDS"
    for name, (module, summary) in COMMANDS.items():
        command = loaded_group.commands[name]
        assert command.callback.__module__ == f"planner.cli.{module}", name
        for width in (20, 60, 1000):
            assert command.get_short_help_str(width) == click.Command(name, help=summary).get_short_help_str(
                width
            )
        assert not command.hidden and not command.deprecated and command.short_help is None, name


@pytest.mark.parametrize("columns", ["80", "120"])
def test_help_lists_the_commands_as_when_they_are_all_loaded(
    setup: tuple[dict[str, str], str], columns: str
) -> None:
    env, _ = setup
    env = {**env, "COLUMNS": columns}
    lazy = subprocess.run(
        [sys.executable, "-m", "planner", "--help"], env=env, capture_output=True, text=True
    )
    code = "import sys; from planner.cli import cli, main; cli.load_all(); sys.argv = ['planner', '--help']; main()"
    whole = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert lazy.returncode == whole.returncode == 0
    assert "  agenda " in lazy.stdout and "  walk " in lazy.stdout
    assert lazy.stdout == whole.stdout
