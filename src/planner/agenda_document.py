"""The agenda as the person wrote it: ruamel's round-trip tree, edited in place so the
person's comments and key order survive, and the agenda it says (see :class:`AgendaDocument`).
:mod:`planner.agenda_file` reads, locks and saves the file around it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .agenda import AGENDA_VERSION, Agenda, ExportState, Pick
from .agenda_comments import keep_following_comments
from .errors import AgendaError
from .frozen import Invalid, validate
from .text import clean_text
from .yaml_lines import validation_problem

if TYPE_CHECKING:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedSeq

    from .state import AgendaState

HEADER_COMMENT = (
    "planner agenda: your picks. Edit freely; planner keeps your comments and order.\n"
    "Each pick keeps a snapshot (title, start, end, room) of the session as picked,\n"
    "so that schedule changes can be reported. priority: must or maybe.\n"
)


def agenda_yaml() -> YAML:
    """The round-trip YAML agendas (and team files) are read and written with."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    # Never fold a line: long titles stay on one line, and so does each export record.
    yaml.width = 4096
    yaml.preserve_quotes = True
    # Picks share datetime objects; write each value out instead of &id001 anchors.
    yaml.representer.ignore_aliases = lambda *_: True
    # Aware datetimes as ISO 8601 with a T, like the snapshots a person reads.
    yaml.representer.add_representer(
        dt.datetime,
        lambda rep, value: rep.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
    )
    return yaml


