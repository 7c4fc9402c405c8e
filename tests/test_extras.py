"""The core install pulls no team, sync or TUI library, and each feature whose library is
missing says, in one line, which command installs it."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from planner.extras import DISTRIBUTION, EXTRAS, install_command

HEAVY = {"scipy", "numpy", "caldav", "textual"}


def test_the_core_install_pulls_no_heavy_library() -> None:
    core = [req for req in metadata.requires(DISTRIBUTION) or [] if "extra ==" not in req]
    names = {re.match(r"[A-Za-z0-9._-]+", req).group(0).lower() for req in core}
    assert names and not names & HEAVY


def test_each_extra_is_a_declared_extra_of_the_distribution() -> None:
    declared = set(metadata.metadata(DISTRIBUTION).get_all("Provides-Extra") or [])
    assert set(EXTRAS) <= declared


@pytest.mark.parametrize("extra", sorted(EXTRAS))
def test_the_install_command_names_libraries_never_a_distribution_from_the_index(extra: str) -> None:
    command = install_command(extra)
    assert command.startswith("python3 -m pip install '")
    assert "[" not in command and DISTRIBUTION not in command and "planner" not in command


def run_without(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    code = (
        f"import sys; sys.modules[{module!r}] = None; sys.argv = ['planner', *sys.argv[1:]];"
        "from planner.cli import main; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_sync_to_a_caldav_server_without_caldav_says_what_to_install(tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.yaml"
    agenda.write_text("version: 1\npicks:\n  - id: 8q2qm\n")
    result = run_without("caldav", "sync", "--agenda", str(agenda), "http://127.0.0.1:9/cal/", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "planner: error: syncing to a CalDAV server needs caldav, which is not installed: "
        "python3 -m pip install 'caldav>=3.6,<4'"
    ]


def test_team_plan_without_scipy_says_what_to_install(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    team = next(examples.glob("*team*.yaml"))
    result = run_without("scipy", "team", "plan", str(team), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "needs scipy, which is not installed: python3 -m pip install 'scipy>=1.11,<2'" in result.stderr
