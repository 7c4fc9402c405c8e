"""The one cache (planner.cache): a schedule once read is kept, used again only for the same
bytes, options and code, signed so that a crafted copy does no more than a damaged one,
private to the user, and written only when a cache is handed in."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from conftest import block, sched_text
from planner import cache as caches
from planner.cache import Cache
from planner.readers import kept, load_schedule
from planner.timezones import zone_name

DATA = Path(__file__).parent / "data"
# One file per reader, and the bundled day (None).
FILES = [
    None,
    DATA / "kubecon-na-2025-thursday-sched.ics",
    DATA / "jococruise2024-sched-excerpt.ics",
    DATA / "oid2025-schedule.ics",
    DATA / "oid2025-schedule.json",
    DATA / "oid2025-schedule.xml",
]


def entry_of(cache: Cache, kind: str, name: str) -> Path:
    return cache._path(kind, name)


def resign(cache: Cache, kind: str, name: str, edit) -> None:
    """Replace the payload of an entry with ``edit(payload)``, signed with the user's key:
    what planner itself could have written, to show whether the entry is used."""
    path = entry_of(cache, kind, name)
    _, head, info, payload = path.read_bytes().split(b"\n", 3)
    cache.keep(kind, name, orjson.loads(head)["key"], edit(payload), orjson.loads(info))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Cache:
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    return Cache.default()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name if p else "bundled")
def test_a_kept_copy_loads_the_schedule_it_was_made_from(path):
    read = load_schedule(path)
    again = kept.loads(kept.dumps(read))
    assert again == read
    # Equal datetimes may still differ in their zone; these keep the zone, wall time and offset.
    for a, b in zip(read.sessions, again.sessions, strict=True):
        assert (a.start.isoformat(), a.end.isoformat()) == (b.start.isoformat(), b.end.isoformat())
        assert zone_name(a.start.tzinfo) == zone_name(b.start.tzinfo)
    assert again.warnings == read.warnings and again.by_id.keys() == read.by_id.keys()


def test_a_plain_library_call_writes_nothing(tmp_path, monkeypatch, write_schedule):
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "cache"))
    load_schedule(write_schedule(block("Opening Keynote", venue="Hall 1, Berlin, Germany")))
    from planner.planning import Planner

    Planner.open(tmp_path / "agenda.yaml").pick("keda")
    assert not (tmp_path / "cache").exists()


def test_cache_files_are_private_to_the_user(cache, write_schedule):
    load_schedule(write_schedule(block("Opening Keynote")), cache=cache)
    found = list(cache.folder.rglob("*"))
    assert any(p.name == "key" for p in found) and any(p.suffix == ".entry" for p in found)
    assert stat.S_IMODE(cache.folder.stat().st_mode) == 0o700
    for path in found:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def planner(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", *map(str, args)], capture_output=True, text=True, timeout=120
    )


def test_a_new_process_loads_the_kept_copy_and_only_for_the_same_bytes(cache, write_schedule):
    path = write_schedule(block("Opening Keynote"), block("Bad", time="eleven-ish"))
    first = planner("sessions", "--schedule", path, "--json")
    assert first.returncode == 0 and "Opening Keynote" in first.stdout
    # Edited (and signed as planner would), the copy shows whether it was used or the file read again.
    resign(cache, "schedule", str(path), lambda p: p.replace(b"Opening Keynote", b"Edited Keynote"))
    second = planner("sessions", "--schedule", path, "--json")
    assert "Edited Keynote" in second.stdout
    # The reader's warnings come back with the copy.
    assert second.stderr == first.stderr
    # Other options, other bytes: read again.
    assert "Opening Keynote" in planner("sessions", "--schedule", path, "--json", "--tz", "UTC").stdout
    path.write_text(path.read_text() + "\n")
    assert "Opening Keynote" in planner("sessions", "--schedule", path, "--json").stdout


def _crafted(cache: Cache, name: str, change) -> None:
    """Rewrite the entry's bytes with ``change`` and no key: what anyone else could write."""
    path = entry_of(cache, "schedule", name)
    path.write_bytes(change(path.read_bytes()))


