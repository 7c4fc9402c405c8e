"""How things look on a terminal: the words of :mod:`planner.wording`, styled.

Pure functions from results to strings; the CLI decides where they go and click
decides whether colour survives (only on a terminal, never with NO_COLOR). This
package and :mod:`planner.cli` are the only places that import click.
"""

from __future__ import annotations

import shutil


def terminal_width() -> int:
    """The terminal's width in columns, at least 60 (80 when not a terminal)."""
    return max(60, shutil.get_terminal_size((80, 24)).columns)
