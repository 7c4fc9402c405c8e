"""Loading and saving the agenda YAML file: validated, atomic, locked, round-tripped.

- Comments and key order a person wrote survive a save: the file is edited in
  place with ruamel.yaml's round-trip mode, never regenerated.
- A save writes a temporary file beside the agenda and renames it over the old
  one (``os.replace``), so a crash or a full disk never leaves half a file; a
  temporary file a crash left behind is removed by the next edit.
- An edit takes an exclusive lock (``.NAME.lock`` beside the file, through
  ``filelock``), then reads, changes and saves: two planner processes never lose
  each other's picks.
- A read-only agenda is never changed; a symlinked agenda is written through to
  its target (and locked there); the file keeps its mode and owner.
- The file is read through :func:`planner.files.read_input` (a regular file, at
  most 4 MB) and its YAML checked for depth and aliases before anything is built,
  so an alias bomb or a 100,000-level nesting is a clear error, not a hang.
- A file that is not valid YAML or not a valid agenda is an error with its line
  number, and is never written over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .agenda import AGENDA_VERSION, Agenda, ExportState, Pick, SyncState
from .errors import AgendaError
from .files import atomic_write, ensure_writable, remove_stale_temps, write_target
from .safe_yaml import load_yaml_file
from .yaml_lines import validation_problem

DEFAULT_AGENDA = "agenda.yaml"
# An agenda of 1,000 picks with its export record is about 300 KB.
MAX_AGENDA_BYTES = 4 * 1024 * 1024
# How long a command waits for another one's lock before saying so.
LOCK_TIMEOUT_SECONDS = 60.0
HEADER_COMMENT = (
    "planner agenda: your picks. Edit freely; planner keeps your comments and order.\n"
    "Each pick keeps a snapshot (title, start, end, room) of the session as picked,\n"
    "so that schedule changes can be reported. priority: must or maybe.\n"
)


EXPORTED_COMMENT = (
    "\nKept by `planner export` so that calendars update events in place\n"
    "(SEQUENCE, LAST-MODIFIED) and can cancel dropped ones. Leave it be."
)
SYNC_COMMENT = (
    "\nKept by `planner sync`: the calendars it writes to and, per event, the ETag it\n"
    "last saw there, so it sends only changes and never overwrites your edits.\n"
    "No passwords are kept here. Leave it be."
)


def _yaml():
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


def _plain(node: Any) -> Any:
    """ruamel's round-trip containers and timestamps as plain Python values."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
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


