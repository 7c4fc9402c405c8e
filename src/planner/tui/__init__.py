"""``planner tui``: a full-screen terminal UI over the agenda file (needs Textual:
``pip install 'planner[tui]'``).

Nothing here imports Textual until :func:`run` is called, so ``planner --help``
stays fast and planner works without it.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from ..errors import PlannerError

if TYPE_CHECKING:
    from ..planning import Planner

INSTALL_HINT = "pip install 'planner[tui]'"


def require_textual() -> None:
    """Raise a :class:`PlannerError` with the install hint when Textual is missing."""
    try:
        missing = importlib.util.find_spec("textual") is None
    except (ImportError, ValueError):  # a broken or blocked install
        missing = True
    if missing:
        raise PlannerError(f"the terminal UI needs Textual, which is not installed: {INSTALL_HINT}")


def run(planner: Planner) -> None:
    """Run the terminal UI on ``planner``'s agenda until the user quits."""
    require_textual()
    from .app import PlannerApp

    PlannerApp(planner).run()
