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

    ``$COLUMNS`` is read here and in :func:`known_width` (through :func:`shutil.get_terminal_size`).
    """
    return min(MAX_WIDTH, max(60, shutil.get_terminal_size((80, 24)).columns))


def known_width() -> int | None:
    """The terminal's width when one is known ($COLUMNS, or output to a terminal), from
    60 to 1,000; None when the output goes to a pipe or file with no $COLUMNS."""
    columns = shutil.get_terminal_size((0, 0)).columns
    return min(MAX_WIDTH, max(60, columns)) if columns else None
