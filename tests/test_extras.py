"""The core install pulls no team or TUI library, and each feature whose library is
missing says, in one line, which command installs it."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from planner.extras import DISTRIBUTION, EXTRAS, install_command

HEAVY = {"scipy", "numpy", "caldav", "textual"}


def _name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9._-]+", requirement).group(0).lower().replace("_", "-")


def _core_closure() -> set[str]:
    """Every distribution the core install brings, following installed packages' requirements
    (markers other than extras are taken as true: a superset of what pip installs)."""
    seen: set[str] = set()
    todo = [req for req in metadata.requires(DISTRIBUTION) or [] if "extra ==" not in req]
    while todo:
        name = _name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        with contextlib.suppress(metadata.PackageNotFoundError):
            todo += [r for r in metadata.requires(name) or [] if "extra ==" not in r]
    return seen


def test_the_core_install_pulls_no_heavy_library() -> None:
    closure = _core_closure()
    assert {"click", "pydantic", "icalendar"} <= closure
    assert not closure & HEAVY, sorted(closure & HEAVY)


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


def test_team_plan_without_scipy_says_what_to_install(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    team = next(examples.glob("*team*.yaml"))
    result = run_without("scipy", "team", "plan", str(team), cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "needs scipy, which is not installed: python3 -m pip install 'scipy>=1.15,<2'" in result.stderr
