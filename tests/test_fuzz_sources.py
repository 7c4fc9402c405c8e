"""The Sessionize and Indico readers under the fuzz suite's operations (tests/test_fuzz.py):
their real excerpts cut, repeated, flipped and given hostile snippets, and every field of a
session given any JSON value. A PlannerError is fine; anything else (a crash, a hang, an
unprintable result) fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from fuzz_inputs import apply
from test_fuzz import fuzz_settings, operations, read_schedule_bytes
from test_reader_indico import INDICO_ICS

DATA = Path(__file__).parent / "data" / "corpus"
EXCERPTS = {
    "sessionize-all": DATA / "sessionize-all-excerpt.json",
    "sessionize-grid": DATA / "sessionize-gridsmart-excerpt.json",
    "indico-json": DATA / "indico-chep2015-excerpt.json",
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["2025-02-30T10:00:00", "9999-12-31T23:59:59", "0001-01-01T00:00:00", "", "\x1b[31m"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize("name", [*sorted(EXCERPTS), "indico-ics"])
def test_mutated_excerpts_are_read_or_refused_in_one_line(name, tmp_path):
    original = INDICO_ICS.encode() if name == "indico-ics" else EXCERPTS[name].read_bytes()
    suffix = ".ics" if name == "indico-ics" else ".json"

    @fuzz_settings
    @given(changes=operations)
    def read_mutated(changes):
        note(f"operations={changes!r}")
        # "field" operations need the suite's per-format patterns; the others apply to any bytes.
        read_schedule_bytes(
            apply(original, "pretalx-json", [c for c in changes if c[0] != "field"]), suffix, tmp_path
        )

    read_mutated()


def _sessions(data, name: str) -> list[dict]:
    if name == "sessionize-all":
        return data["sessions"]
    if name == "sessionize-grid":
        return [s for room in data[0]["rooms"] for s in room["sessions"]]
    return data["results"][0]["contributions"] + [
        c for s in data["results"][0]["sessions"] for c in s["contributions"]
    ]


@pytest.mark.parametrize("name", sorted(EXCERPTS))
def test_any_value_in_any_field_is_read_or_refused_in_one_line(name, tmp_path):
    original = json.loads(EXCERPTS[name].read_text(encoding="utf-8"))
    keys = sorted({key for session in _sessions(original, name) for key in session})

    @fuzz_settings
    @given(position=st.integers(0, 1000), key=st.sampled_from(keys), value=json_values)
    def read_with_value(position, key, value):
        data = json.loads(json.dumps(original))
        sessions = _sessions(data, name)
        sessions[position % len(sessions)][key] = value
        read_schedule_bytes(json.dumps(data).encode(), ".json", tmp_path)

    read_with_value()
