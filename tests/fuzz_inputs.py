"""Hostile inputs for the fuzz suite (tests/test_fuzz.py) and the long run (bench/fuzz.py).

An input is a real file of one of the four formats (tests/data, the bundled day)
changed by a short list of operations: cut a slice, repeat a slice, insert a
hostile snippet, flip a byte, or put a hostile value into a field (a title, a
time, a date). The same operations are drawn by hypothesis in the tests and by
``random.Random`` in the long run, so a case found by one replays in the other.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def _head(data: bytes, size: int) -> bytes:
    """The first ``size`` bytes, cut at a line end (the bundled day is 100 KB)."""
    if len(data) <= size:
        return data
    return data[: data.rindex(b"\n", 0, size) + 1]


# format name -> (suffix, the real file it starts from)
FIXTURES: dict[str, tuple[str, bytes]] = {
    "sched-text": (".txt", _head((ROOT / "schedules" / "kubecon-na-2025-thursday.txt").read_bytes(), 8000)),
    "pretalx-json": (".json", (DATA / "oid2025-schedule.json").read_bytes()),
    "frab-xml": (".xml", (DATA / "oid2025-schedule.xml").read_bytes()),
    "ical-feed": (".ics", (DATA / "oid2025-schedule.ics").read_bytes()),
    "ical-sched": (".ics", (DATA / "kccncna2025-sched.ics").read_bytes()),
}


def _reader_of(data: bytes) -> str | None:
    """The reader planner would choose for ``data`` (None: none would)."""
    from planner.readers import _pick_reader

    try:
        return _pick_reader(data.decode("utf-8-sig", "replace"), None, "fixture").name
    except Exception:
        return None


def _fixtures_for_new_readers() -> None:
    """A fixture for each registered reader that has none above: the smallest file in
    tests/data (tests/data/fuzz aside) it reads. A reader added later (Sessionize,
    Indico) is fuzzed as soon as a sample of its format is in tests/data."""
    from planner.readers import reader_names

    covered = {_reader_of(data) for _, data in FIXTURES.values()}
    files = sorted(
        (p for p in DATA.rglob("*") if p.is_file() and "fuzz" not in p.parts and p.suffix != ".md"),
        key=lambda p: (p.stat().st_size, str(p)),
    )
    for name in reader_names():
        if name in covered:
            continue
        for path in files:
            data = path.read_bytes()
            if path.stat().st_size <= 200_000 and _reader_of(data) == name:
                FIXTURES[name] = (path.suffix, data)
                break


_fixtures_for_new_readers()
FORMATS = sorted(FIXTURES)

# Snippets that broke, or could break, a reader: out-of-range dates, long runs a
# regex could backtrack on, encodings, entities, numbers, controls.
SNIPPETS: tuple[bytes, ...] = (
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf\xef\xbb\xbf",
    b"\xed\xa0\x80",  # a surrogate encoded as UTF-8 (invalid)
    b"\\ud800",
    b"\x1b[31m\x07\x7f\xc2\x9b",
    b"9999-12-31",
    b"0001-01-01",
    b"9999-12-31T23:00:00+00:00",
    b"99991231T235900Z",
    b"DURATION:P1D",
    b"DURATION:P9999999D",
    b"23:59",
    b"24:00",
    b"99:99",
    b"12:00am EST - 11:59pm EST",
    b" " * 2000,
    b";" * 3000,
    b" - " * 2000,
    b"(" * 500,
    b"1" * 5000,
    b"1e999",
    b"-0",
    b"NaN",
    b"null",
    b'"',
    b"'",
    b"<",
    b"&amp;&#0;&#xD800;",
    b"<!DOCTYPE s [<!ENTITY a 'aaaa'>]>",
    b"<!-- c -->\n" * 16,
    b"]]>",
    b"{",
    b"[",
    b"}",
    b"]",
    b"\r\n ",
    b"\r",
    b"\n\n\n",
    b"#",
    b"Time: ",
    b"Speakers: (",
    b"Thursday, November 13, 2025#\n",
    b"Wednesday, February 30, 2025#\n",
    b"SUMMARY:One\r\nSUMMARY:Two\r\n",
    b"END:VEVENT\r\n",
    b"BEGIN:VEVENT\r\n",
    b"TZID=Mars/Olympus",
    b"\\N\\n\\,\\;",
)

# Values for a field: put into a title, a time, a date, a duration or a room.
VALUES: tuple[str, ...] = (
    "",
    " ",
    "9999-12-31",
    "9999-12-31T23:00:00+00:00",
    "0000-00-00",
    "25:61",
    "-1",
    "1" * 5000,
    "\\ud800",
    "\x1b[31m\x07",
    " - " * 2000,
    ";" * 3000,
    "x" * 100_000,
    "Talk\\nwith a newline",
    "99991231T235900Z",
    "P9999999D",
    "null",
)

# Where a field value starts, per format: (regex of the field, group 1 is the value).
FIELDS: dict[str, tuple[bytes, ...]] = {
    "sched-text": (rb"\nTime: ([^\n]*)", rb"\nSpeakers: ([^\n]*)", rb"\nVenue: ([^\n]*)", rb"\n([^\n:]*)#\n"),
    "pretalx-json": (
        rb'"title": "([^"]*)"',
        rb'"date": "([^"]*)"',
        rb'"start": "([^"]*)"',
        rb'"duration": "([^"]*)"',
        rb'"room": "([^"]*)"',
        rb'"time_zone_name": "([^"]*)"',
    ),
    "frab-xml": (
        rb"<title>([^<]*)</title>",
        rb"<date>([^<]*)</date>",
        rb"<start>([^<]*)</start>",
        rb"<duration>([^<]*)</duration>",
        rb'date="([^"]*)"',
    ),
    "ical-feed": (rb"SUMMARY:([^\r\n]*)", rb"DTSTART[^:]*:([^\r\n]*)", rb"DTEND[^:]*:([^\r\n]*)"),
    "ical-sched": (rb"SUMMARY:([^\r\n]*)", rb"DTSTART[^:]*:([^\r\n]*)", rb"DTEND[^:]*:([^\r\n]*)"),
}
# Any other (JSON) format: the string values of the keys schedules use for titles, times, rooms.
GENERIC_FIELDS: tuple[bytes, ...] = (
    rb'"(?:title|name)": ?"([^"]*)"',
    rb'"(?:date|start|startsAt|startDate|start_date|time)": ?"([^"]*)"',
    rb'"(?:end|endsAt|endDate|duration)": ?"([^"]*)"',
    rb'"(?:room|roomId|location)": ?"([^"]*)"',
)

OPERATIONS = ("cut", "repeat", "insert", "flip", "field")


def apply(data: bytes, fmt: str, operations: list[tuple]) -> bytes:
    """``data`` changed by ``operations``; positions are taken modulo the current length."""
    for operation in operations:
        kind, a, b = operation
        size = max(len(data), 1)
        if kind == "cut":
            start = a % size
            data = data[:start] + data[start + b % 4096 :]
        elif kind == "repeat":
            start = a % size
            piece = data[start : start + 1 + b % 256]
            data = data[:start] + piece * (2 + b % 50) + data[start:]
        elif kind == "insert":
            start = a % size
            data = data[:start] + SNIPPETS[b % len(SNIPPETS)] + data[start:]
        elif kind == "flip":
            start = a % size
            if data:
                data = data[:start] + bytes([b % 256]) + data[start + 1 :]
        elif kind == "field":
            matches = [m for pattern in FIELDS.get(fmt, GENERIC_FIELDS) for m in re.finditer(pattern, data)]
            if matches:
                match = matches[a % len(matches)]
                value = VALUES[b % len(VALUES)].encode("utf-8")
                data = data[: match.start(1)] + value + data[match.end(1) :]
    return data


def random_operations(rng: random.Random, count: int | None = None) -> list[tuple]:
    """One to four operations drawn with ``rng`` (the long run's generator)."""
    return [
        (rng.choice(OPERATIONS), rng.randrange(1 << 20), rng.randrange(1 << 16))
        for _ in range(count or rng.randint(1, 4))
    ]


def random_input(fmt: str, rng: random.Random) -> bytes:
    return apply(FIXTURES[fmt][1], fmt, random_operations(rng))


# -- agendas ------------------------------------------------------------------------

AGENDA = (ROOT / "examples" / "kubecon-thursday.yaml").read_bytes()
AGENDA_SNIPPETS: tuple[bytes, ...] = (
    b"&a ",
    b"*a",
    b"[" * 70,
    b"{a: " * 70,
    b"- " * 70,
    b"!!python/object:os.system ",
    b"!!binary AAAA",
    b"<<: *a\n",
    b"\t",
    b": ",
    b"? ",
    b"|\n",
    b">-\n",
    b"9999-12-31T23:59:59+14:00",
    b"1" * 5000,
    b"\x00",
    b"\xff",
    b"\x1b[31m",
    b"%YAML 1.1\n---\n",
    b"...\n",
    b"---\n",
)


def apply_agenda(data: bytes, operations: list[tuple]) -> bytes:
    for kind, a, b in operations:
        size = max(len(data), 1)
        start = a % size
        if kind == "cut":
            data = data[:start] + data[start + b % 512 :]
        elif kind == "repeat":
            piece = data[start : start + 1 + b % 128]
            data = data[:start] + piece * (2 + b % 20) + data[start:]
        elif kind in ("insert", "field"):
            data = data[:start] + AGENDA_SNIPPETS[b % len(AGENDA_SNIPPETS)] + data[start:]
        elif kind == "flip" and data:
            data = data[:start] + bytes([b % 256]) + data[start + 1 :]
    return data


# -- team and venue files: the same YAML operations as the agenda ------------------------

TEAM = (ROOT / "examples" / "team.yaml").read_bytes()
VENUE = (ROOT / "src" / "planner" / "venues" / "gwcc.yaml").read_bytes()
# name -> (the real file, what reads it): every hand-edited YAML file planner reads.
YAML_FIXTURES: dict[str, bytes] = {"agenda": AGENDA, "team": TEAM, "venue": VENUE}
