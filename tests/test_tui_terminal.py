"""`planner tui` in a real terminal: tmux at 120x40, keys sent as a person types them."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.agenda_file import AgendaFile

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (CI installs it in .ci/run)")


class Terminal:
    """One tmux server of our own (its own socket), running one command."""

    def __init__(self, folder: Path, command: list[str], size: tuple[int, int] = (120, 40)) -> None:
        self.socket = folder / "tmux.sock"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "PLANNER_"))}
        env["TERM"] = "xterm-256color"
        self.tmux(
            "new-session",
            "-d",
            "-s",
            "tui",
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            # Keep the pane after the command ends, to read its last screen and exit status.
            shlex.join(command) + "; echo EXITED $?; sleep 30",
            env=env,
        )

    def tmux(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = subprocess.run(
            [TMUX, "-S", str(self.socket), "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=20,
            check=True,
        )
        return result.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "tui")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed; the screen was:\n{self.screen()}")

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "tui", *keys)

    def close(self) -> None:
        subprocess.run([TMUX, "-S", str(self.socket), "kill-server"], capture_output=True, timeout=20)


def test_search_pick_and_quit_in_tmux(tmp_path: Path) -> None:
    agenda = tmp_path / "agenda.yaml"
    terminal = Terminal(tmp_path, [sys.executable, "-m", "planner", "tui", "--agenda", str(agenda)])
    try:
        terminal.wait_for("KubeCon + CloudNativeCon North America 2025")
        terminal.wait_for("99 sessions")
        terminal.send("/")
        terminal.wait_for("search title, speakers")
        terminal.send("-l", "keda")
        terminal.wait_for("search 'keda'")
        terminal.send("Enter")
        terminal.send("p")
        terminal.wait_for("picked 8q2qm")
        terminal.send("q")
        terminal.wait_for("EXITED 0")
    finally:
        terminal.close()
    assert [p.id for p in AgendaFile(agenda).load().picks] == ["8q2qm"]


def test_keys_typed_ahead_in_one_burst_are_never_lost(tmp_path: Path) -> None:
    """Search, pick, maybe, drop and undo typed at once, faster than any redraw."""
    agenda = tmp_path / "agenda.yaml"
    terminal = Terminal(tmp_path, [sys.executable, "-m", "planner", "tui", "--agenda", str(agenda)], (80, 24))
    try:
        terminal.wait_for("99 sessions")
        # keda matches 8q2qm then sbxjz: must the first, maybe the second, drop the first, undo the drop.
        terminal.send("/", "k", "e", "d", "a", "Enter", "p", "Down", "m", "Up", "d", "u", "q")
        terminal.wait_for("EXITED 0")
    finally:
        terminal.close()
    picks = AgendaFile(agenda).load().picks
    assert {p.id: p.priority for p in picks} == {"8q2qm": "must", "sbxjz": "maybe"}
