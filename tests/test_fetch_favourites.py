"""planner import with the schedule, or the favourites, at a URL of a real HTTP server on
127.0.0.1: a Giggity link is checked against the URL of the agenda's schedule."""

from __future__ import annotations

from pathlib import Path

from conftest import run
from make_favourites import giggity_link
from planner.agenda_file import AgendaFile
from test_fetch import site  # noqa: F401  # the server fixture

DATA = Path(__file__).parent / "data"
FOSDEM_2025 = DATA / "corpus" / "fosdem-2025-excerpt.xml"
FAVOURITES = DATA / "favourites"


def serve_fosdem(site) -> str:  # noqa: F811
    site.serve("/2025/schedule/xml", FOSDEM_2025.read_bytes())
    return f"{site.url}/2025/schedule/xml"


def test_a_giggity_link_of_the_agendas_schedule_url_is_matched(runner, cli, site, tmp_path) -> None:  # noqa: F811
    schedule = serve_fosdem(site)
    agenda = tmp_path / "agenda.yaml"
    result = run(
        runner,
        cli,
        "import",
        giggity_link(schedule, ["5353", "6075"]),
        "--schedule",
        schedule,
        "--agenda",
        agenda,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("(by event ID)") == 2 and "name the schedule" not in result.stderr
    assert len(AgendaFile(agenda).load().picks) == 2


def test_a_giggity_link_of_another_schedule_url_is_refused(runner, cli, site, tmp_path) -> None:  # noqa: F811
    schedule = serve_fosdem(site)
    agenda = tmp_path / "agenda.yaml"
    # 5353 is also an ID in this schedule: by ID alone it would land on the wrong talk.
    link = giggity_link("https://fosdem.org/2026/schedule/xml", ["5353"])
    result = run(runner, cli, "import", link, "--schedule", schedule, "--agenda", agenda)
    assert result.exit_code == 2, result.output
    assert "of the schedule at https://fosdem.org/2026/schedule/xml, not this agenda's" in result.stderr
    assert "--schedule https://fosdem.org/2026/schedule/xml" in result.stderr
    assert not agenda.exists()


def test_a_giggity_link_of_this_schedule_whose_events_are_gone_says_so(runner, cli, site, tmp_path) -> None:  # noqa: F811
    schedule = serve_fosdem(site)
    result = run(
        runner,
        cli,
        "import",
        giggity_link(schedule, ["6600"]),
        "--schedule",
        schedule,
        "--agenda",
        tmp_path / "a.yaml",
    )
    assert result.exit_code == 2, result.output
    assert "its one favourite is not in this schedule any more" in result.stderr
    assert "no session matches 'event 6600'" in result.stderr


def test_favourites_at_a_url_are_fetched_and_imported(runner, cli, site, tmp_path) -> None:  # noqa: F811
    site.serve("/bookmarks.ics", (FAVOURITES / "fosdem-companion-bookmarks-2025.ics").read_bytes())
    agenda = tmp_path / "agenda.yaml"
    result = run(
        runner, cli, "import", f"{site.url}/bookmarks.ics", "--schedule", FOSDEM_2025, "--agenda", agenda
    )
    assert result.exit_code == 1  # some matched nothing: a finding, result.output
    assert "FOSDEM Companion bookmarks: 3 of 4 matched" in result.stdout
