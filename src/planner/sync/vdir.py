"""The vdir target: a folder with one ``.ics`` file per event, as khal and vdirsyncer use.

Every file is read through the bounded input path (:func:`planner.files.read_input`):
a folder named ``x.ics``, a FIFO or a link to a device in the folder is one clear
line, never a hang; a name is one plain path segment, checked where it is used.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..files import read_input, replace_file
from .records import is_safe_name
from .store import Changed, Exists, Store, SyncError

# One event's file; planner's are a few KB.
MAX_EVENT_BYTES = 4 * 1024 * 1024
# How many entries a vdir may hold before planner stops listing it.
MAX_ENTRIES = 100_000


class VdirStore(Store):
    """A folder with one ``.ics`` file per event (vdir, as khal and vdirsyncer use).

    The "ETag" of a file is a hash of its bytes: an edit by khal changes it.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.label = str(folder)

    def open(self, *, create: bool) -> bool:
        if self.folder.is_dir():
            return False
        if self.folder.exists() or self.folder.is_symlink():
            raise SyncError("is not a folder (a vdir is a folder of .ics files)", path=self.label)
        if create:
            try:
                self.folder.mkdir(parents=True)
            except OSError as exc:
                raise SyncError(f"cannot create the folder: {exc.strerror}", path=self.label) from None
        return True

    @staticmethod
    def _tag(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()[:32]

    def _path(self, name: str) -> Path:
        if not is_safe_name(name):
            raise SyncError(f"refused the file name {name[:80]!r}: not one plain name", path=self.label)
        return self.folder / name

    def _read(self, path: Path) -> bytes:
        return read_input(path, what="event file", limit=MAX_EVENT_BYTES, error=SyncError)

    def list(self) -> dict[str, str | None]:
        if not self.folder.is_dir():
            return {}
        found: dict[str, str | None] = {}
        try:
            with os.scandir(self.folder) as entries:
                for count, entry in enumerate(entries):
                    if count >= MAX_ENTRIES:
                        raise SyncError(f"holds over {MAX_ENTRIES} entries; not a vdir", path=self.label)
                    if (
                        entry.name.endswith(".ics")
                        and not entry.name.startswith(".")
                        and is_safe_name(entry.name)
                    ):
                        found[entry.name] = self._tag(self._read(Path(entry.path)))
        except OSError as exc:
            raise SyncError(f"cannot read the folder: {exc.strerror}", path=self.label) from None
        return dict(sorted(found.items()))

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        path = self._path(name)
        if not os.path.lexists(path):
            return None
        data = self._read(path)
        return data, self._tag(data)

    def _write(self, name: str, body: bytes) -> str:
        # The file itself is replaced (a link in the folder becomes a file, never written through).
        target = self._path(name)
        replace_file(target, body, label=str(target), error=SyncError)
        return self._tag(body)

    def create(self, name: str, body: bytes) -> str | None:
        if os.path.lexists(self._path(name)):
            raise Exists
        return self._write(name, body)

    def update(self, name: str, body: bytes, etag: str | None) -> str | None:
        found = self.get(name)
        if etag is not None and (found is None or found[1] != etag):
            raise Changed
        return self._write(name, body)

    def delete(self, name: str, etag: str | None) -> None:
        found = self.get(name)
        if found is None:
            return
        if etag is not None and found[1] != etag:
            raise Changed
        try:
            self._path(name).unlink()
        except OSError as exc:
            raise SyncError(f"cannot delete {name}: {exc.strerror}", path=self.label) from None
