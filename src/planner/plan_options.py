"""The choices a command passes over the agenda file's settings, apart from the planner
so the browsing commands (``show``, ``sessions``) need not import it.

>>> PlanOptions(buffer_minutes=5)
PlanOptions(buffer_minutes=5, venue=None, pace=None)
"""

from __future__ import annotations

from .frozen import frozen


@frozen(kw_only=False)
class PlanOptions:
    """Choices that override the agenda file's settings (``--buffer``, ``--venue``)."""

    buffer_minutes: int | None = None
    venue: str | None = None
    pace: float | None = None
