"""``planner tui``: a full-screen terminal UI over the agenda file (needs Textual: the
``tui`` extra, see :mod:`planner.extras`).

Nothing here imports Textual until :func:`run` is called, so ``planner --help``
stays fast and planner works without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..extras import require

if TYPE_CHECKING:
    from ..planning import Planner


def require_textual() -> None:
    """Raise a :class:`PlannerError` with the install command when Textual is missing."""
    require("tui")


def run(planner: Planner) -> None:
    """Run the terminal UI on ``planner``'s agenda until the user quits."""
    require_textual()
    from .app import PlannerApp

    PlannerApp(planner).run()
