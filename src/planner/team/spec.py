"""The team file: who is in the team, what each one wants, and what the team must cover.

>>> spec = parse_team_text('''
... version: 1
... schedule: bundled:kubecon-na-2025-thursday
... members:
...   - name: ana
...     interests: "gitops:3, security:2"
...     available: 09:00-15:00
...   - name: ben
...     interests: ebpf
... duty:
...   - where: Solutions Showcase
...     from: "10:30"
...     to: "14:00"
... ''', "team.yaml")
>>> [m.name for m in spec.members], spec.members[0].window, spec.duty[0].need
(['ana', 'ben'], (datetime.time(9, 0), datetime.time(15, 0)), 1)

A file that is not valid YAML or not a valid team file is a :class:`TeamError`
naming the line, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..agenda import whole_version
from ..clock import parse_clock
from ..errors import PlannerError
from ..files import read_text_input
from ..safe_yaml import load_yaml
from ..suggest import Preferences, parse_window
from ..yaml_lines import line_of, validation_problem

TEAM_VERSION: Literal[1] = 1
# A team file names a few dozen members: a few KB; 1 MB is far beyond any real one.
MAX_TEAM_BYTES = 1024 * 1024
# A member's name becomes a file name (<name>.yaml): letters, digits, dot, dash, underscore.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def is_beside(name: str) -> bool:
    """True if ``name`` is a path inside the folder it is read from: relative, with no
    ``..``, no drive and no backslash (a Windows separator).

    >>> is_beside("ana.yaml"), is_beside("agendas/ana.yaml"), is_beside("../x.yaml"), is_beside("/etc/x")
    (True, True, False, False)
    """
    from pathlib import PurePosixPath

    path = PurePosixPath(name)
    return (
        bool(name.strip())
        and not path.is_absolute()
        and "\\" not in name
        and ":" not in name
        and all(part not in ("..", "") for part in path.parts)
    )


class TeamError(PlannerError):
    """The team file cannot be read or validated, or its team cannot be planned."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _terms(value: Any) -> Any:
    """Interests may be one string or a list of strings, as on the command line."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


class MemberSpec(_Frozen):
    """One member: a name, an optional agenda file, preferences, and when they are there."""

    name: str
    agenda: str | None = None
    interests: str = ""
    tracks: str = ""
    speakers: str = ""
    avoid: str = ""
    available: str | None = None

    _interests = field_validator("interests", "tracks", "speakers", "avoid", mode="before")(_terms)

    @field_validator("name")
    @classmethod
    def _file_name(cls, value: str) -> str:
        if not NAME_PATTERN.match(value):
            raise ValueError(
                f"{value!r} is not usable as a name (letters, digits, '.', '-', '_'; it names <name>.yaml)"
            )
        return value

    @field_validator("agenda")
    @classmethod
    def _beside_team_file(cls, value: str | None) -> str | None:
        # A shared team file must not make --save write anywhere else on the disk.
        if value is not None and not is_beside(value):
            raise ValueError(
                f"{value!r} is not a file beside the team file (no folders above it, no absolute path)"
            )
        return value

    @field_validator("available")
    @classmethod
    def _window(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_window(value)
            except PlannerError as exc:
                raise ValueError(exc.message) from None
        return value

    @model_validator(mode="after")
    def _preferences_parse(self) -> MemberSpec:
        try:
            self.preferences()
        except PlannerError as exc:
            raise ValueError(exc.message) from None
        return self

    @property
    def window(self) -> tuple[dt.time, dt.time] | None:
        """The hours the member is there (``available``), or None for all day."""
        return parse_window(self.available) if self.available else None

    def preferences(self) -> Preferences:
        """What the member's scores come from, as ``suggest`` would take them."""
        return Preferences.parse(self.interests, self.tracks, self.speakers, self.avoid, fill=False)


class DutySpec(_Frozen):
    """Someone must be at ``where`` from ``from`` to ``to`` (``need`` members), e.g. a booth."""

    where: str = Field(min_length=1)
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    need: int = Field(1, ge=1, le=50)
    # One day of a multi-day schedule (a date, weekday or day number); default every day.
    day: str | None = None

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> Any:
        if isinstance(value, int):
            raise ValueError('write the time in quotes, like "10:30"')
        try:
            parse_clock(str(value))
        except PlannerError as exc:
            raise ValueError(exc.message) from None
        return value

    @model_validator(mode="after")
    def _order(self) -> DutySpec:
        if self.clock_end <= self.clock_start:
            raise ValueError(f"duty at {self.where!r} ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def clock_start(self) -> dt.time:
        return parse_clock(self.start)

    @property
    def clock_end(self) -> dt.time:
        return parse_clock(self.end)


class TeamSpec(_Frozen):
    """A whole team file, validated."""

    version: Literal[1] = TEAM_VERSION
    schedule: str | None = None
    venue: str | None = None
    members: tuple[MemberSpec, ...] = Field(min_length=1)
    together: tuple[str, ...] = ()
    duty: tuple[DutySpec, ...] = ()

    @field_validator("version", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        return whole_version(value)

    @field_validator("together", "duty", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return () if value is None else value


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def parse_team_text(text: str, label: str) -> TeamSpec:
    """Validate the text of a team file; errors name ``label`` and the line."""
    data = load_yaml(text, label=label, error=TeamError)
    if not isinstance(data, dict):
        raise TeamError(
            "a team file is a mapping with 'version', 'schedule' and 'members'", path=label, line=1
        )
    if "version" not in data:
        raise TeamError("no 'version' key (add 'version: 1')", path=label, line=1)
    try:
        spec = TeamSpec.model_validate(_plain(data))
    except ValidationError as exc:
        # The alias is what the file says: 'from', not 'start'.
        message, line = validation_problem(exc, data, "team file", aliases={"start": "from", "end": "to"})
        raise TeamError(message, path=label, line=line) from None
    names: set[str] = set()
    agendas: set[str] = set()
    for index, member in enumerate(spec.members):
        agenda = member.agenda or f"{member.name}.yaml"
        if member.name.lower() in names or agenda in agendas:
            what = (
                f"member {member.name!r} is listed twice"
                if member.name.lower() in names
                else (f"member {member.name!r} shares the agenda file {agenda} with another member")
            )
            raise TeamError(f"invalid team file: {what}", path=label, line=line_of(data, ("members", index)))
        names.add(member.name.lower())
        agendas.add(agenda)
    return spec


def load_team_spec(path: str | Path) -> TeamSpec:
    """Read and validate a team file."""
    label = str(path)
    text = read_text_input(path, what="team file", limit=MAX_TEAM_BYTES, label=label, error=TeamError)
    if not text.strip():
        raise TeamError("is empty (a team file has 'version: 1' and 'members:')", path=label, line=1)
    return parse_team_text(text, label)
