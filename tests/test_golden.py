"""Golden output of the main commands on the example agenda and the bundled day.

This guards refactoring: a change that alters what a person sees fails here.
When an output changes on purpose, regenerate with
``PLANNER_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff
of ``tests/golden/`` in the commit.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = ROOT / "examples" / "kubecon-thursday.yaml"
NOW = "2025-11-13T08:00:00-05:00"

# name -> argv (run in a folder holding agenda.yaml, a copy of the example agenda)
COMMANDS: dict[str, list[str]] = {
    "sessions": ["sessions"],
    "sessions-at": ["sessions", "--at", "11:15"],
    "sessions-json": ["sessions", "--building", "C", "--json"],
    "show": ["show", "8q2qm"],
    "agenda": ["agenda"],
    "agenda-json": ["agenda", "--json"],
    "conflicts": ["conflicts"],
    "conflicts-json": ["conflicts", "--json"],
    "walk": ["walk", "B401-402", "C111-112"],
    "check": ["check"],
    "suggest": ["suggest", "--interest", "gitops:3, security:2, ebpf"],
    "suggest-json": ["suggest", "--interest", "gitops:3, security:2, ebpf", "--json"],
    "gaps": ["gaps", "--interest", "observability"],
    "suggest-fresh": ["suggest", "-a", "fresh.yaml", "--interest", "gitops:3, security:2, ebpf"],
    "suggest-fresh-json": ["suggest", "-a", "fresh.yaml", "--interest", "gitops:3, ebpf", "--json"],
    "gaps-fresh": ["gaps", "-a", "fresh.yaml", "--interest", "observability", "--lunch", "12:15-13:00"],
    "frab-sessions": ["sessions", "--schedule", str(ROOT / "tests/data/oid2025-schedule.xml"), "--day", "2"],
    "frab-sessions-json": [
        "sessions",
        "--schedule",
        str(ROOT / "tests/data/oid2025-schedule.json"),
        "--json",
    ],
    "alternatives": ["alternatives", "11:00"],
    "next": ["next", "--at", "11:20"],
    "next-json": ["next", "--at", "11:20", "--json"],
    "export-ics": ["export", "-o", "-", "--now", NOW],
    "export-html": ["export", "--format", "html", "-o", "-", "--now", NOW],
}


def _normalise(text: str) -> str:
    # The version string is the only thing expected to move between releases; the checkout's
    # folder moves between machines.
    text = text.replace(str(ROOT), "ROOT")
    return re.sub(r"planner \d+\.\d+\.\d+\S*", "planner VERSION", text)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_golden_output(name, runner, cli, tmp_path, monkeypatch):
    folder = tmp_path / "golden-run"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "agenda.yaml")
    monkeypatch.chdir(folder)
    result = runner.invoke(cli, COMMANDS[name], catch_exceptions=False)
    got = _normalise(f"exit {result.exit_code}\n{result.output}")
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("PLANNER_REGEN_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with PLANNER_REGEN_GOLDEN=1"
    assert got == path.read_text(encoding="utf-8")
