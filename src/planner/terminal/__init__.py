"""How things look on a terminal: the words of :mod:`planner.wording`, styled.

Pure functions from results to strings; the CLI decides where they go and click
decides whether colour survives (only on a terminal, never with NO_COLOR). This
package and :mod:`planner.cli` are the only places that import click.
"""

from __future__ import annotations

import shutil


# Wider than any screen; $COLUMNS past it (999999999) must not size a line of gigabytes.
MAX_WIDTH = 1000


def terminal_width() -> int:
    """The terminal's width in columns, from 60 to 1,000 (80 when not a terminal).

    ``$COLUMNS`` is read here (through :func:`shutil.get_terminal_size`) and nowhere else.
    """
    return min(MAX_WIDTH, max(60, shutil.get_terminal_size((80, 24)).columns))
