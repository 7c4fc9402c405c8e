"""Agenda, venue and state files kept validated in the cache (planner.cache, issue 23): used
again only for the same bytes and code, signed, and never in place of a file that changed.

And the records themselves (planner.frozen): what an edit carries along is what validating
the saved file gives, and a kept copy that is not what planner wrote is read again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import examples
from planner import cache as caches
from planner.agenda import Agenda, ExportState, Pick
from planner.agenda_file import AgendaFile
from planner.cache import Cache
from planner.errors import VenueError
from planner.frozen import Invalid, plain, revive, validate
from planner.readers import load_schedule
from planner.venue import Venue, load_venue

VENUE = """\
name: Test Hall
buildings:
  A: {within_minutes: 2, levels: ["1"]}
  B: {within_minutes: 3}
connections:
  - {between: [A, B], minutes: 4}
rooms:
  A101: {building: A, level: "1"}
"""


def planner(env: dict[str, str], *args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "planner", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    found = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
    found["PLANNER_CACHE_DIR"] = str(tmp_path / "cache")
    return found


def resign(folder: Path, kind: str, name: str, edit) -> None:
    """Replace an entry's payload with ``edit(payload)``, signed with the user's key: what
    planner itself could have written, to show whether the entry is used."""
    cache = Cache(folder)
    path = cache._path(kind, name)
    _, head, info, payload = path.read_bytes().split(b"\n", 3)
    cache.keep(kind, name, orjson.loads(head)["key"], edit(payload), orjson.loads(info))


def test_an_agenda_is_used_validated_only_while_its_bytes_are_the_same(tmp_path, env):
    agenda = tmp_path / "agenda.yaml"
    assert planner(env, "pick", "-a", agenda, "8q2qm").returncode == 0
    folder, name = Path(env["PLANNER_CACHE_DIR"]), os.path.abspath(agenda)
    # The copy is used: edited and signed as planner would, the edit shows.
    resign(folder, "agenda", name, lambda p: p.replace(b'"note":null', b'"note":"from the kept copy"'))
    assert "from the kept copy" in planner(env, "agenda", "-a", agenda).stdout
    # The file edited by hand: read and validated again, the kept copy is not used.
    text = agenda.read_text()
    agenda.write_text(text.replace("    priority: must\n", "    priority: must\n    note: from the file\n"))
    shown = planner(env, "agenda", "-a", agenda)
    assert "from the file" in shown.stdout and "from the kept copy" not in shown.stdout, shown.stderr
    # A file made invalid after a valid one was kept is an error with its line, never the old copy.
    agenda.write_text(text.replace("    priority: must\n", "    priority: must\n    rating: 9\n"))
    broken = planner(env, "agenda", "-a", agenda)
    assert broken.returncode == 2 and "rating" in broken.stderr and ":13:" in broken.stderr


def test_a_crafted_agenda_copy_is_ignored(tmp_path, env):
    agenda = tmp_path / "agenda.yaml"
    assert planner(env, "pick", "-a", agenda, "8q2qm").returncode == 0
    entry = Cache(Path(env["PLANNER_CACHE_DIR"]))._path("agenda", os.path.abspath(agenda))
    # Without the user's key: what anyone else could write in the folder.
    entry.write_bytes(entry.read_bytes().replace(b'"note":null', b'"note":"\\u001b]52;c;ZXZpbA==\\u0007x"'))
    shown = planner(env, "agenda", "-a", agenda)
    assert (
        shown.returncode == 0
        and "8q2qm" in shown.stdout
        and "ZXZpbA" not in shown.stdout
        and "\x1b" not in shown.stdout
    )


def test_a_venue_file_is_validated_again_when_it_changes(tmp_path, env):
    venue = tmp_path / "venue.yaml"
    venue.write_text(VENUE)
    folder = Path(env["PLANNER_CACHE_DIR"])
    with caches.using(Cache(folder)):
        first = load_venue(venue)
    resign(folder, "venue", str(venue), lambda p: p.replace(b"Test Hall", b"Kept Hall"))
    with caches.using(Cache(folder)):
        assert load_venue(venue).name == "Kept Hall"
    venue.write_text(VENUE.replace("minutes: 4", "minutes: -4"))
    with caches.using(Cache(folder)), pytest.raises(VenueError, match=r"connections\.0\.minutes"):
        load_venue(venue)
    venue.write_text(VENUE)
    with caches.using(Cache(folder)):
        # The bytes of the copy signed above again: a failed read kept nothing in its place.
        assert load_venue(venue).name == "Kept Hall" and first.name == "Test Hall"


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"[]",
        b'{"name": "x"}',
        b'{"picks": "not a list"}',
        b"\xff\xfe",
    ],
)
def test_a_kept_agenda_that_is_not_what_planner_wrote_is_read_again(tmp_path, env, payload):
    agenda = tmp_path / "agenda.yaml"
    assert planner(env, "pick", "-a", agenda, "8q2qm").returncode == 0
    resign(Path(env["PLANNER_CACHE_DIR"]), "agenda", os.path.abspath(agenda), lambda _: payload)
    shown = planner(env, "agenda", "-a", agenda)
    assert shown.returncode == 0 and "8q2qm" in shown.stdout, shown.stderr


def test_revive_makes_again_what_plain_wrote_and_nothing_else():
    agenda = validate(
        Agenda,
        {
            "version": 1,
            "schedule": "bundled:kubecon-na-2025-thursday",
            "buffer": 5,
            "pace": 1.25,
            "drop_in_types": ["Lounge"],
            "picks": [{"id": "8q2qm", "start": "2025-11-13T11:00:00-05:00", "rating": 4, "note": "n"}],
        },
    )
    again = revive(Agenda, orjson.loads(orjson.dumps(plain(agenda))))
    assert again == agenda and type(again.picks) is tuple and type(again.drop_in_types) is tuple
    assert again.picks[0].start.utcoffset() == dt.timedelta(hours=-5)
    for broken in ({}, {**plain(agenda), "extra": 1}, {**plain(agenda), "picks": [{"id": "x"}]}):
        with pytest.raises((ValueError, KeyError, TypeError)):
            revive(Agenda, broken)


def test_a_file_error_words_a_key_as_before():
    # pydantic words a dataclass's unknown key as an argument; a file has keys.
    with pytest.raises(Invalid) as found:
        validate(Agenda, {"version": 1, "pickz": []})
    assert found.value.errors()[0]["msg"] == "Extra inputs are not permitted"
    with pytest.raises(Invalid) as found:
        validate(Venue, {"buildings": {}})
    assert found.value.errors()[0]["msg"] == "Field required"


SCHEDULE = load_schedule()
notes = st.none() | st.text(max_size=20)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 15), st.sampled_from(["must", "maybe"]), notes),
        st.tuples(st.just("remove"), st.integers(0, 15)),
        st.tuples(st.just("set"), st.sampled_from(["timezone", "venue", "schedule"]), st.text(max_size=12)),
    ),
    max_size=12,
)


@given(steps)
# YAML's other line breaks: a lone one in a plain or single-quoted text reads back as a space.
@example([("set", "timezone", "\x85")])
@example([("add", 0, "maybe", "one\u2028two"), ("set", "venue", "v\u2029")])
@settings(max_examples=examples(60), deadline=None)
def test_what_an_edit_carries_along_is_what_validating_the_saved_file_gives(tmp_path_factory, ops):
    # The edit keeps the agenda it started from up to date instead of validating the tree
    # again: it must be the agenda the saved file validates to, whatever the edits were.
    path = tmp_path_factory.mktemp("edit") / "agenda.yaml"
    file = AgendaFile(path)
    with file.edit(create_for_schedule="bundled:kubecon-na-2025-thursday") as document:
        for op in ops:
            if op[0] == "add":
                session = SCHEDULE.sessions[op[1]]
                if all(p.id != session.id for p in document.agenda().picks):
                    document.add_pick(Pick.of(session, op[2], op[3]))
            elif op[0] == "remove":
                document.remove_pick(SCHEDULE.sessions[op[1]].id)
            else:
                document.set(op[1], op[2], after="schedule")
        carried = document.agenda()
    assert document._shadow is not None  # the edit did carry it (the check is not vacuous)
    fresh = AgendaFile(path).load()  # no cache: the saved file, validated
    assert fresh == dataclasses.replace(carried, exported=ExportState())


def test_a_pick_added_twice_in_an_edit_is_the_agenda_error_it_was(tmp_path):
    # The agenda carried along must not turn a second copy into a crash: the tree is
    # validated, and the error names the line, as before the agenda was carried.
    from planner.errors import AgendaError

    path = tmp_path / "agenda.yaml"
    file = AgendaFile(path)
    session = SCHEDULE.sessions[0]
    with (
        pytest.raises(AgendaError, match="picked twice"),
        file.edit(create_for_schedule="bundled:kubecon-na-2025-thursday") as document,
    ):
        document.add_pick(Pick.of(session))
        document.add_pick(Pick.of(session))
    assert not path.exists()
