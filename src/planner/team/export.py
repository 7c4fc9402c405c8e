"""The team calendar written to a file and versioned, as ``planner export`` does the agenda's.

What each output said last is kept in planner's state folder beside the team file
(:mod:`planner.state`, part ``team_export``), one record per output file, so the
import file and the feed never raise each other's SEQUENCE::

    team/team.yaml
    team/.planner/team.yaml/team_export.json
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from ..agenda import ExportState
from ..errors import PlannerError
from ..files import atomic_write
from ..state import AgendaState
from .calendar import TeamCalendar, TeamEvent, team_calendar
from .opening import OpenedTeam

PART = "team_export"


def output_key(team_path: Path, output: str | os.PathLike) -> str:
    """How the record names an output: relative to the team file's folder (a moved
    folder keeps its records), else the absolute path.

    >>> output_key(Path("/t/team.yaml"), "/t/out/team.ics")
    'out/team.ics'
    """
    path = Path(output).expanduser().resolve()
    try:
        return path.relative_to(team_path.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def locked(state: AgendaState, team_path: Path) -> contextlib.AbstractContextManager[None]:
    """Hold the team state's lock, so two exports or syncs at once do not lose a version."""
    return state.locked(what="team file", label=str(team_path))


def write_versioned(
    team: OpenedTeam,
    events: list[TeamEvent],
    output: str | os.PathLike,
    now: dt.datetime | None = None,
    *,
    feed: bool = False,
    cancel_dropped: bool = False,
) -> TeamCalendar:
    """Build the team calendar against this output's last record, write it, record it."""
    state = AgendaState.for_agenda(team.path)
    with locked(state, team.path):
        key = output_key(team.path, output)
        record = state.read(PART, ExportState)
        built = team_calendar(
            team, events, now, previous=record.output(key), feed=feed, cancel_dropped=cancel_dropped
        )
        atomic_write(output, built.text, error=PlannerError, newline="")
        try:
            state.write(PART, record.with_output(key, built.state))
        except PlannerError as exc:
            raise PlannerError(
                f"wrote {output}, but could not record the export ({exc.message}); "
                "the next export counts these changes again",
                path=exc.path,
            ) from None
    return built
