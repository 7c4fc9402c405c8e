"""planner share and planner import: favourites out as one line or a QR code, and back in
from the share text, other tools' .ics exports, and lists of links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conftest import examples, run
from planner.agenda import Agenda, Pick
from planner.agenda_file import AgendaFile
from planner.sharing import parse_share, qr_code, share_text

DATA = Path(__file__).parent / "data"
FAVOURITES = DATA / "favourites"

ids = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() == s and s)


@given(
    st.lists(st.tuples(ids, st.sampled_from(["must", "maybe"])), unique_by=lambda t: t[0], max_size=40),
    st.text(min_size=1, max_size=80),
)
@settings(max_examples=examples(200), deadline=None)
def test_share_then_import_round_trips_any_agenda(picks, schedule) -> None:
    try:
        agenda = Agenda(picks=tuple(Pick(id=i, priority=p) for i, p in picks))
    except ValueError:
        # Not an agenda (an ID of control characters alone, two IDs equal once cleaned).
        assume(False)
    text = share_text(agenda, schedule)
    assert "\n" not in text
    shared = parse_share(text)
    assert shared.schedule == schedule
    assert list(shared.picks) == [(p.id, p.priority) for p in agenda.picks]


def test_thirty_picks_fit_a_qr_code_a_phone_reads(schedule) -> None:
    agenda = Agenda(picks=tuple(Pick(id=s.id) for s in schedule.sessions[:30]))
    text = share_text(agenda, "https://kccncna2025.sched.com/all.ics")
    code = qr_code(text)
    # Version 13 (69x69 modules) at error correction M: well within what phone cameras read.
    assert code.error == "M" and code.version <= 13, (code.version, len(text))


def test_share_prints_the_line_and_import_reads_it_into_another_agenda(runner, cli, tmp_path) -> None:
    mine = tmp_path / "mine.yaml"
    shutil.copy(Path(__file__).parents[1] / "examples" / "kubecon-thursday.yaml", mine)
    shared = run(runner, cli, "share", "--agenda", mine)
    assert shared.exit_code == 0, shared.output
    line = shared.output.strip()
    theirs = tmp_path / "theirs.yaml"
    result = run(runner, cli, "import", line, "--agenda", theirs)
    assert result.exit_code == 0, result.output
    before = AgendaFile(mine).load()
    after = AgendaFile(theirs).load()
    assert [(p.id, p.priority) for p in after.picks] == [(p.id, p.priority) for p in before.picks]


def test_share_writes_a_png_qr_code(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    shutil.copy(Path(__file__).parents[1] / "examples" / "kubecon-thursday.yaml", agenda)
    result = run(runner, cli, "share", "--agenda", agenda, "-o", tmp_path / "picks.png")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "picks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "error correction M" in result.output


def test_pretalx_starred_talks_are_matched_by_their_links(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    schedule = DATA / "oid2025-schedule.json"
    result = run(
        runner,
        cli,
        "import",
        FAVOURITES / "pretalx-starred-oid2025.ics",
        "--schedule",
        schedule,
        "--agenda",
        agenda,
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("(by link)") == 3
    picked = {p.title for p in AgendaFile(agenda).load().picks}
    assert "eBPF for the Rest of Us" in picked and len(picked) == 3


def test_a_sched_my_schedule_feed_is_matched_by_title_and_time(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = run(runner, cli, "import", FAVOURITES / "sched-my-schedule-kubecon.ics", "--agenda", agenda)
    assert result.exit_code == 0, result.output
    assert result.output.count("(by title and time)") == 3
    titles = [p.title for p in AgendaFile(agenda).load().picks]
    assert "Kubernetes SIG Storage: Intro & Deep Dive" in titles


def test_dry_run_shows_the_matching_and_writes_nothing(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = run(
        runner, cli, "import", FAVOURITES / "sched-my-schedule-kubecon.ics", "--dry-run", "--agenda", agenda
    )
    assert result.exit_code == 0, result.output
    assert "would pick" in result.output and not agenda.exists()


def test_favourites_of_another_conference_are_refused(runner, cli, tmp_path) -> None:
    agenda = tmp_path / "agenda.yaml"
    result = run(runner, cli, "import", FAVOURITES / "pretalx-starred-oid2025.ics", "--agenda", agenda)
    assert result.exit_code == 2
    assert "none of its 3 favourites is in this schedule" in result.output
    assert "2025-10-2" in result.output and "2025-11-13" in result.output
    assert not agenda.exists()


def test_an_event_gone_from_the_schedule_is_listed_with_the_closest_titles(runner, cli, tmp_path) -> None:
    favourites = tmp_path / "starred.ics"
    text = (FAVOURITES / "sched-my-schedule-kubecon.ics").read_text(encoding="utf-8")
    favourites.write_text(text.replace("SUMMARY:Kubernetes SIG Storage", "SUMMARY:Kubernetes SIG Storrage"))
    agenda = tmp_path / "agenda.yaml"
    result = run(runner, cli, "import", favourites, "--agenda", agenda)
    assert result.exit_code == 1  # some matched nothing: a finding, result.output
    assert "2 of 3 matched" in result.output
    assert "no session matches 'Kubernetes SIG Storrage" in result.output
    assert "closest" in result.output


def test_a_list_of_session_links_is_imported(runner, cli, tmp_path) -> None:
    links = tmp_path / "links.txt"
    links.write_text("# my picks\nhttps://pretalx.example.org/oid2025/talk/RM7MRT/\n")
    agenda = tmp_path / "agenda.yaml"
    schedule = DATA / "oid2025-schedule.json"
    result = run(runner, cli, "import", links, "--schedule", schedule, "--agenda", agenda)
    assert result.exit_code == 0, result.output
    assert [p.id for p in AgendaFile(agenda).load().picks]


@pytest.mark.parametrize(
    "content",
    ["not a list\n", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2025\n", "planner-share/1 x nope:1\n", ""],
)
def test_unreadable_favourites_are_one_line_and_exit_2(runner, cli, tmp_path, content) -> None:
    path = tmp_path / "f.txt"
    path.write_text(content)
    result = run(runner, cli, "import", path, "--agenda", tmp_path / "agenda.yaml")
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) <= 2
    assert "Traceback" not in result.output
