"""The HTML day view, looked at in a real headless Chromium as a person would see it.

The browser is Debian's Chromium (``/usr/bin/chromium``, or ``$PLANNER_CHROMIUM``)
driven by Playwright; these tests skip only when no such binary exists. Every
page, its screenshot and its PDF are saved under ``test-artifacts/html-view/``.
The layout functions are tested first, without a browser.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import block
from planner.conflicts import DEFAULT_DROP_IN_TYPES, is_drop_in_type
from planner.export import get_writer
from planner.export.service import html_for, write_view
from planner.export.writers.html import (
    BLOCK_CHROME_PX,
    HtmlWriter,
    alternative_rows,
    fit_text,
    place_blocks,
    stack_labels,
)
from planner.planning import Planner
from planner.readers import ScheduleSource

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kubecon-thursday.yaml"
ARTIFACTS = ROOT / "test-artifacts" / "html-view"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EVIL_TITLE = "<script>alert(1)</script> & Co"


def t(hm: str, day: int = 13) -> dt.datetime:
    return dt.datetime.fromisoformat(f"2025-11-{day}T{hm}:00-05:00")


# -- the layout, without a browser -------------------------------------------------


def test_blocks_are_placed_in_proportion_to_time():
    boxes = place_blocks([(t("09:00"), t("09:30")), (t("10:00"), t("11:30"))], t("09:00"), 2.5)
    assert [(b.top, b.height) for b in boxes] == [(0, 75), (150, 225)]


def test_overlapping_blocks_share_columns_and_back_to_back_ones_do_not():
    spans = [
        (t("10:30"), t("11:00")),  # coffee
        (t("10:45"), t("11:00")),  # a talk during coffee
        (t("11:00"), t("11:30")),  # starts as both end: a new group
        (t("11:00"), t("11:30")),
        (t("11:00"), t("11:15")),
        (t("11:15"), t("11:30")),  # takes the column the 11:00-11:15 one left
    ]
    boxes = place_blocks(spans, t("10:30"), 2)
    assert [(b.column, b.columns) for b in boxes] == [(0, 2), (1, 2), (0, 3), (1, 3), (2, 3), (2, 3)]


def test_blocks_keep_the_order_they_were_given():
    boxes = place_blocks([(t("12:00"), t("12:30")), (t("09:00"), t("09:30"))], t("09:00"), 1)
    assert [b.top for b in boxes] == [180, 0]


@given(st.lists(st.tuples(st.integers(0, 600), st.integers(0, 120)), min_size=1, max_size=25))
def test_no_two_blocks_of_one_column_overlap(raw):
    spans = [(t("08:00") + dt.timedelta(minutes=a), t("08:00") + dt.timedelta(minutes=a + d)) for a, d in raw]
    boxes = place_blocks(spans, t("08:00"), 2)
    for i, (a, box_a) in enumerate(zip(spans, boxes, strict=True)):
        assert 0 <= box_a.column < box_a.columns
        for b, box_b in zip(spans[i + 1 :], boxes[i + 1 :], strict=True):
            if a[0] < b[1] and b[0] < a[1]:
                assert box_a.column != box_b.column
                assert box_a.columns == box_b.columns


@given(
    st.lists(st.floats(0, 900, allow_nan=False), max_size=30),
    st.floats(5, 40, allow_nan=False),
)
def test_stacked_labels_do_not_cover_each_other(wanted, height):
    limit = 1000.0
    tops = stack_labels(wanted, height, limit)
    assert len(tops) == len(wanted)
    if len(wanted) * (height + 1) <= limit:  # they fit: none covers another, all inside
        ordered = sorted(tops)
        for upper, lower in itertools.pairwise(ordered):
            assert lower - upper >= height - 0.01
        assert all(0 <= top <= limit - height + 0.01 for top in tops)


def test_labels_stay_where_they_want_when_there_is_room():
    assert stack_labels([10.0, 100.0, 300.0], 22, 900) == [10.0, 100.0, 300.0]


@given(st.floats(0, 400, allow_nan=False), st.booleans(), st.booleans())
def test_the_text_a_block_shows_fits_its_height(height, speakers, note):
    fit = fit_text(height, speakers=speakers, note=note)
    assert fit.rows * fit.line_px <= max(0, height - BLOCK_CHROME_PX)
    assert fit.speakers <= speakers and fit.note <= note


@pytest.mark.parametrize(
    ("minutes", "px_per_minute", "rows"),
    [(5, 1.6, 1), (5, 2.05, 1), (5, 3, 1), (10, 2.2, 2), (15, 2.2, 3), (30, 2.2, 5), (90, 2.2, 5)],
)
def test_short_blocks_still_show_their_title(minutes, px_per_minute, rows):
    fit = fit_text(minutes * px_per_minute, speakers=True)
    assert fit.title_lines >= 1
    assert fit.rows == rows


def test_alternatives_say_how_many_they_leave_out():
    assert alternative_rows(200, 5) == (5, 0)
    assert alternative_rows(34, 12) == (3, 9)  # 4 rows: 3 titles and "+9 more"


# -- rendering ---------------------------------------------------------------------


def test_the_writer_is_registered():
    writer = get_writer("html")
    assert isinstance(writer, HtmlWriter)
    assert (writer.extension, writer.content_type) == (".html", "text/html")


@pytest.fixture(scope="module")
def example() -> Planner:
    return Planner.open(EXAMPLE)


@pytest.fixture(scope="module")
def example_html(example) -> str:
    return html_for(example)


def test_the_page_loads_nothing_and_runs_nothing(example_html, example):
    page = html_for(example, with_alternatives=True)
    for text in (example_html, page):
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.IGNORECASE)
        assert "<script" not in text.lower()
        assert not re.search(r"<(link|img|iframe|object|embed)\b|@import|url\(", text, re.IGNORECASE)


def test_the_schedule_s_own_links_are_text_not_references(write_schedule, tmp_path):
    schedule = write_schedule(block(title="Read https://example.com/a?b=1&c=<2>"))
    agenda = tmp_path / "agenda.yaml"
    planner = Planner.open(agenda, ScheduleSource(str(schedule)))
    planner.pick("read")
    page = html_for(planner)
    found = re.findall(r".{0,20}https?://.{0,60}", page)
    assert found and all("https://example.com/a?b=1&amp;c=&lt;2&gt;" in hit for hit in found)


def test_view_and_export_write_the_same_page(runner, cli, tmp_path):
    agenda = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLE, agenda)
    viewed, exported = tmp_path / "view.html", tmp_path / "export.html"
    result = runner.invoke(cli, ["view", "--no-open", "-a", str(agenda), "-o", str(viewed)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(viewed)
    result = runner.invoke(cli, ["export", "--format", "html", "-a", str(agenda), "-o", str(exported)])
    assert result.exit_code == 0, result.output
    assert viewed.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_exporting_one_pick_says_one_pick(runner, cli, tmp_path):
    agenda, page = tmp_path / "agenda.yaml", tmp_path / "day.html"
    assert runner.invoke(cli, ["pick", "8q2qm", "-a", str(agenda)]).exit_code == 0
    result = runner.invoke(cli, ["export", "--format", "html", "-a", str(agenda), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert f"Wrote the day view (1 pick) to {page}" in result.output


def test_view_writes_a_temporary_file_by_default(runner, cli):
    result = runner.invoke(cli, ["view", "--no-open", "-a", str(EXAMPLE), "--with-alternatives"])
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    try:
        assert path.suffix == ".html" and path.is_file()
        assert 'class="alts"' in path.read_text(encoding="utf-8")
    finally:
        path.unlink()


def test_an_empty_agenda_gives_a_page_that_says_so(tmp_path):
    page = html_for(Planner.open(tmp_path / "none.yaml"))
    assert "no picks yet" in page


# -- in the browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> str:
    wanted = os.environ.get("PLANNER_CHROMIUM", "/usr/bin/chromium")
    found = shutil.which(wanted)
    if found is None and os.environ.get("PLANNER_REQUIRE_BROWSER"):
        pytest.fail(f"no Chromium at {wanted}, and PLANNER_REQUIRE_BROWSER is set (as CI sets it)")
    if found is None:
        pytest.skip(
            f"no Chromium at {wanted}: install Debian's chromium (apt-get install chromium) "
            "or set PLANNER_CHROMIUM to a Chromium binary"
        )
    return found


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Opened:
    """A page of the day view, open in the browser, with what happened while it loaded."""

    def __init__(self, browser, path: Path, artifacts: Path) -> None:
        self.path = path
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1000, "height": 1200})
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.screenshot(path=artifacts / f"{path.stem}.png", full_page=True)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def boxes(self, selector: str) -> list[dict]:
        return self.page.eval_on_selector_all(
            selector,
            """els => els.map(el => {
                const r = el.getBoundingClientRect();
                const s = getComputedStyle(el);
                return {
                    id: el.dataset.id, to: el.dataset.to, start: el.dataset.start,
                    building: el.dataset.building, classes: el.className,
                    top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
                    height: r.height, text: el.innerText,
                    opacity: parseFloat(s.opacity), color: s.color,
                    border: s.borderLeftColor, background: s.backgroundColor,
                    backgroundImage: s.backgroundImage,
                };
            })""",
        )

    def timeline(self) -> dict:
        return self.page.eval_on_selector(
            ".timeline",
            """el => ({top: el.getBoundingClientRect().top + scrollY,
                       ppm: parseFloat(el.dataset.pxPerMinute), origin: el.dataset.origin})""",
        )

    def pages_when_printed(self, paper: str) -> int:
        pdf = self.page.pdf(format=paper, print_background=True)
        (ARTIFACTS / f"{self.path.stem}-{paper}.pdf").write_bytes(pdf)
        return len(re.findall(rb"/Type\s*/Page\b", pdf))

    def overflowing(self, selector: str) -> list[dict]:
        """Boxes whose text does not fit: content taller or wider than the box, or
        a line of it poking out. (A line too long for its width ends in an ellipsis.)"""
        return self.page.eval_on_selector_all(
            selector,
            """els => els.map(el => {
                const box = el.getBoundingClientRect();
                const out = [...el.children].filter(child => {
                    const r = child.getBoundingClientRect();
                    return r.width > 0 && (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5
                        || r.left < box.left - 0.5 || r.right > box.right + 0.5);
                }).map(child => child.className);
                return {id: el.dataset.id || el.dataset.to || el.dataset.start, out,
                        tall: el.scrollHeight > el.clientHeight, wide: el.scrollWidth > el.clientWidth};
            }).filter(b => b.out.length || b.tall || b.wide)""",
        )


def rgb(css: str) -> tuple[int, ...]:
    return tuple(int(float(n)) for n in re.findall(r"[\d.]+", css)[:3])


def is_red(css: str) -> bool:
    r, g, b = rgb(css)
    return r >= 150 and g <= 80 and b <= 80


def minutes_from(origin: str, moment: str) -> float:
    return (dt.datetime.fromisoformat(moment) - dt.datetime.fromisoformat(origin)).total_seconds() / 60


@pytest.fixture(scope="module")
def day(example):
    return example.plan()


@pytest.fixture(scope="module")
def shown(browser, artifacts, example) -> Opened:
    return Opened(browser, write_view(example, artifacts / "kubecon-thursday.html"), artifacts)


@pytest.fixture(scope="module")
def shown_with_alternatives(browser, artifacts, example) -> Opened:
    path = write_view(example, artifacts / "kubecon-thursday-alternatives.html", with_alternatives=True)
    return Opened(browser, path, artifacts)


def test_one_block_per_pick(shown, day):
    blocks = shown.boxes(".pick")
    assert sorted(b["id"] for b in blocks) == sorted(e.pick.id for e in day.entries)
    assert all(b["text"].strip() for b in blocks)


def test_blocks_run_top_to_bottom_in_time_order(shown):
    blocks = sorted(shown.boxes(".pick"), key=lambda b: b["start"])
    timeline = shown.timeline()
    for earlier, later in itertools.pairwise(blocks):
        if later["start"] > earlier["start"]:
            assert later["top"] > earlier["top"], (earlier["id"], later["id"])
        else:
            assert later["top"] == pytest.approx(earlier["top"], abs=0.5)
    for b in blocks:
        expected = timeline["top"] + minutes_from(timeline["origin"], b["start"]) * timeline["ppm"]
        assert b["top"] == pytest.approx(expected, abs=1.5), b["id"]


def test_block_heights_are_proportional_to_duration(shown, day):
    ppm = shown.timeline()["ppm"]
    minutes = {e.pick.id: (e.item.end - e.item.start).total_seconds() / 60 for e in day.entries}
    for b in shown.boxes(".pick"):
        assert b["height"] == pytest.approx(minutes[b["id"]] * ppm, abs=1.5), b["id"]
    heights = {b["id"]: b["height"] for b in shown.boxes(".pick")}
    assert heights["bp4xy"] / heights["jjjee"] == pytest.approx(90 / 30, rel=0.03)  # lunch, coffee


def test_overlapping_picks_stand_side_by_side(shown, day):
    blocks = {b["id"]: b for b in shown.boxes(".pick")}
    pairs = [c.ids for c in day.conflicts if c.kind in ("overlap", "backup", "soft")]
    assert ("fvrvd", "qtqhf") in pairs
    for a, b in (sorted((blocks[x], blocks[y]), key=lambda box: box["left"]) for x, y in pairs):
        assert a["right"] <= b["left"] + 0.5, (a["id"], b["id"])


def test_blocks_in_hard_conflicts_are_red_and_no_others(shown, day):
    hard = {i for c in day.hard_conflicts for i in c.ids}
    clash = {i for c in day.hard_conflicts if c.kind == "overlap" for i in c.ids}
    assert clash == {"fvrvd", "qtqhf"} and {"8q2qm", "m54fx"} <= hard
    for b in shown.boxes(".pick"):
        assert is_red(b["border"]) == (b["id"] in hard), b
        assert (rgb(b["background"])[0] > rgb(b["background"])[2]) == (b["id"] in clash), b


def test_the_unreachable_walk_is_red_and_says_how_short(shown, day):
    unreachable = next(c for c in day.hard_conflicts if c.kind == "unreachable")
    walks = {w["to"]: w for w in shown.boxes(".walk")}
    marker = walks[unreachable.second.id]
    assert is_red(marker["color"]) and is_red(marker["border"])
    assert f"{unreachable.minutes} min short" in marker["text"]
    assert f"{unreachable.walk.minutes} min, B to C" in marker["text"]
    others = [w for w in walks.values() if w is not marker]
    assert others and not any(is_red(w["color"]) for w in others)


def test_every_walk_says_its_minutes_and_the_free_time(shown, day):
    walks = {w["to"]: w["text"] for w in shown.boxes(".walk")}
    assert set(walks) == {e.pick.id for e in day.entries if e.walk is not None}
    assert "same room" in walks["97tyz"] and "9 min free" in walks["97tyz"]
    assert "6 min, C L1 to L3" in walks["f85e2"] and "9 min free" in walks["f85e2"]
    assert "leave Lunch" in walks["fvrvd"]


def test_maybe_picks_are_lighter(shown, day):
    maybe = {e.pick.id for e in day.entries if not e.pick.must}
    assert maybe == {"mpb2z", "m8j0e"}
    for b in shown.boxes(".pick"):
        assert (b["opacity"] < 0.8) == (b["id"] in maybe), b


def test_drop_in_items_are_hatched(shown, day):
    drop_ins = {e.pick.id for e in day.entries if e.item.drop_in}
    assert drop_ins == {"jjjee", "bp4xy", "mpb2z"}  # coffee, lunch, a lounge talk
    for b in shown.boxes(".pick"):
        assert ("repeating-linear-gradient" in b["backgroundImage"]) == (b["id"] in drop_ins), b


def test_no_text_overflows_its_block(shown, shown_with_alternatives):
    for opened in (shown, shown_with_alternatives):
        for selector in (".pick", ".walk", ".alts"):
            assert opened.overflowing(selector) == [], (opened.path.name, selector)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_day_prints_on_one_page(shown, shown_with_alternatives, paper):
    assert shown.pages_when_printed(paper) == 1
    assert shown_with_alternatives.pages_when_printed(paper) == 1


def test_the_page_asks_for_nothing_over_the_network(shown, shown_with_alternatives):
    for opened in (shown, shown_with_alternatives):
        assert opened.requests == [opened.path.as_uri()]


def test_alternatives_are_faded_in_a_column_per_building(shown_with_alternatives, example):
    opened = shown_with_alternatives
    groups = opened.boxes(".alts")
    assert {g["building"] for g in groups} == {"B", "C"}
    lefts = {building: {round(g["left"]) for g in groups if g["building"] == building} for building in "BC"}
    assert all(len(x) == 1 for x in lefts.values())  # one column each
    picks = opened.boxes(".pick")
    assert max(p["right"] for p in picks) < min(lefts["B"]) < min(lefts["C"])
    assert all(g["opacity"] <= 0.6 for g in groups)
    # Each group lists the slot's other sessions in its building, or says how many it leaves out.
    picked = {p["id"] for p in picks}
    schedule = example.schedule
    listed = opened.page.eval_on_selector_all(
        ".alts",
        """els => els.map(el => ({start: el.dataset.start, building: el.dataset.building,
                                  more: parseInt(el.dataset.more),
                                  ids: [...el.querySelectorAll('.alt')].map(a => a.dataset.id)}))""",
    )
    for group in listed:
        expected = {
            s.id
            for s in schedule.sessions
            if s.start.isoformat() == group["start"]
            and s.location.building == group["building"]
            and s.id not in picked
            and not is_drop_in_type(s.type, DEFAULT_DROP_IN_TYPES)
        }
        assert set(group["ids"]) <= expected
        assert len(group["ids"]) + group["more"] == len(expected), group
    at_eleven = [g for g in listed if g["start"].startswith("2025-11-13T11:00")]
    assert {g["building"] for g in at_eleven} == {"B", "C"}
    assert "m8j0e" not in {i for g in at_eleven for i in g["ids"]}  # a pick is not an alternative


def test_five_minute_blocks_show_their_title_and_fit(browser, artifacts, tmp_path, schedule):
    keynotes = [s for s in schedule.sessions if s.type == "KEYNOTE SESSIONS"]
    assert any(s.minutes == 5 for s in keynotes)
    agenda = tmp_path / "keynotes.yaml"
    planner = Planner.open(agenda)
    planner.pick(
        [s.id for s in keynotes] + ["f85e2"]
    )  # Dragonfly at 15:15: the day runs to 15:45: a small scale
    opened = Opened(
        browser, write_view(planner, artifacts / "keynotes-and-five-minute-blocks.html"), artifacts
    )
    assert opened.timeline()["ppm"] < 2.5
    blocks = {b["id"]: b for b in opened.boxes(".pick")}
    for session in keynotes:
        assert session.title[:8] in blocks[session.id]["text"], session.title
    assert opened.overflowing(".pick") == []
    assert opened.pages_when_printed("Letter") == 1


def test_five_minute_talks_on_a_long_day_still_show_and_fit(browser, artifacts, write_schedule, tmp_path):
    schedule = write_schedule(
        block(title="Lightning talk: a very long title that cannot fit", time="9:00am EST - 9:05am EST"),
        block(title="Another lightning talk", time="9:05am EST - 9:10am EST"),
        block(title="Closing keynote", time="5:00pm EST - 5:30pm EST"),
    )
    agenda = tmp_path / "agenda.yaml"
    planner = Planner.open(agenda, ScheduleSource(str(schedule)))
    planner.pick(["lightning talk very", "another lightning", "closing"])
    opened = Opened(browser, write_view(planner, artifacts / "long-day.html"), artifacts)
    assert opened.timeline()["ppm"] < 1.8  # 09:00-17:30 on one page
    blocks = {b["text"].split()[1]: b for b in opened.boxes(".pick")}
    assert set(blocks) == {"Lightning", "Another", "Closing"}
    assert opened.overflowing(".pick") == []
    assert opened.pages_when_printed("Letter") == 1


def test_a_schedule_s_markup_shows_as_text(browser, artifacts, write_schedule, runner, cli, tmp_path):
    schedule = write_schedule(
        block(
            title=EVIL_TITLE,
            speakers="Bobby <b>Tables</b> (Drop & Co)",
            venue='Building B | Level 4 | B401-402 "><img src=x onerror=alert(2)>, Atlanta, GA, USA',
        ),
        block(title="Next 🚀 talk", time="11:45am EST - 12:15pm EST"),
    )
    agenda = tmp_path / "agenda.yaml"
    Planner.open(agenda, ScheduleSource(str(schedule))).pick(["alert", "next"])
    output = artifacts / "escaping.html"
    result = runner.invoke(
        cli, ["view", "--no-open", "-a", str(agenda), "-s", str(schedule), "-o", str(output)]
    )
    assert result.exit_code == 0, result.output
    text = output.read_text(encoding="utf-8")
    assert "<script>alert" not in text and "<img" not in text and "<b>Tables" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in text

    opened = Opened(browser, output, artifacts)
    assert opened.dialogs == []
    assert opened.page.eval_on_selector_all("script, img, b", "els => els.length") == 0
    titles = opened.page.eval_on_selector_all(".pick .title", "els => els.map(el => el.textContent)")
    assert any(EVIL_TITLE in title for title in titles)
    assert any("🚀" in title for title in titles)
    assert opened.page.title().startswith("Test Conf 2025")


def test_each_day_of_a_longer_conference_prints_on_its_own_page(browser, artifacts, write_schedule, tmp_path):
    schedule = write_schedule(
        block(title="Day one opening", time="9:00am EST - 9:30am EST"),
        block(title="Day one closing", time="5:00pm EST - 5:30pm EST"),
        "Friday, November 14, 2025#",
        block(title="Day two opening", time="9:00am EST - 9:30am EST"),
        block(title="Day two lunch talk", time="12:00pm EST - 12:30pm EST"),
    )
    agenda = tmp_path / "agenda.yaml"
    planner = Planner.open(agenda, ScheduleSource(str(schedule)))
    planner.pick(["day one opening", "day one closing", "day two opening", "lunch talk"])
    opened = Opened(browser, write_view(planner, artifacts / "two-days.html"), artifacts)
    days = opened.page.eval_on_selector_all(
        ".day", "els => els.map(el => [el.dataset.date, el.querySelectorAll('.pick').length])"
    )
    assert days == [["2025-11-13", 2], ["2025-11-14", 2]]
    assert opened.pages_when_printed("A4") == 2
    assert opened.pages_when_printed("Letter") == 2


def test_estimated_walks_are_said_once_per_page_and_still_print_on_one(
    browser, artifacts, write_schedule, tmp_path
):
    """A venue planner does not know: the caveat sits under the timeline, once, inside the
    page, and the day (09:00-17:30, the fullest timeline) still prints on one sheet."""
    from planner.venue_infer import CAVEAT

    schedule = write_schedule(
        block(title="Opening", time="9:00am EST - 9:30am EST", venue="Hall 8 | Room D"),
        block(title="Across the site", time="9:40am EST - 10:10am EST", venue="Hall 12 | Room A"),
        block(title="At the hotel", time="5:00pm EST - 5:30pm EST", venue="Hilton, 255 Courtland St NE"),
    )
    planner = Planner.open(tmp_path / "agenda.yaml", ScheduleSource(str(schedule)))
    planner.pick(["opening", "across the site", "at the hotel"])
    assert planner.venue.estimated
    opened = Opened(browser, write_view(planner, artifacts / "estimated-walks.html"), artifacts)
    (caveat,) = opened.boxes(".caveat")
    assert CAVEAT in caveat["text"]
    (day,) = opened.boxes(".day")
    timeline = opened.page.eval_on_selector(".timeline", "el => el.getBoundingClientRect().bottom + scrollY")
    assert timeline <= caveat["top"] and caveat["bottom"] <= day["bottom"]
    assert opened.overflowing(".day") == [] and opened.overflowing(".caveat") == []
    for paper in ("A4", "Letter"):
        assert opened.pages_when_printed(paper) == 1


def test_a_known_venue_s_day_view_has_no_caveat(shown):
    assert shown.boxes(".caveat") == []
