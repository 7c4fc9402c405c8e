"""Loading and saving the agenda YAML file: validated, atomic, locked, round-tripped.

- Comments and key order a person wrote survive a save: the file is edited in
  place with ruamel.yaml's round-trip mode, never regenerated.
- A save writes a temporary file beside the agenda and renames it over the old
  one (``os.replace``), so a crash or a full disk never leaves half a file; a
  temporary file a crash left behind is removed by the next edit.
- An edit takes an exclusive lock (``lock`` in planner's state folder beside the
  file, ``.planner/NAME/``, ``flock`` through ``zc.lockfile``), then reads, changes and saves:
  two planner processes never lose each other's picks.
- The file holds what the person decided. What exports remember (versions,
  fingerprints, per output) is kept in the state folder (:mod:`planner.state`);
  an older agenda's ``exported:`` section moves there on its first edit, with a
  one-line notice. An export never rewrites the agenda file.
- A command reads the file once: read-only ones through ruamel's safe loader
  (its C parser where installed), kept while the file's size and times stay the
  same; an edit parses it round-trip, under the lock, only when it changes it.
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
import dataclasses
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import cache as caches
from .agenda import Agenda, ExportState
from .agenda_comments import without_section
from .agenda_document import AgendaDocument, agenda_yaml, plain_tree
from .errors import AgendaError
from .files import atomic_write, decode_text, ensure_writable, read_input, remove_stale_temps, write_target
from .frozen import Invalid, validate
from .safe_yaml import check_yaml_limits, load_yaml
from .state import STATE_FOLDER, AgendaState, remove_old_lock
from .text import clean_text

DEFAULT_AGENDA = "agenda.yaml"
# An agenda of 1,000 picks with its export record is about 300 KB.
MAX_AGENDA_BYTES = 4 * 1024 * 1024
MIGRATED_NOTICE = (
    "moved the export record (exported:) out of the agenda into {where}; "
    "the agenda now holds only your choices"
)


def _fast_load(text: str, label: str) -> Any:
    """``text`` through the safe loader (C where installed); None when only the
    round-trip parser can say (a YAML 1.2 nicety, or an error to word with its line)."""
    from ruamel.yaml import YAML, YAMLError

    try:
        check_yaml_limits(text, label=label, error=AgendaError, fast=True)
        return YAML(typ="safe", pure=False).load(text)
    except (YAMLError, ValueError, OverflowError, TypeError):
        # A value no type holds (2025-13-45, a 5,000-digit number): the round-trip path words it.
        return None


def _valid_or_none(raw: Any) -> Agenda | None:
    """``raw`` as an agenda; None where the round-trip path must word the problem."""
    if not isinstance(raw, dict) or "version" not in raw:
        return None
    try:
        return validate(Agenda, raw)
    except Invalid:
        return None


class AgendaFile:
    """An agenda file on disk. ``load()`` to read; ``with edit() as doc:`` to change it.

    ``notices`` collects what the person should hear of (a migrated file); set
    ``on_notice`` to hear of them as they happen instead.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.label = str(path)  # shown as text: see the setter
        self.notices: list[str] = []
        self.on_notice: Callable[[str], None] | None = None
        # The last agenda read: (the file's identity, size and times; it; whether it has `exported:`).
        self._kept: tuple[tuple[int, ...], Agenda, bool] | None = None
        # The text whose YAML limits the C parser checked: its round trip need not check them again.
        self._checked: str | None = None

    @property
    def state(self) -> AgendaState:
        """planner's own state of this agenda (a symlink's target's, as the lock)."""
        return AgendaState.for_agenda(self.path)

    @property
    def lock_path(self) -> Path:
        """The edit lock, in the state folder beside the file that is written."""
        return self.state.lock_path

    @property
    def label(self) -> str:
        """How messages name the file, as it was given (a team file's member: relative to here)."""
        return self._label

    @label.setter
    def label(self, value: str) -> None:
        # A path may come from a team file or a glob: its control characters never reach a
        # terminal (errors clean theirs; this is every other line that names the file).
        self._label = clean_text(value)

    def exists(self) -> bool:
        return self.path.exists()

    def exports(self) -> ExportState:
        """What the exports of this agenda recorded, as kept in its state folder."""
        return self.state.read("export", ExportState)

    def _notice(self, text: str) -> None:
        if self.on_notice is not None:
            self.on_notice(text)
        else:
            self.notices.append(text)

    def _stamp(self) -> tuple[int, ...] | None:
        try:
            info = os.stat(self.path)
        except OSError:
            return None
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def _read_text(self) -> str:
        return self._decode(self._read_bytes())

    def _read_bytes(self) -> bytes:
        if not self.path.exists():
            raise AgendaError(
                "no such agenda file", path=self.label, hint="planner pick SESSION creates it"
            ) from None
        return read_input(
            self.path, what="agenda file", limit=MAX_AGENDA_BYTES, label=self.label, error=AgendaError
        )

    def _decode(self, data: bytes) -> str:
        return decode_text(data, what="agenda file", label=self.label, error=AgendaError)

    @property
    def _kept_name(self) -> str:
        """The name its validated copy is kept under in the cache (under its bytes)."""
        return os.path.abspath(self.path)

    def _parse(self, text: str) -> Any:
        """The round-trip tree of ``text``, through the one safe YAML path (limits first)."""
        data = load_yaml(
            text,
            label=self.label,
            error=AgendaError,
            yaml=agenda_yaml(),
            limits_checked=text == self._checked,
            hint="the file was left as it is; fix it by hand",
        )
        if data is None:
            raise AgendaError("is empty (an agenda has 'version: 1' and 'picks:')", path=self.label, line=1)
        return data

    def read_document(self) -> AgendaDocument:
        """The file parsed round-trip, as it is on disk (no state attached)."""
        return AgendaDocument(self._parse(self._read_text()), self.label)

    def load(self) -> Agenda:
        """The agenda, validated; read again only when the file changed since the last read."""
        stamp = self._stamp()
        if stamp is not None and self._kept is not None and self._kept[0] == stamp:
            return self._kept[1]
        data, cache = self._read_bytes(), caches.current()
        if (
            cache is not None
            and (kept := cache.validated("agenda", self._kept_name, data, Agenda)) is not None
        ):
            # Validated before, from these very bytes, by this code: no validator is built.
            self._checked = self._decode(data)
            self._kept = (stamp, kept, False) if stamp is not None else None
            return kept
        text = self._decode(data)
        raw = _fast_load(text, self.label)
        self._checked = text if raw is not None else None
        agenda = _valid_or_none(raw)
        legacy = isinstance(raw, dict) and "exported" in raw
        if cache is not None and agenda is not None and not legacy:
            cache.keep_validated("agenda", self._kept_name, data, agenda)
        if agenda is None:
            tree = self._parse(text)
            agenda = AgendaDocument(tree, self.label).agenda()
            legacy = "exported" in tree
        self._kept = (stamp, agenda, legacy) if stamp is not None else None
        return agenda

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """An exclusive lock for read-modify-write, held until the block ends.

        Holding it, no other planner is saving this agenda, so a temporary file of
        ours older than a few seconds is a crash's leftover and is removed.
        """
        target = write_target(self.path)
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            # The state folder would be created in it; an agenda path with a typo must not.
            reason = errno.ENOTDIR if folder.exists() else errno.ENOENT
            raise AgendaError(f"cannot lock the agenda: {os.strerror(reason)}", path=self.label)
        with self.state.locked(what="agenda", label=self.label, error=AgendaError):
            remove_stale_temps(self.path)
            remove_old_lock(target)
            yield

    @contextlib.contextmanager
    def edit(self, *, create_for_schedule: str | None = None) -> Iterator[AgendaDocument]:
        """Lock, read (or start) the agenda, yield it for changes, validate and save.

        With ``create_for_schedule`` a missing file is started afresh, naming
        that schedule; without it, a missing file is an error. The export record
        is saved in the state folder before the agenda file, so a migration cut
        short keeps the record in one place or the other.
        """
        with self.lock():
            # Refused before anything is done (an export would write its .ics first).
            ensure_writable(self.path, label=self.label, error=AgendaError)
            state = self.state
            if self.exists() or create_for_schedule is None:
                agenda = self.load()  # never build on an invalid file
                reread = lambda: self._parse(self._read_text())  # noqa: E731 - the round trip, on demand
                document = AgendaDocument(None, self.label, state=state, agenda=agenda, loader=reread)
                if self._kept is not None and self._kept[2]:
                    self._migrate(document, agenda)
            else:
                document = AgendaDocument.new(self.label, create_for_schedule, state)
            yield document
            if document.exports_changed:
                state.write("export", document.exports())
            if document.changed:
                saved = dataclasses.replace(document.agenda(), exported=ExportState())
                text = document.dump()
                self.save_text(text)
                stamp = self._stamp()
                self._kept = (stamp, saved, False) if stamp is not None else None
                if (cache := caches.current()) is not None:
                    # The next command reads what was just validated (or built) and saved.
                    # Under the bytes written (UTF-8): what the next command reads, where line
                    # ends are written as they are; elsewhere the next read only validates again.
                    cache.keep_validated("agenda", self._kept_name, text.encode("utf-8"), saved)

    def _migrate(self, document: AgendaDocument, agenda: Agenda) -> None:
        """Move an older agenda's ``exported:`` section into the state folder."""
        text = self._read_text()
        data = self._parse(text)
        if "exported" not in data:
            return
        cut = without_section(text, data, "exported")
        trimmed = self._parse(cut) if cut is not None else None
        expected = {k: v for k, v in plain_tree(data).items() if k != "exported"}
        if trimmed is None or not isinstance(trimmed, dict) or plain_tree(trimmed) != expected:
            del data["exported"]
            trimmed = data
        document.replace(trimmed)
        # A record already in the state folder is newer than the one left in the file.
        if document.exports() == ExportState():
            document.set_exported(agenda.exported)
        where = Path(STATE_FOLDER) / write_target(self.path).name / "export.json"
        self._notice(f"{self.label}: " + MIGRATED_NOTICE.format(where=f"{where} beside it"))

    def save_text(self, text: str) -> None:
        """Write ``text`` atomically: a temporary file in the same folder, then a rename."""
        atomic_write(self.path, text, label=self.label, error=AgendaError)
