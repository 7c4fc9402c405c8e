"""A team assembled from what people send: a teammate's agenda file or share text.

``planner team add TEAM_FILE NAME SOURCE`` (:func:`add_member`) takes what a
teammate sent, one of

- their agenda file (``agenda.yaml``, anywhere on the disk: it is only read),
- the line ``planner share`` printed (``planner-share/1 ...``), or a file holding it,

and copies their picks (must and maybe, in order) into ``NAME.yaml`` beside the
team file, the agenda ``team plan --save`` writes to; a new member is added to
the team file (its comments kept). Their must picks are then fixed in the team
plan and shown by ``team show``. Adding again merges: picks already there are
kept, new ones appended, nothing is removed::

    add_member("team.yaml", "dana", "planner-share/1 bundled%3Akubecon-na-2025-thursday must:8q2qm")
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..agenda import Agenda, Pick
from ..agenda_document import agenda_yaml
from ..agenda_file import AgendaFile
from ..errors import PlannerError
from ..files import atomic_write, read_text_input
from ..frozen import frozen
from ..planning import Planner
from ..safe_yaml import load_yaml
from ..sharing import SHARE_PREFIX, parse_share
from .opening import OpenedTeam
from .spec import MAX_TEAM_BYTES, MemberSpec, TeamError, parse_team_text

# An agenda or a share text someone sends is small; a 10,000-pick agenda is about 2 MB.
MAX_SENT_BYTES = 8 * 1024 * 1024


@frozen(kw_only=False)
class Sent:
    """What a teammate sent: their picks (in order), the schedule it names, and what it was."""

    picks: tuple[Pick, ...]
    schedule: str | None
    label: str
    # Settings of a sent agenda a team plan uses (pace, buffer, drop-in types).
    settings: dict[str, Any]


@frozen(kw_only=False)
class AddedMember:
    """What :func:`add_member` did."""

    name: str
    agenda: str
    source: str
    # True when the member was new to the team file.
    joined: bool
    added: tuple[str, ...]
    kept: tuple[str, ...]
    # Picks whose session the team's schedule does not have.
    unknown: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "agenda": self.agenda,
            "source": self.source,
            "joined": self.joined,
            "added": list(self.added),
            "kept": list(self.kept),
            "unknown": list(self.unknown),
        }


def read_sent(source: str) -> Sent:
    """The picks in ``source``: a share text, or a file holding one or an agenda."""
    if source.lstrip().startswith(SHARE_PREFIX):
        return _from_share(source, "share text")
    label = source
    text = read_text_input(Path(source), what="agenda or share text", limit=MAX_SENT_BYTES, label=label)
    if text.lstrip().startswith(SHARE_PREFIX):
        return _from_share(text.lstrip().splitlines()[0], label)
    # Not a share text: an agenda file, read (and validated) as planner reads its own.
    agenda: Agenda = AgendaFile(Path(source)).load()
    settings = {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in (
            ("pace", agenda.pace),
            ("buffer", agenda.buffer),
            ("drop_in_types", agenda.drop_in_types),
        )
        if value is not None
    }
    return Sent(agenda.picks, agenda.schedule, label, settings)


def _from_share(text: str, label: str) -> Sent:
    shared = parse_share(text, label)
    return Sent(tuple(Pick(id=i, priority=p) for i, p in shared.picks), shared.schedule, label, {})


def add_member(team_path: str | os.PathLike, name: str, source: str) -> AddedMember:
    """Add (or update) member ``name`` of the team file at ``team_path`` from ``source``
    (see the module docstring). Picks whose session the team's schedule lacks are
    skipped and listed; if none is in it, nothing is written (a share of another
    conference). The member's agenda is saved before the team file names them."""
    from ..state import AgendaState
    from .export import locked

    path = Path(team_path)
    try:
        MemberSpec(name=name)
    except ValidationError as exc:
        raise TeamError(f"member name: {exc.errors()[0]['msg'].removeprefix('Value error, ')}") from None
    team = OpenedTeam.open(path)
    sent = read_sent(source)
    schedule = team.planner.schedule
    known = [p for p in sent.picks if schedule.get(p.id) is not None]
    unknown = tuple(p.id for p in sent.picks if schedule.get(p.id) is None)
    if sent.picks and not known:
        named = f" (it names {sent.schedule})" if sent.schedule else ""
        raise TeamError(
            ("its one pick is not" if len(sent.picks) == 1 else f"none of its {len(sent.picks)} picks is")
            + f" in the team's schedule{named}",
            path=sent.label,
            hint=f"the team plans with {team.spec.schedule or 'the default schedule'}",
        )
    existing = next((m for m in team.members if m.name.lower() == name.lower()), None)
    with locked(AgendaState.for_agenda(path), path):
        text = None if existing else _with_member(path, name)
        if existing is not None:
            name, agenda_file = existing.name, existing.planner.file
        else:
            agenda_file = AgendaFile(path.resolve().parent / f"{name}.yaml")
            agenda_file.label = os.path.relpath(agenda_file.path)
        planner = Planner(schedule, team.planner.venue, agenda_file, team.planner.source)
        added, kept = [], []
        with agenda_file.edit(
            create_for_schedule=planner.schedule_reference_for(planner.source.reference)
        ) as document:
            held = {p.id for p in document.agenda().picks}
            for pick in known:
                if pick.id in held:
                    kept.append(pick.id)
                    continue
                session = schedule.by_id[pick.id]  # known: in the schedule
                filled = Pick.of(session, pick.priority, pick.note) if pick.title is None else pick
                document.add_pick(filled)
                held.add(pick.id)
                added.append(pick.id)
            current = document.agenda()
            for key, value in sent.settings.items():
                if getattr(current, key) is None:
                    document.set(key, value, after="schedule")
        if text is not None:
            atomic_write(path, text, error=TeamError)
    return AddedMember(
        name, agenda_file.label, sent.label, text is not None, tuple(added), tuple(kept), unknown
    )


def _with_member(path: Path, name: str) -> str:
    """The team file's text with ``- name: NAME`` added to its members, comments kept;
    validated as a whole before it is returned."""
    from ruamel.yaml.comments import CommentedMap

    label = str(path)
    original = read_text_input(path, what="team file", limit=MAX_TEAM_BYTES, label=label, error=TeamError)
    yaml = agenda_yaml()
    data = load_yaml(original, label=label, error=TeamError, yaml=yaml)
    entry = CommentedMap()
    entry["name"] = name
    data["members"].append(entry)
    import io

    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    try:
        parse_team_text(text, label)
    except PlannerError as exc:
        raise TeamError(f"cannot add {name}: {exc.message}", path=label) from None
    return text
