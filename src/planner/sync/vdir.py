"""The vdir target: a folder with one ``.ics`` file per event, as khal and vdirsyncer use."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from .store import Changed, Exists, Store, SyncError


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
        if self.folder.exists():
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

    def list(self) -> dict[str, str | None]:
        if not self.folder.is_dir():
            return {}
        return {p.name: self._tag(p.read_bytes()) for p in sorted(self.folder.glob("*.ics"))}

    def get(self, name: str) -> tuple[bytes, str | None] | None:
        path = self.folder / name
        if not path.exists():
            return None
        data = path.read_bytes()
        return data, self._tag(data)

    def _write(self, name: str, body: bytes) -> str:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            "wb", dir=self.folder, prefix=f".{name}.", suffix=".tmp", delete=False
        )
        try:
            with handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(handle.name, self.folder / name)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
            raise SyncError(f"cannot write {name}: {exc.strerror}", path=self.label) from None
        return self._tag(body)

    def create(self, name: str, body: bytes) -> str | None:
        if (self.folder / name).exists():
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
        (self.folder / name).unlink()