def plain_tree(node: Any) -> Any:
    """ruamel's round-trip containers and timestamps as plain Python values."""
    if isinstance(node, dict):
        return {str(k): plain_tree(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain_tree(v) for v in node]
    if isinstance(node, dt.datetime):
        return dt.datetime(
            node.year,
            node.month,
            node.day,
            node.hour,
            node.minute,
            node.second,
            node.microsecond,
            tzinfo=node.tzinfo,
        )
    return node


# The settings that name something (a path, a URL, a zone): any text is valid.
_NAMES = ("schedule", "timezone", "venue")

# YAML reads these as line breaks and folds a lone one into a space unless it is escaped.
_YAML_BREAKS = frozenset("\x85\u2028\u2029")


def _as_written(value: Any) -> Any:
    """``value`` as the file is to hold it: a text with one of YAML's other line breaks in it
    double-quoted, so that the file reads back as exactly this text."""
    if isinstance(value, str) and not value.isprintable() and not _YAML_BREAKS.isdisjoint(value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)
    return value


class AgendaDocument:
    """The agenda as the person wrote it, edited in place so comments and order survive.

    ``data`` (ruamel's round-trip tree) is parsed when first needed: an edit that
    changes nothing in the file (an export records its state apart) never parses
    it round-trip. With a ``state``, :meth:`agenda` carries the export record kept
    there (``exported``), and :meth:`set_exported` changes that, not the file.

    A document opened on a validated agenda keeps that agenda up to date through the
    edits made with planner's own values (a pick added or removed, the schedule, zone or
    venue named), so :meth:`agenda` after them needs no validator. Any other change (a
    pick's fields, a whole new tree) validates the tree again.
    """

    def __init__(
        self,
        data: Any,
        path: str,
        *,
        state: AgendaState | None = None,
        agenda: Agenda | None = None,
        loader: Callable[[], Any] | None = None,
    ) -> None:
        self._data = data
        # The agenda the tree now says, while only planner's own values changed it.
        self._shadow = agenda
        self._loader = loader
        self.path = path
        self.state = state
        self.changed = False
        self._exports: ExportState | None = None
        self.exports_changed = False

    @classmethod
    def new(cls, path: str, schedule: str | None, state: AgendaState | None = None) -> AgendaDocument:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        data = CommentedMap()
        data["version"] = AGENDA_VERSION
        if schedule:
            data["schedule"] = schedule
        data["picks"] = CommentedSeq()
        data.yaml_set_start_comment(HEADER_COMMENT)
        document = cls(data, path, state=state, agenda=Agenda(schedule=schedule or None))
        document.changed = True
        return document

    @property
    def data(self) -> Any:
        if self._data is None:
            if self._loader is None:
                raise ValueError("an agenda document needs its data or a loader")
            self._data = self._loader()
        return self._data

    def agenda(self) -> Agenda:
        """Validate the document; errors name the line they are on."""
        agenda = self._shadow if self._shadow is not None else self._validate()
        if self.state is not None:
            agenda = dataclasses.replace(agenda, exported=self.exports())
        return agenda

    def _validate(self) -> Agenda:
        if not isinstance(self.data, dict):
            raise AgendaError(
                "an agenda file is a mapping with 'version' and 'picks'", path=self.path, line=1
            )
        if "version" not in self.data:
            raise AgendaError("no 'version' key (add 'version: 1')", path=self.path, line=1)
        try:
            return validate(Agenda, plain_tree(self.data))
        except Invalid as exc:
            message, line = validation_problem(exc, self.data, "agenda")
            raise AgendaError(message, path=self.path, line=line) from None

    def replace(self, data: Any) -> None:
        """Take ``data`` (a round-trip tree) as the whole document, to be saved."""
        self._data = data
        self._shadow = None
        self.changed = True

    def exports(self) -> ExportState:
        """What the exports of this agenda recorded (kept in the state folder)."""
        if self._exports is None:
            self._exports = self.state.read("export", ExportState) if self.state else ExportState()
        return self._exports

    def _picks(self) -> CommentedSeq:
        from ruamel.yaml.comments import CommentedSeq

        picks: CommentedSeq | None = self.data.get("picks")
        if picks is None:
            picks = self.data["picks"] = CommentedSeq()
        return picks

    def add_pick(self, pick: Pick) -> None:
        """Append a pick (at the end, where it cannot displace anyone's comments)."""
        from ruamel.yaml.comments import CommentedMap

        entry = CommentedMap()
        for field in dataclasses.fields(pick):
            value = getattr(pick, field.name)
            if value is not None:
                entry[field.name] = _as_written(value)
        self._picks().append(entry)
        if self._shadow is not None:
            if any(p.id == pick.id for p in self._shadow.picks):
                # Picked twice: the tree is validated, which says so with the line.
                self._shadow = None
            else:
                self._shadow = dataclasses.replace(self._shadow, picks=(*self._shadow.picks, pick))
        self.changed = True

    def update_pick(self, session_id: str, **fields: Any) -> bool:
        """Set fields of a pick in place (``None`` removes a field); False if not picked."""
        for entry in self._picks():
            if entry.get("id") == session_id:
                for key, value in fields.items():
                    if value is None:
                        entry.pop(key, None)
                    elif entry.get(key) != value:
                        entry[key] = _as_written(value)
                self._shadow = None
                self.changed = True
                return True
        return False

    def remove_pick(self, session_id: str) -> bool:
        """Remove a pick, keeping the full-line comments that followed it."""
        picks = self._picks()
        for index, entry in enumerate(picks):
            if entry.get("id") == session_id:
                keep_following_comments(self.data, picks, index)
                del picks[index]
                if self._shadow is not None:
                    kept = tuple(p for p in self._shadow.picks if p.id != session_id)
                    self._shadow = dataclasses.replace(self._shadow, picks=kept)
                self.changed = True
                return True
        return False

    def set_exported(self, state: ExportState) -> None:
        """Record what an export wrote; saved in the state folder, never in the agenda file."""
        if state != self.exports():
            self._exports = state
            self.exports_changed = True

    def set(self, key: str, value: Any, *, after: str | None = None) -> None:
        """Set ``key``; a new key goes after ``after`` when the file has it (else at the end)."""
        if key in _NAMES and isinstance(value, str):
            value = clean_text(value)  # as the agenda keeps it
        if self.data.get(key) == value:
            return
        written = _as_written(value)
        keys = list(self.data)
        if key not in self.data and after in keys:
            self.data.insert(keys.index(after) + 1, key, written)
        else:
            self.data[key] = written
        if self._shadow is not None and key in _NAMES and isinstance(value, str):
            named: dict[str, Any] = {key: value}
            self._shadow = dataclasses.replace(self._shadow, **named)
        else:
            self._shadow = None
        self.changed = True

    def dump(self) -> str:
        out = io.StringIO()
        agenda_yaml().dump(self.data, out)
        return out.getvalue()
