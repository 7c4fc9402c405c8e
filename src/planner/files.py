"""Reading input and writing files, the one safe way.

Reading: :func:`read_input` opens regular files only (never a device, a FIFO or a
folder), and enforces the size limit *while* reading, so ``/dev/zero`` or a file
that grows cannot exhaust memory; :func:`read_chunks` does the same for a body
that arrives in chunks (HTTP). :func:`decode_text` turns the bytes into text, or
says on which line a NUL byte or a non-UTF-8 byte is. Schedules, venues, agendas
and team files all come in through here.

Writing: :func:`atomic_write` writes a temporary file in the same folder, then
renames it over the target. A crash or a full disk part way through leaves the old
file as it was; a read-only file is refused; a symlink is written through to its
target; the target's mode (and, as root, its owner) is kept. Only a regular file
is ever replaced: a character device (``/dev/null``, a terminal), a FIFO and
``/dev/stdout`` are written into; a folder, a block device or a socket is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from .errors import PlannerError

# Bytes read per system call; small enough to stop soon after the limit.
CHUNK = 1 << 16
# Temporary files of atomic_write are named ``.NAME.<random>.planner-tmp``, so
# that one left behind by a crash (kill -9) is recognisable and can be removed.
TEMP_SUFFIX = ".planner-tmp"
# A temporary file older than this is a crash's leftover, not a save in progress.
STALE_TEMP_SECONDS = 60.0


def _megabytes(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g} MB"
    if limit >= 1024:
        return f"{limit / 1024:g} KB"
    return f"{limit} bytes"


def _a(what: str) -> str:
    """``a schedule``, ``an agenda file``."""
    return f"an {what}" if what[:1] in "aeiou" else f"a {what}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _too_big(what: str, limit: int, size: int | None, label: str, error: type[PlannerError]) -> PlannerError:
    amount = f"{size / 1e6:.1f} MB" if size else f"over {_megabytes(limit)}"
    return error(f"is {amount}; planner reads {what}s up to {_megabytes(limit)}", path=label, line=1)


def read_input(
    path: str | os.PathLike,
    *,
    what: str,
    limit: int,
    label: str | None = None,
    error: type[PlannerError] = PlannerError,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``what`` names the file in messages ("schedule", "agenda", "venue file", "team
    file"); ``label`` is how the path is shown (default: as given). A missing file,
    a folder, a device or a FIFO, and a file over ``limit`` bytes raise ``error``
    (a :class:`PlannerError`) with a one-line message. The limit is enforced while
    reading (at most ``limit + 1`` bytes are read), not by trusting the size the
    file system reports.

    >>> read_input("/dev/zero", what="schedule", limit=1024)
    Traceback (most recent call last):
    ...
    planner.errors.PlannerError: /dev/zero: is a device, not a schedule (planner reads regular files)
    """
    label = label if label is not None else str(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error("no such file", path=label) from None
    except IsADirectoryError:
        raise error(f"is a folder, not {_a(what)}", path=label) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", path=label) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = _kind(info.st_mode)
        if kind == "a folder":
            raise error(f"is a folder, not {_a(what)}", path=label)
        raise error(f"is {kind}, not {_a(what)} (planner reads regular files)", path=label)
    if info.st_size > limit:
        os.close(fd)
        raise _too_big(what, limit, info.st_size, label, error)
    with os.fdopen(fd, "rb", buffering=0) as handle:
        try:
            return read_chunks(
                iter(lambda: handle.read(CHUNK), b""), what=what, limit=limit, label=label, error=error
            )
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror or exc}", path=label) from None


def read_chunks(
    chunks: Iterable[bytes],
    *,
    what: str,
    limit: int,
    label: str | None = None,
    error: type[PlannerError] = PlannerError,
) -> bytes:
    """Join ``chunks`` (e.g. an HTTP body as it arrives), refusing more than ``limit`` bytes.

    Stops reading as soon as the limit is passed, so an endless or huge body costs
    at most ``limit`` plus one chunk of memory.

    >>> read_chunks([b"BEGIN:", b"VCALENDAR"], what="calendar", limit=100)
    b'BEGIN:VCALENDAR'
    >>> read_chunks(iter(lambda: b"x" * 10, b""), what="calendar", limit=25, label="x.ics")
    Traceback (most recent call last):
    ...
    planner.errors.PlannerError: x.ics:1: is over 25 bytes; planner reads calendars up to 25 bytes
    """
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_big(what, limit, None, label or what, error)
    return b"".join(parts)


