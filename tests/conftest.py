"""Shared fixtures: the bundled schedule, small schedule files, and a CLI runner."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.readers import DEFAULT_SCHEDULE, bundled_schedule_path

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


@pytest.fixture
def write_schedule(tmp_path: Path):
    """Write a schedule file from blocks and return its path."""
    counter = iter(range(1000))

    def write(*blocks: str, header: str = HEADER, name: str | None = None) -> Path:
        path = tmp_path / (name or f"schedule{next(counter)}.txt")
        path.write_text(sched_text(*blocks, header=header), encoding="utf-8")
        return path

    return write


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
    # Tests must not pick up a developer's own settings.
    for name in ("PLANNER_SCHEDULE", "PLANNER_AGENDA", "PLANNER_VENUE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


@pytest.fixture
def cli():
    from planner.cli import cli as command

    return command