EVIL = b"\\u001b]52;c;ZXZpbA==\\u0007Opening Keynote"
CRAFTS = {
    "escape-in-title": lambda b: b.replace(b"Opening Keynote", EVIL),
    "javascript-url": lambda b: b.replace(b'"url":null', b'"url":"javascript:alert(1)"'),
    "end-before-start": lambda b: b.replace(b"T11:30:00", b"T08:30:00"),
    "wrong-types": lambda b: b.replace(b'"sessions":[', b'"sessions":[1,'),
    "huge-count": lambda b: b.replace(b'"declared_total":null', b'"declared_total":' + b"9" * 30),
    "cut-short": lambda b: b[: len(b) // 2],
    # An entry is not flushed to disk: a crash may leave it empty or cut, never trusted.
    "empty": lambda b: b"",
    "garbage": lambda b: b"\x00\xff garbage",
    "other-format": lambda b: b.replace(b'"format":1', b'"format":0'),
    "other-code": lambda b: b.replace(b'"key":"[\\"', b'"key":"[\\"older'),
}


@pytest.mark.parametrize("craft", CRAFTS.values(), ids=CRAFTS.keys())
def test_a_crafted_or_damaged_copy_is_ignored(cache, write_schedule, craft):
    path = write_schedule(block("Opening Keynote"))
    load_schedule(path, cache=cache)
    _crafted(cache, str(path), craft)
    fresh = Cache(cache.folder)  # a new command: nothing remembered in memory
    assert [s.title for s in load_schedule(path, cache=fresh).sessions] == ["Opening Keynote"]
    # The control: the same change signed with the user's key is used (so the check is what refused it).
    if craft is CRAFTS["escape-in-title"]:
        resign(cache, "schedule", str(path), lambda p: p.replace(b"Opening Keynote", b"Signed Keynote"))
        assert load_schedule(path, cache=Cache(cache.folder)).sessions[0].title == "Signed Keynote"


def test_a_key_others_can_read_or_replace_is_not_used(cache, write_schedule):
    path = write_schedule(block("Opening Keynote"))
    load_schedule(path, cache=cache)
    resign(cache, "schedule", str(path), lambda p: p.replace(b"Opening Keynote", b"Signed Keynote"))
    assert load_schedule(path, cache=Cache(cache.folder)).sessions[0].title == "Signed Keynote"
    os.chmod(cache.folder / caches.KEY_FILE, 0o644)
    assert load_schedule(path, cache=Cache(cache.folder)).sessions[0].title == "Opening Keynote"


def test_a_schedule_json_cannot_hold_is_read_and_not_kept(cache, write_schedule, runner, cli):
    # A 20-digit "Total Sessions:" header made every command on the file exit 70.
    header = "Test Conf 2025#\nThursday, November 13, 2025#\nTotal Sessions: 99999999999999999999\n"
    path = cache.folder.parent / "counted.txt"
    path.write_text(sched_text(block("Opening Keynote"), header=header), encoding="utf-8")
    assert load_schedule(path, cache=cache).sessions[0].title == "Opening Keynote"
    done = runner.invoke(cli, ["sessions", "--schedule", str(path)])
    assert done.exit_code == 0, done.output


def test_an_unreadable_schedule_is_never_kept(cache, write_schedule):
    path = write_schedule(block("Bad", time="eleven-ish"))
    with pytest.raises(Exception, match="no session could be read"):
        load_schedule(path, cache=cache)
    assert not entry_of(cache, "schedule", str(path)).exists()


def test_only_the_last_few_schedules_are_kept(cache, write_schedule, monkeypatch):
    monkeypatch.setattr(caches, "KEEP", 3)
    paths = [write_schedule(block(f"Talk {n}", venue=None)) for n in range(5)]
    for path in paths:
        load_schedule(path, cache=cache)
    left = {p.name for p in (cache.folder / "schedule").iterdir()}
    assert left == {entry_of(cache, "schedule", str(p)).name for p in paths[-3:]}


def test_a_fifo_or_a_link_in_the_cache_is_not_read(cache, write_schedule):
    path = write_schedule(block("Opening Keynote"))
    load_schedule(path, cache=cache)
    entry = entry_of(cache, "schedule", str(path))
    entry.unlink()
    os.mkfifo(entry)
    assert load_schedule(path, cache=Cache(cache.folder)).sessions[0].title == "Opening Keynote"
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert load_schedule(path, cache=Cache(cache.folder)).sessions[0].title == "Opening Keynote"


def test_the_code_stamp_moves_with_any_module_or_gazetteer_file(tmp_path):
    """The stamp in every derived entry's key: a module of another size or time, added or
    removed, gives another stamp; compiled copies do not count."""
    package = tmp_path / "package"
    (package / "readers").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "readers" / "sched.py").write_text("x = 1\n")

    def stamp() -> str:
        digest = caches.hashlib.blake2b(digest_size=16)
        caches._stamp_folder(digest, str(package), len(str(package)) + 1, (".py",))
        return digest.hexdigest()

    first = stamp()
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "sched.cpython-311.pyc").write_bytes(b"compiled")
    (package / "notes.txt").write_text("not code")
    assert stamp() == first
    (package / "readers" / "sched.py").write_text("x = 22\n")
    second = stamp()
    assert second != first
    os.utime(package / "readers" / "sched.py", ns=(1, 1))
    third = stamp()
    assert third != second
    (package / "readers" / "new.py").write_text("")
    assert stamp() != third


def test_the_code_stamp_asks_no_package_metadata():
    """Scanning every installed distribution's metadata for the gazetteer's version was a
    tenth of a command's start; the stamp reads the gazetteer's files instead."""
    probe = (
        "import sys; from planner.cache import code_stamp; stamp = code_stamp(); "
        "print(stamp.count('/'), 'importlib.metadata' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["2", "False"]
