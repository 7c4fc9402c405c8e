"""Which schedule a command reads: one rule, in :func:`choose_schedule`, for every command.

>>> choose_schedule("no-such-agenda.yaml").source.reference
'bundled:kubecon-na-2025-thursday'
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from .agenda import Agenda
from .agenda_file import DEFAULT_AGENDA, AgendaFile
from .fetch import is_url, public_url
from .frozen import frozen
from .readers import BUNDLED_PREFIX, ScheduleSource
from .settings import from_environment

__all__ = ["ScheduleChoice", "choose_schedule", "from_agenda"]


@frozen(kw_only=False)
class ScheduleChoice:
    """The agenda file, what it holds (None: no file yet) and the schedule to read with it."""

    file: AgendaFile
    saved: Agenda | None
    source: ScheduleSource
    notices: tuple[str, ...] = ()


def choose_schedule(
    agenda: str | os.PathLike | None = None, source: ScheduleSource | None = None
) -> ScheduleChoice:
    """The one rule for which schedule a command reads: ``--schedule`` (``source.path``),
    else ``$PLANNER_SCHEDULE``, else the schedule the agenda names, else the bundled day.
    The agenda is ``agenda``, else ``$PLANNER_AGENDA``, else ./agenda.yaml. Browsing
    (``sessions``, ``show``) and planning (``pick``, ``agenda``, ...) all ask here.

    >>> choose_schedule("no-such-agenda.yaml").source.reference
    'bundled:kubecon-na-2025-thursday'
    """
    env = from_environment()
    source = source or ScheduleSource()
    if source.path is None and env.schedule:
        source = source.with_path(env.schedule)
    file = AgendaFile(Path(agenda or env.agenda or DEFAULT_AGENDA))
    saved = file.load() if file.exists() else None
    notices: list[str] = []
    chosen = source
    if saved and saved.schedule:
        named = from_agenda(saved.schedule, file.path)
        if source.path is None:
            chosen = source.with_path(named)
        elif not _same_schedule(source.path, named):
            notices.append(f"{file.label} was made from {saved.schedule}; using {source.path} as asked")
    if chosen.tz is None and saved and saved.timezone:
        chosen = dataclasses.replace(chosen, tz=saved.timezone)
    return ScheduleChoice(file, saved, chosen, tuple(notices))


def from_agenda(reference: str, agenda_file: Path) -> str:
    """A schedule or venue named in an agenda file: bundled, or relative to the file."""
    if reference.startswith(BUNDLED_PREFIX) or os.path.isabs(reference) or is_url(reference):
        return reference
    return str(agenda_file.parent / reference)


def _same_schedule(a: str, b: str) -> bool:
    if a.startswith(BUNDLED_PREFIX) or b.startswith(BUNDLED_PREFIX) or is_url(a) or is_url(b):
        return public_url(a) == public_url(b)
    return Path(a).resolve() == Path(b).resolve()
