"""The day view as a string or a file, for library users (``planner view`` uses
:func:`planner.export.service.view_agenda`, which goes through the registry)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..service import agenda_request, view_agenda
from . import HtmlOptions, HtmlWriter

if TYPE_CHECKING:
    from ...agenda import Agenda
    from ...day import DayPlan
    from ...planning import Planner


def html_for(
    planner: Planner,
    with_alternatives: bool = False,
    day: DayPlan | None = None,
    agenda: Agenda | None = None,
) -> str:
    """The day view of ``planner``'s agenda (``day``, if already planned), as HTML.

    ``planner view`` writes this to a file; ``planner export --format html``
    gets the same page through :class:`HtmlWriter`.
    """
    options = HtmlOptions(with_alternatives=with_alternatives)
    return HtmlWriter().render(agenda_request(planner, options, day=day, agenda=agenda))


def write_view(
    planner: Planner,
    path: str | os.PathLike | None = None,
    *,
    with_alternatives: bool = False,
    day: DayPlan | None = None,
) -> Path:
    """Write the day view to ``path`` (a new temporary file if None) and return where."""
    options = HtmlOptions(with_alternatives=with_alternatives)
    outcome = view_agenda(planner, "html", None if path is None else str(path), options, day=day)
    return Path(outcome.path)
