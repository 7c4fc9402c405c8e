"""Shared fixtures and helpers: the bundled schedule and venue, small schedule files
of every format, a CLI runner, and finding things in what the tests read."""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from planner.readers import DEFAULT_SCHEDULE, bundled_schedule_path

# Caches (fetched schedules, the city index) go to a folder of the test run's own,
# never the developer's; subprocesses inherit it. A test may set its own.
os.environ.setdefault("PLANNER_CACHE_DIR", tempfile.mkdtemp(prefix="planner-test-cache-"))
# Under pytest-xdist (-n) the folder above is the controller's, inherited: each worker has its own.
if _worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["PLANNER_CACHE_DIR"] = tempfile.mkdtemp(prefix=f"planner-test-cache-{_worker}-")

# Hypothesis profiles: `dev` (the default) runs a quarter of each property's examples, for
# a fast loop; `ci` (.ci/run passes --hypothesis-profile=ci) runs them all. A property with
# its own count writes it as examples(N): N under ci, N/4 under dev.
CI_EXAMPLES = 100
settings.register_profile("ci", max_examples=CI_EXAMPLES)
settings.register_profile("dev", max_examples=CI_EXAMPLES // 4)
settings.load_profile("dev")


def examples(count: int) -> int:
    """A property's example count under the loaded profile (``count`` under ci)."""
    return max(10, count * settings.default.max_examples // CI_EXAMPLES)


# The `server` fixture (each CalDAV server the sync suites run on) lives beside the servers.
pytest_plugins = ("sync_servers",)

BUNDLED = bundled_schedule_path(DEFAULT_SCHEDULE)
HEADER = "Test Conf 2025#\nThursday, November 13, 2025#\n"


def sched_text(*blocks: str, header: str = HEADER) -> str:
    """A sched text file from session blocks written as indented strings."""
    return header + "".join(textwrap.dedent(b).strip("\n") + "\n" for b in blocks)


def block(
    title: str = "A Talk",
    time: str | None = "11:00am EST - 11:30am EST",
    speakers: str | None = None,
    venue: str | None = "Building B | Level 4 | B401-402, Atlanta, GA, USA",
    type_: str | None = "SECURITY",
    description: str | None = None,
) -> str:
    lines = [f"{title}#"]
    for name, value in (
        ("Time", time),
        ("Speakers", speakers),
        ("Venue", venue),
        ("Type", type_),
        ("Description", description),
    ):
        if value is not None:
            lines.append(f"{name}: {value}")
    return "\n".join(lines) + "\n"


def run(runner: CliRunner, cli, *args, **kwargs):
    """``planner ARGS`` through the runner (paths may be given as Path objects)."""
    return runner.invoke(cli, [str(a) for a in args], **kwargs)


def by_title(schedule, title: str):
    """The one session of ``schedule`` titled ``title``."""
    matches = [s for s in schedule.sessions if s.title == title]
    assert len(matches) == 1, [s.title for s in schedule.sessions]
    return matches[0]


def line_of(path: Path, fragment: str, nth: int = 1) -> int:
    """The 1-based line where ``fragment`` occurs in ``path`` for the ``nth`` time."""
    text = path.read_text(encoding="utf-8")
    position = -1
    for _ in range(nth):
        position = text.index(fragment, position + 1)
    return text[:position].count("\n") + 1


def file_writer(folder: Path, stem: str, suffix: str, render: Callable[..., str]) -> Callable[..., Path]:
    """A function that writes ``render(*args, **kwargs)`` to a new numbered file in
    ``folder`` (``schedule0.xml``, ``schedule1.xml``, ...) and returns its path."""
    counter = iter(range(10_000))

    def write(*args, name: str | None = None, **kwargs) -> Path:
        path = folder / (name or f"{stem}{next(counter)}{suffix}")
        # Bytes, so that the \r\n of an iCalendar feed is written as it is.
        path.write_bytes(render(*args, **kwargs).encode("utf-8"))
        return path

    return write


@pytest.fixture
def write_schedule(tmp_path: Path):
    """Write a sched text file from blocks and return its path."""
    return file_writer(tmp_path, "schedule", ".txt", sched_text)


@pytest.fixture(scope="session")
def venue():
    from planner.venue import load_venue

    return load_venue()


@pytest.fixture(scope="session")
def schedule():
    from planner import load_schedule

    return load_schedule()


@pytest.fixture(autouse=True)
def _in_a_fresh_folder(tmp_path, monkeypatch):
    """Every test runs in an empty folder: an ./agenda.yaml a person keeps in the
    checkout (the README's first command makes one) must not change what tests see."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    # Tests must not pick up a developer's own settings (COLUMNS: output wraps at a known
    # width; a test that wants a width gives it).
    for name in ("PLANNER_SCHEDULE", "PLANNER_AGENDA", "PLANNER_VENUE", "NO_COLOR", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


@pytest.fixture
def cli():
    from planner.cli import cli as command

    return command.load_all()  # every command in cli.commands, for the tests that walk them


# -- markers: a fast loop for development ---------------------------------------------
# `python -m pytest -m "not slow and not servers and not tui and not browser"` runs what
# needs no server, terminal or browser; `.ci/run` (the README's test command) runs all.
_MARKED_FILES = {
    "servers": ("test_sync", "test_caldav", "test_fetch", "test_open"),
    "tui": ("test_tui",),
    "browser": ("test_html_view",),
    "slow": ("test_fuzz", "test_speaker_shortcut", "test_team_solver"),
}


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        name = item.path.stem
        for marker, prefixes in _MARKED_FILES.items():
            if name.startswith(prefixes):
                item.add_marker(marker)
        # A test on a real CalDAV server is a servers test, whatever its file is called.
        if "server" in getattr(item, "fixturenames", ()):
            item.add_marker("servers")
