"""Writing files atomically: a temporary file in the same folder, then a rename.

A crash or a full disk part way through leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import PlannerError


def atomic_write(
    path: str | os.PathLike,
    text: str,
    *,
    label: str | None = None,
    error: type[PlannerError] = PlannerError,
    newline: str | None = None,
) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically, keeping an existing file's mode.

    ``newline=""`` writes line endings exactly as they are in ``text`` (CRLF stays CRLF).
    Raises ``error`` (a PlannerError) with a clear message if it cannot.
    """
    target = Path(path)
    label = label or str(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise error(f"cannot write: the folder {folder} does not exist", path=label)
    mode = None
    with contextlib.suppress(OSError):
        mode = target.stat().st_mode & 0o777
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            "w",
            encoding="utf-8",
            newline=newline,
            dir=folder,
            prefix=f".{target.name}.",
            suffix=".tmp",
            delete=False,
        )
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path=label) from None
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode if mode is not None else 0o644)
        os.replace(handle.name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise error(f"cannot write: {exc.strerror or exc}; the file is unchanged", path=label) from None
