"""Plan as a team: split a team across parallel tracks, exactly, and see who is where.

::

    from planner.team import plan_team
    outcome = plan_team("examples/team.yaml", save=True)
    outcome.plan.total, [m.share for m in outcome.plan.members]

- :mod:`.spec`: the team file (validated, errors with their line);
- :mod:`.solver`: the day as an optimisation problem, the exact ILP and the greedy baseline;
- :mod:`.opening`: a team file opened against its schedule, its days as problems, saving;
- :mod:`.strategies`: exact, greedy and independent plans; :mod:`.model`: the results and their JSON;
- :mod:`.show`: the members' own agendas merged; :mod:`.plan`: :class:`Team`, which joins them;
- :mod:`.calendar`: one team calendar (.ics), :mod:`.export` its versioned write;
- :mod:`.html`: the day view, a column per member;
- :mod:`.render`: text for a terminal.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import PlannerError
from ..files import atomic_write
from ..plan_options import PlanOptions
from .model import SaveResult, TeamPlan, TeamView
from .plan import Team, open_team
from .show import view
from .spec import TeamError, TeamSpec, load_team_spec
from .strategies import DEFAULT_TIME_LIMIT, STRATEGIES, Strategy


@dataclass(frozen=True)
class PlanOutcome:
    plan: TeamPlan
    saved: tuple[SaveResult, ...] | None = None


def plan_team(
    path: str | os.PathLike,
    strategy: Strategy = "exact",
    save: bool = False,
    options: PlanOptions | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> PlanOutcome:
    """Plan the team of the file at ``path``; with ``save``, write each member's agenda."""
    team = Team.open(path, options)
    plan = team.plan(strategy, time_limit)
    saved = tuple(team.save(plan)) if save else None
    return PlanOutcome(plan, saved)


def show_team(path: str | os.PathLike, options: PlanOptions | None = None, best: int = 8) -> TeamView:
    """The merged day of the members' own agendas (see :func:`planner.team.plan.view`)."""
    return view(Team.open(path, options), best)


@dataclass(frozen=True)
class ExportOutcome:
    path: Path
    events: int
    changed: int = 0
    cancelled: int = 0


def export_team(
    path: str | os.PathLike,
    output: str | os.PathLike,
    strategy: Strategy = "exact",
    from_agendas: bool = False,
    options: PlanOptions | None = None,
    now: dt.datetime | None = None,
    *,
    feed: bool = False,
    cancel_dropped: bool = False,
) -> ExportOutcome:
    """Write one team calendar: the plan's sessions (or, ``from_agendas``, what the
    members' agendas hold), each naming who goes. An ``output`` ending in .html
    gets the day view with a column per member instead (of the plan).

    The .ics is versioned per output file (see :mod:`.calendar`); ``feed`` writes
    the variant to publish at a URL, ``cancel_dropped`` cancels dropped events once.
    """
    from .calendar import events_of_plan, events_of_view
    from .export import write_versioned

    team = Team.open(path, options)
    if Path(output).suffix.lower() in (".html", ".htm"):
        if from_agendas or feed or cancel_dropped:
            raise PlannerError("the HTML view shows a plan; leave out --agendas, --feed and --cancel-dropped")
        from .html import team_html

        plan = team.plan(strategy)
        title = f"{team.planner.schedule.name or 'Conference'} - team {team.path.stem}"
        atomic_write(output, team_html(plan, title), error=PlannerError)
        return ExportOutcome(Path(output), sum(len(m.picks) for m in plan.members))
    events = events_of_view(view(team)) if from_agendas else events_of_plan(team.plan(strategy))
    written = write_versioned(team, events, output, now, feed=feed, cancel_dropped=cancel_dropped)
    return ExportOutcome(Path(output), written.events, written.changed, written.cancelled)


__all__ = [
    "STRATEGIES",
    "ExportOutcome",
    "PlanOutcome",
    "Team",
    "TeamError",
    "TeamPlan",
    "TeamSpec",
    "TeamView",
    "export_team",
    "load_team_spec",
    "open_team",
    "plan_team",
    "show_team",
]
