"""planner's own state for one agenda, kept apart from the agenda file.

The agenda file holds what the person decided (the schedule, settings, picks and
their comments). What planner needs to remember between commands (what each
export and sync last sent, what the schedule held at the last look) lives in a
hidden folder beside the agenda, as vdirsyncer keeps its status apart from the
calendars::

    talks/agenda.yaml
    talks/.planner/.gitignore          "*": the folder stays out of git
    talks/.planner/agenda.yaml/lock    the agenda's edit lock
    talks/.planner/agenda.yaml/export.json
    talks/.planner/agenda.yaml/sync.json
    talks/.planner/agenda.yaml/seen.json

- Moving the folder moves the state with it; sharing the agenda file shares no
  machine state (the other person's planner starts its own).
- Each part is one JSON file, ``{"version": N, ...}``, written atomically,
  private to the user (mode 0600), read through the same bounded reader as every
  input and validated with its pydantic model: a damaged or foreign file is one
  clear error naming it (and saying what deleting it forgets), never a crash.
- Deleting the folder loses nothing the person wrote: exports start a new
  version count, a sync compares with what the calendar holds.

Example::

    state = AgendaState.for_agenda("agenda.yaml")
    exports = state.read("export", ExportState)
    state.write("export", exports)
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from . import cache as caches
from .errors import PlannerError
from .files import atomic_write, decode_text, read_input, write_target
from .frozen import Invalid, plain, validate

STATE_FOLDER = ".planner"
# How long a command waits for another one's lock before saying so.
LOCK_TIMEOUT_SECONDS = 60.0
# One part's file; a 1,000-pick agenda synced to three calendars is well under 1 MB.
MAX_STATE_BYTES = 32 * 1024 * 1024
GITIGNORE = "# planner's own state (exports, syncs, the schedule as last seen): safe to delete.\n*\n"
# What deleting each part forgets, for the error that names a damaged one.
FORGETS = {
    "export": "calendar exports start counting versions afresh",
    "sync": "the next sync compares with what the calendar holds",
    "seen": "the next update cannot list sessions new since the last look",
    "team_export": "team calendar exports start counting versions afresh",
    "team_sync": "the next team sync compares with what the calendar holds",
    "team_duty": "team show no longer knows who the saved plan put on duty",
}

# A part's record: a frozen record of planner's (see planner.frozen) or a pydantic model.
Model = TypeVar("Model")


class StateError(PlannerError):
    """A state file of planner's own cannot be read or written."""


