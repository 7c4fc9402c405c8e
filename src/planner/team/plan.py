"""A team file opened against its schedule and venue, planned, shown and saved::

    team = Team.open("examples/team.yaml")
    plan = team.plan()              # exact; team.plan("greedy") for the baseline
    plan.total, [(m.name, m.share) for m in plan.members]
    team.save(plan)                 # each member's agenda, one locked save each

:class:`Team` joins the parts, each in its own module: opening the team file and
the day as a problem (:mod:`.opening`, which also states the rules), the
strategies (:mod:`.strategies`), the result and its JSON (:mod:`.model`) and the
merged day of the members' own agendas (:mod:`.show`); import each name from the
module that defines it.
"""

from __future__ import annotations

import os

from ..plan_options import PlanOptions
from .model import TeamPlan
from .opening import OpenedTeam
from .strategies import DEFAULT_TIME_LIMIT, Strategy, make_plan


class Team(OpenedTeam):
    """A team file opened (see :class:`.opening.OpenedTeam`) that can plan its day."""

    def plan(self, strategy: Strategy = "exact", time_limit: float = DEFAULT_TIME_LIMIT) -> TeamPlan:
        """Each member's day, chosen together (``exact``), in turn (``greedy``), or
        alone (``independent``: each member's own ``suggest``, ignoring the team).

        ``time_limit`` (seconds, per day) bounds the exact solver; a plan it could
        not prove best says so in the notices, with how far from the bound it may be.
        """
        return make_plan(self, strategy, time_limit)


def open_team(path: str | os.PathLike, options: PlanOptions | None = None) -> Team:
    """:meth:`Team.open`, as a function."""
    return Team.open(path, options)