def decode_text(
    data: bytes,
    *,
    what: str,
    label: str,
    error: type[PlannerError] = PlannerError,
) -> str:
    """``data`` as UTF-8 text (a leading BOM dropped); a NUL byte or a byte that is not
    UTF-8 is an error naming its line.

    >>> decode_text(b"one\\ntwo\\xff\\n", what="schedule", label="s.txt")
    Traceback (most recent call last):
    ...
    planner.errors.PlannerError: s.txt:2: is not UTF-8 text (byte 0xff at offset 7)
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise error(f"is binary, not {_a(what)} (found a NUL byte)", path=label, line=line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            path=label,
            line=line,
        ) from None


def read_text_input(
    path: str | os.PathLike,
    *,
    what: str,
    limit: int,
    label: str | None = None,
    error: type[PlannerError] = PlannerError,
) -> str:
    """:func:`read_input` then :func:`decode_text`: the text of a regular file."""
    label = label if label is not None else str(path)
    data = read_input(path, what=what, limit=limit, label=label, error=error)
    return decode_text(data, what=what, label=label, error=error)


def write_target(path: str | os.PathLike) -> Path:
    """The file a write to ``path`` lands in: a symlink's final target, else ``path``.

    Replacing a symlink by a regular file would leave the link's target (where the
    person keeps the file, e.g. in a synced folder) with the old content.
    """
    target = Path(path)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def ensure_writable(
    path: str | os.PathLike, *, label: str | None = None, error: type[PlannerError] = PlannerError
) -> None:
    """Refuse to write over a read-only file (no write bit, or no permission).

    The atomic rename needs only the folder's permission, so without this check a
    file made read-only on purpose (mode 0444) would be replaced anyway; root,
    whom permissions do not stop, is stopped by the missing write bits.
    """
    target = write_target(path)
    label = label or str(path)
    try:
        info = target.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", path=label) from None
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise error(
            "is read-only, so planner leaves it unchanged (make it writable to change it)", path=label
        )


def remove_stale_temps(path: str | os.PathLike, *, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Remove the temporary files a crashed :func:`atomic_write` of ``path`` left behind.

    Only files named like ours (``.NAME.*.planner-tmp``, or the older ``.NAME.*.tmp``)
    and older than ``older_than`` seconds are removed: a younger one may be a save
    in progress. Call it while holding the file's lock. Returns what was removed.
    """
    target = write_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    removed = []
    now = time.time()
    prefix = f".{target.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            if not name.startswith(prefix) or not (name.endswith(TEMP_SUFFIX) or name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def atomic_write(
    path: str | os.PathLike,
    text: str | bytes,
    *,
    label: str | None = None,
    error: type[PlannerError] = PlannerError,
    newline: str | None = None,
    mode: int | None = None,
) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to ``path`` atomically, keeping the file's mode and owner.

    A symlink is written through to its target; a read-only file is refused.
    ``newline=""`` writes line endings exactly as they are in ``text`` (CRLF stays CRLF).
    ``mode`` sets the file's mode whatever it was (0o600 for files private to the user).
    Raises ``error`` (a PlannerError) with a clear message if it cannot.
    """
    label = label or str(path)
    if _write_in_place(path, text, label=label, error=error):
        return
    target = write_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise error(f"cannot write: the folder {folder} does not exist", path=label)
    ensure_writable(target, label=label, error=error)
    existing = None
    with contextlib.suppress(OSError):
        existing = target.stat()
    if mode is None:
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o644
    replace_file(target, text, label=label, error=error, newline=newline, mode=mode, owner=existing)


def replace_file(
    target: Path,
    text: str | bytes,
    *,
    label: str,
    error: type[PlannerError] = PlannerError,
    newline: str | None = None,
    mode: int = 0o600,
    owner: os.stat_result | None = None,
    durable: bool = True,
) -> None:
    """Replace ``target`` (a plain path, no link followed) by ``text`` all at once: written
    to a temporary file beside it, flushed to disk (fsync), given ``mode`` (and ``owner``'s
    owner and group), renamed over it, the rename flushed too. planner's one atomic write:
    :func:`atomic_write` calls it once it has checked the path; stores of their own (the
    cache, a vdir) call it directly.

    ``durable=False`` skips both flushes, for a file whose loss at a crash costs only work
    done again (a cache entry, which is signed and refused when torn): the rename is still
    all or nothing for every reader while the machine runs.
    """
    folder = target.parent if str(target.parent) else Path(".")
    try:
        binary = isinstance(text, bytes)
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
            "wb" if binary else "w",
            encoding=None if binary else "utf-8",
            newline=None if binary else newline,
            dir=folder,
            prefix=f".{target.name}.",
            suffix=TEMP_SUFFIX,
            delete=False,
        )
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror}", path=label) from None
    try:
        with handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if owner is not None:
            _keep_owner(handle.name, owner)
        os.chmod(handle.name, mode)
        os.replace(handle.name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise error(f"cannot write: {exc.strerror or exc}; the file is unchanged", path=label) from None
    if durable:
        _sync_folder(folder)


# Paths that name an open file of this process (``/dev/stdout``, ``/dev/fd/1``,
# ``/proc/self/fd/1``): replacing what they point at would not reach the reader.
_OPEN_FILE_PREFIXES = ("/dev/fd/", "/proc/")
_OPEN_FILE_NAMES = ("/dev/stdout", "/dev/stderr")


def _write_in_place(
    path: str | os.PathLike, text: str | bytes, *, label: str, error: type[PlannerError]
) -> bool:
    """Write ``text`` into ``path`` if it must not be replaced (a character device, a
    FIFO, an open file such as ``/dev/stdout``); refuse a folder, a block device or a
    socket. False when ``path`` is a regular file or is missing: replace it atomically.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", path=label) from None
    mode = info.st_mode
    named = os.path.abspath(path)
    open_file = named in _OPEN_FILE_NAMES or named.startswith(_OPEN_FILE_PREFIXES)
    if stat.S_ISREG(mode) and not open_file:
        return False
    if stat.S_ISDIR(mode):
        raise error("is a folder; give a file name to write", path=label)
    if not (stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise error(
            f"is {_kind(mode)}; planner writes to files, pipes and character devices only", path=label
        )
    # O_NONBLOCK: a FIFO nobody reads is refused at once (ENXIO), not waited on forever.
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise error("is a pipe (FIFO) that nobody reads; planner did not wait", path=label) from None
        raise error(f"cannot write: {exc.strerror or exc}", path=label) from None
    try:
        os.set_blocking(fd, True)  # the reader sets the pace from here on
        with os.fdopen(fd, "wb", closefd=False) as handle:
            # Bytes as they are (a QR code's PNG to /dev/stdout), text as UTF-8.
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as exc:
        raise error(f"cannot write: {exc.strerror or exc}", path=label) from None
    finally:
        os.close(fd)
    return True


def is_standard_output(path: str | os.PathLike) -> bool:
    """True if ``path`` is the file this process's standard output goes to
    (``-o /dev/stdout``): then what is said about the write belongs on stderr."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(1))
    except (OSError, ValueError):
        return False


def _keep_owner(temp: str, existing: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where we may.

    Root picking into another user's agenda must leave it that user's file; other
    users can at most keep the group (chown to one's own group is allowed).
    """
    if (existing.st_uid, existing.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.chown(temp, existing.st_uid, existing.st_gid)
    except PermissionError:
        with contextlib.suppress(OSError):
            os.chown(temp, -1, existing.st_gid)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP):
            raise


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a crash right after a save keeps the new file)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