class AgendaState:
    """The state folder of one agenda file: ``read`` and ``write`` one part at a time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_agenda(cls, agenda_path: str | os.PathLike[str]) -> AgendaState:
        """The state of the agenda at ``agenda_path`` (a symlink's target, as its lock)."""
        target = write_target(agenda_path)
        return cls(target.parent / STATE_FOLDER / target.name)

    @property
    def lock_path(self) -> Path:
        return self.folder / "lock"

    def path(self, part: str) -> Path:
        if not part.isidentifier():
            raise ValueError(f"not a state part name: {part!r}")
        return self.folder / f"{part}.json"

    def ensure_folder(self) -> None:
        """Create the state folder (and its ``.gitignore``), private to the user."""
        top = self.folder.parent
        for folder in (top, self.folder):
            try:
                folder.mkdir(mode=0o700, exist_ok=True)
            except OSError as exc:
                raise StateError(
                    f"cannot create planner's state folder: {exc.strerror}", path=str(folder)
                ) from None
            info = os.lstat(folder)
            if not stat.S_ISDIR(info.st_mode):
                raise StateError("is not a folder; planner keeps its state there", path=str(folder))
        ignore = top / ".gitignore"
        if not ignore.exists() and not ignore.is_symlink():
            with contextlib.suppress(OSError):
                atomic_write(ignore, GITIGNORE, error=StateError, mode=0o600)

    @contextlib.contextmanager
    def locked(self, *, what: str, label: str, error: type[PlannerError] = PlannerError) -> Iterator[None]:
        """Hold the exclusive lock of the file this state belongs to (``what``: "agenda",
        "team file"), waiting up to :data:`LOCK_TIMEOUT_SECONDS`; held until the block ends.

        The lock is ``flock`` on the state folder's ``lock`` file (``zc.lockfile``), as
        planner took it before; a ``lock`` that is not a regular file is refused, never opened.
        """
        self.ensure_folder()
        try:
            lock = _take_lock(self.lock_path)
        except TimeoutError:
            raise error(
                f"another planner has held the {what}'s lock for {LOCK_TIMEOUT_SECONDS:g} s",
                path=label,
                hint=f"if no planner is running, remove {self.lock_path}",
            ) from None
        except OSError as exc:
            raise error(f"cannot lock the {what}: {exc.strerror or exc}", path=label) from None
        try:
            yield
        finally:
            lock.close()

    def read(self, part: str, model: type[Model]) -> Model:
        """The saved ``part`` as ``model``; a fresh ``model()`` where none was saved."""
        path = self.path(part)
        label = str(path)
        try:
            os.lstat(path)
        except FileNotFoundError:
            return model()
        except OSError as exc:
            raise StateError(f"cannot read: {exc.strerror}", path=label) from None
        data = read_input(
            path, what="planner state file", limit=MAX_STATE_BYTES, label=label, error=StateError
        )
        cache = caches.current() if dataclasses.is_dataclass(model) else None
        if cache is not None and (kept := cache.validated("state", label, data, model)) is not None:
            return kept
        text = decode_text(data, what="planner state file", label=label, error=StateError)
        forgets = FORGETS.get(part, "planner forgets what it kept there")
        hint = f"delete it to start afresh ({forgets})"
        try:
            raw = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise StateError(f"damaged planner state: {exc}", path=label, hint=hint) from None
        version = getattr(model, "STATE_VERSION", 1)
        if not isinstance(raw, dict) or raw.get("version") != version:
            raise StateError(
                f"not a planner state file of version {version}", path=label, hint=hint
            ) from None
        raw.pop("version")
        try:
            value = validate(model, raw)
        except Invalid as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the file"
            raise StateError(
                f"damaged planner state at {where}: {first['msg']}", path=label, hint=hint
            ) from None
        if cache is not None:
            cache.keep_validated("state", label, data, value)
        return value

    def write(self, part: str, value: Any) -> None:
        """Save ``part`` atomically (fsync, then rename), private to the user."""
        self.ensure_folder()
        # planner's frozen records (kept validated, below), or a pydantic model (sync's).
        record = dataclasses.is_dataclass(value)
        fields = plain(value) if record else value.model_dump(mode="json")
        body = {"version": getattr(type(value), "STATE_VERSION", 1), **fields}
        text = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        atomic_write(self.path(part), text, error=StateError, mode=0o600)
        cache = caches.current() if record else None
        if cache is not None:
            # What planner wrote is what it would read back: the next read needs no validator.
            cache.keep_validated("state", str(self.path(part)), text.encode("utf-8"), value, as_plain=fields)

    def forget(self, part: str) -> None:
        """Remove ``part`` (nothing happens where none was saved)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path(part))


def remove_old_lock(target: Path) -> None:
    """Remove the empty ``.NAME.lock`` older planners left beside the agenda (issue 19)."""
    old = target.with_name(f".{target.name}.lock")
    with contextlib.suppress(OSError):
        info = os.lstat(old)
        if stat.S_ISREG(info.st_mode) and info.st_size == 0:
            os.unlink(old)


# How often a command waiting for another's lock tries again.
_LOCK_POLL_SECONDS = 0.05


def _take_lock(path: Path) -> Any:
    """``path``'s lock (a ``zc.lockfile.LockFile``), once whoever holds it lets go; raises
    ``TimeoutError`` after :data:`LOCK_TIMEOUT_SECONDS`, ``OSError`` when it cannot be taken."""
    import logging
    import time

    import zc.lockfile

    deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
    said = False
    while True:
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                raise OSError(f"{path} is not a regular file")
        try:
            return zc.lockfile.LockFile(str(path))
        except zc.lockfile.LockError:
            if time.monotonic() >= deadline:
                raise TimeoutError(str(path)) from None
            if not said:
                logging.getLogger("planner.lock").debug("%s is held by another planner; waiting", path)
                said = True
            time.sleep(_LOCK_POLL_SECONDS)
