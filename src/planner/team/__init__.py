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
- :mod:`.duty`: who the saved plan put on duty (``team plan`` and ``team show`` agree);
- :mod:`.members`: a member added from their agenda file or share text (``team add``);
- :mod:`.calendar`: the team calendar's events, :mod:`.export` its versioned write (the
  calendar and the day view with a column per member are writers of the registry:
  :mod:`planner.export.writers.team_ics`, :mod:`planner.export.writers.team_html`);
- :mod:`.render`: text for a terminal.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..errors import PlannerError
from ..files import atomic_write
from ..frozen import frozen
from ..plan_options import PlanOptions
from .members import AddedMember, add_member
from .model import SaveResult, TeamPlan, TeamView
from .plan import Team, open_team
from .show import view
from .spec import TeamError, TeamSpec, load_team_spec
from .strategies import DEFAULT_TIME_LIMIT, STRATEGIES, Strategy


@frozen(kw_only=False)
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


@frozen(kw_only=False)
class ExportOutcome:
    path: Path
    events: int
    changed: int = 0
    cancelled: int = 0
    # The line to print, as the writer words it: "Wrote 19 team events to team.ics (...)".
    report: str = ""


def team_writer(output: str | os.PathLike, fmt: str | None = None, feed: bool = False) -> str:
    """The name of the registry's team writer for ``output``: ``fmt`` if given, else the
    one whose extension ``output`` ends with (.ics when none does); ``feed`` picks the feed.

    >>> team_writer("team.html"), team_writer("team.ics", feed=True), team_writer("x", "team-html")
    ('team-html', 'team-ics-feed', 'team-html')
    """
    from ..export import writer_classes

    classes = writer_classes("team")
    if fmt is None:
        suffix = Path(output).suffix.lower()
        suffix = ".html" if suffix == ".htm" else suffix
        fmt = next((n for n, c in classes.items() if c.extension == suffix), "team-ics")
    if fmt not in classes:
        raise PlannerError(f"unknown team export format {fmt!r} (known: {', '.join(classes)})")
    return "team-ics-feed" if feed and fmt == "team-ics" else fmt


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
    fmt: str | None = None,
) -> ExportOutcome:
    """Write the team's output with a team writer of the registry (``fmt``, else by
    the suffix of ``output``, see :func:`team_writer`): the calendar of the plan's
    sessions (or, ``from_agendas``, what the members' agendas hold), each naming who
    goes; or (``team-html``, an ``output`` ending in .html) the plan as a day view
    with a column per member.

    The .ics is versioned per output file (see :mod:`.calendar`); ``feed`` writes
    the variant to publish at a URL, ``cancel_dropped`` cancels dropped events once.
    """
    from ..export import ExportRequest, calendar_name, get_writer
    from ..export.writers.ics import IcsRendered
    from .calendar import events_of_plan, events_of_view
    from .export import write_versioned

    name = team_writer(output, fmt, feed)
    team = Team.open(path, options)
    if name == "team-html":
        if from_agendas or feed or cancel_dropped:
            raise PlannerError("the HTML view shows a plan; leave out --agendas, --feed and --cancel-dropped")
        writer = get_writer(name)
        schedule = team.planner.schedule
        title = calendar_name(schedule, f"team {team.path.stem}")
        request = ExportRequest(
            schedule, team.planner.venue, writer.Options(), title, team=team.plan(strategy)
        )
        rendered = writer.build(request)
        atomic_write(output, rendered.text, error=PlannerError)
        return ExportOutcome(Path(output), rendered.events, report=writer.report(rendered, str(output)))
    events = events_of_view(view(team)) if from_agendas else events_of_plan(team.plan(strategy))
    feed = name == "team-ics-feed"
    written = write_versioned(team, events, output, now, feed=feed, cancel_dropped=cancel_dropped)
    counts = IcsRendered("", written.events, changed=written.changed, cancelled=written.cancelled)
    report = get_writer(name).report(counts, str(output))
    return ExportOutcome(Path(output), written.events, written.changed, written.cancelled, report)


__all__ = [
    "STRATEGIES",
    "AddedMember",
    "ExportOutcome",
    "PlanOutcome",
    "Team",
    "TeamError",
    "TeamPlan",
    "TeamSpec",
    "TeamView",
    "add_member",
    "export_team",
    "load_team_spec",
    "open_team",
    "plan_team",
    "show_team",
    "team_writer",
]