class AgendaDocument:
    """The agenda as the person wrote it, edited in place so comments and order survive."""

    def __init__(self, data: Any, path: str) -> None:
        self.data = data
        self.path = path
        self.changed = False

    @classmethod
    def new(cls, path: str, schedule: str | None) -> AgendaDocument:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        data = CommentedMap()
        data["version"] = AGENDA_VERSION
        if schedule:
            data["schedule"] = schedule
        data["picks"] = CommentedSeq()
        data.yaml_set_start_comment(HEADER_COMMENT)
        document = cls(data, path)
        document.changed = True
        return document

    def agenda(self) -> Agenda:
        """Validate the document; errors name the line they are on."""
        if not isinstance(self.data, dict):
            raise AgendaError(
                "an agenda file is a mapping with 'version' and 'picks'", path=self.path, line=1
            )
        if "version" not in self.data:
            raise AgendaError("no 'version' key (add 'version: 1')", path=self.path, line=1)
        try:
            return Agenda.model_validate(_plain(self.data))
        except ValidationError as exc:
            message, line = validation_problem(exc, self.data, "agenda")
            raise AgendaError(message, path=self.path, line=line) from None

    def _picks(self):
        from ruamel.yaml.comments import CommentedSeq

        picks = self.data.get("picks")
        if picks is None:
            picks = self.data["picks"] = CommentedSeq()
        return picks

    def add_pick(self, pick: Pick) -> None:
        """Append a pick (at the end, where it cannot displace anyone's comments)."""
        from ruamel.yaml.comments import CommentedMap

        entry = CommentedMap()
        for key, value in pick.model_dump(exclude_none=True).items():
            entry[key] = value
        self._picks().append(entry)
        self.changed = True

    def update_pick(self, session_id: str, **fields: Any) -> bool:
        """Set fields of a pick in place (``None`` removes a field); False if not picked."""
        for entry in self._picks():
            if entry.get("id") == session_id:
                for key, value in fields.items():
                    if value is None:
                        entry.pop(key, None)
                    elif entry.get(key) != value:
                        entry[key] = value
                self.changed = True
                return True
        return False

    def remove_pick(self, session_id: str) -> bool:
        """Remove a pick, keeping the full-line comments that followed it."""
        picks = self._picks()
        for index, entry in enumerate(picks):
            if entry.get("id") == session_id:
                _keep_following_comments(self.data, picks, index)
                del picks[index]
                self.changed = True
                return True
        return False

    def set_exported(self, state: ExportState) -> None:
        """Record what an export wrote: one line per event, under a comment saying why."""
        from ruamel.yaml.comments import CommentedMap

        def section_of(output: ExportState) -> CommentedMap:
            events = CommentedMap()
            for session_id, event in sorted(output.events.items()):
                entry = CommentedMap(event.model_dump(exclude_none=True, exclude_defaults=False))
                if not event.cancelled:
                    entry.pop("cancelled", None)
                entry.fa.set_flow_style()
                events[session_id] = entry
            return CommentedMap([("count", output.count), ("events", events)])

        section = section_of(state)
        if state.outputs:
            section["outputs"] = CommentedMap(
                (key, section_of(output)) for key, output in sorted(state.outputs.items())
            )
        self._set_section("exported", section, EXPORTED_COMMENT)

    def set_synced(self, state: SyncState) -> None:
        """Record what `planner sync` left in each calendar: one line per event."""
        from ruamel.yaml.comments import CommentedMap

        targets = CommentedMap()
        for target, held in sorted(state.targets.items()):
            events = CommentedMap()
            for session_id, event in sorted(held.events.items()):
                entry = CommentedMap(event.model_dump(exclude_none=True))
                entry.fa.set_flow_style()
                events[session_id] = entry
            entry = CommentedMap([("events", events)])
            if held.deleted:
                entry["deleted"] = CommentedMap(sorted(held.deleted.items()))
                entry["deleted"].fa.set_flow_style()
            targets[target] = entry
        section = CommentedMap([("url", state.url), ("targets", targets)])
        self._set_section("sync", section, SYNC_COMMENT)

    def _set_section(self, key: str, section: Any, comment: str) -> None:
        if self.data.get(key) == section:
            return
        # The comment goes in once, when the section is new: set again on every save, ruamel
        # would add another copy each time (a reloaded comment belongs to the key before).
        is_new = key not in self.data
        self.data[key] = section
        if is_new:
            self.data.yaml_set_comment_before_after_key(key, before=comment)
        self.changed = True

    def set(self, key: str, value: Any, *, after: str | None = None) -> None:
        """Set ``key``; a new key goes after ``after`` when the file has it (else at the end)."""
        if self.data.get(key) == value:
            return
        keys = list(self.data)
        if key not in self.data and after in keys:
            self.data.insert(keys.index(after) + 1, key, value)
        else:
            self.data[key] = value
        self.changed = True

    def dump(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.data, out)
        return out.getvalue()


