"""``planner tui``: the terminal UI command (the app is in :mod:`planner.tui`)."""

from __future__ import annotations

from .app import cli
from .options import Workspace, agenda_options


@cli.command()
@agenda_options
def tui(workspace: Workspace) -> None:
    """Pick sessions in a full-screen terminal UI, saved at once to the agenda.

    Arrows, PgUp/PgDn, Home/End move; / searches; p picks (must), m as maybe,
    d drops, u undoes; g shows the grid; [ and ] change day; t, b and f filter
    by track, building and free time; e exports, v opens the day view; q quits.
    Needs Textual (the tui extra): python3 -m pip install 'textual>=8.2,<9'.

    \b
    Example:
      planner tui --agenda kubecon.yaml
    """
    from ..tui import require_textual, run

    require_textual()
    run(workspace.open())
