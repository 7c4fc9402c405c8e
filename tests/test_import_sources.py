"""planner import, one test per tool whose favourites it reads, on the files in
tests/data/favourites/ (their README says which are captured and which rebuilt from the
exporter's code): what matches, by what, and the refusals (favourites of another
conference, or of events the schedule no longer has)."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from wcwidth import wcswidth

from conftest import examples, run
from planner.agenda_file import AgendaFile
from planner.favourites import FavouritesError, read_favourites

DATA = Path(__file__).parent / "data"
FAVOURITES = DATA / "favourites"
FOSDEM_2025 = DATA / "corpus" / "fosdem-2025-excerpt.xml"
ETLS = DATA / "sched-etls-lasvegas-2025-excerpt.ics"
# Giggity's own test of importing a shared link (app/src/androidTest/java/net/gaast/giggity/
# Spresso.java, testDeepLinkWithImport): FOSDEM 2026, its IDs the events' guids.
GIGGITY_FOSDEM_2026 = (
    "https://ggt.gaa.st/#url=https%3A%2F%2Ffosdem.org%2F2026%2Fschedule%2Fxml&see=eJwVjMENQyEMxXbh3CdBX"
    "lLILFUP-YTsP0LpyQdb_jRaz_lkIYQHJk6stxbmqHiSOTy8vZqWbU8O0CmwUwbfx6FTyq9bdfo_61WVMZBGwlIFd0KEXsji7p7t"
    "-wMj1h7f&del=eJyLVkoySzazMDOz0DU3TzbVNU00TdS1NDUx1LU0SU1JTTEyNbJMslCKBQDOEAou"
)


def imported(runner, cli, source, schedule, agenda, *more):
    return run(runner, cli, "import", source, "--schedule", schedule, "--agenda", agenda, *more)


def titles(agenda: Path) -> list[str]:
    return [p.title for p in AgendaFile(agenda).load().picks]


def test_fosdem_companion_bookmarks_are_matched_by_event_id(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = imported(runner, cli, FAVOURITES / "fosdem-companion-bookmarks-2025.ics", FOSDEM_2025, agenda)
    assert result.exit_code == 1  # some matched nothing: a finding, result.output
    assert result.stdout.count("(by event ID)") == 3
    assert "FOSDEM Companion bookmarks: 3 of 4 matched; added 3" in result.stdout
    # Talk 6600 is in FOSDEM 2025 but not in the excerpt: listed on the schedule's clock, not guessed.
    assert "no session matches 'Moving work into the middle end at Sat 11:05'" in result.stderr
    assert titles(agenda) == [
        "MapTCHA, the open source CAPTCHA that improves OpenStreetMap",
        "A New Approach to Callee-Saved Registers in LLVM",
        "Top Accessibility Errors Found in Open Source Through Automated Testing",
    ]


def test_fosdem_companion_bookmarks_match_by_link_when_the_schedule_has_no_ids(runner, cli, tmp_path) -> None:
    # The same talks in a schedule without frab's event IDs (its pentabarf iCal, say): their pages.
    schedule = tmp_path / "fosdem.xml"
    schedule.write_text(
        FOSDEM_2025.read_text(encoding="utf-8").replace(' id="', ' data-id="'), encoding="utf-8"
    )
    result = imported(
        runner,
        cli,
        FAVOURITES / "fosdem-companion-bookmarks-2025.ics",
        schedule,
        tmp_path / "a.yaml",
        "--dry-run",
    )
    assert result.exit_code == 1  # one matched nothing: a finding, result.output
    assert result.stdout.count("(by link)") == 3 and "would add 3" in result.stdout


def test_fosdem_companion_bookmarks_of_another_year_are_refused(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = imported(runner, cli, FAVOURITES / "fosdem-companion-bookmarks-2019.ics", FOSDEM_2025, agenda)
    assert result.exit_code == 2, result.output
    assert "these are FOSDEM Companion bookmarks of 2019; this schedule runs 2025-02-01..2025-02-02" in (
        result.stderr
    )
    assert "--schedule https://fosdem.org/2019/schedule/xml" in result.stderr
    assert not agenda.exists()


def test_fosdem_companion_bookmarks_the_schedule_dropped_are_refused(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    gone = FAVOURITES / "fosdem-companion-bookmarks-2025-gone.ics"
    result = imported(runner, cli, gone, FOSDEM_2025, agenda)
    assert result.exit_code == 2, result.output
    assert "none of its 2 favourites is in this schedule any more" in result.stderr
    assert "dropped or renamed" in result.stderr and "another conference" not in result.stderr
    assert "no session matches 'Improving compile-time computation of object size at Sat 11:30'" in (
        result.stderr
    )
    assert not agenda.exists()


def test_giggity_shared_selections_are_matched_by_event_id(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = imported(runner, cli, FAVOURITES / "giggity-selections-fosdem-2025.txt", FOSDEM_2025, agenda)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("(by event ID)") == 3
    assert "Giggity shared selections: 3 of 3 matched" in result.stdout
    # The link names its schedule; this one is a file, so planner says what it matched against.
    assert "name the schedule at https://fosdem.org/2025/schedule/xml" in result.stderr
    assert set(titles(agenda)) == {
        "The state of Go",
        "Welcome to the Legal and Policy Issues DevRoom",
        "Top Accessibility Errors Found in Open Source Through Automated Testing",
    }


def test_a_giggity_link_is_read_from_the_command_line_not_fetched(runner, cli, tmp_path) -> None:
    link = (FAVOURITES / "giggity-selections-fosdem-2025.txt").read_text(encoding="utf-8").strip()
    result = imported(runner, cli, link, FOSDEM_2025, tmp_path / "agenda.yaml", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would add 3" in result.stdout


def test_a_giggity_link_of_another_conference_is_refused(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = imported(runner, cli, GIGGITY_FOSDEM_2026, FOSDEM_2025, agenda)
    assert result.exit_code == 2, result.output
    assert "none of its 3 favourites is in this schedule" in result.stderr
    assert "https://fosdem.org/2026/schedule/xml" in result.stderr and "another conference" in result.stderr
    assert not agenda.exists()


def test_giggity_ids_that_are_guids_match_a_schedule_by_guid(runner, cli, tmp_path) -> None:
    # Giggity names an event by its guid where the schedule gives no short ID.
    ids = json.dumps(["10fe3dac-5ae0-526e-b23a-e5fac70816ee"]).encode()
    see = base64.urlsafe_b64encode(zlib.compress(ids, 9)).rstrip(b"=").decode()
    link = f"https://ggt.gaa.st/#url=https%3A%2F%2Ffosdem.org%2F2025%2Fschedule%2Fxml&see={see}"
    result = imported(runner, cli, link, FOSDEM_2025, tmp_path / "a.yaml")
    assert result.exit_code == 0, result.output
    assert "The state of Go" in result.stdout and "(by event ID)" in result.stdout


def test_a_sched_personal_feed_is_matched_by_link(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = imported(runner, cli, FAVOURITES / "sched-my-schedule-etls-2025.ics", ETLS, agenda)
    assert result.exit_code == 1  # some matched nothing: a finding, result.output
    assert result.stdout.count("(by link)") == 2 and "2 of 3 matched" in result.stdout
    assert "no session matches 'Vibe Coding Workshop For Leaders at Mon 13:30'" in result.stderr
    assert titles(agenda) == ["Team Leader Accelerator: Forge the Future You Envision", "Opening Remarks"]


def test_a_sched_feed_without_links_is_matched_by_uid(runner, cli, tmp_path) -> None:
    feed = tmp_path / "mine.ics"
    text = (FAVOURITES / "sched-my-schedule-etls-2025.ics").read_text(encoding="utf-8")
    feed.write_text("".join(line for line in text.splitlines(True) if not line.startswith("URL:")))
    result = imported(runner, cli, feed, ETLS, tmp_path / "a.yaml", "--dry-run")
    assert result.exit_code == 1  # one matched nothing: a finding, result.output
    assert result.stdout.count("(by UID)") == 2


def test_pretalx_starred_talks_are_matched_by_link(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    democon = DATA / "corpus" / "pretalx-democon-excerpt.json"
    result = imported(runner, cli, FAVOURITES / "pretalx-faved-democon.ics", democon, agenda)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("(by link)") == 3 and "iCalendar file: 3 of 3 matched" in result.stdout
    assert titles(agenda) == [
        "Managed stable function",
        "Quality-focused 6thgeneration website",
        "User-centric non-volatile moderator",
    ]


@pytest.mark.parametrize("columns", [80, 120])
def test_import_output_fits_the_terminal(runner, cli, tmp_path, columns) -> None:
    source = FAVOURITES / "fosdem-companion-bookmarks-2025.ics"
    result = run(
        runner,
        cli,
        "import",
        source,
        "--schedule",
        FOSDEM_2025,
        "--agenda",
        tmp_path / "a.yaml",
        "--dry-run",
        env={"COLUMNS": str(columns)},
    )
    assert result.exit_code == 1  # one matched nothing: a finding, result.output
    assert max(wcswidth(line) for line in result.stdout.splitlines()) <= columns


@pytest.mark.parametrize(
    "link",
    [
        "https://ggt.gaa.st/#url=x&see=!!!",
        "https://ggt.gaa.st/#url=x&see=" + base64.urlsafe_b64encode(zlib.compress(b'{"a": 1}')).decode(),
        "https://ggt.gaa.st/#url=x&see="
        + base64.urlsafe_b64encode(zlib.compress(b"[" + b"1," * 1_000_000 + b"1]")).decode(),
        "https://ggt.gaa.st/#url=x&see=" + base64.urlsafe_b64encode(b"not zlib").decode(),
    ],
    ids=["not base64", "not a list", "a bomb", "not zlib"],
)
def test_an_unreadable_giggity_link_is_one_clear_error(link) -> None:
    with pytest.raises(FavouritesError, match="see= part is not Giggity's list of IDs"):
        read_favourites(link, "link")


@given(
    st.sampled_from(["", "https://ggt.gaa.st/#url=x&see=", "BEGIN:VCALENDAR\r\n", "https://a.example/"]),
    st.text(max_size=200),
)
@example("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "")
@settings(max_examples=examples(300), deadline=None)
def test_any_text_is_favourites_or_one_clear_error(prefix, rest) -> None:
    try:
        found = read_favourites(prefix + rest, "f")
    except FavouritesError:
        return
    assert all(w.title or w.url or w.uid or w.event_id for w in found.wanted)