def _keep_following_comments(data: Any, picks: Any, index: int) -> None:
    """Move the full-line comments after ``picks[index]`` onto what precedes it.

    ruamel attaches the comment lines between two list items to the last key of
    the first item; deleting that item would delete them, though they belong
    with what follows. The deleted item's own end-of-line comments go with it.
    """
    entry = picks[index]
    if not hasattr(entry, "ca") or not entry:
        return
    last_key = list(entry.keys())[-1]
    slot = entry.ca.items.get(last_key)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or "\n" not in token.value:
        return
    following = token.value.split("\n", 1)[1]
    if not following.strip():
        return
    if index > 0 and hasattr(picks[index - 1], "ca") and picks[index - 1]:
        before = picks[index - 1]
        before_key = list(before.keys())[-1]
        before_slot = before.ca.items.setdefault(before_key, [None, None, None, None])
        if before_slot[2] is None:
            token.value = "\n" + following
            before_slot[2] = token
        else:
            before_slot[2].value = before_slot[2].value.rstrip("\n") + "\n" + following
    else:
        # A comment before the first item is written at its column; its own indent would double.
        token.value = following.lstrip(" \t")
        picks_slot = data.ca.items.setdefault("picks", [None, None, None, None])
        if picks_slot[3] is None:
            picks_slot[3] = []
        picks_slot[3].append(token)


class AgendaFile:
    """An agenda file on disk. ``load()`` to read; ``with edit() as doc:`` to change it."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.label = str(path)

    @property
    def lock_path(self) -> Path:
        """``.NAME.lock`` beside the file that is written: a symlink's target, not the link."""
        target = write_target(self.path)
        return target.with_name(f".{target.name}.lock")

    def exists(self) -> bool:
        return self.path.exists()

    def read_document(self) -> AgendaDocument:
        if not self.path.exists():
            raise AgendaError(
                "no such agenda file", path=self.label, hint="planner pick SESSION creates it"
            ) from None
        data = load_yaml_file(
            self.path,
            what="agenda file",
            limit=MAX_AGENDA_BYTES,
            label=self.label,
            error=AgendaError,
            yaml=_yaml(),
            hint="the file was left as it is; fix it by hand",
        )
        if data is None:
            raise AgendaError("is empty (an agenda has 'version: 1' and 'picks:')", path=self.label, line=1)
        return AgendaDocument(data, self.label)

    def load(self) -> Agenda:
        return self.read_document().agenda()

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """An exclusive lock for read-modify-write, held until the block ends.

        Holding it, no other planner is saving this agenda, so a temporary file of
        ours older than a few seconds is a crash's leftover and is removed.
        """
        from filelock import FileLock, Timeout

        folder = self.lock_path.parent
        if not folder.is_dir():
            # filelock would create a missing folder; an agenda path with a typo must not.
            reason = errno.ENOTDIR if folder.exists() else errno.ENOENT
            raise AgendaError(f"cannot lock the agenda: {os.strerror(reason)}", path=self.label)
        lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT_SECONDS)
        try:
            lock.acquire()
        except Timeout:
            raise AgendaError(
                f"another planner has held the agenda's lock for {LOCK_TIMEOUT_SECONDS:g} s",
                path=self.label,
                hint=f"if no planner is running, remove {self.lock_path}",
            ) from None
        except OSError as exc:
            raise AgendaError(f"cannot lock the agenda: {exc.strerror or exc}", path=self.label) from None
        try:
            remove_stale_temps(self.path)
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def edit(self, *, create_for_schedule: str | None = None) -> Iterator[AgendaDocument]:
        """Lock, read (or start) the agenda, yield it for changes, validate and save.

        With ``create_for_schedule`` a missing file is started afresh, naming
        that schedule; without it, a missing file is an error.
        """
        with self.lock():
            # Refused before anything is done (an export would write its .ics first).
            ensure_writable(self.path, label=self.label, error=AgendaError)
            if self.exists() or create_for_schedule is None:
                document = self.read_document()
            else:
                document = AgendaDocument.new(self.label, create_for_schedule)
            document.agenda()  # never build on an invalid file
            yield document
            if document.changed:
                document.agenda()
                self.save_text(document.dump())

    def save_text(self, text: str) -> None:
        """Write ``text`` atomically: a temporary file in the same folder, then a rename."""
        atomic_write(self.path, text, label=self.label, error=AgendaError)
