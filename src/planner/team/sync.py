"""The team calendar written into a CalDAV calendar or a vdir, through planner's one sync engine.

As ``planner sync`` does for an agenda (:func:`planner.sync.run_sync`: decide every
action, then send them, each acknowledged request journaled), with the team's own
state beside the team file: ``.planner/team.yaml/team_sync.json`` (what each
calendar holds) and the ``team_export`` record under ``sync:<calendar>`` (SEQUENCE
and LAST-MODIFIED of each event, as the file export keeps them).

Example::

    from planner.team.sync import sync_team
    report = sync_team("team.yaml", "https://dav.example.org/ann/team/")
    print(report.to_json())
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from ..agenda import ExportState
from ..errors import PlannerError
from ..plan_options import PlanOptions
from ..state import AgendaState
from ..sync import SyncReport, SyncState, SyncTarget, outcome, run_sync
from ..sync import _store_for as store_for
from ..sync import _wanted as wanted_of
from ..sync.records import Journal
from .calendar import events_of_plan, events_of_view, team_calendar
from .export import PART, locked
from .plan import Team
from .show import view
from .strategies import Strategy

SYNC_PART = "team_sync"


def sync_team(
    path: str | os.PathLike,
    target: str | None = None,
    strategy: Strategy = "exact",
    from_agendas: bool = False,
    options: PlanOptions | None = None,
    *,
    cancel: bool | None = None,
    force: bool = False,
    dry_run: bool = False,
    now: dt.datetime | None = None,
    name: str | None = None,
    timeout: float | None = None,
) -> SyncReport:
    """Bring the calendar at ``target`` (a CalDAV URL or a folder; ``None``: the last
    one) in step with the team's plan (``from_agendas``: what the agendas hold).
    ``cancel`` ``None`` keeps that calendar's last choice. Raises :class:`SyncError`
    when the calendar cannot be reached; a failure part way has recorded what was done."""
    team = Team.open(path, options)
    events = events_of_view(view(team)) if from_agendas else events_of_plan(team.plan(strategy))
    schedule = team.planner.schedule
    kept = AgendaState.for_agenda(team.path)
    with locked(kept, team.path):
        synced = Journal(kept.folder / f"{SYNC_PART}.journal").replay(kept.read(SYNC_PART, SyncState))
        target = target or synced.url
        if not target:
            raise PlannerError(
                "no calendar to sync the team to yet",
                hint="planner team sync TEAM_FILE URL (a CalDAV calendar) or TEAM_FILE DIR/ (a vdir folder)",
            )
        title = f"{schedule.name or 'Conference'} - team {team.path.stem}"
        store, key = store_for(target, name or title, timeout)
        held = synced.targets.get(key, SyncTarget())
        cancel = held.cancel if cancel is None else cancel
        record = kept.read(PART, ExportState)
        output = f"sync:{key}"
        built = team_calendar(team, events, now, previous=record.output(output), cancel_dropped=cancel)
        current = {e.session_id or e.item.id for e in events}
        plan, records, created, failure = run_sync(
            store,
            key,
            target,
            synced,
            kept,
            SYNC_PART,
            wanted_of(built.text, built.state.events, schedule.key),
            dict(built.state.events),
            current,
            f"{schedule.key}-team-{team.path.stem}",
            cancel=cancel,
            force=force,
            dry_run=dry_run,
        )
        if not dry_run:
            kept.write(PART, record.with_output(output, replace(built.state, events=records)))
    return outcome(key, plan, failure, dry_run, created, again="planner team sync")
