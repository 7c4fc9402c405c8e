"""The one Textual app of ``planner tui``: the day's sessions, their details, and one
key per change, each saved at once to the agenda file.

The app holds no state of its own: :class:`~planner.tui.board.Board` says what to
show, and the agenda file (re-read after every change, and when it changes on
disk) is the source of truth.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import webbrowser
from typing import ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import ContentSwitcher, DataTable, Input, Static

from ..agenda import Priority
from ..errors import PlannerError
from ..planning import Planner
from ..settings import from_environment
from ..wording import count
from .board import Board, Filters
from .collector import RestingCollector
from .details import DetailsPane, details
from .footer import KeysFooter
from .grid import SessionGrid
from .session_list import SessionList

# How often the agenda file is checked for a change made outside (another
# `planner pick`, an editor): often enough to feel live, rare enough to cost nothing.
WATCH_SECONDS = 0.5

# Suggest holds the GIL for the whole solve, and grows faster than the day: 0.06 s of CPU for a day of
# 700 sessions, 0.25 s for 2,000, 0.76 s for 4,000, about 9 s for 10,000 (bench/README.md). Past this
# many sessions in a day the UI says so instead of slowing every key.
SUGGEST_LIMIT = 2000

# Below this width the grid takes the whole width (the details pane hides while it shows).
NARROW = 110

# A day is solved once the keys have rested this long, the day opened on as a day switched to:
# flipping through days solves only the day stopped on, and the solve's thread never takes the
# GIL from the flips, nor from the frames Textual draws as the app starts (the footer's keys
# come after the first paint). On a day of 700 the solve and the search texts are 0.1 s of CPU:
# started at once, they were a third of the first paint.
SUGGEST_AFTER_SECONDS = 0.3


class PlannerApp(App):
    """``planner tui``: pick sessions with one key, over the agenda file."""

    CSS_PATH = "planner.tcss"
    TITLE = "planner"
    ENABLE_COMMAND_PALETTE = False
    # The list has the focus from the start: Textual's default ("*") gave it to the search box
    # first, and the list's focus then came after the first frame, which drew it again.
    AUTO_FOCUS = "#list"

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer shows the keys of every minute and fits 80 columns; ? lists them all.
        Binding("q", "quit", "Quit"),
        Binding("slash", "search", "Find"),
        Binding("escape", "clear", "Clear the search, then the filters", show=False),
        Binding("p", "pick('must')", "Must"),
        Binding("m", "pick('maybe')", "Maybe"),
        Binding("d", "drop", "Drop"),
        Binding("r", "rate", "Rate a talk that has begun (then 1-5)", show=False),
        Binding("u", "undo", "Undo"),
        Binding("g", "toggle_grid", "Grid"),
        Binding("left_square_bracket", "day(-1)", "Day before", show=False),
        Binding("right_square_bracket", "day(1)", "Day", key_display="[ ]"),
        Binding("f", "free", "Free"),
        Binding("t", "track", "Next track or type", show=False),
        Binding("b", "building", "Next building", show=False),
        Binding("o", "open_page", "The session's page", show=False),
        Binding("e", "export", "Export the calendar (.ics)", show=False),
        Binding("v", "view", "The day view (HTML)", show=False),
        Binding("question_mark", "keys", "Keys"),
    ]

    def __init__(
        self, planner: Planner, *, open_browser: bool | None = None, now: dt.datetime | None = None
    ) -> None:
        super().__init__()
        self.planner = planner
        self.board = Board(planner, now=now)
        self.open_browser = open_browser
        self.message = ""
        self._marks: dict = {}
        self._suggest_timer: Timer | None = None
        # The day shown waits for the keys to rest to be solved (the day opened on: from the start).
        self._suggest_due = True
        # What the details pane shows: (session ID, mark, the must picks before and after).
        self._details_of: tuple | None = None
        # The pick waiting for its stars after `r` (the next key, 1-5, rates it).
        self._rating: str | None = None
        self.collector = RestingCollector()
        # The terminal says (COLORFGBG) that its background is light.
        if from_environment().light_terminal:
            self.theme = "textual-light"

    # -- keys ----------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.saw_input()
        # Textual hands a key to the focused widget's queue and handles it later; keys typed
        # ahead of a focus change (/ then letters, Enter then p) then land in the wrong place.
        # Each key is handled here, in the order typed, before the next one is looked at.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self.focused is not None
            and await self._handle_in_order(event)
        ):
            return
        await super().on_event(event)

    async def _handle_in_order(self, event: events.Key) -> bool:
        """Run the key's binding now (the focused widget's, then up to the app's); in the search
        box, Enter submits and a printable key is typed into it, at once."""
        if self._rating is not None:
            await self._rate_with(event.key)
            return True
        search = self._search_box()
        if search is not None and self.focused is search:
            if event.key == "enter":
                self.submit_search()
                return True
            if await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key):
                self._set_search(search.value)
                return True
            if event.is_printable and event.character:
                search.insert_text_at_cursor(event.character)
                self._set_search(search.value)
                return True
            return False
        if await self._check_bindings(event.key, priority=True) or await self._check_bindings(event.key):
            # The details follow the highlight in the same frame as the list's rows (through the
            # list's message they came a frame later: the screen was composited twice per key).
            self.show_details()
            return True
        return False

    def _search_box(self) -> Input | None:
        try:
            return self.query_one("#search", Input)
        except NoMatches:
            return None

    # -- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # markup=False: names, titles and messages come from files and are shown as text.
        yield Static(id="top", markup=False)
        yield Input(
            placeholder="search title, speakers, description (Enter: first match, Esc: clear)", id="search"
        )
        with Horizontal(id="main"):
            # The grid (a DataTable) is made the first time `g` asks for it: its start was part of
            # every first paint, and most days are read as a list.
            with ContentSwitcher(initial="list", id="views"):
                yield SessionList(id="list")
            yield DetailsPane(id="details")
        yield Static(self.keys_text(), id="keys", markup=False)
        yield Static(id="status", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_views()
        self.set_interval(WATCH_SECONDS, self.check_file)
        # After the first paint: suggest's thread would otherwise hold the GIL while the screen is drawn.
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        # What lives as long as the app out of the cyclic collector; its full passes when keys rest.
        self.collector.start()
        self.set_interval(WATCH_SECONDS, self.collector.collect_at_rest)
        self.suggest_at_rest()

    def on_unmount(self) -> None:
        self.collector.stop()

    @property
    def session_list(self) -> SessionList:
        return self.query_one(SessionList)

    @property
    def grid(self) -> SessionGrid:
        return self.query_one(SessionGrid)

    @property
    def grid_shown(self) -> bool:
        return self.query_one(ContentSwitcher).current == "grid"

    @property
    def current_id(self) -> str | None:
        """The highlighted session's ID, in whichever view is shown."""
        return self.grid.current_id if self.grid_shown else self.session_list.current_id

    # -- drawing -------------------------------------------------------------------

    def refresh_views(self, keep: str | None = None) -> None:
        """Redraw the list or grid, the bars and the details from the board."""
        keep = keep or self.current_id
        slots = self.board.slots()
        marks = self._marks = self.board.marks()
        if self.grid_shown:
            self.grid.show(slots, marks, keep)
        else:
            self.session_list.show(slots, marks, keep)
        self.refresh_bars(slots)
        self.show_details()

    def refresh_bars(self, slots=None) -> None:
        board = self.board
        slots = slots if slots is not None else board.slots()
        picks = len(board.agenda.picks)
        hard = len(board.plan.hard_conflicts) if board.plan else 0
        name = board.planner.schedule.name or "schedule"
        # What changes first, so a narrow terminal cuts the conference name, not the counts.
        top = f"{picks} pick{'s' if picks != 1 else ''}"
        if hard:
            top += f" · ✗ {hard} conflict{'s' if hard != 1 else ''}"
        top += f" · {board.day_label()} · {name}"
        # layout=False: the bars are one line high whatever they say; a layout redraws the screen.
        self.query_one("#top", Static).update(top, layout=False)
        status = self.query_one("#status", Static)
        if board.error:
            status.update(f"✗ {board.error}", layout=False)
            status.add_class("error")
            return
        status.remove_class("error")
        shown = sum(len(s.sessions) for s in slots)
        parts = [board.planner.file.path.name]
        if board.filters.active:
            parts.append(f"{shown} shown ({board.filters.describe()})")
            elsewhere = board.matches_elsewhere()
            if elsewhere:
                parts.append(f"{elsewhere} more on other days ([ ])")
        else:
            parts.append(f"{shown} sessions")
        note = board.suggest_notes.get(board.day)
        if note and not board.suggested.get(board.day):
            parts.append(note)
        if self.message:
            parts.append(self.message)
        status.update(" · ".join(parts), layout=False)

    def show_details(self) -> None:
        try:
            pane = self.query_one(DetailsPane)
        except NoMatches:  # the app is closing: the pane is gone
            return
        session_id = self.current_id
        session = self.board.planner.schedule.get(session_id) if session_id else None
        if session is None:
            self._details_of = None
            pane.show("No session here." if self.board.filters.active else "Nothing highlighted.")
            return
        before, after = self.board.neighbours(session)
        mark = self._marks.get(session.id)
        # A redraw of the views moves the highlight, which asks for the details again: once is enough.
        shown = (session.id, mark, before, after)
        if shown == self._details_of:
            return
        self._details_of = shown
        pane.show(details(session, mark, before, after))

    def say(self, message: str) -> None:
        self.message = message
        self.refresh_bars()

    @on(SessionList.Highlighted)
    @on(DataTable.CellHighlighted)
    def _highlighted(self) -> None:
        self.show_details()

    # -- the file ------------------------------------------------------------------

    def check_file(self) -> None:
        """Pick up a change made outside: re-read the agenda and redraw."""
        if not self.board.changed_on_disk():
            return
        self.board.reload()
        self.message = f"{self.board.planner.file.path.name} changed on disk; reloaded"
        self.after_change()

    def after_change(self) -> None:
        self.board.suggested.clear()
        self.board.suggest_notes.clear()
        self.refresh_views()
        self._stop_suggest_timer()  # solved now: not again when the keys rest
        self.start_suggestions()

    @property
    def suggestions_due(self) -> bool:
        """The day shown waits for the keys to rest to be solved."""
        return self._suggest_due

    def suggest_at_rest(self) -> None:
        """Solve the day shown once the keys have rested :data:`SUGGEST_AFTER_SECONDS` (any key
        starts the wait again)."""
        self._stop_suggest_timer()
        self._suggest_due = True
        self._suggest_timer = self.set_timer(SUGGEST_AFTER_SECONDS, self._rested)

    def _rested(self) -> None:
        # Keys (or the mouse) came meanwhile: the solve waits until they have rested, not to land on one.
        quiet = time.monotonic() - self.collector.input_at
        if quiet < SUGGEST_AFTER_SECONDS:
            self._suggest_timer = self.set_timer(SUGGEST_AFTER_SECONDS - quiet, self._rested)
            return
        self._suggest_timer = None
        self._suggest_due = False
        self.start_suggestions()

    def _stop_suggest_timer(self) -> None:
        self._suggest_due = False
        if self._suggest_timer is not None:
            self._suggest_timer.stop()
            self._suggest_timer = None

    def start_suggestions(self) -> None:
        """What suggest would put in the empty slots of the day, in a thread after the
        list is drawn; on a day too big to solve without slowing the keys, a note instead.
        A day already solved for the agenda as it is (a change clears them all) is not solved again."""
        if self.board.day in self.board.suggested:
            return
        size = self.board.day_size()
        if size > SUGGEST_LIMIT:
            self.board.suggest_notes[self.board.day] = (
                f"no suggestions on a day of {size:,} sessions (over {SUGGEST_LIMIT:,}): "
                "planner suggest makes them"
            )
            self.board.suggested[self.board.day] = frozenset()
            self.refresh_bars()
            return
        self._suggest_in_thread()

    @work(thread=True, exclusive=True, group="suggest")
    def _suggest_in_thread(self) -> None:
        day = self.board.day
        ids = self.board.compute_suggestions(day)
        self.call_from_thread(self._suggestions_ready, day, ids)
        self.board.fold_for_search(day)

    def _suggestions_ready(self, day, ids) -> None:
        self.board.suggested[day] = ids
        if self.is_running and self._search_box() is not None:
            self.refresh_views()

    # -- actions -------------------------------------------------------------------

    async def _change(self, make) -> None:
        """Save a change off the main loop, so the screen (already showing it) is drawn while
        the file is written; the next key waits for the save (keys stay in order)."""
        self.refresh_views()
        try:
            self.message = await asyncio.to_thread(make)
        except PlannerError as exc:
            self.message = f"✗ {exc}"
            self.board.reload()
        self.after_change()

    async def action_pick(self, priority: Priority) -> None:
        session_id = self.current_id
        if session_id is None:
            self.say("no session highlighted")
            return
        self.board.expect(session_id, priority)
        self.message = f"saving {session_id}…"
        await self._change(lambda: self.board.pick(session_id, priority))

    async def action_drop(self) -> None:
        session_id = self.current_id
        if session_id is None:
            self.say("no session highlighted")
            return
        self.board.expect(session_id, None)
        await self._change(lambda: self.board.drop(session_id))

    def action_rate(self) -> None:
        """``r`` then 1-5: rate the highlighted pick once it has begun (marks it attended)."""
        if self.current_id is None:
            self.say("no session highlighted")
            return
        self._rating = self.current_id
        self.say(f"rate {self.current_id}: press 1-5 for stars, any other key to cancel")

    async def _rate_with(self, key: str) -> None:
        from ..diary import STARS, rate

        session_id, self._rating = self._rating, None
        if session_id is None or not key.isdigit() or int(key) not in STARS:
            self.say("rating cancelled")
            return
        stars = int(key)
        now = self.board.now

        def make() -> str:
            pick = rate(self.planner, session_id, stars, now=now)
            self.board.reload()
            return f"rated {pick.id} {'★' * stars}{'☆' * (5 - stars)}; marked attended"

        await self._change(make)

    async def action_undo(self) -> None:
        await self._change(self.board.undo)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("shown")
        # At once, not after a refresh (as focus() does): keys typed right after / go to the box.
        self.screen.set_focus(search)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_search(event.value)

    def _set_search(self, value: str) -> None:
        if value == self.board.filters.search:
            return
        self.board.filters = Filters(**{**self.board.filters.__dict__, "search": value})
        self.refresh_views()

    def submit_search(self) -> None:
        """Enter: to the first match, with the search kept as the filter."""
        search = self._search_box()
        if search is not None:
            self._set_search(search.value)
        view = self.grid if self.grid_shown else self.session_list
        first = next((s.id for slot in self.board.slots() for s in slot.sessions), None)
        self.screen.set_focus(view)
        if first is None:
            self.say("no session matches")
            return
        if self.grid_shown:
            self.grid.highlight(first)
        else:
            self.session_list.highlight(first)
        self.show_details()

    def action_clear(self) -> None:
        """Esc: clear the search (and hide its box), then the other filters."""
        search = self.query_one("#search", Input)
        filters = self.board.filters
        if filters.search or search.has_class("shown"):
            self.board.filters = Filters(**{**filters.__dict__, "search": ""})
            search.value = ""
            search.remove_class("shown")
        else:
            self.board.filters = Filters()
        self.screen.set_focus(self.grid if self.grid_shown else self.session_list)
        self.message = ""
        self.refresh_views()

    def _filter(self, **changes) -> None:
        self.board.filters = Filters(**{**self.board.filters.__dict__, **changes})
        self.message = ""
        self.refresh_views()

    def action_track(self) -> None:
        self._filter(track=self.board.next_choice(self.board.filters.track, self.board.tracks()))

    def action_building(self) -> None:
        self._filter(building=self.board.next_choice(self.board.filters.building, self.board.buildings()))

    def action_free(self) -> None:
        self._filter(free_only=not self.board.filters.free_only)

    async def action_toggle_grid(self) -> None:
        keep = self.current_id
        switcher = self.query_one(ContentSwitcher)
        if not self.grid_shown and not switcher.query(SessionGrid):
            await switcher.mount(SessionGrid(id="grid"))
        switcher.current = "list" if self.grid_shown else "grid"
        self._fit_width()
        self.refresh_views(keep)
        self.screen.set_focus(self.grid if self.grid_shown else self.session_list)

    def action_day(self, step: int) -> None:
        if self.board.shift_day(step):
            self.message = ""
            self.refresh_views()
            self.suggest_at_rest()
        else:
            self.say("no other day that way" if len(self.board.days) > 1 else "the schedule has one day")

    def action_export(self) -> None:
        """The calendar, through the same call as ``planner export``."""
        from ..export.service import export_agenda

        try:
            outcome = export_agenda(self.planner)
        except PlannerError as exc:
            self.say(f"✗ {exc}")
            return
        # The export records what it wrote in the agenda file: that is our change, not news.
        self.board.reload()
        self.say(f"exported {count(outcome.rendered.events, 'event')} to {outcome.path}")

    def action_keys(self) -> None:
        """?: every key, in a panel beside the list (again: hide it)."""
        self.query_one("#keys", Static).toggle_class("shown")

    def keys_text(self) -> str:
        lines = ["Keys", "", "↑ ↓ PgUp PgDn  move", "← →  rooms (grid)"]
        for binding in self.BINDINGS:
            if not isinstance(binding, Binding):  # all of ours are
                continue
            key = binding.key_display or self.get_key_display(binding)
            description = binding.description
            if binding.key == "right_square_bracket":
                # The footer shows "[ ] Day" for both; the panel names each key alone.
                key, description = "]", "Day after"
            lines.append(f"{key:<6} {description}")
        return "\n".join(lines)

    def _fit_width(self) -> None:
        """On a narrow terminal the grid takes the whole width: more rooms, scrolled with ← →."""
        narrow_grid = self.grid_shown and self.size.width < NARROW
        self.query_one(DetailsPane).display = not narrow_grid

    def on_resize(self) -> None:
        self._fit_width()

    def _may_open_browser(self) -> bool:
        # Without a display a console browser would take over this very terminal.
        return self.open_browser if self.open_browser is not None else from_environment().has_display

    def action_open_page(self) -> None:
        """The highlighted session's page on the schedule's site, in a browser when there is one."""
        session = self.planner.schedule.get(self.current_id) if self.current_id else None
        if session is None or not session.url:
            self.say("no page for this session")
            return
        if self._may_open_browser() and webbrowser.open(session.url):
            self.say(f"opened {session.url}")
        else:
            self.say(f"page: {session.url}")

    def action_view(self) -> None:
        """The day view: written as HTML, opened in a browser when there is one."""
        from ..export.service import write_view

        try:
            path = write_view(self.planner, day=self.board.plan)
        except PlannerError as exc:
            self.say(f"✗ {exc}")
            return
        if self._may_open_browser() and webbrowser.open(path.resolve().as_uri()):
            self.say(f"day view opened: {path}")
        else:
            self.say(f"day view written: {path}")
