"""``planner open URL`` and ``--schedule PAGE``: a conference's page -> its export, against a
real HTTP server on 127.0.0.1 serving pages shaped like the platforms' (a page linking its
exports, a redirect, a 404 for a guess) and real excerpts as the exports. Never the internet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run
from planner.agenda_file import AgendaFile
from planner.discover import MAX_PAGE_BYTES, from_address, guesses, is_html, page_links
from test_bad_input import assert_clean_failure
from test_fetch import site  # noqa: F401  (the local HTTP server fixture)

DATA = Path(__file__).parent / "data" / "corpus"
PRETALX = (DATA / "pretalx-democon-excerpt.json").read_bytes()
FOSDEM = (DATA / "fosdem-2025-excerpt.xml").read_bytes()
INDICO = (DATA / "indico-chep2015-excerpt.json").read_bytes()

# A pretalx schedule page, in the shape of pretalx's agenda/schedule.html: a widget script,
# then the export dropdown (site-absolute and relative links), among hostile links.
PRETALX_PAGE = """<!DOCTYPE html><html><head><meta name="generator" content="pretalx">
<link rel="stylesheet" href="/static/common.css">
<script id="pretalx-messages" data-logged-in="false" src="/democon/schedule/widget/messages.js"></script>
</head><body><details class="dropdown mr-2" aria-haspopup="menu" role="menu">
<summary><span>Version 0.5</span></summary>
<a href="file:///etc/passwd">not this</a> <a href="javascript:alert(1)">nor this</a>
<a href="schedule/export/schedule.ics">iCal</a>
<a href="/democon/schedule/export/schedule.xml">XML</a>
<a href="/democon/schedule/export/schedule.json">JSON</a>
</details></body></html>"""


def open_json(runner, cli, url: str, *extra):
    result = run(runner, cli, "open", url, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result


def test_a_pretalx_page_is_followed_to_its_json_export(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/democon/", PRETALX_PAGE)
    site.serve("/democon/schedule/export/schedule.json", PRETALX)
    agenda = tmp_path / "democon.yaml"
    result = run(runner, cli, "open", f"{site.url}/democon/", "-a", agenda)
    assert result.exit_code == 0, result.output
    export = f"{site.url}/democon/schedule/export/schedule.json"
    assert f"found the pretalx export of DemoCon {export} (linked from the page" in result.stdout
    assert AgendaFile(agenda).load().schedule == export
    # The agenda follows it: later commands read the export through the cache.
    picked = run(runner, cli, "pick", "managed stable function", "-a", agenda)
    assert picked.exit_code == 0, picked.output
    assert "Managed stable function" in picked.stdout
    assert not any("file://" in path or "javascript" in path for path, _ in site.requests)


def test_a_redirect_is_followed_and_the_page_after_it_gives_the_base(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/old", "", redirect="/democon/")
    site.serve("/democon/", PRETALX_PAGE)
    site.serve("/democon/schedule/export/schedule.json", PRETALX)
    data, _ = open_json(runner, cli, f"{site.url}/old", "-a", tmp_path / "a.yaml")
    assert data["url"] == f"{site.url}/democon/schedule/export/schedule.json"


def test_guesses_that_answer_404_are_passed_over(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/fosdem/", "<html><body>Welcome to the conference</body></html>")
    site.serve("/fosdem/schedule.xml", FOSDEM)
    data, _ = open_json(runner, cli, f"{site.url}/fosdem/", "-a", tmp_path / "a.yaml")
    assert data["url"] == f"{site.url}/fosdem/schedule.xml" and data["platform"] == "frab"
    assert any("/fosdem/schedule/export/schedule.json" in t and "404" in t for t in data["tried"])


def test_an_indico_event_page_gives_its_export_by_its_address(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/export/event/304944.json?detail=contributions", INDICO)
    data, _ = open_json(runner, cli, f"{site.url}/event/304944/", "-a", tmp_path / "a.yaml")
    assert data["platform"] == "Indico" and data["timezone"] == "Asia/Tokyo"
    assert data["sessions"] == 7
    # The export answered first: the page itself was never asked for.
    assert [p for p, _ in site.requests] == ["/export/event/304944.json?detail=contributions"]


def test_an_export_address_is_its_own_export(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/s.json", PRETALX)
    data, _ = open_json(runner, cli, f"{site.url}/s.json", "-a", tmp_path / "a.yaml", "--tz", "UTC")
    assert data["how"] == "the address is the export itself"
    assert AgendaFile(tmp_path / "a.yaml").load().timezone == "UTC"


def test_schedule_given_a_page_reads_its_export_with_a_notice(runner, cli, site):  # noqa: F811
    site.serve("/democon/", PRETALX_PAGE)
    site.serve("/democon/schedule/export/schedule.json", PRETALX)
    result = run(runner, cli, "sessions", "-s", f"{site.url}/democon/", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) > 3
    assert "this address is a page, not a schedule" in result.stderr and "planner open" in result.stderr


# -- what a page must not do ------------------------------------------------------------


def test_a_redirect_to_a_file_is_refused(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/evil/", "", redirect="file:///etc/passwd")
    result = run(runner, cli, "open", f"{site.url}/evil/", "-a", tmp_path / "a.yaml")
    assert_clean_failure(result, "http(s)")
    assert not (tmp_path / "a.yaml").exists()


def test_redirects_are_bounded(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/loop/", "", redirect="/loop/")
    result = run(runner, cli, "open", f"{site.url}/loop/", "-a", tmp_path / "a.yaml")
    assert_clean_failure(result, "redirects")
    assert len([p for p, _ in site.requests if p == "/loop/"]) <= 6


def test_a_page_is_read_only_up_to_its_limit(runner, cli, site, tmp_path):  # noqa: F811
    # The link comes after the limit: had the page been read whole, it would be found.
    page = "<html>" + "<p>filler</p>" * (MAX_PAGE_BYTES // 13 + 10) + '<a href="/big/s.json">x</a>'
    site.serve("/big/", page)
    site.serve("/big/s.json", PRETALX)
    result = run(runner, cli, "open", f"{site.url}/big/", "-a", tmp_path / "a.yaml")
    assert_clean_failure(result, "found no schedule export")
    assert "/big/s.json" not in [p for p, _ in site.requests]


def test_nothing_found_is_one_line_with_what_was_tried(runner, cli, site, tmp_path):  # noqa: F811
    result = run(runner, cli, "open", f"{site.url}/nothing/", "-a", tmp_path / "a.yaml")
    assert_clean_failure(result, "found no schedule export", "the server answered 404")


def test_only_web_addresses(runner, cli, tmp_path):
    result = run(runner, cli, "open", "file:///etc/passwd", "-a", tmp_path / "a.yaml")
    assert_clean_failure(result, "http:// or https://")


def test_an_agenda_that_follows_another_schedule_is_left_alone(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/s.json", PRETALX)
    agenda = tmp_path / "a.yaml"
    agenda.write_text("version: 1\nschedule: bundled:kubecon-na-2025-thursday\npicks: []\n", encoding="utf-8")
    result = run(runner, cli, "open", f"{site.url}/s.json", "-a", agenda)
    assert_clean_failure(result, "already follows bundled:kubecon-na-2025-thursday")
    assert "bundled:" in agenda.read_text(encoding="utf-8")


# -- address shapes, without a server ---------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://kccnceu2026.sched.com/", "https://kccnceu2026.sched.com/all.ics"),
        ("https://kccnceu2026.sched.com/event/abc/talk", "https://kccnceu2026.sched.com/all.ics"),
        (
            "https://sessionize.com/api/v2/likz3ws5/view/GridSmart",
            "https://sessionize.com/api/v2/likz3ws5/view/All",
        ),
        (
            "https://indico.example.org/event/1234/timetable/#20250310",
            "https://indico.example.org/export/event/1234.json?detail=contributions",
        ),
    ],
)
def test_exports_named_by_the_address(url, expected):
    assert [c.url for c in from_address(url)] == [expected]


def test_a_sessionize_embed_in_a_page_is_found_before_other_links():
    page = (
        '<a href="/schedule.ics">ics</a>'
        '<script type="text/javascript" src="https://sessionize.com/api/v2/abcd1234/view/GridSmart?under=True">'
    )
    found = page_links(page, "https://conf.example/agenda")
    assert next(c.url for c in found) == "https://sessionize.com/api/v2/abcd1234/view/All"


def test_webcal_links_are_https_and_frab_public_pages_guess_their_export():
    found = page_links('<a href="webcal://conf.sched.com/all.ics">subscribe</a>', "https://conf.example/")
    assert [c.url for c in found] == ["https://conf.sched.com/all.ics"]
    urls = [c.url for c in guesses("https://frab.example/en/33c3/public/schedule")]
    assert urls[0] == "https://frab.example/en/33c3/public/schedule.xml"


def test_a_page_on_the_web_never_leads_into_this_machine():
    page = '<a href="http://127.0.0.1:8080/schedule.json">a</a><a href="http://localhost/all.ics">b</a>'
    page += '<a href="http://192.168.1.1/schedule.xml">c</a><a href="https://conf.example/schedule.xml">d</a>'
    assert [c.url for c in page_links(page, "https://conf.example/")] == ["https://conf.example/schedule.xml"]


def test_opening_the_same_conference_again_keeps_the_agenda(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/s.json", PRETALX)
    agenda = tmp_path / "a.yaml"
    first, _ = open_json(runner, cli, f"{site.url}/s.json", "-a", agenda)
    again, _ = open_json(runner, cli, f"{site.url}/s.json", "-a", agenda)
    assert first["created"] and not again["created"]
    assert AgendaFile(agenda).load().schedule == f"{site.url}/s.json"


def test_telling_a_page_from_an_export_is_linear():
    import time

    # Many comments with no page after them: a backtracking pattern would take ages here.
    text = "<!--a-->" * 600 + "x"
    started = time.process_time()
    for _ in range(50):
        assert not is_html(text)
    assert time.process_time() - started < 1.0


def test_a_page_in_an_unknown_charset_is_read_as_utf8():
    import httpx

    from planner.discover import _decode

    response = httpx.Response(200, headers={"Content-Type": "text/html; charset=x-nonsense"})
    assert _decode("café".encode(), response) == "café"


def test_a_sched_site_on_its_own_domain_gives_its_all_ics(runner, cli, site, tmp_path):  # noqa: F811
    feed = (Path(__file__).parent / "data" / "jococruise2024-sched-excerpt.ics").read_bytes()
    site.serve("/", '<html><body><div class="footer">Powered by <a href="https://sched.com">Sched</a></div>')
    site.serve("/all.ics", feed)
    data, _ = open_json(runner, cli, f"{site.url}/", "-a", tmp_path / "a.yaml")
    assert data["url"] == f"{site.url}/all.ics" and data["platform"] == "Sched"


def test_a_password_in_the_address_is_never_written_nor_shown(runner, cli, site, tmp_path):  # noqa: F811
    site.serve("/s.json", PRETALX)
    agenda = tmp_path / "a.yaml"
    address = site.url.replace("http://", "http://ada:s3cret@") + "/s.json"
    result = run(runner, cli, "open", address, "-a", agenda)
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output and "s3cret" not in agenda.read_text(encoding="utf-8")
    assert AgendaFile(agenda).load().schedule == f"{site.url}/s.json"
